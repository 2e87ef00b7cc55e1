"""Refunds of contributions, and the amount a funeral-levy benefit pays from the levies collected.

A refund claim (``amount: {type: refund, on: [...]}``) has the day membership ended as its event date: the
resignation (the end of a spell ended by ``resigned``) or the member's death.  Two checks are recorded:
``refund_event`` (membership ended on that day, in one of the ways ``on`` names) and, with
``unless_benefit_received``, ``no_benefit_received`` (no other benefit was ever paid to the member, in any spell;
refunds do not count).  The amount is the contributions the member paid (in the spell that ended, or in every spell
with ``contributions: all_spells``; entry fees and funeral levies are not contributions) times ``fraction``,
rounded as declared but never above what was paid.

A ``levies_collected`` amount is the claim field the benefit names (the levies the fund's books say were
collected for this death) times ``share``, rounded as declared but never above what was collected.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ._amounts_v2 import claim_money
from ._messages_membership import msg_no_benefit_received, msg_refund_event
from .money import ZERO, apply_fraction, money_str


def _ended(state: Any, ev: date, on: list[str]) -> tuple[str | None, Any]:
    """How membership ended on ``ev`` (``resignation``/``death``/None, among ``on``) and the spell that ended.  A
    death ends membership only when the member was still a member that day (not after a resignation or a lapse)."""
    member = state.member
    if "death" in on and member.died_on == ev:
        st = state.status_at(ev, ignore_death_on_day=True)
        if st.status in ("active", "suspended"):
            return "death", next(s for s in member.spells if s.start == st.spell.start)
    if "resignation" in on:
        for s in member.spells:
            if s.end == ev and s.end_reason == "resigned":
                return "resignation", s
    return None, None


def refund_checks(bp: Any, state: Any, claim: Any, reasons: list[tuple]) -> None:
    a = bp.benefit.amount
    cl = bp.benefit.clause
    ev = claim.event_date
    ended, _ = _ended(state, ev, a.on)
    on = tuple(a.on)
    reasons.append(("refund_event", cl, ended is not None, {"on": list(on), "ended_by": ended},
                    msg_refund_event, (ended, on)))
    if a.unless_benefit_received:
        ids = sorted(p.claim_id for bid, idx in state.payouts.items() if bid not in bp.refunds
                     for p in idx.between(None, ev, claim.claim_id))
        reasons.append(("no_benefit_received", cl, not ids, {"paid_claims": ids},
                        msg_no_benefit_received, (tuple(ids),)))


def refund_base(bp: Any, state: Any, claim: Any, bd: dict[str, Any]) -> tuple[Decimal, Decimal]:
    """(the refund before rounding, the contributions it is a share of)."""
    a = bp.benefit.amount
    ev = claim.event_date
    ended, spell = _ended(state, ev, a.on)
    if a.contributions == "all_spells" or spell is None:
        first, last = None, ev
    else:
        first, last = spell.start, min(spell.end or ev, ev)
    rows = [c.amount for c in state.member.contributions if (first is None or c.date >= first) and c.date <= last]
    paid = sum(rows, ZERO)
    bd["refund"] = {"ended_by": ended, "contributions": a.contributions,
                    "from": None if first is None else first.isoformat(), "to": last.isoformat(),
                    "instalments": len(rows), "paid": money_str(paid),
                    "fraction": f"{a.fraction.numerator}/{a.fraction.denominator}"}
    return apply_fraction(paid, a.fraction), paid


def levies_base(bp: Any, facts: Any, bd: dict[str, Any]) -> tuple[Decimal, Decimal]:
    """(the benefit before rounding, the levies collected) from the claim field the benefit names."""
    a = bp.benefit.amount
    collected = claim_money(facts, a.field)
    bd["levies"] = {"field": a.field, "collected": money_str(collected),
                    "share": f"{a.share.numerator}/{a.share.denominator}"}
    return apply_fraction(collected, a.share), collected


__all__ = ["levies_base", "refund_base", "refund_checks"]
