"""The playbook's rules as pure functions: contracts, cadence, aspirations, signals."""

from __future__ import annotations

import datetime as dt

import pytest

from careernb.domain.aspirations import Aspiration, Direction, changed_fields, direction_changed, one_line
from careernb.domain.cadence import (
    next_career_conversation,
    next_review,
    quarter_bounds,
    quarter_of,
    too_short,
)
from careernb.domain.contract import Change, Commitment, Contract, Party, Status, carry_over, diff, in_order
from careernb.domain.conversations import Conversation, ConversationKind
from careernb.domain.dates import add_months
from careernb.domain.people import Person, Transition
from careernb.domain.signals import Signal, SignalKind, open_signals

D = dt.date
TODAY = D(2026, 11, 26)


def _c(cid, party, status=Status.OPEN, due=D(2027, 1, 15), version=1, position=0, action="Do it"):
    return Commitment("007", version, cid, party, action, due, status, position=position)


def test_the_managers_own_commitments_come_first():
    ordered = in_order(
        [_c("a", Party.PERSON), _c("b", Party.MANAGER, position=2), _c("c", Party.MANAGER, position=1)]
    )
    assert [c.commitment_id for c in ordered] == ["c", "b", "a"]


def test_next_version_carries_over_open_and_paused_commitments_with_their_status():
    previous = Contract("007", 3, agreed=D(2026, 9, 1), open_question="Is a lead role realistic?")
    rows = [
        _c("open", Party.PERSON, version=3),
        _c("paused", Party.MANAGER, Status.PAUSED, version=3),
        _c("done", Party.MANAGER, Status.DONE, version=3),
        _c("dropped", Party.PERSON, Status.DROPPED, version=3),
        _c("older", Party.PERSON, version=2),
    ]
    draft, carried = carry_over(previous, rows, [], person_id="007")
    assert draft.version == 4 and draft.agreed is None
    assert draft.open_question == "Is a lead role realistic?"
    assert [(c.commitment_id, c.status, c.version) for c in carried] == [
        ("paused", Status.PAUSED, 4),
        ("open", Status.OPEN, 4),
    ]


def test_the_first_contract_starts_empty():
    draft, carried = carry_over(None, [], [], person_id="007")
    assert (draft.version, carried) == (1, [])


@pytest.mark.parametrize(
    ("before", "after", "change"),
    [
        (None, _c("k", Party.PERSON), Change.ADDED),
        (_c("k", Party.PERSON), _c("k", Party.PERSON, Status.DONE), Change.DONE),
        (_c("k", Party.PERSON), _c("k", Party.PERSON, Status.DROPPED), Change.DROPPED),
        (_c("k", Party.PERSON), _c("k", Party.PERSON, Status.PAUSED), Change.PAUSED),
        (_c("k", Party.PERSON, Status.PAUSED), _c("k", Party.PERSON), Change.REOPENED),
        (_c("k", Party.PERSON), _c("k", Party.PERSON, due=D(2027, 3, 1)), Change.REDATED),
        (_c("k", Party.PERSON), _c("k", Party.PERSON, action="Do it well"), Change.REWORDED),
        (_c("k", Party.PERSON), _c("k", Party.PERSON), Change.UNCHANGED),
    ],
)
def test_diff_names_what_changed_between_versions(before, after, change):
    (found,) = diff([before] if before else [], [after])
    assert found.change is change


def test_diff_reports_commitments_that_did_not_carry_over():
    changes = diff([_c("gone", Party.MANAGER, Status.DONE), _c("x", Party.PERSON, Status.OPEN)], [])
    assert [c.change for c in changes] == [Change.DONE, Change.REMOVED]


def test_kept_on_time_needs_done_by_the_due_date():
    on_time = Commitment("007", 1, "k", Party.MANAGER, "x", D(2026, 10, 1), Status.DONE, D(2026, 9, 30))
    late = Commitment("007", 1, "k", Party.MANAGER, "x", D(2026, 10, 1), Status.DONE, D(2026, 10, 9))
    assert on_time.kept_on_time and not late.kept_on_time
    assert _c("k", Party.PERSON, due=D(2026, 11, 1)).overdue(TODAY)


@pytest.mark.parametrize(
    ("day", "quarter", "first", "last"),
    [
        (D(2026, 11, 26), "2026Q4", D(2026, 10, 1), D(2026, 12, 31)),
        (D(2027, 1, 1), "2027Q1", D(2027, 1, 1), D(2027, 3, 31)),
        (D(2027, 6, 30), "2027Q2", D(2027, 4, 1), D(2027, 6, 30)),
    ],
)
def test_quarters(day, quarter, first, last):
    assert quarter_of(day) == quarter
    assert quarter_bounds(quarter) == (first, last)


