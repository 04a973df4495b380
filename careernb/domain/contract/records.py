"""The development contract's records: a versioned contract, its commitments, what we will review.

Their commitments, the manager's commitments, what we will review, and the
open question we are sitting with; and the lookups every layer uses on them.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Protocol, TypeVar

from careernb.store import Id, Month, Privacy, column, table


class Party(enum.StrEnum):
    """Whose commitment it is."""

    PERSON = "person"
    MANAGER = "manager"


class Status(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"
    PAUSED = "paused"
    """Paused is not failure: a commitment put on hold by agreement."""

    @property
    def carries_over(self) -> bool:
        return self in (Status.OPEN, Status.PAUSED)


@table("contracts", key=("version",), per_person=True)
class Contract:
    """One version of a person's development contract."""

    person_id: Id = column(Privacy.TEAM, "Whose contract.", references="people")
    version: int = column(Privacy.TEAM, "1 for the first contract, then one more each quarter.")
    agreed: dt.date | None = column(
        Privacy.TEAM, "When both agreed it; empty while it is a draft.", default=None
    )
    sent: dt.date | None = column(
        Privacy.TEAM, "When the written summary was sent to the person.", default=None
    )
    next_conversation: dt.date | None = column(
        Privacy.TEAM, "The date of the next career conversation.", default=None
    )
    open_question: str = column(Privacy.PERSON, "The open question we are sitting with.", default="")
    override_reason: str = column(
        Privacy.PRIVATE,
        "Why the manager agreed or sent it despite a warning (no dated commitment, a promise kept).",
        default="",
    )
    conversation_id: Id | None = column(
        Privacy.TEAM, "The conversation that produced it.", default=None, references="conversations"
    )

    @property
    def is_agreed(self) -> bool:
        return self.agreed is not None


@table("commitments", key=("version", "commitment_id"), per_person=True)
class Commitment:
    """A specific action by one party, by a date. Carried into later versions by id."""

    person_id: Id = column(Privacy.TEAM, "Whose contract.", references="people")
    version: int = column(Privacy.TEAM, "The contract version it belongs to.", references="contracts")
    commitment_id: Id = column(
        Privacy.TEAM, "Stable across versions, so a carried-over commitment keeps its id."
    )
    party: Party = column(Privacy.TEAM, "person (their commitment) or manager.")
    action: str = column(Privacy.PERSON, "The specific action, learning or behaviour.")
    due: dt.date | None = column(Privacy.TEAM, "By when.", default=None)
    status: Status = column(Privacy.TEAM, "open, done, dropped or paused.", default=Status.OPEN)
    done_on: dt.date | None = column(Privacy.TEAM, "When it was done.", default=None)
    position: int = column(Privacy.TEAM, "Order within its party's list.", default=0)
    note: str = column(Privacy.PRIVATE, "The manager's note on progress.", default="")
    promise_kept: bool = column(
        Privacy.PRIVATE,
        "The manager read the warning about promising an outcome and kept the wording.",
        default=False,
    )

    @property
    def kept_on_time(self) -> bool:
        return self.status is Status.DONE and (
            self.due is None or (self.done_on is not None and self.done_on <= self.due)
        )

    def overdue(self, today: dt.date) -> bool:
        return self.status is Status.OPEN and self.due is not None and self.due < today


@table("review_points", key=("version", "review_id"), per_person=True)
class ReviewPoint:
    """What we will review: in [month], we will check in on [aspect]."""

    person_id: Id = column(Privacy.PERSON, "Whose contract.", references="people")
    version: int = column(Privacy.PERSON, "The contract version.", references="contracts")
    review_id: Id = column(Privacy.PERSON, "Stable id.")
    month: Month = column(Privacy.PERSON, "The month of the review, YYYY-MM.")
    aspect: str = column(Privacy.PERSON, "The specific aspect of progress to check in on.")


def current(contracts: Iterable[Contract]) -> Contract | None:
    """The latest version."""
    ordered = sorted(contracts, key=lambda c: c.version)
    return ordered[-1] if ordered else None


def latest_agreed(contracts: Iterable[Contract]) -> Contract | None:
    return current(c for c in contracts if c.is_agreed)


class _OfAVersion(Protocol):
    @property
    def version(self) -> int: ...


_V = TypeVar("_V", bound=_OfAVersion)


def of_version(rows: Iterable[_V], version: int) -> list[_V]:
    """Commitments or review points of one version."""
    return [r for r in rows if r.version == version]


def in_order(commitments: Iterable[Commitment]) -> list[Commitment]:
    """The manager's own commitments first, then theirs, each in their agreed order."""
    rank = {Party.MANAGER: 0, Party.PERSON: 1}
    return sorted(commitments, key=lambda c: (rank[c.party], c.position, c.commitment_id))
