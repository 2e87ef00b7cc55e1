"""The columnar engine: a whole fund's claims decided at once, from the per-claim engine's compiled plans.

:meth:`ColumnarEngine.decide` takes :class:`~.columns.Histories` and :class:`~.columns.Claims` and returns
:class:`~.decisions.Decisions`, the same decisions :meth:`swf_rules.core.Engine.evaluate_batch` gives, byte for
byte in JSON.  The steps:

1. the batch order (event date, filing date, claim id), the version in force on each event date and its plan
   (compiled once, by the reference engine: one plan, two executors);
2. the input checks of the per-claim engine (unknown member or benefit, an event after death, a death claim on
   another day, claim details, missing units, instalments of the wrong schedule): a batch with any is decided by
   the per-claim engine, which raises exactly what it raises; in a replay (``errors="collect"``) each such claim's
   member is decided by it, and the problems are kept per claim;
3. members with a claim of a feature this engine does not vectorise (:mod:`.features`) are decided by the
   per-claim engine, in batch order, inside the run (counted in :attr:`Decisions.stats`);
4. for everyone else, per set of membership rules, an instalment index of every member (:mod:`._facts`); per
   benefit and version, the static checks and amounts on columns (:mod:`._benefit`); then what earlier payouts
   take, exactly in date order for the few claims that compete (:mod:`._usage`).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable, Mapping

import numpy as np

from ..core import Decision, Engine, MemberStates, PaidClaim
from ..core import model as M
from ..core._people import elsewhere_key
from ..core.compile import AmountFunction, Plan
from ..core.errors import InputError, LookupProblem, Problem, SwfError, UsageError
from ..core.history import Claim, Member
from ..core.validate import Regulation
from ._benefit import BenefitClaims
from ._facts import Index
from ._usage import Outcomes, resolve
from .columns import Claims, Histories, paid_record
from .decisions import Decisions
from .features import benefit_unsupported, plan_unsupported


class _Details:
    """What :meth:`Engine._details` reads of a claim."""

    __slots__ = ("details",)

    def __init__(self, details: dict[str, Any]):
        self.details = details


class ColumnarEngine:
    """Decides a fund's claims column-wise with the plans of :class:`swf_rules.core.Engine` (which it keeps as the
    reference for single claims and for what it does not vectorise)."""

    def __init__(self, regulation: Regulation, functions: Mapping[str, AmountFunction] | None = None,
                 reference: Engine | None = None):
        if not isinstance(regulation, Regulation):
            raise UsageError("ColumnarEngine needs a Regulation from load_regulation()")
        self.regulation = regulation
        self.reference = reference or Engine(regulation, functions)
        self._why: dict[tuple[str, str], list[str]] = {}

    def plan(self, version: M.Version) -> Plan:
        return self.reference.plan(version)

    def not_vectorised(self, version: M.Version, benefit: str) -> list[str]:
        """Why the claims of ``benefit`` under ``version`` go to the per-claim engine (empty: they do not)."""
        key = (version.version, benefit)
        why = self._why.get(key)
        if why is None:
            plan = self.plan(version)
            bp = plan.benefits.get(benefit)
            why = plan_unsupported(plan) + ([] if bp is None else benefit_unsupported(plan, bp))
            self._why[key] = why
        return why

    # ------------------------------------------------------------------------------------------ entry points
    def evaluate_batch(self, members: Iterable[Member], claims: Iterable[Claim]) -> Decisions:
        """:meth:`swf_rules.core.Engine.evaluate_batch` on columns: the same decisions, in the same order."""
        members = list(members)
        claims = list(claims)
        h = Histories.from_members(members)
        return self.decide(h, Claims.from_claims(claims, h))

    def decide(self, h: Histories, c: Claims, *, errors: str = "raise") -> Decisions:
        """Decide every claim of ``c`` against the histories ``h``, in batch order, each payable decision counting
        toward the caps of later claims (in a replay, ``c.recorded`` says what was paid: ``min(recorded,
        supported)`` counts).  ``errors="raise"``: a claim the per-claim engine refuses raises what it raises;
        ``"collect"``: the problems are kept in :attr:`Decisions.errors` and the claim counts toward nothing."""
        n = len(c)
        order = _batch_order(c)
        pos = np.empty(n, dtype=np.int64)
        pos[order] = np.arange(n)
        version_of, problems = self._versions(c)
        plans = [self.plan(v) for v in self.regulation.versions]
        bad: set[int] = set(problems)  # claims the per-claim engine refuses
        if errors == "raise" and (len(set(c.claim_id)) != n or (c.member < 0).any()):
            return self._reference_batch(h, c, order)
        names, bcode = c.benefit_codes()
        known = np.zeros(n, dtype=bool)
        death = np.zeros(n, dtype=bool)
        rate = np.zeros(n, dtype=bool)
        feature = np.zeros(n, dtype=bool)
        details: dict[int, dict[str, Any]] = {}
        combo = np.where(version_of >= 0, version_of * len(names) + bcode, -1)
        for k in np.unique(combo).tolist():
            if k < 0:
                continue
            plan = plans[k // len(names)]
            sel = combo == k
            bp = plan.benefits.get(names[k % len(names)])
            if bp is None:
                bad.update(np.flatnonzero(sel).tolist())
                continue
            known |= sel
            if bp.benefit.kind == "death":
                death |= sel
            if isinstance(bp.benefit.amount, M.Rate):
                rate |= sel
            if self.not_vectorised(plan.version, bp.id):
                feature |= sel
            rows = np.flatnonzero(sel if bp.benefit.claim_fields else sel & c.has_details()).tolist()
            parsed: dict[Any, Any] = {}
            for r in rows:
                raw = c.details[r]
                try:
                    key: Any = tuple(sorted((k, type(v).__name__, v) for k, v in raw.items()))
                    hash(key)
                except TypeError:
                    key = None
                got = parsed.get(key) if key is not None else None
                if got is None:
                    try:
                        got = self.reference._details(bp, _Details(raw))  # type: ignore[arg-type]
                    except InputError:
                        bad.add(r)
                        continue
                    if key is not None:
                        parsed[key] = got
                details[r] = got
        feature_rows = np.flatnonzero(feature).tolist() + _people_rows(h, c, death)
        died = h.died[np.maximum(c.member, 0)]
        ev = c.event
        wrong = (c.member >= 0) & (version_of >= 0) & (
            (~death & (died > 0) & (ev > died)) | (death & (died != ev)) |
            (rate & (c.units < 0) & (c.end == 0)))
        bad.update(np.flatnonzero(wrong).tolist())
        membership_of = np.full(n, -1, dtype=np.int64)
        memberships: list[M.Membership] = []
        for vi, v in enumerate(self.regulation.versions):
            sel = version_of == vi
            if sel.any():
                if v.membership not in memberships:
                    memberships.append(v.membership)
                membership_of[sel] = memberships.index(v.membership)
        # instalments of the other schedule: the per-claim engine refuses the member's history
        for mi, ms in enumerate(memberships):
            monthly = ms.contribution.period == "month"
            other = (h.c_period < 0) if monthly else (h.c_period >= 0)
            off = np.zeros(len(h), dtype=bool)
            off[h.c_member[other]] = True
            bad.update(np.flatnonzero((membership_of == mi) & off[np.maximum(c.member, 0)]).tolist())
        if bad and errors == "raise":
            return self._reference_batch(h, c, order)
        # members decided by the per-claim engine: a claim it refuses (replay), or a feature not vectorised
        to_reference = np.zeros(len(h), dtype=bool)
        for r in list(bad) + feature_rows:
            if c.member[r] >= 0:
                to_reference[c.member[r]] = True
        decided = (version_of >= 0) & (c.member >= 0)
        vec = decided & ~to_reference[np.maximum(c.member, 0)] & known
        outcomes = Outcomes(n)
        groups = self._groups(h, c, vec, version_of, membership_of, memberships, plans, pos, details, names, bcode)
        resolve(groups, h, c, pos, outcomes)
        ref_rows = order[decided[order] & to_reference[np.maximum(c.member[order], 0)]]
        try:
            reference, errs = self._reference_members(h, c, ref_rows, errors)
        except InputError:  # the per-claim engine refuses the batch: it raises what it raises, at its first claim
            return self._reference_batch(h, c, order)
        for r, ps in problems.items():
            errs[r] = ps
        stats = {"claims": n, "vectorised_claims": int(vec.sum()), "reference_claims": len(reference),
                 "reference_members": int(to_reference.sum()), "resolved_in_order": outcomes.resolved,
                 "refused_claims": len(errs)}
        return Decisions(h, c, order, outcomes, groups, reference, errs, stats, membership_of, memberships)

    # ------------------------------------------------------------------------------------------ steps
    def _versions(self, c: Claims) -> tuple[np.ndarray, dict[int, list[Problem]]]:
        """Per claim, the index of the version in force on its event date (-1: none, with the problem)."""
        days, inverse = np.unique(c.event, return_inverse=True)
        index = {id(v): i for i, v in enumerate(self.regulation.versions)}
        per_day = np.full(len(days), -1, dtype=np.int64)
        why: dict[int, list[Problem]] = {}
        for i, d in enumerate(days.tolist()):
            try:
                per_day[i] = index[id(self.regulation.in_force(date.fromordinal(d)))]
            except LookupProblem as e:
                why[i] = e.problems
        out = per_day[inverse]
        problems = {r: why[int(inverse[r])] for r in np.flatnonzero(out < 0).tolist()}
        return out, problems

    def _groups(self, h: Histories, c: Claims, vec: np.ndarray, version_of: np.ndarray, membership_of: np.ndarray,
                memberships: list[M.Membership], plans: list[Plan], pos: np.ndarray,
                details: dict[int, dict[str, Any]], names: list[str], bcode: np.ndarray) -> list[BenefitClaims]:
        groups: list[BenefitClaims] = []
        k_of = np.zeros(len(c), dtype=np.int64)  # claim row -> its position in its group's rows
        for mi, ms in enumerate(memberships):
            sel = np.flatnonzero(vec & (membership_of == mi))
            if not len(sel):
                continue
            m = c.member[sel]
            members, inv = np.unique(m, return_inverse=True)
            until = np.zeros(len(members), dtype=np.int64)
            np.maximum.at(until, inv, c.event[sel])
            index = Index(h, ms, members, until)
            vsel = version_of[sel]
            for vi in np.unique(vsel).tolist():
                rows_v = sel[vsel == vi]
                codes_v = bcode[rows_v]
                for bc in sorted(np.unique(codes_v).tolist(), key=names.__getitem__):
                    rows = rows_v[codes_v == bc]
                    rows = rows[np.argsort(pos[rows], kind="stable")]
                    g = BenefitClaims(plans[vi], plans[vi].benefits[names[bc]], rows, h, c, index, details)
                    k_of[rows] = np.arange(len(rows))
                    g.k_of = k_of
                    g.evaluate()
                    groups.append(g)
        return groups

    def _reference_members(self, h: Histories, c: Claims, rows: np.ndarray, errors: str
                           ) -> tuple[dict[int, Decision], dict[int, list[Problem]]]:
        """The per-claim engine over some members' claims (rows in batch order), each member's own states, as
        :meth:`Engine.evaluate_batch` runs them (the persons paid, the same event paid to another member)."""
        out: dict[int, Decision] = {}
        errs: dict[int, list[Problem]] = {}
        states: dict[int, MemberStates] = {}
        events: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (benefit, event_ref) -> (member, claim) paid
        eng = self.reference
        for r in rows.tolist():
            m = int(c.member[r])
            mine = states.get(m)
            if mine is None:
                mine = states[m] = MemberStates(h.member(m))
            claim = c.claim(r)
            key = None
            try:
                version = self.regulation.in_force(claim.event_date)
                plan = self.plan(version)
                bp = plan.benefits.get(claim.benefit) if claim.event_ref is not None else None
                key = elsewhere_key(bp.benefit, claim) if bp is not None else None
                d = eng._decide(plan, mine.under(version.membership), claim, events.get(key, ()) if key else ())
            except InputError as e:
                if errors == "raise":
                    raise
                errs[r] = e.problems
                continue
            out[r] = d
            if d.eligible and d.amount > 0:
                person = d.person["id"] if d.person is not None else None
                if c.recorded is None:
                    mine.record(PaidClaim(d.claim_id, d.benefit, d.event_date, d.breakdown.get("units"), d.amount,
                                          person))
                    if key:
                        events.setdefault(key, []).append((claim.member_id, claim.claim_id))
                else:
                    used = min(d.amount, _baht(int(c.recorded[r])))
                    if used > 0:
                        mine.record(paid_record(d.claim_id, d.benefit, int(c.event[r]), d.breakdown.get("units"),
                                                used))
        return out, errs

    def _reference_batch(self, h: Histories, c: Claims, order: np.ndarray) -> Decisions:
        """A batch the per-claim engine refuses: it raises (or, if it does not, its decisions are returned)."""
        members = [h.member(i) for i in range(len(h))]
        claims = [c.claim(i) for i in range(len(c))]
        try:
            decisions = self.reference.evaluate_batch(members, claims)
        except SwfError:
            raise
        by_id = {cid: i for i, cid in enumerate(c.claim_id)}
        ref = {by_id[d.claim_id]: d for d in decisions}
        out = Outcomes(len(c))
        return Decisions(h, c, order, out, [], ref, {}, {"claims": len(c), "vectorised_claims": 0,
                                                         "reference_claims": len(ref), "reference_members": len(h),
                                                         "resolved_in_order": 0, "refused_claims": 0},
                         np.zeros(len(c), dtype=np.int64), [])


def _people_rows(h: Histories, c: Claims, death: np.ndarray) -> list[int]:
    """Claims whose decision names people the columns do not hold (language version 2, in the pydantic values
    only): a claim naming the person it is about, or a death claim of a member who named beneficiaries (the
    decision lists their shares).  Their members go to the per-claim engine."""
    out: list[int] = []
    if c.claims is not None:
        out += [r for r, x in enumerate(c.claims) if x.person is not None]
    if h.members is not None and death.any():
        named = {i for i, m in enumerate(h.members) if m.beneficiaries}
        if named:
            out += [r for r in np.flatnonzero(death).tolist() if int(c.member[r]) in named]
    return out


def _baht(s: int) -> Any:
    from ..books import satang_to_decimal
    return satang_to_decimal(s)


def _batch_order(c: Claims) -> np.ndarray:
    """Claim rows in batch order: event date, filing date (the event date when none), claim id."""
    n = len(c)
    ids = c.claim_id
    rank = np.empty(n, dtype=np.int64)
    rank[sorted(range(n), key=ids.__getitem__)] = np.arange(n)
    filed = np.where(c.filed > 0, c.filed, c.event)
    return np.lexsort((rank, filed, c.event))
