"""A manager's key record as it is stored: wrapped keys, salts and parameters, never a key in clear.

JSON in a data home (``keys.json``, owner-only, written atomically) and plain fields for
a database row (``KeyRecord.as_row``/``from_row``, columns ``ROW_COLUMNS``). Reading checks
every field and says what is wrong (``KeyRecordError``) instead of failing later at unlock.
What the fields mean, and the operations on a record, are in ``careernb.store.keys``.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from careernb.errors import CareernbError
from careernb.store import files
from careernb.store.keyring import KEY_BYTES, NONCE_BYTES

KEY_FILE = "keys.json"
FORMAT = 1
SALT_BYTES = 16
KEY_ID_RE = re.compile(r"[0-9a-f]{8}")
ROW_COLUMNS = (
    "manager",
    "format",
    "current",
    "kdf",
    "memory_kib",
    "iterations",
    "lanes",
    "passphrase_salt",
    "recovery_salt",
    "keys",
)
"""The columns of a key record's database row, in order (see ``KeyRecord.as_row``)."""
RESTORE = "Restore the key record from a backup; without it the private notes cannot be opened."
_NEWER = "It was written by a newer careernb: upgrade careernb (pip install -U careernb)."


class ManagerKeyError(CareernbError):
    """The root of what can go wrong with a manager's key."""


class KeyRecordError(ManagerKeyError):
    """A key record (the key file or the key row) that cannot be read as it stands."""

    def __init__(self, source: str, problem: str, fix: str) -> None:
        self.source = source
        self.problem = problem
        self.fix = fix
        super().__init__(f"{source}: {problem}. {fix} Nothing was changed.")


@dataclass(frozen=True)
class Argon2Params:
    """How hard the passphrase is stretched. The defaults are RFC 9106's second choice."""

    memory_kib: int = 64 * 1024
    iterations: int = 3
    lanes: int = 4

    def derive(self, passphrase: str, salt: bytes) -> bytes:
        try:
            kdf = Argon2id(
                salt=salt,
                length=KEY_BYTES,
                iterations=self.iterations,
                lanes=self.lanes,
                memory_cost=self.memory_kib,
            )
        except UnsupportedAlgorithm:
            raise ManagerKeyError(
                "This build of the cryptography package has no Argon2id (it needs OpenSSL 3.2 or "
                "later). Install its wheel: pip install -U 'cryptography>=44'."
            ) from None
        return kdf.derive(passphrase.encode("utf-8"))

    def weaker_than(self, other: Argon2Params) -> bool:
        """Lower in memory or in passes: a passphrase change with ``other`` would raise them."""
        return self.memory_kib < other.memory_kib or self.iterations < other.iterations


DEFAULT_KDF = Argon2Params()


@dataclass(frozen=True)
class WrappedKey:
    """One data key, wrapped under the passphrase and under the recovery code."""

    key_id: str
    by_passphrase: bytes = dataclasses.field(repr=False)
    by_recovery: bytes = dataclasses.field(repr=False)


