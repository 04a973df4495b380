"""The demo team's replies to their contracts: what each person wrote back, in their own words.

Each sent contract version the demo holds at its latest carries a reply token, as a contract
sent today would; a person whose voice holds replies answered their latest versions, a few days
after each was sent. What they say of a commitment follows the record on the day they wrote,
unless their words say otherwise; the manager accepted every update but those marked waiting.
No random draw is made here: the other people's histories stay as they were.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib

from careernb.demo.history import Tables
from careernb.demo.stories import Story
from careernb.demo.voice import ReplyWords
from careernb.domain.contract import Commitment, Contract, Party, in_order, of_version
from careernb.domain.replies import Agreement, Decision, Happened, Progress, Reply, ReplyToken, ReplyUpdate

WRITTEN_AFTER = dt.timedelta(days=6, hours=19, minutes=40)
"""When a reply is written: the evening of the sixth day after the contract was sent."""


def _token(person_id: str, version: int, today: dt.date) -> str:
    """The same day gives the same team: a token derived, not drawn."""
    digest = hashlib.sha256(f"careernb demo token {person_id} {version} {today}".encode()).digest()
    return base64.urlsafe_b64encode(digest[:16]).decode("ascii").rstrip("=")


def write_replies(story: Story, today: dt.date, out: Tables) -> None:
    """The reply tokens of the person's sent versions, and the replies their voice holds."""
    pid = story.person.person_id
    sent = sorted((c for c in out.rows.get((Contract, pid), ()) if c.sent), key=lambda c: c.version)
    words = story.voice.replies
    if len(words) > len(sent):
        raise ValueError(f"{pid} has {len(words)} replies but {len(sent)} sent contract versions")
    answered = dict(zip([c.version for c in sent[len(sent) - len(words) :]], words, strict=True))
    commitments = out.rows.get((Commitment, pid), [])
    for contract in sent:
        version = contract.version
        written = dt.datetime.combine(contract.sent, dt.time()) + WRITTEN_AFTER
        if version not in answered and version != sent[-1].version:
            continue  # only the latest version, and those answered, were sent with a reply
        out.add(ReplyToken(pid, version, _token(pid, version, today), contract.sent))
        if version in answered and written.date() < today:
            _reply(pid, version, answered[version], written, of_version(commitments, version), out)


def _reply(
    pid: str, version: int, w: ReplyWords, written: dt.datetime, commitments: list[Commitment], out: Tables
) -> None:
    reply_id = f"r-{pid}-v{version}"
    received = written.date() + dt.timedelta(days=1)
    ordered = in_order(commitments)

    def done_by_then(c: Commitment) -> bool:
        return c.done_on is not None and c.done_on <= written.date()

    def agreement(text: str) -> Agreement | None:
        return Agreement(text) if text else None

    out.add(
        Reply(
            pid,
            reply_id,
            version,
            written,
            received,
            w.changed,
            agreement(w.seen),
            agreement(w.future),
            agreement(w.moving),
        )
    )
    decision = Decision.PENDING if w.waiting else Decision.ACCEPTED
    decided = None if w.waiting else received
    theirs = next((c for c in ordered if c.party is Party.PERSON), None)
    if theirs is not None:
        progress = Progress(w.progress) if w.progress else (
            Progress.DONE if done_by_then(theirs) else Progress.ON_ITS_WAY
        )  # fmt: skip
        out.add(ReplyUpdate(pid, reply_id, theirs.commitment_id, progress, None, w.theirs, decision, decided))
    mine = next((c for c in ordered if c.party is Party.MANAGER), None)
    if mine is not None and (w.manager or w.happened or done_by_then(mine)):
        happened = Happened(w.happened) if w.happened else (
            Happened.YES if done_by_then(mine) else Happened.NOT_YET
        )  # fmt: skip
        out.add(ReplyUpdate(pid, reply_id, mine.commitment_id, None, happened, w.manager, decision, decided))
