"""Setting up and upgrading the organisation's database with Alembic.

The revisions ship inside the package (``careernb/store/migrations``), each frozen as it shipped.
An administrator runs them with ``careernb org migrate``; careernb refuses a database whose
revision it does not know, as the CSV store refuses a newer schema version. Revision ids are
numbers (``0001``); the newest is read from the revision files, never restated.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from careernb.errors import CareernbError, NewerStoreError
from careernb.store.sql_public import take_from_public
from careernb.store.sql_schema import OWNER, SCHEMA, quote, role_statements

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")


class NotSetUpError(CareernbError):
    def __init__(self, url: str) -> None:
        super().__init__(
            f"{url}: this database has no careernb tables yet. "
            "An administrator sets it up with `careernb org migrate --store URL`."
        )


class RevisionsError(CareernbError):
    def __init__(self, heads: tuple[str, ...]) -> None:
        self.heads = heads
        super().__init__(
            f"{MIGRATIONS}: the revisions end in {len(heads)} heads ({', '.join(heads) or 'none'}), not one "
            "numbered head. Each revision must revise the one before it; reinstall careernb."
        )


@functools.cache
def head(migrations: Path = MIGRATIONS) -> int:
    """The newest revision in ``migrations``' revision files: the one no other revises."""
    from alembic.script import ScriptDirectory

    heads = tuple(ScriptDirectory(str(migrations)).get_heads())
    if len(heads) != 1 or not heads[0].isdigit():
        raise RevisionsError(heads)
    return int(heads[0])


def alembic_config(connection: sa.Connection, migrations: Path = MIGRATIONS) -> Config:
    """Alembic's configuration for running the revisions on ``connection``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations))
    config.attributes["connection"] = connection
    return config


@dataclasses.dataclass(frozen=True)
class Migrated:
    """What ``migrate`` did: the revision reached, and what it could not take from PUBLIC."""

    revision: int
    left_to_a_superuser: tuple[str, ...]
    """The statements a superuser should run in this database, which the administrator who ran
    ``migrate`` had no right to (:mod:`careernb.store.sql_public`); none when all was taken."""


def migrate(engine: sa.Engine) -> Migrated:
    """Create the roles and schema if needed, take from PUBLIC what lets any login fill the
    server's lock table, and upgrade to the newest revision.

    Run as an administrator (a superuser, or a role with CREATEROLE that is a member of the owner
    role). Idempotent: each run takes and checks again what PUBLIC holds.
    """
    from alembic import command

    with engine.begin() as conn:
        for statement in role_statements():
            conn.execute(sa.text(statement))
        conn.execute(sa.text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA} AUTHORIZATION {quote(OWNER)}"))
        found = _revision(conn)
        if found is not None and found > head():
            raise NewerStoreError(Path(engine.url.render_as_string(hide_password=True)), found, head())
        left = take_from_public(conn)  # as the administrator: each revision acts as the owner
        command.upgrade(alembic_config(conn), "head")
    return Migrated(head(), left)


def _revision(conn: sa.Connection) -> int | None:
    exists = conn.execute(sa.text("SELECT to_regclass(:t)"), {"t": f"{SCHEMA}.alembic_version"}).scalar()
    if exists is None:
        return None
    found = conn.execute(sa.text(f"SELECT version_num FROM {SCHEMA}.alembic_version")).scalar()
    if found is None:
        return None
    return int(found) if str(found).isdigit() else head() + 1


def ships(revision: int, migrations: Path = MIGRATIONS) -> bool:
    """Whether ``migrations`` holds the revision file of ``revision``."""
    return any((migrations / "versions").glob(f"{revision:04d}_*.py"))


def shipped_function(revision: int, name: str, migrations: Path = MIGRATIONS) -> str:
    """The CREATE FUNCTION statement of ``name`` as revision ``revision`` ran it.

    What no revision has changed since is declared by reading it here, so its text is written
    once, where it shipped; a revision never reads live code, so this never moves an old one.
    """
    made = re.compile(rf"\s*CREATE (OR REPLACE )?FUNCTION {SCHEMA}\.{re.escape(name)}\(")
    found = [s for s in ran(revision, migrations) if made.match(s)]
    if len(found) != 1:
        raise LookupError(f"revision {revision:04d} creates {name}() {len(found)} times, not once")
    return found[0]


STATEMENT_END = "\n;\n"
"""Ends each statement of a revision's ``.sql`` file: a line of its own, which no statement holds,
so the file splits back into exactly the statements it shipped with (psql splits it the same way).
Lines starting ``-- `` before a statement are notes to its reader, never sent."""


def statements_file(revision: int, migrations: Path = MIGRATIONS) -> Path:
    """The ``.sql`` file of revision ``revision``, beside its revision file."""
    found = sorted((migrations / "versions").glob(f"{revision:04d}_*.sql"))
    if len(found) != 1:
        raise CareernbError(
            f"{migrations / 'versions'}: revision {revision:04d} has {len(found)} statements files "
            f"({', '.join(p.name for p in found) or 'none'}), not one. Reinstall careernb."
        )
    return found[0]


@functools.cache
def ran(revision: int, migrations: Path = MIGRATIONS) -> tuple[str, ...]:
    """The statements revision ``revision``'s upgrade runs, in order: its ``.sql`` file's, each
    ended by a line holding ``;`` alone, one blank line between two."""
    path = statements_file(revision, migrations)
    text = path.read_text(encoding="utf-8")
    if not text.endswith(STATEMENT_END):
        raise CareernbError(f"{path}: its last statement is not ended by a line ';'. Reinstall careernb.")
    return tuple(_without_notes(s) for s in text[: -len(STATEMENT_END)].split(STATEMENT_END + "\n"))


def _without_notes(statement: str) -> str:
    lines = statement.split("\n")
    while lines and lines[0].startswith("-- "):
        lines.pop(0)
    return "\n".join(lines)


def frozen(revision: str) -> tuple[Callable[[], None], Callable[[], None]]:
    """A revision file's ``upgrade``, which runs its ``.sql`` file statement by statement, and its
    ``downgrade``, refused: a revision is never undone."""

    def upgrade() -> None:
        from alembic import op

        for statement in ran(int(revision)):
            op.execute(statement)

    def downgrade() -> None:
        raise NotImplementedError("Revisions are not undone: restore the database from its backup instead.")

    return upgrade, downgrade


def check_version(conn: sa.Connection, url: str) -> int:
    """The database's revision, refusing one written by a newer careernb or not set up."""
    found = _revision(conn)
    if found is None:
        raise NotSetUpError(url)
    # A revision this careernb ships is known without Alembic, whose import would add a few
    # tenths of a second to every process that opens a store.
    if not ships(found) and found > head():
        raise NewerStoreError(Path(url), found, head())
    return found
