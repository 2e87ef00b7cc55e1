"""A whole fund's members on many days at once: the facts the reports ask of every member, column-wise.

:class:`FundColumns` answers, for every member of a ledger at once, what :class:`swf_rules.core.MemberState`
answers one member at a time -- the status on a day, the spell it comes from, the instalments in arrears -- and
counts the instalments that fell due in a window (paid, paid in time), from the same instalment index the columnar
engine decides with (:class:`._facts.Index`, held equal to the core's facts by ``tests/test_columnar_equal.py``).
``swf_rules.reports`` uses it for whole funds when numpy is installed; ``tests/test_reports_columnar.py`` holds the
reports equal with and without it.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Sequence

import numpy as np

from ..core import model as M
from ._facts import STATUSES, Index
from .columns import Histories

__all__ = ["FundColumns"]


class FundColumns:
    """The members ``records`` (:class:`~swf_rules.books.MemberRecord`, year-only dates read at their earliest
    day, as the reports read them) with their instalments up to ``until``: facts on any day up to it."""

    def __init__(self, records: Sequence[Any], until: date):
        n = len(records)
        self.records = list(records)
        self.h = Histories.from_records(records, [until] * n)
        self.until = until.toordinal()
        self.joined = np.array([r.spells[0][0].toordinal() for r in records], dtype=np.int64)
        self._indexes: dict[int, Index] = {}
        self._rows = np.arange(n)

    def index(self, ms: M.Membership) -> Index:
        """Every member indexed up to ``until`` under one set of membership rules (built once)."""
        got = self._indexes.get(id(ms))
        if got is None:
            got = self._indexes[id(ms)] = Index(self.h, ms, self._rows, np.full(len(self._rows), self.until))
        return got

    def status(self, ms: M.Membership, on: date) -> tuple[list[str], list[int], list[int], list[bool]]:
        """Per member (in the order given): the status on ``on`` (``not_member`` before joining), the start of the
        spell it comes from (an ordinal, 0 for none), the instalments in arrears, and whether that spell has a
        period not paid in time (else nothing of it was ever missed)."""
        ix = self.index(ms)
        day = np.full(len(self._rows), on.toordinal(), dtype=np.int64)
        st = ix.status(self._rows, day)
        sp = np.maximum(st.spell, 0)
        start = np.where(st.spell >= 0, self.h.sp_start[sp], 0)
        missed = np.bincount(ix.cell_spell[ix.missed], minlength=len(ix.dirty)) > 0 if len(ix.missed) else \
            np.zeros(len(ix.dirty), dtype=bool)
        late = np.where(st.spell >= 0, missed[sp], False)
        return ([STATUSES[c] for c in st.status.tolist()], start.tolist(), st.arrears.tolist(), late.tolist())

    def collection(self, ms: M.Membership, first: date | None, top: date, as_of: date) -> tuple[int, int, int]:
        """The instalments whose deadline falls in ``[first, top]`` (of members who had joined by ``top``), how many
        of them were paid by ``as_of`` and how many in time: the count of the cells of
        :meth:`swf_rules.core.MemberState.ensure` up to ``as_of`` (``until``)."""
        ix = self.index(ms)
        h = self.h
        lo = first.toordinal() if first is not None else -(1 << 40)
        hi = top.toordinal()
        if hi < lo:
            return 0, 0, 0
        spells = self.joined[h.sp_member] <= hi
        # the spells that paid every period in time: every period due in the window was paid, in time
        a = int(np.searchsorted(ix.p_table, lo, side="left")) + ix.p_lo
        b = int(np.searchsorted(ix.p_table, hi, side="right")) + ix.p_lo
        n = np.maximum(np.minimum(ix.sp_i1, b) - np.maximum(ix.sp_i0, a), 0)
        clean = int(n[spells & ~ix.dirty].sum())
        # the others, cell by cell
        cells = spells[ix.cell_spell] & (ix.deadline >= lo) & (ix.deadline <= hi)
        paid = ix.paid[cells]
        due = int(cells.sum())
        return (clean + due, clean + int((paid <= as_of.toordinal()).sum()),
                clean + int((paid <= ix.deadline[cells]).sum()))

    def decide(self, engine: Any, rows: Sequence[int], benefit: str, on: date,
               history: dict[int, list[Any]]) -> dict[int, Any]:
        """One claim of ``benefit`` on ``on`` for each member row of ``rows`` (no details, no units), each decided
        as :meth:`swf_rules.core.Engine.evaluate` decides it alone, with the member's payouts ``history`` (row ->
        :class:`~swf_rules.core.history.Payout` list): row -> the decision, for the claims the engine does not
        refuse.  ``engine``: a :class:`~swf_rules.columnar.ColumnarEngine` of the regulation."""
        from ..books import satang_to_decimal  # noqa: F401 -- (money stays Decimal in the decisions)
        from .columns import Claims, satang
        h = self.h
        hm, hc, hb, he, hu, hs, ha = [], [], [], [], [], [], []
        for r in sorted(history):
            for p in history[r]:
                hm.append(r)
                hc.append(p.claim_id)
                hb.append(p.benefit)
                he.append(p.event_date.toordinal())
                hu.append(-1 if p.units is None else p.units)
                hs.append(satang(p.amount))
                ha.append(p.amount)
        h.h_member, h.h_claim, h.h_benefit = np.asarray(hm, dtype=np.int64), hc, hb
        h.h_event, h.h_units, h.h_satang, h.h_amount = (np.asarray(he, dtype=np.int64), np.asarray(hu, dtype=np.int64),
                                                        np.asarray(hs, dtype=np.int64), ha)
        recs, until = self.records, date.fromordinal(self.until)
        h.build = lambda i: recs[i].member(until).model_copy(update={"payouts": list(history.get(i, []))})
        rows = list(rows)
        n = len(rows)
        zero = np.zeros(n, dtype=np.int64)
        ids = [self.records[r].member_id for r in rows]
        c = Claims(claim_id=[f"review:{mid}:{benefit}" for mid in ids], member=np.asarray(rows, dtype=np.int64),
                   benefit=[benefit] * n, event=np.full(n, on.toordinal(), dtype=np.int64), end=zero, filed=zero,
                   units=np.full(n, -1, dtype=np.int64), children=zero, details=[{} for _ in range(n)],
                   member_ids=ids)
        ds = engine.decide(h, c, errors="collect")
        payable = ds.eligible & (ds.amount > 0)
        return {r: ds.decision(k) for k, r in enumerate(rows) if payable[k] and k not in ds.errors}
