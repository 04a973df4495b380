"""The :class:`~careernb.store.Store` protocol on the organisation's database.

One store object acts for one manager (its *writer*, a database role): it reads and writes the
people that manager manages and the rows that manager wrote, through the functions of
:mod:`.calls` (the batch role, which writes nothing, selects its columns). Every value is bound
as a parameter. Both ``save()`` and ``update()`` write in one transaction under the lock of their
table, person and writer (:mod:`~careernb.store.sql.checks`), so two saves never lose each
other's rows and a process killed half-way leaves the previous state.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import sqlalchemy as sa

from careernb.errors import PEOPLE_TABLE, CareernbError, UnknownPersonError
from careernb.store.base import Change, Names, saving
from careernb.store.key_record import KeyRecord
from careernb.store.keyring import Keyring
from careernb.store.schema import Kind, Table, table_of
from careernb.store.snapshot import cells
from careernb.store.sql.calls import Calls
from careernb.store.sql.checks import Guard, guard
from careernb.store.sql.connection import connect, engine_for
from careernb.store.sql.sealed import DatabaseKey
from careernb.store.sql.statements import PERSON_IDS, Statements
from careernb.store.sql_schema import BATCH, bind, hidden_value, referenced

R = TypeVar("R")


class SqlStore:
    """The store of one manager in the organisation's database."""

    home: Path | None = None
    """No folder: rendered reports go where the caller says (``--out``)."""

    def __init__(self, url: str | sa.Engine, tables: Sequence[type], *, writer: str | None = None) -> None:
        # The process's engine for the URL (``engine_for``), shared with every store of it: a store
        # dropped or refused leaves the pool to the others, and the process's end closes it.
        self.engine = url if isinstance(url, sa.Engine) else engine_for(url)
        self.tables: dict[str, Table] = {table_of(t).name: table_of(t) for t in tables}
        connected = connect(self.engine, writer)
        self.url = self.location = connected.url
        self.schema_version = connected.schema_version
        self.role = connected.role
        self.scope = connected.scope
        self.sql = Statements(self.tables, self.scope)
        """The batch role's selects."""
        self.calls = (
            None if self.role == BATCH else Calls(self.url, self.scope, as_owner=not connected.manager)
        )
        """Everyone else's calls of the functions."""
        writer = self.scope.writer or self.role
        self.keys = DatabaseKey(
            self.engine,
            self.url,
            writer,
            own=writer == self.role,
            reads_private=self.scope.reads_private,
            revision=self.schema_version,
        )

    @property
    def key_record(self) -> KeyRecord | None:
        """The manager's key record (their row of ``manager_keys``), read now; None while their
        private notes are kept in clear, and for the batch, which reads none."""
        return self.keys.refresh()

    @property
    def keyring(self) -> Keyring | None:
        """The session's keyring when it unlocks this manager's key; None while locked or without one."""
        return self.keys.keyring

    def close(self) -> None:
        """Close the connections (the store can still be used: they open again)."""
        self.engine.dispose()

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -------------------------------------------------------------

    def _select(
        self,
        conn: sa.Connection,
        table: Table,
        person_ids: Sequence[str] | None,
        *,
        opened: bool = True,
        private_text: bool = True,
    ) -> list[Any]:
        """The visible rows as records, of ``person_ids`` (a per-person table), in written order;
        private notes ``opened`` (``Locked`` without ``private_text``), or as stored."""
        if self.calls is not None:
            rows = [self._record(table, values) for values in self.calls.read(conn, table, person_ids)]
            return self.keys.opened(conn, table, rows, private_text=private_text) if opened else rows
        names = self.sql.readable(table)
        if table.per_person and "person_id" not in names:
            return []  # a wholly private table (signals, preparation): the batch role sees none of it
        by_person = table.per_person and person_ids is not None
        params = {PERSON_IDS: list(person_ids)} if by_person and person_ids is not None else {}
        query = self.sql.select(table, tuple(names), by_person=by_person)
        return [
            self._record(table, dict(zip(names, row, strict=True))) for row in conn.execute(query, params)
        ]

    def stored_rows(self, conn: sa.Connection, table: Table, person_ids: Sequence[str] | None) -> list[Any]:
        """The visible rows with their private cells as stored: neither opened nor refused."""
        return self._select(conn, table, person_ids, opened=False)

    def _record(self, table: Table, values: dict[str, Any]) -> Any:
        out = {}
        for col in table.columns:
            if col.name not in values:  # a column this role may not read, or a writer never wrote
                out[col.name] = hidden_value(col)
                continue
            value = values[col.name]
            if value is not None and col.kind is Kind.ENUM and col.enum_type is not None:
                value = col.enum_type(value)
            out[col.name] = value
        if table.name == "people" and out["person_id"] == self.scope.manager_id:
            out["manager_id"] = None  # their own manager is not in this manager's store
        return table.record(**out)

    def load(
        self, record_type: type[R], person_id: str | None = None, *, private_text: bool = True
    ) -> list[R]:
        table = table_of(record_type, self.tables)
        if table.per_person and person_id is None:
            raise TypeError(f"{table.name} is kept per person: pass a person_id")
        ids = [person_id] if table.per_person and person_id is not None else None
        with self.engine.connect() as conn:
            rows = self._select(conn, table, ids, private_text=private_text)
            if ids and not rows:  # one round trip when there are rows: the scope checked them
                self._require_person(conn, ids[0])
            return rows

    def load_team(
        self, record_type: type[R], person_ids: Iterable[str], *, private_text: bool = True
    ) -> dict[str, list[R]]:
        table = table_of(record_type, self.tables)
        if not table.per_person:
            raise TypeError(f"{table.name} is not kept per person")
        ids = list(dict.fromkeys(person_ids))
        with self.engine.connect() as conn:
            known = self._person_ids(conn)
            unknown = set(ids) - set(known)
            if unknown:
                raise UnknownPersonError(next(p for p in ids if p in unknown), known, where=PEOPLE_TABLE)
            out: dict[str, list[R]] = {p: [] for p in ids}
            for record in self._select(conn, table, ids, private_text=private_text):
                out[record.person_id].append(record)
        return out

    def load_where(self, record_type: type[R], person_id: str | None, column: str, value: Any) -> list[R]:
        """The rows whose ``column`` holds ``value``.

        A role that may not read the column, or the text a flag shares (the batch role and
        ``share`` on answers), gets no rows: they would be shells without what they exist to carry.
        """
        table = table_of(record_type, self.tables)
        col = table.column(column)  # an unknown column is a KeyError, as in the CSV store
        if self.calls is None:
            readable = self.sql.readable(table)
            if column not in readable or any(
                c.shared_when == column and c.name not in readable for c in table.columns
            ):
                return []
        wanted = bind(col, value)
        with self.engine.connect() as conn:
            if table.per_person and person_id is not None:
                self._require_person(conn, person_id)
            people = [person_id] if table.per_person and person_id else None
            rows = self._select(conn, table, people)
        return [r for r in rows if bind(col, getattr(r, column)) == wanted]

    def person_ids(self) -> list[str]:
        with self.engine.connect() as conn:
            return self._person_ids(conn)

    def _person_ids(self, conn: sa.Connection) -> list[str]:
        if self.calls is not None:
            return [str(row["person_id"]) for row in self.calls.read(conn, self.tables["people"], None)]
        return list(conn.execute(self.sql.people()).scalars())

    def _require_person(self, conn: sa.Connection, person_id: str) -> None:
        ids = self._person_ids(conn)
        if person_id not in ids:
            raise UnknownPersonError(person_id, ids, where=PEOPLE_TABLE)

    def frame(self, record_type: type, person_ids: Names = None, columns: Names = None) -> pd.DataFrame:
        """A table as the text cells the CSV files would hold, person by person in the order asked
        (the team's, by default), each person's rows in written order.

        Columns the batch role may not read come back empty, as :meth:`load` leaves them at their
        defaults: the store never asks for them (the database would refuse).
        """
        table = table_of(record_type, self.tables)
        names = list(columns) if columns is not None else table.header
        unknown = [c for c in names if c not in table.header]
        if unknown:
            raise KeyError(f"{table.name} has no column {unknown[0]!r}")
        with self.engine.connect() as conn:
            rows = self._select(conn, table, None if person_ids is None else list(person_ids))
            order = self._person_ids(conn) if person_ids is None and table.per_person else person_ids
        if table.per_person and rows:
            rank = {p: i for i, p in enumerate(order or [])}
            rows.sort(key=lambda r: rank.get(r.person_id, len(rank)))  # stable: written order kept
        return cells(table, rows, names)

    # -- writing -------------------------------------------------------------

    @contextlib.contextmanager
    def _writing(self, table: Table, person_id: str | None) -> Iterator[tuple[sa.Connection, Guard]]:
        """The one way in for every write: a transaction holding the lock of the table, person
        and writer, and what the rows written in it are checked against."""
        if table.per_person and person_id is None:
            raise TypeError(f"{table.name} is kept per person: pass a person_id")
        if self.calls is None:  # refused before any lock is taken or row read
            raise CareernbError("The batch role reads the organisation's quarter; it never writes.")
        with self.engine.begin() as conn:
            found = self.calls.hold(conn, table, person_id, referenced(table))
            self.keys.before_write(conn)  # under the lock: a key made meanwhile seals this write
            yield conn, guard(found, self.url, self.tables, table, person_id, self.scope.manager_id)

    def update(self, record_type: type[R], person_id: str | None, change: Change[R]) -> list[R]:
        table = table_of(record_type, self.tables)
        with self._writing(table, person_id) as (conn, checks):
            ids = [person_id] if table.per_person and person_id is not None else None  # checked by _writing
            current = self._select(conn, table, ids)
            new = list(change(current))
            checks.validate(new)
            self._rewrite(conn, table, person_id, current, new, self.keys.sealed(table, new))
        return new

    def save(self, *records: Any) -> None:
        if not records:
            return
        record_type, person_id, change = saving(records)
        table = table_of(record_type, self.tables)
        if not table.per_person:  # people and the question bank: checked as a whole table
            self.update(record_type, person_id, change)
            return
        latest = list({table.key_of(r): r for r in records}.values())  # the last of one key wins
        with self._writing(table, person_id) as (conn, checks):
            checks.validate(latest)
            self._calls.write(conn, table, person_id, self.keys.sealed(table, latest))

    def delete(self, record_type: type, person_id: str | None, keys: Iterable[tuple[Any, ...]]) -> None:
        table = table_of(record_type, self.tables)
        gone = {tuple(k) for k in keys}
        self.update(record_type, person_id, lambda rows: [r for r in rows if table.key_of(r) not in gone])

    @property
    def _calls(self) -> Calls:
        assert self.calls is not None, "only the batch role has no calls, and it never writes"
        return self.calls

    def _rewrite(
        self,
        conn: sa.Connection,
        table: Table,
        person_id: str | None,
        old: list[Any],
        new: list[Any],
        stored: list[Any],
    ) -> None:
        """Write ``new`` over ``old``: rows kept in place, changed ones replaced, the rest appended;
        a table whose rows changed order is written again in its new order (never people: their
        order is the organisation's). Each is written as ``stored`` holds it (its private notes
        sealed)."""
        before = {table.key_of(r): r for r in old}
        after = [table.key_of(r) for r in new]
        staying = set(after)
        gone = [k for k in before if k not in staying]
        kept = [k for k in before if k in staying]
        if table.name != "people" and after[: len(kept)] != kept:
            self._calls.write(conn, table, person_id, stored, replace=True)
            return
        changed = [s for r, s in zip(new, stored, strict=True) if before.get(table.key_of(r)) != r]
        if changed or gone:
            self._calls.write(conn, table, person_id, changed, gone)

    def remove_person_data(self, person_id: str) -> list[Path]:
        """Refused: on the organisation's database a person is forgotten by an administrator, since
        earlier managers' rows about them go too."""
        raise CareernbError(
            f"In an organisation's database, forgetting a person removes rows other managers wrote too, "
            f"so an administrator does it: `careernb org forget {person_id} --store ADMIN_URL`."
        )
