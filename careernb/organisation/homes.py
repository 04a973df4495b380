"""Moving a manager's data home into the organisation's database, and back out.

An import validates the whole home first (as ``careernb check`` does), then
loads it in one transaction: all or nothing. Running it again replaces what
that manager's earlier import wrote, so a rerun changes nothing. Homes were
made independently, so two may both hold a person ``007``: an import that
would make two people one is refused, naming the ids; a prefix or a mapping
file gives the home's people new ids on the way in. Never a silent merge.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Mapping
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from careernb.domain.people import Person, default_manager
from careernb.errors import CareernbError
from careernb.home import TABLES
from careernb.organisation.logins import check_role_name
from careernb.store import CsvStore, table_of
from careernb.store.key_record import KEY_FILE, KeyRecord, write_key_file
from careernb.store.sealing import sealed_columns
from careernb.store.sql import SqlStore, engine_for
from careernb.store.sql_keys import KEYS_TABLE
from careernb.store.sql_schema import (
    MANAGERS_TABLE,
    PEOPLE_PRIVATE,
    SCHEMA,
    bind,
    has_writer,
    metadata,
    stored_columns,
)


@dataclasses.dataclass(frozen=True)
class Imported:
    role: str
    people: int
    rows: int
    renamed: dict[str, str]


class CollisionError(CareernbError):
    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        super().__init__(
            f"These person ids already belong to another manager's people: {', '.join(ids)}. "
            "Nothing was imported. Two homes made independently can both have a person with the same id; "
            "give this home's people new ids on the way in with --prefix P (e.g. --prefix alice-) or "
            "--map FILE (a CSV of old_id,new_id)."
        )


def read_mapping(path: Path) -> dict[str, str]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.reader(f) if r and any(c.strip() for c in r)]
    if rows and rows[0][:2] == ["old_id", "new_id"]:
        rows = rows[1:]
    bad = [i for i, r in enumerate(rows, start=1) if len(r) != 2]
    if bad:
        raise CareernbError(f"{path}: row {bad[0]} does not have two cells old_id,new_id.")
    return {old: new for old, new in rows}


def _rename(records: list, mapping: Mapping[str, str]) -> list:
    if not mapping:
        return records
    out = []
    for record in records:
        table = table_of(record)
        changes = {
            c.name: mapping.get(getattr(record, c.name), getattr(record, c.name))
            for c in table.columns
            if c.name == "person_id" or c.references == "people"
        }
        out.append(dataclasses.replace(record, **changes))
    return out


def read_home(home: Path) -> tuple[CsvStore, list[Person], dict[tuple[type, str | None], list]]:
    """Every row of a data home, after validating every file."""
    store = CsvStore(Path(home), TABLES, create=False)
    store.check()
    people = store.load(Person)
    rows: dict[tuple[type, str | None], list] = {}
    for record_type in TABLES:
        table = table_of(record_type)
        if table.name == "people":
            continue
        if table.per_person:
            for p in people:
                rows[(record_type, p.person_id)] = store.load(record_type, p.person_id)
        else:
            rows[(record_type, None)] = store.load(record_type)
    return store, people, rows


def import_home(
    url: str, home: Path, role: str, *, prefix: str = "", mapping: Mapping[str, str] | None = None
) -> Imported:
    """Load a manager's data home as ``role``'s data; see the module's docstring."""
    check_role_name(role)
    store, people, rows = read_home(home)
    _refuse_nul(home, people, rows)
    engine = engine_for(url, as_owner=True)
    try:
        with engine.begin() as conn:
            me = conn.execute(
                sa.text(f"SELECT person_id FROM {SCHEMA}.{MANAGERS_TABLE} WHERE role = :r"), {"r": role}
            ).scalar()
            if me is None:
                raise CareernbError(
                    f"{role!r} is not a manager yet: run `careernb org add-manager {role} ...`."
                )
            top = default_manager(people)
            renamed = {p.person_id: prefix + p.person_id for p in people} if prefix else {}
            renamed.update(mapping or {})
            if top is not None:
                renamed[top.person_id] = me
            renamed = {k: v for k, v in renamed.items() if k != v}
            for new in renamed.values():
                table_of(Person).column("person_id").parse(new)
            people = _rename(people, renamed)
            if me not in {p.person_id for p in people}:
                raise CareernbError(
                    f"{home} has no manager who manages everyone in it; map its manager to {me!r} "
                    "with --map FILE (old_id,new_id)."
                )
            ids = [p.person_id for p in people if p.person_id != me]
            elsewhere = [p.person_id for p in people if p.person_id != me and p.manager_id != me]
            if elsewhere:
                raise CareernbError(
                    f"{', '.join(elsewhere)} in {home} are not managed by its manager; the organisation's "
                    "database keeps each manager's own reports. Import their manager's home as their role. "
                    "Nothing was imported."
                )
            owners: dict[str, str | None] = dict(
                conn.execute(
                    sa.text(f"SELECT person_id, manager_id FROM {SCHEMA}.people WHERE person_id = ANY(:ids)"),
                    {"ids": ids},
                ).all()
            )
            taken = sorted(i for i, m in owners.items() if m != me)
            if taken:
                raise CollisionError(sorted(set(taken)))
            if store.key_record is not None:
                _refuse_renaming_sealed(home, rows, renamed)
            _keep_key(conn, home, role, store.key_record)
            count = _write(conn, role, me, people, {k: _rename(v, renamed) for k, v in rows.items()}, renamed)
    finally:
        engine.dispose()
    return Imported(role, len(people), count, renamed)


