"""Calendar arithmetic at its boundaries, with every expected date worked out by hand (see the comments).

These tests exist to notice a wrong engine: each pins the day before, of and after a boundary (month ends, 29
February, the fiscal year's 30 September / 1 October, B.E. 2567), so that an off-by-one window, a swapped
comparison or a clamped anniversary changes an exact expected value.  The mutation run (docs/testing.md) is what
showed they were needed.
"""

from __future__ import annotations

from datetime import date

import pytest

from swf_rules.core.dates import (BE_OFFSET, BE_SUSPECT_YEAR, DateTextError, add_months, add_period, add_years,
                                  age_on, cap_window, completed_months, completed_years, fiscal_year,
                                  fiscal_year_bounds, month_end, month_key, normalise_digits, parse_date, to_be)


# --------------------------------------------------------------------------------------------- parsing and B.E.
def test_constants_are_the_thai_calendar() -> None:
    assert (BE_OFFSET, BE_SUSPECT_YEAR) == (543, 2400)


def test_be_2567_leap_day_is_converted_before_arithmetic() -> None:
    # 2567 - 543 = 2024, a leap year: 29 Feb 2567 B.E. exists although date(2567, 2, 29) would not.
    assert parse_date("2567-02-29", "buddhist") == date(2024, 2, 29)
    # Thai digits: ๒๕๖๗-๐๒-๒๙ is the same day; surrounding spaces are ignored.
    assert parse_date(" ๒๕๖๗-๐๒-๒๙ ", "buddhist") == date(2024, 2, 29)
    # 2566 B.E. = 2023, not a leap year: no 29 February.
    with pytest.raises(DateTextError) as e:
        parse_date("2566-02-29", "buddhist")
    assert (e.value.code, e.value.params, str(e.value)) == ("bad-date", {"value": "2566-02-29"}, "bad-date")


def test_gregorian_is_the_default_calendar() -> None:
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    assert parse_date("2024-2-9") == date(2024, 2, 9)  # one-digit month and day are accepted
    assert parse_date(date(2024, 2, 29)) == date(2024, 2, 29)  # a date is taken as it is
    assert parse_date(date(2567, 2, 28), "buddhist") == date(2024, 2, 28)  # ... in the declared calendar


def test_undeclared_buddhist_year_is_refused_above_2400_only() -> None:
    # 2400 is the last year a gregorian document may use; 2401 looks like B.E. and is refused, not guessed.
    assert parse_date("2400-01-01") == date(2400, 1, 1)
    with pytest.raises(DateTextError) as e:
        parse_date("2401-01-01")
    assert (e.value.code, e.value.params) == ("undeclared-buddhist-date", {"value": "2401-01-01", "year": 2401})
    assert str(e.value) == "undeclared-buddhist-date"


@pytest.mark.parametrize("text", ["2024-13-01", "2024-02-30", "24-01-01", "2024/01/01", "2024-01-01x", ""])
def test_bad_dates(text: str) -> None:
    with pytest.raises(DateTextError) as e:
        parse_date(text)
    assert (e.value.code, e.value.params) == ("bad-date", {"value": text})


def test_not_text_and_unknown_calendar() -> None:
    with pytest.raises(DateTextError) as e:
        parse_date(20240101)
    assert (e.value.code, e.value.params) == ("bad-date", {"value": 20240101})
    with pytest.raises(DateTextError) as e:
        parse_date("2024-01-01", "julian")
    assert (e.value.code, e.value.params, str(e.value)) == ("unknown-calendar", {"value": "julian"},
                                                           "unknown-calendar")


def test_to_be_and_digits() -> None:
    assert to_be(date(2024, 2, 29)) == "2567-02-29"  # 2024 + 543 = 2567
    assert to_be(date(457, 1, 5)) == "1000-01-05"  # four digits, zero-padded month and day
    assert normalise_digits("ข้อ ๑๒ ๐๙") == "ข้อ 12 09"
    assert month_key(date(2024, 3, 31)) == "2024-03"
    assert month_key(date(999, 12, 1)) == "0999-12"


# --------------------------------------------------------------------------------------------- adding periods
@pytest.mark.parametrize("start, months, expected", [
    (date(2024, 1, 31), 1, date(2024, 2, 29)),   # 31 Jan + 1 month: February 2024 has 29 days
    (date(2023, 1, 31), 1, date(2023, 2, 28)),   # ... 2023 has 28
    (date(2024, 1, 30), 2, date(2024, 3, 30)),   # no clamp when the day exists
    (date(2024, 11, 15), 1, date(2024, 12, 15)),  # into December (month 12, not rolled over)
    (date(2024, 12, 15), 1, date(2025, 1, 15)),  # over the year end
    (date(2024, 3, 31), -1, date(2024, 2, 29)),  # backwards, clamped
    (date(2024, 5, 15), 0, date(2024, 5, 15)),
    (date(2024, 10, 31), 14, date(2025, 12, 31)),  # 10 + 14 = 24 -> December next year
])
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_add_years_clamps_29_february() -> None:
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)  # no 29 Feb in 2025
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)  # 2028 is a leap year again
    assert add_years(date(2024, 3, 1), 2) == date(2026, 3, 1)


def test_add_period() -> None:
    d = date(2024, 1, 31)
    assert add_period(d) == d  # nothing added by default
    assert add_period(d, days=180) == date(2024, 7, 29)  # Feb 29 + Mar 31 + Apr 30 + May 31 + Jun 30 = 151; +29
    assert add_period(d, months=1) == date(2024, 2, 29)
    assert add_period(d, years=1) == date(2025, 1, 31)
    assert add_period(d, years=2, months=1) == date(2026, 2, 28)  # 25 months, clamped to 28 Feb 2026
    assert add_period(d, months=1, days=1) == date(2024, 3, 1)  # clamp first (29 Feb), then one day
    assert add_period(d, years=1, days=1) == date(2025, 2, 1)


