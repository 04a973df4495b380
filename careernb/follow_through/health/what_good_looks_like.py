"""What good looks like, quarter by quarter: the playbook's measures as team ratios."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from careernb.domain.cadence import previous_quarters, quarter_bounds, quarter_of
from careernb.domain.contract import Party, kept_on_time, sending
from careernb.domain.conversations import ConversationKind, held
from careernb.domain.dates import month_spans
from careernb.domain.people import Person
from careernb.follow_through.health.failures import PersonRecords


@dataclasses.dataclass(frozen=True)
class Ratio:
    met: int
    of: int

    @property
    def share(self) -> float | None:
        return self.met / self.of if self.of else None

    def __str__(self) -> str:
        if not self.of:
            return "—"
        return f"{self.met} of {self.of} ({round(100 * self.met / self.of)}%)"


@dataclasses.dataclass(frozen=True)
class QuarterMetrics:
    quarter: str
    reports: int
    with_conversation: Ratio
    """Reports with a career conversation held in the quarter."""
    manager_kept: Ratio
    """The manager's commitments due in the quarter, kept on time (paused ones left out)."""
    person_kept: Ratio
    """Their commitments due in the quarter, kept on time (paused ones left out)."""
    sent_in_48h: Ratio
    """Contracts agreed in the quarter whose written summary went out within 48 hours."""
    reviews_monthly: Ratio
    """Months with a contract in force in which it was reviewed (a review or a career conversation)."""
    partial: bool
    """The quarter is not over yet: figures so far."""


def _on_team(person: Person, first: dt.date, last: dt.date) -> bool:
    return (person.joined is None or person.joined <= last) and (person.left is None or person.left >= first)


def quarter_metrics(quarter: str, team: Sequence[PersonRecords], today: dt.date) -> QuarterMetrics:
    first, last = quarter_bounds(quarter)
    until = min(last, today)
    people = [r for r in team if _on_team(r.person, first, until)]
    kept = {Party.MANAGER: [0, 0], Party.PERSON: [0, 0]}
    with_conv = [0, 0]
    sent = [0, 0]
    reviewed = [0, 0]
    for r in people:
        with_conv[1] += 1
        if any(first <= c.held <= until for c in held(r.conversations, career_only=True)):
            with_conv[0] += 1
        for party, tally in kept.items():
            done, due = kept_on_time(r.commitments, party, first, until, dropped_is_missed=True)
            tally[0] += done
            tally[1] += due
        for k in r.contracts:
            if k.agreed and first <= k.agreed <= until:
                s = sending(k, today).on_time
                if s is not None:
                    sent[1] += 1
                    sent[0] += s
        agreed_days = sorted(k.agreed for k in r.contracts if k.agreed)
        reviews = [
            c.held for c in held(r.conversations) if c.kind is ConversationKind.REVIEW or c.kind.is_career
        ]
        for m_first, m_last in month_spans(first, until):
            if m_last >= today or not agreed_days or agreed_days[0] >= m_first:
                continue  # the month is not over, or no contract was in force when it began
            reviewed[1] += 1
            reviewed[0] += any(m_first <= d <= m_last for d in reviews)
    return QuarterMetrics(
        quarter=quarter,
        reports=len(people),
        with_conversation=Ratio(*with_conv),
        manager_kept=Ratio(*kept[Party.MANAGER]),
        person_kept=Ratio(*kept[Party.PERSON]),
        sent_in_48h=Ratio(*sent),
        reviews_monthly=Ratio(*reviewed),
        partial=last >= today,
    )


def last_quarters(today: dt.date, count: int) -> list[str]:
    """The ``count`` quarters up to and including today's, oldest first."""
    return previous_quarters(quarter_of(today), count)


def metrics(team: Sequence[PersonRecords], today: dt.date, quarters: int = 4) -> list[QuarterMetrics]:
    """What good looks like, for each of the last ``quarters`` quarters, oldest first."""
    return [quarter_metrics(q, team, today) for q in last_quarters(today, quarters)]
