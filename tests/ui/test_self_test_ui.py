"""The "without notes" self-test, through the widgets."""

import datetime as dt

import pytest

from careernb.domain.aspirations import Direction
from careernb.domain.self_test import Guess, Match
from careernb.views.pages.self_test.view import SelfTestPanel

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def panel(demo):
    return SelfTestPanel(demo, TODAY)


def row(panel, pid):
    return next(r for r in panel.rows if r.person.person_id == pid)


def test_what_they_said_stays_hidden_until_the_manager_compares(panel):
    assert panel.results.value == ""
    visible = "".join(
        getattr(c, "value", "") for c in panel.children if isinstance(getattr(c, "value", ""), str)
    )
    assert "Founding a small developer-tools company" not in visible


def test_when_compared_then_guesses_sit_beside_what_they_said_with_the_mismatches(panel, demo):
    row(panel, "023").three_year.value = "Founding his own developer-tools company"
    row(panel, "023").direction.value = Direction.SOMETHING_ELSE
    row(panel, "019").three_year.value = "Staff engineer on the platform"
    row(panel, "019").direction.value = Direction.TECHNICAL_LEADERSHIP
    panel.compare_button.click()
    by = {c.person_id: c for c in panel.comparisons}
    assert by["023"].match is Match.MATCH
    assert by["019"].match is Match.MISMATCH  # Mei's direction changed: people leadership now
    assert any("they said \u201cpeople leadership\u201d" in m for m in by["019"].mismatches)
    assert by["031"].match is Match.NOT_ASKED
    assert by["007"].match is Match.COULD_NOT_SAY
    assert "You knew 1 of 7" in panel.results.value
    assert "Founding a small developer-tools company." in panel.results.value


def test_when_compared_then_every_guess_is_kept_privately_and_comparing_again_corrects_it(panel, demo):
    row(panel, "007").three_year.value = "Staff engineer"
    panel.compare()
    row(panel, "007").three_year.value = "Staff engineer, owning the platform"
    panel.compare()
    (g,) = demo.load(Guess, "007")
    assert (g.written, g.three_year, g.direction) == (TODAY, "Staff engineer, owning the platform", None)
    assert all(len(demo.load(Guess, r.person.person_id)) == 1 for r in panel.rows)


def test_when_a_guess_has_markup_then_the_results_escape_it(panel):
    row(panel, "007").three_year.value = "<b>bold</b> & <script>"
    panel.compare()
    assert "<script>" not in panel.results.value and "&lt;b&gt;bold" in panel.results.value
