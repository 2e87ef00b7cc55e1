"""Lint: what is suspicious in a regulation that is valid.

Validation (:mod:`swf_rules.core.validate`) refuses what cannot be meant; lint points at what is probably not meant.
Every finding is a :class:`~swf_rules.core.errors.Problem` with severity ``warning``, a stable ``lint-*`` code, the
clause, and file:line:col from the loaded document:

- ``lint-unreachable-benefit``: no member can ever receive the benefit (impossible age window, a birth benefit
  for men only, an empty status list, an amount that is always zero).
- ``lint-status-excludes-active``: a benefit other than death (or a refund) that active members cannot receive.
- ``lint-condition-always-true`` / ``lint-condition-always-false``: found by constant folding (a condition that
  reads no fact) and by evaluating the condition over a grid of fact values (the bounds of each fact, the
  benefit's own restrictions on age, sex and status, the values a claim field allows plus one it does not, and
  every literal in the condition with its neighbours).  A grid is not a proof, so the message says "for every
  value tried".  A condition that restates a claim field's ``one_of`` (``level in ["p6", "m3"]``, the clause's
  own list, which the decision then cites) is not reported: it is true for the values allowed and false for
  others.
- ``lint-same-event-undeclared``: two benefits of the same kind can pay for one event and neither says whether
  they stack (``same_event: stacks_with``) or exclude each other (``same_event: excludes``).
- ``lint-cap-below-payment``: a money cap smaller than one payment of the benefit (the rate case is already a
  validation error).
- ``lint-waiting-unservable``: whatever a member pays (every instalment, or the first *k* and then nothing), on
  the day the waiting period is served their membership status is one the benefit does not accept -- the
  membership's lapse or suspension rule comes first.
- ``lint-table-not-monotone``: a table by tenure (any benefit) or by age (elderly) whose amount goes down, with no
  ``monotone:`` declared.
- ``lint-note-untranslated``, ``lint-condition-undescribed``, ``lint-claim-field-undescribed``: words the members'
  Thai documents would print as written (:mod:`._lint_thai`).
"""

from __future__ import annotations

import itertools
import random
from datetime import date
from decimal import Decimal
from pathlib import Path as FsPath
from typing import Any, Iterator

from ..core import model as M
from ..core.bands import parse_interval
from ..core.conditions import BOOL, TEXT, Binary, ListLit, Lit, Node, Unary, compile_condition, fact_types, parse
from ..core.dates import add_period
from ..core.errors import Path, Problem, SwfError, rank
from ..core.facts import MemberState
from ..core.history import parse_member
from ..core.load import Document, load_yaml_file
from ..core.money import ZERO, money_str
from ..core.schedules import bounds, deadline, index_of, schedules_of
from ..testing import instalments
from ..core.validate import Regulation, validate_document
from ._lint_thai import lint_thai
from ._lint_v2 import lint_v2

MAX_GRID = 20000
STATUSES = ("active", "suspended", "lapsed", "resigned", "expelled", "dead", "not_member")

# numeric facts: (lowest, highest or None, whole numbers only)
_NUM_DOMAIN: dict[str, tuple[Decimal, Decimal | None, bool]] = {
    "age": (ZERO, Decimal(120), True), "age_at_joining": (ZERO, Decimal(120), True),
    "arrears": (ZERO, None, True), "missed_in_a_row": (ZERO, None, True), "tenure_days": (ZERO, None, True),
    "tenure_years": (ZERO, Decimal(120), True), "cumulative_tenure_days": (ZERO, None, True),
    "cumulative_tenure_years": (ZERO, Decimal(120), True), "units": (ZERO, None, True),
    "children": (Decimal(1), Decimal(10), True), "event_month": (Decimal(1), Decimal(12), True),
    "fiscal_year": (Decimal(2400), Decimal(2700), True), "paid_before": (ZERO, None, True),
}
_TYPICAL = [Decimal(x) for x in (0, 1, 2, 3, 5, 10, 18, 20, 30, 60, 65, 70, 80, 100, 365, 1000, 2567)]


def lint_document(doc: Document, regulation: Regulation) -> list[Problem]:
    out: list[Problem] = []
    for vi, v in enumerate(regulation.file.versions):
        base: Path = ("versions", vi)
        for bi, b in enumerate(v.benefits):
            p = regulation.benefit_path(v, bi)  # an amendment's benefits where they are written (same problems: once)
            out.extend(_unreachable(doc, p, b, v))
            out.extend(_conditions(doc, p, b, v))
            out.extend(_caps(doc, p, b))
            out.extend(_waiting(doc, p, b, v))
            out.extend(_monotone(doc, p, b))
        out.extend(_same_event(doc, base, v, regulation))
        out.extend(lint_v2(doc, regulation, v))  # the constructs of swf-rules/2
    out.extend(lint_thai(doc))
    return rank(out)


