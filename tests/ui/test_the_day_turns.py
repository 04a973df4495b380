"""A page left open past midnight records the new day: a conversation held, a check-in logged, a
review recorded, a contract agreed and sent, a reply's update decided, a guess written, a booking
checked and the team read are each dated the day they happen, not the day the page was opened.
A day pinned (tests, papermill, the demo) stays pinned."""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt

import ipywidgets as w
import pytest

from careernb.domain.contract import Contract
from careernb.domain.conversations import Conversation, ConversationKind
from careernb.domain.replies import Decision
from careernb.domain.self_test import Guess
from careernb.domain.signals import Signal, SignalKind
from careernb.errors import CareernbError
from careernb.follow_through.review import Outcome
from careernb.views import navigation
from careernb.views.kit import parameters
from careernb.views.kit.parameters import Today, when_the_day_turns
from careernb.views.pages.check_in.view import CheckInPanel
from careernb.views.pages.contract.view import contract_builder
from careernb.views.pages.conversation.page import ConversationPage
from careernb.views.pages.dashboard.view import DashboardPanel
from careernb.views.pages.prepare.view import PreparePanel
from careernb.views.pages.replies.view import RepliesPanel
from careernb.views.pages.review.view import ReviewPanel
from careernb.views.pages.self_test.view import SelfTestPanel
from tests.conftest import TODAY, on_a_loop_of_its_own
from tests.ui.conftest import ME
from tests.ui.test_contract_builder import _agreeable
from tests.ui.test_conversation import card, conversation_in_store, save
from tests.ui.test_replies_ui import SOFIA, decision_of

NEXT = TODAY + dt.timedelta(days=1)


class Night:
    """The computer's clock, for a page opened on TODAY and still open after midnight."""

    def __init__(self) -> None:
        self.day = TODAY

    def __call__(self) -> dt.date:
        return self.day

    def passes(self) -> None:
        self.day += dt.timedelta(days=1)


def opened_today() -> tuple[Night, Today]:
    night = Night()
    return night, Today(clock=night)


def test_a_day_given_is_pinned_and_none_is_the_computers_day():
    assert Today(TODAY)() == TODAY == Today("2026-11-26")() == Today.of(TODAY)()
    assert Today()() == dt.date.today() == Today.of(None)() == Today("")()
    clock = Today(clock=lambda: NEXT)
    assert Today.of(clock) is clock and clock() == NEXT
    assert Today(TODAY, clock=lambda: NEXT)() == TODAY  # pinned wins over the clock
    with pytest.raises(CareernbError, match=r"today='26/11/2026' is not a date; write it as YYYY-MM-DD"):
        Today("26/11/2026")


def test_a_conversation_first_spoken_in_after_midnight_is_held_the_new_day(demo):
    night, today = opened_today()
    page = ConversationPage(demo, "007", ConversationKind.NOW, today=today)
    page.chooser.value = "new"
    page.start.click()
    night.passes()
    card(page.panel, "now.best-work").answer.value = "The migration, end to end."
    save(page.panel)
    assert conversation_in_store(demo, page.panel).held == NEXT


def test_a_check_in_logged_after_midnight_is_the_new_days_and_books_from_it(demo):
    night, today = opened_today()
    panel = CheckInPanel(demo, "034", today)
    night.passes()
    panel.note.value = "Mentioned a recruiter call."
    panel.triggers[SignalKind.APPROACHED].value = True
    panel.log_button.click()
    assert [s.kind for s in demo.load(Signal, "034") if s.noticed == NEXT] == [SignalKind.APPROACHED]
    held = [
        c for c in demo.load(Conversation, "034") if c.kind is ConversationKind.CHECK_IN and c.held == NEXT
    ]
    assert len(held) == 1
    (form,) = panel.next_steps.children[1:]
    assert form.day.value == NEXT + dt.timedelta(days=1)  # urgent: the day after the new today


def test_a_review_recorded_after_midnight_is_held_and_done_the_new_day(demo):
    night, today = opened_today()
    panel = ReviewPanel(demo, "040", today)
    night.passes()
    for r in panel.rows:
        r.outcome.value = Outcome.KEEP
    next(r for r in panel.rows if r.commitment.commitment_id == "k0029").outcome.value = Outcome.DONE
    panel.record_button.click()
    assert panel.errors.value == "", panel.errors.value
    reviews = [c for c in demo.load(Conversation, "040") if c.kind is ConversationKind.REVIEW and c.held]
    assert max(c.held for c in reviews) == NEXT


def test_a_contract_agreed_and_marked_sent_after_midnight_carries_the_new_day(third):
    night, today = opened_today()
    b = contract_builder(third, ME, "c3", today=today)
    _agreeable(b)
    b.flush()
    night.passes()
    b.agree_button.click()
    b.sending.sent_button.click()
    (contract,) = third.load(Contract, ME)
    assert (contract.agreed, contract.sent) == (NEXT, NEXT)


