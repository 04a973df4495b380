"""The organisation's quarter, run as the batch role: the organisation view for HR, made from
what each manager's own quarter published, and nothing per person.

The batch reads no table. The database's functions give it each manager's practice figures (or
none, for a manager whose quarter has not run) and the distributions summed over the teams of at
least the minimum group size; the view is written to ``out/<quarter>/organisation.html``, in a
folder readable by the batch's account alone.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from careernb.documents import organisation_view
from careernb.ownership.exports import private_file
from careernb.quarter import published
from careernb.quarter.plan import DataHome, quarter_and_today, quarter_folder
from careernb.quarter.results import QuarterResult
from careernb.store.sql import engine_for

VIEW = "organisation.html"


def run(
    url: str, out: DataHome, quarter: str | None = None, *, today: dt.date | None = None
) -> QuarterResult:
    """The organisation view of the quarter (default: today's) into ``out/<quarter>/``."""
    quarter, today = quarter_and_today(quarter, today)
    engine = engine_for(url)
    try:
        read = published.organisation(engine, quarter)
    finally:
        engine.dispose()
    folder = quarter_folder(Path(out), quarter)
    view = private_file(folder / VIEW, organisation_view.render(read, today))
    return QuarterResult(quarter, folder, {}, view=view, organisation=read)
