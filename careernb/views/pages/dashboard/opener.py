"""Opening another page for one person: a link in the app, a button in JupyterLab.

In ``careernb app`` each page has an address that carries the person
(:mod:`careernb.views.kit.address`): a row's ways in are links, opened in the
same tab. In JupyterLab a button cannot open a tab by itself, and a link cannot
run Python. So a button records the person as the current one (every person
picker opens on them), then shows a link to the notebook in an ``Output``:
JupyterLab opens a notebook link in a new tab. A tiny script clicks the link
at once, so one click is enough where scripts run; where they do not, the
link stays there to click.

Which pages a row opens is :data:`OPENS`; their addresses and notebooks come from
the registry of pages.
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
from careernb.views.kit.address import Address
from careernb.views.kit.markup import css, esc
from careernb.views.pages import BY_ADDRESS

OPENS = {"Prepare": "prepare", "Review": "review", "Check in": "check-in"}
"""The ways into a person's pages from their row: the button's words, and the page's address."""
_serial = itertools.count(1)


class Opener(w.Output):
    """Where the link to the chosen notebook appears (and is clicked for you)."""

    outputs: tuple[dict[str, object], ...]
    """The Output widget's own trait: the display outputs shown, as :func:`_shown` builds them."""

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


def _shown(mime: str, content: str) -> dict[str, object]:
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


def open_links_html(person: Person) -> str:
    """A row's ways into the person's pages in the app, as links that open in the same tab."""
    look = (
        f"display:inline-block;margin:2px 0;padding:3px 10px;border:1px solid {style.QUOTE_BAR};"
        f"border-radius:3px;background:{style.QUOTE_BG};color:{style.LINK};text-decoration:none;"
        "box-sizing:border-box;width:96px;text-align:center;white-space:nowrap"
    )
    links = [
        f'<a class="careernb-open-{address} careernb-row-{esc(person.person_id)}" '
        f'href="{esc(Address(BY_ADDRESS[address], person.person_id).href())}" style="{look}" '
        f'aria-label="{esc(label)}: {esc(person.name)}">{esc(label)}</a>'  # read out of its row too
        for label, address in OPENS.items()
    ]
    return "<div>" + "<br>".join(links) + "</div>"
