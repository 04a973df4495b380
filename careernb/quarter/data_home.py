"""A data home's quarter in one run: every report's current contract, each manager's team view,
and one index of them all, in ``<out>/<quarter>/``.

``reports/quarterly.ipynb`` calls :func:`run_quarter` (through ``run_anywhere``), so a scheduler
that runs papermill runs the same batch as ``careernb quarterly``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from careernb.documents import team_view
from careernb.ownership.exports import register
from careernb.quarter.contracts import RenderContract, render_contracts
from careernb.quarter.plan import DataHome, plan_quarter
from careernb.quarter.progress import Progress
from careernb.quarter.results import CONTRACTS, QuarterResult
from careernb.quarter.teams import write_index, write_teams
from careernb.store import Store


def run_quarter(
    source: Store | DataHome,
    quarter: str | None = None,
    *,
    manager_id: str | None = None,
    out: DataHome | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    today: dt.date | None = None,
    render_contract: RenderContract | None = None,
) -> QuarterResult:
    """Render the quarter of a store, or of the data home at a folder, into ``out/<quarter>/``
    (default: the data home's reports folder); ``jobs`` processes share the contracts."""
    plan = plan_quarter(source, quarter, manager_id=manager_id, out=out, today=today)
    reports = render_contracts(plan, jobs=jobs, progress=progress, render_contract=render_contract)
    views = team_view.render_all(plan.store, plan.quarter, plan.managers, plan.as_of)
    teams = write_teams(plan, reports, views)
    index = write_index(plan.folder, plan.quarter, plan.today, teams)
    return QuarterResult(plan.quarter, plan.folder, {t.key: t for t in teams}, index)


def _contract_owner(path: Path) -> str | None:
    """contracts/<person_id>.html is that person's; everything else is the manager's."""
    return path.stem if path.parent.name == CONTRACTS else None


@register("quarterly", per_person=False, shared_with=_contract_owner)
def export_quarter(store: Store, person_id: str | None, out: Path) -> list[Path]:
    return run_quarter(store, out=out).files()
