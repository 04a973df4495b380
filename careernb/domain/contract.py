"""The development contract: a live document, versioned every quarter.

Their commitments, the manager's commitments, what we will review, and the
open question we are sitting with.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
from collections.abc import Iterable

from careernb.store import Id, Month, Privacy, column, table


class Party(enum.StrEnum):
    """Whose commitment it is."""

    PERSON = "person"
    MANAGER = "manager"


class Status(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"
    PAUSED = "paused"
    """Paused is not failure: a commitment put on hold by agreement."""

    @property
    def carries_over(self) -> bool:
        return self in (Status.OPEN, Status.PAUSED)


@table("contracts", key=("version",), per_person=True)
class Contract:
    """One version of a person's development contract."""

    person_id: Id = column(Privacy.TEAM, "Whose contract.", references="people")
    version: int = column(Privacy.TEAM, "1 for the first contract, then one more each quarter.")
    agreed: dt.date | None = column(
        Privacy.TEAM, "When both agreed it; empty while it is a draft.", default=None
    )
    sent: dt.date | None = column(
        Privacy.TEAM, "When the written summary was sent to the person.", default=None
    )
    next_conversation: dt.date | None = column(
        Privacy.TEAM, "The date of the next career conversation.", default=None
    )
    open_question: str = column(Privacy.PERSON, "The open question we are sitting with.", default="")
    override_reason: str = column(
        Privacy.PRIVATE,
        "Why the manager agreed it despite a warning (no dated commitment, say).",
        default="",
    )
    conversation_id: Id | None = column(
        Privacy.TEAM, "The conversation that produced it.", default=None, references="conversations"
    )

    @property
    def is_agreed(self) -> bool:
        return self.agreed is not None


@table("commitments", key=("version", "commitment_id"), per_person=True)
class Commitment:
    """A specific action by one party, by a date. Carried into later versions by id."""

    person_id: Id = column(Privacy.TEAM, "Whose contract.", references="people")
    version: int = column(Privacy.TEAM, "The contract version it belongs to.", references="contracts")
    commitment_id: Id = column(
        Privacy.TEAM, "Stable across versions, so a carried-over commitment keeps its id."
    )
    party: Party = column(Privacy.TEAM, "person (their commitment) or manager.")
    action: str = column(Privacy.PERSON, "The specific action, learning or behaviour.")
    due: dt.date | None = column(Privacy.TEAM, "By when.", default=None)
    status: Status = column(Privacy.TEAM, "open, done, dropped or paused.", default=Status.OPEN)
    done_on: dt.date | None = column(Privacy.TEAM, "When it was done.", default=None)
    position: int = column(Privacy.TEAM, "Order within its party's list.", default=0)
    note: str = column(Privacy.PRIVATE, "The manager's note on progress.", default="")
    promise_kept: bool = column(
        Privacy.PRIVATE,
        "The manager read the warning about promising an outcome and kept the wording.",
        default=False,
    )

    @property
    def kept_on_time(self) -> bool:
        return self.status is Status.DONE and (
            self.due is None or (self.done_on is not None and self.done_on <= self.due)
        )

    def overdue(self, today: dt.date) -> bool:
        return self.status is Status.OPEN and self.due is not None and self.due < today


@table("review_points", key=("version", "review_id"), per_person=True)
class ReviewPoint:
    """What we will review: in [month], we will check in on [aspect]."""

    person_id: Id = column(Privacy.PERSON, "Whose contract.", references="people")
    version: int = column(Privacy.PERSON, "The contract version.", references="contracts")
    review_id: Id = column(Privacy.PERSON, "Stable id.")
    month: Month = column(Privacy.PERSON, "The month of the review, YYYY-MM.")
    aspect: str = column(Privacy.PERSON, "The specific aspect of progress to check in on.")


def current(contracts: Iterable[Contract]) -> Contract | None:
    """The latest version."""
    ordered = sorted(contracts, key=lambda c: c.version)
    return ordered[-1] if ordered else None


def latest_agreed(contracts: Iterable[Contract]) -> Contract | None:
    return current(c for c in contracts if c.is_agreed)


def of_version(rows: Iterable, version: int) -> list:
    """Commitments or review points of one version."""
    return [r for r in rows if r.version == version]


def in_order(commitments: Iterable[Commitment]) -> list[Commitment]:
    """The manager's own commitments first, then theirs, each in their agreed order."""
    rank = {Party.MANAGER: 0, Party.PERSON: 1}
    return sorted(commitments, key=lambda c: (rank[c.party], c.position, c.commitment_id))


