"""The monthly review panel's model: the agenda, what is decided for each commitment, and what blocks.

No widgets and no store: the panel loads the agenda and the conversations into
it, links its fields to ``whats_changed``, ``minutes`` and each decision, and
shows ``blockers`` as the visible list of what is missing before recording.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import traitlets

from careernb.domain.conversations import Conversation, ConversationKind
from careernb.follow_through.review import MINUTES, Agenda, Decision, Outcome, problems, todays_review


class ReviewModel(traitlets.HasTraits):
    person_id = traitlets.Unicode(None, allow_none=True)
    today = traitlets.Instance(dt.date)
    plan = traitlets.Instance(Agenda, allow_none=True)
    draft = traitlets.Instance(Conversation, allow_none=True)
    """Today's review while it is being written: saved as a booked review until recorded."""
    whats_changed = traitlets.Unicode()
    minutes = traitlets.Int(MINUTES)
    decisions = traitlets.Dict()
    """commitment id -> :class:`Decision`; every commitment on the agenda has one."""
    blockers = traitlets.List()

    def __init__(self, today: dt.date, **kwargs) -> None:
        super().__init__(today=today, **kwargs)
        self.observe(self._check, names=["decisions", "plan"])

    @property
    def commitments(self) -> tuple:
        """The manager's own first, then theirs, as the playbook reviews them."""
        return (*self.plan.mine, *self.plan.theirs) if self.plan and self.plan.contract else ()

    def load(self, person_id: str | None, plan: Agenda | None, conversations: list[Conversation]) -> None:
        draft = todays_review(conversations, self.today) if person_id else None
        with self.hold_trait_notifications():
            self.person_id = person_id
            self.plan = plan
            self.draft = draft
            self.whats_changed = draft.note if draft else ""
            self.minutes = draft.planned_minutes if draft and draft.planned_minutes else MINUTES
            self.decisions = {c.commitment_id: Decision(c.commitment_id) for c in self.commitments}

    def decide(self, commitment_id: str, **values: object) -> None:
        self.decisions = {
            **self.decisions,
            commitment_id: dataclasses.replace(self.decisions[commitment_id], **values),
        }

    def _check(self, _change: object = None) -> None:
        self.blockers = [
            p for c in self.commitments for p in problems(c, self.decisions[c.commitment_id], self.today)
        ]

    def changed(self) -> list:
        """(commitment, outcome) of each commitment the review changes."""
        return [
            (c, self.decisions[c.commitment_id].outcome)
            for c in self.commitments
            if self.decisions[c.commitment_id].outcome is not Outcome.KEEP
        ]

    def draft_row(self, new_id: str) -> Conversation:
        """What has been written so far, on today's booking (its day kept) or on a new one for today."""
        if self.draft is not None:
            return dataclasses.replace(self.draft, note=self.whats_changed, planned_minutes=self.minutes)
        assert self.person_id is not None
        return Conversation(
            new_id,
            self.person_id,
            ConversationKind.REVIEW,
            planned=self.today,
            planned_minutes=self.minutes,
            note=self.whats_changed,
        )
