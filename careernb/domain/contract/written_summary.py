"""Sending the written summary: "within 48 hours" of agreeing, what must be looked at before it
goes, and recording when it went."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Iterable

from careernb.domain.contract.guards import (
    Finding,
    Guard,
    blocking,
    promise_finding,
    promised_outcome,
    third_person_findings,
)
from careernb.domain.contract.records import (
    Commitment,
    Contract,
    Party,
    ReviewPoint,
    Status,
    in_order,
    latest_agreed,
    of_version,
)
from careernb.domain.contract.wording import first_name
from careernb.domain.dates import human_date
from careernb.errors import CareernbError
from careernb.store import Store

SEND_WITHIN = dt.timedelta(hours=48)
"""The playbook: "Sent a written summary of the development contract within 48 hours"."""


@dataclasses.dataclass(frozen=True)
class Sending:
    """Whether the written summary of the contract went out within 48 hours."""

    class State(enum.StrEnum):
        NO_CONTRACT = "no contract yet"
        DRAFT = "draft, not agreed yet"
        ON_TIME = "sent within 48 hours"
        LATE = "sent late"
        TO_SEND = "to send within 48 hours"
        LATE_UNSENT = "not sent, more than 48 hours after agreeing"

    state: State
    late_by: int = 0
    """Days past the 48 hours."""
    agreed: dt.date | None = None
    sent: dt.date | None = None

    @property
    def on_time(self) -> bool | None:
        """True or False once it is decided; None while there is nothing to send yet."""
        if self.state is Sending.State.ON_TIME:
            return True
        if self.state in (Sending.State.LATE, Sending.State.LATE_UNSENT):
            return False
        return None

    @property
    def text(self) -> str:
        s = Sending.State
        if self.state is s.ON_TIME:
            return f"sent {human_date(self.sent)}, within 48 hours"
        if self.state is s.LATE:
            return f"sent {human_date(self.sent)}, {self.late_by} days late"
        if self.state is s.TO_SEND and self.agreed is not None:
            by = self.agreed + SEND_WITHIN
            return f"agreed {human_date(self.agreed)}: send the written summary by {human_date(by)}"
        if self.state is s.LATE_UNSENT:
            return f"agreed {human_date(self.agreed)}, not sent: {self.late_by} days past the 48 hours"
        return self.state.value


def sending(contract: Contract | None, today: dt.date) -> Sending:
    """Was the contract's written summary sent within 48 hours of agreeing it?"""
    s = Sending.State
    if contract is None:
        return Sending(s.NO_CONTRACT)
    if contract.agreed is None:
        return Sending(s.DRAFT)
    deadline = contract.agreed + SEND_WITHIN
    if contract.sent is not None:
        late = (contract.sent - deadline).days
        state = s.ON_TIME if late <= 0 else s.LATE
        return Sending(state, max(late, 0), contract.agreed, contract.sent)
    late = (today - deadline).days
    return Sending(s.LATE_UNSENT if late > 0 else s.TO_SEND, max(late, 0), contract.agreed)


def sent_late(contract: Contract, today: dt.date) -> bool | None:
    """True when the written summary went (or is still not gone) more than 48 hours after agreeing.

    None while there is nothing to judge: a draft, or an unsent contract still within 48 hours.
    """
    on_time = sending(contract, today).on_time
    return None if on_time is None else not on_time


def send_findings(
    contract: Contract,
    commitments: Iterable[Commitment],
    review_points: Iterable[ReviewPoint] = (),
    *,
    person_name: str = "",
) -> list[Finding]:
    """What needs a look before the written summary goes to the person, blocking first.

    A manager's commitment that promises an outcome - the one practice health names,
    kept after the warning or never checked - blocks: it reaches the person as written,
    so it goes only with the manager's reason (:func:`can_send`), as other guards are
    overridden. A line about the person in the third person is shown and does not block.
    """
    mine = in_order(of_version(commitments, contract.version))
    live = [c for c in mine if c.status is not Status.DROPPED]
    who = first_name(person_name) or "them"
    out = [
        promise_finding(
            c,
            Guard.PROMISE,
            f"“{c.action.strip()}” promises an outcome that may be beyond your authority, and will "
            f"reach {who} as written. Reword it (edit this version again), or write why you send it "
            "as it is.",
            blocks=True,
        )
        for c in live
        if c.party is Party.MANAGER and (c.promise_kept or promised_outcome(c.action))
    ]
    reviews = sorted(of_version(review_points, contract.version), key=lambda r: r.month)
    return out + third_person_findings(contract, live, reviews, person_name)


