"""Practice figures of a team, made up for tests that need counts and no data home."""

from __future__ import annotations

import datetime as dt

from careernb.documents.organisation_view import DIRECTION, PracticeFigures
from careernb.follow_through.figures import Ratio
from careernb.follow_through.health import Failure

FINAL = dt.datetime(2027, 1, 2, 7, 0, tzinfo=dt.UTC)
"""When a 2026Q4 publication is final: after that quarter has ended everywhere."""
SO_FAR = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
"""When a 2026Q4 publication is of the quarter so far: before it has ended."""


def counted(
    people: int,
    *,
    quarter: str = "2026Q4",
    as_of: dt.date = dt.date(2026, 11, 26),
    direction: dict[str, int] | None = None,
) -> PracticeFigures:
    """A team of ``people`` reports, all of whom want to go one way unless told otherwise."""
    return PracticeFigures(
        quarter=quarter,
        as_of=as_of,
        with_conversation=Ratio(min(1, people), people),
        sent_in_48h=Ratio(0, 0),
        manager_kept=Ratio(1, 2),
        person_kept=Ratio(2, 3),
        goals_changed=0,
        failures={f.value: None if f is Failure.STEERING else 0 for f in Failure},
        people=people,
        distributions={DIRECTION: direction if direction is not None else {"technical leadership": people}},
    )
