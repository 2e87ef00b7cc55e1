"""Synthetic funds: a deterministic population of members and claims, and a ledger with planted mistakes.

Nothing here describes a real person.  The same arguments give the same population, byte for byte: every random
choice comes from a :class:`random.Random` seeded from ``seed`` (one for the joining cohorts, one per member, one
for the planted mistakes), never from the clock or the hash seed.

The population is shaped like a Thai subdistrict fund (see docs/auditors.md): a founding cohort joins in the first
two months and the others join in yearly enrolment rounds; ages follow the ``rural`` profile (many elderly) or the
``young`` one; a few percent miss an instalment now and then (half of them catch it up the next month); some stop
paying and lapse under the regulation's lapse rule, and a quarter of those join again later; a few resign; deaths
follow a Gompertz-Makeham hazard by age.  Claims are made for the benefit kinds the regulation has: births (women
18-45, and some men whose partner is not a member), hospital stays of 1-10 nights, scholarships (with the claim
fields the regulation declares), elderly allowances every period and deaths.

:func:`ledger` decides the claims with :meth:`swf_rules.Engine.evaluate_batch` -- what a fund that follows its
regulation would have paid -- and then plants known mistakes on request, recording exactly which payout carries
which mistake (``planted.json``).  Planted mistakes never change the verdict of another payout: each is made on a
different member, added payouts are ones the regulation does not support (so they consume no cap), and a payout
whose filing date is moved past the deadline is one no later payout of that member depends on.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

from ..core import model as M
from ..core.dates import add_months, add_period, add_years, age_on, month_end
from ..core.errors import InputError, LookupProblem, SwfError, make_problem
from ..core.evaluate import Engine
from ..core.history import Claim, Member, Payout
from ..books import PayoutRow, build_member, contribution, write_ledger_files
from ..core.money import round_money
from ..core.validate import Regulation

AGE_PROFILES = {
    # (min age, max age, share of joiners)
    "rural": ((0, 17, 0.12), (18, 39, 0.18), (40, 59, 0.32), (60, 85, 0.38)),
    "young": ((0, 17, 0.25), (18, 39, 0.40), (40, 59, 0.25), (60, 80, 0.10)),
}
PLANT_KINDS = ("overpaid_stay", "waiting_period", "birth_both_parents", "after_lapse", "late_claim", "paid_twice",
               "unknown_benefit")
# what replay is expected to report for each planted kind
EXPECTED_FINDING = {"overpaid_stay": "overpaid", "waiting_period": "not_entitled", "birth_both_parents": "paid_twice",
                    "after_lapse": "not_entitled", "late_claim": "late", "paid_twice": "paid_twice",
                    "unknown_benefit": "unknown_benefit"}
UNKNOWN_BENEFIT = "funeral_wreath"

_NIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
_NIGHT_WEIGHTS = (25, 22, 16, 11, 8, 6, 4, 3, 3, 2)
DAY = timedelta(days=1)


@dataclass
class Population:
    members: list[Member]
    claims: list[Claim]  # sorted by (event_date, claim_id)
    event_refs: dict[str, str] = field(default_factory=dict)  # claim id -> the real-world event (births)


@dataclass
class SynthLedger:
    fund: str
    members: list[Member]
    payouts: list[PayoutRow]  # in replay order
    planted: dict[str, str]  # payout id -> planted kind
    population: Population


# ---------------------------------------------------------------------------------------------- population
class _Fund:
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
        return [] if v is None else [b for b in v.benefits if b.kind == kind]


def population(regulation: Regulation, *, seed: int, members: int, years: int, start: date,
               age_profile: str = "rural") -> Population:
    """A synthetic fund of ``members`` members over ``years`` years from ``start`` (deterministic in ``seed``)."""
    _check_args(regulation, members, years, start, age_profile)
    end = add_years(start, years) - DAY
    fund = _Fund(regulation, start, end)
    rng = random.Random(f"swf-synth:{seed}:cohorts")
    founding = max(1, round(members * 0.5)) if years > 1 else members
    joins: list[tuple[date, int]] = []
    for i in range(members):
        if i < founding:
            j = start + timedelta(days=rng.randrange(60))
        else:
            y = 1 + min(rng.randrange(years - 1), rng.randrange(years - 1))  # more join in the early years
            j = add_years(start, y) + timedelta(days=rng.randrange(60))
        joins.append((j, i))
    joins.sort()
    width = max(5, len(str(members)))
    out_members: list[Member] = []
    raw_claims: list[tuple[date, str, str, dict[str, Any], str | None]] = []
    for n, (j, i) in enumerate(joins, 1):
        mid = f"M{n:0{width}d}"
        mrng = random.Random(f"swf-synth:{seed}:member:{i}")
        m, claims = _member(fund, mrng, mid, j, age_profile)
        out_members.append(m)
        raw_claims.extend(claims)
    raw_claims.sort(key=lambda c: (c[0], c[1], c[2], c[3].get("_k", 0)))
    claims: list[Claim] = []
    refs: dict[str, str] = {}
    for k, (ev, mid, benefit, kw, ref) in enumerate(raw_claims, 1):
        cid = f"C{k:07d}"
        kw.pop("_k", None)
        claims.append(Claim.model_construct(claim_id=cid, member_id=mid, benefit=benefit, event_date=ev,
                                            end_date=kw.get("end_date"), filed_on=kw.get("filed_on"),
                                            units=kw.get("units"), children=kw.get("children"),
                                            details=kw.get("details", {}), calendar="gregorian"))
        if ref is not None:
            refs[cid] = ref
    claims.sort(key=lambda c: (c.event_date, c.claim_id))
    return Population(out_members, claims, refs)


def _check_args(regulation: Regulation, members: int, years: int, start: date, age_profile: str) -> None:
    problems = []
    if not isinstance(regulation, Regulation):
        from ..core.errors import UsageError
        raise UsageError("population() needs a Regulation from load_regulation()")
    if members < 1:
        problems.append(make_problem("out-of-range", path=("members",), value=str(members), detail="at least 1"))
    if years < 1:
        problems.append(make_problem("out-of-range", path=("years",), value=str(years), detail="at least 1"))
    if age_profile not in AGE_PROFILES:
        problems.append(make_problem("not-allowed", path=("age_profile",), value=age_profile,
                                     hint=(f"use one of {sorted(AGE_PROFILES)}",
                                           f"ใช้ค่าใดค่าหนึ่งจาก {sorted(AGE_PROFILES)}")))
    if problems:
        raise InputError(problems)
    regulation.in_force(start)  # LookupProblem when no version is in force on the first day


def _next_year(d: date) -> date:
    """The same day a year later (29 Feb -> 28 Feb), like dates.add_years but cheaper."""
    try:
        return d.replace(year=d.year + 1)
    except ValueError:
        return date(d.year + 1, 2, 28)


def _age(birth: date, on: date) -> int:
    """Completed years (for choosing event rates; eligibility is left to the engine)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _mortality(age: int) -> float:
    return min(0.35, 0.0006 + 0.00003 * math.exp(0.095 * age))


