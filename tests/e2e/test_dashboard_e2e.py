"""The team dashboard in a real JupyterLab: who needs the manager first, and its buttons
open the right notebook on the right person.

What the dashboard should show is worked out by :mod:`careernb.follow_through.dashboard` over the
same data home the notebook's kernel reads.
"""

from __future__ import annotations

import datetime as dt

import pytest

from careernb import open_store
from careernb.domain.current import chosen
from careernb.domain.people import Person, default_manager, team_of
from careernb.domain.signals import SignalKind
from careernb.follow_through.dashboard import Need, StatusRow, team_rows
from tests.e2e.conftest import Server, open_notebook, run_all, snap, wait_idle

DASHBOARD = "00-team-dashboard.ipynb"
REVIEW = "05-monthly-review.ipynb"
WAIT = 90_000  # ms: two shared cores, and another engineer's browsers on them


@pytest.fixture(scope="module")
def expected(lab: Server) -> list[StatusRow]:
    """The dashboard's rows as careernb orders them for the manager's team today."""
    store = open_store(lab.home)
    people = store.load(Person)
    return team_rows(store, team_of(people, default_manager(people).person_id), dt.date.today())


def _open_dashboard(page, lab: Server) -> None:
    open_notebook(page, lab, DASHBOARD)
    page.locator(".careernb-dashboard-grid").wait_for(timeout=WAIT)
    page.evaluate("() => { window.jupyterapp.commands.execute('application:toggle-left-area'); }")


def test_the_person_with_an_urgent_signal_is_the_first_row(lab, page, expected):
    first = expected[0]
    # The demo's story: Tomás was approached by another organisation three days ago.
    assert first.person.name == "Tomás Herrera"
    assert first.top.need is Need.URGENT_SIGNAL
    assert first.top.text.startswith(SignalKind.APPROACHED.value)

    _open_dashboard(page, lab)
    needs = page.locator(".careernb-dashboard-grid .careernb-needs")
    shown = needs.evaluate_all(
        "cells => cells.map(c => [...c.classList].find(k => k.startsWith('careernb-row-')).slice(13))"
    )
    assert shown == [r.person_id for r in expected]
    row = page.locator(f".careernb-dashboard-grid .careernb-row-{first.person_id}")
    assert first.person.name in row.first.inner_text()
    top = needs.first.inner_text()
    assert f"{Need.URGENT_SIGNAL.label}: {first.top.text}" in top
    snap(page, "dashboard-1-urgent-signal-first")


def test_review_on_the_first_row_opens_the_monthly_review_on_that_person(lab, page, expected):
    person = expected[0].person
    assert chosen(open_store(lab.home)) is None  # nobody chosen yet: the click must do it
    _open_dashboard(page, lab)
    page.locator(f"button.careernb-open-review.careernb-row-{person.person_id}").click()
    # The link appears, and JupyterLab opens the notebook in a new tab.
    page.locator("a.careernb-open-link", has_text=REVIEW).wait_for(timeout=WAIT)
    snap(page, "dashboard-2-review-clicked")
    call = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .cm-content", has_text='page("review"')
    call.first.wait_for(timeout=WAIT)
    wait_idle(page, REVIEW)
    run_all(page)
    picker = page.locator(".careernb-review .careernb-person select")
    picker.wait_for(timeout=WAIT)
    assert picker.input_value().startswith(person.name)
    assert chosen(open_store(lab.home)) == person.person_id
    snap(page, "dashboard-3-review-opened-on-the-person")
