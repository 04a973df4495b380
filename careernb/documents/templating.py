"""The Jinja set-up every document and panel shares: escaped by default, dates written for people."""

from __future__ import annotations

from typing import Any

import jinja2
from markupsafe import Markup

from careernb.documents.shown import printable, shown
from careernb.domain.contract.wording import in_sentence
from careernb.domain.dates import human_date, human_month, months_ago


def shown_in_document(value: object) -> object:
    """Every value a template writes: typed text as :func:`~careernb.documents.shown.shown` shows
    it; markup made by careernb with no code point a document may not hold."""
    if isinstance(value, Markup):
        return Markup(printable(str(value)))
    if isinstance(value, str):
        return shown(value)
    return value


def environment(package: str, **options: Any) -> jinja2.Environment:
    """The templates in ``package``'s ``templates`` folder; a name missing from the context fails."""
    options.setdefault("finalize", shown_in_document)
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=True,  # every typed text is escaped
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        **options,
    )
    # One style for every day a person reads (careernb.domain.dates): ``| human``, ``| human(year=False)``.
    env.filters.update(human=human_date, month=human_month, months_ago=months_ago, in_sentence=in_sentence)
    return env


ENV = environment("careernb.documents")


def render(template: str, context: dict) -> str:
    return ENV.get_template(template).render(context)
