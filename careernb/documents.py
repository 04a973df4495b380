"""HTML documents from Jinja templates: escaped by default, dates written for people."""

from __future__ import annotations

import datetime as dt

import jinja2


def human_date(day: dt.date | None) -> str:
    """``Friday 15 January 2027``."""
    return f"{day:%A} {day.day} {day:%B %Y}" if day else ""


def human_month(month: str) -> str:
    """``2027-01`` → ``January 2027``."""
    return dt.date.fromisoformat(month + "-01").strftime("%B %Y")


def months_ago(months: int) -> str:
    return {0: "this month", 1: "1 month ago"}.get(months, f"{months} months ago")


ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("careernb", "templates"),
    autoescape=True,  # every typed text is escaped
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)
ENV.filters["human"] = human_date
ENV.filters["month"] = human_month
ENV.filters["months_ago"] = months_ago


def render(template: str, context: dict) -> str:
    return ENV.get_template(template).render(context)
