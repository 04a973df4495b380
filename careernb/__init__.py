"""careernb: the career-conversation playbook as notebooks, a CSV store and shareable contracts.

The public names load on first use (PEP 562), so ``careernb --help`` does not
pay for pandas or the domain.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from careernb.errors import CareernbError, StoreFormatError, UnknownPersonError
    from careernb.home import TABLES, open_store, resolve_home
    from careernb.store import Privacy, Store

_WHERE = {
    "TABLES": "careernb.home",
    "CareernbError": "careernb.errors",
    "Privacy": "careernb.store",
    "Store": "careernb.store",
    "StoreFormatError": "careernb.errors",
    "UnknownPersonError": "careernb.errors",
    "open_store": "careernb.home",
    "resolve_home": "careernb.home",
}
__all__ = [
    "TABLES",
    "CareernbError",
    "Privacy",
    "Store",
    "StoreFormatError",
    "UnknownPersonError",
    "open_store",
    "resolve_home",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'careernb' has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
