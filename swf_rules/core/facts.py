"""Stage 4 -- facts: what a member's dated history says on a given date.

One :class:`MemberState` is built per member and membership rule set.  It indexes the history once (spells in
order, which instalment periods were paid and when, the derived lapse date of each spell, payouts per benefit)
so that facts on any date cost a few binary searches, and a fund's claims replayed in date order only *append*
payouts (:meth:`MemberState.record`) instead of re-reading the history.

Rules (documented in docs/facts.md):
- Age is in completed years; adding years clamps 29 Feb to 28 Feb (see :mod:`swf_rules.core.dates`).
- A spell covers day D when ``start <= D < end``; the day of death is still covered when the spell ended by
  death, so a death claim sees the member as they were when they died.
- Instalments: every period of the spell's schedule (:mod:`.schedules`: day, week, month, half-year or year) from
  the one containing the spell start is due; it is *paid* on the day its contributions first add up to the
  scheduled amount (or its year's to a yearly total, :mod:`._instalments`), and *missed* if that is later than its
  deadline (the period's last day plus ``grace_days``, or the date ``due`` names) or never.  On day D, *arrears*
  count the periods whose deadline is before D and that are unpaid on D, and the funeral levies overdue on D where
  they count (:mod:`.levies`).
- The membership lapses on the day after the deadline of the instalment that makes ``lapse_after.consecutive``
  missed in a row (or ``lapse_after.total`` missed in the spell).  Suspension: arrears >= ``suspend_after``.
- Tenure: continuous = days since the current spell began; cumulative = days summed over every spell up to D.
  Years from days use the calendar from ``D - days``: completed years, "over 6 months counts as a year", or exact.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate, compress, repeat
from operator import gt, is_
from typing import Any

from . import model as M
from ._instalments import paid_on as _paid_on, spell_schedule, year_paid_on
from .dates import add_months, add_years, completed_months, completed_years
from .history import Member, Payout
from .levies import OwedLevy, index_levies, unpaid_on
from .money import money_str
from .schedules import Schedule, first_index_from, index_of, periods, schedules_of

DAY = timedelta(days=1)
NEVER = date.max  # the paid-on day of an instalment never paid (compares after every real day)


@dataclass
class SpellIndex:
    start: date
    end: date | None
    end_reason: str | None
    due: list[date] = field(default_factory=list)  # deadline per period, in order
    paid_on: list[date] = field(default_factory=list)  # the day each period was paid (NEVER: not paid)
    lapse_on: date | None = None  # first day no longer a member because of missed instalments
    first_paid: date | None = None
    # prefix summary, one entry per period: how many periods up to and including it were never paid
    unpaid_upto: list[int] = field(default_factory=list)
    late: list[int] = field(default_factory=list)  # indexes of periods paid after their deadline
    missed_bytes: bytearray = field(default_factory=bytearray)  # 1 per missed period (longest runs are searched)
    levies: list[OwedLevy] = field(default_factory=list)  # the funeral levies owed in this spell, by death date
    # where indexing stands (MemberState.ensure): periods are numbered (months: year * 12 + month - 1; years: the
    # year); the next one to index, the first one starting on or after the spell's end (None: open-ended), the
    # day indexed up to, whether the spell is fully indexed, and (missed in a row at the end, missed in total)
    next_index: int = field(default=0, repr=False, compare=False)
    stop_index: int | None = field(default=None, repr=False, compare=False)
    indexed_until: date = field(default=date.min, repr=False, compare=False)
    done: bool = field(default=False, repr=False, compare=False)
    carry: tuple[int, int] = field(default=(0, 0), repr=False, compare=False)
    # (paid-on by key, schedule, rules, paid-on by year under a yearly total)
    source: tuple[Any, ...] = field(default=(), repr=False, compare=False)

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
    def schedule(self) -> Schedule:
        """The contribution schedule this spell's instalments follow (its period, amount and deadline rule)."""
        return self.source[1]

    @property
    def effective_end(self) -> date | None:
        ends = [e for e in (self.end, self.lapse_on) if e is not None]
        return min(ends) if ends else None