def lint_file(path: str | FsPath) -> list[Problem]:
    """Load and validate (raising :class:`~swf_rules.core.errors.RegulationError` if invalid), then lint."""
    doc = load_yaml_file(path)
    return lint_document(doc, validate_document(doc))


# ------------------------------------------------------------------------------------------ unreachable benefits
def _amount_always_zero(a: Any) -> bool:
    if isinstance(a, (M.Flat, M.PerChild, M.Allowance)):
        return a.amount == 0
    if isinstance(a, M.Rate):
        return a.rate == 0
    if isinstance(a, M.Table):
        return all(x.amount == 0 for x in a.bands)
    if isinstance(a, M.Linear):
        return a.base == 0 and a.per_year == 0
    if isinstance(a, M.FractionOf):
        return a.fraction == 0
    return False


def _unreachable(doc: Document, p: Path, b: M.Benefit, v: M.Version) -> Iterator[Problem]:
    el = b.eligibility
    reasons: list[tuple[Path, str, str]] = []
    if b.kind == "birth" and el.sex == "male":
        reasons.append((p + ("eligibility", "sex"), "it is a birth benefit for male members only",
                        "เป็นสวัสดิการคลอดบุตรที่ให้เฉพาะสมาชิกชาย"))
    if not el.status:
        reasons.append((p + ("eligibility", "status"), "its status list is empty", "ไม่มีสถานะสมาชิกใดที่รับได้"))
    ja = v.membership.joining_age
    if el.age is not None:
        a = el.age
        if a.min is not None and a.min > 120:
            reasons.append((p + ("eligibility", "age", "min"), f"nobody is {a.min} or older",
                            f"ไม่มีใครอายุ {a.min} ปีขึ้นไป"))
        if ja is not None:
            if a.at == "event" and a.max is not None and ja.min is not None and a.max < ja.min:
                reasons.append((p + ("eligibility", "age", "max"),
                                f"members join at {ja.min} or older, so nobody is {a.max} or younger at the event",
                                f"สมาชิกเข้าได้เมื่ออายุ {ja.min} ปีขึ้นไป จึงไม่มีใครอายุไม่เกิน {a.max} ปี ณ วันที่เกิดเหตุ"))
            if a.at == "joining":
                lo = max(a.min or 0, ja.min or 0)
                hi = min(x for x in (a.max, ja.max, 1000) if x is not None)
                if lo > hi:
                    reasons.append((p + ("eligibility", "age"),
                                    f"the age at joining it needs ({a.min}-{a.max}) is outside the joining age "
                                    f"({ja.min}-{ja.max})",
                                    f"อายุเมื่อเข้าเป็นสมาชิกที่กำหนด ({a.min}-{a.max}) อยู่นอกเกณฑ์อายุรับสมาชิก "
                                    f"({ja.min}-{ja.max})"))
    if _amount_always_zero(b.amount):
        reasons.append((p + ("amount",), "its amount is always zero", "จำนวนเงินเป็นศูนย์เสมอ"))
    for path, en, th in reasons:
        yield doc.problem("lint-unreachable-benefit", path, clause=b.clause, benefit=b.id, detail=en, detail_th=th,
                          hint=("correct the rule or remove the benefit", "แก้เงื่อนไขหรือยกเลิกสวัสดิการนี้"))
    if el.status and "active" not in el.status and b.kind != "death" and not isinstance(b.amount, M.V2.Refund):
        yield doc.problem("lint-status-excludes-active", p + ("eligibility", "status"), clause=b.clause,
                          benefit=b.id, value=", ".join(el.status),
                          hint=("add active to the status list unless the benefit is really only for former members",
                                "เพิ่ม active ในรายการสถานะ เว้นแต่สวัสดิการนี้มีไว้สำหรับผู้พ้นสภาพเท่านั้น"))


# ------------------------------------------------------------------------------------------ constant conditions
def _literals(node: Node) -> list[Any]:
    if isinstance(node, Lit):
        return [node.value]
    if isinstance(node, Unary):
        vals = _literals(node.arg)
        return vals + [-x for x in vals if isinstance(x, Decimal)] if node.op == "-" else vals
    if isinstance(node, Binary):
        return _literals(node.left) + _literals(node.right)
    if isinstance(node, ListLit):
        return [x for i in node.items for x in _literals(i)]
    return []


