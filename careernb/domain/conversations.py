"""Conversations of every kind in the playbook, and the answers given in them."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

from careernb.store import Id, Privacy, column, new_id, table


class ConversationKind(enum.StrEnum):
    NOW = "where are you now"
    DIRECTION = "where do you want to go"
    GAP = "how do we close the gap"
    FULL = "full career conversation"
    """All three conversations held as three phases of one longer session."""
    REVIEW = "development contract review"
    CHECK_IN = "informal career check-in"

    @property
    def is_career(self) -> bool:
        """A career conversation proper, as opposed to a review or a check-in."""
        return self in CAREER_KINDS

    @property
    def phases(self) -> tuple[ConversationKind, ...]:
        if self is ConversationKind.FULL:
            return THREE_CONVERSATIONS
        return (self,) if self in THREE_CONVERSATIONS else ()


THREE_CONVERSATIONS = (ConversationKind.NOW, ConversationKind.DIRECTION, ConversationKind.GAP)
CAREER_KINDS = frozenset({*THREE_CONVERSATIONS, ConversationKind.FULL})

# The playbook's cadence table: frequency and minutes per kind.
MINUTES = {
    ConversationKind.FULL: (60, 90),
    ConversationKind.NOW: (45, 90),
    ConversationKind.DIRECTION: (45, 90),
    ConversationKind.GAP: (45, 90),
    ConversationKind.REVIEW: (20, 30),
    ConversationKind.CHECK_IN: (10, 15),
}
MINIMUM_CAREER_MINUTES = 45
SUGGESTED_CAREER_MINUTES = 60


class Alongside(enum.StrEnum):
    """What a career conversation was squeezed into, if anything (failure 2)."""

    ONE_TO_ONE = "1:1"
    PERFORMANCE_REVIEW = "performance review"


@table("conversations", key=("conversation_id",), per_person=True)
class Conversation:
    """One conversation: planned, then held."""

    conversation_id: Id = column(Privacy.TEAM, "Stable id; answers refer to it.")
    person_id: Id = column(Privacy.TEAM, "Who the conversation is with.", references="people")
    kind: ConversationKind = column(Privacy.TEAM, "Which conversation of the playbook.")
    planned: dt.date | None = column(Privacy.PERSON, "Booked date.", default=None)
    planned_time: dt.time | None = column(Privacy.PERSON, "Booked start time.", default=None)
    planned_minutes: int | None = column(Privacy.PERSON, "Booked length in minutes.", default=None)
    held: dt.date | None = column(Privacy.TEAM, "Date it actually took place.", default=None)
    minutes: int | None = column(Privacy.TEAM, "How long it actually took.", default=None)
    alongside: Alongside | None = column(
        Privacy.PRIVATE, "Held inside a 1:1 or a performance review (failure 2).", default=None
    )
    moved: int = column(Privacy.PRIVATE, "How many times the booking was moved.", default=0)
    trust_established: bool = column(
        Privacy.PRIVATE, "The manager judged real trust established.", default=False
    )
    trust_gated_shown: bool = column(
        Privacy.PRIVATE, "Trust-gated questions were shown in this conversation.", default=False
    )
    trigger: Id | None = column(
        Privacy.PRIVATE,
        "signal_id of the signal that called for this ad hoc conversation.",
        default=None,
    )
    note: str = column(Privacy.PRIVATE, "The manager's note (a check-in's note, say).", default="")

    @property
    def date(self) -> dt.date | None:
        """When it happened, else when it is booked."""
        return self.held or self.planned


@table("answers", key=("conversation_id", "question_id"), per_person=True)
class Answer:
    """What the person said to one question in one conversation."""

    person_id: Id = column(Privacy.TEAM, "Who answered.", references="people")
    conversation_id: Id = column(Privacy.TEAM, "The conversation.", references="conversations")
    question_id: Id = column(Privacy.TEAM, "The question, from the question bank.")
    answer: str = column(
        Privacy.PRIVATE,
        "Their answer, as the manager noted it. Private unless marked share.",
        default="",
        shared_when="share",
    )
    underneath: str = column(
        Privacy.PRIVATE, "The version underneath the surface answer. Never shared.", default=""
    )
    share: bool = column(
        Privacy.PERSON, "The manager marked this answer to be shared with the person.", default=False
    )
    updated: dt.datetime | None = column(Privacy.PRIVATE, "Last saved.", default=None)


def held_today(
    person_id: str, kind: ConversationKind, today: dt.date, *, minutes: int | None, note: str
) -> Conversation:
    """A conversation recorded as it ends: a check-in, or a review nobody booked."""
    return Conversation(new_id("c"), person_id, kind, planned=today, held=today, minutes=minutes, note=note)


def held(conversations: list[Conversation], *, career_only: bool = False) -> list[Conversation]:
    """Conversations that took place, oldest first."""
    out = [c for c in conversations if c.held and (c.kind.is_career or not career_only)]
    return sorted(out, key=lambda c: (c.held, c.conversation_id))


def booked_at(conversations: Iterable[Conversation], day: dt.date | None) -> Conversation | None:
    """The career conversation booked for ``day`` at a set time, not yet held."""
    return next(
        (
            c
            for c in conversations
            if day is not None and c.kind.is_career and not c.held and c.planned == day and c.planned_time
        ),
        None,
    )


def upcoming(conversations: list[Conversation], today: dt.date) -> list[Conversation]:
    """Booked, not yet held, from today on; soonest first."""
    out = [c for c in conversations if not c.held and c.planned and c.planned >= today]
    return sorted(out, key=lambda c: (c.planned, c.conversation_id))
