"""The organisation's database, derived from the same declared tables as the CSV files.

Every table of the data home becomes a PostgreSQL table in the ``careernb``
schema with the same columns, plus:

- ``seq``: insertion order, so a table reads back in the order it was written
  (a data home exported from the database is byte-identical to the one imported);
- ``written_by``: the database role that wrote the row (all tables but ``people``).
  Rows belong to their writer: a manager reads only rows they wrote, about people
  they manage now.

The people table's private columns are kept apart, per writer, in ``people_private``: a
person's next manager never reads what the previous one noted. Tables of the database's own:
``managers`` (which login role is which person), ``locks`` (one row per writer, table and
person, locked while a save of theirs runs), ``report_logins`` (which hub user is which person,
for the report's page), the quarter's (:mod:`careernb.store.sql_quarter`) and the managers' key
records (:mod:`careernb.store.sql_keys`).

Access is enforced by the database, never by careernb's good manners:
:func:`security_statements` generates the grants (managers: EXECUTE on the functions of
:mod:`careernb.store.sql_access` and the quarter's, no privilege on any table; the batch role:
EXECUTE on the quarter's functions, no privilege on any table) and the row-level security
policies.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from careernb.store.schema import Column, Kind, Privacy, Table, table_of

SCHEMA = "careernb"
OWNER = "careernb_owner"
"""NOLOGIN: owns every table. Administrators act as it with SET ROLE."""
MANAGER = "careernb_manager"
"""NOLOGIN group: every manager's login role is a member and inherits its grants (EXECUTE on the
managers' functions, nothing on any table)."""
BATCH = "careernb_batch"
"""LOGIN: runs the organisation's quarter; reads no table, only the quarter's functions."""
REPLY = "careernb_reply"
"""LOGIN: the report's page (:mod:`careernb.store.sql_reply`); no privilege on any table."""
MANAGERS_TABLE = "managers"
REPORTS_TABLE = "report_logins"
"""Which hub user is which person, for the report's page: the administrator's to fill."""
PERSONS_TABLES = ("reply_tokens", "replies", "reply_updates")
"""What the person writes back, and the token their contract carries."""
PEOPLE_PRIVATE = "people_private"
"""The people table's private columns, one row per writer and person."""
LOCKS_TABLE = "locks"
"""One row per writer, table and person: locked (FOR UPDATE) while a save of theirs runs."""
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


def stored_columns(table: Table) -> list[Any]:
    """The declared columns a table keeps itself: the people table's private ones are kept per
    writer, in ``people_private``."""
    if table.name == "people":
        return [c for c in table.columns if c.privacy is not Privacy.PRIVATE]
    return list(table.columns)


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
        for c in stored_columns(table):
            cols.append(sa.Column(c.name, _TYPES[c.kind](), nullable=c.optional))
        key = (["written_by"] if has_writer(table) else []) + (
            ["person_id"] if table.per_person and "person_id" not in table.key else []
        )
        # A manager's people are found by index: each write's check reads a team, not everyone.
        indexes = [sa.Index("people_manager_id", "manager_id")] if table.name == "people" else []
        sa.Table(table.name, meta, *cols, sa.PrimaryKeyConstraint(*key, *table.key), *indexes)
        if table.name == "people":
            private = [c for c in table.columns if c.privacy is Privacy.PRIVATE]
            sa.Table(
                PEOPLE_PRIVATE,
                meta,
                sa.Column("written_by", sa.Text, nullable=False),
                sa.Column("person_id", sa.Text, nullable=False),
                *[sa.Column(c.name, _TYPES[c.kind](), nullable=c.optional) for c in private],
                sa.PrimaryKeyConstraint("written_by", "person_id"),
            )
    sa.Table(
        LOCKS_TABLE,
        meta,
        *[sa.Column(n, sa.Text, nullable=False) for n in ("written_by", "table_name", "person_id")],
        sa.PrimaryKeyConstraint("written_by", "table_name", "person_id"),
    )
    sa.Table(
        MANAGERS_TABLE,
        meta,
        sa.Column("role", sa.Text, primary_key=True),
        sa.Column("person_id", sa.Text, nullable=False, unique=True),
    )
    sa.Table(
        REPORTS_TABLE,
        meta,
        sa.Column("login", sa.Text, primary_key=True),
        sa.Column("person_id", sa.Text, nullable=False, unique=True),
    )
    from careernb.store.sql_quarter import quarter_tables  # the quarter's, declared with its functions

    quarter_tables(meta)
    from careernb.store.sql_keys import key_tables  # the managers' keys, declared with their functions

    key_tables(meta)
    from careernb.store.sql_reply import sent_tables  # replies kept as sent, declared with their check

    sent_tables(meta)
    return meta


def referenced(table: Table) -> list[str]:
    """The tables, other than people, that this table's columns refer to."""
    return list(dict.fromkeys(c.references for c in table.columns if c.references not in (None, "people")))


