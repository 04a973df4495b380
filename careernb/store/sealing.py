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
from typing import TYPE_CHECKING, Any, TypeVar

from careernb.store.keyring import Keyring, LockedError, UnknownKeyError
from careernb.store.schema import CellError, Column, Kind, Privacy, Table, table_of
from careernb.store.sealed_cells import (
    CellAddress,
    Kept,
    Locked,
    Opened,
    PrivateCellError,
    TamperedCellError,
    UnsealedCellError,
    is_locked,
    not_held,
)

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    from careernb.store.base import Store

PREFIX = "enc:v1:"
_CELL = re.compile(r"enc:v1:([0-9a-f]{8}):([A-Za-z0-9_-]{38,})")  # nonce and tag alone: 38 characters
R = TypeVar("R", bound="DataclassInstance")

__all__ = [
    "PREFIX",
    "CellAddress",
    "Locked",
    "Opened",
    "PrivateCellError",
    "TamperedCellError",
    "UnsealedCellError",
    "check_writable",
    "clear_cells",
    "is_locked",
    "is_sealed",
    "key_ids_named",
    "locked_fields",
    "open_record",
    "seal_clear",
    "seal_record",
    "sealed_columns",
    "seals",
    "unsealed_fields",
]


def check_writable(store: Store, records: Iterable[Any]) -> None:
    """Refuse, before any of them is written, records a locked store could not write: new private
    text, or a locked cell moved to another row (``LockedError``, naming the cell).

    For a change that spans tables (a contract's version: its row, commitments, review points),
    which a store writes one table at a time: each table's write refuses alone, but only after the
    tables before it are written.
    """
    if store.keyring is not None or store.key_record is None:
        return  # unlocked (everything can be sealed), or no key (nothing is): the keyring first,
        # as it is in memory and the key record is read from the store at each asking
    for record in records:
        table = table_of(record)
        if sealed_columns(table):
            seal_record(table, record, None)


def seals(column: Column) -> bool:
    """Whether a column's cells are sealed: private free text."""
    return column.privacy is Privacy.PRIVATE and column.kind is Kind.TEXT


def sealed_columns(table: Table) -> tuple[Column, ...]:
    return _plan(table.record).columns


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
        if (value := getattr(record, c.name)) and not isinstance(value, Kept) and not is_sealed(value)
    )


def key_ids_named(cells: Iterable[object]) -> set[str]:
    """The key ids that stored cells (or opened and locked values) are sealed under."""
    named = set()
    for cell in cells:
        if isinstance(cell, Kept):
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
    row, changes = None, {}
    for col in plan.columns:
        value = getattr(record, col.name)
        if not value:
            continue
        row = row or _Row(plan, table, record)
        aad = row.aad(col)
        if isinstance(value, Kept) and value.aad == aad and _keeps(value, keyring):
            changes[col.name] = value.cell
            continue
        if not unlocked:
            raise LockedError(keyring.manager if keyring else None, str(row.address(col)))
        assert keyring is not None
        text = _open(keyring, value.cell, value.aad, col, row) if isinstance(value, Locked) else value
        changes[col.name] = _seal(keyring, col.format(text), aad, row, col)
    return _replaced(plan, record, changes)


def open_record(table: Table, record: R, keyring: Keyring | None, *, strict: bool = True) -> R:
    """The record as the manager reads it: each sealed cell opened, or ``Locked`` while locked.

    A ``Locked`` value (read before the session was unlocked) is opened where it was read.
    ``strict`` refuses a non-empty private cell in clear; ``careernb encrypt`` alone passes False.
    """
    plan = _plan(table.record)
    unlocked = keyring if keyring is not None and not keyring.locked else None
    row, changes = None, {}
    for col in plan.columns:
        cell = getattr(record, col.name)
        if not cell or (isinstance(cell, Kept) and (unlocked is None or not isinstance(cell, Locked))):
            continue
        row = row or _Row(plan, table, record)
        if isinstance(cell, Locked):
            assert unlocked is not None
            changes[col.name] = _open(unlocked, cell.cell, cell.aad, col, row)
            continue
        value = _read_cell(unlocked, cell, row, col, strict)
        if value is not cell:
            changes[col.name] = value
    return _replaced(plan, record, changes)


