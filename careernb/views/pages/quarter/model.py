"""The quarter page's model: what running the quarter will write and publish, read before
anything is written, and what it did.

No widgets: :func:`read_before` reads the store into a :class:`Before`, a pure context the panel
renders; :class:`QuarterModel` holds the one on screen and runs the quarter
(``careernb.quarter.run_store``: the same run as ``careernb quarterly``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import traitlets

from careernb.documents.organisation_view import ManagerPractice
from careernb.domain.cadence import previous_quarters, quarter_of
from careernb.domain.contract import Contract, latest_agreed
from careernb.ownership.exports import reports_folder
from careernb.quarter import QuarterResult, published_for, run_store
from careernb.quarter.plan import rendered_for
from careernb.quarter.results import NO_CONTRACT
from careernb.store import Store
from careernb.views.kit.parameters import ModelOnTheDay


@dataclasses.dataclass(frozen=True)
class Report:
    """One report's line: their name and what of theirs the quarter renders."""

    name: str
    contract: str
    """``version 3``, or that there is no agreed contract yet."""


@dataclasses.dataclass(frozen=True)
class Before:
    """What running the quarter will do, read before anything is written."""

    quarter: str
    folder: Path
    """Where the quarter's documents go, readable by the manager alone."""
    reports: list[Report]
    organisation: bool
    """On an organisation's database: running the quarter publishes the team's counts."""
    published: ManagerPractice | None = None
    """What the organisation has of this team for the quarter now (its ``figures`` None: nothing)."""
    min_group_size: int | None = None
    """A distribution counts teams of at least this many people (on an organisation's database)."""


def quarters(today: dt.date, count: int = 4) -> list[str]:
    """The quarter of ``today`` and the ones before it, newest first."""
    return list(reversed(previous_quarters(quarter_of(today), count)))


def read_before(store: Store, quarter: str) -> Before:
    """Who the quarter renders and where, and what the organisation already has: nothing written."""
    _, people = rendered_for(store, store.scope.manager_id)
    agreed = store.load_team(Contract, [p.person_id for p in people])
    reports = []
    for p in people:
        latest = latest_agreed(agreed[p.person_id])
        reports.append(Report(p.name, f"version {latest.version}" if latest else NO_CONTRACT))
    folder = reports_folder(store) / quarter
    organisation = published_for(store, quarter)
    if organisation is None:
        return Before(quarter, folder, reports, organisation=False)
    mine, smallest = organisation
    return Before(quarter, folder, reports, organisation=True, published=mine, min_group_size=smallest)


class QuarterModel(ModelOnTheDay):
    quarter = traitlets.Unicode()
    before = traitlets.Instance(Before, allow_none=True)
    result = traitlets.Instance(QuarterResult, allow_none=True)
    """What the last run wrote; None until the quarter is run on this page."""
    done = traitlets.Int(0)
    total = traitlets.Int(0)
    running = traitlets.Bool(False)

    def load(self, store: Store) -> None:
        """Read what the chosen quarter will render and what is published: nothing is written."""
        self.result = None
        self.before = read_before(store, self.quarter)

    def run(self, store: Store) -> QuarterResult:
        """Render the quarter (and, on an organisation's database, publish its counts)."""
        self.running = True
        try:
            result = run_store(store, self.quarter, today=self.today, progress=self._progress)
        finally:
            self.running = False
        self.before = read_before(store, self.quarter)
        self.result = result
        return result

    def _progress(self, done: int, total: int) -> None:
        self.total, self.done = total, done