class StatusFacts:
    """A member's status on a day: the status, the spell it comes from, arrears, and the longest run of missed
    instalments (found on first read: most decisions never ask for it)."""

    __slots__ = ("status", "spell", "arrears", "_run", "_n")

    def __init__(self, status: str, spell: "SpellIndex | None", arrears: int, missed_in_a_row: int | None = None,
                 *, periods_due: int = 0):
        self.status = status
        self.spell = spell
        self.arrears = arrears
        self._run = missed_in_a_row
        self._n = periods_due  # how many of the spell's periods had passed their deadline on the day

    @property
    def missed_in_a_row(self) -> int:
        if self._run is None:
            sp = self.spell
            n = self._n
            self._run = max(map(len, sp.missed_bytes[:n].split(b"\x00"))) if sp is not None and n else 0
        return self._run

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StatusFacts) and (self.status, self.spell, self.arrears, self.missed_in_a_row) == \
            (other.status, other.spell, other.arrears, other.missed_in_a_row)

    def __repr__(self) -> str:
        return (f"StatusFacts(status={self.status!r}, arrears={self.arrears}, "
                f"missed_in_a_row={self.missed_in_a_row})")


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


class PaidClaim:
    """A payout decided in a batch, as the facts stage keeps it (what caps, offsets and fingerprints read)."""

    __slots__ = ("claim_id", "benefit", "event_date", "units", "amount", "person")

    def __init__(self, claim_id: str, benefit: str, event_date: date, units: int | None, amount: Decimal,
                 person: str | None = None):
        self.claim_id = claim_id
        self.benefit = benefit
        self.event_date = event_date
        self.units = units
        self.amount = amount
        self.person = person  # v2: the person the claim was about (caps counted for each person)

    def __repr__(self) -> str:
        return f"PaidClaim({self.claim_id!r}, {self.benefit!r}, {self.event_date}, {self.units}, {self.amount})"


