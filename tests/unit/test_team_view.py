"""The team-wide view: where each report wants to go, from team-level data only."""

from __future__ import annotations

import dataclasses
import re

from careernb.documents import team_view
from careernb.domain.aspirations import Aspiration
from careernb.domain.cadence import previous_quarters
from careernb.domain.people import Person, team_of
from careernb.follow_through import figures
from careernb.ownership.sharing import team_frames
from tests.conftest import TODAY


def _context(demo):
    team = [p.person_id for p in team_of(demo.load(Person), "ada")]
    return team_view.context(team_frames(demo, team, figures.NEEDS), team, "2026Q4", TODAY)


def test_each_report_has_a_row_with_direction_fit_and_contract(demo):
    rows = {r.person_id: r for r in _context(demo)["rows"]}
    assert len(rows) == 8
    assert rows["019"].direction == "people leadership"
    assert rows["023"].fit == "not here"
    assert rows["031"].direction == "not asked yet" and rows["031"].contract == "no contract yet"
    assert rows["040"].sent_on_time is False and rows["007"].sent_on_time is True
    assert rows["012"].months_since_confirmed >= 4


def test_the_direction_that_changed_this_quarter_is_listed(demo):
    (change,) = _context(demo)["changes"]
    assert change.name == "Mei Lin"
    assert change.before.startswith("technical leadership") and change.after.startswith("people leadership")


def test_conversations_held_per_quarter_show_the_gap_and_the_new_joiner(demo):
    data = _context(demo)
    assert data["quarters"][-1] == "2026Q4" and len(data["quarters"]) == 8
    ids = {name: pid for pid, name in data["names"].items()}
    assert data["held_grid"][ids["Amara Nwosu"]] == [0] * 8
    assert data["held_grid"][ids["Priya Raman"]][-1] == 0
    assert data["held_grid"][ids["Sofia Rossi"]][-1] == 1  # one conversation, in three sessions
    held, team = data["with_conversation"]
    assert team == 8 and 0 < held < 8


def test_commitments_kept_on_time_are_counted_per_side_and_quarter(demo):
    kept = _context(demo)["kept"]
    assert [q for q, _, _ in kept["manager"]] == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    assert all(0 <= done <= due for side in kept.values() for _, done, due in side)
    assert sum(due for _, _, due in kept["manager"]) > 0


def test_the_rendered_view_escapes_typed_text_and_carries_no_answer(demo):
    demo.update(
        Aspiration,
        "019",
        lambda rows: [
            *rows[:-1],
            dataclasses.replace(rows[-1], three_year="<script>alert(1)</script> & more"),
        ],
    )
    html = team_view.render(demo, "2026Q4", today=TODAY)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert "<script" not in html
    assert "Where each report wants to go" in html and "Ada Okafor" in html
    assert len(re.findall(r'<svg [^>]*role="img"[^>]*aria-labelledby="chart-', html)) == 3
    assert html.count("<main>") == 1


def test_each_chart_says_in_words_what_it_draws():
    from fractions import Fraction

    from careernb.documents import charts

    held = charts.conversations_held(
        {"<b>Ann</b>": [Fraction(0), Fraction(1, 3)], "Bo": [Fraction(3, 3), Fraction(5, 3)]},
        ["2026Q3", "2026Q4"],
    )
    assert "&lt;b&gt;Ann&lt;/b&gt;: 2026Q3 none, 2026Q4 ⅓." in held and "<b>" not in held
    assert "Bo: 2026Q3 1, 2026Q4 1⅔." in held
    kept = charts.kept_on_time({"manager": [("2026Q4", 2, 6)], "reports": [("2026Q4", 0, 0)]})
    assert "Manager's commitments: 2026Q4 2 of 6 kept on time." in kept
    assert "Reports' commitments: 2026Q4 none due." in kept
    directions = charts.directions({"people leadership": 2, "not asked yet": 0})
    assert "people leadership: 2; not asked yet: 0." in directions
    long = charts.directions({"x" * 500: 1})
    assert "x" * 500 in long and ("x" * 27 + "…") in long  # cut on the chart, whole in words


def test_months_ago_reads_naturally():
    from careernb.domain.dates import months_ago

    assert [months_ago(m) for m in (0, 1, 5)] == ["this month", "1 month ago", "5 months ago"]
    assert previous_quarters("2027Q1", 3) == ["2026Q3", "2026Q4", "2027Q1"]