def _samples(name: str, typ: str, b: M.Benefit, v: M.Version, literals: list[Any]) -> list[Any]:
    el = b.eligibility
    if typ == BOOL:
        return [False, True]
    if typ == TEXT:
        field = b.claim_fields.get(name)
        if name == "sex":
            return [el.sex] if el.sex else ["female", "male"]
        if name == "status":
            return list(el.status)
        if field is not None and field.one_of:
            # a value outside one_of too: a condition that only restates one_of (the clause's own list, cited in
            # the decision) is not "always true"; one true even for other values is
            return list(field.one_of) + ["\u0000other"]
        texts = sorted({x for x in literals if isinstance(x, str)})
        return texts + ["\u0000other"]
    lo, hi, whole = _NUM_DOMAIN.get(name, (None, None, False))  # type: ignore[assignment]
    if name == "age" and el.age is not None and el.age.at == "event":
        lo = max(lo, Decimal(el.age.min)) if el.age.min is not None else lo
        hi = min(hi, Decimal(el.age.max)) if el.age.max is not None and hi is not None else hi
    if name == "age_at_joining":
        for rng in (el.age if el.age is not None and el.age.at == "joining" else None, v.membership.joining_age):
            if rng is not None:
                lo = max(lo, Decimal(rng.min)) if rng.min is not None else lo
                hi = min(hi, Decimal(rng.max)) if rng.max is not None and hi is not None else hi
    if name == "arrears" and el.max_arrears is not None:
        hi = Decimal(el.max_arrears)
    if name in ("tenure_years",) and el.tenure is not None and el.tenure.membership == "continuous":
        lo = max(lo, Decimal(el.tenure.min_years))
    cands = set(_TYPICAL)
    nums = [x for x in literals if isinstance(x, Decimal)]
    for x in nums:
        for d in (Decimal("-1"), Decimal("-0.01"), ZERO, Decimal("0.01"), Decimal(1)):
            cands.add(x + d)
    if lo is not None:
        cands.update({lo, lo + 1})
    else:
        cands.update({Decimal(-1), Decimal("-0.01")})
    if hi is not None:
        cands.update({hi, hi - 1})
    out = []
    for x in sorted(cands):
        if lo is not None and x < lo:
            continue
        if hi is not None and x > hi:
            continue
        if whole and x != x.to_integral_value():
            continue
        out.append(x)
    return out


def _evaluate_grid(src: str, b: M.Benefit, v: M.Version) -> tuple[set[bool], list[str]]:
    types = fact_types({k: f.type for k, f in b.claim_fields.items()})
    cond = compile_condition(src, types)
    names = sorted(cond.names)
    literals = _literals(parse(src))
    grids = [_samples(n, types[n], b, v, literals) for n in names]
    if any(not g for g in grids):
        return set(), names
    seen: set[bool] = set()
    total = 1
    for g in grids:
        total *= len(g)
    if total <= MAX_GRID:
        combos: Any = itertools.product(*grids)
    else:
        rnd = random.Random(src)  # seeded by the condition text: same finding every run
        combos = (tuple(rnd.choice(g) for g in grids) for _ in range(MAX_GRID))
    for combo in combos:
        seen.add(cond(dict(zip(names, combo))))
        if len(seen) == 2:
            break
    return seen, names


def _conditions(doc: Document, p: Path, b: M.Benefit, v: M.Version) -> Iterator[Problem]:
    for ci, c in enumerate(b.eligibility.conditions):
        try:
            seen, names = _evaluate_grid(c.when, b, v)
        except (SwfError, ValueError, ArithmeticError):
            continue
        if len(seen) != 1:
            continue
        value = seen.pop()
        if names:
            why_en = "for every value tried of " + ", ".join(names)
            why_th = "สำหรับทุกค่าที่ลองของ " + ", ".join(names)
            restricted = [n for n in names if n in b.claim_fields and b.claim_fields[n].one_of]
            if restricted:
                why_en += f" (the claim field{'s' if len(restricted) > 1 else ''} {', '.join(restricted)} " \
                          f"only allow{'' if len(restricted) > 1 else 's'} the values listed in one_of)"
                why_th += f" (ข้อมูล {', '.join(restricted)} รับได้เฉพาะค่าใน one_of)"
        else:
            why_en, why_th = "it reads no fact", "ไม่ได้อ่านข้อเท็จจริงใดเลย"
        if not value:
            why_en += f"; benefit '{b.id}' can never be paid"
            why_th += f" สวัสดิการ '{b.id}' จึงไม่มีทางจ่ายได้"
        yield doc.problem("lint-condition-always-true" if value else "lint-condition-always-false",
                          p + ("eligibility", "conditions", ci, "when"), clause=c.clause or b.clause, value=c.when,
                          detail=why_en, detail_th=why_th,
                          hint=("remove the condition or correct it", "ลบเงื่อนไขนี้หรือแก้ไขให้ถูกต้อง"))