def carry_over(
    previous: Contract | None,
    commitments: Iterable[Commitment],
    review_points: Iterable[ReviewPoint],
    *,
    person_id: str,
) -> tuple[Contract, list[Commitment]]:
    """Start the next version: open and paused commitments carry over with their status.

    The open question carries over too, until the new conversation replaces it.
    """
    version = previous.version + 1 if previous else 1
    carried = [
        dataclasses.replace(c, version=version)
        for c in of_version(commitments, previous.version if previous else 0)
        if c.status.carries_over
    ]
    draft = Contract(
        person_id=person_id,
        version=version,
        open_question=previous.open_question if previous else "",
    )
    return draft, in_order(carried)


class Change(enum.StrEnum):
    ADDED = "added"
    DONE = "done"
    DROPPED = "dropped"
    PAUSED = "paused"
    REOPENED = "reopened"
    REDATED = "re-dated"
    REWORDED = "reworded"
    REMOVED = "removed"
    UNCHANGED = "unchanged"


@dataclasses.dataclass(frozen=True)
class CommitmentChange:
    change: Change
    before: Commitment | None
    after: Commitment | None

    @property
    def commitment(self) -> Commitment:
        return self.after or self.before  # type: ignore[return-value]


def diff(before: Iterable[Commitment], after: Iterable[Commitment]) -> list[CommitmentChange]:
    """What changed between two versions' commitments, in the order of the later one."""
    old = {c.commitment_id: c for c in before}
    new = {c.commitment_id: c for c in after}
    out = []
    for c in in_order(new.values()):
        prev = old.get(c.commitment_id)
        out.append(CommitmentChange(_change(prev, c), prev, c))
    for c in in_order(v for k, v in old.items() if k not in new):
        done_or_dropped = {Status.DONE: Change.DONE, Status.DROPPED: Change.DROPPED}
        out.append(CommitmentChange(done_or_dropped.get(c.status, Change.REMOVED), c, None))
    return out


def _change(prev: Commitment | None, cur: Commitment) -> Change:
    if prev is None:
        return Change.ADDED
    if prev.status != cur.status:
        return {
            Status.DONE: Change.DONE,
            Status.DROPPED: Change.DROPPED,
            Status.PAUSED: Change.PAUSED,
            Status.OPEN: Change.REOPENED,
        }[cur.status]
    if prev.due != cur.due:
        return Change.REDATED
    if prev.action != cur.action:
        return Change.REWORDED
    return Change.UNCHANGED


def latest_rows(commitments: Iterable[Commitment]) -> list[Commitment]:
    """Each commitment once, as its latest version has it (carried-over rows share an id)."""
    latest: dict[str, Commitment] = {}
    for c in sorted(commitments, key=lambda c: c.version):
        latest[c.commitment_id] = c
    return list(latest.values())


def kept_on_time(
    commitments: Iterable[Commitment],
    party: Party,
    start: dt.date,
    end: dt.date,
    *,
    dropped_is_missed: bool = False,
) -> tuple[int, int]:
    """(kept on time, due) for one side's commitments due between start and end, inclusive.

    Paused commitments are never counted as due: paused is not failure. Dropped ones are
    left out too, unless ``dropped_is_missed`` (practice health counts a drop as not kept).
    """
    skipped = (Status.PAUSED,) if dropped_is_missed else (Status.DROPPED, Status.PAUSED)
    due = [
        c
        for c in latest_rows(commitments)
        if c.party is party and c.due is not None and start <= c.due <= end and c.status not in skipped
    ]
    return sum(c.kept_on_time for c in due), len(due)


# -- Honest guards -------------------------------------------------------------
#
# Pure functions over a draft: what needs attention before "agree contract".
# They return findings, never raise: the builder shows them as a list.

SEND_WITHIN = dt.timedelta(hours=48)
"""The playbook: "Sent a written summary of the development contract within 48 hours"."""


class Guard(enum.StrEnum):
    NOWHERE = "goes nowhere"
    """Failure 5: no dated commitment from one side, or a commitment without a date."""
    PROMISE = "promise"
    """Failure 4: a manager's commitment promises an outcome outside their authority."""
    PAST_DATE = "past date"
    DUPLICATE = "duplicate"
    REVIEW_AFTER_NEXT = "review after the next conversation"
    NO_NEXT_CONVERSATION = "no next conversation"


@dataclasses.dataclass(frozen=True)
class Finding:
    """One thing that needs attention in a draft contract."""

    guard: Guard
    message: str
    blocks: bool
    """Blocks "agree contract" until fixed, overridden with a reason, or (a promise) kept after reading."""
    commitment_id: str | None = None
    review_id: str | None = None
    advice: str = ""
    """The playbook's words on what to do instead."""
    suggestion: str = ""
    """A rewording the manager may take with one click."""


