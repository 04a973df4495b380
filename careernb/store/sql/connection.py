"""Connecting to the organisation's database, and whom a store acts for once connected.

A store acts for one manager, its *writer*: the login role itself, or, for an administrator or the
batch role, the manager's role it names. The manager's person id (from ``managers``) decides whose
team the store shows; the batch role reads no private column.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import sqlalchemy as sa

from careernb.errors import CareernbError
from careernb.store.base import Scope
from careernb.store.migrate import check_version
from careernb.store.sql_schema import BATCH, MANAGERS_TABLE, OWNER, SCHEMA, quote


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


@dataclasses.dataclass(frozen=True)
class Connected:
    """What a store learns when it opens: where it is, at which revision, as whom."""

    url: str
    """The database's URL without its password."""
    schema_version: int
    role: str
    """The database role connected (a manager, an administrator acting as the owner, the batch)."""
    scope: Scope
    """The manager whose team it shows, the role its rows are written as, whether private columns
    are read."""


def connect(engine: sa.Engine, writer: str | None = None) -> Connected:
    """Who a store on ``engine`` acts for: ``writer``, or the connected role itself.

    Refuses a database careernb has not set up or a newer careernb wrote, and a role that is no
    manager's.
    """
    url = engine.url.render_as_string(hide_password=True)
    with engine.connect() as conn:
        version = check_version(conn, url)
        role = conn.execute(sa.text("SELECT current_user")).scalar_one()
        writer = writer or role
        me = conn.execute(
            sa.text(f"SELECT person_id FROM {SCHEMA}.{MANAGERS_TABLE} WHERE role = :r"), {"r": writer}
        ).scalar()
    if me is None:
        raise NotAManagerError(writer)
    return Connected(url, version, role, Scope(manager_id=me, writer=writer, reads_private=role != BATCH))
