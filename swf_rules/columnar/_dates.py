"""Calendar arithmetic on columns of day numbers: the rules of :mod:`swf_rules.core.dates`, vectorised.

Days are proleptic Gregorian ordinals (``date.toordinal()``) in ``int64`` arrays.  Adding months clamps to the last
day of the month; completed years treat a 29 February start as :func:`~swf_rules.core.dates.completed_years`
does.  ``tests/test_columnar_dates.py`` holds each function to the core's on every day of several years.
"""

from __future__ import annotations

import functools
from datetime import date

import numpy as np

from ..core.dates import cap_window as _cap_window

EPOCH = date(1970, 1, 1).toordinal()  # ordinal of numpy's day 0
NONE = np.int64(0)  # "no date" in a day column (ordinal 0 is before 1 Jan of year 1)
NEVER = np.int64(1 << 40)  # later than every real day (an instalment never paid, a spell never ended)


_LO, _HI = date(1900, 1, 1).toordinal(), date(2200, 1, 1).toordinal()
_TABLE: list[np.ndarray] = []


def _slow_ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d = (days - EPOCH).astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    y = months.astype("datetime64[Y]").astype(np.int64) + 1970
    m = months.astype(np.int64) % 12 + 1
    return y, m, (d - months.astype("datetime64[D]")).astype(np.int64) + 1


def ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month (1-12) and day (1-31) of each ordinal (a table for 1900-2199, computed outside it)."""
    days = np.asarray(days, dtype=np.int64)
    if not _TABLE:
        _TABLE.extend(_slow_ymd(np.arange(_LO, _HI, dtype=np.int64)))
    inside = (days >= _LO) & (days < _HI)
    i = np.where(inside, days - _LO, 0)
    y, m, d = _TABLE[0][i], _TABLE[1][i], _TABLE[2][i]
    if not inside.all():
        out = np.flatnonzero(~inside)
        y[out], m[out], d[out] = _slow_ymd(days[out])
    return y, m, d


def month_start(index: np.ndarray) -> np.ndarray:
    """Ordinal of the first day of month number ``index`` (year * 12 + month - 1)."""
    return (np.asarray(index, dtype=np.int64) - 1970 * 12).astype("datetime64[M]").astype(
        "datetime64[D]").astype(np.int64) + EPOCH


def year_start(year: np.ndarray) -> np.ndarray:
    """Ordinal of 1 January of each year."""
    return (np.asarray(year, dtype=np.int64) - 1970).astype("datetime64[Y]").astype(
        "datetime64[D]").astype(np.int64) + EPOCH


def from_ymd(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    return month_start(y * 12 + m - 1) + d - 1


def add_months(days: np.ndarray, months: np.ndarray | int) -> np.ndarray:
    """:func:`swf_rules.core.dates.add_months` on a column (clamped to the month's last day)."""
    y, m, d = ymd(days)
    total = y * 12 + (m - 1) + months
    first = month_start(total)
    last = month_start(total + 1) - first
    return first + np.minimum(d, last) - 1


def add_period(days: np.ndarray, *, days_n: int = 0, months: int = 0, years: int = 0) -> np.ndarray:
    """:func:`swf_rules.core.dates.add_period`."""
    days = np.asarray(days, dtype=np.int64)
    if not months and not years:
        return days + days_n
    return add_months(days, months + 12 * years) + days_n


def _leap(y: np.ndarray) -> np.ndarray:
    return ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)


def completed_years(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """:func:`swf_rules.core.dates.completed_years` (0 when end < start)."""
    sy, sm, sd = ymd(start)
    ey, em, ed = ymd(end)
    n = ey - sy
    # a 29 February start has its anniversary on 28 February in common years
    feb29 = (sm == 2) & (sd == 29)
    anniv_day = np.where(feb29 & ~_leap(ey), 28, sd)
    n = n - ((em * 32 + ed) < (sm * 32 + anniv_day))
    n = np.maximum(n, 0)
    return np.where(np.asarray(end) < np.asarray(start), 0, n)


def fiscal_year_first(days: np.ndarray) -> np.ndarray:
    """First day (1 October) of the Thai fiscal year containing each day."""
    y, m, _ = ymd(days)
    end_ce = np.where(m >= 10, y + 1, y)
    return from_ymd(end_ce - 1, np.full_like(y, 10), np.ones_like(y))


def fiscal_year_be(days: np.ndarray) -> np.ndarray:
    """:func:`swf_rules.core.dates.fiscal_year` (B.E. year in which the fiscal year ends)."""
    y, m, _ = ymd(days)
    return np.where(m >= 10, y + 1, y) + 543


def cap_window(per: str, on: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
    """:func:`swf_rules.core.dates.cap_window` on a column: (first days or None for lifetime, last days)."""
    on = np.asarray(on, dtype=np.int64)
    if per == "fiscal_year":
        first = fiscal_year_first(on)
        y, _, _ = ymd(first)
        return first, from_ymd(y + 1, np.full_like(y, 9), np.full_like(y, 30))
    if per == "calendar_year":
        y, _, _ = ymd(on)
        return year_start(y), year_start(y + 1) - 1
    if per == "rolling_365_days":
        return on - 364, on
    if per == "month":
        y, m, _ = ymd(on)
        idx = y * 12 + m - 1
        return month_start(idx), month_start(idx + 1) - 1
    if per in ("stay", "event"):
        return on, on
    return None, on  # lifetime


def to_dates(days: np.ndarray) -> list[date | None]:
    """Ordinals as :class:`date` values (0 -> None)."""
    return [None if o == 0 else date.fromordinal(o) for o in np.asarray(days, dtype=np.int64).tolist()]


@functools.lru_cache(maxsize=1 << 16)
def window_of(per: str, on: int) -> tuple[int | None, int]:
    """:func:`swf_rules.core.dates.cap_window` of one day: (first day or None, last day) as ordinals."""
    first, last = _cap_window(per, date.fromordinal(on))
    return (None if first is None else first.toordinal()), last.toordinal()
