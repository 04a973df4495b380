"""Nothing typed is lost in JupyterLab: a killed kernel, a closed tab, a restarted server.

Each test types an answer, loses the kernel or the page before the autosave's
pause, and checks that the field says so, that the text is offered back when
the notebook runs again, and that, accepted, it lands in the CSV exactly.
"""

from __future__ import annotations

import contextlib
import sys
import time

import pytest

from tests.e2e.conftest import (
    _stop,
    notebook_for,
    open_notebook,
    run_all,
    snap,
    wait_idle,
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

MEI = "019"  # her booked conversation opens at once
QUESTION = "now.best-work"


def _type(page, text: str = TEXT) -> None:
    area = field(page, QUESTION).locator("textarea")
    area.wait_for(timeout=WAIT)
    area.fill(text)  # focuses and types, even under a modal that a person would dismiss first


def _dismiss_dialogs(page) -> None:
    """Lab's modal "Kernel Restarting" blocks clicks until dismissed."""
    for _ in range(3):
        with contextlib.suppress(Exception):
            page.locator(".jp-Dialog .jp-Dialog-footer button").last.click(timeout=2_000)


def _rerun(page, notebook: str) -> None:
    _dismiss_dialogs(page)
    wait_idle(page, notebook)
    run_all(page)


def test_a_killed_kernel_says_not_connected_and_the_rerun_offers_the_text_back(lab, page):
    notebook = notebook_for(lab, "02-where-are-you-now.ipynb", person_id=MEI)
    open_notebook(page, lab, notebook)
    _type(page)
    time.sleep(0.1)
    assert kill_kernels(lab.proc.pid) >= 1
    took = wait_not_connected(page, QUESTION)
    snap(page, "kept-lab-not-connected")
    print(f"'Not connected' shown {took:.1f} s after the kill")
    assert TEXT not in answers_today(lab.home, MEI, QUESTION)  # killed before the pause
    assert kept_in_browser(page) == [TEXT]
    _rerun(page, notebook)
    accept_offer(page, QUESTION)
    wait_in_store(lab.home, MEI, QUESTION)
    page.wait_for_function("() => !Object.keys(localStorage).some(k => k.startsWith('careernb:'))")
    snap(page, "kept-lab-put-back")


def test_a_tab_closed_before_the_pause_loses_nothing(lab, browser):
    notebook = notebook_for(lab, "02-where-are-you-now.ipynb", person_id=MEI, closed="tab")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        open_notebook(page, lab, notebook)
        text = TEXT + "\nTyped, and the tab closed at once."
        _type(page, text)
        # The kernel is gone too before the pause: only the browser still has the words.
        kill_kernels(lab.proc.pid)
        page.close()
        page = context.new_page()
        open_notebook(page, lab, notebook)
        _dismiss_dialogs(page)
        accept_offer(page, QUESTION, text)
        wait_in_store(lab.home, MEI, QUESTION, text)
    finally:
        context.close()


@pytest.fixture
def restartable(tmp_path):
    """A Lab server of our own, stopped and started again on the same port by the test."""
    with restartable_server(
        tmp_path,
        lambda home, root, port: [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            "--IdentityProvider.token=",
            "--ServerApp.port_retries=0",
            "--allow-root",
            f"--ServerApp.root_dir={root}",
            "--LabApp.news_url=None",
            "--LabApp.expose_app_in_browser=True",
        ],
        "/api/status",
    ) as start:
        yield start


def test_a_restarted_server_loses_nothing_typed_meanwhile(restartable, page):
    server = restartable()
    notebook = notebook_for(server, "02-where-are-you-now.ipynb", person_id=MEI)
    open_notebook(page, server, notebook)
    field(page, QUESTION).locator("textarea").wait_for(timeout=WAIT)
    kill_kernels(server.proc.pid)
    _stop(server.proc)  # the server goes away mid-conversation; the page stays
    _dismiss_dialogs(page)
    _type(page)  # typed while nothing listens
    wait_not_connected(page, QUESTION)
    server = restartable()
    open_notebook(page, server, notebook)
    _dismiss_dialogs(page)
    accept_offer(page, QUESTION)
    wait_in_store(server.home, MEI, QUESTION)
