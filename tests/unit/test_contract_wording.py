"""A review point reads inside the contract's sentence; a line about the person in the third
person is shown to the manager, never rewritten."""

from __future__ import annotations

import datetime as dt

import pytest

from careernb.documents.contract import contract_html, contract_text
from careernb.domain.contract import Commitment, Contract, Guard, Party, ReviewPoint, findings
from careernb.domain.contract.wording import ORDINARY, in_sentence, third_person
from careernb.domain.people import Person

IN_SENTENCE = [
    # (typed, as it reads after "we will check in on", why)
    ("Progress on the ledger proposal", "progress on the ledger proposal", "an ordinary noun"),
    ("How the incident load feels", "how the incident load feels", "a question word"),
    ("Whether on-call is lighter", "whether on-call is lighter", "a conjunction"),
    ("Follow-up on the forum slot", "follow-up on the forum slot", "a hyphenated ordinary word"),
    ("It's lighter now?", "it's lighter now?", "an apostrophe inside the word"),
    ("The introduction to Dana", "the introduction to Dana", "a name later on keeps its capital"),
    ("A first draft", "a first draft", "the article"),
    ("  Progress on X\n", "progress on X", "outer spaces and newlines go"),
    ("progress on the ledger", "progress on the ledger", "already lower case"),
    ("API latency after the move", "API latency after the move", "an acronym"),
    ("HOW the team feels", "HOW the team feels", "a shout is typed that way on purpose"),
    ("iOS start-up time", "iOS start-up time", "a product written with a lower first letter"),
    ("McKinsey's report", "McKinsey's report", "a capital inside the word: a name"),
    ("Kubernetes upgrade", "Kubernetes upgrade", "a name not on the list"),
    ("Dana's feedback", "Dana's feedback", "a person's name"),
    ("Will's onboarding", "Will's onboarding", "a name that is also a word is left off the list"),
    ("May's review", "May's review", "a month or a name"),
    ("Go migration", "Go migration", "a language that is also a word"),
    ("I want more design time", "I want more design time", "I is always a capital"),
    ("A/B test results", "A/B test results", "a letter joined by a slash"),
    ("Q3 goals", "Q3 goals", "a word with a digit"),
    ("“Ready for staff” as a goal", "“Ready for staff” as a goal", "a quotation keeps its case"),
    ('"Progress"', '"Progress"', "straight quotes too"),
    ("(Progress) on X", "(Progress) on X", "a bracket"),
    ("Ünïcode handling", "Ünïcode handling", "not an ASCII word: not on the list"),
    ("İstanbul office move", "İstanbul office move", "a dotted capital I is never lowered"),
    ("\u200bProgress", "\u200bProgress", "an invisible character first: left as typed"),
    ("<b>Progress</b>", "<b>Progress</b>", "markup is text, not a word"),
    ("ǅemal's project", "ǅemal's project", "a title-case letter"),
    ("", "", "nothing typed"),
    ("   ", "", "only spaces"),
    ("Progress—and what stalls it", "Progress—and what stalls it", "a dash glued to the word: unsure, kept"),
    ("How", "how", "one word"),
    ("How?", "how?", "one word and a question mark"),
]


@pytest.mark.parametrize(("typed", "reads", "why"), IN_SENTENCE, ids=[c[2] for c in IN_SENTENCE])
def test_a_review_point_lowers_only_a_sentence_capital_on_an_ordinary_word(typed, reads, why):
    assert in_sentence(typed) == reads
    assert in_sentence(typed)[1:] == typed.strip()[1:]  # nothing but the first letter ever changes


def test_the_ordinary_words_are_lower_case_ascii_and_hold_no_common_name():
    assert all(w.isascii() and w == w.lower() for w in ORDINARY)
    assert not ORDINARY & {"will", "may", "grace", "hope", "mark", "bill", "go", "swift", "rust", "i"}


