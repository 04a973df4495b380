"""A manager's own quarter on the organisation's database, run as their own role: their reports'
contracts and their team view rendered into their own owner-only folder, and their team's
practice figures published for the organisation.

The figures are computed here, in the manager's process, by the same functions as the team view
(``organisation_view.figures_of`` over the team view's own data), and only the counts leave: the
database keeps one row per manager and quarter, replaced on each run.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from careernb.documents import organisation_view, team_view
from careernb.documents.organisation_view import PracticeFigures
from careernb.ownership.exports import reports_folder
from careernb.ownership.sharing import team_frames
from careernb.quarter import published
from careernb.quarter.contracts import RenderContract, render_contracts
from careernb.quarter.plan import DataHome, plan_quarter
from careernb.quarter.progress import Progress
from careernb.quarter.results import Publication, QuarterResult
from careernb.quarter.teams import write_index, write_teams
from careernb.store.snapshot import Snapshot

if TYPE_CHECKING:
    from careernb.store.sql import SqlStore


def run_managers_quarter(
    store: SqlStore,
    quarter: str | None = None,
    *,
    out: DataHome | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
    render_contract: RenderContract | None = None,
) -> QuarterResult:
    """The quarter of the manager the store acts for, into ``out/<quarter>/`` (default: the
    ``careernb-reports`` folder of their own home), their figures published when their team view
    rendered (``result.publication``)."""
    snapshot = Snapshot(store)  # each table read once: contracts, team view and figures share it
    plan = plan_quarter(
        snapshot,
        quarter,
        manager_id=store.scope.manager_id,
        out=out if out is not None else reports_folder(store),
        today=today,
    )
    reports = render_contracts(plan, progress=progress, render_contract=render_contract)
    (manager,) = plan.managers
    team = [p.person_id for p in plan.reports]
    practice: PracticeFigures | None = None
    try:
        frames = team_frames(snapshot, team, organisation_view.NEEDS)
        data = team_view.context(frames, team, plan.quarter, plan.as_of)
        html: str | Exception = team_view.document(data, manager)
        failures = organisation_view.failures_of(snapshot, team, plan.as_of)
        practice = organisation_view.figures_of(plan.quarter, plan.as_of, frames, team, data, failures)
    except Exception as exc:  # the contracts are written; the index says what is missing
        html = exc
    (written,) = write_teams(plan, reports, {manager.person_id: html}, role=store.scope.writer)
    index = write_index(plan.folder, plan.quarter, plan.today, [written])
    publication = None
    if practice is not None:
        when, kept = published.publish(store.engine, practice)
        held = published.own(store.engine, plan.quarter).figures if kept else practice
        if held is not None:
            publication = Publication(held, when, published.min_group_size(store.engine), kept=kept)
    return QuarterResult(plan.quarter, plan.folder, {written.key: written}, index, publication=publication)
