"""Private notes sealed on the organisation's database: the manager's key row, and what a store
does with it.

The cells are the CSV store's (:mod:`careernb.store.sealing`): the same ``enc:v1:`` text, the same
associated data (table, row key, column, person), the same ``Opened`` and ``Locked`` values, so a
data home exported from the database, or imported into it, carries its sealed cells byte for byte
and every page reads them the same way. The key record is a row of ``manager_keys``
(:mod:`careernb.store.sql_keys`): a manager reads and keeps their own through ``my_key()`` and
``keep_my_key()``; an administrator acting for a manager (as the owner) reads that manager's row
directly, for an export; the batch reads no key and no private cell.

The store calls :meth:`DatabaseKey.opened` on the rows it reads and :meth:`DatabaseKey.sealed` on
those it writes. The record is read once; again in a write's transaction while no key is known (a key made in
another session seals that write), and when a read meets a sealed cell under a key it does not
know. ``careernb encrypt`` seals a database's cells in clear one table at a time, each in one
transaction under the tables' locks (:func:`seal_database`); stopped, it is run again.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from careernb.errors import CareernbError
from careernb.store import session
from careernb.store.key_record import KeyRecord
from careernb.store.keyring import Keyring, UnknownKeyError
from careernb.store.schema import Table
from careernb.store.sealing import (
    clear_cells,
    key_ids_named,
    open_record,
    seal_clear,
    seal_record,
    sealed_columns,
)
from careernb.store.sql_keys import CHANGED_ELSEWHERE, KEYS_REVISION, KEYS_TABLE
from careernb.store.sql_schema import SCHEMA

if TYPE_CHECKING:
    from careernb.store.sql.store import SqlStore

_MINE = sa.text(f"SELECT {SCHEMA}.my_key()")
_THEIRS = sa.text(
    f"SELECT to_jsonb(k) - 'role' - 'changed' FROM {SCHEMA}.{KEYS_TABLE} k WHERE k.role = :role"
)
_KEEP = sa.text(f"SELECT {SCHEMA}.keep_my_key(CAST(:record AS jsonb), CAST(:was AS jsonb))")


class KeyChangedElsewhereError(CareernbError):
    """The key row changed between reading it and keeping a new one."""

    def __init__(self, location: str) -> None:
        self.location = location
        super().__init__(
            f"{location}: your key was made or changed in another session while this one worked; "
            "nothing was changed. Run the command again."
        )


class DatabaseKey:
    """The key row of the manager a database store acts for, as last read."""

    __slots__ = ("_engine", "_location", "_own", "_reads", "_row", "_writer")

    def __init__(
        self, engine: sa.Engine, location: str, writer: str, *, own: bool, reads_private: bool, revision: int
    ) -> None:
        self._engine = engine
        self._location = location
        self._writer = writer
        self._own = own
        """The manager's own login (``my_key()``); otherwise the owner acting for them."""
        self._reads = reads_private and revision >= KEYS_REVISION  # older: no key table yet
        self._row: tuple[dict[str, Any] | None, KeyRecord | None] | None = None

    def refresh(self, conn: sa.Connection | None = None) -> KeyRecord | None:
        """The key record as the database holds it now (in ``conn``'s transaction when given)."""
        if not self._reads:
            return None
        if conn is None:
            with self._engine.connect() as own:
                return self.refresh(own)
        if self._own:
            row = conn.execute(_MINE).scalar()
        else:
            row = conn.execute(_THEIRS, {"role": self._writer}).scalar()
        source = f"{self._location} {SCHEMA}.{KEYS_TABLE}, the row of {self._writer!r}"
        self._row = (row, KeyRecord.from_row(row, source) if row is not None else None)
        return self._row[1]

    def before_write(self, conn: sa.Connection) -> None:
        """In a write's transaction, under its lock: while no key is known, look again, so a key
        made in another session seals this write. A key once made is never taken away (rotation
        keeps the old keys), so a known one needs no second look."""
        if self._row is None or self._row[1] is None:
            self.refresh(conn)

    @property
    def record(self) -> KeyRecord | None:
        """The key record as last read (read now the first time)."""
        return self.refresh() if self._row is None else self._row[1]

    @property
    def keyring(self) -> Keyring | None:
        """The session's keyring when it unlocks this manager's key."""
        return session.keyring_for(self.record)

    def opened(
        self, conn: sa.Connection, table: Table, rows: list[Any], *, private_text: bool = True
    ) -> list[Any]:
        """Rows as the manager reads them: sealed cells opened, or ``Locked`` while locked or
        without ``private_text``; a private cell in clear refused (``UnsealedCellError``) once the
        manager has a key."""
        if not rows or not self._reads or not sealed_columns(table):
            return rows
        record = self.record
        if record is None:
            if not key_ids_named(getattr(r, c.name) for r in rows for c in sealed_columns(table)):
                return rows  # no key, and no sealed cell: private notes kept in clear
            record = self.refresh(conn)  # a key made in another session since it was read
            if record is None:
                return rows  # sealed-looking text typed before any key: the manager's own words
        try:
            return self._open(table, rows, record, private_text)
        except UnknownKeyError:
            again = self.refresh(conn)  # rotated in another session since it was read?
            if again is None or again.key_ids == record.key_ids:
                raise
            return self._open(table, rows, again, private_text)

    def _open(self, table: Table, rows: list[Any], record: KeyRecord, private_text: bool) -> list[Any]:
        keyring = session.keyring_for(record) if private_text else None
        try:
            return [open_record(table, r, keyring) for r in rows]
        except UnknownKeyError as exc:
            raise UnknownKeyError(exc.manager, exc.key_id, f"{self._location}: {exc.where}") from None

    def sealed(self, table: Table, rows: Sequence[Any]) -> list[Any]:
        """Rows as they are stored: private text sealed once the manager has a key. While locked,
        cells read locked are written back as they were and new private text is refused
        (``LockedError``), before anything is written."""
        record = self._row[1] if self._row is not None else None
        if record is None or not sealed_columns(table):
            return list(rows)
        keyring = session.keyring_for(record)
        return [seal_record(table, r, keyring) for r in rows]

    def keep(self, record: KeyRecord) -> None:
        """Make or replace the manager's key row, only if it still holds what was last read."""
        if not self._own:
            raise CareernbError(
                "A manager's key is made and changed by that manager alone, logged in as their own role."
            )
        was = self._row[0] if self._row is not None else None
        row = {**record.as_row(), "keys": json.loads(str(record.as_row()["keys"]))}
        try:
            with self._engine.begin() as conn:
                read = None if was is None else json.dumps(was)
                conn.execute(_KEEP, {"record": json.dumps(row), "was": read})
        except sa.exc.DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) == CHANGED_ELSEWHERE:
                raise KeyChangedElsewhereError(self._location) from None
            raise
        self.refresh()


