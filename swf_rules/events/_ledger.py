"""A member's spells of membership and the instalment ledger of a spell, kept incrementally as the days pass.

This is the incremental form of :mod:`swf_rules.core.facts` (docs/facts.md) that the monitor needs: the core
computes a member's standing on one day from the whole history; :class:`Ledger` finalizes each instalment period
once the clock has passed its deadline, so the monitor knows the arrears and the missed runs on every day without
recounting the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import cast

from ..core import model as M
from ..core.errors import UsageError
from ..core.dates import month_end
from ..core.schedules import version_1_instalments

DAY = timedelta(days=1)


def lapse_rule(ms: M.Membership) -> tuple[int, str] | None:
    """``lapse_after`` read once for the ledger, the rules and the notices: ``(N, "consecutive")`` when membership
    ends after N instalments missed in a row, ``(N, "total")`` after N missed in all, None when it never lapses."""
    la = ms.lapse_after
    if la is None:
        return None
    return (la.consecutive, "consecutive") if la.consecutive is not None else (cast(int, la.total), "total")


@dataclass
class Spell:
    """One spell of membership: from joining until it ended (lapsed, resigned, died), if it has."""

    start: date
    end: date | None = None
    end_reason: str | None = None
    lapse_on: date | None = None  # derived lapse (before ``end``), kept when the spell is closed
    first_paid: date | None = None  # first contribution in the spell


class Ledger:
    """The instalments of one spell under one membership rule set, finalized as the clock passes their deadlines.

    The incremental form of swf_rules.core.facts (docs/facts.md): a period is *paid* on the day its contributions first
    add up to the scheduled amount and *missed* if that is after its deadline (last day + grace) or never;
    arrears on D are past-deadline periods unpaid on D; lapse on the day after the deadline that makes
    ``lapse_after`` missed in a row (or in total).  Events arrive in date order, so a period's outcome is known
    once its deadline has passed."""

    def __init__(self, ms: M.Membership, spell: Spell, contributions: list[tuple[date, str, Decimal]]):
        self.ms = ms
        self.spell = spell
        c = ms.contribution
        if not version_1_instalments(ms):
            raise UsageError("the event monitor reads monthly or yearly instalments with grace days only; this "
                             "regulation uses swf-rules/2 schedules or a funeral levy (decide its claims with "
                             "swf-rules evaluate or replay)")
        self.monthly = c.period == "month"
        self.amount = c.amount
        self.grace = timedelta(days=ms.grace_days)
        lapse = lapse_rule(ms)
        self.n = lapse[0] if lapse is not None else 0
        self.consecutive = lapse is not None and lapse[1] == "consecutive"
        self.totals: dict[str, Decimal] = {}
        self.paid_on: dict[str, date] = {}
        for d, key, amt in sorted(contributions, key=lambda x: (x[0], x[1])):
            self._add(d, key, amt)
        self.y = spell.start.year
        self.m = spell.start.month if self.monthly else 1
        self._cur = self._period()
        self.run = self.best = self.total = 0
        self.unpaid: set[str] = set()
        self.lapse_on: date | None = None
        self.stopped = False

    def _add(self, d: date, key: str, amount: Decimal) -> None:
        t = self.totals.get(key, Decimal(0)) + amount
        self.totals[key] = t
        if key not in self.paid_on and t >= self.amount:
            self.paid_on[key] = d

    def contribute(self, d: date, key: str, amount: Decimal) -> None:
        self._add(d, key, amount)
        if key in self.unpaid and key in self.paid_on:
            self.unpaid.discard(key)

    def _period(self) -> tuple[date, date, str]:
        y, m = self.y, self.m
        if self.monthly:
            return date(y, m, 1), month_end(y, m) + self.grace, f"{y:04d}-{m:02d}"
        return date(y, 1, 1), date(y, 12, 31) + self.grace, f"{y:04d}"

    def advance(self, d: date, died_on: date | None) -> None:
        """Finalize every period whose deadline is before ``d``."""
        stop = self.spell.end
        if died_on is not None and (stop is None or died_on + DAY < stop):
            stop = died_on + DAY
        while not self.stopped:
            pstart, due, key = self._cur
            if stop is not None and pstart >= stop:
                self.stopped = True
                break
            if due >= d:
                break
            pon = self.paid_on.get(key)
            missed = pon is None or pon > due
            if pon is None:
                self.unpaid.add(key)
            self.run = self.run + 1 if missed else 0
            self.best = max(self.best, self.run)
            self.total += 1 if missed else 0
            if self.monthly:
                self.y, self.m = (self.y + 1, 1) if self.m == 12 else (self.y, self.m + 1)
            else:
                self.y += 1
            self._cur = self._period()
            if self.n > 0 and (self.run if self.consecutive else self.total) >= self.n:
                lapse_on = due + DAY
                if self.spell.end is None or lapse_on < self.spell.end:
                    self.lapse_on = lapse_on
                self.stopped = True

    def next_change(self) -> date | None:
        """The next day the counters can change without an event: the day after the next deadline."""
        if self.stopped:
            return None
        pstart, due, _ = self._cur
        if self.spell.end is not None and pstart >= self.spell.end:
            return None
        return due + DAY

