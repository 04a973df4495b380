"""Reading and writing one table file: exact cells, validation, atomic replace."""

from __future__ import annotations

import contextlib
import csv
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from careernb.errors import (
    BadValueError,
    DuplicateKeyError,
    MalformedCsvError,
    MissingColumnError,
    UnknownColumnError,
    UnknownReferenceError,
)
from careernb.store.schema import CellError, Column, Kind, Table, case_clash

# Answers of any length must load; the csv module's default cap is 128 KiB.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def read_rows(path: Path, table: Table) -> Iterator[tuple[int, int, dict[str, str]]]:
    """Yield (row, line, cells) for each data row, after checking the header.

    Rows count as in a spreadsheet (header = row 1); lines as in an editor.
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f, strict=True)
            try:
                header = next(reader, [])  # a file of one line break has no header either
            except csv.Error as exc:
                raise _malformed(path, 1, 1, exc) from None
            if not header:
                raise MissingColumnError(
                    path,
                    "the file is empty, it has no header row",
                    "Write the header row: " + ",".join(table.header) + ".",
                    row=1,
                )
            columns = check_header(path, table, header)
            row = 1
            while True:
                line = reader.line_num + 1
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    raise _malformed(path, row + 1, line, exc) from None
                if not cells:  # a blank line someone left in by hand
                    continue
                row += 1
                if cells == header:
                    raise MalformedCsvError(path, "this row repeats the header row", "Remove it.", row=row)
                if len(cells) != len(columns):
                    if _ends_in_lone_cr(path, line - 1):
                        raise MalformedCsvError(
                            path,
                            f"line {line - 1} has a lone carriage return (CR) in it, which splits it in "
                            f"two: the {len(cells)} cells after it read as a row of their own",
                            "Remove the stray carriage return (an editor that shows line endings shows "
                            "it) or save the file again with one kind of line ending.",
                            row=row,
                            line=line,
                        )
                    raise MalformedCsvError(
                        path,
                        f"this row has {len(cells)} cells but the header has {len(columns)}",
                        "Put text that contains commas, quotes or line breaks inside double "
                        'quotes, and write a quote inside such text as two quotes ("").',
                        row=row,
                        line=line,
                    )
                yield row, line, dict(zip(columns, cells, strict=True))
    except UNREADABLE as exc:
        raise unreadable(path, exc) from None
    except UnicodeDecodeError as exc:
        with open(path, "rb") as raw:
            line = raw.read(exc.start).count(b"\n") + 1
        raise MalformedCsvError(
            path,
            f"byte {exc.start} is not UTF-8 text",
            "Save the file as UTF-8 (CSV UTF-8 in a spreadsheet).",
            line=line,
        ) from None


UNREADABLE = (IsADirectoryError, NotADirectoryError, PermissionError)  # a file there, but not to read


def unreadable(path: Path, exc: OSError) -> MalformedCsvError:
    """The message for a file that is there but cannot be read (``UNREADABLE``)."""
    if isinstance(exc, PermissionError):
        problem = "careernb may not read it (permission denied)"
        fix = f"Make it yours and readable by you (chown, then chmod 600 {path}), and its folders too."
    elif isinstance(exc, IsADirectoryError):
        problem = "it is a folder, not a file"
        fix = "Put the file back in its place (from your backup), or remove the folder if you had no rows."
    else:
        problem, fix = "a folder on its way is a file", "Put the folder back in its place (from your backup)."
    return MalformedCsvError(path, problem, fix)


def _ends_in_lone_cr(path: Path, line: int) -> bool:
    """Whether editor line ``line`` (1-based, split on CR LF or LF) holds a CR not before an LF."""
    if line < 1:
        return False
    with open(path, "rb") as f:
        for n, raw in enumerate(f, start=1):  # binary lines split on LF alone
            if n == line:
                return b"\r" in raw.rstrip(b"\r\n") or raw.endswith(b"\r")
    return False


def _malformed(path: Path, row: int, line: int, exc: csv.Error) -> MalformedCsvError:
    return MalformedCsvError(
        path,
        f"the CSV quoting is broken ({exc})",
        'Close every opened double quote, and write a quote inside quoted text as "".',
        row=row,
        line=line,
    )


def check_header(path: Path, table: Table, header: list[str]) -> list[str]:
    known = set(table.header)
    seen: set[str] = set()
    for name in header:
        if name not in known:
            raise UnknownColumnError(
                path,
                f"the header has a column {name!r} that {table.filename} does not have",
                "Remove or rename it; the columns are: " + ", ".join(table.header) + ".",
                row=1,
                column=name,
            )
        if name in seen:
            raise UnknownColumnError(
                path,
                f"the header names column {name!r} twice",
                "Keep one of them.",
                row=1,
                column=name,
            )
        seen.add(name)
    for col in table.columns:
        if col.required and col.name not in seen:
            raise MissingColumnError(
                path,
                f"the required column {col.name!r} is missing from the header",
                f"Add a column {col.name!r} ({col.describe_type()}).",
                row=1,
                column=col.name,
            )
    return header


def parse_file(
    path: Path,
    table: Table,
    *,
    person_id: str | None,
    people: set[str] | None,
    references: dict[str, set[object]],
    keep: Callable[[dict[str, str]], bool] | None = None,
    opener: Callable[[list[tuple[dict[str, Any], int, int]]], None] | None = None,
) -> list[Any]:
    """Parse and validate a whole table file into records (only the rows ``keep`` accepts).

    ``people`` is the set of known person ids (None while reading people.csv
    itself, whose references are checked against its own rows).
    ``references`` maps another table's name to the keys it holds.
    ``opener`` changes the rows' parsed values in place before their records are built, given
    them all at once with their rows and lines (``careernb.store.opening.RowOpener`` opens the
    sealed cells there, a column at a time).
    """
    rows = [r for r in read_rows(path, table) if keep is None or keep(r[2])]
    if people is None:
        people = {cells.get("person_id", "") for _, _, cells in rows}
    records = []
    seen: dict[tuple[Any, ...], int] = {}
    present = rows[0][2].keys() if rows else ()
    defaults = {c.name: c.default for c in table.columns if c.name not in present}
    # Plain text needs no parsing; only ids that point somewhere need a reference check.
    plain = [c.name for c in table.columns if c.name in present and c.kind is Kind.TEXT and not c.nonempty]
    typed = [
        (c, bool(c.references) or c.name == "person_id")
        for c in table.columns
        if c.name in present and c.name not in plain
    ]
    parsed = []
    for row, line, cells in rows:
        values: dict[str, Any] = dict(defaults)
        for name in plain:
            values[name] = cells[name]
        for col, check in typed:
            cell = cells[col.name]
            try:
                value = col.parse(cell)
            except CellError as exc:
                raise BadValueError(
                    path, exc.problem, exc.fix, row=row, line=line, column=col.name, value=cell
                ) from None
            if check:
                check_reference(path, table, col, value, row, line, person_id, people, references)
            values[col.name] = value
        parsed.append((values, row, line))
    if opener is not None:
        opener(parsed)
    for values, row, line in parsed:
        record = table.record(**values)
        key = table.key_of(record)
        if key in seen:
            raise DuplicateKeyError(
                path,
                f"{_show_key(table, key)} is used by row {seen[key]} already",
                "Give this row a new id, or delete one of the two rows.",
                row=row,
                line=line,
                column=table.key[-1],
            )
        seen[key] = row
        records.append(record)
    if table.key == ("person_id",):  # people.csv: each id names a folder
        refuse_case_clash(path, [(r.person_id, row) for r, (row, _, _) in zip(records, rows, strict=True)])
    return records


def refuse_case_clash(path: Path, ids: list[tuple[str, int]]) -> None:
    clash = case_clash(ids)
    if clash is not None:
        value, other, other_row = clash
        row = next(r for v, r in ids if v == value)
        raise DuplicateKeyError(
            path,
            f"{value!r} differs from {other!r} (row {other_row}) only by case; on macOS and Windows "
            "their folders would be one, and two people's notes would mix",
            "Give one of them another id.",
            row=row,
            column="person_id",
        )


def _show_key(table: Table, key: tuple[Any, ...]) -> str:
    return ", ".join(f"{n} {v!r}" for n, v in zip(table.key, key, strict=True))


def check_reference(
    path: Path,
    table: Table,
    col: Column,
    value: Any,
    row: int,
    line: int,
    person_id: str | None,
    people: set[str],
    references: dict[str, set[object]],
) -> None:
    # A database's rows are checked here too, its path naming the table: say "table", not ".csv"
    named: Callable[[str], str] = (
        (lambda t: f"{t}.csv") if path.suffix == ".csv" else (lambda t: f"the {t} table")
    )
    wrong = _wrong_reference(table, col, value, person_id, people, references, named)
    if wrong is not None:
        problem, fix = wrong
        raise UnknownReferenceError(path, problem, fix, row=row, line=line, column=col.name, value=value)


def _wrong_reference(
    table: Table,
    col: Column,
    value: Any,
    person_id: str | None,
    people: set[str],
    references: dict[str, set[object]],
    named: Callable[[str], str],
) -> tuple[str, str] | None:
    """What is wrong with the cell's reference, and the fix; None when it refers to what exists."""
    if value is None:
        return None
    if col.name == "person_id" and table.per_person and person_id is not None and value != person_id:
        return (
            f"this row is about person {value!r} but the file belongs to {person_id!r}",
            f"Move the row to people/{value}/{table.filename}, or correct the person_id.",
        )
    if col.references is None:
        return None
    if col.references == "people":
        if value in people:
            return None
        return (
            f"there is no person with person_id {value!r} in {named('people')}",
            f"Add the person to {named('people')} first, or correct the id.",
        )
    if value in references.get(col.references, set()):
        return None
    return (
        f"{value!r} is not one of this person's rows in {named(col.references)}",
        f"Use an id from {named(col.references)}, or leave the cell empty if allowed.",
    )


