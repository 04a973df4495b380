"""The unlock above every page of a sealed data home: every page opens locked and says so, one
passphrase typed into a field cleared at once unlocks the kernel, and the passphrase is kept in
no widget, no message and no environment variable."""

from __future__ import annotations

import os

import ipywidgets as w
import pytest
from ipywidgets.widgets.widget import _instances

from careernb.domain.conversations import Answer
from careernb.home import key_state, lock
from careernb.store import session
from careernb.store.sealing import is_locked, is_sealed
from careernb.views import navigation
from careernb.views.kit.answer_field import AnswerField
from careernb.views.kit.autosave import flush_all
from careernb.views.kit.markup import LOCKED_TEXT, esc
from careernb.views.kit.unlock import KeyedPage, UnlockBar
from careernb.views.navigation import page
from careernb.views.pages import PAGES
from tests.conftest import TODAY
from tests.keyed import PASSPHRASE, seal

PERSON = "007"


@pytest.fixture
def sealed(demo):
    """The demo team sealed under a key, in a locked kernel; locked again after the test."""
    seal(demo)
    lock()
    yield demo
    session.lock()


@pytest.fixture(params=["lab", "app"])
def visit(request, monkeypatch, sealed):
    """A page as JupyterLab's notebook or ``careernb app`` builds it."""
    if request.param == "app":
        monkeypatch.setenv(navigation.APP_ENV, "1")
        monkeypatch.setenv("CAREERNB_HOME", str(sealed.home))
        monkeypatch.setenv("QUERY_STRING", f"person={PERSON}")
    else:
        monkeypatch.delenv(navigation.APP_ENV, raising=False)

    def build(address: str, conversation_id: str | None = None) -> w.Widget:
        return page(
            address,
            person_id=PERSON,
            home=str(sealed.home),
            today=TODAY.isoformat(),
            conversation_id=conversation_id,
        )

    return build


def _answered(store) -> str:
    """The conversation of PERSON with the most answers."""
    counts: dict[str, int] = {}
    for a in store.load(Answer, PERSON):
        counts[a.conversation_id] = counts.get(a.conversation_id, 0) + bool(a.answer)
    return max(counts, key=counts.__getitem__)


def _tree(widget: w.Widget) -> list[w.Widget]:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += _tree(child)
    for name in ("panel", "holder"):  # parts a page keeps aside from its children while hidden
        part = getattr(widget, name, None)
        if isinstance(part, w.Widget) and part not in found:
            found += _tree(part)
    return found


def _text_fields(root: w.Widget) -> list[w.Widget]:
    return [
        x
        for x in _tree(root)
        if isinstance(x, (w.Text, w.Textarea, AnswerField)) and not isinstance(x, w.Password)
    ]


def _unlock_bar(root: w.Widget) -> UnlockBar:
    (bar,) = [x for x in _tree(root) if isinstance(x, UnlockBar)]
    return bar


@pytest.mark.parametrize("address", [p.address for p in PAGES])
def test_a_locked_kernel_opens_every_page_under_the_unlock_and_shows_no_sealed_cell(visit, address):
    shown = visit(address)
    assert isinstance(shown, KeyedPage) and not key_state(shown.bar.store).unlocked
    assert "locked" in shown.bar.message.value
    html = [x.value for x in _tree(shown) if isinstance(x, w.HTML) and x is not shown.bar.style_html]
    assert [h for h in html if "enc:v1:" in h] == []
    for field in _text_fields(shown):
        if is_sealed(str(field.value)):
            assert is_locked(field.value) and "careernb-locked" in field._dom_classes
            assert field.locked if isinstance(field, AnswerField) else field.disabled


def test_a_conversation_page_marks_its_sealed_answers_locked_and_read_only(visit, sealed):
    shown = visit("now", _answered(sealed))
    locked = [f for f in _text_fields(shown) if is_locked(f.value)]
    assert locked
    assert all("careernb-locked" in f._dom_classes for f in locked)


