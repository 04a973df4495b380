"""The current person: chosen on the dashboard, preselected by every picker."""

import datetime as dt

from careernb.domain import current
from careernb.home import TABLES
from careernb.store import CsvStore
from careernb.views.kit.person import person_picker


def test_when_nobody_chosen_then_pickers_start_empty(demo):
    assert current.chosen(demo) is None
    assert person_picker(demo).value is None


def test_when_a_person_is_chosen_then_every_new_picker_opens_on_them(demo):
    current.choose(demo, "012", dt.datetime(2026, 11, 26, 9, 30))
    assert current.chosen(demo) == "012"
    assert person_picker(demo).value == "012"
    assert person_picker(demo, "007").value == "007"  # an explicit person still wins


def test_when_chosen_again_then_the_latest_choice_holds(demo):
    current.choose(demo, "012")
    current.choose(demo, "040")
    assert current.chosen(demo) == "040"
    assert len(demo.load(current.CurrentPerson)) == 1


def test_when_the_chosen_person_left_then_the_picker_starts_empty(demo):
    import dataclasses

    from careernb.domain.people import Person

    current.choose(demo, "012")
    priya = next(p for p in demo.load(Person) if p.person_id == "012")
    demo.save(dataclasses.replace(priya, left=dt.date(2026, 11, 26)))
    assert person_picker(demo).value is None


def test_when_store_has_no_current_table_then_nothing_is_chosen(tmp_path):
    tables = [t for t in TABLES if t is not current.CurrentPerson]
    assert current.chosen(CsvStore(tmp_path / "h", tables)) is None


def test_when_checked_then_the_current_person_file_is_validated(demo):
    current.choose(demo, "012")
    assert demo.home / "current.csv" in demo.check()
