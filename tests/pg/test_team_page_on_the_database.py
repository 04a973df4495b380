"""The team page's people forms on an organisation's database, as a manager's real login: adding a
person is the administrator's, and a change of manager is refused with the command that makes it."""

from __future__ import annotations

import datetime as dt

import ipywidgets as w

from careernb.domain.people import Person
from careernb.views.pages.dashboard.people import PeoplePanel

TODAY = dt.date(2026, 11, 2)


def _widgets(root: w.Widget) -> list[w.Widget]:
    return [root, *[d for child in getattr(root, "children", ()) for d in _widgets(child)]]


def _classes(panel: w.Widget) -> set[str]:
    return {c for widget in _widgets(panel) for c in widget._dom_classes}


def test_a_manager_is_offered_no_adding_of_people_and_told_who_adds_them(pg_org):
    pg_org.add_manager("alice", "m-alice", "Alice")
    panel = PeoplePanel(pg_org.store("alice"), TODAY)
    said = " ".join(x.value for x in _widgets(panel) if "careernb-add-by-admin" in x._dom_classes)
    assert "careernb-add" not in _classes(panel) and "careernb-new-id" not in _classes(panel)
    assert "an administrator adds people" in said and "careernb org add-person" in said and "alice" in said


def test_a_change_of_manager_from_the_page_is_refused_and_names_org_move(pg_org):
    pg_org.add_manager("alice", "m-alice", "Alice")
    for person in (Person("p-ann", "Ann"), Person("p-lead", "Lea")):
        pg_org.add_person(person, "alice")
    panel = PeoplePanel(pg_org.store("alice"), TODAY)
    panel.who.value = "p-ann"
    panel.manager.value = "p-lead"
    panel.change_button.click()  # as the manager does: what goes wrong shows on the page
    assert "who manages &#x27;p-ann&#x27; changes only through `careernb org move`" in panel.errors.value
    assert {p.person_id: p.manager_id for p in pg_org.store("alice").load(Person)} == {
        "m-alice": None,
        "p-ann": "m-alice",
        "p-lead": "m-alice",
    }
