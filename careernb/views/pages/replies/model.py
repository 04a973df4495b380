"""The Replies page's model: what waits for the manager, the reply last taken in or refused.

No widgets: :class:`RepliesModel` takes a reply in and decides updates through
:mod:`careernb.follow_through.replies`, and holds what the page shows.
"""

from __future__ import annotations

import datetime as dt

import traitlets

from careernb.domain.replies import Decision, ReplyUpdate
from careernb.domain.reply_block import ReplyError
from careernb.follow_through import replies
from careernb.store import Store
from careernb.views.kit.parameters import ModelOnTheDay, Today


class RepliesModel(ModelOnTheDay):
    waiting: traitlets.List[replies.Waiting] = traitlets.List()
    """The replies with updates to decide (:class:`~careernb.follow_through.replies.Waiting`)."""
    taken = traitlets.Instance(replies.TakenIn, allow_none=True)
    """The reply last taken in on this page."""
    refusal = traitlets.Unicode("")
    """Why the last reply offered was not taken in; nothing was written."""

    def __init__(self, store: Store, today: Today | dt.date | None = None) -> None:
        super().__init__(today)
        self.store = store
        self.load()

    def load(self) -> None:
        """Read what waits again (after a reply taken in elsewhere: ``careernb reply import``)."""
        self.waiting = replies.waiting(self.store)

    def take_in(self, data: bytes | str) -> replies.TakenIn | None:
        """Check and keep one reply, and return it; a refusal is kept in ``refusal``, nothing is
        written and None is returned."""
        try:
            taken = replies.take_in(self.store, data, self.today)
        except ReplyError as refused:
            self.taken = None
            self.refusal = str(refused)
            return None
        self.refusal = ""
        self.taken = taken
        self.load()
        return taken

    def decide(self, update: ReplyUpdate, decision: Decision) -> ReplyUpdate:
        return replies.decide(
            self.store, update.person_id, update.reply_id, update.commitment_id, decision, self.today
        )
