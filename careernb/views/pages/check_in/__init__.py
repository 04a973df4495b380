"""Informal check-in: a quick note, the signals noticed, and what the playbook proposes next."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from careernb.views.pages.check_in.view import CheckInPanel


def show(
    person_id: str | None = None, home: str | None = None, today: dt.date | str | None = None
) -> CheckInPanel:
    """The check-in panel for a notebook."""
    from careernb.views.kit.parameters import Today, open_for_notebook
    from careernb.views.pages.check_in.view import CheckInPanel

    return CheckInPanel(open_for_notebook(home, create=False), person_id, Today.of(today))