def _poisson(rng: random.Random, lam: float) -> int:
    limit = math.exp(-lam)
    k, p = 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _member(fund: _Fund, rng: random.Random, mid: str, joined: date, profile: str
            ) -> tuple[Member, list[tuple[date, str, str, dict[str, Any], str | None]]]:
    # --- who
    r = rng.random()
    acc = 0.0
    lo, hi = 18, 59
    for a, b, share in AGE_PROFILES[profile]:
        acc += share
        if r < acc:
            lo, hi = a, b
            break
    age = rng.randint(lo, hi)
    v0 = fund.version(joined)
    ja = v0.membership.joining_age if v0 is not None else None
    if ja is not None:
        age = max(age, ja.min or 0)
        if ja.max is not None:
            age = min(age, ja.max)
    birth = add_years(joined, -age) - timedelta(days=rng.randrange(365))
    if birth > joined:
        birth = joined
    sex = "female" if rng.random() < 0.52 else "male"
    habit = rng.randint(1, 25)
    kind = rng.random()
    miss_p = 0.003 if kind < 0.92 else 0.04
    # --- when they die (hazard by age, per year from joining)
    died: date | None = None
    t = joined
    while t <= fund.end:
        nxt = _next_year(t)
        if rng.random() < _mortality(_age(birth, t)):
            died = t + timedelta(days=rng.randrange(max(1, (nxt - t).days)))
            if died <= joined:
                died = joined + DAY
            if died > fund.end:
                died = None
            break
        t = nxt
    # --- membership spells and instalments
    spells: list[tuple[date, date | None, str | None]] = []
    contributions: list[Any] = []
    start = joined
    while start is not None:
        end, reason, rejoin = _spell(fund, rng, start, died, habit, miss_p, contributions)
        spells.append((start, end, reason))
        start = rejoin
    member = build_member(mid, birth, sex, spells, contributions, died)
    claims = _claims(fund, rng, mid, birth, sex, spells, died)
    return member, claims


