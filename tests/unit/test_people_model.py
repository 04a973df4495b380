"""The team form's model, without widgets: the choices offered and what blocks a change."""

import datetime as dt

import pytest

from careernb.domain.people import Person
from careernb.views.pages.dashboard.people_model import ME, PeopleModel

TODAY = dt.date(2026, 11, 26)
TEAM = [
    Person("m1", "Ada Okafor", None, "Engineering Manager"),
    Person("001", "Kwame Mensah", "m1", "Engineer"),
    Person("002", "Sofia <b>Ruiz</b>", "m1", "Designer"),
    Person("003", "Jonas Berg", "m1", "Engineer", left=dt.date(2026, 6, 30)),
]


@pytest.fixture
def model():
    return PeopleModel(people=list(TEAM))


def test_the_forms_offer_the_active_team_the_manager_as_me_and_former_people_apart(model):
    assert model.managers() == [("me", ME), ("Kwame Mensah (001)", "001"), ("Sofia <b>Ruiz</b> (002)", "002")]
    assert [v for _, v in model.choose_active()] == [None, "001", "002"]
    assert model.choose_former() == [("Choose…", None), ("Jonas Berg (003)", "003")]
    assert model.default_manager_choice() == ME and model.suggested_id() not in {p.person_id for p in TEAM}


def test_me_is_saved_as_the_managers_own_id(model):
    added = model.adding(" 010 ", " Lea Novak ", ME, "Engineer", "", TODAY)
    assert (added.person_id, added.name, added.manager_id, added.joined) == ("010", "Lea Novak", "m1", TODAY)
    assert model.blockers == []
    assert model.manager_choice(added) == ME and model.manager_choice(TEAM[1]) == ME


@pytest.mark.parametrize(
    ("act", "blocker"),
    [
        (lambda m: m.adding("001", "Someone", ME, "", "", TODAY), "the id 001 is taken"),
        (lambda m: m.changing(None, "Lead", ME), "choose the person to change"),
        (lambda m: m.leaving("001", None), "choose the person and the day they left"),
        (lambda m: m.leaving(None, TODAY), "choose the person and the day they left"),
        (lambda m: m.returning(None), "choose who is back"),
    ],
)
def test_an_incomplete_form_returns_nothing_and_says_what_is_missing(model, act, blocker):
    assert act(model) is None and model.blockers == [blocker]


def test_a_domain_problem_blocks_too_and_clears_once_fixed(model):
    assert model.adding("010", "", ME, "", "", TODAY) is None and model.blockers  # a person needs a name
    assert model.adding("010", "Lea", ME, "", "", TODAY) is not None and model.blockers == []


def test_leaving_and_coming_back_keep_the_person(model):
    left = model.leaving("001", TODAY)
    assert left.left == TODAY and left.name == "Kwame Mensah"
    assert model.returning("003").left is None


def test_a_home_made_by_careernb_start_offers_its_one_person_as_me_for_the_first_report():
    model = PeopleModel(people=[Person("001", "Priya Raman", None, "Engineering Manager")])
    assert model.managers() == [("me", ME)] and model.default_manager_choice() == ME
    added = model.adding("002", "Lea Novak", ME, "Engineer", "lea@example.org", TODAY)
    assert added.manager_id == "001" and model.blockers == []
