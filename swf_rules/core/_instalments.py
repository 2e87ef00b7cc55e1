"""When each instalment of a member's history was paid, for the facts stage (:mod:`swf_rules.core.facts`).

Contributions name the period they cover (``covers``); an instalment is paid on the day its contributions first
add up to its schedule's amount.  Under ``counts_as_paid: yearly_total`` it is also paid on the day the
contributions covering its year first add up to the yearly total.  Which schedule a membership spell is on is
read from the periods its contributions cover (the membership's first schedule when it has none).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Sequence

from .errors import InputError, make_problem
from .schedules import KEY_FORMAT, PERIOD_WORDS, Schedule, period_of_key, year_of_key


def _period_problem(contribs: list[Any], c: Any, periods: Sequence[str], file: str | None) -> InputError:
    return InputError([make_problem(
        "contribution-period", path=("contributions", contribs.index(c), "covers"), file=file, value=c.covers,
        period=" or ".join(PERIOD_WORDS[p] for p in periods), expected=" or ".join(KEY_FORMAT[p] for p in periods))])


def paid_on(contribs: list[Any], schedules: Sequence[Schedule], file: str | None
            ) -> tuple[dict[str, date], date | None]:
    """period key -> the day its contributions first add up to the amount of the schedule of its period; and the
    first contribution's day.  A contribution covering a period no schedule has is refused."""
    amount_of = {s.period: s.amount for s in schedules}
    covers = [c.covers for c in contribs]
    if len(schedules) == 1:
        period = schedules[0].period
        width = len(KEY_FORMAT[period])
        if covers and (min(map(len, covers)) != width or max(map(len, covers)) != width
                       or any(period_of_key(k) != period for k in set(covers))):
            for c in sorted(contribs, key=lambda c: (c.date, c.covers)):
                if period_of_key(c.covers) != period:
                    raise _period_problem(contribs, c, [period], file)
    else:
        for c in sorted(contribs, key=lambda c: (c.date, c.covers)):
            if period_of_key(c.covers) not in amount_of:
                raise _period_problem(contribs, c, [s.period for s in schedules], file)
    dates = [c.date for c in contribs]
    amounts = [c.amount for c in contribs]
    first = min(dates) if dates else None
    if len(set(covers)) == len(covers):  # one contribution per period (the usual passbook): no sums needed
        if len(schedules) == 1:
            amount = schedules[0].amount
            if not amounts or min(amounts) >= amount:
                return dict(zip(covers, dates)), first
            return {k: d for k, d, a in zip(covers, dates, amounts) if a >= amount}, first
        return {k: d for k, d, a in zip(covers, dates, amounts) if a >= amount_of[period_of_key(k)]}, first
    by_period: dict[str, list[tuple[date, Decimal]]] = {}
    for d, k, a in sorted(zip(dates, covers, amounts), key=lambda t: (t[0], t[1])):
        by_period.setdefault(k, []).append((d, a))
    paid: dict[str, date] = {}
    for key, rows in by_period.items():
        amount = amount_of[period_of_key(key)]
        total = Decimal(0)
        for d, a in rows:
            total += a
            if total >= amount:
                paid[key] = d
                break
    return paid, first


def year_paid_on(contribs: list[Any], schedule: Schedule) -> dict[int, date]:
    """year -> the day the contributions covering that year's periods of the schedule first add up to its yearly
    total (``counts_as_paid: yearly_total``)."""
    assert schedule.yearly_total is not None
    rows = sorted((c.date, c.covers, c.amount) for c in contribs if period_of_key(c.covers) == schedule.period)
    totals: dict[int, Decimal] = {}
    out: dict[int, date] = {}
    for d, key, a in rows:
        y = year_of_key(key)
        if y in out:
            continue
        totals[y] = totals.get(y, Decimal(0)) + a
        if totals[y] >= schedule.yearly_total:
            out[y] = d
    return out


def spell_schedule(contribs: list[Any], schedules: Sequence[Schedule], start: date, end: date | None,
                   file: str | None) -> Schedule:
    """The schedule a spell is on: the one whose period its contributions cover (they must all cover one)."""
    if len(schedules) == 1:
        return schedules[0]
    mine = sorted((c for c in contribs if c.date >= start and (end is None or c.date <= end)),
                  key=lambda c: (c.date, c.covers))
    if not mine:
        return schedules[0]
    period = period_of_key(mine[0].covers)
    for c in mine:
        if period_of_key(c.covers) != period:
            assert period is not None
            raise _period_problem(contribs, c, [period], file)
    return next(s for s in schedules if s.period == period)


__all__ = ["paid_on", "spell_schedule", "year_paid_on"]
