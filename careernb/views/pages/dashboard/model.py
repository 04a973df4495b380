"""The dashboard's model: the team's rows in the order of what needs the manager now, and goals that changed.

No widgets: :meth:`DashboardModel.load` reads the store into it; the panel
observes ``loaded`` and draws ``rows`` and ``goal_changes``.
"""

from __future__ import annotations

import datetime as dt

import traitlets

from careernb.domain.goals import GoalChange
from careernb.domain.people import Person, team
from careernb.follow_through.dashboard import Need, StatusRow, team_rows
from careernb.store import Store
from careernb.views.kit.parameters import Today


class DashboardModel(traitlets.HasTraits):
    today = traitlets.Instance(dt.date)
    """The day the rows were read on: the clock's day at each read."""
    rows: traitlets.List[StatusRow] = traitlets.List()
    """One :class:`StatusRow` per report, most pressing first."""
    goal_changes: traitlets.List[tuple[Person, GoalChange]] = traitlets.List()
    """(person, :class:`GoalChange`) for each report whose goals moved: not failure."""
    loaded = traitlets.Int(0)
    """Counts reads of the store: the view redraws after each, even when nothing changed."""

    def __init__(self, today: Today | dt.date | None = None, **kwargs) -> None:
        self._clock = Today.of(today)
        super().__init__(today=self._clock(), **kwargs)

    @property
    def waiting(self) -> int:
        """Reports who need the manager now: an urgent need, or an open signal."""
        return sum(1 for r in self.rows if r.top is not None and r.top.need <= Need.OPEN_SIGNAL)

    def summary(self) -> str:
        n = len(self.rows)
        return f"{n} {'person' if n == 1 else 'people'}, {self.waiting} need you now."

    def row(self, person_id: str) -> StatusRow:
        return next(r for r in self.rows if r.person_id == person_id)

    def load(self, store: Store) -> None:
        people = team(store)
        self.today = self._clock()
        rows = team_rows(store, people, self.today)
        # Each row read its person's goal change with the rest of its data: no second read.
        changed = {r.person_id: r.goals_changed for r in rows if r.goals_changed is not None}
        changes: list[tuple[Person, GoalChange]] = [
            (p, changed[p.person_id]) for p in people if p.person_id in changed
        ]
        with self.hold_trait_notifications():
            self.rows = rows
            self.goal_changes = changes
            self.loaded += 1
