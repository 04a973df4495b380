"""The unlocked session: one manager's keyring, held once for the whole process (or kernel).

Unlocking puts the keyring here (``hold``); every store opened in the process then reads
and writes that manager's private cells with it, including stores opened before the unlock.
``lock()`` forgets the keys. Nothing else keeps them: not a widget's value, not the
environment, not a file; a keyring refuses to be pickled or copied, and its repr shows no key.

A store asks for the keyring that fits its key record (``keyring_for``): the same manager and
a key the record holds, so a second data home opened in the same process stays locked.
``generation()`` changes at every unlock and lock: a store that cached records opened (or
read locked) under another generation reads them again.

A process that can ask its manager for the passphrase when a document needs a private cell
(the ``careernb`` command at a terminal) sets an asker (``set_asker``); the gate calls
``ask`` before refusing locked text. Notebooks and the app unlock with a field instead.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from careernb.store.key_record import KeyRecord
from careernb.store.keyring import Keyring

Asker = Callable[[], Keyring | None]
"""Asks the manager to unlock (at a terminal, say); the keyring, or None when they cannot."""

_lock = threading.Lock()
_held: Keyring | None = None
_generation = 0
_asker: Asker | None = None


def hold(keyring: Keyring) -> None:
    """Make this keyring the session's; the one held before is locked (its keys forgotten)."""
    global _held, _generation
    with _lock:
        if _held is not None and _held is not keyring:
            _held.lock()
        _held = keyring
        _generation += 1


def lock() -> None:
    """Forget the session's keys: private cells read as locked until the next unlock."""
    global _held, _generation
    with _lock:
        if _held is not None:
            _held.lock()
        _held = None
        _generation += 1


def held() -> Keyring | None:
    """The session's unlocked keyring, or None."""
    keyring = _held
    return keyring if keyring is not None and not keyring.locked else None


def keyring_for(record: KeyRecord | None) -> Keyring | None:
    """The session's keyring when it is this record's manager's, unlocked, and sealing under the
    record's current key; else None. A session unlocked before ``careernb key rotate`` reads
    locked until it is unlocked again, rather than write under the old key or stumble on the new."""
    keyring = held()
    if record is None or keyring is None or keyring.manager != record.manager:
        return None
    return keyring if keyring.current == record.current else None


def generation() -> int:
    """A number that changes whenever the session is unlocked or locked."""
    return _generation


def set_asker(asker: Asker | None) -> None:
    """Who to ask for an unlock when a document needs a private cell (None: nobody)."""
    global _asker
    _asker = asker


def ask(record: KeyRecord | None = None) -> Keyring | None:
    """The session's keyring, asking the manager once through the asker when it is locked."""
    keyring = keyring_for(record) if record is not None else held()
    if keyring is not None or _asker is None:
        return keyring
    asked = _asker()
    if asked is not None:
        hold(asked)
    return keyring_for(record) if record is not None else held()
