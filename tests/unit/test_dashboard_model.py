"""The dashboard's model, without widgets: the team's rows, who needs the manager now, goals that moved."""

import datetime as dt

from careernb.domain.people import team
from careernb.follow_through.dashboard import Need, team_rows
from careernb.views.pages.dashboard.model import DashboardModel

TODAY = dt.date(2026, 11, 26)


def test_the_rows_are_the_teams_in_the_order_of_what_needs_the_manager_now(demo):
    model = DashboardModel(today=TODAY)
    model.load(demo)
    assert model.rows == team_rows(demo, team(demo), TODAY) and model.loaded == 1
    waiting = [r for r in model.rows if r.top is not None and r.top.need <= Need.OPEN_SIGNAL]
    assert 0 < model.waiting == len(waiting) < len(model.rows)
    assert model.summary() == f"{len(model.rows)} people, {len(waiting)} need you now."
    assert model.row(model.rows[0].person_id) is model.rows[0]


def test_reading_again_is_announced_even_when_nothing_changed(demo):
    model = DashboardModel(today=TODAY)
    seen = []
    model.observe(lambda ch: seen.append(ch["new"]), "loaded")
    model.load(demo)
    model.load(demo)
    assert seen == [1, 2]


def test_goals_that_changed_name_the_person(demo):
    model = DashboardModel(today=TODAY)
    model.load(demo)
    assert model.goal_changes  # the demo team has a change of direction
    ids = {r.person_id for r in model.rows}
    assert all(person.person_id in ids for person, _ in model.goal_changes)


def test_an_empty_team_says_so_in_one_line(store):
    model = DashboardModel(today=TODAY)
    model.load(store)
    assert (model.rows, model.waiting, model.summary()) == ([], 0, "0 people, 0 need you now.")
