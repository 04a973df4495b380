"""Helpers for the "nothing typed is lost" browser tests: kill a kernel, read the field's state."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil

from careernb import open_store
from careernb.domain.conversations import Answer

# Quotes, a comma, a newline and an emoji: what lands in the CSV must be exactly this.
TEXT = 'She said "not yet, maybe next year",\nthen: the on-call is wearing me down 🚀'
NOT_CONNECTED = "Not connected — what you type is kept in this browser; run the notebook again to save it"
WAIT = 120_000


def kernels_of(server_pid: int) -> list[psutil.Process]:
    """The kernels a server we started runs (its children running ipykernel)."""
    found = []
    for child in psutil.Process(server_pid).children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if any("ipykernel" in part for part in child.cmdline()):
                found.append(child)
    return found


def kill_kernels(server_pid: int) -> int:
    """SIGKILL every kernel of our server, as a crash would; returns how many."""
    victims = kernels_of(server_pid)
    for k in victims:
        with contextlib.suppress(ProcessLookupError):
            os.kill(k.pid, signal.SIGKILL)
    return len(victims)


def field(page, question: str, part: str = "answer"):
    return page.locator(f".careernb-{part}-{question.replace('.', '-')}")


def wait_not_connected(page, question: str, timeout: float = 30_000) -> float:
    """Wait until the field says it is not connected; returns how long that took (s)."""
    start = time.monotonic()
    state = field(page, question).locator(".careernb-field-state")
    state.filter(has_text="Not connected").wait_for(timeout=timeout)
    assert state.inner_text() == NOT_CONNECTED
    statuses = page.locator(".careernb-conversation .careernb-save-status").all_inner_texts()
    assert statuses and not any("Saved" in s for s in statuses), statuses
    # The page's other fields keep nothing in the browser: they take no typing meanwhile.
    others = page.locator(".careernb-conversation input[type=text], .careernb-conversation textarea")
    typeable = others.evaluate_all(
        "fs => fs.filter(f => !f.closest('.careernb-answer-field') && !f.readOnly && !f.disabled)"
        ".map(f => f.placeholder || f.outerHTML.slice(0, 80))"
    )
    assert others.count() > 0 and typeable == [], typeable
    return time.monotonic() - start


def accept_offer(page, question: str, text: str = TEXT) -> None:
    """The kept text is offered back with its time; one click puts it back."""
    offer = field(page, question).locator(".careernb-kept")
    offer.wait_for(state="visible", timeout=WAIT)
    assert "Typed in this browser at" in offer.inner_text()
    assert offer.locator(".careernb-kept-text").inner_text() == text
    area = field(page, question).locator("textarea")
    assert area.evaluate("a => a.readOnly")  # nothing overwritten until the manager chooses
    offer.locator(".careernb-kept-use").click()
    assert area.input_value() == text


def answers_today(where, person: str, question: str) -> list[str]:
    """Today's answers to ``question``, read from a store, or from the data home at ``where``."""
    store = open_store(where) if isinstance(where, (str, os.PathLike)) else where
    today = dt.date.today()
    return [
        a.answer
        for a in store.load(Answer, person)
        if a.question_id == question and a.updated and a.updated.date() == today
    ]


def wait_in_store(where, person: str, question: str, text: str = TEXT, timeout: float = 60) -> None:
    """Wait until ``text`` is today's answer in a store (or the data home at ``where``)."""
    deadline = time.monotonic() + timeout
    while text not in answers_today(where, person, question):
        if time.monotonic() > deadline:
            raise AssertionError(
                f"not in the store: {text!r}; today's: {answers_today(where, person, question)}"
            )
        time.sleep(0.25)


def kept_in_browser(page) -> list[str]:
    """The texts this browser keeps, not yet saved."""
    return page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.startsWith('careernb:'))"
        ".map(k => JSON.parse(localStorage.getItem(k)).text)"
    )


@contextlib.contextmanager
def restartable_server(
    tmp_path: Path, command: Callable[[Path, Path, int], list[str]], ready: str
) -> Iterator[Callable[[], object]]:
    """A server of our own that the test stops and starts again on the same port.

    ``command(home, notebooks, port)`` gives its argv; ``ready`` is the path that answers once
    it is up. Yields ``start()``; every server started is stopped at the end.
    """
    from tests.e2e.conftest import (
        REPO,
        Server,
        _isolated_env,
        _need_browser,
        _stop,
        _wait_for,
        free_port,
        seeded_home,
    )

    _need_browser()
    home = seeded_home(tmp_path)
    root = tmp_path / "notebooks"
    shutil.copytree(REPO / "notebooks", root)
    port = free_port()
    env = _isolated_env(tmp_path, home)
    argv = command(home, root, port)
    servers: list[Server] = []

    def start() -> Server:
        log = tmp_path / f"server-{len(servers)}.log"
        with open(log, "w") as out:
            proc = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT)
        server = Server(f"http://127.0.0.1:{port}", home, root, proc, log)
        servers.append(server)
        _wait_for(f"{server.url}{ready}", proc)
        return server

    try:
        yield start
    finally:
        for s in servers:
            if s.proc.poll() is None:
                _stop(s.proc)
