"""How the CSV store scales: 5,000 people with three years of quarterly history.

    python benchmarks/store.py [--people 5000] [--years 3] [--home DIR]

Prints the time to open one manager's team of 12, to save one answer, to load
everything (record by record through load(), and in bulk through
Store.frame(), whose every cell is checked against load()'s), the peak memory
of each, and the naive baseline (rewriting one all-people answers CSV on every
save) measured in the same run.
Targets on a 2-core machine: team of 12 under 0.3 s, one save under 30 ms and
at least 100x faster than the baseline, opening a team under 300 MB,
Store.frame() at least 5x faster than load() over everything.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from tqdm import tqdm

from careernb import open_store
from careernb.demo import build_large_store
from careernb.domain.conversations import Answer, Conversation
from careernb.domain.people import Person, team_of
from careernb.store import table_of

# Each measurement runs in a fresh process, so caches and imports do not flatter it.
OPEN_TEAM = """
import json, resource, sys, time
t0 = time.perf_counter()
from careernb import TABLES, open_store
from careernb.domain.people import Person, team_of
from careernb.store import table_of
imported = time.perf_counter()
store = open_store(sys.argv[1], create=False)
team = team_of(store.load(Person), "m0001")
rows = sum(len(store.load(t, p.person_id)) for p in team for t in TABLES if table_of(t).per_person)
done = time.perf_counter()
print(json.dumps({"seconds": done - imported, "import": imported - t0, "people": len(team),
                  "rows": rows, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

LOAD_ALL = """
import json, resource, sys, time
from careernb import TABLES, open_store
from careernb.store import table_of
store = open_store(sys.argv[1], create=False)
t0 = time.perf_counter()
rows = 0
for pid in store.person_ids():
    for t in TABLES:
        if table_of(t).per_person:
            rows += len(store.load(t, pid))
print(json.dumps({"seconds": time.perf_counter() - t0, "rows": rows,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


FRAME_ALL = """
import json, resource, sys, time
from careernb import TABLES, open_store
from careernb.store import table_of
import pandas  # imported before timing, as load() has its modules imported too
store = open_store(sys.argv[1], create=False)
t0 = time.perf_counter()
rows = sum(len(store.frame(t)) for t in TABLES if table_of(t).per_person)
print(json.dumps({"seconds": time.perf_counter() - t0, "rows": rows,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _same_cells(home: Path) -> tuple[bool, int]:
    """Every cell Store.frame() gives is the cell load() gives, written back as text."""
    from careernb import TABLES

    store = open_store(home, create=False)
    ids = store.person_ids()
    cells = 0
    for t in TABLES:
        table = table_of(t)
        if not table.per_person:
            continue
        expected = [table.to_row(r) for p in ids for r in store.load(t, p)]
        got = store.frame(t).to_numpy().tolist()
        if got != expected:
            return False, cells
        cells += len(expected) * len(table.header)
    return True, cells


def _run(script: str, home: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), str(home)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def _build(home: Path, people: int, years: int) -> None:
    if (home / "people.csv").exists():
        print(f"Reusing the store in {home}")
        return
    with tqdm(total=people, desc="building the store", unit="person") as bar:
        build_large_store(home, people, years, progress=lambda n: bar.update(n - bar.n))


def _save_one_answer(home: Path, repeats: int) -> list[float]:
    store = open_store(home)
    team = team_of(store.load(Person), "m0002")
    times = []
    for i in range(repeats):
        person = team[i % len(team)].person_id
        conversation = store.load(Conversation, person)[-1].conversation_id
        t0 = time.perf_counter()
        store.save(Answer(person, conversation, f"bench.{i}", f"typed answer {i}, with a comma"))
        times.append(time.perf_counter() - t0)
    return times


def _naive_baseline(home: Path, repeats: int) -> tuple[float, int]:
    """One answers.csv for everyone, rewritten with pandas on every save."""

    store = open_store(home, create=False)
    frame = store.frame(Answer)  # the cells as text, as a naive store would hold them
    path = Path(tempfile.mkdtemp(prefix="careernb-naive-")) / "answers.csv"
    times = []
    for i in range(repeats):
        frame.iat[i, 3] = f"typed answer {i}"
        t0 = time.perf_counter()
        frame.to_csv(path, index=False)
        times.append(time.perf_counter() - t0)
    path.unlink()
    return statistics.median(times), len(frame)


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--people", type=int, default=5000)
    args.add_argument("--years", type=int, default=3)
    args.add_argument("--home", type=Path, help="build (or reuse) the store here")
    args.add_argument("--saves", type=int, default=60)
    args.add_argument("--naive-repeats", type=int, default=3)
    opts = args.parse_args()
    home = opts.home or Path(tempfile.mkdtemp(prefix="careernb-bench-")) / "home"

    t0 = time.perf_counter()
    _build(home, opts.people, opts.years)
    built = time.perf_counter() - t0
    store = open_store(home, create=False)
    conversations = sum(
        1 for p in store.person_ids() for c in store.load(Conversation, p) if c.kind.is_career
    )

    team = min((_run(OPEN_TEAM, home) for _ in range(5)), key=lambda r: r["seconds"])
    everything = _run(LOAD_ALL, home)
    bulk = _run(FRAME_ALL, home)
    same, cells = _same_cells(home)
    bulk_ratio = everything["seconds"] / bulk["seconds"]
    saves = _save_one_answer(home, opts.saves)
    save_median = statistics.median(saves)
    naive, naive_rows = _naive_baseline(home, opts.naive_repeats)

    ratio = naive / save_median
    rows = [
        ("store", f"{opts.people} people, {conversations} career conversations, {naive_rows} answers"),
        ("build (not a target)", f"{built:.1f} s"),
        (
            "open a team of 12 (best of 5)",
            f"{team['seconds']:.3f} s  [target < 0.3 s]  ({team['rows']} rows)",
        ),
        ("  careernb import, once per kernel", f"{team['import']:.2f} s"),
        ("  peak memory opening a team", f"{team['peak_mb']:.0f} MB  [target < 300 MB]"),
        (
            "save one answer (median, p95)",
            f"{save_median * 1000:.1f} ms, {sorted(saves)[int(0.95 * len(saves))] * 1000:.1f} ms  "
            "[target < 30 ms]",
        ),
        ("load everything", f"{everything['seconds']:.1f} s ({everything['rows']} rows)"),
        ("  peak memory loading everything", f"{everything['peak_mb']:.0f} MB"),
        ("load everything through Store.frame()", f"{bulk['seconds']:.1f} s ({bulk['rows']} rows)"),
        ("  Store.frame() vs load()", f"{bulk_ratio:.1f}x faster  [target >= 5x]"),
        ("  every cell identical", f"{'yes' if same else 'NO'} ({cells:,} cells compared)"),
        ("  peak memory, Store.frame()", f"{bulk['peak_mb']:.0f} MB"),
        (
            "naive: rewrite one all-people answers CSV",
            f"{naive:.2f} s per save (median of {opts.naive_repeats})",
        ),
        ("careernb save vs naive", f"{ratio:,.0f}x faster  [target >= 100x]"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    ok = (
        team["seconds"] < 0.3
        and save_median < 0.03
        and ratio >= 100
        and team["peak_mb"] < 300
        and bulk_ratio >= 5
        and same
    )
    print("all targets met" if ok else "TARGET MISSED")
    print(f"(store kept in {home})")


if __name__ == "__main__":
    main()