def seal_clear(table: Table, record: R, keyring: Keyring, *, again: bool = False) -> tuple[R, int]:
    """The record with each private cell in clear sealed, and how many were; for ``careernb encrypt``.

    A sealed cell is checked (it must open where it is: ``TamperedCellError`` otherwise) and
    kept as it is, so running it again changes nothing; with ``again`` (``careernb key rotate``),
    one sealed under an older key is sealed again under the current one. A cell sealed under a key
    the keyring does not hold is refused: it is someone else's cipher, never text to seal.
    """
    plan = _plan(table.record)
    row, changes = None, {}
    for col in plan.columns:
        cell = getattr(record, col.name)
        if not cell:
            continue
        row = row or _Row(plan, table, record)
        match = _CELL.fullmatch(cell)
        if match and match[1] not in keyring.key_ids:
            raise not_held(row.address(col), match[1], set(keyring.key_ids))
        if match:
            text = _open(keyring, cell, row.aad(col), col, row, match)
            if again and match[1] != keyring.current:
                changes[col.name] = _seal(keyring, col.format(text), row.aad(col), row, col)
        else:
            changes[col.name] = _seal(keyring, col.format(cell), row.aad(col), row, col)
    return _replaced(plan, record, changes), len(changes)


def clear_cells(table: Table, record: object, key_ids: Iterable[str]) -> int:
    """How many private cells of a stored record are still in clear; a cell sealed under none of
    these keys (none: the home has no key record) is refused, never counted as text to seal."""
    ids = set(key_ids)
    count = 0
    for col in _plan(table.record).columns:
        cell = getattr(record, col.name)
        if not cell:
            continue
        match = _CELL.fullmatch(cell)
        if match is None:
            count += 1
        elif match[1] not in ids:
            raise not_held(_Row(_plan(table.record), table, record).address(col), match[1], ids)
    return count


def _read_cell(keyring: Keyring | None, cell: str, row: _Row, col: Column, strict: bool) -> Any:
    """One stored private cell as read: opened, ``Locked``, or the cell itself when in clear and
    not ``strict``. ``keyring`` is None while locked."""
    match = _CELL.fullmatch(cell) if cell.startswith(PREFIX) else None
    if match is None:
        if not strict:
            return cell  # text in clear, before `careernb encrypt` has sealed it
        if cell.startswith(PREFIX):
            raise TamperedCellError(row.address(col), "this sealed cell is damaged", _RESTORE)
        raise UnsealedCellError(
            row.address(col),
            "this private cell is in clear where every private cell is sealed",
            "If a sealing was interrupted, run `careernb encrypt` again; otherwise the cell "
            "was written outside careernb: restore it from a backup, or clear it.",
        )
    if keyring is None:
        return Locked(cell, row.aad(col), match[1])
    return _open(keyring, cell, row.aad(col), col, row, match)


# -- one cell ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Plan:
    columns: tuple[Column, ...]
    keys: tuple[Column, ...]
    per_person: bool
    slots: tuple[str, ...] | None
    """The record's fields when they are all its slots and nothing runs after ``__init__``."""
    plain_keys: bool
    table_json: str
    named: tuple[tuple[str, str, Column, bool], ...]
    """Each sealed column: its field, its name as the associated data writes it, the column,
    and whether it is plain text (its opened cell needs no parse)."""


@cache
def _plan(record_type: type) -> _Plan:
    table = table_of(record_type)
    columns = tuple(c for c in table.columns if seals(c))
    if any(c.name in table.key or c.references for c in columns):
        raise TypeError(f"{table.name}: a key or a reference cannot be sealed")
    names = tuple(c.name for c in table.columns)
    slotted = getattr(record_type, "__slots__", None) == names and not hasattr(record_type, "__post_init__")
    keys = tuple(table.column(k) for k in table.key)
    plain_keys = all(k.kind in (Kind.ID, Kind.INT) and not k.optional for k in keys)
    named = tuple((c.name, _json(c.name), c, c.kind is Kind.TEXT and not c.nonempty) for c in columns)
    return _Plan(
        columns, keys, "person_id" in names, names if slotted else None, plain_keys, _json(table.name), named
    )


