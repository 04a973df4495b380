"""A read-only copy of one store's tables for the people it can see, read a table at a time.

Rendering a quarter reads each report's tables many times over: the contract,
its shared view, the team view's figures, the organisation's figures. On a
database each of those reads is a round trip with row-level security to plan.
A snapshot reads each table once, for the whole team (:meth:`Store.load_team`),
and answers every later read from memory, as the store would have answered it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from careernb.errors import CareernbError, UnknownPersonError, where_people
from careernb.store.base import Change, Names, Store
from careernb.store.bulk import stored_cell
from careernb.store.key_record import KeyRecord
from careernb.store.keyring import Keyring
from careernb.store.schema import Table, table_of

R = TypeVar("R")


class Snapshot:
    """The store's rows as they were when first read; writing is refused."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.home: Path | None = store.home
        self.location = store.location
        self.tables = store.tables
        self.scope = store.scope
        self._ids = store.person_ids()
        self._known = set(self._ids)
        self._rows: dict[tuple[str, bool], Any] = {}
        self._frames: dict[tuple[Any, ...], pd.DataFrame] = {}

    def _read(self, record_type: type, private_text: bool = True) -> Any:
        table = table_of(record_type)
        opened = (table.name, True)
        if opened in self._rows:  # what was read opened serves a read that wants no private text
            return self._rows[opened]
        wanted = (table.name, private_text)
        if wanted not in self._rows:
            self._rows[wanted] = (
                self.store.load_team(record_type, self._ids, private_text=private_text)
                if table.per_person
                else self.store.load(record_type, private_text=private_text)
            )
        return self._rows[wanted]

    def load(
        self, record_type: type[R], person_id: str | None = None, *, private_text: bool = True
    ) -> list[R]:
        table = table_of(record_type)
        if not table.per_person:
            return list(self._read(record_type, private_text))
        if person_id is None:
            raise TypeError(f"{table.name} is kept per person: pass a person_id")
        if person_id not in self._known:
            raise UnknownPersonError(person_id, self._ids, where=where_people(self.home))
        return list(self._read(record_type, private_text)[person_id])

    def load_team(
        self, record_type: type[R], person_ids: Iterable[str], *, private_text: bool = True
    ) -> dict[str, list[R]]:
        if not table_of(record_type).per_person:
            raise TypeError(f"{table_of(record_type).name} is not kept per person")
        return {p: self.load(record_type, p, private_text=private_text) for p in dict.fromkeys(person_ids)}

    def load_where(self, record_type: type[R], person_id: str | None, column: str, value: object) -> list[R]:
        # The store decides what its reader may pick by (the batch role and shared answers).
        return self.store.load_where(record_type, person_id, column, value)

    @property
    def key_record(self) -> KeyRecord | None:
        return self.store.key_record

    @property
    def keyring(self) -> Keyring | None:
        return self.store.keyring

    def person_ids(self) -> list[str]:
        return list(self._ids)

    def frame(self, record_type: type, person_ids: Names = None, columns: Names = None) -> pd.DataFrame:
        """The cells the store keeps, formatted from the rows read once."""
        table = table_of(record_type)
        names = list(columns) if columns is not None else table.header
        unknown = [c for c in names if c not in table.header]
        if unknown:
            raise KeyError(f"{table.name} has no column {unknown[0]!r}")
        ids = tuple(self._ids if person_ids is None else person_ids)
        key = (table.name, ids if table.per_person else (), tuple(names))
        if key not in self._frames:
            groups: Iterable[list[Any]] = (
                self.load_team(record_type, ids).values() if table.per_person else [self.load(record_type)]
            )
            self._frames[key] = cells(table, [r for group in groups for r in group], names)
        return self._frames[key].copy()

    def update(self, record_type: type[R], person_id: str | None, change: Change[R]) -> list[R]:
        raise CareernbError("a snapshot of the store is read-only")

    def save(self, *records: object) -> None:
        raise CareernbError("a snapshot of the store is read-only")

    def delete(self, record_type: type, person_id: str | None, keys: Iterable[tuple[Any, ...]]) -> None:
        raise CareernbError("a snapshot of the store is read-only")

    def close(self) -> None:
        self.store.close()

    def remove_person_data(self, person_id: str) -> list[Path]:
        raise CareernbError("a snapshot of the store is read-only")


def cells(table: Table, rows: list[Any], names: list[str]) -> pd.DataFrame:
    """The columns ``names`` of ``rows`` as the text cells a CSV file holds."""
    columns = {n: table.column(n) for n in names}
    return pd.DataFrame(
        {
            n: pd.Series([stored_cell(col, getattr(r, n)) for r in rows], dtype=str)
            for n, col in columns.items()
        },
        columns=names,
    )
