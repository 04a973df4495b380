"""Honest guards: what needs attention in a draft contract before "agree contract".

Pure functions over a draft, in the playbook's words. They return findings and never
raise: the builder shows them as a list, and :func:`can_agree` decides whether agreeing
is allowed (a reason written by the manager overrides everything but a promise, which is
reworded or kept after reading the advice, and a contract with nothing in it). A kept
promise is named again before sending
(:func:`careernb.domain.contract.written_summary.send_findings`), where it needs the
manager's reason like any other guard.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
from collections.abc import Iterable

from careernb.domain.contract.records import Commitment, Contract, Party, ReviewPoint, Status, in_order
from careernb.domain.contract.wording import first_name, third_person
from careernb.domain.dates import human_date, human_month, month_start


class Guard(enum.StrEnum):
    EMPTY = "nothing agreed"
    """No commitment on either side: nothing to agree, whatever the reason."""
    NOWHERE = "goes nowhere"
    """Failure 5: no dated commitment from one side, or a commitment without a date."""
    PROMISE = "promise"
    """Failure 4: a manager's commitment promises an outcome outside their authority."""
    PROMISE_KEPT = "promise kept"
    """A promise the manager kept after the warning: it goes out only with their reason."""
    PAST_DATE = "past date"
    DUPLICATE = "duplicate"
    REVIEW_AFTER_NEXT = "review after the next conversation"
    NO_NEXT_CONVERSATION = "no next conversation"
    THIRD_PERSON = "third person"
    """A line that speaks of the person as "him" or "her" in a contract written to them."""


NEVER_OVERRIDDEN = frozenset({Guard.EMPTY, Guard.PROMISE})
"""What no written reason overrides: a promise is reworded or kept; an empty contract is filled."""


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


def promise_finding(c: Commitment, guard: Guard, message: str, *, blocks: bool) -> Finding:
    """A finding on a commitment that promises an outcome: the playbook's advice and a rewording."""
    from careernb.domain import playbook

    return Finding(
        guard,
        message,
        blocks=blocks,
        commitment_id=c.commitment_id,
        advice=playbook.PROMISE_ADVICE,
        suggestion=suggested_rewording(c.action),
    )


def _normalised(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def findings(
    contract: Contract,
    commitments: Iterable[Commitment],
    review_points: Iterable[ReviewPoint],
    today: dt.date,
    *,
    person_name: str = "",
) -> list[Finding]:
    """What needs attention in one version before it is agreed, most serious first.

    ``person_name`` lets the third-person check find the person's name as well as "him"/"her".
    """
    from careernb.domain import playbook

    mine = in_order(c for c in commitments if c.version == contract.version)
    live = [c for c in mine if c.status is not Status.DROPPED]
    reviews = sorted((r for r in review_points if r.version == contract.version), key=lambda r: r.month)
    nowhere_advice = playbook.FAILURES["nowhere"][2]
    out: list[Finding] = []
    if not any(c.action.strip() for c in live):
        out.append(
            Finding(
                Guard.EMPTY,
                "Nothing is agreed yet: a contract with no commitment on either side cannot be "
                "agreed, whatever the reason.",
                blocks=True,
                advice=nowhere_advice,
            )
        )
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
            what = f"“{c.action.strip()}” promises an outcome that may be beyond your authority."
            out.append(promise_finding(c, Guard.PROMISE, what, blocks=True))
        elif c.party is Party.MANAGER and c.promise_kept:
            what = (
                f"“{c.action.strip()}” keeps its promise of an outcome: it will reach them as written, "
                "so sending the contract will need your reason."
            )
            out.append(promise_finding(c, Guard.PROMISE_KEPT, what, blocks=False))
    for c in live:
        if c.status is Status.OPEN and c.due is not None and c.due < today:
            out.append(
                Finding(
                    Guard.PAST_DATE,
                    f"“{c.action.strip()}” is due {human_date(c.due)}, which has passed: give it a new "
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
                f"The next career conversation is set for {human_date(nxt)}, which has passed.",
                blocks=False,
            )
        )
    for r in reviews:
        if nxt is not None and month_start(r.month) > nxt:
            out.append(
                Finding(
                    Guard.REVIEW_AFTER_NEXT,
                    f"The review in {human_month(r.month)} falls after the next career conversation "
                    f"({human_date(nxt)}): check in on it there, or move the review earlier.",
                    blocks=False,
                    review_id=r.review_id,
                )
            )
        elif month_start(r.month) < today.replace(day=1):
            out.append(
                Finding(
                    Guard.PAST_DATE,
                    f"The review in {human_month(r.month)} is in a month that has passed.",
                    blocks=False,
                    review_id=r.review_id,
                )
            )
    return out + third_person_findings(contract, live, reviews, person_name)


def third_person_findings(
    contract: Contract, commitments: Iterable[Commitment], reviews: Iterable[ReviewPoint], person_name: str
) -> list[Finding]:
    """Each line of the contract that speaks of the person in the third person: shown, never
    rewritten (see :mod:`careernb.domain.contract.wording` for why)."""
    who, to = first_name(person_name) or "the person", first_name(person_name) or "them"
    lines: list[tuple[str, dict[str, str]]] = [
        *((c.action, {"commitment_id": c.commitment_id}) for c in commitments),
        *((r.aspect, {"review_id": r.review_id}) for r in reviews),
        (contract.open_question, {}),
    ]
    out = []
    for text, where in lines:
        words = third_person(text, person_name)
        if words:
            quoted = ", ".join(f"“{w}”" for w in words)
            out.append(
                Finding(
                    Guard.THIRD_PERSON,
                    f"“{text.strip()}” speaks of {who} in the third person ({quoted}), but the "
                    f"contract is written to {to}: say “you” or “your”.",
                    blocks=False,
                    **where,
                )
            )
    return out


def blocking(found: Iterable[Finding]) -> list[Finding]:
    return [f for f in found if f.blocks]


def can_agree(found: Iterable[Finding], override_reason: str = "") -> bool:
    """Agree when nothing blocks, or when the manager wrote why they agree anyway.

    A promise is never overridden by a reason (reword it, or keep it after reading the advice),
    nor a contract with nothing in it.
    """
    blocks = blocking(found)
    if not blocks:
        return True
    if any(f.guard in NEVER_OVERRIDDEN for f in blocks):
        return False
    return bool(override_reason.strip())
