"""The team dashboard: one status row per report, ordered by what needs the manager now.

Pure: :func:`status_row` takes one person's records and a day; :func:`order`
sorts rows so that an urgent signal ("before the decision crystallises") comes
first, then an overdue career conversation, overdue manager commitments and a
due monthly review. :func:`team_rows` is the one place that reads the store.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Iterable
from typing import TypeVar

from careernb.domain import contract as contracts_
from careernb.domain.aspirations import Aspiration, direction_changed, latest, one_line
from careernb.domain.cadence import QUARTER, Due, next_career_conversation, next_review
from careernb.domain.contract import Commitment, Contract, Party, in_order, latest_agreed, of_version
from careernb.domain.conversations import Conversation
from careernb.domain.dates import human_date
from careernb.domain.goals import GoalChange, goal_change
from careernb.domain.people import Person
from careernb.domain.signals import Signal
from careernb.follow_through.health import Sending, going_nowhere, sending
from careernb.store import Store

R = TypeVar("R")


class Need(enum.IntEnum):
    """What needs the manager now, most pressing first."""

    URGENT_SIGNAL = 1
    OVERDUE_CONVERSATION = 2
    OVERDUE_MANAGER_COMMITMENTS = 3
    REVIEW_DUE = 4
    CONTRACT_TO_AGREE = 5
    CONTRACT_TO_SEND = 6
    OPEN_SIGNAL = 7
    GOALS_CHANGED = 8
    FIRST_CONVERSATION = 9
    CONVERSATION_DUE_SOON = 10

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Need.URGENT_SIGNAL: "urgent signal",
    Need.OVERDUE_CONVERSATION: "career conversation overdue",
    Need.OVERDUE_MANAGER_COMMITMENTS: "your commitments overdue",
    Need.REVIEW_DUE: "monthly review due",
    Need.CONTRACT_TO_AGREE: "no contract agreed",
    Need.CONTRACT_TO_SEND: "contract to send",
    Need.OPEN_SIGNAL: "signal to follow up",
    Need.GOALS_CHANGED: "goals changed",
    Need.FIRST_CONVERSATION: "no career conversation yet",
    Need.CONVERSATION_DUE_SOON: "career conversation due soon",
}


@dataclasses.dataclass(frozen=True)
class Reason:
    """One thing that needs the manager, and how pressing it is within its kind."""

    need: Need
    text: str
    days: int = 0
    """Days overdue (or since noticed): more days, higher in the list."""


@dataclasses.dataclass(frozen=True)
class OpenCommitment:
    commitment: Commitment
    overdue: bool


@dataclasses.dataclass(frozen=True)
class StatusRow:
    """Everything the dashboard shows about one report."""

    person: Person
    last_conversation: dt.date | None
    due: Due
    next_conversation: dt.date | None
    next_review: dt.date | None
    commitments: tuple[OpenCommitment, ...]
    """Open and paused commitments of the current contract, the manager's own first."""
    last_signal: Signal | None
    where: str
    """Where they want to go, in one line: direction and three-year picture."""
    goal_change: tuple[Aspiration, Aspiration] | None
    contract: Contract | None
    sent: Sending
    needs: tuple[Reason, ...]
    goals_changed: GoalChange | None = None
    """The same change side by side, with the contract that took it in (read once, here)."""

    @property
    def due_date(self) -> dt.date:
        """When the next career conversation is due."""
        return self.due.due

    @property
    def conversation_overdue(self) -> bool:
        """Due and not booked: an urgent signal, a missed quarter, or a first conversation long awaited."""
        return any(r.need in (Need.URGENT_SIGNAL, Need.OVERDUE_CONVERSATION) for r in self.needs) and (
            self.next_conversation is None
        )

    @property
    def person_id(self) -> str:
        return self.person.person_id

    @property
    def top(self) -> Reason | None:
        return self.needs[0] if self.needs else None

    @property
    def overdue_manager_commitments(self) -> list[Commitment]:
        return [o.commitment for o in self.commitments if o.overdue and o.commitment.party is Party.MANAGER]

    def sort_key(self) -> tuple:
        if self.top is None:
            return (len(Need) + 1, 0, self.due.due, self.person.name.casefold())
        return (int(self.top.need), -self.top.days, self.due.due, self.person.name.casefold())


def _days(a: dt.date, b: dt.date) -> int:
    return (b - a).days


