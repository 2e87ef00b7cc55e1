"""An independent reading of the membership rules -- the spell on a date, when a waiting period starts, when a
spell lapses for missed instalments, the member's status -- written apart from the engine
(:mod:`swf_rules.core.facts`) so that the properties can hold its decisions against it."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Iterator

from ..core import model as M
from ..core.money import ZERO


def spell_at(member: Any, ev: date) -> Any:
    """The membership spell that covers ``ev`` (a death ends a spell on its day, not before), or ``None``."""
    for sp in sorted(member.spells, key=lambda x: x.start):
        if sp.start <= ev and (sp.end is None or ev < sp.end or (ev == sp.end and sp.end_reason == "died")):
            return sp
    return None


def waiting_start(member: Any, how: str, sp: Any) -> date | None:
    """The day a waiting period counts from (``how``: its ``start`` setting) for a claim in spell ``sp``."""
    if how == "first_membership":
        return min(x.start for x in member.spells)
    if sp is None:
        return None
    if how == "membership_start":
        return sp.start
    dates = [c.date for c in member.contributions if c.date >= sp.start and (sp.end is None or c.date <= sp.end)]
    return min(dates) if dates else None


def _schedule_for(member: Any, start: date, end: date | None, membership: M.Membership) -> Any:
    """The contribution schedule of a spell: the one whose period its contributions' keys name."""
    c = membership.contribution
    options = [c] + list(getattr(c, "alternatives", ()) or ())
    shapes = {4: "year", 10: "day", 8: "week"}
    for x in sorted(member.contributions, key=lambda x: x.date):
        if x.date >= start and (end is None or x.date <= end):
            k = x.covers
            period = shapes.get(len(k), "half_year" if "H" in k else "month")
            return next((o for o in options if o.period == period), c)
    return c


def _periods(period: str, start: date) -> Iterator[tuple[date, date, str]]:
    """(first day, last day, key) of the instalment periods from the one containing ``start``, in order."""
    if period == "day":
        d = start
        while True:
            yield d, d, d.isoformat()
            d += timedelta(days=1)
    if period == "week":
        d = start - timedelta(days=start.weekday())
        while True:
            y, w, _ = d.isocalendar()
            yield d, d + timedelta(days=6), f"{y:04d}-W{w:02d}"
            d += timedelta(days=7)
    step = {"month": 1, "half_year": 6, "year": 12}[period]
    y, m = start.year, (start.month if period == "month" else 1 if period == "year" or start.month <= 6 else 7)
    while True:
        ny, nm = (y + (m + step - 1) // 12, (m + step - 1) % 12 + 1)
        first = date(y, m, 1)
        key = {"month": f"{y:04d}-{m:02d}", "half_year": f"{y:04d}-H{1 if m == 1 else 2}", "year": f"{y:04d}"}[period]
        yield first, date(ny, nm, 1) - timedelta(days=1), key
        y, m = ny, nm


def _deadline(sched: Any, grace: int, last: date) -> date:
    due = getattr(sched, "due", None)
    if due is None:
        return last + timedelta(days=grace)
    y, m = (last.year + (last.month == 12), last.month % 12 + 1) if due.of == "next_month" else (last.year + 1,
                                                                                                due.month)
    return date(y, m, min(due.day, calendar.monthrange(y, m)[1]))


def instalment_rows(member: Any, start: date, end: date | None, membership: M.Membership,
                    until: date) -> Iterator[tuple[str, date, date | None]]:
    """(key, deadline, paid-on day or None) of each instalment of a spell that starts on or before ``until``
    (and before the spell's end or the member's death)."""
    sched = _schedule_for(member, start, end, membership)
    amount = sched.amount
    sums: dict[str, Decimal] = {}
    paid_on: dict[str, date] = {}
    years: dict[int, Decimal] = {}
    year_paid: dict[int, date] = {}
    total = getattr(sched, "yearly_total", None) if getattr(sched, "counts_as_paid", "instalment") == "yearly_total" \
        else None
    for c in sorted(member.contributions, key=lambda c: (c.date, c.covers)):
        sums[c.covers] = sums.get(c.covers, ZERO) + c.amount
        if sums[c.covers] >= amount and c.covers not in paid_on:
            paid_on[c.covers] = c.date
        y = int(c.covers[:4])
        years[y] = years.get(y, ZERO) + c.amount
        if total is not None and years[y] >= total and y not in year_paid:
            year_paid[y] = c.date
    stop = end
    if member.died_on is not None and (stop is None or member.died_on < stop):
        stop = member.died_on + timedelta(days=1)
    grace = membership.grace_days if getattr(sched, "due", None) is None else 0
    for first, last, key in _periods(sched.period, start):
        if first > until or (stop is not None and first >= stop):
            return
        on = [x for x in (paid_on.get(key), year_paid.get(int(key[:4]))) if x is not None]
        yield key, _deadline(sched, grace, last), min(on) if on else None


def lapse_date(member: Any, start: date, end: date | None, membership: M.Membership, until: date) -> date | None:
    """The first day a spell is lapsed for missed instalments (an independent reading of the lapse rule)."""
    rule = membership.lapse_after
    if rule is None:
        return None
    n = rule.consecutive if rule.consecutive is not None else rule.total
    if not n:
        return None
    run = total = 0
    for _, deadline, paid in instalment_rows(member, start, end, membership, until):
        missed = paid is None or paid > deadline
        run = run + 1 if missed else 0
        total += 1 if missed else 0
        if (run if rule.consecutive is not None else total) >= n:
            return deadline + timedelta(days=1)
    return None


def arrears_days(member: Any, sp: Any, membership: M.Membership, first: date, last: date) -> set[date]:
    """The days ``first <= D < last`` on which an instalment of spell ``sp`` was overdue and unpaid."""
    out: set[date] = set()
    for _, deadline, paid in instalment_rows(member, sp.start, sp.end, membership, last):
        d = max(deadline + timedelta(days=1), first)
        stop = last if paid is None else min(paid, last)
        while d < stop:
            out.add(d)
            d += timedelta(days=1)
    return out


def member_status(member: Any, ev: date, membership: M.Membership) -> str:
    """Whether the member is still a member on ``ev``: 'member', 'dead', 'lapsed', 'resigned', 'expelled' or
    'not_member' (suspension is not distinguished)."""
    if member.died_on is not None and ev > member.died_on:
        return "dead"
    sp = spell_at(member, ev)
    if sp is None:
        before = [x for x in member.spells if x.start <= ev]
        if not before:
            return "not_member"
        last = max(before, key=lambda x: x.start)
        lapse = lapse_date(member, last.start, last.end, membership, ev)
        if lapse is not None and ev >= lapse:
            return "lapsed"
        return {"died": "dead", "resigned": "resigned", "lapsed": "lapsed", "expelled": "expelled"}.get(
            last.end_reason or "", "not_member")
    lapse = lapse_date(member, sp.start, sp.end, membership, ev)
    if lapse is not None and ev >= lapse:
        return "lapsed"
    return "member"
