"""The person's reply, end to end, in chromium: filled in from the contract file they received,
sent through their mail program (a captured ``mailto:``), taken in with ``careernb reply import``,
accepted on the Replies page of ``careernb app``, and shown on the team view.

The test measures how long each step takes and writes the figures to
test-artifacts/e2e/reply-timings.json (and prints them): the browser's time to fill the reply in
and send it, the import's, the accept's. A person is slower than a script: beside the script's
time, the figures estimate a person's with the keystroke-level model (Card, Moran and Newell:
1.35 s to decide each answer, 1.1 s to point and 0.2 s to click, 0.28 s a character typed by an
average typist), from the clicks and characters this reply takes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.message
import email.policy
import json
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from careernb import open_store
from careernb.documents import team_view
from careernb.documents.contract import export_contract
from careernb.domain.contract import Commitment, Contract, Party, Status, latest_agreed
from careernb.domain.replies import Decision, Reply, ReplyUpdate
from careernb.follow_through.replies import waiting
from tests.e2e.conftest import ARTIFACTS, REPO, Server, snap

VOILA_NOTEBOOK = "replies"  # the page `careernb app` opens on: the voila_app fixture passes it
WAIT = 180_000  # ms: a kernel per page, on two shared cores
SOFIA = "034"
CHANGED = 'The guild workshop is booked for 14 January.\nI\'d like us to talk about the "budget" again.'
NOTE = "Done: the checks now run on every pull request 🎉"
# The keystroke-level model's operators, in seconds.
DECIDE, POINT, CLICK, KEY = 1.35, 1.1, 0.2, 0.28
TIMINGS: dict[str, float] = {}


@dataclasses.dataclass(frozen=True)
class Sent:
    """The contract file Sofia received, and the commitment of hers she will say is done."""

    contract: str
    commitment: Commitment


@pytest.fixture(scope="module")
def sent(voila_app: Server, tmp_path_factory) -> Sent:
    store = open_store(voila_app.home)
    out = tmp_path_factory.mktemp("sent")
    html, _eml = export_contract(store, SOFIA, out)  # the send path: it makes the version's token
    version = latest_agreed(store.load(Contract, SOFIA)).version
    asked = {u.commitment_id for w in waiting(store) for u, _ in w.updates}
    theirs = [
        c
        for c in store.load(Commitment, SOFIA)
        if c.version == version and c.party is Party.PERSON and c.status is Status.OPEN
    ]
    commitment = next((c for c in theirs if c.commitment_id not in asked), theirs[0])
    return Sent(html.as_uri(), commitment)


@pytest.fixture(scope="module")
def mail(browser, sent: Sent, tmp_path_factory) -> str:
    """Sofia fills her reply in and sends it: the mail her mail program would have sent, as a file."""
    context = browser.new_context(viewport={"width": 1100, "height": 1000})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.add_init_script(
        "document.addEventListener('click', e => { const a = e.target.closest && e.target.closest('a');"
        " if (a && a.href.startsWith('mailto:')) { window.__mailto = a.href; e.preventDefault(); } }, true);"
    )
    started = time.perf_counter()
    page.goto(sent.contract)
    page.locator("#careernb-reply").wait_for()
    TIMINGS["contract opened, reply ready (s)"] = time.perf_counter() - started

    started = time.perf_counter()
    cid = sent.commitment.commitment_id
    page.locator(f'input[name="progress-{cid}"][value="done"]').check()
    page.fill(f"#note-{cid}", NOTE)
    page.fill("#careernb-reply-changed", CHANGED)
    for key, answer in (("seen", "strongly agree"), ("future", "agree"), ("moving", "rather not say")):
        page.locator(f'input[name="statement-{key}"][value="{answer}"]').check()
    page.get_by_role("button", name="Send to Ada").click()
    page.wait_for_function("() => !!window.__mailto")
    TIMINGS["reply filled in and sent, by script (s)"] = time.perf_counter() - started
    clicks, typed = 1 + 3 + 1 + 2, len(NOTE) + len(CHANGED)  # one answer, three statements, send; two fields
    TIMINGS["reply filled in and sent, a person, estimated (s)"] = (
        (1 + 3) * DECIDE + clicks * (POINT + CLICK) + typed * KEY
    )
    TIMINGS["reply answering the three statements only, a person, estimated (s)"] = 3 * DECIDE + 4 * (
        POINT + CLICK
    )
    snap(page, "reply-e2e-1-filled-in")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator("section.reply").screenshot(path=str(ARTIFACTS / "reply-e2e-1-the-reply.png"))
    assert page.locator("#careernb-reply-status").inner_text().startswith("Your mail program")
    mailto = page.evaluate("window.__mailto")
    context.close()
    assert [u for u in requests if not u.startswith("file:")] == []  # nothing left the page

    parts = urllib.parse.urlsplit(mailto)
    query = urllib.parse.parse_qs(parts.query)
    message = email.message.EmailMessage(policy=email.policy.SMTP)
    message["To"] = urllib.parse.unquote(parts.path)
    message["Subject"] = query["subject"][0]
    message.set_content(query["body"][0].replace("\r\n", "\n"), cte="quoted-printable")
    path = tmp_path_factory.mktemp("inbox") / "reply.eml"
    path.write_bytes(message.as_bytes())
    return str(path)


def test_the_contract_prints_without_its_reply_and_its_reply_is_reached_by_keyboard(page, sent):
    page.goto(sent.contract)
    reply = page.locator("section.reply")
    assert reply.is_visible()
    page.emulate_media(media="print")
    assert not reply.is_visible()
    page.emulate_media(media="screen")
    page.locator("body").focus()
    for _ in range(80):  # every answer, note and button of the reply is a stop on the way
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "careernb-reply-send":
            break
    else:
        pytest.fail("Send to Ada is not reached by Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.name") == "statement-moving"


def test_the_reply_goes_to_the_manager_as_words_a_person_can_read(mail):
    message = email.message_from_bytes(Path(mail).read_bytes(), policy=email.policy.default)
    assert message["To"] == "ada@example.org"
    body = message.get_content()
    assert body.startswith("Hello Ada,") and 'I\'d like us to talk about the "budget" again.' in body
    assert "I left our last career conversation feeling genuinely seen. strongly agree" in body


def test_the_mail_is_taken_in_with_careernb_reply_import(voila_app, mail, sent):
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "careernb", "reply", "import", mail, "--home", str(voila_app.home)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    TIMINGS["careernb reply import (s)"] = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    assert "Took in Sofia Rossi's reply" in done.stdout and "1 update waits" in done.stdout
    store = open_store(voila_app.home)
    latest = max(store.load(Reply, SOFIA), key=lambda r: r.written)
    assert latest.changed == CHANGED and latest.written.date() == dt.date.today()
    again = subprocess.run(
        [sys.executable, "-m", "careernb", "reply", "import", mail, "--home", str(voila_app.home)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 2 and "already taken in" in again.stderr


def test_the_update_is_accepted_on_the_replies_page_and_the_record_says_done(voila_app, page, sent):
    page.set_default_timeout(WAIT)
    page.goto(f"{voila_app.url}/replies", wait_until="domcontentloaded")
    cid = sent.commitment.commitment_id
    row = page.locator(f".careernb-reply-{SOFIA} .careernb-update-{cid}")
    row.wait_for()
    assert NOTE in row.inner_text() and sent.commitment.action in row.inner_text()
    assert "Accepting marks it done" in row.inner_text()
    snap(page, "reply-e2e-2-replies-page")
    started = time.perf_counter()
    row.get_by_role("button", name="Accept").click()
    row.locator(".careernb-decided", has_text="Accepted: marked done.").wait_for()
    TIMINGS["accepted on the Replies page (s)"] = time.perf_counter() - started
    snap(page, "reply-e2e-3-accepted")
    store = open_store(voila_app.home)
    version = sent.commitment.version
    (now,) = [c for c in store.load(Commitment, SOFIA) if c.commitment_id == cid and c.version == version]
    assert (now.status, now.done_on) == (Status.DONE, dt.date.today())
    (decided,) = [u for u in store.load(ReplyUpdate, SOFIA) if u.commitment_id == cid and u.note == NOTE]
    assert decided.decision is Decision.ACCEPTED


def test_the_team_view_shows_what_she_said(voila_app, page, tmp_path):
    store = open_store(voila_app.home)
    path = tmp_path / "team.html"
    path.write_text(team_view.render(store), encoding="utf-8")
    page.goto(path.as_uri())
    said = page.locator("table.said tbody", has_text="Sofia Rossi")
    today = dt.date.today()
    latest = said.locator("tr", has_text=f"{today:%a} {today.day} {today:%B %Y}")
    assert latest.locator("td").all_inner_texts()[1:] == ["strongly agree", "agree", "rather not say"]
    assert "The guild workshop is booked for 14 January." in said.inner_text()
    said.scroll_into_view_if_needed()
    snap(page, "reply-e2e-4-team-view")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    figures = {k: round(v, 2) for k, v in TIMINGS.items()}
    (ARTIFACTS / "reply-timings.json").write_text(json.dumps(figures, indent=1), encoding="utf-8")
    print(json.dumps(figures, indent=1))
