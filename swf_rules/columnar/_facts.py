"""The facts stage for every member at once: :class:`swf_rules.core.facts.MemberState`'s rules on columns.

One :class:`Index` per set of membership rules lays every spell's instalment periods out as one flat grid of cells
(spell by spell, period by period): the deadline of each, the day it was paid (the day its contributions first add
up to the scheduled amount), whether it was missed, and where the lapse rule ends the spell.  A status query (a
member and a day, many at once) is then a few binary searches: the spell, whether it covers the day, the periods
past their deadline, the arrears.  The rules are those of docs/facts.md, item by item:

- a spell covers day D when ``start <= D < end`` (end: the earlier of its end and its lapse), and the day of death
  when it ended by death;
- every period from the one containing the spell's start is due; it is missed if paid after its deadline (its last
  day plus the grace days) or never; on day D the arrears count the periods whose deadline is before D and that
  are unpaid on D;
- the lapse rule's Nth missed period (in a row, or in total) ends the spell on the day after its deadline.

Periods are laid out only up to the last day a member is asked about: facts on a day never depend on later ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core import model as M
from ._dates import NEVER, month_start, year_start
from .columns import Histories

STATUSES = ("active", "suspended", "lapsed", "resigned", "expelled", "dead", "not_member")
ACTIVE, SUSPENDED, LAPSED, RESIGNED, EXPELLED, DEAD, NOT_MEMBER = range(7)
# the status of a day after a spell's end, by its end reason (None, resigned, lapsed, died, expelled)
_ENDED = np.array([NOT_MEMBER, RESIGNED, LAPSED, DEAD, EXPELLED], dtype=np.int64)
_DIED = 3
_SHIFT = 1 << 23  # > any day ordinal (3,652,059 for 31 Dec 9999) and any period number


def _group_starts(keys: np.ndarray) -> np.ndarray:
    """Boolean: the first row of each run of equal keys (keys sorted)."""
    out = np.ones(len(keys), dtype=bool)
    if len(keys) > 1:
        out[1:] = keys[1:] != keys[:-1]
    return out


@dataclass
class Status:
    """Facts of many (member, day) queries: :class:`swf_rules.core.facts.StatusFacts` as columns."""

    status: np.ndarray  # index into STATUSES
    spell: np.ndarray  # row of the spell the status comes from (-1: none)
    arrears: np.ndarray
    due: np.ndarray  # periods of the spell past their deadline on the day (-1: missed_in_a_row is 0 by rule)


class Index:
    """The instalment grid of the members asked about, under one set of membership rules."""

    def __init__(self, h: Histories, ms: M.Membership, members: np.ndarray, until: np.ndarray):
        """``members``: member rows to index; ``until``: per row of ``members``, the last day asked about."""
        self.h = h
        self.ms = ms
        n = len(h)
        self.until = np.zeros(n, dtype=np.int64)
        self.until[members] = until
        monthly = ms.contribution.period == "month"
        self.monthly = monthly
        self.amount = int(ms.contribution.amount * 100)
        # members whose books hold an instalment of the other schedule: the per-claim engine refuses them
        kind_other = (h.c_period < 0) if monthly else (h.c_period >= 0)
        self.bad_period = np.zeros(n, dtype=bool)
        self.bad_period[h.c_member[kind_other]] = True
        self._paid_table(members)
        self._grid()

    # ------------------------------------------------------------------------------------------ paid-on days
    def _paid_table(self, members: np.ndarray) -> None:
        """(member, period) -> the day its contributions first add up to the scheduled amount."""
        h = self.h
        # every member's rows (those not asked about index no cells: their rows find no spell to fill)
        order = h.by_period()
        if h.in_period_order():
            cm, cd, cs, cp = h.c_member, h.c_date, h.c_satang, h.period_abs()  # already in order
        else:
            cm, cd, cs, cp = h.c_member[order], h.c_date[order], h.c_satang[order], h.period_abs()[order]
        key = cm * _SHIFT + cp
        starts = _group_starts(key)
        if self.amount <= 0 or bool((cs >= self.amount).all()):
            rows = np.flatnonzero(starts)  # every instalment pays its period: the first one is the day
        else:
            csum = np.cumsum(cs)
            first_row = np.flatnonzero(starts)
            base = np.repeat(csum[first_row] - cs[first_row], np.diff(np.append(first_row, len(key))))
            rows = np.flatnonzero((csum - base) >= self.amount)
            rows = rows[_group_starts(key[rows])]  # the first row of each period that reaches the amount
        self.paid_member = cm[rows]
        self.paid_period = cp[rows]
        self.paid_day = cd[rows]

    def _spells_of_paid(self, i0: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (paid row, spell) of the spells whose indexed periods hold the paid period (two spells of a
        member share a period when one ends and the next begins within it)."""
        h = self.h
        m, p = self.paid_member, self.paid_period
        n_sp = h.sp_hi[m] - h.sp_lo[m]
        one = n_sp == 1  # most members have one spell: no search
        out_r: list[np.ndarray] = []
        out_s: list[np.ndarray] = []
        j1 = h.sp_lo[m[one]]
        hit1 = (p[one] < hi[j1]) & (p[one] >= i0[j1])
        out_r.append(np.flatnonzero(one)[hit1])
        out_s.append(j1[hit1])
        rows = np.flatnonzero(~one)
        key = h.sp_member * _SHIFT + i0
        j = np.searchsorted(key, m[rows] * _SHIFT + p[rows], side="right") - 1
        while len(rows):
            js = np.maximum(j, 0)
            same = (j >= 0) & (h.sp_member[js] == m[rows])
            hit = same & (p[rows] < hi[js]) & (p[rows] >= i0[js])
            out_r.append(rows[hit])
            out_s.append(js[hit])
            # an earlier spell of the member may reach this period too (spells meeting within a period)
            go = same & (js > 0)
            prev = js[go] - 1
            more = h.sp_member[prev] == m[rows[go]]
            rows, j = rows[go][more], prev[more]
        return np.concatenate(out_r), np.concatenate(out_s)

    # ------------------------------------------------------------------------------------------ the grid
    def _grid(self) -> None:
        h, ms = self.h, self.ms
        until = self.until[h.sp_member]
        died = h.died[h.sp_member]
        start, end = h.sp_start, h.sp_end
        # the periods ensure() indexes: from the one containing the start, up to the one containing the last day
        # asked about, and none starting on or after the spell's end (or the day after death)
        stop_day = np.minimum(end, np.where(died > 0, died + 1, NEVER))
        i0 = self._index_of(start)
        hi = np.where(until > 0, self._index_of(np.maximum(until, 1)) + 1, i0)
        stop = np.where(stop_day < NEVER, self._first_index_from(np.minimum(stop_day, NEVER - 1)), hi)
        hi = np.minimum(hi, stop)
        hi = np.where(until >= start, hi, i0)  # a spell starting after the last day asked about is never indexed
        count = np.maximum(hi - i0, 0)
        ns = len(start)
        # each period's deadline, from a table of the periods in use
        lo_p = int(i0.min()) if ns else 0
        top = int(max(int(hi.max()) if ns else 0, int(self.paid_period.max()) + 1 if len(self.paid_period) else 0,
                      lo_p))
        lo_p = min(lo_p, int(self.paid_period.min()) if len(self.paid_period) else lo_p)
        table = self._period_first(np.arange(lo_p, top + 2) + 1) - 1 + ms.grace_days
        # which spells (of the member) hold each paid period; a spell whose every period was paid in time has no
        # missed period, no arrears and no lapse: only the others are laid out cell by cell
        row, sp = self._spells_of_paid(i0, hi)
        p = self.paid_period[row]
        in_time = self.paid_day[row] <= table[p - lo_p]
        ontime = np.bincount(sp[in_time], minlength=ns)
        dirty = count > ontime
        count = np.where(dirty, count, 0)
        cell_spell = np.repeat(np.arange(ns), count)
        offsets = np.concatenate(([0], np.cumsum(count)))
        ncell = int(offsets[-1])
        pidx = i0[cell_spell] + (np.arange(ncell) - offsets[cell_spell])
        deadline = table[pidx - lo_p]
        paid = np.full(ncell, NEVER, dtype=np.int64)
        use = dirty[sp]
        paid[offsets[sp[use]] + p[use] - i0[sp[use]]] = self.paid_day[row[use]]
        missed = paid > deadline
        # the lapse rule: the period that makes N missed in a row (or in total) is the spell's last
        lapse = ms.lapse_after
        n_lapse = None if lapse is None else (lapse.consecutive if lapse.consecutive is not None else lapse.total)
        lapse_on = np.full(ns, NEVER, dtype=np.int64)
        keep = np.ones(len(pidx), dtype=bool)
        idx = np.arange(len(pidx))
        spell_first = offsets[:-1][cell_spell]
        if n_lapse is not None and n_lapse > 0:
            if lapse.consecutive is not None:
                last_ok = np.maximum.accumulate(np.where(~missed, idx, spell_first - 1)) if len(idx) else idx
                hit = (idx - last_ok) >= n_lapse
            else:
                cum = np.cumsum(missed)
                before = cum[spell_first] - missed[spell_first] if len(idx) else cum
                hit = (cum - before) >= n_lapse
            cells = np.flatnonzero(hit)
            cells = cells[_group_starts(cell_spell[cells])]  # the first lapsing cell of each spell
            sp = cell_spell[cells]
            cut_after = np.full(ns, np.iinfo(np.int64).max, dtype=np.int64)
            cut_after[sp] = cells
            keep = idx <= cut_after[cell_spell]
            lapse_day = deadline[cells] + 1
            set_it = (end[sp] >= NEVER) | (lapse_day < end[sp])
            lapse_on[sp[set_it]] = lapse_day[set_it]
        self.lapse_on = lapse_on
        self.eff_end = np.minimum(end, lapse_on)
        # each spell's indexed periods [sp_i0, sp_i1), the deadline of period p (table[p - p_lo]), and which spells
        # are laid out cell by cell (the others paid every indexed period in time)
        self.sp_i0, self.sp_i1, self.p_lo, self.p_table, self.dirty = i0, hi, lo_p, table, dirty
        # the grid, cut at each spell's lapse
        self.cell_spell = cell_spell[keep]
        self.deadline = deadline[keep]
        self.paid = paid[keep]
        missed = missed[keep]
        kept = np.bincount(self.cell_spell, minlength=ns)
        self.lo = np.concatenate(([0], np.cumsum(kept)))[:-1]
        self.hi = self.lo + kept
        self.dkey = self.cell_spell * _SHIFT + self.deadline  # sorted: spells in order, deadlines increasing
        never = self.paid >= NEVER
        self.unpaid = np.concatenate(([0], np.cumsum(never)))  # unpaid[k]: never-paid cells before cell k
        late = missed & ~never
        self.late_cells = np.flatnonzero(late)
        self.spell_late = np.bincount(self.cell_spell[late], minlength=ns) if len(self.cell_spell) else \
            np.zeros(ns, dtype=np.int64)
        self.missed = missed

    def _index_of(self, days: np.ndarray) -> np.ndarray:
        from ._dates import ymd
        y, m, _ = ymd(days)
        return y * 12 + m - 1 if self.monthly else y

    def _first_index_from(self, days: np.ndarray) -> np.ndarray:
        """The first period starting on or after each day."""
        from ._dates import ymd
        y, m, d = ymd(days)
        if self.monthly:
            return y * 12 + m - np.where(d == 1, 1, 0)
        return np.where((m == 1) & (d == 1), y, y + 1)

    def _period_first(self, pidx: np.ndarray) -> np.ndarray:
        return month_start(pidx) if self.monthly else year_start(pidx)

    # ------------------------------------------------------------------------------------------ queries
    def last_spell_before(self, m: np.ndarray, d: np.ndarray) -> np.ndarray:
        """Row of the member's last spell starting on or before the day (-1: none)."""
        h = self.h
        key = h.sp_member * _SHIFT + h.sp_start
        j = np.searchsorted(key, m * _SHIFT + d, side="right") - 1
        ok = (j >= 0) & (h.sp_member[np.maximum(j, 0)] == m)
        return np.where(ok, j, -1)

    def status(self, m: np.ndarray, d: np.ndarray, ignore_death: np.ndarray | bool = False) -> Status:
        """:meth:`MemberState.status_at` for each (member, day)."""
        h = self.h
        m = np.asarray(m, dtype=np.int64)
        d = np.asarray(d, dtype=np.int64)
        died = h.died[m]
        dead = (died > 0) & ((d > died) | ((d == died) & ~np.asarray(ignore_death, dtype=bool)))
        j = self.last_spell_before(m, d)
        js = np.maximum(j, 0)
        eff = self.eff_end[js]
        reason = h.sp_reason[js]
        covers = (j >= 0) & ((d < eff) | ((d == eff) & (reason == _DIED)))
        lap = self.lapse_on[js]
        lapsed = (j >= 0) & ~covers & (lap < NEVER) & ((h.sp_end[js] >= NEVER) | (lap <= h.sp_end[js])) & (d >= lap)
        counted = covers | lapsed
        due = np.zeros(len(m), dtype=np.int64)
        q = np.flatnonzero(counted & (self.hi[js] > self.lo[js]))  # a spell without cells has nothing missed
        due[q] = np.searchsorted(self.dkey, js[q] * _SHIFT + d[q], side="left") - self.lo[js[q]]
        arrears = self.arrears(js, d, due)
        arrears = np.where(counted, arrears, 0)
        sus = self.ms.suspend_after
        status = np.where(covers, ACTIVE, np.where(lapsed, LAPSED, _ENDED[reason]))
        if sus is not None and sus > 0:
            status = np.where(covers & (arrears >= sus), SUSPENDED, status)
        status = np.where(j < 0, NOT_MEMBER, status)
        spell = j
        status = np.where(dead, DEAD, status)
        spell = np.where(dead, -1, spell)
        arrears = np.where(dead, 0, arrears)
        due = np.where(dead | ~counted, -1, due)
        return Status(status, spell, arrears, due)

    def arrears(self, sp: np.ndarray, d: np.ndarray, due: np.ndarray) -> np.ndarray:
        """Cells among the spell's first ``due`` that are unpaid on day ``d``: the never-paid ones, plus the ones
        paid late after ``d``."""
        lo = self.lo[sp]
        out = self.unpaid[lo + np.maximum(due, 0)] - self.unpaid[lo]
        q = np.flatnonzero((self.spell_late[sp] > 0) & (due > 0))
        if len(q):
            # each (query, late cell of its spell) pair: few members pay late, a few periods each
            late = self.late_cells
            lsp = self.cell_spell[late]
            first = np.searchsorted(lsp, sp[q], side="left")
            count = np.searchsorted(lsp, sp[q], side="right") - first
            qq = np.repeat(q, count)
            cells = late[np.repeat(first, count) + (np.arange(int(count.sum())) -
                                                    np.repeat(np.cumsum(count) - count, count))]
            hit = ((cells - lo[qq]) < due[qq]) & (self.paid[cells] > d[qq])
            out = out + np.bincount(qq[hit], minlength=len(sp))
        return out

    def missed_in_a_row(self, st: Status) -> np.ndarray:
        """The longest run of missed periods among the first ``due`` of the spell (0 where none were due)."""
        out = np.zeros(len(st.status), dtype=np.int64)
        q = np.flatnonzero(st.due > 0)
        if not len(q):
            return out
        runs = self._runs()
        sp = st.spell[q]
        out[q] = runs[self.lo[sp] + st.due[q] - 1]
        return out

    def _runs(self) -> np.ndarray:
        """Per cell: the longest run of missed periods in its spell up to and including it."""
        r = getattr(self, "_runs_cache", None)
        if r is None:
            idx = np.arange(len(self.missed))
            first = self.lo[self.cell_spell]
            last_ok = np.maximum.accumulate(np.where(~self.missed, idx, first - 1)) if len(idx) else idx
            run = idx - last_ok
            big = self.cell_spell * _SHIFT
            r = self._runs_cache = np.maximum.accumulate(run + big) - big if len(idx) else run
        return r

    def continuous_days(self, d: np.ndarray, spell: np.ndarray) -> np.ndarray:
        start = self.h.sp_start[np.maximum(spell, 0)]
        return np.where((spell >= 0) & (d >= start), d - start, 0)

    def cumulative_days(self, m: np.ndarray, d: np.ndarray) -> np.ndarray:
        """Days of membership summed over every spell that started on or before the day."""
        h = self.h
        lo, hi = h.sp_lo[m], h.sp_hi[m]
        count = hi - lo
        q = np.repeat(np.arange(len(m)), count)
        rows = np.repeat(lo, count) + (np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count))
        dd = d[q]
        start = h.sp_start[rows]
        last = np.minimum(dd, self.eff_end[rows])
        part = np.where(start <= dd, np.maximum(last - start, 0), 0)
        return np.bincount(q, weights=part, minlength=len(m)).astype(np.int64)

    def first_contribution(self, spell: np.ndarray) -> np.ndarray:
        """The first contribution's day within each spell's start and end (0: none, or no spell)."""
        h = self.h
        cache = getattr(self, "_first_c", None)
        if cache is None:
            # every instalment, whatever its schedule, falls in the spells of its member: find each one's spell
            key = h.sp_member * _SHIFT + h.sp_start
            j = np.searchsorted(key, h.c_member * _SHIFT + h.c_date, side="right") - 1
            js = np.maximum(j, 0)
            inside = (j >= 0) & (h.sp_member[js] == h.c_member) & (h.c_date <= h.sp_end[js])
            cache = np.full(len(h.sp_start), NEVER, dtype=np.int64)
            np.minimum.at(cache, js[inside], h.c_date[inside])
            self._first_c = cache
        out = cache[np.maximum(spell, 0)]
        return np.where((spell >= 0) & (out < NEVER), out, 0)
