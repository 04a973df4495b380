"""Practice health's model: the five common failures found in your data, the quarter's measures
of what good looks like, and goals that changed.

No widgets: :func:`build` reads the store into a :class:`Report`, a pure context
the panel renders; :class:`HealthModel` holds the one on screen.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import traitlets

from careernb.domain.aspirations import Aspiration
from careernb.domain.cadence import quarter_bounds
from careernb.domain.goals import steps
from careernb.domain.people import Person, team
from careernb.domain.questions import bank
from careernb.domain.self_test import Guess, score_between
from careernb.follow_through import health
from careernb.follow_through.figures import QuarterMetrics, Ratio
from careernb.follow_through.health import Failure, Finding
from careernb.store import Store
from careernb.views.kit.parameters import ModelOnTheDay


@dataclasses.dataclass(frozen=True)
class Report:
    """Everything the health page shows: a pure context, rendered by :func:`html`."""

    today: dt.date
    names: dict[str, str]
    findings: dict[Failure, list[Finding]]
    metrics: list[QuarterMetrics]
    without_notes: dict[str, Ratio]
    history: list[tuple[Person, list]]


def build(store: Store, people: list[Person], today: dt.date, quarters: int = 4) -> Report:
    records = health.load(store, people)
    questions = bank(store)
    found = [f for r in records for f in health.detect(r, questions, today)]
    ms = health.metrics(records, today, quarters)
    guesses = store.load_team(Guess, [p.person_id for p in people])
    asps = store.load_team(Aspiration, [p.person_id for p in people])
    known = {}
    for m in ms:
        first, last = quarter_bounds(m.quarter)
        known[m.quarter] = Ratio(*score_between(guesses, asps, first, min(last, today)))
    history = [(p, steps(asps[p.person_id])) for p in people]
    changed = [(p, s) for p, s in history if any(step.changed for step in s[1:])]
    return Report(today, {p.person_id: p.name for p in people}, health.by_failure(found), ms, known, changed)


class HealthModel(ModelOnTheDay):
    report = traitlets.Instance(Report, allow_none=True)

    def load(self, store: Store) -> None:
        """Read the whole team again: after work in other notebooks."""
        self.report = build(store, team(store), self.today)

    def count(self, failure: Failure) -> int:
        """How many times the data shows this failure."""
        return len(self.report.findings.get(failure, ())) if self.report else 0
