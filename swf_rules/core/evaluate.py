"""Stage 5 -- evaluate: a claim against a member's history under the version in force on the event date.

Every check is made and recorded (an ineligible decision lists every failing check, not only the first); the
amount is computed with Decimal under the declared rounding, then caps pay the remainder, then offsets deduct.
Count caps (e.g. once per fiscal year) are eligibility checks; money and unit caps reduce the amount, to zero at
most.  The same inputs give the same decision, byte for byte.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Iterable, Iterator, Mapping

from . import model as M
from .compile import AmountFunction, BenefitPlan, Plan, compile_version
from .dates import add_period, age_on, cap_window, fiscal_year
from .errors import InputError, UsageError, did_you_mean, make_problem
from .facts import MemberState, PaidClaim, StatusFacts, tenure_years
from .fingerprint import canonical_json, sha256
from .history import Claim, Member, Payout
from .money import CENT, CONTEXT, ZERO, apply_fraction, money_str, parse_decimal, round_money
from .validate import Regulation

ENGINE_NAME = "swf-rules"
ENGINE_VERSION = "0.1.0"


@dataclass(frozen=True)
class Decision:
    """The outcome of one claim.  :meth:`to_dict` is the JSON interchange form (see schemas/decision.schema.json).

    Every check the regulation asks for is recorded (``checks``: name, clause, verdict, the values it compared);
    :attr:`reasons` renders them with their Thai and English messages when read."""

    claim_id: str
    member_id: str
    benefit: str
    kind: str
    title: dict[str, str]
    clause: str
    event_date: date
    eligible: bool
    amount: Decimal
    payee: str
    fund: str
    version: str
    fingerprint: str
    checks: tuple[tuple, ...] = field(repr=False)
    breakdown: dict[str, Any]
    # (member state, payouts it knew at decision time, claim): hashed on first read of input_fingerprint
    _inputs: tuple[Any, int, Any] = field(repr=False, compare=False)

    @classmethod
    def _make(cls, **fields: Any) -> "Decision":
        """Build without the frozen dataclass's per-field ``__init__`` (a batch builds one per claim)."""
        d = object.__new__(cls)
        d.__dict__.update(fields)
        return d

    @property
    def reasons(self) -> tuple[dict[str, Any], ...]:
        """Every check, in the order made, as ``{check, clause, passed, values, message: {en, th}}``.

        Rendered on each read and not kept: a fund's batch would otherwise hold every message twice."""
        return tuple(_render(r) for r in self.checks)

    @property
    def input_fingerprint(self) -> str:
        """sha256 of the inputs: the member's history, the payouts known before this claim, and the claim."""
        fp = self.__dict__.get("_fingerprint")
        if fp is None:
            state, known, claim = self._inputs
            fp = _input_fingerprint(state, state.payout_digest(claim.claim_id, known), claim)
            object.__setattr__(self, "_fingerprint", fp)
        return fp

    @property
    def failing(self) -> list[dict[str, Any]]:
        return [_render(r) for r in self.checks if r[2] is False]

    def to_dict(self) -> dict[str, Any]:
        return {
            "claim_id": self.claim_id,
            "member_id": self.member_id,
            "benefit": self.benefit,
            "kind": self.kind,
            "title": dict(self.title),
            "clause": self.clause,
            "event_date": self.event_date.isoformat(),
            "fiscal_year": fiscal_year(self.event_date),
            "eligible": self.eligible,
            "amount": money_str(self.amount),
            "currency": "THB",
            "payee": self.payee,
            "regulation": {"fund": self.fund, "version": self.version, "fingerprint": self.fingerprint},
            "reasons": list(self.reasons),
            "breakdown": self.breakdown,
            "engine": {"name": ENGINE_NAME, "version": ENGINE_VERSION},
            "input_fingerprint": self.input_fingerprint,
        }

    def to_json(self) -> bytes:
        """Canonical JSON (sorted keys, no insignificant whitespace, UTF-8)."""
        return canonical_json(self.to_dict())

    def as_payout(self) -> Payout:
        return Payout.model_construct(claim_id=self.claim_id, benefit=self.benefit, event_date=self.event_date,
                                      end_date=None, units=self.breakdown.get("units"), amount=self.amount)


def _render(record: tuple) -> dict[str, Any]:
    """A check record as the reason dict of the interchange form (messages rendered now)."""
    check, clause, passed, values, fmt, args = record
    en, th = fmt(*args)
    return {"check": check, "clause": clause, "passed": passed, "values": values, "message": {"en": en, "th": th}}


