"""Practice health: the playbook's five common failures, detected from the data, and
"what good looks like" as team metrics over time.

- :mod:`.failures` — one detector per failure (deferring, conflating, steering, promises,
  going nowhere), each a pure function of one person's records and a day;
- :mod:`.what_good_looks_like` — the quarter's ratios: conversations held, commitments kept on
  time, summaries sent within 48 hours, months reviewed (computed in :mod:`..figures`);
- :mod:`.from_the_person` — the same, from the person's side: the three statements as they
  answered them in their replies, and how many contracts sent with a reply got one.

Whether a contract's summary went within 48 hours (:class:`Sending`) is the contract's own
rule, in :mod:`careernb.domain.contract.written_summary`; it is named here too because the dashboard
and the metrics read it beside the failures.
"""

from careernb.domain.contract.written_summary import Sending, sending
from careernb.follow_through.health.failures import (
    GRACE,
    LOOKBACK,
    MOVED_TOO_OFTEN,
    Failure,
    Finding,
    PersonRecords,
    by_failure,
    conflating,
    deferring,
    detect,
    going_nowhere,
    load,
    promises,
    steering,
)
from careernb.follow_through.health.what_good_looks_like import (
    frames_of,
    last_quarters,
    metrics,
    quarter_metrics,
)

__all__ = [
    "GRACE",
    "LOOKBACK",
    "MOVED_TOO_OFTEN",
    "Failure",
    "Finding",
    "PersonRecords",
    "Sending",
    "by_failure",
    "conflating",
    "deferring",
    "detect",
    "frames_of",
    "going_nowhere",
    "last_quarters",
    "load",
    "metrics",
    "promises",
    "quarter_metrics",
    "sending",
    "steering",
]
