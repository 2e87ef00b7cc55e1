"""Invariants: properties a regulation must have for every member, checked by property-based search.

Declared invariants live in the regulation's case file (``regulations/cases/<fund>.cases.yaml``) under
``invariants:`` -- not in the regulation file (its language is fixed by :mod:`swf_rules.core.model`) and not in a sidecar
``*.yaml`` next to the regulation (every ``*.yaml`` in ``regulations/`` is read as a regulation).  Kinds::

    - {name: ..., type: monotone, benefit: death, by: tenure, direction: non_decreasing}
    - {name: ..., type: max_per_window, benefits: [hospital], money: 1000, per: fiscal_year}
    - {name: ..., type: no_payment_within, days: 180, start: membership_start}      # benefits: all if omitted
    - {name: ..., type: max_per_event, money: 1600}                                # all benefits of one event
    - {name: ..., type: max_per_claim, benefits: [hospital], money: 600}

Always checked, declared or not: ``totality`` (every claim gets a decision or a typed swf-rules error),
``determinism`` (same inputs, same bytes; claim order does not matter), ``caps`` (no money, unit or count cap of
the regulation is exceeded over a sequence of claims), ``waiting`` (nothing paid inside a waiting period) and
``membership`` (nothing paid after lapse, resignation, expulsion or death unless the benefit's status list allows
it; death benefits aside).

:func:`check_regulation` searches generated member histories and claims (:mod:`swf_rules.committee.strategies`) with
hypothesis; a failure is shrunk to the smallest example and printed as a ready-to-paste case (case format of
:mod:`swf_rules.committee.cases`) that fails under ``swf-rules test`` the same way.  Where an invariant bounds an amount
rather than fixing it, the case says so with ``expect: {at_most: ...}`` or ``{at_least: ...}``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path as FsPath
from typing import Annotated, Any, Callable, Literal, Sequence, Union

from pydantic import Field, TypeAdapter, ValidationError

from ..core import model as M
from .cases import _M, CASE_SUFFIX, benefit_ids, validation_problems
from ..core.dates import add_period, cap_window
from ..core.errors import InputError, Problem, SwfError, did_you_mean, make_problem
from ..core.load import Document
from ..core.model import Ident, Money, PosInt, Str
from ..core.money import ZERO, money_str
from ..core.validate import Regulation, load_regulation


# ------------------------------------------------------------------------------------------ declared invariants
class _Inv(_M):
    name: Str


class Monotone(_Inv):
    """The benefit's amount never goes the wrong way when only tenure (joining earlier) or age (born earlier)
    grows; compared between two members who are otherwise the same and both eligible."""

    type: Literal["monotone"]
    benefit: Ident
    by: Literal["tenure", "age"]
    direction: Literal["non_decreasing", "non_increasing"]


class MaxPerWindow(_Inv):
    type: Literal["max_per_window"]
    benefits: Annotated[list[Ident], Field(min_length=1)]
    money: Money
    per: Literal["fiscal_year", "calendar_year", "rolling_365_days", "lifetime"]


class NoPaymentWithin(_Inv):
    type: Literal["no_payment_within"]
    days: PosInt = 0
    months: PosInt = 0
    years: PosInt = 0
    start: Literal["membership_start", "first_membership"] = "membership_start"
    benefits: list[Ident] | None = None


class MaxPerEvent(_Inv):
    type: Literal["max_per_event"]
    money: Money
    benefits: list[Ident] | None = None


class MaxPerClaim(_Inv):
    type: Literal["max_per_claim"]
    money: Money
    benefits: list[Ident] | None = None


Invariant = Annotated[Union[Monotone, MaxPerWindow, NoPaymentWithin, MaxPerEvent, MaxPerClaim],
                      Field(discriminator="type")]
_ADAPTER: TypeAdapter[Any] = TypeAdapter(Invariant)
_ROOTS = [Monotone, MaxPerWindow, NoPaymentWithin, MaxPerEvent, MaxPerClaim]


def parse_invariants(doc: Document, regulation: Regulation) -> list[Any]:
    """The ``invariants:`` list of a case file, validated; raises :class:`InputError` with every problem."""
    raw = doc.data.get("invariants") or []
    problems: list[Problem] = []
    out: list[Any] = []
    ids = benefit_ids(regulation)
    for i, item in enumerate(raw):
        try:
            inv = _ADAPTER.validate_python(item, context={"calendar": "gregorian"})
        except ValidationError as e:
            problems.extend(validation_problems(doc, e, _ROOTS, ("invariants", i)))
            continue
        refs: list[tuple[Any, str]] = []
        if isinstance(inv, Monotone):
            refs.append((("invariants", i, "benefit"), inv.benefit))
        else:
            for k, b in enumerate(getattr(inv, "benefits", None) or []):
                refs.append((("invariants", i, "benefits", k), b))
        for path, ref in refs:
            if ref not in ids:
                problems.append(doc.problem("unknown-benefit", path, value=ref, hint=did_you_mean(
                    ref, sorted(ids), ("benefits: " + ", ".join(sorted(ids)), "สวัสดิการ: " + ", ".join(sorted(ids))),
                    cutoff=0.5)))
        out.append(inv)
    if problems:
        raise InputError(problems)
    return out


# ------------------------------------------------------------------------------------------ violations
class Violation(Exception):
    """An invariant failed on one generated example; carries the case(s) that show it."""

    def __init__(self, en: str, th: str, cases: list[dict[str, Any]], note: str | None = None):
        super().__init__(en)
        self.en, self.th, self.cases, self.note = en, th, cases, note


@dataclass
class Result:
    name: str
    declared: bool
    passed: bool
    violation: Violation | None = None


@dataclass(frozen=True)
class _Check:
    name: str
    declared: bool
    strategy: Callable[[Regulation], Any]
    prop: Callable[[Regulation, Any], None]


BUILTIN = ("totality", "determinism", "caps", "waiting", "membership")
_BUILTIN_TH = {"totality": "ทุกคำขอได้ผลตัดสินหรือข้อผิดพลาดที่ระบุชนิด",
               "determinism": "ข้อมูลเดิมได้ผลเดิมทุกครั้ง",
               "caps": "ไม่จ่ายเกินเพดานของระเบียบ",
               "waiting": "ไม่จ่ายระหว่างระยะรอคอย",
               "membership": "ไม่จ่ายหลังพ้นสภาพ ลาออก หรือเสียชีวิต"}


def _engine(reg: Regulation) -> Any:
    from ..core import Engine
    return Engine(reg)


def _member_case(s: Any, claim_recipe: dict[str, Any], paid_before: list[Any], name: str,
                 expect: dict[str, Any]) -> dict[str, Any]:
    history = []
    for d in paid_before:
        h: dict[str, Any] = {"id": d.claim_id, "benefit": d.benefit, "date": d.event_date.isoformat()}
        units = d.breakdown.get("units")
        if units is not None:
            h["units"] = units
        h["amount"] = d.amount
        history.append(h)
    out: dict[str, Any] = {"name": name, "member": dict(s.member_recipe)}
    if history:
        out["history"] = history
    out["claim"] = dict(claim_recipe)
    out["expect"] = expect
    return out


def _decide(reg: Regulation, s: Any) -> list[Any]:
    return _engine(reg).evaluate_batch([s.member], list(s.claims))


def _safe_decide(reg: Regulation, s: Any) -> list[Any] | None:
    try:
        return _decide(reg, s)
    except SwfError:
        return None


def _recipe(s: Any, claim_id: str) -> dict[str, Any]:
    for c in s.claim_recipes:
        if c["id"] == claim_id:
            return c
    raise KeyError(claim_id)


def _paid(ds: list[Any]) -> list[Any]:
    return [d for d in ds if d.eligible and d.amount > 0]


def _benefit(reg: Regulation, d: Any) -> M.Benefit:
    b = reg.in_force(d.event_date).benefit(d.benefit)
    assert b is not None
    return b


def _in(d: Any, first: date | None, last: date | None) -> bool:
    return (first is None or d.event_date >= first) and (last is None or d.event_date <= last)


def _unit_money(d: Any, units: Decimal) -> Decimal:
    rate = d.breakdown.get("rate")
    return Decimal(rate) * units if rate is not None else d.amount


def _over_window(s: Any, paid: list[Any], benefits: set[str], per: str, limit: Decimal, measure: str,
                 label: tuple[str, str]) -> None:
    """Raise a violation at the first paid decision that takes a window's total over ``limit``."""
    seen: list[Any] = []
    for d in paid:
        if d.benefit not in benefits:
            continue
        first, last = cap_window(per, d.event_date)
        if per == "stay":
            before_items: list[Any] = []
        elif per == "event":
            before_items = [x for x in seen if x.event_date == d.event_date]
        else:
            before_items = [x for x in seen if _in(x, first, last)]
        seen.append(d)

        def value(x: Any) -> Decimal:
            if measure == "money":
                return x.amount
            if measure == "units":
                return Decimal(x.breakdown.get("units") or 0)
            return Decimal(1)
        used = sum((value(x) for x in before_items), ZERO)
        total = used + value(d)
        if total > limit:
            remainder = max(limit - used, ZERO)
            if measure == "money":
                expect: dict[str, Any] = {"at_most": remainder}
            elif measure == "count":
                expect = {"eligible": False, "amount": 0}
            else:  # units: at most the remaining units, paid at the benefit's rate
                expect = {"at_most": _unit_money(d, remainder)}
            span = f"{first.isoformat()}..{last.isoformat()}" if first and last else ""
            win_en = {"stay": "for one stay", "event": f"for the event of {d.event_date.isoformat()}",
                      "fiscal_year": f"in the fiscal year {span}", "calendar_year": f"in the calendar year {span}",
                      "rolling_365_days": f"in the 365 days {span}", "lifetime": "over the membership"}[per]
            win_th = {"stay": "ในการนอนโรงพยาบาลครั้งเดียว", "event": f"สำหรับเหตุการณ์วันที่ {d.event_date.isoformat()}",
                      "fiscal_year": f"ในปีงบประมาณ {span}", "calendar_year": f"ในปีปฏิทิน {span}",
                      "rolling_365_days": f"ในรอบ 365 วัน {span}", "lifetime": "ตลอดการเป็นสมาชิก"}[per]
            unit_en = {"money": "baht", "units": "units", "count": "payments"}[measure]
            unit_th = {"money": "บาท", "units": "หน่วย", "count": "ครั้ง"}[measure]
            shown = money_str(total) if measure == "money" else str(int(total))
            en = (f"{', '.join(sorted(benefits))} paid {shown} {unit_en} {win_en}, over the limit of "
                  f"{money_str(limit)} (claim {d.claim_id})")
            th = (f"{', '.join(sorted(benefits))} จ่าย {shown} {unit_th} {win_th} เกินขีดจำกัด {money_str(limit)} "
                  f"(คำขอ {d.claim_id})")
            prior = _before(paid, d)
            raise Violation(en, th, [_member_case(s, _recipe(s, d.claim_id), prior, f"{label[0]}: counterexample",
                                                  expect)])


