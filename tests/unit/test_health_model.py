"""Practice health's model, without widgets: each failure found where the demo built it."""

import dataclasses
import datetime as dt

import pytest

from careernb.domain.people import Person
from careernb.follow_through.health import Failure
from careernb.views.pages.health.model import HealthModel

TODAY = dt.date(2026, 11, 26)
CASES = {
    Failure.DEFERRING: "Priya Raman",
    Failure.CONFLATING: "Elif Yılmaz",
    Failure.STEERING: "Tomás Herrera",
    Failure.PROMISES: "Kwame Mensah",
    Failure.NOWHERE: "Jonas Berg",
}


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    from careernb import open_store
    from careernb.demo import seed_demo

    store = open_store(tmp_path_factory.mktemp("health") / "demo")
    seed_demo(store, TODAY)
    m = HealthModel(today=TODAY)
    m.load(store)
    return m


@pytest.mark.parametrize("failure", list(Failure))
def test_each_failure_is_found_for_the_person_built_to_show_it(model, failure):
    names = {model.report.names[f.person_id] for f in model.report.findings[failure]}
    assert names == {CASES[failure]} and model.count(failure) >= 1


def test_the_measures_cover_the_last_four_quarters_and_the_self_test_for_each(model):
    quarters = [m.quarter for m in model.report.metrics]
    assert len(quarters) == 4 and set(model.report.without_notes) == set(quarters)


def test_reading_again_follows_the_team(demo):
    store, model = demo, HealthModel(today=TODAY)
    model.load(store)
    assert model.count(Failure.DEFERRING) >= 1
    priya = next(p for p in store.load(Person) if p.name == "Priya Raman")
    store.save(dataclasses.replace(priya, left=TODAY - dt.timedelta(days=1)))
    model.load(store)
    assert "Priya Raman" not in {
        model.report.names[f.person_id] for f in model.report.findings[Failure.DEFERRING]
    }
    assert model.count(Failure.DEFERRING) == len(model.report.findings.get(Failure.DEFERRING, ()))
