"""The organisation view for HR, from a data home's frames: no kernel, no database."""

from __future__ import annotations

import dataclasses

from careernb.documents import organisation_view, team_view
from careernb.domain.cadence import quarter_bounds
from careernb.domain.people import Person, team_of
from careernb.follow_through import figures
from careernb.ownership.sharing import team_frames
from careernb.store import Privacy
from tests.canaries import plant
from tests.conftest import TODAY

QUARTER = "2026Q4"
HOSTILE = '<script>alert("hr")</script> & Ada'


def _row(store, name: str = "Ada Okafor") -> organisation_view.ManagerFigures:
    team = [p.person_id for p in team_of(store.load(Person), "ada")]
    as_of = min(TODAY, quarter_bounds(QUARTER)[1])
    frames = team_frames(store, team, figures.NEEDS)
    shown = team_view.context(frames, team, QUARTER, as_of)
    return organisation_view.figures_of(
        name, frames, team, shown, organisation_view.failures_of(store, team, as_of)
    )


def test_a_managers_row_counts_what_their_team_view_shows(demo):
    row = _row(demo)
    team = [p.person_id for p in team_of(demo.load(Person), "ada")]
    assert row.metrics.reports == len(team) == 8
    assert sum(row.directions.values()) == 8
    shown = team_view.context(team_frames(demo, team, figures.NEEDS), team, QUARTER, TODAY)
    assert row.directions == shown["directions"] and row.goals_changed == len(shown["changes"]) >= 1
    assert row.failures["steering"] is None  # read from answers, which HR never gets
    assert all(isinstance(n, int) for f, n in row.failures.items() if f != "steering")


def test_the_view_escapes_names_and_carries_no_person_or_private_text(demo):
    planted = []
    for pid in [p.person_id for p in team_of(demo.load(Person), "ada")]:
        planted += plant(demo, pid, pid, {Privacy.PRIVATE, Privacy.PERSON})
    assert planted
    html = organisation_view.render(
        [_row(demo, HOSTILE), dataclasses.replace(_row(demo), name="Bo")], QUARTER, TODAY
    )
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert html.index("&lt;script&gt;") < html.index(">Bo<")  # rows in name order
    assert not [c for c in planted if c in html]
