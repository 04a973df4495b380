"""The monthly contract review: decisions on commitments, recorded as a conversation."""

import datetime as dt

import pytest

from careernb.domain import playbook
from careernb.domain.contract import Commitment, Contract, Party, Status, latest_agreed, of_version
from careernb.domain.conversations import Conversation, ConversationKind
from careernb.errors import NotRecordedError
from careernb.follow_through.review import Decision, Outcome, agenda, apply, record, todays_review

TODAY = dt.date(2026, 11, 26)
K = Commitment(
    "p1", 1, "k1", Party.MANAGER, "Introduce you to Dana", dt.date(2026, 11, 1), note="First note."
)


@pytest.mark.parametrize(
    ("decision", "status", "due", "done_on"),
    [
        (Decision("k1", Outcome.DONE), Status.DONE, K.due, TODAY),
        (Decision("k1", Outcome.REDATE, dt.date(2026, 12, 15)), Status.OPEN, dt.date(2026, 12, 15), None),
        (Decision("k1", Outcome.PAUSE, note="Launch week"), Status.PAUSED, K.due, None),
        (Decision("k1", Outcome.DROP, note="Dana left the company"), Status.DROPPED, K.due, None),
        (Decision("k1", Outcome.KEEP), Status.OPEN, K.due, None),
    ],
)
def test_when_decision_applied_then_status_due_and_done_date_follow(decision, status, due, done_on):
    after = apply(K, decision, TODAY)
    assert (after.status, after.due, after.done_on) == (status, due, done_on)
    assert (after.commitment_id, after.action, after.party, after.version) == ("k1", K.action, K.party, 1)


@pytest.mark.parametrize(
    ("commitment", "decision", "problem"),
    [
        (K, Decision("k1", Outcome.REDATE), "choose the new date"),
        (K, Decision("k1", Outcome.REDATE, dt.date(2026, 11, 2)), "is in the past"),
        (K, Decision("k1", Outcome.DROP, note="   "), "write a note saying why it is dropped"),
        (K, Decision("k1", Outcome.RESUME), "only a paused commitment can be resumed"),
    ],
)
def test_when_decision_is_incomplete_then_apply_refuses_and_says_what_is_missing(
    commitment, decision, problem
):
    with pytest.raises(NotRecordedError) as err:
        apply(commitment, decision, TODAY)
    assert problem in str(err.value) and err.value.person_id == "p1"


def test_when_paused_commitment_is_resumed_then_it_is_open_again():
    paused = apply(K, Decision("k1", Outcome.PAUSE), TODAY)
    assert apply(paused, Decision("k1", Outcome.RESUME), TODAY).status is Status.OPEN


def test_when_note_given_then_it_is_added_to_the_history_exactly():
    text = 'Said "not yet", waiting on Dana,\nsecond line — ünïcode'
    after = apply(K, Decision("k1", Outcome.KEEP, note=text), TODAY)
    assert after.note == f"First note.\n2026-11-26: {text}"


def test_when_kwame_reviewed_then_agenda_puts_the_managers_commitments_first(demo):
    plan = agenda(demo.load(Contract, "040"), demo.load(Commitment, "040"), [], TODAY)
    assert plan.contract.version == 4
    assert [c.commitment_id for c in plan.mine] == ["k0029", "k0030", "k-promise"]
    assert all(c.party is Party.MANAGER for c in plan.mine)
    assert [c.commitment_id for c in plan.theirs] == ["k0031", "k0032"]
    assert all(c.party is Party.PERSON for c in plan.theirs)


def test_when_a_commitment_is_paused_then_it_stays_on_the_agenda(demo):
    commitments = demo.load(Commitment, "007")
    plan = agenda(demo.load(Contract, "007"), commitments, [], TODAY)
    paused = [
        c.commitment_id for c in of_version(commitments, plan.contract.version) if c.status is Status.PAUSED
    ]
    assert paused  # Tomás's contract holds a paused one: paused is not failure
    assert set(paused) <= {c.commitment_id for c in plan.mine + plan.theirs}


