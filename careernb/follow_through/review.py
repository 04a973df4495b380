"""The monthly development contract review (20-30 minutes).

Opens with "what's changed since we last spoke?", then the manager's own
commitments ("what did I do and what did I not do?"), then theirs. Each one
can be marked done, re-dated, paused (paused is not failure) or dropped with
a note. The review itself is recorded as a conversation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Iterable

from careernb.domain.contract import (
    Commitment,
    Contract,
    Party,
    ReviewPoint,
    Status,
    in_order,
    latest_agreed,
    of_version,
)
from careernb.domain.conversations import Conversation, ConversationKind, held_today
from careernb.domain.dates import human_date, month_of
from careernb.errors import NotRecordedError
from careernb.store import Store

MINUTES = 25
WITHIN_DAYS = 7
"""A monthly review (20-30 minutes, often inside a 1:1) held up to a week either side of its booking
is that booking, not a second review: the 1:1 it sits in moves, the month's review does not double."""


class Outcome(enum.StrEnum):
    """What the review decides for one commitment."""

    KEEP = "no change"
    DONE = "done"
    REDATE = "re-dated"
    PAUSE = "paused"
    RESUME = "resumed"
    DROP = "dropped"


@dataclasses.dataclass(frozen=True)
class Decision:
    commitment_id: str
    outcome: Outcome = Outcome.KEEP
    new_due: dt.date | None = None
    note: str = ""


@dataclasses.dataclass(frozen=True)
class Agenda:
    """What the review goes through, in the playbook's order."""

    contract: Contract | None
    mine: tuple[Commitment, ...]
    """The manager's own commitments: what did I do and what did I not do?"""
    theirs: tuple[Commitment, ...]
    review_points: tuple[ReviewPoint, ...]
    """What we said we would review this month (or earlier and not yet reviewed)."""


def agenda(
    contracts: list[Contract],
    commitments: list[Commitment],
    review_points: list[ReviewPoint],
    today: dt.date,
    conversations: list[Conversation] = (),  # type: ignore[assignment]
) -> Agenda:
    """The open and paused commitments of the agreed contract, the manager's own first.

    The review points are those of this month, and of earlier months that no
    review has been held in since the contract was agreed.
    """
    contract = latest_agreed(contracts)
    if contract is None:
        return Agenda(None, (), (), ())
    rows = [c for c in in_order(of_version(commitments, contract.version)) if c.status.carries_over]
    month = month_of(today)
    reviewed = {
        month_of(c.held)
        for c in conversations
        if c.kind is ConversationKind.REVIEW and c.held and c.held >= contract.agreed and c.held <= today
    }
    points = tuple(
        sorted(
            (
                r
                for r in of_version(review_points, contract.version)
                if r.month == month or (r.month < month and r.month not in reviewed)
            ),
            key=lambda r: (r.month, r.review_id),
        )
    )
    return Agenda(
        contract,
        tuple(c for c in rows if c.party is Party.MANAGER),
        tuple(c for c in rows if c.party is Party.PERSON),
        points,
    )


def todays_review(conversations: Iterable[Conversation], today: dt.date) -> Conversation | None:
    """The booked review a review written today belongs to: the one booked nearest to today,
    within a week either side (the earlier one when two are as near); None when none is."""
    booked = [
        c
        for c in conversations
        if c.kind is ConversationKind.REVIEW
        and c.held is None
        and c.planned is not None
        and abs((c.planned - today).days) <= WITHIN_DAYS
    ]
    return min(booked, key=lambda c: (abs((c.planned - today).days), c.planned), default=None)


def problems(commitment: Commitment, decision: Decision, today: dt.date) -> list[str]:
    """What is missing before the decision can be applied (empty when it can)."""
    out = []
    what = f"\u201c{commitment.action}\u201d"
    if decision.outcome is Outcome.REDATE:
        if decision.new_due is None:
            out.append(f"{what}: choose the new date to re-date it to")
        elif decision.new_due < today:
            out.append(f"{what}: the new date {human_date(decision.new_due)} is in the past")
    if decision.outcome is Outcome.DROP and not decision.note.strip():
        out.append(f"{what}: write a note saying why it is dropped")
    if decision.outcome is Outcome.RESUME and commitment.status is not Status.PAUSED:
        out.append(f"{what}: only a paused commitment can be resumed")
    return out


def _noted(old: str, note: str, today: dt.date) -> str:
    if not note.strip():
        return old
    entry = f"{today.isoformat()}: {note}"
    return f"{old}\n{entry}" if old else entry


def apply(commitment: Commitment, decision: Decision, today: dt.date) -> Commitment:
    """The commitment after the review's decision (a note is added to its history)."""
    found = problems(commitment, decision, today)
    if found:
        raise NotRecordedError("review", commitment.person_id, found)
    note = _noted(commitment.note, decision.note, today)
    o = decision.outcome
    if o is Outcome.DONE:
        return dataclasses.replace(commitment, status=Status.DONE, done_on=today, note=note)
    if o is Outcome.REDATE:
        return dataclasses.replace(commitment, status=Status.OPEN, due=decision.new_due, note=note)
    if o is Outcome.PAUSE:
        return dataclasses.replace(commitment, status=Status.PAUSED, note=note)
    if o is Outcome.RESUME:
        return dataclasses.replace(commitment, status=Status.OPEN, note=note)
    if o is Outcome.DROP:
        return dataclasses.replace(commitment, status=Status.DROPPED, note=note)
    return dataclasses.replace(commitment, note=note)


def record(
    store: Store,
    person_id: str,
    decisions: Iterable[Decision],
    *,
    whats_changed: str,
    today: dt.date,
    minutes: int | None = MINUTES,
) -> Conversation:
    """Apply every decision to the agreed contract and record the review as a conversation.

    All or nothing: if any decision is incomplete, a :class:`~careernb.errors.NotRecordedError` lists
    every problem and nothing is written.
    """
    contract = latest_agreed(store.load(Contract, person_id))
    decisions = list(decisions)
    if contract is None:
        raise NotRecordedError("review", person_id, ["there is no agreed development contract to review yet"])
    rows = {c.commitment_id: c for c in of_version(store.load(Commitment, person_id), contract.version)}
    found = []
    for d in decisions:
        if d.commitment_id not in rows:
            found.append(f"commitment {d.commitment_id!r} is not in contract version {contract.version}")
        else:
            found += problems(rows[d.commitment_id], d, today)
    if minutes is not None and minutes <= 0:
        found.append("the review's length must be a positive number of minutes")
    if found:
        raise NotRecordedError("review", person_id, found)
    by_id = {d.commitment_id: d for d in decisions}

    def change(current: list[Commitment]) -> list[Commitment]:
        return [
            apply(c, by_id[c.commitment_id], today)
            if c.version == contract.version and c.commitment_id in by_id
            else c
            for c in current
        ]

    store.update(Commitment, person_id, change)
    booked = todays_review(store.load(Conversation, person_id), today)
    if booked is not None:
        conversation = dataclasses.replace(booked, held=today, minutes=minutes, note=whats_changed)
    else:
        conversation = held_today(
            person_id, ConversationKind.REVIEW, today, minutes=minutes, note=whats_changed
        )
    store.save(conversation)
    return conversation
