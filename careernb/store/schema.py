"""Declared schemas: a table is a frozen dataclass whose fields are its columns.

A field's annotation gives the column's type, its default says whether the
column may be left out of a hand-written file, and its metadata gives the
privacy class and documentation. One declaration serves the loader, the
writer, the exports and ``docs/data.md``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import MISSING, dataclass
from typing import Annotated, Any, TypeVar, dataclass_transform

# A column's annotation names its kind; to the type checker (and every caller) it is a str.
Id = Annotated[str, "id"]
"""An identifier: letters, digits, ``.``, ``_`` and ``-``; kept exactly (``007`` stays ``007``)."""

Month = Annotated[str, "month"]
"""A calendar month written ``YYYY-MM``."""


class Privacy(enum.StrEnum):
    """Who may see a column's values outside the manager's own store."""

    PRIVATE = "private"
    """The manager's alone: never written into anything shared or exported."""
    PERSON = "person"
    """May be shared with the person the row is about (contract, their copy)."""
    TEAM = "team"
    """May also appear in the manager's team-wide view."""


class Kind(enum.StrEnum):
    ID = "id"
    TEXT = "text"
    DATE = "date"
    TIMESTAMP = "timestamp"
    MONTH = "month"
    TIME = "time"
    INT = "int"
    BOOL = "bool"
    ENUM = "enum"


_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIMESTAMP_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?")
_MONTH_RE = re.compile(r"\d{4}-\d{2}")
_TIME_RE = re.compile(r"\d{2}:\d{2}")
_INT_RE = re.compile(r"-?\d{1,12}")


class CellError(ValueError):
    """A cell that does not parse; carries the problem and the fix."""

    def __init__(self, problem: str, fix: str) -> None:
        self.problem = problem
        self.fix = fix
        super().__init__(problem)