def _ago(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def status_row(
    person: Person,
    *,
    conversations: list[Conversation],
    contracts: list[Contract],
    commitments: list[Commitment],
    signals: list[Signal],
    aspirations: list[Aspiration],
    today: dt.date,
) -> StatusRow:
    """One person's row, with the reasons it needs the manager, most pressing first."""
    due = next_career_conversation(person, conversations, signals, today)
    last, booked = due.last, due.booked
    agreed = latest_agreed(contracts)
    current = contracts_.current(contracts)
    review = next_review(conversations, agreed.agreed if agreed else None)
    version_rows = of_version(commitments, agreed.version) if agreed else []
    open_rows = [OpenCommitment(c, c.overdue(today)) for c in in_order(version_rows) if c.status.carries_over]
    ordered_signals = sorted(signals, key=lambda s: (s.noticed, s.signal_id))
    last_signal = ordered_signals[-1] if ordered_signals else None
    change = direction_changed(aspirations)
    sent = sending(current, today)

    needs: list[Reason] = []
    for s in sorted((s for s in signals if s.open and s.kind.is_urgent), key=lambda s: s.noticed):
        days = _days(s.noticed, today)
        needs.append(
            Reason(
                Need.URGENT_SIGNAL,
                f"{s.kind.value}, {_ago(days)}. Talk now, before the decision crystallises",
                days,
            )
        )
    if last is None:
        since_joined = _days(person.joined, today) if person.joined else None
        if since_joined is None or since_joined > QUARTER.days:
            when = f"joined {_ago(since_joined)}" if since_joined is not None else "joining date unknown"
            if booked is None:
                needs.append(
                    Reason(Need.OVERDUE_CONVERSATION, f"none yet ({when}), nothing booked", since_joined or 0)
                )
        elif booked is None:
            needs.append(Reason(Need.FIRST_CONVERSATION, f"joined {_ago(since_joined)}: book the first one"))
    elif due.overdue(today) and not due.reason.startswith("signal"):
        # An urgent signal already says "talk now"; otherwise the cadence was missed.
        days = _days(due.due, today)
        needs.append(
            Reason(
                Need.OVERDUE_CONVERSATION,
                f"{days} day{'s' if days != 1 else ''} overdue ({due.reason}, due {human_date(due.due)}), "
                "nothing booked",
                days,
            )
        )
    mine = [o.commitment for o in open_rows if o.overdue and o.commitment.party is Party.MANAGER]
    if mine:
        oldest = min(c.due for c in mine if c.due is not None)
        days = _days(oldest, today)
        needs.append(
            Reason(
                Need.OVERDUE_MANAGER_COMMITMENTS,
                f"{len(mine)} overdue, the oldest due {human_date(oldest)}",
                days,
            )
        )
    if review is not None and review <= today and open_rows:
        days = _days(review, today)
        needs.append(Reason(Need.REVIEW_DUE, f"due {human_date(review)}", days))
    for f in going_nowhere(person, conversations, contracts, commitments, today):
        if last is not None and f.day == last:
            text = f.text.replace(f"on {human_date(last)}: ", f"on {human_date(last)} ")
            needs.append(
                Reason(Need.CONTRACT_TO_AGREE, f"the {text}: agree dated commitments", _days(last, today))
            )
    if sent.state in (Sending.State.LATE_UNSENT, Sending.State.TO_SEND):
        needs.append(Reason(Need.CONTRACT_TO_SEND, sent.text, sent.late_by))
    for s in sorted((s for s in signals if s.open and not s.kind.is_urgent), key=lambda s: s.noticed):
        days = _days(s.noticed, today)
        needs.append(Reason(Need.OPEN_SIGNAL, f"{s.kind.value}, {_ago(days)}", days))
    if change is not None and not (agreed and agreed.agreed and agreed.agreed >= change[1].recorded):
        needs.append(
            Reason(
                Need.GOALS_CHANGED,
                f"on {human_date(change[1].recorded)}: update the development contract",
                _days(change[1].recorded, today),
            )
        )
    if last is not None and due.due_soon(today) and booked is None:
        needs.append(Reason(Need.CONVERSATION_DUE_SOON, f"due {human_date(due.due)}: book it now"))
    needs.sort(key=lambda r: (int(r.need), -r.days))
    return StatusRow(
        person=person,
        last_conversation=last,
        due=due,
        next_conversation=booked,
        next_review=review,
        commitments=tuple(open_rows),
        last_signal=last_signal,
        where=one_line(latest(aspirations)),
        goal_change=change,
        contract=current,
        sent=sent,
        needs=tuple(needs),
        goals_changed=goal_change(aspirations, contracts) if change is not None else None,
    )


def order(rows: Iterable[StatusRow]) -> list[StatusRow]:
    """What needs the manager now first; within a need, the longest waiting first."""
    return sorted(rows, key=StatusRow.sort_key)


def team_rows(store: Store, people: list[Person], today: dt.date) -> list[StatusRow]:
    """The rows of ``people``, read from the store a table at a time, in dashboard order.

    The team page shows none of the manager's private text, so none of it is opened."""
    ids = [p.person_id for p in people]

    def team(record_type: type[R]) -> dict[str, list[R]]:
        return store.load_team(record_type, ids, private_text=False)

    conversations, contracts, commitments = team(Conversation), team(Contract), team(Commitment)
    signals, aspirations = team(Signal), team(Aspiration)
    rows = [
        status_row(
            p,
            conversations=conversations[p.person_id],
            contracts=contracts[p.person_id],
            commitments=commitments[p.person_id],
            signals=signals[p.person_id],
            aspirations=aspirations[p.person_id],
            today=today,
        )
        for p in people
    ]
    return order(rows)


__all__ = [
    "Need",
    "OpenCommitment",
    "Reason",
    "StatusRow",
    "order",
    "status_row",
    "team_rows",
]
