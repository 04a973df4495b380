"""The four conversation notebooks in a real JupyterLab, driven by Debian's chromium.

Each notebook is opened with a demo person filled into its parameters cell (as
papermill would), run, typed into and clicked; the test then reads what the
store wrote. Each page leaves a screenshot in test-artifacts/e2e/.
"""

from __future__ import annotations

import datetime as dt

from careernb import open_store
from careernb.domain.aspirations import Aspiration, Direction, Fit, FitAssessment
from careernb.domain.conversations import Answer, Conversation
from careernb.domain.preparation import PreparationNote, Reflection
from tests.e2e.conftest import Saves, Server, notebook_for, open_notebook, snap

WAIT = 90_000  # ms: two shared cores, and another engineer's browsers on them
MEI, JONAS, SOFIA = "019", "023", "034"  # booked, direction changed; fit "not here"; was not sure yet


def _open(page, lab: Server, notebook: str, person_id: str) -> Saves:
    open_notebook(page, lab, notebook_for(lab, notebook, person_id=person_id))
    page.evaluate("() => { window.jupyterapp.commands.execute('application:toggle-left-area'); }")
    return Saves(page)


def _hold(page) -> None:
    """The conversation booked soon, else a new one, as three phases of one session."""
    page.locator(".careernb-conversation-page").wait_for(timeout=WAIT)
    if page.locator(".careernb-starter").is_visible():
        phases = page.locator(
            ".careernb-starter .careernb-format label", has_text="three phases of one session"
        )
        phases.click()
        page.locator(".careernb-start").click()
    page.locator(".careernb-conversation").wait_for(timeout=WAIT)


def _snap_at(page, name: str, target: str, block: str = "start") -> None:
    page.locator(target).first.evaluate("(e, block) => e.scrollIntoView({block})", block)
    snap(page, name)


def test_prepare_saves_a_private_note_typed_in_the_browser(lab, page):
    saves = _open(page, lab, "01-prepare.ipynb", MEI)
    page.locator(".careernb-prepare").wait_for(timeout=WAIT)
    text = 'An intro to Dana, "soon" —\nand feedback 🚀'
    with saves.one():
        page.locator(".careernb-reflection-can-commit textarea").fill(text)
    notes = open_store(lab.home).load(PreparationNote, MEI)
    assert text in [n.text for n in notes if n.reflection is Reflection.CAN_COMMIT]
    assert page.locator(".careernb-prompt-text textarea").input_value().startswith("Hi Mei,")
    _snap_at(page, "lab-prepare", ".careernb-prepare")


def test_where_are_you_now_saves_an_answer_and_the_version_underneath(lab, page):
    saves = _open(page, lab, "02-where-are-you-now.ipynb", MEI)
    page.locator(".careernb-conversation").wait_for(timeout=WAIT)  # her booked conversation, opened
    answer = 'Pairing on gnarly bugs, "no meetings" days,\nand mentoring 🚀'
    underneath = "Honestly, I'm bored of the on-call."
    with saves.one():
        page.locator(".careernb-answer-now-best-work textarea").fill(answer)
    page.locator(".careernb-question-now-best-work .careernb-follow-up").click()
    with saves.one():
        page.locator(".careernb-underneath-now-best-work textarea").fill(underneath)
    with saves.one():
        page.locator(".careernb-answer-now-energising textarea").fill("The billing rewrite.")
    store = open_store(lab.home)
    saved = {
        a.question_id: a for a in store.load(Answer, MEI) if a.updated and a.updated.date() == dt.date.today()
    }
    assert saved["now.best-work"].answer == answer
    assert saved["now.best-work"].underneath == underneath
    assert saved["now.energising"].answer == "The billing rewrite."
    held = {c.conversation_id: c.held for c in store.load(Conversation, MEI)}
    assert held[saved["now.best-work"].conversation_id] == dt.date.today()
    _snap_at(page, "lab-now", ".careernb-conversation-page")


def test_where_do_you_want_to_go_accepts_not_sure_yet(lab, page):
    saves = _open(page, lab, "03-where-do-you-want-to-go.ipynb", SOFIA)
    _hold(page)
    with saves.one():
        page.locator(".careernb-direction label", has_text="not sure yet").click()
    page.locator(".careernb-not-sure").wait_for(state="visible", timeout=WAIT)
    with saves.one():
        page.locator(".careernb-aspiration-drawn-to textarea").fill("Hard problems; helping people grow")
    today = [a for a in open_store(lab.home).load(Aspiration, SOFIA) if a.recorded == dt.date.today()]
    assert [(a.direction, a.drawn_to) for a in today] == [
        (Direction.NOT_SURE_YET, "Hard problems; helping people grow")
    ]
    _snap_at(page, "lab-direction", ".careernb-checklists", "end")


def test_how_do_we_close_the_gap_shows_the_trust_gated_question_and_the_honest_script(lab, page):
    saves = _open(page, lab, "04-how-do-we-close-the-gap.ipynb", JONAS)
    _hold(page)
    gated = page.locator(".careernb-question-honest-leave")
    assert gated.is_hidden()
    page.locator(".careernb-trust input").check()
    gated.wait_for(state="visible", timeout=WAIT)
    with saves.one():
        page.locator(".careernb-fit-choice label", has_text="not here").click()
    page.locator(".careernb-honest-script").wait_for(state="visible", timeout=WAIT)
    with saves.one():
        page.locator(".careernb-exploration-timeline textarea").fill("Two to three years, they think.")
    store = open_store(lab.home)
    conversations = [c for c in store.load(Conversation, JONAS) if c.trust_gated_shown]
    assert conversations and conversations[0].trust_established
    fits = [f for f in store.load(FitAssessment, JONAS) if f.assessed == dt.date.today()]
    assert [(f.fit, f.timeline) for f in fits] == [(Fit.NOT_HERE, "Two to three years, they think.")]
    _snap_at(page, "lab-gap", ".careernb-honest")
