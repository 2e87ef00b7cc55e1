"""The fund's status (สถานะกองทุน), version 2: per fiscal year and cumulative, from the books and the regulation.

For each Thai fiscal year from the first one in the books to the one holding the as-of date (cut at that date),
and for the whole history up to it:

- **members** at the end of the window by status (derived from the instalments by the regulation's lapse rule,
  by the core's facts stage) and current members (active or suspended) by age group; joined and left during it;
- **money in** by source: members' contributions, the local authority's and the government's (via CODI) matching
  money, entry fees, donations, interest, other income; **money out**: welfare by benefit (on the payment day),
  administration, other expenses; the fund's balance brought forward, opening and closing;
- **administration** against the limit (at most 20% of the money that came in: the reading this project takes of
  "administration may use at most 20% of the fund", a declared choice); **welfare paid as a share of the
  members' contributions**;
- **collection**: instalments that fell due (their deadline in the window, before the as-of date), how many were
  paid (by the as-of date) and on time; **arrears** at the end of the window (members, instalments, baht: the
  instalments times the scheduled amount).

Then, once: the **balance reconciled** against the books (each account's balance as the books give it, the last
balance the fund declared for it and the difference; the accounts' total against the money's flows, whose
difference is money moved between accounts that does not net to zero), and **three-party matching** per fiscal
year: what could be requested from the government (365 baht per current member with at least one full year of
continuous membership, counted on ``count_on``, by default the first day of the fiscal year) and from the local
authority (1:1 with the members' contributions of the previous fiscal year), against what was received, with the
rounds the books give.  The notices the books carry (accounts, beneficiaries) are listed with their rows.

Everything is what the books say; nothing is re-decided (that is ``replay``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ..books import Ledger, satang_to_decimal
from ..books.accounts import distinct_entries
from ..core.dates import age_on, completed_years, fiscal_year, fiscal_year_bounds
from ..core.errors import Problem
from ..core.money import ZERO
from ..core.thaiwords import DEFAULT_TERM, contribution_term
from ..core.validate import Regulation
from ._common import (AGE_GROUPS, EXPENSES, INCOME_SOURCES, STATUSES, FundFacts, benefit_of, fiscal_years,
                      joined_by, membership_on, money, payout_day, share, share_str)
_KIND_SOURCE = {"matching_local": "local_authority", "matching_government": "government", "entry_fee": "entry_fees",
                "donation": "donations", "interest": "interest", "other_income": "other_income",
                "admin_expense": "administration", "other_expense": "other"}
ADMIN_LIMIT = Decimal("0.20")
GOVERNMENT_PER_MEMBER = Decimal(365)
CURRENT = ("active", "suspended")
DAY = timedelta(days=1)


@dataclass
class MemberCounts:
    """Members on the last day of a window."""

    by_status: dict[str, int]
    by_age_group: dict[str, int]
    joined: int  # membership spells begun in the window (joining and joining again)
    left: dict[str, int]  # members current during the window and not at its end, by their status at the end
    full_year: int  # current members with at least one full year of continuous membership
    with_placeholder_dates: int

    @property
    def current(self) -> int:
        return sum(self.by_status.get(s, 0) for s in CURRENT)

    @property
    def ever_joined(self) -> int:
        return sum(self.by_status.values())

    def to_dict(self) -> dict[str, Any]:
        return {"by_status": dict(self.by_status), "by_age_group": dict(self.by_age_group), "current": self.current,
                "ever_joined": self.ever_joined, "joined": self.joined, "left": dict(self.left),
                "full_year": self.full_year, "with_placeholder_dates": self.with_placeholder_dates}


@dataclass
class MoneyFlows:
    """The fund's money in a window."""

    brought_forward: Decimal  # opening-balance entries dated in the window (money the books start with)
    income: dict[str, Decimal]  # INCOME_SOURCES
    welfare: dict[str, tuple[int, Decimal]]  # benefit id -> (payouts, baht)
    expenses: dict[str, Decimal]  # EXPENSES

    @property
    def total_in(self) -> Decimal:
        return sum(self.income.values(), ZERO)

    @property
    def welfare_total(self) -> Decimal:
        return sum((v[1] for v in self.welfare.values()), ZERO)

    @property
    def welfare_count(self) -> int:
        return sum(v[0] for v in self.welfare.values())

    @property
    def total_out(self) -> Decimal:
        return self.welfare_total + sum(self.expenses.values(), ZERO)

    def to_dict(self) -> dict[str, Any]:
        return {"brought_forward": money(self.brought_forward),
                "income": {k: money(v) for k, v in self.income.items()}, "total_in": money(self.total_in),
                "welfare": {k: {"count": c, "amount": money(a)} for k, (c, a) in sorted(self.welfare.items())},
                "welfare_total": {"count": self.welfare_count, "amount": money(self.welfare_total)},
                "expenses": {k: money(v) for k, v in self.expenses.items()}, "total_out": money(self.total_out)}


