"""The contract's reply in chromium: its hashing agrees with Python's, and what it writes careernb reads."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import urllib.parse
from pathlib import Path

import pytest

from careernb.documents.reply_form import form
from careernb.documents.templating import ENV
from careernb.domain.contract import Commitment, Party, Status
from careernb.domain.people import Person
from careernb.domain.replies import Agreement, Happened, Progress
from careernb.domain.reply_block import find, records
from tests.e2e.conftest import snap

TOKEN = "tok-3Fv9QbXw1LmZ"
PERSON = Person("007", "Tomás Herrera", "ada")
MANAGER = Person("ada", "Ada Okafor", email="ada@example.org")
COMMITMENTS = [
    Commitment("007", 3, "c1", Party.PERSON, 'Give a talk, "quoted" & <b>bold</b>', dt.date(2026, 12, 20)),
    Commitment("007", 3, "c2", Party.PERSON, "Lead the incident review", status=Status.DONE),
    Commitment("007", 3, "m1", Party.MANAGER, "Introduce you to Priya's team", dt.date(2026, 12, 10)),
]
PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Reply</title></head>
<body><main>{}</main></body></html>"""


@pytest.fixture
def reply_page(tmp_path, page) -> Path:
    fragment = ENV.get_template("reply_form.html.j2").render(
        reply=form(PERSON, MANAGER, 3, COMMITMENTS, TOKEN)
    )
    path = tmp_path / "reply.html"
    path.write_text(PAGE.format(fragment), encoding="utf-8")
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.add_init_script(
        "document.addEventListener('click', e => { const a = e.target.closest && e.target.closest('a');"
        " if (a && a.href.startsWith('mailto:')) { window.__mailto = a.href; e.preventDefault(); } }, true);"
    )
    page.goto(path.as_uri())
    yield path
    assert [u for u in requests if not u.startswith("file:") and not u.startswith("blob:")] == []


MESSAGES = [b"", b"abc", b"x" * 55, b"x" * 56, b"x" * 64, b"x" * 119, "Tomás 👩‍💻\r\n".encode() * 40]


def test_the_pages_hmac_is_pythons_hmac(reply_page, page):
    for message in MESSAGES:
        key = TOKEN.encode() if len(message) % 2 else b"k" * 100  # a key longer than a block too
        got = page.evaluate(
            "([k, m]) => Array.from(careernbReply.hmac(new Uint8Array(k), new Uint8Array(m)))",
            [list(key), list(message)],
        )
        assert bytes(got) == hmac.new(key, message, hashlib.sha256).digest()


def test_only_commitments_still_going_are_asked_about(reply_page, page):
    names = page.locator("#careernb-reply input[type=radio]").evaluate_all("xs => xs.map(x => x.name)")
    assert {n for n in names if not n.startswith("statement-")} == {"progress-c1", "happened-m1"}
    assert page.locator("legend", has_text='Give a talk, "quoted" & <b>bold</b>').count() == 1


def test_a_reply_sent_by_mail_reads_back_as_the_person_wrote_it(reply_page, page):
    page.get_by_label("on its way").check()
    page.fill("#note-c1", "Booked the room;\nslides half done — «ok»")
    page.get_by_label("not yet").check()
    page.fill("#careernb-reply-changed", "I'd like to try the platform team.\nNA")
    page.locator('input[name="statement-seen"][value="agree"]').check()
    page.locator('input[name="statement-future"][value="rather not say"]').check()
    snap(page, "reply-form-filled")
    page.get_by_role("button", name="Send to Ada").click()
    mailto = page.evaluate("window.__mailto")
    assert mailto.startswith("mailto:ada%40example.org?subject=")
    body = urllib.parse.parse_qs(urllib.parse.urlsplit(mailto).query)["body"][0]
    assert body.startswith("Hello Ada,\r\n")
    assert "- Give a talk" in body and "Where is it now? on its way" in body
    block = find(body)
    assert block.signed_with(TOKEN)
    reply, updates = records(block, dt.date.today())  # the browser wrote it by the real clock
    assert reply.changed == "I'd like to try the platform team.\nNA"
    assert (reply.seen, reply.future, reply.moving) == (Agreement.AGREE, Agreement.RATHER_NOT_SAY, None)
    assert {(u.commitment_id, u.progress, u.happened, u.note) for u in updates} == {
        ("c1", Progress.ON_ITS_WAY, None, "Booked the room;\nslides half done — «ok»"),
        ("m1", None, Happened.NOT_YET, ""),
    }
    assert page.locator("#careernb-reply-status").inner_text().startswith("Your mail program")


def test_a_saved_reply_is_a_file_careernb_reads(reply_page, page, tmp_path):
    page.get_by_label("done", exact=True).check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Save the reply").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "careernb-reply-007-v3.txt"
    block = find(saved.read_bytes())
    assert block.signed_with(TOKEN)
    assert records(block, dt.date.today())[1][0].progress is Progress.DONE  # by the browser's clock


def test_the_reply_is_used_by_keyboard_alone(reply_page, page):
    page.locator("#careernb-reply input[type=radio]").first.focus()
    page.keyboard.press("ArrowDown")  # moves within the radio group
    checked = page.evaluate("document.querySelector('input[name=\"progress-c1\"]:checked').value")
    assert checked == "on its way"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "note-c1"
