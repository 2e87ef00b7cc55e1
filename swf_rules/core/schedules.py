"""Contribution schedules: instalment periods (day, week, month, half-year, year), their keys, and their deadlines.

A schedule is the period, the amount of one instalment, the rule that gives each instalment's deadline (a number
of grace days after the period's last day, or a date: "the 10th of the following month", "31 March of the next
year") and what counts as paid (the instalment's own amount, or a yearly total).  A membership has one schedule
(``contribution``) and may offer others (``contribution.alternatives``); a member's spell is on the schedule whose
period its contributions cover.

Periods are numbered so that consecutive periods have consecutive numbers:

========== ============== =========================================================
period     key            number
========== ============== =========================================================
day        ``YYYY-MM-DD`` the day's ordinal
week       ``YYYY-Www``   weeks since 1 Jan of year 1 (weeks start on Monday, ISO 8601; the key is the ISO week)
month      ``YYYY-MM``    ``year * 12 + month - 1``
half_year  ``YYYY-H1/H2`` ``year * 2 + half - 1``
year       ``YYYY``       the year
========== ============== =========================================================
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from .dates import month_end

PERIODS = ("day", "week", "month", "half_year", "year")
KEY_FORMAT = {"day": "YYYY-MM-DD", "week": "YYYY-Www", "month": "YYYY-MM", "half_year": "YYYY-H1", "year": "YYYY"}
KEY_FORMAT_TH = {"day": "ปปปป-ดด-วว", "week": "ปปปป-Wสส", "month": "ปปปป-ดด", "half_year": "ปปปป-H1",
                 "year": "ปปปป"}
PER_YEAR = {"day": 365, "week": 52, "month": 12, "half_year": 2, "year": 1}  # for words, never for arithmetic
PERIOD_WORDS = {"day": "daily", "week": "weekly", "month": "monthly", "half_year": "half-yearly", "year": "yearly"}

KEY_RE = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(\d{2}))?|-H([12])|-W(\d{2}))?$")


@dataclass(frozen=True)
class Schedule:
    """One contribution schedule, resolved from the regulation's words."""

    period: str
    amount: Decimal
    grace_days: int = 0
    due: tuple[str, int | None, int] | None = None  # (of, month, day): the date rule, when declared
    yearly_total: Decimal | None = None  # counts_as_paid: yearly_total

    @property
    def rule(self) -> tuple[Any, ...]:
        """What the deadlines depend on (a cache key)."""
        return (self.period, self.grace_days, self.due)


def schedules_of(membership: Any) -> tuple[Schedule, ...]:
    """The membership's schedules: ``contribution`` first, then its ``alternatives``."""
    c = membership.contribution
    out = [_schedule(c, membership.grace_days)]
    for alt in getattr(c, "alternatives", ()) or ():
        out.append(_schedule(alt, membership.grace_days))
    return tuple(out)


def regulation_periods(regulation: Any) -> set[str]:
    """Every instalment period a regulation's versions collect by (their schedules and alternatives): what a
    ledger's ``covers`` may name."""
    return {s.period for v in regulation.versions for s in schedules_of(v.membership)}


def version_1_instalments(membership: Any) -> bool:
    """Whether the membership collects as version 1 can say: monthly or yearly instalments with grace days, no
    other schedule, deadline date, yearly total or funeral levy."""
    c = membership.contribution
    return c.period in ("month", "year") and c.due is None and c.counts_as_paid == "instalment" \
        and not c.alternatives and membership.levy is None


def _schedule(c: Any, grace: int) -> Schedule:
    due = getattr(c, "due", None)
    rule = None if due is None else (due.of, due.month, due.day)
    total = getattr(c, "yearly_total", None) if getattr(c, "counts_as_paid", "instalment") == "yearly_total" \
        else None
    return Schedule(c.period, c.amount, 0 if rule is not None else grace, rule, total)


# ------------------------------------------------------------------------------------------ keys
def period_of_key(key: str) -> str | None:
    """Which period a ``covers`` key names (C.E. key, already checked), or ``None``."""
    n = len(key)
    if n == 4:
        return "year"
    if n == 7:
        return "half_year" if key[5] == "H" else "month"
    if n == 8 and key[5] == "W":
        return "week"
    if n == 10:
        return "day"
    return None


def key_index(key: str) -> tuple[str, int]:
    """The period a valid C.E. ``covers`` key names and that period's number (the inverse of :func:`bounds`)."""
    period = period_of_key(key)
    y = int(key[:4])
    if period == "year":
        return "year", y
    if period == "month":
        return "month", y * 12 + int(key[5:7]) - 1
    if period == "half_year":
        return "half_year", y * 2 + int(key[6]) - 1
    if period == "week":
        return "week", index_of("week", date.fromisocalendar(y, int(key[6:8]), 1))
    return "day", date.fromisoformat(key).toordinal()


