"""The facts of one claim, by the names the condition language knows (``age``, ``tenure_years``, ``units``, ...).

Each fact is computed from the member's indexed history and the claim the first time a condition, a check or an
amount rule asks for it, and kept for the rest of that claim's decision.  The claim's own details (typed by the
benefit's ``claim_fields``) sit beside them under their field names.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from . import model as M
from .compile import BenefitPlan
from .conditions import FACTS
from .dates import age_on, fiscal_year
from .facts import MemberState, StatusFacts, tenure_years
from .history import Claim


def claim_units(bp: BenefitPlan, claim: Claim) -> int | None:
    """The units a claim asks for: as given, or counted from its end date (days count both ends, nights do not)."""
    if claim.units is not None:
        return claim.units
    if claim.end_date is not None:
        n = (claim.end_date - claim.event_date).days
        if isinstance(bp.benefit.amount, M.Rate) and bp.benefit.amount.unit == "day":
            n += 1
        return n
    return None


class Facts(dict):
    """The facts of one claim, computed on first use (conditions name only the facts they need)."""

    def __init__(self, state: MemberState, claim: Claim, st: StatusFacts, bp: BenefitPlan):
        super().__init__()
        self._args = (state, claim, st, bp)

    def __missing__(self, name: str) -> Any:
        state, claim, st, bp = self._args
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
            u = claim_units(bp, claim)
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
        """Every fact (computed now where not yet asked for) and the claim's details: what a plug-in amount function is
        given."""
        return {k: self[k] for k in FACTS} | {k: v for k, v in self.items()}
