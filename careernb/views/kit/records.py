"""A record made in a conversation, held as traits while it is being written."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import traitlets as t


class RecordModel(t.HasTraits):
    """One record made in a conversation, as traits: each trait is the record's field of that name.

    The traits start from the saved record, if there is one; :meth:`kept` writes them back into it.
    """

    def __init__(
        self,
        person_id: str,
        conversation_id: str | None,
        saved: Any,
        day: dt.date | Callable[[], dt.date] | None = None,
    ) -> None:
        super().__init__()
        self.person_id = person_id
        self.conversation_id = conversation_id
        self.saved = saved
        self._day = day
        if saved is not None:
            for name in self.trait_names():
                setattr(self, name, getattr(saved, name))

    def kept(self, new: Callable[..., Any], **also: Any) -> Any:
        """The saved record with the traits' values and ``also``; the first time, ``new(**values)``."""
        values = {**{name: getattr(self, name) for name in self.trait_names()}, **also}
        self.saved = new(**values) if self.saved is None else dataclasses.replace(self.saved, **values)
        return self.saved

    @property
    def day(self) -> dt.date | None:
        """The record's day: a day, or asked of its conversation when the record is made."""
        return self._day() if callable(self._day) else self._day


class DatedRecordModel(RecordModel):
    """A record dated by the day of its conversation (an aspiration, a fit assessment)."""

    def __init__(
        self, person_id: str, conversation_id: str | None, saved: Any, day: dt.date | Callable[[], dt.date]
    ) -> None:
        super().__init__(person_id, conversation_id, saved, day)

    @property
    def day(self) -> dt.date:
        day = super().day
        assert day is not None
        return day