def year_of_key(key: str) -> int:
    """The year a period key belongs to (the ISO year of a week)."""
    return int(key[:4])


def check_key(year: int, month: str | None, day: str | None, half: str | None, week: str | None) -> bool:
    """Whether the parts of a key (C.E. year) name a real period."""
    if day is not None:
        try:
            date(year, int(month or 0), int(day))
        except ValueError:
            return False
    if week is not None:
        w = int(week)
        return 1 <= w <= _iso_weeks(year)
    return 1 <= year <= 9999


def _iso_weeks(year: int) -> int:
    return date(year, 12, 28).isocalendar()[1]


# ------------------------------------------------------------------------------------------ numbering
def index_of(period: str, d: date) -> int:
    """The number of the period containing ``d``."""
    if period == "month":
        return d.year * 12 + d.month - 1
    if period == "year":
        return d.year
    if period == "day":
        return d.toordinal()
    if period == "week":
        return (d.toordinal() - 1) // 7
    return d.year * 2 + (0 if d.month <= 6 else 1)


def first_index_from(period: str, d: date) -> int:
    """The number of the first period that starts on or after ``d``."""
    i = index_of(period, d)
    return i if bounds(period, i)[0] == d else i + 1


@functools.lru_cache(maxsize=65536)
def bounds(period: str, i: int) -> tuple[date, date, str]:
    """(first day, last day, key) of period number ``i``."""
    if period == "month":
        y, m = divmod(i, 12)
        return date(y, m + 1, 1), month_end(y, m + 1), f"{y:04d}-{m + 1:02d}"
    if period == "year":
        return date(i, 1, 1), date(i, 12, 31), f"{i:04d}"
    if period == "day":
        d = date.fromordinal(i)
        return d, d, d.isoformat()
    if period == "week":
        first = date.fromordinal(i * 7 + 1)
        iy, iw, _ = first.isocalendar()
        return first, first + timedelta(days=6), f"{iy:04d}-W{iw:02d}"
    y, h = divmod(i, 2)
    return (date(y, 1, 1), date(y, 6, 30), f"{y:04d}-H1") if h == 0 else \
        (date(y, 7, 1), date(y, 12, 31), f"{y:04d}-H2")


def deadline(schedule: Schedule | tuple[Any, ...], last_day: date) -> date:
    """The last day on which an instalment whose period ends on ``last_day`` is paid on time."""
    _, grace, due = schedule.rule if isinstance(schedule, Schedule) else schedule
    if due is None:
        return last_day + timedelta(days=grace) if grace else last_day
    of, month, day = due
    if of == "next_month":
        y, m = (last_day.year + 1, 1) if last_day.month == 12 else (last_day.year, last_day.month + 1)
    else:
        assert month is not None
        y, m = last_day.year + 1, month
    return date(y, m, min(day, month_end(y, m).day))


# period tables for the years most histories fall in (not for days); other ranges are computed per call
_TABLE_YEARS = (1900, 2200)
_KEYS: dict[str, list[str]] = {}
_DEADLINES: dict[tuple[Any, ...], list[date]] = {}


def _table_range(period: str) -> tuple[int, int] | None:
    if period == "day":
        return None
    lo, hi = date(_TABLE_YEARS[0], 1, 1), date(_TABLE_YEARS[1], 1, 1)
    return first_index_from(period, lo), first_index_from(period, hi)


def periods(schedule: Schedule | tuple[Any, ...], i0: int, hi: int) -> tuple[list[str], list[date]]:
    """Keys and deadlines of periods ``i0 .. hi-1`` under a schedule (or its ``rule``), as new lists."""
    rule = schedule.rule if isinstance(schedule, Schedule) else schedule
    period = rule[0]
    rng = _table_range(period)
    if rng is not None and rng[0] <= i0 and hi <= rng[1]:
        base = rng[0]
        keys = _KEYS.get(period)
        if keys is None:
            keys = _KEYS[period] = [bounds(period, i)[2] for i in range(*rng)]
        dl = _DEADLINES.get(rule)
        if dl is None:
            dl = _DEADLINES[rule] = [deadline(rule, bounds(period, i)[1]) for i in range(*rng)]
        return keys[i0 - base:hi - base], dl[i0 - base:hi - base]
    rows = [bounds(period, i) for i in range(i0, hi)]
    return [r[2] for r in rows], [deadline(rule, r[1]) for r in rows]


__all__ = ["KEY_FORMAT", "KEY_RE", "PERIODS", "Schedule", "bounds", "check_key", "deadline", "first_index_from",
           "index_of", "period_of_key", "periods", "schedules_of", "version_1_instalments", "year_of_key"]
