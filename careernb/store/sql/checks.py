"""The checks before a write: one lock, one round trip, then the rows judged as a file's would be.

Every write, ``save()`` and ``update()`` alike, first runs one statement that takes the lock of
its table, person and writer (so two saves never lose each other's rows) and reads who the
manager manages and the ids the rows may refer to. The rows are then refused for what the CSV
store refuses (:func:`~careernb.store.files.validate_rows`) and for what PostgreSQL cannot keep.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from careernb.errors import PEOPLE_TABLE, StoreFormatError, UnknownPersonError
from careernb.store.files import validate_rows
from careernb.store.schema import Table
from careernb.store.sql.statements import Statements
from careernb.store.sql_schema import SCHEMA, referenced

NUL = "\x00"
LOCK = sa.func.pg_advisory_xact_lock(sa.func.hashtextextended(sa.bindparam("lock"), 0))
"""Held until the transaction ends; one per table, writer and person."""


@dataclasses.dataclass(frozen=True)
class Guard:
    """What one write's rows are checked against, read under its lock."""

    where: Path
    """The table as named in error messages: the database's URL and the table."""
    table: Table
    person_id: str | None
    manager_id: str | None
    people: list[str]
    """The manager and the people they manage, in the order they were written."""
    references: dict[str, set]
    """The ids of the person's rows in each table this table refers to."""

    def validate(self, rows: list[Any]) -> None:
        """Refuse rows that could not be read back, or that PostgreSQL cannot keep."""
        for i, record in enumerate(rows, start=2):
            for col in self.table.columns:
                value = getattr(record, col.name, None)
                if isinstance(value, str) and NUL in value:
                    raise StoreFormatError(
                        self.where,
                        "this text holds the invisible character U+0000 (NUL), which PostgreSQL cannot keep",
                        "Remove it (it usually comes from pasting binary data) and save again.",
                        row=i,
                        column=col.name,
                    )
        people = set(self.people)
        if self.table.name == "people":  # references are to the people being written
            people = {r.person_id for r in rows} | {self.manager_id}
        validate_rows(self.where, self.table, self.person_id, rows, people, self.references)


def where(url: str, table: Table) -> Path:
    return Path(f"{url} {SCHEMA}.{table.name}")


def guard(conn: sa.Connection, sql: Statements, url: str, table: Table, person_id: str | None) -> Guard:
    """Take the lock of ``table``, ``person_id`` and the writer; read what the rows are checked
    against; refuse a person the manager does not manage."""
    query = sql.built(("guard", table.name), lambda: _guard_query(sql, table))
    lock = f"{table.name}/{sql.writer}/{person_id or ''}"
    found = conn.execute(query, {"lock": lock, "person_id": person_id}).all()
    people = [i for kind, i, _ in found if kind == "people"]
    if table.per_person and person_id not in people:
        raise UnknownPersonError(person_id, people, where=PEOPLE_TABLE)
    references = {
        target: {_key(sql.tables[target]).parse(i) for kind, i, _ in found if kind == target}
        for target in referenced(table)
    }
    return Guard(where(url, table), table, person_id, sql.me, people, references)


def _guard_query(sql: Statements, table: Table) -> sa.CompoundSelect:
    """The lock, then (kind, id, seq) rows: the people the manager manages, and the ids of the
    person's rows in each table ``table`` refers to (as text: a contract's version is a number)."""
    lock = sa.select(LOCK.label("locked")).cte("locked")  # volatile: run once, never inlined
    p = sql.of("people")
    parts = [
        sa.select(sa.literal("people").label("kind"), p.c.person_id.label("id"), p.c.seq)
        .select_from(lock.join(p, sa.true()))
        .where(sql.managed(p))
    ]
    for target in referenced(table):
        other, t = sql.tables[target], sql.of(target)
        parts.append(
            sa.select(sa.literal(target), sa.cast(t.c[other.key[-1]], sa.Text), t.c.seq)
            .select_from(lock.join(t, sa.true()))
            .where(*sql.visible(other), t.c.person_id == sa.bindparam("person_id"))
        )
    return sa.union_all(*parts).order_by("kind", "seq")


def _key(table: Table) -> Any:
    """The column a reference to ``table`` names (its last key column)."""
    return table.column(table.key[-1])
