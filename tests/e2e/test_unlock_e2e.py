"""A sealed data home in a real browser: unlock in JupyterLab and in `careernb app`, type a private
note, kill the kernel; the note is kept in the browser, offered back once unlocked again, lands in
the store sealed, and is never in clear anywhere in the data home."""

from __future__ import annotations

import time

from careernb.home import unlock
from careernb.store import session
from careernb.store.keys import KEY_FILE
from tests.e2e.conftest import Server, notebook_for, open_notebook, run_all, snap, wait_idle
from tests.e2e.kept import (
    WAIT,
    accept_offer,
    field,
    kept_in_browser,
    kill_kernels,
    wait_in_store,
    wait_not_connected,
)
from tests.keyed import PASSPHRASE, csv_forms, every_byte, seal

VOILA_NOTEBOOK = "now"
MEI = "019"  # her booked conversation opens at once
QUESTION = "now.best-work"
NOTE = 'Private: "she may leave in spring" — do not share 🔒\nsecond line'


def _sealed(server: Server) -> None:
    """The server's demo home sealed under a key (the kernels read it as each page opens)."""
    from careernb import open_store

    if not (server.home / KEY_FILE).exists():
        seal(open_store(server.home, create=False))
    session.lock()


def _unlock(page) -> None:
    bar = page.locator(".careernb-unlock-bar")
    bar.locator(".careernb-key-state", has_text="locked").wait_for(timeout=WAIT)
    box = bar.locator(".careernb-passphrase input")
    box.fill(PASSPHRASE)
    box.press("Enter")
    bar.locator(".careernb-key-state", has_text="unlocked").wait_for(timeout=WAIT)
    assert box.count() == 0 or box.input_value() == ""


def _never_in_clear(server: Server) -> None:
    on_disk = every_byte(server.home)
    assert not any(form in on_disk for form in csv_forms(NOTE))


def _kept_after_unlocking_again(server: Server) -> None:
    unlock(PASSPHRASE, server.home)  # the test reads the store as the manager's session does
    try:
        wait_in_store(server.home, MEI, QUESTION, NOTE)
    finally:
        session.lock()


def test_in_jupyterlab_a_note_typed_after_unlocking_survives_a_killed_kernel_sealed(lab, page):
    _sealed(lab)
    notebook = notebook_for(lab, "02-where-are-you-now.ipynb", person_id=MEI)
    open_notebook(page, lab, notebook)
    _unlock(page)
    area = field(page, QUESTION).locator("textarea")
    area.wait_for(timeout=WAIT)
    area.fill(NOTE)
    time.sleep(0.1)
    assert kill_kernels(lab.proc.pid) >= 1
    wait_not_connected(page, QUESTION)
    assert kept_in_browser(page) == [NOTE]
    for _ in range(3):  # Lab's modal "Kernel Restarting"
        try:
            page.locator(".jp-Dialog .jp-Dialog-footer button").last.click(timeout=2_000)
        except Exception:
            break
    wait_idle(page, notebook)
    run_all(page)
    _unlock(page)  # a new kernel: unlocked once more
    accept_offer(page, QUESTION, NOTE)
    snap(page, "unlock-lab-put-back")
    _kept_after_unlocking_again(lab)
    _never_in_clear(lab)
    assert PASSPHRASE.encode() not in (lab.root / notebook).read_bytes()


def test_in_the_app_a_note_typed_after_unlocking_survives_a_killed_kernel_sealed(voila_app, page):
    _sealed(voila_app)
    page.set_default_timeout(WAIT)
    page.goto(f"{voila_app.url}/now?person={MEI}", wait_until="domcontentloaded", timeout=WAIT)
    _unlock(page)
    area = field(page, QUESTION).locator("textarea")
    area.wait_for(timeout=WAIT)
    area.fill(NOTE)
    time.sleep(0.1)
    assert kill_kernels(voila_app.proc.pid) >= 1
    wait_not_connected(page, QUESTION)
    assert kept_in_browser(page) == [NOTE]
    page.goto(f"{voila_app.url}/now?person={MEI}", wait_until="domcontentloaded", timeout=WAIT)
    _unlock(page)
    accept_offer(page, QUESTION, NOTE)
    snap(page, "unlock-app-put-back")
    _kept_after_unlocking_again(voila_app)
    _never_in_clear(voila_app)