# ---- the message of each check, Thai and English, from the values the check recorded (the messages that repeat
# across decisions, such as "status active (allowed)", are kept once)
@functools.lru_cache(maxsize=4096)
def _msg_status(status: str, ok: bool, allowed: tuple[str, ...]) -> tuple[str, str]:
    return (f"membership status on the event date: {status} ({'allowed' if ok else 'must be ' + ', '.join(allowed)})",
            f"สถานะสมาชิก ณ วันที่เกิดเหตุ: {_STATUS_TH[status]} "
            f"({'เข้าเกณฑ์' if ok else 'ต้องเป็น ' + ', '.join(_STATUS_TH.get(a, a) for a in allowed)})")


def _msg_waiting(period: tuple[str, str], start: str | None, served: str | None, ev: str,
                 ok: bool) -> tuple[str, str]:
    return (f"waiting period of {period[0]} from {start or 'no start'}: served on {served or 'never'}, "
            f"event on {ev}" + ("" if ok else " (inside the waiting period)"),
            f"ระยะรอคอย {period[1]} นับจาก {start or '-'} ครบวันที่ {served or '-'} "
            f"เหตุเกิดวันที่ {ev}" + ("" if ok else " (ยังอยู่ในระยะรอคอย)"))


@functools.lru_cache(maxsize=4096)
def _msg_tenure(years: Decimal, membership: str, rounding: str, min_years: int) -> tuple[str, str]:
    return (f"membership of {years} years ({membership}, {rounding.replace('_', ' ')}); at least "
            f"{min_years} needed",
            f"เป็นสมาชิก {years} ปี ({'ต่อเนื่อง' if membership == 'continuous' else 'รวมทุกช่วง'}) "
            f"ต้องไม่น้อยกว่า {min_years} ปี")


@functools.lru_cache(maxsize=4096)
def _msg_age(age: int, at: str, lo: int | None, hi: int | None) -> tuple[str, str]:
    rng = f"{lo if lo is not None else 0}-{hi if hi is not None else ''}"
    return (f"age {age} at the {'event' if at == 'event' else 'start of membership'}; allowed {rng}",
            f"อายุ {age} ปี {'ณ วันที่เกิดเหตุ' if at == 'event' else 'เมื่อเริ่มเป็นสมาชิก'} เกณฑ์ {rng} ปี")


@functools.lru_cache(maxsize=4096)
def _msg_sex(sex: str, required: str) -> tuple[str, str]:
    return (f"the member is {sex}; this benefit is for a {required} member",
            f"สมาชิกเป็น{'หญิง' if sex == 'female' else 'ชาย'} สวัสดิการนี้สำหรับสมาชิก"
            f"{'หญิง' if required == 'female' else 'ชาย'}")


@functools.lru_cache(maxsize=4096)
def _msg_arrears(arrears: int, most: int) -> tuple[str, str]:
    return (f"{arrears} instalments in arrears; at most {most} allowed",
            f"ค้างส่ง {arrears} งวด เกณฑ์ไม่เกิน {most} งวด")


def _msg_condition(cond: M.Condition, ok: bool) -> tuple[str, str]:
    desc_en = cond.description.en if cond.description else cond.when
    desc_th = cond.description.th if cond.description else cond.when
    return (f"{desc_en}: {'yes' if ok else 'no'} ({cond.when})",
            f"{desc_th}: {'ใช่' if ok else 'ไม่ใช่'} ({cond.when})")


def _msg_deadline(last: str, period: tuple[str, str], filed: str | None) -> tuple[str, str]:
    if filed is None:
        return (f"claim must be filed by {last} ({period[0]}); filing date not given",
                f"ต้องยื่นภายใน {last} ({period[1]}) ไม่ได้ระบุวันที่ยื่น")
    return (f"filed on {filed}; the deadline ({period[0]}) was {last}",
            f"ยื่นวันที่ {filed} กำหนดยื่นภายใน {last} ({period[1]})")


@functools.lru_cache(maxsize=4096)
def _msg_same_event(ids: tuple[str, ...]) -> tuple[str, str]:
    if not ids:
        return "not already paid for this event", "ยังไม่เคยจ่ายสำหรับเหตุการณ์นี้"
    return (f"already paid for this event (claim {', '.join(ids)})",
            f"จ่ายสำหรับเหตุการณ์นี้แล้ว (คำขอ {', '.join(ids)})")


@functools.lru_cache(maxsize=4096)
def _msg_excludes(ex: str, paid: bool) -> tuple[str, str]:
    if not paid:
        return f"no '{ex}' payout for the same event", f"ไม่มีการจ่าย '{ex}' สำหรับเหตุการณ์เดียวกัน"
    return (f"'{ex}' was already paid for the same event, and the two do not combine",
            f"จ่าย '{ex}' สำหรับเหตุการณ์เดียวกันแล้ว ซึ่งรับซ้อนกันไม่ได้")


