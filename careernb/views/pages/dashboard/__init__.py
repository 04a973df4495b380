"""Your team: the manager's start page, everyone in the order of what needs the manager now.

Each row opens Prepare, the monthly review and the check-in for that person: in the app through
the pages' addresses, in JupyterLab through their notebooks, both read from the registry of pages.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from careernb.views.pages.dashboard.view import DashboardPanel


def show(
    person_id: str | None = None,
    home: str | None = None,
    today: dt.date | str | None = None,
    notebooks: str | None = None,
) -> DashboardPanel:
    """The dashboard for a notebook. It shows the whole team: ``person_id`` is taken so that
    every notebook has the same parameters."""
    from pathlib import Path

    from careernb.views.kit.parameters import Today, open_for_notebook
    from careernb.views.pages.dashboard.view import DashboardPanel

    return DashboardPanel(
        open_for_notebook(home, create=False), Today.of(today), Path(notebooks) if notebooks else None
    )
