"""The "without notes" self-test: the manager's guesses beside what each person said."""

import datetime as dt

import pytest

from careernb.domain.aspirations import Aspiration, Direction
from careernb.domain.self_test import Guess, Match, compare, latest_guess, score, words
from careernb.ownership import sharing

TODAY = dt.date(2026, 11, 26)
SAID = Aspiration(
    "a1",
    "p1",
    dt.date(2026, 8, 1),
    Direction.TECHNICAL_LEADERSHIP,
    "Staff engineer owning the platform architecture.",
)


def guess(text="", direction=None, written=TODAY) -> Guess:
    return Guess("g1", "p1", written, text, direction)


@pytest.mark.parametrize(
    ("case", "g", "said", "match", "mismatch"),
    [
        (
            "same picture",
            guess("A staff engineer on the platform", Direction.TECHNICAL_LEADERSHIP),
            [SAID],
            Match.MATCH,
            None,
        ),
        (
            "other direction",
            guess("Staff engineer", Direction.PEOPLE_LEADERSHIP),
            [SAID],
            Match.MISMATCH,
            "direction: you wrote \u201cpeople leadership\u201d, they said \u201ctechnical leadership\u201d",
        ),
        ("other picture", guess("Running a bakery"), [SAID], Match.MISMATCH, "no words in common"),
        (
            "blank picture",
            guess("", Direction.TECHNICAL_LEADERSHIP),
            [SAID],
            Match.MISMATCH,
            "you left it blank",
        ),
        ("nothing written", guess(), [SAID], Match.COULD_NOT_SAY, "you could not say"),
        ("no guess at all", None, [SAID], Match.COULD_NOT_SAY, "you could not say"),
        ("never asked", guess("Staff engineer"), [], Match.NOT_ASKED, None),
        (
            "not sure yet, and known to be",
            guess("", Direction.NOT_SURE_YET),
            [Aspiration("a1", "p1", dt.date(2026, 8, 1), Direction.NOT_SURE_YET)],
            Match.MATCH,
            None,
        ),
        (
            "a picture they never gave",
            guess("Architect"),
            [Aspiration("a1", "p1", dt.date(2026, 8, 1), Direction.NOT_SURE_YET)],
            Match.MISMATCH,
            "they have not described one yet",
        ),
    ],
)
def test_compare(case, g, said, match, mismatch):
    c = compare("p1", g, said)
    assert c.match is match, case
    if mismatch:
        assert any(mismatch in m for m in c.mismatches), c.mismatches
    else:
        assert c.mismatches == (), case


def test_when_compared_then_the_guess_meets_what_they_had_said_by_then():
    later = Aspiration("a2", "p1", dt.date(2026, 12, 1), Direction.PEOPLE_LEADERSHIP, "Lead a team")
    c = compare("p1", guess("Staff engineer", written=TODAY), [SAID, later])
    assert c.said == SAID and c.match is Match.MATCH
    assert c.shared_words == ("engineer", "staff")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Staff engineers, owning the PLATFORM!", {"staff", "engineer", "owning", "platform"}),
        ("to be in a", set()),
    ],
)
def test_words(text, expected):
    assert words(text) == expected


def test_score_leaves_out_people_never_asked():
    cs = [
        compare("p1", guess("Staff engineer"), [SAID]),
        compare("p2", guess("x"), []),
        compare("p3", None, [SAID]),
    ]
    assert score(cs) == (1, 2)


def test_latest_guess():
    older, newer = Guess("g1", "p1", dt.date(2026, 1, 1)), Guess("g2", "p1", dt.date(2026, 6, 1))
    assert latest_guess([newer, older]) == newer
    assert latest_guess([newer, older], dt.date(2026, 3, 1)) == older
    assert latest_guess([]) is None


def test_when_guesses_saved_then_they_round_trip_and_never_leave_through_sharing(demo):
    text = 'Staff engineer, "platform"\nmaybe — ünïcode'
    demo.save(Guess("g-1", "007", TODAY, text, Direction.TECHNICAL_LEADERSHIP))
    assert demo.load(Guess, "007") == [Guess("g-1", "007", TODAY, text, Direction.TECHNICAL_LEADERSHIP)]
    assert sharing.for_person(demo, "007").records(Guess) == []
    assert sharing.for_team(demo, ["007"]).records(Guess) == []
    assert text not in list(sharing.for_person(demo, "007").values())
