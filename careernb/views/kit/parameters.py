"""What a notebook's parameters cell becomes: the data home it works in, and the day it sees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

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


def today_of(value: dt.date | str | None) -> dt.date:
    """A notebook's ``today`` parameter: a date, ``YYYY-MM-DD``, or None for the real today."""
    if value is None or value == "":
        return dt.date.today()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise CareernbError(
            f"today={value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-26"
        ) from None


def for_the_team(panel: Callable[[Store, dt.date], P], home: str | None, today: dt.date | str | None) -> P:
    """A page about the whole team for a notebook: its panel over the data home, on the day."""
    return panel(open_for_notebook(home, create=False), today_of(today))
