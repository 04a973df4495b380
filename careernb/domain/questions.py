"""The question bank: every question of the playbook, plus the manager's own."""

from __future__ import annotations

import enum
import functools
from importlib import resources
from pathlib import Path

from careernb.domain.conversations import ConversationKind
from careernb.store import Id, Privacy, Store, column, table, table_of
from careernb.store.files import parse_file


class Section(enum.StrEnum):
    OPENER = "opener"
    CURRENT_STATE = "on current state"
    DIRECTION = "on direction"
    BLOCKERS = "on blockers"
    FOLLOW_UP = "surface-answer follow-up"

    @property
    def is_honest(self) -> bool:
        """From 'The Questions That Unlock Honest Answers'."""
        return self in (Section.CURRENT_STATE, Section.DIRECTION, Section.BLOCKERS)


class QuickGroup(enum.StrEnum):
    """The groups of the playbook's Quick Reference, in its order."""

    NOW = "Where are you now?"
    DIRECTION = "Where do you want to go?"
    HONEST = "The honest version"
    GAP = "Closing the gap"


class Source(enum.StrEnum):
    PLAYBOOK = "playbook"
    MANAGER = "manager"


@table("questions", key=("question_id",), per_person=False)
class Question:
    """A question of the bank. The playbook's ship with careernb; the manager adds their own."""

    question_id: Id = column(Privacy.TEAM, "Stable id; answers refer to it.")
    conversation: ConversationKind = column(Privacy.TEAM, "The conversation it opens.")
    section: Section = column(Privacy.TEAM, "Opener, an honest-answer group, or the follow-up.")
    text: str = column(Privacy.TEAM, "The question, word for word.", nonempty=True)
    trust_gated: bool = column(
        Privacy.TEAM, "Ask only when real trust is established; hidden until then.", default=False
    )
    quick_reference: QuickGroup | None = column(
        Privacy.TEAM, "Its group in the printable quick reference, if it is there.", default=None
    )
    variant_of: Id | None = column(
        Privacy.TEAM, "The question this is a shorter wording of (quick reference).", default=None
    )
    position: int = column(Privacy.TEAM, "Order within the bank.", default=0)
    source: Source = column(Privacy.TEAM, "playbook, or manager for their own.", default=Source.MANAGER)

    @property
    def asked_in_conversation(self) -> bool:
        """Shown with an answer field (shorter quick-reference wordings are not)."""
        return self.variant_of is None and self.section is not Section.FOLLOW_UP


def playbook_questions() -> list[Question]:
    return list(_playbook())


@functools.cache
def _playbook() -> tuple[Question, ...]:
    # The package's own file, the same for the life of the process: read and checked once.
    path = Path(str(resources.files("careernb").joinpath("data/questions.csv")))
    return tuple(parse_file(path, table_of(Question), person_id=None, people=set(), references={}))


def bank(store: Store | None = None) -> list[Question]:
    """The playbook's questions, then the manager's own, each in position order."""
    own = store.load(Question) if store is not None else []
    ours = sorted(playbook_questions(), key=lambda q: q.position)
    return ours + sorted(own, key=lambda q: (q.position, q.question_id))


def for_conversation(questions: list[Question], kind: ConversationKind) -> list[Question]:
    """The questions with answer fields for one conversation: openers, then honest ones."""
    asked = [q for q in questions if q.conversation is kind and q.asked_in_conversation]
    return sorted(asked, key=lambda q: (q.section is not Section.OPENER, q.section.is_honest))
