"""What a quarter renders, decided before anything is written: the quarter and its as-of day,
the managers, each report, and the folder."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

from careernb.domain.cadence import quarter_bounds, quarter_of
from careernb.domain.people import Person, managers, team_of
from careernb.errors import CareernbError
from careernb.store import Store
from careernb.store.files import FOLDER_MODE, ensure_folder

DataHome = str | os.PathLike[str]
"""A data home's folder, which the quarter opens for itself."""


@dataclasses.dataclass(frozen=True)
class QuarterPlan:
    """What a quarter's run renders, decided before anything is written."""

    store: Store
    quarter: str
    today: dt.date
    managers: list[Person]
    folder: Path
    reports: list[Person]
    """Every report whose contract is rendered, manager by manager, in the store's order."""

    @property
    def as_of(self) -> dt.date:
        """The day the quarter's figures are counted to: today, or the quarter's last day."""
        return min(self.today, quarter_bounds(self.quarter)[1])

    def team(self, manager_id: str) -> list[Person]:
        return [p for p in self.reports if p.manager_id == manager_id]


def open_data(source: Store | DataHome) -> Store:
    """The store to read: the one given, or the data home at this folder."""
    if isinstance(source, str | os.PathLike):
        from careernb.home import open_store

        return open_store(source, create=False)
    return source


def quarter_and_today(quarter: str | None, today: dt.date | None) -> tuple[str, dt.date]:
    """The quarter (default: today's) and today, a malformed quarter refused before anything is written."""
    today = today or dt.date.today()
    quarter = quarter or quarter_of(today)
    quarter_bounds(quarter)  # a QuarterError says how to write one
    return quarter, today


def quarter_folder(out: Path, quarter: str) -> Path:
    """``out/<quarter>``, readable by its owner alone whatever the umask: made so with any
    missing parent, and made so again if it was loosened (``out`` itself, perhaps shared, is
    left as it is)."""
    folder = out / quarter
    ensure_folder(folder)
    os.chmod(folder, FOLDER_MODE)
    return folder


def rendered_for(store: Store, manager_id: str | None = None) -> tuple[list[Person], list[Person]]:
    """The managers whose quarter is rendered (``manager_id``, else every manager of the store)
    and their reports, manager by manager, in the store's order."""
    people = store.load(Person)
    if manager_id is not None:
        chosen = [p for p in people if p.person_id == manager_id]
        if not chosen:
            raise CareernbError(f"there is no manager {manager_id!r} in {store.location}")
    else:
        chosen = managers(people)
    return chosen, [p for m in chosen for p in team_of(people, m.person_id)]


def plan_quarter(
    source: Store | DataHome,
    quarter: str | None = None,
    *,
    manager_id: str | None = None,
    out: DataHome | None = None,
    today: dt.date | None = None,
) -> QuarterPlan:
    """Who is rendered, and where; the quarter's folder is made here (owner-only)."""
    store = open_data(source)
    quarter, today = quarter_and_today(quarter, today)
    chosen, reports = rendered_for(store, manager_id)
    if out:
        folder = quarter_folder(Path(out), quarter)
    elif store.home is not None:
        folder = quarter_folder(store.home / "reports", quarter)
    else:
        raise CareernbError("this store has no data home folder: say where the quarter goes with --out DIR")
    return QuarterPlan(store, quarter, today, chosen, folder, reports)