@functools.lru_cache(maxsize=4096)
def _msg_count_cap(used: int, limit: int, per: str) -> tuple[str, str]:
    return (f"paid {used} of at most {limit} times {_WINDOW_EN[per]}",
            f"ได้รับแล้ว {used} ครั้ง จากสูงสุด {limit} ครั้ง{_WINDOW_TH[per]}")


@functools.lru_cache(maxsize=4096)
def _msg_allowance_period(first: str | None, last: str | None, paid: bool) -> tuple[str, str]:
    if not paid:
        return (f"allowance not yet paid for the period {first} to {last}",
                f"ยังไม่ได้รับเบี้ยสำหรับงวด {first} ถึง {last}")
    return (f"allowance already paid for the period {first} to {last}",
            f"ได้รับเบี้ยสำหรับงวด {first} ถึง {last} แล้ว")


@functools.lru_cache(maxsize=4096)
def _msg_first_period(ok: bool) -> tuple[str, str]:
    if ok:
        return "eligible since the start of this period", "มีสิทธิ์ตั้งแต่ต้นงวดนี้"
    return ("the first period in which the member becomes eligible is not paid",
            "งวดแรกที่เริ่มมีสิทธิ์ไม่ได้รับเบี้ย")


@functools.lru_cache(maxsize=4096)
def _msg_table(by: str, x: Decimal) -> tuple[str, str]:
    return f"{by} {x} is not in any band of the table", f"ค่า {x} ไม่อยู่ในช่วงใดของตาราง"


def _d(x: date | None) -> str | None:
    return None if x is None else x.isoformat()


_STATUS_TH = {"active": "ปกติ", "suspended": "ถูกพักสิทธิ์", "lapsed": "พ้นสภาพเพราะขาดส่ง", "resigned": "ลาออก",
              "expelled": "ถูกให้ออก", "dead": "เสียชีวิต", "not_member": "ไม่ได้เป็นสมาชิก"}
_WINDOW_TH = {"stay": "ต่อครั้งที่นอนโรงพยาบาล", "event": "ต่อเหตุการณ์", "fiscal_year": "ต่อปีงบประมาณ",
              "calendar_year": "ต่อปีปฏิทิน", "rolling_365_days": "ในรอบ 365 วัน", "lifetime": "ตลอดการเป็นสมาชิก"}
