"""What sealing reads and writes, cell by cell: the values a store hands out, and its errors.

``Opened`` is a private cell's text as opened; ``Locked`` is a cell read while locked (its text is
the stored cell). Both are ``str`` and remember the stored cell and where it was, so a save that
did not change them writes the cell back as it was. The errors name the cell (table, person, row
key and column; in a file, the file, row and column), never its text. How cells are sealed and
opened is in ``careernb.store.sealing``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TypeVar

from careernb.errors import CareernbError

K = TypeVar("K", bound="Kept")


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
    """A private cell that cannot be read as it stands. Names the cell, never its text.

    Read from a file, it names the file, the row (as a spreadsheet counts: the header is
    row 1) and the column, as every error about a data home's files does.
    """

    def __init__(
        self,
        cell: CellAddress,
        problem: str,
        fix: str,
        *,
        path: Path | None = None,
        row: int | None = None,
        line: int | None = None,
    ) -> None:
        self.table = cell.table
        self.person_id = cell.person_id
        self.key = cell.key
        self.column = cell.column
        self.problem = problem
        self.fix = fix
        self.path = path
        self.row = row
        self.line = line
        if path is None:
            where = str(cell)
        else:
            lines = f" (line {line} in a text editor)" if line is not None and line != row else ""
            where = f"{path}, row {row}{lines}, column {cell.column!r}"
        super().__init__(f"{where}: {problem}. {fix}")

    def at(self, path: Path, row: int, line: int | None = None) -> PrivateCellError:
        """The same error, naming the file and the row it was read from."""
        cell = CellAddress(self.table, self.person_id, self.key, self.column)
        return type(self)(cell, self.problem, self.fix, path=path, row=row, line=line)


class TamperedCellError(PrivateCellError):
    """A sealed cell that does not open here: moved from another cell, altered or damaged."""


class UnsealedCellError(PrivateCellError):
    """A private cell in clear in a store whose private cells are sealed."""


class KeyRecordMissingError(PrivateCellError):
    """A sealed cell in a data home with no key record: ``keys.json`` was deleted or left behind
    in a move. Read as if in clear, its ciphertext would be shared, or sealed again as text."""


class KeyNotHeldError(PrivateCellError):
    """A sealed cell under a key the home's key record does not hold: copied from another
    manager's home, or sealed under a key record since replaced."""


def not_held(cell: CellAddress, key_id: str, ids: set[str]) -> PrivateCellError:
    """The refusal of a cell sealed under none of the key ids ``ids`` (none: no key record)."""
    if not ids:
        return KeyRecordMissingError(
            cell,
            "this private cell is sealed, but this data home has no key record (keys.json)",
            "Put keys.json back from your backup, or from where the home was moved from; "
            "until then careernb reads and writes none of this file. Nothing was changed.",
        )
    return KeyNotHeldError(
        cell,
        f"this private cell is sealed under key {key_id!r}, which your key record does not hold",
        "It comes from another manager's home, or from a key record since replaced: restore the "
        "key record that holds that key from a backup, or clear the cell. Nothing was changed.",
    )


class Kept(str):
    """Text that remembers the stored cell it was read from, and where that cell was."""

    cell: str
    aad: bytes

    def __new__(cls, text: str, cell: str, aad: bytes, key_id: str = "") -> Kept:
        return kept(cls, text, cell, aad)

    @property
    def key_id(self) -> str:
        """The key the stored cell is sealed under (``enc:v1:<key_id>:...``)."""
        return self.cell[7:15]

    def __reduce__(self) -> tuple[type[Kept], tuple[str, str, bytes]]:
        return type(self), (str(self), self.cell, self.aad)


def kept(cls: type[K], text: str, cell: str, aad: bytes) -> K:
    """A ``Kept`` of type ``cls`` in the fewest steps: stores read thousands at a time."""
    value = str.__new__(cls, text)
    value.cell = cell
    value.aad = aad
    return value


class Opened(Kept):
    """A private cell's text as opened; saved unchanged, its stored cell is written back."""


class Locked(Kept):
    """A private cell read while locked: its text is the stored cell, written back byte for byte."""

    def __new__(cls, cell: str, aad: bytes, key_id: str = "") -> Locked:
        return kept(cls, cell, cell, aad)

    def __reduce__(self) -> tuple[type[Locked], tuple[str, bytes]]:  # type: ignore[override]
        return Locked, (self.cell, self.aad)

    def __repr__(self) -> str:
        return "<locked>"


def is_locked(value: object) -> bool:
    """Whether a field holds a private cell read while locked (show "locked", do not edit)."""
    return isinstance(value, Locked)