@contextlib.contextmanager
def atomic_open(path: Path, mode: str = "wb", *, durable: bool = True, **kwargs: Any) -> Iterator[IO[Any]]:
    """Write ``path`` atomically, readable by its owner alone; durably unless told otherwise.

    A reader sees the old file or the new one, never a mix: the content goes to a
    temporary file in the same folder, which is renamed over the old one. ``durable``
    fsyncs both first: the store's own files need it, a report that can be rendered
    again does not.
    """
    folder = path.parent
    ensure_folder(folder)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, mode, **kwargs) as f:
            yield f
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if durable:
        _fsync_folder(folder)


def write_file(path: Path, table: Table, records: Iterable[Any]) -> None:
    """Replace ``path`` with these records, atomically and durably."""
    with atomic_open(path, "w", encoding="utf-8", newline="") as f:
        # CRLF rows: the csv module then quotes any cell holding a lone \r as well as \n.
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(table.header)
        writer.writerows(table.to_row(r) for r in records)


def stale_temp_files(folder: Path, name: str | None = None) -> list[Path]:
    pattern = f".{name}.*.tmp" if name else ".*.csv.*.tmp"
    return sorted(folder.glob(pattern))


def replaced_by(tmp: Path) -> str:
    """The name of the file a temp file was written to replace (``.{name}.{random}.tmp``)."""
    return tmp.name[1:].removesuffix(".tmp").rsplit(".", 1)[0]


def remove_stale_temp_files(folder: Path, name: str | None = None) -> list[Path]:
    """Remove temp files a killed writer left behind; call under the file's lock."""
    removed = []
    for tmp in stale_temp_files(folder, name):
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
            removed.append(tmp)
    return removed


def ensure_folder(folder: Path) -> None:
    """Create the folder and any missing parents as 0700, whatever the umask."""
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir(mode=FOLDER_MODE, exist_ok=True)
        os.chmod(path, FOLDER_MODE)


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
