"""The .eml draft: the contract as HTML body, a text alternative, the person's address."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy
import re

import pytest

from careernb.documents.contract import (
    INVITATION,
    contract_html,
    contract_message,
    contract_text,
    document,
    mail_html_of,
    mail_text_of,
)
from careernb.domain.people import Person

NOW = dt.datetime(2026, 11, 26, 15, 0, tzinfo=dt.UTC)


def _parse(raw: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)


def test_the_draft_is_addressed_to_the_person_with_the_contract_as_its_body(demo):
    raw = contract_message(demo, "007", now=NOW).as_bytes()
    msg = _parse(raw)
    assert msg["To"].addresses[0].display_name == "Tomás Herrera"
    assert msg["To"].addresses[0].addr_spec == "tomas@example.org"
    assert msg["Subject"] == "Our development contract, agreed Thu 15 October 2026"
    assert msg["X-Unsent"] == "1" and msg["From"] is None  # the manager's mail client fills in From
    # the letter, and the contract as a file to open in a browser, where the reply runs
    assert msg.get_content_type() == "multipart/mixed"
    body, attached = msg.iter_parts()
    assert body.get_content_type() == "multipart/alternative"
    text, html = (p.get_content().replace("\r\n", "\n") for p in body.iter_parts())
    # The very same document, inside the manager's letter (mail has CRLF line ends).
    doc = document(demo, "007")
    assert html.rstrip("\n") == mail_html_of(doc).rstrip("\n")
    assert text.rstrip("\n") == mail_text_of(doc).rstrip("\n")
    assert contract_text(demo, "007").strip() in text
    assert attached.get_filename() == "contract-007-v4.html"
    assert attached.get_content().replace("\r\n", "\n").rstrip("\n") == contract_html(demo, "007")
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))  # RFC 5322 line limit


def test_the_mail_greets_the_person_invites_a_correction_and_is_signed_by_their_manager(demo):
    msg = _parse(contract_message(demo, "007", now=NOW).as_bytes())
    text, html = (msg.get_body((k,)).get_content().replace("\r\n", "\n") for k in ("plain", "html"))
    assert text.startswith("Hi Tomás,\n\nThank you for our career conversation.")
    assert "we agreed on Thu 15 October 2026" in text
    assert text.rstrip().endswith(f"{INVITATION}\n\nAda")
    assert "<p>Hi Tomás,</p>" in html and re.search(
        rf"<p>{INVITATION}</p>\s*<p>Ada</p>\s*</div>\s*</main>", html
    )
    # The document on its own (the .html file) is the contract, not a letter.
    assert "Hi Tomás" not in contract_html(demo, "007") and INVITATION not in contract_html(demo, "007")


def test_without_a_manager_in_the_store_the_letter_has_no_signature(demo):
    demo.update(
        Person,
        None,
        lambda rows: [dataclasses.replace(p, manager_id=None) if p.person_id == "007" else p for p in rows],
    )
    text = _parse(contract_message(demo, "007", now=NOW).as_bytes()).get_body(("plain",)).get_content()
    assert text.replace("\r\n", "\n").rstrip().endswith(INVITATION)


def test_the_same_draft_is_the_same_bytes(demo):
    assert (
        contract_message(demo, "007", now=NOW).as_bytes() == contract_message(demo, "007", now=NOW).as_bytes()
    )


@pytest.mark.parametrize(
    ("address", "addressed"),
    [
        ("tomas@example.org", True),
        ("", False),
        ("not an address", False),
        ("two@at@example.org", False),
        ("evil@example.org\r\nBcc: everyone@example.org", False),
    ],
)
def test_a_missing_or_malformed_address_leaves_the_recipient_to_the_manager(demo, address, addressed):
    demo.update(
        Person,
        None,
        lambda rows: [dataclasses.replace(p, email=address) if p.person_id == "007" else p for p in rows],
    )
    raw = contract_message(demo, "007", now=NOW).as_bytes()
    msg = _parse(raw)
    assert (msg["To"] is not None) is addressed
    assert b"Bcc" not in raw


def test_a_name_with_a_line_break_cannot_add_a_header(demo):
    demo.update(
        Person,
        None,
        lambda rows: [
            dataclasses.replace(p, name="Tomás\r\nBcc: x@example.org") if p.person_id == "007" else p
            for p in rows
        ],
    )
    raw = contract_message(demo, "007", now=NOW).as_bytes()
    headers = raw.split(b"\r\n\r\n", 1)[0]
    assert not any(line.startswith(b"Bcc") for line in headers.split(b"\r\n"))


def test_a_draft_version_says_so_in_the_subject(demo):
    from careernb.domain.contract import Contract

    latest = max(c.version for c in demo.load(Contract, "007"))
    demo.save(Contract("007", latest + 1))
    msg = _parse(contract_message(demo, "007", latest + 1, now=NOW).as_bytes())
    assert msg["Subject"] == "Our development contract (draft)"


def test_the_contract_and_its_draft_cross_the_sharing_gate_once(demo, tmp_path, monkeypatch):
    from careernb.documents import contract
    from careernb.ownership import sharing

    calls = []

    def counted(store, person_id, *kinds):
        calls.append(person_id)
        return sharing.for_person(store, person_id, *kinds)

    monkeypatch.setattr(contract, "for_person", counted)
    written = contract.export_contract(demo, "007", tmp_path)
    assert [p.suffix for p in written] == [".html", ".eml"]
    assert calls == ["007"]
    calls.clear()
    contract_message(demo, "007", now=NOW)
    assert calls == ["007"]


@pytest.mark.parametrize(
    ("address", "addressed"),
    [("tomas@example.org", True), ("", False), ("evil@example.org\r\nBcc: everyone@example.org", False)],
)
def test_the_advance_prompt_checks_the_address_as_the_contract_does(demo, address, addressed):
    from careernb.documents.advance_prompt import draft, to_eml

    demo.update(
        Person,
        None,
        lambda rows: [dataclasses.replace(p, email=address) if p.person_id == "007" else p for p in rows],
    )
    raw = to_eml(draft(demo, "007"))
    msg = _parse(raw)
    assert (msg["To"] is not None) is addressed
    assert msg["X-Unsent"] == "1" and msg["From"] is None
    assert b"Bcc" not in raw


def test_the_command_says_when_the_address_is_there_but_no_mail_client_can_send_to_it(demo, tmp_path, capsys):
    from careernb.cli import main

    argv = ["contract", "007", "--home", str(demo.home), "--out", str(tmp_path / "c.html")]
    for address, said in [
        ("", "warning: people.csv has no email address for them;"),
        (
            "Tomás <tomas@example.org>",
            "warning: their address in people.csv, 'Tomás <tomas@example.org>', is not",
        ),
    ]:
        demo.update(
            Person,
            None,
            lambda rows, address=address: [
                dataclasses.replace(p, email=address) if p.person_id == "007" else p for p in rows
            ],
        )
        assert main([*argv, "--eml", str(tmp_path / "c.eml")]) == 0
        assert said in capsys.readouterr().out


def test_a_draft_that_promises_an_outcome_is_not_written_and_the_command_says_how_to_send_it(
    demo, tmp_path, capsys
):
    from careernb.cli import main

    out, eml = tmp_path / "c.html", tmp_path / "c.eml"
    argv = ["contract", "040", "--home", str(demo.home), "--out", str(out), "--eml", str(eml)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "contract was not written as an email draft: “Get you promoted" in err
    assert '--mark-sent --reason "why"' in err and "Nothing was changed." in err
    assert not out.exists() and not eml.exists()
    assert main([*argv, "--mark-sent", "--reason", "Agreed with the director already"]) == 0
    assert out.exists() and eml.exists()
