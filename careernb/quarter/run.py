"""The quarter wherever the data is: an organisation's database or a data home."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from careernb.errors import CareernbError
from careernb.home import is_database, resolve_home, resolve_store
from careernb.quarter.data_home import run_quarter
from careernb.quarter.plan import DataHome
from careernb.quarter.results import QuarterResult


def run_anywhere(
    home: DataHome | None = None,
    quarter: str | None = None,
    *,
    out: DataHome | None = None,
    today: dt.date | None = None,
    jobs: int = 1,
    **data_home: Any,
) -> QuarterResult:
    """The quarter wherever the data is: a database URL (``home`` or ``$CAREERNB_STORE``) runs
    every manager's quarter as the batch role; otherwise the data home's quarter, where
    ``data_home`` may add :func:`run_quarter`'s other options (one manager, progress)."""
    location = resolve_store(str(home) if is_database(home) else None, None if is_database(home) else home)
    if not is_database(location):
        return run_quarter(resolve_home(home), quarter, out=out, today=today, jobs=jobs, **data_home)
    if any(v is not None for v in data_home.values()):
        raise CareernbError(
            f"the organisation's quarter runs for every manager: leave out {', '.join(data_home)}"
        )
    if out is None:
        raise CareernbError(
            "the organisation's quarter needs a folder to write to (out): a database has none"
        )
    from careernb.quarter import organisation  # the organisation's extra; a laptop never needs it

    return organisation.run(str(location), Path(out), quarter, today=today, jobs=jobs)
