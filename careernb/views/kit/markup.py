"""HTML for a widget: escape what a person typed, and give widgets classes people and tests can find."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, TypeVar

from careernb.documents.shown import shown
from careernb.store.sealed_cells import is_locked

if TYPE_CHECKING:
    import ipywidgets as w

    W = TypeVar("W", bound=w.DOMWidget)
else:
    W = TypeVar("W")


LOCKED_TEXT = "Locked: unlock to read"
"""What a private note shows in place of its text while the session is locked."""


def esc(text: object) -> str:
    """HTML-escape anything a person typed before it goes into an HTML widget; a private note read
    while locked shows as locked, never as the sealed cell it holds."""
    if is_locked(text):
        return f'<i class="careernb-locked-text">{LOCKED_TEXT}</i>'
    return html.escape(shown("" if text is None else str(text)), quote=True)


def srcdoc(document: str) -> str:
    """A whole HTML document careernb made, escaped to stand in an iframe's ``srcdoc``: as it is,
    not as typed text (an isolate before its doctype would put the frame in quirks mode)."""
    return html.escape(document, quote=True)


def labelled(widget: W, label: str) -> W:
    """Give a control a label that screen readers read but the eye does not need: its row already
    says what it is (the kit's stylesheet hides it; without the stylesheet it shows)."""
    widget.description = label
    return css(widget, "careernb-label-hidden")


def about(widget: W, what: str) -> W:
    """Let a visible label, one of many alike on a page ("Outcome", "Note"), say to a screen reader
    what it is about; the eye reads that from its row (the kit's stylesheet hides the words)."""
    # A dash, not a colon: the hidden words stand apart, and chromium reads a space before them.
    widget.description = f'{esc(widget.description)}<span class="careernb-sr-only">— {esc(what)}</span>'
    widget.description_allow_html = True
    return widget


def css(widget: W, *names: str) -> W:
    """Give a widget stable ``careernb-...`` classes for people and browser tests."""
    for name in names:
        widget.add_class(name if name.startswith("careernb-") else f"careernb-{name}")
    return widget
