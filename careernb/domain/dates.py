"""Dates as a manager reads them: one way of writing a day, a month, and how long ago."""

from __future__ import annotations

import datetime as dt


def human_date(day: dt.date | None) -> str:
    """``Friday 15 January 2027``."""
    return f"{day:%A} {day.day} {day:%B %Y}" if day else ""


def human_month(month: str) -> str:
    """``2027-01`` → ``January 2027``."""
    return dt.date.fromisoformat(month + "-01").strftime("%B %Y")


def months_ago(months: int) -> str:
    return {0: "this month", 1: "1 month ago"}.get(months, f"{months} months ago")
