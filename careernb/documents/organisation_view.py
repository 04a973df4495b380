"""The organisation view for HR: every manager's practice in one quarter, team-class figures only.

Computed with pandas from ``Store.frame()`` by the same figure functions as the
team view, from a store that can read team-level columns only (the batch role
in the organisation's database). No answer text, no private note: the batch
role cannot read them, and the figures never ask.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable

from careernb.domain.cadence import quarter_bounds, quarter_of
from careernb.domain.people import Person, team_of
from careernb.follow_through import figures, health


@dataclasses.dataclass(frozen=True)
class ManagerFigures:
    name: str
    metrics: figures.QuarterMetrics
    goals_changed: int
    failures: dict[str, int | None]
    """Each of the five failures: reports in whom team-level data shows it (None: not countable)."""
    directions: dict[str, int]


def manager_figures(store, quarter: str, today: dt.date) -> ManagerFigures | None:
    """One manager's row, from their store (``store.me`` is the manager's person id)."""
    from careernb.ownership.sharing import team_frames

    people = store.load(Person)
    me = next(p for p in people if p.person_id == store.me)
    team = [p.person_id for p in team_of(people, me.person_id)]
    if not team:
        return None
    frames = team_frames(store, team, figures.NEEDS)
    first, last = quarter_bounds(quarter)
    as_of = min(today, last)
    metrics = figures.quarter_metrics(frames, team, quarter, as_of)
    goals = figures.goal_changes(frames, team, first, as_of)
    table = figures.team_table(frames, team, as_of)
    name = f"{me.name} ({store.writer})" if getattr(store, "writer", None) else me.name
    return ManagerFigures(
        name, metrics, len(goals), _failures(store, people, team, as_of), figures.directions(table)
    )


def _failures(store, people: list[Person], team: list[str], today: dt.date) -> dict[str, int]:
    """The five failures as team-level records show them (answers are private: never read)."""
    from careernb.domain.contract import Commitment, Contract
    from careernb.domain.conversations import Conversation

    found: Counter[str] = Counter()
    by_id = {p.person_id: p for p in people}
    for pid in team:
        records = health.PersonRecords(
            by_id[pid],
            store.load(Conversation, pid),
            [],
            store.load(Contract, pid),
            store.load(Commitment, pid),
        )
        for failure in {f.failure for f in health.detect(records, [], today)}:
            found[failure.value] += 1
    # Steering is read from answers, which are private: the organisation never counts it.
    return {f.value: None if f is health.Failure.STEERING else found[f.value] for f in health.Failure}


def render(rows: Iterable[ManagerFigures], quarter: str | None = None, today: dt.date | None = None) -> str:
    from careernb.documents import charts
    from careernb.documents.templating import render as render_document

    today = today or dt.date.today()
    quarter = quarter or quarter_of(today)
    rows = sorted(rows, key=lambda r: r.name)
    directions: Counter[str] = Counter()
    for r in rows:
        directions.update(r.directions)
    return render_document(
        "organisation_view.html.j2",
        {
            "quarter": quarter,
            "today": today,
            "rows": rows,
            "failures": [f.value for f in health.Failure],
            "reports": sum(r.metrics.reports for r in rows),
            "directions_chart": charts.directions(dict(directions)),
        },
    )
