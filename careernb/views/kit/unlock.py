"""The unlock above every page of a data home whose private notes are sealed under a key.

One unlock per kernel: the passphrase is typed into a password field that is cleared the moment
its value reaches the kernel, and only the unlocked keyring is kept, in
:mod:`careernb.store.session` (never a widget's value, the environment, a log or an error
message). The page is then built again, its private notes opened.

Until then the page opens as it always does, with each private text read as ``Locked``: a text
field holding one is read-only and says it is locked (its stored cell, ciphertext, is what the
widget holds, so a save that does not touch it writes it back byte for byte), and the kit's HTML
(:func:`careernb.views.kit.markup.esc`) shows "locked" in its place.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import ipywidgets as w

from careernb.errors import CareernbError
from careernb.store import Store
from careernb.store.sealed_cells import is_locked
from careernb.views.kit import style
from careernb.views.kit.answer_field import AnswerField
from careernb.views.kit.markup import LOCKED_TEXT, css, esc

# Text fields holding a locked value hide the ciphertext they hold and say why they are read-only.
_STYLE = (
    "<style>.careernb-locked textarea,.careernb-locked input{color:transparent!important;"
    "text-shadow:none!important}.careernb-locked{position:relative}"
    ".careernb-locked:not(.careernb-answer-field)::after{"
    f"content:'{LOCKED_TEXT}';position:absolute;left:12px;bottom:6px;color:{style.GREY};"
    "font-style:italic;pointer-events:none}</style>"
)


def mark_locked(widget: w.Widget) -> None:
    """Follow a text field's value: read-only and marked while it holds a locked private text."""
    if not isinstance(widget, (w.Text, w.Textarea, AnswerField)) or isinstance(widget, w.Password):
        return

    def follow(change: dict | None = None) -> None:
        locked = is_locked(widget.value)
        was = "careernb-locked" in widget._dom_classes
        if locked == was:
            return
        if locked:
            widget.add_class("careernb-locked")
            widget._was_disabled = getattr(widget, "disabled", False)
        else:
            widget.remove_class("careernb-locked")
        if isinstance(widget, AnswerField):
            widget.locked = locked
        else:
            widget.disabled = locked or widget._was_disabled
            widget.tooltip = LOCKED_TEXT if locked else None

    widget.observe(follow, "value")
    follow()


_previous_hook: Callable[[w.Widget], None] | None = None


def follow_every_text_field() -> None:
    """Mark every text field built from now on in this kernel (once: later calls do nothing)."""
    global _previous_hook
    current = w.Widget._widget_construction_callback
    if current is _mark_new:
        return
    _previous_hook = current
    w.Widget.on_widget_constructed(_mark_new)


def _mark_new(widget: w.Widget) -> None:
    if _previous_hook is not None:
        _previous_hook(widget)
    mark_locked(widget)


class UnlockBar(w.VBox):
    """ "Your private notes are locked" with a passphrase field, or "unlocked" with a way to lock.

    ``on_change`` runs after each unlock and lock: the page builds itself again.
    """

    def __init__(self, store: Store, on_change: Callable[[], None]) -> None:
        from careernb.home import key_state

        super().__init__(layout=w.Layout(width="100%", margin="0 0 8px 0"))
        css(self, "careernb-unlock-bar")
        self.store = store
        self._on_change = on_change
        self.message = css(w.HTML(), "careernb-key-state")
        self.password = css(
            w.Password(
                placeholder="Your passphrase",
                description="Passphrase",
                continuous_update=False,  # the value reaches the kernel on Enter or on leaving the field
                layout=w.Layout(width="320px"),
            ),
            "careernb-passphrase",
        )
        self.unlock_button = css(w.Button(description="Unlock", button_style="primary"), "careernb-unlock")
        self.lock_button = css(w.Button(description="Lock"), "careernb-lock")
        self.problem = css(w.HTML(), "careernb-unlock-problem")
        self.password.observe(self._typed, "value")
        self.unlock_button.on_click(lambda _: self._typed({"new": self.password.value}))
        self.lock_button.on_click(self._lock)
        self.style_html = w.HTML(_STYLE, layout=w.Layout(height="0px", overflow="hidden"))
        self.show(key_state(store).unlocked)

    def show(self, unlocked: bool) -> None:
        if unlocked:
            self.message.value = (
                f'<span style="color:{style.GREEN}">Your private notes are unlocked in this kernel.</span>'
            )
            row = [self.message, self.lock_button]
        else:
            self.message.value = (
                f'<span style="color:{style.AMBER}"><b>Your private notes are locked.</b> Type your '
                "passphrase to read and write them here; everything else works as it is.</span>"
            )
            row = [self.message, w.HBox([self.password, self.unlock_button]), self.problem]
        self.children = [self.style_html, *row]

    def _typed(self, change: dict) -> None:
        passphrase = change["new"]
        if not passphrase:
            return
        self.password.value = ""  # cleared at once: the field never holds the passphrase longer
        from careernb.home import unlock

        self.problem.value = ""
        try:
            unlock(passphrase, self.store)
        except CareernbError as exc:  # its message never carries the passphrase
            self.problem.value = f'<span style="color:{style.RED}">{esc(str(exc))}</span>'
            return
        self._on_change()  # the page rebuilt first: "unlocked" is said once what shows is opened
        self.show(True)

    def _lock(self, _button: object = None) -> None:
        from careernb.home import lock

        lock()
        self._on_change()
        self.show(False)


class KeyedPage(w.VBox):
    """A page of a data home with a key: the unlock bar above the page, the page rebuilt after it."""

    def __init__(self, store: Store, build: Callable[[], w.Widget]) -> None:
        super().__init__(layout=w.Layout(width="100%"))
        css(self, "careernb-keyed-page")
        self._build = build
        self.bar = UnlockBar(store, self.rebuild)
        self.panel = build()
        self.children = [self.bar, self.panel]

    def rebuild(self) -> None:
        from careernb.views.kit.autosave import flush_all

        flush_all()  # what was typed before is saved first: locked cells are written back as they were
        old, self.panel = self.panel, self._build()
        self.children = [self.bar, self.panel]
        old.close()


def with_unlock(home: str | os.PathLike[str] | None, build: Callable[[], w.Widget]) -> w.Widget:
    """The page ``build`` makes, with the unlock bar above it when its home has a key."""
    from careernb.home import key_state, open_store

    try:
        store = open_store(home, create=False)
        keyed = key_state(store).has_key
    except CareernbError:  # no data home yet: the page says so itself
        return build()
    if not keyed:
        return build()
    follow_every_text_field()
    return KeyedPage(store, build)
