import datetime as dt

from careernb.domain.conversations import Answer, Conversation, ConversationKind
from careernb.domain.preparation import said_before
from careernb.domain.questions import playbook_questions
from careernb.domain.signals import Signal, SignalKind

D = dt.date(2026, 11, 1)


def test_said_before_lists_conversations_and_check_ins_most_recent_first_with_their_answers():
    convs = [
        Conversation("c1", "007", ConversationKind.FULL, held=D - dt.timedelta(days=90)),
        Conversation("c2", "007", ConversationKind.CHECK_IN, held=D - dt.timedelta(days=5), note="Coffee."),
        Conversation("c3", "007", ConversationKind.REVIEW, held=D - dt.timedelta(days=30)),  # nothing said
        Conversation("c4", "007", ConversationKind.FULL, planned=D + dt.timedelta(days=5)),  # not held
    ]
    answers = [
        Answer("007", "c1", "now.draining", "On-call.", ""),
        Answer("007", "c1", "now.best-work", "Pairing.", "Alone, really."),
        Answer("007", "c1", "now.energising", "", ""),  # empty: not shown
    ]
    signals = [
        Signal("s1", "007", D - dt.timedelta(days=5), SignalKind.APPROACHED, "Recruiter call.", None, "c2"),
        Signal("s2", "007", D - dt.timedelta(days=2), SignalKind.MILESTONE, "", None, None),
    ]
    said = said_before(convs, answers, signals, playbook_questions())
    assert [s.when for s in said] == [
        D - dt.timedelta(days=2),
        D - dt.timedelta(days=5),
        D - dt.timedelta(days=90),
    ]
    assert said[0].notes == (f"Signal: {SignalKind.MILESTONE.playbook_text}",)
    assert said[1].notes[0] == "Coffee."
    assert said[1].notes[1].endswith("Recruiter call.")
    full = said[2]
    assert [a[1] for a in full.answers] == ["Pairing.", "On-call."]  # in the bank's order
    assert full.answers[0][0].startswith("When you're doing your best work")
    assert full.answers[0][2] == "Alone, really."


def test_said_before_can_stop_before_a_day():
    convs = [Conversation("c1", "007", ConversationKind.FULL, held=D)]
    answers = [Answer("007", "c1", "now.draining", "x", "")]
    assert said_before(convs, answers, [], playbook_questions(), before=D) == []
    assert len(said_before(convs, answers, [], playbook_questions(), before=D + dt.timedelta(days=1))) == 1