@dataclass
class Collection:
    """Instalments whose deadline fell in the window (before the as-of date): how many were paid, and on time."""

    due: int
    paid: int
    on_time: int
    amount_due: Decimal
    amount_paid: Decimal

    @property
    def rate(self) -> Decimal | None:
        return share(Decimal(self.paid), Decimal(self.due))

    @property
    def on_time_rate(self) -> Decimal | None:
        return share(Decimal(self.on_time), Decimal(self.due))

    def to_dict(self) -> dict[str, Any]:
        return {"due": self.due, "paid": self.paid, "on_time": self.on_time, "amount_due": money(self.amount_due),
                "amount_paid": money(self.amount_paid), "rate": share_str(self.rate),
                "on_time_rate": share_str(self.on_time_rate)}


@dataclass
class Arrears:
    """Current members with unpaid instalments past their deadline on the window's last day."""

    members: int
    instalments: int
    amount: Decimal

    def to_dict(self) -> dict[str, Any]:
        return {"members": self.members, "instalments": self.instalments, "amount": money(self.amount)}


@dataclass
class Window:
    """One fiscal year (``label`` its B.E. year), the period asked for (``"period"``) or the whole history
    (``"cumulative"``)."""

    label: str
    first: date | None  # None: from the start of the books
    last: date
    members: MemberCounts
    money: MoneyFlows
    collection: Collection
    arrears: Arrears
    opening: Decimal  # the fund's balance at the end of the day before ``first``

    @property
    def closing(self) -> Decimal:
        m = self.money
        return self.opening + m.brought_forward + m.total_in - m.total_out

    @property
    def admin_limit(self) -> Decimal:
        return (self.money.total_in * ADMIN_LIMIT).quantize(Decimal("0.01"))

    @property
    def admin_share(self) -> Decimal | None:
        return share(self.money.expenses["administration"], self.money.total_in)

    @property
    def admin_over(self) -> bool:
        return self.money.expenses["administration"] > self.admin_limit

    @property
    def welfare_share(self) -> Decimal | None:
        return share(self.money.welfare_total, self.money.income["members"])

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "from": self.first.isoformat() if self.first else None,
                "to": self.last.isoformat(), "members": self.members.to_dict(), "money": self.money.to_dict(),
                "opening_balance": money(self.opening), "closing_balance": money(self.closing),
                "administration": {"spent": money(self.money.expenses["administration"]),
                                   "limit": money(self.admin_limit), "share_of_income": share_str(self.admin_share),
                                   "over_limit": self.admin_over},
                "welfare_share_of_contributions": share_str(self.welfare_share),
                "collection": self.collection.to_dict(), "arrears": self.arrears.to_dict()}


@dataclass
class AccountBalance:
    """One account: the balance the books give on the as-of date, and the last balance the fund declared."""

    account: str
    computed: Decimal
    declared: Decimal | None = None
    declared_on: date | None = None
    computed_on_declared: Decimal | None = None

    @property
    def difference(self) -> Decimal | None:
        if self.declared is None or self.computed_on_declared is None:
            return None
        return self.declared - self.computed_on_declared

    def to_dict(self) -> dict[str, Any]:
        return {"account": self.account, "computed": money(self.computed),
                "declared": None if self.declared is None else money(self.declared),
                "declared_on": self.declared_on.isoformat() if self.declared_on else None,
                "computed_on_declared": None if self.computed_on_declared is None else money(
                    self.computed_on_declared),
                "difference": None if self.difference is None else money(self.difference)}


@dataclass
class Reconciliation:
    """The accounts' balances against the money's flows."""

    accounts: list[AccountBalance]
    flows_balance: Decimal  # opening balances + money in - money out, to the as-of date

    @property
    def accounts_total(self) -> Decimal:
        return sum((a.computed for a in self.accounts), ZERO)

    @property
    def unexplained(self) -> Decimal:
        """Money the accounts hold that the flows do not explain (transfers whose sides do not net to zero)."""
        return self.accounts_total - self.flows_balance

    def to_dict(self) -> dict[str, Any]:
        return {"accounts": [a.to_dict() for a in self.accounts], "accounts_total": money(self.accounts_total),
                "flows_balance": money(self.flows_balance), "unexplained": money(self.unexplained)}


