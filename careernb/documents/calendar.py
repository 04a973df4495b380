"""Follow-through in the calendar: the manager's commitments, the monthly reviews, the next conversation.

The playbook: "The commitments you make in this conversation need to go in
your calendar immediately after the conversation." careernb writes an
iCalendar file to import. Every event has a stable UID, so importing a newer
file updates the events instead of adding copies: a commitment keeps its id
across contract versions, a review is one per person and month, and the next
conversation is one per person and contract version. Each event's SEQUENCE is the second
the file was written, so a newer file always wins: a calendar that keeps an event whose
SEQUENCE did not rise (Google Calendar does) would otherwise miss a rebooked time or a dropped
commitment. Data comes through :func:`careernb.ownership.sharing.for_person` only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from careernb.documents.shown import one_line, printable, shown
from careernb.domain import contract as rules
from careernb.domain import playbook
from careernb.domain.checklists import ITEMS, Stage
from careernb.domain.contract import Commitment, Contract, Party, ReviewPoint, Status
from careernb.domain.contract.wording import in_sentence
from careernb.domain.conversations import MINUTES, Conversation, ConversationKind, booked_at
from careernb.domain.dates import add_months, day_in_month, human_date, human_month, month_of
from careernb.domain.people import team
from careernb.ownership.exports import private_file, register
from careernb.ownership.sharing import Shared, for_person
from careernb.store import Store

PRODID = "-//careernb//Career conversations follow-through//EN"
UID_DOMAIN = "careernb"
REVIEW_MINUTES = MINUTES[ConversationKind.REVIEW]
QUARTER_MONTHS = 3
NO_REVIEW_BEFORE_NEXT = dt.timedelta(days=14)
SEQUENCE_FROM = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
"""SEQUENCE counts seconds from here: a 32-bit integer, as RFC 5545 has it, until 2088."""


@dataclasses.dataclass(frozen=True)
class Entry:
    """One calendar event, before it becomes iCalendar."""

    uid: str
    summary: str
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime
    description: str
    status: str = "CONFIRMED"

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)


def _uid(*parts: object) -> str:
    return "-".join(str(p) for p in parts) + f"@{UID_DOMAIN}"


def _working_day(day: dt.date) -> dt.date:
    """The same day, or the nearest working day in the same month."""
    if day.weekday() < 5:
        return day
    forward = day + dt.timedelta(days=7 - day.weekday())
    if forward.month == day.month:
        return forward
    return day - dt.timedelta(days=day.weekday() - 4)


_STATUS = {
    Status.OPEN: ("CONFIRMED", ""),
    Status.DONE: ("CONFIRMED", "Done: "),
    Status.PAUSED: ("TENTATIVE", "Paused: "),
    Status.DROPPED: ("CANCELLED", "Dropped: "),
}


def entries(shared: Shared, person_id: str) -> list[Entry]:
    """The follow-through events of one person's latest agreed contract. Pure."""
    person = shared.person(person_id)
    contract = rules.latest_agreed(shared.records(Contract, person_id))
    if contract is None:
        return []
    agreed = contract.agreed
    assert agreed is not None
    name = shown(person.name)
    about = f"{name}'s development contract, version {contract.version}, agreed {human_date(agreed)}"
    out: list[Entry] = []
    commitments = rules.of_version(shared.records(Commitment, person_id), contract.version)
    for c in rules.in_order(commitments):
        if c.party is not Party.MANAGER or c.due is None:
            continue
        status, prefix = _STATUS[c.status]
        out.append(
            Entry(
                uid=_uid("commitment", person_id, c.commitment_id),
                summary=f"{prefix}For {name}: {shown(c.action)}",
                start=c.due,
                end=c.due + dt.timedelta(days=1),
                description=f"Your commitment in {about}.\n\n{playbook.TRACK_OWN}",
                status=status,
            )
        )
    out.extend(_reviews(shared, person_id, contract, about))
    nxt = _next_conversation(shared, person_id, contract, about)
    if nxt is not None:
        out.append(nxt)
    return out


