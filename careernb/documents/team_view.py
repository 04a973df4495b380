"""The team-wide view: where each report wants to go, and whether the practice is alive.

Manager-only, built from team-level columns alone (``sharing.team_frames``):
no answer text, nothing private. The figures come from
:mod:`careernb.follow_through.figures`, computed with pandas from frames, so a
database backend feeds the same code; :func:`context` is plain data for tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from fractions import Fraction
from pathlib import Path

import pandas as pd

from careernb.domain.cadence import previous_quarters, quarter_bounds, quarter_of
from careernb.domain.people import Person
from careernb.follow_through import figures
from careernb.ownership.exports import private_file, register


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


def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def _row(pid: str, r: pd.Series) -> PersonRow:
    agreed = None if _missing(r["agreed"]) else r["agreed"].date()
    return PersonRow(
        person_id=pid,
        name=r["name"],
        role=r["role"],
        direction=r["direction"],
        three_year=r["three_year"],
        fit=r["fit"],
        confirmed=None if _missing(r["confirmed"]) else r["confirmed"].date(),
        months_since_confirmed=None
        if _missing(r["months_since_confirmed"])
        else int(r["months_since_confirmed"]),
        contract=f"version {r['version']}, agreed {agreed:%-d %b %Y}" if agreed else "no contract yet",
        sent_on_time=None if _missing(r["sent_on_time"]) else bool(r["sent_on_time"]),
        open_manager=int(r["open_manager"]),
        open_theirs=int(r["open_theirs"]),
        overdue=int(r["overdue"]),
    )


def context(frames: figures.Frames, team: list[str], quarter: str, today: dt.date) -> dict:
    """Everything the team view shows, as plain data, from team-level frames."""
    quarters = previous_quarters(quarter, 8)
    first, last = quarter_bounds(quarter)
    table = figures.team_table(frames, team, today)
    names = table["name"].to_dict()
    grid = figures.conversations_held(frames, team, quarters)
    kept_frame = figures.kept_on_time(frames[figures.Commitment], quarters[-4:], today)
    kept = {
        side: [(r.quarter, r.kept, r.due) for r in kept_frame[kept_frame["side"] == side].itertuples()]
        for side in figures.SIDES
    }
    changes = [
        GoalChange(names[pid], c["before"], c["after"], c["when"].date())
        for pid, c in figures.goal_changes(frames, team, first, last).iterrows()
    ]
    return {
        "quarter": quarter,
        "today": today,
        "rows": [_row(pid, r) for pid, r in table.iterrows()],
        "directions": figures.directions(table),
        "quarters": quarters,
        "held_grid": {pid: [Fraction(int(v), 3) for v in grid.loc[pid]] for pid in team},
        "names": names,
        "kept": kept,
        "changes": changes,
        "with_conversation": (figures.held_this_quarter(grid), len(team)),
    }


def render(
    store, quarter: str | None = None, *, manager_id: str | None = None, today: dt.date | None = None
) -> str:
    """The team view of one manager's reports as a standalone HTML document."""
    from careernb.documents import charts
    from careernb.documents.templating import render as render_document
    from careernb.domain.people import default_manager, team_of
    from careernb.ownership.sharing import team_frames

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
    team = [p.person_id for p in team_of(people, manager.person_id)]
    frames = team_frames(store, team, figures.NEEDS)
    data = context(frames, team, quarter, min(today, quarter_bounds(quarter)[1]))
    data["manager_name"] = manager.name
    data["charts"] = {
        "directions": charts.directions(data["directions"]),
        "held": charts.conversations_held(
            {data["names"][pid]: row for pid, row in data["held_grid"].items()}, data["quarters"]
        ),
        "kept": charts.kept_on_time(data["kept"]),
    }
    return render_document("team_view.html.j2", data)


@register("team-view", per_person=False)
def export_team_view(store, person_id: str | None, out: Path) -> list[Path]:
    """The team view of this store's manager, written as ``out/team.html``."""
    return [private_file(Path(out) / "team.html", render(store))]
