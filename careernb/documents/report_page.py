"""The report's page: the contract the person received last, its reply, and the replies they sent.

The same document ``careernb contract`` writes (:mod:`careernb.documents.contract`), rendered from
the store the page read for the signed-in person alone, with its reply sent straight to the
page (``post``) instead of through their mail program, and their replies beneath it: when they
wrote, what they said, and what became of each update.
"""

from __future__ import annotations

import dataclasses

from careernb.documents import contract
from careernb.documents.templating import render
from careernb.domain.contract import Commitment, Contract
from careernb.domain.contract.wording import first_name
from careernb.domain.dates import human_date
from careernb.domain.people import Person
from careernb.domain.replies import STATEMENTS, Decision, Reply, ReplyUpdate
from careernb.store import Store

TEMPLATE = "report_page.html.j2"
MESSAGE_TEMPLATE = "report_message.html.j2"


@dataclasses.dataclass(frozen=True)
class Post:
    """Where the reply goes on the page, the token that proves it came from the page, and where
    the person signs out."""

    url: str
    xsrf: str
    logout: str


@dataclasses.dataclass(frozen=True)
class Said:
    """One reply they sent, as the page lists it."""

    written: str
    version: int
    changed: str
    statements: tuple[tuple[str, str], ...]
    """Each statement's words and their answer, for those they answered."""
    updates: tuple[tuple[str, str, str, str], ...]
    """(commitment, what they said, their note, what became of it)."""


def _became(update: ReplyUpdate, manager: str) -> str:
    if update.decision is Decision.ACCEPTED:
        return (
            f"taken in by {manager} on {human_date(update.decided)}"
            if update.decided
            else f"taken in by {manager}"
        )
    if update.decision is Decision.SET_ASIDE:
        return f"set aside by {manager}"
    return f"waiting for {manager}"


def replies_said(store: Store, person_id: str, manager: str) -> list[Said]:
    """Their replies, newest first, each with its updates beside the commitments they were about."""
    actions = {c.commitment_id: c.action for c in store.load(Commitment, person_id) if c.action}
    updates = store.load(ReplyUpdate, person_id)
    out = []
    for reply in sorted(store.load(Reply, person_id), key=lambda r: r.written, reverse=True):
        said = [(s.words, answer.value) for s in STATEMENTS if (answer := reply.statement(s.key))]
        mine = [
            (
                actions.get(u.commitment_id, "A commitment of an earlier version"),
                said_of.value if (said_of := u.progress or u.happened) else "",
                u.note,
                _became(u, manager),
            )
            for u in updates
            if u.reply_id == reply.reply_id
        ]
        out.append(
            Said(human_date(reply.written.date()), reply.version, reply.changed, tuple(said), tuple(mine))
        )
    return out


def page(store: Store, person_id: str, *, post: Post, notice: str = "") -> str:
    """The whole page for the signed-in person: their contract with its reply, and their replies."""
    person = next(p for p in store.load(Person) if p.person_id == person_id)
    manager = next((p for p in store.load(Person) if p.person_id == person.manager_id), None)
    manager_first = first_name(manager.name) if manager else "your manager"
    said = replies_said(store, person_id, manager_first)
    received = [c for c in store.load(Contract, person_id) if c.sent is not None and c.agreed is not None]
    if not received:
        return message(
            f"Hello {first_name(person.name)}",
            f"No development contract has reached you here yet. When {manager_first} sends you one, it "
            "appears on this page, with a short reply you can send back.",
            said=said,
            logout=post.logout,
        )
    doc = contract.document(store, person_id, max(c.version for c in received))
    if doc["reply"] is not None:
        data = doc["reply"]["data"]
        data.update(
            post=post.url,
            xsrf=post.xsrf,
            sent_note=f"Sending your reply to {manager_first}…",
            failed_note=f"Your reply did not reach {manager_first}: nothing was sent. Try again in a moment.",
        )
    return render(TEMPLATE, {**doc, "said": said, "notice": notice, "logout": post.logout})


def message(heading: str, text: str, *, said: list[Said] | None = None, logout: str = "") -> str:
    """A page that says one thing: no contract yet, or why the page cannot show one."""
    return render(MESSAGE_TEMPLATE, {"heading": heading, "text": text, "said": said or [], "logout": logout})
