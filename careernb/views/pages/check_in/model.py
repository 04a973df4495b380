"""The check-in panel's model: the quick note, the signals ticked, and a booking's day and time.

No widgets and no store: the panel links its fields here, logs through
:mod:`careernb.follow_through.check_in`, and shows ``blockers``, the visible
list of what is missing, instead of raising.
"""

from __future__ import annotations

import datetime as dt

import traitlets

from careernb.domain.conversations import SUGGESTED_CAREER_MINUTES
from careernb.domain.signals import GOAL_CHANGE_SIGNS, TRIGGERS, SignalKind
from careernb.follow_through import check_in
from careernb.follow_through.check_in import CheckIn, Proposal
from careernb.views.kit.parameters import ModelOnTheDay


class CheckInModel(ModelOnTheDay):
    person_id = traitlets.Unicode(None, allow_none=True)
    note = traitlets.Unicode()
    minutes = traitlets.Int(check_in.MINUTES)
    ticked: traitlets.List[SignalKind] = traitlets.List()
    """The signals noticed, in the playbook's order: the triggers, then the signs goals changed."""
    blockers: traitlets.List[str] = traitlets.List()
    last = traitlets.Instance(CheckIn, allow_none=True)

    def tick(self, kind: SignalKind, noticed: bool) -> None:
        chosen = (set(self.ticked) | {kind}) if noticed else (set(self.ticked) - {kind})
        self.ticked = [k for k in (*TRIGGERS, *GOAL_CHANGE_SIGNS) if k in chosen]

    def ready(self) -> bool:
        """Whether a check-in can be logged; if not, ``blockers`` says why."""
        self.blockers = [] if self.person_id else ["choose the person"]
        return not self.blockers

    def logged(self, done: CheckIn) -> None:
        """Logged: the form is cleared for the next one."""
        self.blockers = []
        self.last = done
        self.note = ""
        self.ticked = []


class BookingModel(traitlets.HasTraits):
    """The ad hoc career conversation a trigger calls for: soon, and its own session."""

    day = traitlets.Instance(dt.date, allow_none=True)
    at = traitlets.Unicode("10:00")
    minutes = traitlets.Int(SUGGESTED_CAREER_MINUTES)
    blockers: traitlets.List[str] = traitlets.List()

    def __init__(self, proposal: Proposal, today: dt.date, **kwargs) -> None:
        super().__init__(day=today + dt.timedelta(days=1 if proposal.urgent else 7), **kwargs)
        self.proposal = proposal

    def when(self) -> tuple[dt.date, dt.time | None] | None:
        """The day and time to book, or None with ``blockers`` saying what to fix."""
        try:
            at = dt.time.fromisoformat(self.at.strip()) if self.at.strip() else None
        except ValueError:
            self.blockers = ["Write the time as HH:MM, e.g. 10:00."]
            return None
        if self.day is None:
            self.blockers = ["Choose the day."]
            return None
        self.blockers = []
        return self.day, at
