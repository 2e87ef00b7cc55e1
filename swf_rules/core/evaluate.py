"""Stage 5 -- evaluate: a claim against a member's history under the version in force on the event date.

Every check is made and recorded (an ineligible decision lists every failing check, not only the first); the
amount is computed with Decimal under the declared rounding, then caps pay the remainder, then offsets deduct.
Count caps (e.g. once per fiscal year) are eligibility checks; money and unit caps reduce the amount, to zero at
most.  The same inputs give the same decision, byte for byte.

This module is the engine: which version and plan apply, the claim's input checks, the order of a fund's batch.
The checks are in :mod:`._checks`, the amounts and caps in :mod:`._amounts`, the facts of a claim in
:mod:`._claim_facts`, and the result is a :class:`~swf_rules.core.decision.Decision`.
"""

from __future__ import annotations

import contextlib
import decimal
import gc
from datetime import date
from decimal import Decimal
from typing import Any, Iterable, Iterator, Mapping

from . import model as M
from ._amounts import payable
from ._checks import check_eligibility, check_status
from ._claim_facts import Facts
from ._people import (applicant, check_not_member, check_person, check_several_members, claim_inputs, elsewhere_key,
                      person_dict)
from .compile import AmountFunction, BenefitPlan, Plan, compile_version
from .decision import Decision, iso_date
from .errors import InputError, UsageError, did_you_mean, make_problem
from .facts import MemberState, PaidClaim, StatusFacts
from .history import Claim, Member
from .money import CONTEXT, ZERO, money_str, parse_decimal
from .payees import PAYEE_WORD, payee_to, payees
from .validate import Regulation


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a batch.  A batch allocates many small containers and no reference
    cycles; full collections walking the growing heap cost a fifth of a large batch's time (docs/performance.md).
    Reference counting still frees everything as usual."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class MemberStates:
    """One member's indexed histories, one per set of membership rules met so far (a new regulation version may
    change them).  A payout recorded goes into each; a history indexed later starts with the payouts recorded
    before it, so the caps of a claim count payouts decided under any version."""

    def __init__(self, member: Member):
        self.member = member
        self._by_rules: dict[int, MemberState] = {}  # id(membership rules) -> state

    def under(self, membership: M.Membership) -> MemberState:
        """The member's history indexed under ``membership`` (built on first use)."""
        st = self._by_rules.get(id(membership))
        if st is None:
            st = MemberState(self.member, membership)
            for other in self._by_rules.values():  # payouts decided under another version count too
                for idx in other.payouts.values():
                    for p in idx.rows:
                        if p.claim_id not in st.claim_ids:
                            st.record(p)
            self._by_rules[id(membership)] = st
        return st

    def record(self, payout: Any) -> None:
        """A payout (a :class:`~swf_rules.core.history.Payout` or :class:`~swf_rules.core.facts.PaidClaim`) counted
        toward the caps of the member's later claims, under every set of rules."""
        for st in self._by_rules.values():
            st.record(payout)


