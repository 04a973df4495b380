"""Where an app page is: ``careernb app`` serves each page at an address that carries the person."""

from __future__ import annotations

import os

APP_ENV = "CAREERNB_APP"
"""Set by ``careernb app`` for its kernels: the pages are served at their addresses."""


def in_app() -> bool:
    """True in a kernel that ``careernb app`` started for one of its pages."""
    return os.environ.get(APP_ENV) == "1"
