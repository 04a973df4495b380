"""Connecting to the organisation's database, and whom a store acts for once connected.

A store acts for one manager, its *writer*: the login role itself, or, for an administrator or the
batch role, the manager's role it names. The manager's person id decides whose team the store
shows: a manager learns their own from ``careernb.me()`` (they can read no table), an
administrator and the batch role from ``managers``. The batch role reads no private column.
"""

from __future__ import annotations

import dataclasses
import os
import threading
from typing import Any

import sqlalchemy as sa

from careernb.errors import CareernbError
from careernb.store.base import Scope
from careernb.store.migrate import check_version, ships
from careernb.store.sql_schema import BATCH, MANAGERS_TABLE, OWNER, SCHEMA, quote

INSUFFICIENT_PRIVILEGE = "42501"


class NotAManagerError(CareernbError):
    def __init__(self, role: str) -> None:
        self.role = role
        super().__init__(
            f"The database role {role!r} is not a manager in careernb. An administrator adds it with "
            f"`careernb org add-manager {role} --person PERSON_ID`."
        )


class NotUpgradedError(CareernbError):
    def __init__(self, url: str, found: int) -> None:
        self.url = url
        self.found = found
        super().__init__(
            f"{url}: this database is at revision {found:04d}, older than this careernb. Nothing was "
            "changed. An administrator upgrades it with `careernb org migrate --store ADMIN_URL`."
        )


class ActsForItselfError(CareernbError):
    def __init__(self, role: str, writer: str) -> None:
        self.role = role
        self.writer = writer
        super().__init__(
            f"The database role {role!r} is a manager's: its store acts for {role} alone, never for "
            f"{writer!r}. An administrator reads another manager's data with "
            f"`careernb org export-home --role {writer} --store ADMIN_URL`."
        )


_ENGINES: dict[tuple[str, bool], sa.Engine] = {}
_MAKING = threading.Lock()
os.register_at_fork(after_in_child=_ENGINES.clear)  # a pool's connections are the parent's


def engine_for(url: str, *, as_owner: bool = False) -> sa.Engine:
    """The process's engine for a database URL; ``as_owner`` makes every connection act as the
    owner role (administration).

    One per URL, as SQLAlchemy intends: a kernel that builds its page again (a cell run twice, an
    unlock, a store opened by each page of a notebook) shares one pool of at most six connections
    instead of keeping one more pool alive each time, and so stays within its role's connection
    limit. Disposing of it closes the pooled connections; it opens them again when next asked.
    """
    with _MAKING:
        engine = _ENGINES.get((url, as_owner))
        if engine is None:
            engine = _ENGINES[(url, as_owner)] = _engine(url, as_owner)
        return engine


def _engine(url: str, as_owner: bool) -> sa.Engine:
    # Pinged at each checkout: a pool that lives as long as its kernel outlives a server restart
    # or a connection an administrator ended, and the next call takes a fresh one instead.
    engine = sa.create_engine(url, pool_size=2, max_overflow=4, pool_pre_ping=True)
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
    manager: bool
    """A manager's own login: it reaches rows through the managers' functions alone."""
    scope: Scope
    """The manager whose team it shows, the role its rows are written as, whether private columns
    are read."""


def connect(engine: sa.Engine, writer: str | None = None) -> Connected:
    """Who a store on ``engine`` acts for: ``writer``, or the connected role itself.

    Refuses a database careernb has not set up, one a newer careernb wrote or an older one left
    behind, a role that is no manager's, and a manager's role asked to act for another.
    """
    url = engine.url.render_as_string(hide_password=True)
    with engine.connect() as conn:
        version = check_version(conn, url)
        if ships(version + 1):
            raise NotUpgradedError(url, version)
        role = conn.execute(sa.text("SELECT current_user")).scalar_one()
        manager = role not in (OWNER, BATCH)
        if manager:
            if writer not in (None, role):
                raise ActsForItselfError(role, writer)
            writer, me = role, _me(conn, role)
        else:
            writer = writer or role
            me = conn.execute(
                sa.text(f"SELECT person_id FROM {SCHEMA}.{MANAGERS_TABLE} WHERE role = :r"), {"r": writer}
            ).scalar()
    if me is None:
        raise NotAManagerError(writer)
    scope = Scope(manager_id=me, writer=writer, reads_private=role != BATCH)
    return Connected(url, version, role, manager, scope)


def _me(conn: sa.Connection, role: str) -> str | None:
    """A manager's person id, from the one function that says it; None for anyone else."""
    try:
        return conn.execute(sa.text(f"SELECT {SCHEMA}.me()")).scalar()
    except sa.exc.DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE:  # not a manager's role
            return None
        raise
