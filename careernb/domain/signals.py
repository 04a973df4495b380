"""Signals: the playbook's triggers for an ad hoc conversation, and signs that goals changed."""

from __future__ import annotations

import datetime as dt
import enum

from careernb.store import Id, Privacy, column, table


class SignalKind(enum.StrEnum):
    # Triggers for an ad hoc career conversation.
    APPROACHED = "approached by another organisation"
    UNCERTAIN = "uncertain whether this is the right place"
    ENGAGEMENT_DROP = "drop in engagement or motivation"
    PROMOTION_STALLED = "promotion discussed but not progressed"
    ROLE_CHANGED = "role or team changed significantly"
    MILESTONE = "hit a major milestone"
    # Signs that goals have changed.
    LESS_ENGAGED_WITH_PLAN = "less engaged with the development actions"
    DIFFERENT_INTEREST = "interested in something different from the plan"
    EXTERNAL_CHANGE = "something changed externally"
    ACHIEVEMENT_FELT_DIFFERENT = "achieved something and it did not feel as expected"

    @property
    def playbook_text(self) -> str:
        return PLAYBOOK_TEXT[self]

    @property
    def is_trigger(self) -> bool:
        return self in TRIGGERS

    @property
    def is_goal_change(self) -> bool:
        return self in GOAL_CHANGE_SIGNS

    @property
    def is_urgent(self) -> bool:
        """Thinking about leaving: talk now, before the decision crystallises."""
        return self in URGENT


PLAYBOOK_TEXT = {
    SignalKind.APPROACHED: "The person mentions they have been approached by another organisation",
    SignalKind.UNCERTAIN: "They express uncertainty about whether this is the right place for them",
    SignalKind.ENGAGEMENT_DROP: "You notice a drop in engagement or motivation",
    SignalKind.PROMOTION_STALLED: "A promotion has been discussed but not progressed",
    SignalKind.ROLE_CHANGED: "Their role or team has changed significantly",
    SignalKind.MILESTONE: "They have just hit a major milestone - a big delivery, a promotion, a "
    "difficult period that has ended",
    SignalKind.LESS_ENGAGED_WITH_PLAN: "They seem less engaged with the development actions they "
    "committed to",
    SignalKind.DIFFERENT_INTEREST: "They express interest in something different from what the plan targets",
    SignalKind.EXTERNAL_CHANGE: "Something has changed externally - they have seen a different "
    "type of work, spoken to someone in a different role, read something that shifted their "
    "perspective",
    SignalKind.ACHIEVEMENT_FELT_DIFFERENT: "They have achieved something significant and it did "
    "not feel the way they expected it to",
}
TRIGGERS = tuple(list(SignalKind)[:6])
GOAL_CHANGE_SIGNS = tuple(list(SignalKind)[6:])
URGENT = frozenset({SignalKind.APPROACHED, SignalKind.UNCERTAIN})


@table("signals", key=("signal_id",), per_person=True)
class Signal:
    """Something noticed in day-to-day contact that may call for a conversation."""

    signal_id: Id = column(Privacy.PRIVATE, "Stable id.")
    person_id: Id = column(Privacy.PRIVATE, "Who it is about.", references="people")
    noticed: dt.date = column(Privacy.PRIVATE, "When it was noticed.")
    kind: SignalKind = column(Privacy.PRIVATE, "Which trigger or sign of changed goals.")
    note: str = column(Privacy.PRIVATE, "What the manager noticed.", default="")
    addressed: dt.date | None = column(
        Privacy.PRIVATE, "When a conversation about it was held; empty while open.", default=None
    )
    conversation_id: Id | None = column(
        Privacy.PRIVATE, "The check-in it was noticed in.", default=None, references="conversations"
    )

    @property
    def open(self) -> bool:
        return self.addressed is None


def open_signals(signals: list[Signal]) -> list[Signal]:
    """Unaddressed signals, urgent first, then most recent first."""
    return sorted(
        (s for s in signals if s.open),
        key=lambda s: (not s.kind.is_urgent, -s.noticed.toordinal(), s.signal_id),
    )
