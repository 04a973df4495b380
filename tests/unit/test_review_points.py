"""What we said we would review: each point checked in its month, due, coming, or missed - and a
missed one stays on the agenda, shown as missed, until a review records what happened."""

from __future__ import annotations

import datetime as dt

import pytest

from careernb.domain.contract import Commitment, Contract, Party, ReviewPoint
from careernb.domain.conversations import Conversation, ConversationKind
from careernb.follow_through.review import PointState, agenda, record, review_note, split_note

AGREED = dt.date(2026, 9, 10)
CONTRACT = Contract("p1", 1, agreed=AGREED)
POINTS = [
    ReviewPoint("p1", 1, "r-sep", "2026-09", "how the first RFC landed"),
    ReviewPoint("p1", 1, "r-oct", "2026-10", "Progress on the ledger proposal"),
    ReviewPoint("p1", 1, "r-nov", "2026-11", "whether the on-call is lighter"),
    ReviewPoint("p1", 1, "r-dec", "2026-12", "the mentoring"),
    ReviewPoint("p1", 1, "r-jan", "2027-01", "the staff case"),
    ReviewPoint("p1", 0, "r-old", "2026-10", "a point of an earlier version"),
]


def review(cid: str, day: dt.date, note: str = "") -> Conversation:
    return Conversation(cid, "p1", ConversationKind.REVIEW, planned=day, held=day, minutes=25, note=note)


SEP = review("v-sep", dt.date(2026, 9, 28))
NOV = review("v-nov", dt.date(2026, 11, 20))
BEFORE_AGREED = review("v-aug", dt.date(2026, 9, 2))
BOOKED = Conversation("v-booked", "p1", ConversationKind.REVIEW, planned=dt.date(2026, 10, 20))


def states(conversations: list[Conversation], today: dt.date) -> dict[str, str]:
    plan = agenda([CONTRACT], [], POINTS, today, conversations)
    return {p.point.review_id: p.state.value for p in plan.points}


@pytest.mark.parametrize(
    ("conversations", "today", "expected"),
    [
        (
            [SEP, NOV],
            dt.date(2026, 12, 3),
            {
                "r-sep": "checked",
                "r-oct": "missed",
                "r-nov": "checked",
                "r-dec": "this month",
                "r-jan": "coming",
            },
        ),
        (
            [SEP, BOOKED],  # a review booked in October and never held: October's point was missed
            dt.date(2026, 10, 25),
            {
                "r-sep": "checked",
                "r-oct": "this month",
                "r-nov": "coming",
                "r-dec": "coming",
                "r-jan": "coming",
            },
        ),
        (
            [BEFORE_AGREED],  # before the contract was agreed: it checked nothing of it
            dt.date(2026, 11, 2),
            {
                "r-sep": "missed",
                "r-oct": "missed",
                "r-nov": "this month",
                "r-dec": "coming",
                "r-jan": "coming",
            },
        ),
        (
            [SEP, NOV, review("v-dec", dt.date(2026, 12, 1))],
            dt.date(2026, 12, 3),  # this month's review was held already: December's point is checked
            {
                "r-sep": "checked",
                "r-oct": "missed",
                "r-nov": "checked",
                "r-dec": "checked",
                "r-jan": "coming",
            },
        ),
    ],
)
def test_each_point_is_checked_due_coming_or_missed(conversations, today, expected):
    assert states(conversations, today) == expected


def test_a_missed_point_stays_on_the_agenda_as_missed_after_its_month_has_passed():
    december = dt.date(2026, 12, 3)
    plan = agenda([CONTRACT], [], POINTS, december, [SEP, NOV])
    assert [p.review_id for p in plan.review_points] == ["r-oct", "r-dec"]  # November's was checked
    missed = next(p for p in plan.points if p.point.review_id == "r-oct")
    assert missed.state is PointState.MISSED and missed.review is None


def test_a_review_that_records_what_happened_takes_the_missed_point_up():
    said = "We never met in October; the proposal went to the forum in November."
    note = review_note("Quieter month.", {POINTS[1]: said})
    later = review("v-dec", dt.date(2026, 12, 3), note)
    plan = agenda([CONTRACT], [], POINTS, dt.date(2026, 12, 4), [SEP, NOV, later])
    taken = next(p for p in plan.points if p.point.review_id == "r-oct")
    assert (taken.state, taken.review, taken.what_happened) == (PointState.TAKEN_UP, later, said)
    assert "r-oct" not in [p.review_id for p in plan.review_points]


def test_a_review_that_says_nothing_of_a_missed_point_leaves_it_missed():
    later = review("v-dec", dt.date(2026, 12, 3), "Quieter month.")
    plan = agenda([CONTRACT], [], POINTS, dt.date(2026, 12, 4), [SEP, NOV, later])
    assert next(p for p in plan.points if p.point.review_id == "r-oct").state is PointState.MISSED


@pytest.mark.parametrize(
    ("whats_changed", "missed"),
    [
        ("", {"r-oct": "We never met."}),
        ("Two lines\nof what changed.\n", {"r-oct": 'Said "not yet" — and 🚀', "r-sep": "Moved to the 1:1."}),
        ("Only what changed.", {}),
        ("  spaces kept  ", {"r-oct": "  and here  "}),
    ],
)
def test_what_happened_to_missed_points_goes_into_the_reviews_note_and_comes_back_exactly(
    whats_changed, missed
):
    by_id = {p.review_id: p for p in POINTS}
    note = review_note(whats_changed, {by_id[r]: t for r, t in missed.items()})
    assert split_note(note, POINTS) == (whats_changed, missed)
    for rid, text in missed.items():
        assert by_id[rid].aspect in note and text in note  # the record reads on its own


def test_recording_a_review_with_what_happened_takes_the_point_up_in_the_store(store):
    from careernb.domain.people import Person

    store.save(Person("p1", "Tomás"))
    store.save(CONTRACT)
    store.save(*[p for p in POINTS if p.version == 1])
    store.save(Commitment("p1", 1, "k1", Party.MANAGER, "Introduce you to Dana", dt.date(2027, 1, 8)))
    store.save(SEP, NOV)
    december = dt.date(2026, 12, 3)
    note = review_note("Quieter month.", {POINTS[1]: "It moved to the forum."})
    held = record(store, "p1", [], whats_changed=note, today=december)
    assert held.note == note
    plan = agenda(
        store.load(Contract, "p1"),
        [],
        store.load(ReviewPoint, "p1"),
        december,
        store.load(Conversation, "p1"),
    )
    taken = next(p for p in plan.points if p.point.review_id == "r-oct")
    assert (taken.state, taken.what_happened) == (PointState.TAKEN_UP, "It moved to the forum.")
