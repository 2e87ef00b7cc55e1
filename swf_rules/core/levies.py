"""The funeral levy (ฌาปนกิจ): which levies a member owed, when each was due and paid, and what unpaid ones do.

A member history lists the levies the fund called from the member (``levies``: the member who died, the day
they died, the payments made toward it).  A call is *owed* when, on the day of that death, the member is a
member whose status is in the levy's ``owed_by`` (the fund's own rule; by default every member, suspended or
not): the engine decides this from the history, and a death the history does not list is not owed (the engine
never guesses).  An owed levy is due within ``within`` of the death; it is *paid* on the day the payments toward
it first add up to the levy, and *unpaid* on a day after its last day if not yet paid.  Under the fund's rule an
unpaid levy counts as one instalment in arrears (``in_arrears``), and ``lapse_after`` unpaid levies end the
membership on the day after the last day of the one that makes the count.

Levies are indexed once per member state, in the order of the deaths, because whether a levy is owed depends on
the member's status on the day of the death, which earlier levies may have changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from .dates import add_period

NEVER = date.max


@dataclass(frozen=True)
class OwedLevy:
    death: str  # the member id of the member who died
    died_on: date
    last_day: date  # the last day to pay it on time
    paid_on: date  # the day it was paid in full (NEVER: not paid)

    @property
    def late(self) -> bool:
        return self.paid_on > self.last_day


def last_day(rule: Any, died_on: date) -> date:
    """The last day to pay the levy called on a death on ``died_on``."""
    return add_period(died_on, days=rule.within.days, months=rule.within.months)


def paid_in_full_on(call: Any, amount: Decimal) -> date:
    total = Decimal(0)
    for p in sorted(call.paid, key=lambda p: p.date):
        total += p.amount
        if total >= amount:
            return p.date
    return NEVER


def index_levies(state: Any, rule: Any, cut: Any) -> None:
    """Decide, in the order of the deaths, which of the member's levy calls were owed; record each on the spell it
    fell in (``spell.levies``), and end a spell through ``cut(spell, day)`` when unpaid levies reach
    ``lapse_after``."""
    member = state.member
    calls = sorted((c for c in member.levies if c.death != member.member_id), key=lambda c: (c.died_on, c.death))
    for c in calls:
        st = state.status_at(c.died_on)
        if st.spell is None or st.status not in rule.owed_by:
            continue
        sp = st.spell
        owed = OwedLevy(c.death, c.died_on, last_day(rule, c.died_on), paid_in_full_on(c, rule.amount))
        sp.levies.append(owed)
        if rule.lapse_after is not None and owed.late and sum(1 for x in sp.levies if x.late) == rule.lapse_after:
            cut(sp, owed.last_day + timedelta(days=1))


def unpaid_on(levies: list[OwedLevy], d: date) -> int:
    """Owed levies past their last day before ``d`` and not yet paid on ``d``."""
    return sum(1 for x in levies if x.last_day < d and x.paid_on > d)


__all__ = ["OwedLevy", "index_levies", "last_day", "paid_in_full_on", "unpaid_on"]
