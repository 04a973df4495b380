"""careernb: the career-conversation playbook as notebooks, a CSV store and shareable contracts.

What a notebook or a script of the manager's own calls::

    import careernb

    store = careernb.open_store()                    # $CAREERNB_HOME, else ~/.local/share/careernb
    careernb.monthly_review(person_id="007", today="2026-11-26")   # any panel, in a notebook
    html = careernb.render_contract("007")           # the latest agreed contract, as HTML
    result = careernb.run_quarter(store, "2026Q4")   # every contract and team view of a quarter

Every panel takes the same ``person_id``, ``home`` and ``today`` as the notebooks' parameters
cell. The names load on first use (PEP 562), so ``import careernb`` stays cheap: no pandas, no
ipywidgets, until a name that needs them is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from careernb.errors import CareernbError, StoreFormatError, UnknownPersonError

__version__ = "0.1.0"

# public name -> (module, attribute)
_LAZY: dict[str, tuple[str, str]] = {
    # the store
    "open_store": ("careernb.home", "open_store"),
    "resolve_home": ("careernb.home", "resolve_home"),
    "TABLES": ("careernb.home", "TABLES"),
    "Store": ("careernb.store", "Store"),
    "Privacy": ("careernb.store", "Privacy"),
    # each notebook's panel: show(person_id=..., home=..., today=...)
    "team_dashboard": ("careernb.views.dashboard", "show"),
    "prepare": ("careernb.views.pages.prepare", "show"),
    "where_are_you_now": ("careernb.views.pages.conversation", "where_are_you_now"),
    "where_do_you_want_to_go": ("careernb.views.pages.conversation", "where_do_you_want_to_go"),
    "how_do_we_close_the_gap": ("careernb.views.pages.conversation", "how_do_we_close_the_gap"),
    "monthly_review": ("careernb.views.pages.review", "show"),
    "check_in": ("careernb.views.pages.check_in", "show"),
    "practice_health": ("careernb.views.pages.health", "show"),
    "development_contract": ("careernb.views.pages.contract", "show"),
    "without_notes": ("careernb.views.pages.self_test", "show"),
    # documents
    "render_contract": ("careernb.documents.render", "render_contract"),
    "run_quarter": ("careernb.documents.quarterly", "run_quarter"),
}

__all__ = [
    "TABLES",
    "CareernbError",
    "Privacy",
    "Store",
    "StoreFormatError",
    "UnknownPersonError",
    "check_in",
    "development_contract",
    "how_do_we_close_the_gap",
    "monthly_review",
    "open_store",
    "practice_health",
    "prepare",
    "render_contract",
    "resolve_home",
    "run_quarter",
    "team_dashboard",
    "where_are_you_now",
    "where_do_you_want_to_go",
    "without_notes",
]


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'careernb' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value  # the next lookup does not come back here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


if TYPE_CHECKING:  # what type checkers and editors see
    from careernb.documents.quarterly import run_quarter
    from careernb.documents.render import render_contract
    from careernb.home import TABLES, open_store, resolve_home
    from careernb.store import Privacy, Store
    from careernb.views.dashboard import show as team_dashboard
    from careernb.views.pages.check_in import show as check_in
    from careernb.views.pages.contract import show as development_contract
    from careernb.views.pages.conversation import (
        how_do_we_close_the_gap,
        where_are_you_now,
        where_do_you_want_to_go,
    )
    from careernb.views.pages.health import show as practice_health
    from careernb.views.pages.prepare import show as prepare
    from careernb.views.pages.review import show as monthly_review
    from careernb.views.pages.self_test import show as without_notes
