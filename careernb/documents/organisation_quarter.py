"""The organisation's quarter, run as the batch role: every manager's contracts and team view,
and the organisation view for HR."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import sqlalchemy as sa

from careernb.documents import organisation_view
from careernb.documents.quarterly import QuarterResult, run_quarter
from careernb.domain.cadence import quarter_bounds, quarter_of
from careernb.home import TABLES
from careernb.ownership.exports import private_file
from careernb.store.sql import SqlStore, engine_for
from careernb.store.sql_schema import MANAGERS_TABLE, SCHEMA


@dataclasses.dataclass(frozen=True)
class OrganisationQuarter:
    quarter: str
    view: Path
    managers: dict[str, QuarterResult]


def run(
    url: str, out: Path, quarter: str | None = None, *, today: dt.date | None = None
) -> OrganisationQuarter:
    """Render the quarter for every manager into ``out/<role>/<quarter>/`` and the organisation
    view into ``out/<quarter>-organisation.html``."""
    today = today or dt.date.today()
    quarter = quarter or quarter_of(today)
    quarter_bounds(quarter)
    out = Path(out)
    engine = engine_for(url)
    try:
        with engine.connect() as conn:
            roles = (
                conn.execute(sa.text(f"SELECT role FROM {SCHEMA}.{MANAGERS_TABLE} ORDER BY role"))
                .scalars()
                .all()
            )
        results, rows = {}, []
        for role in roles:
            store = SqlStore(engine, TABLES, writer=role)
            if len(store.person_ids()) <= 1:
                continue
            results[role] = run_quarter(store, quarter, manager_id=store.me, out=out / role, today=today)
            figures = organisation_view.manager_figures(store, quarter, today)
            if figures is not None:
                rows.append(figures)
        view = private_file(
            out / f"{quarter}-organisation.html",
            organisation_view.render(rows, quarter, min(today, quarter_bounds(quarter)[1])),
        )
        return OrganisationQuarter(quarter, view, results)
    finally:
        engine.dispose()
