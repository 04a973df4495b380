"""The quarter: every report's current contract, each manager's team view, the index, and for
an organisation the view HR reads.

Above the documents (which render each page) and the organisation: :mod:`plan` decides who and
where, :mod:`contracts` renders the contracts, :mod:`teams` writes the team views and the index.
Three quarters run on them: :mod:`data_home` (a data home's), :mod:`manager` (a manager's own on
the organisation's database, as their role, which publishes their team's practice figures
through :mod:`published`) and :mod:`organisation` (the batch role's: the organisation view, from
the published figures alone); :mod:`run` picks one wherever the data is. :mod:`results` holds
what they wrote, a :class:`TeamQuarter` per team and a :class:`QuarterResult` for the whole. A
document that fails is a :class:`NotRenderedError` carrying the person, the manager and the
cause; the others render.
"""

from careernb.quarter.data_home import run_quarter
from careernb.quarter.failures import (
    ContractNotRenderedError,
    NotRenderedError,
    TeamViewNotRenderedError,
    WorkerError,
)
from careernb.quarter.plan import QuarterPlan, plan_quarter
from careernb.quarter.progress import Progress, progress_to_file, read_progress
from careernb.quarter.results import (
    Publication,
    QuarterResult,
    ReportContract,
    TeamQuarter,
    published_line,
    summary,
)
from careernb.quarter.run import OneManagerError, published_for, run_anywhere, run_store

__all__ = [
    "ContractNotRenderedError",
    "NotRenderedError",
    "OneManagerError",
    "Progress",
    "Publication",
    "QuarterPlan",
    "QuarterResult",
    "ReportContract",
    "TeamQuarter",
    "TeamViewNotRenderedError",
    "WorkerError",
    "plan_quarter",
    "progress_to_file",
    "published_for",
    "published_line",
    "read_progress",
    "run_anywhere",
    "run_quarter",
    "run_store",
    "summary",
]
