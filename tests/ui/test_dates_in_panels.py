"""Every day a panel writes is in the documents' one style (``Thu 26 November 2026``): no page of
the app, for anyone in the demo team, shows an ISO date or the older ``26 Nov 2026``."""

from __future__ import annotations

import re

import ipywidgets as w
import pytest

from careernb.domain.people import Person
from careernb.views import navigation
from careernb.views.navigation import page
from careernb.views.pages import PAGES
from tests.conftest import TODAY

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
# ``05 Nov 2026``: a month cut to three letters (May is May in both), or a day with a leading zero.
OLDER = re.compile(r"\b(\d{2} (Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)|0\d [A-Z][a-z]+) \d{4}\b")
BROKEN = re.compile(r"\d{4}-\d{2}-\s")  # a date cut at a line's end: practice health's "2026-02-/10"


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


def _cases(store):
    people = [p.person_id for p in store.load(Person)]
    for target in PAGES:
        for person in people if target.for_person else [None]:
            yield target, person


@pytest.fixture
def shown(monkeypatch, demo):
    monkeypatch.setenv(navigation.APP_ENV, "1")

    def visit(address: str, person: str | None) -> w.Widget:
        monkeypatch.setenv("QUERY_STRING", f"person={person}" if person else "")
        return page(address, home=str(demo.home), today=TODAY.isoformat())

    return visit


def test_no_page_writes_a_day_in_another_style_than_the_documents(shown, demo):
    wrong = []
    seen = 0
    for target, person in _cases(demo):
        words = "\n".join(texts(shown(target.address, person)))
        seen += len(re.findall(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]+ \d{4}\b", words))
        for pattern in (ISO, OLDER, BROKEN):
            wrong += [(target.address, person, m.group(0)) for m in pattern.finditer(words)]
    assert wrong == []
    assert seen > 100  # the pages do write days, in the one style
