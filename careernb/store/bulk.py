"""Bulk reads: many people's files of one table parsed by pandas in one go.

The csv-module parser (:mod:`careernb.store.files`) validates cell by cell and
says what is wrong where; this path is for reading many people at once (the
quarter, the team view). Cells come back as the exact text of the file
(``dtype=str``, no missing-value guessing), so ``007`` stays ``007`` and a typed
``NA`` stays ``NA``. It refuses what the checker refuses of the cells it reads:
a header the table does not have, a cell its column cannot hold, a row in another
person's folder, a key used twice (a reference to another table is the checker's
alone); ``exact`` then lets the checker name the row and the fix.

Files with the same header are joined and parsed in one call: one pandas call
per table instead of one per file is what makes it fast.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from careernb.errors import StoreFormatError
from careernb.store import files
from careernb.store.base import Store
from careernb.store.schema import CellError, Column, Kind, Table, table_of
from careernb.store.sealed_cells import Kept, is_locked
from careernb.store.sealing import is_sealed, sealed_columns

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

BOM = b"\xef\xbb\xbf"
FILE_ENDS = "\x1ecareernb: a file ends here\x1e"
"""The first cell of a line put between two joined files: a file that ends inside a quoted cell
swallows it, so fewer of them than files joined say that one file is unsound."""


def read_csv(data: bytes, usecols: Sequence[str], line_end: str | None = None) -> pd.DataFrame:
    """Every cell as the text it is, by pandas' C parser; ``line_end`` "\\r" for a file whose
    lines end in a lone CR (None: LF or CRLF).

    Not the pyarrow engine: pandas gives it no ``newlines_in_values``, so on inputs
    larger than one block it cuts rows inside a quoted multi-line answer.
    """
    import pandas as pd

    return pd.read_csv(
        io.BytesIO(data),
        dtype=str,
        keep_default_na=False,
        usecols=list(usecols),
        engine="c",
        lineterminator=line_end,
    )


def _split(raw: bytes) -> tuple[bytes, bytes, bytes | None]:
    """(header line, the rows after it, the line end it is parsed alone with, or None for joined)."""
    raw = raw.removeprefix(BOM)
    end = raw.find(b"\n")
    cr = raw.find(b"\r")
    if 0 <= cr < len(raw) - 1 and raw[cr + 1 : cr + 2] != b"\n" and (end < 0 or cr < end):
        # The header ends in a lone CR (a spreadsheet's "CSV (Macintosh)"), as the checker reads
        # it: every line does, and a CR or LF inside a quoted cell stays the cell's.
        return raw[:cr], raw[cr + 1 :].removesuffix(b"\r") + b"\r", b"\r"
    header, body = (raw, b"") if end < 0 else (raw[: end + 1], raw[end + 1 :])
    if body and not body.endswith(b"\n"):
        body += b"\r\n"
    # Quotes come in pairs when every one opens or closes a cell; an odd count is a quote inside a
    # cell's text (6' 2"), read as text, which joined to the next file would swallow its rows. (A
    # file with both, an even count, is caught by the marker between joined files: _parsed.)
    alone = b'"' in header or body.count(b'"') % 2 == 1
    return header.rstrip(b"\r\n"), body, b"\n" if alone else None


def _unsound(path: Path) -> StoreFormatError:
    return StoreFormatError(
        path,
        "the file does not parse as plain CSV",
        "Run `careernb check` to see the exact row and how to fix it.",
    )


def read_table(
    table: Table,
    paths: Iterable[Path],
    columns: Sequence[str] | None = None,
    exact: Callable[[Path], object] | None = None,
) -> pd.DataFrame:
    """The rows of these files of ``table``, in file order, with ``columns`` (default: all).

    A column a file leaves out (allowed for columns with a default) gets its default. A file the
    checker would refuse is refused: by ``exact(path)`` (the validating read, which names the
    row, column and fix) when given, else naming the file, row and column found here.
    """
    import pandas as pd

    wanted = list(columns) if columns is not None else table.header
    unknown = [c for c in wanted if c not in table.header]
    if unknown:
        raise KeyError(f"{table.name} has no column {unknown[0]!r}")
    # Files with the same header are parsed together; one that must be parsed alone, by itself.
    groups: dict[tuple[bytes, Path | None, bytes | None], list[tuple[Path, bytes]]] = {}
    for path in paths:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            continue
        except files.UNREADABLE as exc:
            raise files.unreadable(path, exc) from None
        header, body, alone = _split(raw)
        if not body.strip():
            if header.strip():  # no rows, yet a header the checker refuses is refused
                files.check_header(path, table, _names(header, path))
            continue
        groups.setdefault((header, path if alone else None, alone), []).append((path, body))
    parts = []
    for (header, _, alone), bodies in groups.items():
        names = _names(header, bodies[0][0])
        files.check_header(bodies[0][0], table, names)
        present = [c for c in wanted if c in names]
        checked = [c.name for c in table.columns if c.name in names and _checked(table, c)]
        read = list(dict.fromkeys([*present, *checked]))
        part, file_no = _parsed(header, bodies, names, read, alone)
        _refuse_what_the_checker_refuses(table, part, file_no, [p for p, _ in bodies], exact)
        for c in wanted:
            if c not in names:
                part[c] = table.column(c).format(table.column(c).default)
        parts.append(part[wanted])
    if not parts:
        return pd.DataFrame({c: pd.Series([], dtype=str) for c in wanted})
    out = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return out.astype(str)


def _names(header: bytes, path: Path) -> list[str]:
    try:
        return next(csv.reader([header.decode("utf-8")]))  # a spreadsheet may quote every name
    except Exception:
        raise _unsound(path) from None


def _parsed(
    header: bytes, bodies: list[tuple[Path, bytes]], names: list[str], present: list[str], alone: bytes | None
) -> tuple[pd.DataFrame, np.ndarray]:
    """The rows of files that share a header, parsed in one call, and the file each row is of (its
    place in ``bodies``); a file that ends inside a quoted cell (which would swallow the next
    file's rows) is refused, naming it."""
    import numpy as np

    line_end = "\r" if alone == b"\r" else None
    if alone or len(bodies) == 1:
        try:
            part = read_csv(header + (alone or b"\r\n") + bodies[0][1], present, line_end)
        except Exception:  # pandas' message names no file: point at the checker instead
            raise _unsound(bodies[0][0]) from None
        return part, np.zeros(len(part), dtype=np.int64)
    between = (FILE_ENDS + "," * (len(names) - 1) + "\r\n").encode()  # a whole row: pandas' fast path
    joined = header + b"\r\n" + between.join(body for _, body in bodies)
    first = names[0]
    try:
        together: pd.DataFrame | None = read_csv(
            joined, [*present, first] if first not in present else present
        )
    except Exception:
        together = None
    if together is not None:
        ends = together[first] == FILE_ENDS
        if int(ends.sum()) == len(bodies) - 1:
            file_no = ends.cumsum().to_numpy()[~ends.to_numpy()]
            return together[~ends].reset_index(drop=True)[present], file_no
    # Some file ends inside a quoted cell (or a cell reads as the marker): each file alone, then.
    parts = []
    for path, body in bodies:
        try:
            parts.append(read_csv(header + b"\r\n" + body, present))
        except Exception:
            raise _unsound(path) from None
    import pandas as pd

    file_no = np.concatenate([np.full(len(p), n, dtype=np.int64) for n, p in enumerate(parts)])
    return pd.concat(parts, ignore_index=True), file_no


def _checked(table: Table, col: Column) -> bool:
    """A column whose cells a bulk read checks: every one but free text, and the key."""
    return col.kind is not Kind.TEXT or col.nonempty or col.name in table.key


def _refuse_what_the_checker_refuses(
    table: Table,
    part: pd.DataFrame,
    file_no: np.ndarray,
    paths: list[Path],
    exact: Callable[[Path], object] | None,
) -> None:
    """Refuse the first row of these files the checker would refuse for a cell, a person or a key."""
    import numpy as np

    bad = np.zeros(len(part), dtype=bool)
    said: dict[int, tuple[str, str, str]] = {}
    for col in table.columns:
        if col.name not in part.columns or not _checked(table, col):
            continue
        cells = part[col.name]
        wrong = _cells_refused(col, cells)
        if wrong.any():
            first = int(np.argmax(wrong))
            said.setdefault(first, (col.name, cells.iloc[first], f"it is not a valid {col.kind}"))
            bad |= wrong
    if table.per_person and "person_id" in part.columns:
        folder = np.array([p.parent.name for p in paths], dtype=object)[file_no]
        elsewhere = (part["person_id"].to_numpy(dtype=object) != folder) & ~bad
        if elsewhere.any():
            first = int(np.argmax(elsewhere))
            person = part["person_id"].iloc[first]
            said.setdefault(first, ("person_id", person, "it is not this folder's person"))
            bad |= elsewhere
    twice = part.assign(_file=file_no).duplicated(["_file", *table.key]).to_numpy() & ~bad
    if twice.any():
        first = int(np.argmax(twice))
        said.setdefault(first, (table.key[-1], part[table.key[-1]].iloc[first], "its key is used twice"))
        bad |= twice
    if not said:
        return
    first = min(said)
    path = paths[int(file_no[first])]
    if exact is not None:
        exact(path)  # the checker's own words, with the row and the fix
    column, value, problem = said[first]
    row = 2 + int((file_no[:first] == file_no[first]).sum())  # the header is row 1, as the checker counts
    raise StoreFormatError(
        path, problem, "Run `careernb check` to see how to fix it.", row=row, column=column, value=value
    )


def _cells_refused(col: Column, cells: pd.Series) -> np.ndarray:
    """Which cells ``col.parse`` refuses, each distinct cell parsed once."""
    import numpy as np

    refused = set()
    for cell in cells.unique():
        try:
            col.parse(cell)
        except CellError:
            refused.add(cell)
    return cells.isin(refused).to_numpy() if refused else np.zeros(len(cells), dtype=bool)


def stored_cell(col: Column, value: object) -> str:
    """A value's cell as the store keeps it: a private text read from a sealed cell (opened or
    locked) is that sealed cell, never its text."""
    return value.cell if isinstance(value, Kept) else col.format(value)


def records_frame(
    record_type: type, records: Iterable[object], columns: Sequence[str] | None = None
) -> pd.DataFrame:
    """Records already in memory as the frame :func:`read_table` would give for their file:
    the cells as stored, so sealed private text stays sealed."""
    import pandas as pd

    table = table_of(record_type)
    rows = [[stored_cell(c, getattr(r, c.name)) for c in table.columns] for r in records]
    frame = pd.DataFrame(rows, columns=table.header, dtype=str)
    return frame[list(columns) if columns is not None else table.header]


def opened_frame(store: Store, record_type: type[Any]) -> pd.DataFrame:
    """Everyone's rows of a table as ``Store.frame()`` gives them, with the private text opened:
    for the manager's own analysis, in their unlocked session. Cells still locked are missing
    (``NA``); with no sealed cell (a data home without a key) it is ``frame()`` itself.
    """
    import pandas as pd

    table = table_of(record_type)
    frame = store.frame(record_type)
    sealed = [c for c in sealed_columns(table) if frame[c.name].map(is_sealed).any()]
    if not sealed:
        return frame
    if table.per_person:
        rows = [r for group in store.load_team(record_type, store.person_ids()).values() for r in group]
    else:
        rows = store.load(record_type)
    if len(rows) != len(frame):
        raise StoreFormatError(
            Path(str(store.location)), f"{table.name} changed while it was read", "Read it again."
        )
    for col in sealed:
        values = [getattr(r, col.name) for r in rows]
        frame[col.name] = pd.Series(
            [pd.NA if is_locked(v) else col.format(v) for v in values], dtype="string"
        ).astype(object)
    return frame