_WINDOW_EN = {"stay": "per stay", "event": "per event", "fiscal_year": "per fiscal year",
              "calendar_year": "per calendar year", "rolling_365_days": "in any 365 days", "lifetime": "per lifetime"}


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a batch.  A batch allocates many small containers and no reference
    cycles; full collections walking the growing heap cost a fifth of a large batch's time (docs/performance.md).
    Reference counting still frees everything as usual."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class Engine:
    """Evaluates claims for one fund's regulation history.  Plans are compiled once per version."""

    def __init__(self, regulation: Regulation, functions: Mapping[str, AmountFunction] | None = None):
        if not isinstance(regulation, Regulation):
            raise UsageError("Engine needs a Regulation from load_regulation()")
        self.regulation = regulation
        self.functions = dict(functions or {})
        self._plans: dict[str, Plan] = {}

    def plan(self, version: M.Version) -> Plan:
        p = self._plans.get(version.version)
        if p is None:
            p = self._plans[version.version] = compile_version(self.regulation, version, self.functions)
        return p

    # ------------------------------------------------------------------------------------------ single claim
    def evaluate(self, member: Member, claim: Claim) -> Decision:
        version = self.regulation.in_force(claim.event_date)
        plan = self.plan(version)
        state = MemberState(member, version.membership)
        return self._decide(plan, state, claim)

    # ------------------------------------------------------------------------------------------ caller-kept state
    def state(self, member: Member, on: date) -> MemberState:
        """A member's indexed history under the membership rules of the version in force on ``on``.

        Keep it across claims and :meth:`MemberState.record` payouts into it (as a replay does) so later claims
        see them in their caps; :meth:`decide` checks that the state matches the version it applies."""
        return MemberState(member, self.regulation.in_force(on).membership)

    def decide(self, state: MemberState, claim: Claim) -> Decision:
        """Decide one claim against a caller-kept :class:`MemberState` (nothing is recorded into it)."""
        version = self.regulation.in_force(claim.event_date)
        if state.membership is not version.membership:
            raise UsageError(f"the member state was built for other membership rules than version "
                             f"{version.version}'s; build one with Engine.state(member, {claim.event_date})")
        return self._decide(self.plan(version), state, claim)

    # ------------------------------------------------------------------------------------------ whole fund
    def evaluate_batch(self, members: Iterable[Member], claims: Iterable[Claim]) -> list[Decision]:
        """Decide a fund's claims in date order; each payable decision counts toward the caps of later claims.

        Claims are ordered by (event date, filing date, claim id), so the input order does not matter.  The
        decisions are returned in that order.
        """
        by_id: dict[str, Member] = {}
        for m in members:
            by_id[m.member_id] = m
        # member id -> {id(membership rules) -> state}: one indexed history per member and rule set
        states: dict[str, dict[int, MemberState]] = {}
        out: list[Decision] = []
        seen: set[str] = set()
        ordered = sorted(claims, key=lambda c: (c.event_date, c.filed_on or c.event_date, c.claim_id))
        with gc_paused():
            return self._batch(ordered, by_id, states, out, seen)

    def _batch(self, ordered: list[Claim], by_id: dict[str, Member], states: dict[str, dict[int, MemberState]],
               out: list[Decision], seen: set[str]) -> list[Decision]:
        for c in ordered:
            if c.claim_id in seen:
                raise InputError([make_problem("duplicate-claim-id", value=c.claim_id, path=("claim_id",))])
            seen.add(c.claim_id)
            member = by_id.get(c.member_id)
            if member is None:
                raise InputError([make_problem("unknown-member", value=c.member_id, path=("member_id",))])
            version = self.regulation.in_force(c.event_date)
            plan = self.plan(version)
            mine = states.setdefault(c.member_id, {})
            state = mine.get(id(version.membership))
            if state is None:
                state = MemberState(member, version.membership)
                for other in mine.values():  # payouts decided under another version count too
                    for idx in other.payouts.values():
                        for p in idx.rows:
                            if p.claim_id not in state.claim_ids:
                                state.record(p)
                mine[id(version.membership)] = state
            d = self._decide(plan, state, c)
            out.append(d)
            if d.eligible and d.amount > 0:
                p = PaidClaim(d.claim_id, d.benefit, d.event_date, d.breakdown.get("units"), d.amount)
                for other in mine.values():
                    other.record(p)
        return out

    # ------------------------------------------------------------------------------------------ the decision
    def _decide(self, plan: Plan, state: MemberState, claim: Claim) -> Decision:
        member = state.member
        if claim.member_id != member.member_id:
            raise InputError([make_problem("claim-member-mismatch", path=("member_id",), value=claim.member_id,
                                           member=member.member_id)])
        bp = plan.benefits.get(claim.benefit)
        if bp is None:
            raise InputError([make_problem("unknown-benefit", path=("benefit",), value=claim.benefit,
                                           hint=did_you_mean(claim.benefit, plan.benefits,
                                                             ("benefits: " + ", ".join(plan.benefits),
                                                              "สวัสดิการ: " + ", ".join(plan.benefits))))])
        b = bp.benefit
        is_death = b.kind == "death"
        ev = claim.event_date
        if member.died_on is not None and not is_death and ev > member.died_on:
            raise InputError([make_problem("event-after-death", path=("event_date",), value=ev.isoformat(),
                                           died_on=member.died_on.isoformat())])
        if is_death and member.died_on != ev:
            raise InputError([make_problem("death-claim-mismatch", path=("event_date",), value=ev.isoformat(),
                                           died_on=_d(member.died_on) or "none")])
        details = self._details(bp, claim)
        st = state.status_at(ev, ignore_death_on_day=is_death)
        facts = self._facts(state, claim, st, bp, details)
        reasons: list[tuple] = []
        self._check_status(b, st, reasons)
        self._check_eligibility(plan, bp, state, st, claim, facts, reasons)
        amount, breakdown = self._amount(plan, bp, state, st, claim, facts, reasons)
        eligible = all(r[2] is not False for r in reasons)
        if not eligible:
            amount = ZERO
        breakdown["amount"] = money_str(amount)
        return Decision._make(
            claim_id=claim.claim_id, member_id=claim.member_id, benefit=b.id, kind=b.kind,
            title={"th": b.title.th, "en": b.title.en}, clause=b.clause, event_date=ev, eligible=eligible,
            amount=amount, payee="beneficiary" if is_death else "member", fund=plan.fund_id,
            version=plan.version.version, fingerprint=plan.fingerprint, checks=tuple(reasons),
            breakdown=breakdown, _inputs=(state, state.payouts_known, claim))

    def _details(self, bp: BenefitPlan, claim: Claim) -> dict[str, Any]:
        out: dict[str, Any] = {}
        problems = []
        for name, spec in bp.benefit.claim_fields.items():
            if name not in claim.details:
                if name in bp.uses_claim_fields:
                    problems.append(make_problem("missing-claim-field", path=("details", name), value=name,
                                                 benefit=bp.id))
                continue
            raw = claim.details[name]
            try:
                if spec.type == "number":
                    if isinstance(raw, bool):
                        raise ValueError
                    val: Any = parse_decimal(str(raw) if not isinstance(raw, (int, Decimal)) else raw)
                elif spec.type == "yes_no":
                    if not isinstance(raw, bool):
                        raise ValueError
                    val = raw
                else:
                    if not isinstance(raw, str):
                        raise ValueError
                    val = raw
            except (ValueError, ArithmeticError):
                problems.append(make_problem("wrong-type", path=("details", name), expected=spec.type,
                                             found=type(raw).__name__, value=str(raw)))
                continue
            if spec.one_of is not None and val not in spec.one_of:
                problems.append(make_problem("not-allowed", path=("details", name), value=str(val),
                                             hint=(f"use one of {spec.one_of}", f"ใช้ค่าใดค่าหนึ่งจาก {spec.one_of}")))
                continue
            out[name] = val
        for name in claim.details:
            if name not in bp.benefit.claim_fields:
                problems.append(make_problem("unknown-key", path=("details", name), key=name, value=name,
                                             hint=("fields of this benefit: " + ", ".join(bp.benefit.claim_fields),
                                                   "ข้อมูลของสวัสดิการนี้: " + ", ".join(bp.benefit.claim_fields))))
        if problems:
            raise InputError(problems)
        return out

    def _facts(self, state: MemberState, claim: Claim, st: StatusFacts, bp: BenefitPlan,
               details: dict[str, Any]) -> "Facts":
        facts = Facts(self, state, claim, st, bp)
        facts.update(details)
        return facts

    @staticmethod
    def _units(bp: BenefitPlan, claim: Claim) -> int | None:
        if claim.units is not None:
            return claim.units
        if claim.end_date is not None:
            n = (claim.end_date - claim.event_date).days
            if isinstance(bp.benefit.amount, M.Rate) and bp.benefit.amount.unit == "day":
                n += 1
            return n
        return None

    # ------------------------------------------------------------------------------------------ checks
    # Each check appends a compact record (check, clause, passed, values, message function, its arguments); the
    # Thai and English messages are rendered when the reasons are read (Decision.reasons), not per decision.
    def _check_status(self, b: M.Benefit, st: StatusFacts, reasons: list[tuple]) -> None:
        allowed = b.eligibility.status
        ok = st.status in allowed
        reasons.append(("status", b.clause, ok, {"status": st.status, "allowed": list(allowed),
                                                 "arrears": st.arrears}, _msg_status, (st.status, ok, tuple(allowed))))

    def _check_eligibility(self, plan: Plan, bp: BenefitPlan, state: MemberState, st: StatusFacts, claim: Claim,
                           facts: dict[str, Any], reasons: list[tuple]) -> None:
        b = bp.benefit
        el = b.eligibility
        ev = claim.event_date
        evs = ev.isoformat()
        cl = b.clause
        if el.waiting is not None:
            w = el.waiting
            start = state.waiting_start(w.start, st.spell)
            served = add_period(start, days=w.days, months=w.months, years=w.years) if start else None
            ok = served is not None and ev >= served
            period = bp.waiting_text
            start_s, served_s = _d(start), _d(served)
            reasons.append(("waiting", cl, ok, {"from": w.start, "start": start_s, "period": period[0],
                                                "served_on": served_s, "event_date": evs},
                            _msg_waiting, (period, start_s, served_s, evs, ok)))
        if el.tenure is not None:
            t = el.tenure
            days = int(facts["tenure_days"] if t.membership == "continuous" else facts["cumulative_tenure_days"])
            years = tenure_years(days, ev, t.rounding)
            ok = years >= t.min_years
            reasons.append(("tenure", cl, ok, {"membership": t.membership, "rounding": t.rounding, "days": days,
                                               "years": str(years), "min_years": t.min_years},
                            _msg_tenure, (years, t.membership, t.rounding, t.min_years)))
        if el.age is not None:
            a = el.age
            age = int(facts["age"] if a.at == "event" else facts["age_at_joining"])
            ok = (a.min is None or age >= a.min) and (a.max is None or age <= a.max)
            reasons.append(("age", cl, ok, {"age": age, "at": a.at, "min": a.min, "max": a.max},
                            _msg_age, (age, a.at, a.min, a.max)))
        if el.sex is not None:
            ok = state.member.sex == el.sex
            reasons.append(("sex", cl, ok, {"sex": state.member.sex, "required": el.sex},
                            _msg_sex, (state.member.sex, el.sex)))
        if el.max_arrears is not None:
            ok = st.arrears <= el.max_arrears
            reasons.append(("arrears", cl, ok, {"arrears": st.arrears, "max": el.max_arrears},
                            _msg_arrears, (st.arrears, el.max_arrears)))
        for cond, comp in bp.conditions:
            ok = comp(facts)
            vals = {n: _jsonable(facts[n]) for n in comp.sorted_names}
            reasons.append(("condition", cond.clause or cl, ok, {"when": cond.when, **vals},
                            _msg_condition, (cond, ok)))
        if b.deadline is not None:
            dl = b.deadline
            base = claim.end_date if dl.start == "end" and claim.end_date is not None else ev
            last_d = add_period(base, days=dl.days, months=dl.months, years=dl.years)
            last = last_d.isoformat()
            period = bp.deadline_text
            if claim.filed_on is None:
                reasons.append(("deadline", cl, None, {"from": dl.start, "last_day": last, "filed_on": None},
                                _msg_deadline, (last, period, None)))
            else:
                ok = claim.filed_on <= last_d
                filed = claim.filed_on.isoformat()
                reasons.append(("deadline", cl, ok, {"from": dl.start, "last_day": last, "filed_on": filed},
                                _msg_deadline, (last, period, filed)))
        same = state.paid(b.id, ev, ev, claim.claim_id)
        ids = [p.claim_id for p in same]
        reasons.append(("same_event", cl, not same, {"event_date": evs, "paid_claims": ids},
                        _msg_same_event, (tuple(ids),)))
        for ex in bp.excludes:
            other = [p.claim_id for p in state.paid(ex, ev, ev, claim.claim_id)]
            reasons.append(("excludes", cl, not other, {"benefit": ex, "paid_claims": other},
                            _msg_excludes, (ex, bool(other))))
        for cap in b.caps:
            if cap.count is None:
                continue
            first, last_day = cap_window(cap.per, ev)
            used = len(state.paid(b.id, first, min(last_day, ev), claim.claim_id)) if cap.per not in ("stay", "event") \
                else len(same)
            ok = used < cap.count
            reasons.append(("count_cap", cap.clause or cl, ok, {"per": cap.per, "limit": cap.count, "used": used,
                                                                "window": [_d(first), _d(last_day)]},
                            _msg_count_cap, (used, cap.count, cap.per)))
        if isinstance(b.amount, M.Allowance):
            al = b.amount
            first, last_day = cap_window(al.every, ev)
            used = state.paid(b.id, first, min(last_day, ev), claim.claim_id)
            f_s, l_s = _d(first), _d(last_day)
            reasons.append(("allowance_period", cl, not used, {"every": al.every, "window": [f_s, l_s],
                                                                "paid_claims": [p.claim_id for p in used]},
                            _msg_allowance_period, (f_s, l_s, bool(used))))
            if al.first_period == "skip" and first is not None and first > (st.spell.start if st.spell else ev):
                ok = self._eligible_on(bp, state, first)
                reasons.append(("allowance_first_period", cl, ok, {"period_start": first.isoformat()},
                                _msg_first_period, (ok,)))
            elif al.first_period == "skip":
                reasons.append(("allowance_first_period", cl, False, {"period_start": _d(first)},
                                _msg_first_period, (False,)))

    def _eligible_on(self, bp: BenefitPlan, state: MemberState, day: date) -> bool:
        el = bp.benefit.eligibility
        st = state.status_at(day)
        if st.status not in el.status:
            return False
        if el.age is not None and el.age.at == "event":
            age = age_on(state.member.birth_date, day)
            if (el.age.min is not None and age < el.age.min) or (el.age.max is not None and age > el.age.max):
                return False
        if el.tenure is not None:
            days = state.continuous_days(day, st.spell) if el.tenure.membership == "continuous" \
                else state.cumulative_days(day)
            if tenure_years(days, day, el.tenure.rounding) < el.tenure.min_years:
                return False
        if el.waiting is not None:
            start = state.waiting_start(el.waiting.start, st.spell)
            w = el.waiting
            if start is None or day < add_period(start, days=w.days, months=w.months, years=w.years):
                return False
        return True

    # ------------------------------------------------------------------------------------------ amount
    def _base_amount(self, plan: Plan, bp: BenefitPlan, state: MemberState, st: StatusFacts, claim: Claim,
                     facts: dict[str, Any], bd: dict[str, Any], reasons: list[dict[str, Any]] | None,
                     depth: int = 0) -> Decimal:
        a = bp.benefit.amount
        ev = claim.event_date
        if isinstance(a, M.Flat):
            return a.amount
        if isinstance(a, M.PerChild):
            n = claim.children or 1
            bd["children"] = n
            return CONTEXT.multiply(a.amount, Decimal(n))
        if isinstance(a, M.Allowance):
            return a.amount
        if isinstance(a, M.Rate):
            units = self._units(bp, claim)
            if units is None:
                raise InputError([make_problem("missing-claim-field", path=("units",), value="units",
                                               benefit=bp.id, hint=("give units or end_date",
                                                                    "ระบุ units หรือ end_date"))])
            bd["rate"] = money_str(a.rate)
            bd["units_claimed"] = units
            for cap in bp.benefit.caps:
                if cap.units is None:
                    continue
                first, last_day = cap_window(cap.per, ev)
                if cap.per in ("stay", "event"):
                    used = 0
                else:
                    used = sum(p.units or 0 for p in state.paid(bp.id, first, min(last_day, ev), claim.claim_id))
                remaining = max(cap.units - used, 0)
                before = units
                units = min(units, remaining)
                bd["caps"].append({"per": cap.per, "measure": "units", "limit": str(cap.units),
                                   "window": None if first is None and cap.per in ("stay", "event", "lifetime")
                                   else [_d(first), _d(last_day)],
                                   "used": str(used), "remaining": str(remaining), "before": str(before),
                                   "after": str(units), "clause": cap.clause})
            bd["units"] = units
            return CONTEXT.multiply(a.rate, Decimal(units))
        if isinstance(a, (M.Table, M.Linear)):
            if a.by == "age":
                x = facts["age"]
            else:
                assert a.tenure is not None
                days = int(facts["tenure_days"] if a.tenure.membership == "continuous"
                           else facts["cumulative_tenure_days"])
                x = tenure_years(days, ev, a.tenure.rounding)
            bd["table_value"] = str(x)
            if isinstance(a, M.Linear):
                raw = CONTEXT.add(a.base, CONTEXT.multiply(a.per_year, x))
                if a.ceiling is not None and raw > a.ceiling:
                    raw = a.ceiling
                return raw
            for iv, amt, text in bp.bands:
                if iv.contains(x):
                    bd["band"] = text
                    return amt
            if reasons is not None:
                reasons.append(("table", bp.benefit.clause, False, {"by": a.by, "value": str(x)},
                                _msg_table, (a.by, x)))
            return ZERO
        if isinstance(a, M.FractionOf):
            target = plan.benefits[a.benefit]
            inner: dict[str, Any] = {"caps": [], "offsets": []}
            base = self._base_amount(plan, target, state, st, claim, facts, inner, None, depth + 1)
            bd["of"] = {"benefit": a.benefit, "amount": money_str(base),
                        "fraction": f"{a.fraction.numerator}/{a.fraction.denominator}"}
            return apply_fraction(base, a.fraction)
        if isinstance(a, M.FunctionAmount):
            assert bp.function is not None
            out = bp.function(facts.snapshot() if isinstance(facts, Facts) else dict(facts), claim)
            if not isinstance(out, Decimal) or isinstance(out, bool):
                raise UsageError(f"function {a.name!r} returned {type(out).__name__}; it must return Decimal")
            bd["function"] = a.name
            return out
        raise UsageError(f"unknown amount rule {type(a).__name__}")

    def _amount(self, plan: Plan, bp: BenefitPlan, state: MemberState, st: StatusFacts, claim: Claim,
                facts: dict[str, Any], reasons: list[dict[str, Any]]) -> tuple[Decimal, dict[str, Any]]:
        b = bp.benefit
        ev = claim.event_date
        bd: dict[str, Any] = {"basis": b.amount.type, "caps": [], "offsets": []}
        raw = self._base_amount(plan, bp, state, st, claim, facts, bd, reasons)
        bd["raw_amount"] = money_str(raw) if raw == raw.quantize(CENT, context=CONTEXT) else str(raw)
        r = bp.rounding
        amount = round_money(raw, r.mode, r.unit)
        bd["rounding"] = {"mode": r.mode, "unit": money_str(r.unit)}
        for cap in b.caps:
            if cap.money is None:
                continue
            if cap.per in ("stay", "event"):
                used = ZERO
                window = None
            else:
                first, last_day = cap_window(cap.per, ev)
                used = sum((p.amount for p in state.paid(b.id, first, min(last_day, ev), claim.claim_id)), ZERO)
                window = None if cap.per == "lifetime" else [_d(first), last_day.isoformat()]
            remaining = max(cap.money - used, ZERO)
            before = amount
            amount = min(amount, remaining)
            bd["caps"].append({"per": cap.per, "measure": "money", "limit": money_str(cap.money), "window": window,
                               "used": money_str(used), "remaining": money_str(remaining),
                               "before": money_str(before), "after": money_str(amount), "clause": cap.clause})
        for off in b.offsets:
            paid = sum((p.amount for p in state.paid(off.benefit, None, ev, claim.claim_id)), ZERO)
            before = amount
            amount = max(amount - paid, ZERO)
            bd["offsets"].append({"benefit": off.benefit, "paid": money_str(paid), "before": money_str(before),
                                  "after": money_str(amount)})
        return amount, bd