def quote(name: str) -> str:
    """A role or table name as an SQL identifier; only names careernb made or checked."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise ValueError(f"{name!r} is not a valid role or table name")
    return f'"{name}"'


def persons_words(table: Table) -> list[str]:
    """Free text the person wrote in their replies, or holds (their token): never the batch's."""
    if table.name not in PERSONS_TABLES:
        return []
    return [c.name for c in table.columns if c.kind is Kind.TEXT]


def batch_columns(table: Table) -> list[str]:
    """The person- and team-class columns, plus bookkeeping: what a store that reads no private
    column reads; never the person's own words in their replies."""
    names = ["seq"] + (["written_by"] if has_writer(table) else [])
    words = persons_words(table)
    return names + [c.name for c in table.columns_of((Privacy.PERSON, Privacy.TEAM)) if c.name not in words]


def role_statements() -> list[str]:
    """The four fixed roles, created once per server (idempotent)."""
    out = []
    for role, login in ((OWNER, "NOLOGIN"), (MANAGER, "NOLOGIN"), (BATCH, "LOGIN"), (REPLY, "LOGIN")):
        out.append(
            f"DO $$ BEGIN CREATE ROLE {quote(role)} {login}; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
    return out


def policies(tables: Sequence[Table]) -> list[tuple[str, str, str, str, str, str]]:
    """Every policy as (table, name, command, role, using, check), for the docs and the DDL.

    Managers and the batch hold no privilege on any table, so no policy names them: the functions
    they call run as the owner. The policies keep row-level security forced on every table all
    the same.
    """
    owner = ("owner_administers", "ALL", OWNER, "true", "true")
    return [(name, *owner) for name in [t.name for t in tables] + _own_tables()]


def _own_tables() -> list[str]:
    """The database's tables beside the declared ones."""
    from careernb.store.sql_keys import KEYS_TABLE
    from careernb.store.sql_quarter import QUARTER_TABLES
    from careernb.store.sql_reply import SENT_TABLE

    return [MANAGERS_TABLE, PEOPLE_PRIVATE, LOCKS_TABLE, *QUARTER_TABLES, KEYS_TABLE, SENT_TABLE]


def security_statements(tables: Sequence[Table]) -> list[str]:
    """Grants, column grants, policies and functions for ``tables``; run as the owner after
    creating them."""
    s = SCHEMA
    out = [
        # The batch may look up the quarter's functions in the schema, and read no table.
        f"GRANT USAGE ON SCHEMA {s} TO {quote(MANAGER)}, {quote(BATCH)}",
        # The revision number alone: read before anything else, by every manager.
        f"GRANT SELECT ON {s}.alembic_version TO {quote(MANAGER)}",
    ]
    from careernb.store.sql_keys import key_statements
    from careernb.store.sql_quarter import quarter_statements

    for name in [t.name for t in tables] + _own_tables():
        out.append(f"ALTER TABLE {s}.{quote(name)} ENABLE ROW LEVEL SECURITY")
        out.append(f"ALTER TABLE {s}.{quote(name)} FORCE ROW LEVEL SECURITY")
    for on, name, command, role, using, check in policies(tables):
        sql = f"CREATE POLICY {name} ON {s}.{quote(on)} FOR {command} TO {quote(role)} USING ({using})"
        out.append(sql + (f" WITH CHECK ({check})" if check else ""))
    from careernb.store.sql_access import function_statements  # it declares the functions over these

    out += function_statements(tables)
    if all(name in {t.name for t in tables} for name in PERSONS_TABLES):
        from careernb.store.sql_reply import statements  # it declares its functions over these tables

        out += statements(tables)
    return out + quarter_statements() + key_statements()


def granted_functions(functions: Mapping[str, tuple[int, tuple[str, ...], str]]) -> list[str]:
    """Each function as the revision that wrote it created it, EXECUTE revoked from PUBLIC and
    granted to its roles; ``functions`` maps a ``regprocedure`` to (that revision, who may execute
    it, what it does)."""
    from careernb.store.migrate import shipped_function  # it imports this module

    out = []
    for signature, (revision, roles, _) in functions.items():
        out += [shipped_function(revision, signature.split("(")[0]), *granted(signature, roles)]
    return out


def granted(signature: str, roles: Sequence[str]) -> list[str]:
    """EXECUTE on a function (``name(argument types)``) revoked from PUBLIC, granted to ``roles``."""
    name = f"{SCHEMA}.{signature}"
    return [f"REVOKE ALL ON FUNCTION {name} FROM PUBLIC"] + [
        f"GRANT EXECUTE ON FUNCTION {name} TO {quote(role)}" for role in roles
    ]


def bind(col: Column, value: Any) -> Any:
    """A record's value as PostgreSQL takes it (an enum by its value)."""
    if isinstance(value, enum.Enum):
        return value.value
    return value


def hidden_value(col: Any) -> Any:
    """What a column the reader may not see holds in a record: its default, or nothing."""
    if not col.required:
        return col.default
    return {Kind.BOOL: False, Kind.INT: 0}.get(col.kind, None if col.optional else "")