# ------------------------------------------------------------------------------------------ built-in properties
def _totality(reg: Regulation, s: Any) -> None:
    claims = list(s.claims)
    for k in range(1, len(claims) + 1):
        try:
            _engine(reg).evaluate_batch([s.member], claims[:k])
        except SwfError:
            continue
        except Exception as exc:  # noqa: BLE001 - this is exactly what the property looks for
            c = claims[k - 1]
            try:
                prior = _paid(_engine(reg).evaluate_batch([s.member], claims[:k - 1]))
            except Exception:  # noqa: BLE001
                prior = []
            raise Violation(f"claim {c.claim_id} raised {type(exc).__name__}: {exc} instead of a decision or a "
                            "swf-rules error",
                            f"คำขอ {c.claim_id} เกิด {type(exc).__name__}: {exc} แทนที่จะได้ผลตัดสินหรือข้อผิดพลาดที่ระบุชนิด",
                            [_member_case(s, _recipe(s, c.claim_id), prior, "totality: counterexample",
                                          {"eligible": False, "amount": 0})],
                            note="the engine raised an unexpected exception; any expectation fails the same way")


def _determinism(reg: Regulation, s: Any) -> None:
    a = _safe_decide(reg, s)
    if a is None:
        return
    b = _engine(reg).evaluate_batch([s.member], list(reversed(s.claims)))
    c = _engine(reg).evaluate_batch([s.member], list(s.claims))
    by_b = {d.claim_id: d.to_json() for d in b}
    by_c = {d.claim_id: d.to_json() for d in c}
    for d in a:
        if by_b.get(d.claim_id) != d.to_json() or by_c.get(d.claim_id) != d.to_json():
            prior = [x for x in _paid(a) if a.index(x) < a.index(d)]
            raise Violation(f"claim {d.claim_id} was decided differently when decided again or in another order",
                            f"คำขอ {d.claim_id} ได้ผลต่างกันเมื่อตัดสินซ้ำหรือเรียงลำดับต่างกัน",
                            [_member_case(s, _recipe(s, d.claim_id), prior, "determinism: counterexample",
                                          {"eligible": d.eligible, "amount": d.amount})],
                            note="a decision that changes between runs cannot be pinned by one case")


