"""Monthly contract review: "what's changed since we last spoke?", your commitments first, then theirs."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from careernb.views.pages.review.view import ReviewPanel


def show(
    person_id: str | None = None, home: str | None = None, today: dt.date | str | None = None
) -> ReviewPanel:
    """The review panel for a notebook."""
    from careernb.views.kit.parameters import Today, open_for_notebook
    from careernb.views.pages.review.view import ReviewPanel

    return ReviewPanel(open_for_notebook(home, create=False), person_id, Today.of(today))
