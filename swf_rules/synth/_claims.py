"""The claims a synthetic member's life gives rise to, for the benefit kinds the regulation has: hospital stays of
1-10 nights (more often with age), births (women 18-45, and some men whose partner is not a member),
scholarships (with the claim fields the regulation declares), elderly allowances every period, and death.

Under language version 2 a claim also carries what its benefit asks for: the person a benefit with ``person:`` is
about (a member's child for a scholarship: a synthetic child of an age the rule allows), and a value for every
claim field (a bill in baht for an amount as billed, the levies collected for the levies a death benefit pays).
Benefits for non-members are never claimed by a member's life.  Regulations that use none of this draw the same
random numbers as before (the same seed gives the same bytes).

Now and then a claim is filed after its deadline (and the regulation refuses it).  A claim is a raw tuple
``(event date, member id, benefit id, fields, event_ref)``; :func:`~._population.population` numbers and builds
them.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from typing import Any

from ..core import model as M
from ..core import filing_deadline
from ..core.dates import add_months, add_years, age_on
from ._fund import Fund, next_year, years_old

_NIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
_NIGHT_WEIGHTS = (25, 22, 16, 11, 8, 6, 4, 3, 3, 2)
RawClaim = tuple[date, str, str, dict[str, Any], str | None]  # event date, member id, benefit id, fields, event_ref


def _poisson(rng: random.Random, lam: float) -> int:
    limit = math.exp(-lam)
    k, p = 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


SpellT = tuple[date, date | None, str | None]


def _in_spell(spells: list[SpellT], d: date) -> SpellT | None:
    for s in spells:
        if s[0] <= d and (s[1] is None or d < s[1] or (d == s[1] and s[2] == "died")):
            return s
    return None


def claims_of(fund: Fund, rng: random.Random, mid: str, birth: date, sex: str, spells: list[SpellT],
              died: date | None) -> list[RawClaim]:
    """The claims of one member's life, year by year from joining, then the allowances, then the death."""
    out: list[RawClaim] = []
    last = min(fund.end, died) if died is not None else fund.end
    first = spells[0][0]

    def member_on(d: date) -> bool:
        return _in_spell(spells, d) is not None and d <= last

    def add(ev: date, b: M.Benefit, kw: dict[str, Any], ref: str | None = None) -> None:
        kw["_k"] = len(out)
        out.append((ev, mid, b.id, kw, ref))

    def filed(ev: date, b: M.Benefit, base: date, lo: int, hi: int) -> date:
        f = base + timedelta(days=rng.randint(lo, hi))
        if b.deadline is not None and rng.random() < 0.01:  # now and then a claim comes in late (and is refused)
            limit = filing_deadline(b.deadline, ev, base)  # base: the stay's end, or the event
            f = limit + timedelta(days=rng.randint(1, 60))
        return max(f, ev)

    # --- year by year from joining
    t = first
    last_birth: date | None = None
    while t <= last:
        nxt = next_year(t)
        age = years_old(birth, t)
        # hospital stays
        rate = 0.04 if age < 18 else 0.06 if age < 45 else 0.09 if age < 60 else 0.16 if age < 75 else 0.25
        for _ in range(_poisson(rng, rate)):
            ev = t + timedelta(days=rng.randrange((nxt - t).days))
            nights = rng.choices(_NIGHTS, _NIGHT_WEIGHTS)[0]
            if member_on(ev) or rng.random() < 0.03:
                _stay(fund, rng, ev, nights, last, add, filed, died)
        # births
        if sex == "female" and 18 <= age <= 45:
            p = 0.08 if age < 25 else 0.09 if age < 35 else 0.04 if age < 40 else 0.01
        elif sex == "male" and 20 <= age <= 45:
            p = 0.03  # a birth whose mother is not a member
        else:
            p = 0.0
        if p and rng.random() < p:
            ev = t + timedelta(days=rng.randrange((nxt - t).days))
            lo_age = 18 if sex == "female" else 20
            if ev <= last and (last_birth is None or (ev - last_birth).days > 540) and member_on(ev) and \
                    lo_age <= years_old(birth, ev) <= 45:
                bens = [b for b in fund.benefits(ev, "birth") if b.eligibility.sex in (None, sex)]
                if bens:
                    last_birth = ev
                    children = 2 if rng.random() < 0.015 else 1
                    ref = f"birth:{mid}:{ev.isoformat()}"
                    for b in bens:
                        add(ev, b, _with_fields(rng, b, {"children": children, "filed_on": filed(ev, b, ev, 3, 45)}),
                            ref)
                    if sex == "female" and rng.random() < 0.35:
                        _stay(fund, rng, ev, rng.randint(1, 3), last, add, filed, died)
        # scholarships: school years end in March
        ev = date(nxt.year if t.month > 3 else t.year, 3, 1) + timedelta(days=rng.randrange(31))
        if t <= ev < nxt and ev <= last and member_on(ev):
            a = years_old(birth, ev)
            level = {12: "p6", 15: "m3", 18: "m6"}.get(a)
            own = level is not None and rng.random() < 0.35
            child = 30 <= a <= 55 and rng.random() < 0.04
            if own or child:
                for b in fund.benefits(ev, "scholarship"):
                    if b.person is not None and not child:  # a scholarship for a member's child (swf-rules/2)
                        continue
                    kw = {"details": claim_details(rng, b, level if own else None),
                          "filed_on": filed(ev, b, ev, 5, 40)}
                    if b.person is not None:
                        kw["person"] = synthetic_person(rng, b.person, ev, f"{mid}-child-{ev.year}")
                    add(ev, b, kw)
        t = nxt
    # elderly allowances, one claim a period while a member aged at least the threshold
    _allowances(fund, rng, birth, spells, last, add, filed)
    # death
    if died is not None and _in_spell(spells, died) is not None:
        for b in fund.benefits(died, "death"):
            if b.person is None:  # a benefit for another person's death is not claimed at the member's own
                add(died, b, _with_fields(rng, b, {"filed_on": filed(died, b, died, 3, 30)}))
    return out