def _caps(reg: Regulation, s: Any) -> None:
    ds = _safe_decide(reg, s)
    if ds is None:
        return
    paid = _paid(ds)
    seen: set[tuple[str, int]] = set()
    for d in paid:
        b = _benefit(reg, d)
        for i, cap in enumerate(b.caps):
            if (b.id, i) in seen:
                continue
            seen.add((b.id, i))
            for measure in ("money", "units", "count"):
                limit = getattr(cap, measure)
                if limit is None:
                    continue
                _over_window(s, paid, {b.id}, cap.per, Decimal(limit), measure, ("caps", "เพดาน"))


def _spell_at(member: Any, ev: date) -> Any:
    for sp in sorted(member.spells, key=lambda x: x.start):
        if sp.start <= ev and (sp.end is None or ev < sp.end or (ev == sp.end and sp.end_reason == "died")):
            return sp
    return None


def _waiting_start(member: Any, how: str, sp: Any) -> date | None:
    if how == "first_membership":
        return min(x.start for x in member.spells)
    if sp is None:
        return None
    if how == "membership_start":
        return sp.start
    dates = [c.date for c in member.contributions if c.date >= sp.start and (sp.end is None or c.date <= sp.end)]
    return min(dates) if dates else None


def _waiting(reg: Regulation, s: Any) -> None:
    ds = _safe_decide(reg, s)
    if ds is None:
        return
    paid = _paid(ds)
    for d in paid:
        w = _benefit(reg, d).eligibility.waiting
        if w is None:
            continue
        start = _waiting_start(s.member, w.start, _spell_at(s.member, d.event_date))
        served = add_period(start, days=w.days, months=w.months, years=w.years) if start else None
        if served is None or d.event_date < served:
            prior = _before(paid, d)
            raise Violation(
                f"{d.benefit} paid {money_str(d.amount)} on {d.event_date.isoformat()}, inside the waiting period "
                f"(served on {served.isoformat() if served else 'never'})",
                f"{d.benefit} จ่าย {money_str(d.amount)} วันที่ {d.event_date.isoformat()} ระหว่างระยะรอคอย "
                f"(ครบวันที่ {served.isoformat() if served else '-'})",
                [_member_case(s, _recipe(s, d.claim_id), prior, "waiting: counterexample",
                              {"eligible": False, "amount": 0})])


