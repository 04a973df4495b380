"""What a notebook's parameters cell becomes: the data home it works in, and the day it sees."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
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

    def __init__(self, pinned: dt.date | str | None = None, *, clock: Callable[[], dt.date] | None = None):
        """``pinned``: a notebook's ``today`` parameter, a date or ``YYYY-MM-DD``; None or "" for none."""
        self._clock = clock if clock is not None else computers_day
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


def computers_day() -> dt.date:
    """The day on this computer's clock, as a page without a pinned day reads it."""
    return dt.date.today()


def in_a_kernel() -> bool:
    """True where pages are shown: a Jupyter kernel (JupyterLab, the app, papermill, the hub)."""
    from IPython import get_ipython

    return getattr(get_ipython(), "kernel", None) is not None


NEW_DAY_CHECK = 60.0
"""Seconds between two looks at the clock by a page that waits for the day to turn."""


class DayWatch:
    """A page's watch on the day it was drawn on; see :func:`when_the_day_turns`."""

    def __init__(
        self,
        today: Today,
        loop: asyncio.AbstractEventLoop,
        say: Callable[[dt.date, dt.date], None],
        unsay: Callable[[], None] | None,
    ) -> None:
        self._today = today
        self._loop = loop
        self._say = say
        self._unsay = unsay
        self.drawn = today()
        self.said = False
        self._loop.call_later(NEW_DAY_CHECK, self._look)

    def _look(self) -> None:
        now = self._today()
        if now == self.drawn:
            self._loop.call_later(NEW_DAY_CHECK, self._look)
            return
        self.said = True  # told once: asking again a minute later would say the same
        self._tell(self._say, self.drawn, now)

    def drawn_again(self, day: dt.date) -> None:
        """The page read everything it shows again, on ``day`` (its Refresh): what was said is
        withdrawn, and the watch goes on from that day."""
        if not self.said:
            self.drawn = day
            return
        self.said, self.drawn = False, day
        if self._unsay is not None:
            self._tell(self._unsay)
        self._loop.call_later(NEW_DAY_CHECK, self._look)

    @staticmethod
    def _tell(then: Callable[..., None], *days: dt.date) -> None:
        try:
            then(*days)
        except Exception:  # a page that cannot say so still records on the new day
            logging.getLogger(__name__).exception("could not say that the day has turned")


def when_the_day_turns(
    today: Today,
    say: Callable[[dt.date, dt.date], None],
    unsay: Callable[[], None] | None = None,
) -> DayWatch | None:
    """Call ``say(drawn, now)`` once, when the day is no longer the one the page was drawn on;
    ``unsay()`` when the page reads everything again on the new day (``DayWatch.drawn_again``).

    Watched on the kernel's running loop while it is idle; None, watching nothing, for a pinned
    day (it never turns) or outside a kernel (a script, a test: a loop there is someone else's).
    The clock is looked at every minute rather than timed to midnight: a laptop asleep overnight
    stops the loop's own clock.
    """
    if today.pinned is not None or not in_a_kernel():
        return None
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    return DayWatch(today, loop, say, unsay)


def new_day_html(drawn: dt.date, now: dt.date, *, app: bool, refreshes: bool = False) -> str:
    """What a page left open past midnight says: what it shows was worked out the day it opened.

    ``refreshes``: the page's Refresh reads all it shows again, so that is the way to today."""
    from careernb.domain.dates import human_date

    again = "Press Refresh" if refreshes else "Reload the page" if app else "Run its cell again"
    read = "last read your team" if refreshes else "was opened"
    return (
        f'<p class="careernb-new-day" role="status" style="{style.notice(style.AMBER, style.NOTE_BG)}">'
        f"This page {read} on {esc(human_date(drawn))}; it is now {esc(human_date(now))}. "
        f"{again} to see what is late, due or coming as of today; what you record now is dated "
        f"{esc(human_date(now))}.</p>"
    )


class Refreshes(traitlets.HasTraits):
    """A page whose Refresh reads everything it shows again, as of the day it is then."""

    drawn_on = traitlets.Instance(dt.date, allow_none=True)
    """The day the page last read what it shows on."""


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
    return panel(open_for_notebook(home, create=False), Today.of(today))
