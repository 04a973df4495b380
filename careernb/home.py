"""The data home: the one folder that holds all of one manager's data."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from careernb.domain.aspirations import Aspiration, FitAssessment
from careernb.domain.checklists import ChecklistTick
from careernb.domain.contract import Commitment, Contract, ReviewPoint
from careernb.domain.conversations import Answer, Conversation
from careernb.domain.current import CurrentPerson
from careernb.domain.people import Person
from careernb.domain.preparation import PreparationNote
from careernb.domain.questions import Question
from careernb.domain.replies import Reply, ReplyToken, ReplyUpdate
from careernb.domain.self_test import Guess
from careernb.domain.signals import Signal
from careernb.store import CsvStore, Store

ENV = "CAREERNB_HOME"
STORE_ENV = "CAREERNB_STORE"
"""A database URL (``postgresql+psycopg://ROLE@/DB?host=SOCKDIR``) for an organisation's store."""

# Order matters only for reading: a table comes after the tables it refers to.
TABLES: tuple[type, ...] = (
    Person,
    Question,
    Conversation,
    Answer,
    PreparationNote,
    Aspiration,
    FitAssessment,
    Contract,
    Commitment,
    ReviewPoint,
    Signal,
    ChecklistTick,
    Guess,
    ReplyToken,
    Reply,
    ReplyUpdate,
    CurrentPerson,
)

REPLY_TABLES: tuple[type, ...] = (ReplyToken, Reply, ReplyUpdate)
"""The person's replies to their contract, and the tokens that let careernb recognise them."""

DATABASE_TABLES: tuple[type, ...] = TABLES
"""The tables an organisation's database keeps: every table of a data home (the replies since
revision 0005, with the report's page on the hub)."""


def default_home() -> Path:
    """Under the user's home, following the XDG convention for data."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "careernb"


def resolve_home(home: str | os.PathLike[str] | None = None) -> Path:
    """``--home DIR``, else ``$CAREERNB_HOME``, else the default."""
    if home:
        return Path(home).expanduser().resolve()
    if os.environ.get(ENV):
        return Path(os.environ[ENV]).expanduser().resolve()
    return default_home()


def is_database(location: str | os.PathLike[str] | None) -> bool:
    return isinstance(location, str) and location.startswith(("postgresql:", "postgresql+"))


def resolve_store(store: str | None = None, home: str | os.PathLike[str] | None = None) -> str | None:
    """``--store URL``, else ``$CAREERNB_STORE`` (unless ``--home`` was given), else None: the data home."""
    if store:
        return store
    if home is None and os.environ.get(STORE_ENV):
        return os.environ[STORE_ENV]
    return None


def open_store(
    home: str | os.PathLike[str] | None = None, *, create: bool = True, store: str | None = None
) -> Store:
    """The store to work in: an organisation's database when a URL is given, else a data home."""
    location = resolve_store(store, home)
    if is_database(location):
        from careernb.store.sql import SqlStore  # the organisation's extra; a laptop never needs it

        return SqlStore(location, DATABASE_TABLES)
    return CsvStore(resolve_home(location or home), TABLES, create=create)


def is_empty(home: Path) -> bool:
    """No people yet: nothing a manager typed would be lost by seeding the demo team."""
    people = home / "people.csv"
    if not people.exists():
        return not any(home.glob("**/*.csv")) if home.exists() else True
    with open(people, encoding="utf-8") as f:
        return sum(1 for line in f if line.strip()) <= 1


def loose_permissions(home: Path) -> list[tuple[Path, str]]:
    """Files readable by others than the owner, with the command that fixes each."""
    problems = []
    for path in [home, *home.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        if mode & 0o077:
            want = "700" if path.is_dir() else "600"
            problems.append((path, f"chmod {want} {path}"))
    return problems