@pytest.mark.parametrize("bad", ["2026Q5", "2026-4", "26Q1"])
def test_a_bad_quarter_is_refused(bad):
    with pytest.raises(ValueError, match="2026Q4"):
        quarter_bounds(bad)


def _held(day, kind=ConversationKind.FULL, minutes=60):
    return Conversation(f"c{day}", "007", kind, day, None, None, day, minutes)


PERSON = Person("007", "Tomás", "ada", joined=D(2024, 1, 1))


@pytest.mark.parametrize(
    ("person", "conversations", "signals", "due", "reason"),
    [
        (PERSON, [], [], D(2024, 4, 1), "no career conversation yet"),  # a quarter after joining
        (PERSON, [_held(D(2026, 9, 1))], [], D(2026, 12, 1), "quarterly"),
        (
            Person("007", "Tomás", "ada", transition=Transition.RETURNING_FROM_LEAVE),
            [_held(D(2026, 9, 1))],
            [],
            D(2026, 10, 13),
            "transition: returning from leave",
        ),
        (
            PERSON,
            [_held(D(2026, 11, 1))],
            [Signal("s", "007", D(2026, 11, 20), SignalKind.APPROACHED)],
            D(2026, 11, 20),
            "signal: approached by another organisation",
        ),
        (
            PERSON,
            [_held(D(2026, 9, 1)), _held(D(2026, 11, 1), ConversationKind.CHECK_IN, 10)],
            [Signal("s", "007", D(2026, 11, 20), SignalKind.MILESTONE)],
            D(2026, 12, 1),
            "quarterly",
        ),
    ],
)
def test_the_next_career_conversation_is_due(person, conversations, signals, due, reason):
    found = next_career_conversation(person, conversations, signals, TODAY)
    assert (found.due, found.reason) == (due, reason)


def test_a_booked_conversation_stops_an_overdue_flag_until_its_day_passes():
    last = [_held(D(2026, 6, 1))]
    booked = [*last, Conversation("b", "007", ConversationKind.FULL, D(2026, 12, 3))]
    assert next_career_conversation(PERSON, last, [], TODAY).overdue(TODAY)
    assert not next_career_conversation(PERSON, booked, [], TODAY).overdue(TODAY)


def test_monthly_review_follows_the_last_review_or_the_agreement():
    assert next_review([], D(2026, 11, 1)) == D(2026, 12, 1)
    reviews = [_held(D(2026, 11, 20), ConversationKind.REVIEW, 25)]
    assert next_review(reviews, D(2026, 11, 1)) == D(2026, 12, 20)
    assert next_review([], None) is None


@pytest.mark.parametrize(
    ("agreed", "due"),
    [(D(2026, 1, 31), D(2026, 2, 28)), (D(2026, 3, 31), D(2026, 4, 30)), (D(2026, 12, 15), D(2027, 1, 15))],
)
def test_monthly_review_falls_due_on_the_day_the_calendar_books_it(agreed, due):
    assert next_review([], agreed) == due == add_months(agreed, 1)


def test_a_career_conversation_under_45_minutes_is_too_short():
    assert too_short(_held(TODAY, minutes=30))
    assert not too_short(_held(TODAY, minutes=45))
    assert not too_short(_held(TODAY, ConversationKind.CHECK_IN, 10))


def test_urgent_signals_come_first_and_addressed_ones_drop_out():
    signals = [
        Signal("a", "007", D(2026, 11, 25), SignalKind.MILESTONE),
        Signal("b", "007", D(2026, 11, 1), SignalKind.UNCERTAIN),
        Signal("c", "007", D(2026, 11, 2), SignalKind.APPROACHED, addressed=D(2026, 11, 3)),
    ]
    assert [s.signal_id for s in open_signals(signals)] == ["b", "a"]


def _asp(aid, day, direction, three_year=""):
    return Aspiration(aid, "007", day, direction, three_year)


def test_a_change_of_direction_between_quarters_is_found():
    same = [
        _asp("a", D(2026, 3, 1), Direction.NOT_SURE_YET),
        _asp("b", D(2026, 6, 1), Direction.NOT_SURE_YET),
    ]
    assert direction_changed(same) is None
    moved = [*same, _asp("c", D(2026, 9, 1), Direction.PEOPLE_LEADERSHIP, "Lead a team")]
    before, after = direction_changed(moved)
    assert (before.aspiration_id, after.aspiration_id) == ("b", "c")
    assert changed_fields(before, after) == ["direction", "three_year"]


def test_where_they_want_to_go_in_one_line():
    assert one_line(None) == "not asked yet"
    assert one_line(_asp("a", TODAY, Direction.NOT_SURE_YET)) == "not sure yet"
    assert one_line(_asp("a", TODAY, Direction.TECHNICAL_LEADERSHIP, "Staff engineer\nmore")) == (
        "technical leadership: Staff engineer"
    )
