"""The Three Conversation Types: three separate sessions, or three phases of one.

"You can run them as three separate sessions or - if the person prefers - as
three phases within a longer conversation." The manager chooses when booking
or starting; three phases are held as one conversation of kind FULL that all
three notebooks share. These pure functions decide which conversation a
notebook opens and how far along the three conversations are.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from typing import Any, Protocol, TypeVar

from careernb.domain.aspirations import Aspiration, FitAssessment
from careernb.domain.checklists import ChecklistTick
from careernb.domain.contract.records import Contract
from careernb.domain.conversations import (
    MINIMUM_CAREER_MINUTES,
    SUGGESTED_CAREER_MINUTES,
    THREE_CONVERSATIONS,
    Answer,
    Conversation,
    ConversationKind,
)
from careernb.domain.dates import human_date
from careernb.domain.preparation import PreparationNote

RESUME_WITHIN = dt.timedelta(days=7)
"""A conversation started less than a week ago is resumed, not started again."""
HOLD_EARLY = dt.timedelta(days=14)
"""A booking up to two weeks ahead is the one being held when a notebook opens today."""
SAME_SERIES = dt.timedelta(days=60)
"""Three separate sessions of one quarter lie within this span of each other."""


class Format(enum.StrEnum):
    THREE_PHASES = "three phases of one session"
    THREE_SESSIONS = "three separate sessions"

    def kind_for(self, phase: ConversationKind) -> ConversationKind:
        """The kind of conversation to create for a phase in this format."""
        return ConversationKind.FULL if self is Format.THREE_PHASES else phase

    @classmethod
    def of(cls, conversation: Conversation) -> Format:
        return cls.THREE_PHASES if conversation.kind is ConversationKind.FULL else cls.THREE_SESSIONS


def covering(conversations: list[Conversation], phase: ConversationKind) -> list[Conversation]:
    """Career conversations that hold this phase (its own kind, or a full one), latest first."""
    out = [c for c in conversations if phase in c.kind.phases]
    return sorted(out, key=lambda c: (c.date or dt.date.min, c.conversation_id), reverse=True)


def to_open(
    conversations: list[Conversation], phase: ConversationKind, today: dt.date
) -> Conversation | None:
    """The conversation a notebook for ``phase`` opens, or None to start a new one.

    One started in the last week is resumed; otherwise the soonest one booked
    from a week ago to two weeks ahead is the one to hold now. A booking further
    off stays booked: today's is a new (ad hoc) conversation.
    """
    mine = covering(conversations, phase)
    started = [c for c in mine if c.held and today - RESUME_WITHIN <= c.held <= today]
    if started:
        return max(started, key=lambda c: (c.held, c.conversation_id))
    booked = [
        c
        for c in mine
        if not c.held and c.planned and today - RESUME_WITHIN <= c.planned <= today + HOLD_EARLY
    ]
    if booked:
        return min(booked, key=lambda c: (c.planned, c.conversation_id))
    return None


def next_booked(conversations: list[Conversation], today: dt.date) -> Conversation | None:
    """The next career conversation booked and not yet held (from a week ago on)."""
    booked = [
        c
        for c in conversations
        if c.kind.is_career and not c.held and c.planned and c.planned >= today - RESUME_WITHIN
    ]
    return min(booked, key=lambda c: (c.planned, c.conversation_id)) if booked else None


def preferred_format(conversations: list[Conversation]) -> Format:
    """The format of the latest career conversation; three phases of one session if none."""
    career = [c for c in conversations if c.kind.is_career and c.date]
    if not career:
        return Format.THREE_PHASES
    return Format.of(max(career, key=lambda c: (c.date, c.conversation_id)))


@dataclasses.dataclass(frozen=True)
class PhaseState:
    """Where one of the three conversations stands, for the phase bar."""

    phase: ConversationKind
    conversation: Conversation | None

    @property
    def label(self) -> str:
        c = self.conversation
        if c is None:
            return "not yet"
        if c.held:
            return f"held {human_date(c.held)}"
        return f"booked {human_date(c.planned)}" if c.planned else "not yet"


def series(
    conversations: list[Conversation], current: Conversation, today: dt.date | None = None
) -> list[PhaseState]:
    """Where each of the three conversations stands around ``current``.

    For a full conversation all three phases are ``current``; for separate
    sessions, each phase is the latest session of its kind within two months
    (of ``current``, or of ``today`` while it has no date yet).
    """
    if current.kind is ConversationKind.FULL:
        return [PhaseState(p, current) for p in THREE_CONVERSATIONS]
    anchor = current.date or today or dt.date.today()
    out = []
    for phase in THREE_CONVERSATIONS:
        if phase is current.kind:
            out.append(PhaseState(phase, current))
            continue
        near = [
            c for c in conversations if c.kind is phase and c.date and abs(c.date - anchor) <= SAME_SERIES
        ]
        latest = max(near, key=lambda c: c.date or anchor) if near else None  # each one near has a date
        out.append(PhaseState(phase, latest))
    return out


def booking_warning(minutes: int | None) -> str:
    """The cadence rule for a booked length: at least 45 minutes, 60 suggested."""
    if minutes is None or minutes <= 0:
        return "Give the length in minutes."
    if minutes < MINIMUM_CAREER_MINUTES:
        return (
            f'{minutes} minutes is too short: the playbook asks for "'
            'a dedicated session of at least 45 minutes"; book at least '
            f"{SUGGESTED_CAREER_MINUTES}."
        )
    if minutes < SUGGESTED_CAREER_MINUTES:
        return f'The checklist asks to have "Booked at least {SUGGESTED_CAREER_MINUTES} minutes".'
    return ""


MOST_MINUTES = 8 * 60
"""A conversation marked held for longer than a working day is a typing slip."""


def held_problems(day: dt.date | None, minutes: int | None, today: dt.date) -> list[str]:
    """What is missing before a conversation is marked held on ``day`` for ``minutes``; empty
    when it can be. A conversation is marked held once it has taken place, with its length."""
    out = []
    if day is None:
        out.append("Give the day it was held.")
    elif day > today:
        out.append(f"{human_date(day)} is still to come: mark it held once it has taken place.")
    if minutes is None or minutes <= 0:
        out.append("Give how many minutes it took.")
    elif minutes > MOST_MINUTES:
        out.append(f"{minutes} minutes is more than a working day: check the minutes.")
    return out


def _count(n: int, one: str) -> str:
    return f"{n or 'no'} {one if n == 1 else one + 's'}"


@dataclasses.dataclass(frozen=True)
class Removal:
    """Deleting one conversation: what goes with it, and what keeps it."""

    conversation: Conversation
    answers: tuple[Answer, ...] = ()
    """Every answer row of it, those emptied since included."""
    aspirations: tuple[Aspiration, ...] = ()
    fits: tuple[FitAssessment, ...] = ()
    ticks: tuple[ChecklistTick, ...] = ()
    notes: tuple[PreparationNote, ...] = ()
    """Preparation notes that name it but hold no words."""
    kept_by: tuple[str, ...] = ()
    """Why it stays (a contract written in it, notes that prepare it); empty when it may go."""

    @property
    def allowed(self) -> bool:
        return not self.kept_by

    @property
    def said(self) -> int:
        """How many answers hold words."""
        return sum(1 for a in self.answers if a.answer.strip() or a.underneath.strip())

    @property
    def going(self) -> list[tuple[type, tuple[Any, ...]]]:
        """What to delete, table by table: what refers to the conversation first, the conversation last."""
        return [
            (Answer, self.answers),
            (ChecklistTick, self.ticks),
            (PreparationNote, self.notes),
            (FitAssessment, self.fits),
            (Aspiration, self.aspirations),
            (Conversation, (self.conversation,)),
        ]

    def what(self) -> str:
        """The conversation by its kind and day: "the full career conversation held Thu 26 Nov 2026"."""
        c = self.conversation
        if c.held:
            when = f"held {human_date(c.held)}"
        elif c.planned:
            when = f"booked for {human_date(c.planned)}"
        else:
            when = "not booked"
        return f"the {c.kind.value} {when}"

    def question(self) -> str:
        """The confirmation, naming everything that goes."""
        with_it = [_count(self.said, "answer")]
        if self.aspirations:
            with_it.append("the aspiration recorded in it")
        if self.fits:
            with_it.append("the honest fit assessed in it")
        ticked = sum(1 for t in self.ticks if t.done)
        if ticked:
            with_it.append(_count(ticked, "checklist tick"))
        listed = with_it[0] if len(with_it) == 1 else ", ".join(with_it[:-1]) + " and " + with_it[-1]
        return f"Delete {self.what()}, with {listed}? This cannot be undone."

    def done(self) -> str:
        """What was deleted, said afterwards."""
        return f"Deleted {self.what()}, with {_count(self.said, 'answer')}."

    def refusal(self) -> str:
        return f"{self.what()[0].upper()}{self.what()[1:]} stays: " + "; ".join(self.kept_by) + "."


class _InAConversation(Protocol):
    @property
    def conversation_id(self) -> str | None: ...


_R = TypeVar("_R", bound=_InAConversation)


def removal(
    conversation: Conversation,
    *,
    answers: Sequence[Answer] = (),
    aspirations: Sequence[Aspiration] = (),
    fits: Sequence[FitAssessment] = (),
    ticks: Sequence[ChecklistTick] = (),
    contracts: Sequence[Contract] = (),
    notes: Sequence[PreparationNote] = (),
) -> Removal:
    """What deleting ``conversation`` takes with it (its answers, the aspiration and fit recorded
    in it, its checklist), or why it stays: a contract version was written in it, or notes
    prepare it."""
    cid = conversation.conversation_id

    def mine(rows: Iterable[_R]) -> tuple[_R, ...]:
        return tuple(r for r in rows if r.conversation_id == cid)

    kept_by = [
        f"version {k.version} of the development contract "
        f"({'agreed ' + human_date(k.agreed) if k.agreed else 'a draft'}) was written in it"
        for k in sorted(mine(contracts), key=lambda k: k.version)
    ]
    prepared = [n for n in mine(notes) if n.text.strip()]
    if prepared:
        verb = "prepares" if len(prepared) == 1 else "prepare"
        kept_by.append(f"{_count(len(prepared), 'preparation note')} {verb} it")
    empty = tuple(n for n in mine(notes) if not n.text.strip())
    return Removal(
        conversation, mine(answers), mine(aspirations), mine(fits), mine(ticks), empty, tuple(kept_by)
    )
