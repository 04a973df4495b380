"""What one demo person says, and what their manager writes about them.

The stories (who is overdue, who was approached...) decide the dates and the
shape of the history; a voice decides the words. A text may change with the
direction the person held that quarter, so a person whose direction moved
answers differently before and after.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from careernb.domain.aspirations import Direction
from careernb.domain.preparation import Reflection
from careernb.domain.signals import SignalKind

Said = str | Mapping[Direction, str]
"""A text, or one text per direction the person held."""

POOL = 8
"""Commitments each side draws from: eight keep every date the demo derives from the draws."""


def said(text: Said, direction: Direction) -> str:
    """The words for the direction held, or the one text that holds for every direction."""
    if isinstance(text, str):
        return text
    return text[direction]


@dataclasses.dataclass(frozen=True)
class FitWords:
    """The honest-fit explorations, for an ambition the organisation cannot fully hold."""

    partial_paths: str
    timeline: str
    in_parallel: str
    transition: str


@dataclasses.dataclass(frozen=True)
class Voice:
    answers: Mapping[str, Said]
    """Question id -> their answer."""
    picture: Said
    """Where they want to be in three years."""
    admired_role: Said
    their_actions: tuple[str, ...]
    my_actions: tuple[str, ...]
    """The manager's commitments to them."""
    open_question: Said
    reviews: tuple[str, str]
    """What the monthly reviews look at."""
    notes: Mapping[Reflection, str] = dataclasses.field(default_factory=dict)
    """The manager's private preparation."""
    domain: Said = ""
    ten_year: str = ""
    things_to_try: str = ""
    drawn_to: str = ""
    moving_away_from: str = ""
    fit: FitWords | None = None
    signals: Mapping[SignalKind, tuple[str, str]] = dataclasses.field(default_factory=dict)
    """Signal -> (the check-in's note, what was noticed)."""
    paused: str = "Paused while the launch is on."
    dropped: str = "No longer relevant after the reorg."

    def __post_init__(self) -> None:
        for pool in (self.their_actions, self.my_actions):
            if len(pool) != POOL or len(set(pool)) != POOL:
                raise ValueError(f"a voice needs {POOL} distinct commitments on each side: {pool}")

    def answer(self, question_id: str, direction: Direction) -> str:
        return said(self.answers[question_id], direction)

    def all_answers(self, question_id: str) -> set[str]:
        """Every answer this person may give to one question, whatever their direction."""
        text = self.answers[question_id]
        return {text} if isinstance(text, str) else set(text.values())