def test_an_update_decided_after_midnight_is_decided_the_new_day(demo):
    night, today = opened_today()
    panel = RepliesPanel(demo, today)
    night.passes()
    mine, _theirs = panel.card(SOFIA).rows
    mine.accept.click()
    assert decision_of(demo, mine.update) == (Decision.ACCEPTED, NEXT)


def test_a_guess_written_after_midnight_is_the_new_days(demo):
    night, today = opened_today()
    panel = SelfTestPanel(demo, today)
    night.passes()
    panel.rows[0].three_year.value = "Leading a team of her own"
    panel.compare()
    person_id = panel.rows[0].person.person_id
    assert [
        g.written for g in demo.load(Guess, person_id) if g.three_year == "Leading a team of her own"
    ] == [NEXT]
    # a blank guess ("could not say") is kept that day too
    blank = panel.model.guesses[panel.rows[1].person.person_id].guess_id
    assert [g.written for g in demo.load(Guess, panel.rows[1].person.person_id) if g.guess_id == blank] == [
        NEXT
    ]


def test_a_booking_for_the_day_just_gone_is_refused_after_midnight(demo):
    night, today = opened_today()
    panel = PreparePanel(demo, "023", today=today)
    panel.date.value = TODAY
    night.passes()
    panel.book.click()
    assert "is in the past" in panel.errors.value
    assert not [c for c in demo.load(Conversation, "023") if c.planned == TODAY and c.held is None]


def test_the_team_read_again_after_midnight_is_read_on_the_new_day(demo, tmp_path):
    night, today = opened_today()
    panel = DashboardPanel(demo, today, tmp_path)
    assert panel.today == TODAY
    night.passes()
    panel.refresh_button.click()
    assert panel.today == NEXT
    assert "Fri 27 November 2026" in panel.summary.value


# What a page shows was worked out on the day it was drawn; one left open past midnight says so.


def test_the_day_is_watched_only_when_it_can_turn_and_the_page_is_told_once(monkeypatch):
    monkeypatch.setattr(parameters, "NEW_DAY_CHECK", 0.01)
    told: list[tuple[dt.date, dt.date]] = []
    night, today = opened_today()

    async def elsewhere() -> bool:
        return when_the_day_turns(today, lambda *days: told.append(days))

    assert not parameters.in_a_kernel() and not on_a_loop_of_its_own(elsewhere())  # not a kernel's
    monkeypatch.setattr(parameters, "in_a_kernel", lambda: True)
    with concurrent.futures.ThreadPoolExecutor(1) as thread:  # a thread with no loop running
        assert not thread.submit(when_the_day_turns, today, lambda *days: told.append(days)).result()

    async def left_open() -> None:
        assert not when_the_day_turns(Today(TODAY), lambda *days: told.append(days))  # pinned
        assert when_the_day_turns(today, lambda *days: told.append(days))
        await asyncio.sleep(0.1)
        assert told == []  # still the day it was drawn
        night.passes()
        await asyncio.sleep(0.1)
        night.passes()
        await asyncio.sleep(0.1)

    on_a_loop_of_its_own(left_open())
    assert told == [(TODAY, NEXT)]


def test_a_page_that_cannot_say_the_day_turned_is_logged_and_asked_once(monkeypatch, caplog):
    monkeypatch.setattr(parameters, "NEW_DAY_CHECK", 0.01)
    monkeypatch.setattr(parameters, "in_a_kernel", lambda: True)
    night, today = opened_today()
    asked: list[dt.date] = []

    def cannot(drawn: dt.date, now: dt.date) -> None:
        asked.append(now)
        raise RuntimeError("the page's widget is gone")

    async def left_open() -> None:
        when_the_day_turns(today, cannot)
        night.passes()
        await asyncio.sleep(0.1)

    on_a_loop_of_its_own(left_open())
    assert asked == [NEXT]
    assert "could not say that the day has turned" in caplog.text


def test_a_page_read_again_on_the_new_day_withdraws_what_it_said_and_watches_on(monkeypatch):
    monkeypatch.setattr(parameters, "NEW_DAY_CHECK", 0.01)
    monkeypatch.setattr(parameters, "in_a_kernel", lambda: True)
    said: list[object] = []
    night, today = opened_today()

    async def left_open() -> None:
        watch = when_the_day_turns(today, lambda *days: said.append(days), lambda: said.append("withdrawn"))
        assert watch is not None
        watch.drawn_again(TODAY)  # a Refresh the same day says nothing
        await asyncio.sleep(0.05)
        night.passes()
        await asyncio.sleep(0.05)
        assert said == [(TODAY, NEXT)]
        watch.drawn_again(NEXT)  # Refresh after midnight: the page is as of today again
        await asyncio.sleep(0.05)
        assert said == [(TODAY, NEXT), "withdrawn"]
        night.passes()  # and left open another night
        await asyncio.sleep(0.05)

    on_a_loop_of_its_own(left_open())
    assert said == [(TODAY, NEXT), "withdrawn", (NEXT, NEXT + dt.timedelta(days=1))]


