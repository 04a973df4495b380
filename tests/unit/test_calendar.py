"""Follow-through in the calendar: parsed back with the icalendar library, stable UIDs."""

from __future__ import annotations

import dataclasses
import datetime as dt

import icalendar
import pytest

from careernb.documents.calendar import _working_day, calendar_bytes, entries, write_calendar
from careernb.domain.contract import Commitment, Contract, Party, ReviewPoint, Status, carry_over
from careernb.domain.conversations import Conversation, ConversationKind
from careernb.domain.people import Person
from careernb.ownership.sharing import for_person

ME = "900"
AGREED = dt.date(2027, 1, 13)  # a Wednesday
NEXT = dt.date(2027, 4, 14)
NOW = dt.datetime(2027, 1, 13, 17, 0, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(seconds=1)


@pytest.fixture
def one(store):
    store.save(Person("m1", "Ada Okafor", None, "Engineering Manager"))
    store.save(Person(ME, "Zoë Ångström", "m1", "Engineer", "zoe@example.org"))
    store.save(
        Conversation("c2", ME, ConversationKind.GAP, AGREED, held=AGREED, minutes=60),
        Conversation("c3", ME, ConversationKind.FULL, NEXT, dt.time(10, 30), 90),
    )
    store.save(Contract(ME, 1, AGREED, None, NEXT, "Is platform realistic?", conversation_id="c2"))
    store.save(
        Commitment(
            ME,
            1,
            "k1",
            Party.MANAGER,
            "Introduce you to Dana, and book the meeting; today",
            dt.date(2027, 1, 27),
        ),
        Commitment(
            ME, 1, "k2", Party.MANAGER, "Feedback on your design reviews", dt.date(2027, 2, 19), Status.PAUSED
        ),
        Commitment(ME, 1, "k3", Party.MANAGER, "Old idea", dt.date(2027, 2, 1), Status.DROPPED),
        Commitment(ME, 1, "k4", Party.PERSON, "Lead the incident reviews", dt.date(2027, 3, 1)),
    )
    store.save(ReviewPoint(ME, 1, "r1", "2027-03", "How the incident reviews feel"))
    return store


def _events(raw: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(raw)
    assert cal["VERSION"] == "2.0" and cal["PRODID"].startswith("-//careernb//")
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_the_calendar_holds_the_managers_commitments_the_monthly_reviews_and_the_next_conversation(one):
    events = _events(calendar_bytes(one, [ME], now=NOW))
    assert sorted(events) == [
        "commitment-900-k1@careernb",
        "commitment-900-k2@careernb",
        "commitment-900-k3@careernb",
        "conversation-900-after-v1@careernb",
        "review-900-2027-02@careernb",
        "review-900-2027-03@careernb",
    ]
    k1 = events["commitment-900-k1@careernb"]
    assert str(k1["SUMMARY"]) == "For Zoë Ångström: Introduce you to Dana, and book the meeting; today"
    assert k1["DTSTART"].dt == dt.date(2027, 1, 27) and k1["DTEND"].dt == dt.date(2027, 1, 28)
    assert k1["STATUS"] == "CONFIRMED" and k1["CLASS"] == "PRIVATE"
    assert "Track your own commitments as rigorously" in str(k1["DESCRIPTION"])
    assert events["commitment-900-k2@careernb"]["STATUS"] == "TENTATIVE"
    assert events["commitment-900-k3@careernb"]["STATUS"] == "CANCELLED"  # re-import removes it
    march = events["review-900-2027-03@careernb"]
    assert march["DTSTART"].dt == dt.date(2027, 3, 15)  # the 13th is a Saturday: the Monday after
    assert "In March 2027, we will check in on how the incident reviews feel" in str(march["DESCRIPTION"])
    assert "what's changed since we last spoke?" in str(march["DESCRIPTION"])
    nxt = events["conversation-900-after-v1@careernb"]
    local = dt.datetime(2027, 4, 14, 10, 30).astimezone()  # 10:30 on this computer's clock
    assert nxt["DTSTART"].dt == local and nxt["DTEND"].dt == local + dt.timedelta(minutes=90)
    assert not any("Lead the incident reviews" in str(e["SUMMARY"]) for e in events.values())  # theirs


def test_reimporting_after_the_next_version_updates_the_same_events(one):
    before = _events(calendar_bytes(one, [ME], now=NOW))
    contracts = one.load(Contract, ME)
    draft, carried = carry_over(contracts[0], one.load(Commitment, ME), [], person_id=ME)
    redated = [
        dataclasses.replace(c, due=c.due + dt.timedelta(days=7)) if c.commitment_id == "k1" else c
        for c in carried
    ]
    one.save(dataclasses.replace(draft, agreed=dt.date(2027, 2, 10), next_conversation=dt.date(2027, 5, 12)))
    one.save(*redated)
    after = _events(calendar_bytes(one, [ME], now=LATER))
    k1 = after["commitment-900-k1@careernb"]
    assert k1["DTSTART"].dt == dt.date(2027, 2, 3)
    assert k1["SEQUENCE"] > before["commitment-900-k1@careernb"]["SEQUENCE"]
    # Same person and month: the same review event, moved, not a second one.
    assert {u for u in after if u.startswith("review-")} >= {"review-900-2027-03@careernb"}
    assert len([u for u in after if u.startswith("review-900-2027-03")]) == 1


def test_a_rebooked_time_or_a_dropped_commitment_reaches_a_calendar_wanting_a_higher_sequence(one):
    before = _events(calendar_bytes(one, [ME], now=NOW))
    one.save(Conversation("c3", ME, ConversationKind.FULL, NEXT, dt.time(14, 0), 90))
    one.save(
        Commitment(ME, 1, "k1", Party.MANAGER, "Introduce you to Dana", dt.date(2027, 1, 27), Status.DROPPED)
    )
    after = _events(calendar_bytes(one, [ME], now=LATER))
    for uid in ("conversation-900-after-v1@careernb", "commitment-900-k1@careernb"):
        assert after[uid]["SEQUENCE"] > before[uid]["SEQUENCE"], uid
        assert 0 < after[uid]["SEQUENCE"] < 2**31  # an INTEGER as RFC 5545 has it
    assert (
        after["conversation-900-after-v1@careernb"]["DTSTART"].dt
        == dt.datetime(2027, 4, 14, 14, 0).astimezone()
    )
    assert after["commitment-900-k1@careernb"]["STATUS"] == "CANCELLED"


def test_the_same_data_gives_byte_identical_files(one):
    assert calendar_bytes(one, [ME], now=NOW) == calendar_bytes(one, [ME], now=NOW)


def test_a_person_without_an_agreed_contract_has_no_events(one):
    one.save(Person("901", "Amara Nwosu", "m1", "Engineer"))
    one.save(Contract("901", 1))  # a draft
    assert entries(for_person(one, "901"), "901") == []


def test_the_team_calendar_covers_everyone_on_the_team(demo, tmp_path):
    (path,) = write_calendar(demo, None, tmp_path / "team.ics", now=NOW)
    events = _events(path.read_bytes())
    people = {uid.split("-")[1] for uid in events}
    assert people == {"007", "012", "019", "023", "034", "040", "046"}  # Amara (031) has no contract yet
    assert path.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (dt.date(2027, 3, 13), dt.date(2027, 3, 15)),  # Saturday -> Monday
        (dt.date(2027, 3, 15), dt.date(2027, 3, 15)),
        (dt.date(2027, 1, 31), dt.date(2027, 1, 29)),  # Sunday at a month's end -> the Friday before
    ],
)
def test_reviews_fall_on_working_days_in_their_month(day, working):
    assert _working_day(day) == working


def test_an_empty_person_is_nobody_not_the_whole_team(demo, tmp_path):
    from careernb.errors import UnknownPersonError

    with pytest.raises(UnknownPersonError):
        write_calendar(demo, "", tmp_path / "nobody.ics", now=NOW)
    assert not (tmp_path / "nobody.ics").exists()


def test_a_booked_time_is_the_instant_on_the_managers_clock_not_a_floating_time(one, monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        raw = calendar_bytes(one, [ME], now=NOW)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    nxt = _events(raw)["conversation-900-after-v1@careernb"]
    assert b"DTSTART:20270414T083000Z" in raw  # 10:30 in Berlin in summer time
    assert nxt["DTSTART"].dt == dt.datetime(2027, 4, 14, 8, 30, tzinfo=dt.UTC)
