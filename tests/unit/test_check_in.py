"""Informal check-ins, the signals they log, and what the playbook proposes."""

import dataclasses
import datetime as dt

import pytest

from careernb.domain import playbook
from careernb.domain.conversations import Conversation, ConversationKind
from careernb.domain.people import team
from careernb.domain.signals import GOAL_CHANGE_SIGNS, TRIGGERS, Signal, SignalKind
from careernb.errors import NotRecordedError
from careernb.follow_through import check_in
from careernb.follow_through.check_in import Action, proposals
from careernb.follow_through.dashboard import Need, team_rows

TODAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        ([], []),
        (
            [SignalKind.APPROACHED],
            [(Action.BOOK, True, playbook.INVITATION, playbook.BEFORE_IT_CRYSTALLISES)],
        ),
        ([SignalKind.UNCERTAIN], [(Action.BOOK, True, playbook.INVITATION, playbook.BEFORE_IT_CRYSTALLISES)]),
        ([SignalKind.MILESTONE], [(Action.BOOK, False, playbook.INVITATION, playbook.TRIGGERS_HEADING)]),
        (
            [SignalKind.DIFFERENT_INTEREST],
            [(Action.NAME_THE_CHANGE, False, playbook.NAME_THE_CHANGE, playbook.GOALS_CHANGE)],
        ),
        (
            [SignalKind.ACHIEVEMENT_FELT_DIFFERENT, SignalKind.ENGAGEMENT_DROP],
            [
                (Action.BOOK, False, playbook.INVITATION, playbook.TRIGGERS_HEADING),
                (Action.NAME_THE_CHANGE, False, playbook.NAME_THE_CHANGE, playbook.GOALS_CHANGE),
            ],
        ),
    ],
)
def test_when_signals_logged_then_the_playbook_proposes_what_to_do(kinds, expected):
    assert [(p.action, p.urgent, p.say, p.why) for p in proposals(kinds)] == expected


@pytest.mark.parametrize("kind", list(SignalKind))
def test_every_signal_is_a_trigger_or_a_sign_and_proposes_something(kind):
    assert (kind in TRIGGERS) != (kind in GOAL_CHANGE_SIGNS)
    assert len(proposals([kind])) == 1


def test_when_check_in_logged_then_a_conversation_and_its_signals_are_stored_exactly(demo):
    note = 'Said "maybe", then: a recruiter, twice,\nover lunch — ünïcode 🚀'
    done = check_in.log(
        demo,
        "034",
        note=note,
        kinds=[SignalKind.UNCERTAIN, SignalKind.DIFFERENT_INTEREST],
        today=TODAY,
        minutes=12,
    )
    saved = [
        c for c in demo.load(Conversation, "034") if c.conversation_id == done.conversation.conversation_id
    ]
    assert saved[0].kind is ConversationKind.CHECK_IN
    assert (saved[0].held, saved[0].minutes, saved[0].note) == (TODAY, 12, note)
    signals = [s for s in demo.load(Signal, "034") if s.conversation_id == done.conversation.conversation_id]
    assert sorted(s.kind for s in signals) == sorted([SignalKind.UNCERTAIN, SignalKind.DIFFERENT_INTEREST])
    assert all(s.noticed == TODAY and s.open and s.note == note for s in signals)
    assert [p.action for p in done.proposals] == [Action.BOOK, Action.NAME_THE_CHANGE]


def test_when_urgent_signal_logged_then_the_person_moves_to_the_top_of_the_dashboard(demo):
    check_in.log(demo, "034", note="", kinds=[SignalKind.UNCERTAIN], today=TODAY)
    rows = team_rows(demo, team(demo), TODAY)
    assert {rows[0].person_id, rows[1].person_id} == {"007", "034"}
    assert all(r.top.need is Need.URGENT_SIGNAL for r in rows[:2])


def test_when_check_in_is_empty_then_nothing_is_saved(demo):
    before = demo.load(Conversation, "034")
    with pytest.raises(NotRecordedError, match="write a quick note or tick a signal"):
        check_in.log(demo, "034", note="   ", today=TODAY)
    assert demo.load(Conversation, "034") == before


def test_when_ad_hoc_conversation_booked_then_it_is_a_dedicated_session_linked_to_the_signal(demo):
    signal = demo.load(Signal, "007")[0]
    c = check_in.book(
        demo,
        "007",
        day=TODAY + dt.timedelta(days=1),
        at=dt.time(10, 0),
        trigger=signal.signal_id,
        today=TODAY,
    )
    saved = next(x for x in demo.load(Conversation, "007") if x.conversation_id == c.conversation_id)
    assert (saved.kind, saved.planned, saved.planned_minutes, saved.alongside, saved.trigger) == (
        ConversationKind.FULL,
        TODAY + dt.timedelta(days=1),
        60,
        None,
        signal.signal_id,
    )
    tomas = next(r for r in team_rows(demo, team(demo), TODAY) if r.person_id == "007")
    assert tomas.next_conversation == TODAY + dt.timedelta(days=1)
    assert not any(n.need is Need.OVERDUE_CONVERSATION for n in tomas.needs)


@pytest.mark.parametrize(
    ("day", "minutes", "problem"),
    [
        (TODAY - dt.timedelta(days=1), 60, "is in the past"),
        (TODAY, 30, "30 minutes is too short: book at least 45"),
    ],
)
def test_when_booking_is_not_a_proper_session_then_it_is_refused(demo, day, minutes, problem):
    before = demo.load(Conversation, "007")
    with pytest.raises(NotRecordedError, match=problem):
        check_in.book(demo, "007", day=day, minutes=minutes, today=TODAY)
    assert demo.load(Conversation, "007") == before


def test_when_signal_addressed_then_it_no_longer_needs_the_manager(demo):
    signal = demo.load(Signal, "040")[0]
    assert signal.open
    check_in.address(demo, "040", [signal.signal_id], TODAY)
    after = next(s for s in demo.load(Signal, "040") if s.signal_id == signal.signal_id)
    assert after == dataclasses.replace(signal, addressed=TODAY)
    kwame = next(r for r in team_rows(demo, team(demo), TODAY) if r.person_id == "040")
    assert not any(n.need is Need.OPEN_SIGNAL for n in kwame.needs)
