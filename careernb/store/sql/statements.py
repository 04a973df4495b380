"""The statements one store runs on the organisation's database, each built once per store.

A save then only binds its values: building the same statements again was most of a save's
processor time. Every statement reads and writes only what the store may see (:meth:`visible`):
the rows its writer wrote, about the people its manager manages now. The database's policies
enforce the same; the explicit filters make an administrator's or the batch role's view of one
manager the same as that manager's own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from careernb.store.base import Scope
from careernb.store.schema import Table
from careernb.store.sql_schema import SCHEMA, batch_columns, bind, has_writer, metadata

S = TypeVar("S")
PERSON_IDS = "person_ids"
"""The bound list of people a per-person statement reads or writes."""
VALUE = "value"
"""The bound value a filtered read compares its column with."""
KEY = "key_"
"""Prefix of the bound key a statement on one row matches (never a column's own name)."""


class Statements:
    """The select, upsert, update and delete statements of one store's tables."""

    def __init__(self, tables: Mapping[str, Table], scope: Scope) -> None:
        self.tables = tables
        self.me = scope.manager_id
        self.writer = scope.writer
        self.reads_private = scope.reads_private
        self._sa = _sa_tables(tuple(tables.values()))
        self._built: dict[tuple, Any] = {}

    def built(self, key: tuple, build: Callable[[], S]) -> S:
        """The statement named ``key``, built by ``build`` the first time only."""
        if key not in self._built:
            self._built[key] = build()
        return self._built[key]

    def of(self, name: str) -> sa.Table:
        return self._sa[f"{SCHEMA}.{name}"]

    # -- what may be seen ----------------------------------------------------

    def readable(self, table: Table) -> list[str]:
        """The columns this store's role may read, in the schema's order."""
        if not self.reads_private:
            return [c for c in batch_columns(table) if c not in ("seq", "written_by")]
        return table.header

    def managed(self, people: sa.Table) -> Any:
        """The manager and the people they manage now."""
        return sa.or_(people.c.person_id == self.me, people.c.manager_id == self.me)

    def visible(self, table: Table, *, by_person: bool = False) -> list[Any]:
        """The rows of ``table`` this store may see; ``by_person``: of the people bound as
        :data:`PERSON_IDS` only (a per-person table)."""
        t = self.of(table.name)
        if table.name == "people":
            return [self.managed(t)]
        where = [t.c.written_by == self.writer] if has_writer(table) else []
        if table.per_person:
            people = self.of("people")
            where.append(t.c.person_id.in_(sa.select(people.c.person_id).where(self.managed(people))))
            if by_person:
                where.append(t.c.person_id.in_(sa.bindparam(PERSON_IDS, expanding=True)))
        return where

    # -- reading -------------------------------------------------------------

    def people(self) -> sa.Select:
        """The ids of the manager and the people they manage, in the order they were written."""

        def build() -> sa.Select:
            p = self.of("people")
            return sa.select(p.c.person_id).where(self.managed(p)).order_by(p.c.seq)

        return self.built(("people",), build)

    def select(
        self, table: Table, names: tuple[str, ...], *, by_person: bool, where: str | None = None
    ) -> sa.Select:
        """Columns ``names`` of the visible rows in written order; ``where``: only the rows whose
        column of that name holds the value bound as :data:`VALUE`."""

        def build() -> sa.Select:
            t = self.of(table.name)
            match = [t.c[where] == sa.bindparam(VALUE)] if where else []
            return (
                sa.select(*[t.c[n] for n in names])
                .where(*self.visible(table, by_person=by_person), *match)
                .order_by(t.c.seq)
            )

        return self.built(("select", table.name, names, by_person, where), build)

    # -- writing -------------------------------------------------------------

    def values(self, table: Table, record: Any) -> dict[str, Any]:
        """A record's values as bound, written as this store's writer."""
        values = {c.name: bind(c, getattr(record, c.name)) for c in table.columns}
        if has_writer(table):
            values["written_by"] = self.writer
        return values

    def key_values(self, table: Table, key: tuple) -> dict[str, Any]:
        """A row's key as bound to :meth:`update_row` and :meth:`delete_row`."""
        return {KEY + n: bind(table.column(n), v) for n, v in zip(table.key, key, strict=True)}

    def insert(self, table: Table) -> sa.Insert:
        return self.built(("insert", table.name), lambda: self.of(table.name).insert())

    def upsert(self, table: Table) -> Any:
        """Replace a row in place (its seq, so its place in the table, kept) or append it."""

        def build() -> Any:
            t = self.of(table.name)
            insert = postgresql.insert(t)
            key = [c.name for c in t.primary_key.columns]
            return insert.on_conflict_do_update(
                index_elements=key, set_={c: insert.excluded[c] for c in table.header if c not in key}
            )

        return self.built(("upsert", table.name), build)

    def _one_row(self, table: Table) -> list[Any]:
        t = self.of(table.name)
        return [
            *self.visible(table, by_person=table.per_person),
            *(t.c[n] == sa.bindparam(KEY + n) for n in table.key),
        ]

    def update_row(self, table: Table) -> sa.Update:
        """Set the columns bound by name on the row whose key is bound by :meth:`key_values`."""
        return self.built(
            ("update", table.name), lambda: self.of(table.name).update().where(*self._one_row(table))
        )

    def delete_row(self, table: Table) -> sa.Delete:
        return self.built(
            ("delete", table.name), lambda: self.of(table.name).delete().where(*self._one_row(table))
        )

    def delete_visible(self, table: Table) -> sa.Delete:
        """Every visible row (of the people bound, in a per-person table)."""

        def build() -> sa.Delete:
            return self.of(table.name).delete().where(*self.visible(table, by_person=table.per_person))

        return self.built(("delete all", table.name), build)

    def delete_person(self, table: Table) -> sa.Delete:
        """This writer's rows about the person bound as ``person_id``, whoever manages them now."""

        def build() -> sa.Delete:
            t = self.of(table.name)
            return t.delete().where(t.c.written_by == self.writer, t.c.person_id == sa.bindparam("person_id"))

        return self.built(("delete person", table.name), build)


@functools.lru_cache(maxsize=8)
def _sa_tables(tables: tuple[Table, ...]) -> Any:
    """The SQLAlchemy tables, built once per process: the organisation's quarter opens a store
    per manager."""
    return metadata(tables).tables
