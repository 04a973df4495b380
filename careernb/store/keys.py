"""A manager's key record: the data keys, wrapped, and what it takes to unlock them.

Each manager has one random 256-bit data key (AES-256-GCM) with a short random
key id; private cells are sealed under it (``careernb.store.sealing``). The key
is never stored in clear. The record keeps it wrapped twice:

* under Argon2id of the passphrase (m=64 MiB, t=3, p=4, stored with the salt, so
  they can be raised later). The wrap is the passphrase check: no hash is kept;
* under HKDF of the recovery code (160 random bits shown once, never stored).

Each wrap's associated data binds the manager, the key id and the slot, so a
wrapped key moved to another manager or key id does not unwrap.

Changing the passphrase re-wraps the keys and touches no cell. Rotating makes a
new data key (a new key id, and a new recovery code); the old keys stay in the
record, wrapped the same way, so their cells still open until no cell names
them (``forget_unused_keys``). Losing both passphrase and recovery code loses the
private text only: everything else in the store is in clear as before.

The record is JSON in a data home (``keys.json``, owner-only, atomic) and plain
fields for a database row (``as_row``/``from_row``).
"""

from __future__ import annotations

import dataclasses
import json
import os
import secrets
import unicodedata
from collections.abc import Iterable, Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from careernb.store.key_record import (
    DEFAULT_KDF,
    KEY_FILE,
    RESTORE,
    ROW_COLUMNS,
    SALT_BYTES,
    Argon2Params,
    KeyRecord,
    KeyRecordError,
    ManagerKeyError,
    WrappedKey,
    read_key_file,
    write_key_file,
)
from careernb.store.keyring import NONCE_BYTES, Keyring
from careernb.store.recovery import RecoveryCode

__all__ = [
    "DEFAULT_KDF",
    "KEY_FILE",
    "MIN_PASSPHRASE",
    "ROW_COLUMNS",
    "Argon2Params",
    "KeyRecord",
    "KeyRecordError",
    "ManagerKeyError",
    "RecoveryCode",
    "WeakPassphraseError",
    "WrappedKey",
    "WrongPassphraseError",
    "WrongRecoveryCodeError",
    "change_passphrase",
    "check_passphrase",
    "create",
    "forget_unused_keys",
    "read_key_file",
    "recover",
    "rotate",
    "unlock",
    "unlock_with_recovery",
    "write_key_file",
]

MIN_PASSPHRASE = 12


class WeakPassphraseError(ManagerKeyError, ValueError):
    """A new passphrase too short to stand against offline guessing."""

    def __init__(self, length: int) -> None:
        self.length = length
        self.minimum = MIN_PASSPHRASE
        super().__init__(
            f"A passphrase needs at least {MIN_PASSPHRASE} characters; this one has {length}. "
            "Four or five unrelated words make one that is long and easy to remember."
        )


class WrongPassphraseError(ManagerKeyError):
    """The passphrase does not unlock this manager's key."""

    def __init__(self, manager: str) -> None:
        self.manager = manager
        super().__init__(
            "That passphrase does not unlock your private notes. Check Caps Lock and "
            "the keyboard layout and try again; if it is lost, use your recovery code "
            "(`careernb key recover`). Nothing was changed."
        )


class WrongRecoveryCodeError(ManagerKeyError):
    """The recovery code does not unlock this manager's key."""

    def __init__(self, manager: str) -> None:
        self.manager = manager
        super().__init__(
            "That recovery code does not unlock your private notes: it is not the "
            "code shown when the key was made or last rotated. Check each group against the written "
            "copy. Nothing was changed."
        )


def check_passphrase(passphrase: str) -> str:
    """The passphrase as it is derived from (NFC, so the same words typed on two systems match)."""
    normal = _nfc(passphrase)
    if len(normal) < MIN_PASSPHRASE or not normal.strip():
        raise WeakPassphraseError(len(normal))
    return normal


def create(
    manager: str, passphrase: str, *, kdf: Argon2Params = DEFAULT_KDF
) -> tuple[KeyRecord, RecoveryCode]:
    """A new key record with one fresh data key, and its recovery code (show it once; never stored)."""
    phrase = check_passphrase(passphrase)
    key_id = _new_key_id(())
    return _with_new_code(manager, key_id, {key_id: AESGCM.generate_key(bit_length=256)}, phrase, kdf)


def unlock(record: KeyRecord, passphrase: str) -> Keyring:
    """The manager's keyring; WrongPassphraseError when the passphrase is not theirs."""
    return _keyring(record, _unwrap_all(record, passphrase=passphrase))


def unlock_with_recovery(record: KeyRecord, code: RecoveryCode | str) -> Keyring:
    """The manager's keyring from the recovery code; WrongRecoveryCodeError when it is not theirs."""
    return _keyring(record, _unwrap_all(record, code=_code(code)))


def change_passphrase(record: KeyRecord, old: str, new: str, *, kdf: Argon2Params = DEFAULT_KDF) -> KeyRecord:
    """The record with every key re-wrapped under the new passphrase; no cell changes.

    The recovery code keeps working. With the default ``kdf`` it also raises parameters
    that were lower.
    """
    phrase = check_passphrase(new)
    return _with_new_passphrase(record, _unwrap_all(record, passphrase=old), phrase, kdf)


