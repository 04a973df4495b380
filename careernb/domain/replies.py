"""The contract answers back: what the person says about their contract, in their own words.

The development contract is "a shared, explicit agreement" that "both parties own". The person
receives it with a short reply they can fill in offline: for each of their commitments, done /
on its way / stuck; for each of the manager's, did this happen?; what has changed since we last
spoke; and the playbook's three measures of a good conversation, each on a five-point scale.

A reply belongs to the person: it goes with their export, their handover and ``forget``, and is
never private to the manager. Nothing in it overwrites the manager's record: each update waits
for the manager to accept it or set it aside.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import secrets

from careernb.domain.playbook import WHAT_GOOD_LOOKS_LIKE
from careernb.store import Id, Privacy, column, table


class Agreement(enum.StrEnum):
    """A five-point agree scale, and the right not to say."""

    STRONGLY_DISAGREE = "strongly disagree"
    DISAGREE = "disagree"
    NEITHER = "neither agree nor disagree"
    AGREE = "agree"
    STRONGLY_AGREE = "strongly agree"
    RATHER_NOT_SAY = "rather not say"

    @property
    def score(self) -> int | None:
        """1 (strongly disagree) to 5 (strongly agree); None for "rather not say"."""
        return _SCORES.get(self)


_SCORES = {a: i for i, a in enumerate(list(Agreement)[:5], start=1)}


@dataclasses.dataclass(frozen=True)
class Statement:
    """One of the playbook's measures of a good career conversation, as the person says it."""

    key: str
    words: str
    measures: str
    """The playbook's own line it comes from."""
    short: str
    """A column's heading for it."""


_SEEN, _MOVING, _FUTURE = (WHAT_GOOD_LOOKS_LIKE[i] for i in (0, 4, 5))
STATEMENTS: tuple[Statement, ...] = (
    Statement("seen", "I left our last career conversation feeling genuinely seen.", _SEEN, "Felt seen"),
    Statement("future", "I can see a future for me in this organisation.", _FUTURE, "Sees a future here"),
    Statement(
        "moving",
        "Over the last months I have been moving in the direction I identified.",
        _MOVING,
        "Moving their way",
    ),
)
BY_KEY = {s.key: s for s in STATEMENTS}


class Progress(enum.StrEnum):
    """Where one of their own commitments stands, as they see it."""

    DONE = "done"
    ON_ITS_WAY = "on its way"
    STUCK = "stuck"


class Happened(enum.StrEnum):
    """Whether one of the manager's commitments happened, as they saw it."""

    YES = "yes"
    PARTLY = "partly"
    NOT_YET = "not yet"


class Decision(enum.StrEnum):
    """What the manager did with an update: nothing is taken in silently."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    SET_ASIDE = "set aside"


@table("reply_tokens", key=("version",), per_person=True)
class ReplyToken:
    """The random token a sent contract version carries, so its replies can be recognised."""

    # That a version went out with a reply is team-level, as its day sent is; the token is theirs.
    person_id: Id = column(Privacy.TEAM, "Whose contract.", references="people")
    version: int = column(Privacy.TEAM, "The contract version sent.", references="contracts")
    token: str = column(Privacy.PERSON, "Random; in the contract the person received, and in their reply.")
    issued: dt.date = column(Privacy.TEAM, "When the token was made: the version first sent or previewed.")


@table("replies", key=("reply_id",), per_person=True)
class Reply:
    """One reply the person sent about one version of their contract."""

    person_id: Id = column(Privacy.TEAM, "Who replied.", references="people")
    reply_id: Id = column(Privacy.TEAM, "Random, made by the person's browser: a reply is taken in once.")
    version: int = column(Privacy.TEAM, "The contract version it answers.", references="contracts")
    written: dt.datetime = column(Privacy.TEAM, "When the person wrote it, by their clock.")
    received: dt.date = column(Privacy.TEAM, "When the manager took it in.")
    changed: str = column(
        Privacy.TEAM, "What's changed since we last spoke, in the person's words.", default=""
    )
    seen: Agreement | None = column(Privacy.TEAM, BY_KEY["seen"].words, default=None)
    future: Agreement | None = column(Privacy.TEAM, BY_KEY["future"].words, default=None)
    moving: Agreement | None = column(Privacy.TEAM, BY_KEY["moving"].words, default=None)

    def statement(self, key: str) -> Agreement | None:
        said: Agreement | None = getattr(self, BY_KEY[key].key)
        return said


@table("reply_updates", key=("reply_id", "commitment_id"), per_person=True)
class ReplyUpdate:
    """What the person said about one commitment, waiting for the manager to take it in."""

    person_id: Id = column(Privacy.PERSON, "Who replied.", references="people")
    # No reference to replies: the updates are saved first, so a reply is never kept without them.
    reply_id: Id = column(Privacy.PERSON, "The reply it came in.")
    commitment_id: Id = column(Privacy.PERSON, "The commitment it is about.")
    progress: Progress | None = column(
        Privacy.PERSON, "For their own commitment: done, on its way or stuck.", default=None
    )
    happened: Happened | None = column(
        Privacy.PERSON, "For one of the manager's: did this happen?", default=None
    )
    note: str = column(Privacy.PERSON, "Their note, in their words.", default="")
    decision: Decision = column(
        Privacy.PERSON, "pending until the manager accepts it or sets it aside.", default=Decision.PENDING
    )
    decided: dt.date | None = column(Privacy.PERSON, "When the manager decided.", default=None)


def new_token() -> str:
    """128 random bits, written so that a person can read them aloud if they must."""
    return secrets.token_urlsafe(16)


def token_of(tokens: list[ReplyToken], version: int) -> ReplyToken | None:
    return next((t for t in tokens if t.version == version), None)
