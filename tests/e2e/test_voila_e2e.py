""" "Where are you now?" as the no-code app: `careernb app` (Voilà) in a real browser.

The manager picks a person, starts the conversation and types an answer with
a comma, quotes and an emoji; once the page says it is saved, the store holds
exactly those words. The app shows widgets only: no code cell, no code.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from playwright.sync_api import expect

from careernb import open_store
from careernb.domain.conversations import Answer, Conversation, ConversationKind
from conftest import snap

VOILA_NOTEBOOK = "now"  # the app's page for "Where are you now?"
PERSON = "012"  # Priya Raman: nothing booked, so today's conversation is a new one
NAME = "Priya Raman"
QUESTION = "now.best-work"
ANSWER = 'Deep work, "no meetings" Thursdays, and pairing on gnarly bugs 🚀'
WAIT = 120_000  # ms: Voilà starts a kernel and runs the notebook before anything shows


def _eventually(check: Callable[[], object], what: str, timeout: float = 60) -> object:
    """Poll until ``check`` returns something truthy (the kernel writes the store)."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what}")
        time.sleep(0.25)


def _choose(select, starts_with: str) -> None:
    """Pick a dropdown option by its label (ipywidgets writes spaces as no-break spaces)."""
    labels = select.evaluate("s => [...s.options].map(o => o.textContent.replace(/\\u00a0/g, ' '))")
    matches = [i for i, label in enumerate(labels) if label.startswith(starts_with)]
    assert matches, f"no option starts with {starts_with!r}: {labels}"
    select.select_option(index=matches[0])


def _todays_answers(home) -> list[Answer]:
    store = open_store(home)
    today = {
        c.conversation_id
        for c in store.load(Conversation, PERSON)
        if c.kind is ConversationKind.NOW and c.held == dt.date.today()
    }
    return [a for a in store.load(Answer, PERSON) if a.conversation_id in today]


def test_an_answer_typed_in_the_app_is_saved_exactly_and_no_code_shows(voila_app, page):
    page.set_default_timeout(WAIT)
    page.goto(f"{voila_app.url}/now", wait_until="domcontentloaded", timeout=WAIT)
    picker = page.locator(".careernb-page .careernb-person select")
    picker.wait_for(timeout=WAIT)
    snap(page, "voila-01-the-app-opens")

    _choose(picker, NAME)
    page.locator(".careernb-starter").wait_for(state="visible", timeout=WAIT)
    page.locator(".careernb-starter .careernb-format label", has_text="three separate sessions").click()
    snap(page, "voila-02-priya-chosen")
    page.locator("button.careernb-start").click()
    answer = page.locator(f".careernb-answer-{QUESTION.replace('.', '-')} textarea")
    answer.wait_for(timeout=WAIT)

    answer.fill(ANSWER)
    status = page.locator(".careernb-conversation .careernb-save-status")
    expect(status).to_contain_text("Saved at", timeout=WAIT)
    snap(page, "voila-03-answer-saved")

    saved = _eventually(
        lambda: [a for a in _todays_answers(voila_app.home) if a.question_id == QUESTION],
        "the answer in the store",
    )
    assert [(a.answer, a.underneath, a.share) for a in saved] == [(ANSWER, "", False)]

    # Widgets only: no code cell, no editor, and not a line of the notebook's code in the page.
    # (The markdown cell's rendered text is an input area too, but no code.)
    code = page.locator(
        ".jp-CodeCell .jp-InputArea, .jp-CodeCell .jp-Cell-inputWrapper, .jp-InputPrompt,"
        " .jp-CodeMirrorEditor, .cm-editor, .CodeMirror, .highlight"
    )
    assert [e for e in code.all() if e.is_visible()] == []
    html = page.content()
    cells = page.evaluate("() => [...document.querySelectorAll('.jp-CodeCell')].map(e => [...e.classList])")
    assert len(cells) == 2 and all("jp-mod-noInput" in c for c in cells), cells
    for line in ("import where_are_you_now", "where_are_you_now(person_id", "person_id = None"):
        assert line not in html
