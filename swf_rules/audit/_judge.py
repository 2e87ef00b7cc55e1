"""How one member's payouts are judged (rules 2-5 and 7 of :mod:`swf_rules.audit.replay`): duplicates first,
then the benefit in force, then the engine's decision on the payout as a claim, with the caps consumed by what
was rightly paid before it; and, for a member with year-only dates, every reading of them, agreeing or
``undetermined``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Iterable

from ..core import Decision, Engine, MemberStates
from ..core.errors import InputError, LookupProblem, Problem
from ..core.history import Member, Payout
from ..books import MemberRecord, PayoutRow, new_claim, new_payout
from ..core.money import ZERO, money_str
from ..core.validate import Regulation
from .findings import Finding

_TWICE_CHECKS = frozenset({"same_event", "allowance_period"})
_YES = {"yes", "true", "1", "y", "ใช่", "มี"}
_NO = {"no", "false", "0", "n", "ไม่ใช่", "ไม่มี"}


@dataclass
class Outcome:
    finding: str
    supported: Decimal | None
    failing: list[dict[str, Any]]
    duplicate_of: str | None
    version: str | None
    consumed: Payout | None = None

    def key(self) -> tuple:
        return (self.finding, self.supported, tuple(f["check"] for f in self.failing), self.duplicate_of)


class World:
    """One reading of a member's history (one placeholder scenario) with the caps consumed so far."""

    def __init__(self, member: Member, label: dict[str, str]):
        self.label = label
        self.states = MemberStates(member)


def _reason(check: str, en: str, th: str, clause: str | None = None,
            values: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"check": check, "clause": clause, "message": {"en": en, "th": th}, "values": values or {}}


def _problem_reason(check: str, p: Problem) -> dict[str, Any]:
    return _reason(check, p.message_en, p.message_th, p.clause, {"code": p.code})


class MemberJudge:
    """Judges one member's payouts, in replay order, against one fund's regulation."""

    def __init__(self, regulation: Regulation, engine: Engine):
        self.regulation = regulation
        self.engine = engine

    def member(self, rec: MemberRecord, payouts: list[PayoutRow], dup_of: dict[str, str]) -> list[Finding]:
        rec = self._refine_death(rec, payouts)
        # the facts on a day depend only on the instalments paid up to that day (docs/facts.md), so the history is
        # cut after the member's last payout: less to index and to fingerprint, the same verdicts
        scenarios = rec.scenarios(until=max(p.event_date for p in payouts))
        if scenarios is None:
            note = "too many placeholder dates to judge: " + ", ".join(sorted(rec.placeholders))
            return [Finding(p, "undetermined", None, [], None, None, sorted(rec.placeholders), note)
                    for p in payouts]
        worlds = [World(m, label) for label, m in scenarios]
        ph = sorted(rec.placeholders)
        out = []
        for p in payouts:
            outcomes = []
            for w in worlds:
                o = self._payout(w, p, dup_of)
                if o.consumed is not None:
                    w.states.record(o.consumed)
                outcomes.append(o)
            first = outcomes[0]
            if all(o.key() == first.key() for o in outcomes[1:]):
                out.append(Finding(p, first.finding, first.supported, first.failing, first.duplicate_of,
                                   first.version, ph))
            else:
                out.append(Finding(p, "undetermined", None, [], None, first.version, ph,
                                   _disagreement(rec, worlds, outcomes)))
        return out

    def _refine_death(self, rec: MemberRecord, payouts: list[PayoutRow]) -> MemberRecord:
        """A year-only date of death is made exact by the member's death payout dated in that year (the voucher
        records the day the register does not)."""
        year = rec.placeholders.get("died_on")
        if year is None:
            return rec
        for p in payouts:
            try:
                b = self.regulation.in_force(p.event_date).benefit(p.benefit)
            except LookupProblem:
                continue
            if b is not None and b.kind == "death" and p.event_date.year == year:
                ph = {k: v for k, v in rec.placeholders.items() if k != "died_on"}
                spells = []
                for i, (s, e, r) in enumerate(rec.spells):
                    if r == "died" and f"spells[{i}].end" in ph and ph[f"spells[{i}].end"] == year:
                        e = p.event_date
                        del ph[f"spells[{i}].end"]
                    spells.append((s, e, r))
                return replace(rec, died_on=p.event_date, spells=spells, placeholders=ph)
        return rec

    def _payout(self, world: World, p: PayoutRow, dup_of: dict[str, str]) -> Outcome:
        try:
            version = self.regulation.in_force(p.event_date)
        except LookupProblem as e:
            version = None
            no_version = e.problems[0]
        if p.payout_id in dup_of:
            other = dup_of[p.payout_id]
            return Outcome("paid_twice", ZERO, [_reason(
                "same_event", f"the same event was already paid by payout {other}",
                f"เหตุการณ์เดียวกันจ่ายแล้วในรายการ {other}", values={"paid_claims": [other]})], other,
                version.version if version is not None else None)
        if version is None:
            return Outcome("not_entitled", ZERO, [_problem_reason("version_in_force", no_version)], None, None)
        plan = self.engine.plan(version)
        bp = plan.benefits.get(p.benefit)
        if bp is None:
            return Outcome("unknown_benefit", ZERO, [_reason(
                "benefit", f"version {version.version} has no benefit '{p.benefit}'",
                f"ระเบียบฉบับ {version.version} ไม่มีสวัสดิการ '{p.benefit}'")], None, version.version)
        claim = new_claim(
            claim_id=p.payout_id, member_id=p.member_id, benefit=p.benefit, event_date=p.event_date,
            end_date=p.end_date, filed_on=p.filed_on, units=p.units, children=p.children,
            details=_coerce_details(bp.benefit, p.details), calendar="gregorian")
        try:
            d = self.engine.decide(world.states.under(version.membership), claim)
        except InputError as e:
            return _from_problems(e.problems, version.version)
        return _from_decision(d, p)


