"""The quarter: every contract and the team-wide view rendered in one batch."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from careernb.cli.arguments import Command, add_home
from careernb.errors import CareernbError


def _quarterly_args(p: argparse.ArgumentParser) -> None:
    add_home(p)
    p.add_argument("--quarter", help="e.g. 2026Q4 (default: the current quarter)")
    p.add_argument("--manager", metavar="ID", help="one manager's team (default: every manager's)")
    p.add_argument("--out", metavar="DIR", help="where <quarter>/ goes (default: the data home's reports/)")
    p.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="worker processes")


def cmd_quarterly(args: argparse.Namespace) -> int:
    """Run reports/quarterly.ipynb with papermill, in one kernel, with a progress bar here."""
    import json
    import tempfile
    import threading

    import papermill
    from tqdm import tqdm

    from careernb.documents.quarterly import read_progress
    from careernb.documents.render import template_path
    from careernb.domain.cadence import quarter_bounds, quarter_of
    from careernb.home import open_store

    store = open_store(args.home, create=False)
    quarter = args.quarter or quarter_of(dt.date.today())
    try:
        quarter_bounds(quarter)
    except ValueError as exc:
        raise CareernbError(str(exc)) from None
    out = Path(args.out) if args.out else store.home / "reports"
    folder = out / quarter
    folder.mkdir(parents=True, exist_ok=True)
    progress_file = Path(tempfile.mkdtemp(prefix="careernb-progress-")) / "progress"
    finished = threading.Event()

    def show_progress() -> None:
        bar = None
        shown = None
        while True:
            stop = finished.wait(0.2)
            seen = read_progress(progress_file)
            if seen and seen != shown:
                if bar is None:  # once the batch knows how many people there are
                    bar = tqdm(total=seen[1], desc=f"{quarter} contracts", unit="person")
                bar.update(seen[0] - bar.n)
                shown = seen
            if stop:
                break
        if bar is not None:
            bar.close()

    template = template_path("quarterly.ipynb")
    watcher = threading.Thread(target=show_progress, daemon=True)
    watcher.start()
    try:
        papermill.execute_notebook(
            str(template),
            str(folder / "quarterly.ipynb"),
            parameters={
                "quarter": quarter, "manager": args.manager, "home": str(store.home), "out": str(out),
                "jobs": args.jobs, "progress_file": str(progress_file),
            },
            kernel_name="python3", progress_bar=False, cwd=str(template.parent),
        )  # fmt: skip
    except papermill.PapermillExecutionError as exc:
        raise CareernbError(f"the quarterly batch failed: {exc.ename}: {exc.evalue}") from None
    finally:
        finished.set()
        watcher.join()
    summary = json.loads((folder / "result.json").read_text())
    views = len(summary["team_views"])
    plural = "" if views == 1 else "s"
    print(f"{summary['contracts']} contracts and {views} team view{plural}: {summary['index']}")
    for failure in summary["failures"]:
        print(f"  failed: {failure['name']} ({failure['person_id']}): {failure['reason']}", file=sys.stderr)
    return 1 if summary["failures"] else 0


COMMANDS = [
    Command(
        "quarterly",
        "render every contract and the team-wide view for a quarter",
        _quarterly_args,
        cmd_quarterly,
    ),
]
