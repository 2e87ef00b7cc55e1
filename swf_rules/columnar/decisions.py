"""The columnar engine's result: every verdict as columns, each :class:`~swf_rules.core.Decision` built when read.

:class:`Decisions` is a sequence in batch order, like the list :meth:`swf_rules.core.Engine.evaluate_batch` returns;
``eligible`` and ``amount`` (satang) are columns over the claims as given.  Reading an item builds the same
:class:`~swf_rules.core.Decision` the per-claim engine builds -- every check record, the breakdown, and an input
fingerprint over the same inputs -- so ``to_json()`` gives the same bytes; its Thai and English messages are
rendered only when its reasons are read.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Iterator, Sequence, overload

import numpy as np

from ..books import satang_to_decimal
from ..core import Decision, MemberState, PaidClaim
from ..core.errors import Problem
from ..core.money import ZERO, money_str
from ._benefit import BenefitClaims
from ._usage import Outcomes
from .columns import Claims, Histories


class Decisions(Sequence[Decision]):
    """Decisions of a batch, in batch order (event date, filing date, claim id)."""

    def __init__(self, h: Histories, c: Claims, order: np.ndarray, outcomes: Outcomes, groups: list[BenefitClaims],
                 reference: dict[int, Decision], errors: dict[int, list[Problem]], stats: dict[str, int],
                 membership_of: np.ndarray, memberships: list[Any]):
        self.histories, self.claims, self.order = h, c, order
        self._out = outcomes
        self._groups = groups
        self._reference = reference  # claim row -> the per-claim engine's decision (claims it decided)
        self.errors = errors  # claim row -> the problems that stopped its decision (replay only)
        self.stats = stats
        self._group_of = np.full(len(c), -1, dtype=np.int64)
        for gi, g in enumerate(groups):
            self._group_of[g.rows] = gi
        for r, d in reference.items():
            outcomes.eligible[r] = d.eligible
            outcomes.amount[r] = int(d.amount * 100)
            u = d.breakdown.get("units")
            outcomes.units[r] = -1 if u is None else u
        self._membership_of = membership_of  # claim row -> index into memberships (the version's rules)
        self._memberships = memberships
        self._known: dict[int, _Known] = {}

    # ------------------------------------------------------------------------------------------ columns
    @property
    def eligible(self) -> np.ndarray:
        """Per claim (in the order given): every check passed."""
        return self._out.eligible

    @property
    def amount(self) -> np.ndarray:
        """Per claim (in the order given): the amount payable in satang (0 when not eligible)."""
        return self._out.amount

    def amount_of(self, row: int) -> Decimal:
        return satang_to_decimal(int(self._out.amount[row])) if self._out.eligible[row] else ZERO

    def verdicts(self) -> list[tuple[str, bool, Decimal]]:
        """(claim id, eligible, amount) of every claim in batch order, without building the decisions."""
        order = self.order
        amount = np.where(self._out.eligible[order], self._out.amount[order], 0)
        dec = {s: satang_to_decimal(s) for s in np.unique(amount).tolist()}
        ids = self.claims.claim_id
        return [(ids[r], e, dec[a]) for r, e, a in
                zip(order.tolist(), self._out.eligible[order].tolist(), amount.tolist())]

    # ------------------------------------------------------------------------------------------ the sequence
    def __len__(self) -> int:
        return len(self.order)

    @overload
    def __getitem__(self, i: int) -> Decision: ...

    @overload
    def __getitem__(self, i: slice) -> list[Decision]: ...

    def __getitem__(self, i: int | slice) -> Decision | list[Decision]:
        if isinstance(i, slice):
            return [self.decision(int(r)) for r in self.order[i].tolist()]
        return self.decision(int(self.order[i]))

    def __iter__(self) -> Iterator[Decision]:
        for r in self.order.tolist():
            yield self.decision(r)

    def decision(self, row: int) -> Decision:
        """The decision of claim ``row`` (its index in the claims as given)."""
        d = self._reference.get(row)
        if d is not None:
            return d
        if row in self.errors:
            raise KeyError(f"claim {self.claims.claim_id[row]} was not decided: {self.errors[row][0].code}")
        g = self._groups[int(self._group_of[row])]
        k = int(g.k_of[row])
        use = self._out.usage.get(row, g.empty)
        checks = g.checks(k, use)
        amount_s, bd, _units = g.amount(k, use)
        eligible = bool(self._out.eligible[row])
        amount = satang_to_decimal(amount_s) if eligible else ZERO
        bd["amount"] = money_str(amount)
        b, plan = g.b, g.plan
        c = self.claims
        m = int(c.member[row])
        known = self._known.get(m)
        if known is None:
            known = self._known[m] = _Known(self, m)
        return Decision._make(
            claim_id=c.claim_id[row], member_id=c.member_ids[row], benefit=b.id, kind=b.kind,
            title={"th": b.title.th, "en": b.title.en}, clause=b.clause,
            event_date=date.fromordinal(int(c.event[row])), eligible=eligible, amount=amount,
            payee="beneficiary" if b.kind == "death" else "member", fund=plan.fund_id, version=plan.version.version,
            fingerprint=plan.fingerprint, checks=tuple(checks), breakdown=bd, _inputs=(known, row, c.claim(row)))

    def rows_of_member(self, m: int) -> list[int]:
        mine = self.order[self.claims.member[self.order] == m]
        return mine.tolist()


class _Payouts:
    """The payouts one of the per-claim engine's member states knows, in the order recorded (what
    :meth:`MemberState.payout_digest` hashes)."""

    def __init__(self, known: list[Any]):
        self._known = known
        self._hashes: list[tuple[str, str, str]] = []
        self._digests: dict[int, str] = {}
        self.claim_ids = {p.claim_id for p in known}

    def record(self, p: Any) -> None:
        self._known.append(p)
        self.claim_ids.add(p.claim_id)


class _Known:
    """What a decision's input fingerprint hashes, for one member: the member's history and, per claim, the payouts
    the per-claim engine's state knew when it decided it (:class:`~swf_rules.core.MemberStates`: one state per
    set of membership rules met, each starting with the payouts recorded before it)."""

    def __init__(self, ds: Decisions, m: int):
        self._ds, self._m = ds, m
        self._at: dict[int, tuple[_Payouts, int]] | None = None
        self._member = None

    @property
    def member(self) -> Any:
        if self._member is None:
            self._member = self._ds.histories.member(self._m)
        return self._member

    def payout_digest(self, exclude_claim: str | None, row: int) -> str:
        if self._at is None:
            self._at = self._replay()
        state, n = self._at[row]
        return MemberState.payout_digest(state, exclude_claim, n)  # type: ignore[arg-type]

    def _replay(self) -> dict[int, tuple[_Payouts, int]]:
        ds = self._ds
        c, out = ds.claims, ds._out
        history = list(self.member.payouts)
        states: dict[int, _Payouts] = {}
        at: dict[int, tuple[_Payouts, int]] = {}
        for r in ds.rows_of_member(self._m):
            key = int(ds._membership_of[r])
            st = states.get(key)
            if st is None:
                st = _Payouts(list(history))
                for other in states.values():
                    for p in sorted(other._known, key=lambda p: p.event_date):
                        if p.claim_id not in st.claim_ids:
                            st.record(p)
                states[key] = st
            at[r] = (st, len(st._known))
            if out.eligible[r] and out.amount[r] > 0:
                u = int(out.units[r])
                p = PaidClaim(c.claim_id[r], c.benefit[r], date.fromordinal(int(c.event[r])), None if u < 0 else u,
                              satang_to_decimal(int(out.amount[r])))
                for s in states.values():
                    s.record(p)
        return at
