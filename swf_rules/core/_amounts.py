"""The amount of one claim: the benefit's amount rule, the declared rounding, then money caps pay the remainder,
then offsets deduct what another benefit already paid.

Decimal under the one money context throughout.  The working is written into the decision's ``breakdown`` (rate,
units, band, rounding, every cap with its window, what was used and what remained, every offset), in the order
it was applied.  Unit caps reduce the units a rate is paid for; money caps reduce the amount, to zero at most.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from . import model as M
from ._amounts_v2 import apply_shared_caps, billed_amount, paid_in, person_of, with_floor
from ._claim_facts import Facts, claim_units
from ._messages import msg_table
from .compile import BenefitPlan, Plan
from .dates import cap_window
from .decision import iso_date
from .errors import InputError, UsageError, make_problem
from .facts import MemberState, tenure_years
from .history import Claim
from .money import CENT, CONTEXT, ZERO, apply_fraction, money_str, round_money
from .refunds import levies_base, refund_base


def base_amount(plan: Plan, bp: BenefitPlan, state: MemberState, claim: Claim, facts: dict[str, Any],
                bd: dict[str, Any], reasons: list[tuple] | None) -> Decimal:
    """The amount the benefit's rule gives before rounding, caps and offsets (a table value in no band adds a
    failing ``table`` check to ``reasons`` and gives zero)."""
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
        units = claim_units(bp, claim)
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
                used = sum(p.units or 0 for p in paid_in(state, bp.id, first, min(last_day, ev), claim, cap.each))
            remaining = max(cap.units - used, 0)
            before = units
            units = min(units, remaining)
            bd["caps"].append({"per": cap.per, "measure": "units", "limit": str(cap.units),
                               "window": None if first is None and cap.per in ("stay", "event", "lifetime")
                               else [iso_date(first), iso_date(last_day)],
                               "used": str(used), "remaining": str(remaining), "before": str(before),
                               "after": str(units), "clause": cap.clause} | _each(cap, claim))
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
            raw = value = CONTEXT.add(a.base, CONTEXT.multiply(a.per_year, x))
            if a.ceiling is not None and raw > a.ceiling:
                raw = a.ceiling
            return raw if a.floor is None else with_floor(a, value, raw, bd)
        for iv, amt, text in bp.bands:
            if iv.contains(x):
                bd["band"] = text
                return amt
        if reasons is not None:
            reasons.append(("table", bp.benefit.clause, False, {"by": a.by, "value": str(x)},
                            msg_table, (a.by, x)))
        return ZERO
    if isinstance(a, M.FractionOf):
        target = plan.benefits[a.benefit]
        inner: dict[str, Any] = {"caps": [], "offsets": []}
        base = base_amount(plan, target, state, claim, facts, inner, None)
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
    if isinstance(a, M.Billed):
        return billed_amount(a, bp, facts, bd)
    if isinstance(a, (M.V2.Refund, M.V2.LeviesCollected)):  # never more than was paid, or collected
        raw, bd["_at_most"] = refund_base(bp, state, claim, bd) if isinstance(a, M.V2.Refund) \
            else levies_base(bp, facts, bd)
        return raw
    raise UsageError(f"unknown amount rule {type(a).__name__}")


def payable(plan: Plan, bp: BenefitPlan, state: MemberState, claim: Claim, facts: dict[str, Any],
            reasons: list[tuple]) -> tuple[Decimal, dict[str, Any]]:
    """The amount payable were the claim eligible, and the breakdown that shows how it was reached."""
    b = bp.benefit
    ev = claim.event_date
    bd: dict[str, Any] = {"basis": b.amount.type, "caps": [], "offsets": []}
    raw = base_amount(plan, bp, state, claim, facts, bd, reasons)
    bd["raw_amount"] = money_str(raw) if raw == raw.quantize(CENT, context=CONTEXT) else str(raw)
    r = bp.rounding
    amount = round_money(raw, r.mode, r.unit)
    at_most = bd.pop("_at_most", None)
    if at_most is not None and amount > at_most:
        amount = at_most
    bd["rounding"] = {"mode": r.mode, "unit": money_str(r.unit)}
    for cap in b.caps:
        if cap.money is None:
            continue
        if cap.per in ("stay", "event"):
            used = ZERO
            window = None
        else:
            first, last_day = cap_window(cap.per, ev)
            rows = state.paid(b.id, first, min(last_day, ev), claim.claim_id) if cap.each is None \
                else paid_in(state, b.id, first, min(last_day, ev), claim, cap.each)
            used = sum((p.amount for p in rows), ZERO)
            window = None if cap.per == "lifetime" else [iso_date(first), last_day.isoformat()]
        remaining = max(cap.money - used, ZERO)
        before = amount
        amount = min(amount, remaining)
        bd["caps"].append({"per": cap.per, "measure": "money", "limit": money_str(cap.money), "window": window,
                           "used": money_str(used), "remaining": money_str(remaining),
                           "before": money_str(before), "after": money_str(amount), "clause": cap.clause,
                           **_each(cap, claim)})
    if plan.version.shared_caps:
        amount = apply_shared_caps(plan, bp, state, claim, amount, bd)
    for off in b.offsets:
        paid = sum((p.amount for p in state.paid(off.benefit, None, ev, claim.claim_id)), ZERO)
        before = amount
        amount = max(amount - paid, ZERO)
        bd["offsets"].append({"benefit": off.benefit, "paid": money_str(paid), "before": money_str(before),
                              "after": money_str(amount)})
    return amount, bd


_NOTHING: dict[str, Any] = {}


def _each(cap: M.Cap, claim: Claim) -> dict[str, Any]:
    """A cap counted for each person names the person in the breakdown (nothing for other caps)."""
    return {"person": person_of(claim)} if cap.each == "person" else _NOTHING
