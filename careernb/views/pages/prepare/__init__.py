"""Before You Start: the manager's private preparation for one person's career conversation."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from careernb.views.kit.person import PersonPage


def show(
    person_id: str | None = None, home: str | None = None, today: dt.date | str | None = None
) -> PersonPage:
    """The preparation page for a notebook."""
    from careernb.views.kit.parameters import Today
    from careernb.views.pages.prepare.view import prepare

    return prepare(person_id, home, today=Today.of(today))