# ------------------------------------------------------------------------------------------ same event
def _disjoint(a: M.Benefit, b: M.Benefit) -> bool:
    ea, eb = a.eligibility, b.eligibility
    if ea.sex and eb.sex and ea.sex != eb.sex:
        return True
    if ea.age and eb.age and ea.age.at == eb.age.at:
        lo = max(ea.age.min or 0, eb.age.min or 0)
        hi = min(x for x in (ea.age.max, eb.age.max, 1000) if x is not None)
        if lo > hi:
            return True
    if ea.status and eb.status and not set(ea.status) & set(eb.status):
        return True
    return False


def _same_event(doc: Document, base: Path, v: M.Version, regulation: Regulation) -> Iterator[Problem]:
    bs = list(enumerate(v.benefits))
    for (ia, a), (ib, b) in itertools.combinations(bs, 2):
        if a.kind != b.kind or _disjoint(a, b):
            continue
        declared = b.id in a.same_event.stacks_with or b.id in a.same_event.excludes or \
            a.id in b.same_event.stacks_with or a.id in b.same_event.excludes
        if declared:
            continue
        yield doc.problem("lint-same-event-undeclared", regulation.benefit_path(v, ib) + ("kind",), clause=b.clause,
                          first=a.id, second=b.id, kind=b.kind, value=b.id,
                          hint=(f"add same_event: {{stacks_with: [{a.id}]}} or same_event: {{excludes: [{a.id}]}} "
                                f"to '{b.id}'",
                                f"เพิ่ม same_event: {{stacks_with: [{a.id}]}} หรือ same_event: {{excludes: [{a.id}]}} "
                                f"ใน '{b.id}'"))


# ------------------------------------------------------------------------------------------ caps
def _one_payment(a: Any) -> Decimal | None:
    if isinstance(a, (M.Flat, M.PerChild, M.Allowance)):
        return a.amount
    if isinstance(a, M.Table):
        positive = [x.amount for x in a.bands if x.amount > 0]
        return min(positive) if positive else None
    if isinstance(a, M.Linear):
        return a.base if a.base > 0 else (a.per_year if a.per_year > 0 else None)
    return None


def _caps(doc: Document, p: Path, b: M.Benefit) -> Iterator[Problem]:
    one = _one_payment(b.amount)
    if one is None:
        return
    for ci, cap in enumerate(b.caps):
        if cap.money is None or cap.money == 0 or cap.money >= one:
            continue
        smallest = "the smallest payment" if isinstance(b.amount, (M.Table, M.Linear)) else "one payment"
        yield doc.problem("lint-cap-below-payment", p + ("caps", ci, "money"), clause=cap.clause or b.clause,
                          per=cap.per, cap=money_str(cap.money), amount=money_str(one), value=money_str(cap.money),
                          hint=(f"raise the cap to at least {money_str(one)} ({smallest}) or lower the amount",
                                f"เพิ่มเพดานเป็นอย่างน้อย {money_str(one)} หรือลดจำนวนเงิน"))


# ------------------------------------------------------------------------------------------ waiting vs lapse
def _period_keys(v: M.Version, joined: date, day: date) -> list[str]:
    """Keys of the instalment periods whose deadline falls before ``day`` (the ones that can be in arrears)."""
    sched = schedules_of(v.membership)[0]
    out = []
    for i in range(index_of(sched.period, joined), index_of(sched.period, day) + 1):
        _, end, key = bounds(sched.period, i)
        if deadline(sched, end) < day:
            out.append(key)
    return out


def _status_with(v: M.Version, joined: date, day: date, missed: set[str]) -> str:
    ms = v.membership
    rows = instalments(joined, day, ms.contribution.amount, ms.contribution.period, missed)
    member = parse_member({"member_id": "lint", "birth_date": "1900-01-01", "sex": "female",
                           "spells": [{"start": joined.isoformat(), "end": None, "end_reason": None}],
                           "contributions": rows, "died_on": None, "payouts": []})
    return MemberState(member, ms).status_at(day).status


