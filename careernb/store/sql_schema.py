"""The organisation's database, derived from the same declared tables as the CSV files.

Every table of the data home becomes a PostgreSQL table in the ``careernb``
schema with the same columns, plus:

- ``seq``: insertion order, so a table reads back in the order it was written
  (a data home exported from the database is byte-identical to the one imported);
- ``written_by``: the database role that wrote the row (all tables but ``people``).
  Rows belong to their writer: a manager sees only rows they wrote, about people
  they manage now.

and tables of its own: ``managers`` (which login role is which person), the quarter's
(:mod:`careernb.store.sql_quarter`), and the managers' key records (:mod:`careernb.store.sql_keys`).

Access is enforced by the database, never by careernb's good manners:
:func:`security_statements` generates the roles' grants and the row-level security policies;
the batch role reads no table, only what the quarter's functions return.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
import sqlalchemy as sa

from careernb.store.schema import Column, Kind, Privacy, Table, table_of

SCHEMA = "careernb"
OWNER = "careernb_owner"
"""NOLOGIN: owns every table. Administrators act as it with SET ROLE."""
MANAGER = "careernb_manager"
"""NOLOGIN group: every manager's login role is a member and inherits its grants."""
BATCH = "careernb_batch"
"""LOGIN: runs the organisation's quarter; reads no table, only the quarter's functions."""
MANAGERS_TABLE = "managers"
ROLE_RE = re.compile(r"[a-z_][a-z0-9_]{0,62}")

_TYPES = {
    Kind.ID: sa.Text,
    Kind.TEXT: sa.Text,
    Kind.ENUM: sa.Text,
    Kind.MONTH: sa.Text,
    Kind.DATE: sa.Date,
    Kind.TIMESTAMP: sa.DateTime,
    Kind.TIME: sa.Time,
    Kind.INT: sa.BigInteger,
    Kind.BOOL: sa.Boolean,
}


def has_writer(table: Table) -> bool:
    """Every table but people: people belong to the organisation, rows to their writer."""
    return table.name != "people"


def metadata(tables: Iterable[type | Table]) -> sa.MetaData:
    """SQLAlchemy tables for the declared ``tables`` (record types or Table)."""
    meta = sa.MetaData(schema=SCHEMA)
    for t in tables:
        table = t if isinstance(t, Table) else table_of(t)
        cols: list[sa.Column[Any]] = [sa.Column("seq", sa.BigInteger, sa.Identity(), nullable=False)]
        if has_writer(table):
            cols.append(
                sa.Column("written_by", sa.Text, nullable=False, server_default=sa.text("CURRENT_USER"))
            )
        for c in table.columns:
            cols.append(sa.Column(c.name, _TYPES[c.kind](), nullable=c.optional))
        key = (["written_by"] if has_writer(table) else []) + (
            ["person_id"] if table.per_person and "person_id" not in table.key else []
        )
        # A manager's people are found by index: each write's check reads a team, not everyone.
        indexes = [sa.Index("people_manager_id", "manager_id")] if table.name == "people" else []
        sa.Table(table.name, meta, *cols, sa.PrimaryKeyConstraint(*key, *table.key), *indexes)
    sa.Table(
        MANAGERS_TABLE,
        meta,
        sa.Column("role", sa.Text, primary_key=True),
        sa.Column("person_id", sa.Text, nullable=False, unique=True),
    )
    from careernb.store.sql_quarter import quarter_tables  # the quarter's, declared with its functions

    quarter_tables(meta)
    from careernb.store.sql_keys import key_tables  # the managers' keys, declared with their functions

    key_tables(meta)
    return meta


def referenced(table: Table) -> list[str]:
    """The tables, other than people, that this table's columns refer to."""
    return list(dict.fromkeys(c.references for c in table.columns if c.references not in (None, "people")))


