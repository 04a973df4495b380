"""Sending a contract from its page: beside the send button, exactly what the person will receive;
a promise of an outcome goes out only with the manager's reason, as the other guards ask."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import html
import re

import pytest

from careernb.domain.contract import Contract, Party
from careernb.views.pages.contract.view import contract_builder
from tests.ui.conftest import ME, TODAY
from tests.ui.test_contract_builder import _agreeable, _write

PROMISE = "Get you promoted to Staff Engineer in the spring calibration"
REASON = "My director confirmed the calibration slot in writing; I told Zoë it is not certain."


def text(widget) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", widget.value)).split())


def files(store) -> dict:
    return {p: p.read_bytes() for p in store.home.rglob("*") if p.is_file()}


def agreed(store, *, promise: bool = False):
    b = contract_builder(store, ME, "c3", today=TODAY)
    _agreeable(b)
    if promise:
        _write(b, Party.MANAGER, PROMISE, dt.date(2027, 3, 31))
        (box,) = b.promise_actions.children
        box.children[1].click()  # "Keep my wording", after reading the advice
    assert not b.agree_button.disabled, b.attention.value
    b.flush()  # saved after the pause in typing, as in the browser, before agreeing
    b.agree_button.click()
    return b


def _html_part(eml: bytes) -> str:
    message = email.message_from_bytes(eml, policy=email.policy.default)
    return message.get_body(("html",)).get_content()


def test_beside_the_send_button_is_exactly_what_the_person_receives(third):
    b = agreed(third)
    sending = b.sending
    going = b.controller.outgoing()
    assert going.agreed == TODAY
    assert sending.layout.display is None and sending.preview.layout.display is None
    shown = sending.preview.value
    assert 'sandbox=""' in shown and html.escape(going.mail_html, quote=True) in shown
    header = text(sending.preview_header)
    subject = email.message_from_bytes(going.eml, policy=email.policy.default)["Subject"]
    assert "zoe@example.org" in header and f"Subject: {subject}" in header
    assert not sending.send_button.disabled
    sending.send_button.click()
    assert b.errors.value == ""
    folder = third.home / "reports" / "contracts"
    assert (folder / "contract-900-v1.html").read_text(encoding="utf-8") == going.html
    assert _html_part((folder / "contract-900-v1.eml").read_bytes()) == _html_part(going.eml)
    assert (folder / "follow-through-900.ics").exists()
    (contract,) = third.load(Contract, ME)
    assert contract.sent == TODAY
    assert "contract-900-v1.eml" in text(sending.files)
    assert sending.send_button.layout.display == "none"  # sent: kept as sent


def test_a_draft_has_nothing_to_send_yet(third):
    b = contract_builder(third, ME, "c3", today=TODAY)
    assert b.sending.layout.display == "none"


@pytest.mark.parametrize("button", ["send_button", "sent_button"])
def test_a_promise_of_an_outcome_goes_out_only_with_the_managers_reason(third, button):
    b = agreed(third, promise=True)
    sending = b.sending
    said = text(sending.attention)
    assert PROMISE in said and "promises an outcome" in said, said
    assert sending.reason.layout.display is None
    assert sending.send_button.disabled and sending.sent_button.disabled
    assert PROMISE in html.unescape(sending.preview.value)  # it goes out as written

    before = files(third)
    getattr(sending, button).click()  # clicked anyway: refused, nothing written, not marked sent
    assert "was not marked sent" in html.unescape(b.errors.value)
    assert files(third) == before

    sending.reason.value = REASON
    assert not sending.send_button.disabled and not sending.sent_button.disabled
    getattr(sending, button).click()
    (contract,) = third.load(Contract, ME)
    assert (contract.sent, contract.override_reason) == (TODAY, REASON)
    assert REASON not in html.unescape(sending.preview.value)  # the reason is the manager's alone


@pytest.mark.parametrize(("person", "again"), [("007", True), ("040", False)])
def test_a_sent_contract_shows_what_went_and_prepares_it_again_unless_a_promise_has_no_reason(
    demo, person, again
):
    b = contract_builder(demo, person, today=TODAY)  # Kwame's went out, late, with a promise
    sending = b.sending
    assert sending.send_button.layout.display == "none" and sending.attention.value == ""
    assert (sending.files_button.layout.display is None) is again
    assert f"What {b.person.name.split()[0]} received" in text(sending.preview_heading)
    if again:
        sending.files_button.click()
        assert b.errors.value == "" and f"contract-{person}-v4.eml" in text(sending.files)
