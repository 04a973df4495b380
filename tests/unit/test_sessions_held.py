"""A conversation counts once it was held: marking it held asks for the day and the minutes, an
unheld one changes no figure, and deleting one names everything that goes with it."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from careernb.domain.aspirations import Aspiration, Direction, Fit, FitAssessment
from careernb.domain.checklists import ChecklistTick
from careernb.domain.contract import Contract
from careernb.domain.conversations import Answer, Conversation, ConversationKind
from careernb.domain.people import Person
from careernb.domain.preparation import PreparationNote, Reflection
from careernb.domain.questions import bank
from careernb.domain.sessions import held_problems, removal
from careernb.follow_through.dashboard import team_rows
from careernb.follow_through.health import failures
from careernb.follow_through.health.what_good_looks_like import metrics
from tests.conftest import TODAY

FULL = ConversationKind.FULL


@pytest.mark.parametrize(
    ("day", "minutes", "problems"),
    [
        (TODAY, 60, []),
        (TODAY - dt.timedelta(days=3), 45, []),
        (TODAY, 1, []),
        (TODAY, 480, []),
        (None, 60, ["Give the day it was held."]),
        (TODAY + dt.timedelta(days=1), 60, ["Fri 27 November 2026 is still to come"]),
        (TODAY, None, ["Give how many minutes it took."]),
        (TODAY, 0, ["Give how many minutes it took."]),
        (TODAY, -5, ["Give how many minutes it took."]),
        (TODAY, 481, ["481 minutes is more than a working day"]),
        (None, None, ["Give the day it was held.", "Give how many minutes it took."]),
    ],
)
def test_marking_a_conversation_held_needs_a_day_that_has_come_and_its_minutes(day, minutes, problems):
    found = held_problems(day, minutes, TODAY)
    assert len(found) == len(problems)
    for said, expected in zip(found, problems, strict=True):
        assert said.startswith(expected), said


def _conversation(**kw) -> Conversation:
    return Conversation("c1", "007", FULL, **kw)


def _answer(qid: str, text: str = "", underneath: str = "", cid: str = "c1") -> Answer:
    return Answer("007", cid, qid, text, underneath)


@pytest.mark.parametrize(
    ("records", "question"),
    [
        (
            {},
            "Delete the full career conversation held Thu 26 November 2026, with no answers? This cannot be "
            "undone.",
        ),
        (
            {"answers": [_answer("q1", "Pairing."), _answer("q2", "", "Bored."), _answer("q3", "")]},
            "Delete the full career conversation held Thu 26 November 2026, with 2 answers? This cannot be "
            "undone.",
        ),
        (
            {
                "answers": [_answer("q1", "Pairing."), _answer("q1", "Elsewhere.", cid="c2")],
                "aspirations": [
                    Aspiration("a1", "007", TODAY, Direction.TECHNICAL_LEADERSHIP, conversation_id="c1")
                ],
                "fits": [FitAssessment("f1", "007", TODAY, Fit.FITS_HERE, conversation_id="c1")],
                "ticks": [
                    ChecklistTick("007", "c1", "during.perspective", True),
                    ChecklistTick("007", "c1", "after.next", False),
                ],
            },
            "Delete the full career conversation held Thu 26 November 2026, with 1 answer, the aspiration "
            "recorded in it, the honest fit assessed in it and 1 checklist tick? This cannot be undone.",
        ),
    ],
)
def test_the_confirmation_names_the_conversation_its_day_and_what_goes_with_it(records, question):
    gone = removal(_conversation(held=TODAY), **records)
    assert gone.allowed
    assert gone.question() == question
    going = dict(gone.going)
    assert all(r.conversation_id == "c1" for rows in going.values() for r in rows)
    assert [t for t, _ in gone.going][-1] is Conversation  # what refers to it goes first


def test_a_conversation_a_contract_was_written_in_or_notes_prepare_stays():
    booked = _conversation(planned=TODAY)
    gone = removal(
        booked,
        contracts=[Contract("007", 4, agreed=TODAY, conversation_id="c1"), Contract("007", 3)],
        notes=[
            PreparationNote("n1", "007", Reflection.CARES_ABOUT, "They lit up on the migration.", "c1"),
            PreparationNote("n2", "007", Reflection.CARES_ABOUT, "", "c1"),
        ],
    )
    assert not gone.allowed
    assert gone.refusal() == (
        "The full career conversation booked for Thu 26 November 2026 stays: version 4 of the development "
        "contract (agreed Thu 26 November 2026) was written in it; 1 preparation note prepares it."
    )


def test_an_empty_preparation_note_goes_with_the_conversation_it_names():
    gone = removal(_conversation(), notes=[PreparationNote("n2", "007", Reflection.CARES_ABOUT, "", "c1")])
    assert gone.allowed and [n.note_id for n in dict(gone.going)[PreparationNote]] == ["n2"]


def _figures(store, people: list[Person]) -> tuple:
    rows = {
        r.person_id: (r.last_conversation, r.conversation_overdue) for r in team_rows(store, people, TODAY)
    }
    team = failures.load(store, people)
    found = sorted(f.text for r in team for f in failures.detect(r, bank(store), TODAY))
    return rows, found, metrics(team, TODAY)


@pytest.mark.parametrize(
    "unheld",
    [
        _conversation(),  # started, nothing said: never written by the page, but never counted either
        _conversation(planned=TODAY - dt.timedelta(days=20)),  # booked, missed
        dataclasses.replace(_conversation(), kind=ConversationKind.NOW, minutes=50),
    ],
    ids=["no-day", "booked-and-missed", "minutes-but-no-day"],
)
def test_an_unheld_conversation_changes_no_last_conversation_no_overdue_no_figure(demo, unheld):
    people = demo.load(Person)
    before = _figures(demo, people)
    assert any(overdue for _, overdue in before[0].values())  # someone is overdue to begin with
    for p in people:
        demo.save(dataclasses.replace(unheld, conversation_id=f"unheld-{p.person_id}", person_id=p.person_id))
    assert _figures(demo, people) == before