def can_send(found: Iterable[Finding], override_reason: str = "") -> bool:
    """Send when nothing blocks, or when the manager wrote why they send it anyway."""
    return not blocking(found) or bool(override_reason.strip())


class NotSentError(CareernbError):
    """Marking a contract sent was refused: something blocks and no reason was given.

    ``blocking`` holds the findings (see :func:`send_findings`); nothing was written.
    """

    def __init__(
        self,
        person_id: str,
        version: int,
        blocking: list[Finding],
        *,
        refused: str = "marked sent",
        how: str = "",
    ) -> None:
        self.person_id = person_id
        self.version = version
        self.blocking = list(blocking)
        super().__init__(
            f"Version {version} of {person_id}'s contract was not {refused}: "
            + " ".join(f.message for f in self.blocking)
            + (f" {how}" if how else "")
            + " Nothing was changed."
        )


def ensure_sendable(person_id: str, contract: Contract | None, on: dt.date, versions: str = "") -> None:
    """Refuse (a ``CareernbError`` saying what to do) a contract that cannot be marked sent on
    ``on``: none, a draft, or a day before it was agreed. ``versions`` names those that exist."""
    if contract is None:
        raise CareernbError(
            f"{person_id} has no agreed contract to mark sent (versions: {versions or 'none'}). "
            "Agree it first."
        )
    if contract.agreed is None:
        raise CareernbError(
            f"version {contract.version} of {person_id}'s contract is a draft: agree it first."
        )
    if on < contract.agreed:
        raise CareernbError(
            f"{human_date(on)} is before the contract was agreed ({human_date(contract.agreed)}); "
            "check the date."
        )


def mark_sent(
    store: Store,
    person_id: str,
    version: int | None = None,
    on: dt.date | None = None,
    *,
    override_reason: str | None = None,
) -> Contract:
    """Record the day the written summary was sent; the latest agreed version by default.

    Refused (:class:`NotSentError`) while :func:`send_findings` blocks and the contract holds
    no reason. A written ``override_reason`` becomes the contract's reason (private to the
    manager) in the same write; None or blank keeps the one it holds.
    """
    on = on or dt.date.today()
    commitments = store.load(Commitment, person_id)
    marked: list[Contract] = []

    def change(rows: list[Contract]) -> list[Contract]:
        chosen = latest_agreed(rows)
        if version is not None:
            chosen = next((c for c in rows if c.version == version), None)
        ensure_sendable(person_id, chosen, on, ", ".join(str(c.version) for c in rows))
        assert chosen is not None
        reason = override_reason if override_reason and override_reason.strip() else chosen.override_reason
        blocks = blocking(send_findings(chosen, commitments))
        if not can_send(blocks, reason):
            raise NotSentError(person_id, chosen.version, blocks)
        updated = dataclasses.replace(chosen, sent=on, override_reason=reason)
        marked.append(updated)
        return [updated if c.version == chosen.version else c for c in rows]

    store.update(Contract, person_id, change)
    return marked[0]


def send_note(contract: Contract, today: dt.date) -> str:
    """Where the written summary stands, in a sentence; late sends are named as late."""
    if contract.agreed is None:
        return f"Version {contract.version} is a draft: agree it, then send it within 48 hours."
    late = sent_late(contract, today)
    if contract.sent is None:
        if late:
            days = (today - contract.agreed).days
            return (
                f"Not sent yet, and agreed {days} days ago ({human_date(contract.agreed)}): the playbook "
                "asks for a written summary within 48 hours. Send it, then mark it sent."
            )
        return f"Not sent yet: send it by {human_date(contract.agreed + SEND_WITHIN)}."
    days = (contract.sent - contract.agreed).days
    when = f"Sent {human_date(contract.sent)}"
    if late:
        return (
            f"{when}, {days} days after it was agreed: late, the playbook asks for a written summary "
            "within 48 hours."
        )
    return f"{when}, within 48 hours of agreeing it."
