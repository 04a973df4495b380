"""Sealing private cells: the manager's free text encrypted under their key, cell by cell.

Which cells: the private free text, computed from the declared schema (a column of
``Privacy.PRIVATE`` and ``Kind.TEXT``): the manager's notes, the answers and the
version underneath, override reasons, the honest-fit explorations, the self-test
guess, signal notes. An answer marked ``share`` is sealed too: the person's copy is
built in the manager's own unlocked session. Ids, dates, flags and categories stay
in clear (keys, joins, policies and the organisation's figures need them).

The cell: ``enc:v1:<key_id>:<base64url(nonce ‖ ciphertext ‖ tag)>``, AES-256-GCM with
a fresh random 96-bit nonce. The plaintext is the column's own cell text
(``Column.format``) and opening ends in ``Column.parse``, so None, "" and every
typed value mean what they meant before, on both backends. The associated data is
``["careernb/v1", table, [key cells], column, person_id]`` as JSON: a cell moved to
another row, person, table or column does not open (``TamperedCellError``). ``seq``
and role names are left out: they change without the text changing. An empty cell
stays empty: there is nothing to hide in it (a sealed empty text would show its
length anyway), and records made while locked can still be saved.

The hooks: a store calls ``seal_record`` on each record it writes and ``open_record``
on each it reads. Opened text is an ``Opened`` (a str) that remembers the cell it
came from, so saving a row whose text did not change writes that cell back as it
was: no new nonce, no churn in backups, and a save of one answer does not re-seal
the others in its file. Under a rotated key, an unchanged cell is sealed again
under the current key when its row is saved.

Locked: with no keyring, or a locked one, ``open_record`` gives each sealed cell as a
``Locked`` value: a str whose text is the stored cell itself, byte for byte. Views
show "locked" for it (``is_locked``); ``seal_record`` writes it back unchanged, so a
save that does not touch private fields keeps their ciphertext exactly. New private
text cannot be written while locked (``LockedError``), and neither can a locked
cell moved to another row (it would not open there).

Strict: once a manager has a key, every non-empty private cell must be sealed; one
in clear is refused (``UnsealedCellError``), never read as the manager's text. Only
``careernb encrypt``, which seals a store's existing cells, reads with ``strict=False``.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import re
from collections.abc import Iterable
from functools import cache
from typing import Any, TypeVar

from careernb.errors import CareernbError
from careernb.store.keyring import Keyring, LockedError
from careernb.store.schema import CellError, Column, Kind, Privacy, Table, table_of

PREFIX = "enc:v1:"
_CELL = re.compile(r"enc:v1:([0-9a-f]{8}):([A-Za-z0-9_-]{38,})")  # nonce and tag alone: 38 characters
R = TypeVar("R")


def seals(column: Column) -> bool:
    """Whether a column's cells are sealed: private free text."""
    return column.privacy is Privacy.PRIVATE and column.kind is Kind.TEXT


def sealed_columns(table: Table) -> tuple[Column, ...]:
    return _plan(table.record).columns


@dataclasses.dataclass(frozen=True)
class CellAddress:
    """Which cell: table, person, row key (column and cell text) and column. Never the cell's text."""

    table: str
    person_id: str
    key: tuple[tuple[str, str], ...]
    column: str

    def __str__(self) -> str:
        whose = f" of person {self.person_id!r}" if self.person_id else ""
        row = ", ".join(f"{name} {value!r}" for name, value in self.key)
        return f"{self.table}{whose}, row with {row}, column {self.column!r}"


class PrivateCellError(CareernbError):
    """A private cell that cannot be read as it stands. Names the cell, never its text."""

    def __init__(self, cell: CellAddress, problem: str, fix: str) -> None:
        self.table = cell.table
        self.person_id = cell.person_id
        self.key = cell.key
        self.column = cell.column
        self.problem = problem
        self.fix = fix
        super().__init__(f"{cell}: {problem}. {fix}")


