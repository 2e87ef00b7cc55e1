"""Planted mistakes: payouts a fund's books should not hold, added on request, and a record of exactly which
payout carries which mistake (``planted.json``), so that a replay can be checked against it.

``PLANT_KINDS`` are the kinds, ``EXPECTED_FINDING`` what replay must report for each.  A planted mistake never
changes the verdict of another payout: each is made on a different member, added payouts are ones the regulation
does not support (so they consume no cap), and a payout whose filing date is moved past the deadline is one no
later payout of that member depends on.  Candidates are tried in a seeded random order; when too few fit, the
request is refused with ``synth-cannot-plant``.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Callable

from ..core import Engine, filing_deadline, waiting_served
from ..core import model as M
from ..core.dates import age_on
from ..core.errors import InputError, Problem, SwfError, make_problem
from ..core.history import Claim, Member, Payout
from ..books import PayoutRow
from ..core.money import round_money
from ..core.validate import Regulation
from ._accounts import ACCOUNT_PLANT_KINDS
from ._review_plants import REVIEW_PLANT_KINDS
from ._claims import claim_details
from ._fund import DAY, Fund
from ._population import Population

PLANT_KINDS = ("overpaid_stay", "waiting_period", "birth_both_parents", "after_lapse", "late_claim", "paid_twice",
               "unknown_benefit")
# what replay is expected to report for each planted kind
EXPECTED_FINDING = {"overpaid_stay": "overpaid", "waiting_period": "not_entitled", "birth_both_parents": "paid_twice",
                    "after_lapse": "not_entitled", "late_claim": "late", "paid_twice": "paid_twice",
                    "unknown_benefit": "unknown_benefit"}
UNKNOWN_BENEFIT = "funeral_wreath"


def paid_row(c: Claim, amount: Decimal, rng: random.Random, event_ref: str | None = None) -> PayoutRow:
    """The books' row of claim ``c`` paid ``amount``, 0-14 days (drawn from ``rng``) after it was filed."""
    f = c.filed_on or c.event_date
    return PayoutRow(payout_id=c.claim_id, member_id=c.member_id, benefit=c.benefit, event_date=c.event_date,
                     amount=amount, end_date=c.end_date, filed_on=c.filed_on,
                     paid_on=f + timedelta(days=rng.randint(0, 14)), units=c.units, children=c.children,
                     event_ref=event_ref, details=dict(c.details))


def unknown_kind(kind: str) -> Problem:
    """The problem for a kind of mistake that is not in ``PLANT_KINDS``."""
    kinds = ", ".join(PLANT_KINDS + ACCOUNT_PLANT_KINDS + REVIEW_PLANT_KINDS)
    return make_problem("not-allowed", path=("plant", kind), value=kind, hint=(f"kinds: {kinds}", f"ชนิด: {kinds}"))


def cannot_plant(kind: str, detail: str) -> SwfError:
    """The error for a mistake that cannot be planted in this fund (``synth-cannot-plant``)."""
    return InputError([make_problem("synth-cannot-plant", path=("plant", kind), value=kind, detail=detail)])


class Planter:
    """Plants the requested mistakes into a ledger's payouts, kind by kind in ``PLANT_KINDS`` order, each on a member
    not used before; ``planted`` records payout id -> kind."""

    def __init__(self, regulation: Regulation, engine: Engine, pop: Population, payouts: list[PayoutRow], seed: int,
                 start: date, end: date):
        self.reg = regulation
        self.engine = engine
        self.fund = Fund(regulation, start, end)
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
            kw["details"] = claim_details(self.rng, b, None)
        return Claim.model_construct(claim_id=self._new_id(), member_id=mid, benefit=b.id, event_date=ev,
                                     filed_on=filed_on or (kw["end_date"] or ev) + timedelta(days=3),
                                     calendar="gregorian", **kw)

    def _free_day(self, mid: str, benefit: str, ev: date) -> bool:
        return not any(p.member_id == mid and p.benefit == benefit and p.event_date == ev for p in self.payouts)

    def _fail(self, kind: str, want: int, got: int, why: str) -> SwfError:
        return cannot_plant(kind, f"{why}; found {got} of the {want} requested")

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
        self.payouts.append(paid_row(c, amount, self.rng))
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
                served = waiting_served(w, s.start)
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
            last = filing_deadline(b.deadline, p.event_date, p.end_date)
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
        elif k not in PLANT_KINDS and k not in ACCOUNT_PLANT_KINDS and k not in REVIEW_PLANT_KINDS:
            problems.append(unknown_kind(k))
        else:
            out[k] = int(n)
    if problems:
        raise InputError(problems)
    return out