# -- careernb encrypt and key status -------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Sealing:
    """What ``seal_database`` did."""

    tables: tuple[str, ...]
    """The tables that had private text in clear, now sealed."""
    cells: int
    """How many cells were sealed."""
    checked: int
    """How many tables with private text were read (sealed cells were checked to open)."""


def _stored(store: SqlStore, conn: sa.Connection, table: Table, people: list[str]) -> list[tuple[str, Any]]:
    """A table's rows as stored (cells neither opened nor refused), each with its person."""
    rows = store.stored_rows(conn, table, people)
    return [(r.person_id, r) for r in rows]


def _sealed_tables(store: SqlStore) -> list[Table]:
    return [t for t in store.tables.values() if t.per_person and sealed_columns(t)]


def in_clear(store: SqlStore) -> dict[str, int]:
    """The tables with private cells in clear, and how many each holds (sealed under none of the
    manager's keys); every non-empty private cell when the manager has no key."""
    record = store.key_record
    key_ids = record.key_ids if record else ()
    people = store.person_ids()
    found = {}
    with store.engine.connect() as conn:
        for table in _sealed_tables(store):
            count = sum(clear_cells(table, r, key_ids) for _, r in _stored(store, conn, table, people))
            if count:
                found[table.name] = count
    return found


def seal_database(store: SqlStore, keyring: Keyring, *, again: bool = False) -> Sealing:
    """Seal every private cell of the manager's rows still in clear, one table per transaction.

    Every table is read, and every sealed cell checked to open where it is, before the first is
    written; then each table with a cell in clear is read again under its locks (one per person)
    and its rows in clear sealed and updated, in one transaction. A run that is stopped leaves
    each table whole, sealed or not; running it again seals the rest, never a cell twice. With
    ``again``, every cell sealed under an older key is sealed again under the current one.
    """
    calls = store.calls
    if calls is None:
        raise CareernbError("The batch role reads the organisation's quarter; it never writes.")
    people = store.person_ids()
    todo = []
    with store.engine.connect() as conn:
        for table in _sealed_tables(store):
            if sum(n for _, (_, n) in _sealing(store, conn, table, people, keyring, again)):
                todo.append(table)
    cells = 0
    for table in todo:
        with store.engine.begin() as conn:
            for person_id in people:  # each lock held until the table is sealed
                calls.hold(conn, table, person_id, ())
            sealed: dict[str, list[Any]] = {}
            for person_id, (record, count) in _sealing(store, conn, table, people, keyring, again):
                if count:
                    sealed.setdefault(person_id, []).append(record)
                    cells += count
            for person_id, records in sealed.items():
                calls.write(conn, table, person_id, records)  # each in place, by its key
    return Sealing(tuple(t.name for t in todo), cells, len(_sealed_tables(store)))


def _sealing(
    store: SqlStore, conn: sa.Connection, table: Table, people: list[str], keyring: Keyring, again: bool
) -> list[tuple[str, tuple[Any, int]]]:
    """Each stored row with its cells in clear (``again``: or under an older key) sealed, and how many."""
    return [(p, seal_clear(table, r, keyring, again=again)) for p, r in _stored(store, conn, table, people)]