class _Row:
    """One record's place: what each of its cells' associated data binds, and how errors name it.

    The associated data is ``json.dumps(["careernb/v1", table, [key cells], column, person_id],
    separators=(",", ":"))``, built here from its parts once per record.
    """

    __slots__ = ("_head", "_tail", "key", "person", "table")

    def __init__(self, plan: _Plan, table: Table, record: Any) -> None:
        person = record.person_id if plan.per_person else ""
        if plan.plain_keys:  # ids and numbers: their cell is str() of the value
            key = tuple(str(getattr(record, name)) for name in table.key)
        else:
            key = tuple(k.format(getattr(record, k.name)) for k in plan.keys)
        self._set(plan, table, person, key)

    @classmethod
    def of_values(cls, plan: _Plan, table: Table, values: dict[str, Any]) -> _Row:
        """The place of a row being parsed, from its values (typed, as the record will hold them)."""
        row = cls.__new__(cls)
        person = values["person_id"] if plan.per_person else ""
        if plan.plain_keys:
            key = tuple(str(values[name]) for name in table.key)
        else:
            key = tuple(k.format(values[k.name]) for k in plan.keys)
        row._set(plan, table, person, key)
        return row

    def _set(self, plan: _Plan, table: Table, person: str, key: tuple[str, ...]) -> None:
        self.table = table
        self.person = person
        self.key = key
        self._head = _head_of(plan, key)
        self._tail = f",{_json(person)}]"

    def aad(self, col: Column) -> bytes:
        return f"{self._head}{_json(col.name)}{self._tail}".encode("ascii")

    def address(self, col: Column) -> CellAddress:
        key = tuple(zip(self.table.key, self.key, strict=True))
        return CellAddress(self.table.name, self.person, key, col.name)


def _head_of(plan: _Plan, key: Iterable[str]) -> str:
    """The associated data up to the column's name: ``["careernb/v1",table,[key cells],``."""
    return f'["careernb/v1",{plan.table_json},[{",".join(map(_json, key))}],'


def _replaced(plan: _Plan, record: R, changes: dict[str, Any]) -> R:
    """``dataclasses.replace``, without its cost for a frozen, slotted record (a table's)."""
    if not changes:
        return record
    if plan.slots is None:
        return dataclasses.replace(record, **changes)
    new = object.__new__(type(record))
    for name in plan.slots:
        object.__setattr__(new, name, changes[name] if name in changes else getattr(record, name))
    return new


def _keeps(value: Kept, keyring: Keyring | None) -> bool:
    """Whether a value read from this cell is written back as it was stored."""
    if isinstance(value, Locked) or keyring is None or keyring.locked:
        return True
    return value.key_id == keyring.current  # under an older key: sealed again under the current one


def _seal(keyring: Keyring, text: str, aad: bytes, row: _Row, col: Column) -> str:
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise PrivateCellError(
            row.address(col),
            f"character {exc.start + 1} is half of a character pair (a lone surrogate), not text",
            "Type that character again; nothing was saved.",
        ) from None
    key_id, blob = keyring.seal_bytes(data, aad)
    return f"{PREFIX}{key_id}:{base64.urlsafe_b64encode(blob).rstrip(b'=').decode('ascii')}"


_FROM_URLSAFE = bytes.maketrans(b"-_", b"+/")
_json = json.encoder.encode_basestring_ascii
"""A JSON string, exactly as ``json.dumps`` writes one."""


_RESTORE = "Restore the file or row from a backup, or clear the cell. Nothing was changed."


def _open(
    keyring: Keyring, cell: str, aad: bytes, col: Column, row: _Row, match: re.Match[str] | None = None
) -> Any:
    """Open a sealed cell under ``aad`` (where it was read); errors name the cell in ``row``."""
    match = match or _CELL.fullmatch(cell)
    assert match is not None
    body = match[2] + "=" * (-len(match[2]) % 4)
    try:
        blob = binascii.a2b_base64(body.encode("ascii").translate(_FROM_URLSAFE), strict_mode=True)
    except binascii.Error:
        blob = b""
    try:
        data = keyring.open_bytes(match[1], blob, aad) if blob else None
    except UnknownKeyError as exc:
        raise UnknownKeyError(exc.manager, exc.key_id, str(row.address(col))) from None
    if data is None:
        raise TamperedCellError(
            row.address(col),
            "this sealed cell does not open here: it was moved from another row, person, table or "
            "column, or altered",
            _RESTORE,
        )
    try:
        value = col.parse(data.decode("utf-8"))
    except (UnicodeDecodeError, CellError):
        raise TamperedCellError(
            row.address(col), f"the opened cell is not a valid {col.kind}", _RESTORE
        ) from None
    return Opened(value, cell, aad, match[1]) if isinstance(value, str) and value else value
