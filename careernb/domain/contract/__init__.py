"""The development contract: a live document, versioned every quarter.

- :mod:`.records` — the contract, their commitments and the manager's, what we will review;
- :mod:`.versions` — the next version each quarter (what carries over), and what changed;
- :mod:`.guards` — what needs attention before "agree contract" (goes nowhere, a promise
  beyond the manager's authority, past dates, duplicates), as findings;
- :mod:`.written_summary` — the written summary "within 48 hours": whether it went on time, and
  recording when it went.

Every name is importable from here: ``from careernb.domain.contract import Commitment, findings``.
"""

from careernb.domain.contract.guards import (
    CANNOT_COMMIT,
    Finding,
    Guard,
    blocking,
    can_agree,
    findings,
    promised_outcome,
    suggested_rewording,
)
from careernb.domain.contract.records import (
    Commitment,
    Contract,
    Party,
    ReviewPoint,
    Status,
    current,
    in_order,
    latest_agreed,
    of_version,
)
from careernb.domain.contract.versions import Change, CommitmentChange, carry_over, diff
from careernb.domain.contract.written_summary import (
    SEND_WITHIN,
    Sending,
    mark_sent,
    send_note,
    sending,
    sent_late,
)

__all__ = [
    "CANNOT_COMMIT",
    "SEND_WITHIN",
    "Change",
    "Commitment",
    "CommitmentChange",
    "Contract",
    "Finding",
    "Guard",
    "Party",
    "ReviewPoint",
    "Sending",
    "Status",
    "blocking",
    "can_agree",
    "carry_over",
    "current",
    "diff",
    "findings",
    "in_order",
    "latest_agreed",
    "mark_sent",
    "of_version",
    "promised_outcome",
    "send_note",
    "sending",
    "sent_late",
    "suggested_rewording",
]
