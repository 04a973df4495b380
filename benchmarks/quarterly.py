"""The quarterly batch at 1,000 people, against the naive papermill-per-person baseline.

    python benchmarks/quarterly.py [--people 1000] [--sample 10] [--jobs 2]

Prints, from one run: the whole `careernb quarterly` command; where a
quarter's time goes (the same batch in this process, one job, timed by
phase: loading data, drawing charts, rendering documents); the naive way
(the papermill command, then nbconvert, once per person, on a sample); the
ratio per contract and the peak memory. Targets on a 2-core machine: at
least 300x faster per contract than the baseline, charts under a quarter of
the batch's time, peak memory under 1 GB.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tqdm import tqdm

from careernb.demo import build_large_store

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _build(home: Path, people: int) -> None:
    if (home / "people.csv").exists():
        print(f"Reusing the store in {home}")
        return
    with tqdm(total=people, desc="building the store", unit="person") as bar:
        build_large_store(home, people, 3, progress=lambda n: bar.update(n - bar.n))


def _peak_children_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


PHASES = {
    "loading": [("careernb.store.files", "parse_file"), ("careernb.store.bulk", "read_table")],
    "charts": [("careernb.documents.charts", n) for n in ("directions", "conversations_held", "kept_on_time")],  # noqa: E501
    "rendering": [("careernb.documents.templating", "render"), ("careernb.documents.contract", "render"),
                  ("careernb.quarter.teams", "render_document")],
}  # fmt: skip


@contextlib.contextmanager
def _phases(spent: dict[str, float]):
    """Time spent inside each phase's functions, by wrapping them where they are looked up."""
    import importlib

    saved = []
    for phase, targets in PHASES.items():
        spent[phase] = 0.0
        for module_name, name in targets:
            module = importlib.import_module(module_name)
            original = getattr(module, name)

            def timed(*a, _f=original, _p=phase, **kw):
                t = time.perf_counter()
                try:
                    return _f(*a, **kw)
                finally:
                    spent[_p] += time.perf_counter() - t

            saved.append((module, name, original))
            setattr(module, name, timed)
    try:
        yield spent
    finally:
        for module, name, original in saved:
            setattr(module, name, original)


def _phase_run(home: Path) -> tuple[float, dict[str, float]]:
    """The batch in this process with one job, timed by phase."""
    from careernb.quarter import run_quarter

    out = Path(tempfile.mkdtemp(prefix="careernb-quarter-phases-"))
    spent: dict[str, float] = {}
    with _phases(spent):
        t0 = time.perf_counter()
        run_quarter(home, out=out, jobs=1, today=dt.date.today())
        total = time.perf_counter() - t0
    shutil.rmtree(out, ignore_errors=True)
    return total, spent


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--people", type=int, default=1000)
    args.add_argument("--sample", type=int, default=10, help="people for the naive baseline")
    args.add_argument("--jobs", type=int, default=2)
    args.add_argument("--home", type=Path, help="build (or reuse) the store here")
    opts = args.parse_args()
    home = opts.home or Path(tempfile.mkdtemp(prefix="careernb-quarter-")) / "home"
    _build(home, opts.people)
    out = Path(tempfile.mkdtemp(prefix="careernb-quarter-out-"))

    t0 = time.perf_counter()
    run = subprocess.run(
        [str(BIN / "careernb"), "quarterly", "--home", str(home), "--out", str(out),
         "--jobs", str(opts.jobs)],
        capture_output=True, text=True,
    )  # fmt: skip
    batch = time.perf_counter() - t0
    if run.returncode != 0:
        sys.exit(f"careernb quarterly failed:\n{run.stderr[-2000:]}")
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    summary = json.loads((folder / "result.json").read_text())
    contracts = summary["contracts"]
    batch_peak = _peak_children_mb()

    in_process, spent = _phase_run(home)

    people = sorted(p.stem for p in (folder / "contracts").glob("*.html"))[: opts.sample]
    naive_dir = Path(tempfile.mkdtemp(prefix="careernb-naive-"))
    times = []
    for person in tqdm(people, desc="naive baseline", unit="person"):
        t = time.perf_counter()
        executed = naive_dir / f"{person}.ipynb"
        subprocess.run(
            [str(BIN / "papermill"), str(REPO / "reports" / "contract.ipynb"), str(executed),
             "-r", "person_id", person, "-p", "home", str(home), "--no-progress-bar"],
            check=True, capture_output=True,
        )  # fmt: skip
        subprocess.run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
            check=True, capture_output=True,
        )  # fmt: skip
        times.append(time.perf_counter() - t)
    naive = statistics.median(times)
    per_contract = batch / max(contracts, 1)
    ratio = naive / per_contract

    charts_share = spent["charts"] / in_process
    rows = [
        ("store", f"{opts.people} reports with three years of quarterly history"),
        (
            f"careernb quarterly --jobs {opts.jobs} (whole command)",
            f"{batch:.1f} s for {contracts} contracts + {len(summary['team_views'])} team views",
        ),
        ("  per contract", f"{per_contract * 1000:.1f} ms"),
        ("  peak memory of a process", f"{batch_peak:.0f} MB  [target < 1 GB]"),
        ("the same batch in this process, 1 job", f"{in_process:.1f} s, of which:"),
        ("  loading data", f"{spent['loading']:.1f} s ({100 * spent['loading'] / in_process:.0f}%)"),
        ("  charts", f"{spent['charts']:.2f} s ({100 * charts_share:.1f}%)  [target < 25%]"),
        (
            "  rendering documents",
            f"{spent['rendering']:.1f} s ({100 * spent['rendering'] / in_process:.0f}%)",
        ),
        ("naive: papermill + nbconvert commands", f"{naive:.2f} s per contract (median of {len(times)})"),
        ("careernb vs naive, per contract", f"{ratio:.0f}x faster  [target >= 300x]"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    ok = ratio >= 300 and charts_share < 0.25 and batch_peak < 1024
    print("all targets met" if ok else "TARGET MISSED")
    shutil.rmtree(naive_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