def test_when_review_points_are_due_then_the_agenda_lists_those_not_reviewed_yet(demo):
    from careernb.domain.contract import ReviewPoint

    # Elif's contract says: review in October and in November; both reviews were held.
    contracts, commitments = demo.load(Contract, "046"), demo.load(Commitment, "046")
    points, conversations = demo.load(ReviewPoint, "046"), demo.load(Conversation, "046")
    version = latest_agreed(contracts).version
    assert [p.month for p in of_version(points, version)] == ["2026-10", "2026-11"]
    december = dt.date(2026, 12, 3)
    assert agenda(contracts, commitments, points, december, conversations).review_points == ()
    october = [c for c in conversations if not (c.kind is ConversationKind.REVIEW and c.held.month == 10)]
    assert [p.month for p in agenda(contracts, commitments, points, december, october).review_points] == [
        "2026-10"
    ]
    early_november = dt.date(2026, 11, 10)  # this month's review is still to come
    assert [
        p.month for p in agenda(contracts, commitments, points, early_november, october).review_points
    ] == ["2026-10", "2026-11"]
    assert [
        p.month for p in agenda(contracts, commitments, points, early_november, conversations).review_points
    ] == ["2026-11"]


def test_when_review_recorded_then_commitment_statuses_change_in_the_store(demo):
    record(
        demo,
        "040",
        [
            Decision("k0029", Outcome.DONE),
            Decision("k0030", Outcome.REDATE, dt.date(2026, 12, 20), "Project starts after the freeze"),
            Decision("k-promise", Outcome.DROP, note="I cannot promise a promotion; replaced by advocacy"),
            Decision("k0032", Outcome.PAUSE, note="No new joiner until spring"),
        ],
        whats_changed="Back from leave; the platform team reorganised.",
        today=TODAY,
    )
    rows = {c.commitment_id: c for c in of_version(demo.load(Commitment, "040"), 4)}
    assert (rows["k0029"].status, rows["k0029"].done_on) == (Status.DONE, TODAY)
    assert (rows["k0030"].status, rows["k0030"].due) == (Status.OPEN, dt.date(2026, 12, 20))
    assert rows["k-promise"].status is Status.DROPPED
    assert rows["k0032"].status is Status.PAUSED
    next_month = dt.date(2026, 12, 22)
    record(demo, "040", [Decision("k0032", Outcome.RESUME)], whats_changed="", today=next_month)
    rows = {c.commitment_id: c for c in of_version(demo.load(Commitment, "040"), 4)}
    assert rows["k0032"].status is Status.OPEN
    older = of_version(demo.load(Commitment, "040"), 3)
    assert older and all(c.version == 3 for c in older)  # earlier versions are history, untouched


def test_when_review_recorded_then_it_is_a_review_conversation_with_whats_changed(demo):
    before = len(demo.load(Conversation, "040"))
    c = record(demo, "040", [], whats_changed="Nothing much, a quiet month.", today=TODAY, minutes=20)
    saved = [x for x in demo.load(Conversation, "040") if x.conversation_id == c.conversation_id]
    assert len(demo.load(Conversation, "040")) == before + 1
    assert saved[0].kind is ConversationKind.REVIEW
    assert (saved[0].held, saved[0].minutes, saved[0].note) == (TODAY, 20, "Nothing much, a quiet month.")
    assert playbook.WHATS_CHANGED == "what's changed since we last spoke?"


def test_when_a_review_was_booked_then_recording_holds_that_booking(demo):
    booked = Conversation("c-booked", "040", ConversationKind.REVIEW, planned=TODAY, planned_minutes=30)
    demo.save(booked)
    c = record(demo, "040", [], whats_changed="A quiet month.", today=TODAY)
    assert c.conversation_id == "c-booked"
    assert [x.held for x in demo.load(Conversation, "040") if x.conversation_id == "c-booked"] == [TODAY]


