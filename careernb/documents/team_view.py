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
from careernb.domain.dates import human_date
from careernb.domain.people import Person
from careernb.follow_through import figures
from careernb.follow_through.health import from_the_person
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
        contract=f"version {r['version']}, agreed {human_date(agreed)}" if agreed else "no contract yet",
        sent_on_time=None if _missing(r["sent_on_time"]) else bool(r["sent_on_time"]),
        open_manager=int(r["open_manager"]),
        open_theirs=int(r["open_theirs"]),
        overdue=int(r["overdue"]),
    )


def context(frames: figures.Frames, team: list[str], quarter: str, today: dt.date) -> dict:
    """Everything the team view of one team shows, as plain data, from team-level frames."""
    return contexts(frames, {"": team}, quarter, today)[""]


def contexts(frames: figures.Frames, teams: dict[str, list[str]], quarter: str, today: dt.date) -> dict:
    """The team view's data for several teams at once: each figure is computed once, over
    everyone, then cut by team (a quarter's 84 teams cost about what one does)."""
    quarters = previous_quarters(quarter, 8)
    first, last = quarter_bounds(quarter)
    everyone = [pid for team in teams.values() for pid in team]
    manager_of = {pid: m for m, team in teams.items() for pid in team}
    table = figures.team_table(frames, everyone, today)
    names = table["name"].to_dict()
    grid = figures.conversations_held(frames, everyone, quarters)
    commitments = frames[figures.Commitment]
    kept_all = figures.kept_on_time(
        commitments.assign(team=commitments["person_id"].map(manager_of)), quarters[-4:], today, by="team"
    )
    changes = figures.goal_changes(frames, everyone, first, last)
    said = from_the_person.said_over_time(frames, everyone)
    out = {}
    for manager, team in teams.items():
        rows, held = table.loc[team], grid.loc[team]
        mine = kept_all[kept_all["team"] == manager]
        kept = {}
        for side in figures.SIDES:
            counted = {r.quarter: (r.kept, r.due) for r in mine[mine["side"] == side].itertuples()}
            kept[side] = [(q, *counted.get(q, (0, 0))) for q in quarters[-4:]]
        out[manager] = {
            "quarter": quarter,
            "today": today,
            "rows": [_row(str(pid), r) for pid, r in rows.iterrows()],  # indexed by person id
            "directions": figures.directions(rows),
            "quarters": quarters,
            "held_grid": {
                pid: [Fraction(int(v), 3) for v in counts]
                for pid, counts in zip(team, held.to_numpy().tolist(), strict=True)
            },
            "names": {pid: names[pid] for pid in team},
            "kept": kept,
            "changes": [
                GoalChange(names[pid], c["before"], c["after"], c["when"].date())
                for pid, c in changes.iterrows()
                if pid in set(team)
            ],
            "with_conversation": (figures.held_this_quarter(held), len(team)),
            "from_them": [(names[pid], said[pid]) for pid in team if pid in said],
            "their_side": from_the_person.quarters(frames, team, quarters[-4:], today)
            if from_the_person.has_replies(frames)
            else [],
            "statements": from_the_person.STATEMENTS,
            "scores": from_the_person.SCORES,
        }
    return out


def document(data: dict, manager: Person) -> str:
    """One team view as HTML, from :func:`context`'s data."""
    from careernb.documents import charts
    from careernb.documents.templating import render as render_document

    data = {**data, "manager_name": manager.name}
    data["charts"] = {
        "directions": charts.directions(data["directions"]),
        "held": charts.conversations_held(
            {data["names"][pid]: row for pid, row in data["held_grid"].items()}, data["quarters"]
        ),
        "kept": charts.kept_on_time(data["kept"]),
    }
    return render_document("team_view.html.j2", data)


def _explain(store, team: list[str], error: Exception) -> Exception:
    """A file the bulk read could not parse: the validating reader names its row and the fix."""
    for kind in [*figures.NEEDS, *from_the_person.NEEDS]:
        if kind is Person:
            continue
        for pid in team:
            try:
                store.load(kind, pid)
            except Exception as exact:
                return exact
    return error


def render_all(store, quarter: str, managers: list[Person], today: dt.date) -> dict[str, str | Exception]:
    """The team view of each manager, as HTML, or the error that stopped it (the others still render)."""
    from careernb.domain.people import team_of
    from careernb.ownership.sharing import team_frames

    people = store.load(Person)
    teams = {m.person_id: [p.person_id for p in team_of(people, m.person_id)] for m in managers}
    needs = {**figures.NEEDS, **from_the_person.NEEDS}
    try:
        everyone = [pid for team in teams.values() for pid in team]
        data = contexts(team_frames(store, everyone, needs), teams, quarter, today)
    except Exception as exc:  # one damaged file: read team by team, so only its team fails
        if len(teams) == 1:
            (manager,) = teams
            return {manager: _explain(store, teams[manager], exc)}
        return {m.person_id: _one(store, quarter, m, teams, today) for m in managers}
    return {m.person_id: document(data[m.person_id], m) for m in managers}


def _one(
    store, quarter: str, manager: Person, teams: dict[str, list[str]], today: dt.date
) -> str | Exception:
    try:
        return render_all(store, quarter, [manager], today)[manager.person_id]
    except Exception as exc:
        return exc


def render(
    store, quarter: str | None = None, *, manager_id: str | None = None, today: dt.date | None = None
) -> str:
    """The team view of one manager's reports as a standalone HTML document."""
    from careernb.domain.people import default_manager

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
    result = render_all(store, quarter, [manager], min(today, quarter_bounds(quarter)[1]))[manager.person_id]
    if isinstance(result, Exception):
        raise result
    return result


@register("team-view", per_person=False)
def export_team_view(store, person_id: str | None, out: Path) -> list[Path]:
    """The team view of this store's manager, written as ``out/team.html``."""
    return [private_file(Path(out) / "team.html", render(store))]
