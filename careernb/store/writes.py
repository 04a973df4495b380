"""The checks before a write: what is saved must read back as it was, with the checks of a load."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from careernb.errors import StoreFormatError
from careernb.store.files import check_reference, refuse_case_clash
from careernb.store.schema import CellError, Column, Kind, Table

_TYPES: dict[Kind, type | tuple[type, ...]] = {
    Kind.TEXT: str,
    Kind.DATE: dt.date,
    Kind.TIMESTAMP: dt.datetime,
    Kind.TIME: dt.time,
}


def of_its_type(col: Column, typed: Any) -> bool:
    """Whether a value may be saved in ``col`` at all: None in a text, or a date given as text,
    would come back other than it went in, or not at all."""
    if typed is None:
        return col.optional
    if col.kind is Kind.DATE and isinstance(typed, dt.datetime):
        return False
    return isinstance(typed, _TYPES.get(col.kind, object))


def validate_rows(
    path: Path,
    table: Table,
    person_id: str | None,
    rows: list[Any],
    people: set[str] | None,
    refs: dict[str, set[object]],
) -> None:
    """Refuse to write what could not be read back: the same checks as loading."""
    if people is None:  # writing people itself: references are to the rows being written
        people = {r.person_id for r in rows}
    if table.key == ("person_id",):
        refuse_case_clash(path, [(r.person_id, i) for i, r in enumerate(rows, start=2)])
    seen: set[tuple[Any, ...]] = set()
    for i, record in enumerate(rows, start=2):
        if type(record) is not table.record:
            raise TypeError(f"{table.name}: expected {table.record.__name__}, got {type(record)}")
        key = table.key_of(record)
        if key in seen:
            raise StoreFormatError(path, f"two rows would share the key {key}", "Use a new id.", row=i)
        seen.add(key)
        for col in table.columns:
            typed = getattr(record, col.name)
            try:
                if not of_its_type(col, typed):
                    raise CellError(f"a {type(typed).__name__} is not a {col.kind}", col.describe_type())
                value = col.parse(col.format(typed))
                # 45 given as "45" reads back as another value (a time keeps its minutes, by design)
                if typed is not None and col.kind not in _TYPES and value != typed:
                    raise CellError(f"a {type(typed).__name__} is not a {col.kind}", col.describe_type())
            except Exception as exc:
                shown = "this text" if col.kind is Kind.TEXT else repr(typed)  # a note is never repeated
                raise StoreFormatError(
                    path, f"cannot save {shown}: {exc}", getattr(exc, "fix", ""), row=i, column=col.name
                ) from None
            check_reference(path, table, col, value, i, i, person_id, people, refs)
