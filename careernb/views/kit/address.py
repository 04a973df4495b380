"""What a page is, and the address that carries the person to it.

In ``careernb app`` every page has an address of its own - ``prepare?person=007``,
``now?person=007&conversation=c0003`` - and the page reads the person (and the
conversation) from it, through the query string Voilà hands the kernel
(``QUERY_STRING``). So a link on the dashboard opens that page for that person in
the same tab, the back button returns, a bookmark reopens the same page for the
same person, and two tabs on two people never share anything but the store.

In JupyterLab the notebooks take the same person through papermill's parameters
cell instead, and the dashboard's buttons fall back to the "current person"
(:mod:`careernb.domain.current`): a JupyterLab tab has no address to carry it.

The pages themselves are listed once, in :data:`careernb.views.pages.PAGES`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import urllib.parse
from typing import TYPE_CHECKING, ClassVar, Protocol

if TYPE_CHECKING:
    import ipywidgets as w

APP_ENV = "CAREERNB_APP"
"""Set by ``careernb app`` for its kernels: the pages are served at their addresses."""


def in_app() -> bool:
    """True in a kernel that ``careernb app`` started for one of its pages."""
    return os.environ.get(APP_ENV) == "1"


class BuildPanel(Protocol):
    """A page package's ``show``: the page's panel from a notebook's parameters."""

    def __call__(
        self, *, person_id: str | None = None, home: str | None = None, today: dt.date | str | None = None
    ) -> w.Widget: ...


class BuildConversationPanel(Protocol):
    """The same, for a page whose address may also name the conversation to open."""

    def __call__(
        self,
        *,
        person_id: str | None = None,
        home: str | None = None,
        today: dt.date | str | None = None,
        conversation_id: str | None = None,
    ) -> w.Widget: ...


@dataclasses.dataclass(frozen=True, kw_only=True)
class Notebook:
    """One notebook in notebooks/."""

    notebook: str
    """Its file name: ``01-prepare.ipynb``."""
    title: str
    """The playbook's name for it, as the navigation bar shows it."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class Page(Notebook):
    """A page of the app, and the notebook behind it."""

    address: str
    """Its path in the app: ``prepare``."""
    panel: BuildPanel
    """What builds it from ``person_id``, ``home`` and ``today``: its package's ``show``."""
    public_name: str
    """Its name in ``import careernb``: ``careernb.prepare(person_id="007")``."""
    for_person: bool = True
    """False for the team pages, which show everyone."""
    conversation: ClassVar[bool] = False
    """True when the address may name one conversation too."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class PageWithConversation(Page):
    """A page of one of the three conversations: its address may name the conversation too."""

    panel: BuildConversationPanel
    conversation: ClassVar[bool] = True


# What a person or conversation id may look like in an address: the store's ids are short
# words; anything else is not an id, and is dropped rather than echoed into the page.
_ID = re.compile(r"[\w.\-]{1,64}")


@dataclasses.dataclass(frozen=True)
class Address:
    """Where a page is, and for whom."""

    page: Page
    person_id: str | None = None
    conversation_id: str | None = None
    names_no_id: bool = False
    """The address gave a person that is no id at all (``person=../../etc``): said on the page,
    never echoed."""

    def href(self) -> str:
        """Relative to the app's root, so it works under any base URL."""
        query = {}
        if self.page.for_person and self.person_id:
            query["person"] = self.person_id
            if self.page.conversation and self.conversation_id:
                query["conversation"] = self.conversation_id
        return self.page.address + ("?" + urllib.parse.urlencode(query) if query else "")


def from_query(page: Page, query: str) -> Address:
    """The address of ``page`` as the query string gives it; ids that are not ids are dropped,
    and a person given only as something that is no id is noted (:attr:`Address.names_no_id`)."""
    fields = urllib.parse.parse_qs(query, keep_blank_values=False)

    def one(name: str) -> str | None:
        values = [v for v in fields.get(name, []) if _ID.fullmatch(v)]
        return values[0] if values else None

    person = one("person")
    return Address(
        page,
        person,
        one("conversation") if page.conversation else None,
        names_no_id=person is None and bool(fields.get("person")),
    )
