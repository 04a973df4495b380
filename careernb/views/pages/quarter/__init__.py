"""The quarter: every report's current contract and your team view, rendered into your own
folder; on an organisation's database, your team's practice figures published to it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from careernb.views.pages.quarter.view import QuarterPanel


def show(
    person_id: str | None = None, home: str | None = None, today: dt.date | str | None = None
) -> QuarterPanel:
    """The quarter page for a notebook. It is about the whole team: ``person_id`` is taken so
    that every notebook has the same parameters."""
    from careernb.views.kit.parameters import for_the_team
    from careernb.views.pages.quarter.view import QuarterPanel

    return for_the_team(QuarterPanel, home, today)
