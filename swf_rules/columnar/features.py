"""Which features of a regulation the columnar engine vectorises, declared field by field.

The regulation language grows.  Rather than guess what a new field means, the columnar engine lists every field of
the language it knows, with the values it computes column-wise (:data:`VECTORISED`); a claim whose version or
benefit uses anything else -- a field not listed, a value not listed, an amount rule or a compiled-plan field the
engine does not know -- is decided by the per-claim reference engine inside the columnar run, exactly, and counted
in the run's statistics (``reference_claims``).  Asking for more to be vectorised is adding it here and in
``_benefit.py``, with the differential test (``tests/test_columnar_equal.py``) holding the two engines equal.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from pydantic import BaseModel

from ..core import model as M
from ..core.compile import BenefitPlan, Plan

ANY = object()  # every value of the field
NOT_SET = object()  # only the field's default
WORDS = object()  # every value: words for people (the printed document), which no decision reads (not searched)
# model -> field -> the values vectorised (ANY, NOT_SET, WORDS, or a set of allowed values)
VECTORISED: dict[type, dict[str, Any]] = {
    M.Version: {"version": ANY, "title": ANY, "effective": ANY, "until": ANY, "adopted": ANY, "source": ANY,
                "rounding": ANY, "membership": ANY, "benefits": ANY, "illustrative": ANY, "document": WORDS,
                # swf-rules/2 benefit groups: validation gives each benefit of a group the group's waiting period
                # (with the group's clause), which is what the engine reads
                "groups": ANY},
    M.Membership: {"clause": ANY, "contribution": ANY, "entry_fee": ANY, "starts": ANY, "grace_days": ANY,
                   "suspend_after": ANY, "lapse_after": ANY, "refund_on_resignation": ANY, "joining_age": ANY,
                   "illustrative": ANY},
    M.Contribution: {"amount": ANY, "period": {"month", "year"}},
    M.LapseRule: {"consecutive": ANY, "total": ANY, "illustrative": ANY},
    M.Rounding: {"mode": {"half_up", "half_even", "down", "up"}, "unit": ANY},
    M.Benefit: {"id": ANY, "kind": ANY, "title": ANY, "clause": ANY, "illustrative": ANY, "claim_fields": ANY,
                "eligibility": ANY, "amount": ANY, "caps": ANY, "rounding": ANY, "deadline": ANY,
                "same_event": ANY, "offsets": ANY, "group": ANY},
    M.Eligibility: {"waiting": ANY, "tenure": ANY, "age": ANY, "sex": ANY, "status": ANY, "max_arrears": ANY,
                    "conditions": ANY},
    M.Waiting: {"days": ANY, "months": ANY, "years": ANY,
                "start": {"membership_start", "first_membership", "first_contribution"}, "illustrative": ANY,
                "clause": ANY, "paused_by_arrears": {False}},
    M.TenureRule: {"min_years": ANY, "rounding": {"completed_years", "over_6_months"},
                   "membership": {"continuous", "cumulative"}, "illustrative": ANY},
    M.TenureBasis: {"rounding": {"completed_years", "over_6_months"}, "membership": {"continuous", "cumulative"}},
    M.AgeRange: {"min": ANY, "max": ANY, "at": {"event", "joining"}, "illustrative": ANY},
    M.Condition: {"when": ANY, "description": ANY, "clause": ANY, "illustrative": ANY},
    M.Flat: {"type": ANY, "amount": ANY},
    M.PerChild: {"type": ANY, "amount": ANY},
    M.Rate: {"type": ANY, "rate": ANY, "unit": {"night", "day", "visit", "month"}},
    M.Table: {"type": ANY, "by": {"tenure", "age"}, "tenure": ANY, "monotone": ANY, "bands": ANY},
    M.Band: {"range": ANY, "amount": ANY},
    M.Linear: {"type": ANY, "by": {"tenure", "age"}, "tenure": ANY, "base": ANY, "per_year": ANY, "ceiling": ANY},
    M.Allowance: {"type": ANY, "amount": ANY, "every": {"month", "calendar_year", "fiscal_year"},
                  "first_period": {"full", "skip"}},
    M.Cap: {"per": {"stay", "event", "fiscal_year", "calendar_year", "rolling_365_days", "lifetime"},
            "money": ANY, "units": ANY, "count": ANY, "clause": ANY, "illustrative": ANY},
    M.Deadline: {"days": ANY, "months": ANY, "years": ANY, "start": {"event", "end"}, "illustrative": ANY},
    M.SameEvent: {"stacks_with": ANY, "excludes": ANY},
    M.Offset: {"benefit": ANY, "illustrative": ANY},
    M.ClaimField: {"type": {"number", "text", "yes_no"}, "one_of": ANY, "description": ANY},
    M.Text: {"th": ANY, "en": ANY},
    M.Adoption: {"meeting": ANY, "date": ANY},
    M.Source: {"url": ANY, "document": ANY},
    M.V2.BenefitGroup: {"id": ANY, "title": ANY, "clause": ANY, "waiting": ANY, "illustrative": ANY},
}
# facts of the condition language computed column-wise (paid_before depends on earlier payouts)
CONDITION_FACTS = frozenset({"age", "age_at_joining", "sex", "status", "arrears", "missed_in_a_row", "tenure_days",
                             "tenure_years", "cumulative_tenure_days", "cumulative_tenure_years", "units", "children",
                             "event_month", "fiscal_year"})
# fields of the compiled plan the engine reads (a new one means a meaning it does not know)
PLAN_FIELDS = frozenset({"fund_id", "version", "fingerprint", "benefits"})
BENEFIT_PLAN_FIELDS = frozenset({"benefit", "conditions", "bands", "rounding", "function", "uses_claim_fields",
                                 "excludes", "waiting_text", "deadline_text",
                                 "refunds"})  # read only by a refund's own checks (a refund is not vectorised)


def unsupported(value: Any, where: str = "") -> list[str]:
    """Every field (as ``Model.field=value``) of a model tree that :data:`VECTORISED` does not declare."""
    out: list[str] = []
    if isinstance(value, BaseModel):
        known = VECTORISED.get(type(value))
        if known is None:
            return [f"{where or type(value).__name__}: {type(value).__name__}"]
        for name in type(value).model_fields:
            v = getattr(value, name)
            allowed = known.get(name)
            if allowed is None:
                default = type(value).model_fields[name].get_default(call_default_factory=True)
                if v != default:
                    out.append(f"{type(value).__name__}.{name}")
                continue
            if allowed is WORDS:
                continue
            if allowed is not ANY and allowed is not NOT_SET and v not in allowed:
                out.append(f"{type(value).__name__}.{name}={v}")
            out.extend(unsupported(v, f"{type(value).__name__}.{name}"))
    elif isinstance(value, (list, tuple)):
        for x in value:
            out.extend(unsupported(x, where))
    elif isinstance(value, dict):
        for x in value.values():
            out.extend(unsupported(x, where))
    return out


def plan_unsupported(plan: Plan) -> list[str]:
    """What the version as a whole uses that is not vectorised (its membership rules, a new plan field)."""
    out = [f"Plan.{f.name}" for f in dataclasses.fields(plan) if f.name not in PLAN_FIELDS]
    v = plan.version
    out += unsupported(v.model_copy(update={"benefits": []}))
    return out


def benefit_unsupported(plan: Plan, bp: BenefitPlan) -> list[str]:
    """What one benefit uses that is not vectorised."""
    out = [f"BenefitPlan.{f.name}" for f in dataclasses.fields(bp)
           if f.name not in BENEFIT_PLAN_FIELDS and getattr(bp, f.name) not in (None, (), frozenset(), "", {})]
    out += unsupported(bp.benefit)
    if bp.function is not None:
        out.append("amount: function")
    if isinstance(bp.benefit.amount, M.FractionOf):
        out.append("amount: fraction_of")
    for _cond, comp in bp.conditions:
        for n in comp.names:
            if n not in CONDITION_FACTS and n not in bp.benefit.claim_fields:
                out.append(f"condition fact {n}")
    r = bp.rounding
    if r.unit <= 0:
        out.append("rounding unit 0")
    return sorted(set(out))