def _stay(fund: Fund, rng: random.Random, ev: date, nights: int, last: date, add: Any, filed: Any,
          died: date | None) -> None:
    if ev > last:
        return
    end = ev + timedelta(days=nights)
    if died is not None and end > died:  # discharged on the day of death
        end = died
    nights = (end - ev).days
    if nights < 1:
        return
    for b in fund.benefits(ev, "sickness"):
        kw: dict[str, Any] = {"end_date": end, "filed_on": filed(ev, b, end, 1, 20)}
        a = b.amount
        if isinstance(a, M.Rate):
            kw["units"] = nights + 1 if a.unit == "day" else nights if a.unit == "night" else 1
        add(ev, b, _with_fields(rng, b, kw))


def _with_fields(rng: random.Random, b: M.Benefit, kw: dict[str, Any]) -> dict[str, Any]:
    """``kw`` with the benefit's claim fields filled in (only a benefit that declares some draws anything)."""
    if b.claim_fields:
        kw["details"] = claim_details(rng, b, None)
    return kw


def synthetic_person(rng: random.Random, rule: Any, ev: date, pid: str) -> dict[str, Any]:
    """A synthetic person a claim is about, as the benefit's ``person:`` rule allows: its first relationship, an
    age within the rule's bounds (a child of school age when none are given), not a member of the fund."""
    lo = rule.age.min if rule.age is not None and rule.age.min is not None else 0
    hi = rule.age.max if rule.age is not None and rule.age.max is not None else lo + 60
    age = min(max(rng.choice((12, 15, 18)), lo), hi)
    latest, earliest = add_years(ev, -age), add_years(ev, -age - 1) + timedelta(days=1)  # aged exactly ``age``
    born = earliest + timedelta(days=rng.randrange((latest - earliest).days + 1))
    return {"id": pid, "relationship": rule.relationships[0], "birth_date": born,
            "sex": rng.choice(("female", "male"))}


def claim_details(rng: random.Random, b: M.Benefit, level: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    paid_from = getattr(b.amount, "field", None)  # an amount as billed, or the levies collected (swf-rules/2)
    for name, spec in b.claim_fields.items():
        if spec.type == "number" and name == paid_from:
            out[name] = f"{rng.randint(300, 6000)}.{rng.choice(('00', '50'))}" if b.amount.type == "billed" \
                else str(20 * rng.randint(80, 400))
        elif spec.type == "number":
            out[name] = f"{rng.randint(250, 400) / 100:.2f}" if "gpa" in name or "grade" in name \
                else str(rng.randint(1, 10))
        elif spec.type == "yes_no":
            out[name] = rng.random() < 0.8
        else:
            opts = spec.one_of or ["yes"]
            if level is not None and level in opts:
                out[name] = level
            elif "university" in opts and level is None:
                out[name] = rng.choice(opts)
            else:
                out[name] = rng.choice(opts)
    return out


def _allowances(fund: Fund, rng: random.Random, birth: date, spells: list[tuple[date, date | None, str | None]],
                last: date, add: Any, filed: Any) -> None:
    kinds = {b.amount.every for v in fund.versions for b in v.benefits
             if b.kind == "elderly" and isinstance(b.amount, M.Allowance)}
    if not kinds:
        return
    for every in sorted(kinds):
        t = _period_start(spells[0][0], every)
        while t <= last:
            if every == "month":
                ev, nxt = t + timedelta(days=9 + rng.randrange(6)), add_months(t, 1)
            elif every == "calendar_year":
                ev, nxt = t + timedelta(days=31 + rng.randrange(15)), next_year(t)
            else:
                ev, nxt = t + timedelta(days=45 + rng.randrange(15)), next_year(t)
            t = nxt
            if ev > last or _in_spell(spells, ev) is None:
                continue
            for b in fund.benefits(ev, "elderly"):
                if not (isinstance(b.amount, M.Allowance) and b.amount.every == every):
                    continue
                threshold = b.eligibility.age.min if b.eligibility.age and b.eligibility.age.min is not None else 60
                if age_on(birth, ev) >= threshold:
                    add(ev, b, {"filed_on": filed(ev, b, ev, 0, 20)})


def _period_start(d: date, every: str) -> date:
    if every == "month":
        return date(d.year, d.month, 1)
    if every == "calendar_year":
        return date(d.year, 1, 1)
    return date(d.year if d.month >= 10 else d.year - 1, 10, 1)
