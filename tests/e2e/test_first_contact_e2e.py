"""First contact with the conversation, contract and review pages of `careernb app`, in chromium.

A click on "Start the conversation" leaves nothing behind; a conversation is kept once something
is said or it is marked held, its address then names it, and an accidental one is deleted after
a confirmation naming what goes. A sent contract says it is kept as sent and offers the next
version; beside the send button, what the person receives, and a promise of an outcome goes out
only with the manager's reason. A review point whose month passed without a review is shown as
missed, and what happened is recorded with the review. Every step leaves a screenshot.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from playwright.sync_api import expect

from careernb import open_store
from careernb.domain.contract import (
    Commitment,
    Contract,
    Party,
    ReviewPoint,
    in_sentence,
    latest_agreed,
    of_version,
)
from careernb.domain.conversations import Answer, Conversation, ConversationKind
from careernb.domain.dates import month_of
from careernb.domain.people import Person
from careernb.follow_through.dashboard import team_rows
from tests.e2e.conftest import Saves, Server, days_since, snap

VOILA_NOTEBOOK = "team"
WAIT = 180_000  # ms: a kernel per page, on two shared cores
TODAY = dt.date.today()
PRIYA, AMARA, TOMAS, SOFIA, ELIF = "012", "031", "007", "034", "046"
PROMISE = "Get you promoted to Staff Engineer in the spring calibration"


def _open(page, server: Server, address: str, ready: str) -> None:
    page.set_default_timeout(WAIT)
    page.goto(f"{server.url}/{address}", wait_until="domcontentloaded")
    page.locator(ready).first.wait_for()


def _conversations(server: Server, person_id: str) -> dict[str, Conversation]:
    return {c.conversation_id: c for c in open_store(server.home).load(Conversation, person_id)}


def _overdue(server: Server, person_id: str) -> tuple:
    store = open_store(server.home)
    (row,) = team_rows(store, [p for p in store.load(Person) if p.person_id == person_id], TODAY)
    return row.last_conversation, row.conversation_overdue


def test_a_started_conversation_is_kept_once_something_is_said_and_can_be_deleted(voila_app, page):
    before, overdue = _conversations(voila_app, PRIYA), _overdue(voila_app, PRIYA)
    assert overdue[1]  # the demo's story: Priya is overdue, nothing booked
    _open(page, voila_app, f"now?person={PRIYA}", ".careernb-starter")
    snap(page, "first-contact-01-now-opens-on-a-new-conversation")
    page.locator("button.careernb-start").click()
    page.locator(".careernb-conversation").wait_for()
    clock = page.locator(".careernb-clock-button")
    expect(clock).to_contain_text("Pause the clock")
    assert page.get_by_role("button", name="Start the conversation").count() == 0
    snap(page, "first-contact-02-started-nothing-kept")
    assert _conversations(voila_app, PRIYA) == before and _overdue(voila_app, PRIYA) == overdue
    assert "conversation=" not in page.url

    saves = Saves(page)
    with saves.one():
        page.locator(".careernb-answer-now-best-work textarea").fill("Deep work on the planner, no meetings.")
    (kept,) = [c for cid, c in _conversations(voila_app, PRIYA).items() if cid not in before]
    assert kept.held in days_since(TODAY)
    page.wait_for_url(f"{voila_app.url}/now?person={PRIYA}&conversation={kept.conversation_id}")
    snap(page, "first-contact-03-kept-and-named-in-the-address")

    page.locator("button.careernb-delete-conversation").click()
    question = page.locator(".careernb-delete-question")
    expect(question).to_contain_text("with 1 answer")
    expect(question).to_contain_text("held")
    snap(page, "first-contact-04-delete-asks-first")
    page.locator("button.careernb-confirm-delete").click()
    expect(page.locator(".careernb-conversation-note")).to_contain_text("Deleted the")
    page.wait_for_url(f"{voila_app.url}/now?person={PRIYA}")
    assert _conversations(voila_app, PRIYA) == before
    answers = open_store(voila_app.home).load(Answer, PRIYA)
    assert not [a for a in answers if a.conversation_id == kept.conversation_id]
    assert _overdue(voila_app, PRIYA) == overdue
    snap(page, "first-contact-05-deleted")


def test_marking_a_conversation_held_asks_for_its_day_and_minutes(voila_app, page):
    before = _conversations(voila_app, AMARA)
    _open(page, voila_app, f"direction?person={AMARA}", ".careernb-starter")
    page.locator("button.careernb-start").click()
    page.locator(".careernb-conversation").wait_for()
    page.locator("button.careernb-mark-held").click()
    minutes = page.locator(".careernb-held-minutes input")
    minutes.fill("0")
    minutes.press("Tab")
    expect(page.locator(".careernb-held-problems")).to_contain_text("Give how many minutes it took.")
    expect(page.locator("button.careernb-record-held")).to_be_disabled()
    snap(page, "first-contact-06-mark-held-says-what-is-missing")
    yesterday = TODAY - dt.timedelta(days=1)
    page.locator(".careernb-held-day input").fill(yesterday.isoformat())
    minutes.fill("50")
    minutes.press("Tab")
    expect(page.locator("button.careernb-record-held")).to_be_enabled()
    page.locator("button.careernb-record-held").click()
    expect(page.locator("button.careernb-mark-held")).to_contain_text("Change when it was held")
    (held,) = [c for cid, c in _conversations(voila_app, AMARA).items() if cid not in before]
    assert (held.held, held.minutes) == (yesterday, 50)
    page.wait_for_url(f"{voila_app.url}/direction?person={AMARA}&conversation={held.conversation_id}")
    snap(page, "first-contact-07-marked-held")


def test_a_sent_contract_says_it_is_kept_as_sent_and_starts_the_next_version(voila_app, page):
    _open(page, voila_app, f"contract?person={TOMAS}", ".careernb-contract-builder")
    kept = page.locator(".careernb-kept")
    expect(kept).to_contain_text("is kept as sent")
    expect(page.locator(".careernb-person-commitments .careernb-action input").first).to_be_disabled()
    snap(page, "first-contact-08-sent-contract-says-why")
    kept.locator("button.careernb-next-version").click()
    expect(page.locator(".careernb-contract-header")).to_contain_text("a draft")
    expect(kept).to_be_hidden()
    # Their commitments were done; the manager's open and paused ones carry over, editable.
    expect(page.locator(".careernb-manager-commitments .careernb-action input").first).to_be_enabled()
    snap(page, "first-contact-09-the-next-version")


@pytest.fixture
def agreed_with_a_promise(voila_app: Server) -> Contract:
    """Sofia's next version, agreed today and not sent, keeping a promise of an outcome."""
    store = open_store(voila_app.home)
    last = latest_agreed(store.load(Contract, SOFIA))
    draft = dataclasses.replace(last, version=last.version + 1, agreed=TODAY, sent=None, override_reason="")
    rows = [
        dataclasses.replace(c, version=draft.version)
        for c in of_version(store.load(Commitment, SOFIA), last.version)
    ]
    rows.append(
        Commitment(SOFIA, draft.version, "k-e2e", Party.MANAGER, PROMISE, TODAY + dt.timedelta(days=120),
                   position=99, promise_kept=True)
    )  # fmt: skip
    store.save(draft)
    store.save(*rows)
    return draft


