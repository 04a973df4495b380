"""The batch role's reads of the organisation's tables, each statement built once per store.

Managers and administrators reach rows through the functions (:mod:`.calls`); the batch role,
which writes nothing, selects the person- and team-class columns its column privileges allow.
Every statement reads only what a manager's own store would show (:meth:`visible`): the rows
that manager wrote, about the people they manage now.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import sqlalchemy as sa

from careernb.store.base import Scope
from careernb.store.schema import Table
from careernb.store.sql_schema import SCHEMA, batch_columns, has_writer, metadata

S = TypeVar("S")
PERSON_IDS = "person_ids"
"""The bound list of people a per-person statement reads or writes."""


class Statements:
    """The select statements of one store's tables."""

    def __init__(self, tables: Mapping[str, Table], scope: Scope) -> None:
        self.tables = tables
        self.me = scope.manager_id
        self.writer = scope.writer
        self.reads_private = scope.reads_private
        self._sa = _sa_tables(tuple(tables.values()))
        self._built: dict[tuple[Any, ...], Any] = {}  # each key's own statement type

    def built(self, key: tuple[Any, ...], build: Callable[[], S]) -> S:
        """The statement named ``key``, built by ``build`` the first time only."""
        if key not in self._built:
            self._built[key] = build()
        statement: S = self._built[key]
        return statement

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

    def people(self) -> sa.Select[*tuple[Any, ...]]:
        """The ids of the manager and the people they manage, in the order they were written."""

        def build() -> sa.Select[*tuple[Any, ...]]:
            p = self.of("people")
            return sa.select(p.c.person_id).where(self.managed(p)).order_by(p.c.seq)

        return self.built(("people",), build)

    def select(self, table: Table, names: tuple[str, ...], *, by_person: bool) -> sa.Select[*tuple[Any, ...]]:
        """Columns ``names`` of the visible rows in written order."""

        def build() -> sa.Select[*tuple[Any, ...]]:
            t = self.of(table.name)
            return (
                sa.select(*[t.c[n] for n in names])
                .where(*self.visible(table, by_person=by_person))
                .order_by(t.c.seq)
            )

        return self.built(("select", table.name, names, by_person), build)


@functools.lru_cache(maxsize=8)
def _sa_tables(tables: tuple[Table, ...]) -> Mapping[str, sa.Table]:
    """The SQLAlchemy tables, built once per process: the organisation's quarter opens a store
    per manager."""
    return metadata(tables).tables
