"""What each declared invariant (:mod:`._invariant_format`) means as a property of a generated example.

``max_per_window``, ``max_per_event``, ``max_per_claim`` and ``no_payment_within`` are checked on a scenario
(a member and a sequence of claims decided together); ``monotone`` on a pair of cases for two members alike but
for tenure or age, each decided alone.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable

from ..core.dates import add_period
from ..core.errors import SwfError
from ..core import Engine
from ..core.money import money_str
from ..core.validate import Regulation
from ._case_build import build_claim, build_member
from ._invariant_format import MaxPerClaim, MaxPerEvent, MaxPerWindow, Monotone, NoPaymentWithin
from ._membership_rules import spell_at, waiting_start
from ._violations import (Violation, counterexample_case, decide_or_none, decided_before, decided_paid, over_window,
                          paid_decisions)


def declared_property(inv: Any) -> Callable[[Regulation, Any], None]:
    """The property a declared invariant states: a function of the regulation and one generated example (a
    scenario, or for ``monotone`` a pair of cases) that raises :class:`Violation` when the example breaks it."""
    if isinstance(inv, MaxPerWindow):
        def prop(reg: Regulation, s: Any) -> None:
            paid = decided_paid(reg, s)
            if paid is not None:
                over_window(s, paid, set(inv.benefits), inv.per, inv.money, "money", (inv.name, inv.name))
        return prop
    if isinstance(inv, MaxPerEvent):
        def prop(reg: Regulation, s: Any) -> None:
            ds = decide_or_none(reg, s)
            if ds is not None:
                benefits = set(inv.benefits) if inv.benefits else {d.benefit for d in ds}
                over_window(s, paid_decisions(ds), benefits, "event", inv.money, "money", (inv.name, inv.name))
        return prop
    if isinstance(inv, MaxPerClaim):
        def prop(reg: Regulation, s: Any) -> None:
            paid = decided_paid(reg, s)
            if paid is None:
                return
            for d in paid:
                if (not inv.benefits or d.benefit in inv.benefits) and d.amount > inv.money:
                    prior = decided_before(paid, d)
                    raise Violation(
                        f"{d.benefit} paid {money_str(d.amount)} on one claim ({d.claim_id}), over "
                        f"{money_str(inv.money)}",
                        f"{d.benefit} จ่าย {money_str(d.amount)} ในคำขอเดียว ({d.claim_id}) เกิน {money_str(inv.money)}",
                        [counterexample_case(s, d.claim_id, prior, inv.name, {"at_most": inv.money})])
        return prop
    if isinstance(inv, NoPaymentWithin):
        def prop(reg: Regulation, s: Any) -> None:
            paid = decided_paid(reg, s)
            if paid is None:
                return
            for d in paid:
                if inv.benefits and d.benefit not in inv.benefits:
                    continue
                sp = spell_at(s.member, d.event_date)
                start = waiting_start(s.member, inv.start, sp)
                if start is None:
                    continue
                until = add_period(start, days=inv.days, months=inv.months, years=inv.years)
                if d.event_date < until:
                    prior = decided_before(paid, d)
                    raise Violation(
                        f"{d.benefit} paid {money_str(d.amount)} on {d.event_date.isoformat()}, before "
                        f"{until.isoformat()} ({inv.start.replace('_', ' ')} {start.isoformat()})",
                        f"{d.benefit} จ่าย {money_str(d.amount)} วันที่ {d.event_date.isoformat()} ก่อนวันที่ "
                        f"{until.isoformat()} (เริ่มนับ {start.isoformat()})",
                        [counterexample_case(s, d.claim_id, prior, inv.name, {"eligible": False, "amount": 0})])
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
    """One case (member and claim recipes) decided alone; ``None`` when it cannot be decided."""
    try:
        m = build_member(reg, case["member"], until=date.fromisoformat(case["claim"]["date"]))
        c = build_claim(m.member_id, case["claim"])
        return Engine(reg).evaluate(m, c)
    except SwfError:
        return None
