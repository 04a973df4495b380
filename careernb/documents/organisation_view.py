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
from typing import Any

from careernb.domain.cadence import quarter_bounds, quarter_of
from careernb.domain.people import Person, team_of
from careernb.follow_through import figures, health
from careernb.store import Store


@dataclasses.dataclass(frozen=True)
class ManagerFigures:
    name: str
    metrics: figures.QuarterMetrics
    goals_changed: int
    failures: dict[str, int | None]
    """Each of the five failures: reports in whom team-level data shows it (None: not countable)."""
    directions: dict[str, int]


def manager_figures(store: Store, quarter: str, today: dt.date) -> ManagerFigures | None:
    """One manager's row, from their store (its scope names the manager's person id)."""
    from careernb.documents.team_view import context
    from careernb.ownership.sharing import team_frames

    people = store.load(Person)
    me = next(p for p in people if p.person_id == store.scope.manager_id)
    team = [p.person_id for p in team_of(people, me.person_id)]
    if not team:
        return None
    frames = team_frames(store, team, figures.NEEDS)
    as_of = min(today, quarter_bounds(quarter)[1])
    shown = context(frames, team, quarter, as_of)
    return figures_of(name_of(store, me), frames, team, shown, failures_of(store, team, as_of))


def name_of(store: Store, manager: Person) -> str:
    """The manager as HR knows them: the name, and the database role when there is one."""
    writer = store.scope.writer
    return f"{manager.name} ({writer})" if writer else manager.name


def figures_of(
    name: str, frames: figures.Frames, team: list[str], shown: dict[str, Any], failures: dict[str, int | None]
) -> ManagerFigures:
    """A manager's row from their team's frames and the team view's own figures (``shown``), so
    that HR counts the directions and changed goals the manager's team view lists."""
    metrics = figures.quarter_metrics(frames, team, shown["quarter"], shown["today"])
    return ManagerFigures(name, metrics, len(shown["changes"]), failures, shown["directions"])


def failures_of(store: Store, team: list[str], today: dt.date) -> dict[str, int | None]:
    """The five failures as team-level records show them (answers are private: never read)."""
    from careernb.domain.contract import Commitment, Contract
    from careernb.domain.conversations import Conversation

    found: Counter[str] = Counter()
    by_id = {p.person_id: p for p in store.load(Person)}
    tables = [store.load_team(t, team) for t in (Conversation, Contract, Commitment)]
    for pid in team:
        conversations, contracts, commitments = (rows[pid] for rows in tables)
        records = health.PersonRecords(by_id[pid], conversations, [], contracts, commitments)
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
