"""Before You Start: the manager's private preparation notes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum

from careernb.domain import playbook
from careernb.domain.conversations import Answer, Conversation
from careernb.domain.questions import Question
from careernb.domain.signals import Signal
from careernb.store import Id, Privacy, column, table
from careernb.store.sealed_cells import is_locked


class Reflection(enum.StrEnum):
    """The six things to think about before the conversation."""

    CARES_ABOUT = "cares-about"
    OPPORTUNITIES = "opportunities"
    PATHS = "paths"
    CONSTRAINTS = "constraints"
    CAN_COMMIT = "can-commit"
    AVOIDING = "avoiding"

    @property
    def question(self) -> str:
        return playbook.REFLECTIONS[self.value]


@table("preparation", key=("note_id",), per_person=True)
class PreparationNote:
    """A private note written before a conversation. Never leaves the manager's store."""

    note_id: Id = column(Privacy.PRIVATE, "Stable id.")
    person_id: Id = column(Privacy.PRIVATE, "Who the note is about.", references="people")
    reflection: Reflection = column(Privacy.PRIVATE, "Which of the six reflections it answers.")
    text: str = column(Privacy.PRIVATE, "The manager's note.", default="")
    conversation_id: Id | None = column(
        Privacy.PRIVATE, "The conversation it prepares.", default=None, references="conversations"
    )
    written: dt.datetime | None = column(Privacy.PRIVATE, "Last saved.", default=None)


@dataclasses.dataclass(frozen=True)
class Said:
    """What the person said in one earlier conversation or check-in."""

    when: dt.date
    title: str
    answers: tuple[tuple[str, str, str], ...] = ()
    """(question, their answer, the version underneath), in the bank's order."""
    notes: tuple[str, ...] = ()
    """The manager's note of a check-in, and the signals noticed in it."""


def said_before(
    conversations: list[Conversation],
    answers: list[Answer],
    signals: list[Signal],
    questions: list[Question],
    *,
    before: dt.date | None = None,
) -> list[Said]:
    """Earlier conversations and informal check-ins with what was said, most recent first."""
    text = {q.question_id: q.text for q in questions}
    order = {q.question_id: i for i, q in enumerate(questions)}
    by_conversation: dict[str, list[Answer]] = {}
    for a in answers:
        if a.answer.strip() or a.underneath.strip():
            by_conversation.setdefault(a.conversation_id, []).append(a)
    noticed: dict[str | None, list[Signal]] = {}
    for s in signals:
        noticed.setdefault(s.conversation_id, []).append(s)
    out = []
    for c in conversations:
        if not c.held or (before is not None and c.held >= before):
            continue
        said = sorted(by_conversation.get(c.conversation_id, []), key=lambda a: order.get(a.question_id, 1e9))
        notes = [c.note] if c.note.strip() else []
        notes += [line for s in noticed.get(c.conversation_id, []) for line in _signal_lines(s)]
        if not said and not notes:
            continue
        out.append(
            Said(
                c.held,
                c.kind.value,
                tuple((text.get(a.question_id, a.question_id), a.answer, a.underneath) for a in said),
                tuple(notes),
            )
        )
    known = {c.conversation_id for c in conversations}
    for s in signals:
        if s.conversation_id not in known and (before is None or s.noticed < before):
            out.append(Said(s.noticed, "signal noticed", notes=_signal_lines(s)))
    return sorted(out, key=lambda s: s.when, reverse=True)


def _signal_lines(signal: Signal) -> tuple[str, ...]:
    line = f"Signal: {signal.kind.playbook_text}"
    if is_locked(signal.note):  # read while locked: kept apart, so it shows as locked, never as its cell
        return (line, signal.note)
    return (f"{line}. {signal.note}",) if signal.note.strip() else (line,)
