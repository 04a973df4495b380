"""A career conversation held in a real JupyterLab, checked against the CSV files it wrote.

The manager opens "Where are you now?", picks a report from the dropdown and
starts the conversation; everything is typed in chromium, and what the data home
holds afterwards must be exactly what was typed. A second conversation has its
kernel killed (SIGKILL) after the autosave: whatever was saved before the kill is
in the store and back in the widgets once the notebook runs again. Each step
leaves a screenshot in test-artifacts/e2e/.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import signal
import time
import urllib.request

import psutil

from careernb import open_store
from careernb.domain.conversations import Answer, Conversation, ConversationKind
from careernb.domain.people import Person
from careernb.domain.playbook import SURFACE_FOLLOW_UP
from careernb.store import table_of
from tests.e2e.conftest import (
    Saves,
    Server,
    days_since,
    notebook_for,
    open_notebook,
    run_all,
    snap,
    wait_idle,
)

NOTEBOOK = "02-where-are-you-now.ipynb"
WAIT = 90_000  # ms: two shared cores, and another engineer's browsers on them
TODAY = dt.date.today()

# Commas, both quotes, a dash, a line break and an emoji: what breaks a CSV written by hand.
AWKWARD = 'Pairing, "really" pairing — it\'s fine\nmostly 🚀'
UNDERNEATH = "Honestly? I'm bored of the on-call, and I've said \"fine\" for a year."
GATED = "If an offer came: the chance to lead, which I don't see here."


def _person(server: Server, name: str) -> Person:
    return next(p for p in open_store(server.home).load(Person) if p.name == name)


def _hide_file_browser(page) -> None:
    page.evaluate("() => { window.jupyterapp.commands.execute('application:toggle-left-area'); }")


def _pick(page, name: str) -> None:
    """Choose a person in the notebook's team dropdown, as the manager does."""
    picker = page.locator(".careernb-page .careernb-person select").first
    picker.wait_for(timeout=WAIT)
    values = picker.locator("option").evaluate_all("options => options.map(o => o.value)")
    picker.select_option(value=next(v for v in values if v.startswith(name)))


def _start(page, fmt: str | None = None) -> None:
    page.locator(".careernb-starter").wait_for(timeout=WAIT)
    if fmt is not None:
        page.locator(".careernb-starter .careernb-format label", has_text=fmt).click()
    page.locator(".careernb-start").click()
    page.locator(".careernb-conversation").wait_for(timeout=WAIT)


def _today_conversation(server: Server, person_id: str) -> Conversation:
    today = [c for c in open_store(server.home).load(Conversation, person_id) if c.held in days_since(TODAY)]
    assert len(today) == 1, today
    return today[0]


def _today_or_none(server: Server, person_id: str) -> Conversation | None:
    today = [c for c in open_store(server.home).load(Conversation, person_id) if c.held in days_since(TODAY)]
    return today[0] if len(today) == 1 else None


def _answers(server: Server, person_id: str, conversation_id: str) -> dict[str, tuple[str, str]]:
    return {
        a.question_id: (a.answer, a.underneath)
        for a in open_store(server.home).load(Answer, person_id)
        if a.conversation_id == conversation_id
    }


def _csv_field(text: str) -> bytes:
    """How the csv module writes a cell holding commas, quotes or line breaks."""
    return ('"' + text.replace('"', '""') + '"').encode("utf-8")


def test_a_conversation_typed_in_jupyterlab_lands_in_the_csv_exactly(lab, page):
    tomas = _person(lab, "Tomás Herrera")  # an urgent signal and nothing booked: talk now
    before = {c.conversation_id for c in open_store(lab.home).load(Conversation, tomas.person_id)}
    open_notebook(page, lab, NOTEBOOK)
    _hide_file_browser(page)
    saves = Saves(page)
    _pick(page, tomas.name)
    snap(page, "conversation-1-person-picked")
    _start(page, "three phases of one session")
    snap(page, "conversation-2-started")

    card = page.locator(".careernb-question-now-best-work")
    with saves.one():
        card.locator(".careernb-answer textarea").press_sequentially(AWKWARD)
    snap(page, "conversation-3-answer-typed")

    card.locator(".careernb-follow-up").click()
    follow_up = card.get_by_text(SURFACE_FOLLOW_UP)
    follow_up.wait_for(timeout=WAIT)
    with saves.one():
        card.locator(".careernb-underneath textarea").fill(UNDERNEATH)
    snap(page, "conversation-4-the-version-underneath")

    page.locator(".careernb-phase-bar label", has_text="3.").click()
    gated = page.locator(".careernb-question-honest-leave")
    page.locator(".careernb-phase-gap").wait_for(timeout=WAIT)
    assert gated.is_hidden()
    snap(page, "conversation-5-gap-before-trust")
    page.locator(".careernb-trust input").check()
    gated.wait_for(state="visible", timeout=WAIT)
    with saves.one():
        gated.locator(".careernb-answer textarea").fill(GATED)
    snap(page, "conversation-6-trust-gated-answer")

    held = _today_conversation(lab, tomas.person_id)
    assert held.conversation_id not in before
    assert held.kind is ConversationKind.FULL
    assert (held.trust_established, held.trust_gated_shown) == (True, True)
    assert _answers(lab, tomas.person_id, held.conversation_id) == {
        "now.best-work": (AWKWARD, UNDERNEATH),
        "honest.leave": (GATED, ""),
    }
    raw = (lab.home / "people" / tomas.person_id / table_of(Answer).filename).read_bytes()
    for text in (AWKWARD, UNDERNEATH, GATED):
        assert _csv_field(text) in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    mine = {r["question_id"]: r for r in rows if r["conversation_id"] == held.conversation_id}
    assert mine["now.best-work"]["answer"] == AWKWARD
    assert mine["now.best-work"]["underneath"] == UNDERNEATH


