"""The quarter's figures in the organisation's database, through its functions alone.

A manager's quarter publishes their team's :class:`PracticeFigures` (:func:`publish`) and reads
back what it published (:func:`own`); the organisation's batch reads every manager's and the
distributions summed over teams of at least the minimum group size (:func:`organisation`). Each
call is one function of the database's, which decides who is calling from the role that logged
in: nothing here names a manager, and neither role can read a table.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa

from careernb.documents.organisation_view import (
    ManagerPractice,
    OrganisationFigures,
    PracticeFigures,
)
from careernb.errors import CareernbError
from careernb.follow_through.figures import Ratio
from careernb.store.sql_quarter import SETTINGS_TABLE, SMALLEST_GROUP_SIZE
from careernb.store.sql_schema import BATCH, SCHEMA

T = TypeVar("T")
UNDEFINED_FUNCTION = "42883"
CHECK_VIOLATION = "23514"
DATA_EXCEPTION = "22000"


class NotUpgradedError(CareernbError):
    """The database predates the quarter's figures."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(
            f"{url}: this database has no quarter figures yet. An administrator upgrades it with "
            "`careernb org migrate --store URL`; then run the quarter again."
        )


class RefusedFiguresError(CareernbError):
    """The database refused a manager's figures: they do not add up, or their team changed."""

    def __init__(self, said: str) -> None:
        self.said = said
        super().__init__(f"The organisation's database refused the figures ({said}). Nothing was published.")


class GroupSizeError(CareernbError):
    def __init__(self, size: int) -> None:
        self.size = size
        super().__init__(
            f"{size} is too small a group: a distribution counts groups of at least "
            f"{SMALLEST_GROUP_SIZE} people, so that no count points at one person. Choose "
            f"{SMALLEST_GROUP_SIZE} or more (the default is 5)."
        )


def _call(engine: sa.Engine, run: Callable[[sa.Connection], T], *, write: bool = False) -> T:
    """One call of the database's, in a transaction of its own; a database without the quarter's
    functions says how to upgrade it."""
    try:
        with engine.begin() if write else engine.connect() as conn:
            return run(conn)
    except sa.exc.DBAPIError as exc:
        sqlstate = getattr(exc.orig, "sqlstate", None)
        if sqlstate == UNDEFINED_FUNCTION:
            raise NotUpgradedError(engine.url.render_as_string(hide_password=True)) from exc
        if sqlstate == DATA_EXCEPTION:  # the functions' own checks, in words
            said = str(exc.orig).strip().splitlines()[0].removeprefix("careernb: ")
            raise RefusedFiguresError(said) from exc
        raise


PUBLISH = sa.text(
    f"SELECT {SCHEMA}.publish_practice_figures("
    "CAST(:quarter AS text), CAST(:as_of AS date), :reports, :with_conversation, :sent_in_48h, "
    ":sent_in_48h_of, :manager_kept, :manager_kept_of, :person_kept, :person_kept_of, :goals_changed, "
    "CAST(:failures AS jsonb), :people, CAST(:distributions AS jsonb)) AS published, now() AS asked"
)


def arguments(figures: PracticeFigures) -> dict[str, Any]:
    """The figures as :data:`PUBLISH` sends them: each count one argument of the function's."""
    if figures.person_kept is None or figures.goals_changed is None:
        raise ValueError("figures the batch read without their reports' own counts are never published")
    return {
        "quarter": figures.quarter,
        "as_of": figures.as_of,
        "reports": figures.reports,
        "with_conversation": figures.with_conversation.met,
        "sent_in_48h": figures.sent_in_48h.met,
        "sent_in_48h_of": figures.sent_in_48h.of,
        "manager_kept": figures.manager_kept.met,
        "manager_kept_of": figures.manager_kept.of,
        "person_kept": figures.person_kept.met,
        "person_kept_of": figures.person_kept.of,
        "goals_changed": figures.goals_changed,
        "failures": json.dumps(figures.failures),
        "people": figures.people,
        "distributions": json.dumps(figures.distributions),
    }


