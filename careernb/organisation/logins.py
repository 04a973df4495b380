"""Who logs in: a manager's own database role, and a report's hub login for the report's page.

Run by an administrator, as :mod:`careernb.organisation.admin` is. A role is one manager's for
good: rows are kept by the role that wrote them.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from careernb.domain.people import Person
from careernb.errors import PEOPLE_TABLE, CareernbError, UnknownPersonError
from careernb.store import table_of
from careernb.store.sql import engine_for
from careernb.store.sql_keys import KEYS_TABLE
from careernb.store.sql_quarter import PRACTICE_TABLE
from careernb.store.sql_schema import MANAGER, MANAGERS_TABLE, OWNER, REPORTS_TABLE, ROLE_RE, SCHEMA, quote

WRITER_KEYED = ((KEYS_TABLE, "role"), (PRACTICE_TABLE, "manager_role"))
"""The tables, beside those with a ``written_by``, whose rows belong to a manager's role."""


def as_owner(conn: sa.Connection) -> None:
    """The rest of the transaction as the owner role, through the same policies as everything."""
    conn.execute(sa.text(f"SET LOCAL ROLE {quote(OWNER)}"))


def check_role_name(role: str) -> str:
    if not ROLE_RE.fullmatch(role):
        raise CareernbError(
            f"{role!r} cannot be a manager's role: use 1-63 lower-case letters, digits and '_', "
            "starting with a letter (e.g. alice or j_smith)."
        )
    if role.startswith(("careernb_", "pg_")):
        raise CareernbError(f"{role!r} is reserved; choose another name.")
    return role


CONNECTION_LIMIT = 40
"""How many connections a manager's role may hold at once, unless ``add-manager`` is told
otherwise. A page's kernel keeps at most two open (its engine's pool; up to six for a moment), so
a dozen pages of ``careernb app`` hold about 24, with room beside them for JupyterLab and a
quarter's run; and no manager can take every connection the server allows (``max_connections``)."""


def check_connection_limit(limit: int) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise CareernbError(
            f"--connection-limit {limit!r}: give how many connections the manager may hold at once, "
            f"1 or more (default {CONNECTION_LIMIT}: a dozen pages open, and room beside them)."
        )
    return limit


def add_manager(
    url: str, role: str, person_id: str, *, name: str | None = None, connection_limit: int | None = None
) -> int:
    """A LOGIN role for a manager, who is ``person_id`` in people (added with ``name`` if new),
    holding at most ``connection_limit`` connections at once; returns the limit it holds.

    Without a limit given, a new role gets :data:`CONNECTION_LIMIT` and one that exists keeps its
    own (one that has none, made before limits were set, gets the default).

    Rows are kept by the role that wrote them, so a role is one manager's for good: it is refused,
    changing nothing, when it is another person's manager role or when rows written as it are
    still kept while it is no one's (:class:`RoleTakenError`). Run again for the same role and
    person, it changes nothing but the limit.
    """
    check_role_name(role)
    if connection_limit is not None:
        check_connection_limit(connection_limit)
    table_of(Person).column("person_id").parse(person_id)
    engine = engine_for(url)
    try:
        with engine.begin() as conn:
            held = conn.execute(
                sa.text("SELECT rolconnlimit FROM pg_roles WHERE rolname = :r"), {"r": role}
            ).scalar()
            kept = held if held is not None and held >= 0 else CONNECTION_LIMIT
            limit = int(connection_limit if connection_limit is not None else kept)
            if held is None:
                conn.execute(sa.text(f"CREATE ROLE {quote(role)} LOGIN CONNECTION LIMIT {limit}"))
            elif limit != held:
                conn.execute(sa.text(f"ALTER ROLE {quote(role)} CONNECTION LIMIT {limit}"))
            conn.execute(sa.text(f"GRANT {quote(MANAGER)} TO {quote(role)}"))
            as_owner(conn)
            taken = conn.execute(
                sa.text(f"SELECT role FROM {SCHEMA}.{MANAGERS_TABLE} WHERE person_id = :p"), {"p": person_id}
            ).scalar()
            if taken is not None and taken != role:
                raise CareernbError(f"person {person_id!r} is already the manager role {taken!r}.")
            holder = conn.execute(
                sa.text(f"SELECT person_id FROM {SCHEMA}.{MANAGERS_TABLE} WHERE role = :r"), {"r": role}
            ).scalar()
            if holder is not None and holder != person_id:
                raise RoleTakenError(role, person_id, manager_of=holder)
            if holder is None:
                if written := _written_by(conn, role):
                    raise RoleTakenError(role, person_id, tables=written)
                conn.execute(
                    sa.text(f"INSERT INTO {SCHEMA}.{MANAGERS_TABLE} (role, person_id) VALUES (:r, :p)"),
                    {"r": role, "p": person_id},
                )
            conn.execute(
                sa.text(
                    f"INSERT INTO {SCHEMA}.people (person_id, name, role, email) VALUES (:p, :n, '', '') "
                    "ON CONFLICT (person_id) DO NOTHING"
                ),
                {"p": person_id, "n": name or role},
            )
    finally:
        engine.dispose()
    return limit


