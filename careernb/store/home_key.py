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
from careernb.store.opening import RowOpener
from careernb.store.schema import Table
from careernb.store.sealing import seal_record, sealed_columns


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

    def opener(self, table: Table, path: Path, *, opened: bool = True) -> RowOpener | None:
        """What opens the sealed cells of ``table`` as ``path`` is parsed (or, not ``opened``,
        makes them ``Locked``); None: nothing to open."""
        if not sealed_columns(table):
            return None
        record = self.record
        if record is None:
            return None
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
            return rows
        keyring = session.keyring_for(record)
        return [seal_record(table, r, keyring) for r in rows]