def _spell(fund: _Fund, rng: random.Random, start: date, died: date | None, habit: int, miss_p: float,
           out: list[Any]) -> tuple[date | None, str | None, date | None]:
    """Instalments of one spell; returns (end, end_reason, date of joining again or None)."""
    v = fund.version(start)
    assert v is not None
    period = v.membership.contribution.period
    monthly = period == "month"
    per_year = 12 if monthly else 1
    quit_after = int(rng.expovariate(0.025 / per_year))  # periods until the member stops paying
    resign_after = int(rng.expovariate(0.004 / per_year))
    run = total = 0
    catch_up: list[str] = []
    first_idx = start.year * 12 + start.month - 1 if monthly else start.year
    k = -1
    while True:
        k += 1
        idx = first_idx + k
        if monthly:
            key, pstart, pend = fund.month(idx)
        else:
            key, pstart, pend = f"{idx:04d}", date(idx, 1, 1), date(idx, 12, 31)
        if pstart > fund.end or (died is not None and pstart > died):
            break
        vv = fund.version(pstart if k else start) or v
        ms = vv.membership
        if ms.contribution.period != period:  # the schedule changed: keep the old one (a declared simplification)
            ms = v.membership
        if k == 0:
            pay = start
        elif monthly:
            pay = fund.payday(idx, habit)
        else:
            pay = date(idx, 1, min(habit, 28))
        if k == resign_after and k > 0 and (died is None or pay < died) and pay <= fund.end:
            return pay, "resigned", None
        stopped = k >= quit_after and k > 0
        missed = stopped or (k > 0 and run < fund.max_run and total < fund.max_total and rng.random() < miss_p)
        if died is not None and pay > died:
            missed = True
        if missed:
            run += 1
            total += 1
            if not stopped and rng.random() < 0.5:
                catch_up.append(key)
            if stopped:
                lapse = ms.lapse_after
                n = 3 if lapse is None else (lapse.consecutive if lapse.consecutive is not None else lapse.total)
                reached = run if (lapse is None or lapse.consecutive is not None) else total
                if n and reached >= n:
                    lapse_on = pend + timedelta(days=ms.grace_days) + DAY
                    if died is not None and died < lapse_on:
                        return died, "died", None
                    if lapse_on > fund.end:
                        return None, None, None
                    rejoin = None
                    if rng.random() < 0.25:
                        rj = lapse_on + timedelta(days=rng.randint(120, 900))
                        if rj <= fund.end and (died is None or rj < died):
                            rejoin = rj
                    return lapse_on, "lapsed", rejoin
            continue
        run = 0
        if pay > fund.end:
            break
        amount = ms.contribution.amount
        if catch_up:
            for ck in catch_up:
                out.append(fund.contribution(pay, amount, ck))
            catch_up = []
        out.append(fund.contribution(pay, amount, key))
    if died is not None:
        return died, "died", None
    return None, None, None


SpellT = tuple[date, date | None, str | None]


def _in_spell(spells: list[SpellT], d: date) -> SpellT | None:
    for s in spells:
        if s[0] <= d and (s[1] is None or d < s[1] or (d == s[1] and s[2] == "died")):
            return s
    return None


