"""The session's keyring: a manager's unlocked data keys, in one Python object.

Unlocking (``careernb.store.keys.unlock``) is the only way to make one. It holds
an AES-256-GCM cipher per key id and nothing else: no passphrase, no recovery
code, no key bytes an attribute could show. Its repr names the manager and the
key ids, never a key; it refuses to be pickled or copied (a copy would outlive
``lock()`` in a file, a cache or another process), and ``lock()`` forgets the
keys, after which sealing and opening say "locked" until the manager unlocks again.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import NoReturn

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from careernb.errors import CareernbError

NONCE_BYTES = 12
KEY_BYTES = 32


class LockedError(CareernbError):
    """Private text was to be read or written while the manager's key is locked.

    ``where`` names the cell (table, row key, column) when there is one; never its text.
    """

    def __init__(self, manager: str | None = None, where: str = "") -> None:
        self.manager = manager
        self.where = where
        at = f"{where}: " if where else ""
        super().__init__(
            f"{at}your private notes are locked. Unlock them with your passphrase "
            "(or `careernb key recover` with your recovery code), then try again. Nothing was changed."
        )


class UnknownKeyError(CareernbError):
    """A cell names a key id that this keyring does not hold."""

    def __init__(self, manager: str, key_id: str, where: str = "") -> None:
        self.manager = manager
        self.key_id = key_id
        self.where = where
        at = f"{where}: " if where else ""
        super().__init__(
            f"{at}this private cell was sealed under key {key_id!r}, which your key record does "
            "not hold (it was forgotten, or the cell comes from another manager's store). Restore "
            "the key record from the backup that holds that key, or clear the cell."
        )


class KeyCopyError(CareernbError, TypeError):
    """A keyring was to be pickled or copied (a TypeError too, as pickle expects)."""

    def __init__(self) -> None:
        super().__init__(
            "A keyring is never pickled or copied: it would keep the unlocked keys after lock(), "
            "in a file or another process. Unlock again where the keys are needed."
        )


class Keyring:
    """One manager's unlocked data keys for this session.

    ``current`` is the key id new cells are sealed under; the others are kept so
    that cells sealed before a rotation still open.
    """

    __slots__ = ("_ciphers", "_current", "_manager")

    def __init__(self, manager: str, current: str, keys: Mapping[str, bytes]) -> None:
        if current not in keys:
            raise ValueError("the current key id must be one of the keys")
        if any(len(k) != KEY_BYTES for k in keys.values()):
            raise ValueError("a data key is 32 bytes")
        self._manager = manager
        self._current = current
        self._ciphers: dict[str, AESGCM] | None = {kid: AESGCM(k) for kid, k in keys.items()}

    @property
    def manager(self) -> str:
        return self._manager

    @property
    def current(self) -> str:
        """The key id new cells are sealed under."""
        return self._current

    @property
    def key_ids(self) -> tuple[str, ...]:
        return tuple(self._ciphers or ())

    @property
    def locked(self) -> bool:
        return self._ciphers is None

    def lock(self) -> None:
        """Forget the keys: until the next unlock, private cells stay sealed."""
        self._ciphers = None

    def seal_bytes(self, data: bytes, aad: bytes) -> tuple[str, bytes]:
        """Encrypt under the current key with a fresh random nonce: (key id, nonce ‖ ciphertext ‖ tag).

        Random, never counted: several kernels seal under one key at once.
        """
        cipher = self._cipher(self._current)
        nonce = os.urandom(NONCE_BYTES)
        return self._current, nonce + cipher.encrypt(nonce, data, aad)

    def open_bytes(self, key_id: str, blob: bytes, aad: bytes) -> bytes | None:
        """Decrypt nonce ‖ ciphertext ‖ tag under ``key_id``; None when it does not match ``aad``
        (moved to another cell, or altered)."""
        cipher = self._cipher(key_id)
        try:
            return cipher.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
        except InvalidTag:
            return None

    def open_packed(
        self, key_id: str, packed: bytes, starts: Sequence[int], ends: Sequence[int], aads: Sequence[bytes]
    ) -> list[bytes | None]:
        """``open_bytes`` for many cells laid end to end in ``packed`` (a file's column, decoded at
        once): cell i is ``packed[starts[i]:ends[i]]``, opened under ``aads[i]``."""
        decrypt = self._cipher(key_id).decrypt
        opened: list[bytes | None] = []
        for start, end, aad in zip(starts, ends, aads, strict=True):
            try:
                opened.append(
                    decrypt(packed[start : start + NONCE_BYTES], packed[start + NONCE_BYTES : end], aad)
                )
            except InvalidTag:
                opened.append(None)
        return opened

    def _cipher(self, key_id: str) -> AESGCM:
        if self._ciphers is None:
            raise LockedError(self._manager)
        try:
            return self._ciphers[key_id]
        except KeyError:
            raise UnknownKeyError(self._manager, key_id) from None

    def __repr__(self) -> str:
        if self._ciphers is None:
            return f"<Keyring of {self._manager!r}: locked>"
        ids = ", ".join(self._ciphers)
        return f"<Keyring of {self._manager!r}: unlocked, sealing with {self._current}, keys {ids}>"

    __str__ = __repr__

    def __reduce_ex__(self, protocol: object) -> NoReturn:
        raise KeyCopyError()  # pickle, copy.copy and copy.deepcopy all come here
