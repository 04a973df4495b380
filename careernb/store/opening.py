"""Opening a file's sealed cells as it is parsed: the CSV store's read path.

The CSV store hands ``RowOpener`` to ``files.parse_file``, which calls it once with every row's
parsed values before the records are built: the sealed cells become ``Opened`` text (or
``Locked`` values while locked) in place, and no record is built twice. An error names the
file, the row and the column. What opening means is in ``careernb.store.sealing``.

A team's notes are opened whenever it is read, so a file's cells are opened a column at a
time: one check of the column's characters, one base64 decoding, one associated-data format
per column, and a loop that does nothing but decrypt. Each cell is still opened on its own,
under its own associated data. A column with anything unusual in it (a cell in clear, damaged,
moved, under a key not held) goes the careful way, cell by cell, which says what is wrong.
"""

from __future__ import annotations

import binascii
import re
import string
from collections.abc import Iterable, Sequence
from functools import cache
from operator import itemgetter
from pathlib import Path
from typing import Any

from careernb.store.keyring import Keyring, UnknownKeyError
from careernb.store.schema import Column, Kind, Table, table_of
from careernb.store.sealed_cells import Locked, Opened, PrivateCellError, kept, not_held
from careernb.store.sealing import _FROM_URLSAFE, PREFIX, _plan, _read_cell, _Row, is_sealed

Rows = Sequence[tuple[dict[str, Any], int, int]]
"""A file's rows as ``parse_file`` holds them before building records: (values, row, line)."""

_HEAD = re.compile(r"enc:v1:([0-9a-f]{8}):")
_HEAD_CHARS = 16
_BODY_MIN = 38  # base64url of the nonce and the tag alone
_BASE64URL = (string.ascii_letters + string.digits + "-_").encode("ascii")
_FILL = ("", "", "AA", "A")
"""Completes a body to whole base64 quads without padding, so that bodies decode end to end;
the bytes it adds are past the cell's end and never read (a length of 1 mod 4 is refused)."""


