"""Stage 3 -- compile: a validated regulation version to an evaluation plan, once.

Everything that does not depend on a claim is done here: conditions parsed, type-checked and turned into
closures; table bands parsed and sorted; references between benefits resolved; plug-in functions bound.
Plans are cached per version by the :class:`~swf_rules.core.evaluate.Engine`.

Plug-in functions (``amount: {type: function, name: ...}``) are passed to the compiler explicitly as a mapping
``name -> callable``; nothing global is consulted.  A function receives ``(facts, claim)`` and must return a
``Decimal``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Mapping

from . import model as M
from .bands import Interval, parse_interval
from .conditions import CompiledCondition, compile_condition, fact_types
from .errors import RegulationError, make_problem
from .validate import Regulation

AmountFunction = Callable[[Mapping[str, Any], Any], Decimal]


@dataclass(frozen=True)
class BenefitPlan:
    benefit: M.Benefit
    conditions: tuple[tuple[M.Condition, CompiledCondition], ...]
    bands: tuple[tuple[Interval, Decimal, str], ...]
    rounding: M.Rounding
    function: AmountFunction | None
    uses_claim_fields: frozenset[str]
    excludes: tuple[str, ...] = ()  # benefits that may not be paid for the same event (declared either side)
    waiting_text: tuple[str, str] = ("", "")  # the waiting period in words (English, Thai), for explanations
    deadline_text: tuple[str, str] = ("", "")  # the claim deadline in words
    refunds: frozenset[str] = frozenset()  # the version's refund benefits (their payouts are not benefits received)

    @property
    def id(self) -> str:
        return self.benefit.id


@dataclass(frozen=True)
class Plan:
    fund_id: str
    version: M.Version
    fingerprint: str
    benefits: dict[str, BenefitPlan] = field(default_factory=dict)

    @property
    def membership(self) -> M.Membership:
        return self.version.membership


def period_text(p: Any) -> tuple[str, str]:
    """English and Thai text of a waiting period or deadline (``years``/``months``/``days``); empty for none."""
    if p is None:
        return "", ""
    parts = [(n, en, th) for n, en, th in ((p.years, "years", "ปี"), (p.months, "months", "เดือน"),
                                           (p.days, "days", "วัน")) if n]
    if not parts:
        return "0 days", "0 วัน"
    return " ".join(f"{n} {en}" for n, en, _ in parts), " ".join(f"{n} {th}" for n, _, th in parts)


def compile_version(regulation: Regulation, version: M.Version,
                    functions: Mapping[str, AmountFunction] | None = None) -> Plan:
    functions = functions or {}
    plans: dict[str, BenefitPlan] = {}
    problems = []
    vi = list(regulation.file.versions).index(version)
    refunds = frozenset(o.id for o in version.benefits if isinstance(o.amount, M.V2.Refund))
    for bi, b in enumerate(version.benefits):
        names = fact_types({k: f.type for k, f in b.claim_fields.items()})
        conds = tuple((c, compile_condition(c.when, names)) for c in b.eligibility.conditions)
        bands: tuple[tuple[Interval, Decimal, str], ...] = ()
        if isinstance(b.amount, M.Table):
            bands = tuple(sorted(((parse_interval(x.range), x.amount, x.range) for x in b.amount.bands),
                                 key=lambda t: (t[0].low, not t[0].low_inclusive)))
        fn = None
        if isinstance(b.amount, M.FunctionAmount):
            fn = functions.get(b.amount.name)
            if fn is None:
                problems.append(make_problem("unknown-function", file=regulation.path,
                                             path=("versions", vi, "benefits", bi, "amount", "name"),
                                             value=b.amount.name, clause=b.clause,
                                             hint=("pass it to the compiler: Engine(reg, functions={...}) or "
                                                   "register it in the swf_rules.functions entry-point group",
                                                   "ส่งฟังก์ชันให้ตัวแปล หรือลงทะเบียนใน entry point "
                                                   "swf_rules.functions")))
        used = frozenset(n for _, c in conds for n in c.names if n in b.claim_fields)
        if isinstance(b.amount, M.CLAIM_FIELD_AMOUNTS):  # v2: the amount reads this claim field
            used |= {b.amount.field}
        # an exclusion binds both benefits, whichever is claimed first
        excl = sorted(set(b.same_event.excludes) | {o.id for o in version.benefits if b.id in o.same_event.excludes})
        plans[b.id] = BenefitPlan(b, conds, bands, b.rounding or version.rounding, fn, used, tuple(excl),
                                  period_text(b.eligibility.waiting), period_text(b.deadline), refunds)
    if problems:
        raise RegulationError(problems)
    return Plan(regulation.fund_id, version, regulation.fingerprint(version), plans)
