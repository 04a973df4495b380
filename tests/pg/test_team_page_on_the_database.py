"""The team page's people forms on an organisation's database, as a manager's real login: adding a
person and moving one to another manager are the administrator's: the page offers a change of role
alone, and a change of manager through the store is refused with the command that makes it."""

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


def test_the_page_offers_no_change_of_manager_and_saves_a_change_of_role(pg_org):
    pg_org.add_manager("alice", "m-alice", "Alice")
    for person in (Person("p-ann", "Ann"), Person("p-lead", "Lea")):
        pg_org.add_person(person, "alice")
    panel = PeoplePanel(pg_org.store("alice"), TODAY)
    assert "careernb-change-manager" not in _classes(panel)
    titles = " ".join(x.value for x in _widgets(panel) if isinstance(x, w.HTML))
    assert "Change their role" in titles and "their manager" not in titles
    panel.who.value = "p-ann"
    panel.role.value = "Staff Engineer"
    panel.change_button.click()
    assert panel.errors.value == "" and "Saved Ann&#x27;s role." in panel.status.value
    people = {p.person_id: p for p in pg_org.store("alice").load(Person)}
    assert (people["p-ann"].role, people["p-ann"].manager_id) == ("Staff Engineer", "m-alice")


def test_a_change_of_manager_through_the_store_is_refused_and_names_org_move(pg_org):
    import dataclasses

    import pytest

    from careernb.errors import CareernbError

    pg_org.add_manager("alice", "m-alice", "Alice")
    for person in (Person("p-ann", "Ann"), Person("p-lead", "Lea")):
        pg_org.add_person(person, "alice")
    store = pg_org.store("alice")
    ann = next(p for p in store.load(Person) if p.person_id == "p-ann")
    with pytest.raises(CareernbError, match="who manages 'p-ann' changes only through `careernb org move`"):
        store.save(dataclasses.replace(ann, manager_id="p-lead"))
    assert {p.person_id: p.manager_id for p in store.load(Person)} == {
        "m-alice": None,
        "p-ann": "m-alice",
        "p-lead": "m-alice",
    }
