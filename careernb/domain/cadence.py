"""Cadence: quarterly career conversations, monthly reviews, more often at transitions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from careernb.domain.conversations import (
    MINIMUM_CAREER_MINUTES,
    Conversation,
    ConversationKind,
    held,
    upcoming,
)
from careernb.domain.dates import add_months
from careernb.domain.people import Person
from careernb.domain.signals import Signal, open_signals
from careernb.errors import QuarterError

QUARTER = dt.timedelta(days=91)
AT_TRANSITION = dt.timedelta(days=42)
DUE_SOON = dt.timedelta(days=14)


def quarter_of(day: dt.date) -> str:
    """``2026Q4`` for any day of October to December 2026."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(quarter: str) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter written ``YYYYQn``; a :class:`QuarterError` otherwise."""
    match = re.fullmatch(r"(\d{4})[Qq]([1-4])", quarter) if isinstance(quarter, str) else None
    if not match:
        raise QuarterError(quarter)
    year, q = int(match[1]), int(match[2])
    first = dt.date(year, 3 * q - 2, 1)
    last = dt.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1) - dt.timedelta(days=1)
    return first, last


ENDED_EVERYWHERE = dt.timedelta(hours=12)
"""A quarter has ended everywhere on earth at noon UTC on the next one's first day (midnight at UTC-12)."""


def final_from(quarter: str) -> dt.datetime:
    """When a quarter has ended everywhere: figures a team publishes from then on are final (as
    the organisation's database decides, in revision 0009's ``quarter_final_from``)."""
    _, last = quarter_bounds(quarter)
    midnight = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    return midnight + ENDED_EVERYWHERE


def is_final(quarter: str, published: dt.datetime | None) -> bool:
    """Whether figures of ``quarter`` published then are final: published once it had ended."""
    return published is not None and published >= final_from(quarter)


def previous_quarters(quarter: str, count: int) -> list[str]:
    """``count`` quarters ending with ``quarter``, oldest first."""
    year, q = int(quarter[:4]), int(quarter[-1])
    out = []
    for _ in range(count):
        out.append(f"{year}Q{q}")
        year, q = (year - 1, 4) if q == 1 else (year, q - 1)
    return list(reversed(out))


@dataclasses.dataclass(frozen=True)
class Due:
    """When the next career conversation is due, and why."""

    last: dt.date | None
    booked: dt.date | None
    due: dt.date
    reason: str

    def overdue(self, today: dt.date) -> bool:
        return self.due < today and (self.booked is None or self.booked < today)

    def due_soon(self, today: dt.date) -> bool:
        return not self.overdue(today) and self.due <= today + DUE_SOON


def next_career_conversation(
    person: Person, conversations: list[Conversation], signals: list[Signal], today: dt.date
) -> Due:
    """Quarterly at minimum; every six weeks at a transition; now if someone may be leaving."""
    career = held(conversations, career_only=True)
    last = career[-1].held if career else None
    booked = next((c.planned for c in upcoming(conversations, today) if c.kind.is_career), None)
    urgent = [s for s in open_signals(signals) if s.kind.is_urgent]
    if urgent:
        return Due(last, booked, urgent[0].noticed, f"signal: {urgent[0].kind.value}")
    if last is None:  # a new joiner's first falls due a quarter after joining
        start = person.joined + QUARTER if person.joined else today
        return Due(None, booked, start, "no career conversation yet")
    if person.transition is not None:
        return Due(last, booked, last + AT_TRANSITION, f"transition: {person.transition.value}")
    return Due(last, booked, last + QUARTER, "quarterly")


def next_review(conversations: list[Conversation], contract_agreed: dt.date | None) -> dt.date | None:
    """A monthly development contract review, counted from the last review or the agreement."""
    reviews = [c.held for c in held(conversations) if c.kind is ConversationKind.REVIEW]
    start = max([d for d in [*reviews, contract_agreed] if d is not None], default=None)
    # The same day next month, as the calendar books it (domain/dates.py).
    return add_months(start, 1) if start else None


def too_short(conversation: Conversation) -> bool:
    """A career conversation held in under 45 minutes."""
    return (
        conversation.kind.is_career
        and conversation.minutes is not None
        and conversation.minutes < MINIMUM_CAREER_MINUTES
    )
