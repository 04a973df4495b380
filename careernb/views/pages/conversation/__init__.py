"""The Three Conversation Types: where are you now, where do you want to go, how do we close the gap.

Each works as one session of three, or as a phase of one full conversation (the phase bar
moves between phases in one panel). Every answer is saved through the store as it is typed.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from careernb.store import Store
    from careernb.views.pages.conversation.page import ConversationPersonPage

Phase = Literal["now", "direction", "gap"]
"""A conversation by its short name, as the app's addresses name it."""


def conversation(
    phase: Phase,
    person_id: str | None = None,
    home: str | None = None,
    conversation_id: str | None = None,
    *,
    store: Store | None = None,
    today: dt.date | str | None = None,
) -> ConversationPersonPage:
    """The page for one of the three conversations: pick a person, then hold it."""
    from careernb.views.kit.parameters import Today, open_for_notebook
    from careernb.views.pages.conversation.page import PHASES, ConversationPage, ConversationPersonPage

    shown = store if store is not None else open_for_notebook(home)
    day = Today.of(today)

    def build(pid: str) -> ConversationPage:
        return ConversationPage(shown, pid, PHASES[phase], conversation_id, today=day)

    return ConversationPersonPage(shown, person_id, build)


def _page_for(phase: Phase, title: str) -> functools.partial[ConversationPersonPage]:
    """A notebook's page for one phase: ``show(person_id=..., home=..., today=...)``."""
    page = functools.partial(conversation, phase)
    page.__doc__ = title
    page.__module__ = __name__  # a partial says "functools": the app warms this package's view
    return page


where_are_you_now = _page_for("now", "Conversation 1 - Where are you now?")
where_do_you_want_to_go = _page_for("direction", "Conversation 2 - Where do you want to go?")
how_do_we_close_the_gap = _page_for("gap", "Conversation 3 - How do we close the gap?")
