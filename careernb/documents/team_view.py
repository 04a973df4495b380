"""The team-wide view: where each report wants to go, and whether the practice is alive.

Manager-only, built from team-level data alone (``sharing.for_team``): no
answer text, nothing private. A pure context for tests; charts and HTML for
people.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from fractions import Fraction
from pathlib import Path

from careernb.domain import contract as contracts
from careernb.domain.aspirations import (
    Aspiration,
    Direction,
    FitAssessment,
    direction_changed,
    history,
    latest_fit,
)
from careernb.domain.cadence import previous_quarters, quarter_bounds, quarter_of
from careernb.domain.contract import Commitment, Contract, Party, sent_late
from careernb.domain.conversations import Conversation, held
from careernb.domain.people import Person
from careernb.ownership.exports import private_file, register
from careernb.ownership.sharing import Shared


@dataclasses.dataclass(frozen=True)
class PersonRow:
    person_id: str
    name: str
    role: str
    direction: str
    three_year: str
    fit: str
    confirmed: dt.date | None
    months_since_confirmed: int | None
    contract: str
    sent_on_time: bool | None
    open_manager: int
    open_theirs: int
    overdue: int


@dataclasses.dataclass(frozen=True)
class GoalChange:
    name: str
    before: str
    after: str
    when: dt.date


def _months(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month - (b.day < a.day)


def person_row(shared: Shared, person: Person, today: dt.date) -> PersonRow:
    pid = person.person_id
    aspiration = (history(shared.records(Aspiration, pid)) or [None])[-1]
    fit = latest_fit(shared.records(FitAssessment, pid))
    current = contracts.latest_agreed(shared.records(Contract, pid))
    open_rows = []
    status = "no contract yet"
    sent_on_time = None
    if current is not None:
        open_rows = [
            c
            for c in contracts.of_version(shared.records(Commitment, pid), current.version)
            if c.status is contracts.Status.OPEN
        ]
        status = f"version {current.version}, agreed {current.agreed:%-d %b %Y}"
        late = sent_late(current, today)
        sent_on_time = None if late is None else not late
    confirmed = aspiration.last_confirmed if aspiration else None
    return PersonRow(
        person_id=pid,
        name=person.name,
        role=person.role,
        direction=aspiration.direction.value if aspiration and aspiration.direction else "not asked yet",
        three_year=aspiration.three_year if aspiration else "",
        fit=fit.fit.value if fit else "not assessed",
        confirmed=confirmed,
        months_since_confirmed=_months(confirmed, today) if confirmed else None,
        contract=status,
        sent_on_time=sent_on_time,
        open_manager=sum(c.party is Party.MANAGER for c in open_rows),
        open_theirs=sum(c.party is Party.PERSON for c in open_rows),
        overdue=sum(c.overdue(today) for c in open_rows),
    )


def context(shared: Shared, team: list[Person], quarter: str, today: dt.date) -> dict:
    """Everything the team view shows, as plain data."""
    quarters = previous_quarters(quarter, 8)
    first, last = quarter_bounds(quarter)
    rows = [person_row(shared, p, today) for p in team]
    directions = {d.value: 0 for d in Direction} | {"not asked yet": 0}
    for row in rows:
        directions[row.direction] += 1
    held_grid = {}
    for p in team:
        counts = dict.fromkeys(quarters, Fraction(0))
        for c in held(shared.records(Conversation, p.person_id), career_only=True):
            if quarter_of(c.held) in counts:
                # Three sessions of one phase each are one career conversation, not three.
                counts[quarter_of(c.held)] += Fraction(len(c.kind.phases), 3)
        held_grid[p.name] = [counts[q] for q in quarters]
    kept = {"manager": [], "reports": []}
    all_commitments = [c for p in team for c in shared.records(Commitment, p.person_id)]
    for q in quarters[-4:]:
        start, end = quarter_bounds(q)
        for side, party in (("manager", Party.MANAGER), ("reports", Party.PERSON)):
            done, due = contracts.kept_on_time(all_commitments, party, start, min(end, today))
            kept[side].append((q, done, due))
    changes = []
    for p in team:
        moved = direction_changed(shared.records(Aspiration, p.person_id))
        if moved and first <= moved[1].recorded <= last:
            before, after = moved
            changes.append(GoalChange(p.name, _goal(before), _goal(after), after.recorded))
    had_conversation = sum(1 for p in team if held_grid[p.name][-1] > 0)
    return {
        "quarter": quarter,
        "today": today,
        "rows": rows,
        "directions": directions,
        "quarters": quarters,
        "held_grid": held_grid,
        "kept": kept,
        "changes": changes,
        "with_conversation": (had_conversation, len(team)),
    }


def _goal(a: Aspiration) -> str:
    direction = a.direction.value if a.direction else "direction not recorded"
    return f"{direction}: {a.three_year}" if a.three_year else direction


def render(
    store, quarter: str | None = None, *, manager_id: str | None = None, today: dt.date | None = None
) -> str:
    """The team view of one manager's reports as a standalone HTML document."""
    from careernb.documents import charts
    from careernb.documents.templating import render as render_document
    from careernb.domain.people import default_manager, team_of
    from careernb.ownership.sharing import for_team

    today = today or dt.date.today()
    quarter = quarter or quarter_of(today)
    people = store.load(Person)
    manager = (
        next((p for p in people if p.person_id == manager_id), None)
        if manager_id
        else default_manager(people)
    )
    if manager is None:
        from careernb.errors import CareernbError

        raise CareernbError("this data home has more than one manager; pass --manager ID")
    team = team_of(people, manager.person_id)
    shared = for_team(store, [p.person_id for p in team])
    data = context(
        shared, [shared.person(p.person_id) for p in team], quarter, min(today, quarter_bounds(quarter)[1])
    )
    data["manager_name"] = manager.name
    data["charts"] = {
        "directions": charts.directions(data["directions"]),
        "held": charts.conversations_held(data["held_grid"], data["quarters"]),
        "kept": charts.kept_on_time(data["kept"]),
    }
    return render_document("team_view.html.j2", data)


@register("team-view", per_person=False)
def export_team_view(store, person_id: str | None, out: Path) -> list[Path]:
    """The team view of this store's manager, written as ``out/team.html``."""
    return [private_file(Path(out) / "team.html", render(store))]
