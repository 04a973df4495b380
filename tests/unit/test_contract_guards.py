"""The honest guards: what needs attention before a contract is agreed, as pure findings."""

from __future__ import annotations

import datetime as dt

import pytest

from careernb.demo.people import ELIF, GENERIC, JONAS, KWAME, MEI, PRIYA, SOFIA, TOMAS
from careernb.domain import playbook
from careernb.domain.contract import (
    CANNOT_COMMIT,
    Commitment,
    Contract,
    Guard,
    Party,
    ReviewPoint,
    Status,
    can_agree,
    findings,
    promised_outcome,
    sent_late,
    suggested_rewording,
)

TODAY = dt.date(2026, 11, 26)
LATER = dt.date(2027, 1, 15)
NEXT = dt.date(2027, 2, 26)


def _c(cid, party, action, due=LATER, status=Status.OPEN, kept=False, version=1):
    return Commitment("007", version, cid, party, action, due, status, promise_kept=kept)


def _contract(next_conversation=NEXT, version=1):
    return Contract("007", version, next_conversation=next_conversation)


GOOD = [
    _c("k1", Party.PERSON, "Write and present an RFC for the event pipeline"),
    _c("k2", Party.MANAGER, "Introduce you to Dana and book the first meeting"),
]
GOOD_REVIEWS = [ReviewPoint("007", 1, "r1", "2027-01", "Progress on the RFC")]


def _guards(commitments, reviews=(), contract=None):
    return [
        (f.guard, f.commitment_id or f.review_id)
        for f in findings(contract or _contract(), commitments, reviews, TODAY)
    ]


def test_when_both_sides_have_dated_commitments_then_nothing_needs_attention():
    assert findings(_contract(), GOOD, GOOD_REVIEWS, TODAY) == []
    assert can_agree([])


@pytest.mark.parametrize(
    ("commitments", "expected"),
    [
        pytest.param(GOOD[:1], [(Guard.NOWHERE, None)], id="only their commitments"),
        pytest.param(GOOD[1:], [(Guard.NOWHERE, None)], id="only the manager's commitments"),
        pytest.param(
            [*GOOD, _c("k3", Party.PERSON, "Shadow a lead", due=None)],
            [(Guard.NOWHERE, "k3")],
            id="a commitment without a date",
        ),
        pytest.param(
            [GOOD[0], _c("k2", Party.MANAGER, "Introduce you to Dana", due=None)],
            [(Guard.NOWHERE, None), (Guard.NOWHERE, "k2")],
            id="the manager's only commitment has no date",
        ),
        pytest.param(
            [*GOOD, _c("k3", Party.PERSON, "   ")],
            [(Guard.NOWHERE, "k3")],
            id="a date but no words",
        ),
        pytest.param(
            [GOOD[0], _c("k2", Party.MANAGER, "Introduce you to Dana", status=Status.DROPPED)],
            [(Guard.NOWHERE, None)],
            id="a dropped commitment does not count",
        ),
    ],
)
def test_failure_5_a_conversation_that_goes_nowhere_blocks_agreeing(commitments, expected):
    found = findings(_contract(), commitments, GOOD_REVIEWS, TODAY)
    assert [(f.guard, f.commitment_id) for f in found] == expected
    assert all(f.blocks for f in found)
    assert all(f.advice == playbook.FAILURES["nowhere"][2] for f in found)
    assert not can_agree(found)
    assert not can_agree(found, "   ")
    assert can_agree(found, "They asked for a week to think about their side")


@pytest.mark.parametrize(
    "commitments", [[], [_c("k1", Party.PERSON, "  ", due=None)]], ids=["none", "no words"]
)
def test_a_contract_with_nothing_in_it_is_never_agreed_whatever_the_reason(commitments):
    found = findings(_contract(), commitments, GOOD_REVIEWS, TODAY)
    assert found[0].guard is Guard.EMPTY and found[0].blocks
    assert [f.guard for f in found[1:]].count(Guard.NOWHERE) >= 2
    assert not can_agree(found, "They asked for a week to think about their side")


