"""The "without notes" self-test.

What good looks like: "The manager can describe, without consulting notes,
where each of their direct reports wants to go in the next three years." The
manager writes a guess for each report; careernb then sets it beside what the
person actually said and names the mismatches. Guesses are private and kept,
so the test can be taken again each quarter.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re

from careernb.domain.aspirations import Aspiration, Direction, history
from careernb.store import Id, Privacy, column, table


@table("self_test", key=("guess_id",), per_person=True)
class Guess:
    """Where the manager thinks a report wants to go, written without notes."""

    guess_id: Id = column(Privacy.PRIVATE, "Stable id.")
    person_id: Id = column(Privacy.PRIVATE, "Who the guess is about.", references="people")
    written: dt.date = column(Privacy.PRIVATE, "When the manager wrote it.")
    three_year: str = column(
        Privacy.PRIVATE, "Where the manager thinks they want to be in three years.", default=""
    )
    direction: Direction | None = column(
        Privacy.PRIVATE, "The direction the manager thinks they want to move in.", default=None
    )

    @property
    def empty(self) -> bool:
        return not self.three_year.strip() and self.direction is None


class Match(enum.StrEnum):
    MATCH = "matches what they said"
    MISMATCH = "does not match"
    COULD_NOT_SAY = "could not say"
    NOT_ASKED = "they have not said yet"

    @property
    def counts(self) -> bool:
        """Part of the score: there was something to know."""
        return self is not Match.NOT_ASKED


@dataclasses.dataclass(frozen=True)
class Comparison:
    person_id: str
    guess: Guess | None
    said: Aspiration | None
    shared_words: tuple[str, ...]
    mismatches: tuple[str, ...]
    match: Match


_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "but",
        "by",
        "do",
        "for",
        "from",
        "have",
        "i",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "they",
        "this",
        "to",
        "up",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "will",
        "with",
        "would",
        "you",
        "your",
        "want",
        "wants",
        "like",
        "still",
        "more",
        "some",
        "one",
        "two",
        "three",
        "years",
        "year",
        "being",
    ]
)


def words(text: str) -> set[str]:
    """The content words of a text, lower-cased, a plural 's' dropped."""
    out = set()
    for w in re.findall(r"[^\W\d_]{3,}", text.casefold()):
        if w in _STOP:
            continue
        out.add(w[:-1] if w.endswith("s") and len(w) > 3 else w)
    return out


def said_by(aspirations: list[Aspiration], day: dt.date) -> Aspiration | None:
    """What they had said by ``day``: the latest aspiration recorded on or before it."""
    before = [a for a in history(aspirations) if a.recorded <= day]
    return before[-1] if before else None


def compare(person_id: str, guess: Guess | None, aspirations: list[Aspiration]) -> Comparison:
    """The guess beside what they said, and the mismatches, in plain words."""
    day = guess.written if guess else dt.date.max
    said = said_by(aspirations, day)
    if said is None:
        return Comparison(person_id, guess, None, (), (), Match.NOT_ASKED)
    if guess is None or guess.empty:
        return Comparison(person_id, guess, said, (), ("you could not say",), Match.COULD_NOT_SAY)
    mismatches = []
    if guess.direction is not None and said.direction is not None and guess.direction != said.direction:
        mismatches.append(
            f"direction: you wrote \u201c{guess.direction.value}\u201d, "
            f"they said \u201c{said.direction.value}\u201d"
        )
    shared: set[str] = set()
    if guess.three_year.strip():
        if said.three_year.strip():
            shared = words(guess.three_year) & words(said.three_year)
            if not shared:
                mismatches.append("three-year picture: no words in common with what they said")
        else:
            mismatches.append("three-year picture: they have not described one yet")
    elif said.three_year.strip():
        mismatches.append("three-year picture: you left it blank")
    match = Match.MISMATCH if mismatches else Match.MATCH
    return Comparison(person_id, guess, said, tuple(sorted(shared)), tuple(mismatches), match)


def latest_guess(guesses: list[Guess], on_or_before: dt.date | None = None) -> Guess | None:
    rows = [g for g in guesses if on_or_before is None or g.written <= on_or_before]
    rows.sort(key=lambda g: (g.written, g.guess_id))
    return rows[-1] if rows else None


def score(comparisons: list[Comparison]) -> tuple[int, int]:
    """(matched, counted): reports never asked are left out."""
    counted = [c for c in comparisons if c.match.counts]
    return sum(c.match is Match.MATCH for c in counted), len(counted)


def score_between(
    guesses: dict[str, list[Guess]], aspirations: dict[str, list[Aspiration]], first: dt.date, last: dt.date
) -> tuple[int, int]:
    """(matched, counted) for the latest self-test written between ``first`` and ``last``, per person."""
    comparisons = []
    for pid, rows in guesses.items():
        g = latest_guess([x for x in rows if first <= x.written <= last])
        if g is not None:
            comparisons.append(compare(pid, g, aspirations.get(pid, [])))
    return score(comparisons)
