"""The regulation and the calendar as the generator sees them: versions, benefits and membership rules looked up
once per date, months and paydays computed once, and the same contribution value shared by every member who pays
the same amount on the same day.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ..core import model as M
from ..core.dates import month_end
from ..core.errors import LookupProblem
from ..books import contribution
from ..core.validate import Regulation

DAY = timedelta(days=1)


class Fund:
    """What the generator needs to know about the regulation, looked up once."""

    def __init__(self, regulation: Regulation, start: date, end: date):
        self.reg = regulation
        self.start = start
        self.end = end
        self.versions = regulation.versions
        rules = [v.membership.lapse_after for v in self.versions]
        cons = [r.consecutive for r in rules if r is not None and r.consecutive]
        tots = [r.total for r in rules if r is not None and r.total]
        self.max_run = (min(cons) - 1) if cons else 2  # random misses never reach a lapse by themselves
        self.max_total = (min(tots) - 1) if tots else 10 ** 6
        self._vcache: dict[date, M.Version | None] = {}
        self._months: dict[int, tuple[str, date, date]] = {}
        self._paydays: dict[tuple[int, int], date] = {}
        self._contributions: dict[tuple[date, Decimal, str], Any] = {}

    def contribution(self, d: date, amount: Decimal, covers: str) -> Any:
        """Contributions are frozen values: members paying the same amount on the same day share one object."""
        key = (d, amount, covers)
        c = self._contributions.get(key)
        if c is None:
            c = self._contributions[key] = contribution(d, amount, covers)
        return c

    def month(self, idx: int) -> tuple[str, date, date]:
        """(key, first day, last day) of month number ``idx`` (= year * 12 + month - 1)."""
        r = self._months.get(idx)
        if r is None:
            y, m = divmod(idx, 12)
            r = self._months[idx] = (f"{y:04d}-{m + 1:02d}", date(y, m + 1, 1), month_end(y, m + 1))
        return r

    def payday(self, idx: int, habit: int) -> date:
        d = self._paydays.get((idx, habit))
        if d is None:
            _, first, last = self.month(idx)
            d = self._paydays[(idx, habit)] = first.replace(day=min(habit, last.day))
        return d

    def version(self, d: date) -> M.Version | None:
        v = self._vcache.get(d, False)
        if v is False:
            try:
                v = self.reg.in_force(d)
            except LookupProblem:
                v = None
            self._vcache[d] = v
        return v  # type: ignore[return-value]

    def benefits(self, d: date, kind: str) -> list[M.Benefit]:
        v = self.version(d)
        # a benefit for non-members (swf-rules/2) is never claimed by a member
        return [] if v is None else [b for b in v.benefits if b.kind == kind and b.recipients != "non_members"]


def next_year(d: date) -> date:
    """The same day a year later (29 Feb -> 28 Feb), like dates.add_years but cheaper."""
    try:
        return d.replace(year=d.year + 1)
    except ValueError:
        return date(d.year + 1, 2, 28)


def years_old(birth: date, on: date) -> int:
    """Completed years (for choosing event rates; eligibility is left to the engine)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
