"""The four conversation notebooks in a real JupyterLab, driven by Debian's chromium.

Each notebook is opened with a demo person filled into its parameters cell,
run, typed into and clicked; the test then reads what the store wrote. With
CAREERNB_SCREENSHOTS=DIR it also saves a picture of each page there.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from careernb import open_store
from careernb.aspirations import Aspiration, Direction, Fit, FitAssessment
from careernb.conversations import Answer, Conversation
from careernb.demo import seed_demo
from careernb.preparation import PreparationNote, Reflection

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--no-default-browser-check", "--disable-extensions",
]  # fmt: skip
# notebook -> the demo person it is opened for
PEOPLE = {
    "01-prepare.ipynb": "019",  # Mei: booked, her direction changed
    "02-where-are-you-now.ipynb": "019",
    "03-where-do-you-want-to-go.ipynb": "034",  # Sofia: was not sure yet
    "04-how-do-we-close-the-gap.ipynb": "023",  # Jonas: the fit is "not here"
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def conv_lab(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make browser installs it)")
    from papermill.iorw import load_notebook_node, write_ipynb
    from papermill.parameterize import parameterize_notebook

    root = tmp_path_factory.mktemp("lab")
    home = root / "home"
    seed_demo(open_store(home), dt.date.today())
    for name, person in PEOPLE.items():
        nb = parameterize_notebook(load_notebook_node(str(REPO / "notebooks" / name)), {"person_id": person})
        write_ipynb(nb, str(root / name))
    env = dict(os.environ, CAREERNB_HOME=str(home))
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTERLAB_WORKSPACES_DIR", "IPYTHONDIR"):
        env[var] = str(root / ".jupyter" / var.lower())
    settings = root / ".jupyter" / "settings"
    env["JUPYTERLAB_SETTINGS_DIR"] = str(settings)
    for plugin, value in {
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
        "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    }.items():
        (settings / plugin).parent.mkdir(parents=True, exist_ok=True)
        (settings / plugin).write_text(json.dumps(value))
    port = _free_port()
    argv = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
        "--IdentityProvider.token=", "--ServerApp.port_retries=0", "--allow-root",
        f"--ServerApp.root_dir={root}", "--LabApp.news_url=None", "--LabApp.expose_app_in_browser=True",
    ]  # fmt: skip
    log = open(root / "lab.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, (root / "lab.log").read_text()
            with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/api/status", timeout=2) as r:
                if r.status == 200:
                    break
            assert time.monotonic() < deadline, "JupyterLab did not start in 90 s"
            time.sleep(0.3)
        yield url, open_store(home)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def conv_browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser
        browser.close()


def _open_and_run(browser, url: str, name: str, height: int = 1500):
    page = browser.new_page(viewport={"width": 1280, "height": height})
    page.goto(f"{url}/lab/tree/{name}?reset")
    page.get_by_text("person_id =").first.wait_for(timeout=60_000)
    page.locator(".jp-Notebook-ExecutionIndicator, #jp-main-statusbar").first.wait_for(timeout=60_000)
    page.wait_for_function(
        "() => document.querySelector('#jp-main-statusbar')?.textContent.includes('Idle')", timeout=60_000
    )
    page.evaluate("() => { window.jupyterapp.commands.execute('application:toggle-left-area'); }")
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); return true; }")
    return page


def _hold(page) -> None:
    """The conversation booked soon, else a new one, as three phases of one session."""
    page.locator(".careernb-conversation-page").wait_for(timeout=60_000)
    if page.locator(".careernb-starter").is_visible():
        phases = page.locator(
            ".careernb-starter .careernb-format button", has_text="three phases of one session"
        )
        phases.click()
        page.locator(".careernb-start").click()
    page.locator(".careernb-conversation").wait_for(timeout=60_000)


def _saved(page) -> None:
    page.wait_for_function(
        "() => [...document.querySelectorAll('.careernb-save-status')]"
        ".some(e => e.textContent.includes('Saved at'))",
        timeout=20_000,
    )


def _picture(page, name: str, target: str | None = None, block: str = "start") -> None:
    folder = os.environ.get("CAREERNB_SCREENSHOTS")
    if not folder:
        return
    if target:
        page.evaluate(
            "([sel, block]) => document.querySelector(sel).scrollIntoView({block})", [target, block]
        )
        page.wait_for_timeout(300)
    Path(folder).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(folder) / name))


def test_prepare_saves_a_private_note_typed_in_the_browser(conv_lab, conv_browser):
    url, store = conv_lab
    page = _open_and_run(conv_browser, url, "01-prepare.ipynb")
    page.locator(".careernb-prepare").wait_for(timeout=60_000)
    text = 'An intro to Dana, "soon" —\nand feedback 🚀'
    page.locator(".careernb-reflection-can-commit textarea").fill(text)
    _saved(page)
    notes = [n for n in store.load(PreparationNote, "019") if n.reflection is Reflection.CAN_COMMIT]
    assert text in [n.text for n in notes]
    assert page.locator(".careernb-prompt-text textarea").input_value().startswith("Hi Mei,")
    _picture(page, "prepare.png", ".careernb-prepare")
    page.close()


def test_where_are_you_now_saves_an_answer_and_the_version_underneath(conv_lab, conv_browser):
    url, store = conv_lab
    page = _open_and_run(conv_browser, url, "02-where-are-you-now.ipynb")
    page.locator(".careernb-conversation").wait_for(timeout=60_000)
    answer = 'Pairing on gnarly bugs, "no meetings" days,\nand mentoring 🚀'
    page.locator(".careernb-answer-now-best-work textarea").fill(answer)
    page.locator(".careernb-question-now-best-work .careernb-follow-up").click()
    page.locator(".careernb-underneath-now-best-work textarea").fill("Honestly, I'm bored of the on-call.")
    page.locator(".careernb-answer-now-energising textarea").fill("The billing rewrite.")
    _saved(page)
    time.sleep(1.5)  # the last field's pause
    saved = {
        a.question_id: a
        for a in store.load(Answer, "019")
        if a.updated and a.updated.date() == dt.date.today()
    }
    assert saved["now.best-work"].answer == answer
    assert saved["now.best-work"].underneath == "Honestly, I'm bored of the on-call."
    c = next(
        c
        for c in store.load(Conversation, "019")
        if c.conversation_id == saved["now.best-work"].conversation_id
    )
    assert c.held == dt.date.today()
    _picture(page, "now.png", ".careernb-conversation-page")
    page.close()


def test_where_do_you_want_to_go_accepts_not_sure_yet(conv_lab, conv_browser):
    url, store = conv_lab
    page = _open_and_run(conv_browser, url, "03-where-do-you-want-to-go.ipynb")
    _hold(page)
    page.locator(".careernb-direction button", has_text="not sure yet").click()
    page.locator(".careernb-not-sure").wait_for(state="visible")
    page.locator(".careernb-aspiration-drawn-to textarea").fill("Hard problems; helping people grow")
    _saved(page)
    time.sleep(1.5)
    today = [a for a in store.load(Aspiration, "034") if a.recorded == dt.date.today()]
    assert [(a.direction, a.drawn_to) for a in today] == [
        (Direction.NOT_SURE_YET, "Hard problems; helping people grow")
    ]
    _picture(page, "direction.png", ".careernb-checklists", "end")
    page.close()


def test_how_do_we_close_the_gap_shows_the_trust_gated_question_and_the_honest_script(conv_lab, conv_browser):
    url, store = conv_lab
    page = _open_and_run(conv_browser, url, "04-how-do-we-close-the-gap.ipynb")
    _hold(page)
    gated = page.locator(".careernb-question-honest-leave")
    assert not gated.is_visible()
    page.locator(".careernb-trust input").check()
    gated.wait_for(state="visible")
    page.locator(".careernb-fit-choice button", has_text="not here").click()
    page.locator(".careernb-honest-script").wait_for(state="visible")
    page.locator(".careernb-exploration-timeline textarea").fill("Two to three years, they think.")
    _saved(page)
    time.sleep(1.5)
    conversations = [c for c in store.load(Conversation, "023") if c.trust_gated_shown]
    assert conversations and conversations[0].trust_established
    fits = [f for f in store.load(FitAssessment, "023") if f.assessed == dt.date.today()]
    assert [(f.fit, f.timeline) for f in fits] == [(Fit.NOT_HERE, "Two to three years, they think.")]
    _picture(page, "gap.png", ".careernb-honest")
    page.close()