def _before(paid: list[Any], d: Any) -> list[Any]:
    """The payouts decided before ``d`` (``paid`` is in decision order)."""
    for i, x in enumerate(paid):
        if x is d:
            return paid[:i]
    raise ValueError("decision not in the list")


def lapse_date(member: Any, start: date, end: date | None, membership: M.Membership, until: date) -> date | None:
    """The first day a spell is lapsed for missed instalments (an independent reading of the lapse rule)."""
    rule = membership.lapse_after
    if rule is None:
        return None
    n = rule.consecutive if rule.consecutive is not None else rule.total
    if not n:
        return None
    amount = membership.contribution.amount
    monthly = membership.contribution.period == "month"
    sums: dict[str, Decimal] = {}
    paid_on: dict[str, date] = {}
    for c in sorted(member.contributions, key=lambda c: (c.date, c.covers)):
        sums[c.covers] = sums.get(c.covers, ZERO) + c.amount
        if sums[c.covers] >= amount and c.covers not in paid_on:
            paid_on[c.covers] = c.date
    stop = end
    if member.died_on is not None and (stop is None or member.died_on < stop):
        stop = member.died_on + timedelta(days=1)
    y, m = start.year, start.month if monthly else 1
    run = total = 0
    while True:
        pstart = date(y, m, 1)
        if pstart > until or (stop is not None and pstart >= stop):
            return None
        if monthly:
            nxt = date(y + (m == 12), m % 12 + 1, 1)
            key = f"{y:04d}-{m:02d}"
        else:
            nxt = date(y + 1, 1, 1)
            key = f"{y:04d}"
        deadline = nxt - timedelta(days=1) + timedelta(days=membership.grace_days)
        missed = key not in paid_on or paid_on[key] > deadline
        run = run + 1 if missed else 0
        total += 1 if missed else 0
        if (run if rule.consecutive is not None else total) >= n:
            return deadline + timedelta(days=1)
        y, m = (nxt.year, nxt.month) if monthly else (nxt.year, 1)


