"""A conversation's own row: kept once something is said or it is marked held, its held day,
trust and minutes; and one line that describes it.

No widgets: the panel calls these and the page follows :attr:`ConversationController.on_change`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import TypedDict, Unpack

from careernb.domain.conversations import Conversation
from careernb.domain.sessions import Removal
from careernb.errors import DeletedElsewhereError
from careernb.store import Store, table_of
from careernb.views.kit.autosave import Autosaver, Update
from careernb.views.kit.frame import day
from careernb.views.kit.parameters import OnTheDay, Today
from careernb.views.pages.conversation.clock import Clock


class Changed(TypedDict, total=False):
    """The conversation's fields the page changes, to be saved with it."""

    held: dt.date | None
    minutes: int | None
    trust_established: bool
    trust_gated_shown: bool


def describe(c: Conversation, *, kept: bool = True) -> str:
    """One line for a conversation: its kind, and when it was held or is booked."""
    if not kept:
        return f"{c.kind.value} · new, not kept until something is said"
    if c.held:
        when = f"held {day(c.held)}" + (f" · {c.minutes} min" if c.minutes else "")
    elif c.planned:
        at = f" {c.planned_time:%H:%M}" if c.planned_time else ""
        length = f" · {c.planned_minutes} min booked" if c.planned_minutes else ""
        when = f"booked {day(c.planned)}{at}{length}"
    else:
        when = "not booked"
    return f"{c.kind.value} · {when}"


class ConversationController(OnTheDay):
    """Keeps the conversation's own row: held today once something is said, trust, minutes.

    A conversation started on the page is not written until something is said in it (an
    answer, the aspiration, a checklist tick, the contract) or it is marked held: a click
    on "Start" alone leaves nothing behind. Until then its fields wait here.
    """

    def __init__(
        self,
        store: Store,
        conversation: Conversation,
        today: Today | dt.date | None,
        autosaver: Autosaver,
        *,
        written: bool = True,
    ) -> None:
        self.store = store
        self.conversation = conversation
        self._today = Today.of(today)
        self.autosaver = autosaver
        self.written = written
        """True once the conversation is in the store."""
        self._read_from_store = written
        """It was in the store when the page opened it: gone from it, another window deleted it."""
        self.clock: Clock | None = None
        self.on_change: Callable[[Conversation], None] | None = None
        """Called when it is first written or its held day changes (relabel a chooser, the address)."""
        self._set: Changed = {}
        self._exact_minutes = False
        self._held_by_typing = False
        """The held day was set by typing on this page, not given, nor in the store before."""

    @property
    def person_id(self) -> str:
        return self.conversation.person_id

    @property
    def conversation_id(self) -> str:
        return self.conversation.conversation_id

    def set(self, *, now: bool = False, **fields: Unpack[Changed]) -> None:
        """Change the conversation's fields; saved with it (at once with ``now``) once it is written."""
        self.conversation = dataclasses.replace(self.conversation, **fields)
        self._set.update(fields)
        if self.written:
            (self.autosaver.now if now else self.autosaver.changed)(("conversation",), self._update)

    def touch(self, said: bool = True) -> None:
        """Something was typed: with something ``said``, the conversation is being held (today,
        unless held already); with all of it taken back, a day only typing gave is taken back
        too, so a stray keystroke records no conversation.

        A conversation not yet in the store is written at once, so that what is said next
        (and the browser's copy of it) belongs to a conversation the page reopens."""
        changed = False
        if said and self.conversation.held is None:
            self._held_by_typing = changed = True
            self._held_as(self.today)
        elif not said and self._held_by_typing:
            self._held_by_typing, changed = False, True
            self._held_as(None)
        if not self.written:
            self.written = changed = True
            self.autosaver.now(("conversation",), self._update)
        elif changed:
            self.autosaver.changed(("conversation",), self._update)
        if changed:
            self._changed()

    def _held_as(self, day: dt.date | None) -> None:
        self.conversation = dataclasses.replace(self.conversation, held=day)
        self._set["held"] = day

    def mark_held(self, day: dt.date, minutes: int) -> None:
        """Held on ``day`` for ``minutes``, as the manager says (the clock follows)."""
        self._held_by_typing = False
        self.conversation = dataclasses.replace(self.conversation, held=day, minutes=minutes)
        self._set.update({"held": day, "minutes": minutes})
        self._exact_minutes = True
        if self.clock is not None:
            self.clock.set_minutes(minutes)
        self.written = True
        self.autosaver.now(("conversation",), self._update)
        self._changed()

    def save_minutes(self) -> None:
        if self.written:
            self.autosaver.changed(("conversation",), self._update)

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change(self.conversation)

    def _update(self) -> Update | None:
        if not self.written:
            return None
        mine = self.conversation
        minutes = int(self.clock.minutes()) if self.clock is not None and self.clock.minutes() >= 1 else None
        fields = self._set.copy()
        exact = self._exact_minutes
        taken_back = "held" in fields and fields["held"] is None

        def change(rows: list[Conversation]) -> list[Conversation]:
            out, found = [], False
            for r in rows:
                if r.conversation_id == mine.conversation_id:
                    found = True
                    # Another sitting (another tab) may have held it longer; what the manager
                    # gave when marking it held is taken as it is.
                    given = (r.minutes, minutes)
                    most = minutes if exact else max((m for m in given if m is not None), default=None)
                    held = mine.held if exact else r.held or mine.held
                    if taken_back and r.held == self.today:  # only the day this page's typing gave
                        held = None
                    kept: Changed = {**fields, "held": held, "minutes": most}
                    r = dataclasses.replace(r, **kept)
                out.append(r)
            if not found:
                if self._read_from_store:
                    raise DeletedElsewhereError("This conversation")
                out.append(dataclasses.replace(mine, minutes=minutes or mine.minutes))
            return out

        return Update(Conversation, mine.person_id, change)

    def delete(self, gone: Removal) -> None:
        """Delete the conversation and what goes with it, what refers to it first.

        What was typed is saved before the manager is asked, so nothing is pending to write
        it back; from here on the conversation is not in the store.
        """
        self.autosaver.flush()
        for record_type, rows in gone.going:
            if rows:
                key = table_of(record_type).key_of
                self.store.delete(record_type, self.person_id, [key(r) for r in rows])
        self.written = self._read_from_store = False
