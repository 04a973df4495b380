"""What sealing private notes costs: unlocking, one cell, and opening the demo team.

    python benchmarks/keys.py [--repeats 7] [--cells 10000]

Prints the time to make a key record, to unlock it with the passphrase (Argon2id at the stored
m=64 MiB, t=3, p=4), to change the passphrase; the time to seal and to open one ~200-byte cell;
and the time to open the demo team's sealed private cells beside the time today's store takes to
load that team: every per-person table of every person (the worst case: every answer), and the
tables the team dashboard reads; with the whole read from a sealed copy, opened, beside it.
Targets on a 2-core machine: unlock under 0.5 s; opening a team within 10 % of today's time.
Unlocking is timed on the clock (Argon2id runs four lanes in threads); the cell and team
figures in CPU time of this process, which a busy machine disturbs less than the clock. The load
average is printed beside them: on a machine shared with other work every figure is an upper bound.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from careernb import TABLES, open_store
from careernb.demo import seed_demo
from careernb.domain.aspirations import Aspiration
from careernb.domain.contract import Commitment, Contract
from careernb.domain.conversations import Answer, Conversation
from careernb.domain.signals import Signal
from careernb.store import keys, table_of
from careernb.store.sealing import open_record, seal_record, sealed_columns

PASSPHRASE = "correct horse battery staple"
TODAY = dt.date(2026, 11, 26)
NOTE = (
    "Said she wants to lead the platform team within two years; ünsure whether the move to Zürich "
    "fits with her partner's job. Underneath: afraid of being seen as ambitious. 🙂 Follow up in May."
)

EVERY_TABLE = tuple(t for t in TABLES if table_of(t).per_person)
DASHBOARD = (Conversation, Contract, Commitment, Signal, Aspiration)
"""What the team dashboard reads (careernb.follow_through.dashboard.team_rows)."""


def _times(
    run: Callable[[], object], repeats: int, clock: Callable[[], float] = time.perf_counter
) -> list[float]:
    out = []
    for _ in range(repeats):
        t0 = clock()
        run()
        out.append(clock() - t0)
    return out


def _cpu(run: Callable[[], object], repeats: int) -> list[float]:
    return _times(run, repeats, time.process_time)


def _key_figures(repeats: int) -> tuple[list[float], list[float], list[float], list[float]]:
    made = _times(lambda: keys.create("m0001", PASSPHRASE), max(3, repeats // 2))
    record, _ = keys.create("m0001", PASSPHRASE)
    unlocked = _times(lambda: keys.unlock(record, PASSPHRASE), repeats)
    unlocked_cpu = _cpu(lambda: keys.unlock(record, PASSPHRASE), 3)
    changed = _times(
        lambda: keys.change_passphrase(record, PASSPHRASE, PASSPHRASE[::-1]), max(3, repeats // 2)
    )
    return made, unlocked, changed, unlocked_cpu


def _per_cell(keyring, cells: int) -> tuple[float, float, int]:
    table = table_of(Answer)
    answers = [Answer("007", "c1", f"q.{i}", answer=NOTE, underneath=NOTE[::-1]) for i in range(cells // 2)]
    stored = [seal_record(table, a, keyring) for a in answers]
    assert [open_record(table, s, keyring) for s in stored] == answers
    sealing = min(_cpu(lambda: [seal_record(table, a, keyring) for a in answers], 3))
    opening = min(_cpu(lambda: [open_record(table, s, keyring) for s in stored], 3))
    return sealing / cells, opening / cells, len(stored[0].answer)


def _seal_home(plain: Path, sealed: Path, keyring) -> int:
    """A copy of the data home with every private free-text cell sealed; the number of cells sealed."""
    shutil.copytree(plain, sealed)
    store = open_store(sealed, create=False)
    count = 0
    for record_type in TABLES:
        table = table_of(record_type)
        if not table.per_person or not sealed_columns(table):
            continue
        for pid in store.person_ids():
            rows = store.load(record_type, pid)
            count += sum(1 for r in rows for c in sealed_columns(table) if getattr(r, c.name))
            store.update(
                record_type,
                pid,
                lambda _old, rows=rows, table=table: [seal_record(table, r, keyring) for r in rows],
            )
    return count


def _load_team(home: Path, tables: tuple[type, ...] = EVERY_TABLE) -> list[tuple[type, list]]:
    store = open_store(home, create=False)  # a fresh store: nothing cached from the last run
    return [(t, store.load(t, pid)) for pid in store.person_ids() for t in tables]


def _open_team(loaded: list[tuple[type, list]], keyring) -> list:
    return [open_record(table_of(t), r, keyring) for t, rows in loaded for r in rows]


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--repeats", type=int, default=7)
    args.add_argument("--cells", type=int, default=10_000)
    opts = args.parse_args()

    made, unlocked, changed, unlocked_cpu = _key_figures(opts.repeats)
    record, _ = keys.create("m0001", PASSPHRASE)
    keyring = keys.unlock(record, PASSPHRASE)
    seal_cell, open_cell, cell_chars = _per_cell(keyring, opts.cells)

    folder = Path(tempfile.mkdtemp(prefix="careernb-keys-"))
    plain, sealed = folder / "plain", folder / "sealed"
    seed_demo(open_store(plain), TODAY)
    cells = _seal_home(plain, sealed, keyring)
    people = len(open_store(plain, create=False).person_ids())
    plain_load = _cpu(lambda: _load_team(plain), opts.repeats)
    sealed_loaded = _load_team(sealed)
    opening = _cpu(lambda: _open_team(sealed_loaded, keyring), opts.repeats)
    end_to_end = _cpu(lambda: _open_team(_load_team(sealed), keyring), opts.repeats)
    wall_load = min(_times(lambda: _load_team(plain), opts.repeats))
    board_loaded = _load_team(sealed, DASHBOARD)
    board_load = min(_cpu(lambda: _load_team(plain, DASHBOARD), opts.repeats))
    board_open = min(_cpu(lambda: _open_team(board_loaded, keyring), opts.repeats))
    board_cells = sum(
        1 for t, rows in board_loaded for r in rows for c in sealed_columns(table_of(t)) if getattr(r, c.name)
    )
    assert _open_team(sealed_loaded, keyring) == [r for _, rows in _load_team(plain) for r in rows]
    shutil.rmtree(folder)

    best_load, best_open, best_both = min(plain_load), min(opening), min(end_to_end)
    rows = [
        (
            "key record",
            f"Argon2id m={record.kdf.memory_kib // 1024} MiB, t={record.kdf.iterations}, "
            f"p={record.kdf.lanes}",
        ),
        ("make a key record (median)", f"{statistics.median(made):.3f} s"),
        (
            f"unlock with the passphrase (median of {opts.repeats}, best)",
            f"{statistics.median(unlocked):.3f} s, {min(unlocked):.3f} s  [target < 0.5 s]",
        ),
        (
            "  its CPU time (best)",
            f"{min(unlocked_cpu):.3f} s: on an idle machine the clock shows no more than this",
        ),
        ("change the passphrase (median; no cell rewritten)", f"{statistics.median(changed):.3f} s"),
        (
            f"seal one cell of {len(NOTE.encode())} bytes (CPU, in a whole record)",
            f"{seal_cell * 1e6:.1f} µs  ({cell_chars} characters stored)",
        ),
        ("open one cell (CPU, in a whole record)", f"{open_cell * 1e6:.1f} µs"),
        ("demo team", f"{people} people, {sum(len(r) for _, r in sealed_loaded)} rows, {cells} sealed cells"),
        (
            f"load the team today (CPU, best of {opts.repeats})",
            f"{best_load * 1000:.1f} ms  (on the clock: {wall_load * 1000:.1f} ms)",
        ),
        (
            "open its sealed cells (best)",
            f"{best_open * 1000:.1f} ms  = {best_open / best_load:.1%} of today's load  [target <= 10 %]",
        ),
        (
            "load the sealed team and open it (best)",
            f"{best_both * 1000:.1f} ms  = {best_both / best_load - 1:+.1%} against today",
        ),
    ]
    rows += [
        ("the dashboard's tables: load today (CPU, best)", f"{board_load * 1000:.1f} ms"),
        (
            f"  open their {board_cells} sealed cells (best)",
            f"{board_open * 1000:.2f} ms  = {board_open / board_load:.1%} of today's load  [target <= 10 %]",
        ),
    ]
    rows.append(("load average while measuring", " ".join(f"{x:.1f}" for x in os.getloadavg())))
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
