"""Every way person data leaves the store, in one registry.

Each export reads through :mod:`careernb.ownership.sharing`. The privacy tests walk
this registry with canaries planted in every private cell, and a test fails
when a ``careernb`` command is added without being registered here or
declared as not exporting anything.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from careernb.store import Store, Table

# An export writes files under ``out`` for one person (or the whole team when
# person_id is None) and returns the paths it wrote: run(store, person_id, out). A per-person
# export takes a str, a team-wide one None, so the registry holds them as Callable[..., ...].
Export = Callable[..., list[Path]]
_E = TypeVar("_E", bound=Export)


@dataclasses.dataclass(frozen=True)
class ExportSpec:
    name: str
    run: Export
    per_person: bool
    """True: run once per person. False: a team-wide export."""
    shared_with: Callable[[Path], str | None] | None = None
    """For a team-wide batch: the person a written file is meant for (None: the manager)."""


EXPORTS: dict[str, ExportSpec] = {}

# Modules that register exports; a test checks that every @register in the package is listed.
EXPORT_MODULES = (
    "careernb.documents.person_copy",
    "careernb.ownership.handover",
    "careernb.documents.team_view",
    "careernb.quarter.data_home",
    "careernb.documents.contract",
    "careernb.documents.calendar",
)


def all_exports() -> dict[str, ExportSpec]:
    """Every registered export, importing the modules that define them."""
    import importlib

    for module in EXPORT_MODULES:
        importlib.import_module(module)
    return EXPORTS


# careernb commands that write no person data out of the store.
NOT_EXPORTS = {
    "demo": "writes demo data into a data home",
    "start": "writes the manager alone into a new data home",
    "check": "only reads",
    "lab": "opens JupyterLab",
    "questions": "the question bank holds no person data",
    "forget": "only deletes",
    "backup": "the manager's own copy of their own data home, 0600",
    "restore": "writes into a data home",
    "import-handover": "writes into a data home",
    "app": "serves the notebooks",
    "key": "makes, changes and reports the manager's key; writes only keys.json in the data home",
    "encrypt": "seals the private notes inside the data home; writes nothing out of it",
    "health": "prints the practice-health findings to the manager's own terminal; writes no file",
    "reply": "takes the person's reply into the data home, and lists what waits on the manager's own "
    "terminal; writes no file",
    "org": "the organisation's administration: export-home gives a manager their own data home back, "
    "written by the CSV store (0700/0600) from what their database role may read, like backup; "
    "report-page serves each signed-in report their own contract and replies, as the database's "
    "functions for careernb_reply return them, and writes no file",
}


def register(
    name: str, *, per_person: bool, shared_with: Callable[[Path], str | None] | None = None
) -> Callable[[_E], _E]:
    def wrap(run: _E) -> _E:
        EXPORTS[name] = ExportSpec(name, run, per_person, shared_with)
        return run

    return wrap


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """Neutralise a cell a spreadsheet would run as a formula (OWASP CSV injection).

    Only for files meant for spreadsheets; the store keeps the raw text.
    """
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def write_spreadsheet_csv(
    path: Path, table: Table, records: Iterable[object], *, columns: Sequence[str]
) -> Path:
    """A CSV for a person to open in a spreadsheet: chosen columns, formulas neutralised."""
    from careernb.store.files import atomic_open

    cols = [table.column(c) for c in columns]
    # BOM: spreadsheets read UTF-8; owner-only and whole, like every export (private_file)
    with atomic_open(path, "w", durable=False, encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(columns)
        for record in records:
            writer.writerow([spreadsheet_safe(c.format(getattr(record, c.name))) for c in cols])
    return path


def private_file(path: Path, text: str | bytes) -> Path:
    """Write an export file readable by its owner alone, atomically: a report being
    re-rendered is never seen half written, and a looser file it replaces becomes 0600."""
    from careernb.store.files import atomic_open

    with atomic_open(path, durable=False) as f:  # rendered again at will: no fsync
        f.write(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def reports_folder(store: Store) -> Path:
    """Where documents are written unless told otherwise: the data home's ``reports/``; an
    organisation's database has no folder, so ``careernb-reports`` in the user's own home."""
    return store.home / "reports" if store.home is not None else Path.home() / "careernb-reports"
