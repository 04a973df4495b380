"""A trust-gated answer never leaves, even marked `share` by hand: the gate checks it twice."""

from __future__ import annotations

import dataclasses

from careernb.domain.conversations import Answer
from careernb.domain.questions import bank
from careernb.ownership import sharing
from careernb.ownership.sharing import Audience, for_person, redact

WORDS = "I have been interviewing elsewhere"


def _gated_question(store) -> str:
    return next(q.question_id for q in bank(store) if q.trust_gated)


def test_redact_does_not_trust_share_for_a_trust_gated_question(demo):
    qid = _gated_question(demo)
    marked = Answer("007", "c-x", qid, WORDS, "and underneath", share=True)
    shown = redact(marked, Audience.PERSON)
    assert shown is None or WORDS not in dataclasses.astuple(shown)
    ordinary = dataclasses.replace(marked, question_id="now.best-work")
    assert redact(ordinary, Audience.PERSON).answer == WORDS  # a shared answer still passes


def test_a_hand_edited_share_on_a_trust_gated_answer_stays_out_even_if_the_filter_fails(demo, monkeypatch):
    from careernb.domain.conversations import Conversation, ConversationKind

    qid = _gated_question(demo)
    demo.save(Conversation("c-x", "007", ConversationKind.GAP))
    demo.save(Answer("007", "c-x", qid, WORDS, share=True))  # as a hand-edited CSV would hold it
    real_bank = sharing.bank
    # The first check broken on purpose: the question filter sees no trust-gated question.
    monkeypatch.setattr(
        sharing, "bank", lambda store: [dataclasses.replace(q, trust_gated=False) for q in real_bank(store)]
    )
    assert WORDS not in [v for v in for_person(demo, "007").values() if isinstance(v, str)]