def _left_open_past_midnight(monkeypatch, build) -> w.VBox:
    """A page built on TODAY by the computer's clock, in a kernel left running past midnight."""
    night = Night()
    monkeypatch.setattr(parameters, "computers_day", night)
    monkeypatch.setattr(parameters, "NEW_DAY_CHECK", 0.01)
    monkeypatch.setattr(parameters, "in_a_kernel", lambda: True)

    async def left_open() -> w.VBox:
        shown = build()
        await asyncio.sleep(0.05)
        assert not _new_day_said(shown)
        night.passes()
        await asyncio.sleep(0.05)
        return shown

    return on_a_loop_of_its_own(left_open())


def _new_day_said(shown: w.VBox) -> str:
    return " ".join(
        c.value for c in shown.children if isinstance(c, w.HTML) and "careernb-new-day" in c.value
    )


def test_a_lab_page_open_past_midnight_says_what_it_shows_is_as_of_yesterday(monkeypatch, demo):
    shown = _left_open_past_midnight(monkeypatch, lambda: navigation.page("review", "019", str(demo.home)))
    said = _new_day_said(shown)
    assert "opened on Thu 26 November 2026; it is now Fri 27 November 2026" in said
    assert "Run its cell again to see what is late, due or coming as of today" in said
    assert 'role="status"' in said
    sheet, notice, panel = shown.children  # below the stylesheet, above the page
    assert "careernb-stylesheet" in sheet._dom_classes and notice.value == said
    assert isinstance(panel, ReviewPanel) and panel.today == NEXT


def test_an_app_page_open_past_midnight_says_so_below_its_bar(monkeypatch, demo):
    monkeypatch.setenv(navigation.APP_ENV, "1")
    monkeypatch.setenv("QUERY_STRING", "person=034")
    shown = _left_open_past_midnight(monkeypatch, lambda: navigation.page("check-in", home=str(demo.home)))
    bar, panel, _ = shown.children
    assert "it is now Fri 27 November 2026" in bar.value and "Reload the page" in bar.value
    panel.picker.value = "019"  # choosing someone else keeps it said
    assert "it is now Fri 27 November 2026" in bar.value and "for <b>Mei Lin</b>" in bar.value


def test_a_page_on_a_pinned_day_never_says_the_day_turned(monkeypatch, demo):
    night = Night()
    monkeypatch.setattr(parameters, "computers_day", night)
    monkeypatch.setattr(parameters, "NEW_DAY_CHECK", 0.01)
    monkeypatch.setattr(parameters, "in_a_kernel", lambda: True)

    async def left_open() -> w.VBox:
        shown = navigation.page("review", "019", str(demo.home), today=TODAY.isoformat())
        night.passes()
        await asyncio.sleep(0.05)
        return shown

    assert not _new_day_said(on_a_loop_of_its_own(left_open()))


def _refresh_after_midnight(monkeypatch, build, said) -> tuple[str, str]:
    """What a page about the team says after midnight, and after its Refresh is pressed then."""
    night = Night()
    monkeypatch.setattr(parameters, "computers_day", night)
    monkeypatch.setattr(parameters, "NEW_DAY_CHECK", 0.01)
    monkeypatch.setattr(parameters, "in_a_kernel", lambda: True)

    async def left_open() -> tuple[str, str]:
        shown = build()
        night.passes()
        await asyncio.sleep(0.05)
        before = said(shown)
        panel = next(c for c in shown.children if hasattr(c, "refresh_button"))
        panel.refresh_button.click()
        await asyncio.sleep(0.05)
        return before, said(shown)

    return on_a_loop_of_its_own(left_open())


def test_the_teams_page_says_press_refresh_and_its_refresh_withdraws_it(monkeypatch, demo):
    before, after = _refresh_after_midnight(
        monkeypatch, lambda: navigation.page("team", home=str(demo.home)), _new_day_said
    )
    assert "This page last read your team on Thu 26 November 2026; it is now Fri 27 November 2026" in before
    assert "Press Refresh to see what is late, due or coming as of today" in before
    assert after == ""


def test_practice_health_in_the_app_withdraws_it_below_the_bar_when_refreshed(monkeypatch, demo):
    monkeypatch.setenv(navigation.APP_ENV, "1")
    monkeypatch.setenv("QUERY_STRING", "")
    before, after = _refresh_after_midnight(
        monkeypatch,
        lambda: navigation.page("health", home=str(demo.home)),
        lambda shown: shown.children[0].value,
    )
    assert "it is now Fri 27 November 2026" in before and "Press Refresh" in before
    assert "careernb-new-day" not in after and "Practice health" in after
