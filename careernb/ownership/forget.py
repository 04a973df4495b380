"""Forgetting a person: every row about them, from every table, and the files that are theirs.

A file is theirs by an exact rule on the names careernb gives what it writes,
never by a word found in a name or in the bytes:

- ``reports/contracts/contract-<id>-v<N>.html`` and ``.eml`` (one contract);
- ``reports/<quarter>/contracts/<id>.html`` (the quarter's batch);
- ``outbox/<id>-advance-prompt-<day>.eml`` (an unsent draft).

Their manager's team view of a quarter they were in, and that quarter's index,
named them too: those are deleted as stale (render the quarter again). Any
other file that still holds their whole name is listed, never deleted.

A home holding a symbolic link is refused, nothing removed: forgetting never deletes outside
the home, nor leaves behind what a link points to.
"""

from __future__ import annotations

import dataclasses
import html
import os
import re
from pathlib import Path
from typing import Any

from careernb.domain.people import Person
from careernb.errors import CareernbError, DataHomeError, LinkInHomeError, UnknownPersonError
from careernb.store import CsvStore, Store, Table

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
    mentioned: list[Path]
    """Other files that still hold their name: not theirs alone, so listed, not deleted."""
    rows_in: list[str]
    """The team's files that lose their row about them: people.csv, and current.csv when they
    were the person last chosen."""


def plan(store: Store, person_id: str) -> Forgotten:
    """What forgetting would remove, without removing anything."""
    # The database keeps rows earlier managers wrote: only its owner reaches them.
    if not isinstance(store, CsvStore):
        raise CareernbError(
            f"In an organisation's database, forgetting a person removes rows other managers wrote too, "
            f"so an administrator does it: `careernb org forget {person_id} --store ADMIN_URL`."
        )
    # Through a link, forgetting would delete outside the home, or leave what it points to behind.
    if links := store.links():
        raise LinkInHomeError(store.home, links)
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
    rendered = _rendered(store.home)
    own, stale = _theirs(store.home, person, rendered)
    gone = set(files + own + stale)
    mentioned = [p for p in rendered if p not in gone and _names(p, person)]
    rows_in = [table.filename for table, _ in _team_rows(store, person_id)]
    _refuse_what_cannot_be_deleted(store.home, [*files, *own, *stale], folder)
    return Forgotten(person, files + own, stale, mentioned, rows_in)


def _refuse_what_cannot_be_deleted(home: Path, paths: list[Path], folder: Path) -> None:
    """Refuse, before anything is removed, a file whose folder careernb may not delete from: half
    a person forgotten is worse than none."""
    folders = {home, *(p.parent for p in paths)}  # the home: people.csv is written there last
    if folder.is_dir():
        folders |= {folder.parent, *(p for p in folder.rglob("*") if p.is_dir())}
    for parent in sorted(folders):
        if not os.access(parent, os.W_OK | os.X_OK):
            raise DataHomeError(
                home,
                f"careernb may not delete files in {parent} (permission denied), and forgetting "
                "removes files there",
                f"Make the folder yours and writable (`chown -R $USER {parent}` or `chmod u+w "
                f"{parent}`), then forget again. Nothing was removed.",
            )


class ForgetStoppedError(CareernbError):
    """Forgetting stopped part-way: what was removed is gone, the rest is still there."""

    def __init__(self, person: Person, exc: OSError) -> None:
        self.person = person
        self.path = Path(exc.filename) if exc.filename else None
        what = f"{self.path}: it could not be removed" if self.path else "a file could not be removed"
        super().__init__(
            f"{what} ({(exc.strerror or str(exc)).lower()}), so forgetting {person.name} "
            f"({person.person_id}) stopped there. What was removed before it is gone; their row in "
            f"people.csv is still there. Fix that (the file and its folder must be yours and "
            f"writable), then run `careernb forget {person.person_id}` again: it finishes the rest."
        )


def _team_rows(store: Store, person_id: str) -> list[tuple[Table, list[tuple]]]:
    """The keys of the rows about the person in the team's own tables, people.csv first."""
    found = []
    for table in store.tables.values():
        if table.per_person:
            continue
        # people.csv by its key (a manager_id naming them is refused above); another team table
        # by each column that names a person (current.csv's person last chosen)
        named_by = (
            ["person_id"]
            if table.name == "people"
            else [c.name for c in table.columns if c.references == "people"]
        )
        rows: list[Any] = store.load(table.record) if named_by else []
        keys = [table.key_of(r) for r in rows if any(getattr(r, c) == person_id for c in named_by)]
        if keys:
            found.append((table, keys))
    return found


def _rendered(home: Path) -> list[Path]:
    found: list[Path] = []
    for name in (REPORTS_FOLDER, OUTBOX_FOLDER):
        if (home / name).is_dir():
            found += sorted(p for p in (home / name).rglob("*") if p.is_file())
    return found


def _theirs(home: Path, person: Person, rendered: list[Path]) -> tuple[list[Path], list[Path]]:
    pid = person.person_id
    own, quarters = [], set()
    for path in rendered:
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
    """Whether the file holds the person's whole name (as typed or HTML-escaped), not a longer
    name that begins or ends with it: Ann Lee is not named by "Ann Leeds" nor "JoAnn Lee"."""
    text = path.read_bytes().decode("utf-8", "replace")
    return any(
        re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)
        for name in {person.name, html.escape(person.name)}
        if name
    )


def carry_out(store: Store, planned: Forgotten) -> Forgotten:
    """Remove what was planned (and confirmed): the person's rows in every table and their files."""
    person_id = planned.person.person_id
    try:
        store.remove_person_data(person_id)
        for path in planned.files + planned.stale_reports:
            path.unlink(missing_ok=True)
        # people.csv last: the others name them, and a forget run again finds them there
        for table, keys in reversed(_team_rows(store, person_id)):
            store.delete(table.record, None, keys)
    except OSError as exc:
        raise ForgetStoppedError(planned.person, exc) from exc
    return planned


def forget(store: Store, person_id: str) -> Forgotten:
    """Remove every trace of one person from the data home."""
    return carry_out(store, plan(store, person_id))
