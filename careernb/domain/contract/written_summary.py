"""Sending the written summary: "within 48 hours" of agreeing, and recording when it went."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum

from careernb.domain.contract.records import Contract, latest_agreed
from careernb.domain.dates import human_date

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
        if self.state is s.TO_SEND:
            by = self.agreed + SEND_WITHIN  # type: ignore[operator]
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


def mark_sent(store, person_id: str, version: int | None = None, on: dt.date | None = None) -> Contract:
    """Record the day the written summary was sent; the latest agreed version by default."""
    from careernb.errors import CareernbError

    on = on or dt.date.today()
    marked: list[Contract] = []

    def change(rows: list[Contract]) -> list[Contract]:
        chosen = latest_agreed(rows)
        if version is not None:
            chosen = next((c for c in rows if c.version == version), None)
        if chosen is None:
            known = ", ".join(str(c.version) for c in rows) or "none"
            raise CareernbError(
                f"{person_id} has no agreed contract{'' if version is None else f' version {version}'} "
                f"to mark sent (versions: {known}). Agree it first."
            )
        if not chosen.is_agreed:
            raise CareernbError(
                f"version {chosen.version} of {person_id}'s contract is a draft: agree it first."
            )
        if on < chosen.agreed:
            raise CareernbError(
                f"{human_date(on)} is before the contract was agreed ({human_date(chosen.agreed)}); "
                "check the date."
            )
        updated = dataclasses.replace(chosen, sent=on)
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
