"""careernb: the career-conversation playbook as notebooks, a CSV store and shareable contracts."""

from careernb.errors import CareernbError, StoreFormatError, UnknownPersonError
from careernb.home import TABLES, open_store, resolve_home
from careernb.store import Privacy, Store

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
