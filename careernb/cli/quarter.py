"""The quarter: every contract and the team-wide view rendered in one batch."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from careernb.cli.arguments import Command, add_home
from careernb.errors import CareernbError

if TYPE_CHECKING:
    from careernb.quarter import QuarterResult


def _quarterly_args(p: argparse.ArgumentParser) -> None:
    add_home(p)
    p.add_argument("--quarter", help="e.g. 2026Q4 (default: the current quarter)")
    p.add_argument("--manager", metavar="ID", help="one manager's team (default: every manager's)")
    p.add_argument("--out", metavar="DIR", help="where <quarter>/ goes (default: the data home's reports/)")
    p.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="worker processes")


def cmd_quarterly(args: argparse.Namespace) -> int:
    """The quarter, rendered in this process (``reports/quarterly.ipynb`` runs the same
    function for schedulers): no kernel to start, nothing on stderr but the progress bar."""
    from tqdm import tqdm

    from careernb.domain.cadence import quarter_bounds, quarter_of
    from careernb.home import is_database, open_store, resolve_store
    from careernb.quarter import run_quarter

    url = resolve_store(args.store, args.home)
    if url and is_database(url):
        return _organisation_quarter(url, args)
    store = open_store(args.home, create=False, store=args.store)
    quarter = args.quarter or quarter_of(dt.date.today())
    quarter_bounds(quarter)  # a QuarterError says how to write one
    bar: list[tqdm] = []

    def show_progress(done: int, total: int) -> None:
        if not bar:
            bar.append(tqdm(total=total, desc=f"{quarter} contracts", unit="person"))
        bar[0].update(done - bar[0].n)

    try:
        result = run_quarter(
            store, quarter, manager_id=args.manager, out=args.out, jobs=args.jobs, progress=show_progress
        )
    finally:
        if bar:
            bar[0].close()
    views = len(result.team_views)
    plural = "" if views == 1 else "s"
    print(f"{len(result.contracts)} contracts and {views} team view{plural}: {result.index}")
    return _failed(result)


def _organisation_quarter(url: str, args: argparse.Namespace) -> int:
    """Every manager's quarter and the organisation view, as the batch role."""
    from careernb.quarter.organisation import run

    if not args.out:
        raise CareernbError("the organisation's quarter needs --out DIR: a database has no reports folder")
    done = run(url, Path(args.out), args.quarter, jobs=args.jobs)
    views = len(done.team_views)
    print(f"{len(done.contracts)} contracts and {views} team views; the organisation view: {done.view}")
    return _failed(done)


def _failed(result: QuarterResult) -> int:
    """Each document that was not rendered, on stderr; 1 if there was one."""
    for failure in result.failures:
        print(f"  failed: {failure.name} ({failure.person_id}): {failure.note}", file=sys.stderr)
    return 0 if result.ok else 1


COMMANDS = [
    Command(
        "quarterly",
        "render every contract and the team-wide view for a quarter",
        _quarterly_args,
        cmd_quarterly,
    ),
]