class TamperedCellError(PrivateCellError):
    """A sealed cell that does not open here: moved from another cell, altered or damaged."""


class UnsealedCellError(PrivateCellError):
    """A private cell in clear in a store whose private cells are sealed."""


class _Kept(str):
    """Text that remembers the stored cell it was read from, and where that cell was."""

    cell: str
    aad: bytes
    key_id: str

    def __new__(cls, text: str, cell: str, aad: bytes, key_id: str) -> _Kept:
        kept = super().__new__(cls, text)
        kept.cell, kept.aad, kept.key_id = cell, aad, key_id
        return kept

    def __reduce__(self) -> tuple:
        return type(self), (str(self), self.cell, self.aad, self.key_id)


class Opened(_Kept):
    """A private cell's text as opened; saved unchanged, its stored cell is written back."""


class Locked(_Kept):
    """A private cell read while locked: its text is the stored cell, written back byte for byte."""

    def __new__(cls, cell: str, aad: bytes, key_id: str) -> Locked:  # type: ignore[override]
        return super().__new__(cls, cell, cell, aad, key_id)  # type: ignore[return-value]

    def __reduce__(self) -> tuple:
        return Locked, (self.cell, self.aad, self.key_id)

    def __repr__(self) -> str:
        return "<locked>"


def is_locked(value: object) -> bool:
    """Whether a field holds a private cell read while locked (show "locked", do not edit)."""
    return isinstance(value, Locked)


def locked_fields(table: Table, record: object) -> tuple[str, ...]:
    """The fields of a record that were read while locked."""
    return tuple(c.name for c in sealed_columns(table) if isinstance(getattr(record, c.name), Locked))


def is_sealed(cell: object) -> bool:
    """Whether a stored cell is a sealed cell (``careernb encrypt`` leaves these as they are)."""
    return isinstance(cell, str) and _CELL.fullmatch(cell) is not None


def unsealed_fields(table: Table, record: object) -> tuple[str, ...]:
    """The private free-text fields of a stored record still in clear (empty ones need nothing)."""
    return tuple(
        c.name
        for c in sealed_columns(table)
        if (value := getattr(record, c.name)) and not isinstance(value, _Kept) and not is_sealed(value)
    )


def key_ids_named(cells: Iterable[object]) -> set[str]:
    """The key ids that stored cells (or opened and locked values) are sealed under."""
    named = set()
    for cell in cells:
        if isinstance(cell, _Kept):
            named.add(cell.key_id)
        elif isinstance(cell, str) and (match := _CELL.fullmatch(cell)):
            named.add(match[1])
    return named


def seal_record(table: Table, record: R, keyring: Keyring | None) -> R:
    """The record as it is stored: each non-empty private text sealed.

    Text opened from this very cell and unchanged keeps its stored cell (if under the
    current key); a ``Locked`` value from this cell is written back as it was read.
    """
    plan = _plan(table.record)
    unlocked = keyring is not None and not keyring.locked
    changes = {}
    for col in plan.columns:
        value = getattr(record, col.name)
        if not value:
            continue
        at = _At.of(plan, table, record, col)
        if isinstance(value, _Kept) and value.aad == at.aad and _keeps(value, keyring):
            changes[col.name] = value.cell
            continue
        if not unlocked:
            raise LockedError(keyring.manager if keyring else None, at.where)
        assert keyring is not None
        text = _open(keyring, value.cell, value.aad, col, at) if isinstance(value, Locked) else value
        changes[col.name] = _seal(keyring, col.format(text), at)
    return dataclasses.replace(record, **changes) if changes else record  # type: ignore[type-var]


