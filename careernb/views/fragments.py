"""HTML fragments the panels show, from small Jinja templates in ``views/templates``.

Everything written into a template is escaped exactly as :func:`~careernb.views._base.esc`
escapes it, so text a person typed can never become markup; the palette of
:mod:`careernb.views.style` is there as ``c``.
"""

from __future__ import annotations

import html

from markupsafe import Markup

from careernb.documents.templating import environment
from careernb.views import style


def _escaped(value: object) -> Markup:
    if isinstance(value, Markup):
        return value
    return Markup(html.escape("" if value is None else str(value), quote=True))


_ENV = environment("careernb.views", finalize=_escaped)  # the same escaping as esc(), None shows as nothing
_ENV.globals["c"] = style


def fragment(template: str, **context: object) -> str:
    """Render ``views/templates/<template>.html.j2`` to one line of HTML for a widget."""
    return _ENV.get_template(f"{template}.html.j2").render(context).strip()
