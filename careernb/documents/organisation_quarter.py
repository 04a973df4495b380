"""The organisation's quarter, run as the batch role: every manager's contracts and team view,
and the organisation view for HR."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as dt
import os
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa

from careernb.documents import organisation_view, team_view
from careernb.documents.quarterly import (
    QuarterPlan,
    QuarterResult,
    Rendered,
    finish_quarter,
    plan_quarter,
    render_contracts,
    run_quarter,
)
from careernb.domain.cadence import quarter_bounds, quarter_of
from careernb.domain.people import Person
from careernb.errors import CareernbError
from careernb.follow_through import figures
from careernb.home import TABLES, is_database, resolve_home, resolve_store
from careernb.ownership.exports import private_file
from careernb.ownership.sharing import team_frames
from careernb.store.snapshot import Snapshot
from careernb.store.sql import SqlStore, engine_for
from careernb.store.sql_schema import MANAGERS_TABLE, SCHEMA

Done = tuple[str, QuarterResult, "organisation_view.ManagerFigures | None"]


@dataclasses.dataclass(frozen=True)
class OrganisationQuarter:
    """Every manager's quarter (by database role) and the organisation view; read like one
    data home's :class:`QuarterResult` (contracts, team views, failures, folder)."""

    quarter: str
    view: Path
    managers: dict[str, QuarterResult]

    @property
    def folder(self) -> Path:
        return self.view.parent

    @property
    def contracts(self) -> list[Rendered]:
        return [r for m in self.managers.values() for r in m.contracts]

    @property
    def team_views(self) -> list[Path]:
        return [p for m in self.managers.values() for p in m.team_views]

    @property
    def failures(self) -> list[Rendered]:
        return [r for m in self.managers.values() for r in m.failures]

    @property
    def ok(self) -> bool:
        return not self.failures


def run_anywhere(
    home: str | os.PathLike[str] | None = None,
    quarter: str | None = None,
    *,
    out: str | os.PathLike[str] | None = None,
    today: dt.date | None = None,
    jobs: int = 1,
    **data_home: Any,
) -> QuarterResult | OrganisationQuarter:
    """The quarter wherever the data is: a database URL (``home`` or ``$CAREERNB_STORE``) runs
    every manager's quarter as the batch role; otherwise the data home's quarter, where
    ``data_home`` may add :func:`run_quarter`'s other options (one manager, progress)."""
    location = resolve_store(str(home) if is_database(home) else None, None if is_database(home) else home)
    if not is_database(location):
        return run_quarter(resolve_home(home), quarter, out=out, today=today, jobs=jobs, **data_home)
    if any(v is not None for v in data_home.values()):
        raise CareernbError(
            f"the organisation's quarter runs for every manager: leave out {', '.join(data_home)}"
        )
    if out is None:
        raise CareernbError(
            "the organisation's quarter needs a folder to write to (out): a database has none"
        )
    return run(location, Path(out), quarter, today=today, jobs=jobs)


def run(
    url: str, out: Path, quarter: str | None = None, *, today: dt.date | None = None, jobs: int = 1
) -> OrganisationQuarter:
    """Render the quarter for every manager into ``out/<role>/<quarter>/`` and the organisation
    view into ``out/<quarter>-organisation.html``; ``jobs`` processes share the managers."""
    today = today or dt.date.today()
    quarter = quarter or quarter_of(today)
    quarter_bounds(quarter)
    out = Path(out)
    engine = engine_for(url)
    try:
        with engine.connect() as conn:
            roles = list(
                conn.execute(sa.text(f"SELECT role FROM {SCHEMA}.{MANAGERS_TABLE} ORDER BY role")).scalars()
            )
    finally:
        engine.dispose()  # before any worker starts: connections are never shared across processes
    shares = [roles[i::jobs] for i in range(jobs)] if jobs > 1 and len(roles) > 1 else [roles]
    if len(shares) == 1:
        done = _managers(url, out, quarter, today, roles)
    else:
        with concurrent.futures.ProcessPoolExecutor(max_workers=len(shares)) as pool:
            parts = pool.map(_managers, *zip(*[(url, out, quarter, today, s) for s in shares], strict=True))
            done = sorted((d for part in parts for d in part), key=lambda d: roles.index(d[0]))
    view = private_file(
        out / f"{quarter}-organisation.html",
        organisation_view.render(
            [f for _, _, f in done if f is not None], quarter, min(today, quarter_bounds(quarter)[1])
        ),
    )
    return OrganisationQuarter(quarter, view, {role: result for role, result, _ in done})


@dataclasses.dataclass(frozen=True)
class _Team:
    """One manager's quarter, its contracts written, waiting for the team views' figures."""

    role: str
    plan: QuarterPlan
    contracts: list
    manager: Person
    team: list[str]
    frames: dict
    name: str
    failures: dict


def _managers(url: str, out: Path, quarter: str, today: dt.date, roles: list[str]) -> list[Done]:
    """Some managers' quarters and figures, on one engine of this process's own.

    Contracts render manager by manager, from a snapshot of each team; the team views'
    figures are computed once over all these teams, as a data home's quarter does."""
    engine = engine_for(url)
    try:
        started = []
        for role in roles:
            # Each table read once per team: the contracts, the frames and the failures share it.
            store = Snapshot(SqlStore(engine, TABLES, writer=role))
            if len(store.person_ids()) <= 1:
                continue
            plan = plan_quarter(
                store, quarter, manager_id=store.scope.manager_id, out=out / role, today=today
            )
            (manager,) = plan.managers
            team = [pid for pid, _, _ in plan.todo]
            started.append(
                _Team(
                    role,
                    plan,
                    render_contracts(plan),
                    manager,
                    team,
                    team_frames(store, team, figures.NEEDS),
                    organisation_view.name_of(store, manager),
                    organisation_view.failures_of(store, team, plan.as_of),
                )
            )
    finally:
        engine.dispose()
    if not started:
        return []
    frames = {kind: pd.concat([t.frames[kind] for t in started], ignore_index=True) for kind in figures.NEEDS}
    shown = _team_views(frames, {t.role: t.team for t in started}, quarter, started[0].plan.as_of)
    done = []
    for t in started:
        data = shown[t.role]
        if isinstance(data, Exception):
            html, row = data, None
        else:
            html = _or_error(team_view.document, data, t.manager)
            row = organisation_view.figures_of(t.name, t.frames, t.team, data, t.failures)
        done.append((t.role, finish_quarter(t.plan, t.contracts, {t.manager.person_id: html}), row))
    return done


def _team_views(frames, teams: dict[str, list[str]], quarter: str, as_of: dt.date) -> dict:
    """Every team's view data at once; when that fails, team by team, so only the bad team fails."""
    try:
        return team_view.contexts(frames, teams, quarter, as_of)
    except Exception:
        return {
            key: _or_error(team_view.context, frames, team, quarter, as_of) for key, team in teams.items()
        }


def _or_error(make, *args):
    try:
        return make(*args)
    except Exception as exc:  # one team's failure must not stop the others
        return exc
