"""The organisation's quarter, run as the batch role: each manager's contracts, team view and
index in ``out/<role>/<quarter>/``, and the organisation view for HR in
``out/<quarter>-organisation.html``.

Two parts meet here, each a function of its own: each manager's quarter (:func:`_read_team`
renders the contracts, :func:`_managers` the team views and the index) and HR's figures
(``organisation_view.figures_of``, from team-level data only). Today both read one snapshot of
each team, and HR's figures reuse the team views' own.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import sqlalchemy as sa

from careernb.documents import organisation_view, team_view
from careernb.documents.organisation_view import ManagerFigures
from careernb.domain.cadence import quarter_bounds
from careernb.domain.people import Person
from careernb.follow_through import figures
from careernb.home import DATABASE_TABLES
from careernb.ownership.exports import private_file
from careernb.ownership.sharing import team_frames
from careernb.quarter.contracts import render_contracts
from careernb.quarter.plan import QuarterPlan, plan_quarter, quarter_and_today
from careernb.quarter.results import QuarterResult, ReportContract, TeamQuarter
from careernb.quarter.teams import with_own_index, write_teams
from careernb.store import Store
from careernb.store.snapshot import Snapshot
from careernb.store.sql import SqlStore, engine_for
from careernb.store.sql_schema import MANAGERS_TABLE, SCHEMA

T = TypeVar("T")


def run(
    url: str, out: Path, quarter: str | None = None, *, today: dt.date | None = None, jobs: int = 1
) -> QuarterResult:
    """Render the quarter for every manager into ``out/<role>/<quarter>/`` and the organisation
    view into ``out/<quarter>-organisation.html``; ``jobs`` processes share the managers."""
    quarter, today = quarter_and_today(quarter, today)
    out = Path(out)
    roles = _roles(url)
    shares = [roles[i::jobs] for i in range(jobs)] if jobs > 1 and len(roles) > 1 else [roles]
    if len(shares) == 1:
        teams, rows = _managers(url, out, quarter, today, roles)
    else:
        with concurrent.futures.ProcessPoolExecutor(max_workers=len(shares)) as pool:
            parts = list(
                pool.map(_managers, *zip(*[(url, out, quarter, today, s) for s in shares], strict=True))
            )
        teams = sorted((t for part, _ in parts for t in part), key=lambda t: roles.index(t.key))
        rows = [row for _, part in parts for row in part]  # the view orders them by name
    as_of = min(today, quarter_bounds(quarter)[1])
    view = private_file(out / f"{quarter}-organisation.html", organisation_view.render(rows, quarter, as_of))
    return QuarterResult(quarter, out, {t.key: t for t in teams}, view=view)


def _roles(url: str) -> list[str]:
    """Every manager's database role, in order."""
    engine = engine_for(url)
    try:
        with engine.connect() as conn:
            query = sa.text(f"SELECT role FROM {SCHEMA}.{MANAGERS_TABLE} ORDER BY role")
            return list(conn.execute(query).scalars())
    finally:
        engine.dispose()  # before any worker starts: connections are never shared across processes


@dataclasses.dataclass(frozen=True)
class _TeamRead:
    """One manager's team read once, its contracts written; its team view waits for the figures
    of every team in this process, and HR's row for its team view's."""

    role: str
    plan: QuarterPlan
    reports: list[ReportContract]
    frames: figures.Frames
    name: str
    """The manager as HR knows them."""
    practice: dict[str, int | None]
    """The five failures, as team-level records show them."""

    @property
    def manager(self) -> Person:
        (manager,) = self.plan.managers
        return manager

    @property
    def team(self) -> list[str]:
        return [p.person_id for p in self.plan.reports]


def _read_team(store: Store, role: str, out: Path, quarter: str, today: dt.date) -> _TeamRead | None:
    """A manager's team, each table read once: the contracts, the frames and HR's counts share it."""
    snapshot = Snapshot(store)
    if len(snapshot.person_ids()) <= 1:  # a manager with no report yet
        return None
    plan = plan_quarter(snapshot, quarter, manager_id=snapshot.scope.manager_id, out=out / role, today=today)
    (manager,) = plan.managers
    team: list[str] = [p.person_id for p in plan.reports]
    return _TeamRead(
        role,
        plan,
        render_contracts(plan),
        team_frames(snapshot, team, figures.NEEDS),
        organisation_view.name_of(snapshot, manager),
        organisation_view.failures_of(snapshot, team, plan.as_of),
    )


def _managers(
    url: str, out: Path, quarter: str, today: dt.date, roles: list[str]
) -> tuple[list[TeamQuarter], list[ManagerFigures]]:
    """Some managers' quarters and HR's rows for them, on one engine of this process's own.

    Contracts render manager by manager; the team views' figures are computed once over all
    these teams, as a data home's quarter does."""
    engine = engine_for(url)
    try:
        read = [
            _read_team(SqlStore(engine, DATABASE_TABLES, writer=role), role, out, quarter, today)
            for role in roles
        ]
    finally:
        engine.dispose()
    started = [t for t in read if t is not None]
    if not started:
        return [], []
    frames = {kind: pd.concat([t.frames[kind] for t in started], ignore_index=True) for kind in figures.NEEDS}
    shown = _team_views(frames, {t.role: t.team for t in started}, quarter, started[0].plan.as_of)
    teams, rows = [], []
    for t in started:
        data = shown[t.role]
        if isinstance(data, Exception):
            html: str | Exception = data
        else:
            html = _or_error(team_view.document, data, t.manager)
            rows.append(organisation_view.figures_of(t.name, t.frames, t.team, data, t.practice))
        (team,) = write_teams(t.plan, t.reports, {t.manager.person_id: html}, role=t.role)
        teams.append(with_own_index(t.plan, team))
    return teams, rows


def _team_views(
    frames: figures.Frames, teams: dict[str, list[str]], quarter: str, as_of: dt.date
) -> dict[str, dict[str, Any] | Exception]:
    """Every team's view data at once; when that fails, team by team, so only the bad team fails."""
    try:
        return team_view.contexts(frames, teams, quarter, as_of)
    except Exception:
        return {
            key: _or_error(team_view.context, frames, team, quarter, as_of) for key, team in teams.items()
        }


def _or_error(make: Callable[..., T], *args: Any) -> T | Exception:
    try:
        return make(*args)
    except Exception as exc:  # one team's failure must not stop the others
        return exc
