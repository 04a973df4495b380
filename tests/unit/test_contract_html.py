"""The contract document: a pure context from shared data, then the template."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from careernb.documents import contract as report
from careernb.documents.contract import NoContractError, context, contract_html, contract_text
from careernb.domain import playbook
from careernb.domain.contract import Commitment, Contract, Party, ReviewPoint, Status, mark_sent
from careernb.domain.conversations import Conversation, ConversationKind
from careernb.domain.dates import human_date
from careernb.domain.people import Person
from careernb.errors import CareernbError
from careernb.ownership.sharing import for_person

ME = "900"
AGREED = dt.date(2027, 1, 13)
NEXT = dt.date(2027, 4, 14)


@pytest.fixture
def one(store):
    """One person and their manager, with two contract versions."""
    store.save(Person("m1", "Ada Okafor", None, "Engineering Manager", "ada@example.org"))
    store.save(Person(ME, "Zoë Ångström", "m1", "Engineer", "zoe@example.org"))
    store.save(
        Conversation("c1", ME, ConversationKind.FULL, dt.date(2026, 10, 14), held=dt.date(2026, 10, 14)),
        Conversation("c2", ME, ConversationKind.GAP, AGREED, held=AGREED, minutes=60),
        Conversation("c3", ME, ConversationKind.FULL, NEXT, dt.time(10, 30), 60),
    )
    store.save(
        Contract(
            ME,
            1,
            dt.date(2026, 10, 14),
            dt.date(2026, 10, 15),
            dt.date(2027, 1, 13),
            "Old question",
            conversation_id="c1",
        ),
        Contract(
            ME, 2, AGREED, None, NEXT, "Whether a move into platform is realistic", conversation_id="c2"
        ),
    )
    store.save(
        Commitment(
            ME,
            1,
            "k1",
            Party.PERSON,
            "Write the RFC",
            dt.date(2026, 12, 1),
            Status.DONE,
            dt.date(2026, 11, 30),
        ),
        Commitment(ME, 1, "k2", Party.MANAGER, "Introduce you to Dana", dt.date(2026, 11, 1)),
        Commitment(ME, 2, "k2", Party.MANAGER, "Introduce you to Dana", dt.date(2027, 2, 5), position=1),
        Commitment(
            ME,
            2,
            "k3",
            Party.MANAGER,
            "Give feedback on your design reviews",
            dt.date(2027, 1, 29),
            position=0,
        ),
        Commitment(ME, 2, "k4", Party.PERSON, "Lead the next two incident reviews", dt.date(2027, 3, 15)),
        Commitment(
            ME, 2, "k5", Party.PERSON, "Shadow Dana's 1:1s", dt.date(2027, 2, 26), Status.PAUSED, position=1
        ),
    )
    store.save(
        ReviewPoint(ME, 2, "r2", "2027-03", "How the incident reviews feel"),
        ReviewPoint(ME, 2, "r1", "2027-02", "The introduction to Dana"),
    )
    return store


def test_the_context_is_the_latest_agreed_version_in_the_playbooks_structure(one):
    ctx = context(for_person(one, ME), ME)
    assert ctx["contract"].version == 2 and not ctx["draft"]
    assert [i.action for i in ctx["theirs"]] == ["Lead the next two incident reviews", "Shadow Dana's 1:1s"]
    assert [i.action for i in ctx["managers"]] == [
        "Give feedback on your design reviews",
        "Introduce you to Dana",
    ]
    assert [(i.carried, i.status) for i in ctx["managers"]] == [(False, Status.OPEN), (True, Status.OPEN)]
    assert [r.month for r in ctx["reviews"]] == ["2027-02", "2027-03"]
    assert ctx["open_question"] == "Whether a move into platform is realistic"
    assert (ctx["next_conversation"], ctx["next_time"]) == (NEXT, dt.time(10, 30))
    # only who they are, and where the person's reply goes
    assert ctx["manager"] == Person("m1", "Ada Okafor", role="Engineering Manager", email="ada@example.org")
    assert ctx["live_document"] == playbook.CONTRACT_LIVE


def test_an_earlier_version_can_be_rendered(one):
    ctx = context(for_person(one, ME), ME, 1)
    assert ctx["contract"].version == 1
    assert [(i.action, i.status) for i in ctx["theirs"]] == [("Write the RFC", Status.DONE)]


@pytest.mark.parametrize(
    ("version", "message"),
    [(7, r"no contract version 7; versions: 1, 2"), (None, None)],
)
def test_a_missing_version_says_which_exist(one, version, message):
    if message is None:
        one.save(Person("901", "Amara Nwosu", "m1", "Engineer"))
        with pytest.raises(NoContractError, match=r"Amara Nwosu \(901\) has no development contract yet"):
            contract_html(one, "901")
    else:
        with pytest.raises(CareernbError, match=message):
            contract_html(one, ME, version)


def test_the_document_reads_like_a_letter_with_human_dates(one):
    html = contract_html(one, ME)
    headings = re.findall(r"<h2>(.*?)</h2>", html)
    assert headings == [
        "Your commitments",
        "Your manager's commitments — Ada Okafor",
        "What we will review",
        "The open question we are sitting with",
        "Next career conversation",
    ]
    assert "Agreed with Ada Okafor on Wed 13 January 2027 · version 2" in html
    assert "by <strong>Fri 5 February 2027</strong>" in html
    assert "In <strong>February 2027</strong>, we will check in on" in html
    assert "Wed 14 April 2027 at 10:30" in html
    assert "carried over" in html and ">paused<" in html
    assert "2027-" not in html.split("</style>")[1]  # no machine dates in the text
    assert playbook.CONTRACT_LIVE in html
    assert "@media print" in html and "@page" in html


def test_the_plain_text_part_says_the_same(one):
    text = contract_text(one, ME)
    for line in [
        "YOUR COMMITMENTS",
        "- Lead the next two incident reviews - by Mon 15 March 2027",
        "YOUR MANAGER'S COMMITMENTS - Ada Okafor",
        "- Introduce you to Dana - by Fri 5 February 2027 (carried over)",
        "- In February 2027, we will check in on the introduction to Dana",
        "Whether a move into platform is realistic",
        "Wed 14 April 2027 at 10:30",
    ]:
        assert line in text
    assert "&#39;" not in text and "&amp;" not in text


def test_typed_text_survives_exactly(one):
    typed = 'Line one, "quoted" & <b>bold</b>\nline two — ünïcödé 🚀'
    one.update(Contract, ME, lambda rows: [dataclasses.replace(c, open_question=typed) for c in rows])
    assert typed in contract_text(one, ME)
    html = contract_html(one, ME)
    assert "Line one, &#34;quoted&#34; &amp; &lt;b&gt;bold&lt;/b&gt;\nline two — ünïcödé 🚀" in html


def test_human_dates():
    assert human_date(dt.date(2027, 1, 15)) == "Fri 15 January 2027"


def test_a_manager_can_mark_it_sent_and_a_late_send_is_named(one):
    marked = mark_sent(one, ME, on=AGREED + dt.timedelta(days=5))
    assert marked.version == 2 and marked.sent == AGREED + dt.timedelta(days=5)
    assert [c.sent for c in one.load(Contract, ME)] == [dt.date(2026, 10, 15), AGREED + dt.timedelta(days=5)]
    from careernb.domain.contract import send_note

    assert "late" in send_note(marked, AGREED + dt.timedelta(days=30))
    assert "within 48 hours of agreeing" in send_note(dataclasses.replace(marked, sent=AGREED), AGREED)
    with pytest.raises(CareernbError, match="before the contract was agreed"):
        mark_sent(one, ME, on=AGREED - dt.timedelta(days=1))
    one.save(Contract(ME, 3))
    with pytest.raises(CareernbError, match="draft: agree it first"):
        mark_sent(one, ME, 3)


def test_the_contract_export_writes_html_and_eml_named_for_forgetting_as_previewed(one, tmp_path: Path):
    from careernb.documents.outgoing import preview

    now = dt.datetime(2027, 1, 14, 9, 30, tzinfo=dt.UTC)
    written = report.export_contract(one, ME, tmp_path, now=now)
    assert [p.name for p in written] == [f"contract-{ME}-v2.html", f"contract-{ME}-v2.eml"]
    going = preview(one, ME, now=now)
    assert [p.read_bytes() for p in written] == [going.html.encode(), going.eml]
    assert "sent Thu 14 January 2027" in going.html  # the day it goes, in the document
