"""The reply a contract carries: what the person's browser shows, and the words it writes back.

Pure: from the person, their manager, the contract's commitments and the sent version's token to
the template's context (``reply_form.html.j2``) and the data its script reads (``reply.js``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from careernb.domain.contract import Commitment, Party, in_order
from careernb.domain.contract.wording import first_name
from careernb.domain.dates import human_date
from careernb.domain.people import Person
from careernb.domain.replies import STATEMENTS, Agreement, Happened, Progress

CHANGED_QUESTION = "What's changed since we last spoke?"


@dataclasses.dataclass(frozen=True)
class Asked:
    """One commitment the reply asks about."""

    id: str
    action: str
    due: str
    side: str
    """``theirs`` or ``manager``."""
    asks: str
    """The reply's field: ``progress`` (theirs) or ``happened`` (the manager's)."""
    question: str
    options: tuple[str, ...]


def _first(person: Person | None, otherwise: str) -> str:
    return (first_name(person.name) if person is not None else "") or otherwise


# side, the reply's field, the question, its answers
ASKS = {
    Party.PERSON: ("theirs", "progress", "Where is it now?", tuple(Progress)),
    Party.MANAGER: ("manager", "happened", "Did {manager} do this?", tuple(Happened)),
}


def _asked(c: Commitment, manager_first: str) -> Asked:
    side, asks, question, options = ASKS[c.party]
    due = f"by {human_date(c.due)}" if c.due else ""
    return Asked(c.commitment_id, c.action, due, side, asks, question.format(manager=manager_first), options)


def form(
    person: Person,
    manager: Person | None,
    version: int,
    commitments: Iterable[Commitment],
    token: str,
    *,
    attachment: str = "",
) -> dict:
    """The reply's context: its questions for the page, and ``data`` for its script.

    ``attachment`` names the contract's file as the mail attaches it, for a mail program that
    shows the page without running its reply."""
    manager_first = _first(manager, "your manager")
    going = [c for c in in_order(commitments) if c.version == version and c.status.carries_over]
    asked = [_asked(c, manager_first) for c in going]
    headings = {"theirs": "Your commitments", "manager": f"{manager_first}'s commitments"}
    sides = [{"heading": h, "commitments": [a for a in asked if a.side == s]} for s, h in headings.items()]
    data = {
        "person": person.person_id,
        "version": version,
        "token": token,
        "to": manager.email if manager is not None else "",
        "subject": f"My reply to our development contract (version {version})",
        "filename": f"careernb-reply-{person.person_id}-v{version}.txt",
        "greeting": f"Hello {manager_first},",
        "opening": f"Here is my reply to our development contract (version {version}).",
        "their_heading": "My commitments",
        "manager_heading": f"Your commitments, {manager_first}",
        "changed_question": CHANGED_QUESTION,
        "signature": _first(person, ""),
        "block_note": "(The lines below let careernb read this reply; please leave them as they are.)",
        "sent_note": (
            f"Your mail program should now open with the reply to {manager_first}; send it from there. "
            "If nothing opened, use Save the reply and attach the file to a mail."
        ),
        "saved_note": f"Saved. Attach the file to a mail to {manager_first}, or hand it over as you prefer.",
        "statements": [{"key": s.key, "words": s.words} for s in STATEMENTS],
        "commitments": [dataclasses.asdict(a) for a in asked],
    }
    return {
        "manager_first": manager_first,
        "attachment": attachment,
        "by_mail": (
            f"To reply, open {attachment or 'the contract'} in your web browser: how your commitments "
            f"are going, whether mine happened, what has changed, and three short statements. All of "
            "it is optional and takes a couple of minutes; nothing leaves your computer until you send it."
        ),
        "sides": [s for s in sides if s["commitments"]],
        "changed_question": CHANGED_QUESTION,
        "statements": STATEMENTS,
        "scale": tuple(Agreement),
        "data": data,
    }
