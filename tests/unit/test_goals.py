"""When someone's goals change: history, the change side by side, the contract update."""

import datetime as dt

from careernb.domain.aspirations import Aspiration, Direction
from careernb.domain.contract import Contract
from careernb.domain.goals import LABELS, goal_change, steps

A1 = Aspiration("a1", "p1", dt.date(2026, 2, 1), Direction.TECHNICAL_LEADERSHIP, "Staff engineer")
A2 = Aspiration(
    "a2", "p1", dt.date(2026, 5, 1), Direction.TECHNICAL_LEADERSHIP, "Staff engineer", domain="Data"
)
A3 = Aspiration("a3", "p1", dt.date(2026, 8, 1), Direction.PEOPLE_LEADERSHIP, "Lead a team of five")


def test_when_direction_changed_then_both_are_given_with_what_moved():
    change = goal_change([A3, A1, A2], [Contract("p1", 1, dt.date(2026, 2, 1))])
    assert (change.before, change.after) == (A2, A3)
    assert change.fields == ("direction", "three_year", "domain")
    assert not change.contract_updated


def test_when_contract_agreed_on_or_after_the_change_then_it_counts_as_updated():
    contracts = [
        Contract("p1", 1, dt.date(2026, 2, 1)),
        Contract("p1", 2, dt.date(2026, 8, 1)),
        Contract("p1", 3),
    ]
    assert goal_change([A1, A2, A3], contracts).updated_by.version == 2


def test_when_only_details_changed_then_it_is_no_change_of_goals():
    assert goal_change([A1, A2], []) is None
    assert goal_change([A1], []) is None


def test_steps_mark_what_changed_at_each_conversation():
    assert [s.changed for s in steps([A3, A2, A1])] == [
        (),
        ("domain",),
        ("direction", "three_year", "domain"),
    ]


def test_when_demo_mei_then_her_change_shows_and_the_contract_of_that_day_followed(demo):
    from careernb.domain.aspirations import Aspiration as Asp

    change = goal_change(demo.load(Asp, "019"), demo.load(Contract, "019"))
    assert change.before.direction is Direction.TECHNICAL_LEADERSHIP
    assert change.after.direction is Direction.PEOPLE_LEADERSHIP
    assert change.updated_by is not None and change.updated_by.version == 4


def test_every_aspiration_field_has_a_label():
    assert all(LABELS.values())
