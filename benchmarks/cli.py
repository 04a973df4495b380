"""How fast the command line answers: every `careernb ... --help` against a bare interpreter.

    python benchmarks/cli.py [--repeats 5] [--home DIR]

Each command runs ``--repeats`` times, interleaved with ``python -c pass`` so a
busy moment of the shared machine hits both; the medians and their ratio are
printed. Also `careernb contract PERSON` on the demo team, rendered in the
calling process. Targets: every --help under 4x `python -c pass`; the contract
under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
HELP_LIMIT = 4.0
CONTRACT_LIMIT_S = 1.0


def _time(argv: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - t0


def _commands() -> list[str]:
    from careernb.cli import COMMANDS

    return [c.name for c in COMMANDS]


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--repeats", type=int, default=5)
    args.add_argument("--home", type=Path, help="a data home with the demo team (default: a new one)")
    opts = args.parse_args()
    careernb = str(BIN / "careernb")
    runs = {"careernb --help": [careernb, "--help"]}
    runs |= {f"careernb {c} --help": [careernb, c, "--help"] for c in _commands()}
    bare: list[float] = []
    times: dict[str, list[float]] = {k: [] for k in runs}
    for _ in range(opts.repeats):
        for name, argv in runs.items():
            bare.append(_time([sys.executable, "-c", "pass"]))
            times[name].append(_time(argv))
    base = statistics.median(bare)
    print(f"{'python -c pass':<34}  {base * 1000:6.0f} ms  (median of {len(bare)})")
    worst = 0.0
    for name, values in times.items():
        ratio = statistics.median(values) / base
        worst = max(worst, ratio)
        print(f"{name:<34}  {statistics.median(values) * 1000:6.0f} ms  {ratio:4.1f}x")

    home = opts.home or Path(tempfile.mkdtemp(prefix="careernb-cli-")) / "home"
    if not (home / "people.csv").exists():
        subprocess.run([careernb, "demo", "--home", str(home)], check=True, capture_output=True)
    out = Path(tempfile.mkdtemp(prefix="careernb-cli-out-"))
    person = _person_with_contract(home)
    contract = statistics.median(
        _time([careernb, "contract", person, "--home", str(home), "--out", str(out / "contract.html")])
        for _ in range(opts.repeats)
    )
    print(f"{'careernb contract ' + person:<34}  {contract * 1000:6.0f} ms  [target < 1 s]")
    ok = worst < HELP_LIMIT and contract < CONTRACT_LIMIT_S
    print(f"slowest --help: {worst:.1f}x python -c pass  [target < {HELP_LIMIT:.0f}x]")
    print("all targets met" if ok else "TARGET MISSED")


def _person_with_contract(home: Path) -> str:
    from careernb.domain.contract import Contract, latest_agreed
    from careernb.home import open_store

    store = open_store(home, create=False)
    for pid in store.person_ids():
        if latest_agreed(store.load(Contract, pid)):
            return pid
    sys.exit("the demo team has no agreed contract to render")


if __name__ == "__main__":
    main()
