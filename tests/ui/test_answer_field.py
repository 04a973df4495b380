"""The answer field tells the browser it may forget its copy only after the store wrote it."""

import json

import pytest

from careernb import open_store
from careernb.views.kit.answer_field import NOT_CONNECTED, STATIC, AnswerField, keep_as
from tests.ui.test_conversation import answer_in_store, card, started


def test_the_browser_copy_is_released_only_after_the_store_wrote_that_text(demo):
    _, panel = started(demo)
    field = card(panel, "now.best-work").answer
    before = field.saved_at
    field.value = 'He said "soon",\nand 🚀'
    assert field.saved == ""  # typed, held in kernel memory only: not confirmed
    assert field.saved_at == before
    panel.flush()
    assert answer_in_store(demo, panel, "now.best-work").answer == 'He said "soon",\nand 🚀'
    assert field.saved == 'He said "soon",\nand 🚀'
    assert field.saved_at > before


def test_a_failed_write_confirms_nothing(demo, monkeypatch):
    _, panel = started(demo)
    field = card(panel, "now.best-work").answer
    panel.flush()
    confirmed = (field.saved, field.saved_at)

    def broken(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(demo, "save", broken)
    monkeypatch.setattr(demo, "update", broken)  # an answer is written over what the page read
    field.value = "not written"
    panel.flush()
    assert "disk full" in panel.errors.value
    assert (field.saved, field.saved_at) == confirmed


def test_saving_the_same_text_again_still_confirms(demo):
    """The browser may hold a copy typed and typed back: a new write must reach it too."""
    _, panel = started(demo)
    field = card(panel, "now.best-work").answer
    field.value = "same"
    panel.flush()
    first = field.saved_at
    field.value = "same!"
    field.value = "same"
    panel.flush()
    assert field.saved == "same" and field.saved_at > first


def test_the_browser_copy_is_keyed_by_home_notebook_person_conversation_and_question(demo, monkeypatch):
    monkeypatch.setenv("JPY_SESSION_NAME", "/x/02-where-are-you-now.ipynb")
    _, panel = started(demo)
    key = card(panel, "now.best-work").underneath.keep_as
    assert key.startswith("careernb:")
    assert json.loads(key.removeprefix("careernb:")) == [
        str(demo.home.resolve()),
        "/x/02-where-are-you-now.ipynb",
        "007",
        panel.controller.conversation_id,
        "now.best-work",
        "underneath",
    ]
    monkeypatch.delenv("JPY_SESSION_NAME")
    monkeypatch.setenv("VOILA_REQUEST_URL", "http://127.0.0.1:8866/voila/render/a.ipynb?x=1")
    assert json.loads(keep_as("/h", "p").removeprefix("careernb:"))[1] == "voila:/voila/render/a.ipynb"


def test_a_ping_is_answered_and_leaving_the_field_saves_now(demo):
    _, panel = started(demo, delay=60)  # a long pause: only leaving can save in this test
    field = card(panel, "now.best-work").answer
    sent = []
    field.send = sent.append
    field._message(field, {"type": "ping", "n": 7}, [])
    assert sent == [{"type": "pong", "n": 7}]
    field.value = "typed, then the manager clicked elsewhere"
    assert answer_in_store(demo, panel, "now.best-work") is None
    field._message(field, {"type": "leave"}, [])
    assert answer_in_store(demo, panel, "now.best-work").answer == "typed, then the manager clicked elsewhere"
    assert field.saved == "typed, then the manager clicked elsewhere"


@pytest.mark.parametrize("name", ["answer_field.js", "answer_field.css"])
def test_the_front_end_ships_inside_the_package(name):
    assert (STATIC / name).is_file()
    assert AnswerField._esm.startswith("//") and "localStorage" in AnswerField._esm
    assert NOT_CONNECTED in AnswerField().not_connected


def test_a_field_is_kept_under_the_stores_location_so_two_homes_never_share_a_key(tmp_path):
    one, two = open_store(tmp_path / "one"), open_store(tmp_path / "two")
    assert one.location == str((tmp_path / "one").resolve())
    assert keep_as(one.location, "007", "c", "q") != keep_as(two.location, "007", "c", "q")
