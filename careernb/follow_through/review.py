"""The monthly development contract review (20-30 minutes).

Opens with "what's changed since we last spoke?", then the manager's own
commitments ("what did I do and what did I not do?"), then theirs. Each one
can be marked done, re-dated, paused (paused is not failure) or dropped with
a note. The review itself is recorded as a conversation.

What we said we would review ("in [month], we will check in on [aspect]") is
checked by a review held in its month. A point whose month passed without one
is missed: it stays on every review's agenda, shown as missed, until a review
records what happened (a line of that review's note, see :func:`review_note`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence

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
from careernb.domain.dates import human_date, human_month, month_of
from careernb.errors import NotRecordedError
from careernb.store import Store
from careernb.store.sealing import check_writable

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


class PointState(enum.StrEnum):
    """Where one thing we said we would review stands."""

    CHECKED = "checked"
    """A review was held in its month."""
    DUE = "this month"
    MISSED = "missed"
    """Its month passed with no review, and no review since has said what happened."""
    TAKEN_UP = "taken up late"
    """Missed in its month; a later review recorded what happened."""
    COMING = "coming"


@dataclasses.dataclass(frozen=True)
class PointOnAgenda:
    """One review point and where it stands."""

    point: ReviewPoint
    state: PointState
    review: Conversation | None = None
    """The review that checked it, or took it up once missed."""
    what_happened: str = ""
    """What that review recorded of a missed point."""


@dataclasses.dataclass(frozen=True)
class Agenda:
    """What the review goes through, in the playbook's order."""

    contract: Contract | None
    mine: tuple[Commitment, ...]
    """The manager's own commitments: what did I do and what did I not do?"""
    theirs: tuple[Commitment, ...]
    review_points: tuple[ReviewPoint, ...]
    """What this review checks in on: this month's points, and those missed since."""
    points: tuple[PointOnAgenda, ...] = ()
    """Every point of the agreed version, month by month, with where it stands."""


def _missed_prefix(point: ReviewPoint) -> str:
    return (
        f"Missed in {human_month(point.month)}, when we were to check in on {point.aspect}. What happened: "
    )


def review_note(whats_changed: str, missed: Mapping[ReviewPoint, str]) -> str:
    """The review's note: what's changed, then one line for each missed point with what happened.

    The lines read on their own wherever the note is shown (Prepare lists it with the review);
    :func:`split_note` reads them back. A point with nothing written gets no line.
    """
    lines = [
        _missed_prefix(p) + text
        for p, text in sorted(missed.items(), key=lambda pt: (pt[0].month, pt[0].review_id))
        if text.strip()
    ]
    if not lines:
        return whats_changed
    return (whats_changed + "\n\n" if whats_changed else "") + "\n".join(lines)


def _line_start(note: str, prefix: str) -> int:
    """Where ``prefix`` begins a line of ``note``, or -1."""
    at = note.find(prefix)
    while at > 0 and note[at - 1] != "\n":
        at = note.find(prefix, at + 1)
    return at


def split_note(note: str, points: Iterable[ReviewPoint]) -> tuple[str, dict[str, str]]:
    """A review's note read back: what's changed, and what happened by review point id."""
    found: dict[str, str] = {}
    starts = []
    for p in points:
        prefix = _missed_prefix(p)
        at = _line_start(note, prefix)
        if at < 0 or p.review_id in found:
            continue
        end = note.find("\n", at)
        found[p.review_id] = note[at + len(prefix) : end if end >= 0 else len(note)]
        starts.append(at)
    if not starts:
        return note, {}
    head = note[: min(starts)]
    return head.removesuffix("\n\n"), found


