"""The amount constructs of language version 2, as :mod:`._amounts` applies them.

- ``billed``: the claim field's amount times ``percent``/100 (the field is a number of baht: not negative, at most
  two decimals);
- a linear amount's ``floor``: the amount is raised to the floor after the ceiling (floor <= ceiling is checked when
  the file is validated), and the working is written to the breakdown's ``linear``;
- caps ``each: person``: only the payouts for the same person (the claim's ``person.id``) count;
- ``shared_caps``: after the benefit's own caps, each shared cap naming the benefit pays what remains of its limit
  after every payout of its benefits in the window.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from . import model as M
from .compile import BenefitPlan, Plan
from .dates import cap_window
from .decision import iso_date
from .errors import InputError, make_problem
from .facts import MemberState
from .history import Claim
from .money import CONTEXT, ZERO, MoneyError, money_str, parse_money

HUNDRED = Decimal(100)


def claim_money(facts: Any, field: str) -> Decimal:
    """The number claim field ``field`` as baht (a bill, the levies collected): not negative, at most two decimals;
    else the claim is refused (``money-negative``, ``money-precision``) at ``details.FIELD``."""
    value = facts[field]
    try:
        parse_money(str(value))
    except MoneyError as e:
        raise InputError([make_problem(e.code, path=("details", field), value=str(value))]) from None
    return value


def billed_amount(a: M.Billed, bp: BenefitPlan, facts: Any, bd: dict[str, Any]) -> Decimal:
    bill = claim_money(facts, a.field)
    bd["billed"] = {"field": a.field, "billed": money_str(bill), "percent": str(a.percent)}
    return CONTEXT.divide(CONTEXT.multiply(bill, a.percent), HUNDRED)


def with_floor(a: M.Linear, value: Decimal, capped: Decimal, bd: dict[str, Any]) -> Decimal:
    """A linear amount (``value`` before, ``capped`` after the ceiling) raised to its floor."""
    assert a.floor is not None
    out = capped if capped >= a.floor else a.floor
    applied = "floor" if out != capped else ("ceiling" if capped != value else None)
    bd["linear"] = {"value": str(value), "floor": money_str(a.floor),
                    "ceiling": money_str(a.ceiling) if a.ceiling is not None else None, "applied": applied}
    return out


def person_of(claim: Claim) -> str | None:
    return claim.person.id if claim.person is not None else None


def paid_in(state: MemberState, benefit: str, first: Any, last: Any, claim: Claim, each: str | None) -> list[Any]:
    """The payouts of ``benefit`` in the window, without this claim's; with ``each: person``, only those for the
    person the claim names."""
    rows = state.paid(benefit, first, last, claim.claim_id)
    if each == "person":
        pid = person_of(claim)
        rows = [p for p in rows if getattr(p, "person", None) == pid]
    return rows


def apply_shared_caps(plan: Plan, bp: BenefitPlan, state: MemberState, claim: Claim, amount: Decimal,
                      bd: dict[str, Any]) -> Decimal:
    b = bp.benefit
    ev = claim.event_date
    for sc in plan.version.shared_caps:
        if b.id not in sc.benefits:
            continue
        first, last_day = cap_window(sc.per, ev)
        used = sum((p.amount for bid in sc.benefits for p in state.paid(bid, first, min(last_day, ev), claim.claim_id)),
                   ZERO)
        remaining = max(sc.money - used, ZERO)
        before = amount
        amount = min(amount, remaining)
        bd["caps"].append({"per": sc.per, "measure": "money", "limit": money_str(sc.money),
                           "window": None if sc.per == "lifetime" else [iso_date(first), last_day.isoformat()],
                           "used": money_str(used), "remaining": money_str(remaining), "before": money_str(before),
                           "after": money_str(amount), "clause": sc.clause, "shared": sc.id,
                           "benefits": list(sc.benefits)})
    return amount


__all__ = ["apply_shared_caps", "billed_amount", "paid_in", "person_of", "with_floor"]
