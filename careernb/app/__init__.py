"""What a page of ``careernb app`` reads of its address, and the files its pages are served with.

A page takes the person (and the conversation) from the query of its address,
``prepare?person=007``. A kernel that Voilà starts for a visit finds that query in the
``QUERY_STRING`` environment variable. A preheated kernel - started, and its page run,
before anyone asked for the page, so that the page answers at once - has no visit yet
when it starts: it waits for one, and asks Voilà for that visit's query
(``voila.utils.get_query_string``).

``voila/`` holds the page template (Voilà's ``lab`` template, with everything served by
the app itself, a skip link and the main landmark); ``templates/`` the app's own pages;
``lab/`` the JupyterLab defaults ``careernb lab`` and the hub's servers start with (no news, no
update check).
"""

from __future__ import annotations

import os
from pathlib import Path

VOILA_TEMPLATE = Path(__file__).parent / "voila"
"""Put first in Voilà's template paths: its ``index.html.j2`` extends Voilà's ``lab`` one."""
TEMPLATES = Path(__file__).parent / "templates"
LAB_SETTINGS = Path(__file__).parent / "lab"
"""JupyterLab's app settings folder for ``careernb lab``: its ``overrides.json`` are defaults
that a manager's own settings still win over."""

LAB_QUIET = (
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
    f"--LabApp.app_settings_dir={LAB_SETTINGS}",
)
"""JupyterLab's arguments that keep it from asking the internet for news or a newer version of
itself, or asking the manager whether it may: ``careernb lab`` and the hub's servers alike."""

_PREHEATED = "VOILA_PREHEAT"  # Voilà sets it to "True" in the kernels it preheats


def query_string() -> str:
    """The query of the address this page was opened at, without the ``?``: ``person=007``."""
    if os.environ.get(_PREHEATED) == "True":
        # Imported here: it costs seconds, paid only by kernels that start before the visit.
        from voila.utils import get_query_string

        return get_query_string() or ""
    return os.environ.get("QUERY_STRING", "")