def point_states(
    contract: Contract,
    review_points: Iterable[ReviewPoint],
    conversations: Iterable[Conversation],
    today: dt.date,
) -> tuple[PointOnAgenda, ...]:
    """Where each point of ``contract``'s version stands today, by month."""
    agreed = contract.agreed
    assert agreed is not None, "the review points of an agreed contract"
    reviews = sorted(
        (
            (c.held, c)
            for c in conversations
            if c.kind is ConversationKind.REVIEW and c.held and agreed <= c.held <= today
        ),
        key=lambda held_c: (held_c[0], held_c[1].conversation_id),
    )
    month = month_of(today)
    points = sorted(of_version(list(review_points), contract.version), key=lambda r: (r.month, r.review_id))
    out = []
    for p in points:
        checked = next((c for held, c in reviews if month_of(held) == p.month), None)
        if checked is not None:
            out.append(PointOnAgenda(p, PointState.CHECKED, checked))
        elif p.month == month:
            out.append(PointOnAgenda(p, PointState.DUE))
        elif p.month > month:
            out.append(PointOnAgenda(p, PointState.COMING))
        else:
            later = [c for held, c in reviews if month_of(held) > p.month]
            said = ((c, split_note(c.note, [p])[1].get(p.review_id)) for c in later)
            taken = next(((c, text) for c, text in said if text is not None), None)
            if taken is None:
                out.append(PointOnAgenda(p, PointState.MISSED))
            else:
                out.append(PointOnAgenda(p, PointState.TAKEN_UP, taken[0], taken[1]))
    return tuple(out)


def agenda(
    contracts: list[Contract],
    commitments: list[Commitment],
    review_points: list[ReviewPoint],
    today: dt.date,
    conversations: Sequence[Conversation] = (),
) -> Agenda:
    """The open and paused commitments of the agreed contract, the manager's own first.

    The review points checked in on are this month's, and those missed since: each point of
    the agreed version is in ``points`` with where it stands (:func:`point_states`).
    """
    contract = latest_agreed(contracts)
    if contract is None:
        return Agenda(None, (), (), ())
    rows = [c for c in in_order(of_version(commitments, contract.version)) if c.status.carries_over]
    states = point_states(contract, review_points, conversations, today)
    return Agenda(
        contract,
        tuple(c for c in rows if c.party is Party.MANAGER),
        tuple(c for c in rows if c.party is Party.PERSON),
        tuple(p.point for p in states if p.state in (PointState.DUE, PointState.MISSED)),
        states,
    )


def todays_review(conversations: Iterable[Conversation], today: dt.date) -> Conversation | None:
    """The booked review a review written today belongs to: the one booked nearest to today,
    within a week either side (the earlier one when two are as near); None when none is."""
    booked = [
        (c.planned, c)
        for c in conversations
        if c.kind is ConversationKind.REVIEW
        and c.held is None
        and c.planned is not None
        and abs((c.planned - today).days) <= WITHIN_DAYS
    ]
    nearest = min(booked, key=lambda on_c: (abs((on_c[0] - today).days), on_c[0]), default=None)
    return nearest[1] if nearest is not None else None


SAID_NOTHING = (
    "write what has changed for them since you last spoke (their words, even \u201cnothing much\u201d), "
    "or decide something about a commitment: a review that says nothing was not held"
)


def said_nothing(whats_changed: str, decisions: Iterable[Decision]) -> list[str]:
    """The problem of a review with nothing in it: one click must not record a review nobody held."""
    if whats_changed.strip() or any(d.outcome is not Outcome.KEEP for d in decisions):
        return []
    return [SAID_NOTHING]


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
    found += said_nothing(whats_changed, decisions)
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

    booked = todays_review(store.load(Conversation, person_id), today)
    if booked is not None:
        conversation = dataclasses.replace(booked, held=today, minutes=minutes, note=whats_changed)
    else:
        conversation = held_today(
            person_id, ConversationKind.REVIEW, today, minutes=minutes, note=whats_changed
        )
    # Two writes: while private notes are locked, refused before the first of them, not after it.
    check_writable(store, [*change(list(rows.values())), conversation])
    store.update(Commitment, person_id, change)
    store.save(conversation)
    return conversation
