"""One benefit's claims (under one regulation version) decided column-wise, from the same compiled plan as the
per-claim engine.

The checks that do not depend on earlier payouts (status, waiting period, tenure, age, sex, arrears, conditions,
deadline, the allowance's first period, the table's bands) and the amount before any cap is used are computed for
every claim of the benefit at once (:meth:`BenefitClaims.evaluate`).  What does depend on earlier payouts (the same
event, exclusions, count caps, the allowance period, unit and money caps, offsets) is a :class:`Usage`: empty for
the many claims no earlier payout can touch, found in date order for the few that compete (:mod:`._usage`).  From a
claim's columns and its usage, :meth:`BenefitClaims.amount` and :meth:`BenefitClaims.checks` give exactly what
:mod:`swf_rules.core._amounts` and :mod:`swf_rules.core._checks` give: the amount, the breakdown and every check
record (rendered only when a decision's reasons are read).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np

from ..books import satang_to_decimal
from ..core import model as M
from ..core._messages import (msg_age, msg_allowance_period, msg_arrears, msg_condition, msg_count_cap,
                              msg_deadline, msg_excludes, msg_first_period, msg_same_event, msg_sex, msg_status,
                              msg_table, msg_tenure, msg_waiting)
from ..core.compile import BenefitPlan, Plan
from ..core.conditions import FACTS
from ..core.decision import jsonable
from ..core.money import money_str
from . import _dates as D
from ._conditions import evaluate as eval_condition
from ._facts import STATUSES, Index, Status
from .columns import SEX, Claims, Histories

_OK_STATUS = {s: i for i, s in enumerate(STATUSES)}


@functools.lru_cache(maxsize=1 << 16)
def iso(day: int) -> str | None:
    return None if day == 0 else date.fromordinal(day).isoformat()


def as_satang(x: Decimal) -> int:
    return int(x * 100)


def round_satang(a: int, mode: str, unit: int) -> int:
    """:func:`swf_rules.core.money.round_money` on satang: a multiple of ``unit`` satang."""
    if unit == 100 and a % 100 == 0:
        return a
    q, r = divmod(a, unit)
    if mode == "down" or r == 0:
        pass
    elif mode == "up":
        q += 1
    elif 2 * r > unit or (2 * r == unit and (mode == "half_up" or q % 2 == 1)):
        q += 1
    return q * unit


def tenure_years(days: np.ndarray, on: np.ndarray, rounding: str) -> np.ndarray:
    """:func:`swf_rules.core.facts.tenure_years` for whole-year roundings (``exact`` is not vectorised)."""
    start = on - days
    y = D.completed_years(start, on)
    if rounding == "completed_years":
        return y
    assert rounding == "over_6_months"
    return np.where(on > D.add_months(start, 12 * y + 6), y + 1, y)


@dataclass
class Usage:
    """What earlier payouts take from one claim: the checks and caps that count them."""

    same: list[str] = field(default_factory=list)
    excludes: list[list[str]] = field(default_factory=list)  # per excluded benefit
    counts: list[int] = field(default_factory=list)  # per count cap
    allowance: list[str] = field(default_factory=list)
    unit_used: list[int] = field(default_factory=list)  # per unit cap
    money_used: list[int] = field(default_factory=list)  # per money cap, satang
    offsets: list[int] = field(default_factory=list)  # per offset, satang


class BenefitClaims:
    """The claims of one benefit under one version (``rows`` of :class:`Claims`, in batch order)."""

    def __init__(self, plan: Plan, bp: BenefitPlan, rows: np.ndarray, h: Histories, c: Claims, index: Index,
                 details: dict[int, dict[str, Any]]):
        self.plan, self.bp, self.rows, self.h, self.c, self.index = plan, bp, rows, h, c, index
        self.details = details  # claim row -> typed claim details (only rows that have any)
        b = bp.benefit
        self.b = b
        self.count_caps = [cap for cap in b.caps if cap.count is not None]
        self.unit_caps = [cap for cap in b.caps if cap.units is not None]
        self.money_caps = [cap for cap in b.caps if cap.money is not None]
        self.empty = Usage([], [[] for _ in bp.excludes], [0] * len(self.count_caps), [],
                           [0] * len(self.unit_caps), [0] * len(self.money_caps), [0] * len(b.offsets))
        self.k_of: np.ndarray = np.zeros(0, dtype=np.int64)  # claim row -> position in rows (set by the engine)

    # ------------------------------------------------------------------------------------------ columns
    def evaluate(self) -> None:
        """Every static check and the amount with no earlier payout, for all the claims at once."""
        h, c, ix, b = self.h, self.c, self.index, self.b
        el = b.eligibility
        rows = self.rows
        m = c.member[rows]
        ev = c.event[rows]
        self.m, self.ev = m, ev
        st = ix.status(m, ev, b.kind == "death")
        self.st = st
        ok = np.isin(st.status, [_OK_STATUS[s] for s in el.status])
        self.ok_status = ok
        cols: dict[str, Any] = {}
        self.cols = cols
        if el.waiting is not None:
            start = self._waiting_start(el.waiting.start, m, st.spell)
            w = el.waiting
            served = np.where(start > 0, D.add_period(np.maximum(start, 1), days_n=w.days, months=w.months,
                                                      years=w.years), 0)
            cols["wait_start"], cols["served"] = start, served
            cols["wait_ok"] = (start > 0) & (ev >= served)
            ok = ok & cols["wait_ok"]
        if el.tenure is not None:
            t = el.tenure
            days = self.fact("tenure_days" if t.membership == "continuous" else "cumulative_tenure_days")
            cols["ten_days"] = days
            cols["ten_years"] = tenure_years(days, ev, t.rounding)
            cols["ten_ok"] = cols["ten_years"] >= t.min_years
            ok = ok & cols["ten_ok"]
        if el.age is not None:
            a = el.age
            age = self.fact("age" if a.at == "event" else "age_at_joining")
            cols["age_ok"] = ((a.min is None) | (age >= (a.min or 0))) & ((a.max is None) | (age <= (a.max or 0)))
            ok = ok & cols["age_ok"]
        if el.sex is not None:
            cols["sex_ok"] = h.sex[m] == SEX.index(el.sex)
            ok = ok & cols["sex_ok"]
        if el.max_arrears is not None:
            cols["arrears_ok"] = st.arrears <= el.max_arrears
            ok = ok & cols["arrears_ok"]
        self.cond_ok = []
        for cond, comp in self.bp.conditions:
            frame = {n: self.fact(n) for n in comp.names}
            v = eval_condition(comp.source, frame, len(rows))
            self.cond_ok.append(v)
            ok = ok & v
        if b.deadline is not None:
            dl = b.deadline
            end = c.end[rows]
            base = np.where((end > 0), end, ev) if dl.start == "end" else ev
            cols["last_day"] = D.add_period(base, days_n=dl.days, months=dl.months, years=dl.years)
            filed = c.filed[rows]
            cols["deadline_ok"] = (filed == 0) | (filed <= cols["last_day"])
            ok = ok & cols["deadline_ok"]
        if isinstance(b.amount, M.Allowance) and b.amount.first_period == "skip":
            first, _ = D.cap_window(b.amount.every, ev)
            assert first is not None
            since = np.where(st.spell >= 0, h.sp_start[np.maximum(st.spell, 0)], ev)
            later = first > since
            cols["first_ok"] = later & self._eligible_on(m, first)
            ok = ok & cols["first_ok"]
        self._amounts()
        ok = ok & self.band_ok
        self.static_ok = ok
        # what the claim gets if no earlier payout counts (the claims nothing competes with)
        self.counts_ok = all(cap.count > 0 for cap in self.count_caps)  # type: ignore[operator]

    def _waiting_start(self, kind: str, m: np.ndarray, spell: np.ndarray) -> np.ndarray:
        h = self.h
        if kind == "membership_start":
            return np.where(spell >= 0, h.sp_start[np.maximum(spell, 0)], 0)
        if kind == "first_membership":
            has = h.sp_hi[m] > h.sp_lo[m]
            return np.where(has, h.sp_start[np.minimum(h.sp_lo[m], max(len(h.sp_start) - 1, 0))], 0)
        return self.index.first_contribution(spell)

    def _eligible_on(self, m: np.ndarray, day: np.ndarray) -> np.ndarray:
        """:func:`swf_rules.core._checks.eligible_on`: status, age, tenure and waiting rules on another day."""
        el, ix, h = self.b.eligibility, self.index, self.h
        st = ix.status(m, day)
        ok = np.isin(st.status, [_OK_STATUS[s] for s in el.status])
        if el.age is not None and el.age.at == "event":
            age = D.completed_years(h.birth[m], day)
            if el.age.min is not None:
                ok &= age >= el.age.min
            if el.age.max is not None:
                ok &= age <= el.age.max
        if el.tenure is not None:
            days = ix.continuous_days(day, st.spell) if el.tenure.membership == "continuous" \
                else ix.cumulative_days(m, day)
            ok &= tenure_years(days, day, el.tenure.rounding) >= el.tenure.min_years
        if el.waiting is not None:
            w = el.waiting
            start = self._waiting_start(w.start, m, st.spell)
            served = D.add_period(np.maximum(start, 1), days_n=w.days, months=w.months, years=w.years)
            ok &= (start > 0) & (day >= served)
        return ok

    def fact(self, name: str) -> np.ndarray:
        """A fact of the condition language (or a claim detail) for every claim: int64, bool or object."""
        got = self.__dict__.setdefault("_facts", {})
        if name in got:
            return got[name]
        if name in self.b.claim_fields:
            out = self._detail(name)
        else:
            out = self._fact(name)
        got[name] = out
        return out

    def _detail(self, name: str) -> np.ndarray:
        vals = []
        fallback = None
        for r in self.rows.tolist():
            d = self.details.get(r, {})
            if name in d:
                vals.append(d[name])
            else:  # a field the claim leaves out shadows nothing: the fact of that name, if there is one
                if fallback is None:
                    fallback = self._fact(name).tolist()
                vals.append(_py(fallback[len(vals)]))
        if vals and all(isinstance(v, bool) for v in vals):
            return np.asarray(vals, dtype=bool)
        out = np.empty(len(vals), dtype=object)
        out[:] = vals
        return out

    def _fact(self, name: str) -> np.ndarray:
        h, c, ix, st = self.h, self.c, self.index, self.st
        m, ev, rows = self.m, self.ev, self.rows
        if name == "age":
            return D.completed_years(h.birth[m], ev)
        if name == "age_at_joining":
            since = np.where(st.spell >= 0, h.sp_start[np.maximum(st.spell, 0)], ev)
            return D.completed_years(h.birth[m], since)
        if name == "sex":
            return np.asarray(SEX, dtype=object)[h.sex[m]]
        if name == "status":
            return np.asarray(STATUSES, dtype=object)[st.status]
        if name == "arrears":
            return st.arrears
        if name == "missed_in_a_row":
            return ix.missed_in_a_row(st)
        if name == "tenure_days":
            return ix.continuous_days(ev, st.spell)
        if name == "tenure_years":
            return tenure_years(self.fact("tenure_days"), ev, "completed_years")
        if name == "cumulative_tenure_days":
            return ix.cumulative_days(m, ev)
        if name == "cumulative_tenure_years":
            return tenure_years(self.fact("cumulative_tenure_days"), ev, "completed_years")
        if name == "units":
            u = self.claim_units()
            return np.where(u >= 0, u, 0)
        if name == "children":
            ch = c.children[rows]
            return np.where(ch > 0, ch, 1)
        if name == "event_month":
            return D.ymd(ev)[1]
        if name == "fiscal_year":
            return D.fiscal_year_be(ev)
        raise KeyError(name)  # paid_before depends on earlier payouts: not vectorised (see features.py)

    def claim_units(self) -> np.ndarray:
        """:func:`swf_rules.core._claim_facts.claim_units` (-1: none)."""
        c, rows = self.c, self.rows
        units, end, ev = c.units[rows], c.end[rows], c.event[rows]
        a = self.b.amount
        extra = 1 if isinstance(a, M.Rate) and a.unit == "day" else 0
        return np.where(units >= 0, units, np.where(end > 0, end - ev + extra, -1))

    # ------------------------------------------------------------------------------------------ amounts
    def _amounts(self) -> None:
        """The amount rule before caps (satang), the table's band, and the amount if no earlier payout counts."""
        a = self.b.amount
        n = len(self.rows)
        self.band_ok = np.ones(n, dtype=bool)
        r = self.bp.rounding
        self.round_mode, self.round_unit = r.mode, as_satang(r.unit)
        if isinstance(a, (M.Flat, M.Allowance)):
            self.raw = np.full(n, as_satang(a.amount), dtype=np.int64)
        elif isinstance(a, M.PerChild):
            ch = self.c.children[self.rows]
            self.children_n = np.where(ch > 0, ch, 1)
            self.raw = as_satang(a.amount) * self.children_n
        elif isinstance(a, M.Rate):
            self.units_claimed = self.claim_units()
            units = self.units_claimed.copy()
            for cap in self.unit_caps:
                units = np.minimum(units, cap.units)  # type: ignore[call-overload]
            self.raw = as_satang(a.rate) * units
        elif isinstance(a, (M.Table, M.Linear)):
            if a.by == "age":
                x = self.fact("age")
            else:
                assert a.tenure is not None
                days = self.fact("tenure_days" if a.tenure.membership == "continuous" else "cumulative_tenure_days")
                x = tenure_years(days, self.ev, a.tenure.rounding)
            self.x = x
            if isinstance(a, M.Linear):
                raw = as_satang(a.base) + as_satang(a.per_year) * x
                if a.ceiling is not None:
                    raw = np.minimum(raw, as_satang(a.ceiling))
                self.raw = raw
            else:
                band = np.full(n, -1, dtype=np.int64)
                values = np.unique(x)
                for v in values.tolist():
                    for i, (iv, _amt, _text) in enumerate(self.bp.bands):
                        if iv.contains(Decimal(v)):
                            band[x == v] = i
                            break
                self.band = band
                amounts = np.array([as_satang(amt) for _, amt, _ in self.bp.bands] + [0], dtype=np.int64)
                self.raw = amounts[band]
                self.band_ok = band >= 0
        else:  # pragma: no cover - features.py sends every other amount rule to the per-claim engine
            raise TypeError(type(a).__name__)
        rounded = self._round(self.raw)
        for cap in self.money_caps:
            rounded = np.minimum(rounded, as_satang(cap.money))  # type: ignore[arg-type]
        self.free_amount = rounded

    def _round(self, raw: np.ndarray) -> np.ndarray:
        mode, unit = self.round_mode, self.round_unit
        if unit == 100 and not (raw % 100).any():
            return raw
        q, r = np.divmod(raw, unit)
        if mode == "up":
            q = q + (r > 0)
        elif mode in ("half_up", "half_even"):
            up = (2 * r > unit) | ((2 * r == unit) & ((mode == "half_up") | (q % 2 == 1)))
            q = q + up
        return q * unit

    # ------------------------------------------------------------------------------------------ one claim
    def amount(self, k: int, use: Usage) -> tuple[int, dict[str, Any], int | None]:
        """:func:`swf_rules.core._amounts.payable` for claim ``k`` (its position in ``rows``) given what earlier
        payouts took: (amount in satang were it eligible, breakdown, units paid for)."""
        b = self.b
        a = b.amount
        ev = int(self.ev[k])
        bd: dict[str, Any] = {"basis": a.type, "caps": [], "offsets": []}
        units_out = None
        if isinstance(a, M.PerChild):
            bd["children"] = int(self.children_n[k])
            raw = int(self.raw[k])
        elif isinstance(a, M.Rate):
            units = int(self.units_claimed[k])
            bd["rate"] = money_str(a.rate)
            bd["units_claimed"] = units
            for cap, used in zip(self.unit_caps, use.unit_used):
                assert cap.units is not None
                first, last = D.window_of(cap.per, ev)
                remaining = max(cap.units - used, 0)
                before = units
                units = min(units, remaining)
                window = None if first is None and cap.per in ("stay", "event", "lifetime") else \
                    [None if first is None else iso(first), iso(last)]
                bd["caps"].append({"per": cap.per, "measure": "units", "limit": str(cap.units), "window": window,
                                   "used": str(used), "remaining": str(remaining), "before": str(before),
                                   "after": str(units), "clause": cap.clause})
            bd["units"] = units
            units_out = units
            raw = as_satang(a.rate) * units
        elif isinstance(a, (M.Table, M.Linear)):
            bd["table_value"] = str(int(self.x[k]))
            raw = int(self.raw[k])
            if isinstance(a, M.Table) and self.band[k] >= 0:
                bd["band"] = self.bp.bands[int(self.band[k])][2]
        else:
            raw = int(self.raw[k])
        bd["raw_amount"] = money_str(satang_to_decimal(raw))
        amount = round_satang(raw, self.round_mode, self.round_unit)
        bd["rounding"] = {"mode": self.round_mode, "unit": money_str(self.bp.rounding.unit)}
        for cap, used in zip(self.money_caps, use.money_used):
            assert cap.money is not None
            if cap.per in ("stay", "event"):
                window = None
            else:
                first, last = D.window_of(cap.per, ev)
                window = None if first is None else [iso(first), iso(last)]
            remaining = max(as_satang(cap.money) - used, 0)
            before = amount
            amount = min(amount, remaining)
            bd["caps"].append({"per": cap.per, "measure": "money", "limit": money_str(cap.money), "window": window,
                               "used": _m(used), "remaining": _m(remaining), "before": _m(before),
                               "after": _m(amount), "clause": cap.clause})
        for off, paid in zip(b.offsets, use.offsets):
            before = amount
            amount = max(amount - paid, 0)
            bd["offsets"].append({"benefit": off.benefit, "paid": _m(paid), "before": _m(before),
                                  "after": _m(amount)})
        return amount, bd, units_out

    def eligible(self, k: int, use: Usage) -> bool:
        """Every check passes (a deadline with no filing date does not fail)."""
        if not self.static_ok[k] or use.same or use.allowance or any(use.excludes):
            return False
        return all(u < cap.count for u, cap in zip(use.counts, self.count_caps))  # type: ignore[operator]

    def checks(self, k: int, use: Usage) -> list[tuple]:
        """Every check record of claim ``k``, in the per-claim engine's order."""
        b, el, cl, cols, st = self.b, self.b.eligibility, self.b.clause, self.cols, self.st
        ev = int(self.ev[k])
        evs = iso(ev)
        status = STATUSES[int(st.status[k])]
        arrears = int(st.arrears[k])
        ok = bool(self.ok_status[k])
        allowed = list(el.status)
        out: list[tuple] = [("status", cl, ok, {"status": status, "allowed": allowed, "arrears": arrears},
                             msg_status, (status, ok, tuple(allowed)))]
        if el.waiting is not None:
            w = el.waiting
            start_s, served_s = iso(int(cols["wait_start"][k])), iso(int(cols["served"][k]))
            ok = bool(cols["wait_ok"][k])
            period = self.bp.waiting_text
            out.append(("waiting", w.clause or cl, ok, {"from": w.start, "start": start_s, "period": period[0],
                                            "served_on": served_s, "event_date": evs},
                        msg_waiting, (period, start_s, served_s, evs, ok)))
        if el.tenure is not None:
            t = el.tenure
            years = Decimal(int(cols["ten_years"][k]))
            out.append(("tenure", cl, bool(cols["ten_ok"][k]),
                        {"membership": t.membership, "rounding": t.rounding, "days": int(cols["ten_days"][k]),
                         "years": str(years), "min_years": t.min_years},
                        msg_tenure, (years, t.membership, t.rounding, t.min_years)))
        if el.age is not None:
            a = el.age
            age = int(self.fact("age" if a.at == "event" else "age_at_joining")[k])
            out.append(("age", cl, bool(cols["age_ok"][k]), {"age": age, "at": a.at, "min": a.min, "max": a.max},
                        msg_age, (age, a.at, a.min, a.max)))
        if el.sex is not None:
            sex = SEX[int(self.h.sex[int(self.m[k])])]
            out.append(("sex", cl, bool(cols["sex_ok"][k]), {"sex": sex, "required": el.sex},
                        msg_sex, (sex, el.sex)))
        if el.max_arrears is not None:
            out.append(("arrears", cl, bool(cols["arrears_ok"][k]), {"arrears": arrears, "max": el.max_arrears},
                        msg_arrears, (arrears, el.max_arrears)))
        for (cond, comp), verdict in zip(self.bp.conditions, self.cond_ok):
            ok = bool(verdict[k])
            vals = {n: jsonable(_as_fact(n, self.fact(n)[k])) for n in comp.sorted_names}
            out.append(("condition", cond.clause or cl, ok, {"when": cond.when, **vals}, msg_condition, (cond, ok)))
        if b.deadline is not None:
            dl = b.deadline
            last = iso(int(cols["last_day"][k]))
            period = self.bp.deadline_text
            filed_d = int(self.c.filed[int(self.rows[k])])
            if filed_d == 0:
                out.append(("deadline", cl, None, {"from": dl.start, "last_day": last, "filed_on": None},
                            msg_deadline, (last, period, None)))
            else:
                filed = iso(filed_d)
                out.append(("deadline", cl, bool(cols["deadline_ok"][k]),
                            {"from": dl.start, "last_day": last, "filed_on": filed}, msg_deadline, (last, period, filed)))
        out.append(("same_event", cl, not use.same, {"event_date": evs, "paid_claims": list(use.same)},
                    msg_same_event, (tuple(use.same),)))
        for ex, other in zip(self.bp.excludes, use.excludes):
            out.append(("excludes", cl, not other, {"benefit": ex, "paid_claims": list(other)},
                        msg_excludes, (ex, bool(other))))
        for cap, used in zip(self.count_caps, use.counts):
            first, last = D.window_of(cap.per, ev)
            window = [None if first is None else iso(first), iso(last)]
            ok = used < cap.count  # type: ignore[operator]
            out.append(("count_cap", cap.clause or cl, ok, {"per": cap.per, "limit": cap.count, "used": used,
                                                            "window": window},
                        msg_count_cap, (used, cap.count, cap.per)))
        if isinstance(b.amount, M.Allowance):
            al = b.amount
            first, last = D.window_of(al.every, ev)
            f_s, l_s = iso(first or 0), iso(last)
            out.append(("allowance_period", cl, not use.allowance,
                        {"every": al.every, "window": [f_s, l_s], "paid_claims": list(use.allowance)},
                        msg_allowance_period, (f_s, l_s, bool(use.allowance))))
            if al.first_period == "skip":
                ok = bool(cols["first_ok"][k])
                out.append(("allowance_first_period", cl, ok, {"period_start": f_s}, msg_first_period, (ok,)))
        if isinstance(b.amount, M.Table) and self.band[k] < 0:
            x = Decimal(int(self.x[k]))
            out.append(("table", b.clause, False, {"by": b.amount.by, "value": str(x)}, msg_table, (b.amount.by, x)))
        return out


def _m(s: int) -> str:
    return money_str(satang_to_decimal(s))


def _py(v: Any) -> Any:
    return v.item() if isinstance(v, np.generic) else v


def _as_fact(name: str, v: Any) -> Any:
    """A fact value as the per-claim engine holds it: numbers as Decimal."""
    v = _py(v)
    if isinstance(v, int) and not isinstance(v, bool) and (name in FACTS or True):
        return Decimal(v)
    return v
