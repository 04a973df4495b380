"""The check-in panel: note, signals, and what the playbook proposes, through the widgets."""

import datetime as dt

import ipywidgets as w
import pytest

from careernb.domain import playbook
from careernb.domain.conversations import Conversation, ConversationKind
from careernb.domain.signals import Signal, SignalKind
from careernb.views.kit.markup import esc
from careernb.views.pages.check_in.view import YES, BookingForm, CheckInPanel

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def panel(demo):
    return CheckInPanel(demo, "034", TODAY)


def proposals(panel):
    return list(panel.next_steps.children[1:])


def test_every_trigger_and_sign_is_offered_in_the_playbooks_words(panel):
    texts = [b.description for b in (*panel.triggers.values(), *panel.signs.values())]
    assert texts == [k.playbook_text for k in SignalKind]
    assert all(t in playbook.text() for t in texts)


def test_when_an_urgent_trigger_is_logged_then_booking_is_proposed_now(panel, demo):
    panel.note.value = "Mentioned a recruiter call, 'just curious'."
    panel.triggers[SignalKind.APPROACHED].value = True
    panel.log_button.click()
    saved = [s for s in demo.load(Signal, "034") if s.noticed == TODAY]
    assert [s.kind for s in saved] == [SignalKind.APPROACHED]
    (form,) = proposals(panel)
    assert isinstance(form, BookingForm)
    assert esc(playbook.BEFORE_IT_CRYSTALLISES) in form.children[0].value
    assert esc(playbook.INVITATION) in form.children[0].value
    assert form.day.value == TODAY + dt.timedelta(days=1)
    form.button.click()
    booked = [c for c in demo.load(Conversation, "034") if c.trigger == saved[0].signal_id]
    assert [(b.kind, b.planned, b.planned_time, b.planned_minutes) for b in booked] == [
        (ConversationKind.FULL, TODAY + dt.timedelta(days=1), dt.time(10, 0), 60)
    ]
    assert "Booked: a 60-minute career conversation" in form.result.value
    assert (
        panel.note.value == "" and not panel.triggers[SignalKind.APPROACHED].value
    )  # ready for the next one


def test_when_a_sign_of_changed_goals_is_logged_then_the_naming_line_is_proposed(panel):
    panel.signs[SignalKind.DIFFERENT_INTEREST].value = True
    panel.log()
    (naming,) = proposals(panel)
    assert esc(playbook.NAME_THE_CHANGE) in naming.value
    assert esc(playbook.GOALS_CHANGE) in naming.value


def test_when_both_are_logged_then_both_are_proposed(panel):
    panel.triggers[SignalKind.MILESTONE].value = True
    panel.signs[SignalKind.ACHIEVEMENT_FELT_DIFFERENT].value = True
    panel.log()
    assert [type(p).__name__ for p in proposals(panel)] == ["BookingForm", "HTML"]


@pytest.mark.parametrize(
    ("day", "at", "minutes", "problem"),
    [
        (TODAY - dt.timedelta(days=3), "10:00", 60, "is in the past"),
        (TODAY + dt.timedelta(days=3), "10:00", 20, "20 minutes is too short"),
        (TODAY + dt.timedelta(days=3), "ten", 60, "Write the time as HH:MM"),
    ],
)
def test_when_the_booking_is_wrong_then_it_says_so_and_books_nothing(panel, demo, day, at, minutes, problem):
    panel.triggers[SignalKind.ENGAGEMENT_DROP].value = True
    panel.log()
    (form,) = proposals(panel)
    form.day.value, form.at.value, form.minutes.value = day, at, minutes
    before = demo.load(Conversation, "034")
    assert form.book() is None
    assert problem in form.result.value
    assert demo.load(Conversation, "034") == before


def test_when_nothing_is_written_or_ticked_then_nothing_is_logged(panel, demo):
    before = demo.load(Conversation, "034")
    panel.log_button.click()
    assert "write a quick note or tick a signal" in panel.missing.value
    assert demo.load(Conversation, "034") == before


def test_when_a_check_in_note_only_is_logged_then_it_is_a_short_check_in_conversation(panel, demo):
    panel.note.value = "Quiet week; enjoying the migration work."
    panel.log()
    (c,) = [c for c in demo.load(Conversation, "034") if c.kind is ConversationKind.CHECK_IN]
    assert (c.held, c.minutes, c.note) == (TODAY, 15, "Quiet week; enjoying the migration work.")
    assert proposals(panel) == []


def _buttons(widget) -> dict:
    """Every button under a widget, by its description."""
    found = {}
    for child in getattr(widget, "children", ()):
        if isinstance(child, w.Button):
            found[child.description] = child
        found.update(_buttons(child))
    return found


def test_talked_about_it_asks_first_records_only_on_yes_and_can_be_undone(demo):
    panel = CheckInPanel(demo, "040", TODAY)
    before = demo.load(Signal, "040")
    assert any(s.open for s in before)
    _buttons(panel.open_box)["Talked about it"].click()
    assert demo.load(Signal, "040") == before  # one click records nothing
    _buttons(panel.open_box)["Not yet"].click()
    assert demo.load(Signal, "040") == before and "Not yet" not in _buttons(panel.open_box)
    _buttons(panel.open_box)["Talked about it"].click()
    _buttons(panel.open_box)[YES].click()
    assert all(not s.open for s in demo.load(Signal, "040"))
    assert [s.addressed for s in demo.load(Signal, "040") if s.addressed == TODAY]
    shown = "".join(getattr(c, "value", "") for c in panel.open_box.children[0].children)
    assert "Recorded: you talked about it" in shown and "No open signals" in panel.open_box.children[1].value
    _buttons(panel.open_box)["Undo"].click()
    assert demo.load(Signal, "040") == before


def test_when_a_note_has_markup_then_the_open_signals_escape_it(demo):
    panel = CheckInPanel(demo, "034", TODAY)
    panel.note.value = "<img src=x onerror=alert(1)>"
    panel.triggers[SignalKind.UNCERTAIN].value = True
    panel.log()
    html = "".join(c.children[0].children[1].value for c in panel.open_box.children[1:])
    assert "<img" not in html and "&lt;img" in html
