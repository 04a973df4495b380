"""Sending the contract: the preview is byte for byte what goes, and a promise of an outcome goes
only with the manager's reason."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy
from pathlib import Path

import pytest

from careernb.documents.contract import contract_html, export_contract
from careernb.documents.outgoing import preview, send
from careernb.domain.aspirations import Aspiration, Direction
from careernb.domain.contract import (
    Commitment,
    Contract,
    Guard,
    NotSentError,
    Party,
    ReviewPoint,
    can_send,
    mark_sent,
    send_findings,
)
from careernb.domain.people import Person
from careernb.errors import CareernbError

ME = "040"
AGREED = dt.date(2026, 10, 20)
NOW = dt.datetime(2026, 10, 21, 9, 15, tzinfo=dt.UTC)
PROMISE = "Get you promoted to Staff Engineer in the spring calibration"
REASON = "Kwame asked for these words; the committee confirmed the date in writing"


@pytest.fixture
def kwame(store):
    """An agreed, unsent contract whose manager kept a promise of an outcome after the warning."""
    store.save(Person("ada", "Ada Okafor", None, "Engineering Manager", "ada@example.org"))
    store.save(Person(ME, "Kwame Mensah", "ada", "Senior Engineer", "kwame@example.org"))
    store.save(Contract(ME, 1, AGREED, None, AGREED + dt.timedelta(days=91), "What is missing for staff?"))
    store.save(
        Commitment(
            ME,
            1,
            "k1",
            Party.MANAGER,
            "Read your case and give written feedback",
            AGREED + dt.timedelta(days=7),
        ),
        Commitment(
            ME,
            1,
            "k2",
            Party.MANAGER,
            PROMISE,
            AGREED + dt.timedelta(days=150),
            position=1,
            promise_kept=True,
        ),
        Commitment(
            ME, 1, "k3", Party.PERSON, "Map your work to the staff criteria", AGREED + dt.timedelta(days=30)
        ),
    )
    store.save(ReviewPoint(ME, 1, "r1", "2026-11", "Whether my commitments to him are done"))
    store.save(
        Aspiration(
            "a1",
            ME,
            AGREED,
            Direction.TECHNICAL_LEADERSHIP,
            "Staff engineer for the mobile platform, setting one direction for iOS and Android.",
        )
    )
    return store


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    """Where the files to send go: empty, apart from the data home."""
    folder = tmp_path / "outbox"
    folder.mkdir()
    return folder


def _reworded(store) -> None:
    store.update(
        Commitment,
        ME,
        lambda rows: [
            dataclasses.replace(c, action="Advocate for your staff case in calibration", promise_kept=False)
            if c.commitment_id == "k2"
            else c
            for c in rows
        ],
    )


def test_what_is_sent_is_byte_for_byte_the_preview(kwame, outbox: Path):
    _reworded(kwame)
    going = preview(kwame, ME, now=NOW)
    assert going.can_send() and not going.unaddressed
    written = send(kwame, ME, outbox, now=NOW)
    assert [p.name for p in written] == ["contract-040-v1.html", "contract-040-v1.eml"]
    assert [p.read_bytes() for p in written] == [going.html.encode(), going.eml]
    # The mail's HTML part is the page a view shows beside the send button.
    msg = email.message_from_bytes(going.eml, policy=email.policy.default)
    html_part = msg.get_body(("html",)).get_content().replace("\r\n", "\n")
    assert html_part.rstrip("\n") == going.mail_html.rstrip("\n")
    # The day it went is the day the document says.
    assert "sent Wed 21 October 2026" in going.html and "sent Wed 21 October 2026" in going.mail_html
    assert kwame.load(Contract, ME)[0].sent == dt.date(2026, 10, 21)
    assert contract_html(kwame, ME) == going.html  # once recorded, the document reads the same


def test_the_document_shows_where_they_said_they_want_to_go_in_their_words(kwame):
    html = preview(kwame, ME, now=NOW).html
    assert "<h2>Where you want to go</h2>" in html
    assert "Staff engineer for the mobile platform, setting one direction for iOS and Android." in html
    assert "when we spoke on Tue 20 October 2026" in html


def test_a_kept_promise_blocks_sending_until_the_manager_writes_why(kwame, outbox: Path):
    going = preview(kwame, ME, now=NOW)
    (promise,) = going.blocking
    assert promise.guard is Guard.PROMISE and promise.commitment_id == "k2"
    assert "Kwame" in promise.message and promise.suggestion.endswith("I cannot commit to the outcome")
    assert PROMISE in going.mail_html  # the preview shows it as it would go, so the manager sees it
    assert not going.can_send() and going.can_send(REASON)

    with pytest.raises(NotSentError) as refused:
        send(kwame, ME, outbox, now=NOW)
    assert refused.value.blocking == [promise] and refused.value.version == 1
    assert list(outbox.iterdir()) == [] and kwame.load(Contract, ME)[0].sent is None
    with pytest.raises(NotSentError):
        send(kwame, ME, outbox, now=NOW, override_reason="   ")  # blank is no reason
    with pytest.raises(NotSentError):
        export_contract(kwame, ME, outbox, now=NOW)  # the draft to send is the send
    assert list(outbox.iterdir()) == []

    written = send(kwame, ME, outbox, now=NOW, override_reason=REASON)
    contract = kwame.load(Contract, ME)[0]
    assert (contract.sent, contract.override_reason) == (dt.date(2026, 10, 21), REASON)
    assert all(REASON.encode() not in p.read_bytes() for p in written)  # the reason is private


def test_a_line_in_the_third_person_is_shown_and_does_not_block(kwame):
    _reworded(kwame)
    going = preview(kwame, ME, now=NOW)
    (third,) = [f for f in going.findings if f.guard is Guard.THIRD_PERSON]
    assert not third.blocks and third.review_id == "r1" and "“him”" in third.message
    assert going.can_send()


def test_a_draft_is_previewed_and_never_sent(kwame, outbox: Path):
    _reworded(kwame)
    kwame.update(Contract, ME, lambda rows: [dataclasses.replace(c, agreed=None) for c in rows])
    going = preview(kwame, ME, now=NOW)
    assert going.agreed is None and not going.can_send()
    assert "draft, not yet agreed" in going.html and "sent " not in going.html.split("</style>")[1]
    with pytest.raises(CareernbError, match="draft: agree it first"):
        send(kwame, ME, outbox, now=NOW)
    assert list(outbox.iterdir()) == []


@pytest.mark.parametrize(
    ("kept", "action", "reason", "sendable"),
    [
        (True, PROMISE, "", False),
        (True, PROMISE, REASON, True),
        (False, PROMISE, "", False),  # never checked: practice health names it too
        (False, "Advocate for your staff case in calibration", "", True),
        (False, "I promise you the tech lead role", "  ", False),
    ],
)
def test_the_send_guard_names_the_promises_practice_health_names(kept, action, reason, sendable):
    contract = Contract(ME, 1, AGREED)
    promise = Commitment(ME, 1, "k2", Party.MANAGER, action, AGREED, promise_kept=kept)
    found = send_findings(contract, [promise], person_name="Kwame Mensah")
    assert can_send(found, reason) is sendable


def test_marking_sent_without_a_reason_keeps_the_reason_already_written(kwame):
    kwame.update(Contract, ME, lambda rows: [dataclasses.replace(c, override_reason=REASON) for c in rows])
    marked = mark_sent(kwame, ME, on=AGREED, override_reason="")
    assert (marked.sent, marked.override_reason) == (AGREED, REASON)
