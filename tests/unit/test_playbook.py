"""The playbook's words are quoted exactly, and every question of it is in the bank."""

from __future__ import annotations

import re

import pytest

from careernb.domain import playbook
from careernb.domain.checklists import ITEMS
from careernb.domain.conversations import ConversationKind
from careernb.domain.questions import Section, bank, for_conversation, playbook_questions
from careernb.domain.replies import STATEMENTS
from careernb.domain.signals import PLAYBOOK_TEXT

TEXT = playbook.text()


def _quotes():
    for name in dir(playbook):
        value = getattr(playbook, name)
        if name.isupper() and isinstance(value, str):
            yield name, value
        elif name.isupper() and isinstance(value, tuple):
            yield from ((f"{name}[{i}]", v) for i, v in enumerate(value))
        elif name.isupper() and isinstance(value, dict):
            for key, v in value.items():
                for i, part in enumerate(v if isinstance(v, tuple) else (v,)):
                    yield f"{name}[{key}][{i}]", part


QUOTES = dict(_quotes())
QUOTES.update({f"signal {k}": v for k, v in PLAYBOOK_TEXT.items()})
QUOTES.update({f"checklist {k}": v for stage in ITEMS.values() for k, v in stage.items()})
QUOTES.update({f"the statement {s.key} measures": s.measures for s in STATEMENTS})


@pytest.mark.parametrize("name", sorted(QUOTES))
def test_each_quote_is_verbatim_in_the_playbook(name):
    quote = QUOTES[name]
    # [or: at all] and quoted speech are kept as the playbook prints them
    assert quote in TEXT or quote.rstrip(".?") in TEXT, f"{name} is not the playbook's wording"


def _playbook_questions_in_text() -> set[str]:
    """Every bulleted quotation of the playbook, and the inline surface-answer follow-up."""
    found = set(re.findall(r'^- "(.+)"$', TEXT, flags=re.M))
    found.add(playbook.SURFACE_FOLLOW_UP)
    return found


def test_every_question_in_the_playbook_is_in_the_bank():
    in_bank = {q.text for q in playbook_questions()}
    missing = _playbook_questions_in_text() - in_bank
    assert not missing, f"questions missing from the bank: {sorted(missing)}"
    assert len(_playbook_questions_in_text()) >= 38


def test_every_question_in_the_bank_is_word_for_word_from_the_playbook():
    for q in playbook_questions():
        assert q.text in TEXT, q.question_id


def test_only_the_leave_question_is_trust_gated():
    gated = [q.question_id for q in playbook_questions() if q.trust_gated]
    assert gated == ["honest.leave"]
    assert "If you were going to leave this organisation" in next(
        q.text for q in playbook_questions() if q.trust_gated
    )


@pytest.mark.parametrize(
    ("kind", "openers", "honest_section"),
    [
        (ConversationKind.NOW, 6, Section.CURRENT_STATE),
        (ConversationKind.DIRECTION, 6, Section.DIRECTION),
        (ConversationKind.GAP, 7, Section.BLOCKERS),
    ],
)
def test_each_conversation_gets_its_openers_then_its_honest_questions(kind, openers, honest_section):
    asked = for_conversation(bank(), kind)
    sections = [q.section for q in asked]
    assert sections[:openers] == [Section.OPENER] * openers
    assert set(sections[openers:]) == {honest_section}
    assert all(q.variant_of is None for q in asked)


def test_the_managers_own_questions_follow_the_playbooks(store):
    from careernb.domain.questions import Question, Source

    mine = Question("mine.1", ConversationKind.NOW, Section.OPENER, "What are you proud of this quarter?")
    store.save(mine)
    questions = bank(store)
    assert questions[-1] == mine and mine.source is Source.MANAGER
    assert mine in for_conversation(questions, ConversationKind.NOW)
