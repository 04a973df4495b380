"""The self-test's model: a guess per report, written first, then set beside what they said.

No widgets and no store. What they said stays out of the model until
:meth:`SelfTestModel.compare` is given it, so nothing can show it early.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import traitlets

from careernb.domain.aspirations import Aspiration, Direction
from careernb.domain.self_test import Comparison, Guess, compare, score
from careernb.store import new_id
from careernb.views.kit.parameters import ModelOnTheDay, Today


class SelfTestModel(ModelOnTheDay):
    guesses = traitlets.Dict()
    """person id -> this sitting's :class:`Guess` (comparing again corrects it, not adds one)."""
    comparisons: traitlets.List[Comparison] = traitlets.List()

    def __init__(self, today: Today | dt.date | None, person_ids: list[str], **kwargs) -> None:
        super().__init__(today, **kwargs)
        self.guesses = {pid: Guess(new_id("g"), pid, self.today, "", None) for pid in person_ids}

    def write(self, person_id: str, **values: str | Direction | None) -> None:
        """Change a guess's ``three_year`` picture or its ``direction`` (None: "I don't know")."""
        self.guesses = {**self.guesses, person_id: dataclasses.replace(self.guesses[person_id], **values)}

    def kept(self) -> list[Guess]:
        """This sitting's guesses, blank ones too, dated the day they are kept."""
        self.guesses = {pid: dataclasses.replace(g, written=self.today) for pid, g in self.guesses.items()}
        return list(self.guesses.values())

    def compare(self, said: dict[str, list[Aspiration]]) -> list[Comparison]:
        """Every guess beside what that person said (a blank guess is an answer: 'could not say')."""
        self.comparisons = [compare(pid, g, said.get(pid, [])) for pid, g in self.guesses.items()]
        return self.comparisons

    @property
    def score(self) -> tuple[int, int]:
        """(matched, counted): reports never asked are left out."""
        return score(self.comparisons)