_PARTY_WORDS = {Party.PERSON: "their commitments", Party.MANAGER: "the manager's commitments"}

# Outcomes a manager rarely has the authority to deliver alone (failure 4).
_OUTCOMES: list[tuple[str, re.Pattern[str]]] = [
    ("promotion", re.compile(r"\bpromot(?:e|ed|es|ing|ion)\b", re.I)),
    (
        "pay",
        re.compile(
            r"\b(?:(?:a|your|the)\s+(?:pay\s+)?raise|pay\s*rise|salary|bonus|compensation|pay\s+(?:increase|review))\b",
            re.I,
        ),
    ),
    ("title", re.compile(r"\b(?:job\s+)?title\b", re.I)),
    (
        "role",
        re.compile(
            r"\b(?:(?:team|tech|technical|engineering)\s+lead|lead\s+(?:role|position)|"
            r"(?:staff|principal|senior|lead|manager|management|new)\s+(?:engineer\s+)?(?:role|position|job)|"
            r"role\s+change|(?:the|a|that|this)\s+role|headcount|transfer|"
            r"make\s+you\s+(?:a\s+|the\s+)?(?:lead|manager|staff|senior|principal))\b",
            re.I,
        ),
    ),
]
# Wording that promises an outcome itself ("will get", "guarantee"), whatever the outcome.
_PROMISE = re.compile(
    r"\b(?:guarantee[sd]?|promise[sd]?|(?:will|you'll|you\s+will)\s+(?:get|be\s+(?:given|made|moved|on|the|a))|"
    r"get\s+you\s+(?:a|an|the|onto|into|on)|(?:make\s+sure|ensure)\s+(?:that\s+)?you\s+(?:get|are|will))\b",
    re.I,
)
# Wording that stays within the manager's authority: advocacy, asking, introducing.
_WITHIN_AUTHORITY = re.compile(
    r"\b(?:advocate|propose|nominate|recommend|make\s+the\s+case|put\s+(?:you|your\s+name)\s+forward|"
    r"ask|talk|discuss|raise\s+(?:it|this|the\s+case)|find\s+out|explore|check\s+whether|"
    r"cannot\s+commit|can't\s+commit|can\s+not\s+commit|not\s+a\s+promise)\b",
    re.I,
)
_REWORDING = {
    "promotion": "Advocate for your promotion with my manager and tell you what I hear back",
    "pay": "Make the case for a pay review with my manager and tell you what I hear back",
    "title": "Advocate for the title change with my manager and tell you what I hear back",
    "role": "Put your name forward for the role and introduce you to the people who decide",
    None: "Advocate for this with my manager and tell you what I hear back",
}
CANNOT_COMMIT = "I cannot commit to the outcome"


def promised_outcome(action: str) -> str | None:
    """The outcome a commitment promises beyond the manager's authority, or None.

    ``"promotion"``, ``"pay"``, ``"title"``, ``"role"``, or ``"outcome"`` for a
    bare guarantee. Advocacy ("advocate for your promotion") is within authority.
    """
    if _WITHIN_AUTHORITY.search(action):
        return None
    for name, pattern in _OUTCOMES:
        if pattern.search(action):
            return name
    if _PROMISE.search(action):
        return "outcome"
    return None


def suggested_rewording(action: str) -> str:
    """Failure 4's advice applied: advocate, introduce, report back - and say where authority ends."""
    outcome = promised_outcome(action)
    base = _REWORDING.get(outcome, _REWORDING[None])
    return f"{base} - {CANNOT_COMMIT}"


