"""What a failed property raises, and the pieces every property shares: deciding a generated scenario, the paid
decisions, and the counterexample -- a ready-to-run case in the case format -- for the claim that broke it.

A scenario (:class:`swf_rules.committee.strategies.Scenario`) keeps the case-format recipes it was built from, so
a counterexample is the member's recipe, the payouts decided before the offending claim as ``history:``, that
claim's recipe and the expectation the invariant implies (``at_most`` where it bounds an amount).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ..core import model as M
from ..core.dates import cap_window
from ..core.errors import SwfError
from ..core import Engine
from ..core.money import ZERO, money_str
from ..core.validate import Regulation


class Violation(Exception):
    """An invariant failed on one generated example; carries the case(s) that show it."""

    def __init__(self, en: str, th: str, cases: list[dict[str, Any]], note: str | None = None):
        super().__init__(en)
        self.en, self.th, self.cases, self.note = en, th, cases, note


def counterexample_case(s: Any, claim_id: str, paid_before: list[Any], invariant: str,
                        expect: dict[str, Any]) -> dict[str, Any]:
    """A counterexample to ``invariant`` in the case format: the scenario's member, the payouts decided before as
    its history, the recipe of its claim ``claim_id`` and what the invariant expects of that claim."""
    history = []
    for d in paid_before:
        h: dict[str, Any] = {"id": d.claim_id, "benefit": d.benefit, "date": d.event_date.isoformat()}
        units = d.breakdown.get("units")
        if units is not None:
            h["units"] = units
        h["amount"] = d.amount
        if d.person is not None:  # v2: the person the payout was for (caps counted for each person)
            h["person"] = d.person["id"]
        history.append(h)
    out: dict[str, Any] = {"name": f"{invariant}: counterexample", "member": dict(s.member_recipe)}
    if history:
        out["history"] = history
    out["claim"] = dict(_recipe(s, claim_id))
    out["expect"] = expect
    return out


def _decide(reg: Regulation, s: Any) -> list[Any]:
    return Engine(reg).evaluate_batch([s.member], list(s.claims))


def decide_or_none(reg: Regulation, s: Any) -> list[Any] | None:
    """The scenario's claims decided together, or ``None`` when they cannot be (a typed error: totality's business)."""
    try:
        return _decide(reg, s)
    except SwfError:
        return None


def _recipe(s: Any, claim_id: str) -> dict[str, Any]:
    """The case-format recipe of one of the scenario's claims."""
    for c in s.claim_recipes:
        if c["id"] == claim_id:
            return c
    raise KeyError(claim_id)


def paid_decisions(ds: list[Any]) -> list[Any]:
    """The decisions that pay something, in decision order."""
    return [d for d in ds if d.eligible and d.amount > 0]


def decided_paid(reg: Regulation, s: Any) -> list[Any] | None:
    """The paid decisions of the scenario's claims decided together, or ``None`` when they cannot be decided."""
    ds = decide_or_none(reg, s)
    return None if ds is None else paid_decisions(ds)


def benefit_of(reg: Regulation, d: Any) -> M.Benefit:
    """The benefit a decision was made under (the version in force on its event date)."""
    b = reg.in_force(d.event_date).benefit(d.benefit)
    assert b is not None
    return b


def _in(d: Any, first: date | None, last: date | None) -> bool:
    return (first is None or d.event_date >= first) and (last is None or d.event_date <= last)


def _unit_money(d: Any, units: Decimal) -> Decimal:
    rate = d.breakdown.get("rate")
    return Decimal(rate) * units if rate is not None else d.amount


def over_window(s: Any, paid: list[Any], benefits: set[str], per: str, limit: Decimal, measure: str,
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
            prior = decided_before(paid, d)
            raise Violation(en, th, [counterexample_case(s, d.claim_id, prior, label[0], expect)])


def decided_before(paid: list[Any], d: Any) -> list[Any]:
    """The payouts decided before ``d`` (``paid`` is in decision order)."""
    for i, x in enumerate(paid):
        if x is d:
            return paid[:i]
    raise ValueError("decision not in the list")