def member_status(member: Any, ev: date, membership: M.Membership) -> str:
    """Whether the member is still a member on ``ev``: 'member', 'dead', 'lapsed', 'resigned', 'expelled' or
    'not_member' (suspension is not distinguished)."""
    if member.died_on is not None and ev > member.died_on:
        return "dead"
    sp = _spell_at(member, ev)
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


def _membership(reg: Regulation, s: Any) -> None:
    ds = _safe_decide(reg, s)
    if ds is None:
        return
    paid = _paid(ds)
    for d in paid:
        b = _benefit(reg, d)
        if b.kind == "death":
            continue
        status = member_status(s.member, d.event_date, reg.in_force(d.event_date).membership)
        if status != "member" and status not in b.eligibility.status:
            prior = _before(paid, d)
            raise Violation(
                f"{d.benefit} paid {money_str(d.amount)} on {d.event_date.isoformat()} although the membership "
                f"was {status} (allowed: {', '.join(b.eligibility.status)})",
                f"{d.benefit} จ่าย {money_str(d.amount)} วันที่ {d.event_date.isoformat()} ทั้งที่สถานะสมาชิกเป็น "
                f"{status} (สถานะที่รับได้: {', '.join(b.eligibility.status)})",
                [_member_case(s, _recipe(s, d.claim_id), prior, "membership: counterexample",
                              {"eligible": False, "amount": 0})])


