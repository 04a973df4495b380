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
)


@pytest.mark.parametrize(
    ("day", "written", "without_year"),
    [
        (dt.date(2026, 7, 6), "Mon 6 July 2026", "Mon 6 July"),
        (dt.date(2026, 12, 3), "Thu 3 December 2026", "Thu 3 December"),
        (dt.date(2027, 1, 31), "Sun 31 January 2027", "Sun 31 January"),
        (dt.date(2028, 2, 29), "Tue 29 February 2028", "Tue 29 February"),
        (dt.date(1999, 5, 1), "Sat 1 May 1999", "Sat 1 May"),
    ],
)
def test_a_day_is_written_in_one_style_weekday_day_month_year_without_a_leading_zero(
    day, written, without_year
):
    assert (human_date(day), human_date(day, year=False)) == (written, without_year)
    assert human_date(day) == f"{day:%a} {day.day} {day:%B %Y}"  # as strftime writes it in English


def test_no_day_is_an_empty_text():
    assert human_date(None) == human_date(None, year=False) == ""


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
