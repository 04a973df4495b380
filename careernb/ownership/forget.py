"""Forgetting a person: every row about them, from every table, and the files that are theirs.

A file is theirs by an exact rule on the names careernb gives what it writes,
never by a word found in a name or in the bytes:

- ``reports/contracts/contract-<id>-v<N>.html`` and ``.eml`` (one contract);
- ``reports/<quarter>/contracts/<id>.html`` (the quarter's batch);
- ``outbox/<id>-advance-prompt-<day>.eml`` (an unsent draft).

Their manager's team view of a quarter they were in, and that quarter's index,
named them too: those are deleted as stale (render the quarter again). Any
other file that still holds their full name is listed, never deleted.
"""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

from careernb.domain.people import Person
from careernb.errors import CareernbError, UnknownPersonError
from careernb.store import CsvStore

REPORTS_FOLDER = "reports"
OUTBOX_FOLDER = "outbox"  # careernb.documents.advance_prompt.OUTBOX (a layer above this one)
# Greedy ``.+`` then an anchored tail: the id is everything before the last "-v<N>".
_CONTRACT = re.compile(r"contract-(?P<id>.+)-v\d+\.(html|eml)")
_PROMPT = re.compile(r"(?P<id>.+)-advance-prompt-(\d{4}-\d{2}-\d{2}|unbooked)\.eml")
_QUARTER = re.compile(r"\d{4}Q[1-4]")
_QUARTER_WIDE = ("index.html", "result.json", "quarterly.ipynb")


@dataclasses.dataclass(frozen=True)
class Forgotten:
    person: Person
    files: list[Path]
    """Files deleted: the person's tables and the reports that are theirs alone."""
    stale_reports: list[Path]
    """Their manager's team views and the quarter indexes that listed them; deleted too."""
    mentioned: list[Path] = dataclasses.field(default_factory=list)
    """Other files that still hold their name: not theirs alone, so listed, not deleted."""


def plan(store: CsvStore, person_id: str) -> Forgotten:
    """What forgetting would remove, without removing anything."""
    if store.home is None:  # the database keeps rows earlier managers wrote: only its owner reaches them
        raise CareernbError(
            f"In an organisation's database, forgetting a person removes rows other managers wrote too, "
            f"so an administrator does it: `careernb org forget {person_id} --store ADMIN_URL`."
        )
    people = {p.person_id: p for p in store.load(Person)}
    if person_id not in people:
        raise UnknownPersonError(person_id, list(people))
    managed = [p.name for p in people.values() if p.manager_id == person_id]
    if managed:
        raise CareernbError(
            f"{people[person_id].name} manages {', '.join(managed)}; give them another manager "
            "first (in people.csv or the team dashboard), then forget."
        )
    person = people[person_id]
    folder = store.person_folder(person_id)
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []
    own, stale = _theirs(store.home, person)
    gone = set(files + own + stale)
    mentioned = [p for p in _rendered(store.home) if p not in gone and _names(p, person)]
    return Forgotten(person, files + own, stale, mentioned)


def _rendered(home: Path) -> list[Path]:
    found: list[Path] = []
    for name in (REPORTS_FOLDER, OUTBOX_FOLDER):
        if (home / name).is_dir():
            found += sorted(p for p in (home / name).rglob("*") if p.is_file())
    return found


def _theirs(home: Path, person: Person) -> tuple[list[Path], list[Path]]:
    pid = person.person_id
    own, quarters = [], set()
    for path in _rendered(home):
        contract = _CONTRACT.fullmatch(path.name)
        prompt = _PROMPT.fullmatch(path.name)
        in_quarter = path.parent.name == "contracts" and _QUARTER.fullmatch(path.parent.parent.name)
        if (
            (contract and contract["id"] == pid and path.parent.name == "contracts")
            or (prompt and prompt["id"] == pid and path.parent.name == OUTBOX_FOLDER)
            or (in_quarter and path.name == f"{pid}.html")
        ):
            own.append(path)
            if in_quarter:
                quarters.add(path.parent.parent)
    stale = []
    if person.manager_id:
        for team in sorted((home / REPORTS_FOLDER).glob(f"*/team-{person.manager_id}.html")):
            if _QUARTER.fullmatch(team.parent.name):
                stale.append(team)
                quarters.add(team.parent)
    stale += [q / name for q in sorted(quarters) for name in _QUARTER_WIDE if (q / name).is_file()]
    return own, stale


def _names(path: Path, person: Person) -> bool:
    data = path.read_bytes()
    return any(n in data for n in {person.name.encode(), html.escape(person.name).encode()} if n)


def forget(store: CsvStore, person_id: str) -> Forgotten:
    """Remove every trace of one person from the data home."""
    found = plan(store, person_id)
    store.remove_person_data(person_id)
    for path in found.files + found.stale_reports:
        path.unlink(missing_ok=True)
    store.delete(Person, None, [(person_id,)])
    return found
