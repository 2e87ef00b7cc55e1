"""The committee review (ทบทวนคณะกรรมการ): the claims the committee decided, per meeting and per approver, how long
they took (from filing to the decision and to the payment), and what was approved against what the regulation
gives (as entitled, over, under, not entitled, paid twice, late, unknown benefit; refused although entitled, or
rightly refused).

The input is a list of :class:`CommitteeDecision` records, so that any source can feed it:

- the books' payouts (:func:`decisions_from_books`): every voucher is an approved claim; the optional payouts
  columns ``decided_on``, ``meeting`` and ``approver`` (docs/ledger.md) say when, where and by whom;
- approval records (the decision log of ``swf-rules approve``, issue 15) give refused claims too: build
  :class:`CommitteeDecision` values with ``outcome="refused"`` and pass them with the books' ones.

An approved payout is judged as ``replay`` judges it (:func:`swf_rules.audit.replay`: same verdicts, same
supported amounts); a refused claim is decided by the engine on the member's history and the payouts before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Iterable

from ..audit import replay
from ..books import Ledger, new_claim, new_payout
from ..core import Engine
from ..core.errors import SwfError
from ..core.money import ZERO
from ..core.validate import Regulation
from ._common import money

VERDICTS = ("as_entitled", "over", "under", "not_entitled", "twice", "late", "unknown", "undetermined",
            "refused_entitled", "refused_rightly")
_FROM_FINDING = {"supported": "as_entitled", "overpaid": "over", "underpaid": "under", "not_entitled": "not_entitled",
                 "paid_twice": "twice", "late": "late", "unknown_benefit": "unknown", "undetermined": "undetermined"}


@dataclass(frozen=True)
class CommitteeDecision:
    """One claim the committee decided."""

    claim_id: str
    member_id: str
    benefit: str
    event_date: date
    outcome: str  # "approved" | "refused"
    amount: Decimal  # approved (0 when refused)
    filed_on: date | None = None
    decided_on: date | None = None
    paid_on: date | None = None
    meeting: str | None = None
    approver: str | None = None
    entitled: Decimal | None = None  # what the regulation gave when the committee decided (an approval record)


def decisions_from_books(ledger: Ledger) -> list[CommitteeDecision]:
    """Every payout of the books as an approved decision."""
    return [CommitteeDecision(p.payout_id, p.member_id, p.benefit, p.event_date, "approved", p.amount, p.filed_on,
                              p.decided_on, p.paid_on, p.meeting, p.approver) for p in ledger.payouts]


def decisions_from_approvals(approvals: Iterable[Any]) -> list[CommitteeDecision]:
    """The committee's approval records of the decision log (:func:`swf_rules.audit.approvals`) as decisions:
    approved (and reduced) claims with the amount approved, rejected ones refused; the meeting's date is the
    decision day, the approvers are named together."""
    return [CommitteeDecision(a.claim_id, a.member_id, a.benefit, a.event_date,
                              "refused" if a.action == "reject" else "approved", a.amount, None, a.meeting_date, None,
                              a.meeting, ", ".join(a.approvers), a.entitled if a.eligible else ZERO)
            for a in approvals]


@dataclass
class Judged:
    decision: CommitteeDecision
    verdict: str  # VERDICTS
    entitled: Decimal | None  # what the regulation gives (None: undetermined)

    @property
    def excess(self) -> Decimal:
        d = self.decision
        if d.outcome != "approved" or self.entitled is None:
            return ZERO
        return max(d.amount - self.entitled, ZERO) if self.verdict in ("as_entitled", "over") else \
            (d.amount if self.verdict in ("not_entitled", "twice", "late", "unknown") else ZERO)

    @property
    def shortfall(self) -> Decimal:
        if self.entitled is None:
            return ZERO
        if self.verdict == "under":
            return self.entitled - self.decision.amount
        return self.entitled if self.verdict == "refused_entitled" else ZERO


@dataclass
class Group:
    """The decisions of one meeting, or of one approver (``key`` None: not recorded)."""

    key: str | None
    judged: list[Judged] = field(default_factory=list)

    def verdicts(self) -> dict[str, int]:
        out = {v: 0 for v in VERDICTS}
        for j in self.judged:
            out[j.verdict] += 1
        return out

    @property
    def approved(self) -> int:
        return sum(1 for j in self.judged if j.decision.outcome == "approved")

    @property
    def refused(self) -> int:
        return len(self.judged) - self.approved

    @property
    def amount(self) -> Decimal:
        return sum((j.decision.amount for j in self.judged), ZERO)

    @property
    def excess(self) -> Decimal:
        return sum((j.excess for j in self.judged), ZERO)

    @property
    def shortfall(self) -> Decimal:
        return sum((j.shortfall for j in self.judged), ZERO)

    def days(self, to: str) -> list[int]:
        """Days from filing to the decision (``to="decided_on"``) or to the payment (``"paid_on"``), where known."""
        out = []
        for j in self.judged:
            end = getattr(j.decision, to)
            if j.decision.filed_on is not None and end is not None:
                out.append((end - j.decision.filed_on).days)
        return sorted(out)

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "decisions": len(self.judged), "approved": self.approved, "refused": self.refused,
                "amount": money(self.amount), "verdicts": self.verdicts(), "excess": money(self.excess),
                "shortfall": money(self.shortfall),
                "days_to_decision": _days(self.days("decided_on")), "days_to_payment": _days(self.days("paid_on"))}


def _days(xs: list[int]) -> dict[str, Any]:
    return {"count": len(xs), "median": None if not xs else str(median(xs)), "max": max(xs) if xs else None}


def median(xs: list[int]) -> Decimal:
    """The median of sorted whole numbers (the mean of the middle two for an even count)."""
    n = len(xs)
    return Decimal(xs[n // 2]) if n % 2 else (Decimal(xs[n // 2 - 1]) + Decimal(xs[n // 2])) / 2


@dataclass
class CommitteeReview:
    """The committee review (:func:`committee_review`)."""

    fund: str
    name: dict[str, str]
    as_of: date
    meetings: list[Group]  # in meeting order (by the first decision day); "not recorded" last
    approvers: list[Group]  # by approver; "not recorded" last
    total: Group
    titles: dict[str, dict[str, str]]

    def to_dict(self) -> dict[str, Any]:
        return {"fund": self.fund, "name": dict(self.name), "as_of": self.as_of.isoformat(),
                "total": self.total.to_dict(), "meetings": [g.to_dict() for g in self.meetings],
                "approvers": [g.to_dict() for g in self.approvers],
                "decisions": [{"claim_id": j.decision.claim_id, "member_id": j.decision.member_id,
                               "benefit": j.decision.benefit, "outcome": j.decision.outcome,
                               "amount": money(j.decision.amount), "verdict": j.verdict,
                               "entitled": None if j.entitled is None else money(j.entitled),
                               "meeting": j.decision.meeting, "approver": j.decision.approver}
                              for j in self.total.judged if j.verdict != "as_entitled"]}

    def csv_rows(self) -> list[list[Any]]:
        out: list[list[Any]] = [["group", "key", "decisions", "approved", "refused", "amount", *VERDICTS, "excess",
                                 "shortfall", "days_to_decision_median", "days_to_payment_median"]]
        for kind, groups in (("meeting", self.meetings), ("approver", self.approvers), ("total", [self.total])):
            for g in groups:
                d = g.to_dict()
                out.append([kind, g.key, d["decisions"], d["approved"], d["refused"], d["amount"],
                            *[d["verdicts"][v] for v in VERDICTS], d["excess"], d["shortfall"],
                            d["days_to_decision"]["median"], d["days_to_payment"]["median"]])
        return out

    def render(self, lang: str = "en") -> str:
        from ._committee_text import render_committee_review
        return render_committee_review(self, lang)


def committee_review(regulation: Regulation, ledger: Ledger, as_of: date,
                     decisions: Iterable[CommitteeDecision] | None = None) -> CommitteeReview:
    """The committee's decisions up to ``as_of`` (decision day, else payment day, else event day), judged against
    the regulation.  ``decisions`` default to the books' payouts (:func:`decisions_from_books`)."""
    decisions = list(decisions_from_books(ledger) if decisions is None else decisions)
    decisions = [d for d in decisions if (d.decided_on or d.paid_on or d.event_date) <= as_of]
    findings = {f.payout.payout_id: f for f in replay(regulation, ledger).findings}
    engine = Engine(regulation)
    judged = []
    titles: dict[str, dict[str, str]] = {}
    for d in sorted(decisions, key=lambda d: (d.decided_on or d.paid_on or d.event_date, d.claim_id)):
        if d.entitled is not None:  # the decision log recorded the entitlement beside the committee's decision
            judged.append(Judged(d, _against(d, d.entitled), d.entitled))
        elif d.outcome == "approved" and d.claim_id in findings:
            f = findings[d.claim_id]
            entitled = None if f.finding == "undetermined" else (f.supported or ZERO)
            judged.append(Judged(d, _FROM_FINDING[f.finding], entitled))
        elif d.outcome == "refused":
            judged.append(_refused(engine, ledger, d))
        else:  # an approval the books hold no payout for: decided as a claim, like a refusal
            j = _refused(engine, ledger, d)
            verdict = "undetermined" if j.entitled is None else "as_entitled" if j.entitled == d.amount else \
                "over" if d.amount > j.entitled and j.entitled > 0 else "under" if d.amount < j.entitled else \
                "not_entitled"
            judged.append(Judged(d, verdict, j.entitled))
        b = next((v.benefit(d.benefit) for v in reversed(regulation.versions) if v.benefit(d.benefit)), None)
        if b is not None:
            titles[d.benefit] = {"th": b.title.th, "en": b.title.en}
    meetings: dict[str | None, Group] = {}
    approvers: dict[str | None, Group] = {}
    for j in judged:
        key = j.decision.meeting or (j.decision.decided_on.isoformat() if j.decision.decided_on else None)
        meetings.setdefault(key, Group(key)).judged.append(j)
        approvers.setdefault(j.decision.approver, Group(j.decision.approver)).judged.append(j)
    return CommitteeReview(regulation.fund_id, {"th": regulation.fund.name.th, "en": regulation.fund.name.en}, as_of,
                           _ordered(meetings), sorted(_ordered(approvers), key=lambda g: (g.key is None, g.key or "")),
                           Group(None, judged), titles)


