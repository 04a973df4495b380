"""What good looks like, from the person: the playbook's three statements as they answered them
in their replies, and how many contracts sent with a reply got one.

The playbook measures a career conversation by the person: they leave "feeling genuinely seen",
their trajectory is "visibly moving in the direction they identified", they "can see a future in
this organisation". Functions of frames of text cells, as :mod:`careernb.follow_through.figures`
are, over team-level columns only (:data:`NEEDS`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Sequence

import pandas as pd

from careernb.domain.cadence import quarter_bounds
from careernb.domain.contract import Contract
from careernb.domain.replies import STATEMENTS, Agreement, Reply, ReplyToken
from careernb.follow_through.figures import Frames, Ratio, days

NEEDS: dict[type, list[str]] = {
    Reply: ["person_id", "reply_id", "version", "written", "changed", *(s.key for s in STATEMENTS)],
    ReplyToken: ["person_id", "version", "issued"],
}
"""What the person's side reads, besides the contracts' days sent (in ``figures.NEEDS``)."""

AGREE = {Agreement.AGREE.value, Agreement.STRONGLY_AGREE.value}
ANSWERED = {a.value for a in Agreement if a.score is not None}
"""An answer on the scale: "rather not say" and a blank are not counted either way."""
SCORES = {"": 0} | {a.value: a.score or 0 for a in Agreement}
"""Each answer's place on the scale, 1 to 5; 0 for "rather not say" and a blank."""
SHOWN = 4
"""Replies shown per person: about a year of quarters."""


@dataclasses.dataclass(frozen=True)
class Said:
    """One reply as the team view shows it: when, and what they said."""

    written: dt.date
    version: int
    statements: tuple[str, ...]
    """Their answer to each of :data:`STATEMENTS`, in order; "" when left blank."""
    changed: str
    """What's changed since we last spoke, in their words."""


@dataclasses.dataclass(frozen=True)
class FromThePerson:
    """One quarter of the person's side."""

    quarter: str
    replied: Ratio
    """Contracts sent in the quarter with a reply, and those the person answered."""
    statements: tuple[Ratio, ...]
    """For each of :data:`STATEMENTS`: of the people whose last reply in the quarter answered it
    on the scale, those who agree or strongly agree."""
    partial: bool


def has_replies(frames: Frames) -> bool:
    return Reply in frames and ReplyToken in frames


def _replies(frames: Frames, team: Sequence[str]) -> pd.DataFrame:
    replies = frames[Reply]
    replies = replies[replies["person_id"].isin(team)]
    return replies.assign(day=pd.to_datetime(replies["written"], format="ISO8601")).sort_values(
        ["day", "reply_id"], kind="stable"
    )


def said_over_time(frames: Frames, team: Sequence[str], last: int = SHOWN) -> dict[str, list[Said]]:
    """Each person's last ``last`` replies, oldest first; people who never replied are left out."""
    if not has_replies(frames):
        return {}
    out: dict[str, list[Said]] = {}
    shown = _replies(frames, team).groupby("person_id", sort=False).tail(last)
    columns = [shown[c] for c in ("person_id", "day", "version", "changed", *(s.key for s in STATEMENTS))]
    for pid, day, version, changed, *said in zip(*columns, strict=True):
        out.setdefault(pid, []).append(Said(day.date(), int(version), tuple(said), changed))
    return {pid: out[pid] for pid in team if pid in out}


def quarter(frames: Frames, team: Sequence[str], quarter: str, today: dt.date) -> FromThePerson:
    """The person's side in one quarter, for the reports in ``team``."""
    first, last = quarter_bounds(quarter)
    until = pd.Timestamp(min(last, today))
    start = pd.Timestamp(first)
    if not has_replies(frames):
        return FromThePerson(quarter, Ratio(0, 0), tuple(Ratio(0, 0) for _ in STATEMENTS), last >= today)
    contracts = frames[Contract]
    contracts = contracts[contracts["person_id"].isin(team) & (contracts["sent"] != "")]
    sent = contracts[days(contracts["sent"]).between(start, until)]
    key = ["person_id", "version"]
    tokens = frames[ReplyToken][key].astype({"version": int})
    with_reply = sent[key].astype({"version": int}).merge(tokens, on=key).drop_duplicates()
    replies = _replies(frames, team)
    answered = replies[key].astype({"version": int}).drop_duplicates()
    got_one = len(with_reply.merge(answered, on=key))
    latest = _last_in(replies, quarter, today)
    statements = tuple(
        Ratio(int(latest[s.key].isin(AGREE).sum()), int(latest[s.key].isin(ANSWERED).sum()))
        for s in STATEMENTS
    )
    return FromThePerson(quarter, Ratio(got_one, len(with_reply)), statements, last >= today)


NO_ANSWER = "no answer this quarter"
"""A report who sent no reply in the quarter, or left the statement blank."""


def _last_in(replies: pd.DataFrame, quarter: str, today: dt.date) -> pd.DataFrame:
    """Each person's last reply written in the quarter (up to ``today``)."""
    first, last = quarter_bounds(quarter)
    until = pd.Timestamp(min(last, today)) + pd.Timedelta(days=1)
    in_quarter = replies[replies["day"].between(pd.Timestamp(first), until, inclusive="left")]
    return in_quarter.groupby("person_id", sort=False).tail(1)


def statement_counts(
    frames: Frames, team: Sequence[str], quarter: str, today: dt.date
) -> dict[str, dict[str, int]]:
    """For each of :data:`STATEMENTS`, how many of ``team`` gave each answer in their last reply of
    the quarter; every report counted once (:data:`NO_ANSWER` when they gave none). Counts only:
    no person, no words."""
    latest = {}
    if has_replies(frames):
        last = _last_in(_replies(frames, team), quarter, today)
        latest = {row.person_id: row for row in last.itertuples(index=False)}
    return {
        s.key: dict(Counter((getattr(latest[p], s.key) if p in latest else "") or NO_ANSWER for p in team))
        for s in STATEMENTS
    }


def quarters(
    frames: Frames, team: Sequence[str], chosen: Sequence[str], today: dt.date
) -> list[FromThePerson]:
    """:func:`quarter` for each quarter, in the order given."""
    return [quarter(frames, team, q, today) for q in chosen]
