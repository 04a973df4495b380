"""Send a light prompt in advance: the playbook's message, ready to send.

"A few days before the conversation, send a message" with the four prompts.
The message goes to the person, so what it says about them is read through
:mod:`careernb.ownership.sharing`: their name, their address, the booked date, and
their manager's name; nothing private.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from careernb.documents import mail
from careernb.domain import playbook
from careernb.domain.conversations import Conversation
from careernb.domain.dates import human_date
from careernb.domain.sessions import next_booked
from careernb.errors import CareernbError
from careernb.ownership.exports import private_file
from careernb.ownership.sharing import for_person
from careernb.store import Store

OUTBOX = "outbox"
"""Drafts are written under the data home, in this folder."""


@dataclasses.dataclass(frozen=True)
class AdvancePrompt:
    """The light prompt to one person: ready-to-send text and the draft's headers."""

    person_id: str
    to_name: str
    to_address: str
    subject: str
    body: str
    booked: dt.date | None


def first_name(name: str) -> str:
    parts = name.split()
    return parts[0] if parts else name


def message(
    name: str,
    manager_name: str | None,
    booked: dt.date | None,
    at: dt.time | None = None,
    minutes: int | None = None,
) -> tuple[str, str]:
    """Subject and body: a greeting, the playbook's prompt word for word, and the booking."""
    when = ""
    if booked is not None:
        when = human_date(booked)
        if at is not None:
            when += f" at {at:%H:%M}"
    subject = f"Before our career conversation on {when}" if when else "Before our career conversation"
    lines = [f"Hi {first_name(name)},", "", playbook.ADVANCE_PROMPT, ""]
    if when:
        length = f", for {minutes} minutes" if minutes else ""
        lines += [f"We're booked for {when}{length}.", ""]
    if manager_name:
        lines.append(first_name(manager_name))
    return subject, "\n".join(lines).rstrip("\n") + "\n"


def draft(
    store: Store, person_id: str, conversation_id: str | None = None, *, today: dt.date | None = None
) -> AdvancePrompt:
    """The prompt for one person and a booked conversation: the one given, else the one
    Prepare shows as next (:func:`careernb.domain.sessions.next_booked` as of ``today``)."""
    shared = for_person(store, person_id)
    person = shared.person(person_id)
    manager = next((p for p in shared.people if p.person_id != person_id), None)
    conversations = shared.records(Conversation, person_id)
    if conversation_id is None:
        booked = next_booked(conversations, today or dt.date.today())
    else:
        booked = next((c for c in conversations if c.conversation_id == conversation_id), None)
        if booked is None:
            raise CareernbError(f"No conversation {conversation_id!r} for this person; book it first.")
    subject, body = message(
        person.name,
        manager.name if manager else None,
        booked.planned if booked else None,
        booked.planned_time if booked else None,
        booked.planned_minutes if booked else None,
    )
    return AdvancePrompt(
        person_id, person.name, person.email, subject, body, booked.planned if booked else None
    )


def to_eml(prompt: AdvancePrompt, *, body: str | None = None) -> bytes:
    """An unsent draft a mail client opens ready to edit and send; ``body`` as the manager edited it."""
    return mail.draft(
        prompt.subject,
        to_name=prompt.to_name,
        to_email=prompt.to_address,
        text=body if body is not None else prompt.body,
    ).as_bytes()


def write_eml(
    store: Store, prompt: AdvancePrompt, *, body: str | None = None, folder: Path | None = None
) -> Path:
    """Write the draft as ``<home>/outbox/<person>-advance-prompt-<date>.eml`` (owner-only)."""
    if folder is None:
        if store.home is None:
            raise CareernbError(
                "An organisation's database has no outbox: give the folder to write the draft in."
            )
        folder = store.home / OUTBOX
    folder = Path(folder)
    day = prompt.booked.isoformat() if prompt.booked else "unbooked"
    path = folder / f"{prompt.person_id}-advance-prompt-{day}.eml"
    return private_file(path, to_eml(prompt, body=body))
