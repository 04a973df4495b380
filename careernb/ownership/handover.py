"""Handover: when a person moves to another manager, their history can travel with them.

What travels, once the person has agreed: their development contracts (both
sides' commitments, what we will review, the open question), their
aspirations as recorded, the dates and kinds of the conversations those
refer to, and their replies to their contracts (theirs, with the tokens that
let a reply still on its way be taken in). Never the previous manager's
private notes, answers or signals.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from pathlib import Path

from careernb.domain.aspirations import Aspiration
from careernb.domain.contract import Commitment, Contract, ReviewPoint
from careernb.domain.conversations import Conversation
from careernb.domain.people import Person
from careernb.domain.replies import Reply, ReplyToken, ReplyUpdate
from careernb.errors import CareernbError, DataHomeOnlyError, StoreFormatError
from careernb.ownership.exports import private_file, register
from careernb.ownership.sharing import for_person
from careernb.store import CsvStore, Privacy, Store, table_of
from careernb.store.files import ensure_folder, parse_file, write_file

TRAVELS = (Conversation, Contract, Commitment, ReviewPoint, Aspiration, ReplyToken, Reply, ReplyUpdate)
PACK_FILE = "handover.csv"


def what_leaves(store: Store, person_id: str) -> list[str]:
    """One line per file of the pack: how many rows, and every column that carries something.

    What the manager is asked to agree to, so it is built from what the pack would hold.
    """
    shared = for_person(store, person_id, TRAVELS)
    person = dataclasses.replace(shared.person(person_id), manager_id=None)
    lines = [_line(table_of(Person), [person])]
    lines += [_line(table_of(t), shared.records(t)) for t in TRAVELS]
    lines.append(f"{PACK_FILE}: their person_id, your name as their previous manager, today's date")
    return lines


def _line(table, rows: list) -> str:
    filled = [
        c.name
        for c in table.columns
        if c.name != "person_id" and any(c.format(getattr(r, c.name)) for r in rows)
    ]
    count = f"{len(rows)} row" + ("" if len(rows) == 1 else "s")
    return f"{table.filename} ({count}): {', '.join(filled) if filled else 'nothing'}"


@register("handover", per_person=True)
def write_pack(store: Store, person_id: str, out: Path, *, today: dt.date | None = None) -> list[Path]:
    """Write the handover pack into ``out`` (a new or empty folder)."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise CareernbError(f"{out} is not empty; choose a new folder for the handover pack.")
    shared = for_person(store, person_id, TRAVELS)  # an unknown person is refused before anything is made
    person = shared.person(person_id)
    ensure_folder(out)
    manager = next((p for p in shared.people if p.person_id == person.manager_id), None)
    written = []
    for record_type in TRAVELS:
        table = table_of(record_type)
        path = out / table.filename
        write_file(path, table, shared.records(record_type))
        written.append(path)
    people_table = table_of(Person)
    write_file(out / people_table.filename, people_table, [dataclasses.replace(person, manager_id=None)])
    written.append(out / people_table.filename)
    meta = [
        ["key", "value"],
        ["person_id", person.person_id],
        ["from_manager", manager.name if manager else ""],
        ["written", (today or dt.date.today()).isoformat()],
    ]
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(meta)
    written.append(private_file(out / PACK_FILE, text.getvalue()))
    return written


def read_pack(pack: Path) -> tuple[Person, dict[type, list]]:
    pack = Path(pack)
    if not (pack / PACK_FILE).exists():
        raise CareernbError(f"{pack} is not a handover pack: it has no {PACK_FILE}.")
    with open(pack / PACK_FILE, encoding="utf-8", newline="") as f:
        meta = {row[0]: row[1] for row in list(csv.reader(f))[1:] if len(row) == 2}
    person_id = meta.get("person_id", "")
    (person,) = parse_file(
        pack / "people.csv", table_of(Person), person_id=None, people=None, references={}
    ) or [None]
    if person is None or person.person_id != person_id:
        raise StoreFormatError(
            pack / "people.csv", f"the pack is not about {person_id!r}", "Write the pack again."
        )
    tables: dict[type, list] = {}
    refs: dict[str, set] = {}
    for record_type in TRAVELS:
        table = table_of(record_type)
        rows = parse_file(
            pack / table.filename, table, person_id=person_id, people={person_id}, references=refs
        )
        refs[table.name] = {getattr(r, table.key[-1]) for r in rows}
        _refuse_private(pack / table.filename, table, rows)
        tables[record_type] = rows
    return person, tables


def _refuse_private(path: Path, table, rows: list) -> None:
    """A pack carries no private note (it is written from what the person may see): one that
    does was made or changed by hand, and its note would become the new manager's own."""
    private = [c for c in table.columns if c.privacy is Privacy.PRIVATE]
    for row, record in enumerate(rows, start=2):
        for col in private:
            if getattr(record, col.name) != col.default:
                raise StoreFormatError(
                    path,
                    "a handover pack never carries a previous manager's private notes",
                    "Write the pack again with `careernb handover`; nothing was imported.",
                    row=row,
                    column=col.name,
                )


def receiving(store: Store) -> CsvStore:
    """The data home a pack is imported into. An organisation's database is refused: there a
    person changes manager by an administrator's ``careernb org move``, and what a pack carries
    moves with them."""
    if not isinstance(store, CsvStore):
        raise DataHomeOnlyError(
            store.location,
            "importing a handover pack",
            "In the organisation an administrator moves a person to their new manager with "
            "`careernb org move PERSON --to ROLE`, and what a pack carries moves with them. "
            "Nothing was imported.",
        )
    return store


def import_pack(store: Store, pack: Path, *, manager_id: str) -> Person:
    """Load a handover pack into this data home under ``manager_id``, keeping versions and history."""
    store = receiving(store)
    person, tables = read_pack(pack)
    if person.person_id in store.person_ids():
        raise CareernbError(
            f"{person.name} ({person.person_id}) is already in {store.location}; nothing was imported. "
            "If this is the same person, forget the old record first."
        )
    if manager_id not in store.person_ids():
        raise CareernbError(f"there is no manager {manager_id!r} in {store.location}; add them first.")
    store.save(dataclasses.replace(person, manager_id=manager_id))
    try:
        for record_type in TRAVELS:
            store.bulk_write(record_type, person.person_id, tables[record_type])
        for record_type in TRAVELS:  # read back through the store's own validation
            store.load(record_type, person.person_id)
    except BaseException:  # all or nothing: the person and what was written of them go again
        store.remove_person_data(person.person_id)
        store.delete(Person, None, [(person.person_id,)])
        raise
    return person
