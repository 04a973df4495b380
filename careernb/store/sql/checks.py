"""The checks before a write: one lock, one call, then the rows judged as a file's would be.

Every write, ``save()`` and ``update()`` alike, first calls ``hold`` (:mod:`.calls`), which takes
the lock of its table, person and writer (so two saves never lose each other's rows) and returns
who the manager manages and the ids the rows may refer to. The rows are then refused for what
the CSV store refuses (:func:`~careernb.store.writes.validate_rows`) and for what PostgreSQL
cannot keep. The functions refuse, in the database, what a manager may never write.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from careernb.errors import PEOPLE_TABLE, StoreFormatError, UnknownPersonError
from careernb.store.schema import Table
from careernb.store.sql_schema import SCHEMA, referenced
from careernb.store.writes import validate_rows

NUL = "\x00"


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
    references: dict[str, set[object]]
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
            people = {r.person_id for r in rows} | {m for m in [self.manager_id] if m is not None}
        validate_rows(self.where, self.table, self.person_id, rows, people, self.references)


def where(url: str, table: Table) -> Path:
    return Path(f"{url} {SCHEMA}.{table.name}")


def guard(
    found: Sequence[tuple[str, str]],
    url: str,
    tables: Mapping[str, Table],
    table: Table,
    person_id: str | None,
    manager_id: str | None,
) -> Guard:
    """What ``hold`` returned for a write, as its checks; refuses a person the manager does not
    manage (``hold`` took no lock and read nothing for them)."""
    people = [i for kind, i in found if kind == "people"]
    if table.per_person and person_id not in people:
        assert person_id is not None  # the store refuses a per-person write without a person first
        raise UnknownPersonError(person_id, people, where=PEOPLE_TABLE)
    references = {
        target: {_key(tables[target]).parse(i) for kind, i in found if kind == target}
        for target in referenced(table)
    }
    return Guard(where(url, table), table, person_id, manager_id, people, references)


def _key(table: Table) -> Any:
    """The column a reference to ``table`` names (its last key column)."""
    return table.column(table.key[-1])
