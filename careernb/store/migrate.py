"""Setting up and upgrading the organisation's database with Alembic.

The revisions ship inside the package (``careernb/store/migrations``). An
administrator runs them with ``careernb org migrate``; careernb refuses a
database whose revision it does not know, as the CSV store refuses a newer
schema version.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa

from careernb.errors import CareernbError, NewerStoreError
from careernb.store.sql_schema import OWNER, SCHEMA, quote, role_statements

MIGRATIONS = Path(__file__).with_name("migrations")
SQL_SCHEMA_VERSION = 2
"""The newest revision this careernb knows (revision ids are its number, ``0001``)."""


class NotSetUpError(CareernbError):
    def __init__(self, url: str) -> None:
        super().__init__(
            f"{url}: this database has no careernb tables yet. "
            "An administrator sets it up with `careernb org migrate --store URL`."
        )


def _config(connection: sa.Connection, tables: Sequence[type]):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    config.attributes["tables"] = list(tables)
    return config


def migrate(engine: sa.Engine, tables: Sequence[type]) -> int:
    """Create the roles and schema if needed and upgrade to the newest revision.

    Run as an administrator (a superuser, or a role with CREATEROLE that is a
    member of the owner role). Returns the revision reached.
    """
    from alembic import command

    with engine.begin() as conn:
        for statement in role_statements():
            conn.execute(sa.text(statement))
        conn.execute(sa.text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA} AUTHORIZATION {quote(OWNER)}"))
        found = _revision(conn)
        if found is not None and found > SQL_SCHEMA_VERSION:
            raise NewerStoreError(
                Path(engine.url.render_as_string(hide_password=True)), found, SQL_SCHEMA_VERSION
            )
        command.upgrade(_config(conn, tables), "head")
    return SQL_SCHEMA_VERSION


def _revision(conn: sa.Connection) -> int | None:
    exists = conn.execute(sa.text("SELECT to_regclass(:t)"), {"t": f"{SCHEMA}.alembic_version"}).scalar()
    if exists is None:
        return None
    found = conn.execute(sa.text(f"SELECT version_num FROM {SCHEMA}.alembic_version")).scalar()
    if found is None:
        return None
    return int(found) if str(found).isdigit() else SQL_SCHEMA_VERSION + 1


def check_version(conn: sa.Connection, url: str) -> int:
    """The database's revision, refusing one written by a newer careernb or not set up."""
    found = _revision(conn)
    if found is None:
        raise NotSetUpError(url)
    if found > SQL_SCHEMA_VERSION:
        raise NewerStoreError(Path(url), found, SQL_SCHEMA_VERSION)
    return found
