"""A data home's key: its key record (``keys.json``) and what the CSV store does with it.

With no key file, nothing is sealed and nothing is opened: the store reads and writes as it
always did. With one, the store opens private cells as it parses a file (``opener``), seals
them as it writes one (``sealed``), and caches what it read under ``state``, which changes
when the key file changes or the session is unlocked or locked.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from careernb.store import session
from careernb.store.key_record import KeyRecord, read_key_file
from careernb.store.keyring import Keyring
from careernb.store.opening import NoKeyOpener, RowOpener
from careernb.store.schema import Table
from careernb.store.sealed_cells import PrivateCellError
from careernb.store.sealing import _plan, _Row, is_sealed, seal_record, sealed_columns


class HomeKey:
    """The key file of one data home, looked at once per call of the store (``refresh``) and
    read again whenever it changed: ``careernb key`` may run in another process meanwhile."""

    __slots__ = ("_name", "_read", "path")

    def __init__(self, path: Path) -> None:
        self.path = path
        self._name = str(path)
        self._read: tuple[tuple[int, int, int] | None, KeyRecord | None] = (None, None)

    def refresh(self) -> KeyRecord | None:
        """The key record as the file holds it now; None while private notes are kept in clear."""
        try:
            st = os.stat(self._name)
        except FileNotFoundError:
            self._read = (None, None)
            return None
        signature = (st.st_mtime_ns, st.st_size, st.st_ino)
        if self._read[0] != signature:
            self._read = (signature, read_key_file(self.path))
        return self._read[1]

    @property
    def record(self) -> KeyRecord | None:
        """The key record as last refreshed."""
        return self._read[1]

    @property
    def keyring(self) -> Keyring | None:
        """The session's keyring when it unlocks this home."""
        return session.keyring_for(self.record)

    def state(self, table: Table, *, opened: bool = True) -> tuple[object, ...]:
        """What the records of ``table`` read now depend on: the key file, and the session (only
        when its sealed cells are ``opened``; not opened, they come ``Locked`` whatever it is)."""
        if self._read[1] is None or not sealed_columns(table):
            return ()
        return (self._read[0], session.generation() if opened else "not opened")

    def opener(self, table: Table, path: Path, *, opened: bool = True) -> RowOpener | NoKeyOpener | None:
        """What opens the sealed cells of ``table`` as ``path`` is parsed (or, not ``opened``,
        makes them ``Locked``; with no key record, refuses a sealed cell); None: nothing to open."""
        if not sealed_columns(table):
            return None
        record = self.record
        if record is None:
            return NoKeyOpener(table, path)
        keyring = session.keyring_for(record) if opened else None
        return RowOpener(table, keyring, path, key_ids=record.key_ids)

    def sealed(self, table: Table, rows: list[Any]) -> list[Any]:
        """Rows as they are stored: private text sealed when the home has a key.

        While locked, cells read locked are written back as they were and new private
        text is refused (``LockedError``), before anything is written.
        """
        if not sealed_columns(table):
            return rows
        record = self.record
        if record is None:
            for r in rows:
                _refuse_text_that_reads_sealed(table, r)
            return rows
        keyring = session.keyring_for(record)
        return [seal_record(table, r, keyring) for r in rows]


def _refuse_text_that_reads_sealed(table: Table, record: Any) -> None:
    """A home without a key refuses to read a cell that reads as sealed (its key record may be
    gone), so it writes none either: what is written must read back."""
    for col in sealed_columns(table):
        if is_sealed(getattr(record, col.name)):
            raise PrivateCellError(
                _Row(_plan(table.record), table, record).address(col),
                "this text reads as a sealed cell, which a data home without a key cannot hold",
                "Change how it begins (enc:v1:). Nothing was changed.",
            )
