"""The small interface the domain and the views use to reach the data.

The CSV backend is the one that ships; an organisation's shared database
can implement the same protocol without touching anything above it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    import pandas as pd

    from careernb.store.key_record import KeyRecord
    from careernb.store.keyring import Keyring

from careernb.store.schema import Table, table_of

R = TypeVar("R")
Change = Callable[[list[R]], Iterable[R]]
"""What ``update()`` does to a table: the freshest rows in, the new rows out."""
Names = Sequence[str] | None
"""Some person ids or column names, in order; None for all of them."""


@dataclasses.dataclass(frozen=True)
class Scope:
    """Whose team a store shows, and who writes in it."""

    manager_id: str | None = None
    """The person id of the manager whose team this is; None in a data home, whose people.csv
    is one manager's own team (its managers are the people with no manager)."""
    writer: str | None = None
    """The database role rows are written as; None in a data home."""
    reads_private: bool = True
    """False for the organisation's batch role, which may read no private column."""


DATA_HOME = Scope()
"""A data home: one manager's own files, every column readable."""


class Store(Protocol):
    # Read-only to callers: a CSV store's home is a Path, a database's None; tables any mapping.
    @property
    def home(self) -> Path | None:
        """The data home's folder; None for an organisation's database."""

    @property
    def location(self) -> str:
        """Where the data is, as a person would name it: the folder, or the database URL without password."""

    @property
    def tables(self) -> Mapping[str, Table]:
        """The tables this store keeps, by name."""

    @property
    def scope(self) -> Scope:
        """Whose team it shows and who writes in it."""

    @property
    def key_record(self) -> KeyRecord | None:
        """The manager's key record (a data home's ``keys.json``, a database's key row), read now;
        None while their private notes are kept in clear."""

    @property
    def keyring(self) -> Keyring | None:
        """The session's keyring when it unlocks this store's key; None while locked or without one."""

    def load(
        self, record_type: type[R], person_id: str | None = None, *, private_text: bool = True
    ) -> list[R]:
        """Every row of a table; per-person tables need ``person_id``.

        ``private_text=False`` is for a page that shows none of the manager's private free text
        (the team page): sealed cells are not opened but come ``Locked``, as while locked, which
        costs almost nothing and writes back as it was read. Cells in clear come as they are.
        """

    def load_team(
        self, record_type: type[R], person_ids: Iterable[str], *, private_text: bool = True
    ) -> dict[str, list[R]]:
        """A per-person table for several people at once (a manager's team), by person.

        Each person's rows as :meth:`load` gives them, in one read where the backend can
        (one query on a database); an unknown person is refused as by :meth:`load`.
        """

    def load_where(self, record_type: type[R], person_id: str | None, column: str, value: object) -> list[R]:
        """The rows of a table whose ``column`` holds ``value`` (a typed value, e.g. True)."""

    def update(self, record_type: type[R], person_id: str | None, change: Change[R]) -> list[R]:
        """Read, change and write one table atomically under the store's lock.

        ``change`` gets the freshest rows and returns the new rows. Two
        callers never lose each other's rows.
        """

    def save(self, *records: object) -> None:
        """Insert or replace records by their key (all of one table and person)."""

    def delete(self, record_type: type, person_id: str | None, keys: Iterable[tuple[Any, ...]]) -> None:
        """Remove the rows with these keys."""

    def frame(self, record_type: type, person_ids: Names = None, columns: Names = None) -> pd.DataFrame:
        """A table as a DataFrame of text cells, for one, several or all people.

        The bulk read path: every cell is the text the store keeps (``dtype=str``,
        empty for "not given", ``007`` stays ``007``), one row per record, only
        ``columns`` (default: all, in the schema's order). Figures computed from
        it work the same whatever backend made it (CSV files, ``read_sql``).
        """

    def person_ids(self) -> list[str]:
        """Every person id in people.csv, in file order."""

    def remove_person_data(self, person_id: str) -> list[Path]:
        """Delete every per-person table of one person; return what was removed."""

    def close(self) -> None:
        """Let go of what the store holds open between calls (a database's connections); it can
        still be used after, opening them again."""


def upsert(table: Table, records: Sequence[Any]) -> Callable[[list[Any]], list[Any]]:
    """The change ``save()`` makes: replace rows by key in place, append the new ones."""
    replacing = {table.key_of(r): r for r in records}

    def change(rows: list[Any]) -> list[Any]:
        pending = dict(replacing)
        out = [pending.pop(table.key_of(row), row) for row in rows]
        return out + list(pending.values())

    return change


def saving(records: Sequence[Any]) -> tuple[type, str | None, Change[Any]]:
    """What ``save(*records)`` asks of ``update()``: their table, their one person, the upsert."""
    table = table_of(records[0])
    return type(records[0]), one_table_and_person(table, records), upsert(table, records)


def one_table_and_person(table: Table, records: Sequence[Any]) -> str | None:
    """The person ``save()`` writes for; refuses a mix of tables or people."""
    person_id = getattr(records[0], "person_id", None) if table.per_person else None
    for r in records:
        other_person = table.per_person and r.person_id != person_id
        if getattr(type(r), "__table__", None) is not table or other_person:
            raise TypeError("save() takes records of one table and one person at a time")
    return person_id
