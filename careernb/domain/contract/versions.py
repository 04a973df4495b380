"""A live document: each quarter starts the next version, and any two versions compare.

"The development contract is a live document. It gets updated at each quarterly
career conversation": open and paused commitments carry over, and the changes between
versions are named (done, dropped, paused, re-dated, reworded).
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable

from careernb.domain.contract.records import Commitment, Contract, ReviewPoint, Status, in_order, of_version


def carry_over(
    previous: Contract | None,
    commitments: Iterable[Commitment],
    review_points: Iterable[ReviewPoint],
    *,
    person_id: str,
) -> tuple[Contract, list[Commitment]]:
    """Start the next version: open and paused commitments carry over with their status.

    The open question carries over too, until the new conversation replaces it.
    """
    version = previous.version + 1 if previous else 1
    carried = [
        dataclasses.replace(c, version=version)
        for c in of_version(commitments, previous.version if previous else 0)
        if c.status.carries_over
    ]
    draft = Contract(
        person_id=person_id,
        version=version,
        open_question=previous.open_question if previous else "",
    )
    return draft, in_order(carried)


class Change(enum.StrEnum):
    ADDED = "added"
    DONE = "done"
    DROPPED = "dropped"
    PAUSED = "paused"
    REOPENED = "reopened"
    REDATED = "re-dated"
    REWORDED = "reworded"
    REMOVED = "removed"
    UNCHANGED = "unchanged"


@dataclasses.dataclass(frozen=True)
class CommitmentChange:
    change: Change
    before: Commitment | None
    after: Commitment | None

    @property
    def commitment(self) -> Commitment:
        commitment = self.after or self.before
        assert commitment is not None  # a change has a before, an after, or both
        return commitment


def diff(before: Iterable[Commitment], after: Iterable[Commitment]) -> list[CommitmentChange]:
    """What changed between two versions' commitments, in the order of the later one."""
    old = {c.commitment_id: c for c in before}
    new = {c.commitment_id: c for c in after}
    out = []
    for c in in_order(new.values()):
        prev = old.get(c.commitment_id)
        out.append(CommitmentChange(_change(prev, c), prev, c))
    for c in in_order(v for k, v in old.items() if k not in new):
        done_or_dropped = {Status.DONE: Change.DONE, Status.DROPPED: Change.DROPPED}
        out.append(CommitmentChange(done_or_dropped.get(c.status, Change.REMOVED), c, None))
    return out


def _change(prev: Commitment | None, cur: Commitment) -> Change:
    if prev is None:
        return Change.ADDED
    if prev.status != cur.status:
        return {
            Status.DONE: Change.DONE,
            Status.DROPPED: Change.DROPPED,
            Status.PAUSED: Change.PAUSED,
            Status.OPEN: Change.REOPENED,
        }[cur.status]
    if prev.due != cur.due:
        return Change.REDATED
    if prev.action != cur.action:
        return Change.REWORDED
    return Change.UNCHANGED
