"""The practice health page: each failure where the demo built it, with what to do instead."""

import dataclasses
import datetime as dt
import re

import pytest

from careernb.domain.people import Person
from careernb.follow_through.health import Failure
from careernb.views.kit.markup import esc
from careernb.views.pages.health.view import HealthPanel

TODAY = dt.date(2026, 11, 26)
CASES = {
    Failure.DEFERRING: "Priya Raman",
    Failure.CONFLATING: "Elif Yılmaz",
    Failure.STEERING: "Tomás Herrera",
    Failure.PROMISES: "Kwame Mensah",
    Failure.NOWHERE: "Jonas Berg",
}


@pytest.fixture
def page(demo) -> str:
    return HealthPanel(demo, TODAY).page.value


def block(page: str, failure: Failure) -> str:
    start = page.index(f"careernb-failure-{failure.value}")
    end = page.find('<div class="careernb-failure ', start + 1)
    return page[start : end if end > 0 else page.index(">What good looks like</h2>")]


@pytest.mark.parametrize("failure", list(Failure))
def test_each_failure_names_only_the_person_built_to_show_it_and_what_to_do_instead(page, failure):
    text = block(page, failure)
    names = set(re.findall(r"<li class=\"careernb-finding[^>]*><b>([^<]+)</b>", text))
    assert names == {esc(CASES[failure])}
    assert esc(failure.instead) in text
    assert esc(failure.heading) in text


def test_what_good_looks_like_shows_four_quarters_of_each_metric(page):
    table = page[page.index('class="careernb-metrics"') :]
    for q in ("2026Q1", "2026Q2", "2026Q3", "2026Q4 (so far)"):
        assert q in table
    sent = table[table.index("Contracts sent within 48 hours") :]
    sent = sent[: sent.index("</tr>")]
    # This quarter so far: Kwame's went out late; Jonas's was never agreed, so it is not counted.
    cells = re.findall(r"<div>([^<]+)</div>", sent)
    assert len(cells) == 4 and cells[-1] == "3 of 4 (75%)"
    assert "known without notes" in table


def test_goals_that_changed_show_the_history(page):
    goals = page[page.index(">Goals that changed</h2>") :]
    assert "Mei Lin" in goals and "people leadership" in goals and "technical leadership" in goals


def test_when_nothing_is_wrong_then_each_failure_says_not_seen(store):
    store.save(Person("m", "Manager"), Person("p1", "Pat", "m", joined=TODAY))
    page = HealthPanel(store, TODAY).page.value
    assert page.count("Not seen in your data.") == len(Failure)


def test_when_a_name_has_markup_then_it_is_escaped(demo):
    priya = next(p for p in demo.load(Person) if p.person_id == "012")
    demo.save(dataclasses.replace(priya, name="<script>x</script>"))
    page = HealthPanel(demo, TODAY).page.value
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_refresh_picks_up_new_data(demo):
    panel = HealthPanel(demo, TODAY)
    from careernb.domain.conversations import Conversation, ConversationKind

    demo.save(
        Conversation("c-new", "012", ConversationKind.FULL, TODAY + dt.timedelta(days=2), dt.time(10), 60)
    )
    panel.refresh_button.click()
    assert "Priya Raman" not in block(panel.page.value, Failure.DEFERRING)