@dataclass
class Receipt:
    round: str | None
    on: date
    amount: Decimal

    def to_dict(self) -> dict[str, Any]:
        return {"round": self.round, "date": self.on.isoformat(), "amount": money(self.amount)}


@dataclass
class MatchingRow:
    """What could be requested from one party for one fiscal year, against what was received in it."""

    party: str  # government | local_authority
    fiscal_year: int
    basis: str  # "members" (counted on ``counted_on``) or "contributions" (of the previous fiscal year)
    basis_value: Decimal  # the members counted, or the contributions matched
    counted_on: date | None
    requestable: Decimal
    received: list[Receipt] = field(default_factory=list)

    @property
    def received_total(self) -> Decimal:
        return sum((r.amount for r in self.received), ZERO)

    @property
    def difference(self) -> Decimal:
        return self.received_total - self.requestable

    def to_dict(self) -> dict[str, Any]:
        return {"party": self.party, "fiscal_year": self.fiscal_year, "basis": self.basis,
                "basis_value": money(self.basis_value),
                "counted_on": self.counted_on.isoformat() if self.counted_on else None,
                "requestable": money(self.requestable), "received": [r.to_dict() for r in self.received],
                "received_total": money(self.received_total), "difference": money(self.difference)}


@dataclass
class FundStatus:
    """The status of a fund on a date (:func:`fund_status`); ``to_dict``, ``csv_rows`` and ``render`` print it."""

    fund: str
    name: dict[str, str]
    as_of: date
    count_on: tuple[int, int]
    windows: list[Window]  # the fiscal years in order, then "period" (when asked for), then "cumulative"
    reconciliation: Reconciliation | None  # None: the books have no accounts register
    matching: list[MatchingRow]
    notices: list[Problem]
    beneficiaries: dict[str, int] | None  # None: no beneficiaries register
    titles: dict[str, dict[str, str]]  # benefit id -> {"th", "en"}
    term: str = DEFAULT_TERM  # the fund's word for members' contributions (document.term): presentation only

    @property
    def fiscal_year(self) -> int:
        return fiscal_year(self.as_of)

    @property
    def cumulative(self) -> Window:
        return self.windows[-1]

    def window(self, label: str) -> Window:
        return next(w for w in self.windows if w.label == label)

    def to_dict(self) -> dict[str, Any]:
        return {"fund": self.fund, "name": dict(self.name), "as_of": self.as_of.isoformat(),
                "fiscal_year": self.fiscal_year, "matching_counted_on": f"{self.count_on[0]:02d}-{self.count_on[1]:02d}",
                "windows": [w.to_dict() for w in self.windows],
                "reconciliation": None if self.reconciliation is None else self.reconciliation.to_dict(),
                "matching": [m.to_dict() for m in self.matching], "notices": [p.to_dict() for p in self.notices],
                "beneficiaries": self.beneficiaries,
                "benefits": {k: dict(v) for k, v in sorted(self.titles.items())}}

    def csv_rows(self) -> list[list[Any]]:
        from ._status_text import status_csv_rows
        return status_csv_rows(self)

    def render(self, lang: str = "en") -> str:
        from ._status_text import render_status
        return render_status(self, lang)