def publish(engine: sa.Engine, figures: PracticeFigures) -> tuple[dt.datetime, bool]:
    """Replace the calling manager's figures for the quarter with these, unless those the
    organisation holds are final (published once the quarter had ended), which stay as they are:
    when the figures it holds were published, and whether they are the ones it held already."""
    values = arguments(figures)
    row = _call(engine, lambda conn: conn.execute(PUBLISH, values).one(), write=True)
    # The database's now() is its transaction's: a publication made in it is stamped with it.
    return row.published, row.published != row.asked


def _figures(quarter: str, row: Any, distributions: dict[str, dict[str, int]]) -> PracticeFigures | None:
    if row.as_of is None:
        return None
    return PracticeFigures(
        quarter=quarter,
        as_of=row.as_of,
        with_conversation=Ratio(row.with_conversation, row.reports),
        sent_in_48h=Ratio(row.sent_in_48h, row.sent_in_48h_of),
        manager_kept=Ratio(row.manager_kept, row.manager_kept_of),
        # Null where the batch reads a team under the minimum group size (revision 0007).
        person_kept=None if row.person_kept_of is None else Ratio(row.person_kept, row.person_kept_of),
        goals_changed=row.goals_changed,
        failures=dict(row.failures),
        people=row.people,
        distributions=distributions,
    )


def _manager(quarter: str, row: Any, distributions: dict[str, dict[str, int]]) -> ManagerPractice:
    figures = _figures(quarter, row, distributions)
    return ManagerPractice(row.manager_role, row.manager_name, figures, row.published)


def own(engine: sa.Engine, quarter: str) -> ManagerPractice:
    """What the calling manager has published for the quarter (``figures`` None: nothing yet)."""
    query = sa.text(f"SELECT * FROM {SCHEMA}.own_practice_figures(:q)")
    row = _call(engine, lambda conn: conn.execute(query, {"q": quarter}).one())
    return _manager(quarter, row, dict(row.distributions or {}))


def organisation(engine: sa.Engine, quarter: str) -> OrganisationFigures:
    """Every manager's published figures for the quarter, and the distributions of the teams of
    at least the minimum size, as the batch role reads them."""

    def read(conn: sa.Connection) -> OrganisationFigures:
        rows = conn.execute(sa.text(f"SELECT * FROM {SCHEMA}.quarter_practice(:q)"), {"q": quarter}).all()
        summed: dict[str, dict[str, int]] = {}
        for d in conn.execute(sa.text(f"SELECT * FROM {SCHEMA}.quarter_distributions(:q)"), {"q": quarter}):
            summed.setdefault(d.distribution, {})[d.answer] = int(d.people)
        smallest = conn.execute(sa.text(f"SELECT {SCHEMA}.min_group_size()")).scalar_one()
        return OrganisationFigures(quarter, [_manager(quarter, r, {}) for r in rows], summed, smallest)

    return _call(engine, read)


def is_batch(engine: sa.Engine) -> bool:
    """Whether the role logged in runs the organisation's quarter (a member of the batch role)."""
    query = sa.text("SELECT pg_has_role(session_user, :batch, 'USAGE')")
    with engine.connect() as conn:
        return bool(conn.execute(query, {"batch": BATCH}).scalar_one())


def min_group_size(engine: sa.Engine) -> int:
    """The smallest group a distribution of the organisation view counts."""
    query = sa.text(f"SELECT {SCHEMA}.min_group_size()")
    return int(_call(engine, lambda conn: conn.execute(query).scalar_one()))


def set_min_group_size(engine: sa.Engine, size: int) -> int:
    """The administrator's setting (an engine acting as the owner); the database refuses < 3."""
    query = sa.text(f"UPDATE {SCHEMA}.{SETTINGS_TABLE} SET min_group_size = :n RETURNING min_group_size")
    try:
        return int(_call(engine, lambda conn: conn.execute(query, {"n": size}).scalar_one(), write=True))
    except sa.exc.IntegrityError as exc:
        if getattr(exc.orig, "sqlstate", None) == CHECK_VIOLATION:
            raise GroupSizeError(size) from exc
        raise


__all__ = [
    "GroupSizeError",
    "NotUpgradedError",
    "RefusedFiguresError",
    "is_batch",
    "min_group_size",
    "organisation",
    "own",
    "publish",
    "set_min_group_size",
]
