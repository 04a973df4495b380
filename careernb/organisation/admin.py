"""Administering the organisation's database: set it up, add managers and people, move and forget.

Run by an administrator: a database superuser, or a role with CREATEROLE that
is a member of ``careernb_owner``. Every change to rows is made as the owner
role (``SET ROLE``), so it goes through the same policies as everything else.
Who manages whom changes here alone: managers can neither add people nor move them.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa

from careernb.domain.people import Person
from careernb.errors import PEOPLE_TABLE, CareernbError, UnknownPersonError
from careernb.home import TABLES
from careernb.ownership.handover import TRAVELS
from careernb.ownership.sharing import for_person
from careernb.store import table_of
from careernb.store.migrate import Migrated
from careernb.store.migrate import migrate as _migrate
from careernb.store.schema import Privacy, Table
from careernb.store.sql import SqlStore, engine_for
from careernb.store.sql_reply import SENT_TABLE
from careernb.store.sql_schema import (
    LOCKS_TABLE,
    MANAGERS_TABLE,
    PEOPLE_PRIVATE,
    REPORTS_TABLE,
    SCHEMA,
    bind,
    quote,
    stored_columns,
)

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

D = TypeVar("D", bound="DataclassInstance")

WAIT = "5s"
"""How long an administrator's change waits for a manager's save holding the same row."""
LOCK_TIMEOUT = "55P03"


def migrate(url: str) -> Migrated:
    """Create or upgrade the database to this careernb's newest revision; what it could not take
    from PUBLIC is left to a superuser, by the statements it returns."""
    engine = engine_for(url)
    try:
        return _migrate(engine)
    finally:
        engine.dispose()


def _manager_of(conn: sa.Connection, role: str) -> str:
    """The person id of the manager whose login role is ``role``."""
    found = conn.execute(
        sa.text(f"SELECT person_id FROM {SCHEMA}.{MANAGERS_TABLE} WHERE role = :r"), {"r": role}
    ).scalar()
    if found is None:
        raise CareernbError(f"{role!r} is not a manager: add them with `careernb org add-manager`.")
    return found


def add_person(url: str, person: Person, manager_role: str) -> None:
    """Add a person to the team of the manager whose role is ``manager_role``.

    In an organisation the administrator adds people (managers cannot): their id is checked
    against everyone's, so two teams never share one.
    """
    people = table_of(Person)
    people.column("person_id").parse(person.person_id)
    people.column("name").parse(person.name)
    engine = engine_for(url, as_owner=True)
    try:
        with engine.begin() as conn:
            manager = _manager_of(conn, manager_role)
            taken = conn.execute(
                sa.text(
                    f"SELECT person_id, manager_id FROM {SCHEMA}.people WHERE lower(person_id) = lower(:p)"
                ),
                {"p": person.person_id},
            ).first()
            if taken is not None and taken[0] == person.person_id:
                raise CareernbError(
                    f"{person.person_id!r} is already in people (managed by {taken[1] or 'nobody'}); "
                    "choose another id, or give them another manager with `careernb org move`."
                )
            if taken is not None:  # a data home exported on macOS or Windows would mix their folders
                raise CareernbError(
                    f"{person.person_id!r} differs from {taken[0]!r} (managed by {taken[1] or 'nobody'}) "
                    "only by case; on macOS and Windows their folders in an exported data home would be "
                    "one, and two people's notes would mix. Choose another id."
                )
            values = {**_row(people, person, _stored(people)), "manager_id": manager}
            cols = ", ".join(quote(c) for c in values)
            conn.execute(
                sa.text(
                    f"INSERT INTO {SCHEMA}.people ({cols}) VALUES ({', '.join(':' + c for c in values)})"
                ),
                values,
            )
    finally:
        engine.dispose()


def forget(url: str, person_id: str) -> dict[str, int]:
    """Remove every row about a person, whoever wrote it; returns rows removed per table."""
    engine = engine_for(url, as_owner=True)
    removed: dict[str, int] = {}
    try:
        with engine.begin() as conn:
            people = conn.execute(sa.text(f"SELECT person_id FROM {SCHEMA}.people")).scalars().all()
            if person_id not in people:
                raise UnknownPersonError(person_id, list(people), where=PEOPLE_TABLE)
            managed = (
                conn.execute(
                    sa.text(f"SELECT person_id FROM {SCHEMA}.people WHERE manager_id = :p"), {"p": person_id}
                )
                .scalars()
                .all()
            )
            if managed:
                raise CareernbError(
                    f"{person_id} manages {', '.join(managed)}; give them another manager first, then forget."
                )
            for record in reversed(TABLES):
                table = table_of(record)
                if "person_id" not in table.header:
                    continue
                result = conn.execute(
                    sa.text(f"DELETE FROM {SCHEMA}.{quote(table.name)} WHERE person_id = :p"),
                    {"p": person_id},
                )
                removed[table.name] = result.rowcount
            # every writer's private columns, their locks, the digests of the replies they sent
            for name in (PEOPLE_PRIVATE, LOCKS_TABLE, SENT_TABLE):
                done = conn.execute(
                    sa.text(f"DELETE FROM {SCHEMA}.{name} WHERE person_id = :p"), {"p": person_id}
                )
                removed[name] = done.rowcount
            for link in (MANAGERS_TABLE, REPORTS_TABLE):  # who they are as a manager, whose report
                conn.execute(sa.text(f"DELETE FROM {SCHEMA}.{link} WHERE person_id = :p"), {"p": person_id})
    finally:
        engine.dispose()
    return removed


def move(url: str, person_id: str, to_role: str) -> list[str]:
    """Give a person a new manager, passing what a handover passes; returns the tables copied.

    The new manager gets copies, written as theirs, of the person's contracts,
    commitments, review points, aspirations and the dates and kinds of their
    conversations, with every private cell left out (as in a handover pack). Where the new
    manager already has a row of the same key (they managed the person before), its private
    cells stay theirs and the rest comes from the copy. Nothing is deleted: the previous
    manager's own rows, and every writer's private columns of people, stay with their writer,
    read by no one while the person is not theirs. So moving a person away and back, with
    no work in between, leaves the first manager exactly what they had.
    """
    engine = engine_for(url, as_owner=True)
    try:
        with engine.connect() as conn:
            found = conn.execute(
                sa.text(
                    f"SELECT p.person_id, m.role FROM {SCHEMA}.people p "
                    f"LEFT JOIN {SCHEMA}.{MANAGERS_TABLE} m ON p.manager_id = m.person_id "
                    "WHERE p.person_id = :p"
                ),
                {"p": person_id},
            ).first()
            if found is None:
                known = conn.execute(sa.text(f"SELECT person_id FROM {SCHEMA}.people ORDER BY seq")).scalars()
                raise UnknownPersonError(person_id, list(known), where=PEOPLE_TABLE)
            new_manager = _manager_of(conn, to_role)
        old_role = found.role
        store = SqlStore(engine, TABLES, writer=old_role) if old_role else None
        shared = for_person(store, person_id, TRAVELS) if store else None  # what a handover passes, no more
        copied = []
        with engine.begin() as conn:
            conn.execute(sa.text(f"SET LOCAL lock_timeout = '{WAIT}'"))
            try:
                conn.execute(
                    sa.text(f"UPDATE {SCHEMA}.people SET manager_id = :m WHERE person_id = :p"),
                    {"m": new_manager, "p": person_id},
                )
            except sa.exc.OperationalError as exc:
                if getattr(exc.orig, "sqlstate", None) != LOCK_TIMEOUT:
                    raise
                raise CareernbError(
                    f"A session of {old_role or 'a manager'}'s has been saving {person_id}'s row of people "
                    f"for more than {WAIT}; nothing was moved. Try again once it has finished."
                ) from exc
            for record_type in TRAVELS if shared else ():
                table = table_of(record_type)
                records: list[DataclassInstance] = shared.records(record_type) if shared else []
                rows = [_without_private(r) for r in records]
                if rows:
                    conn.execute(
                        _keeping_theirs(table), [{**_row(table, r), "written_by": to_role} for r in rows]
                    )
                    copied.append(table.name)
        return copied
    finally:
        engine.dispose()


def _keeping_theirs(table: Table) -> sa.TextClause:
    """Insert a travelling row as the new manager's; where they have one of its key, replace its
    shared cells only, keeping its place and its private cells."""
    key = ["written_by", *(["person_id"] if "person_id" not in table.key else []), *table.key]
    cols = ["written_by", *table.header]
    shared = [c.name for c in table.columns if c.privacy is not Privacy.PRIVATE and c.name not in key]
    names = ", ".join(quote(c) for c in shared)
    new = ", ".join(f"EXCLUDED.{quote(c)}" for c in shared)
    return sa.text(
        f"INSERT INTO {SCHEMA}.{quote(table.name)} AS t ({', '.join(quote(c) for c in cols)}) "
        f"VALUES ({', '.join(':' + c for c in cols)}) "
        f"ON CONFLICT ({', '.join(quote(c) for c in key)}) DO UPDATE SET ({names}) = ROW ({new}) "
        f"WHERE ROW ({', '.join(f't.{quote(c)}' for c in shared)}) IS DISTINCT FROM ROW ({new})"
    )


def _without_private(record: D) -> D:
    """The record with its private cells at their defaults (sharing already dropped private rows)."""
    table = table_of(record)
    blank = {
        c.name: c.default
        for c in table.columns
        if c.privacy is Privacy.PRIVATE and not c.required and c.shared_when is None
    }
    return dataclasses.replace(record, **blank)


def _stored(table: Table) -> list[str]:
    """The columns a table keeps itself (people's private ones are kept per writer)."""
    return [c.name for c in stored_columns(table)]


def _row(table: Table, record: Any, names: list[str] | None = None) -> dict[str, Any]:
    """A record's values as bound, for ``names`` (default: every column)."""
    wanted = set(names if names is not None else table.header)
    return {c.name: bind(c, getattr(record, c.name)) for c in table.columns if c.name in wanted}
