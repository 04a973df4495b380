"""Without notes: write where each report wants to go, then see it beside what they said."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from careernb.views.pages.self_test.view import SelfTestPanel


def show(
    person_id: str | None = None, home: str | None = None, today: dt.date | str | None = None
) -> SelfTestPanel:
    """The self-test for a notebook. It asks about the whole team: ``person_id`` is taken so that
    every notebook has the same parameters."""
    from careernb.views.kit.parameters import for_the_team
    from careernb.views.pages.self_test.view import SelfTestPanel

    return for_the_team(SelfTestPanel, home, today)
