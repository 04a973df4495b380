"""careernb: the career-conversation playbook as notebooks, a CSV store and shareable contracts.

What a notebook or a script of the manager's own calls::

    import careernb

    store = careernb.open_store()                    # $CAREERNB_HOME, else ~/.local/share/careernb
    careernb.monthly_review(person_id="007", today="2026-11-26")   # any panel, in a notebook
    html = careernb.render_contract("007")           # the latest agreed contract, as HTML
    result = careernb.run_quarter(store, "2026Q4")   # every contract and team view of a quarter

Every panel takes the same ``person_id``, ``home`` and ``today`` as the notebooks' parameters
cell; the panels are the pages of :data:`careernb.views.pages.PAGES`, each by its public name.
The names load on first use (PEP 562), so ``import careernb`` stays cheap: no pandas, no
ipywidgets, until a name that needs them is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from careernb.errors import CareernbError as CareernbError
from careernb.errors import StoreFormatError as StoreFormatError
from careernb.errors import UnknownPersonError as UnknownPersonError

__version__ = "0.1.0"

# public name -> (module, attribute)
_LAZY: dict[str, tuple[str, str]] = {
    # the store
    "open_store": ("careernb.home", "open_store"),
    "resolve_home": ("careernb.home", "resolve_home"),
    "TABLES": ("careernb.home", "TABLES"),
    "Store": ("careernb.store", "Store"),
    "Privacy": ("careernb.store", "Privacy"),
    # documents
    "render_contract": ("careernb.documents.render", "render_contract"),
    "run_quarter": ("careernb.quarter", "run_quarter"),
}
_ERRORS = ["CareernbError", "StoreFormatError", "UnknownPersonError"]


def _panels() -> dict[str, Any]:
    """Each page's panel by its public name: ``show(person_id=..., home=..., today=...)``."""
    from careernb.views.pages import PAGES

    return {page.public_name: page.panel for page in PAGES}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attribute = _LAZY[name]
        value = getattr(importlib.import_module(module), attribute)
    elif name == "__all__":  # the panels' names are the registry's, read when first asked
        value = sorted([*_ERRORS, *_LAZY, *_panels()])
    elif name in (panels := _panels()):
        value = panels[name]
    else:
        raise AttributeError(f"module 'careernb' has no attribute {name!r}")
    globals()[name] = value  # the next lookup does not come back here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, *_panels()})


if TYPE_CHECKING:  # what type checkers and editors see; the panels they see as any callable
    from careernb.documents.render import render_contract as render_contract
    from careernb.home import TABLES as TABLES
    from careernb.home import open_store as open_store
    from careernb.home import resolve_home as resolve_home
    from careernb.quarter import run_quarter as run_quarter
    from careernb.store import Privacy as Privacy
    from careernb.store import Store as Store