# --------------------------------------------------------------------------------------------- completed years
@pytest.mark.parametrize("start, end, expected", [
    (date(2020, 6, 15), date(2021, 6, 14), 0),  # the day before the anniversary
    (date(2020, 6, 15), date(2021, 6, 15), 1),  # the anniversary itself
    (date(2020, 6, 15), date(2021, 6, 16), 1),
    (date(2020, 6, 15), date(2020, 6, 15), 0),  # same day
    (date(2020, 6, 15), date(2020, 6, 14), 0),  # end before start
    (date(2020, 6, 15), date(2025, 5, 31), 4),  # an earlier month of the 5th year
    (date(2020, 6, 15), date(2025, 7, 1), 5),  # a later month
    (date(2024, 2, 29), date(2025, 2, 27), 0),  # born 29 Feb: the first anniversary falls on 28 Feb 2025
    (date(2024, 2, 29), date(2025, 2, 28), 1),
    (date(2024, 2, 29), date(2028, 2, 28), 3),  # 2028 has a 29 Feb: the 4th anniversary is that day
    (date(2024, 2, 29), date(2028, 2, 29), 4),
    (date(2024, 2, 28), date(2025, 2, 27), 0),  # 28 Feb is an ordinary day
    (date(2024, 2, 28), date(2025, 2, 28), 1),
    (date(2023, 3, 29), date(2024, 3, 28), 0),  # a 29th in another month is ordinary too
])
def test_completed_years(start: date, end: date, expected: int) -> None:
    assert completed_years(start, end) == expected


def test_age_on_a_29_february_birthday() -> None:
    born = date(1964, 2, 29)
    assert age_on(born, date(2025, 2, 27)) == 60  # 61st birthday is 28 Feb 2025 (no 29 Feb in 2025)
    assert age_on(born, date(2025, 2, 28)) == 61
    assert age_on(born, date(2024, 2, 28)) == 59  # 2024 has a 29 Feb: the 60th birthday is that day
    assert age_on(born, date(2024, 2, 29)) == 60


@pytest.mark.parametrize("start, end, expected", [
    (date(2024, 1, 31), date(2024, 2, 28), 0),  # one month after 31 Jan is 29 Feb 2024
    (date(2024, 1, 31), date(2024, 2, 29), 1),
    (date(2024, 1, 15), date(2024, 3, 14), 1),
    (date(2024, 1, 15), date(2024, 3, 15), 2),
    (date(2023, 11, 15), date(2024, 2, 15), 3),  # over a year end
    (date(2022, 1, 15), date(2024, 1, 15), 24),  # two whole years: 2 x 12
    (date(2022, 1, 15), date(2024, 1, 14), 23),
    (date(2024, 1, 15), date(2024, 1, 15), 0),
    (date(2024, 1, 15), date(2024, 1, 14), 0),  # end before start
])
def test_completed_months(start: date, end: date, expected: int) -> None:
    assert completed_months(start, end) == expected


# --------------------------------------------------------------------------------------------- fiscal year, windows
@pytest.mark.parametrize("day, fy, bounds", [
    (date(2023, 9, 30), 2566, (date(2022, 10, 1), date(2023, 9, 30))),  # last day of FY 2566
    (date(2023, 10, 1), 2567, (date(2023, 10, 1), date(2024, 9, 30))),  # first day of FY 2567
    (date(2024, 2, 29), 2567, (date(2023, 10, 1), date(2024, 9, 30))),
    (date(2024, 9, 30), 2567, (date(2023, 10, 1), date(2024, 9, 30))),
    (date(2024, 10, 1), 2568, (date(2024, 10, 1), date(2025, 9, 30))),
    (date(2024, 11, 30), 2568, (date(2024, 10, 1), date(2025, 9, 30))),
    (date(2024, 12, 31), 2568, (date(2024, 10, 1), date(2025, 9, 30))),
    (date(2025, 1, 1), 2568, (date(2024, 10, 1), date(2025, 9, 30))),
])
def test_fiscal_year(day: date, fy: int, bounds: tuple[date, date]) -> None:
    assert fiscal_year(day) == fy
    assert fiscal_year_bounds(day) == bounds
    assert cap_window("fiscal_year", day) == bounds


def test_cap_windows_by_hand() -> None:
    on = date(2024, 3, 1)
    assert cap_window("calendar_year", on) == (date(2024, 1, 1), date(2024, 12, 31))
    # rolling 365 days counts the event day and the 364 before it: 1 Mar 2024 - 364 days = 3 Mar 2023
    # (2024 is a leap year: 1 Mar 2023 -> 1 Mar 2024 is 366 days).
    assert cap_window("rolling_365_days", on) == (date(2023, 3, 3), on)
    assert cap_window("month", date(2024, 2, 10)) == (date(2024, 2, 1), date(2024, 2, 29))
    assert cap_window("month", date(2023, 2, 10)) == (date(2023, 2, 1), date(2023, 2, 28))
    assert cap_window("month", date(2024, 12, 31)) == (date(2024, 12, 1), date(2024, 12, 31))
    assert cap_window("stay", on) == (on, on)
    assert cap_window("event", on) == (on, on)
    assert cap_window("lifetime", on) == (None, on)


def test_month_end() -> None:
    assert [month_end(2024, m).day for m in range(1, 13)] == [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    assert month_end(2023, 2) == date(2023, 2, 28)
    assert month_end(1900, 2) == date(1900, 2, 28)  # 1900 is not a leap year (divisible by 100)
    assert month_end(2000, 2) == date(2000, 2, 29)  # 2000 is (divisible by 400)