class RowOpener:
    """Opens one file's sealed cells once its rows are parsed, before the records are built.

    What ``open_record`` does to a record, done to the parsed values of every row (dicts,
    changed in place): no second record is built, and an error names the file, row and column.
    """

    __slots__ = ("_formats", "_ids", "_keyring", "_path", "_plan", "_strict", "_table")

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
        self._plan = _plan(table.record)
        self._keyring = keyring if keyring is not None and not keyring.locked else None
        self._ids = frozenset(key_ids if self._keyring is None else self._keyring.key_ids)
        self._path = path
        self._strict = strict
        self._formats = _aad_formats(table.record)

    def __call__(self, rows: Rows) -> None:
        for name, _, col, plain in self._plan.named:
            filled = [r for r in rows if r[0][name]]
            if not filled:
                continue
            opened = self._quickly(filled, name) if plain and self._formats else None
            if opened is None:  # the careful way, which names what is wrong
                for values, row, line in filled:
                    values[name] = self._slowly(values, values[name], col, row, line)
            else:
                for (values, _, _), value in zip(filled, opened, strict=True):
                    values[name] = value

    def _quickly(self, filled: Rows, name: str) -> list[Any] | None:
        """A column's cells opened (or ``Locked``) a column at a time; None when one of them
        needs the careful way. Cells under several keys (after a rotation) go key by key."""
        cells = [values[name] for values, _, _ in filled]
        heads = {cell[:_HEAD_CHARS] for cell in cells}
        if len(heads) == 1:
            return self._under_one_key(filled, name, cells, heads.pop())
        out: list[Any] = [None] * len(cells)
        for head in heads:
            at = [i for i, cell in enumerate(cells) if cell.startswith(head)]
            part = self._under_one_key([filled[i] for i in at], name, [cells[i] for i in at], head)
            if part is None:
                return None
            for i, value in zip(at, part, strict=True):
                out[i] = value
        return out

    def _under_one_key(self, filled: Rows, name: str, cells: list[str], head: str) -> list[Any] | None:
        match = _HEAD.fullmatch(head)
        if match is None or match[1] not in self._ids:
            return None
        fmt, pick = self._formats[name]
        aads = [(fmt % pick(values)).encode("ascii") for values, _, _ in filled]
        if self._keyring is None:
            if not _well_formed([cell[_HEAD_CHARS:] for cell in cells]):
                return None
            return [kept(Locked, cell, cell, aad) for cell, aad in zip(cells, aads, strict=True)]
        starts, ends, at = [], [], 0
        for cell in cells:
            size = len(cell) - _HEAD_CHARS
            if size < _BODY_MIN or size & 3 == 1:
                return None
            starts.append(at)
            ends.append(at + size * 3 // 4)
            at += (size + 3) // 4 * 3
        quads = "".join([cell[_HEAD_CHARS:] + _FILL[len(cell) & 3] for cell in cells])
        # Strict decoding refuses any character outside base64's; these three are in it, not in base64url.
        if "+" in quads or "/" in quads or "=" in quads:
            return None
        try:
            packed = binascii.a2b_base64(quads.encode("ascii").translate(_FROM_URLSAFE), strict_mode=True)
        except (UnicodeEncodeError, binascii.Error):
            return None
        opened = []
        new = str.__new__
        for data, cell, aad in zip(
            self._keyring.open_packed(match[1], packed, starts, ends, aads), cells, aads, strict=True
        ):
            if not data:  # moved or altered; or empty, which careful opening reads
                return None
            try:
                text = new(Opened, data, "utf-8")
            except UnicodeDecodeError:
                return None
            text.cell = cell
            text.aad = aad
            opened.append(text)
        return opened

    def _slowly(self, values: dict[str, Any], cell: str, col: Column, row_number: int, line: int) -> Any:
        row = _Row.of_values(self._plan, self._table, values)
        try:
            return _read_cell(self._keyring, cell, row, col, self._strict)
        except PrivateCellError as exc:
            raise exc.at(self._path, row_number, line) from None
        except UnknownKeyError as exc:
            where = f"{self._path}, row {row_number}, column {col.name!r}"
            raise UnknownKeyError(exc.manager, exc.key_id, where) from None


class NoKeyOpener:
    """The read path of a data home with no key record: its private cells are in clear, so a
    sealed one means the key record is gone. Refused, naming the cell, before anything reads it."""

    __slots__ = ("_path", "_plan", "_table")

    def __init__(self, table: Table, path: Path) -> None:
        self._table = table
        self._plan = _plan(table.record)
        self._path = path

    def __call__(self, rows: Rows) -> None:
        for name, _, col, _ in self._plan.named:
            if not any((values[name] or "").startswith(PREFIX) for values, _, _ in rows):
                continue
            for values, row_number, line in rows:
                if is_sealed(values[name]):
                    row = _Row.of_values(self._plan, self._table, values)
                    raise not_held(row.address(col), "", set()).at(self._path, row_number, line)


def _well_formed(bodies: list[str]) -> bool:
    """Whether every cell body is what ``sealing._CELL`` accepts: 38 or more base64url characters
    (a regular expression over a whole column costs more than deleting the allowed bytes)."""
    if min(map(len, bodies)) < _BODY_MIN:
        return False
    try:
        joined = "".join(bodies).encode("ascii")
    except UnicodeEncodeError:
        return False
    return not joined.translate(None, _BASE64URL)


@cache
def _aad_formats(record_type: type) -> dict[str, tuple[str, itemgetter[Any]]]:
    """Per sealed column, its associated data as a %-format over the row's key cells and person,
    and what picks those from the parsed values; empty unless every one of them is an id or a
    whole number (they need no escaping in JSON: ``"%s"`` writes what ``json.dumps`` writes).
    """
    table, plan = table_of(record_type), _plan(record_type)
    picked = [table.column(k) for k in table.key]
    if plan.per_person:
        picked.append(table.column("person_id"))
    if not all(c.kind in (Kind.ID, Kind.INT) and not c.optional for c in picked):
        return {}
    keyed = ",".join(['"%s"'] * len(table.key))
    person = '"%s"' if plan.per_person else '""'
    # One name alone gives a str or an int, which % reads as one value, as it reads a tuple of two.
    pick = itemgetter(*(c.name for c in picked))
    return {
        name: (f'["careernb/v1",{_escaped(plan.table_json)},[{keyed}],{_escaped(named)},{person}]', pick)
        for name, named, _, _ in plan.named
    }


def _escaped(text: str) -> str:
    return text.replace("%", "%%")
