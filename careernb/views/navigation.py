"""The app's frame around every page: the navigation bar, and the address kept in step with the
person chosen on the page.

A notebook's one call is :func:`page`: in JupyterLab it shows the page's panel alone, for the
person its parameters cell names; in ``careernb app`` it reads the person (and the conversation)
from the page's address (:mod:`careernb.views.kit.address`) and puts the bar above the panel.
The pages are those of :data:`careernb.views.pages.PAGES`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import importlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

import ipywidgets as w

from careernb.domain.people import Person
from careernb.errors import CareernbError, DataHomeError, StoreFormatError
from careernb.store import Store
from careernb.views.kit import style
from careernb.views.kit.address import APP_ENV, Address, Page, PageWithConversation, from_query, in_app
from careernb.views.kit.markup import css, esc
from careernb.views.pages import BY_ADDRESS, HOME, PAGES

if TYPE_CHECKING:
    from careernb.views.kit.parameters import Today

# `careernb app` (cli/app_server.py) takes from here the variable it sets, where it opens, its pages.
__all__ = ["APP_ENV", "HOME", "PAGES", "NavigationBar", "address_script", "bar_html", "page"]


def bar_html(here: Address, person: Person | None) -> str:
    """The navigation bar: every page by name, this one marked, the person named and carried."""
    links = []
    for page in PAGES:
        target = Address(page, here.person_id if page.for_person else None)
        current = ' aria-current="page"' if page is here.page else ""
        here_look = f"font-weight:700;color:{style.HERE};text-decoration:none"
        look = here_look if current else f"color:{style.LINK}"
        # Each name stays whole: the bar wraps between them, never inside one.
        links.append(
            f'<li style="display:inline-block;white-space:nowrap;margin-right:14px">'
            f'<a class="careernb-nav-{page.address}" '
            f'href="{esc(target.href())}"{current} style="{look}">{esc(page.title)}</a></li>'
        )
    who = ""
    if person is not None and here.page.for_person:
        who = (
            # Whole on a line of its own if need be; wrapped inside only when wider than the bar.
            f'<span class="careernb-nav-person" style="display:inline-block;max-width:100%;'
            f'overflow-wrap:anywhere;margin-left:4px;color:{style.INK}">for <b>{esc(person.name)}</b></span>'
        )
    return (
        f'<nav aria-label="careernb pages" style="border-bottom:1px solid {style.RULE_SECTION};'
        'padding:4px 0 8px;margin-bottom:8px;font-size:14px">'
        '<ul style="list-style:none;margin:0;padding:0;display:inline">'
        f"{''.join(links)}</ul>{who}</nav>"
    )


class NavigationBar(w.HTML):
    """The bar at the top of every page of the app; it follows the person chosen on the page.

    Below it, when the address names no one in the team, the page says so (``notice``) until a
    person is chosen."""

    def __init__(self, store: Store, here: Address, notice: str = "") -> None:
        super().__init__()
        css(self, "careernb-nav")
        self.people = {p.person_id: p for p in store.load(Person)}  # read once: the bar only names them
        self.here = here
        self.notice = notice
        self.new_day = ""
        self.show_person(here.person_id)

    def show_person(self, person_id: str | None) -> None:
        person = self.people.get(person_id) if person_id is not None else None
        if person is not None:
            self.notice = ""
        self.here = dataclasses.replace(self.here, person_id=person_id if person is not None else None)
        self._draw()

    def say_the_day_turned(self, html: str) -> None:
        """Below the bar, until the page is reloaded: the day has turned since it was drawn."""
        self.new_day = html
        self._draw()

    def _draw(self) -> None:
        person = self.people.get(self.here.person_id or "")  # None once no one in the team is named
        self.value = style.stylesheet() + bar_html(self.here, person) + self.notice + self.new_day

    def show_conversation(self, conversation_id: str | None) -> None:
        """The conversation the page shows, which the address names (the bar's links do not)."""
        self.here = dataclasses.replace(self.here, conversation_id=conversation_id)


def not_in_team_html(asked: Address, *, app: bool = True) -> str:
    """What a page says when its address (in JupyterLab, its parameters cell) names no one in the
    team: the id asked for, escaped, or for something that is no id, that it names no one."""
    if asked.names_no_id:
        said = "The address of this page names no one you manage."
    else:
        said = f"No person \u201c{esc(asked.person_id)}\u201d in your team."
    if app:
        way = (
            f'Choose someone below, or see <a class="careernb-to-team" href="{esc(HOME.address)}" '
            f'style="color:{style.LINK}">{esc(HOME.title)}</a>.'
        )
    else:
        way = (
            "Check <code>person_id</code> in the parameters cell, or choose someone below; "
            f"{esc(HOME.notebook)} adds a person to your team."
        )
    return (
        f'<p class="careernb-not-in-team" role="alert" style="{style.notice(style.RED, style.ALERT_BG)}">'
        f"{said} {way}</p>"
    )


def address_script(here: Address) -> dict:
    """An output that puts ``here`` in the browser's address bar, in place of the address the
    page was opened at: a bookmark then reopens the person chosen on the page, and the back
    button still returns to where the manager came from."""
    script = f"history.replaceState(history.state, '', {json.dumps(here.href())});"
    return {"output_type": "display_data", "data": {"application/javascript": script}, "metadata": {}}


def _panel(here: Page, asked: Address, home: str | None, today: dt.date | str | None) -> w.Widget:
    """The page's panel for the person (and the conversation) asked for."""
    if isinstance(here, PageWithConversation):
        return here.panel(
            person_id=asked.person_id, home=home, today=today, conversation_id=asked.conversation_id
        )
    return here.panel(person_id=asked.person_id, home=home, today=today)


def page(
    address: str,
    person_id: str | None = None,
    home: str | None = None,
    today: dt.date | str | None = None,
    conversation_id: str | None = None,
) -> w.Widget:
    """A notebook's one call: its page, with the navigation bar when it is part of the app, and
    the unlock above it when the data home's private notes are sealed under a key.

    In the app the address names the person (and the conversation); in JupyterLab the
    parameters cell does.
    """
    from careernb.views.kit.unlock import with_unlock

    built = functools.partial(_page, address, person_id, home, today, conversation_id)
    return with_unlock(home, functools.partial(_or_why_not, address, built))


def _or_why_not(address: str, built: Callable[[], w.Widget]) -> w.Widget:
    """The page; or, when the data it reads is damaged, the page saying so in place of the panel
    (the app's kernel would show only that a cell failed)."""
    try:
        return built()
    except CareernbError as exc:
        app = in_app()
        here = Address(BY_ADDRESS[address], None)
        bar = bar_html(here, None) if app else ""
        said = w.HTML(style.stylesheet() + bar + cannot_open_html(here.page, exc, app=app))
        shown = css(said, "careernb-nav") if app else said
        return css(w.VBox([shown], layout=w.Layout(width="100%")), "careernb-cannot-open-page", style.KIT)


def cannot_open_html(here: Page, exc: CareernbError, *, app: bool) -> str:
    """What a page says in place of its panel when it cannot open: the store's own message (for
    damaged data, file, row and column), and what to do."""
    again = "reload the page" if app else "run its cell again"
    said = str(exc)
    unchanged = "" if said.endswith("Nothing was changed.") else "Nothing was changed. "
    if isinstance(exc, StoreFormatError | DataHomeError):
        listed = "<code>careernb check</code> lists every problem in your data"
        then = f"Mend what it names ({listed}), then {again}."
    else:
        then = f"Once that is put right, {again}."
    return (
        f'<div class="careernb-cannot-open" role="alert" style="{style.notice(style.RED, style.ALERT_BG)}">'
        f"<b>{esc(here.title)} cannot open.</b> "
        f'<span style="white-space:pre-line">{esc(said)}</span><br>{unchanged}{then}</div>'
    )


def _page(
    address: str,
    person_id: str | None,
    home: str | None,
    today: dt.date | str | None,
    conversation_id: str | None,
) -> w.Widget:
    here = BY_ADDRESS[address]
    app = in_app()
    if app:
        from careernb.app import query_string

        _warm(here)
        asked = from_query(here, query_string())
        asked = dataclasses.replace(
            asked,
            person_id=asked.person_id or person_id,
            conversation_id=asked.conversation_id or conversation_id,
        )
    else:
        asked = Address(here, person_id, conversation_id)
    store, notice = _who(asked, home, app=app)
    if notice:  # the page opens on its picker, and says why
        asked = dataclasses.replace(asked, person_id=None, conversation_id=None)
    panel = _panel(here, asked, home, today)
    from careernb.views.kit.parameters import Today, open_for_notebook

    day = Today.of(today)
    if not app:
        # One output: the kit's stylesheet, what the address got wrong if anything, the page.
        sheet = css(w.HTML(style.stylesheet(), layout=w.Layout(display="none")), "careernb-stylesheet")
        said = [css(w.HTML(notice), "careernb-address-notice")] if notice else []
        shown = w.VBox([sheet, *said, panel], layout=w.Layout(width="100%"))
        turned = css(w.HTML(), "careernb-new-day-notice")

        def say_in_lab(html: str) -> None:
            rest = [c for c in shown.children[1:] if c is not turned]
            turned.value = html
            shown.children = (sheet, turned, *rest) if html else (sheet, *rest)

        _watch_the_day(day, panel, say_in_lab, app=False)
        return css(shown, "careernb-lab-page", style.KIT)

    picker = getattr(panel, "picker", None)
    picker = picker if isinstance(picker, w.Dropdown) else None
    if picker is not None:  # the page's own choice wins over the address's
        asked = dataclasses.replace(asked, person_id=picker.value)
    # A conversation page names the conversation it shows: once it is kept, the address names it.
    names_conversation = here.conversation and panel.has_trait("conversation_id")
    opened = asked
    if names_conversation:
        asked = dataclasses.replace(asked, conversation_id=panel.conversation_id)
    store = store or getattr(panel, "store", None) or open_for_notebook(home, create=False)
    bar = NavigationBar(store, asked, notice)
    _watch_the_day(day, panel, bar.say_the_day_turned, app=True)
    # Where the browser's address is rewritten to follow the page (the parameter is the page's).
    rewrites = css(w.Output(layout=w.Layout(height="0px", overflow="hidden")), "careernb-app-address")
    if asked != opened:  # the page opened on a conversation the address did not name
        rewrites.outputs = (address_script(bar.here),)
    if picker is not None:
        # The person chosen on the page is the one the bar's links and the address carry on.
        def follow(change: dict) -> None:
            bar.show_person(change["new"])
            rewrites.outputs = (address_script(bar.here),)

        picker.observe(follow, "value")
    if names_conversation:

        def follow_conversation(change: dict) -> None:
            bar.show_conversation(change["new"])
            rewrites.outputs = (address_script(bar.here),)

        panel.observe(follow_conversation, "conversation_id")
    return css(w.VBox([bar, panel, rewrites], layout=w.Layout(width="100%")), "careernb-app-page", style.KIT)


def _watch_the_day(day: Today, panel: w.Widget, say: Callable[[str], None], *, app: bool) -> None:
    """Say below the bar (in JupyterLab, above the page) when the day turns while the page is open;
    a page whose Refresh reads all it shows again withdraws it then, and is watched from that day."""
    from careernb.views.kit.parameters import Refreshes, new_day_html, when_the_day_turns

    refreshes = isinstance(panel, Refreshes)
    watch = when_the_day_turns(
        day,
        lambda drawn, now: say(new_day_html(drawn, now, app=app, refreshes=refreshes)),
        lambda: say(""),
    )
    if watch is not None and refreshes:
        panel.observe(lambda change: watch.drawn_again(change["new"]), "drawn_on")


def _who(asked: Address, home: str | None, *, app: bool) -> tuple[Store | None, str]:
    """The store, when it had to be read, and what the page says when nobody in the team has the
    person id asked for ('' when the person is known, or none was asked)."""
    if not asked.page.for_person:
        return None, ""
    if asked.names_no_id:
        return None, not_in_team_html(asked, app=app)
    if asked.person_id is None:
        return None, ""
    from careernb.views.kit.parameters import open_for_notebook

    store = open_for_notebook(home)  # as a person's page opens it
    if asked.person_id in store.person_ids():
        return store, ""
    return store, not_in_team_html(asked, app=app)


def _warm(here: Page) -> None:
    """Import a page's view before its visit arrives, so a ready kernel has paid for it already."""
    build = getattr(here.panel, "func", here.panel)  # the conversation pages are partials of one show
    package = build.__module__
    for name in ("view", "page"):
        try:
            importlib.import_module(f"{package}.{name}")
            return
        except ModuleNotFoundError as exc:
            if exc.name != f"{package}.{name}":
                raise  # the view exists and something it imports does not: say so