# ------------------------------------------------------------------------------------------ declared properties
def _declared_prop(inv: Any) -> Callable[[Regulation, Any], None]:
    if isinstance(inv, MaxPerWindow):
        def prop(reg: Regulation, s: Any) -> None:
            ds = _safe_decide(reg, s)
            if ds is not None:
                _over_window(s, _paid(ds), set(inv.benefits), inv.per, inv.money, "money", (inv.name, inv.name))
        return prop
    if isinstance(inv, MaxPerEvent):
        def prop(reg: Regulation, s: Any) -> None:
            ds = _safe_decide(reg, s)
            if ds is not None:
                benefits = set(inv.benefits) if inv.benefits else {d.benefit for d in ds}
                _over_window(s, _paid(ds), benefits, "event", inv.money, "money", (inv.name, inv.name))
        return prop
    if isinstance(inv, MaxPerClaim):
        def prop(reg: Regulation, s: Any) -> None:
            ds = _safe_decide(reg, s)
            if ds is None:
                return
            paid = _paid(ds)
            for d in paid:
                if (not inv.benefits or d.benefit in inv.benefits) and d.amount > inv.money:
                    prior = _before(paid, d)
                    raise Violation(
                        f"{d.benefit} paid {money_str(d.amount)} on one claim ({d.claim_id}), over "
                        f"{money_str(inv.money)}",
                        f"{d.benefit} จ่าย {money_str(d.amount)} ในคำขอเดียว ({d.claim_id}) เกิน {money_str(inv.money)}",
                        [_member_case(s, _recipe(s, d.claim_id), prior, f"{inv.name}: counterexample",
                                      {"at_most": inv.money})])
        return prop
    if isinstance(inv, NoPaymentWithin):
        def prop(reg: Regulation, s: Any) -> None:
            ds = _safe_decide(reg, s)
            if ds is None:
                return
            paid = _paid(ds)
            for d in paid:
                if inv.benefits and d.benefit not in inv.benefits:
                    continue
                sp = _spell_at(s.member, d.event_date)
                start = _waiting_start(s.member, inv.start, sp)
                if start is None:
                    continue
                until = add_period(start, days=inv.days, months=inv.months, years=inv.years)
                if d.event_date < until:
                    prior = _before(paid, d)
                    raise Violation(
                        f"{d.benefit} paid {money_str(d.amount)} on {d.event_date.isoformat()}, before "
                        f"{until.isoformat()} ({inv.start.replace('_', ' ')} {start.isoformat()})",
                        f"{d.benefit} จ่าย {money_str(d.amount)} วันที่ {d.event_date.isoformat()} ก่อนวันที่ "
                        f"{until.isoformat()} (เริ่มนับ {start.isoformat()})",
                        [_member_case(s, _recipe(s, d.claim_id), prior, f"{inv.name}: counterexample",
                                      {"eligible": False, "amount": 0})])
        return prop
    assert isinstance(inv, Monotone)

    def prop(reg: Regulation, pair: Any) -> None:
        less, more = pair
        ca, cb = _build_single(reg, less), _build_single(reg, more)
        if ca is None or cb is None:
            return
        da, db = ca, cb
        if not (da.eligible and db.eligible):
            return
        bad = db.amount < da.amount if inv.direction == "non_decreasing" else db.amount > da.amount
        if bad:
            what = "membership" if inv.by == "tenure" else "age"
            word_th = "อายุสมาชิก" if inv.by == "tenure" else "อายุ"
            name = inv.name
            bound = "at_least" if inv.direction == "non_decreasing" else "at_most"
            less_case = {"name": f"{name}: shorter {what}", **less, "expect": {"eligible": True, "amount": da.amount}}
            more_case = {"name": f"{name}: longer {what}", **more, "expect": {"eligible": True, bound: da.amount}}
            raise Violation(
                f"{inv.benefit} pays {money_str(db.amount)} with the longer {what} but {money_str(da.amount)} "
                f"with the shorter one",
                f"{inv.benefit} จ่าย {money_str(db.amount)} เมื่อ{word_th}มากกว่า แต่จ่าย {money_str(da.amount)} "
                f"เมื่อ{word_th}น้อยกว่า",
                [less_case, more_case])
    return prop


def _build_single(reg: Regulation, case: dict[str, Any]) -> Any:
    from .cases import build_claim, build_member
    try:
        m = build_member(reg, case["member"], until=date.fromisoformat(case["claim"]["date"]))
        c = build_claim(m.member_id, case["claim"])
        return _engine(reg).evaluate(m, c)
    except SwfError:
        return None


