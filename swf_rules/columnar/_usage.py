"""What earlier payouts take from each claim: the same event, exclusions, count caps, the allowance period, unit
and money caps, offsets.  Exact, in the batch's date order, as the per-claim engine counts them.

A claim depends only on the member's payouts of a few benefits (its own, the ones it excludes, the ones it offsets)
inside a window ending on its event date (a cap's fiscal year, the allowance's period, the event's day; the whole
history for offsets and lifetime caps).  A payout that could count is a payout already in the history, or an
earlier claim of the batch that could be paid (its static checks pass and its amount is above zero).  The claims
with no such payout in their window -- nearly all -- get the empty usage, for all of them at once.  The others are
replayed exactly, member by member in batch order, each payout recorded as the per-claim engine records it
(:meth:`swf_rules.core.evaluate.MemberStates.record`; in a replay, what was rightly paid: ``min(recorded,
supported)``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..core import model as M
from . import _dates as D
from ._benefit import BenefitClaims, Usage
from .columns import Claims, Histories

_SH_E = 1 << 23  # > any day ordinal
_SH_B = 1 << 10  # benefit codes


class Outcomes:
    """The final verdicts: per claim row, eligible, amount (satang) and units; the usage of the competing ones."""

    def __init__(self, n: int):
        self.eligible = np.zeros(n, dtype=bool)
        self.amount = np.zeros(n, dtype=np.int64)
        self.units = np.full(n, -1, dtype=np.int64)
        self.usage: dict[int, Usage] = {}
        self.resolved = 0  # claims replayed in date order (the competing ones)


def resolve(groups: list[BenefitClaims], h: Histories, c: Claims, pos: np.ndarray, out: Outcomes) -> None:
    """Fill ``out`` for every claim of ``groups``."""
    names, bcode = c.benefit_codes()
    codes = {b: i for i, b in enumerate(names)}
    for b in set(h.h_benefit):
        codes.setdefault(b, len(codes))
    recorded = c.recorded
    # the claims that could be paid, and what each gets when nothing earlier counts
    payers: list[np.ndarray] = []
    for g in groups:
        rows = g.rows
        free_ok = g.static_ok & g.counts_ok
        out.eligible[rows] = free_ok
        out.amount[rows] = np.where(free_ok, g.free_amount, 0)
        if isinstance(g.b.amount, M.Rate):
            units = g.units_claimed.copy()
            for cap in g.unit_caps:
                units = np.minimum(units, cap.units)  # type: ignore[call-overload]
            out.units[rows] = units
        can = free_ok & (g.free_amount > 0)
        if recorded is not None:
            can &= recorded[rows] > 0
        g.can_pay = can
        payers.append(rows[can])
    prow = np.concatenate(payers) if payers else np.zeros(0, dtype=np.int64)
    in_batch = np.zeros(len(h), dtype=bool)
    for g in groups:
        in_batch[g.m] = True
    hsel = np.flatnonzero(in_batch[h.h_member]) if len(h.h_member) else np.zeros(0, dtype=np.int64)
    hcode = np.array([codes[h.h_benefit[i]] for i in hsel.tolist()], dtype=np.int64)
    keys = np.concatenate([(c.member[prow] * _SH_B + bcode[prow]) * _SH_E + c.event[prow],
                           (h.h_member[hsel] * _SH_B + hcode) * _SH_E + h.h_event[hsel]])
    keys.sort()
    needed: list[np.ndarray] = []  # (member, benefit) of the payouts a competing claim counts
    for g in groups:
        deps = _dependencies(g)
        cnt = np.zeros(len(g.rows), dtype=np.int64)
        for benefit, first in deps.items():
            base = (g.m * _SH_B + codes.get(benefit, len(codes))) * _SH_E
            lo = np.searchsorted(keys, base + first, side="left")
            hi = np.searchsorted(keys, base + g.ev, side="right")
            cnt += hi - lo
        cnt -= g.can_pay  # the claim itself
        g.competing = cnt > 0
        mc = g.m[g.competing]
        for benefit in deps:
            needed.append(mc * _SH_B + codes.get(benefit, len(codes)))
    if not any(g.competing.any() for g in groups):
        return
    _replay_in_order(groups, h, c, pos, out, np.unique(np.concatenate(needed)), bcode, codes)


def _dependencies(g: BenefitClaims) -> dict[str, np.ndarray]:
    """benefit -> the first day of the window in which its payouts count for each claim (0: the whole history)."""
    b, ev = g.b, g.ev
    own = ev.copy()
    windows: list[str] = [cap.per for cap in g.count_caps + g.money_caps]
    if isinstance(b.amount, M.Rate):
        windows += [cap.per for cap in g.unit_caps]
    if isinstance(b.amount, M.Allowance):
        windows.append(b.amount.every)
    for per in windows:
        first, _ = D.cap_window(per, ev)
        own = np.minimum(own, 0 if first is None else first)
    deps = {b.id: own}
    for ex in g.bp.excludes:
        deps[ex] = np.minimum(deps.get(ex, ev), ev)
    for off in b.offsets:
        deps[off.benefit] = np.zeros(len(ev), dtype=np.int64)
    return deps


def _replay_in_order(groups: list[BenefitClaims], h: Histories, c: Claims, pos: np.ndarray, out: Outcomes,
                     needed: np.ndarray, bcode: np.ndarray, codes: dict[str, int]) -> None:
    """The competing claims decided one at a time, member by member in batch order, beside every claim of those
    members that could be paid and whose payout they count (``needed``: member * 1024 + benefit code)."""
    cand = np.concatenate([g.rows[g.can_pay | g.competing] for g in groups])
    cand = cand[np.isin(c.member[cand] * _SH_B + bcode[cand], needed)]
    cand = cand[np.lexsort((pos[cand], c.member[cand]))]
    n = len(c)
    group_of = np.full(n, -1, dtype=np.int64)
    is_comp = np.zeros(n, dtype=bool)
    for gi, g in enumerate(groups):
        group_of[g.rows] = gi
        is_comp[g.rows[g.competing]] = True
    touch = np.zeros(len(h), dtype=bool)
    touch[needed // _SH_B] = True
    hist: dict[int, list[tuple[Any, ...]]] = {}
    for i in np.flatnonzero(touch[h.h_member]).tolist() if len(h.h_member) else []:
        u = int(h.h_units[i])
        hist.setdefault(int(h.h_member[i]), []).append(
            (h.h_benefit[i], int(h.h_event[i]), h.h_claim[i], None if u < 0 else u, int(h.h_satang[i])))
    recorded = c.recorded
    current = -1
    paid: list[tuple[Any, ...]] = []
    for r in cand.tolist():
        m = int(c.member[r])
        if m != current:
            current = m
            paid = list(hist.get(m, []))
        g = groups[int(group_of[r])]
        k = int(g.k_of[r])
        if is_comp[r]:
            use = usage(g, k, c.claim_id[r], paid)
            out.usage[r] = use
            ok = g.eligible(k, use)
            amount, _bd, units = g.amount(k, use)
            out.eligible[r] = ok
            out.amount[r] = amount if ok else 0
            out.units[r] = -1 if units is None else units
            out.resolved += 1
        if out.eligible[r] and out.amount[r] > 0:
            got = int(out.amount[r])
            if recorded is not None:
                got = min(got, int(recorded[r]))
            if got > 0:
                u = int(out.units[r])
                paid.append((g.b.id, int(g.ev[k]), c.claim_id[r], None if u < 0 else u, got))


def usage(g: BenefitClaims, k: int, claim_id: str, paid: list[tuple[Any, ...]]) -> Usage:
    """What the member's recorded payouts ``paid`` (benefit, event day, claim id, units, satang; in the order
    recorded) take from claim ``k`` of ``g``: :mod:`swf_rules.core._checks` and :mod:`swf_rules.core._amounts`'s
    ``state.paid`` queries."""
    b = g.b
    ev = int(g.ev[k])

    def between(benefit: str, first: int | None, last: int) -> list[tuple[Any, ...]]:
        rows = [p for p in paid if p[0] == benefit and (first is None or p[1] >= first) and p[1] <= last
                and p[2] != claim_id]
        rows.sort(key=lambda p: p[1])  # by event date; equal dates in the order recorded
        return rows

    def window(per: str) -> tuple[int | None, int]:
        first, last = D.window_of(per, ev)
        return first, min(last, ev)

    same = between(b.id, ev, ev)
    use = Usage(same=[p[2] for p in same])
    use.excludes = [[p[2] for p in between(ex, ev, ev)] for ex in g.bp.excludes]
    for cap in g.count_caps:
        use.counts.append(len(same) if cap.per in ("stay", "event") else len(between(b.id, *window(cap.per))))
    if isinstance(b.amount, M.Allowance):
        use.allowance = [p[2] for p in between(b.id, *window(b.amount.every))]
    for cap in g.unit_caps:
        use.unit_used.append(0 if cap.per in ("stay", "event") else
                             sum(p[3] or 0 for p in between(b.id, *window(cap.per))))
    for cap in g.money_caps:
        use.money_used.append(0 if cap.per in ("stay", "event") else
                              sum(p[4] for p in between(b.id, *window(cap.per))))
    use.offsets = [sum(p[4] for p in between(off.benefit, None, ev)) for off in b.offsets]
    return use
