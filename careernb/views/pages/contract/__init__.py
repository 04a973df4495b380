"""The development contract: their commitments, the manager's, what we will review, the open question.

Written at the end of "How do we close the gap?" (the conversation embeds the builder) and on its
own page, where it is agreed, sent, and compared version with version.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ipywidgets as w


def show(person_id: str | None = None, home: str | None = None, today: dt.date | str | None = None) -> w.VBox:
    """Notebook 08: pick a person, then build, agree, send and compare their contract."""
    from careernb.views.pages.contract.view import contract_panel

    return contract_panel(person_id, home, today)
