"""Opening another notebook for one person, from a button, in JupyterLab.

A button cannot open a JupyterLab tab by itself, and a link cannot run
Python. So a button records the person as the current one (every person
picker opens on them), then shows a link to the notebook in an ``Output``:
JupyterLab opens a notebook link in a new tab. A tiny script clicks the link
at once, so one click is enough where scripts run; where they do not, the
link stays there to click. ``careernb app`` needs none of this: its pages
have addresses that carry the person (:mod:`careernb.views.navigation`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import ipywidgets as w

from careernb.domain import current
from careernb.domain.people import Person
from careernb.store import Store
from careernb.views.kit import style
from careernb.views.kit.markup import css, esc

# What each button opens: label -> notebook file, in the order buttons are shown.
NOTEBOOKS = {
    "Prepare": "01-prepare.ipynb",
    "Review": "05-monthly-review.ipynb",
    "Check in": "06-informal-check-in.ipynb",
}
_serial = itertools.count(1)


class Opener(w.Output):
    """Where the link to the chosen notebook appears (and is clicked for you)."""

    def __init__(self, store: Store, folder: Path | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        css(self, "careernb-opener")
        self.store = store
        self.folder = Path(folder) if folder else Path.cwd()
        self.last: tuple[str, str] | None = None
        """(person_id, notebook) of the last open, for tests."""

    def exists(self, notebook: str) -> bool:
        return (self.folder / notebook).is_file()

    def open_for(self, person: Person, notebook: str) -> None:
        """Make ``person`` current and open ``notebook`` for them."""
        current.choose(self.store, person.person_id)
        self.last = (person.person_id, notebook)
        token = f"careernb-open-{next(_serial)}"
        self.outputs = ()
        if not self.exists(notebook):
            self.outputs = (
                _shown(
                    "text/html",
                    f'<div class="careernb-open-missing" style="color:{style.RED}">{esc(notebook)} is not in '
                    f"{esc(self.folder)}; open it from the file browser and it will start on "
                    f"{esc(person.name)}.</div>",
                ),
            )
            return
        self.outputs = (
            _shown("text/html", link_html(person, notebook, token)),
            _shown("application/javascript", click_script(token, dt.datetime.now())),
        )


def _shown(mime: str, content: str) -> dict:
    """One display output, built directly: no IPython shell needed, so it behaves the same
    in a kernel, in Voila and in tests."""
    return {"output_type": "display_data", "data": {mime: content}, "metadata": {}}


def link_html(person: Person, notebook: str, token: str) -> str:
    """A link JupyterLab opens in a new tab (and Voilà follows), relative to this notebook."""
    return (
        f'<a class="careernb-open-link {token}" href="{esc(notebook)}" data-careernb-href="{esc(notebook)}">'
        f"Open {esc(notebook)} for {esc(person.name)} \u2192</a>"
    )


def click_script(token: str, now: dt.datetime) -> str:
    """Click the link once JupyterLab has taken it over (its address rewritten, its click
    opening a tab); never when the page is reloaded later, and never where nothing takes
    the link over (then it stays there to click)."""
    born = int(now.timestamp() * 1000)
    return (
        "(function(){var n=0;function go(){var a=document.querySelector('a.'+"
        f"{json.dumps(token)});"
        "if(a&&a.getAttribute('href')!==a.dataset.careernbHref){"
        f"if(Date.now()-{born}<15000)a.click();return;}}"
        "if(++n<50)setTimeout(go,100);}go();})();"
    )
