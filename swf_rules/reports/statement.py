"""A member's statement: the passbook (สมุดบัญชีสมาชิก) on a date -- every instalment of every membership spell,
paid (ส่ง), paid late (ส่งช้า), missed (ขาด) or not yet due, with the money paid for it, and every payout.

Which instalments were due, when each was paid and when the membership lapsed are the core's facts
(:class:`~swf_rules.core.MemberState`: each spell's deadlines and paid-on days), read, not re-derived.  An
instalment is *paid* on the day its contributions first add up to the scheduled amount; *late* when that day is
after its deadline; *missed* when it was unpaid on the as-of date and its deadline had passed; *due* when its
deadline is on or after the as-of date.  Payments that cover no instalment of a spell (paid in advance for a period
after the as-of date, or outside membership) are listed as other payments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ..books import Ledger
from ..core.errors import InputError, make_problem
from ..core.money import ZERO
from ..core.schedules import bounds, index_of
from ..core.thaiwords import DEFAULT_TERM, contribution_term
from ..core.validate import Regulation
from ._common import FundFacts, benefit_title, joined_by, money, payout_day

MARKS = ("paid", "late", "missed", "due")


@dataclass
class Instalment:
    period: str  # the period's key (2024-03, 2024, 2024-W11, 2024-H1, 2024-03-15), as ``covers`` writes it
    deadline: date
    paid_on: date | None  # None: unpaid on the as-of date
    amount: Decimal  # contributions covering the period, paid by the as-of date
    mark: str  # MARKS

    def to_dict(self) -> dict[str, Any]:
        return {"period": self.period, "deadline": self.deadline.isoformat(),
                "paid_on": self.paid_on.isoformat() if self.paid_on else None, "amount": money(self.amount),
                "mark": self.mark}


@dataclass
class Spell:
    start: date
    end: date | None
    end_reason: str | None
    lapsed_on: date | None  # the day membership lapsed under the rule (facts), when it did
    instalments: list[Instalment] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat() if self.end else None,
                "end_reason": self.end_reason, "lapsed_on": self.lapsed_on.isoformat() if self.lapsed_on else None,
                "instalments": [i.to_dict() for i in self.instalments]}


@dataclass
class PayoutLine:
    payout_id: str
    benefit: str
    title: dict[str, str]
    event_date: date
    paid_on: date
    amount: Decimal

    def to_dict(self) -> dict[str, Any]:
        return {"payout_id": self.payout_id, "benefit": self.benefit, "title": dict(self.title),
                "event_date": self.event_date.isoformat(), "paid_on": self.paid_on.isoformat(),
                "amount": money(self.amount)}


@dataclass
class Passbook:
    """One member's passbook on a date."""

    member_id: str
    birth_date: date
    sex: str
    died_on: date | None
    status: str  # on the as-of date
    arrears: int
    spells: list[Spell]
    payouts: list[PayoutLine]
    other_payments: list[tuple[date, str, Decimal]]  # (day, covers, amount)

    def count(self, mark: str) -> int:
        return sum(1 for s in self.spells for i in s.instalments if i.mark == mark)

    @property
    def contributed(self) -> Decimal:
        return sum((i.amount for s in self.spells for i in s.instalments), ZERO) + \
            sum((a for _, _, a in self.other_payments), ZERO)

    @property
    def received(self) -> Decimal:
        return sum((p.amount for p in self.payouts), ZERO)

    def to_dict(self) -> dict[str, Any]:
        return {"member_id": self.member_id, "birth_date": self.birth_date.isoformat(), "sex": self.sex,
                "died_on": self.died_on.isoformat() if self.died_on else None, "status": self.status,
                "arrears": self.arrears, "spells": [s.to_dict() for s in self.spells],
                "payouts": [p.to_dict() for p in self.payouts],
                "other_payments": [{"date": d.isoformat(), "covers": c, "amount": money(a)}
                                   for d, c, a in self.other_payments],
                "totals": {m: self.count(m) for m in MARKS} | {"contributed": money(self.contributed),
                                                               "received": money(self.received)}}