def recover(
    record: KeyRecord, code: RecoveryCode | str, new_passphrase: str, *, kdf: Argon2Params = DEFAULT_KDF
) -> tuple[KeyRecord, Keyring]:
    """A forgotten passphrase replaced through the recovery code (which stays valid); no cell changes."""
    phrase = check_passphrase(new_passphrase)
    keys = _unwrap_all(record, code=_code(code))
    return _with_new_passphrase(record, keys, phrase, kdf), _keyring(record, keys)


def rotate(
    record: KeyRecord,
    passphrase: str,
    *,
    new_passphrase: str | None = None,
    kdf: Argon2Params = DEFAULT_KDF,
) -> tuple[KeyRecord, RecoveryCode]:
    """A new data key to seal new cells under, and a new recovery code (the old one stops working),
    wrapped under ``new_passphrase`` when given: a key feared copied with the passphrase wants both.

    The old keys stay in the record, so the cells they sealed still open; a save seals
    them again under the new key, and ``forget_unused_keys`` drops a key once no cell names it.
    """
    keys = _unwrap_all(record, passphrase=passphrase)
    key_id = _new_key_id(keys)
    keys[key_id] = AESGCM.generate_key(bit_length=256)
    phrase = passphrase if new_passphrase is None else check_passphrase(new_passphrase)
    return _with_new_code(record.manager, key_id, keys, _nfc(phrase), kdf)


def forget_unused_keys(record: KeyRecord, named: Iterable[str]) -> KeyRecord:
    """The record without the old keys no cell names (``sealing.key_ids_named``); the current key stays.

    Run it when no other session is unlocked: a session unlocked before a rotation still
    seals under the key it knew.
    """
    keep = {*named, record.current}
    return dataclasses.replace(record, keys=tuple(k for k in record.keys if k.key_id in keep))


# -- wrapping ------------------------------------------------------------------


def _wrap_aad(manager: str, key_id: str, slot: str) -> bytes:
    return json.dumps(["careernb-dek/v1", manager, key_id, slot]).encode()


def _wrap_all(manager: str, keys: Mapping[str, bytes], kek: bytes, slot: str) -> dict[str, bytes]:
    cipher = AESGCM(kek)
    wrapped = {}
    for key_id, key in keys.items():
        nonce = os.urandom(NONCE_BYTES)
        wrapped[key_id] = nonce + cipher.encrypt(nonce, key, _wrap_aad(manager, key_id, slot))
    return wrapped


def _with_new_code(
    manager: str, current: str, keys: Mapping[str, bytes], phrase: str, kdf: Argon2Params
) -> tuple[KeyRecord, RecoveryCode]:
    code, passphrase_salt, recovery_salt = RecoveryCode.generate(), _salt(), _salt()
    by_phrase = _wrap_all(manager, keys, kdf.derive(phrase, passphrase_salt), "passphrase")
    by_code = _wrap_all(manager, keys, code.wrapping_key(recovery_salt), "recovery")
    wrapped = tuple(WrappedKey(kid, by_phrase[kid], by_code[kid]) for kid in keys)
    return KeyRecord(manager, current, kdf, passphrase_salt, recovery_salt, wrapped), code


def _with_new_passphrase(
    record: KeyRecord, keys: Mapping[str, bytes], phrase: str, kdf: Argon2Params
) -> KeyRecord:
    """New passphrase wraps beside the recovery wraps as they are (the code is not at hand)."""
    passphrase_salt = _salt()
    by_phrase = _wrap_all(record.manager, keys, kdf.derive(phrase, passphrase_salt), "passphrase")
    wrapped = tuple(dataclasses.replace(k, by_passphrase=by_phrase[k.key_id]) for k in record.keys)
    return dataclasses.replace(record, kdf=kdf, passphrase_salt=passphrase_salt, keys=wrapped)


def _unwrap_all(
    record: KeyRecord, *, passphrase: str | None = None, code: RecoveryCode | None = None
) -> dict[str, bytes]:
    refuse: type[ManagerKeyError]
    if code is None:
        assert passphrase is not None
        kek = record.kdf.derive(_nfc(passphrase), record.passphrase_salt)
        slot, refuse = "passphrase", WrongPassphraseError
    else:
        kek = code.wrapping_key(record.recovery_salt)
        slot, refuse = "recovery", WrongRecoveryCodeError
    cipher, keys = AESGCM(kek), {}
    for wrapped in record.keys:
        blob = wrapped.by_passphrase if slot == "passphrase" else wrapped.by_recovery
        try:
            keys[wrapped.key_id] = cipher.decrypt(
                blob[:NONCE_BYTES], blob[NONCE_BYTES:], _wrap_aad(record.manager, wrapped.key_id, slot)
            )
        except InvalidTag:
            if not keys:  # the first key does not open: the passphrase or code is wrong
                raise refuse(record.manager) from None
            raise KeyRecordError(
                "the key record",
                f"key {wrapped.key_id} does not unwrap while key {next(iter(keys))} does: it was altered",
                RESTORE,
            ) from None
    return keys


def _nfc(passphrase: str) -> str:
    return unicodedata.normalize("NFC", passphrase)


def _salt() -> bytes:
    return secrets.token_bytes(SALT_BYTES)


def _keyring(record: KeyRecord, keys: dict[str, bytes]) -> Keyring:
    return Keyring(record.manager, record.current, keys)


def _code(code: RecoveryCode | str) -> RecoveryCode:
    return code if isinstance(code, RecoveryCode) else RecoveryCode.parse(code)


def _new_key_id(taken: Iterable[str]) -> str:
    taken = set(taken)
    while (key_id := secrets.token_hex(4)) in taken:
        pass
    return key_id