def _ordered(groups: dict[str | None, Group]) -> list[Group]:
    known = [g for k, g in groups.items() if k is not None]  # insertion order: by the first decision
    return known + ([groups[None]] if None in groups else [])


def _against(d: CommitteeDecision, entitled: Decimal) -> str:
    """A decision judged against a known entitlement."""
    if d.outcome == "refused":
        return "refused_entitled" if entitled > 0 else "refused_rightly"
    if entitled == 0:
        return "as_entitled" if d.amount == 0 else "not_entitled"
    return "as_entitled" if d.amount == entitled else "over" if d.amount > entitled else "under"


def _refused(engine: Engine, ledger: Ledger, d: CommitteeDecision) -> Judged:
    rec = ledger.members.get(d.member_id)
    if rec is None:
        return Judged(d, "undetermined", None)
    history = [new_payout(claim_id=p.payout_id, benefit=p.benefit, event_date=p.event_date, end_date=p.end_date,
                          units=p.units, amount=p.amount)
               for p in ledger.payouts if p.member_id == d.member_id and p.event_date < d.event_date]
    member = rec.member(until=d.event_date).model_copy(update={"payouts": history})
    claim = new_claim(claim_id=d.claim_id, member_id=d.member_id, benefit=d.benefit, event_date=d.event_date,
                      end_date=None, filed_on=d.filed_on, units=None, children=None, details={}, calendar="gregorian")
    try:
        out = engine.evaluate(member, claim)
    except SwfError:
        return Judged(d, "undetermined", None)
    entitled = out.amount if out.eligible else ZERO
    return Judged(d, "refused_entitled" if entitled > 0 else "refused_rightly", entitled)


__all__ = ["CommitteeDecision", "CommitteeReview", "Group", "Judged", "VERDICTS", "committee_review",
           "decisions_from_books", "median"]
