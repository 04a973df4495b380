"""The quarter: every contract and the team-wide view rendered in one batch; on an organisation's
database, a manager's own quarter (which publishes their practice figures) or the organisation
view (as the batch role)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from typing import TYPE_CHECKING

from careernb.cli.arguments import Command, add_home
from careernb.cli.terminal import shown
from careernb.errors import CareernbError

if TYPE_CHECKING:
    from typing import Any

    from tqdm import tqdm

    from careernb.quarter import Progress, QuarterResult


def _quarterly_args(p: argparse.ArgumentParser) -> None:
    add_home(p)
    p.add_argument("--quarter", help="e.g. 2026Q4 (default: the current quarter)")
    p.add_argument(
        "--manager", metavar="ID", help="one manager's team of a data home (default: every manager's)"
    )
    p.add_argument(
        "--out",
        metavar="DIR",
        help="where <quarter>/ goes (default: the data home's reports/; on a database, ~/careernb-reports; "
        "the organisation view needs one)",
    )
    p.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="worker processes")


def cmd_quarterly(args: argparse.Namespace) -> int:
    """The quarter, rendered in this process (``reports/quarterly.ipynb`` runs the same
    function for schedulers): no kernel to start, nothing on stderr but the progress bar."""
    from careernb.domain.cadence import quarter_bounds, quarter_of
    from careernb.home import is_database, open_store, resolve_store

    quarter = args.quarter or quarter_of(dt.date.today())
    quarter_bounds(quarter)  # a QuarterError says how to write one
    url = resolve_store(args.store, args.home)
    if url and is_database(url):
        from careernb.quarter import published
        from careernb.store.sql import engine_for

        engine = engine_for(url)
        try:
            batch = published.is_batch(engine)
        finally:
            engine.dispose()
        if batch:
            return _organisation_quarter(url, quarter, args)
    store = open_store(args.home, create=False, store=args.store)
    from careernb.quarter import run_store
    from careernb.quarter.results import published_line

    with _ProgressBar(quarter) as show_progress:
        result = run_store(
            store, quarter, manager_id=args.manager, out=args.out, jobs=args.jobs, progress=show_progress
        )
    views = len(result.team_views)
    plural = "" if views == 1 else "s"
    print(f"{len(result.contracts)} contracts and {views} team view{plural}: {result.index}")
    if result.publication is not None:
        print(published_line(result.publication))
    elif store.scope.writer is not None:
        print("Nothing was published to the organisation: the team view did not render.", file=sys.stderr)
    return _failed(result)


class _ProgressBar:
    """A tqdm bar counting people, opened on the first report and closed whatever happens."""

    def __init__(self, quarter: str) -> None:
        self.quarter = quarter
        self.bar: tqdm[Any] | None = None

    def __enter__(self) -> Progress:
        from tqdm import tqdm

        def show(done: int, total: int) -> None:
            if self.bar is None:
                self.bar = tqdm(total=total, desc=f"{self.quarter} contracts", unit="person")
            self.bar.update(done - self.bar.n)

        return show

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()


def _organisation_quarter(url: str, quarter: str, args: argparse.Namespace) -> int:
    """The organisation view, as the batch role, from what every manager's quarter published."""
    from careernb.quarter.organisation import run

    if args.manager:
        raise CareernbError(
            "the organisation view shows every manager; each manager runs their own quarter as their role"
        )
    if not args.out:
        raise CareernbError("the organisation's quarter needs --out DIR: a database has no reports folder")
    done = run(url, args.out, quarter)
    org = done.organisation
    assert org is not None
    waiting = f"; not yet run: {', '.join(m.role for m in org.not_yet_run)}" if org.not_yet_run else ""
    print(
        f"The organisation view of {quarter}: {done.view} ({len(org.managers)} managers, "
        f"{len(org.published)} published{waiting})"
    )
    return 0


def _failed(result: QuarterResult) -> int:
    """Each document that was not rendered, on stderr; 1 if there was one."""
    for failure in result.failures:
        print(
            f"  failed: {shown(failure.name)} ({failure.person_id}): {shown(failure.note)}", file=sys.stderr
        )
    return 0 if result.ok else 1


COMMANDS = [
    Command(
        "quarterly",
        "render every contract and the team-wide view for a quarter (and publish its practice figures)",
        _quarterly_args,
        cmd_quarterly,
    ),
]