def _refuse_renaming_sealed(home: Path, rows: dict, renamed: Mapping[str, str]) -> None:
    """A sealed cell is bound to the person it was written about: a new id would not open it."""
    moved = sorted(
        pid
        for (_, pid), records in rows.items()
        if pid in renamed
        and any(any(getattr(r, c.name) for c in sealed_columns(table_of(r))) for r in records)
    )
    if moved:
        raise CareernbError(
            f"{home}: the sealed private notes about {', '.join(moved)} are bound to those ids, and the "
            "import would give them new ones; they would no longer open. Import without --prefix or "
            "--map, or give them new ids in the data home first. Nothing was imported."
        )


def _keep_key(conn: sa.Connection, home: Path, role: str, record: KeyRecord | None) -> None:
    """The home's key record as ``role``'s key row: the sealed cells come in as they are."""
    found = conn.execute(
        sa.text(f"SELECT keys FROM {SCHEMA}.{KEYS_TABLE} WHERE role = :r"), {"r": role}
    ).scalar()
    held = {k["key_id"] for k in found} if found is not None else set()
    if record is None:
        if held:
            raise CareernbError(
                f"{home} keeps its private notes in clear, and {role!r} seals theirs in the database: "
                f"they would sit in clear among sealed ones. Run `careernb encrypt --home {home}` with "
                f"{role!r}'s key first, or import into a new role. Nothing was imported."
            )
        return
    if held - set(record.key_ids):
        raise CareernbError(
            f"{role!r} has another key in the database (key {', '.join(sorted(held))}) than {home} "
            f"(key {', '.join(record.key_ids)}): the notes sealed under it would no longer open. "
            "Nothing was imported."
        )
    row = {**record.as_row(), "keys": json.loads(str(record.as_row()["keys"])), "role": role}
    insert = postgresql.insert(metadata(TABLES).tables[f"{SCHEMA}.{KEYS_TABLE}"]).values(row)
    conn.execute(
        insert.on_conflict_do_update(
            index_elements=["role"], set_={c: insert.excluded[c] for c in row if c != "role"}
        )
    )


def _refuse_nul(home: Path, people: list, rows: dict) -> None:
    """PostgreSQL text cannot hold U+0000; a data home can. Say where, before writing anything."""
    everything = [(None, people), *[(pid, records) for (_, pid), records in rows.items()]]
    for pid, records in everything:
        for record in records:
            for name, value in dataclasses.asdict(record).items():
                if isinstance(value, str) and "\x00" in value:
                    table = table_of(record)
                    where = f"people/{pid}/{table.filename}" if pid else table.filename
                    raise CareernbError(
                        f"{home / where}, column {name!r}: this text holds the invisible character U+0000 "
                        "(NUL), which PostgreSQL cannot keep. Remove it and import again. "
                        "Nothing was imported."
                    )


def _write(conn, role, me, people, rows, renamed) -> int:
    tables = metadata(TABLES).tables
    t = tables[f"{SCHEMA}.people"]
    person_table = table_of(Person)
    stored = stored_columns(person_table)
    for p in people:
        values = {c.name: bind(c, getattr(p, c.name)) for c in stored}
        keep = [c for c in values if c != "person_id" and not (p.person_id == me and c == "manager_id")]
        stmt = postgresql.insert(t).values(values)
        conn.execute(
            stmt.on_conflict_do_update(index_elements=["person_id"], set_={c: values[c] for c in keep})
        )
    count = len(people)
    ids = [p.person_id for p in people]
    # People's private columns are this manager's own, as their notes are.
    private = tables[f"{SCHEMA}.{PEOPLE_PRIVATE}"]
    conn.execute(private.delete().where(private.c.written_by == role, private.c.person_id.in_(ids)))
    hidden = [c for c in person_table.columns if c not in stored]
    noted = [
        {
            "written_by": role,
            "person_id": p.person_id,
            **{c.name: bind(c, getattr(p, c.name)) for c in hidden},
        }
        for p in people
        if any(getattr(p, c.name) is not None for c in hidden)
    ]
    if noted:
        conn.execute(private.insert(), noted)
    for record_type in TABLES:
        table = table_of(record_type)
        if not has_writer(table):
            continue
        st = tables[f"{SCHEMA}.{table.name}"]
        where = [st.c.written_by == role] + ([st.c.person_id.in_(ids)] if table.per_person else [])
        conn.execute(st.delete().where(*where))
        batch = [
            {**{c.name: bind(c, getattr(r, c.name)) for c in table.columns}, "written_by": role}
            for (kind, pid), records in rows.items()
            if kind is record_type
            for r in records
        ]
        if batch:
            conn.execute(st.insert(), batch)
        count += len(batch)
    return count


def export_home(url: str, out: Path, *, role: str | None = None) -> list[Path]:
    """Write a manager's data as a data home in ``out`` (a new or empty folder).

    Without ``role``, the connected manager's own data; with it, an
    administrator's export of that manager's data.
    """
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise CareernbError(f"{out} is not empty; choose a new folder for the data home.")
    engine = engine_for(url, as_owner=role is not None)
    try:
        store = SqlStore(engine, TABLES, writer=role)
        target = CsvStore(out, TABLES)
        written = [out / "careernb.csv"]
        record = store.key_record
        if record is not None:  # first: the sealed cells are written as they are, under it
            write_key_file(out / KEY_FILE, record)
            written.append(out / KEY_FILE)
        people = store.load(Person)
        target.bulk_write(Person, None, people)
        written.append(target.path_of(Person))
        for record_type in TABLES:
            table = table_of(record_type)
            if table.name == "people":
                continue
            for pid in [p.person_id for p in people] if table.per_person else [None]:
                records: list[object] = store.load(record_type, pid)
                if records:
                    target.bulk_write(record_type, pid, records)
                    written.append(target.path_of(record_type, pid))
        target.check()
        return written
    finally:
        engine.dispose()
