"""The properties checked for every regulation, declared or not.

``totality`` (every claim gets a decision or a typed swf-rules error), ``determinism`` (same inputs, same bytes;
claim order does not matter), ``caps`` (no money, unit or count cap of the regulation is exceeded over a sequence
of claims), ``waiting`` (nothing paid inside a waiting period) and ``membership`` (nothing paid after lapse,
resignation, expulsion or death unless the benefit's status list allows it; death benefits aside).  Each takes a
regulation and a generated scenario and raises :class:`~._violations.Violation` with a counterexample.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from ..core.dates import add_period
from ..core.errors import SwfError
from ..core import Engine
from ..core.money import money_str
from ..core.validate import Regulation
from ._membership_rules import member_status, spell_at, waiting_start
from ._violations import (Violation, benefit_of, counterexample_case, decide_or_none, decided_before, decided_paid,
                          over_window, paid_decisions)


def _totality(reg: Regulation, s: Any) -> None:
    claims = list(s.claims)
    for k in range(1, len(claims) + 1):
        try:
            Engine(reg).evaluate_batch([s.member], claims[:k])
        except SwfError:
            continue
        except Exception as exc:  # noqa: BLE001 - this is exactly what the property looks for
            c = claims[k - 1]
            try:
                prior = paid_decisions(Engine(reg).evaluate_batch([s.member], claims[:k - 1]))
            except Exception:  # noqa: BLE001
                prior = []
            raise Violation(f"claim {c.claim_id} raised {type(exc).__name__}: {exc} instead of a decision or a "
                            "swf-rules error",
                            f"คำขอ {c.claim_id} เกิด {type(exc).__name__}: {exc} แทนที่จะได้ผลตัดสินหรือข้อผิดพลาดที่ระบุชนิด",
                            [counterexample_case(s, c.claim_id, prior, "totality", {"eligible": False, "amount": 0})],
                            note="the engine raised an unexpected exception; any expectation fails the same way")


def _determinism(reg: Regulation, s: Any) -> None:
    a = decide_or_none(reg, s)
    if a is None:
        return
    b = Engine(reg).evaluate_batch([s.member], list(reversed(s.claims)))
    c = Engine(reg).evaluate_batch([s.member], list(s.claims))
    by_b = {d.claim_id: d.to_json() for d in b}
    by_c = {d.claim_id: d.to_json() for d in c}
    for d in a:
        if by_b.get(d.claim_id) != d.to_json() or by_c.get(d.claim_id) != d.to_json():
            prior = [x for x in paid_decisions(a) if a.index(x) < a.index(d)]
            raise Violation(f"claim {d.claim_id} was decided differently when decided again or in another order",
                            f"คำขอ {d.claim_id} ได้ผลต่างกันเมื่อตัดสินซ้ำหรือเรียงลำดับต่างกัน",
                            [counterexample_case(s, d.claim_id, prior, "determinism",
                                                 {"eligible": d.eligible, "amount": d.amount})],
                            note="a decision that changes between runs cannot be pinned by one case")


def _caps(reg: Regulation, s: Any) -> None:
    paid = decided_paid(reg, s)
    if paid is None:
        return
    seen: set[tuple[str, int]] = set()
    for d in paid:
        b = benefit_of(reg, d)
        for i, cap in enumerate(b.caps):
            if (b.id, i) in seen or cap.each is not None:  # a cap for each person: person_caps checks it (v2)
                continue
            seen.add((b.id, i))
            for measure in ("money", "units", "count"):
                limit = getattr(cap, measure)
                if limit is None:
                    continue
                over_window(s, paid, {b.id}, cap.per, Decimal(limit), measure, ("caps", "เพดาน"))


def _waiting(reg: Regulation, s: Any) -> None:
    paid = decided_paid(reg, s)
    if paid is None:
        return
    for d in paid:
        w = benefit_of(reg, d).eligibility.waiting
        if w is None:
            continue
        start = waiting_start(s.member, w.start, spell_at(s.member, d.event_date))
        served = add_period(start, days=w.days, months=w.months, years=w.years) if start else None
        if served is None or d.event_date < served:
            prior = decided_before(paid, d)
            raise Violation(
                f"{d.benefit} paid {money_str(d.amount)} on {d.event_date.isoformat()}, inside the waiting period "
                f"(served on {served.isoformat() if served else 'never'})",
                f"{d.benefit} จ่าย {money_str(d.amount)} วันที่ {d.event_date.isoformat()} ระหว่างระยะรอคอย "
                f"(ครบวันที่ {served.isoformat() if served else '-'})",
                [counterexample_case(s, d.claim_id, prior, "waiting", {"eligible": False, "amount": 0})])


def _membership(reg: Regulation, s: Any) -> None:
    paid = decided_paid(reg, s)
    if paid is None:
        return
    for d in paid:
        b = benefit_of(reg, d)
        if b.kind == "death":
            continue
        status = member_status(s.member, d.event_date, reg.in_force(d.event_date).membership)
        if status != "member" and status not in b.eligibility.status:
            prior = decided_before(paid, d)
            raise Violation(
                f"{d.benefit} paid {money_str(d.amount)} on {d.event_date.isoformat()} although the membership "
                f"was {status} (allowed: {', '.join(b.eligibility.status)})",
                f"{d.benefit} จ่าย {money_str(d.amount)} วันที่ {d.event_date.isoformat()} ทั้งที่สถานะสมาชิกเป็น "
                f"{status} (สถานะที่รับได้: {', '.join(b.eligibility.status)})",
                [counterexample_case(s, d.claim_id, prior, "membership", {"eligible": False, "amount": 0})])


PROPERTIES: dict[str, Callable[[Regulation, Any], None]] = {
    "totality": _totality, "determinism": _determinism, "caps": _caps, "waiting": _waiting,
    "membership": _membership}
BUILTIN = tuple(PROPERTIES)
