"""The team forms: add a person, change their manager or role, mark as left."""

import datetime as dt

import pytest

from careernb.domain.people import Person, problems, suggest_id
from careernb.views.pages.dashboard.people import PeoplePanel

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def panel(demo):
    changes = []
    p = PeoplePanel(demo, TODAY, on_change=lambda: changes.append(1))
    p.changes = changes
    return p


def person(store, pid):
    return next(p for p in store.load(Person) if p.person_id == pid)


def test_when_added_then_the_person_is_saved_exactly_under_the_manager(panel, demo):
    panel.new_name.value = 'Zoë "Z" O\'Neil, Jr.'
    panel.new_role.value = "Engineer, platform"
    panel.new_email.value = "zoe@example.org"
    panel.new_joined.value = dt.date(2026, 11, 20)
    assert panel.add()
    saved = person(demo, "047")
    assert (saved.name, saved.role, saved.email, saved.joined, saved.manager_id) == (
        'Zoë "Z" O\'Neil, Jr.',
        "Engineer, platform",
        "zoe@example.org",
        dt.date(2026, 11, 20),
        "ada",
    )
    assert panel.changes == [1] and panel.new_id.value == "048"


@pytest.mark.parametrize(
    ("pid", "name", "problem"),
    [
        ("047", "  ", "write their name"),
        ("a b", "Sam", "may use only letters, digits"),
        ("007", "Sam", "the id 007 is taken"),
    ],
)
def test_when_the_new_person_is_incomplete_then_the_form_says_so_and_saves_nothing(
    panel, demo, pid, name, problem
):
    before = demo.load(Person)
    panel.new_id.value, panel.new_name.value = pid, name
    assert not panel.add()
    assert problem in panel.missing.value
    assert demo.load(Person) == before and panel.changes == []


def test_when_role_and_manager_change_then_they_are_saved(panel, demo):
    panel.who.value = "012"
    assert panel.role.value == "Staff Engineer"
    panel.role.value = "Principal Engineer"
    panel.manager.value = "040"
    assert panel.change()
    saved = person(demo, "012")
    assert (saved.role, saved.manager_id) == ("Principal Engineer", "040")


def test_when_a_manager_would_manage_their_own_manager_then_it_is_refused(panel, demo):
    panel.who.value = "012"
    panel.manager.value = "040"
    panel.change()
    panel.who.value = "040"
    panel.manager.value = "012"
    assert not panel.change()
    assert "managed, through others, by this person" in panel.missing.value
    assert person(demo, "040").manager_id == "ada"


def test_when_marked_as_left_then_kept_with_the_date_and_can_come_back(panel, demo):
    panel.leaver.value = "023"
    panel.left_on.value = dt.date(2026, 11, 30)
    assert panel.mark_left()
    assert person(demo, "023").left == dt.date(2026, 11, 30)
    assert "023" in {v for _, v in panel.former.options}
    assert "023" not in {v for _, v in panel.leaver.options}
    panel.former.value = "023"
    assert panel.back()
    assert person(demo, "023").left is None


@pytest.mark.parametrize(
    ("ids", "expected"),
    [([], "001"), (["007", "046"], "047"), (["ada", "0099"], "0100"), (["001", "002"], "003")],
)
def test_suggest_id(ids, expected):
    assert suggest_id([Person(i, i) for i in ids]) == expected


def test_problems_refuse_leaving_before_joining_and_self_management():
    p = Person("1", "A", "1", joined=dt.date(2026, 5, 1), left=dt.date(2026, 4, 1))
    found = problems([p], p)
    assert "a person cannot manage themselves" in found
    assert "they cannot leave before they joined" in found
