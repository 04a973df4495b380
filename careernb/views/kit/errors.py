"""Where a callback's error lands: on the page, visibly, instead of vanishing into the log.

Errors in callbacks are shown, never swallowed; validation fills a visible list
(:func:`~careernb.views.kit.fragments.problems_html`) instead of raising.
"""

from __future__ import annotations

import functools
import traceback
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from careernb.errors import CareernbError
from careernb.views.kit import style
from careernb.views.kit.markup import css, esc


class ErrorPanel(w.HTML):
    """The errors of a panel's callbacks, one line each, in red."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        css(self, "careernb-errors")
        self.messages: list[str] = []

    def show(self, exc: BaseException) -> None:
        if isinstance(exc, CareernbError):
            text = str(exc)
        else:
            text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        self.messages.append(text)
        self._render()

    def clear(self) -> None:
        self.messages.clear()
        self._render()

    def _render(self) -> None:
        self.value = "".join(
            f'<div class="careernb-error" role="alert" style="color:{style.RED}">{esc(m)}</div>'
            for m in self.messages  # read out the moment it appears
        )

    def guard(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        """Wrap a callback so that its errors are shown here."""

        @functools.wraps(fn)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except Exception as exc:
                self.show(exc)
                return None

        return wrapped
