"""A page for one person: the team dropdown when no person is given, then the panel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ipywidgets as w

from careernb.domain.dates import short_date
from careernb.domain.people import Person
from careernb.errors import UnknownPersonError
from careernb.store import Store
from careernb.views import style
from careernb.views._base import ErrorPanel, css, esc, person_picker


def close_panel(widget: w.Widget) -> None:
    """Save what is pending in a panel, then close it."""
    flush = getattr(widget, "flush", None)
    if callable(flush):
        flush()
    widget.close()


class PersonPage(w.VBox):
    """A person picker over a panel built by ``build(person_id)``."""

    def __init__(self, store: Store, person_id: str | None, build: Callable[[str], w.Widget]) -> None:
        super().__init__(layout=w.Layout(width="100%"))
        css(self, "careernb-page")
        self.store = store
        self._build = build
        self.errors = ErrorPanel()
        self.picker = person_picker(store, person_id)
        self.picker.layout.width = "420px"
        self.picker.style = {"description_width": "initial"}
        known = store.person_ids()
        if person_id is not None and person_id not in known:
            self.errors.show(UnknownPersonError(person_id, known))
        elif person_id is not None and self.picker.value != person_id:
            person = next(p for p in store.load(Person) if p.person_id == person_id)
            self.picker.options = [*self.picker.options, (person.name, person_id)]
            self.picker.value = person_id
        self.holder = w.VBox(layout=w.Layout(width="100%"))
        self.panel: w.Widget | None = None
        self.picker.observe(self.errors.guard(lambda change: self.show(change["new"])), "value")
        self.children = [self.picker, self.errors, self.holder]
        self.errors.guard(self.show)(self.picker.value)

    def show(self, person_id: str | None) -> None:
        if self.panel is not None:
            close_panel(self.panel)
            self.panel = None
        if person_id is None:
            self.holder.children = [
                w.HTML(
                    f'<p class="careernb-choose-person" style="color:{style.SOFT}">Choose a '
                    f"person to begin.</p>"
                )
            ]
            return
        self.panel = self._build(person_id)
        self.holder.children = [self.panel]

    def flush(self) -> None:
        if self.panel is not None and callable(getattr(self.panel, "flush", None)):
            self.panel.flush()


def header(person: Person, title: str, subtitle: str = "") -> w.HTML:
    role = (
        f' <span style="color:{style.GREY};font-weight:normal">· {esc(person.role)}</span>'
        if person.role
        else ""
    )
    sub = f'<div style="color:{style.SOFT};margin-top:2px">{subtitle}</div>' if subtitle else ""
    return css(
        w.HTML(
            f'<div style="margin:6px 0 4px"><div style="font-size:18px;font-weight:700">'
            f"{esc(person.name)}{role}</div><div style='font-size:15px;margin-top:2px'>{esc(title)}</div>"
            f"{sub}</div>"
        ),
        "careernb-header",
    )


def section(title: str, *children: w.Widget, cls: str = "") -> w.VBox:
    """A titled part of a page."""
    head = w.HTML(
        f'<h3 style="margin:18px 0 6px;padding-bottom:3px;border-bottom:1px solid '
        f'{style.RULE_SECTION}">{esc(title)}</h3>'
    )
    box = w.VBox([head, *children], layout=w.Layout(width="100%"))
    return css(box, "careernb-section", *([cls] if cls else []))


def quote(text: str, *, cls: str = "careernb-playbook") -> w.HTML:
    """The playbook's words, set apart."""
    return css(
        w.HTML(
            f'<div style="border-left:3px solid {style.QUOTE_BAR};padding:4px 10px;margin:4px '
            f"0;color:{style.INK};"
            f'background:{style.QUOTE_BG}">{esc(text)}</div>'
        ),
        cls,
    )


def day(d: dt.date | None) -> str:
    """How the conversation pages write a day: ``Thu 05 Nov 2026``."""
    return short_date(d, weekday=True)
