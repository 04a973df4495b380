"""The rest of the tour in a real JupyterLab: a check-in that logs a signal, practice health,
the without-notes self-test. Each leaves the screenshot the README shows."""

from __future__ import annotations

from careernb import open_store
from careernb.domain.conversations import Conversation, ConversationKind
from careernb.domain.people import Person, default_manager, team_of
from careernb.domain.signals import Signal, SignalKind
from careernb.follow_through.health import Failure
from tests.e2e.conftest import Server, notebook_for, open_notebook, snap

WAIT = 90_000  # ms: two shared cores


def _hide_file_browser(page) -> None:
    page.evaluate("() => { window.jupyterapp.commands.execute('application:toggle-left-area'); }")


def test_a_check_in_that_logs_a_trigger_proposes_an_ad_hoc_conversation(lab: Server, page):
    store = open_store(lab.home)
    before = len(store.load(Signal, "034"))
    open_notebook(page, lab, notebook_for(lab, "06-informal-check-in.ipynb", person_id="034"))
    panel = page.locator(".careernb-check-in")
    panel.wait_for(timeout=WAIT)
    _hide_file_browser(page)
    panel.locator(".careernb-check-in-note textarea").fill('Asked about the "platform" team, twice 🤔')
    panel.locator(".careernb-signal-promotion-stalled input").check()
    panel.locator(".careernb-log").click()
    booking = panel.locator(".careernb-booking")
    booking.wait_for(timeout=WAIT)
    assert "Book an ad hoc career conversation" in booking.inner_text()
    booking.scroll_into_view_if_needed()
    snap(page, "tour-check-in")
    (check_in,) = [
        c
        for c in store.load(Conversation, "034")
        if c.kind is ConversationKind.CHECK_IN and "platform" in c.note
    ]
    assert check_in.note == 'Asked about the "platform" team, twice 🤔'
    signals = store.load(Signal, "034")
    assert len(signals) == before + 1
    assert (signals[-1].kind, signals[-1].conversation_id) == (
        SignalKind.PROMOTION_STALLED,
        check_in.conversation_id,
    )


def test_practice_health_names_each_failure_for_the_demo_person_built_to_show_it(lab: Server, page):
    open_notebook(page, lab, "07-practice-health.ipynb")
    health = page.locator(".careernb-health")
    health.wait_for(timeout=WAIT)
    _hide_file_browser(page)
    text = health.inner_text()
    for failure, person in [
        (Failure.DEFERRING, "Priya Raman"),
        (Failure.CONFLATING, "Elif Yılmaz"),
        (Failure.STEERING, "Tomás Herrera"),
        (Failure.PROMISES, "Kwame Mensah"),
        (Failure.NOWHERE, "Jonas Berg"),
    ]:
        found = page.locator(f".careernb-failure-{failure.value}")
        assert person in found.inner_text(), (failure, text[:2000])
    snap(page, "tour-practice-health")


def test_without_notes_asks_about_every_report(lab: Server, page):
    store = open_store(lab.home)
    people = store.load(Person)
    team = team_of(people, default_manager(people).person_id)
    open_notebook(page, lab, "09-without-notes.ipynb")
    page.locator(".careernb-self-test").wait_for(timeout=WAIT)
    _hide_file_browser(page)
    shown = page.locator(".careernb-self-test").inner_text()
    assert all(p.name in shown for p in team)
    snap(page, "tour-without-notes")