class Facts(dict):
    """The facts of one claim, computed on first use (conditions name only the facts they need)."""

    def __init__(self, engine: "Engine", state: MemberState, claim: Claim, st: StatusFacts, bp: BenefitPlan):
        super().__init__()
        self._args = (engine, state, claim, st, bp)

    def __missing__(self, name: str) -> Any:
        engine, state, claim, st, bp = self._args
        ev = claim.event_date
        m = state.member
        if name == "age":
            v: Any = Decimal(age_on(m.birth_date, ev))
        elif name == "age_at_joining":
            v = Decimal(age_on(m.birth_date, st.spell.start if st.spell else ev))
        elif name == "sex":
            v = m.sex
        elif name == "status":
            v = st.status
        elif name == "arrears":
            v = Decimal(st.arrears)
        elif name == "missed_in_a_row":
            v = Decimal(st.missed_in_a_row)
        elif name == "tenure_days":
            v = Decimal(state.continuous_days(ev, st.spell))
        elif name == "tenure_years":
            v = tenure_years(int(self["tenure_days"]), ev, "completed_years")
        elif name == "cumulative_tenure_days":
            v = Decimal(state.cumulative_days(ev))
        elif name == "cumulative_tenure_years":
            v = tenure_years(int(self["cumulative_tenure_days"]), ev, "completed_years")
        elif name == "units":
            u = engine._units(bp, claim)
            v = Decimal(u if u is not None else 0)
        elif name == "children":
            v = Decimal(claim.children or 1)
        elif name == "event_month":
            v = Decimal(ev.month)
        elif name == "fiscal_year":
            v = Decimal(fiscal_year(ev))
        elif name == "paid_before":
            v = Decimal(len(state.paid(bp.id, None, ev, claim.claim_id)))
        else:
            raise KeyError(name)
        self[name] = v
        return v

    def snapshot(self) -> dict[str, Any]:
        from .conditions import FACTS
        return {k: self[k] for k in FACTS} | {k: v for k, v in self.items()}


