"""Stage 4 -- facts: what a member's dated history says on a given date.

One :class:`MemberState` is built per member and membership rule set.  It indexes the history once (spells in
order, which instalment periods were paid and when, the derived lapse date of each spell, payouts per benefit)
so that facts on any date cost a few binary searches, and a fund's claims replayed in date order only *append*
payouts (:meth:`MemberState.record`) instead of re-reading the history.

Rules (documented in docs/facts.md):
- Age is in completed years; adding years clamps 29 Feb to 28 Feb (see :mod:`swf_rules.dates`).
- A spell covers day D when ``start <= D < end``; the day of death is still covered when the spell ended by
  death, so a death claim sees the member as they were when they died.
- Instalments: every period (month or year) from the one containing the spell start is due; it is *paid* on the
  day its contributions first add up to the scheduled amount, and *missed* if that is later than its deadline
  (the period's last day plus ``grace_days``) or never.  On day D, *arrears* count the periods whose deadline is
  before D and that are unpaid on D.
- The membership lapses on the day after the deadline of the instalment that makes ``lapse_after.consecutive``
  missed in a row (or ``lapse_after.total`` missed in the spell).  Suspension: arrears >= ``suspend_after``.
- Tenure: continuous = days since the current spell began; cumulative = days summed over every spell up to D.
  Years from days use the calendar from ``D - days``: completed years, "over 6 months counts as a year", or exact.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from . import model as M
from .dates import add_months, add_years, completed_months, completed_years, month_end
from .history import Member, Payout
from .errors import InputError, make_problem
from .money import money_str

DAY = timedelta(days=1)


@dataclass
class SpellIndex:
    start: date
    end: date | None
    end_reason: str | None
    due: list[date] = field(default_factory=list)  # deadline per period, in order
    missed: list[bool] = field(default_factory=list)  # not paid by its deadline
    paid_on: list[date | None] = field(default_factory=list)
    lapse_on: date | None = None  # first day no longer a member because of missed instalments
    first_paid: date | None = None
    # prefix summaries, one entry per period: unpaid-ever count and longest missed run up to and including it
    unpaid_upto: list[int] = field(default_factory=list)
    best_run_upto: list[int] = field(default_factory=list)
    late: list[int] = field(default_factory=list)  # indexes of periods paid after their deadline

    def covers(self, d: date) -> bool:
        if d < self.start:
            return False
        end = self.effective_end
        if end is None:
            return True
        if d < end:
            return True
        return d == end and self.end_reason == "died"

    @property
    def effective_end(self) -> date | None:
        ends = [e for e in (self.end, self.lapse_on) if e is not None]
        return min(ends) if ends else None


@dataclass(frozen=True)
class StatusFacts:
    status: str  # active, suspended, lapsed, resigned, expelled, dead, not_member
    spell: SpellIndex | None
    arrears: int
    missed_in_a_row: int


@dataclass
class PayoutIndex:
    """Payouts of one benefit for one member, sorted by event date."""

    dates: list[date] = field(default_factory=list)
    rows: list[Payout] = field(default_factory=list)

    def add(self, p: Payout) -> None:
        i = bisect.bisect_right(self.dates, p.event_date)
        self.dates.insert(i, p.event_date)
        self.rows.insert(i, p)

    def between(self, first: date | None, last: date, exclude_claim: str | None = None) -> list[Payout]:
        """Payouts with ``first <= event_date <= last``."""
        lo = 0 if first is None else bisect.bisect_left(self.dates, first)
        hi = bisect.bisect_right(self.dates, last)
        return [p for p in self.rows[lo:hi] if p.claim_id != exclude_claim]


class MemberState:
    """A member's history indexed for fact queries under one membership rule set."""

    def __init__(self, member: Member, membership: M.Membership, file: str | None = None):
        self.member = member
        self.membership = membership
        self.spells: list[SpellIndex] = []
        self.payouts: dict[str, PayoutIndex] = {}
        self.claim_ids: set[str] = set()
        self._payout_hashes: list[tuple[str, str, str]] = []  # (event date, claim id, sha256), sorted
        self._digest: str | None = None
        period = membership.contribution.period
        amount = membership.contribution.amount
        # period key -> contributions (date, amount) in date order
        by_period: dict[str, list[tuple[date, Decimal]]] = {}
        for i, c in enumerate(sorted(member.contributions, key=lambda c: (c.date, c.covers))):
            if (period == "month") != (len(c.covers) == 7):
                idx = member.contributions.index(c)
                raise InputError([make_problem(
                    "contribution-period", path=("contributions", idx, "covers"), file=file, value=c.covers,
                    period="monthly" if period == "month" else "yearly",
                    expected="YYYY-MM" if period == "month" else "YYYY")])
            by_period.setdefault(c.covers, []).append((c.date, c.amount))
        paid_on_by_key: dict[str, date] = {}
        for key, rows in by_period.items():
            total = Decimal(0)
            for d, a in rows:
                total += a
                if total >= amount:
                    paid_on_by_key[key] = d
                    break
        for s in sorted(member.spells, key=lambda s: s.start):
            self.spells.append(self._index_spell(s.start, s.end, s.end_reason, paid_on_by_key, period))
        if member.contributions:
            self.first_contribution: date | None = min(c.date for c in member.contributions)
        else:
            self.first_contribution = None
        for p in member.payouts:
            self.record(p)

    # ------------------------------------------------------------------------------------------ indexing
    def _index_spell(self, start: date, end: date | None, reason: str | None, paid: dict[str, date],
                     period: str) -> SpellIndex:
        sp = SpellIndex(start, end, reason)
        sp._cursor = (start.year, start.month if period == "month" else 1, 0, 0)  # type: ignore[attr-defined]
        sp._ctx = (paid, period, self.membership)  # type: ignore[attr-defined]
        sp._done = False  # type: ignore[attr-defined]
        sp._until = date.min  # type: ignore[attr-defined]
        sp._cur_run = 0  # type: ignore[attr-defined]
        return sp

    def ensure(self, sp: SpellIndex, until: date) -> None:
        """Index the spell's instalment periods that start on or before ``until`` (lazily, once)."""
        if sp._done or until <= sp._until:  # type: ignore[attr-defined]
            return
        paid, period, ms = sp._ctx  # type: ignore[attr-defined]
        y, mth, run, total = sp._cursor  # type: ignore[attr-defined]
        grace = timedelta(days=ms.grace_days)
        stop = sp.end
        if self.member.died_on is not None and (stop is None or self.member.died_on < stop):
            stop = self.member.died_on + DAY
        lapse = ms.lapse_after
        n = None if lapse is None else (lapse.consecutive if lapse.consecutive is not None else lapse.total)
        due, paid_on, missed_l, unpaid, best, late = (sp.due, sp.paid_on, sp.missed, sp.unpaid_upto,
                                                     sp.best_run_upto, sp.late)
        while True:
            pstart, pend, key, ny, nm = _period_info(period, y, mth)
            if stop is not None and pstart >= stop:
                sp._done = True  # type: ignore[attr-defined]
                break
            if pstart > until:
                break
            deadline = pend + grace if grace else pend
            pon = paid.get(key)
            missed = pon is None or pon > deadline
            k = len(due)
            due.append(deadline)
            paid_on.append(pon)
            missed_l.append(missed)
            unpaid.append((unpaid[-1] if k else 0) + (pon is None))
            cur_run = sp._cur_run + 1 if missed else 0  # type: ignore[attr-defined]
            sp._cur_run = cur_run  # type: ignore[attr-defined]
            best.append(max(best[-1] if k else 0, cur_run))
            if pon is not None:
                if pon > deadline:
                    late.append(k)
                if sp.first_paid is None or pon < sp.first_paid:
                    sp.first_paid = pon
            y, mth = ny, nm
            if n is not None and n > 0:
                run = run + 1 if missed else 0
                total += 1 if missed else 0
                reached = run if lapse.consecutive is not None else total
                if reached >= n:
                    lapse_on = deadline + DAY
                    if sp.end is None or lapse_on < sp.end:
                        sp.lapse_on = lapse_on
                    sp._done = True  # type: ignore[attr-defined]
                    break
        sp._cursor = (y, mth, run, total)  # type: ignore[attr-defined]
        sp._until = until  # type: ignore[attr-defined]

    def record(self, p: Payout) -> None:
        """Append a payout (history or a decision made in this batch) so later claims see it in their caps."""
        self.payouts.setdefault(p.benefit, PayoutIndex()).add(p)
        self.claim_ids.add(p.claim_id)
        h = _payout_hash(p)
        bisect.insort(self._payout_hashes, h)
        self._digest = None

    def payout_digest(self, exclude_claim: str | None = None) -> str:
        """sha256 of the sorted hashes of the payouts known so far (without ``exclude_claim``'s)."""
        if exclude_claim in self.claim_ids:
            rows = [h for h in self._payout_hashes if h[1] != exclude_claim]
            return "sha256:" + hashlib.sha256("\n".join(h[2] for h in rows).encode()).hexdigest()
        if self._digest is None:
            self._digest = "sha256:" + hashlib.sha256(
                "\n".join(h[2] for h in self._payout_hashes).encode()).hexdigest()
        return self._digest

    # ------------------------------------------------------------------------------------------ queries
    def spell_at(self, d: date) -> SpellIndex | None:
        sp = self.last_spell_before(d)
        return sp if sp is not None and sp.covers(d) else None

    def last_spell_before(self, d: date) -> SpellIndex | None:
        for sp in reversed(self.spells):
            if sp.start <= d:
                self.ensure(sp, d)
                return sp
        return None

    def status_at(self, d: date, *, ignore_death_on_day: bool = False) -> StatusFacts:
        died = self.member.died_on
        if died is not None and (d > died or (d == died and not ignore_death_on_day)):
            return StatusFacts("dead", None, 0, 0)
        sp = self.spell_at(d)
        if sp is None:
            last = self.last_spell_before(d)
            if last is None:
                return StatusFacts("not_member", None, 0, 0)
            if last.lapse_on is not None and (last.end is None or last.lapse_on <= last.end) \
                    and d >= last.lapse_on:
                return StatusFacts("lapsed", last, self._arrears(last, d), self._run(last, d))
            reason = {"died": "dead", "resigned": "resigned", "lapsed": "lapsed", "expelled": "expelled"}.get(
                last.end_reason or "", "not_member")
            return StatusFacts(reason, last, 0, 0)
        arrears = self._arrears(sp, d)
        run = self._run(sp, d)
        sus = self.membership.suspend_after
        status = "suspended" if sus is not None and sus > 0 and arrears >= sus else "active"
        return StatusFacts(status, sp, arrears, run)

    @staticmethod
    def _arrears(sp: SpellIndex, d: date) -> int:
        """Periods whose deadline is before ``d`` and that are unpaid on ``d``."""
        n = bisect.bisect_left(sp.due, d)  # deadlines strictly before d
        if n == 0:
            return 0
        # never paid, plus paid late but after d (only late payments can fall after a passed deadline)
        return sp.unpaid_upto[n - 1] + sum(1 for i in sp.late if i < n and sp.paid_on[i] > d)  # type: ignore[operator]

    @staticmethod
    def _run(sp: SpellIndex, d: date) -> int:
        n = bisect.bisect_left(sp.due, d)
        return sp.best_run_upto[n - 1] if n else 0

    def continuous_days(self, d: date, sp: SpellIndex | None) -> int:
        return (d - sp.start).days if sp is not None and d >= sp.start else 0

    def cumulative_days(self, d: date) -> int:
        total = 0
        for sp in self.spells:
            if sp.start > d:
                break
            self.ensure(sp, d)
            end = sp.effective_end
            last = d if end is None or end > d else end
            total += max((last - sp.start).days, 0)
        return total

    def waiting_start(self, kind: str, sp: SpellIndex | None) -> date | None:
        if kind == "membership_start":
            return sp.start if sp else None
        if kind == "first_membership":
            return self.spells[0].start if self.spells else None
        if sp is None:
            return None
        dates = [c.date for c in self.member.contributions
                 if c.date >= sp.start and (sp.end is None or c.date <= sp.end)]
        return min(dates) if dates else None

    def paid(self, benefit: str, first: date | None, last: date, exclude_claim: str | None) -> list[Payout]:
        idx = self.payouts.get(benefit)
        if idx is None:
            return []
        return idx.between(first, last, exclude_claim)


