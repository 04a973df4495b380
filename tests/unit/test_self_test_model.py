"""The self-test's model, without widgets: one guess per report per sitting, then the comparison."""

import datetime as dt

from careernb.domain.aspirations import Aspiration, Direction
from careernb.domain.self_test import Match
from careernb.views.pages.self_test.model import SelfTestModel

TODAY = dt.date(2026, 11, 26)
SAID = Aspiration(
    "a1",
    "019",
    dt.date(2026, 9, 1),
    Direction.PEOPLE_LEADERSHIP,
    three_year="Lead the platform team as its manager",
)


def test_each_report_starts_with_a_blank_guess_of_this_sitting():
    model = SelfTestModel(TODAY, ["019", "023"])
    assert {pid: (g.written, g.three_year, g.direction) for pid, g in model.guesses.items()} == {
        "019": (TODAY, "", None),
        "023": (TODAY, "", None),
    }
    assert model.comparisons == [] and model.score == (0, 0)


def test_writing_changes_the_guess_and_keeps_its_id_so_comparing_again_corrects_it():
    model = SelfTestModel(TODAY, ["019"])
    first = model.guesses["019"].guess_id
    model.write("019", three_year="Staff engineer")
    model.write("019", direction=Direction.TECHNICAL_LEADERSHIP)
    guess = model.guesses["019"]
    assert (guess.guess_id, guess.three_year, guess.direction) == (
        first,
        "Staff engineer",
        Direction.TECHNICAL_LEADERSHIP,
    )


def test_comparing_sets_each_guess_beside_what_they_said_and_scores_only_those_asked():
    model = SelfTestModel(TODAY, ["019", "023"])
    model.write("019", three_year="Staff engineer", direction=Direction.TECHNICAL_LEADERSHIP)
    by = {c.person_id: c for c in model.compare({"019": [SAID]})}
    assert by["019"].match is Match.MISMATCH and by["019"].said == SAID
    assert by["023"].match is Match.NOT_ASKED
    assert model.score == (0, 1)
    model.write(
        "019", three_year="Lead the platform team as its manager", direction=Direction.PEOPLE_LEADERSHIP
    )
    model.compare({"019": [SAID]})
    assert model.score == (1, 1)
