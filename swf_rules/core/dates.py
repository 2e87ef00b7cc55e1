"""Calendar arithmetic: Buddhist Era at the edges, period addition, age, fiscal years.

All arithmetic is on :class:`datetime.date` in the Common Era.  Buddhist Era (B.E. = C.E. + 543) text is accepted
only where a document declares ``calendar: buddhist`` and is converted *before* any arithmetic, because
``date(2567, 2, 29)`` does not exist although 29 Feb 2567 B.E. (2024) does.

Adding months or years clamps to the last day of the month (Thai Civil and Commercial Code s. 193/5 counts a
period that ends in a month without the corresponding day to that month's last day): 31 Jan + 1 month = 28/29 Feb,
29 Feb 2024 + 1 year = 28 Feb 2025.  Age and completed years use the same rule, so a member born on 29 February
completes a year of age on 28 February in common years.
"""

from __future__ import annotations

import calendar as _cal
import re
from datetime import date, timedelta

BE_OFFSET = 543
CALENDARS = ("gregorian", "buddhist")
# A year above this in a document that does not declare the Buddhist calendar is refused, not guessed.
BE_SUSPECT_YEAR = 2400

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def normalise_digits(text: str) -> str:
    """Thai digits ๐-๙ to ASCII digits."""
    return text.translate(THAI_DIGITS)


class DateTextError(ValueError):
    def __init__(self, code: str, **params: object):
        self.code = code
        self.params = params
        super().__init__(code)


def parse_date(text: object, calendar: str = "gregorian") -> date:
    """Parse ``YYYY-MM-DD`` (Thai digits allowed) in the declared calendar and return a C.E. date."""
    if isinstance(text, date):
        text = text.isoformat()
    if not isinstance(text, str):
        raise DateTextError("bad-date", value=text)
    if calendar not in CALENDARS:
        raise DateTextError("unknown-calendar", value=calendar)
    m = _ISO.match(normalise_digits(text.strip()))
    if not m:
        raise DateTextError("bad-date", value=text)
    y, mo, d = (int(g) for g in m.groups())
    if calendar == "buddhist":
        y -= BE_OFFSET
    elif y > BE_SUSPECT_YEAR:
        raise DateTextError("undeclared-buddhist-date", value=text, year=y)
    try:
        return date(y, mo, d)
    except ValueError:
        raise DateTextError("bad-date", value=text) from None


def to_be(d: date) -> str:
    """Render a date as B.E. ``YYYY-MM-DD``."""
    return f"{d.year + BE_OFFSET:04d}-{d.month:02d}-{d.day:02d}"


def add_months(d: date, months: int) -> date:
    total = d.year * 12 + (d.month - 1) + months
    y, m = divmod(total, 12)
    m += 1
    last = _cal.monthrange(y, m)[1]
    return date(y, m, min(d.day, last))


def add_years(d: date, years: int) -> date:
    return add_months(d, 12 * years)


def add_period(d: date, *, days: int = 0, months: int = 0, years: int = 0) -> date:
    if not months and not years:
        return d + timedelta(days=days)
    return add_months(d, months + 12 * years) + timedelta(days=days)


def completed_years(start: date, end: date) -> int:
    """Whole years from ``start`` to ``end`` (0 when end < start)."""
    if end < start:
        return 0
    n = end.year - start.year
    if start.month == 2 and start.day == 29:  # the anniversary may be clamped to 28 Feb
        if add_years(start, n) > end:
            n -= 1
    elif (end.month, end.day) < (start.month, start.day):
        n -= 1
    return max(n, 0)


def completed_months(start: date, end: date) -> int:
    if end < start:
        return 0
    n = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, n) > end:
        n -= 1
    return max(n, 0)


def age_on(birth: date, on: date) -> int:
    """Age in completed years on ``on``."""
    return completed_years(birth, on)


def fiscal_year(d: date) -> int:
    """Thai fiscal year, named by the B.E. year in which it ends (FY 2567 = 1 Oct 2023 - 30 Sep 2024)."""
    return (d.year + 1 if d.month >= 10 else d.year) + BE_OFFSET


def fiscal_year_bounds(d: date) -> tuple[date, date]:
    """First and last day of the fiscal year containing ``d``."""
    end_ce = d.year + 1 if d.month >= 10 else d.year
    return date(end_ce - 1, 10, 1), date(end_ce, 9, 30)


def cap_window(per: str, on: date) -> tuple[date | None, date]:
    """The days a cap or an allowance counts payouts over, for an event on ``on``: (first day or None, last day).

    ``stay`` and ``event`` are the event's own day; ``lifetime`` has no first day."""
    if per == "fiscal_year":
        return fiscal_year_bounds(on)
    if per == "calendar_year":
        return date(on.year, 1, 1), date(on.year, 12, 31)
    if per == "rolling_365_days":
        return on - timedelta(days=364), on
    if per == "month":
        return date(on.year, on.month, 1), month_end(on.year, on.month)
    if per in ("stay", "event"):
        return on, on
    return None, on  # lifetime


def month_key(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def month_end(year: int, month: int) -> date:
    return date(year, month, _cal.monthrange(year, month)[1])
