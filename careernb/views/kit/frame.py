"""A page's frame: the person it is about, titled sections, the playbook's words set apart, a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import ipywidgets as w

from careernb.domain.dates import human_date
from careernb.domain.people import Person
from careernb.views.kit import style
from careernb.views.kit.markup import css, esc, labelled

CHOICE = "careernb-choice"
"""The class kit.css draws a :func:`choice` by."""


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
        f'<h2 style="font-size:1.17em;margin:18px 0 6px;padding-bottom:3px;border-bottom:1px solid '
        f'{style.RULE_SECTION}">{esc(title)}</h2>'
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
    """How a panel writes a day, as every document does: ``Thu 5 November 2026``."""
    return human_date(d)


class Disclosure(w.VBox):
    """A part of a page shown on asking: a button that says "Show …" or "Hide …" over it.

    Not ipywidgets' Accordion, whose header takes no keyboard focus and says nothing of being
    open: a person who works from the keyboard could never open it.
    """

    def __init__(self, title: str, content: w.Widget) -> None:
        self.title, self.content = title, content
        self.toggle = css(
            w.Button(layout=w.Layout(width="auto", align_self="flex-start")), "careernb-disclosure-toggle"
        )
        self.toggle.on_click(lambda _b: self.show(content.layout.display == "none"))
        super().__init__([self.toggle, content], layout=w.Layout(width="100%"))
        css(self, "careernb-disclosure")
        self.show(False)

    def show(self, shown: bool) -> None:
        self.content.layout.display = None if shown else "none"
        self.toggle.description = f"{'Hide' if shown else 'Show'}: {self.title}"
        self.toggle.icon = "chevron-down" if shown else "chevron-right"


def disclosure(title: str, content: w.Widget, cls: str = "") -> Disclosure:
    made = Disclosure(title, content)
    return css(made, cls) if cls else made


def text_area(label: str, placeholder: str, cls: str, rows: int | None = 2, **layout: str) -> w.Textarea:
    """A field for a few lines of text, named for a screen reader by ``label`` (a placeholder is
    no name), full width unless ``layout`` says otherwise."""
    area = w.Textarea(placeholder=placeholder, rows=rows, layout=w.Layout(**({"width": "100%"} | layout)))
    return css(labelled(area, label), cls)


def choice(options: Sequence[tuple[str, Any]], value: Any, cls: str) -> w.RadioButtons:
    """One of a few answers, shown as a row of buttons: radios underneath, so the keyboard and a
    screen reader know which is chosen (ipywidgets' ToggleButtons tell neither)."""
    return css(w.RadioButtons(options=list(options), value=value, orientation="horizontal"), cls, CHOICE)
