"""A text field that keeps what is typed in the browser until the store has it.

The front end (``static/answer_field.js``) writes every keystroke to the
browser's ``localStorage`` under :attr:`AnswerField.keep_as` and removes that
copy only when Python reports, through :attr:`saved` and :attr:`saved_at`, that
the store wrote exactly that text. It pings the kernel while someone types; a
missing answer, or a kernel restart, shows "Not connected" at once. When a
field is built again (rerun, reload, a new kernel, Voilà), a copy that differs
from the store's is offered back with its time: one click puts it back, one
click discards it; the field stays read-only until then, so nothing is
overwritten silently in either direction.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import urllib.parse
from collections.abc import Callable, Sequence
from pathlib import Path

import anywidget
import traitlets as t

from careernb.views.kit.markup import LOCKED_TEXT

STATIC = Path(__file__).parent / "static"
NOT_CONNECTED = "Not connected — what you type is kept in this browser; run the notebook again to save it"


def notebook_name() -> str:
    """The notebook the kernel runs, as Jupyter Server or Voilà tell the kernel; else ''."""
    if os.environ.get("JPY_SESSION_NAME"):
        return os.environ["JPY_SESSION_NAME"]
    request = os.environ.get("VOILA_REQUEST_URL", "")
    return "voila:" + urllib.parse.urlsplit(request).path if request else ""


def keep_as(location: str, *parts: str, notebook: str | None = None) -> str:
    """The browser-storage key for one field: the store's location (data home or database), notebook,
    then person, conversation, question."""
    where = [location, notebook_name() if notebook is None else notebook, *parts]
    return "careernb:" + json.dumps(where, ensure_ascii=False)


def epoch_ms(when: dt.datetime | None) -> float:
    return 0.0 if when is None else when.timestamp() * 1000


class AnswerField(anywidget.AnyWidget):
    """A multi-line text field whose text survives a dead kernel, a closed tab and a rerun."""

    _esm = (STATIC / "answer_field.js").read_text(encoding="utf-8")
    _css = (STATIC / "answer_field.css").read_text(encoding="utf-8")

    value = t.Unicode("").tag(sync=True)
    placeholder = t.Unicode("").tag(sync=True)
    label = t.Unicode("").tag(sync=True)
    """What a screen reader announces for the field (the question)."""
    rows = t.Int(3).tag(sync=True)
    keep_as = t.Unicode("").tag(sync=True)
    """Where the browser keeps unsaved text; '' keeps nothing."""
    saved = t.Unicode("").tag(sync=True)
    """The text the store holds for this field, as last written or loaded."""
    saved_at = t.Float(0.0).tag(sync=True)
    """When the store wrote :attr:`saved` (ms since the epoch); changes on every confirmed write."""
    not_connected = t.Unicode(NOT_CONNECTED).tag(sync=True)
    locked = t.Bool(False).tag(sync=True)
    """The value is a private note read while locked: shown as locked, read-only (``kit.unlock``)."""
    locked_text = t.Unicode(LOCKED_TEXT).tag(sync=True)

    def __init__(
        self,
        value: str = "",
        *,
        keep_as: str = "",
        saved_at: dt.datetime | None = None,
        on_leave: Callable[[], None] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(value=value, saved=value, saved_at=epoch_ms(saved_at), keep_as=keep_as, **kwargs)
        self._on_leave = on_leave
        self.on_msg(self._message)

    def confirm(self, text: str, at: dt.datetime | None = None) -> None:
        """The store wrote ``text`` for this field: the browser may forget its copy of it."""
        self.saved = text
        self.saved_at = max(epoch_ms(at or dt.datetime.now()), self.saved_at + 1)

    def _message(self, _widget: object, content: dict, _buffers: Sequence[bytes]) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "ping":
            self.send({"type": "pong", "n": content.get("n")})
        elif kind == "leave" and self._on_leave is not None:
            self._on_leave()  # blur or page hidden: save now, not after the pause