def test_when_one_decision_is_incomplete_then_nothing_is_written(demo):
    before = (demo.load(Commitment, "040"), demo.load(Conversation, "040"))
    with pytest.raises(NotRecordedError) as err:
        record(
            demo,
            "040",
            [
                Decision("k0029", Outcome.DONE),
                Decision("k0030", Outcome.DROP),
                Decision("nope", Outcome.DONE),
            ],
            whats_changed="x",
            today=TODAY,
        )
    assert "write a note saying why it is dropped" in str(err.value)
    assert "'nope' is not in contract version 4" in str(err.value)
    assert (demo.load(Commitment, "040"), demo.load(Conversation, "040")) == before


@pytest.mark.parametrize("whats_changed", ["", "  \n "])
def test_a_review_that_says_nothing_and_decides_nothing_is_not_recorded(demo, whats_changed):
    before = (demo.load(Commitment, "040"), demo.load(Conversation, "040"))
    keep = [Decision(c.commitment_id) for c in of_version(demo.load(Commitment, "040"), 4)]
    with pytest.raises(NotRecordedError, match="a review that says nothing was not held"):
        record(demo, "040", keep, whats_changed=whats_changed, today=TODAY)
    assert (demo.load(Commitment, "040"), demo.load(Conversation, "040")) == before


def test_when_there_is_no_agreed_contract_then_the_review_says_so(demo):
    with pytest.raises(NotRecordedError, match="no agreed development contract"):
        record(demo, "031", [], whats_changed="", today=TODAY)


def test_when_jonas_has_no_contract_from_his_last_conversation_then_the_review_uses_the_last_agreed(demo):
    assert latest_agreed(demo.load(Contract, "023")).version == 3
    assert agenda(demo.load(Contract, "023"), demo.load(Commitment, "023"), [], TODAY).contract.version == 3


def _review(cid: str, planned: dt.date | None, held: dt.date | None = None) -> Conversation:
    return Conversation(cid, "040", ConversationKind.REVIEW, planned=planned, held=held)


@pytest.mark.parametrize(
    ("booked", "expected"),
    [
        ([_review("today", TODAY)], "today"),
        ([_review("in-a-week", TODAY + dt.timedelta(days=7))], "in-a-week"),
        ([_review("a-week-ago", TODAY - dt.timedelta(days=7))], "a-week-ago"),
        ([_review("in-8-days", TODAY + dt.timedelta(days=8))], None),
        ([_review("8-days-ago", TODAY - dt.timedelta(days=8))], None),
        ([_review("held", TODAY, held=TODAY - dt.timedelta(days=1))], None),
        ([_review("unbooked", None)], None),
        ([Conversation("1:1", "040", ConversationKind.CHECK_IN, planned=TODAY)], None),
        (
            [_review("in-5", TODAY + dt.timedelta(days=5)), _review("2-ago", TODAY - dt.timedelta(days=2))],
            "2-ago",
        ),
        (
            [_review("in-3", TODAY + dt.timedelta(days=3)), _review("3-ago", TODAY - dt.timedelta(days=3))],
            "3-ago",
        ),
        (
            [_review("6-ago", TODAY - dt.timedelta(days=6)), _review("in-1", TODAY + dt.timedelta(days=1))],
            "in-1",
        ),
    ],
)
def test_todays_review_is_the_booking_nearest_today_within_a_week(booked, expected):
    found = todays_review(booked, TODAY)
    assert (found.conversation_id if found else None) == expected


def test_when_the_review_happens_in_a_1_1_days_before_its_booking_then_that_booking_is_held(demo):
    """Another review booked within a week is this month's review, held early: not a second one."""
    demo.save(_review("c-next-week", TODAY + dt.timedelta(days=5)))
    demo.save(_review("c-next-month", TODAY + dt.timedelta(days=33)))
    before = len(demo.load(Conversation, "040"))
    c = record(demo, "040", [], whats_changed="Done inside our 1:1.", today=TODAY)
    rows = {x.conversation_id: x for x in demo.load(Conversation, "040")}
    assert c.conversation_id == "c-next-week" and len(rows) == before
    assert (rows["c-next-week"].held, rows["c-next-week"].note) == (TODAY, "Done inside our 1:1.")
    assert rows["c-next-month"].held is None  # next month's review stays booked
