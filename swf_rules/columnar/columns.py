"""A fund's histories and claims as columns: what the columnar engine reads.

:class:`Histories` holds every member at once: the register (birth, sex, death), the membership spells, the
instalments (day, satang, period) and the payouts already made; :class:`Claims` holds the claims to decide.  Days
are ordinals (``date.toordinal()``, 0 for none), money is integer satang, instalment periods are numbered as the
books number them (``year * 12 + month - 1`` for a month, ``-year`` for a year).  Both are built from the per-claim
engine's pydantic values (:meth:`Histories.from_members`), from a ledger's member records
(:meth:`Histories.from_records`) or from Arrow tables (:mod:`.arrow`).

The pydantic member and claim of a row are kept (or built when asked) for what only they can answer: the input
fingerprint of a decision, and the per-claim reference engine deciding the claims of a feature the columnar engine
does not vectorise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Callable, Sequence

import numpy as np

from ..books import build_member, contribution, new_claim, satang_to_decimal
from ..books.records import period_code, period_text
from ..core.history import Claim, Member, Payout

REASONS = (None, "resigned", "lapsed", "died", "expelled")
REASON_CODE = {r: i for i, r in enumerate(REASONS)}
SEX = ("female", "male")
_NEVER = 1 << 40


def satang(x: Decimal) -> int:
    """Baht as integer satang (the books keep at most two decimals)."""
    return int(x * 100)


def _i64(xs: Sequence[int] | np.ndarray) -> np.ndarray:
    return np.asarray(xs, dtype=np.int64)


@dataclass
class Histories:
    """Every member's history as columns (see the module's docstring for the units)."""

    member_ids: list[str]
    birth: np.ndarray
    sex: np.ndarray  # 0 female, 1 male
    died: np.ndarray  # 0: alive
    sp_member: np.ndarray  # spells sorted by (member, start)
    sp_start: np.ndarray
    sp_end: np.ndarray  # NEVER: open
    sp_reason: np.ndarray  # index into REASONS
    c_member: np.ndarray  # instalments, in any order
    c_date: np.ndarray
    c_satang: np.ndarray
    c_period: np.ndarray
    h_member: np.ndarray = field(default_factory=lambda: _i64([]))  # payouts already made (history)
    h_claim: list[str] = field(default_factory=list)
    h_benefit: list[str] = field(default_factory=list)
    h_event: np.ndarray = field(default_factory=lambda: _i64([]))
    h_units: np.ndarray = field(default_factory=lambda: _i64([]))  # -1: none
    h_satang: np.ndarray = field(default_factory=lambda: _i64([]))
    h_amount: list[Decimal] = field(default_factory=list)
    members: Sequence[Member] | None = None  # the pydantic members, when built from them
    build: Callable[[int], Member] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        n = len(self.member_ids)
        self.index = {mid: i for i, mid in enumerate(self.member_ids)}
        order = np.arange(len(self.sp_member))
        self.sp_lo = np.searchsorted(self.sp_member, np.arange(n), side="left") if len(order) else np.zeros(n, int)
        self.sp_hi = np.searchsorted(self.sp_member, np.arange(n), side="right") if len(order) else np.zeros(n, int)

    def __len__(self) -> int:
        return len(self.member_ids)

    def in_period_order(self) -> bool:
        """Whether the instalments are already in :meth:`by_period` order."""
        self.by_period()
        return bool(self.__dict__.get("_in_period_order"))

    def period_abs(self) -> np.ndarray:
        """Period numbers without their sign (a year's number is its year: month numbers are far larger)."""
        got = self.__dict__.get("_period_abs")
        if got is None:
            got = self.__dict__["_period_abs"] = np.abs(self.c_period)
        return got

    def by_period(self) -> np.ndarray:
        """The instalments' rows sorted by member, period number (ignoring its sign) and day: each period's
        instalments together, in the order they were paid (computed once)."""
        got = self.__dict__.get("_by_period")
        if got is None:
            key = self.c_member * (1 << 15)  # (member, period, day) as one number, built in place
            key += self.period_abs()
            key *= 1 << 23
            key += self.c_date
            if len(key) < 2 or not (key[1:] < key[:-1]).any():
                got = np.arange(len(key))
                self.__dict__["_in_period_order"] = True
            else:
                got = np.argsort(key, kind="stable")
            self.__dict__["_by_period"] = got
        return got

    def member(self, i: int) -> Member:
        """The pydantic history of member ``i`` (kept, or built from the columns)."""
        if self.members is not None:
            return self.members[i]
        assert self.build is not None
        return self.build(i)

    # ------------------------------------------------------------------------------------------ builders
    @classmethod
    def from_members(cls, members: Sequence[Member]) -> Histories:
        """Columns of the per-claim engine's pydantic histories (kept for fingerprints and the reference)."""
        sp_rows: list[tuple[int, int, int, int]] = []
        cm: list[int] = []
        cd: list[int] = []
        cs: list[int] = []
        cp: list[int] = []
        seen: dict[int, tuple[int, int, int]] = {}
        codes: dict[str, int] = {}
        hm: list[int] = []
        hc: list[str] = []
        hb: list[str] = []
        he: list[int] = []
        hu: list[int] = []
        hs: list[int] = []
        ha: list[Decimal] = []
        for i, m in enumerate(members):
            for s in m.spells:
                sp_rows.append((i, s.start.toordinal(), _NEVER if s.end is None else s.end.toordinal(),
                                REASON_CODE[s.end_reason]))
            cs_i = m.contributions
            if cs_i:
                cm.extend([i] * len(cs_i))
                for c in cs_i:
                    t = seen.get(id(c))  # the members hold every contribution alive: ids are unique
                    if t is None:
                        k = codes.get(c.covers)
                        if k is None:
                            k = codes[c.covers] = period_code(c.covers)
                        t = seen[id(c)] = (c.date.toordinal(), satang(c.amount), k)
                    cd.append(t[0])
                    cs.append(t[1])
                    cp.append(t[2])
            for p in m.payouts:
                hm.append(i)
                hc.append(p.claim_id)
                hb.append(p.benefit)
                he.append(p.event_date.toordinal())
                hu.append(-1 if p.units is None else p.units)
                hs.append(satang(p.amount))
                ha.append(p.amount)
        sp_rows.sort()
        sp = np.asarray(sp_rows, dtype=np.int64).reshape(-1, 4)
        return cls(member_ids=[m.member_id for m in members],
                   birth=_i64([m.birth_date.toordinal() for m in members]),
                   sex=_i64([0 if m.sex == "female" else 1 for m in members]),
                   died=_i64([0 if m.died_on is None else m.died_on.toordinal() for m in members]),
                   sp_member=sp[:, 0].copy(), sp_start=sp[:, 1].copy(), sp_end=sp[:, 2].copy(),
                   sp_reason=sp[:, 3].copy(), c_member=_i64(cm), c_date=_i64(cd), c_satang=_i64(cs),
                   c_period=_i64(cp), h_member=_i64(hm), h_claim=hc, h_benefit=hb, h_event=_i64(he),
                   h_units=_i64(hu), h_satang=_i64(hs), h_amount=ha, members=members)

    @classmethod
    def from_arrays(cls, member_ids: list[str], birth: Any, sex: Any, died: Any,
                    spells: tuple[Any, Any, Any, Any], contributions: tuple[Any, Any, Any, Any]) -> Histories:
        """Columns given as arrays (spells: member index, start, end or NEVER, reason code; contributions: member
        index, day, satang, period code); the pydantic member is built from them when asked."""
        sm, ss, se, sr = (_i64(x) for x in spells)
        order = np.lexsort((ss, sm))
        h = cls(member_ids=list(member_ids), birth=_i64(birth), sex=_i64(sex), died=_i64(died),
                sp_member=sm[order], sp_start=ss[order], sp_end=se[order], sp_reason=sr[order],
                c_member=_i64(contributions[0]), c_date=_i64(contributions[1]), c_satang=_i64(contributions[2]),
                c_period=_i64(contributions[3]))
        h.build = h._build_member
        return h

    @classmethod
    def from_records(cls, records: Sequence[Any], until: Sequence[date | None] | None = None) -> Histories:
        """Columns of a ledger's member records (:class:`~swf_rules.books.MemberRecord`, without placeholder
        dates), each with the instalments paid up to ``until[i]`` (all when None): what a replay judges."""
        n = len(records)
        lims = [None] * n if until is None else [None if u is None else u.toordinal() for u in until]
        sm: list[int] = []
        ss: list[int] = []
        se: list[int] = []
        sr: list[int] = []
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        for i, rec in enumerate(records):
            for s_, e_, r_ in rec.spells:
                sm.append(i)
                ss.append(s_.toordinal())
                se.append(_NEVER if e_ is None else e_.toordinal())
                sr.append(REASON_CODE[r_])
            if len(rec.dates):
                d = np.frombuffer(rec.dates, dtype=np.int32).astype(np.int64)
                a = np.frombuffer(rec.amounts, dtype=np.int64)
                p = np.frombuffer(rec.periods, dtype=np.int32).astype(np.int64)
                if lims[i] is not None:
                    keep = d <= lims[i]
                    d, a, p = d[keep], a[keep], p[keep]
                parts.append((np.full(len(d), i, dtype=np.int64), d, a.astype(np.int64), p))
        cols = [np.concatenate([x[k] for x in parts]) if parts else _i64([]) for k in range(4)]
        h = cls.from_arrays([r.member_id for r in records], [r.birth_date.toordinal() for r in records],
                            [0 if r.sex == "female" else 1 for r in records],
                            [0 if r.died_on is None else r.died_on.toordinal() for r in records],
                            (sm, ss, se, sr), tuple(cols))  # type: ignore[arg-type]
        recs = list(records)
        ends = [None if u is None else u for u in (until or [None] * n)]
        h.build = lambda i: recs[i].member(ends[i])
        return h

    def _build_member(self, i: int) -> Member:
        lo, hi = int(self.sp_lo[i]), int(self.sp_hi[i])
        spells = [(date.fromordinal(int(s)), None if e == _NEVER else date.fromordinal(int(e)), REASONS[int(r)])
                  for s, e, r in zip(self.sp_start[lo:hi].tolist(), self.sp_end[lo:hi].tolist(),
                                     self.sp_reason[lo:hi].tolist())]
        rows = self._contribution_rows(i)
        conts = [contribution(date.fromordinal(d), satang_to_decimal(a), period_text(p)) for d, a, p in rows]
        died = int(self.died[i])
        return build_member(self.member_ids[i], date.fromordinal(int(self.birth[i])),
                            SEX[int(self.sex[i])], spells, conts, date.fromordinal(died) if died else None)

    def _contribution_rows(self, i: int) -> list[tuple[int, int, int]]:
        idx = getattr(self, "_c_order", None)
        if idx is None:
            idx = self._c_order = np.argsort(self.c_member, kind="stable")
            self._c_bounds = np.searchsorted(self.c_member[idx], np.arange(len(self.member_ids) + 1))
        sel = idx[self._c_bounds[i]:self._c_bounds[i + 1]]
        return list(zip(self.c_date[sel].tolist(), self.c_satang[sel].tolist(), self.c_period[sel].tolist()))


@dataclass
class Claims:
    """Claims to decide, as columns; ``member`` is the row of :class:`Histories` (-1: unknown member)."""

    claim_id: list[str]
    member: np.ndarray
    benefit: list[str]
    event: np.ndarray
    end: np.ndarray  # 0: none
    filed: np.ndarray  # 0: none
    units: np.ndarray  # -1: none
    children: np.ndarray  # 0: none
    details: list[dict[str, Any]]
    member_ids: list[str]
    claims: Sequence[Claim] | None = None  # the pydantic claims, when built from them
    recorded: np.ndarray | None = None  # satang paid by the books (a replay): caps count min(recorded, supported)

    def __len__(self) -> int:
        return len(self.claim_id)

    def has_details(self) -> np.ndarray:
        got = self.__dict__.get("_has_details")
        if got is None:
            got = self.__dict__["_has_details"] = np.fromiter(map(bool, self.details), dtype=bool,
                                                              count=len(self.details))
        return got

    def benefit_codes(self) -> tuple[list[str], np.ndarray]:
        """The benefit ids claimed (in order of first appearance) and each claim's index among them."""
        got = self.__dict__.get("_codes")
        if got is None:
            codes: dict[str, int] = {}
            col = np.fromiter((codes.setdefault(b, len(codes)) for b in self.benefit), dtype=np.int64,
                              count=len(self.benefit))
            got = self.__dict__["_codes"] = (list(codes), col)
        return got

    def claim(self, i: int) -> Claim:
        if self.claims is not None:
            return self.claims[i]
        end, filed, units, children = (int(self.end[i]), int(self.filed[i]), int(self.units[i]),
                                       int(self.children[i]))
        return new_claim(claim_id=self.claim_id[i], member_id=self.member_ids[i], benefit=self.benefit[i],
                         event_date=date.fromordinal(int(self.event[i])),
                         end_date=date.fromordinal(end) if end else None,
                         filed_on=date.fromordinal(filed) if filed else None, units=None if units < 0 else units,
                         children=children or None, details=self.details[i], calendar="gregorian")

    @classmethod
    def from_rows(cls, rows: Sequence[Any], details: Sequence[dict[str, Any]], histories: Histories) -> Claims:
        """A ledger's payouts (:class:`~swf_rules.books.PayoutRow`) re-decided as claims (the payout id is the claim
        id), each with its typed details; ``recorded`` holds what was paid."""
        index = histories.index
        return cls(claim_id=[p.payout_id for p in rows], member=_i64([index.get(p.member_id, -1) for p in rows]),
                   benefit=[p.benefit for p in rows], event=_i64([p.event_date.toordinal() for p in rows]),
                   end=_i64([0 if p.end_date is None else p.end_date.toordinal() for p in rows]),
                   filed=_i64([0 if p.filed_on is None else p.filed_on.toordinal() for p in rows]),
                   units=_i64([-1 if p.units is None else p.units for p in rows]),
                   children=_i64([p.children or 0 for p in rows]), details=list(details),
                   member_ids=[p.member_id for p in rows], recorded=_i64([satang(p.amount) for p in rows]))

    @classmethod
    def from_claims(cls, claims: Sequence[Claim], histories: Histories) -> Claims:
        index = histories.index
        return cls(claim_id=[c.claim_id for c in claims],
                   member=_i64([index.get(c.member_id, -1) for c in claims]),
                   benefit=[c.benefit for c in claims],
                   event=_i64([c.event_date.toordinal() for c in claims]),
                   end=_i64([0 if c.end_date is None else c.end_date.toordinal() for c in claims]),
                   filed=_i64([0 if c.filed_on is None else c.filed_on.toordinal() for c in claims]),
                   units=_i64([-1 if c.units is None else c.units for c in claims]),
                   children=_i64([c.children or 0 for c in claims]),
                   details=[c.details for c in claims], member_ids=[c.member_id for c in claims],
                   claims=list(claims))


def paid_record(claim_id: str, benefit: str, event: int, units: int | None, amount: Decimal) -> Payout:
    """A payout counted toward later caps (what a replay records)."""
    from ..books import new_payout
    return new_payout(claim_id=claim_id, benefit=benefit, event_date=date.fromordinal(event), end_date=None,
                      units=units, amount=amount)
