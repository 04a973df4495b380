"""The app's pages by their playbook names, and the address that carries the person.

In ``careernb app`` every page has an address of its own - ``prepare?person=007``,
``now?person=007&conversation=c0003`` - and the page reads the person (and the
conversation) from it, through the query string Voilà hands the kernel
(``QUERY_STRING``). So a link on the dashboard opens that page for that person in
the same tab, the back button returns, a bookmark reopens the same page for the
same person, and two tabs on two people never share anything but the store.

In JupyterLab the notebooks take the same person through papermill's parameters
cell instead, and the dashboard's buttons fall back to the "current person"
(:mod:`careernb.domain.current`): a JupyterLab tab has no address to carry it.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import os
import re
import urllib.parse
from typing import Any

import ipywidgets as w

from careernb.domain.people import Person
from careernb.store import Store
from careernb.views import style
from careernb.views._base import css, esc

APP_ENV = "CAREERNB_APP"
"""Set by ``careernb app`` for its kernels: the pages are served at their addresses."""


@dataclasses.dataclass(frozen=True)
class Page:
    """One page of the app."""

    address: str
    """Its path in the app: ``prepare``."""
    name: str
    """The playbook's name for it, as the navigation bar shows it."""
    notebook: str
    """The notebook behind it, in notebooks/."""
    show: str
    """``module:function`` that builds it from ``person_id``, ``home`` and ``today``."""
    for_person: bool = True
    """False for the team pages, which show everyone."""
    conversation: bool = False
    """True when the address may name one conversation too."""


PAGES: tuple[Page, ...] = (
    Page("team", "Your team", "00-team-dashboard.ipynb", "careernb.views.dashboard:show", for_person=False),
    Page("prepare", "Prepare", "01-prepare.ipynb", "careernb.views.prepare:show"),
    Page(
        "now",
        "Where are you now?",
        "02-where-are-you-now.ipynb",
        "careernb.views.conversation:where_are_you_now",
        conversation=True,
    ),
    Page(
        "direction",
        "Where do you want to go?",
        "03-where-do-you-want-to-go.ipynb",
        "careernb.views.conversation:where_do_you_want_to_go",
        conversation=True,
    ),
    Page(
        "gap",
        "How do we close the gap?",
        "04-how-do-we-close-the-gap.ipynb",
        "careernb.views.conversation:how_do_we_close_the_gap",
        conversation=True,
    ),
    Page("contract", "Contract", "08-development-contract.ipynb", "careernb.views.contract_builder:show"),
    Page("review", "Monthly review", "05-monthly-review.ipynb", "careernb.views.review:show"),
    Page("check-in", "Check-in", "06-informal-check-in.ipynb", "careernb.views.check_in:show"),
    Page(
        "health",
        "Practice health",
        "07-practice-health.ipynb",
        "careernb.views.health:show",
        for_person=False,
    ),
    Page(
        "without-notes",
        "Without notes",
        "09-without-notes.ipynb",
        "careernb.views.self_test:show",
        for_person=False,
    ),
)
BY_ADDRESS = {p.address: p for p in PAGES}
HOME = PAGES[0]

# What a person or conversation id may look like in an address: the store's ids are short
# words; anything else is not an id, and is dropped rather than echoed into the page.
_ID = re.compile(r"[\w.\-]{1,64}")


@dataclasses.dataclass(frozen=True)
class Address:
    """Where a page is, and for whom."""

    page: Page
    person_id: str | None = None
    conversation_id: str | None = None

    def href(self) -> str:
        """Relative to the app's root, so it works under any base URL."""
        query = {}
        if self.page.for_person and self.person_id:
            query["person"] = self.person_id
            if self.page.conversation and self.conversation_id:
                query["conversation"] = self.conversation_id
        return self.page.address + ("?" + urllib.parse.urlencode(query) if query else "")


def from_query(page: Page, query: str) -> Address:
    """The address of ``page`` as the query string gives it; ids that are not ids are dropped."""
    fields = urllib.parse.parse_qs(query, keep_blank_values=False)

    def one(name: str) -> str | None:
        values = [v for v in fields.get(name, []) if _ID.fullmatch(v)]
        return values[0] if values else None

    return Address(page, one("person"), one("conversation") if page.conversation else None)


def in_app() -> bool:
    """True in a kernel that ``careernb app`` started for one of its pages."""
    return os.environ.get(APP_ENV) == "1"


