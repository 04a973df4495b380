"""Forgetting a person: every row about them, from every table, and their rendered reports."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from careernb.domain.people import Person
from careernb.errors import CareernbError, UnknownPersonError
from careernb.store import CsvStore

REPORTS_FOLDER = "reports"


@dataclasses.dataclass(frozen=True)
class Forgotten:
    person: Person
    files: list[Path]
    """Files deleted: the person's tables and the reports that named them."""
    stale_reports: list[Path]
    """Team-wide reports that mentioned them; deleted too, render the quarter again."""


def plan(store: CsvStore, person_id: str) -> Forgotten:
    """What forgetting would remove, without removing anything."""
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
    own_reports, stale = [], []
    for path in sorted((store.home / REPORTS_FOLDER).rglob("*")):
        if not path.is_file():
            continue
        if person_id in path.stem.split("-") or person_id == path.stem:
            own_reports.append(path)
        elif _mentions(path, person):
            stale.append(path)
    return Forgotten(person, files + own_reports, stale)


def _mentions(path: Path, person: Person) -> bool:
    data = path.read_bytes()
    needles = [person.name.encode(), f"{person.person_id}".encode()]
    import html

    needles.append(html.escape(person.name).encode())
    return any(n and n in data for n in needles)


def forget(store: CsvStore, person_id: str) -> Forgotten:
    """Remove every trace of one person from the data home."""
    found = plan(store, person_id)
    store.remove_person_data(person_id)
    for path in found.files + found.stale_reports:
        path.unlink(missing_ok=True)
    store.delete(Person, None, [(person_id,)])
    return found