class Engine:
    """Evaluates claims for one fund's regulation history.  Plans are compiled once per version."""

    def __init__(self, regulation: Regulation, functions: Mapping[str, AmountFunction] | None = None):
        if not isinstance(regulation, Regulation):
            raise UsageError("Engine needs a Regulation from load_regulation()")
        self.regulation = regulation
        self.functions = dict(functions or {})
        self._plans: dict[str, Plan] = {}

    def plan(self, version: M.Version) -> Plan:
        p = self._plans.get(version.version)
        if p is None:
            p = self._plans[version.version] = compile_version(self.regulation, version, self.functions)
        return p

    # ------------------------------------------------------------------------------------------ single claim
    def evaluate(self, member: Member | None, claim: Claim) -> Decision:
        """Decide one claim.  ``member`` is ``None`` only for a benefit for non-members (the claim's ``person`` is
        the applicant)."""
        version = self.regulation.in_force(claim.event_date)
        plan = self.plan(version)
        if member is None:
            member = self._applicant(plan, claim, "missing-member")
        state = MemberState(member, version.membership)
        return self._decide(plan, state, claim)

    def _applicant(self, plan: Plan, claim: Claim, missing: str) -> Member:
        """The applicant of a claim for a benefit for non-members (there is no member history); otherwise the
        problem ``missing`` (no history for a member's claim)."""
        bp = plan.benefits.get(claim.benefit)
        if bp is None or bp.benefit.recipients != "non_members":
            if missing == "unknown-member":
                raise InputError([make_problem("unknown-member", value=claim.member_id, path=("member_id",))])
            raise InputError([make_problem("missing-member", path=("member_id",), value=claim.member_id,
                                           benefit=claim.benefit)])
        claim_inputs(bp, claim, member_given=False)
        return applicant(claim)

    # ------------------------------------------------------------------------------------------ caller-kept state
    def state(self, member: Member, on: date) -> MemberState:
        """A member's indexed history under the membership rules of the version in force on ``on``.

        Keep it across claims and :meth:`MemberState.record` payouts into it (as a replay does) so later claims
        see them in their caps; :meth:`decide` checks that the state matches the version it applies."""
        return MemberState(member, self.regulation.in_force(on).membership)

    def decide(self, state: MemberState, claim: Claim) -> Decision:
        """Decide one claim against a caller-kept :class:`MemberState` (nothing is recorded into it)."""
        version = self.regulation.in_force(claim.event_date)
        if state.membership is not version.membership:
            raise UsageError(f"the member state was built for other membership rules than version "
                             f"{version.version}'s; build one with Engine.state(member, {claim.event_date})")
        return self._decide(self.plan(version), state, claim)

    # ------------------------------------------------------------------------------------------ whole fund
    def evaluate_batch(self, members: Iterable[Member], claims: Iterable[Claim]) -> list[Decision]:
        """Decide a fund's claims in date order; each payable decision counts toward the caps of later claims.

        Claims are ordered by (event date, filing date, claim id), so the input order does not matter.  The
        decisions are returned in that order.
        """
        by_id: dict[str, Member] = {}
        for m in members:
            by_id[m.member_id] = m
        states: dict[str, MemberStates] = {}  # member id -> the member's indexed histories
        out: list[Decision] = []
        seen: set[str] = set()
        ordered = sorted(claims, key=lambda c: (c.event_date, c.filed_on or c.event_date, c.claim_id))
        with gc_paused():
            return self._batch(ordered, by_id, states, out, seen)

    def _batch(self, ordered: list[Claim], by_id: dict[str, Member], states: dict[str, MemberStates],
               out: list[Decision], seen: set[str]) -> list[Decision]:
        events: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (benefit, event_ref) -> (member, claim) paid
        for c in ordered:
            if c.claim_id in seen:
                raise InputError([make_problem("duplicate-claim-id", value=c.claim_id, path=("claim_id",))])
            seen.add(c.claim_id)
            member = by_id.get(c.member_id)
            version = self.regulation.in_force(c.event_date)
            plan = self.plan(version)
            mine = states.get(c.member_id)
            if member is None and mine is None:
                member = self._applicant(plan, c, "unknown-member")
            if mine is None:
                mine = states[c.member_id] = MemberStates(member)  # type: ignore[arg-type]
            bp = plan.benefits.get(c.benefit) if c.event_ref is not None else None
            key = elsewhere_key(bp.benefit, c) if bp is not None else None
            d = self._decide(plan, mine.under(version.membership), c, events.get(key, ()) if key else ())
            out.append(d)
            if d.eligible and d.amount > 0:
                person = d.person["id"] if d.person is not None else None
                mine.record(PaidClaim(d.claim_id, d.benefit, d.event_date, d.breakdown.get("units"), d.amount, person))
                if key:
                    events.setdefault(key, []).append((c.member_id, c.claim_id))
        return out

    # ------------------------------------------------------------------------------------------ the decision
    def _decide(self, plan: Plan, state: MemberState, claim: Claim,
                elsewhere: Iterable[tuple[str, str]] = ()) -> Decision:
        # sums of payouts, tenure fractions and amounts use the pinned money context, not the caller's
        with decimal.localcontext(CONTEXT):
            return self._decide_pinned(plan, state, claim, elsewhere)

    def _decide_pinned(self, plan: Plan, state: MemberState, claim: Claim,
                       elsewhere: Iterable[tuple[str, str]]) -> Decision:
        member = state.member
        if claim.member_id != member.member_id:
            raise InputError([make_problem("claim-member-mismatch", path=("member_id",), value=claim.member_id,
                                           member=member.member_id)])
        bp = plan.benefits.get(claim.benefit)
        if bp is None:
            raise InputError([make_problem("unknown-benefit", path=("benefit",), value=claim.benefit,
                                           hint=did_you_mean(claim.benefit, plan.benefits,
                                                             ("benefits: " + ", ".join(plan.benefits),
                                                              "สวัสดิการ: " + ", ".join(plan.benefits))))])
        b = bp.benefit
        non_member = b.recipients == "non_members"
        if b.person is not None or non_member:
            claim_inputs(bp, claim, member_given=bool(member.spells))
        is_death = b.kind == "death"
        ev = claim.event_date
        if member.died_on is not None and not is_death and ev > member.died_on:
            raise InputError([make_problem("event-after-death", path=("event_date",), value=ev.isoformat(),
                                           died_on=member.died_on.isoformat())])
        if is_death and not non_member and member.died_on != ev:
            raise InputError([make_problem("death-claim-mismatch", path=("event_date",), value=ev.isoformat(),
                                           died_on=iso_date(member.died_on) or "none")])
        details = self._details(bp, claim)
        st = state.status_at(ev, ignore_death_on_day=is_death)
        facts = self._facts(state, claim, st, bp, details)
        reasons: list[tuple] = []
        if non_member:
            check_not_member(b, st.status, reasons)
        else:
            check_status(b, st, reasons, None if state.levy is None else state.levies_overdue(st.spell, ev))
        check_eligibility(bp, state, st, claim, facts, reasons)
        if b.person is not None:
            check_person(b, claim, reasons)
        if b.several_members is not None:
            check_several_members(b, claim, elsewhere, reasons)
        amount, breakdown = payable(plan, bp, state, claim, facts, reasons)
        eligible = all(r[2] is not False for r in reasons)
        if not eligible:
            amount = ZERO
        breakdown["amount"] = money_str(amount)
        if b.payee is None and not non_member:  # as in language version 1 (beneficiaries listed when named)
            to_heirs = is_death or _after_death(b, member, ev)  # a death benefit, or a refund on the day of death
            payee = "beneficiary" if to_heirs else "member"
            pay = payees(b, amount, member.beneficiaries, claim.person, "beneficiaries") \
                if to_heirs and member.beneficiaries else None
        else:
            payee = PAYEE_WORD[payee_to(b)]
            pay = payees(b, amount, member.beneficiaries, claim.person)
        return Decision._make(
            claim_id=claim.claim_id, member_id=claim.member_id, benefit=b.id, kind=b.kind,
            title={"th": b.title.th, "en": b.title.en}, clause=b.clause, event_date=ev, eligible=eligible,
            amount=amount, payee=payee, fund=plan.fund_id,
            version=plan.version.version, fingerprint=plan.fingerprint, checks=tuple(reasons),
            breakdown=breakdown, _inputs=(state, state.payouts_known, claim),
            payees=tuple(pay) if pay is not None else None,
            person=person_dict(claim) if claim.person is not None else None)

    def _details(self, bp: BenefitPlan, claim: Claim) -> dict[str, Any]:
        out: dict[str, Any] = {}
        problems = []
        for name, spec in bp.benefit.claim_fields.items():
            if name not in claim.details:
                if name in bp.uses_claim_fields:
                    problems.append(make_problem("missing-claim-field", path=("details", name), value=name,
                                                 benefit=bp.id))
                continue
            raw = claim.details[name]
            try:
                if spec.type == "number":
                    if isinstance(raw, bool):
                        raise ValueError
                    val: Any = parse_decimal(str(raw) if not isinstance(raw, (int, Decimal)) else raw)
                elif spec.type == "yes_no":
                    if not isinstance(raw, bool):
                        raise ValueError
                    val = raw
                else:
                    if not isinstance(raw, str):
                        raise ValueError
                    val = raw
            except (ValueError, ArithmeticError):
                problems.append(make_problem("wrong-type", path=("details", name), expected=spec.type,
                                             found=type(raw).__name__, value=str(raw)))
                continue
            if spec.one_of is not None and val not in spec.one_of:
                problems.append(make_problem("not-allowed", path=("details", name), value=str(val),
                                             hint=(f"use one of {spec.one_of}", f"ใช้ค่าใดค่าหนึ่งจาก {spec.one_of}")))
                continue
            out[name] = val
        for name in claim.details:
            if name not in bp.benefit.claim_fields:
                problems.append(make_problem("unknown-key", path=("details", name), key=name, value=name,
                                             hint=("fields of this benefit: " + ", ".join(bp.benefit.claim_fields),
                                                   "ข้อมูลของสวัสดิการนี้: " + ", ".join(bp.benefit.claim_fields))))
        if problems:
            raise InputError(problems)
        return out

    def _facts(self, state: MemberState, claim: Claim, st: StatusFacts, bp: BenefitPlan,
               details: dict[str, Any]) -> Facts:
        facts = Facts(state, claim, st, bp)
        facts.update(details)
        return facts


def _after_death(b: M.Benefit, member: Member, ev: date) -> bool:
    """A refund of a member's contributions on the day of their death is paid to the beneficiary."""
    return member.died_on == ev and isinstance(b.amount, M.V2.Refund)


def evaluate(regulation: Regulation, member: Member, claim: Claim,
             functions: Mapping[str, AmountFunction] | None = None) -> Decision:
    """Decide one claim (convenience; build an :class:`Engine` to decide many)."""
    return Engine(regulation, functions).evaluate(member, claim)
