import datetime as dt
import html
import re
import subprocess
import sys
import zlib

import pytest

from careernb.documents.quick_reference import context, groups, render, write
from careernb.domain import playbook
from careernb.domain.conversations import ConversationKind
from careernb.domain.questions import Question, QuickGroup, Section, Source, bank, playbook_questions

PLAYBOOK_GROUPS = {
    "Where are you now?": [
        "When are you doing your best work? What does that look like?",
        "What parts of your role are you finding genuinely energising?",
        "What are you good at that you don't get to use enough?",
        "If you were advising your best friend who had your job, what would you tell them to watch out for?",
    ],
    "Where do you want to go?": [
        "Where do you want to be in three years? Describe it.",
        "Is there a role - here or anywhere - that you look at and think 'I'd like to do that'?",
        "Do you want to move towards technical leadership, people leadership, or something else?",
        "What would you be doing if money were no object?",
    ],
    "The honest version": [
        "That's the version that sounds fine - is there a version underneath that you don't usually say?",
        "Is there something I do - or don't do - that makes your career harder than it needs to be?",
        "If you were going to leave this organisation in the next year, what would the reason be?",
    ],
    "Closing the gap": [
        "What's the biggest gap between where you are now and where you want to go?",
        "What do you need from me - access, opportunities, feedback, advocacy?",
        "What's in your way that I can help with?",
        "What are you willing to commit to in the next three months?",
    ],
}


def test_groups_are_the_playbooks_four_in_its_order_with_its_questions_in_its_order():
    got = {g.title: [line.text for line in g.lines] for g in groups(playbook_questions())}
    assert got == PLAYBOOK_GROUPS
    assert list(got) == [g.value for g in QuickGroup]


def test_every_printed_question_is_in_the_playbooks_quick_reference_word_for_word():
    section = playbook.text().split("Quick Reference - Question Bank", 1)[1]
    for g in groups(playbook_questions()):
        for line in g.lines:
            assert f'"{line.text}"' in section


def test_the_page_says_its_wording_is_the_quick_references_where_a_conversation_asks_at_length():
    shown = context(playbook_questions())
    shorter = [line.text for g in shown["groups"] for line in g.lines if line.shorter]
    assert "When are you doing your best work? What does that look like?" in shorter
    assert "If you were advising your best friend" not in " ".join(shorter)  # the same in both places
    page = " ".join(render(playbook_questions()).split())
    assert "worded as the playbook's own quick reference words them" in page
    assert "conversation pages ask some of them in the playbook's longer wording" in page


def _own(text, kind=ConversationKind.GAP, section=Section.OPENER, **kw):
    return Question(
        f"q-{zlib.crc32(text.encode())}", kind, section, text, source=Source.MANAGER, position=1000, **kw
    )


@pytest.mark.parametrize(
    ("question", "group"),
    [
        (_own("What would make next quarter a good one?"), "Closing the gap"),
        (_own("What did you learn this month?", ConversationKind.NOW), "Where are you now?"),
        (
            _own("Who inspires you?", ConversationKind.DIRECTION, Section.DIRECTION),
            "Where do you want to go?",
        ),
        (_own("Anything else?", quick_reference=QuickGroup.HONEST), "The honest version"),
    ],
)
def test_the_managers_own_questions_are_printed_in_their_group_after_the_playbooks_and_marked(
    question, group
):
    gs = {g.title: g for g in groups([*playbook_questions(), question])}
    last = gs[group].lines[-1]
    assert last.text == question.text
    assert last.own
    assert not any(line.own for g in gs.values() for line in g.lines if line.text != question.text)
    page = render([*playbook_questions(), question])
    item = re.search(r'<li class="careernb-qr-question careernb-qr-own-question">(.*?)</li>', page, re.S)
    assert html.escape(question.text, quote=True) in item.group(1)
    assert "your question" in item.group(1)


def test_the_trust_gated_question_carries_the_playbooks_warning():
    page = render(playbook_questions())
    leave = re.search(r"<li[^>]*>[^<]*If you were going to leave.*?</li>", page, re.S).group(0)
    assert "Ask it only when you have established real trust." in leave


def test_typed_question_text_is_escaped():
    page = render([*playbook_questions(), _own("<script>alert(1)</script> & <b>bold</b>?")])
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;?" in page


def test_a_control_character_in_a_question_of_the_managers_own_shows_as_the_replacement_character():
    page = render([*playbook_questions(), _own("Where next?\x1b[2J\x07 \u202eright")])
    assert "\u2068Where next?\ufffd[2J\ufffd \u202eright\u2069" in page
    assert "\x1b" not in page and "\x07" not in page


def test_context_counts_own_questions_and_dates_the_page():
    ctx = context([*playbook_questions(), _own("Mine?")], printed=dt.date(2026, 11, 26))
    assert ctx["own_count"] == 1
    assert ctx["printed"] == "Thu 26 November 2026"
    assert sum(len(g.lines) for g in ctx["groups"]) == 16


def test_write_uses_the_stores_own_questions(store, tmp_path):
    store.save(_own("A question the manager added?"))
    out = write(store, tmp_path / "qr" / "questions.html")
    text = out.read_text(encoding="utf-8")
    assert "A question the manager added?" in text
    assert len(bank(store)) == len(playbook_questions()) + 1


@pytest.mark.slow
def test_cli_writes_the_page(tmp_path, demo):
    out = tmp_path / "questions.html"
    done = subprocess.run(
        [sys.executable, "-m", "careernb", "questions", "--home", str(demo.home), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Wrote the quick reference" in done.stdout
    page = out.read_text(encoding="utf-8")
    assert page.count('class="careernb-qr-question') == 15
    assert page.count('<section class="careernb-qr-group">') == 4