def open_record(table: Table, record: R, keyring: Keyring | None, *, strict: bool = True) -> R:
    """The record as the manager reads it: each sealed cell opened, or ``Locked`` while locked.

    ``strict`` refuses a non-empty private cell in clear; ``careernb encrypt`` alone passes False.
    """
    plan = _plan(table.record)
    changes = {}
    for col in plan.columns:
        cell = getattr(record, col.name)
        if not cell or isinstance(cell, _Kept):
            continue
        match = _CELL.fullmatch(cell)
        if match is None and strict and cell.startswith(PREFIX):
            raise TamperedCellError(
                _At.of(plan, table, record, col).cell, "this sealed cell is damaged", _RESTORE
            )
        if match is None:
            if strict:
                raise UnsealedCellError(
                    _At.of(plan, table, record, col).cell,
                    "this private cell is in clear where every private cell is sealed",
                    "If a sealing was interrupted, run `careernb encrypt` again; otherwise the cell "
                    "was written outside careernb: restore it from a backup, or clear it.",
                )
            continue
        at = _At.of(plan, table, record, col)
        if keyring is None or keyring.locked:
            changes[col.name] = Locked(cell, at.aad, match[1])
        else:
            changes[col.name] = _open(keyring, cell, at.aad, col, at)
    return dataclasses.replace(record, **changes) if changes else record  # type: ignore[type-var]


# -- one cell ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Plan:
    columns: tuple[Column, ...]
    keys: tuple[Column, ...]
    per_person: bool


@cache
def _plan(record_type: type) -> _Plan:
    table = table_of(record_type)
    columns = tuple(c for c in table.columns if seals(c))
    if any(c.name in table.key or c.references for c in columns):
        raise TypeError(f"{table.name}: a key or a reference cannot be sealed")
    names = {c.name for c in table.columns}
    return _Plan(columns, tuple(table.column(k) for k in table.key), "person_id" in names)


@dataclasses.dataclass(frozen=True)
class _At:
    """Where a cell is: what its associated data binds and what a message names."""

    cell: CellAddress
    aad: bytes

    @classmethod
    def of(cls, plan: _Plan, table: Table, record: Any, col: Column) -> _At:
        person = str(record.person_id) if plan.per_person else ""
        key = tuple(k.format(getattr(record, k.name)) for k in plan.keys)
        fields = ["careernb/v1", table.name, list(key), col.name, person]
        address = CellAddress(table.name, person, tuple(zip(table.key, key, strict=True)), col.name)
        return cls(address, json.dumps(fields, separators=(",", ":")).encode())

    @property
    def where(self) -> str:
        return str(self.cell)


def _keeps(value: _Kept, keyring: Keyring | None) -> bool:
    """Whether a value read from this cell is written back as it was stored."""
    if isinstance(value, Locked) or keyring is None or keyring.locked:
        return True
    return value.key_id == keyring.current  # under an older key: sealed again under the current one


def _seal(keyring: Keyring, text: str, at: _At) -> str:
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise PrivateCellError(
            at.cell,
            f"character {exc.start + 1} is half of a character pair (a lone surrogate), not text",
            "Type that character again; nothing was saved.",
        ) from None
    key_id, blob = keyring.seal_bytes(data, at.aad, at.where)
    return f"{PREFIX}{key_id}:{base64.urlsafe_b64encode(blob).rstrip(b'=').decode('ascii')}"


_RESTORE = "Restore the file or row from a backup, or clear the cell. Nothing was changed."


def _open(keyring: Keyring, cell: str, aad: bytes, col: Column, at: _At) -> Any:
    """Open a sealed cell under ``aad`` (where it was read); errors name the cell ``at``."""
    match = _CELL.fullmatch(cell)
    assert match is not None
    body = match[2]
    try:
        blob = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        blob = b""
    data = keyring.open_bytes(match[1], blob, aad, at.where) if blob else None
    if data is None:
        raise TamperedCellError(
            at.cell,
            "this sealed cell does not open here: it was moved from another row, person, table or "
            "column, or altered",
            _RESTORE,
        )
    try:
        value = col.parse(data.decode("utf-8"))
    except (UnicodeDecodeError, CellError):
        raise TamperedCellError(at.cell, f"the opened cell is not a valid {col.kind}", _RESTORE) from None
    return Opened(value, cell, aad, match[1]) if isinstance(value, str) and value else value