# ------------------------------------------------------------------------------------------ computing it
def fund_status(regulation: Regulation, ledger: Ledger, as_of: date, since: date | None = None,
                count_on: tuple[int, int] = (10, 1), columnar: bool | None = None) -> FundStatus:
    """The fund's status on ``as_of`` (see the module's description).  ``since`` adds a window from that day to
    ``as_of``; ``count_on`` (month, day) is the day of each fiscal year the government's matching counts members
    on (default 1 October, the fiscal year's first day).  ``columnar``: every member's facts at once with the
    columnar engine (default: when numpy is installed); the figures are the same."""
    facts = FundFacts(regulation, ledger, as_of, columnar)
    entries = [e for e in distinct_entries(ledger.accounts)[0] if e.date <= as_of]
    starts = [r.spells[0][0] for r in ledger.members.values()] + [e.date for e in entries]
    first = min(starts) if starts else as_of
    first = min(first, as_of)
    spans = [(str(fy), a, b) for fy, a, b in fiscal_years(first, as_of)]
    if since is not None:
        spans.append(("period", min(since, as_of), as_of))
    spans.append(("cumulative", None, as_of))
    titles: dict[str, dict[str, str]] = {}
    for p in ledger.payouts:
        if p.benefit not in titles:
            b = benefit_of(regulation, p.benefit, p.event_date)
            titles[p.benefit] = {"th": b.title.th, "en": b.title.en} if b is not None else \
                {"th": f"ไม่มีในระเบียบ ({p.benefit})", "en": f"not in the regulation ({p.benefit})"}
    windows = []
    for label, a, b in spans:
        opening = _balance(facts, entries, a - DAY) if a is not None else ZERO
        windows.append(Window(label, a, b, _members(facts, a, b), _money(facts, entries, a, b),
                              _collection(facts, a, b, as_of), _arrears(facts, b), opening))
    return FundStatus(
        fund=regulation.fund_id, name={"th": regulation.fund.name.th, "en": regulation.fund.name.en}, as_of=as_of,
        count_on=count_on, windows=windows,
        reconciliation=_reconcile(facts, entries, as_of) if ledger.accounts else None,
        matching=_matching(facts, ledger, entries, first, as_of, count_on), notices=list(ledger.notices),
        beneficiaries=_beneficiaries(facts, as_of) if ledger.beneficiaries else None, titles=titles,
        term=contribution_term(regulation))


def _members(facts: FundFacts, first: date | None, last: date) -> MemberCounts:
    by_status = {s: 0 for s in STATUSES}
    groups = {g: 0 for g, _, _ in AGE_GROUPS}
    joined = 0
    left: dict[str, int] = {}
    full = 0
    placeholders = 0
    before = first - DAY if first is not None else None
    earlier = facts.statuses(before) if before is not None else {}
    for mid, (status, start, _arrears, _late) in facts.statuses(last).items():
        rec = facts.record(mid)
        if rec.placeholders:
            placeholders += 1
        joined += sum(1 for s, _, _ in rec.spells if (first is None or s >= first) and s <= last)
        by_status[status] = by_status.get(status, 0) + 1
        if status in CURRENT:
            age = age_on(rec.birth_date, last)
            for g, lo, hi in AGE_GROUPS:
                if age >= lo and (hi is None or age <= hi):
                    groups[g] += 1
            if start is not None and completed_years(start, last) >= 1:
                full += 1
        else:
            was = mid in earlier and earlier[mid][0] in CURRENT
            began = any((first is None or s >= first) and s <= last for s, _, _ in rec.spells)
            if was or began:
                left[status] = left.get(status, 0) + 1
    return MemberCounts(by_status, groups, joined, dict(sorted(left.items())), full, placeholders)


def _money(facts: FundFacts, entries: list[Any], first: date | None, last: date) -> MoneyFlows:
    ledger = facts.ledger
    income = {k: ZERO for k in INCOME_SOURCES}
    expenses = {k: ZERO for k in EXPENSES}
    income["members"] = satang_to_decimal(facts.instalments_between(first, last))
    brought = ZERO
    for e in entries:
        if not ((first is None or e.date >= first) and e.date <= last):
            continue
        if e.kind == "opening_balance":
            brought += e.amount
        elif e.kind in _KIND_SOURCE:
            key = _KIND_SOURCE[e.kind]
            (income if key in income else expenses)[key] += e.amount
    welfare: dict[str, list[Any]] = {}
    for p in ledger.payouts:
        day = payout_day(p)
        if (first is None or day >= first) and day <= last:
            cell = welfare.setdefault(p.benefit, [0, ZERO])
            cell[0] += 1
            cell[1] += p.amount
    return MoneyFlows(brought, income, {k: (v[0], v[1]) for k, v in sorted(welfare.items())}, expenses)


def _balance(facts: FundFacts, entries: list[Any], on: date) -> Decimal:
    """The fund's money at the end of ``on``, from its flows (transfers between accounts move nothing)."""
    m = _money(facts, entries, None, on)
    return m.brought_forward + m.total_in - m.total_out


