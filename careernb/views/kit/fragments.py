"""HTML fragments the panels show, from small Jinja templates: a page's own, and the kit's.

Everything written into a template is escaped exactly as :func:`~careernb.views.kit.markup.esc`
escapes it, so text a person typed can never become markup; the palette of
:mod:`careernb.views.kit.style` is there as ``c``.
"""

from __future__ import annotations

import jinja2
from markupsafe import Markup

from careernb.documents.templating import environment
from careernb.views.kit import style
from careernb.views.kit.markup import esc

KIT = "careernb.views.kit"


def _escaped(value: object) -> Markup:
    if isinstance(value, Markup):
        return value
    return Markup(esc(value))


class Fragments:
    """The templates of one package's ``templates`` folder, then the kit's (``note``, ``problems``,
    ``heading``), rendered to one line of HTML for a widget."""

    def __init__(self, package: str = KIT) -> None:
        self.env = environment(KIT, finalize=_escaped)  # the same escaping as esc(), None shows as nothing
        if package != KIT:
            self.env.loader = jinja2.ChoiceLoader(
                [jinja2.PackageLoader(package, "templates"), jinja2.PackageLoader(KIT, "templates")]
            )
        self.env.globals["c"] = style

    def __call__(self, template: str, **context: object) -> str:
        """Render ``<template>.html.j2`` with ``context``."""
        return self.env.get_template(f"{template}.html.j2").render(context).strip()


fragment = Fragments()
"""The kit's own fragments."""


def problems_html(problems: list[str]) -> str:
    """What must be fixed before something can be saved, one line each, in red."""
    return fragment("problems", problems=problems)
