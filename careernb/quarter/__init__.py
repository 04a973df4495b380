"""The quarter: every report's current contract, each manager's team view, the index, and for
an organisation the view HR reads, rendered in one batch.

Above the documents (which render each page) and the organisation (whose database it reads as
the batch role): :mod:`plan` decides who and where, :mod:`contracts` renders the contracts,
:mod:`teams` writes the team views and the index, :mod:`data_home` and :mod:`organisation` run a
data home's quarter and the organisation's, and :mod:`results` holds what they wrote, a
:class:`TeamQuarter` per team and a :class:`QuarterResult` for the whole. A document that fails
is a :class:`NotRenderedError` carrying the person, the manager and the cause; the others render.
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
from careernb.quarter.results import QuarterResult, ReportContract, TeamQuarter, summary
from careernb.quarter.run import run_anywhere

__all__ = [
    "ContractNotRenderedError",
    "NotRenderedError",
    "Progress",
    "QuarterPlan",
    "QuarterResult",
    "ReportContract",
    "TeamQuarter",
    "TeamViewNotRenderedError",
    "WorkerError",
    "plan_quarter",
    "progress_to_file",
    "read_progress",
    "run_anywhere",
    "run_quarter",
    "summary",
]
