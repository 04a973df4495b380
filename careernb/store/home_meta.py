"""A data home's ``careernb.csv``: the version of its layout, checked like every table."""

from __future__ import annotations

import csv
import os
from pathlib import Path

from careernb.errors import MalformedCsvError, MissingColumnError, StoreFormatError, UnknownColumnError
from careernb.store import files

SCHEMA_VERSION = 1
META_FILE = "careernb.csv"
META_COLUMNS = ["key", "value"]
META_KEYS = {"schema_version"}


def read_schema_version(meta: Path) -> int:
    """careernb.csv, checked like every table: its two columns, two cells a row, known keys."""
    try:
        with open(meta, encoding="utf-8-sig", newline="") as f:
            rows = [(i, r) for i, r in enumerate(csv.reader(f, strict=True), start=1) if r]
    except files.UNREADABLE as exc:
        raise files.unreadable(meta, exc) from None
    except (csv.Error, UnicodeDecodeError) as exc:
        raise MalformedCsvError(
            meta, f"it cannot be read as CSV ({exc})", "Write key,value then schema_version,1."
        ) from None
    header = rows[0][1] if rows else []
    for name in header:
        if name not in META_COLUMNS:
            raise UnknownColumnError(
                meta,
                f"the header has a column {name!r} that careernb.csv does not have",
                "Remove it; the columns are: key, value.",
                row=1,
                column=name,
            )
    if header != META_COLUMNS:
        raise MissingColumnError(
            meta, "the header is not key,value", "Write the header row: key,value.", row=1
        )
    values: dict[str, tuple[str, int]] = {}
    for row, cells in rows[1:]:
        if len(cells) != len(META_COLUMNS):
            raise MalformedCsvError(
                meta, f"this row has {len(cells)} cells but the header has 2", "Write key,value.", row=row
            )
        values[cells[0]] = (cells[1], row)
    raw, version_row = values.get("schema_version", ("", None))
    if not raw.isdigit():
        raise StoreFormatError(
            meta,
            f"schema_version is {raw!r}, not a whole number",
            "Write schema_version,1.",
            row=version_row,
            column="value",
        )
    version = int(raw)
    unknown = [(k, r) for k, (_, r) in values.items() if k not in META_KEYS]
    if unknown and version <= SCHEMA_VERSION:  # a newer careernb's keys: NewerStoreError says so
        key, row = unknown[0]
        raise StoreFormatError(
            meta,
            f"the key {key!r} is not one careernb knows",
            "Remove that row; careernb.csv holds schema_version only.",
            row=row,
            column="key",
        )
    return version


def write_meta(meta: Path) -> None:
    fd = os.open(meta, os.O_WRONLY | os.O_CREAT | os.O_EXCL, files.FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(
            [["key", "value"], ["schema_version", str(SCHEMA_VERSION)]]
        )
