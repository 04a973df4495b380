"""Dates as a manager reads them, and month arithmetic: one module, the same on every machine."""

from __future__ import annotations

import datetime as dt

import pytest

from careernb.domain.dates import (
    add_months,
    day_in_month,
    human_date,
    human_month,
    month_of,
    month_start,
    next_months,
    short_date,
)


@pytest.mark.parametrize(
    ("day", "human", "short", "with_weekday"),
    [
        (dt.date(2026, 12, 3), "Thursday 3 December 2026", "03 Dec 2026", "Thu 03 Dec 2026"),
        (dt.date(2027, 1, 31), "Sunday 31 January 2027", "31 Jan 2027", "Sun 31 Jan 2027"),
        (dt.date(2028, 2, 29), "Tuesday 29 February 2028", "29 Feb 2028", "Tue 29 Feb 2028"),
    ],
)
def test_a_day_reads_the_same_as_strftime_in_english(day, human, short, with_weekday):
    assert (human_date(day), short_date(day), short_date(day, weekday=True)) == (human, short, with_weekday)
    assert short_date(day) == f"{day:%d %b %Y}" and short_date(day, weekday=True) == f"{day:%a %d %b %Y}"


def test_no_day_is_an_empty_text():
    assert human_date(None) == short_date(None) == short_date(None, weekday=True) == ""


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
        (dt.date(2026, 11, 15), 2, dt.date(2027, 1, 15)),
        (dt.date(2026, 12, 31), 3, dt.date(2027, 3, 31)),
        (dt.date(2027, 3, 31), -1, dt.date(2027, 2, 28)),
        (dt.date(2026, 10, 15), 0, dt.date(2026, 10, 15)),
    ],
)
def test_adding_months_keeps_the_day_within_the_month(day, months, expected):
    assert add_months(day, months) == expected


def test_months_are_written_as_the_store_writes_them():
    assert month_of(dt.date(2026, 3, 9)) == "2026-03"
    assert month_start("2026-03") == dt.date(2026, 3, 1)
    assert human_month("2027-01") == "January 2027"
    assert day_in_month("2026-04", 31) == dt.date(2026, 4, 30)
    assert next_months(dt.date(2026, 11, 30), 3) == ["2026-11", "2026-12", "2027-01"]
    assert next_months(dt.date(2026, 12, 31), 1, skip=1) == ["2027-01"]


def test_a_short_date_is_the_same_in_every_locale_and_can_leave_the_year_out():
    day = dt.date(2026, 11, 5)
    assert short_date(day) == "05 Nov 2026"
    assert short_date(day, year=False) == "05 Nov"
    assert short_date(day, weekday=True, year=False) == "Thu 05 Nov"
