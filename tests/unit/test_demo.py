"""The demo team: realistic, deterministic, valid, and one person per situation."""

from __future__ import annotations

import datetime as dt

import pytest

from careernb import TABLES, errors, open_store
from careernb.demo import seed_demo
from careernb.domain.aspirations import Aspiration, Direction, FitAssessment, direction_changed, latest_fit
from careernb.domain.cadence import next_career_conversation
from careernb.domain.contract import Commitment, Party, Status
from careernb.domain.conversations import Conversation, held
from careernb.domain.people import Person, team_of
from careernb.domain.signals import Signal, SignalKind
from careernb.store import table_of
from tests.conftest import TODAY


def _snapshot(store):
    return {p.relative_to(store.home): p.read_bytes() for p in store.home.rglob("*.csv")}


def test_the_demo_is_the_same_every_time_for_the_same_day(tmp_path):
    a, b = open_store(tmp_path / "a"), open_store(tmp_path / "b")
    seed_demo(a, TODAY)
    seed_demo(b, TODAY)
    assert _snapshot(a) == _snapshot(b)


def test_the_demo_passes_check_and_fills_every_table(demo):
    checked = demo.check()
    names = {p.name for p in checked}
    # Left empty on purpose: the manager's own questions, who they last picked, and the
    # without-notes self-test, which a pre-filled demo would give away.
    left_empty = {"questions.csv", "current.csv", "self_test.csv"}
    assert {table_of(t).filename for t in TABLES} - left_empty <= names


def test_the_demo_team_is_eight_reports_of_one_manager(demo):
    people = demo.load(Person)
    team = team_of(people, "ada")
    assert len(team) == 8
    assert len({p.role for p in team}) >= 3


def _due(demo, pid):
    person = next(p for p in demo.load(Person) if p.person_id == pid)
    return next_career_conversation(person, demo.load(Conversation, pid), demo.load(Signal, pid), TODAY)


def test_one_person_is_overdue_for_a_career_conversation(demo):
    due = _due(demo, "012")
    assert due.overdue(TODAY) and (TODAY - due.last).days > 91


def test_one_person_has_an_urgent_open_signal(demo):
    (signal,) = [s for s in demo.load(Signal, "007") if s.open]
    assert signal.kind is SignalKind.APPROACHED and signal.kind.is_urgent


def test_one_persons_direction_changed_between_quarters(demo):
    before, after = direction_changed(demo.load(Aspiration, "019"))
    assert (before.direction, after.direction) == (
        Direction.TECHNICAL_LEADERSHIP,
        Direction.PEOPLE_LEADERSHIP,
    )


def test_one_persons_ambition_does_not_fit_the_organisation(demo):
    assert latest_fit(demo.load(FitAssessment, "023")).fit.value == "not here"


def test_one_new_joiner_has_no_conversation_yet(demo):
    assert demo.load(Conversation, "031") == []
    assert _due(demo, "031").reason == "no career conversation yet"


def test_commitments_are_kept_on_time_late_and_dropped(demo):
    all_commitments = [c for pid in demo.person_ids() for c in demo.load(Commitment, pid)]
    statuses = {c.status for c in all_commitments}
    assert {Status.DONE, Status.DROPPED, Status.OPEN, Status.PAUSED} <= statuses
    done = [c for c in all_commitments if c.status is Status.DONE]
    assert any(c.kept_on_time for c in done) and any(not c.kept_on_time for c in done)
    late_manager = [c for c in demo.load(Commitment, "040") if c.party is Party.MANAGER and c.overdue(TODAY)]
    assert late_manager


def test_everyone_else_had_a_career_conversation_in_the_last_quarter(demo):
    for pid in ["007", "019", "023", "034", "040", "046"]:
        last = held(demo.load(Conversation, pid), career_only=True)[-1].held
        assert (TODAY - last).days <= 100, pid


def test_the_demo_refuses_to_overwrite_a_managers_data(demo):
    before = _snapshot(demo)
    with pytest.raises(errors.CareernbError, match="already holds people"):
        seed_demo(demo, TODAY)
    assert _snapshot(demo) == before


@pytest.mark.parametrize("today", [dt.date(2026, 1, 1), dt.date(2027, 6, 30)])
def test_the_demo_is_valid_whatever_the_day(tmp_path, today):
    store = open_store(tmp_path / str(today))
    seed_demo(store, today)
    store.check()


def test_demo_answers_fit_the_question_they_answer(demo):
    from careernb.demo import ANSWERS_TO
    from careernb.domain.conversations import Answer
    from careernb.domain.questions import playbook_questions

    assert set(ANSWERS_TO) <= {q.question_id for q in playbook_questions()}
    answers = [a for pid in demo.person_ids() for a in demo.load(Answer, pid)]
    assert answers
    for a in answers:
        if a.question_id in ANSWERS_TO:
            assert a.answer in ANSWERS_TO[a.question_id], (a.question_id, a.answer)
