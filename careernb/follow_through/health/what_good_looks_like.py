"""What good looks like, quarter by quarter: the playbook's measures as team ratios.

The figures themselves are computed from frames in :mod:`careernb.follow_through.figures`
(the same functions a database backend feeds); this module hands them the records the
failures were detected from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from careernb.domain.cadence import previous_quarters, quarter_of
from careernb.domain.contract import Commitment, Contract
from careernb.domain.conversations import Conversation
from careernb.domain.people import Person
from careernb.follow_through import figures
from careernb.follow_through.figures import QuarterMetrics
from careernb.follow_through.health.failures import PersonRecords


def last_quarters(today: dt.date, count: int) -> list[str]:
    """The ``count`` quarters up to and including today's, oldest first."""
    return previous_quarters(quarter_of(today), count)


def frames_of(team: Sequence[PersonRecords]) -> dict[type, Any]:
    """Records already read, as the frames the figures compute from."""
    from careernb.store.bulk import records_frame

    return {
        Person: records_frame(Person, [r.person for r in team]),
        Conversation: records_frame(Conversation, [c for r in team for c in r.conversations]),
        Contract: records_frame(Contract, [c for r in team for c in r.contracts]),
        Commitment: records_frame(Commitment, [c for r in team for c in r.commitments]),
    }


def quarter_metrics(quarter: str, team: Sequence[PersonRecords], today: dt.date) -> QuarterMetrics:
    """What good looks like in one quarter (see :func:`figures.quarter_metrics`)."""
    return figures.quarter_metrics(frames_of(team), [r.person.person_id for r in team], quarter, today)


def metrics(team: Sequence[PersonRecords], today: dt.date, quarters: int = 4) -> list[QuarterMetrics]:
    """What good looks like, for each of the last ``quarters`` quarters, oldest first."""
    ids = [r.person.person_id for r in team]
    return figures.practice_metrics(frames_of(team), ids, last_quarters(today, quarters), today)
