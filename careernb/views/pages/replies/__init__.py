"""Replies: the person's replies to their contract, taken in, and each update accepted or set aside."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from careernb.views.pages.replies.view import RepliesPanel


def show(
    person_id: str | None = None, home: str | None = None, today: dt.date | str | None = None
) -> RepliesPanel:
    """The replies page for a notebook. It is about the whole team: ``person_id`` is taken so
    that every notebook has the same parameters."""
    from careernb.views.kit.parameters import for_the_team
    from careernb.views.pages.replies.view import RepliesPanel

    return for_the_team(RepliesPanel, home, today)
