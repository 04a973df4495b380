"""Email drafts (.eml): careernb writes them, the manager's mail client sends them.

One builder for every draft careernb writes — the development contract ("a written
summary ... within 48 hours") and the light prompt sent a few days before a conversation.
Each is an unsent draft (``X-Unsent: 1``) with no ``From`` (the mail client fills it in),
addressed to the person only when people.csv holds a well-formed address: a missing or
malformed one leaves the recipient to the manager, and a name or address can never add a
header.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from careernb.documents.shown import one_line, printable


def recipient(name: str, email: str) -> Address | None:
    """A well-formed recipient, or None when the address is missing or malformed."""
    email = email.strip()
    if not email or email.count("@") != 1 or any(c in email for c in " \r\n<>,;\"'"):
        return None
    user, domain = email.split("@")
    if not user or not domain:
        return None
    try:
        return Address(display_name=one_line(name), username=user, domain=domain)
    except (ValueError, IndexError):
        return None


def unaddressed(email: str, where: str) -> str:
    """Why a draft to ``email`` has no recipient ("" when it has one), naming ``where`` the
    store keeps people's addresses."""
    if not email.strip():
        return f"{where} has no email address for them"
    if recipient("", email) is None:
        return f"their address in {where}, {email.strip()!r}, is not one a mail client can send to"
    return ""


def draft(
    subject: str,
    *,
    to_name: str,
    to_email: str,
    text: str,
    html: str | None = None,
    now: dt.datetime | None = None,
    attach_html: tuple[str, str] | None = None,
) -> EmailMessage:
    """An unsent draft to one person: the text, and the HTML as its alternative when given.

    ``attach_html`` (a file name and its HTML) goes with it as a file: a page the person opens
    in a browser, where its script runs, as no mail program runs one."""
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = one_line(subject)
    to = recipient(to_name, to_email)
    if to is not None:
        msg["To"] = to
    msg["Date"] = format_datetime((now or dt.datetime.now(dt.UTC)).astimezone())
    msg["X-Unsent"] = "1"  # mail clients open it as a draft to send, not as a received mail
    msg.set_content(printable(text))
    if html is not None:
        msg.add_alternative(html, subtype="html")
        # Named from the content, not drawn at random: the same draft is the same bytes, so a
        # preview is exactly what is sent. A text cannot hold its own digest, so no part can
        # contain the boundary.
        digest = hashlib.sha256(f"{subject}\0{text}\0{html}".encode()).hexdigest()[:32]
        msg.set_boundary(f"careernb-{digest}")
    if attach_html is not None:
        filename, page = attach_html
        msg.add_attachment(page, subtype="html", charset="utf-8", filename=filename)
        digest = hashlib.sha256(f"{subject}\0{text}\0{html}\0{filename}\0{page}".encode()).hexdigest()[:32]
        msg.set_boundary(f"careernb-mixed-{digest}")
    return msg


def has_recipient(msg: EmailMessage) -> bool:
    return msg["To"] is not None
