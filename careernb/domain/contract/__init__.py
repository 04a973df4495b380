"""The development contract: a live document, versioned every quarter.

- :mod:`.records` — the contract, their commitments and the manager's, what we will review;
- :mod:`.versions` — the next version each quarter (what carries over), and what changed;
- :mod:`.guards` — what needs attention before "agree contract" (goes nowhere, a promise
  beyond the manager's authority, past dates, duplicates), as findings;
- :mod:`.wording` — a review point read inside its sentence; a line about the person in the
  third person found;
- :mod:`.written_summary` — the written summary "within 48 hours": whether it went on time, what
  blocks sending it (a promise, overridden only with a reason), and recording when it went.

Every name is importable from here: ``from careernb.domain.contract import Commitment, findings``.
"""

from careernb.domain.contract.guards import (
    CANNOT_COMMIT,
    NEVER_OVERRIDDEN,
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
from careernb.domain.contract.wording import in_sentence, third_person
from careernb.domain.contract.written_summary import (
    SEND_WITHIN,
    NotSentError,
    Sending,
    can_send,
    ensure_sendable,
    mark_sent,
    send_findings,
    send_note,
    sending,
    sent_late,
)

__all__ = [
    "CANNOT_COMMIT",
    "NEVER_OVERRIDDEN",
    "SEND_WITHIN",
    "Change",
    "Commitment",
    "CommitmentChange",
    "Contract",
    "Finding",
    "Guard",
    "NotSentError",
    "Party",
    "ReviewPoint",
    "Sending",
    "Status",
    "blocking",
    "can_agree",
    "can_send",
    "carry_over",
    "current",
    "diff",
    "ensure_sendable",
    "findings",
    "in_order",
    "in_sentence",
    "latest_agreed",
    "mark_sent",
    "of_version",
    "promised_outcome",
    "send_findings",
    "send_note",
    "sending",
    "sent_late",
    "suggested_rewording",
    "third_person",
]