def _reviews(shared: Shared, person_id: str, contract: Contract, about: str) -> list[Entry]:
    """One development contract review a month until the next career conversation."""
    agreed = contract.agreed
    assert agreed is not None
    points = rules.of_version(shared.records(ReviewPoint, person_id), contract.version)
    aspects: dict[str, list[str]] = {}
    for r in sorted(points, key=lambda r: (r.month, r.review_id)):
        aspects.setdefault(r.month, []).append(r.aspect)
    until = contract.next_conversation or add_months(agreed, QUARTER_MONTHS)
    days = {}
    n = 1
    # The next career conversation opens with the review itself: no separate one in the fortnight before.
    while (day := _working_day(add_months(agreed, n))) < until - NO_REVIEW_BEFORE_NEXT:
        days[month_of(day)] = day
        n += 1
    for month in aspects:
        if month not in days and month > month_of(agreed):
            days[month] = _working_day(day_in_month(month, agreed.day))
    low, high = REVIEW_MINUTES
    person = shared.person(person_id)
    out = []
    for month, day in sorted(days.items()):
        lines = [f"A {low}-{high} minute review of {about}.", "", f"Open with “{playbook.WHATS_CHANGED}”"]
        for aspect in aspects.get(month, []):
            lines.append(f"In {human_month(month)}, we will check in on {shown(in_sentence(aspect))}")
        out.append(
            Entry(
                uid=_uid("review", person_id, month),
                summary=f"Development contract review with {shown(person.name)}",
                start=day,
                end=day + dt.timedelta(days=1),
                description="\n".join(lines),
            )
        )
    return out


def _next_conversation(shared: Shared, person_id: str, contract: Contract, about: str) -> Entry | None:
    day = contract.next_conversation
    if day is None:
        return None
    person = shared.person(person_id)
    booked = booked_at(shared.records(Conversation, person_id), day)
    start: dt.date | dt.datetime = day
    end: dt.date | dt.datetime = day + dt.timedelta(days=1)
    if booked and booked.planned_time is not None:
        # The time on this computer's clock that day, as an instant: a meeting with a person stays
        # put when the manager's calendar travels (a floating time would move with it).
        start = dt.datetime.combine(day, booked.planned_time).astimezone().astimezone(dt.UTC)
        end = start + dt.timedelta(minutes=booked.planned_minutes or 60)
    checks = "\n".join(f"- {text}" for text in ITEMS[Stage.NEXT].values())
    return Entry(
        uid=_uid("conversation", person_id, "after-v" + str(contract.version)),
        summary=f"Career conversation with {shown(person.name)}",
        start=start,
        end=end,
        description=f"The quarterly career conversation after {about}.\n\n{checks}",
    )


def to_ics(all_entries: Iterable[Entry], *, name: str, now: dt.datetime | None = None) -> bytes:
    """An iCalendar file of the entries."""
    import icalendar

    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    sequence = int((stamp - SEQUENCE_FROM).total_seconds())
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", one_line(name))
    for e in all_entries:
        event = icalendar.Event()
        event.add("uid", e.uid)
        event.add("dtstamp", stamp)
        event.add("summary", one_line(e.summary))
        event.add("dtstart", e.start)
        event.add("dtend", e.end)
        event.add("description", printable(e.description))
        event.add("status", e.status)
        event.add("sequence", sequence)
        event.add("class", "PRIVATE")
        event.add("transp", "TRANSPARENT" if e.all_day else "OPAQUE")
        cal.add_component(event)
    return cal.to_ical()


def calendar_bytes(store: Store, person_ids: Sequence[str], *, now: dt.datetime | None = None) -> bytes:
    found: list[Entry] = []
    names = []
    for pid in person_ids:
        shared = for_person(store, pid)
        names.append(shared.person(pid).name)
        found.extend(entries(shared, pid))
    name = "Career follow-through" + (f": {names[0]}" if len(names) == 1 else "")
    return to_ics(found, name=name, now=now)


@register("calendar", per_person=True)
def write_calendar(
    store: Store, person_id: str | None, out: Path, *, now: dt.datetime | None = None
) -> list[Path]:
    """Write the .ics for one person, or for the whole team when person_id is None.

    ``out`` is the .ics file, or a folder to write ``follow-through-<person>.ics`` into.
    """
    ids = [person_id] if person_id is not None else [p.person_id for p in team(store)]
    out = Path(out)
    if out.suffix.lower() != ".ics":
        out = out / (f"follow-through-{person_id}.ics" if person_id else "follow-through.ics")
    return [private_file(out, calendar_bytes(store, ids, now=now))]
