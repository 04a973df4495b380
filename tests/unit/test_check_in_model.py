"""The check-in panel's model, without widgets: what was noticed, what blocks, and the booking."""

import datetime as dt

import pytest

from careernb.domain.conversations import Conversation, ConversationKind
from careernb.domain.signals import GOAL_CHANGE_SIGNS, TRIGGERS
from careernb.follow_through.check_in import Action, CheckIn, Proposal
from careernb.views.pages.check_in.model import BookingModel, CheckInModel

TODAY = dt.date(2026, 11, 26)


def test_ticked_signals_keep_the_playbooks_order_whatever_order_they_were_ticked_in():
    model = CheckInModel(today=TODAY)
    everything = [*TRIGGERS, *GOAL_CHANGE_SIGNS]
    for kind in reversed(everything):
        model.tick(kind, True)
    model.tick(TRIGGERS[0], True)  # ticking again changes nothing
    assert model.ticked == everything
    model.tick(TRIGGERS[1], False)
    assert model.ticked == [k for k in everything if k is not TRIGGERS[1]]


def test_without_a_person_nothing_is_logged_and_the_blocker_says_so():
    model = CheckInModel(today=TODAY)
    assert not model.ready() and model.blockers == ["choose the person"]
    model.person_id = "040"
    assert model.ready() and model.blockers == []


def test_a_logged_check_in_clears_the_form_for_the_next():
    model = CheckInModel(today=TODAY, person_id="040", note="Quiet in standup")
    model.tick(TRIGGERS[0], True)
    done = CheckIn(Conversation("c1", "040", ConversationKind.CHECK_IN, TODAY, held=TODAY), ())
    model.logged(done)
    assert (model.note, model.ticked, model.last) == ("", [], done)


def _proposal(urgent: bool) -> Proposal:
    return Proposal(Action.BOOK, (TRIGGERS[0],), "say", "why", urgent)


@pytest.mark.parametrize(("urgent", "days"), [(True, 1), (False, 7)])
def test_a_booking_is_proposed_tomorrow_when_urgent_else_within_a_week(urgent, days):
    booking = BookingModel(_proposal(urgent), TODAY)
    assert booking.when() == (TODAY + dt.timedelta(days=days), dt.time(10, 0))


@pytest.mark.parametrize(
    ("day", "at", "expected", "blockers"),
    [
        (TODAY, " 14:30 ", (TODAY, dt.time(14, 30)), []),
        (TODAY, "", (TODAY, None), []),
        (TODAY, "half past two", None, ["Write the time as HH:MM, e.g. 10:00."]),
        (None, "10:00", None, ["Choose the day."]),
    ],
)
def test_a_booking_needs_a_day_and_a_readable_time(day, at, expected, blockers):
    booking = BookingModel(_proposal(False), TODAY)
    booking.day, booking.at = day, at
    assert (booking.when(), booking.blockers) == (expected, blockers)
