"""The organisation's backend: the :class:`~careernb.store.Store` protocol on PostgreSQL.

One store object acts for one manager (its *writer*, a database role): it
reads and writes the people that manager manages and the rows that manager
wrote. The database enforces the same with row-level security; the explicit
filters here make an administrator's or the batch role's view of one manager
the same as that manager's own.

This module is one piece, longer than most: one class, the protocol's reading and writing on PostgreSQL
and the statements both share, as ``csv_store.py`` is for files.

Every value is bound as a parameter. ``update()`` runs read-change-write in
one transaction under a lock per table, person and writer, so two saves never
lose each other's rows and a process killed half-way leaves the previous state.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from careernb.errors import PEOPLE_TABLE, CareernbError, StoreFormatError, UnknownPersonError
from careernb.store.base import Change, Names, Scope, saving
from careernb.store.files import validate_rows
from careernb.store.migrate import check_version
from careernb.store.schema import Kind, Table, table_of
from careernb.store.sql_schema import (
    BATCH,
    MANAGERS_TABLE,
    OWNER,
    SCHEMA,
    batch_columns,
    bind,
    cell_text,
    has_writer,
    hidden_value,
    metadata,
    quote,
    referenced,
)

R = TypeVar("R")
NUL = "\x00"
LOCK = sa.text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))")
LOCK_OF = sa.func.pg_advisory_xact_lock(sa.func.hashtextextended(sa.bindparam("k"), 0))


class NotAManagerError(CareernbError):
    def __init__(self, role: str) -> None:
        self.role = role
        super().__init__(
            f"The database role {role!r} is not a manager in careernb. An administrator adds it with "
            f"`careernb org add-manager {role} --person PERSON_ID`."
        )


def engine_for(url: str, *, as_owner: bool = False) -> sa.Engine:
    """An engine; ``as_owner`` makes every connection act as the owner role (administration)."""
    engine = sa.create_engine(url, pool_size=2, max_overflow=4, pool_pre_ping=False)
    if as_owner:

        @sa.event.listens_for(engine, "connect")
        def _as_owner(dbapi_connection: Any, record: Any) -> None:
            dbapi_connection.autocommit = True  # SET ROLE outside a transaction survives rollbacks
            with dbapi_connection.cursor() as cur:
                cur.execute(f"SET ROLE {quote(OWNER)}")
            dbapi_connection.autocommit = False

    return engine


class SqlStore:
    """The store of one manager in the organisation's database."""

    home: Path | None = None
    """No folder: rendered reports go where the caller says (``--out``)."""

    def __init__(self, url: str | sa.Engine, tables: Sequence[type], *, writer: str | None = None) -> None:
        self.engine = url if isinstance(url, sa.Engine) else engine_for(url)
        self._owns_engine = not isinstance(url, sa.Engine)
        self.url = self.engine.url.render_as_string(hide_password=True)
        self.location = self.url
        self.tables: dict[str, Table] = {table_of(t).name: table_of(t) for t in tables}
        self._sa = _tables(tuple(self.tables.values()))
        self._statements: dict[str, Any] = {}
        try:
            with self.engine.connect() as conn:
                self.schema_version = check_version(conn, self.url)
                self.role = conn.execute(sa.text("SELECT current_user")).scalar_one()
                self.writer = writer or self.role
                self.me = conn.execute(
                    sa.text(f"SELECT person_id FROM {SCHEMA}.{MANAGERS_TABLE} WHERE role = :r"),
                    {"r": self.writer},
                ).scalar()
            if self.me is None:
                raise NotAManagerError(self.writer)
        except BaseException:
            if not isinstance(url, sa.Engine):
                self.engine.dispose()
            raise
        self.private_hidden = self.role == BATCH
        self.scope = Scope(manager_id=self.me, writer=self.writer, reads_private=not self.private_hidden)

    def close(self) -> None:
        """Close the connections (the store can still be used: they open again)."""
        self.engine.dispose()

    def __del__(self) -> None:
        # A command that drops its store (or fails half-way) leaves no connection open.
        if getattr(self, "_owns_engine", False):
            self.engine.dispose()

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -------------------------------------------------------------

    def _table(self, record_type: type) -> Table:
        table = table_of(record_type)
        if table.name not in self.tables:
            raise TypeError(f"{table.name} is not a table of this store")
        return table

    def _columns(self, table: Table) -> list[str]:
        if self.private_hidden:
            return [c for c in batch_columns(table) if c not in ("seq", "written_by")]
        return table.header

    def _scope(self, table: Table, t: sa.Table, person_ids: Sequence[str] | None) -> list[Any]:
        if table.name == "people":
            return [sa.or_(t.c.person_id == self.me, t.c.manager_id == self.me)]
        where = [t.c.written_by == self.writer] if has_writer(table) else []
        if table.per_person:
            visible = self._people_query().subquery()
            where.append(t.c.person_id.in_(sa.select(visible.c.person_id)))
            if person_ids is not None:
                where.append(t.c.person_id.in_(list(person_ids)))
        return where

    def _people_query(self) -> sa.Select:
        t = self._sa[f"{SCHEMA}.people"]
        return sa.select(t.c.person_id).where(sa.or_(t.c.person_id == self.me, t.c.manager_id == self.me))

    def _select(
        self, conn: sa.Connection, table: Table, person_ids: Sequence[str] | None, *extra: Any
    ) -> list[Any]:
        t = self._sa[f"{SCHEMA}.{table.name}"]
        names = self._columns(table)
        if table.per_person and "person_id" not in names:
            return []  # a wholly private table (signals, preparation): the batch role sees none of it
        where = [*self._scope(table, t, person_ids), *(e(t) for e in extra)]
        query = sa.select(*[t.c[n] for n in names]).where(*where).order_by(t.c.seq)
        return [self._record(table, dict(zip(names, row, strict=True))) for row in conn.execute(query)]

    def _record(self, table: Table, values: dict[str, Any]) -> Any:
        out = {}
        for col in table.columns:
            if col.name not in values:  # a column this role may not read
                out[col.name] = hidden_value(col)
                continue
            value = values[col.name]
            if value is not None and col.kind is Kind.ENUM:
                value = col.enum_type(value)
            out[col.name] = value
        if table.name == "people" and out["person_id"] == self.me:
            out["manager_id"] = None  # their own manager is not in this manager's store
        return table.record(**out)

    def load(self, record_type: type[R], person_id: str | None = None) -> list[R]:
        table = self._table(record_type)
        if table.per_person and person_id is None:
            raise TypeError(f"{table.name} is kept per person: pass a person_id")
        with self.engine.connect() as conn:
            rows = self._select(conn, table, [person_id] if table.per_person else None)
            if table.per_person and not rows:  # one round trip when there are rows: the scope checked them
                self._require_person(conn, person_id)
            return rows

    def load_team(self, record_type: type[R], person_ids: Iterable[str]) -> dict[str, list[R]]:
        table = self._table(record_type)
        if not table.per_person:
            raise TypeError(f"{table.name} is not kept per person")
        ids = list(dict.fromkeys(person_ids))
        with self.engine.connect() as conn:
            known = self._person_ids(conn)
            unknown = set(ids) - set(known)
            if unknown:
                raise UnknownPersonError(next(p for p in ids if p in unknown), known, where=PEOPLE_TABLE)
            out: dict[str, list[R]] = {p: [] for p in ids}
            for record in self._select(conn, table, ids):
                out[record.person_id].append(record)
        return out

    def load_where(self, record_type: type[R], person_id: str | None, column: str, value: Any) -> list[R]:
        """The rows whose ``column`` holds ``value``, filtered in the database.

        A role that may not read the text a flag shares (the batch role and ``share`` on answers)
        gets no rows: they would be shells without what they exist to carry.
        """
        table = self._table(record_type)
        table.column(column)  # an unknown column is a KeyError, as in the CSV store
        readable = self._columns(table)
        if any(c.shared_when == column and c.name not in readable for c in table.columns):
            return []
        bound = value.value if isinstance(value, enum.Enum) else value
        with self.engine.connect() as conn:
            if table.per_person and person_id is not None:
                self._require_person(conn, person_id)
            people = [person_id] if table.per_person and person_id else None
            return self._select(conn, table, people, lambda t: t.c[column] == bound)

    def person_ids(self) -> list[str]:
        with self.engine.connect() as conn:
            return self._person_ids(conn)

    def _person_ids(self, conn: sa.Connection) -> list[str]:
        t = self._sa[f"{SCHEMA}.people"]
        query = self._built("people", lambda: self._people_query().order_by(t.c.seq))
        return list(conn.execute(query).scalars())

    def _built(self, name: str, build: Callable[[], Any]) -> Any:
        """A statement built once per store: a save then only binds its values (a save's time
        was mostly spent building the same statements again)."""
        if name not in self._statements:
            self._statements[name] = build()
        return self._statements[name]

    def _require_person(self, conn: sa.Connection, person_id: str) -> None:
        ids = self._person_ids(conn)
        if person_id not in ids:
            raise UnknownPersonError(person_id, ids, where=PEOPLE_TABLE)

    def frame(self, record_type: type, person_ids: Names = None, columns: Names = None) -> pd.DataFrame:
        """A table as text cells through ``read_sql``, the same cells the CSV files hold.

        Columns the batch role may not read are never asked for (the database would refuse):
        they come back empty, as :meth:`load` leaves them at their defaults.
        """
        table = self._table(record_type)
        names = list(columns) if columns is not None else table.header
        unknown = [c for c in names if c not in table.header]
        if unknown:
            raise KeyError(f"{table.name} has no column {unknown[0]!r}")
        readable = set(self._columns(table))
        if table.per_person and "person_id" not in readable:
            return pd.DataFrame({n: pd.Series([], dtype=str) for n in names}, columns=names)
        t = self._sa[f"{SCHEMA}.{table.name}"]
        asked = [n for n in names if n in readable]
        picked = list(dict.fromkeys([*asked, *(["person_id"] if table.per_person else [])]))
        query = (
            sa.select(*[t.c[n] for n in picked]).where(*self._scope(table, t, person_ids)).order_by(t.c.seq)
        )
        with self.engine.connect() as conn:
            frame = pd.read_sql(query, conn, dtype=object)
            order = self._person_ids(conn) if person_ids is None else list(person_ids)
        if table.per_person and len(frame):
            rank = {p: i for i, p in enumerate(order)}
            frame = frame.iloc[frame["person_id"].map(rank).argsort(kind="stable")].reset_index(drop=True)
        out = pd.DataFrame(index=frame.index)
        for name in names:
            col = table.column(name)
            if name in readable:
                out[name] = [cell_text(col, v) for v in frame[name]]
            else:
                out[name] = col.format(hidden_value(col))
        return out.astype(str) if len(out.columns) else out

    # -- writing -------------------------------------------------------------

    def update(self, record_type: type[R], person_id: str | None, change: Change[R]) -> list[R]:
        table = self._writable(record_type, person_id)
        with self.engine.begin() as conn:
            people = self._lock(conn, table, person_id)
            current = self._select(conn, table, [person_id] if table.per_person else None)
            new = list(change(current))
            self._validate(conn, table, person_id, new, set(people))
            self._write(conn, table, person_id, current, new)
        return new

    def save(self, *records: Any) -> None:
        if not records:
            return
        record_type, person_id, change = saving(records)
        table = self._writable(record_type, person_id)
        if not table.per_person:  # people and the question bank: checked as a whole table
            self.update(record_type, person_id, change)
            return
        latest = list({table.key_of(r): r for r in records}.values())  # the last of one key wins
        with self.engine.begin() as conn:
            checks = self._built(f"checks {table.name}", lambda: self._save_checks(table))
            params = {"k": self._lock_key(table, person_id), "person_id": person_id}
            found = conn.execute(checks, params).all()
            people = [i for kind, i, _ in found if kind == "people"]
            if person_id not in people:
                raise UnknownPersonError(person_id, people, where=PEOPLE_TABLE)
            refs = {
                t: {_key(self.tables[t]).parse(i) for kind, i, _ in found if kind == t}
                for t in referenced(table)
            }
            self._validate(conn, table, person_id, latest, set(people), refs)
            statement = self._built(f"upsert {table.name}", lambda: self._upsert(table))
            conn.execute(statement, [self._values(table, r) for r in latest])

    def _upsert(self, table: Table) -> Any:
        """Replace a row in place (its seq, so its place in the table, kept) or append it: as upsert()."""
        t = self._sa[f"{SCHEMA}.{table.name}"]
        insert = postgresql.insert(t)
        key = [c.name for c in t.primary_key.columns]
        return insert.on_conflict_do_update(
            index_elements=key, set_={c: insert.excluded[c] for c in table.header if c not in key}
        )

    def _writable(self, record_type: type, person_id: str | None) -> Table:
        table = self._table(record_type)
        if table.per_person and person_id is None:
            raise TypeError(f"{table.name} is kept per person: pass a person_id")
        if self.private_hidden:  # refused before any lock is taken or row read
            raise CareernbError("The batch role reads the organisation's quarter; it never writes.")
        return table

    def _save_checks(self, table: Table) -> Any:
        """What a save needs before it writes, in one round trip: the lock of :meth:`_lock`, the
        people this manager manages, and the ids the saved rows may refer to."""
        lock = sa.select(LOCK_OF.label("locked")).cte("locked")  # volatile: run once, never inlined
        p = self._sa[f"{SCHEMA}.people"]
        parts = [
            sa.select(sa.literal("people").label("kind"), p.c.person_id.label("id"), p.c.seq)
            .select_from(lock.join(p, sa.true()))
            .where(sa.or_(p.c.person_id == self.me, p.c.manager_id == self.me))
        ]
        for target in referenced(table):
            other, t = self.tables[target], self._sa[f"{SCHEMA}.{target}"]
            parts.append(
                sa.select(sa.literal(target), sa.cast(t.c[other.key[-1]], sa.Text), t.c.seq)
                .select_from(lock.join(t, sa.true()))
                .where(*self._scope(other, t, None), t.c.person_id == sa.bindparam("person_id"))
            )
        return sa.union_all(*parts).order_by("kind", "seq")

    def _lock_key(self, table: Table, person_id: str | None) -> str:
        return f"{table.name}/{self.writer}/{person_id or ''}"

    def _lock(self, conn: sa.Connection, table: Table, person_id: str | None) -> list[str]:
        """Serialise the writers of one table and person; the people this manager manages."""
        conn.execute(LOCK, {"k": self._lock_key(table, person_id)})
        people = self._person_ids(conn)  # read once: the check below and the validation share it
        if table.per_person and person_id not in people:
            raise UnknownPersonError(person_id, people, where=PEOPLE_TABLE)
        return people

    def delete(self, record_type: type, person_id: str | None, keys: Iterable[tuple]) -> None:
        table = self._table(record_type)
        gone = {tuple(k) for k in keys}
        self.update(record_type, person_id, lambda rows: [r for r in rows if table.key_of(r) not in gone])

    def _where(self, table: Table) -> Path:
        return Path(f"{self.url} {SCHEMA}.{table.name}")

    def _validate(
        self,
        conn: sa.Connection,
        table: Table,
        person_id: str | None,
        rows: list[Any],
        people: set[str],
        refs: dict[str, set] | None = None,
    ) -> None:
        where = self._where(table)
        for i, record in enumerate(rows, start=2):
            for col in table.columns:
                value = getattr(record, col.name, None)
                if isinstance(value, str) and NUL in value:
                    raise StoreFormatError(
                        where,
                        "this text holds the invisible character U+0000 (NUL), which PostgreSQL cannot keep",
                        "Remove it (it usually comes from pasting binary data) and save again.",
                        row=i,
                        column=col.name,
                    )
        if refs is None:
            refs = {}
            for target in referenced(table):
                query = self._built(f"ids {target}", lambda target=target: self._ids_of(target))
                refs[target] = set(conn.execute(query, {"person_id": person_id}).scalars())
        if table.name == "people":
            people = {r.person_id for r in rows} | {self.me}
        validate_rows(where, table, person_id, rows, people, refs)

    def _ids_of(self, target: str) -> sa.Select:
        """The ids of one person's rows in ``target`` (what a reference may point to)."""
        other, t = self.tables[target], self._sa[f"{SCHEMA}.{target}"]
        where = [*self._scope(other, t, None), t.c.person_id == sa.bindparam("person_id")]
        return sa.select(t.c[other.key[-1]]).where(*where)

    def _write(self, conn: sa.Connection, table: Table, person_id: str | None, old: list, new: list) -> None:
        t = self._sa[f"{SCHEMA}.{table.name}"]
        before = {table.key_of(r): r for r in old}
        after_keys = [table.key_of(r) for r in new]
        gone = set(before) - set(after_keys)
        kept = [k for k in before if k not in gone]
        scope = self._scope(table, t, [person_id] if table.per_person else None)
        if after_keys[: len(kept)] != kept:  # reordered: write the table again in its new order
            conn.execute(t.delete().where(*scope))
            gone, kept = set(), []
        for key in gone:
            conn.execute(t.delete().where(*scope, *self._key_match(table, t, key)))
        for record in new[: len(kept)]:
            key = table.key_of(record)
            if before[key] != record:
                values = self._values(table, record)
                if table.name == "people" and record.person_id == self.me:
                    values.pop("manager_id")  # their own manager is the organisation's to set
                conn.execute(t.update().where(*scope, *self._key_match(table, t, key)).values(values))
        appended = [self._values(table, r) for r in new[len(kept) :]]
        if appended:
            conn.execute(t.insert(), appended)

    def _key_match(self, table: Table, t: sa.Table, key: tuple) -> list[Any]:
        return [
            t.c[name] == bind(table.column(name), value) for name, value in zip(table.key, key, strict=True)
        ]

    def _values(self, table: Table, record: Any) -> dict[str, Any]:
        values = {c.name: bind(c, getattr(record, c.name)) for c in table.columns}
        if has_writer(table):
            values["written_by"] = self.writer
        return values

    def remove_person_data(self, person_id: str) -> list[Path]:
        """Delete this manager's rows about one person; return the tables that held some."""
        removed = []
        with self.engine.begin() as conn:
            for table in self.tables.values():
                if table.per_person:
                    t = self._sa[f"{SCHEMA}.{table.name}"]
                    result = conn.execute(
                        t.delete().where(t.c.written_by == self.writer, t.c.person_id == person_id)
                    )
                    if result.rowcount:
                        removed.append(self._where(table))
        return removed


def _key(table: Table) -> Any:
    """The column a reference to ``table`` names (its last key column)."""
    return table.column(table.key[-1])


@functools.lru_cache(maxsize=8)
def _tables(tables: tuple[Table, ...]) -> Any:
    """The SQLAlchemy tables, built once per process: the organisation's quarter opens a store
    per manager."""
    return metadata(tables).tables