def _claims(fund: _Fund, rng: random.Random, mid: str, birth: date, sex: str,
            spells: list[tuple[date, date | None, str | None]], died: date | None
            ) -> list[tuple[date, str, str, dict[str, Any], str | None]]:
    out: list[tuple[date, str, str, dict[str, Any], str | None]] = []
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
            dl = b.deadline
            limit = add_period(base if dl.start == "end" else ev, days=dl.days, months=dl.months, years=dl.years)
            f = limit + timedelta(days=rng.randint(1, 60))
        return max(f, ev)

    # --- year by year from joining
    t = first
    last_birth: date | None = None
    while t <= last:
        nxt = _next_year(t)
        age = _age(birth, t)
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
                    lo_age <= _age(birth, ev) <= 45:
                bens = [b for b in fund.benefits(ev, "birth") if b.eligibility.sex in (None, sex)]
                if bens:
                    last_birth = ev
                    children = 2 if rng.random() < 0.015 else 1
                    ref = f"birth:{mid}:{ev.isoformat()}"
                    for b in bens:
                        add(ev, b, {"children": children, "filed_on": filed(ev, b, ev, 3, 45)}, ref)
                    if sex == "female" and rng.random() < 0.35:
                        _stay(fund, rng, ev, rng.randint(1, 3), last, add, filed, died)
        # scholarships: school years end in March
        ev = date(nxt.year if t.month > 3 else t.year, 3, 1) + timedelta(days=rng.randrange(31))
        if t <= ev < nxt and ev <= last and member_on(ev):
            a = _age(birth, ev)
            level = {12: "p6", 15: "m3", 18: "m6"}.get(a)
            own = level is not None and rng.random() < 0.35
            child = 30 <= a <= 55 and rng.random() < 0.04
            if own or child:
                for b in fund.benefits(ev, "scholarship"):
                    add(ev, b, {"details": _details(rng, b, level if own else None),
                                "filed_on": filed(ev, b, ev, 5, 40)})
        t = nxt
    # elderly allowances, one claim a period while a member aged at least the threshold
    _allowances(fund, rng, birth, spells, last, add, filed)
    # death
    if died is not None and _in_spell(spells, died) is not None:
        for b in fund.benefits(died, "death"):
            add(died, b, {"filed_on": filed(died, b, died, 3, 30)})
    return out


