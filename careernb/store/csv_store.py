"""The CSV backend: one folder per manager, one small file per person and table.

Layout of a data home::

    careernb.csv            schema version
    keys.json               the manager's key record, when private notes are sealed
    people.csv              everyone, with who manages them
    questions.csv           the manager's own questions
    people/<person_id>/     one file per table about that person
    .locks/                 lock files, one per table file

Saving one answer rewrites only that person's answers file, so a save costs
what that person's history costs, not the whole team's.

With a key record (``keys.json``), the private free text is sealed: written sealed under
the session's keyring (``careernb.store.session``), read opened while it is unlocked and as
``Locked`` values while it is not, and a private cell in clear is refused. Cells are opened
as each file is parsed, and the opened records are cached with the file, so a team is
opened once per file version and session, not once per read. A page that shows no private
text reads with ``private_text=False`` and opens none (its cells come ``Locked``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from filelock import FileLock, Timeout

from careernb.errors import (
    DataHomeError,
    FileBusyError,
    LinkInHomeError,
    NewerStoreError,
    RestoreInterruptedError,
    UnknownPersonError,
    UnknownReferenceError,
)
from careernb.store import bulk, files, writes
from careernb.store.base import DATA_HOME, Change, Names, Scope, saving
from careernb.store.home_key import HomeKey
from careernb.store.home_meta import META_FILE, SCHEMA_VERSION, read_schema_version, write_meta
from careernb.store.key_record import KEY_FILE, KeyRecord
from careernb.store.keyring import Keyring
from careernb.store.schema import CellError, Table, table_of

if TYPE_CHECKING:
    import pandas as pd

R = TypeVar("R")

PEOPLE_FOLDER = "people"
LOCK_FOLDER = ".locks"
LOCK_TIMEOUT_S = 30


class _FileLock(FileLock):
    """A file's lock whose wait, when it runs out, names the file in words (not filelock's Timeout)."""

    guards: Path

    def acquire(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().acquire(*args, **kwargs)
        except Timeout:
            raise FileBusyError(self.guards, self.timeout) from None


class CsvStore:
    """A data home of plain CSV files, implementing :class:`careernb.store.Store`."""

    scope: Scope = DATA_HOME

    def __init__(self, home: Path, tables: Sequence[type], *, create: bool = True) -> None:
        self.home = Path(home)
        self.location = str(self.home.resolve())
        self.tables: dict[str, Table] = {table_of(t).name: table_of(t) for t in tables}
        if "people" not in self.tables:
            raise TypeError("a store needs a people table")
        # path -> (the file's stat, the key record's and the session's state, its records)
        self._cache: dict[Path, tuple[tuple[int, int, int], tuple[object, ...], list[Any]]] = {}
        self._key = HomeKey(self.home / KEY_FILE)
        self._people_set: tuple[list[Any] | None, set[str]] = (None, set())
        self._open(create)

    # -- opening -------------------------------------------------------------

    def _open(self, create: bool) -> None:
        if self.home.exists() and not self.home.is_dir():
            raise DataHomeError(self.home, "this is a file, not a folder", "Choose a folder.")
        if not self.home.exists():
            if RestoreInterruptedError.aside(self.home).exists():  # never a new home in its place
                raise RestoreInterruptedError(self.home)
            if not create:
                raise DataHomeError(
                    self.home, "there is no data home here", "Run `careernb demo` or pass --home."
                )
            self.home.parent.mkdir(parents=True, exist_ok=True)  # not ours: usual modes
            files.ensure_folder(self.home)
        meta = self.home / META_FILE
        if meta.exists():
            version = read_schema_version(meta)
            if version > SCHEMA_VERSION:
                raise NewerStoreError(meta, version, SCHEMA_VERSION)
        elif create:
            with self._lock(None, META_FILE):
                if not meta.exists():
                    write_meta(meta)
        people = self._path(self.tables["people"], None)
        if create and not people.exists():
            with self._lock(None, people.name):
                if not people.exists():
                    files.write_file(people, self.tables["people"], [])

    @property
    def schema_version(self) -> int:
        return read_schema_version(self.home / META_FILE)

    @property
    def key_record(self) -> KeyRecord | None:
        """The manager's key record (``keys.json``); None while private notes are kept in clear."""
        return self._key.refresh()

    @property
    def keyring(self) -> Keyring | None:
        """The session's keyring when it unlocks this home; None while locked or without a key."""
        self._key.refresh()
        return self._key.keyring

    # -- paths and locks -----------------------------------------------------

    def _path(self, table: Table, person_id: str | None) -> Path:
        if table.per_person:
            if person_id is None:
                raise TypeError(f"{table.name} is kept per person: pass a person_id")
            return self.home / PEOPLE_FOLDER / person_id / table.filename
        return self.home / table.filename

    def path_of(self, record_type: type, person_id: str | None = None) -> Path:
        """The file that keeps a table (one person's, for a per-person table)."""
        return self._path(table_of(record_type, self.tables), person_id)

    def person_folder(self, person_id: str) -> Path:
        return self.home / PEOPLE_FOLDER / person_id

    def file_of(self, table: Table, person_id: str | None) -> tuple[Path, FileLock]:
        """A table's file and the lock its writers take: for a tool that rewrites files as stored."""
        return self._path(table, person_id), self._lock(
            person_id if table.per_person else None, table.filename
        )

    def _lock(self, person_id: str | None, filename: str) -> FileLock:
        folder = self.home / LOCK_FOLDER
        files.ensure_folder(folder)
        name = f"{person_id}.{filename}" if person_id else filename
        lock = _FileLock(folder / f"{name}.lock", timeout=LOCK_TIMEOUT_S, mode=files.FILE_MODE)
        lock.guards = self.person_folder(person_id) / filename if person_id else self.home / filename
        return lock

    # -- reading -------------------------------------------------------------

    def load(
        self, record_type: type[R], person_id: str | None = None, *, private_text: bool = True
    ) -> list[R]:
        table = table_of(record_type, self.tables)
        self._key.refresh()
        if table.per_person and person_id is not None:
            self._require_person(person_id)
        return list(self._read(table, person_id, private_text=private_text))

    def load_team(
        self, record_type: type[R], person_ids: Iterable[str], *, private_text: bool = True
    ) -> dict[str, list[R]]:
        if not table_of(record_type, self.tables).per_person:
            raise TypeError(f"{table_of(record_type, self.tables).name} is not kept per person")
        return {p: self.load(record_type, p, private_text=private_text) for p in dict.fromkeys(person_ids)}

    def _read(self, table: Table, person_id: str | None, *, private_text: bool = True) -> list[Any]:
        path = self._path(table, person_id)
        try:
            self._refuse_links_on_the_way(path)  # read through a link, a file outside would be shown
            st = path.stat()
        except FileNotFoundError:
            self._cache.pop(path, None)
            return []
        except files.UNREADABLE as exc:
            raise files.unreadable(path, exc) from None
        signature = (st.st_mtime_ns, st.st_size, st.st_ino)
        opened = self._key.state(table)
        state = opened if private_text else self._key.state(table, opened=False)
        cached = self._cache.get(path)
        # What was read opened serves a read that wants no private text, never the other way.
        if cached and cached[0] == signature and cached[1] in (state, opened):
            return cached[2]
        records = files.parse_file(
            path,
            table,
            person_id=person_id,
            people=None if table.name == "people" else self._people_ids(),
            references=self._references(table, person_id),
            opener=self._key.opener(table, path, opened=private_text),
        )
        self._cache[path] = (signature, state, records)
        return records

    def _people_ids(self) -> set[str]:
        people = self._read(self.tables["people"], None)
        if self._people_set[0] is not people:  # recomputed only when people.csv was re-read
            self._people_set = (people, {p.person_id for p in people})
        return self._people_set[1]

    def _references(self, table: Table, person_id: str | None) -> dict[str, set[object]]:
        # Keys alone are checked: an opened read already cached serves, and none is opened for it.
        refs: dict[str, set[object]] = {}
        for col in table.columns:
            target = col.references
            if target and target != "people" and target not in refs:
                other = self.tables[target]
                rows = self._read(other, person_id, private_text=False)
                refs[target] = {getattr(r, other.key[-1]) for r in rows}
        return refs

    def person_ids(self) -> list[str]:
        return [p.person_id for p in self._read(self.tables["people"], None)]

    def _require_person(self, person_id: str) -> None:
        if person_id not in self._people_ids():
            raise UnknownPersonError(person_id, self.person_ids())

    def load_where(self, record_type: type[R], person_id: str | None, column: str, value: Any) -> list[R]:
        """The rows whose ``column`` holds ``value``; the other rows are read but never parsed."""
        table = table_of(record_type, self.tables)
        col = table.column(column)
        self._key.refresh()
        if table.per_person and person_id is not None:
            self._require_person(person_id)
        path = self._path(table, person_id)
        if not path.exists():
            return []

        def keep(cells: dict[str, str]) -> bool:
            try:
                return bool(col.parse(cells.get(column, col.format(col.default))) == value)
            except CellError:
                return True  # parsed below, so the error names its row

        return files.parse_file(
            path,
            table,
            person_id=person_id,
            people=None if table.name == "people" else self._people_ids(),
            references=self._references(table, person_id),
            keep=keep,
            opener=self._key.opener(table, path),
        )

    def frame(self, record_type: type, person_ids: Names = None, columns: Names = None) -> pd.DataFrame:
        """A table as text cells, for one, several or all people: the bulk read path.

        One pandas parse per table rather than a validated parse per file and
        cell; ``careernb check`` and :meth:`load` give the exact message for a
        damaged file. Only ``columns`` are kept (default: all). Sealed cells come
        as they are stored, never opened: ``bulk.opened`` opens them for a caller
        that needs the text (the manager's own analysis).
        """
        table = table_of(record_type, self.tables)
        if table.per_person:
            ids = self.person_ids() if person_ids is None else list(person_ids)
            paths = [self._path(table, p) for p in ids]
        else:
            paths = [self._path(table, None)]
        for path in paths:
            self._refuse_links_on_the_way(path)

        def exact(path: Path) -> None:  # a file the bulk read refuses: the checker says where and how
            self._read(table, path.parent.name if table.per_person else None, private_text=False)

        return bulk.read_table(table, paths, columns, exact)

    # -- writing -------------------------------------------------------------

    def update(self, record_type: type[R], person_id: str | None, change: Change[R]) -> list[R]:
        table = table_of(record_type, self.tables)
        if table.per_person:
            if person_id is None:
                raise TypeError(f"{table.name} is kept per person: pass a person_id")
            self._require_person(person_id)
        path = self._path(table, person_id)
        self._refuse_links_on_the_way(path)
        with self._lock(person_id if table.per_person else None, table.filename):
            self._key.refresh()  # under the lock: a key made meanwhile seals this write
            files.remove_stale_temp_files(path.parent, path.name)
            self._cache.pop(path, None)  # another process may have written since
            current = list(self._read(table, person_id))
            new = list(change(current))
            self._validate_for_write(table, person_id, new)
            files.write_file(path, table, self._key.sealed(table, new))
            self._cache.pop(path, None)
        return new

    def save(self, *records: Any) -> None:
        if records:
            self.update(*saving(records))

    def delete(self, record_type: type, person_id: str | None, keys: Iterable[tuple[Any, ...]]) -> None:
        table = table_of(record_type, self.tables)
        gone = {tuple(k) for k in keys}
        self.update(record_type, person_id, lambda rows: [r for r in rows if table.key_of(r) not in gone])

    def _validate_for_write(self, table: Table, person_id: str | None, rows: list[Any]) -> None:
        """Refuse to write what could not be read back: the same checks as loading."""
        people = None if table.name == "people" else self._people_ids()
        refs = self._references(table, person_id)
        writes.validate_rows(self._path(table, person_id), table, person_id, rows, people, refs)

    def remove_person_data(self, person_id: str) -> list[Path]:
        """Remove the person's folder; refused, nothing removed, when it or anything in it is a
        link: what a link points to is outside the home, and would be left behind."""
        folder = self.person_folder(person_id)
        self._refuse_links_on_the_way(folder)
        if folder.is_dir() and (links := _links_under(folder)):
            raise LinkInHomeError(self.home, links)
        removed = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []
        if folder.exists():
            shutil.rmtree(folder)  # what cannot be removed is said, never hidden
        for lock in (self.home / LOCK_FOLDER).glob(f"{person_id}.*.lock"):
            with contextlib.suppress(FileNotFoundError):
                lock.unlink()
        self._cache = {p: v for p, v in self._cache.items() if folder not in p.parents}
        return removed

    def close(self) -> None:
        """Nothing to let go of: each read and write opens and locks its file, then closes it."""

    def bulk_write(self, record_type: type, person_id: str | None, records: Iterable[Any]) -> None:
        """Write a whole table without reading it first (seeding, imports)."""
        table = table_of(record_type, self.tables)
        self._refuse_links_on_the_way(self._path(table, person_id))
        with self._lock(person_id if table.per_person else None, table.filename):
            self._key.refresh()
            files.write_file(self._path(table, person_id), table, self._key.sealed(table, list(records)))

    # -- checking ------------------------------------------------------------

    def check(self) -> list[Path]:
        """Load and validate every file; return the files checked.

        Refuses a home that holds a symbolic link, naming each, before anything else. Removes
        temp files left by a killed writer on the way, each under its file's lock.
        """
        checked = []
        if links := self.links():
            raise LinkInHomeError(self.home, links)
        self._key.refresh()
        self._remove_stale_temp_files()
        self._cache.clear()
        for table in self.tables.values():
            if not table.per_person:
                self._read(table, None)
                if self._path(table, None).exists():
                    checked.append(self._path(table, None))
        for folder in self.person_folders(set(self.person_ids())):
            for table in self.tables.values():
                if table.per_person and self._path(table, folder.name).exists():
                    self._read(table, folder.name)
                    checked.append(self._path(table, folder.name))
        return checked

    def _remove_stale_temp_files(self) -> None:
        """Each temp file is removed under the lock of the file it was to replace: a save under
        way holds that lock until its temp file is renamed, so only a killed writer's go."""
        for folder, person_id in [(self.home, None), *((f, f.name) for f in self._person_folders())]:
            for name in sorted({files.replaced_by(tmp) for tmp in files.stale_temp_files(folder)}):
                with self._lock(person_id, name):
                    files.remove_stale_temp_files(folder, name)

    def links(self) -> dict[Path, str]:
        """Every symbolic link inside the home, and what it points to. A data home holds its own
        files and folders only; the home's own path may be a link (into a synced folder, say)."""
        return _links_under(self.home) if self.home.is_dir() else {}

    def _refuse_links_on_the_way(self, path: Path) -> None:
        """Refuse a path that a link inside the home leads through: it would reach outside."""
        on_the_way = [p for p in [path, *path.parents] if self.home in p.parents]
        if links := {p: os.readlink(p) for p in on_the_way if p.is_symlink()}:
            raise LinkInHomeError(self.home, links)

    def person_folders(self, known: set[str]) -> list[Path]:
        """The folders under ``people/``; one for someone not ``known`` (in people.csv) is refused."""
        folders = self._person_folders()
        for folder in folders:
            if folder.name not in known:
                raise UnknownReferenceError(
                    folder,
                    f"this folder is for person {folder.name!r}, who is not in people.csv",
                    "Add the person back to people.csv, or remove the folder.",
                )
        return folders

    def _person_folders(self) -> list[Path]:
        root = self.home / PEOPLE_FOLDER
        return sorted(p for p in root.iterdir() if p.is_dir()) if root.exists() else []


def _links_under(folder: Path) -> dict[Path, str]:
    """The symbolic links inside ``folder``, never followed, and what each points to."""
    found: dict[Path, str] = {}
    todo = [folder]
    while todo:
        with os.scandir(todo.pop()) as entries:
            for entry in entries:
                if entry.is_symlink():
                    found[Path(entry.path)] = os.readlink(entry.path)
                elif entry.is_dir():
                    todo.append(Path(entry.path))
    return dict(sorted(found.items()))
