"""The informal career check-in (10-15 minutes, as needed) and the signals it picks up.

"The informal check-ins are the signals you pick up in day-to-day contact
that tell you whether something has changed and whether you need to revisit
the plan." Logging one of the playbook's triggers proposes booking an ad hoc
career conversation; a sign that goals have changed proposes naming it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Iterable

from careernb.domain import playbook
from careernb.domain.conversations import (
    MINIMUM_CAREER_MINUTES,
    SUGGESTED_CAREER_MINUTES,
    Conversation,
    ConversationKind,
    held_today,
)
from careernb.domain.dates import human_date
from careernb.domain.signals import GOAL_CHANGE_SIGNS, TRIGGERS, Signal, SignalKind
from careernb.errors import NotRecordedError
from careernb.store import Store, new_id

MINUTES = 15


class Action(enum.StrEnum):
    BOOK = "book an ad hoc career conversation"
    NAME_THE_CHANGE = "name the change"


@dataclasses.dataclass(frozen=True)
class Proposal:
    """What the playbook says to do about the signals just logged."""

    action: Action
    kinds: tuple[SignalKind, ...]
    say: str
    """The playbook's words to say."""
    why: str
    """The playbook's reason."""
    urgent: bool = False


def proposals(kinds: Iterable[SignalKind]) -> list[Proposal]:
    """A trigger proposes an ad hoc career conversation (now, if they may be leaving);
    a sign of changed goals proposes naming it and updating the contract."""
    kinds = list(dict.fromkeys(kinds))
    out = []
    triggers = tuple(k for k in kinds if k in TRIGGERS)
    if triggers:
        urgent = any(k.is_urgent for k in triggers)
        why = playbook.BEFORE_IT_CRYSTALLISES if urgent else playbook.TRIGGERS_HEADING
        out.append(Proposal(Action.BOOK, triggers, playbook.INVITATION, why, urgent))
    signs = tuple(k for k in kinds if k in GOAL_CHANGE_SIGNS)
    if signs:
        out.append(Proposal(Action.NAME_THE_CHANGE, signs, playbook.NAME_THE_CHANGE, playbook.GOALS_CHANGE))
    return out


@dataclasses.dataclass(frozen=True)
class CheckIn:
    conversation: Conversation
    signals: tuple[Signal, ...]

    @property
    def proposals(self) -> list[Proposal]:
        return proposals(s.kind for s in self.signals)


def log(
    store: Store,
    person_id: str,
    *,
    note: str,
    kinds: Iterable[SignalKind] = (),
    today: dt.date,
    minutes: int | None = MINUTES,
) -> CheckIn:
    """Record a check-in as a conversation, with one signal per kind noticed."""
    kinds = list(dict.fromkeys(kinds))
    if not note.strip() and not kinds:
        raise NotRecordedError("check-in", person_id, ["write a quick note or tick a signal you noticed"])
    if minutes is not None and minutes <= 0:
        raise NotRecordedError(
            "check-in", person_id, ["the check-in's length must be a positive number of minutes"]
        )
    conversation = held_today(person_id, ConversationKind.CHECK_IN, today, minutes=minutes, note=note)
    store.save(conversation)
    signals = tuple(
        Signal(new_id("s"), person_id, today, kind, note, conversation_id=conversation.conversation_id)
        for kind in kinds
    )
    if signals:
        store.save(*signals)
    return CheckIn(conversation, signals)


def book(
    store: Store,
    person_id: str,
    *,
    day: dt.date,
    at: dt.time | None = None,
    minutes: int = SUGGESTED_CAREER_MINUTES,
    trigger: str | None = None,
    today: dt.date,
) -> Conversation:
    """Book an ad hoc career conversation: its own session, at least 45 minutes."""
    found = []
    if day < today:
        found.append(f"{human_date(day)} is in the past; choose today or a later day")
    if minutes < MINIMUM_CAREER_MINUTES:
        found.append(
            f"{minutes} minutes is too short: book at least {MINIMUM_CAREER_MINUTES} "
            f"(the playbook suggests an hour)"
        )
    if found:
        raise NotRecordedError("booking", person_id, found)
    conversation = Conversation(
        new_id("c"),
        person_id,
        ConversationKind.FULL,
        planned=day,
        planned_time=at,
        planned_minutes=minutes,
        trigger=trigger,
    )
    store.save(conversation)
    return conversation


def address(store: Store, person_id: str, signal_ids: Iterable[str], day: dt.date) -> list[Signal]:
    """Mark signals as addressed: a conversation about them was held."""
    wanted = set(signal_ids)

    def change(rows: list[Signal]) -> list[Signal]:
        return [
            dataclasses.replace(s, addressed=day) if s.signal_id in wanted and s.open else s for s in rows
        ]

    return [s for s in store.update(Signal, person_id, change) if s.signal_id in wanted]


def reopen(store: Store, person_id: str, signal_id: str, day: dt.date) -> None:
    """Undo :func:`address` of ``day``: the signal is open again (one addressed another day stays)."""

    def change(rows: list[Signal]) -> list[Signal]:
        return [
            dataclasses.replace(s, addressed=None) if s.signal_id == signal_id and s.addressed == day else s
            for s in rows
        ]

    store.update(Signal, person_id, change)