THIRD_PERSON = [
    ("Whether my commitments to him are done", "Kwame Mensah", ["him"]),
    ("Her promotion case, and whether she wants it", "Mei Lin", ["Her", "she"]),
    ("Introduce Tomás to Rafael", "Tomás Herrera", ["Tomás"]),
    ("Tomás Herrera's case for staff", "Tomás Herrera", ["Tomás Herrera"]),
    ("Whether my commitments to you are done", "Kwame Mensah", []),
    ("Ask the leads what they need", "Kwame Mensah", []),
    ("The theme of the offsite; the shell scripts", "Kwame Mensah", []),  # he/her inside words
    ("Tomász's review", "Tomás Herrera", []),  # another name that starts the same
    ("himself, herself, HIS", "", ["himself", "herself", "HIS"]),
    ("Introduce you to Noor and ask her to host you", "Priya Raman", []),  # Noor's "her"
    ("Mentor Lena through her first schema review", "Priya Raman", []),
    ("Ask Sarah whether she can pair with you", "Kwame Mensah", []),
    ("Introduce him to Dana", "Kwame Mensah", ["him"]),  # the name comes after
    ("Whether Kwame's case is in, and whether he heard back", "Kwame Mensah", ["he", "Kwame"]),
    ("Progress. Whether she is down to one project", "Elif Yılmaz", ["she"]),  # "Whether" opens a sentence
    ("I will ask whether he is ready", "Kwame Mensah", ["he"]),
]


@pytest.mark.parametrize(("text", "name", "found"), THIRD_PERSON)
def test_words_that_speak_of_the_person_in_the_third_person_are_found(text, name, found):
    assert third_person(text, name) == found


TODAY = dt.date(2026, 11, 26)


def _version(aspect: str, question: str = "", action: str = "Introduce you to Dana"):
    contract = Contract("040", 2, open_question=question, next_conversation=TODAY + dt.timedelta(days=90))
    commitments = [
        Commitment("040", 2, "k1", Party.MANAGER, action, TODAY + dt.timedelta(days=20)),
        Commitment("040", 2, "k2", Party.PERSON, "Write the sync design", TODAY + dt.timedelta(days=40)),
    ]
    reviews = [ReviewPoint("040", 2, "r1", "2027-01", aspect)]
    return contract, commitments, reviews


@pytest.mark.parametrize(
    ("aspect", "question", "action", "where"),
    [
        ("Whether my commitments to him are done", "", "Introduce you to Dana", {"review_id": "r1"}),
        ("Where the staff case stands", "Whether Kwame leads the guild", "Introduce you to Dana", {}),
        ("Where the staff case stands", "", "Introduce him to Dana", {"commitment_id": "k1"}),
    ],
)
def test_the_guards_show_a_third_person_line_without_blocking_agreement(aspect, question, action, where):
    found = findings(*_version(aspect, question, action), TODAY, person_name="Kwame Mensah")
    third = [f for f in found if f.guard is Guard.THIRD_PERSON]
    assert len(third) == 1 and not third[0].blocks
    expected = (where.get("commitment_id"), where.get("review_id"))
    assert (third[0].commitment_id, third[0].review_id) == expected
    assert "Kwame" in third[0].message and "“you”" in third[0].message


def test_a_contract_written_to_the_person_has_no_third_person_finding():
    found = findings(*_version("Whether my commitments to you are done"), TODAY, person_name="Kwame Mensah")
    assert not [f for f in found if f.guard is Guard.THIRD_PERSON]


def test_the_document_reads_the_review_point_inside_its_sentence_and_keeps_the_words_as_typed(store):
    store.save(Person("m1", "Ada Okafor", None, "Engineering Manager"))
    store.save(Person("040", "Kwame Mensah", "m1", "Senior Engineer"))
    contract, commitments, reviews = _version("Progress on the API design")
    store.save(Contract("040", 2, TODAY, next_conversation=contract.next_conversation))
    store.save(*commitments)
    store.save(*reviews, ReviewPoint("040", 2, "r2", "2027-02", "iOS start-up time"))
    html, text = contract_html(store, "040"), contract_text(store, "040")
    assert 'we will check in on <span class="what">progress on the API design</span>' in html
    assert 'we will check in on <span class="what">iOS start-up time</span>' in html
    assert "- In January 2027, we will check in on progress on the API design" in text
    kept = [r.aspect for r in store.load(ReviewPoint, "040")]
    assert kept == ["Progress on the API design", "iOS start-up time"]  # as typed, in the store
