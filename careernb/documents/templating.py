"""The Jinja set-up every document shares: escaped by default, dates written for people."""

from __future__ import annotations

import jinja2

from careernb.domain.dates import human_date, human_month, months_ago, short_date

ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("careernb.documents", "templates"),
    autoescape=True,  # every typed text is escaped
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)
ENV.filters["human"] = human_date
ENV.filters["month"] = human_month
ENV.filters["months_ago"] = months_ago
ENV.filters["short"] = short_date


def render(template: str, context: dict) -> str:
    return ENV.get_template(template).render(context)
