"""A conversation is kept once something is said or it is marked held, and an accidental one
can go: nothing is written by starting one, marking it held asks for the day and the minutes,
deleting it names what goes, and the page names the conversation it shows."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re

import pytest

from careernb.domain.checklists import ChecklistTick
from careernb.domain.contract import Contract
from careernb.domain.conversations import Answer, Conversation, ConversationKind
from careernb.domain.dates import human_date
from careernb.domain.people import Person
from careernb.domain.sessions import Format
from careernb.follow_through.dashboard import team_rows
from careernb.views.pages.conversation import how_do_we_close_the_gap, where_are_you_now
from careernb.views.pages.conversation.page import NEW, ConversationPage
from tests.conftest import TODAY
from tests.ui.test_conversation import card

NOW = ConversationKind.NOW


def files(store) -> dict:
    return {p: p.read_bytes() for p in store.home.rglob("*.csv")}


def start(store, person_id="007", phase=NOW, fmt=Format.THREE_PHASES) -> ConversationPage:
    page = ConversationPage(store, person_id, phase, today=TODAY)
    page.chooser.value = NEW
    page.format.value = fmt
    page.start.click()
    return page


def text(widget) -> str:
    """What an HTML widget says, without its markup."""
    return html.unescape(re.sub(r"<[^>]+>", "", widget.value))


def kept(store, page, person_id="007") -> Conversation | None:
    cid = page.panel.controller.conversation_id
    return next((c for c in store.load(Conversation, person_id) if c.conversation_id == cid), None)


def dashboard_row(store, person_id):
    people = [p for p in store.load(Person) if p.person_id == person_id]
    (row,) = team_rows(store, people, TODAY)
    return row.last_conversation, row.conversation_overdue, row.due_date


def test_starting_a_conversation_writes_nothing_and_changes_no_dashboard(demo):
    priya_before = dashboard_row(demo, "012")
    assert priya_before[1]  # overdue, nothing booked
    before = files(demo)
    page = start(demo, "012")
    assert page.panel is not None and not page.panel.controller.written
    page.panel.flush()
    assert files(demo) == before
    assert dashboard_row(demo, "012") == priya_before
    assert page.conversation_id is None  # nothing to name in the address yet


def test_typing_the_first_answer_keeps_the_conversation_held_today_and_names_it(demo):
    page = start(demo, "012")
    card(page.panel, "now.best-work").answer.value = "Deep work on the planner."
    page.panel.flush()
    held = kept(demo, page, "012")
    assert held is not None and held.held == TODAY
    assert page.conversation_id == held.conversation_id
    assert [a.answer for a in demo.load(Answer, "012") if a.conversation_id == held.conversation_id] == [
        "Deep work on the planner."
    ]
    label = dict((v, k) for k, v in page.chooser.options)[page.chooser.value]
    assert "held" in label, label
    assert dashboard_row(demo, "012")[0] == TODAY


def test_a_stray_keystroke_taken_back_records_no_conversation_and_leaves_the_overdue_warning(demo):
    priya_before = dashboard_row(demo, "012")
    assert priya_before[1]  # overdue, nothing booked
    page = start(demo, "012")
    answer = card(page.panel, "now.best-work").answer
    answer.value = "x"
    page.panel.flush()
    assert kept(demo, page, "012").held == TODAY  # something said: held today
    answer.value = ""
    page.panel.flush()
    taken_back = kept(demo, page, "012")
    assert taken_back is not None and taken_back.held is None
    assert dashboard_row(demo, "012") == priya_before
    label = dict((v, k) for k, v in page.chooser.options)[page.chooser.value]
    assert "held" not in label, label
    answer.value = "Deep work on the planner."  # said again: held again
    page.panel.flush()
    assert kept(demo, page, "012").held == TODAY and dashboard_row(demo, "012")[0] == TODAY


def test_emptying_an_answer_never_takes_back_a_day_the_store_held_before(demo):
    page = where_are_you_now("007", store=demo, today=TODAY).panel
    page.chooser.value = next(cid for cid, c in page._by_id.items() if c.held is not None)
    held_before = page._by_id[page.chooser.value].held
    answer = card(page.panel, "now.best-work").answer
    answer.value = "x"
    page.panel.flush()
    answer.value = ""
    page.panel.flush()
    assert kept(demo, page, "007").held == held_before


@pytest.mark.parametrize("leave", ["choose another", "choose new", "switch person"])
def test_leaving_a_started_conversation_before_anything_is_said_leaves_nothing_behind(demo, leave):
    before = files(demo)
    outer = where_are_you_now("012", store=demo, today=TODAY)
    page = outer.panel
    page.chooser.value = NEW
    page.start.click()
    new_id = page.panel.controller.conversation_id
    assert new_id in {v for _, v in page.chooser.options}
    page.panel.clock_view.pause()  # the clock ran: minutes in memory, nothing kept
    if leave == "choose another":
        page.chooser.value = next(v for _, v in page.chooser.options if v not in (NEW, new_id))
    elif leave == "choose new":
        page.chooser.value = NEW
    else:
        outer.picker.value = "031"
    assert files(demo) == before
    shown = outer.panel  # the page of whoever is chosen now
    assert new_id not in {v for _, v in shown.chooser.options}


def test_the_clock_runs_from_the_start_and_has_no_start_button_of_its_own(demo):
    page = start(demo)
    clock = page.panel.clock_view
    assert page.panel.clock.running
    assert clock.button.description == "Pause the clock"
    clock.button.click()
    assert clock.button.description in ("Start the clock", "Resume the clock")
    assert "Start the conversation" not in (clock.button.description,)
    booked = where_are_you_now("019", store=demo, today=TODAY).panel.panel  # Mei's booking
    assert not booked.clock.running
    assert booked.clock_view.button.description == "Start the clock"


def test_trust_and_the_clock_are_kept_with_the_first_answer(demo):
    page = start(demo, phase=ConversationKind.GAP)
    panel = page.panel
    before = files(demo)
    panel.trust.value = True
    fake = [1000.0]
    panel.clock._now = lambda: fake[0]
    panel.clock._since = fake[0]
    fake[0] += 12 * 60
    panel.clock_view.pause()
    panel.flush()
    assert files(demo) == before
    card(panel, "gap.biggest").answer.value = "Design reviews."
    panel.flush()
    saved = kept(demo, page)
    assert (saved.held, saved.minutes, saved.trust_established, saved.trust_gated_shown) == (
        TODAY,
        12,
        True,
        True,
    )


def test_a_checklist_tick_keeps_the_conversation_first(demo):
    page = start(demo)
    page.panel.checklist.boxes["during.perspective"].value = True
    saved = kept(demo, page)
    assert saved is not None and saved.held == TODAY
    ticks = [t for t in demo.load(ChecklistTick, "007") if t.conversation_id == saved.conversation_id]
    assert [(t.item, t.done) for t in ticks] == [("during.perspective", True)]


def test_an_edit_to_the_contract_in_closing_the_gap_keeps_the_conversation_it_is_written_in(demo):
    from careernb.domain.contract import Party

    page = how_do_we_close_the_gap("031", store=demo, today=TODAY).panel  # Amara: no contract yet
    page.chooser.value = NEW
    page.start.click()
    builder = page.panel.builder
    assert builder is not None
    builder.model.add_commitment(Party.PERSON, "Write the runbook", TODAY + dt.timedelta(days=30))
    builder.flush()
    saved = kept(demo, page, "031")
    assert saved is not None and saved.held == TODAY
    (contract,) = demo.load(Contract, "031")
    assert contract.conversation_id == saved.conversation_id


@pytest.mark.parametrize(
    ("day", "minutes", "problem"),
    [
        (None, 50, "Give the day it was held."),
        (TODAY + dt.timedelta(days=2), 50, "is still to come"),
        (TODAY, 0, "Give how many minutes it took."),
        (TODAY, 900, "more than a working day"),
    ],
)
def test_marking_held_lists_what_is_missing_beside_the_button_and_writes_nothing(demo, day, minutes, problem):
    page = start(demo, "012")
    held = page.panel.held
    held.open_button.click()
    assert held.form.layout.display is None
    held.day.value, held.minutes.value = day, minutes
    assert problem in text(held.problems)
    assert held.record_button.disabled
    before = files(demo)
    held.record_button.click()
    assert files(demo) == before


def test_marking_held_keeps_the_day_and_minutes_given_and_names_it(demo):
    page = start(demo, "012")
    held = page.panel.held
    held.open_button.click()
    yesterday = TODAY - dt.timedelta(days=1)
    held.day.value, held.minutes.value = yesterday, 55
    assert held.problems.value == "" and not held.record_button.disabled
    held.record_button.click()
    saved = kept(demo, page, "012")
    assert (saved.held, saved.minutes) == (yesterday, 55)
    assert page.conversation_id == saved.conversation_id
    assert held.form.layout.display == "none"
    assert held.open_button.description == "Change when it was held"
    assert "held Wed 25 November 2026 · 55 min" in page.panel.header.value
    assert dashboard_row(demo, "012")[0] == yesterday
    assert page.panel.clock.minutes() == pytest.approx(55, abs=0.1)
    page.panel.flush()
    assert kept(demo, page, "012").minutes == 55  # the clock does not add its own minutes on top


def test_marking_held_a_booking_that_was_missed_offers_its_booked_day(demo):
    booked = Conversation("c-missed", "012", ConversationKind.FULL, planned=TODAY - dt.timedelta(days=3))
    demo.save(booked)
    page = ConversationPage(demo, "012", NOW, "c-missed", today=TODAY)
    page.panel.held.open_button.click()
    assert page.panel.held.day.value == booked.planned


def _said(store, page, *texts: str) -> Conversation:
    for qid, text in zip(("now.best-work", "now.energising", "now.draining"), texts, strict=False):
        card(page.panel, qid).answer.value = text
    page.panel.flush()
    return kept(store, page)


def test_deleting_asks_first_naming_the_day_and_the_answers_then_takes_them_all(demo):
    page = start(demo)
    saved = _said(demo, page, "Pairing.", "The migrations.")
    page.panel.checklist.boxes["during.perspective"].value = True
    gone = page.panel.held
    gone.delete_button.click()
    assert text(gone.question).startswith(
        "Delete the full career conversation held Thu 26 November 2026, with 2 answers and 1 checklist tick?"
    )
    gone.keep_button.click()
    assert gone.confirm.layout.display == "none"
    assert kept(demo, page) is not None
    gone.delete_button.click()
    gone.confirm_button.click()
    cid = saved.conversation_id
    assert cid not in {c.conversation_id for c in demo.load(Conversation, "007")}
    assert [a for a in demo.load(Answer, "007") if a.conversation_id == cid] == []
    assert [t for t in demo.load(ChecklistTick, "007") if t.conversation_id == cid] == []
    assert page.chooser.value == NEW and cid not in {v for _, v in page.chooser.options}
    assert page.conversation_id is None
    assert "Deleted the full career conversation held Thu 26 November 2026" in text(page.note)


def test_a_conversation_a_contract_was_written_in_is_not_deleted_and_says_why(demo):
    (made,) = [k for k in demo.load(Contract, "007") if k.conversation_id][-1:]
    page = ConversationPage(demo, "007", NOW, made.conversation_id, today=TODAY)
    before = files(demo)
    page.panel.held.delete_button.click()
    said = text(page.panel.held.question)
    assert f"version {made.version} of the development contract" in said and "stays" in said
    assert page.panel.held.confirm_button.layout.display == "none"
    assert files(demo) == before


def test_the_page_names_the_conversation_it_shows(demo):
    held = [c for c in demo.load(Conversation, "007") if c.held and c.kind.is_career]
    page = ConversationPage(demo, "007", NOW, held[0].conversation_id, today=TODAY)
    assert page.conversation_id == held[0].conversation_id
    page.chooser.value = NEW
    assert page.conversation_id is None
    other = next(v for _, v in page.chooser.options if v not in (NEW, held[0].conversation_id))
    page.chooser.value = other
    assert page.conversation_id == other


def test_deleting_a_booked_conversation_names_its_booking(demo):
    page = where_are_you_now("019", store=demo, today=TODAY).panel  # Mei: booked in 9 days
    booking = page._by_id[page.chooser.value]
    page.panel.held.delete_button.click()
    assert text(page.panel.held.question).startswith(
        f"Delete the full career conversation booked for {human_date(booking.planned)}, with no answers?"
    )


def test_a_conversation_in_the_store_with_minutes_from_the_clock_keeps_the_larger(demo):
    page = start(demo)
    saved = _said(demo, page, "Pairing.")
    demo.save(dataclasses.replace(saved, minutes=70))  # another sitting, in another tab
    page.panel.flush()
    assert kept(demo, page).minutes == 70
