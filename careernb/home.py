"""The data home: the one folder that holds all of one manager's data."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import stat
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import TypeGuard

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
from careernb.errors import PEOPLE_FILE, CareernbError
from careernb.store import CsvStore, Store, keys, session
from careernb.store.csv_store import LOCK_FOLDER
from careernb.store.home_meta import META_FILE

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


def is_database(location: str | os.PathLike[str] | None) -> TypeGuard[str]:
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

        return SqlStore(location, TABLES)
    return CsvStore(resolve_home(location or home), TABLES, create=create)


DESKTOP_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


def is_empty(home: Path) -> bool:
    """Nothing a manager typed would be lost by seeding the demo team: the home holds no file but
    what opening a new one writes (``careernb.csv``, a ``people.csv`` naming no one, its locks).

    Any other file counts, whether or not it reads: a person's folder whose ``people.csv`` row was
    lost, a ``people.csv`` that is damaged, a key, a draft."""
    return first_kept_file(home) is None


def first_kept_file(home: Path) -> Path | None:
    """A file of the home that a new home would not hold (see :func:`is_empty`); None if none."""
    if not home.exists():
        return None
    for path in sorted(home.rglob("*")):
        inside = path.relative_to(home)
        if inside.parts[0] == LOCK_FOLDER or (path.is_dir() and not path.is_symlink()):
            continue
        if path.name in DESKTOP_FILES:  # left by a file browser that opened the folder
            continue
        if inside == Path(META_FILE) or (inside == Path(PEOPLE_FILE) and _names_no_one(path)):
            continue
        return path
    return None


def _names_no_one(people: Path) -> bool:
    """A ``people.csv`` of its header alone (or nothing): what a new home writes."""
    lines = people.read_bytes().splitlines()  # CR, LF or CRLF, as the checker reads them
    return sum(1 for line in lines if line.strip()) <= 1


def loose_permissions(home: Path) -> list[tuple[Path, str]]:
    """Files readable by others than the owner, with the command that fixes each.

    A link's own mode says nothing (it is always 0777) and a chmod would change what it points
    to: links are not listed here, ``careernb check`` names them. The home's own path may be
    one, and then the folder it points to is the home.
    """
    problems = []
    for path in [home, *home.rglob("*")]:
        if path != home and path.is_symlink():
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            want = "700" if path.is_dir() else "600"
            problems.append((path, f"chmod {want} {path}"))
    return problems


# -- the key to the private notes ----------------------------------------------------


@dataclasses.dataclass(frozen=True)
class KeyState:
    """Whether a store's private notes are sealed, and whether this session can read them."""

    location: str
    """The data home (or database) it is about."""
    has_key: bool
    """The private notes are sealed under a key; False: kept in clear, nothing to unlock."""
    unlocked: bool
    """This session (process, kernel) holds the key: private notes open as they are read."""
    key_id: str | None = None
    """The key new notes are sealed under."""

    @property
    def locked(self) -> bool:
        """Sealed notes this session cannot read: show them locked, and offer to unlock."""
        return self.has_key and not self.unlocked


class NoKeyError(CareernbError):
    """An unlock asked of a store that has no key (its private notes are in clear)."""

    def __init__(self, location: str) -> None:
        self.location = location
        super().__init__(
            f"{location} has no key: its private notes are kept in clear, so there is nothing to "
            "unlock. `careernb key init` makes a key and seals them."
        )


def key_state(store: Store | str | os.PathLike[str] | None = None) -> KeyState:
    """Whether the store (a store, a database's URL, a data home, or the default one) has a key,
    and is unlocked."""
    with _keyed(store) as found:
        record = found.key_record
        if record is None:
            return KeyState(found.location, has_key=False, unlocked=False)
        return KeyState(found.location, True, session.keyring_for(record) is not None, record.current)


def where_kernels_work(environ: MutableMapping[str, str], home: Path, database: str | None) -> None:
    """Point the kernels started with ``environ`` at ``database`` (a URL) if given, else at the
    data home ``home``: nothing the shell had set stays to send them elsewhere."""
    environ[ENV] = str(home)
    environ.pop(STORE_ENV, None)
    if database:
        environ[STORE_ENV] = database


def unlock(passphrase: str, store: Store | str | os.PathLike[str] | None = None) -> KeyState:
    """Unlock the private notes for this whole process (kernel): every store opened in it,
    before or after, then reads them opened and seals what is written.

    ``WrongPassphraseError`` when the passphrase is not the manager's (nothing changes);
    ``NoKeyError`` when the store has no key. The passphrase is not kept: only the keyring,
    in ``careernb.store.session``. Takes about a quarter of a second (Argon2id).
    """
    with _keyed(store) as found:
        record = found.key_record
        if record is None:
            raise NoKeyError(found.location)
        session.hold(keys.unlock(record, passphrase))
        return key_state(found)


def lock() -> None:
    """Forget the key in this process: private notes read as locked until the next unlock."""
    session.lock()


@contextlib.contextmanager
def _keyed(store: Store | str | os.PathLike[str] | None) -> Iterator[Store]:
    """A store as given; a database's URL, a data home's folder or None (the default) opened, and
    closed after."""
    if store is not None and not isinstance(store, (str, os.PathLike)):
        yield store
        return
    opened = open_store(store=store) if is_database(store) else open_store(store, create=False)
    try:
        yield opened
    finally:
        opened.close()