def column(
    privacy: Privacy,
    doc: str,
    *,
    default: Any = MISSING,
    references: str | None = None,
    nonempty: bool = False,
    shared_when: str | None = None,
) -> Any:
    """Declare a column. No default means the column must be in the header.

    ``references`` is ``"people"`` for a person id, or ``"<table>"`` for the
    key of another table of the same person. ``shared_when`` names a boolean
    column whose truth lifts a private cell to the person.
    """
    meta = {
        "privacy": Privacy(privacy),
        "doc": doc,
        "references": references,
        "nonempty": nonempty,
        "shared_when": shared_when,
    }
    if default is MISSING:
        return dataclasses.field(metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    optional: bool
    """An empty cell means 'not given' (None) instead of an empty text."""
    required: bool
    """Must be in the header; otherwise the column may be left out."""
    default: Any
    privacy: Privacy
    doc: str
    choices: tuple[str, ...] = ()
    enum_type: type[enum.Enum] | None = None
    references: str | None = None
    nonempty: bool = False
    shared_when: str | None = None

    def parse(self, cell: str) -> Any:
        """Turn one CSV cell into its typed value, or raise CellError."""
        if cell == "" and self.optional:
            return None
        try:
            return _PARSERS[self.kind](self, cell)
        except CellError:
            raise
        except ValueError as exc:  # a date that matches the pattern but not the calendar
            raise CellError(f"{cell!r} is not a valid {self.kind} ({exc})", _FIXES[self.kind]) from None

    def format(self, value: Any) -> str:
        """Turn a typed value into its CSV cell."""
        if value is None:
            return ""
        if self.kind is Kind.BOOL:
            return "true" if value else "false"
        if self.kind is Kind.ENUM:
            return str(value.value if isinstance(value, enum.Enum) else value)
        if self.kind is Kind.TIMESTAMP:
            stamp: dt.datetime = value
            return stamp.isoformat(timespec="seconds")
        if self.kind is Kind.TIME:
            time: dt.time = value
            return time.strftime("%H:%M")
        if self.kind in (Kind.DATE,):
            day: dt.date = value
            return day.isoformat()
        return str(value)

    def describe_type(self) -> str:
        text = {
            Kind.ID: "id (letters, digits, . _ -)",
            Kind.TEXT: "text",
            Kind.DATE: "date YYYY-MM-DD",
            Kind.TIMESTAMP: "date and time YYYY-MM-DDTHH:MM:SS",
            Kind.MONTH: "month YYYY-MM",
            Kind.TIME: "time HH:MM",
            Kind.INT: "whole number",
            Kind.BOOL: "true or false",
            Kind.ENUM: "one of: " + ", ".join(self.choices),
        }[self.kind]
        if self.optional:
            text += "; may be empty"
        return text


# Names Windows keeps for devices, with or without an extension: a folder cannot have them.
_RESERVED = {"con", "prn", "aux", "nul", *(f"{d}{i}" for d in ("com", "lpt") for i in range(1, 10))}


def _parse_id(col: Column | None, cell: str) -> str:
    if not _ID_RE.fullmatch(cell):
        raise CellError(f"{cell!r} is not a valid id", _FIXES[Kind.ID])
    if cell.endswith("."):
        raise CellError(
            f"{cell!r} ends in a dot, which Windows drops from a folder's name",
            "End the id with a letter or a digit.",
        )
    if cell.split(".")[0].lower() in _RESERVED:
        raise CellError(
            f"{cell!r} is a name Windows reserves for a device (CON, PRN, AUX, NUL, COM1-9, LPT1-9)",
            "Choose another id, for example with a letter added.",
        )
    return cell


def is_valid_id(cell: str) -> bool:
    try:
        _parse_id(None, cell)
    except CellError:
        return False
    return True


def case_clash(ids: Iterable[tuple[str, int]]) -> tuple[str, str, int] | None:
    """The first id that differs from an earlier one only by case, with that one and its row.

    On macOS and Windows such ids name one folder, so two people's files would mix.
    """
    seen: dict[str, tuple[str, int]] = {}
    for value, row in ids:
        other = seen.setdefault(value.casefold(), (value, row))
        if other[0] != value:
            return value, other[0], other[1]
    return None


def _parse_text(col: Column, cell: str) -> str:
    if col.nonempty and not cell.strip():
        raise CellError("this cell is empty", "Write a value here; it cannot be left blank.")
    half = re.search("[\ud800-\udfff]", cell)
    if half:  # a lone surrogate: what a copy that cut an emoji in two leaves
        at = f"U+{ord(half[0]):04X} at character {half.start() + 1}"
        lost = "the rest of an emoji or other character lost in copying"
        raise CellError(f"the text holds half of a character ({at}), {lost}", "Type it again, or remove it.")
    return cell


def _matching(pattern: re.Pattern[str], kind: Kind) -> Callable[[Column, str], str]:
    def check(col: Column, cell: str) -> str:
        if not pattern.fullmatch(cell):
            raise CellError(f"{cell!r} is not a {kind}", _FIXES[kind])
        return cell

    return check


def _parse_date(col: Column, cell: str) -> dt.date:
    return dt.date.fromisoformat(_matching(_DATE_RE, Kind.DATE)(col, cell))


def _parse_timestamp(col: Column, cell: str) -> dt.datetime:
    return dt.datetime.fromisoformat(_matching(_TIMESTAMP_RE, Kind.TIMESTAMP)(col, cell))


def _parse_month(col: Column, cell: str) -> str:
    _matching(_MONTH_RE, Kind.MONTH)(col, cell)
    dt.date.fromisoformat(cell + "-01")
    return cell


def _parse_time(col: Column, cell: str) -> dt.time:
    return dt.time.fromisoformat(_matching(_TIME_RE, Kind.TIME)(col, cell))


def _parse_int(col: Column, cell: str) -> int:
    return int(_matching(_INT_RE, Kind.INT)(col, cell))


def _parse_bool(col: Column, cell: str) -> bool:
    lowered = cell.lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    raise CellError(f"{cell!r} is not true or false", _FIXES[Kind.BOOL])


def _parse_enum(col: Column, cell: str) -> enum.Enum:
    assert col.enum_type is not None
    try:
        return col.enum_type(cell)
    except ValueError:
        raise CellError(
            f"{cell!r} is not one of the allowed values",
            "Use one of: " + ", ".join(repr(c) for c in col.choices) + ".",
        ) from None


_PARSERS: dict[Kind, Callable[[Column, str], Any]] = {
    Kind.ID: _parse_id,
    Kind.TEXT: _parse_text,
    Kind.DATE: _parse_date,
    Kind.TIMESTAMP: _parse_timestamp,
    Kind.MONTH: _parse_month,
    Kind.TIME: _parse_time,
    Kind.INT: _parse_int,
    Kind.BOOL: _parse_bool,
    Kind.ENUM: _parse_enum,
}

_FIXES = {
    Kind.ID: "Use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit.",
    Kind.TEXT: "Write plain text.",
    Kind.DATE: "Write the date as YYYY-MM-DD, e.g. 2026-11-26.",
    Kind.TIMESTAMP: "Write it as YYYY-MM-DDTHH:MM:SS, e.g. 2026-11-26T14:30:00.",
    Kind.MONTH: "Write the month as YYYY-MM, e.g. 2027-01.",
    Kind.TIME: "Write the time as HH:MM on a 24-hour clock, e.g. 14:30.",
    Kind.INT: "Write a whole number, e.g. 60.",
    Kind.BOOL: "Write true or false.",
    Kind.ENUM: "Use one of the allowed values.",
}


@dataclass(frozen=True)
class Table:
    """One CSV file kind: its record type, columns and key."""

    name: str
    record: type
    key: tuple[str, ...]
    per_person: bool
    doc: str
    columns: tuple[Column, ...]

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def key_of(self, record: Any) -> tuple[Any, ...]:
        return tuple(getattr(record, k) for k in self.key)

    def to_row(self, record: Any) -> list[str]:
        return [c.format(getattr(record, c.name)) for c in self.columns]

    def columns_of(self, privacy: Iterable[Privacy]) -> tuple[Column, ...]:
        wanted = set(privacy)
        return tuple(c for c in self.columns if c.privacy in wanted)


def _column_from_field(f: dataclasses.Field[Any], hint: Any) -> Column:
    optional = False
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        optional = len(args) < len(typing.get_args(hint))
        (hint,) = args
    choices: tuple[str, ...] = ()
    enum_type = None
    if hint == Id:
        kind = Kind.ID
    elif hint == Month:
        kind = Kind.MONTH
    elif isinstance(hint, type) and issubclass(hint, enum.Enum):
        kind, enum_type = Kind.ENUM, hint
        choices = tuple(str(m.value) for m in hint)
    elif hint is bool:
        kind = Kind.BOOL
    elif hint is int:
        kind = Kind.INT
    elif hint is dt.datetime:
        kind = Kind.TIMESTAMP
    elif hint is dt.date:
        kind = Kind.DATE
    elif hint is dt.time:
        kind = Kind.TIME
    elif hint is str:
        kind = Kind.TEXT
    else:
        raise TypeError(f"column {f.name}: unsupported type {hint!r}")
    meta = f.metadata
    if "privacy" not in meta:
        raise TypeError(f"column {f.name}: declare it with careernb.store.column()")
    required = f.default is MISSING and f.default_factory is MISSING
    return Column(
        name=f.name,
        kind=kind,
        optional=optional,
        required=required,
        default=None if required else f.default,
        privacy=meta["privacy"],
        doc=meta["doc"],
        choices=choices,
        enum_type=enum_type,
        references=meta["references"],
        nonempty=meta["nonempty"],
        shared_when=meta["shared_when"],
    )


_R = TypeVar("_R")


# Declared to the type checker as what it is: a frozen dataclass whose fields are `column()`s.
@dataclass_transform(frozen_default=True, field_specifiers=(column,))
def table(name: str, *, key: tuple[str, ...], per_person: bool) -> Callable[[type[_R]], type[_R]]:
    """Class decorator: make a frozen dataclass a store table."""

    def wrap(cls: type[_R]) -> type[_R]:
        cls = dataclass(frozen=True, slots=True)(cls)
        made: Any = cls  # its fields and its __table__ are made here, at run time
        hints = typing.get_type_hints(cls, include_extras=True)
        cols = tuple(_column_from_field(f, hints[f.name]) for f in dataclasses.fields(made))
        names = {c.name for c in cols}
        missing = [k for k in key if k not in names]
        if missing:
            raise TypeError(f"table {name}: key columns {missing} are not fields")
        if per_person and "person_id" not in names:
            raise TypeError(f"table {name}: a per-person table needs a person_id column")
        made.__table__ = Table(
            name=name,
            record=cls,
            key=key,
            per_person=per_person,
            doc=(cls.__doc__ or "").strip(),
            columns=cols,
        )
        return cls

    return wrap


def table_of(record_or_type: Any, among: Mapping[str, Table] | None = None) -> Table:
    """The table a record type is stored in; with ``among`` (a store's tables), one of those."""
    cls = record_or_type if isinstance(record_or_type, type) else type(record_or_type)
    found = getattr(cls, "__table__", None)
    if not isinstance(found, Table):
        raise TypeError(f"{cls.__name__} is not a careernb table")
    if among is not None and found.name not in among:
        raise TypeError(f"{found.name} is not a table of this store")
    return found


def new_id(prefix: str) -> str:
    """A fresh id that sorts by creation day, e.g. ``c-20261126-3f9a1c``."""
    import secrets

    return f"{prefix}-{dt.date.today():%Y%m%d}-{secrets.token_hex(3)}"