def quote(name: str) -> str:
    """A role or table name as an SQL identifier; only names careernb made or checked."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise ValueError(f"{name!r} is not a valid role or table name")
    return f'"{name}"'


def batch_columns(table: Table) -> list[str]:
    """The person- and team-class columns, plus bookkeeping: what a store that reads no private
    column reads."""
    names = ["seq"] + (["written_by"] if has_writer(table) else [])
    return names + [c.name for c in table.columns_of((Privacy.PERSON, Privacy.TEAM))]


def role_statements() -> list[str]:
    """The three fixed roles, created once per server (idempotent)."""
    out = []
    for role, login in ((OWNER, "NOLOGIN"), (MANAGER, "NOLOGIN"), (BATCH, "LOGIN")):
        out.append(
            f"DO $$ BEGIN CREATE ROLE {quote(role)} {login}; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
    return out


def _policies(table: Table) -> list[tuple[str, str, str, str, str]]:
    """(name, command, role, using, check) for one table."""
    s = SCHEMA
    if table.name == "people":
        # The managers subquery is itself filtered to the caller's own row: one value, so the
        # planner can use the indexes on person_id and manager_id instead of reading everyone.
        me = f"(SELECT person_id FROM {s}.{MANAGERS_TABLE})"
        managed = f"(person_id = {me} OR manager_id = {me})"
        manager = (managed, managed)
    elif table.per_person:
        # The people subquery is filtered by people's policy: people the caller manages now.
        own = f"(written_by = current_user AND person_id IN (SELECT person_id FROM {s}.people))"
        manager = (own, own)
    else:
        own = "(written_by = current_user)"
        manager = (own, own)
    return [
        ("manager_own_rows", "ALL", MANAGER, *manager),
        ("owner_administers", "ALL", OWNER, "true", "true"),
    ]


def policies(tables: Sequence[Table]) -> list[tuple[str, str, str, str, str, str]]:
    """Every policy as (table, name, command, role, using, check), for the docs and the DDL."""
    out = [(t.name, *p) for t in tables for p in _policies(t)]
    out += [
        (MANAGERS_TABLE, "manager_own_row", "SELECT", MANAGER, "role = current_user", ""),
        (MANAGERS_TABLE, "owner_administers", "ALL", OWNER, "true", "true"),
    ]
    # Only the owner, and so only the functions it owns, reads or writes the quarter's tables.
    from careernb.store.sql_quarter import QUARTER_TABLES

    out += [(name, "owner_administers", "ALL", OWNER, "true", "true") for name in QUARTER_TABLES]
    # Only the owner, and so only the functions it owns, reads or writes the managers' keys.
    from careernb.store.sql_keys import KEYS_TABLE

    out.append((KEYS_TABLE, "owner_administers", "ALL", OWNER, "true", "true"))
    return out


def security_statements(tables: Sequence[Table]) -> list[str]:
    """Grants, column grants and policies for ``tables``; run as the owner after creating them."""
    s = SCHEMA
    out = [
        # The batch may look up the quarter's functions in the schema, and read no table.
        f"GRANT USAGE ON SCHEMA {s} TO {quote(MANAGER)}, {quote(BATCH)}",
        f"GRANT SELECT ON {s}.{MANAGERS_TABLE} TO {quote(MANAGER)}",
        f"GRANT SELECT ON {s}.alembic_version TO {quote(MANAGER)}",
    ]
    for table in tables:
        name = f"{s}.{quote(table.name)}"
        out.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {name} TO {quote(MANAGER)}")
    from careernb.store.sql_keys import KEYS_TABLE, key_statements
    from careernb.store.sql_quarter import QUARTER_TABLES, quarter_statements

    for name in [t.name for t in tables] + [MANAGERS_TABLE, *QUARTER_TABLES, KEYS_TABLE]:
        out.append(f"ALTER TABLE {s}.{quote(name)} ENABLE ROW LEVEL SECURITY")
        out.append(f"ALTER TABLE {s}.{quote(name)} FORCE ROW LEVEL SECURITY")
    for on, name, command, role, using, check in policies(tables):
        sql = f"CREATE POLICY {name} ON {s}.{quote(on)} FOR {command} TO {quote(role)} USING ({using})"
        out.append(sql + (f" WITH CHECK ({check})" if check else ""))
    return out + quarter_statements() + key_statements()


def function_statements(functions: Mapping[str, tuple[str, tuple[str, ...], str]]) -> list[str]:
    """Each function created, EXECUTE revoked from PUBLIC and granted to its roles; ``functions``
    maps a ``regprocedure`` to (its definition, who may execute it, what it does)."""
    out = []
    for signature, (create, roles, _) in functions.items():
        out.append(create)
        out.append(f"REVOKE ALL ON FUNCTION {SCHEMA}.{signature} FROM PUBLIC")
        out += [f"GRANT EXECUTE ON FUNCTION {SCHEMA}.{signature} TO {quote(role)}" for role in roles]
    return out


def bind(col: Column, value: Any) -> Any:
    """A record's value as PostgreSQL takes it (an enum by its value)."""
    if isinstance(value, enum.Enum):
        return value.value
    return value


def cell_text(col: Column, value: Any) -> str:
    """A value from read_sql as the text the CSV file would hold."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if col.kind is Kind.TIMESTAMP and isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if col.kind is Kind.INT:
        value = int(value)
    return col.format(value)


def hidden_value(col: Any) -> Any:
    """What a column the reader may not see holds in a record: its default, or nothing."""
    if not col.required:
        return col.default
    return {Kind.BOOL: False, Kind.INT: 0}.get(col.kind, None if col.optional else "")