@dataclass(frozen=True)
class KeyRecord:
    """What is stored for one manager: never a key, a passphrase or a recovery code in clear."""

    manager: str
    current: str
    """The key id new cells are sealed under."""
    kdf: Argon2Params
    passphrase_salt: bytes = dataclasses.field(repr=False)
    recovery_salt: bytes = dataclasses.field(repr=False)
    keys: tuple[WrappedKey, ...]

    @property
    def key_ids(self) -> tuple[str, ...]:
        return tuple(k.key_id for k in self.keys)

    def to_json(self) -> str:
        return json.dumps(
            {
                "careernb_keys": FORMAT,
                "manager": self.manager,
                "current": self.current,
                "passphrase": {
                    "kdf": "argon2id",
                    **dataclasses.asdict(self.kdf),
                    "salt": _b64(self.passphrase_salt),
                },
                "recovery": {"kdf": "hkdf-sha256", "salt": _b64(self.recovery_salt)},
                "keys": [_key_json(k) for k in self.keys],
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str, source: str = KEY_FILE) -> KeyRecord:
        try:
            data = json.loads(text)
            phrase, recovery = data["passphrase"], data["recovery"]
            row = {
                "manager": data["manager"],
                "format": data["careernb_keys"],
                "current": data["current"],
                "kdf": phrase["kdf"],
                **{k: phrase[k] for k in ("memory_kib", "iterations", "lanes")},
                "passphrase_salt": phrase["salt"],
                "recovery_salt": recovery["salt"] if recovery["kdf"] == "hkdf-sha256" else None,
                "keys": data["keys"],
            }
        except json.JSONDecodeError as exc:
            raise KeyRecordError(source, f"it is not JSON (line {exc.lineno})", RESTORE) from None
        except KeyError as exc:
            raise KeyRecordError(source, f"it lacks the field {exc}", RESTORE) from None
        except TypeError:
            raise KeyRecordError(source, "its fields are not shaped as a key record's", RESTORE) from None
        return cls.from_row(row, source)

    def as_row(self) -> dict[str, str | int]:
        """Plain fields for a database row (ROW_COLUMNS): numbers, text and one JSON list."""
        return {
            "manager": self.manager,
            "format": FORMAT,
            "current": self.current,
            "kdf": "argon2id",
            **dataclasses.asdict(self.kdf),
            "passphrase_salt": _b64(self.passphrase_salt),
            "recovery_salt": _b64(self.recovery_salt),
            "keys": json.dumps([_key_json(k) for k in self.keys]),
        }

    @classmethod
    def from_row(cls, row: Mapping[str, object], source: str = "the key row") -> KeyRecord:
        """Read a record back from its row (or the JSON's fields); KeyRecordError says what is wrong."""
        try:
            if row["format"] != FORMAT:
                raise KeyRecordError(source, f"its format is {row['format']!r}, not {FORMAT}", _NEWER)
            if row["kdf"] != "argon2id" or row["recovery_salt"] is None:
                raise KeyRecordError(source, "it names a key derivation careernb does not know", _NEWER)
            keys = row["keys"]
            listed: Any = json.loads(keys) if isinstance(keys, str) else keys  # checked as it is read
            record = cls(
                manager=_text(row["manager"]),
                current=_text(row["current"]),
                kdf=Argon2Params(*(_number(row[k]) for k in ("memory_kib", "iterations", "lanes"))),
                passphrase_salt=_unb64(row["passphrase_salt"]),
                recovery_salt=_unb64(row["recovery_salt"]),
                keys=tuple(
                    WrappedKey(_text(k["key_id"]), _unb64(k["by_passphrase"]), _unb64(k["by_recovery"]))
                    for k in listed
                ),
            )
        except KeyRecordError:
            raise
        except (KeyError, TypeError, ValueError, binascii.Error) as exc:
            raise KeyRecordError(
                source, f"a field is missing or damaged ({type(exc).__name__})", RESTORE
            ) from None
        _check(record, source)
        return record


def read_key_file(path: Path) -> KeyRecord | None:
    """The key record in a data home's key file; None when there is none."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        raise KeyRecordError(str(path), "it is not UTF-8 text", RESTORE) from None
    return KeyRecord.from_json(text, str(path))


def write_key_file(path: Path, record: KeyRecord) -> None:
    """Replace the key file atomically, readable by its owner alone."""
    with files.atomic_open(Path(path), "w", encoding="utf-8", newline="\n") as f:
        f.write(record.to_json() + "\n")


# -- the record's text ---------------------------------------------------------------


def _key_json(k: WrappedKey) -> dict[str, str]:
    return {"key_id": k.key_id, "by_passphrase": _b64(k.by_passphrase), "by_recovery": _b64(k.by_recovery)}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    return base64.b64decode(_text(text), validate=True)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("text expected")
    return value


def _number(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("a whole number expected")
    return value


_WRAPPED_BYTES = NONCE_BYTES + KEY_BYTES + 16


def _check(record: KeyRecord, source: str) -> None:
    kdf = record.kdf
    if not (
        1 <= kdf.iterations <= 64 and 1 <= kdf.lanes <= 64 and 8 * kdf.lanes <= kdf.memory_kib <= 4 << 20
    ):
        raise KeyRecordError(source, "its Argon2id parameters are out of range", RESTORE)
    ids = record.key_ids
    if not ids or len(set(ids)) != len(ids) or not all(KEY_ID_RE.fullmatch(i) for i in ids):
        raise KeyRecordError(source, "its key ids are missing, repeated or malformed", RESTORE)
    if record.current not in ids:
        raise KeyRecordError(source, f"its current key {record.current!r} is not among its keys", RESTORE)
    sizes = {len(k.by_passphrase) for k in record.keys} | {len(k.by_recovery) for k in record.keys}
    if sizes != {_WRAPPED_BYTES} or {len(record.passphrase_salt), len(record.recovery_salt)} != {SALT_BYTES}:
        raise KeyRecordError(source, "a wrapped key or a salt has the wrong length", RESTORE)