def _monotone_pairs(reg: Regulation, inv: Monotone) -> Any:
    from hypothesis import strategies as st
    from ..core.dates import add_years
    from .strategies import HORIZON_YEARS

    first = reg.versions[0].effective
    death = any(b.kind == "death" for v in reg.versions for b in v.benefits if b.id == inv.benefit)

    @st.composite
    def pairs(draw: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        ev = first + timedelta(days=draw(st.integers(0, HORIZON_YEARS * 365)))
        tenure = draw(st.integers(0, 30 * 365))
        age = draw(st.integers(20, 90))
        extra = draw(st.integers(1, 20 * 365))
        sex = draw(st.sampled_from(["female", "male"]))
        born = add_years(ev, -age) - timedelta(days=draw(st.integers(0, 364)))
        joined = ev - timedelta(days=tenure)
        born2, joined2 = born, joined
        if inv.by == "tenure":
            joined2 = joined - timedelta(days=extra)
        else:
            born2 = born - timedelta(days=extra)

        def one(b: date, j: date) -> dict[str, Any]:
            j = max(j, b)
            m: dict[str, Any] = {"born": b.isoformat(), "sex": sex, "joined": j.isoformat(),
                                 "paid": f"every {reg.versions[0].membership.contribution.period}"}
            if death:
                m["died"] = ev.isoformat()
            claim: dict[str, Any] = {"benefit": inv.benefit, "date": ev.isoformat()}
            bdef = next(x for v in reg.versions for x in v.benefits if x.id == inv.benefit)
            if isinstance(bdef.amount, M.Rate):
                claim["nights"] = 1
            return {"member": m, "claim": claim}
        return one(born, joined), one(born2, joined2)
    return pairs()


# ------------------------------------------------------------------------------------------ search
def checks_for(regulation: Regulation, invariants: Sequence[Any] = ()) -> list[_Check]:
    from .strategies import scenarios
    scen = lambda reg: scenarios(reg)  # noqa: E731
    out = [_Check("totality", False, scen, _totality), _Check("determinism", False, scen, _determinism),
           _Check("caps", False, scen, _caps), _Check("waiting", False, scen, _waiting),
           _Check("membership", False, scen, _membership)]
    for inv in invariants:
        if isinstance(inv, Monotone):
            out.append(_Check(inv.name, True, lambda reg, inv=inv: _monotone_pairs(reg, inv), _declared_prop(inv)))
        else:
            out.append(_Check(inv.name, True, scen, _declared_prop(inv)))
    return out


def search(regulation: Regulation, check: _Check, examples: int = 100, seed: int | None = None) -> Violation | None:
    """Run one property with hypothesis; the shrunk (smallest) violation, or ``None``."""
    from hypothesis import HealthCheck, Phase, Verbosity, given, settings
    from hypothesis import seed as hseed

    strategy = check.strategy(regulation)

    @settings(max_examples=examples, database=None, deadline=None, derandomize=seed is not None,
              suppress_health_check=list(HealthCheck), verbosity=Verbosity.quiet, print_blob=False,
              report_multiple_bugs=False, phases=[Phase.explicit, Phase.generate, Phase.shrink])
    @given(strategy)
    def run(example: Any) -> None:
        check.prop(regulation, example)

    if seed is not None:
        run = hseed(seed)(run)
    try:
        run()
    except Violation as v:
        return v
    return None


def check_regulation(regulation: Regulation, invariants: Sequence[Any] = (), *,
                     examples: int = 100, seed: int | None = None) -> list[Result]:
    out = []
    for c in checks_for(regulation, list(invariants)):
        v = search(regulation, c, examples, seed)
        out.append(Result(c.name, c.declared, v is None, v))
    return out


# ------------------------------------------------------------------------------------------ case YAML
_PLAIN = re.compile(r"^[A-Za-z0-9./][A-Za-z0-9 _./\-]*$")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def _scalar(v: Any) -> str:
    import json
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Decimal):
        text = money_str(v)
        return text if "." not in text else json.dumps(text)
    text = str(v)
    if _PLAIN.match(text) and text.lower() not in _RESERVED and not text.endswith(" ") \
            and not re.match(r"^[0-9.]+$", text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(v: Any) -> str:
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {_flow(x)}" for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_flow(x) for x in v) + "]"
    return _scalar(v)


_ORDER = {"member": ("id", "born", "sex", "joined", "spells", "paid", "missed", "died"),
          "claim": ("id", "benefit", "date", "end", "nights", "units", "filed", "children", "details"),
          "expect": ("eligible", "amount", "at_least", "at_most", "failing", "payee", "error")}


def _ordered(kind: str, d: dict[str, Any]) -> dict[str, Any]:
    keys = _ORDER.get(kind, ())
    return {k: d[k] for k in keys if k in d} | {k: v for k, v in d.items() if k not in keys}


def case_yaml(regulation_ref: str, cases: Sequence[dict[str, Any]], comments: Sequence[str] = ()) -> str:
    """Cases in the committee case format (C.E. dates), ready to paste into a ``*.cases.yaml`` file."""
    lines = [f"# {c}" for c in comments]
    lines.append(f"regulation: {_scalar(regulation_ref)}")
    lines.append("cases:")
    for c in cases:
        lines.append(f"  - name: {_scalar(c['name'])}")
        lines.append(f"    member: {_flow(_ordered('member', c['member']))}")
        if c.get("history"):
            lines.append("    history:")
            for h in c["history"]:
                lines.append(f"      - {_flow(h)}")
        lines.append(f"    claim: {_flow(_ordered('claim', c['claim']))}")
        lines.append(f"    expect: {_flow(_ordered('expect', c['expect']))}")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------------ finding the cases file