def _stay(fund: _Fund, rng: random.Random, ev: date, nights: int, last: date, add: Any, filed: Any,
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
        add(ev, b, kw)


def _details(rng: random.Random, b: M.Benefit, level: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, spec in b.claim_fields.items():
        if spec.type == "number":
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


def _allowances(fund: _Fund, rng: random.Random, birth: date, spells: list[tuple[date, date | None, str | None]],
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
                ev, nxt = t + timedelta(days=31 + rng.randrange(15)), _next_year(t)
            else:
                ev, nxt = t + timedelta(days=45 + rng.randrange(15)), _next_year(t)
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


def write_population(pop: Population, directory: str | Path) -> list[Path]:
    """``members.json`` and ``claims.json`` (loadable by swf_rules.core.history.load_members / load_claims)."""
    from ..core.output import write_atomic
    d = Path(directory)
    members = [_dump(m.model_dump(mode="json", exclude={"calendar"})) for m in pop.members]
    claims = [_dump(c.model_dump(mode="json", exclude={"calendar"})) for c in pop.claims]
    paths = [d / "members.json", d / "claims.json"]
    write_atomic(paths[0], "[\n" + ",\n".join(members) + "\n]\n")
    write_atomic(paths[1], "[\n" + ",\n".join(claims) + "\n]\n")
    return paths


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# ---------------------------------------------------------------------------------------------- ledger
def ledger(regulation: Regulation, *, seed: int, members: int, years: int, start: date,
           plant: dict[str, int] | None = None, age_profile: str = "rural") -> SynthLedger:
    """The population's claims decided as the regulation says (the fund's books), with planted mistakes."""
    plant = dict(plant or {})
    problems = []
    for k, n in sorted(plant.items()):
        if k not in PLANT_KINDS:
            problems.append(make_problem("not-allowed", path=("plant", k), value=k,
                                         hint=(f"kinds: {', '.join(PLANT_KINDS)}", f"ชนิด: {', '.join(PLANT_KINDS)}")))
        elif isinstance(n, bool) or not isinstance(n, int) or n < 0:
            problems.append(make_problem("out-of-range", path=("plant", k), value=str(n), detail="0 or more"))
    if plant.get("late_claim") and not any(b.deadline is not None for v in regulation.versions for b in v.benefits):
        problems.append(_cannot_plant("late_claim", "the regulation declares no claim deadline").problems[0])
    if problems:
        raise InputError(problems)
    pop = population(regulation, seed=seed, members=members, years=years, start=start, age_profile=age_profile)
    engine = Engine(regulation)
    decisions = engine.evaluate_batch(pop.members, pop.claims)
    by_claim = {c.claim_id: c for c in pop.claims}
    prng = random.Random(f"swf-synth:{seed}:paid")
    payouts: list[PayoutRow] = []
    for d in decisions:
        if not (d.eligible and d.amount > 0):
            continue
        c = by_claim[d.claim_id]
        filed_on = c.filed_on or c.event_date
        payouts.append(PayoutRow(payout_id=c.claim_id, member_id=c.member_id, benefit=c.benefit,
                                 event_date=c.event_date, amount=d.amount, end_date=c.end_date, filed_on=c.filed_on,
                                 paid_on=filed_on + timedelta(days=prng.randint(0, 14)), units=c.units,
                                 children=c.children, event_ref=pop.event_refs.get(c.claim_id),
                                 details=dict(c.details)))
    planted: dict[str, str] = {}
    if any(plant.values()):
        _Planter(regulation, engine, pop, payouts, seed, start, add_years(start, years) - DAY).run(plant, planted)
    payouts.sort(key=PayoutRow.order_key)
    return SynthLedger(regulation.fund_id, pop.members, payouts, planted, pop)


def _cannot_plant(kind: str, detail: str) -> SwfError:
    return InputError([make_problem("synth-cannot-plant", path=("plant", kind), value=kind, detail=detail)])


def write_ledger(l: SynthLedger, directory: str | Path, calendar: str = "gregorian") -> list[Path]:
    """The ledger as CSV files in ``directory`` (+ ledger.yaml, planted.json), dates in the given calendar."""
    planted = json.dumps(l.planted, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return write_ledger_files(directory, fund=l.fund, members=l.members, payouts=l.payouts, calendar=calendar,
                              extra={"planted.json": planted.encode("utf-8")})


class _Planter:
    def __init__(self, regulation: Regulation, engine: Engine, pop: Population, payouts: list[PayoutRow], seed: int,
                 start: date, end: date):
        self.reg = regulation
        self.engine = engine
        self.fund = _Fund(regulation, start, end)
        self.members = {m.member_id: m for m in pop.members}
        self.payouts = payouts
        self.rng = random.Random(f"swf-synth:{seed}:plant")
        self.used: set[str] = set()
        self.next_id = 1 + max((int(c.claim_id[1:]) for c in pop.claims), default=0)
        self.end = end

    # --- helpers
    def _new_id(self) -> str:
        cid = f"C{self.next_id:07d}"
        self.next_id += 1
        return cid

    def _member_payouts(self, mid: str) -> list[PayoutRow]:
        return sorted((p for p in self.payouts if p.member_id == mid), key=PayoutRow.order_key)

    def _decide(self, member: Member, claim: Claim) -> Any:
        key = (claim.event_date, claim.filed_on or claim.event_date, claim.claim_id)
        before = [Payout.model_construct(claim_id=p.payout_id, benefit=p.benefit, event_date=p.event_date,
                                         end_date=p.end_date, units=p.units, amount=p.amount)
                  for p in self._member_payouts(member.member_id) if p.order_key() < key]
        m = member.model_copy(update={"payouts": before})
        try:
            return self.engine.evaluate(m, claim)
        except SwfError:
            return None

    @staticmethod
    def _would_pay(d: Any) -> Decimal:
        """The amount an ineligible decision would have paid had the failing check passed."""
        bd = d.breakdown
        r = bd.get("rounding") or {"mode": "half_up", "unit": "1"}
        amount = round_money(Decimal(bd["raw_amount"]), r["mode"], Decimal(r["unit"]))
        for cap in bd["caps"]:
            if cap["measure"] == "money":
                amount = Decimal(cap["after"])
        if bd["offsets"]:
            amount = Decimal(bd["offsets"][-1]["after"])
        return amount

    def _status_ok(self, m: Member, d: date) -> bool:
        return d <= self.end and (m.died_on is None or d < m.died_on)

    def _claim(self, mid: str, b: M.Benefit, ev: date, *, nights: int | None = None,
               filed_on: date | None = None) -> Claim:
        kw: dict[str, Any] = {"end_date": None, "units": None, "children": None, "details": {}}
        if isinstance(b.amount, M.Rate):
            n = nights or 2
            kw["end_date"] = ev + timedelta(days=n)
            kw["units"] = n + 1 if b.amount.unit == "day" else n if b.amount.unit == "night" else 1
        if b.kind == "birth":
            kw["children"] = 1
        if b.claim_fields:
            kw["details"] = _details(self.rng, b, None)
        return Claim.model_construct(claim_id=self._new_id(), member_id=mid, benefit=b.id, event_date=ev,
                                     filed_on=filed_on or (kw["end_date"] or ev) + timedelta(days=3),
                                     calendar="gregorian", **kw)

    def _row(self, c: Claim, amount: Decimal, event_ref: str | None = None) -> PayoutRow:
        f = c.filed_on or c.event_date
        return PayoutRow(payout_id=c.claim_id, member_id=c.member_id, benefit=c.benefit, event_date=c.event_date,
                         amount=amount, end_date=c.end_date, filed_on=c.filed_on,
                         paid_on=f + timedelta(days=self.rng.randint(0, 14)), units=c.units, children=c.children,
                         event_ref=event_ref, details=dict(c.details))

    def _free_day(self, mid: str, benefit: str, ev: date) -> bool:
        return not any(p.member_id == mid and p.benefit == benefit and p.event_date == ev for p in self.payouts)

    def _fail(self, kind: str, want: int, got: int, why: str) -> SwfError:
        return _cannot_plant(kind, f"{why}; found {got} of the {want} requested")

    def _shuffled(self, items: list[Any]) -> list[Any]:
        items = list(items)
        self.rng.shuffle(items)
        return items

    # --- the kinds
    def run(self, plant: dict[str, int], planted: dict[str, str]) -> None:
        for kind in PLANT_KINDS:
            n = plant.get(kind, 0)
            if n:
                getattr(self, "_" + kind)(n, planted)

    def _pick(self, kind: str, n: int, candidates: list[Any], try_one: Callable[[Any], bool], why: str) -> None:
        """Try the candidates in a seeded random order until ``n`` of them took a planted mistake."""
        got = 0
        for cand in self._shuffled(candidates):
            if got == n:
                break
            if try_one(cand):
                got += 1
        if got < n:
            raise self._fail(kind, n, got, why)

    def _plant_claim(self, kind: str, m: Member, b: M.Benefit, ev: date, nights: int, failing: str,
                     planted: dict[str, str]) -> bool:
        """Book a paid claim the regulation refuses for exactly one reason (``failing``), at the amount it would
        pay were that check passed."""
        c = self._claim(m.member_id, b, ev, nights=nights)
        d = self._decide(m, c)
        if d is None or [r["check"] for r in d.failing] != [failing]:
            return False
        amount = self._would_pay(d)
        if amount <= 0:
            return False
        self.payouts.append(self._row(c, amount))
        planted[c.claim_id] = kind
        self.used.add(m.member_id)
        return True

    def _overpaid_stay(self, n: int, planted: dict[str, str]) -> None:
        cands = []
        for p in self.payouts:
            v = self.fund.version(p.event_date)
            b = v.benefit(p.benefit) if v is not None else None
            if b is not None and b.kind == "sickness" and isinstance(b.amount, M.Rate) and p.payout_id not in planted:
                cands.append((p, b.amount.rate))

        def one(cand: tuple[PayoutRow, Decimal]) -> bool:
            p, rate = cand
            if p.member_id in self.used:
                return False
            self.used.add(p.member_id)
            p.amount = p.amount + rate
            planted[p.payout_id] = "overpaid_stay"
            return True

        self._pick("overpaid_stay", n, cands, one, "not enough paid hospital stays")

    def _waiting_period(self, n: int, planted: dict[str, str]) -> None:
        def one(mid: str) -> bool:
            if mid in self.used:
                return False
            m = self.members[mid]
            s = m.spells[-1]
            for b in self._benefits_for_plant(s.start):
                w = b.eligibility.waiting
                served = add_period(s.start, days=w.days, months=w.months, years=w.years)
                span = (served - s.start).days
                if span < 2:
                    continue
                ev = s.start + timedelta(days=self.rng.randint(1, span - 1))
                if not self._status_ok(m, ev) or (s.end is not None and ev >= s.end) or \
                        not self._free_day(mid, b.id, ev) or self.fund.version(ev) is None or \
                        self.fund.version(ev).benefit(b.id) is None:
                    continue
                if self._plant_claim("waiting_period", m, b, ev, self.rng.randint(1, 3), "waiting", planted):
                    return True
            return False

        self._pick("waiting_period", n, sorted(self.members), one,
                   "not enough members with a benefit that has a waiting period")

    def _benefits_for_plant(self, d: date) -> list[M.Benefit]:
        v = self.fund.version(d)
        if v is None:
            return []
        out = [b for b in v.benefits if b.eligibility.waiting is not None and b.kind in ("sickness", "birth")]
        return sorted(out, key=lambda b: (b.kind != "sickness", b.id))

    def _birth_both_parents(self, n: int, planted: dict[str, str]) -> None:
        births = [p for p in self.payouts if p.event_ref and p.payout_id not in planted
                  and (b := self._benefit(p)) is not None and b.kind == "birth"]
        males = [m for m in self.members.values() if m.sex == "male"]

        def one(p: PayoutRow) -> bool:
            if p.member_id in self.used:
                return False
            for f in self._shuffled(males):
                if f.member_id in self.used or f.member_id == p.member_id:
                    continue
                a = age_on(f.birth_date, p.event_date)
                if not (18 <= a <= 60) or not self._status_ok(f, p.event_date) or \
                        not self._free_day(f.member_id, p.benefit, p.event_date) or \
                        not any(s.start <= p.event_date and (s.end is None or p.event_date < s.end) for s in f.spells):
                    continue
                filed = (p.filed_on or p.event_date) + timedelta(days=self.rng.randint(0, 10))
                cid = self._new_id()
                row = PayoutRow(payout_id=cid, member_id=f.member_id, benefit=p.benefit, event_date=p.event_date,
                                amount=p.amount, end_date=p.end_date, filed_on=filed,
                                paid_on=filed + timedelta(days=self.rng.randint(0, 14)), units=p.units,
                                children=p.children, event_ref=p.event_ref, details=dict(p.details))
                self.payouts.append(row)
                planted[cid] = "birth_both_parents"
                self.used.update({p.member_id, f.member_id})
                return True
            return False

        self._pick("birth_both_parents", n, births, one, "not enough paid births with a male member to pair")

    def _benefit(self, p: PayoutRow) -> M.Benefit | None:
        v = self.fund.version(p.event_date)
        return v.benefit(p.benefit) if v is not None else None

    def _after_lapse(self, n: int, planted: dict[str, str]) -> None:
        def one(mid: str) -> bool:
            if mid in self.used:
                return False
            m = self.members[mid]
            spells = sorted(m.spells, key=lambda s: s.start)
            for i, s in enumerate(spells):
                if s.end_reason != "lapsed" or s.end is None:
                    continue
                hi = spells[i + 1].start - DAY if i + 1 < len(spells) else s.end + timedelta(days=400)
                hi = min(hi, self.end, (m.died_on - DAY) if m.died_on else hi)
                lo = s.end + timedelta(days=30)
                if hi < lo:
                    continue
                ev = lo + timedelta(days=self.rng.randint(0, (hi - lo).days))
                bens = [b for b in self.fund.benefits(ev, "sickness")]
                if not bens or not self._free_day(mid, bens[0].id, ev):
                    continue
                if self._plant_claim("after_lapse", m, bens[0], ev, self.rng.randint(1, 4), "status", planted):
                    return True
            return False

        self._pick("after_lapse", n, sorted(self.members), one, "not enough lapsed members")

    def _late_claim(self, n: int, planted: dict[str, str]) -> None:
        if not any(b.deadline is not None for v in self.reg.versions for b in v.benefits):
            raise self._fail("late_claim", n, 0, "the regulation declares no claim deadline")
        cands = [p for p in self.payouts if p.payout_id not in planted and (b := self._benefit(p)) is not None
                 and b.deadline is not None]

        def one(p: PayoutRow) -> bool:
            if p.member_id in self.used or self._has_dependents(p):
                return False
            b = self._benefit(p)
            assert b is not None and b.deadline is not None
            dl = b.deadline
            base = p.end_date if dl.start == "end" and p.end_date is not None else p.event_date
            last = add_period(base, days=dl.days, months=dl.months, years=dl.years)
            old = (p.filed_on, p.paid_on)
            p.filed_on = last + timedelta(days=self.rng.randint(1, 60))
            p.paid_on = p.filed_on + timedelta(days=self.rng.randint(0, 14))
            c = Claim.model_construct(claim_id=p.payout_id, member_id=p.member_id, benefit=p.benefit,
                                      event_date=p.event_date, end_date=p.end_date, filed_on=p.filed_on,
                                      units=p.units, children=p.children, details=dict(p.details),
                                      calendar="gregorian")
            d = self._decide(self.members[p.member_id], c)
            if d is None or [r["check"] for r in d.failing] != ["deadline"]:
                p.filed_on, p.paid_on = old
                return False
            planted[p.payout_id] = "late_claim"
            self.used.add(p.member_id)
            return True

        self._pick("late_claim", n, cands, one, "not enough paid claims under a benefit with a deadline")

    def _has_dependents(self, p: PayoutRow) -> bool:
        """Does a later payout of this member depend on ``p`` (its caps, counts, offsets or exclusions)?"""
        for q in self.payouts:
            if q is p or q.member_id != p.member_id or q.event_date < p.event_date:
                continue
            if q.benefit == p.benefit:
                return True
            b = self._benefit(q)
            if b is not None and (p.benefit in b.same_event.excludes or any(o.benefit == p.benefit for o in b.offsets)):
                return True
        return False

    def _paid_twice(self, n: int, planted: dict[str, str]) -> None:
        def one(p: PayoutRow) -> bool:
            if p.member_id in self.used:
                return False
            cid = self._new_id()
            self.payouts.append(PayoutRow(payout_id=cid, member_id=p.member_id, benefit=p.benefit,
                                          event_date=p.event_date, amount=p.amount, end_date=p.end_date,
                                          filed_on=p.filed_on,
                                          paid_on=(p.paid_on or p.event_date) + timedelta(days=self.rng.randint(1, 30)),
                                          units=p.units, children=p.children, event_ref=p.event_ref,
                                          details=dict(p.details)))
            planted[cid] = "paid_twice"
            self.used.add(p.member_id)
            return True

        self._pick("paid_twice", n, [p for p in self.payouts if p.payout_id not in planted], one, "not enough payouts")

    def _unknown_benefit(self, n: int, planted: dict[str, str]) -> None:
        ids = {b.id for v in self.reg.versions for b in v.benefits}
        name = UNKNOWN_BENEFIT
        while name in ids:
            name += "_x"

        def one(mid: str) -> bool:
            if mid in self.used:
                return False
            m = self.members[mid]
            s = m.spells[0]
            hi = min(s.end - DAY if s.end else self.end, self.end, (m.died_on - DAY) if m.died_on else self.end)
            if hi < s.start:
                return False
            ev = s.start + timedelta(days=self.rng.randint(0, (hi - s.start).days))
            if self.fund.version(ev) is None:
                return False
            cid = self._new_id()
            filed = ev + timedelta(days=self.rng.randint(1, 20))
            self.payouts.append(PayoutRow(payout_id=cid, member_id=mid, benefit=name, event_date=ev,
                                          amount=Decimal(500), filed_on=filed,
                                          paid_on=filed + timedelta(days=self.rng.randint(0, 14))))
            planted[cid] = "unknown_benefit"
            self.used.add(mid)
            return True

        self._pick("unknown_benefit", n, sorted(self.members), one, "not enough members")


def parse_plant(text: str) -> dict[str, int]:
    """``"overpaid_stay=2,late_claim=1"`` -> {"overpaid_stay": 2, "late_claim": 1}; ``all=N`` plants N of each."""
    out: dict[str, int] = {}
    problems = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        k, _, n = part.partition("=")
        k = k.strip()
        if not n.strip().isdigit():
            problems.append(make_problem("wrong-type", path=("plant", k), expected="kind=N", found=part, value=part))
            continue
        if k == "all":
            for kind in PLANT_KINDS:
                out[kind] = int(n)
        elif k not in PLANT_KINDS:
            problems.append(make_problem("not-allowed", path=("plant", k), value=k,
                                         hint=(f"kinds: {', '.join(PLANT_KINDS)}", f"ชนิด: {', '.join(PLANT_KINDS)}")))
        else:
            out[k] = int(n)
    if problems:
        raise InputError(problems)
    return out


__all__ = ["Population", "SynthLedger", "population", "write_population", "ledger", "write_ledger", "parse_plant",
           "PLANT_KINDS", "EXPECTED_FINDING"]
