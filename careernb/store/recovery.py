"""The recovery code: 160 random bits a manager writes down once, in case the passphrase is lost.

Shown as eight groups of four characters in Crockford's base32 (digits and capital letters
without I, L, O and U), e.g. ``7G2K-QX0D-…``. Typing is forgiving: case, spaces and dashes do not
matter, and O reads as 0, I and L as 1. careernb never stores the code: it wraps the data key
under a key derived from it (HKDF-SHA256, salted), shows it once, and asks for two groups back
before the manager can go on, so a code that was not written down is noticed while it can still
be replaced.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping
from typing import NoReturn

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from careernb.errors import CareernbError

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BITS = 160
GROUPS = 8
GROUP_SIZE = 4
_LENGTH = BITS // 5
_READS_AS = {"O": "0", "I": "1", "L": "1"}
_INFO = b"careernb/v1 recovery"

KEEP_IT = (
    "Write this recovery code down and keep it away from this computer. It opens your private "
    "notes if you forget your passphrase. If you lose both, nobody can read your private notes "
    "again: not you, not an administrator, not careernb. Your team, dates and contracts are not "
    "affected. It is shown this once."
)
"""What a manager reads beside the code, before losing both can happen."""


class RecoveryCodeFormatError(CareernbError, ValueError):
    """Typed text that cannot be a recovery code (wrong length or characters); says which."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(
            f"That is not a recovery code: {problem}. A recovery code is {GROUPS} groups of "
            f"{GROUP_SIZE} letters and digits, as it was shown when the key was made "
            "(dashes and spaces may be left out)."
        )


class RecoveryCode:
    """One recovery code. Its repr and str hide it; ``text`` shows it, for the one time it is shown."""

    __slots__ = ("_value",)

    def __init__(self, value: bytes) -> None:
        if len(value) * 8 != BITS:
            raise ValueError(f"a recovery code is {BITS} bits")
        self._value = bytes(value)

    @classmethod
    def generate(cls) -> RecoveryCode:
        return cls(secrets.token_bytes(BITS // 8))

    @classmethod
    def parse(cls, typed: str) -> RecoveryCode:
        """Read a code as a person types it back; RecoveryCodeFormatError names what is wrong."""
        chars = _normalise(typed)
        wrong = sorted({c for c in chars if c not in ALPHABET})
        if wrong:
            shown = ", ".join(repr(c) for c in wrong[:3])
            raise RecoveryCodeFormatError(f"{shown} cannot be in one")
        if len(chars) != _LENGTH:
            raise RecoveryCodeFormatError(f"it has {len(chars)} letters and digits, not {_LENGTH}")
        number = 0
        for c in chars:
            number = number * 32 + ALPHABET.index(c)
        return cls(number.to_bytes(BITS // 8, "big"))

    @property
    def text(self) -> str:
        """The code as it is shown: ``XXXX-XXXX-…``."""
        return "-".join(self.groups)

    @property
    def groups(self) -> tuple[str, ...]:
        number = int.from_bytes(self._value, "big")
        chars = "".join(ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(_LENGTH)))
        return tuple(chars[i : i + GROUP_SIZE] for i in range(0, _LENGTH, GROUP_SIZE))

    def ask(self) -> tuple[int, int]:
        """Two different group positions (1 to 8, in order) to ask the manager to type back."""
        first, second = sorted(secrets.SystemRandom().sample(range(1, GROUPS + 1), 2))
        return first, second

    def confirms(self, answers: Mapping[int, str]) -> bool:
        """Whether the groups typed back (position → text) are this code's; at least two asked."""
        if len(answers) < 2:
            return False
        groups = self.groups
        ok = True
        for position, typed in answers.items():
            if not 1 <= position <= GROUPS:
                return False
            ok &= hmac.compare_digest(_normalise(typed).encode(), groups[position - 1].encode())
        return ok

    def wrapping_key(self, salt: bytes) -> bytes:
        """The key the data keys are wrapped under in the recovery slot (HKDF-SHA256)."""
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_INFO).derive(self._value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RecoveryCode):
            return NotImplemented
        return hmac.compare_digest(self._value, other._value)

    def __hash__(self) -> int:
        return hash(RecoveryCode)  # equal codes hash alike; the code itself is kept out of hashes

    def __repr__(self) -> str:
        return f"<RecoveryCode: {GROUPS} groups, hidden; .text shows it>"

    __str__ = __repr__

    def __reduce_ex__(self, protocol: object) -> NoReturn:
        raise TypeError("A recovery code is never pickled: show it once, then let it go.")


def _normalise(typed: str) -> str:
    chars = "".join(typed.split()).replace("-", "").upper()
    return "".join(_READS_AS.get(c, c) for c in chars)
