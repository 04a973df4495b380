"""The privacy gate: canaries planted in every private cell never pass it."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from careernb import TABLES
from careernb.domain.conversations import Answer
from careernb.ownership.sharing import Audience, for_person, for_team, redact
from careernb.store import Kind, Privacy, table_of


def _plant(store, pid: str, tag: str, privacies: set[Privacy]) -> dict[str, str]:
    """Put a unique canary into every text cell of the given privacy classes; return them."""
    canaries = {}
    for record_type in TABLES:
        table = table_of(record_type)
        if not table.per_person:
            continue
        texts = [c for c in table.columns if c.kind is Kind.TEXT and c.privacy in privacies]
        if not texts:
            continue

        def plant(rows, table=table, texts=texts):
            out = []
            for i, row in enumerate(rows):
                values = {}
                for col in texts:
                    canary = f"CANARY-{tag}-{table.name}-{col.name}-{i}"
                    canaries[canary] = f"{table.name}.{col.name}"
                    values[col.name] = canary
                out.append(dataclasses.replace(row, **values))
            return out

        store.update(record_type, pid, plant)
    return canaries


def _leaks(shared, canaries) -> list[str]:
    text = "\n".join(str(v) for v in shared.values())
    return sorted(where for canary, where in canaries.items() if canary in text)


def test_nothing_private_and_nothing_of_another_person_reaches_the_person(demo):
    # Answers marked share are meant to reach the person: covered below.
    demo.update(Answer, "007", lambda rows: [dataclasses.replace(r, share=False) for r in rows])
    private = _plant(demo, "007", "private", {Privacy.PRIVATE})
    others = _plant(demo, "019", "other", set(Privacy))
    assert len(private) > 20 and len(others) > 20
    shared = for_person(demo, "007")
    assert _leaks(shared, private) == []
    assert _leaks(shared, others) == []
    assert {p.person_id for p in shared.people} == {"007", "ada"}


def test_the_team_view_gets_team_level_cells_only_and_no_answers(demo):
    canaries = _plant(demo, "007", "team", {Privacy.PRIVATE, Privacy.PERSON})
    shared = for_team(demo, ["007", "019"])
    assert _leaks(shared, canaries) == []
    assert shared.records(Answer) == []
    assert shared.people and shared.records(table_of(TABLES[8]).record)  # commitments, at team level
    assert all(p.email == "" and p.transition is None for p in shared.people)


def test_only_answers_marked_share_and_not_trust_gated_reach_the_person(demo):
    conv = demo.load(table_of(TABLES[2]).record, "007")[0].conversation_id
    demo.save(
        Answer("007", conv, "now.draining", "SHARED-ANSWER", "UNDERNEATH-SECRET", share=True),
        Answer("007", conv, "now.energising", "NOT-MARKED", share=False),
        Answer("007", conv, "honest.leave", "GATED-EVEN-IF-MARKED", share=True),
    )
    shared = for_person(demo, "007")
    texts = [a.answer for a in shared.records(Answer)]
    assert "SHARED-ANSWER" in texts
    assert "NOT-MARKED" not in texts and "GATED-EVEN-IF-MARKED" not in texts
    assert all(a.underneath == "" and a.updated is None for a in shared.records(Answer))


def test_a_row_whose_id_is_private_is_not_shown_at_all():
    from careernb.domain.signals import Signal, SignalKind

    signal = Signal("s1", "007", dt.date(2026, 11, 1), SignalKind.APPROACHED, "secret")
    assert redact(signal, Audience.PERSON) is None
    assert redact(signal, Audience.TEAM) is None


@pytest.mark.parametrize("record_type", TABLES, ids=lambda t: table_of(t).name)
def test_every_column_has_a_privacy_class_and_a_meaning(record_type):
    for col in table_of(record_type).columns:
        assert col.privacy in set(Privacy) and col.doc


def test_of_their_manager_the_person_gets_the_name_role_and_address_a_reply_goes_to(demo):
    from careernb.domain.people import Person, Transition

    demo.update(
        Person,
        None,
        lambda rows: [
            dataclasses.replace(p, joined=dt.date(2020, 1, 6), transition=Transition.RETURNING_FROM_LEAVE)
            if p.person_id == "ada"
            else p
            for p in rows
        ],
    )
    manager = for_person(demo, "007").person("ada")
    assert manager == Person("ada", "Ada Okafor", role="Engineering Manager", email="ada@example.org")
