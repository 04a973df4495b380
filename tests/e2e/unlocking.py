"""The browser half of the tests of sealed private notes: unlock through the page's bar, type a
private note, kill the kernel, and have the note offered back once the page is unlocked again.
The same steps whether the pages work in a data home or on an organisation's database."""

from __future__ import annotations

import time

from tests.e2e.conftest import Server, open_notebook, run_all, wait_idle
from tests.e2e.kept import WAIT, accept_offer, field, kept_in_browser, kill_kernels, wait_not_connected
from tests.keyed import PASSPHRASE


def unlock_on_page(page) -> None:
    """The page's bar says the notes are locked; the passphrase typed and Enter pressed, it says
    they are unlocked, and no field of the page (nor the browser's storage) holds the passphrase."""
    bar = page.locator(".careernb-unlock-bar")
    bar.locator(".careernb-key-state", has_text="locked").wait_for(timeout=WAIT)
    box = bar.locator(".careernb-passphrase input")
    box.fill(PASSPHRASE)
    box.press("Enter")
    bar.locator(".careernb-key-state", has_text="unlocked").wait_for(timeout=WAIT)
    assert box.count() == 0 or box.input_value() == ""
    held = page.evaluate(
        "p => [...document.querySelectorAll('input, textarea')].some(e => e.value.includes(p))"
        " || Object.values(localStorage).some(v => v.includes(p))",
        PASSPHRASE,
    )
    assert not held


def _typed_then_killed(page, server: Server, question: str, text: str) -> None:
    """Type ``text`` as the answer, then SIGKILL the server's kernels before the autosave's pause:
    the field says it is not connected, and the browser alone keeps the text."""
    area = field(page, question).locator("textarea")
    area.wait_for(timeout=WAIT)
    area.fill(text)
    time.sleep(0.1)
    assert kill_kernels(server.proc.pid) >= 1
    wait_not_connected(page, question)
    assert kept_in_browser(page) == [text]


def put_back_in_lab(page, server: Server, notebook: str, question: str, text: str) -> None:
    """In JupyterLab: unlock, type, lose the kernel; run the notebook again, unlock again, and
    take the kept text back into the field (the autosave then saves it)."""
    open_notebook(page, server, notebook)
    unlock_on_page(page)
    _typed_then_killed(page, server, question, text)
    for _ in range(3):  # Lab's modal "Kernel Restarting"
        try:
            page.locator(".jp-Dialog .jp-Dialog-footer button").last.click(timeout=2_000)
        except Exception:
            break
    wait_idle(page, notebook)
    run_all(page)
    unlock_on_page(page)  # a new kernel: unlocked once more
    accept_offer(page, question, text)


def put_back_in_the_app(page, server: Server, address: str, question: str, text: str) -> None:
    """In `careernb app`: the same, the page reloaded where JupyterLab runs the notebook again."""
    page.set_default_timeout(WAIT)
    page.goto(f"{server.url}/{address}", wait_until="domcontentloaded", timeout=WAIT)
    unlock_on_page(page)
    _typed_then_killed(page, server, question, text)
    page.goto(f"{server.url}/{address}", wait_until="domcontentloaded", timeout=WAIT)
    unlock_on_page(page)  # a new kernel: unlocked once more
    accept_offer(page, question, text)
