"""Dates as people read them, and months as the contract counts them.

One style for every day written for a person, in every document and panel: ``Mon 6 July
2026`` (:func:`human_date`) - the weekday to place it, the day without a leading zero, the
month in full, so it cannot be misread in any locale (``06/07`` is June in one country and
July in the next). ``Mon 6 July`` leaves the year out where the year is plain from what is
beside it. A month is ``July 2026`` (:func:`human_month`); how long ago, ``3 months ago``.
Names of days and months are written here, not taken from the locale, so a document reads
the same on every machine. Month arithmetic too: a review is "in [month]", the next
reviews fall a month apart on the same day of the month.
"""

from __future__ import annotations

import calendar
import datetime as dt

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def human_date(day: dt.date | None, *, year: bool = True) -> str:
    """``Mon 6 July 2026`` (``Mon 6 July`` without the year): every day written for a person."""
    if not day:
        return ""
    text = f"{WEEKDAYS[day.weekday()][:3]} {day.day} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def human_month(month: str) -> str:
    """``2027-01`` → ``January 2027``."""
    first = month_start(month)
    return f"{MONTHS[first.month - 1]} {first.year}"


def months_ago(months: int) -> str:
    return {0: "this month", 1: "1 month ago"}.get(months, f"{months} months ago")


# -- months -------------------------------------------------------------------------


def month_of(day: dt.date) -> str:
    """``2026-11`` for any day of November 2026: how the store writes a month."""
    return f"{day.year:04d}-{day.month:02d}"


def month_start(month: str) -> dt.date:
    """The first day of a month written ``YYYY-MM``."""
    return dt.date.fromisoformat(month + "-01")


def day_in_month(month: str, day_of_month: int) -> dt.date:
    """That day of the month, or the month's last day when it is shorter (31 → 30 April)."""
    first = month_start(month)
    return first.replace(day=min(day_of_month, calendar.monthrange(first.year, first.month)[1]))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier), kept within the month: 31 Jan + 1 → 28 Feb."""
    index = day.year * 12 + day.month - 1 + months
    return day_in_month(f"{index // 12:04d}-{index % 12 + 1:02d}", day.day)


def next_months(day: dt.date, count: int, *, skip: int = 0) -> list[str]:
    """``count`` months written ``YYYY-MM``, from ``skip`` months after the month of ``day``."""
    return [month_of(add_months(day.replace(day=1), skip + n)) for n in range(count)]