def test_beside_the_send_button_what_sofia_receives_and_a_promise_needs_a_reason(
    voila_app, page, agreed_with_a_promise
):
    _open(page, voila_app, f"contract?person={SOFIA}", ".careernb-sending")
    sending = page.locator(".careernb-sending")
    sending.scroll_into_view_if_needed()
    expect(sending.locator(".careernb-send-attention")).to_contain_text("promises an outcome")
    send = sending.locator("button.careernb-send")
    expect(send).to_be_disabled()
    preview = page.frame_locator("iframe.careernb-preview-frame")
    expect(preview.locator("h1")).to_have_text("Sofia Rossi")
    expect(preview.locator("body")).to_contain_text(PROMISE)  # it would go out as written
    snap(page, "first-contact-10-preview-and-the-promise")
    reason = "The calibration slot is confirmed by my director; I told Sofia it is not certain."
    sending.locator(".careernb-send-reason input").fill(reason)
    sending.locator(".careernb-send-reason input").press("Enter")
    expect(send).to_be_enabled()
    send.click()
    expect(sending.locator(".careernb-files")).to_contain_text(".eml")
    snap(page, "first-contact-11-sent-with-a-reason")
    sent = next(
        c
        for c in open_store(voila_app.home).load(Contract, SOFIA)
        if c.version == agreed_with_a_promise.version
    )
    assert sent.sent in days_since(TODAY) and sent.override_reason == reason


@pytest.fixture
def missed_point(voila_app: Server) -> ReviewPoint:
    """Elif's review of a month gone by never happened: that month's point was missed."""
    store = open_store(voila_app.home)
    contract = latest_agreed(store.load(Contract, ELIF))
    points = [
        p for p in of_version(store.load(ReviewPoint, ELIF), contract.version) if p.month < month_of(TODAY)
    ]
    assert points, "the demo gives Elif a review point in a month gone by"
    point = points[-1]
    gone = [
        (c.conversation_id,)
        for c in store.load(Conversation, ELIF)
        if c.kind is ConversationKind.REVIEW and c.held and month_of(c.held) == point.month
    ]
    store.delete(Conversation, ELIF, gone)
    return point


def test_a_missed_review_point_is_shown_and_what_happened_is_recorded(voila_app, page, missed_point):
    _open(page, voila_app, f"review?person={ELIF}", ".careernb-review-point")
    missed = page.locator(".careernb-point-missed")
    expect(missed).to_contain_text("missed: no review in")
    expect(missed).to_contain_text(in_sentence(missed_point.aspect))
    snap(page, "first-contact-12-missed-point")
    said = "We skipped that month; she dropped the second project in the 1:1 instead."
    field = missed.locator(".careernb-what-happened input")
    field.fill(said)
    field.press("Enter")
    expect(page.locator(".careernb-save-status")).to_contain_text("Saved at")
    page.locator("button.careernb-record").click()
    expect(page.locator(".careernb-review-result")).to_contain_text("Review recorded")
    expect(page.locator(".careernb-point-taken-up")).to_contain_text(said)
    snap(page, "first-contact-13-missed-point-taken-up")
    (recorded,) = [
        c
        for c in open_store(voila_app.home).load(Conversation, ELIF)
        if c.kind is ConversationKind.REVIEW and c.held in days_since(TODAY)
    ]
    assert said in recorded.note and missed_point.aspect in recorded.note