def _patterns(keys: list[str]) -> Iterator[set[str]]:
    """Payment patterns: pay everything; stop after k instalments; miss the last m in a row; miss m spread out
    (every other instalment, counting back from the last one due)."""
    n = len(keys)
    yield set()
    for k in range(n):
        yield set(keys[k:])
    for m in range(1, n + 1):
        yield set(keys[n - m:])
    for m in range(1, (n + 1) // 2 + 1):
        yield {keys[n - 1 - 2 * i] for i in range(m)}


def _waiting(doc: Document, p: Path, b: M.Benefit, v: M.Version) -> Iterator[Problem]:
    w = b.eligibility.waiting
    if w is None or not b.eligibility.status:
        return
    joined = v.effective
    served = add_period(joined, days=w.days, months=w.months, years=w.years)
    if (served - joined).days > 120 * 366:
        return  # validation already reports a waiting period longer than a lifetime
    allowed = set(b.eligibility.status)
    keys = _period_keys(v, joined, served)[-240:]
    seen: list[str] = []
    for missed in _patterns(keys):
        status = _status_with(v, joined, served, missed)
        if status in allowed:
            return
        if status not in seen:
            seen.append(status)
    days = (served - joined).days
    yield doc.problem("lint-waiting-unservable", p + ("eligibility", "waiting"), clause=b.clause,
                      value=_period_text(w),
                      detail=f"on day {days} a member is {' or '.join(seen)} whatever they pay, and the benefit "
                             f"accepts only {', '.join(b.eligibility.status)}",
                      detail_th=f"เมื่อครบ {days} วัน สมาชิกมีสถานะ {' หรือ '.join(seen)} ไม่ว่าจะส่งเงินอย่างไร "
                                f"แต่สวัสดิการรับเฉพาะ {', '.join(b.eligibility.status)}",
                      hint=("shorten the waiting period or accept the status the member has by then",
                            "ลดระยะรอคอย หรือยอมรับสถานะที่สมาชิกจะมีในเวลานั้น"))


def _period_text(w: Any) -> str:
    parts = [f"{n} {u}" for n, u in ((w.years, "years"), (w.months, "months"), (w.days, "days")) if n]
    return " ".join(parts) or "0 days"


# ------------------------------------------------------------------------------------------ monotone tables
def _monotone(doc: Document, p: Path, b: M.Benefit) -> Iterator[Problem]:
    a = b.amount
    if not isinstance(a, M.Table) or a.monotone != "none":
        return
    if p + ("amount", "monotone") in doc.keys:
        return  # the committee wrote monotone: none on purpose
    if not (a.by == "tenure" or (a.by == "age" and b.kind == "elderly")):
        return
    try:
        order = sorted(range(len(a.bands)), key=lambda i: (parse_interval(a.bands[i].range).low,
                                                           not parse_interval(a.bands[i].range).low_inclusive))
    except ValueError:
        return
    for i, j in zip(order, order[1:]):
        if a.bands[j].amount < a.bands[i].amount:
            yield doc.problem("lint-table-not-monotone", p + ("amount", "bands", j, "amount"), clause=b.clause,
                              by=a.by, by_th="อายุสมาชิก" if a.by == "tenure" else "อายุ", kind=b.kind,
                              band=a.bands[j].range, before=money_str(a.bands[i].amount),
                              after=money_str(a.bands[j].amount), value=money_str(a.bands[j].amount),
                              hint=("check the amount, or declare monotone: none if it is meant to go down",
                                    "ตรวจจำนวนเงิน หรือประกาศ monotone: none หากตั้งใจให้ลดลง"))
            return


# ------------------------------------------------------------------------------------------ report
def render(findings: list[Problem], lang: str = "en", files: int = 1) -> str:
    lines = [p.render(lang) for p in findings]
    n = len(findings)
    if lang == "th":
        lines.append(f"พบข้อสังเกต {n} รายการ ใน {files} ไฟล์" if n else f"ไม่พบข้อสังเกต ({files} ไฟล์)")
    else:
        lines.append(f"{n} finding{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''}" if n else
                     f"no findings in {files} file{'s' if files != 1 else ''}")
    return "\n".join(lines) + "\n"


__all__ = ["lint_document", "lint_file", "render"]