def find_invariants_file(regulation_path: str | FsPath) -> FsPath | None:
    """The case file declaring a regulation's invariants: ``<dir>/cases/<stem>.cases.yaml`` or
    ``<dir>/<stem>.cases.yaml``."""
    p = FsPath(regulation_path)
    stem = p.name[:-5] if p.name.endswith(".yaml") else p.stem
    for cand in (p.parent / "cases" / f"{stem}{CASE_SUFFIX}", p.parent / f"{stem}{CASE_SUFFIX}"):
        if cand.is_file():
            return cand
    return None


@dataclass
class CheckRun:
    regulation_path: str
    cases_path: str | None
    results: list[Result] = field(default_factory=list)
    examples: int = 100
    seed: int | None = None

    @property
    def ok(self) -> bool:
        return all(r.passed for r in self.results)

    def render(self, lang: str = "en", regulation_ref: str | None = None) -> str:
        th = lang == "th"
        ref = regulation_ref or self.regulation_path
        seed = "" if self.seed is None else (f", seed {self.seed}")
        head = (f"ตรวจ {self.regulation_path}: {self.examples} ตัวอย่างต่อคุณสมบัติ{seed}" if th else
                f"check {self.regulation_path}: {self.examples} examples per invariant{seed}")
        lines = [head]
        if self.cases_path:
            lines.append(("  คุณสมบัติที่ประกาศไว้จาก " if th else "  declared invariants from ") + self.cases_path)
        for r in self.results:
            kind = ("ประกาศไว้" if th else "declared") if r.declared else ("ตรวจเสมอ" if th else "always checked")
            name = r.name if (r.declared or not th) else f"{r.name} ({_BUILTIN_TH[r.name]})"
            mark = ("ผ่าน" if th else "PASS") if r.passed else ("ไม่ผ่าน" if th else "FAIL")
            lines.append(f"  {mark} {name} [{kind}]")
            if r.violation is not None:
                v = r.violation
                lines.append("    " + (v.th if th else v.en))
                lines.append("    " + ("ตัวอย่างค้าน (วางลงในไฟล์ .cases.yaml):" if th else
                                      "counterexample (paste into a .cases.yaml file):"))
                for ln in counterexample_yaml(r, ref).rstrip("\n").split("\n"):
                    lines.append("      " + ln)
        failed = sum(1 for r in self.results if not r.passed)
        lines.append(f"ไม่ผ่าน {failed} จาก {len(self.results)} คุณสมบัติ" if th else
                     f"{failed} of {len(self.results)} invariants failed")
        return "\n".join(lines) + "\n"


def counterexample_yaml(r: Result, regulation_ref: str) -> str:
    assert r.violation is not None
    v = r.violation
    comments = [f"invariant '{r.name}': {v.en}"]
    if v.note:
        comments.append(v.note)
    comments.append("dates are C.E.; the regulation path is relative to this file")
    return case_yaml(regulation_ref, v.cases, comments)


def run_check(regulation_path: str, *, cases: str | None = None, examples: int = 100,
              seed: int | None = None) -> CheckRun:
    """Load the regulation and its declared invariants, then search every invariant."""
    from .cases import load_case_document
    from ..core.load import load_yaml_file
    reg = load_regulation(regulation_path)
    cases_path = FsPath(cases) if cases else find_invariants_file(regulation_path)
    invariants: list[Any] = []
    if cases_path is not None:
        if not cases_path.is_file():
            raise InputError([make_problem("file-not-found", file=str(cases_path))])
        invariants = load_case_document(load_yaml_file(cases_path), regulation=reg).invariants
    run = CheckRun(regulation_path, str(cases_path) if cases_path else None, examples=examples, seed=seed)
    run.results = check_regulation(reg, invariants, examples=examples, seed=seed)
    return run


def relative_ref(regulation_path: str, case_dir: str | FsPath) -> str:
    return os.path.relpath(os.path.abspath(regulation_path), os.path.abspath(case_dir)).replace(os.sep, "/")


__all__ = ["BUILTIN", "CheckRun", "Invariant", "MaxPerClaim", "MaxPerEvent", "MaxPerWindow", "Monotone",
           "NoPaymentWithin", "Result", "Violation", "case_yaml", "check_regulation", "counterexample_yaml",
           "find_invariants_file", "lapse_date", "member_status", "parse_invariants", "run_check", "search"]