@pytest.mark.parametrize(
    ("action", "outcome"),
    [
        ("Get you promoted to senior by March", "promotion"),
        ("You will be promoted in the spring cycle", "promotion"),
        ("Guarantee you the tech lead role", "role"),
        ("Make you team lead of the platform squad", "role"),
        ("We will make you the lead of the platform squad", "role"),
        ("You'll get the promotion in March", "promotion"),
        ("Move you into the staff engineer role", "role"),
        ("You will get a raise in the next cycle", "pay"),
        ("Sort out your salary", "pay"),
        ("I promise the title change by Q2", "title"),
        ("Secure headcount for your team", "role"),
        ("You will get to lead the migration", "outcome"),
        ("Make sure you get the Berlin project", "outcome"),
        ("I guarantee it", "outcome"),
        # Within the manager's authority: advocacy, asking, introducing.
        ("Advocate for your promotion with my manager", None),
        ("Talk to my manager about your promotion case and report back", None),
        ("Propose you for the tech lead role in the staffing meeting", None),
        ("Make the case for a pay review - I cannot commit to the outcome", None),
        ("Give you feedback on the RFC after the design review", None),
        ("Make sure the RFC gets reviewed by the architecture forum", None),
        ("Raise your profile: a slot at the engineering all-hands", None),
    ],
)
def test_promise_language_is_recognised_and_advocacy_is_not(action, outcome):
    assert promised_outcome(action) == outcome


# Every manager commitment the demo team draws from: none is a promise (Kwame's story adds its one).
DEMO_MANAGER_ACTIONS = sorted(
    {a for voice in (ELIF, GENERIC, JONAS, KWAME, MEI, PRIYA, SOFIA, TOMAS) for a in voice.my_actions}
)


@pytest.mark.parametrize("action", [*DEMO_MANAGER_ACTIONS, *playbook.FOLLOW_THROUGH])
def test_the_playbooks_own_follow_through_commitments_are_never_flagged(action):
    assert promised_outcome(action) is None


@pytest.mark.parametrize(
    "action",
    [
        "Get you promoted to senior by March",
        "Guarantee you the tech lead role",
        "You will get a raise",
        "I promise it",
    ],
)
def test_a_suggested_rewording_says_where_authority_ends_and_is_not_itself_a_promise(action):
    suggestion = suggested_rewording(action)
    assert suggestion.endswith(CANNOT_COMMIT)
    assert promised_outcome(suggestion) is None


def test_failure_4_a_promise_is_flagged_with_the_playbooks_advice_until_reworded_or_kept():
    promise = _c("k2", Party.MANAGER, "Get you promoted to senior by March")
    (found,) = findings(_contract(), [GOOD[0], promise], GOOD_REVIEWS, TODAY)
    assert found.guard is Guard.PROMISE and found.commitment_id == "k2" and found.blocks
    assert found.advice == playbook.PROMISE_ADVICE
    assert "I cannot commit to the outcome" in found.advice
    assert found.suggestion == suggested_rewording(promise.action)
    assert not can_agree([found], "a reason does not override a promise")

    kept = _c("k2", Party.MANAGER, promise.action, kept=True)
    (reminder,) = findings(_contract(), [GOOD[0], kept], GOOD_REVIEWS, TODAY)
    assert reminder.guard is Guard.PROMISE_KEPT and not reminder.blocks and reminder.commitment_id == "k2"
    assert "sending the contract will need your reason" in reminder.message
    assert can_agree([reminder])  # kept after reading: agreed; sending asks for the reason
    reworded = _c("k2", Party.MANAGER, found.suggestion)
    assert findings(_contract(), [GOOD[0], reworded], GOOD_REVIEWS, TODAY) == []


def test_their_own_ambitions_are_not_the_managers_promises():
    theirs = _c("k1", Party.PERSON, "Get promoted to senior by March")
    assert _guards([theirs, GOOD[1]], GOOD_REVIEWS) == []


