"""Opening a file's sealed cells as it is parsed: the CSV store's read path.

The CSV store hands ``RowOpener`` to ``files.parse_file``, which calls it with each row's
parsed values before the row's record is built: the sealed cells become ``Opened`` text (or
``Locked`` values while locked) in place, and no record is built twice. An error names the
file, the row and the column. What opening means is in ``careernb.store.sealing``.
"""

from __future__ import annotations

import binascii
from collections.abc import Iterable
from operator import itemgetter
from pathlib import Path
from typing import Any

from careernb.store.keyring import Keyring, UnknownKeyError
from careernb.store.schema import CellError, Column, Table
from careernb.store.sealed_cells import Locked, Opened, PrivateCellError, kept
from careernb.store.sealing import (
    _CELL,
    _FROM_URLSAFE,
    PREFIX,
    _head,
    _json,
    _plan,
    _read_cell,
    _Row,
)


class RowOpener:
    """Opens one file's sealed cells as its rows are parsed, before each record is built.

    What ``open_record`` does to a record, done to the parsed values of a row (a dict, changed
    in place): no second record is built, and an error names the file, row and column. A team's
    notes are opened whenever it is read, so the common case (a sound cell under a key the
    keyring holds, or any sound cell while locked) takes a short way, written for speed;
    anything else goes the way ``open_record`` goes, which says what is wrong.
    """

    __slots__ = ("_head", "_ids", "_keyring", "_keys", "_path", "_plan", "_strict", "_table", "_tails")

    def __init__(
        self,
        table: Table,
        keyring: Keyring | None,
        path: Path,
        *,
        strict: bool = True,
        key_ids: Iterable[str] = (),
    ) -> None:
        self._table = table
        self._plan = plan = _plan(table.record)
        self._keyring = keyring if keyring is not None and not keyring.locked else None
        self._ids = frozenset(key_ids if self._keyring is None else self._keyring.key_ids)
        self._path = path
        self._strict = strict
        # Ids and whole numbers need no escaping in JSON: their associated data is written directly.
        keyed = ",".join(['"%s"'] * len(table.key))
        self._head = f'["careernb/v1",{plan.table_json},[{keyed}],' if plan.plain_keys else ""
        self._keys = itemgetter(*table.key)
        self._tails: dict[str, str] = {}

    def __call__(self, values: dict[str, Any], row_number: int, line: int) -> None:
        head = tail = ""
        keyring = self._keyring
        for name, named, col, plain in self._plan.named:
            cell = values[name]
            if not cell:
                continue
            if not head:
                if self._head:
                    head = self._head % self._keys(values)
                else:
                    head = _head(self._plan, self._table, values)
                person = values["person_id"] if self._plan.per_person else ""
                tail = self._tails.get(person) or self._tails.setdefault(person, f",{_json(person)}]")
            aad = f"{head}{named}{tail}".encode("ascii")
            if keyring is None:
                match = _CELL.fullmatch(cell)
                value = kept(Locked, cell, cell, aad) if match and match[1] in self._ids else None
            else:
                value = _open_sound(keyring, self._ids, cell, aad, col, plain)
            values[name] = self._slowly(values, cell, col, row_number, line) if value is None else value

    def _slowly(self, values: dict[str, Any], cell: str, col: Column, row_number: int, line: int) -> Any:
        row = _Row.of_values(self._plan, self._table, values)
        try:
            return _read_cell(self._keyring, cell, row, col, self._strict)
        except PrivateCellError as exc:
            raise exc.at(self._path, row_number, line) from None
        except UnknownKeyError as exc:
            where = f"{self._path}, row {row_number}, column {col.name!r}"
            raise UnknownKeyError(exc.manager, exc.key_id, where) from None


_PADDING = (b"", b"===", b"==", b"=")
_BODY_MIN = 38  # base64url of the nonce and the tag alone


def _open_sound(
    keyring: Keyring, ids: frozenset[str], cell: str, aad: bytes, col: Column, plain: bool
) -> Any:
    """A sound sealed cell opened in few steps; None for anything else (clear, damaged, moved,
    under a key not held), which ``_read_cell`` then reads and names."""
    body = cell[16:]
    key_id = cell[7:15]
    if (
        key_id not in ids
        or cell[:7] != PREFIX
        or cell[15:16] != ":"
        or len(body) < _BODY_MIN
        or "+" in body
        or "/" in body
        or "=" in body
    ):
        return None
    try:  # strict decoding checks every other character
        blob = binascii.a2b_base64(
            body.encode("ascii").translate(_FROM_URLSAFE) + _PADDING[len(body) % 4], strict_mode=True
        )
        data = keyring.open_bytes(key_id, blob, aad)
        text = data.decode("utf-8") if data else ""
    except (binascii.Error, UnicodeError):
        return None
    if not text:
        return None
    if plain:
        return kept(Opened, text, cell, aad)
    try:
        value = col.parse(text)
    except CellError:
        return None
    return kept(Opened, value, cell, aad) if isinstance(value, str) and value else value
