"""Nothing typed is lost in `careernb app` (Voilà): a killed kernel, a closed tab, a restarted app.

Voilà does not run the notebook again after a kernel restart; a reload does. So
each test types, loses the kernel (or the page, or the server) before the
autosave's pause, reloads, and accepts the text the page offers back.
"""

from __future__ import annotations

import datetime as dt
import sys
import time

import pytest

from careernb import open_store
from careernb.domain.conversations import Answer, Conversation
from tests.e2e.conftest import (
    Server,
    _stop,
    snap,
)
from tests.e2e.kept import (
    TEXT,
    WAIT,
    accept_offer,
    answers_today,
    field,
    kept_in_browser,
    kill_kernels,
    restartable_server,
    wait_in_store,
    wait_not_connected,
)

VOILA_NOTEBOOK = "now"  # the app's page for "Where are you now?"
MEI, NAME = "019", "Mei Lin"  # her booked conversation opens once she is chosen
QUESTION = "now.best-work"


def _open(page, server: Server) -> None:
    page.set_default_timeout(WAIT)
    page.goto(f"{server.url}/now?person={MEI}", wait_until="domcontentloaded", timeout=WAIT)
    picker = page.locator(".careernb-page .careernb-person select")
    picker.wait_for(timeout=WAIT)
    labels = picker.evaluate("s => [...s.options].map(o => o.textContent.replace(/\\u00a0/g, ' '))")
    index = next(i for i, label in enumerate(labels) if label.startswith(NAME))
    if picker.evaluate("s => s.selectedIndex") != index:
        picker.select_option(index=index)
    field(page, QUESTION).locator("textarea").wait_for(timeout=WAIT)


def _type(page, text: str = TEXT) -> None:
    field(page, QUESTION).locator("textarea").fill(text)


def test_a_killed_kernel_says_not_connected_and_a_reload_offers_the_text_back(voila_app, page):
    _open(page, voila_app)
    _type(page)
    time.sleep(0.1)
    assert kill_kernels(voila_app.proc.pid) >= 1
    took = wait_not_connected(page, QUESTION)
    print(f"'Not connected' shown {took:.1f} s after the kill")
    snap(page, "kept-voila-not-connected")
    assert TEXT not in answers_today(voila_app.home, MEI, QUESTION)
    assert kept_in_browser(page) == [TEXT]
    _open(page, voila_app)  # a reload is the re-run
    accept_offer(page, QUESTION)
    wait_in_store(voila_app.home, MEI, QUESTION)
    snap(page, "kept-voila-put-back")


def test_a_tab_closed_before_the_pause_loses_nothing(voila_app, browser):
    text = TEXT + "\nTyped in the app, and the tab closed at once."
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        _open(page, voila_app)
        _type(page, text)
        kill_kernels(voila_app.proc.pid)  # and the kernel is gone before the pause
        page.close()
        page = context.new_page()
        _open(page, voila_app)
        accept_offer(page, QUESTION, text)
        wait_in_store(voila_app.home, MEI, QUESTION, text)
    finally:
        context.close()


@pytest.fixture
def restartable_app(tmp_path):
    """`careernb app` of our own, stopped and started again on the same port by the test."""
    with restartable_server(
        tmp_path,
        lambda home, root, port: [
            sys.executable,
            "-m",
            "careernb",
            "app",
            VOILA_NOTEBOOK,
            "--home",
            str(home),
            "--notebooks",
            str(root),
            f"--port={port}",
            "--no-browser",
        ],
        "/voila/static/voila.js",
    ) as start:
        yield start


def test_a_restarted_app_loses_nothing_typed_meanwhile(restartable_app, page):
    server = restartable_app()
    _open(page, server)
    kill_kernels(server.proc.pid)
    _stop(server.proc)  # the app goes away mid-conversation; the page stays
    _type(page)
    wait_not_connected(page, QUESTION)
    server = restartable_app()
    _open(page, server)
    accept_offer(page, QUESTION)
    wait_in_store(server.home, MEI, QUESTION)


def test_an_answer_saved_with_crlf_line_breaks_opens_as_saved_not_as_typed(voila_app, page):
    store = open_store(voila_app.home)
    # The conversation her page opens: the booked one, held today once the tests above typed in it.
    day = dt.date.today()
    typed = [a for a in store.load(Answer, MEI) if a.question_id == QUESTION and a.updated.date() == day]
    booked = [c for c in store.load(Conversation, MEI) if c.held is None and c.planned]
    opened = typed[-1].conversation_id if typed else min(booked, key=lambda c: c.planned).conversation_id
    saved = "First line of what she said,\r\nand the second."
    now = dt.datetime.now().replace(microsecond=0)
    store.save(Answer(MEI, opened, QUESTION, saved, "", False, now))
    _open(page, voila_app)
    area = field(page, QUESTION).locator("textarea")
    area.wait_for()
    assert area.input_value() == saved.replace("\r\n", "\n")
    page.wait_for_timeout(1_000)
    state = field(page, QUESTION).locator(".careernb-field-state")
    assert state.inner_text() == "" and state.get_attribute("data-state") == "saved"
    assert kept_in_browser(page) == []
