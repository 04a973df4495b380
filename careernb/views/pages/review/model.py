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
from careernb.follow_through.review import (
    MINUTES,
    Agenda,
    Decision,
    Outcome,
    PointState,
    problems,
    review_note,
    said_nothing,
    split_note,
    todays_review,
)
from careernb.views.kit.parameters import ModelOnTheDay, Today


class ReviewModel(ModelOnTheDay):
    person_id = traitlets.Unicode(None, allow_none=True)
    plan = traitlets.Instance(Agenda, allow_none=True)
    draft = traitlets.Instance(Conversation, allow_none=True)
    """Today's review while it is being written: saved as a booked review until recorded."""
    whats_changed = traitlets.Unicode()
    missed = traitlets.Dict()
    """review point id -> what happened, for each point missed in its month."""
    minutes = traitlets.Int(MINUTES)
    decisions = traitlets.Dict()
    """commitment id -> :class:`Decision`; every commitment on the agenda has one."""
    blockers: traitlets.List[str] = traitlets.List()

    def __init__(self, today: Today | dt.date | None = None, **kwargs) -> None:
        super().__init__(today, **kwargs)
        self.observe(self._check, names=["decisions", "plan", "whats_changed", "missed"])

    @property
    def commitments(self) -> tuple:
        """The manager's own first, then theirs, as the playbook reviews them."""
        return (*self.plan.mine, *self.plan.theirs) if self.plan and self.plan.contract else ()

    @property
    def missed_points(self) -> list:
        """The points missed in their month, that this review may say what happened to."""
        return [p.point for p in (self.plan.points if self.plan else ()) if p.state is PointState.MISSED]

    def note(self) -> str:
        """The review's note: what's changed, then a line for each missed point with what happened."""
        points = {p.review_id: p for p in self.missed_points}
        return review_note(self.whats_changed, {points[r]: t for r, t in self.missed.items() if r in points})

    def load(self, person_id: str | None, plan: Agenda | None, conversations: list[Conversation]) -> None:
        draft = todays_review(conversations, self.today) if person_id else None
        missed = [p.point for p in (plan.points if plan else ()) if p.state is PointState.MISSED]
        whats_changed, said = split_note(draft.note, missed) if draft else ("", {})
        with self.hold_trait_notifications():
            self.person_id = person_id
            self.plan = plan
            self.draft = draft
            self.whats_changed = whats_changed
            self.missed = {p.review_id: said.get(p.review_id, "") for p in missed}
            self.minutes = draft.planned_minutes if draft and draft.planned_minutes else MINUTES
            self.decisions = {c.commitment_id: Decision(c.commitment_id) for c in self.commitments}

    def decide(self, commitment_id: str, **values: object) -> None:
        self.decisions = {
            **self.decisions,
            commitment_id: dataclasses.replace(self.decisions[commitment_id], **values),
        }

    def _check(self, _change: object = None) -> None:
        decided = self.decisions
        found = [p for c in self.commitments for p in problems(c, decided[c.commitment_id], self.today)]
        if self.plan is not None and self.plan.contract is not None:
            found += said_nothing(self.note(), self.decisions.values())
        self.blockers = found

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
            return dataclasses.replace(self.draft, note=self.note(), planned_minutes=self.minutes)
        assert self.person_id is not None
        return Conversation(
            new_id,
            self.person_id,
            ConversationKind.REVIEW,
            planned=self.today,
            planned_minutes=self.minutes,
            note=self.note(),
        )

    def say_what_happened(self, review_id: str, text: str) -> None:
        self.missed = {**self.missed, review_id: text}
