"""What a notebook's parameters cell becomes: the data home it works in, and the day it sees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import traitlets

from careernb.errors import CareernbError
from careernb.store import Store
from careernb.views.kit import style
from careernb.views.kit.markup import esc

_warned: set[str] = set()
P = TypeVar("P")


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


class Today:
    """The day a page records on: the day a notebook pinned (tests, papermill, the demo), or the
    computer's day each time it is asked, so a page left open past midnight records the new day."""

    def __init__(self, pinned: dt.date | str | None = None, *, clock: Callable[[], dt.date] = dt.date.today):
        """``pinned``: a notebook's ``today`` parameter, a date or ``YYYY-MM-DD``; None or "" for none."""
        self._clock = clock
        self.pinned: dt.date | None = None
        if isinstance(pinned, dt.date):
            self.pinned = pinned
        elif pinned:
            self.pinned = self._parsed(pinned)

    @staticmethod
    def _parsed(pinned: str) -> dt.date:
        try:
            return dt.date.fromisoformat(str(pinned))
        except ValueError:
            raise CareernbError(
                f"today={pinned!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-26"
            ) from None

    @classmethod
    def of(cls, today: Today | dt.date | str | None) -> Today:
        """A page's ``today`` argument as a clock: a clock as it is, a date pinned, None the real day."""
        return today if isinstance(today, Today) else cls(today)

    def __call__(self) -> dt.date:
        return self.pinned if self.pinned is not None else self._clock()

    def __repr__(self) -> str:
        return f"Today({self.pinned!r})" if self.pinned is not None else "Today(the computer's day)"


class OnTheDay:
    """A page's panel, model or controller: its ``today`` is its clock's, read at each asking."""

    _today: Today

    @property
    def today(self) -> dt.date:
        return self._today()


class ModelOnTheDay(OnTheDay, traitlets.HasTraits):
    """A page's model that records on the day it is."""

    def __init__(self, today: Today | dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._today = Today.of(today)


def for_the_team(panel: Callable[[Store, Today], P], home: str | None, today: dt.date | str | None) -> P:
    """A page about the whole team for a notebook: its panel over the data home, on the day."""
    return panel(open_for_notebook(home, create=False), Today(today))