class MemberState:
    """A member's history indexed for fact queries under one membership rule set."""

    def __init__(self, member: Member, membership: M.Membership, file: str | None = None):
        self.member = member
        self.membership = membership
        self.spells: list[SpellIndex] = []
        self.payouts: dict[str, PayoutIndex] = {}
        self.claim_ids: set[str] = set()
        self._known: list[Any] = []  # every payout recorded, in the order recorded (hashed only when asked)
        self._hashes: list[tuple[str, str, str]] = []  # (event date, claim id, sha256) of _known[:len(_hashes)]
        self._digests: dict[int, str] = {}
        contribs = member.contributions
        self.schedules = schedules_of(membership)
        paid_on_by_key, self.first_contribution = _paid_on(contribs, self.schedules, file)
        for s in sorted(member.spells, key=lambda s: s.start):
            sched = spell_schedule(contribs, self.schedules, s.start, s.end, file)
            self.spells.append(self._index_spell(s.start, s.end, s.end_reason, paid_on_by_key, sched))
        self.levy = getattr(membership, "levy", None)
        if self.levy is not None and member.levies:
            index_levies(self, self.levy, self._cut)
        for p in member.payouts:
            self.record(p)

    # ------------------------------------------------------------------------------------------ indexing
    def _index_spell(self, start: date, end: date | None, reason: str | None, paid: dict[str, date],
                     schedule: Schedule) -> SpellIndex:
        sp = SpellIndex(start, end, reason)
        stop = end
        died = self.member.died_on
        if died is not None and (stop is None or died < stop):
            stop = died + DAY
        period = schedule.period
        sp.next_index = index_of(period, start)
        sp.stop_index = None if stop is None else first_index_from(period, stop)
        years = None if schedule.yearly_total is None else year_paid_on(self.member.contributions, schedule)
        sp.source = (paid, schedule, self.membership, years)
        return sp

    def _cut(self, sp: SpellIndex, day: date) -> None:
        """End a spell's membership on ``day`` (a lapse found outside the instalments: unpaid funeral levies)."""
        if (sp.end is not None and day >= sp.end) or (sp.lapse_on is not None and day >= sp.lapse_on):
            return
        sp.lapse_on = day
        stop = first_index_from(sp.source[1].period, day)
        if sp.stop_index is None or stop < sp.stop_index:
            sp.stop_index = stop
        if sp.next_index >= stop:
            sp.done = True

    def ensure(self, sp: SpellIndex, until: date) -> None:
        """Index the spell's instalment periods that start on or before ``until`` (lazily, once).

        Each call indexes the new periods as one block with list operations (no Python step per period, except
        for periods paid late)."""
        if sp.done or until <= sp.indexed_until:
            return
        sp.indexed_until = until
        paid, schedule, ms, years = sp.source
        i0 = sp.next_index
        hi = index_of(schedule.period, until) + 1  # periods starting on or before until
        stop = sp.stop_index
        if stop is not None and stop <= hi:
            hi = stop
            sp.done = True
        if hi <= i0:
            return
        keys, deadlines = periods(schedule, i0, hi)
        pons = list(map(paid.get, keys, repeat(NEVER)))  # NEVER: not paid
        if years:  # counts_as_paid: yearly_total -- also paid on the day the year's total was reached
            pons = [min(p, years.get(int(k[:4]), NEVER)) for p, k in zip(pons, keys)]
        block = bytes(map(gt, pons, deadlines))  # 1: missed (paid after the deadline, or never)
        # the lapse rule: the period that makes N missed in a row (or in total) ends the block and the spell
        lapse = ms.lapse_after
        n_lapse = None if lapse is None else (lapse.consecutive if lapse.consecutive is not None else lapse.total)
        run, total = sp.carry
        cut = None
        if n_lapse is not None and n_lapse > 0:
            if lapse.consecutive is not None:
                at = (b"\x01" * run + block).find(b"\x01" * n_lapse)
                if at >= 0:
                    cut = at - run + n_lapse  # periods kept, the lapsing one included
            elif total + block.count(1) >= n_lapse:
                cut = bisect.bisect_left(list(accumulate(block, initial=total)), n_lapse)
        if cut is not None:
            del pons[cut:], deadlines[cut:]
            block = block[:cut]
            lapse_on = deadlines[-1] + DAY
            if (sp.end is None or lapse_on < sp.end) and (sp.lapse_on is None or lapse_on < sp.lapse_on):
                sp.lapse_on = lapse_on
            sp.done = True
            hi = i0 + cut
        k0 = len(sp.due)
        sp.due.extend(deadlines)
        sp.paid_on.extend(pons)
        sp.missed_bytes.extend(block)
        base = sp.unpaid_upto[-1] if k0 else 0
        sp.unpaid_upto.extend(accumulate(map(is_, pons, repeat(NEVER)), initial=base))
        del sp.unpaid_upto[k0]  # the initial value
        if block.count(1):
            for k in compress(range(len(pons)), block):
                if pons[k] is not NEVER:
                    sp.late.append(k0 + k)
        first = min(pons, default=NEVER)
        if first is not NEVER and (sp.first_paid is None or first < sp.first_paid):
            sp.first_paid = first
        tail = len(block) - len(block.rstrip(b"\x01"))
        sp.carry = (run + tail if tail == len(block) else tail, total + block.count(1))
        sp.next_index = hi

    def record(self, p: Any) -> None:
        """Append a payout (history or a decision made in this batch) so later claims see it in their caps.

        ``p`` is a :class:`~swf_rules.core.history.Payout` or any object with its ``claim_id``, ``benefit``,
        ``event_date``, ``units`` and ``amount``."""
        self.payouts.setdefault(p.benefit, PayoutIndex()).add(p)
        self.claim_ids.add(p.claim_id)
        self._known.append(p)

    @property
    def payouts_known(self) -> int:
        """How many payouts have been recorded so far (a decision keeps this to fingerprint what it saw)."""
        return len(self._known)

    def payout_digest(self, exclude_claim: str | None = None, known: int | None = None) -> str:
        """sha256 of the sorted hashes of the first ``known`` payouts recorded (default: all so far), without
        ``exclude_claim``'s."""
        n = len(self._known) if known is None else known
        hashes = self._hashes
        for p in self._known[len(hashes):n]:
            hashes.append(_payout_hash(p))
        if exclude_claim is not None and any(h[1] == exclude_claim for h in hashes[:n]):
            rows = sorted(h for h in hashes[:n] if h[1] != exclude_claim)
            return "sha256:" + hashlib.sha256("\n".join(h[2] for h in rows).encode()).hexdigest()
        out = self._digests.get(n)
        if out is None:
            out = self._digests[n] = "sha256:" + hashlib.sha256(
                "\n".join(h[2] for h in sorted(hashes[:n])).encode()).hexdigest()
        return out

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
                n = bisect.bisect_left(last.due, d)
                return StatusFacts("lapsed", last, self._arrears(last, d, n) + self._levies_unpaid(last, d),
                                   periods_due=n)
            reason = {"died": "dead", "resigned": "resigned", "lapsed": "lapsed", "expelled": "expelled"}.get(
                last.end_reason or "", "not_member")
            return StatusFacts(reason, last, 0, 0)
        n = bisect.bisect_left(sp.due, d)  # deadlines strictly before d
        arrears = self._arrears(sp, d, n)
        if sp.levies:
            arrears += self._levies_unpaid(sp, d)
        sus = self.membership.suspend_after
        status = "suspended" if sus is not None and sus > 0 and arrears >= sus else "active"
        return StatusFacts(status, sp, arrears, periods_due=n)

    @staticmethod
    def _arrears(sp: SpellIndex, d: date, n: int) -> int:
        """Periods whose deadline is before ``d`` (the first ``n``) and that are unpaid on ``d``."""
        if n == 0:
            return 0
        # never paid, plus paid late but after d (only late payments can fall after a passed deadline)
        return sp.unpaid_upto[n - 1] + sum(1 for i in sp.late if i < n and sp.paid_on[i] > d)

    def levies_overdue(self, sp: SpellIndex | None, d: date) -> int:
        """Funeral levies owed in the spell, past their last day before ``d`` and unpaid on ``d``."""
        return unpaid_on(sp.levies, d) if sp is not None and sp.levies else 0

    def _levies_unpaid(self, sp: SpellIndex, d: date) -> int:
        """Funeral levies counted in arrears on ``d`` (when the levy rule says unpaid levies count)."""
        lv = self.levy
        return unpaid_on(sp.levies, d) if sp.levies and lv is not None and lv.in_arrears else 0

    def arrears_spans(self, first: date, last: date) -> list[tuple[date, date]]:
        """The days ``first <= D < last`` on which the member had arrears (instalments, and levies where they
        count), as sorted, disjoint ``(from, to)`` spans, ``to`` excluded: what a waiting period
        ``paused_by_arrears`` does not count."""
        spans: list[tuple[date, date]] = []
        for sp in self.spells:
            if sp.start >= last:
                break
            self.ensure(sp, last)
            spans.extend((due + DAY, pon) for due, pon in zip(sp.due, sp.paid_on) if pon > due and due + DAY < last)
            if self.levy is not None and self.levy.in_arrears:
                spans.extend((x.last_day + DAY, x.paid_on) for x in sp.levies if x.late and x.last_day + DAY < last)
        out: list[tuple[date, date]] = []
        for a, b in sorted(spans):
            a, b = max(a, first), min(b, last)
            if b <= a:
                continue
            if out and a <= out[-1][1]:
                if b > out[-1][1]:
                    out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
        return out

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
    row = {"claim_id": p.claim_id, "benefit": p.benefit, "event_date": p.event_date.isoformat(), "units": p.units,
           "amount": money_str(p.amount)}
    person = getattr(p, "person", None)
    if person is not None:  # v2: only when the payout names a person, so older digests keep their bytes
        row["person"] = person
    text = json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return p.event_date.isoformat(), p.claim_id, hashlib.sha256(text.encode()).hexdigest()


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


__all__ = ["MemberState", "PaidClaim", "StatusFacts", "tenure_years", "completed_months"]