@pytest.mark.parametrize("address", ["team", "prepare", "now", "review"])
def test_one_passphrase_typed_unlocks_the_kernel_clears_the_field_and_builds_the_page_opened(visit, address):
    shown = visit(address)
    before = shown.panel
    shown.bar.password.value = PASSPHRASE  # what the browser sends on Enter
    assert shown.bar.password.value == ""
    assert key_state(shown.bar.store).unlocked and shown.panel is not before
    assert [f for f in _text_fields(shown) if is_locked(f.value) or is_sealed(str(f.value))] == []
    assert "unlocked" in shown.bar.message.value
    kept = [x for x in list(_instances.values()) for k in x.keys if PASSPHRASE in str(getattr(x, k, ""))]
    assert kept == []
    assert [k for k, v in os.environ.items() if PASSPHRASE in v] == []


def test_an_answer_read_locked_shows_its_text_once_the_page_is_unlocked(visit, sealed):
    shown = visit("now", _answered(sealed))
    shown.bar.password.value = PASSPHRASE
    texts = {str(f.value) for f in _text_fields(shown)}
    answers = {a.answer for a in sealed.load(Answer, PERSON) if a.answer}
    assert texts & answers


def test_a_wrong_passphrase_says_so_unlocks_nothing_and_is_not_in_the_message(visit):
    shown = visit("prepare")
    shown.bar.password.value = "not my passphrase at all"
    assert shown.bar.password.value == ""
    assert not key_state(shown.bar.store).unlocked
    assert "does not unlock" in shown.bar.problem.value
    assert "not my passphrase" not in shown.bar.problem.value + shown.bar.message.value


def test_the_unlock_button_takes_the_field_as_enter_does(visit):
    shown = visit("team")
    shown.bar.password.set_trait("value", PASSPHRASE)
    shown.bar.unlock_button.click()
    assert key_state(shown.bar.store).unlocked and shown.bar.password.value == ""


def test_lock_forgets_the_key_and_shows_the_page_locked_again(visit, sealed):
    shown = visit("now", _answered(sealed))
    shown.bar.password.value = PASSPHRASE
    shown.bar.lock_button.click()
    assert not key_state(shown.bar.store).unlocked
    assert [f for f in _text_fields(shown) if is_locked(f.value)]


def test_a_share_ticked_on_a_locked_page_keeps_every_sealed_cell_byte_for_byte(visit, sealed):
    answers = sealed.home / "people" / PERSON / "answers.csv"
    before = answers.read_bytes()
    shown = visit("now", _answered(sealed))
    boxes = [x for x in _tree(shown) if isinstance(x, w.Checkbox) and "careernb-share" in x._dom_classes]
    assert len(boxes) > 1
    for box in boxes:
        box.value = not box.value
    flush_all()
    after = answers.read_bytes()
    assert after != before  # the flags changed
    assert _sealed_cells(after) == _sealed_cells(before)


def _sealed_cells(raw: bytes) -> list[str]:
    import csv
    import io

    return [c for row in csv.reader(io.StringIO(raw.decode())) for c in row if is_sealed(c)]


def test_a_page_of_a_home_without_a_key_has_no_unlock(monkeypatch, demo):
    monkeypatch.delenv(navigation.APP_ENV, raising=False)
    shown = page("prepare", person_id=PERSON, home=str(demo.home), today=TODAY.isoformat())
    assert not isinstance(shown, KeyedPage) and not [x for x in _tree(shown) if isinstance(x, UnlockBar)]


def test_the_kits_html_shows_a_locked_note_as_locked_never_as_its_sealed_cell(sealed):
    note = sealed.load(Answer, PERSON)[0].answer
    assert is_locked(note) and esc(note) == f'<i class="careernb-locked-text">{LOCKED_TEXT}</i>'
    assert esc("<b>typed</b>") == "&lt;b&gt;typed&lt;/b&gt;"
