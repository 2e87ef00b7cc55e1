"""What the monitor knows of one member: spells, contributions, open claims, and the facts derived from them.

:class:`Track` keeps a member's history as the events describe it (and gives it to the core engine as
:class:`~swf_rules.core.history.Member` data), the member's status as the monitor concluded it, and the days still
to be evaluated.  It does the member's calendar arithmetic: age, tenure under the declared rounding (cached per
span of days on which it cannot change, and checked against the core's ``tenure_years``), the day tenure reaches a
minimum, and the facts that the elderly benefit's condition reads.  :class:`OpenClaim` is a claim the member may
file, tracked until it is filed or its deadline has passed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Iterable, Iterator

from ..core import model as M
from ..core.dates import add_months, add_period, add_years, age_on
from ..core.facts import tenure_years
from ..core.history import Member, parse_member
from ..core.money import money_str
from ._ledger import DAY, Ledger, Spell


@dataclass
class OpenClaim:
    """A claim the member may file, tracked until it is filed or its deadline has passed."""

    key: str
    benefit: M.Benefit
    event: str
    event_date: date
    last_day: date
    version: M.Version
    soon_sent: bool = False
    passed_sent: bool = False


class Track:
    """What the monitor knows of one member."""

    def __init__(self, member_id: str, birth: date, sex: str, joined: date):
        self.member_id = member_id
        self.birth = birth
        self.sex = sex
        self.spells: list[Spell] = [Spell(joined)]
        self.contributions: list[tuple[date, str, Decimal]] = []
        self.died_on: date | None = None
        self.status = "active"
        self.done = joined - DAY  # every touch up to this day has run
        self.pending: list[int] = []
        self.pending_set: set[int] = set()
        self.full: set[int] = set()  # days that need every check (not only the instalment counters)
        self.ledger: Ledger | None = None
        self.last_standing: tuple | None = None
        self.elderly: dict[str, bool] = {}
        self.last_elderly: dict[str, tuple] = {}
        self.claims: dict[str, OpenClaim] = {}
        self.filed: set[tuple[str, date]] = set()
        self.stay: date | None = None
        self.death_notified = False
        self._member: Member | None = None
        self._age = (0, 0, 0)  # (age, first day ordinal, end ordinal): age is constant in [first, end)
        self._tenure: dict[tuple[str, int], tuple[int, int, int]] = {}

    def age(self, d: date) -> int:
        o = d.toordinal()
        v, lo, hi = self._age
        if lo <= o < hi:
            return v
        v = age_on(self.birth, d)
        self._age = (v, add_years(self.birth, v).toordinal(), add_years(self.birth, v + 1).toordinal())
        return v

    def tenure(self, days: int, d: date, rounding: str) -> int:
        """Whole years of tenure (the core's ``tenure_years``, truncated), cached per virtual start day."""
        o = d.toordinal()
        key = (rounding, o - days)
        hit = self._tenure.get(key)
        if hit is not None and hit[1] <= o < hit[2]:
            return hit[0]
        v = int(tenure_years(days, d, rounding))
        self._tenure[key] = (v, *_tenure_span(date.fromordinal(o - days), v, rounding, o))
        return v

    def prior_days(self) -> int:
        """Days of membership in the spells before the current one (each up to its end or lapse)."""
        total = 0
        for s in self.spells[:-1]:
            ends = [e for e in (s.end, s.lapse_on) if e is not None]
            end = min(ends) if ends else s.start
            total += max((end - s.start).days, 0)
        return total

    def tenure_day(self, rule: M.TenureRule) -> date:
        """The first day of the current spell on which tenure reaches ``min_years`` (tenure only grows)."""
        start = self.spell.start
        prior = self.prior_days() if rule.membership == "cumulative" else 0

        def ok(d: date) -> bool:
            return tenure_years(prior + (d - start).days, d, rule.rounding) >= rule.min_years

        lo, hi = start, max(start, add_years(start, rule.min_years))
        while lo < hi:
            mid = lo + timedelta(days=(hi - lo).days // 2)
            if ok(mid):
                hi = mid
            else:
                lo = mid + DAY
        return lo

    def elderly_facts(self, d: date, el: M.Eligibility, led: Ledger | None) -> tuple[str, int, int, int, int, int]:
        """What an elderly benefit's condition ``el`` reads on day ``d``: (status, age, age at joining, whole
        years of tenure, waiting period served (1) or not (0), arrears); a part the condition does not use is 0."""
        status = self.status
        sp = None if status == "dead" else self.spell
        age = self.age(d)
        age_join = age_on(self.birth, sp.start if sp is not None else d) if el.age is not None and \
            el.age.at == "joining" else 0
        tenure = 0
        if el.tenure is not None:
            if el.tenure.membership == "continuous":
                days = (d - sp.start).days if sp is not None and d >= sp.start else 0
            else:
                days = 0
                for s in self.spells:
                    if s.start > d:
                        break
                    lapse_on = led.lapse_on if s is self.spell and self.open and led is not None else s.lapse_on
                    ends = [e for e in (s.end, lapse_on) if e is not None]
                    end = min(ends) if ends else None
                    last = d if end is None or end > d else end
                    days += max((last - s.start).days, 0)
            tenure = self.tenure(days, d, el.tenure.rounding)
        waited = 0
        if el.waiting is not None:
            start = self.waiting_start(el.waiting, sp)
            waited = int(start is not None and d >= waiting_served(start, el.waiting))
        arrears = len(led.unpaid) if led is not None and status in ("active", "suspended", "lapsed") else 0
        return status, age, age_join, tenure, waited, arrears

    def threshold_days(self, versions: Iterable[M.Version]) -> Iterator[date]:
        """Days on which the elderly condition or the rules in force can change without an event: each version's
        effective date, the age limits, the day tenure reaches its minimum, the end of a waiting period that does
        not start with a contribution."""
        sp = self.spell
        for v in versions:
            yield v.effective
            for b in v.benefits:
                if b.kind != "elderly":
                    continue
                el = b.eligibility
                if el.age is not None and el.age.at == "event":
                    if el.age.min is not None:
                        yield add_years(self.birth, el.age.min)
                    if el.age.max is not None:
                        yield add_years(self.birth, el.age.max + 1)
                if el.tenure is not None:
                    yield self.tenure_day(el.tenure)
                w = el.waiting
                if w is not None and w.start != "first_contribution":
                    start = self.waiting_start(w, sp)
                    if start is not None:
                        yield waiting_served(start, w)

    def waiting_start(self, w: M.Waiting, sp: Spell | None) -> date | None:
        """The day waiting period ``w`` counts from, in spell ``sp`` (None: no spell counts, the member died)."""
        if w.start == "membership_start":
            return sp.start if sp is not None else None
        if w.start == "first_membership":
            return self.spells[0].start
        return sp.first_paid if sp is not None else None  # first_contribution

    @property
    def spell(self) -> Spell:
        return self.spells[-1]

    @property
    def open(self) -> bool:
        return self.spell.end is None and self.died_on is None

    def close_spell(self, d: date, reason: str) -> None:
        """End the current spell on ``d`` (lapsed, resigned, died), keeping the lapse day its ledger derived."""
        sp = self.spell
        if self.ledger is not None and self.ledger.spell is sp:
            sp.lapse_on = self.ledger.lapse_on
        sp.end, sp.end_reason = d, reason

    def ledger_for(self, ms: M.Membership) -> Ledger:
        led = self.ledger
        if led is None or led.ms is not ms or led.spell is not self.spell:
            led = self.ledger = Ledger(ms, self.spell, self.contributions)
        return led

    def member(self) -> Member:
        """The history as a validated :class:`~swf_rules.core.history.Member` (what the core engine decides on)."""
        if self._member is None:
            self._member = parse_member({
                "member_id": self.member_id, "birth_date": self.birth.isoformat(), "sex": self.sex,
                "spells": [{"start": s.start.isoformat(), "end": s.end.isoformat() if s.end else None,
                            "end_reason": s.end_reason} for s in self.spells],
                "contributions": [{"date": d.isoformat(), "amount": money_str(a), "covers": k}
                                  for d, k, a in self.contributions],
                "died_on": self.died_on.isoformat() if self.died_on else None,
                "payouts": []})
        return self._member

    def changed(self) -> None:
        self._member = None


def waiting_served(start: date, w: M.Waiting) -> date:
    """The day waiting period ``w`` counted from ``start`` is served."""
    return _served(start, w.days, w.months, w.years)


@functools.lru_cache(maxsize=65536)
def _served(start: date, days: int, months: int, years: int) -> date:
    return add_period(start, days=days, months=months, years=years)


def _tenure_span(s: date, v: int, rounding: str, o: int) -> tuple[int, int]:
    """[first, end) ordinals around day ``o`` where whole-year tenure counted from ``s`` stays ``v``.
    Checked against the core's ``tenure_years``; when the check fails only day ``o`` is cached."""
    if rounding == "over_6_months":
        lo = s if v == 0 else add_months(s, 12 * (v - 1) + 6) + DAY
        hi = add_months(s, 12 * v + 6) + DAY
    else:  # completed_years; exact truncated to whole years
        lo, hi = add_years(s, v), add_years(s, v + 1)

    def at(x: date) -> int:
        return int(tenure_years((x - s).days, x, rounding))

    if lo.toordinal() <= o < hi.toordinal() and lo >= s and at(lo) == v and at(hi - DAY) == v and at(hi) != v:
        return lo.toordinal(), hi.toordinal()
    return o, o + 1

