"""An independent reading of the membership rules -- the spell on a date, when a waiting period starts, when a
spell lapses for missed instalments, the member's status -- written apart from the engine
(:mod:`swf_rules.core.facts`) so that the properties can hold its decisions against it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ..core import model as M
from ..core.money import ZERO


def spell_at(member: Any, ev: date) -> Any:
    """The membership spell that covers ``ev`` (a death ends a spell on its day, not before), or ``None``."""
    for sp in sorted(member.spells, key=lambda x: x.start):
        if sp.start <= ev and (sp.end is None or ev < sp.end or (ev == sp.end and sp.end_reason == "died")):
            return sp
    return None


def waiting_start(member: Any, how: str, sp: Any) -> date | None:
    """The day a waiting period counts from (``how``: its ``start`` setting) for a claim in spell ``sp``."""
    if how == "first_membership":
        return min(x.start for x in member.spells)
    if sp is None:
        return None
    if how == "membership_start":
        return sp.start
    dates = [c.date for c in member.contributions if c.date >= sp.start and (sp.end is None or c.date <= sp.end)]
    return min(dates) if dates else None


def lapse_date(member: Any, start: date, end: date | None, membership: M.Membership, until: date) -> date | None:
    """The first day a spell is lapsed for missed instalments (an independent reading of the lapse rule)."""
    rule = membership.lapse_after
    if rule is None:
        return None
    n = rule.consecutive if rule.consecutive is not None else rule.total
    if not n:
        return None
    amount = membership.contribution.amount
    monthly = membership.contribution.period == "month"
    sums: dict[str, Decimal] = {}
    paid_on: dict[str, date] = {}
    for c in sorted(member.contributions, key=lambda c: (c.date, c.covers)):
        sums[c.covers] = sums.get(c.covers, ZERO) + c.amount
        if sums[c.covers] >= amount and c.covers not in paid_on:
            paid_on[c.covers] = c.date
    stop = end
    if member.died_on is not None and (stop is None or member.died_on < stop):
        stop = member.died_on + timedelta(days=1)
    y, m = start.year, start.month if monthly else 1
    run = total = 0
    while True:
        pstart = date(y, m, 1)
        if pstart > until or (stop is not None and pstart >= stop):
            return None
        if monthly:
            nxt = date(y + (m == 12), m % 12 + 1, 1)
            key = f"{y:04d}-{m:02d}"
        else:
            nxt = date(y + 1, 1, 1)
            key = f"{y:04d}"
        deadline = nxt - timedelta(days=1) + timedelta(days=membership.grace_days)
        missed = key not in paid_on or paid_on[key] > deadline
        run = run + 1 if missed else 0
        total += 1 if missed else 0
        if (run if rule.consecutive is not None else total) >= n:
            return deadline + timedelta(days=1)
        y, m = (nxt.year, nxt.month) if monthly else (nxt.year, 1)


def member_status(member: Any, ev: date, membership: M.Membership) -> str:
    """Whether the member is still a member on ``ev``: 'member', 'dead', 'lapsed', 'resigned', 'expelled' or
    'not_member' (suspension is not distinguished)."""
    if member.died_on is not None and ev > member.died_on:
        return "dead"
    sp = spell_at(member, ev)
    if sp is None:
        before = [x for x in member.spells if x.start <= ev]
        if not before:
            return "not_member"
        last = max(before, key=lambda x: x.start)
        lapse = lapse_date(member, last.start, last.end, membership, ev)
        if lapse is not None and ev >= lapse:
            return "lapsed"
        return {"died": "dead", "resigned": "resigned", "lapsed": "lapsed", "expelled": "expelled"}.get(
            last.end_reason or "", "not_member")
    lapse = lapse_date(member, sp.start, sp.end, membership, ev)
    if lapse is not None and ev >= lapse:
        return "lapsed"
    return "member"
