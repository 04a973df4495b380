"""Every page of the app as the kernel builds it, for every person, and the words it shows."""

from __future__ import annotations

import ipywidgets as w

from careernb.domain.people import Person
from careernb.views import navigation
from careernb.views.navigation import page
from careernb.views.pages import PAGES
from tests.conftest import TODAY


def texts(widget: w.Widget) -> list[str]:
    """Every word a widget and its children put on the page."""
    out = []
    for name in ("value", "description", "tooltip", "placeholder"):
        value = getattr(widget, name, None)
        if isinstance(value, str):
            out.append(value)
    out += [str(label) for label in getattr(widget, "_options_labels", ())]
    out += [str(title) for title in getattr(widget, "titles", ()) or ()]
    for child in getattr(widget, "children", ()):
        out += texts(child)
    return out


def cases(store):
    """Every page of the app, for each person of the team where the page is a person's."""
    people = [p.person_id for p in store.load(Person)]
    for target in PAGES:
        for person in people if target.for_person else [None]:
            yield target, person


def visit(monkeypatch, home, address: str, person: str | None) -> w.Widget:
    """The page at ``address`` for ``person`` as the app builds it."""
    monkeypatch.setenv(navigation.APP_ENV, "1")
    monkeypatch.setenv("QUERY_STRING", f"person={person}" if person else "")
    return page(address, home=str(home), today=TODAY.isoformat())
