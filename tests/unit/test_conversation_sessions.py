"""Three sessions or three phases of one: which conversation a notebook opens."""

import datetime as dt

import pytest

from careernb.domain.conversations import Conversation, ConversationKind
from careernb.domain.dates import human_date
from careernb.domain.sessions import Format, booking_warning, covering, preferred_format, series, to_open

NOW, DIRECTION, GAP, FULL = (
    ConversationKind.NOW,
    ConversationKind.DIRECTION,
    ConversationKind.GAP,
    ConversationKind.FULL,
)
TODAY = dt.date(2026, 11, 26)


def conv(cid, kind, *, held=None, planned=None):
    return Conversation(cid, "007", kind, planned=planned, held=held)


def days(n):
    return TODAY + dt.timedelta(days=n)


@pytest.mark.parametrize(
    ("conversations", "phase", "expected"),
    [
        ([], NOW, None),
        ([conv("old", FULL, held=days(-90))], NOW, None),
        ([conv("today", FULL, held=TODAY)], GAP, "today"),
        ([conv("last-week", FULL, held=days(-6))], DIRECTION, "last-week"),
        ([conv("booked", FULL, planned=days(9))], NOW, "booked"),
        ([conv("b1", FULL, planned=days(9)), conv("b2", NOW, planned=days(3))], NOW, "b2"),
        ([conv("started", NOW, held=days(-1)), conv("booked", FULL, planned=days(2))], NOW, "started"),
        ([conv("now-held", NOW, held=days(-2))], DIRECTION, None),
        ([conv("check", ConversationKind.CHECK_IN, held=TODAY)], NOW, None),
        ([conv("missed", FULL, planned=days(-3))], NOW, "missed"),
        ([conv("long-missed", FULL, planned=days(-30))], NOW, None),
        ([conv("in-two-weeks", FULL, planned=days(14))], NOW, "in-two-weeks"),
        ([conv("far-off", FULL, planned=days(30))], NOW, None),
    ],
)
def test_to_open_resumes_a_recent_one_else_holds_the_booked_one(conversations, phase, expected):
    chosen = to_open(conversations, phase, TODAY)
    assert (chosen.conversation_id if chosen else None) == expected


def test_covering_lists_this_phase_and_full_conversations_latest_first():
    cs = [conv("a", NOW, held=days(-100)), conv("b", FULL, held=days(-10)), conv("c", GAP, held=days(-5))]
    assert [c.conversation_id for c in covering(cs, NOW)] == ["b", "a"]


@pytest.mark.parametrize(
    ("conversations", "expected"),
    [
        ([], Format.THREE_PHASES),
        ([conv("a", NOW, held=days(-20))], Format.THREE_SESSIONS),
        ([conv("a", NOW, held=days(-120)), conv("b", FULL, held=days(-20))], Format.THREE_PHASES),
        ([conv("a", FULL, held=days(-120)), conv("b", GAP, held=days(-20))], Format.THREE_SESSIONS),
    ],
)
def test_preferred_format_follows_the_latest_career_conversation(conversations, expected):
    assert preferred_format(conversations) is expected


@pytest.mark.parametrize(("fmt", "kind"), [(Format.THREE_PHASES, FULL), (Format.THREE_SESSIONS, DIRECTION)])
def test_format_decides_the_kind_created(fmt, kind):
    assert fmt.kind_for(DIRECTION) is kind


def test_series_of_separate_sessions_shows_each_phase_within_two_months():
    now = conv("n", NOW, held=days(-14))
    direction = conv("d", DIRECTION, held=days(-7))
    old_gap = conv("g-old", GAP, held=days(-100))
    states = series([now, direction, old_gap], direction)
    assert [s.conversation.conversation_id if s.conversation else None for s in states] == ["n", "d", None]
    assert states[0].label == f"held {human_date(days(-14))}"
    assert states[2].label == "not yet"


def test_series_of_a_full_conversation_is_the_same_conversation_three_times():
    full = conv("f", FULL, planned=days(3))
    assert [s.conversation for s in series([full], full)] == [full, full, full]


@pytest.mark.parametrize(
    ("minutes", "warns"),
    [
        (None, "Give the length"),
        (0, "Give the length"),
        (30, "too short"),
        (44, "too short"),
        (45, "Booked at least 60 minutes"),
        (59, "Booked at least 60 minutes"),
        (60, ""),
        (90, ""),
    ],
)
def test_booking_warning_flags_under_45_and_suggests_60(minutes, warns):
    text = booking_warning(minutes)
    assert (warns in text) if warns else text == ""