@dataclass
class Statements:
    """Passbooks of one member or of all members (:func:`statements`)."""

    fund: str
    name: dict[str, str]
    as_of: date
    passbooks: list[Passbook]
    term: str = DEFAULT_TERM  # the fund's word for members' contributions (document.term): presentation only

    def to_dict(self) -> dict[str, Any]:
        return {"fund": self.fund, "name": dict(self.name), "as_of": self.as_of.isoformat(),
                "passbooks": [p.to_dict() for p in self.passbooks]}

    def csv_rows(self) -> list[list[Any]]:
        out: list[list[Any]] = [["member_id", "line", "period_or_voucher", "date", "deadline", "amount", "mark",
                                 "benefit"]]
        for pb in self.passbooks:
            for s in pb.spells:
                for i in s.instalments:
                    out.append([pb.member_id, "instalment", i.period, i.paid_on.isoformat() if i.paid_on else None,
                                i.deadline.isoformat(), money(i.amount), i.mark, None])
            for d, c, a in pb.other_payments:
                out.append([pb.member_id, "other_payment", c, d.isoformat(), None, money(a), None, None])
            for p in pb.payouts:
                out.append([pb.member_id, "payout", p.payout_id, p.paid_on.isoformat(), None, money(p.amount), None,
                            p.benefit])
        return out

    def render(self, lang: str = "en") -> str:
        from ._statement_text import render_statements
        return render_statements(self, lang)


def statements(regulation: Regulation, ledger: Ledger, as_of: date, member_ids: list[str] | None = None) -> Statements:
    """The passbooks on ``as_of`` of ``member_ids`` (default: every member who had joined by then), in member id
    order.  An id not in the register is an :class:`~swf_rules.InputError` (``unknown-member``)."""
    facts = FundFacts(regulation, ledger, as_of)
    if member_ids is None:
        ids = [m for m in facts.ids() if joined_by(facts.record(m), as_of)]
    else:
        missing = [m for m in member_ids if m not in ledger.members]
        if missing:
            raise InputError([make_problem("unknown-member", path=("member",), value=m) for m in missing])
        ids = sorted(set(member_ids))
    by_member: dict[str, list[Any]] = {}
    for p in ledger.payouts:
        if payout_day(p) <= as_of:
            by_member.setdefault(p.member_id, []).append(p)
    books = [_passbook(regulation, facts, mid, by_member.get(mid, []), as_of) for mid in ids]
    return Statements(regulation.fund_id, {"th": regulation.fund.name.th, "en": regulation.fund.name.en}, as_of, books,
                      contribution_term(regulation))


def _passbook(regulation: Regulation, facts: FundFacts, mid: str, payouts: list[Any], as_of: date) -> Passbook:
    rec = facts.record(mid)
    state = facts.indexed(mid, as_of)
    st = state.status_at(as_of)
    contributions = [c for c in facts.member(mid).contributions if c.date <= as_of]
    by_key: dict[str, Decimal] = {}
    for c in contributions:
        by_key[c.covers] = by_key.get(c.covers, ZERO) + c.amount
    listed: set[str] = set()
    spells = []
    for sp in state.spells:
        if sp.start > as_of:
            continue
        period = sp.schedule.period  # the schedule the spell is on (the core reads it from its contributions)
        first = index_of(period, sp.start)
        lines = []
        for k, (deadline, paid_on) in enumerate(zip(sp.due, sp.paid_on)):
            key = bounds(period, first + k)[2]
            listed.add(key)
            paid = paid_on if paid_on <= as_of else None
            if paid is not None:
                mark = "paid" if paid <= deadline else "late"
            else:
                mark = "missed" if deadline < as_of else "due"
            lines.append(Instalment(key, deadline, paid, by_key.get(key, ZERO), mark))
        spells.append(Spell(sp.start, sp.end, sp.end_reason, sp.lapse_on, lines))
    other = sorted((c.date, c.covers, c.amount) for c in contributions if c.covers not in listed)
    lines_p = [PayoutLine(p.payout_id, p.benefit, {"th": benefit_title(regulation, p.benefit, p.event_date, "th"),
                                                   "en": benefit_title(regulation, p.benefit, p.event_date, "en")},
                          p.event_date, payout_day(p), p.amount)
               for p in sorted(payouts, key=lambda p: (payout_day(p), p.payout_id))]
    return Passbook(mid, rec.birth_date, rec.sex, rec.died_on, st.status, st.arrears, spells, lines_p, other)


__all__ = ["Instalment", "MARKS", "Passbook", "PayoutLine", "Spell", "Statements", "statements"]
