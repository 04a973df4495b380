"""Sealing a data home's private notes in place (``careernb encrypt``), and counting what is in clear.

Files are read as they are stored: cells neither opened nor refused, so a home whose sealing
was interrupted can be read and finished. Every file is read, and every sealed cell checked,
before the first is written; then each file with a cell in clear is sealed and replaced
atomically under its lock, one at a time. A run that is stopped leaves each file whole,
sealed or not, and running it again seals the rest: a sealed cell is never sealed twice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from careernb.store import files
from careernb.store.csv_store import CsvStore
from careernb.store.keyring import Keyring
from careernb.store.schema import Table
from careernb.store.sealed_cells import PrivateCellError
from careernb.store.sealing import clear_cells, is_sealed, seal_clear, sealed_columns


@dataclasses.dataclass(frozen=True)
class StoredFile:
    """One table file that holds private free text, as stored."""

    table: Table
    person_id: str | None
    path: Path
    rows: list[Any]


@dataclasses.dataclass(frozen=True)
class Sealing:
    """What ``seal_home`` did."""

    written: tuple[Path, ...]
    """The files that had private text in clear, now sealed."""
    cells: int
    """How many cells were sealed."""
    checked: int
    """How many files with private text were read (sealed ones were checked to open)."""


def stored_files(store: CsvStore) -> Iterator[StoredFile]:
    """Every file of the home with private free-text columns, parsed as stored.

    Refuses, as ``careernb check`` does, a damaged file or a folder for someone people.csv
    does not name (its notes would stay in clear).
    """
    ids = _people(store)
    store.person_folders(ids)
    for person_id in [None, *sorted(ids)]:
        yield from _files_of(store, person_id, ids)


def _people(store: CsvStore) -> set[str]:
    table = store.tables["people"]
    path = store.file_of(table, None)[0]
    return {p.person_id for p in files.parse_file(path, table, person_id=None, people=None, references={})}


def _files_of(store: CsvStore, person_id: str | None, ids: set[str]) -> Iterator[StoredFile]:
    """One person's files (None: the home's own), each after the files it refers to."""
    refs: dict[str, set[object]] = {}
    for table in store.tables.values():  # in the order a table comes after those it refers to
        if table.per_person is (person_id is None):
            continue
        path = store.file_of(table, person_id)[0]
        if not path.exists():
            continue
        rows = files.parse_file(path, table, person_id=person_id, people=ids, references=refs)
        refs[table.name] = {getattr(r, table.key[-1]) for r in rows}
        if sealed_columns(table):
            yield StoredFile(table, person_id, path, rows)


def in_clear(store: CsvStore) -> dict[Path, int]:
    """The files with private cells in clear, and how many each holds. A cell sealed under none
    of the home's keys (or in a home with no key record) is refused, naming file, row and column."""
    record = store.key_record
    key_ids = record.key_ids if record else ()
    found = {}
    for stored in stored_files(store):
        count = 0
        for row, record in enumerate(stored.rows, start=2):  # as a spreadsheet counts
            try:
                count += clear_cells(stored.table, record, key_ids)
            except PrivateCellError as exc:
                raise exc.at(stored.path, row) from None
        if count:
            found[stored.path] = count
    return found


def seal_home(store: CsvStore, keyring: Keyring, *, again: bool = False) -> Sealing:
    """Seal every private cell of the home still in clear, file by file; see the module's doc.
    With ``again``, every cell sealed under an older key too, under the current one."""
    return _rewrite(store, lambda stored: _sealed(stored, keyring, again))


def clear_lost(store: CsvStore, key_ids: Iterable[str]) -> Sealing:
    """Empty every private cell sealed under none of ``key_ids`` (none: every sealed cell), as
    ``careernb key clear-lost`` does once the key that opens them is lost for good."""
    held = set(key_ids)
    return _rewrite(store, lambda stored: [_emptied(stored.table, r, held) for r in stored.rows])


def lost_cells(store: CsvStore, key_ids: Iterable[str]) -> int:
    """How many private cells are sealed under none of ``key_ids``."""
    held = set(key_ids)
    return sum(
        n for stored in stored_files(store) for _, n in (_emptied(stored.table, r, held) for r in stored.rows)
    )


def _emptied(table: Table, record: Any, held: set[str]) -> tuple[Any, int]:
    lost = {
        c.name: c.default
        for c in sealed_columns(table)
        if is_sealed(cell := getattr(record, c.name)) and cell[7:15] not in held
    }
    return (dataclasses.replace(record, **lost) if lost else record), len(lost)


def _rewrite(store: CsvStore, change: Callable[[StoredFile], list[tuple[Any, int]]]) -> Sealing:
    """Every file read and checked before the first is written; then each file ``change``
    touches, read again and replaced atomically under its lock (a save made since is kept)."""
    checked, todo = 0, []
    ids = _people(store)
    _remove_temp_copies(store, ids)
    for stored in stored_files(store):
        checked += 1
        if sum(n for _, n in change(stored)):
            todo.append(stored)
    written, cells = [], 0
    for stored in todo:
        path, lock = store.file_of(stored.table, stored.person_id)
        with lock:
            files.remove_stale_temp_files(path.parent, path.name)
            fresh = next(s for s in _files_of(store, stored.person_id, ids) if s.path == path)
            done = change(fresh)
            files.write_file(path, fresh.table, [r for r, _ in done])
        written.append(path)
        cells += sum(n for _, n in done)
    return Sealing(tuple(written), cells, checked)


def _remove_temp_copies(store: CsvStore, ids: set[str]) -> None:
    """A write killed half-way leaves its temp file, private text in clear, beside a file that may
    not exist yet (a person's first signal): each is removed, under its file's lock."""
    for person_id in [None, *sorted(ids)]:
        for table in store.tables.values():
            if table.per_person is (person_id is None) or not sealed_columns(table):
                continue
            path, lock = store.file_of(table, person_id)
            if path.parent.is_dir():
                with lock:
                    files.remove_stale_temp_files(path.parent, path.name)


def _sealed(stored: StoredFile, keyring: Keyring, again: bool) -> list[tuple[Any, int]]:
    """Each row of the file with its cells in clear sealed, and how many; errors name file and row."""
    out = []
    for row, record in enumerate(stored.rows, start=2):  # as a spreadsheet counts, the header row 1
        try:
            out.append(seal_clear(stored.table, record, keyring, again=again))
        except PrivateCellError as exc:
            raise exc.at(stored.path, row) from None
    return out
