"""What PostgreSQL gives every role in a database by default, taken from PUBLIC in careernb's.

PUBLIC (every role on the server) may create temporary tables in any database and execute
pg_catalog's advisory-lock functions. Each temporary table and each session-level advisory lock
holds a slot of the server's shared lock table until its session ends: one manager's
``SELECT pg_advisory_lock(i) FROM generate_series(1, 10000000) i``, or tens of thousands of
temporary tables in one open transaction, fill it, and from then on other managers' saves, and
every new connection (a superuser's too), fail with "out of shared memory". careernb needs
neither: no function of the database and nothing in the store makes a temporary table or takes an
advisory lock. So ``careernb org migrate`` takes both from PUBLIC, in the careernb database only.

PUBLIC may also execute the functions behind PostgreSQL's activity and statistics views
(``pg_stat_user_tables``, ``pg_stat_activity``, ``pg_locks``) and the size functions: through
them any login sees which manager is writing which table right now, and how many rows each
save wrote or each read fetched, so that the moment a manager records a signal, or how many
answers they hold about the person whose page they just opened, shows. careernb's roles need
none of them, so they are taken too (a view calls its functions as the one who reads it, so the
views are closed with them); an administrator connected as a superuser still reads them all.

Taking TEMPORARY needs the database's owner, taking EXECUTE on the advisory-lock functions a
superuser (the bootstrap superuser owns them). A REVOKE by a role lacking the right warns and
changes nothing, so what PUBLIC still holds is read from the privileges themselves, afterwards:
an administrator who is neither is told the statements a superuser should run.
"""

from __future__ import annotations

import sqlalchemy as sa

ADVISORY = "^pg_(try_)?advisory_"
"""pg_catalog's advisory-lock functions, every overload: ``pg_advisory_lock(bigint)`` and
``(integer, integer)``, shared, ``xact``, ``try`` and the unlocks."""
STATISTICS = (
    "^(pg_stat_get_|pg_stat_file|pg_lock_status$|pg_blocking_pids$|pg_safe_snapshot_blocking_pids$"
    "|pg_(relation|table|total_relation|indexes|database|tablespace)_size$)"
)
"""The functions behind the activity and statistics views, the locks and the sizes of tables."""
INSUFFICIENT_PRIVILEGE = "42501"

_TEMPORARY = """
    SELECT EXISTS (
        SELECT 1 FROM pg_database d, aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a
        WHERE d.datname = current_database() AND a.grantee = 0 AND a.privilege_type = 'TEMPORARY'
    )"""
_FUNCTIONS = f"""
    SELECT DISTINCT p.proname, pg_get_function_identity_arguments(p.oid) AS arguments
    FROM pg_proc p, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
    WHERE p.pronamespace = 'pg_catalog'::regnamespace
      AND (p.proname ~ '{ADVISORY}' OR p.proname ~ '{STATISTICS}')
      AND a.grantee = 0 AND a.privilege_type = 'EXECUTE'
    ORDER BY p.proname, arguments"""


def left_to_public(conn: sa.Connection) -> tuple[str, ...]:
    """The REVOKE statements that would take from PUBLIC what it still holds here of TEMPORARY on
    this database and EXECUTE on the advisory-lock and statistics functions, read from the
    privileges; none once all are taken."""
    out = []
    if conn.execute(sa.text(_TEMPORARY)).scalar_one():
        database = conn.execute(sa.text("SELECT current_database()")).scalar_one()
        name = conn.dialect.identifier_preparer.quote_identifier(database)
        out.append(f"REVOKE TEMPORARY ON DATABASE {name} FROM PUBLIC")
    for function, arguments in conn.execute(sa.text(_FUNCTIONS)):
        out.append(f"REVOKE EXECUTE ON FUNCTION pg_catalog.{function}({arguments}) FROM PUBLIC")
    return tuple(out)


def take_from_public(conn: sa.Connection) -> tuple[str, ...]:
    """Take from PUBLIC, as the connected role, what :func:`left_to_public` lists; return what it
    still lists afterwards (what the connected role had no right to take)."""
    for statement in left_to_public(conn):
        try:
            with conn.begin_nested():  # a refusal leaves the rest of the transaction as it was
                conn.execute(sa.text(statement))
        except sa.exc.DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
                raise
    return left_to_public(conn)