def _normalised(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _month_start(month: str) -> dt.date:
    return dt.date.fromisoformat(month + "-01")


def findings(
    contract: Contract,
    commitments: Iterable[Commitment],
    review_points: Iterable[ReviewPoint],
    today: dt.date,
) -> list[Finding]:
    """What needs attention in one version before it is agreed, most serious first."""
    from careernb.domain import playbook

    mine = in_order(c for c in commitments if c.version == contract.version)
    live = [c for c in mine if c.status is not Status.DROPPED]
    reviews = sorted((r for r in review_points if r.version == contract.version), key=lambda r: r.month)
    nowhere_advice = playbook.FAILURES["nowhere"][2]
    out: list[Finding] = []
    for party in (Party.PERSON, Party.MANAGER):
        if not any(c.party is party and c.due is not None and c.action.strip() for c in live):
            out.append(
                Finding(
                    Guard.NOWHERE,
                    f"No dated commitment in {_PARTY_WORDS[party]}: a contract needs specific "
                    "commitments from both parties, with dates.",
                    blocks=True,
                    advice=nowhere_advice,
                )
            )
    for c in live:
        if c.due is None:
            what = f"“{c.action.strip()}”" if c.action.strip() else "A commitment with no words yet"
            out.append(
                Finding(
                    Guard.NOWHERE,
                    f"{what} has no date: by when?",
                    blocks=True,
                    commitment_id=c.commitment_id,
                    advice=nowhere_advice,
                )
            )
        elif not c.action.strip():
            out.append(
                Finding(
                    Guard.NOWHERE,
                    "A commitment has a date but no words: what is the specific action?",
                    blocks=True,
                    commitment_id=c.commitment_id,
                    advice=nowhere_advice,
                )
            )
    for c in live:
        if c.party is Party.MANAGER and not c.promise_kept and promised_outcome(c.action):
            out.append(
                Finding(
                    Guard.PROMISE,
                    f"“{c.action.strip()}” promises an outcome that may be beyond your authority.",
                    blocks=True,
                    commitment_id=c.commitment_id,
                    advice=playbook.PROMISE_ADVICE,
                    suggestion=suggested_rewording(c.action),
                )
            )
    for c in live:
        if c.status is Status.OPEN and c.due is not None and c.due < today:
            out.append(
                Finding(
                    Guard.PAST_DATE,
                    f"“{c.action.strip()}” is due {c.due.isoformat()}, which has passed: give it a new "
                    "date, or mark it done, paused or dropped.",
                    blocks=False,
                    commitment_id=c.commitment_id,
                )
            )
    seen: dict[tuple[Party, str], Commitment] = {}
    for c in live:
        key = (c.party, _normalised(c.action))
        if not key[1]:
            continue
        if key in seen:
            out.append(
                Finding(
                    Guard.DUPLICATE,
                    f"“{c.action.strip()}” appears twice in {_PARTY_WORDS[c.party]}: keep one.",
                    blocks=False,
                    commitment_id=c.commitment_id,
                )
            )
        else:
            seen[key] = c
    nxt = contract.next_conversation
    if nxt is None:
        out.append(
            Finding(
                Guard.NO_NEXT_CONVERSATION,
                "The next career conversation has no date yet: book it now.",
                blocks=False,
                advice=playbook.FAILURES["deferring"][2],
            )
        )
    elif nxt < today:
        out.append(
            Finding(
                Guard.PAST_DATE,
                f"The next career conversation is set for {nxt.isoformat()}, which has passed.",
                blocks=False,
            )
        )
    for r in reviews:
        if nxt is not None and _month_start(r.month) > nxt:
            out.append(
                Finding(
                    Guard.REVIEW_AFTER_NEXT,
                    f"The review in {r.month} falls after the next career conversation "
                    f"({nxt.isoformat()}): check in on it there, or move the review earlier.",
                    blocks=False,
                    review_id=r.review_id,
                )
            )
        elif _month_start(r.month) < today.replace(day=1):
            out.append(
                Finding(
                    Guard.PAST_DATE,
                    f"The review in {r.month} is in a month that has passed.",
                    blocks=False,
                    review_id=r.review_id,
                )
            )
    return out


def blocking(found: Iterable[Finding]) -> list[Finding]:
    return [f for f in found if f.blocks]


def can_agree(found: Iterable[Finding], override_reason: str = "") -> bool:
    """Agree when nothing blocks, or when the manager wrote why they agree anyway.

    A promise is never overridden by a reason: reword it, or keep it after reading the advice.
    """
    blocks = blocking(found)
    if not blocks:
        return True
    if any(f.guard is Guard.PROMISE for f in blocks):
        return False
    return bool(override_reason.strip())


def sent_late(contract: Contract, today: dt.date) -> bool | None:
    """True when the written summary went (or is still not gone) more than 48 hours after agreeing.

    None while there is nothing to judge: a draft, or an unsent contract still within 48 hours.
    """
    if contract.agreed is None:
        return None
    if contract.sent is None:
        return True if today - contract.agreed > SEND_WITHIN else None
    return contract.sent - contract.agreed > SEND_WITHIN


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
                f"{on.isoformat()} is before the contract was agreed ({chosen.agreed.isoformat()}); "
                "check the date."
            )
        updated = dataclasses.replace(chosen, sent=on)
        marked.append(updated)
        return [updated if c.version == chosen.version else c for c in rows]

    store.update(Contract, person_id, change)
    return marked[0]


def send_note(contract: Contract, today: dt.date) -> str:
    """Where the written summary stands, in a sentence; late sends are named as late."""
    from careernb.domain.dates import human_date

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
