"""A page's frame: the person it is about, titled sections, the playbook's words set apart, a day."""

from __future__ import annotations

import datetime as dt

import ipywidgets as w

from careernb.domain.dates import human_date
from careernb.domain.people import Person
from careernb.views.kit import style
from careernb.views.kit.markup import css, esc


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
