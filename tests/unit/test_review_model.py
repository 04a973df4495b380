"""The review panel's model, without widgets: decisions, what blocks, and today's draft."""

import datetime as dt

import pytest

from careernb.domain.contract import Commitment, Contract, Party, Status
from careernb.domain.conversations import Conversation, ConversationKind
from careernb.follow_through.review import MINUTES, SAID_NOTHING, Agenda, Outcome
from careernb.views.pages.review.model import ReviewModel

TODAY = dt.date(2026, 11, 26)
MINE = Commitment("p1", 1, "k1", Party.MANAGER, "Introduce you to Dana", dt.date(2026, 12, 1))
THEIRS = Commitment("p1", 1, "k2", Party.PERSON, "Write the RFC", dt.date(2027, 1, 15), status=Status.PAUSED)
PLAN = Agenda(Contract("p1", 1, agreed=dt.date(2026, 10, 1)), (MINE,), (THEIRS,), ())


def _model(conversations=()) -> ReviewModel:
    model = ReviewModel(TODAY)
    model.load("p1", PLAN, list(conversations))
    return model


def test_every_commitment_starts_with_no_change_and_only_an_empty_review_blocks():
    model = _model()
    assert [c.commitment_id for c in model.commitments] == ["k1", "k2"]
    assert {cid: d.outcome for cid, d in model.decisions.items()} == {"k1": Outcome.KEEP, "k2": Outcome.KEEP}
    assert model.blockers == [SAID_NOTHING] and model.changed() == []
    model.whats_changed = "A quiet month."
    assert model.blockers == []


@pytest.mark.parametrize(
    ("values", "blocker"),
    [
        ({"outcome": Outcome.DROP}, "“Introduce you to Dana”: write a note saying why it is dropped"),
        ({"outcome": Outcome.REDATE}, "“Introduce you to Dana”: choose the new date to re-date it to"),
        ({"outcome": Outcome.REDATE, "new_due": dt.date(2026, 11, 1)}, "is in the past"),
        ({"outcome": Outcome.RESUME}, "only a paused commitment can be resumed"),
    ],
)
def test_an_incomplete_decision_fills_the_visible_list_of_blockers(values, blocker):
    model = _model()
    for field, value in values.items():
        model.decide("k1", **{field: value})
    assert len(model.blockers) == 1 and blocker in model.blockers[0]


def test_completing_the_decision_clears_its_blocker_and_it_counts_as_changed():
    model = _model()
    model.decide("k1", outcome=Outcome.DROP)
    model.decide("k1", note="Dana left")
    assert model.blockers == [] and model.changed() == [(MINE, Outcome.DROP)]


def test_todays_booked_review_is_the_draft_and_its_words_and_length_come_back():
    booked = Conversation(
        "c-r", "p1", ConversationKind.REVIEW, TODAY + dt.timedelta(days=3), planned_minutes=30, note="So far"
    )
    model = _model([booked])
    assert (model.draft, model.whats_changed, model.minutes) == (booked, "So far", 30)
    model.whats_changed = "So far, and more"
    row = model.draft_row("c-new")
    assert (row.conversation_id, row.planned, row.note) == ("c-r", booked.planned, "So far, and more")


def test_without_a_booking_the_draft_is_a_review_planned_today():
    model = _model([Conversation("c-old", "p1", ConversationKind.REVIEW, TODAY - dt.timedelta(days=30))])
    assert model.draft is None and model.minutes == MINUTES
    model.whats_changed = "A quiet month"
    row = model.draft_row("c-new")
    assert (row.conversation_id, row.kind, row.planned, row.held, row.note) == (
        "c-new",
        ConversationKind.REVIEW,
        TODAY,
        None,
        "A quiet month",
    )


def test_without_an_agreed_contract_there_is_nothing_to_decide():
    model = ReviewModel(TODAY)
    model.load("p1", Agenda(None, (), (), ()), [])
    assert model.commitments == () and model.decisions == {} and model.blockers == []