@pytest.mark.parametrize(
    ("commitments", "reviews", "contract", "expected"),
    [
        pytest.param(
            [*GOOD, _c("k3", Party.PERSON, "Finish the course", due=TODAY - dt.timedelta(days=1))],
            GOOD_REVIEWS,
            _contract(),
            [(Guard.PAST_DATE, "k3")],
            id="a commitment due yesterday",
        ),
        pytest.param(
            [
                *GOOD,
                _c(
                    "k3",
                    Party.PERSON,
                    "Finish the course",
                    due=TODAY - dt.timedelta(days=9),
                    status=Status.DONE,
                ),
            ],
            GOOD_REVIEWS,
            _contract(),
            [],
            id="a past date on a done commitment is history",
        ),
        pytest.param(
            [*GOOD, _c("k3", Party.PERSON, "Finish the course", due=TODAY)],
            GOOD_REVIEWS,
            _contract(),
            [],
            id="due today is not past",
        ),
        pytest.param(
            GOOD,
            GOOD_REVIEWS,
            _contract(TODAY - dt.timedelta(days=2)),
            [(Guard.PAST_DATE, None), (Guard.REVIEW_AFTER_NEXT, "r1")],
            id="next conversation passed",
        ),
        pytest.param(
            GOOD,
            GOOD_REVIEWS,
            _contract(None),
            [(Guard.NO_NEXT_CONVERSATION, None)],
            id="no next conversation",
        ),
        pytest.param(
            GOOD,
            [ReviewPoint("007", 1, "r9", "2026-10", "Old news")],
            _contract(),
            [(Guard.PAST_DATE, "r9")],
            id="a review month that has passed",
        ),
        pytest.param(
            GOOD,
            [ReviewPoint("007", 1, "r1", "2026-11", "This month is fine")],
            _contract(),
            [],
            id="a review this month",
        ),
        pytest.param(
            GOOD,
            [ReviewPoint("007", 1, "r2", "2027-03", "After the next conversation")],
            _contract(),
            [(Guard.REVIEW_AFTER_NEXT, "r2")],
            id="a review month after the next conversation",
        ),
        pytest.param(
            GOOD,
            [ReviewPoint("007", 1, "r2", "2027-02", "The month of the next conversation")],
            _contract(),
            [],
            id="a review in the month of the next conversation",
        ),
        pytest.param(
            [*GOOD, _c("k3", Party.PERSON, "write and present an RFC for the event pipeline!")],
            GOOD_REVIEWS,
            _contract(),
            [(Guard.DUPLICATE, "k3")],
            id="the same action twice, differently cased",
        ),
        pytest.param(
            [*GOOD, _c("k3", Party.MANAGER, "Write and present an RFC for the event pipeline")],
            GOOD_REVIEWS,
            _contract(),
            [],
            id="the same words on both sides are two commitments",
        ),
        pytest.param(
            [*GOOD, _c("k3", Party.PERSON, GOOD[0].action, version=2)],
            GOOD_REVIEWS,
            _contract(),
            [],
            id="another version's rows are not this version's",
        ),
    ],
)
def test_dates_in_the_past_duplicates_and_review_months_are_warnings(
    commitments, reviews, contract, expected
):
    found = findings(contract, commitments, reviews, TODAY)
    assert [(f.guard, f.commitment_id or f.review_id) for f in found] == expected
    assert not any(f.blocks for f in found)
    assert can_agree(found)


AGREED = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("sent", "today", "late"),
    [
        (None, AGREED, None),
        (None, AGREED + dt.timedelta(days=2), None),
        (None, AGREED + dt.timedelta(days=3), True),
        (AGREED, AGREED + dt.timedelta(days=30), False),
        (AGREED + dt.timedelta(days=2), AGREED + dt.timedelta(days=30), False),
        (AGREED + dt.timedelta(days=3), AGREED + dt.timedelta(days=30), True),
    ],
)
def test_a_contract_not_sent_within_48_hours_is_flagged(sent, today, late):
    assert sent_late(Contract("007", 1, agreed=AGREED, sent=sent), today) is late


def test_a_draft_is_never_late():
    assert sent_late(Contract("007", 1), TODAY) is None