class RoleTakenError(CareernbError):
    """A role that is, or was, another manager's: rows are kept by the role that wrote them, so
    whoever it became the manager role of would read what the other wrote."""

    def __init__(
        self, role: str, person_id: str, *, manager_of: str | None = None, tables: Sequence[str] = ()
    ) -> None:
        self.role = role
        self.person_id = person_id
        self.manager_of = manager_of
        """The person whose manager role it is, if it is one."""
        self.tables = tuple(tables)
        """The tables still holding rows it wrote, if it is no one's."""
        if manager_of is not None:
            why = f"it is already the manager role of {manager_of!r}"
        else:
            why = (
                f"rows written as {role!r} are still in the database ({', '.join(self.tables)}), and "
                f"whoever logs in as {role} could read them"
            )
        super().__init__(
            f"The role {role!r} cannot be the manager role of {person_id!r}: {why}. Nothing was "
            f"changed. Give the new manager a role of their own, one no manager has had "
            f"(`careernb org add-manager NEW_ROLE --person {person_id}`)."
        )


def _written_by(conn: sa.Connection, role: str) -> list[str]:
    """The tables holding a row written as ``role`` (by its ``written_by``), or keyed by it as a
    manager's (their key record, their published figures)."""
    columns = conn.execute(
        sa.text(
            "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "WHERE c.relnamespace = CAST(:s AS regnamespace) AND c.relkind IN ('r', 'p') "
            "AND a.attnum > 0 AND NOT a.attisdropped "
            "AND (a.attname = 'written_by' OR c.relname || '.' || a.attname = ANY (:keyed)) "
            "ORDER BY c.relname"
        ),
        {"s": SCHEMA, "keyed": [f"{table}.{column}" for table, column in WRITER_KEYED]},
    ).all()
    return [
        table
        for table, column in columns
        if conn.execute(
            sa.text(f"SELECT EXISTS (SELECT 1 FROM {SCHEMA}.{quote(table)} WHERE {quote(column)} = :r)"),
            {"r": role},
        ).scalar()
    ]


LOGIN_MAX = 255


def check_login(login: str) -> str:
    """A hub user name as the report's page receives it: any text a hub accepts, within reason."""
    if not login or len(login) > LOGIN_MAX or login != login.strip() or not login.isprintable():
        raise CareernbError(
            f"{login!r} cannot be a hub user's name: give their hub login exactly as the hub shows it "
            f"(1 to {LOGIN_MAX} printable characters, no space at either end)."
        )
    return login


def add_report(url: str, login: str, person_id: str) -> None:
    """Tie the hub user ``login`` to ``person_id``: on the report's page they see that person's
    contract and replies, and nobody else's. Run again to change either side."""
    check_login(login)
    table_of(Person).column("person_id").parse(person_id)
    engine = engine_for(url)
    try:
        with engine.begin() as conn:
            as_owner(conn)
            known = conn.execute(
                sa.text(f"SELECT 1 FROM {SCHEMA}.people WHERE person_id = :p"), {"p": person_id}
            ).scalar()
            if known is None:
                raise UnknownPersonError(person_id, [], where=PEOPLE_TABLE)
            conn.execute(
                sa.text(f"DELETE FROM {SCHEMA}.{REPORTS_TABLE} WHERE person_id = :p AND login <> :l"),
                {"p": person_id, "l": login},
            )
            conn.execute(
                sa.text(
                    f"INSERT INTO {SCHEMA}.{REPORTS_TABLE} (login, person_id) VALUES (:l, :p) "
                    "ON CONFLICT (login) DO UPDATE SET person_id = EXCLUDED.person_id"
                ),
                {"l": login, "p": person_id},
            )
    finally:
        engine.dispose()
