"""Pieces every widget panel shares: saving as you type, visible errors, picking a person.

Panels follow model / view / controller: a traitlets model without widgets,
a view built of ipywidgets linked to it, and a controller that saves through
the store. Errors in callbacks are shown in an ``Output`` widget, never
swallowed; validation fills a visible list instead of raising.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import html
import threading
import traceback
from collections.abc import Callable
from typing import Any

import ipywidgets as w
import traitlets as t

from careernb.domain.people import team
from careernb.errors import CareernbError
from careernb.store import Store
from careernb.views import style
from careernb.views.fragments import fragment

AUTOSAVE_SECONDS = 1.0


def problems_html(problems: list[str]) -> str:
    """What must be fixed before something can be saved, one line each, in red."""
    return fragment("problems", problems=problems)


def esc(text: object) -> str:
    """HTML-escape anything a person typed before it goes into an HTML widget."""
    return html.escape("" if text is None else str(text), quote=True)


def css(widget: w.DOMWidget, *names: str) -> w.DOMWidget:
    """Give a widget stable ``careernb-...`` classes for people and browser tests."""
    for name in names:
        widget.add_class(name if name.startswith("careernb-") else f"careernb-{name}")
    return widget


class ErrorPanel(w.HTML):
    """Where a callback's error lands, visibly, instead of vanishing into the log."""

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
            f'<div class="careernb-error" style="color:{style.RED}">{esc(m)}</div>' for m in self.messages
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


class Debouncer:
    """Run ``action`` once typing has paused for ``delay`` seconds.

    A burst of calls saves once; ``flush()`` saves now (on close, in tests).
    The wait never exceeds ``max_wait``, so steady typing still saves.
    """

    def __init__(
        self,
        action: Callable[[], None],
        delay: float = AUTOSAVE_SECONDS,
        max_wait: float | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self._action = action
        self._delay = delay
        self._max_wait = max_wait if max_wait is not None else 2 * delay
        self._on_error = on_error
        self._lock = threading.RLock()
        self._timer: threading.Timer | None = None
        self._first_call: float | None = None

    @property
    def pending(self) -> bool:
        return self._timer is not None

    def __call__(self) -> None:
        import time

        with self._lock:
            now = time.monotonic()
            if self._first_call is None:
                self._first_call = now
            wait = min(self._delay, max(0.0, self._first_call + self._max_wait - now))
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(wait, self.flush)
            self._timer.daemon = True
            self._timer.start()

    def flush(self) -> None:
        with self._lock:  # re-entrant: cancel() takes it again
            self.cancel()
            try:
                self._action()
            except Exception as exc:
                if self._on_error is None:
                    raise
                self._on_error(exc)

    def cancel(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = None
            self._first_call = None


class RecordModel(t.HasTraits):
    """One record made in a conversation, as traits: each trait is the record's field of that name.

    The traits start from the saved record, if there is one; :meth:`kept` writes them back into it.
    """

    def __init__(
        self, person_id: str, conversation_id: str | None, saved: Any, day: dt.date | None = None
    ) -> None:
        super().__init__()
        self.person_id = person_id
        self.conversation_id = conversation_id
        self.saved = saved
        self.day = day
        if saved is not None:
            for name in self.trait_names():
                setattr(self, name, getattr(saved, name))

    def kept(self, new: Callable[..., Any], **also: Any) -> Any:
        """The saved record with the traits' values and ``also``; the first time, ``new(**values)``."""
        values = {**{name: getattr(self, name) for name in self.trait_names()}, **also}
        self.saved = new(**values) if self.saved is None else dataclasses.replace(self.saved, **values)
        return self.saved


class SaveStatus(w.HTML):
    """'Saving...' while a save is pending, then 'Saved at 14:03:21'."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        css(self, "careernb-save-status")
        self.state = "idle"

    def pending(self) -> None:
        self.state = "pending"
        self.value = f'<span style="color:{style.PENDING}">Saving…</span>'

    def saved(self, at: dt.datetime | None = None) -> None:
        self.state = "saved"
        at = at or dt.datetime.now()
        self.value = f'<span style="color:{style.GREEN}">Saved at {at:%H:%M:%S}</span>'

    def failed(self) -> None:
        self.state = "failed"
        self.value = f'<span style="color:{style.RED}">Not saved — see the message below</span>'


def person_picker(store: Store, person_id: str | None = None, manager_id: str | None = None) -> w.Dropdown:
    """A dropdown of the team, preselected when a person is given.

    Without one, it opens on the person last chosen on the team dashboard.
    """
    people = team(store, manager_id)
    options = [(f"{p.name} — {p.role}" if p.role else p.name, p.person_id) for p in people]
    from careernb.views.navigation import in_app

    if person_id is None and not in_app():  # the app carries the person in each page's address
        from careernb.domain.current import chosen

        person_id = chosen(store)
    picker = w.Dropdown(
        options=[("Choose a person…", None), *options],
        value=person_id if person_id in {v for _, v in options} else None,
        description="Person",
    )
    return css(picker, "careernb-person")


_warned: set[str] = set()


def open_for_notebook(home: Any = None, *, create: bool = True) -> Store:
    """The data home a notebook works in; says so, once, if others can read it."""
    from IPython.display import HTML, display

    from careernb.home import loose_permissions, open_store

    store = open_store(home, create=create)
    if store.home is None:  # an organisation's database: no folder to check
        return store
    key = str(store.home)
    if key not in _warned:
        _warned.add(key)
        problems = loose_permissions(store.home)
        if problems:
            fixes = "".join(f"<li><code>{esc(fix)}</code></li>" for _, fix in problems[:5])
            more = f"<li>... and {len(problems) - 5} more</li>" if len(problems) > 5 else ""
            display(
                HTML(
                    f'<div class="careernb-permissions" style="border-left:4px solid {style.RED};'
                    f'padding:6px 10px;background:{style.ALERT_BG}">'
                    f"<b>Other users on this machine can read your career-conversation notes</b> in "
                    f"<code>{esc(key)}</code>. To fix it, run:<ul>{fixes}{more}</ul></div>"
                )
            )
    return store