def _payout_hash(p: Payout) -> tuple[str, str, str]:
    text = json.dumps({"claim_id": p.claim_id, "benefit": p.benefit, "event_date": p.event_date.isoformat(),
                       "units": p.units, "amount": money_str(p.amount)}, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)
    return p.event_date.isoformat(), p.claim_id, hashlib.sha256(text.encode()).hexdigest()


@functools.lru_cache(maxsize=65536)
def _period_info(period: str, y: int, mth: int) -> tuple[date, date, str, int, int]:
    """(first day, last day, key, next year, next month) of an instalment period."""
    if period == "month":
        ny, nm = (y + 1, 1) if mth == 12 else (y, mth + 1)
        return date(y, mth, 1), month_end(y, mth), f"{y:04d}-{mth:02d}", ny, nm
    return date(y, 1, 1), date(y, 12, 31), f"{y:04d}", y + 1, 1


def tenure_years(days: int, on: date, rounding: str) -> Decimal:
    """Years of membership from a number of days ending on ``on``, under a declared rounding."""
    start = on - timedelta(days=days)
    y = completed_years(start, on)
    if rounding == "completed_years":
        return Decimal(y)
    if rounding == "over_6_months":
        return Decimal(y + 1) if on > add_months(start, 12 * y + 6) else Decimal(y)
    # exact: completed years plus the elapsed share of the current year, to 4 decimals
    a = add_years(start, y)
    b = add_years(start, y + 1)
    frac = Decimal((on - a).days) / Decimal((b - a).days)
    return (Decimal(y) + frac).quantize(Decimal("0.0001"))


__all__ = ["MemberState", "StatusFacts", "tenure_years", "completed_months"]