def _input_fingerprint(state: MemberState, digest: str, claim: Claim) -> str:
    """sha256 over the member's history (hashed once per state), the digest of the payouts known before the
    claim (kept by the state) and the claim itself."""
    core = getattr(state, "_core_hash", None)
    if core is None:
        m = state.member
        data = m.model_dump(mode="json", exclude={"calendar", "payouts", "contributions"})
        data["contributions"] = [
            {"date": d, "amount": a, "covers": c} for d, c, a in
            sorted((x.date.isoformat(), x.covers, money_str(x.amount)) for x in m.contributions)]
        core = state._core_hash = sha256(data)  # type: ignore[attr-defined]
    c = {"claim_id": claim.claim_id, "member_id": claim.member_id, "benefit": claim.benefit,
         "event_date": claim.event_date.isoformat(), "end_date": _d(claim.end_date),
         "filed_on": _d(claim.filed_on), "units": claim.units, "children": claim.children,
         "details": {k: _jsonable(v) for k, v in claim.details.items()}}
    return sha256({"member": core, "payouts": digest, "claim": c})


def _jsonable(v: Any) -> Any:
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, date):
        return v.isoformat()
    return v


def evaluate(regulation: Regulation, member: Member, claim: Claim,
             functions: Mapping[str, AmountFunction] | None = None) -> Decision:
    """Decide one claim (convenience; build an :class:`Engine` to decide many)."""
    return Engine(regulation, functions).evaluate(member, claim)


def decision_json(decisions: Iterable[Decision]) -> bytes:
    return canonical_json([d.to_dict() for d in decisions])

