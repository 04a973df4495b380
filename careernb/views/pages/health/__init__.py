"""Practice health: the five common failures in your data, what good looks like, goals that changed."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from careernb.views.pages.health.view import HealthPanel


def show(
    person_id: str | None = None, home: str | None = None, today: dt.date | str | None = None
) -> HealthPanel:
    """The practice health page for a notebook. It is about the whole team: ``person_id`` is
    taken so that every notebook has the same parameters."""
    from careernb.views.kit.parameters import for_the_team
    from careernb.views.pages.health.view import HealthPanel

    return for_the_team(HealthPanel, home, today)