def bar_html(here: Address, person: Person | None) -> str:
    """The navigation bar: every page by name, this one marked, the person named and carried."""
    links = []
    for page in PAGES:
        target = Address(page, here.person_id if page.for_person else None)
        current = ' aria-current="page"' if page is here.page else ""
        here_look = f"font-weight:700;color:{style.HERE};text-decoration:none"
        look = here_look if current else f"color:{style.LINK}"
        links.append(
            f'<li style="display:inline;margin-right:14px"><a class="careernb-nav-{page.address}" '
            f'href="{esc(target.href())}"{current} style="{look}">{esc(page.name)}</a></li>'
        )
    who = ""
    if person is not None and here.page.for_person:
        who = (
            f'<span class="careernb-nav-person" style="margin-left:4px;color:{style.INK}">for '
            f"<b>{esc(person.name)}</b></span>"
        )
    return (
        f'<nav aria-label="careernb pages" style="border-bottom:1px solid {style.RULE_SECTION};'
        'padding:4px 0 8px;margin-bottom:8px;font-size:14px">'
        '<ul style="list-style:none;margin:0;padding:0;display:inline">'
        f"{''.join(links)}</ul>{who}</nav>"
    )


def open_links_html(person: Person, pages: tuple[str, ...] = ("prepare", "review", "check-in")) -> str:
    """The dashboard row's ways into a person's pages, as links that open in the same tab."""
    look = (
        f"display:inline-block;margin:2px 0;padding:3px 10px;border:1px solid {style.QUOTE_BAR};"
        f"border-radius:3px;background:{style.QUOTE_BG};color:{style.LINK};text-decoration:none;"
        "width:90px;text-align:center"
    )
    links = [
        f'<a class="careernb-open-{a} careernb-row-{esc(person.person_id)}" role="button" '
        f'href="{esc(Address(BY_ADDRESS[a], person.person_id).href())}" style="{look}">'
        f"{esc(_BUTTON_NAMES.get(a, BY_ADDRESS[a].name))}</a>"
        for a in pages
    ]
    return "<div>" + "<br>".join(links) + "</div>"


_BUTTON_NAMES = {"review": "Review", "check-in": "Check in"}


class NavigationBar(w.HTML):
    """The bar at the top of every page of the app; it follows the person chosen on the page."""

    def __init__(self, store: Store, here: Address) -> None:
        super().__init__()
        css(self, "careernb-nav")
        self.people = {p.person_id: p for p in store.load(Person)}  # read once: the bar only names them
        self.here = here
        self.show_person(here.person_id)

    def show_person(self, person_id: str | None) -> None:
        known = person_id in self.people
        self.here = dataclasses.replace(self.here, person_id=person_id if known else None)
        self.value = bar_html(self.here, self.people.get(person_id))


def address_script(here: Address) -> dict:
    """An output that puts ``here`` in the browser's address bar, in place of the address the
    page was opened at: a bookmark then reopens the person chosen on the page, and the back
    button still returns to where the manager came from."""
    script = f"history.replaceState(history.state, '', {json.dumps(here.href())});"
    return {"output_type": "display_data", "data": {"application/javascript": script}, "metadata": {}}


def _panel(page: Page, **kwargs: Any) -> w.Widget:
    module, name = page.show.split(":")
    return getattr(importlib.import_module(module), name)(**kwargs)


def page(
    address: str,
    person_id: str | None = None,
    home: str | None = None,
    today: Any = None,
    conversation_id: str | None = None,
) -> w.Widget:
    """A notebook's one call: its page, with the navigation bar when it is part of the app.

    In the app the address names the person (and the conversation); in JupyterLab the
    parameters cell does.
    """
    here = BY_ADDRESS[address]
    if not in_app():
        kwargs = {"conversation_id": conversation_id} if here.conversation else {}
        return _panel(here, person_id=person_id, home=home, today=today, **kwargs)
    from careernb.app import query_string
    from careernb.views._base import open_for_notebook

    importlib.import_module(here.show.split(":")[0])  # a ready kernel imports its page before the visit
    asked = from_query(here, query_string())
    asked = dataclasses.replace(
        asked,
        person_id=asked.person_id or person_id,
        conversation_id=asked.conversation_id or conversation_id,
    )
    kwargs = {"conversation_id": asked.conversation_id} if here.conversation else {}
    panel = _panel(here, person_id=asked.person_id, home=home, today=today, **kwargs)
    picker = getattr(panel, "picker", None)
    picker = picker if isinstance(picker, w.Dropdown) else None
    if picker is not None:  # the page's own choice wins over the address's
        asked = dataclasses.replace(asked, person_id=picker.value)
    bar = NavigationBar(getattr(panel, "store", None) or open_for_notebook(home, create=False), asked)
    address = css(w.Output(layout=w.Layout(height="0px", overflow="hidden")), "careernb-app-address")
    if picker is not None:
        # The person chosen on the page is the one the bar's links and the address carry on.
        def follow(change: dict) -> None:
            bar.show_person(change["new"])
            address.outputs = (address_script(bar.here),)

        picker.observe(follow, "value")
    return css(w.VBox([bar, panel, address], layout=w.Layout(width="100%")), "careernb-app-page")
