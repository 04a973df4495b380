"""The quarterly batch at 1,000 people, against the naive papermill-per-person baseline.

    python benchmarks/quarterly.py [--people 1000] [--sample 20] [--jobs 2]

Prints seconds per contract for `careernb quarterly` (one kernel, every
contract rendered inside it) and for the naive way (the papermill command,
then nbconvert, once per person, on a sample), the ratio, and peak memory.
Targets on a 2-core machine: 1,000 contracts plus the team view in under 60 s,
at least 30x faster per contract than the baseline, peak memory under 1 GB.
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--people", type=int, default=1000)
    args.add_argument("--sample", type=int, default=20, help="people for the naive baseline")
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

    rows = [
        ("store", f"{opts.people} reports with three years of quarterly history"),
        (
            "careernb quarterly (whole command)",
            f"{batch:.1f} s for {contracts} contracts + team views  [target < 60 s]",
        ),
        ("  per contract", f"{per_contract * 1000:.0f} ms"),
        ("  peak memory of a process", f"{batch_peak:.0f} MB  [target < 1 GB]"),
        ("naive: papermill + nbconvert commands", f"{naive:.2f} s per contract (median of {len(times)})"),
        ("careernb vs naive, per contract", f"{ratio:.0f}x faster  [target >= 30x]"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    ok = batch < 60 and ratio >= 30 and batch_peak < 1024
    print("all targets met" if ok else "TARGET MISSED")
    shutil.rmtree(naive_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