def _from_problems(problems: list[Problem], version: str) -> Outcome:
    codes = [p.code for p in problems]
    if codes == ["event-after-death"]:
        return Outcome("not_entitled", ZERO, [_problem_reason("alive", problems[0])], None, version)
    if codes == ["death-claim-mismatch"]:
        return Outcome("not_entitled", ZERO, [_problem_reason("death_date", problems[0])], None, version)
    # the recorded payout lacks what the regulation needs to decide it (claim details): no verdict
    return Outcome("undetermined", None, [_problem_reason(p.code, p) for p in problems], None, version)


def _from_decision(d: Decision, p: PayoutRow) -> Outcome:
    failing = [{"check": r["check"], "clause": r["clause"], "message": r["message"], "values": r["values"]}
               for r in d.failing]
    if not d.eligible:
        names = [f["check"] for f in failing]
        if names == ["deadline"]:
            return Outcome("late", ZERO, failing, None, d.version)
        if set(names) <= _TWICE_CHECKS:
            paid = sorted({c for f in failing for c in f["values"].get("paid_claims", [])})
            return Outcome("paid_twice", ZERO, failing, paid[0] if paid else None, d.version)
        return Outcome("not_entitled", ZERO, failing, None, d.version)
    s, r = d.amount, p.amount
    finding = "supported" if r == s else "overpaid" if r > s else "underpaid"
    used = min(r, s)
    consumed = None
    if used > 0:
        consumed = new_payout(claim_id=p.payout_id, benefit=p.benefit, event_date=p.event_date,
                                          end_date=None, units=d.breakdown.get("units"), amount=used)
    return Outcome(finding, s, [], None, d.version, consumed)


def _disagreement(rec: MemberRecord, worlds: list[World], outcomes: list[Outcome]) -> str:
    ph = ", ".join(f"{k}={rec.placeholders[k]}" for k in sorted(rec.placeholders))
    seen: dict[tuple, list[str]] = {}
    for w, o in zip(worlds, outcomes):
        desc = o.finding + (f" ({','.join(f['check'] for f in o.failing)})" if o.failing else "") + \
            (f" {money_str(o.supported)}" if o.supported is not None and o.finding != "not_entitled" else "")
        corner = "+".join(f"{k}:{v}" for k, v in sorted(w.label.items()))
        seen.setdefault((desc,), []).append(corner)
    parts = [f"{d[0]} if {' or '.join(c)}" for d, c in seen.items()]
    return f"the verdict depends on the day of year-only date(s) {ph}: " + "; ".join(parts)


def _coerce_details(benefit: Any, details: dict[str, Any]) -> dict[str, Any]:
    """Ledger text to the types the benefit's claim fields declare (yes/no columns read as booleans)."""
    if not details:
        return {}
    out = {}
    for k, v in details.items():
        spec = benefit.claim_fields.get(k)
        if spec is not None and spec.type == "yes_no" and isinstance(v, str):
            t = v.strip().lower()
            v = True if t in _YES else False if t in _NO else v
        out[k] = v
    return out


def duplicates(payouts: Iterable[PayoutRow]) -> dict[str, str]:
    """payout id -> the earlier payout it duplicates (same member, benefit and event date; or same event_ref)."""
    by_event: dict[tuple, str] = {}
    by_ref: dict[tuple, str] = {}
    out: dict[str, str] = {}
    for p in sorted(payouts, key=PayoutRow.order_key):
        k1 = (p.member_id, p.benefit, p.event_date)
        if k1 in by_event:
            out[p.payout_id] = by_event[k1]
            continue
        if p.event_ref:
            k2 = (p.benefit, p.event_ref)
            if k2 in by_ref:
                out[p.payout_id] = by_ref[k2]
                continue
            by_ref[k2] = p.payout_id
        by_event[k1] = p.payout_id
    return out


def duplicates_with(payouts: list[PayoutRow], links: dict[str, str]) -> dict[str, str]:
    """:func:`duplicates` for the payouts of some members (in replay order), given the ``event_ref`` links
    across members found over the whole ledger (:meth:`PartitionedLedger.ref_links`)."""
    by_event: dict[tuple, str] = {}
    out: dict[str, str] = {}
    for p in payouts:
        k1 = (p.member_id, p.benefit, p.event_date)
        if k1 in by_event:
            out[p.payout_id] = by_event[k1]
            continue
        if p.event_ref and p.payout_id in links:
            out[p.payout_id] = links[p.payout_id]
            continue
        by_event[k1] = p.payout_id
    return out
