"""Before You Start: the manager's private preparation notes."""

from __future__ import annotations

import datetime as dt
import enum

from . import playbook
from .store import Id, Privacy, column, table


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
