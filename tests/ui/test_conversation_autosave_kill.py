"""Autosave survives a killed process: type, pause past the debounce, SIGKILL, reopen."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from careernb.domain.conversations import Conversation, ConversationKind
from careernb.views.pages.conversation import where_are_you_now
from tests.conftest import TODAY

pytestmark = pytest.mark.slow

TEXT = 'First, "quoted" words,\nthen a second line — with émoji 🚀\n\n  and spaces  '
UNDERNEATH = "The real one: I'm thinking of leaving, honestly."

# Types like a person: one character at a time, then waits, says so, and sleeps until killed.
TYPIST = textwrap.dedent(
    """
    import datetime as dt, sys, time
    from careernb import open_store
    from careernb.views.pages.conversation import where_are_you_now

    home, cid, text_file, under_file, extra = sys.argv[1:6]
    text = open(text_file, encoding="utf-8").read()
    under = open(under_file, encoding="utf-8").read()
    page = where_are_you_now("007", store=open_store(home), conversation_id=cid, today=dt.date(2026, 11, 26))
    panel = page.panel.panel
    openers = panel.body.children[0].children[2].children[1].children
    card = next(c for c in openers if c.model.question.question_id == "now.best-work")
    for i in range(len(text)):
        card.answer.value = text[: i + 1]
        time.sleep(0.005)
    card.ask_underneath.click()
    card.underneath.value = under
    time.sleep({pause})
    if extra:
        card.answer.value = text + extra  # typed in the last moment before the kill
    print("typed", flush=True)
    time.sleep(600)
    """
)


def _typist(demo, tmp_path, *, pause: float, extra: str = "") -> subprocess.Popen:
    demo.save(Conversation("c-kill", "007", ConversationKind.NOW, held=TODAY))
    (tmp_path / "text.txt").write_text(TEXT, encoding="utf-8", newline="")
    (tmp_path / "under.txt").write_text(UNDERNEATH, encoding="utf-8", newline="")
    script = tmp_path / "typist.py"
    script.write_text(TYPIST.format(pause=pause), encoding="utf-8")
    args = [str(demo.home), "c-kill", str(tmp_path / "text.txt"), str(tmp_path / "under.txt"), extra]
    return subprocess.Popen(
        [sys.executable, str(script), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _kill_when_typed(proc: subprocess.Popen, after: float) -> None:
    with proc:
        line = proc.stdout.readline()
        if line.strip() != "typed":
            proc.kill()
            raise AssertionError(f"the typist did not get to type: {line!r} {proc.stderr.read()}")
        time.sleep(after)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL


def _reopened(demo):
    demo.check()  # every file still loads: nothing half-written
    page = where_are_you_now("007", store=demo, conversation_id="c-kill", today=TODAY).panel
    return next(
        c
        for c in page.panel.body.children[0].children[2].children[1].children
        if c.model.question.question_id == "now.best-work"
    )


def test_when_the_process_is_killed_after_the_pause_then_reopening_shows_everything_typed(demo, tmp_path):
    proc = _typist(demo, tmp_path, pause=0.0)
    _kill_when_typed(proc, after=2.5)  # past the one-second debounce
    card = _reopened(demo)
    assert card.answer.value == TEXT
    assert card.underneath.value == UNDERNEATH
    assert card.underneath_box.layout.display is None


def test_when_killed_within_the_last_second_then_at_most_that_second_is_lost(demo, tmp_path):
    proc = _typist(demo, tmp_path, pause=2.5, extra=" and more")
    _kill_when_typed(proc, after=0.0)
    card = _reopened(demo)
    assert card.answer.value in (TEXT, TEXT + " and more")
    assert card.underneath.value == UNDERNEATH


def test_when_the_kernel_is_killed_then_reopening_shows_everything_typed(demo):
    from jupyter_client.manager import start_new_kernel

    demo.save(Conversation("c-kill", "007", ConversationKind.NOW, held=TODAY))
    km, kc = start_new_kernel(kernel_name="python3", startup_timeout=60)
    try:
        code = textwrap.dedent(
            f"""
            import datetime as dt, time
            from careernb import open_store
            from careernb.views.pages.conversation import where_are_you_now
            page = where_are_you_now("007", store=open_store({str(demo.home)!r}), conversation_id="c-kill",
                                     today=dt.date(2026, 11, 26))
            panel = page.panel.panel
            card = next(c for c in panel.body.children[0].children[2].children[1].children
                        if c.model.question.question_id == "now.best-work")
            for i in range(len({TEXT!r})):
                card.answer.value = {TEXT!r}[: i + 1]
            """
        )
        reply = kc.execute_interactive(code, timeout=60)
        assert reply["content"]["status"] == "ok", reply["content"]
        time.sleep(2.5)
        km.signal_kernel(signal.SIGKILL)
        deadline = time.monotonic() + 10
        while km.is_alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not km.is_alive()
    finally:
        kc.stop_channels()
        km.cleanup_resources()
    assert _reopened(demo).answer.value == TEXT
    saved = next(c for c in demo.load(Conversation, "007") if c.conversation_id == "c-kill")
    assert saved.held == TODAY
