"""The contract as an email draft (.eml): open it in a mail client, read it, send it.

The playbook: "Sent a written summary of the development contract within 48
hours". careernb sends nothing itself; the manager's mail client does. The
draft carries the contract's HTML as its body, a plain-text alternative, and
the person's address from people.csv (read through the sharing gate).
"""

from __future__ import annotations

import datetime as dt
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from careernb.documents.contract import chosen_version, contract_html, contract_text
from careernb.domain.dates import human_date
from careernb.ownership.sharing import for_person
from careernb.store import Store


def _address(name: str, email: str) -> Address | None:
    """A well-formed recipient, or None when the address is missing or malformed."""
    email = email.strip()
    if not email or email.count("@") != 1 or any(c in email for c in " \r\n<>,;\"'"):
        return None
    user, domain = email.split("@")
    if not user or not domain:
        return None
    try:
        return Address(display_name=" ".join(name.split()), username=user, domain=domain)
    except (ValueError, IndexError):
        return None


def subject(agreed: dt.date | None) -> str:
    if agreed is None:
        return "Our development contract (draft)"
    return f"Our development contract, agreed {human_date(agreed)}"


def contract_message(
    store: Store,
    person_id: str,
    version: int | None = None,
    *,
    now: dt.datetime | None = None,
) -> EmailMessage:
    """A draft email to the person with their contract: HTML body, plain-text alternative."""
    shared = for_person(store, person_id)
    person = shared.person(person_id)
    contract = chosen_version(store, person_id, version)
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = subject(contract.agreed)
    to = _address(person.name, person.email)
    if to is not None:
        msg["To"] = to
    msg["Date"] = format_datetime((now or dt.datetime.now(dt.UTC)).astimezone())
    msg["X-Unsent"] = "1"  # mail clients open it as a draft to send, not as a received mail
    msg.set_content(contract_text(store, person_id, contract.version))
    msg.add_alternative(contract_html(store, person_id, contract.version), subtype="html")
    return msg


def has_recipient(msg: EmailMessage) -> bool:
    return msg["To"] is not None