def _collection(facts: FundFacts, first: date | None, last: date, as_of: date) -> Collection:
    due = paid = on_time = 0
    amount_due = amount_paid = ZERO
    top = min(last, as_of - DAY)
    counted = facts.collection(first, top, as_of)  # every member at once (columnar), when numpy is installed
    if counted is not None:
        due, paid, on_time = counted
        amount = membership_on(facts.regulation, as_of).contribution.amount
        return Collection(due, paid, on_time, amount * due, amount * paid)
    for mid in facts.ids():
        rec = facts.record(mid)
        if not joined_by(rec, top):
            continue
        st = facts.indexed(mid, as_of)
        for sp in st.spells:
            amount = sp.schedule.amount  # one instalment of the schedule the spell is on
            for deadline, paid_on in zip(sp.due, sp.paid_on):
                if deadline > top or (first is not None and deadline < first):
                    continue
                due += 1
                amount_due += amount
                if paid_on <= as_of:
                    paid += 1
                    amount_paid += amount
                    if paid_on <= deadline:
                        on_time += 1
    return Collection(due, paid, on_time, amount_due, amount_paid)


def _arrears(facts: FundFacts, on: date) -> Arrears:
    members = instalments = 0
    amount = ZERO
    for mid, (status, _start, arrears, _late) in facts.statuses(on).items():
        if status in CURRENT and arrears > 0:
            members += 1
            instalments += arrears
            amount += arrears * facts.instalment_amount(mid, on)
    return Arrears(members, instalments, amount)


def _account_balance(facts: FundFacts, entries: list[Any], account: str, on: date) -> Decimal:
    total = sum((e.signed for e in entries if e.account == account and e.date <= on and e.kind != "balance"), ZERO)
    if account == "cash":
        m = _money(facts, [], None, on)
        total += m.income["members"] - m.welfare_total
    return total


def _reconcile(facts: FundFacts, entries: list[Any], as_of: date) -> Reconciliation:
    names = sorted({e.account for e in entries} | {"cash"})
    out = []
    for name in names:
        row = AccountBalance(name, _account_balance(facts, entries, name, as_of))
        declared = [e for e in entries if e.account == name and e.kind == "balance"]
        if declared:
            last = max(declared, key=lambda e: (e.date, e.line))
            row.declared, row.declared_on = last.amount, last.date
            row.computed_on_declared = _account_balance(facts, entries, name, last.date)
        out.append(row)
    return Reconciliation(out, _balance(facts, entries, as_of))


def _count_day(fy: int, count_on: tuple[int, int]) -> date:
    """The day with month-day ``count_on`` inside B.E. fiscal year ``fy``."""
    m, d = count_on
    y = fy - 543 - (1 if m >= 10 else 0)
    return date(y, m, d)


def _matching(facts: FundFacts, ledger: Ledger, entries: list[Any], first: date, as_of: date,
              count_on: tuple[int, int]) -> list[MatchingRow]:
    out = []
    fys = fiscal_years(first, as_of)
    for fy, a, b in fys:
        day = _count_day(fy, count_on)
        n = 0
        if a <= day <= as_of:
            for status, start, _arrears, _late in facts.statuses(day).values():
                if status in CURRENT and start is not None and completed_years(start, day) >= 1:
                    n += 1
        got = [Receipt(e.round, e.date, e.amount) for e in entries if e.kind == "matching_government" and a <= e.date <= b]
        out.append(MatchingRow("government", fy, "members", Decimal(n), day if a <= day <= as_of else None,
                               GOVERNMENT_PER_MEMBER * n, got))
    for fy, a, b in fys:
        pa, pb = fiscal_year_bounds(a - DAY)
        basis = _money(facts, [], pa, pb).income["members"]
        got = [Receipt(e.round, e.date, e.amount) for e in entries if e.kind == "matching_local" and a <= e.date <= b]
        out.append(MatchingRow("local_authority", fy, "contributions", basis, None, basis, got))
    return out


def _beneficiaries(facts: FundFacts, as_of: date) -> dict[str, int]:
    reg = facts.ledger.beneficiaries
    current = [mid for mid, got in facts.statuses(as_of).items() if got[0] in CURRENT]
    return {"members_naming": len(reg), "beneficiaries": sum(len(v) for v in reg.values()),
            "current_members_naming_none": sum(1 for mid in current if not reg.get(mid))}


__all__ = ["ADMIN_LIMIT", "AccountBalance", "Arrears", "Collection", "FundStatus", "INCOME_SOURCES",
           "MatchingRow", "MemberCounts", "MoneyFlows", "Receipt", "Reconciliation", "Window", "fund_status"]