def _kernel_of(server: Server, notebook: str) -> tuple[str, psutil.Process]:
    """The kernel the server runs for ``notebook``, and its process (a child of the server)."""
    with urllib.request.urlopen(f"{server.url}/api/sessions", timeout=10) as r:
        sessions = json.load(r)
    kernel_id = next(s["kernel"]["id"] for s in sessions if s["path"].endswith(notebook))
    with urllib.request.urlopen(f"{server.url}/api/kernels/{kernel_id}", timeout=10) as r:
        assert json.load(r)["id"] == kernel_id
    for child in psutil.Process(server.proc.pid).children(recursive=True):
        if any(f"kernel-{kernel_id}.json" in arg for arg in child.cmdline()):
            return kernel_id, child
    raise AssertionError(f"no process of the server runs kernel {kernel_id}")


def test_answers_saved_before_the_kernel_is_killed_are_back_after_a_restart(lab, page):
    priya = _person(lab, "Priya Raman")  # overdue, nothing booked
    notebook = notebook_for(lab, NOTEBOOK, person_id=priya.person_id)
    typed = {
        "now.best-work": "Deep work on the query planner, two days without meetings.",
        "now.energising": 'The "boring" migrations, honestly — they finish.',
    }
    open_notebook(page, lab, notebook)
    _hide_file_browser(page)
    saves = Saves(page)
    _start(page)
    for question, text in typed.items():
        with saves.one():  # the pause (about a second), then the save, shown
            page.locator(f".careernb-answer-{question.replace('.', '-')} textarea").fill(text)
    # Saved means on disk: the page's "Saved at" may be another open notebook's (JupyterLab
    # reopens the module's earlier tabs), so the store itself is asked before the kill.
    deadline = time.monotonic() + WAIT / 1000
    while (held := _today_or_none(lab, priya.person_id)) is None or _answers(
        lab, priya.person_id, held.conversation_id
    ) != {q: (t, "") for q, t in typed.items()}:
        assert time.monotonic() < deadline, "the typed answers never reached the data home"
        time.sleep(0.2)
    snap(page, "kernel-kill-1-answers-saved")

    kernel_id, kernel = _kernel_of(lab, notebook)
    page.evaluate("() => document.querySelectorAll('.careernb-conversation').forEach(e => e.dataset.old = 1)")
    os.kill(kernel.pid, signal.SIGKILL)
    kernel.wait(timeout=30)
    dialog = page.locator(".jp-Dialog", has_text="died")
    dialog.wait_for(timeout=WAIT)
    snap(page, "kernel-kill-2-kernel-died")
    dialog.locator("button.jp-mod-accept").click()
    wait_idle(page)
    run_all(page)
    page.locator(".careernb-conversation:not([data-old])").wait_for(timeout=WAIT)
    assert page.locator(".careernb-conversation[data-old]").count() == 0
    snap(page, "kernel-kill-3-reopened")

    restarted_id, restarted = _kernel_of(lab, notebook)
    assert (restarted_id, restarted.pid != kernel.pid) == (kernel_id, True)  # same kernel, new process
    assert _today_conversation(lab, priya.person_id).conversation_id == held.conversation_id
    assert _answers(lab, priya.person_id, held.conversation_id) == {q: (t, "") for q, t in typed.items()}
    for question, text in typed.items():
        field = page.locator(f".careernb-answer-{question.replace('.', '-')} textarea")
        assert field.input_value() == text
