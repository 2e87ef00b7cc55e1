"""The fund's own experience, as rates a projection draws from: member-years of exposure by age band, deaths,
leaving (lapsing, resigning, expelled), joining, claims by benefit and the amounts paid, contributions a member-year,
the share of the matching money that was received, and the other money a year.

Exposure is the time each member spent as a member (a spell from its start to its end, its lapse as the core's
facts stage derives it, or death), cut at the as-of date, split by age at each birthday.  A rate is events divided
by the member-years in which they could happen; rates are floats (expectations, not money).  Money stays integer
satang.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, Iterable

from ...core import MemberState
from ...core.dates import add_years, age_on, completed_years, fiscal_year
from ...core.history import Member
from ...core.thaiwords import DEFAULT_TERM, contribution_term
from ...core.validate import Regulation
from .._common import benefit_of, membership_on

BANDS = ((0, 17), (18, 39), (40, 59), (60, 69), (70, 79), (80, None))
DAYS_A_YEAR = Decimal("365.2425")
DAY = timedelta(days=1)


def band_of(age: int) -> int:
    for i, (lo, hi) in enumerate(BANDS):
        if age >= lo and (hi is None or age <= hi):
            return i
    return len(BANDS) - 1


def band_label(i: int) -> str:
    lo, hi = BANDS[i]
    return f"{lo}+" if hi is None else f"{lo}-{hi}"


def satang(d: Decimal) -> int:
    return int((d * 100).to_integral_value(rounding=ROUND_HALF_UP))


@dataclass
class Rate:
    """A rate a year: ``events`` over ``exposure`` member-years (or over years, for joining), or declared."""

    value: float
    events: int | None = None
    exposure: Decimal | None = None
    source: str = "history"  # "history", or the declared source

    def to_dict(self) -> dict[str, Any]:
        return {"value": round(self.value, 6), "events": self.events,
                "exposure": None if self.exposure is None else str(self.exposure.quantize(Decimal("0.01"))),
                "source": self.source}


@dataclass
class Experience:
    """What a projection starts from and draws on (:func:`experience_from_books`, :func:`experience_from_history`)."""

    fund: str
    as_of: date
    first: date  # the observation starts
    start_ages: list[tuple[int, bool]]  # current members on the as-of date: (age, a full year of membership)
    start_balance: int  # satang
    death: list[Rate]  # per band
    leaving: Rate
    joining: Rate  # joiners a year
    joiner_ages: list[int]
    claims: dict[str, list[Rate]]  # benefit -> per band (benefits not paid per death)
    per_death: dict[str, Rate]  # death benefits: payouts per death
    amounts: dict[str, list[int]]  # benefit -> the amounts paid, satang
    titles: dict[str, dict[str, str]]
    contribution_per_member_year: int  # satang
    last_year_contributions: int  # satang: the last complete fiscal year's, for the local authority's match
    government_share: Fraction = Fraction(0)  # of 365 baht a full-year member received
    local_share: Fraction = Fraction(0)  # of the previous year's contributions received
    other_income_per_year: int = 0  # donations, interest, other income (satang)
    fee_per_joiner: int = 0
    admin_per_year: int = 0
    other_expense_per_year: int = 0
    sources: dict[str, str] = field(default_factory=dict)  # what each figure comes from
    term: str = DEFAULT_TERM  # the fund's word for members' contributions (document.term): presentation only

    def to_dict(self) -> dict[str, Any]:
        money = lambda s: str(Decimal(s) / 100)  # noqa: E731
        return {
            "fund": self.fund, "as_of": self.as_of.isoformat(), "observed_from": self.first.isoformat(),
            "start_members": len(self.start_ages), "start_balance": money(self.start_balance),
            "death": {band_label(i): r.to_dict() for i, r in enumerate(self.death)}, "leaving": self.leaving.to_dict(),
            "joining": self.joining.to_dict(),
            "claims": {b: {band_label(i): r.to_dict() for i, r in enumerate(rs)} for b, rs in sorted(self.claims.items())},
            "per_death": {b: r.to_dict() for b, r in sorted(self.per_death.items())},
            "amounts": {b: {"payouts": len(a), "mean": money(sum(a) // len(a)) if a else "0"}
                        for b, a in sorted(self.amounts.items())},
            "contribution_per_member_year": money(self.contribution_per_member_year),
            "last_year_contributions": money(self.last_year_contributions),
            "government_share": str(float(self.government_share)), "local_share": str(float(self.local_share)),
            "other_income_per_year": money(self.other_income_per_year), "fee_per_joiner": money(self.fee_per_joiner),
            "admin_per_year": money(self.admin_per_year), "other_expense_per_year": money(self.other_expense_per_year),
            "sources": dict(sorted(self.sources.items()))}


@dataclass(frozen=True)
class Paid:
    """A payout as the experience reads it."""

    member_id: str
    benefit: str
    event_date: date
    amount: Decimal
    paid_on: date


def _exposure(state: MemberState, member: Member, first: date, as_of: date) -> list[tuple[date, date]]:
    """The days ``[a, b)`` the member was a member, cut to ``[first, as_of]``."""
    out = []
    for sp in state.spells:
        if sp.start > as_of:
            break
        state.ensure(sp, as_of)
        end = sp.effective_end
        b = as_of + DAY if end is None else min(end, as_of + DAY)
        if member.died_on is not None:
            b = min(b, member.died_on + DAY)
        a = max(sp.start, first)
        if b > a:
            out.append((a, b))
    return out


def _split_by_band(birth: date, a: date, b: date, into: list[Decimal]) -> None:
    """Add the member-years of ``[a, b)`` to ``into`` by the age band on each day."""
    d = a
    while d < b:
        age = age_on(birth, d)
        nxt = min(add_years(birth, age + 1), b)
        if nxt <= d:
            nxt = d + DAY
        into[band_of(age)] += Decimal((nxt - d).days) / DAYS_A_YEAR
        d = nxt


def experience_from_history(regulation: Regulation, members: Iterable[Member], payouts: Iterable[Paid], as_of: date,
                            start_balance: Decimal | None = None) -> Experience:
    """The experience of a fund given as member histories and payouts (no accounts: no matching money, no other
    income or expenses; the starting balance is the contributions less the payouts unless given)."""
    members = list(members)
    paid = [p for p in payouts if p.event_date <= as_of and p.amount > 0]
    starts = [s.start for m in members for s in m.spells if s.start <= as_of]
    first = min(starts) if starts else as_of
    n = len(BANDS)
    expo = [Decimal(0)] * n
    deaths = [0] * n
    leaving = 0
    joins = 0
    joiner_ages: list[int] = []
    start_ages: list[tuple[int, bool]] = []
    contributions = 0
    age_at: dict[str, date] = {}
    membership = membership_on(regulation, as_of)
    # joining is read from the last three years, leaving out the fund's first year (its founding members)
    join_from = max(add_years(first, 1), add_years(as_of, -3) + DAY)
    if join_from > as_of:
        join_from = first
    for m in members:
        age_at[m.member_id] = m.birth_date
        state = MemberState(m, membership)
        for a, b in _exposure(state, m, first, as_of):
            _split_by_band(m.birth_date, a, b, expo)
        for s in m.spells:
            if join_from <= s.start <= as_of:
                joins += 1
            if first <= s.start <= as_of:
                joiner_ages.append(age_on(m.birth_date, s.start))
        if m.died_on is not None and first <= m.died_on <= as_of and state.spell_at(m.died_on) is not None:
            deaths[band_of(age_on(m.birth_date, m.died_on))] += 1
        for sp in state.spells:
            end = sp.effective_end
            if end is not None and first <= end <= as_of and (sp.end_reason != "died" or end != sp.end) and \
                    (m.died_on is None or end <= m.died_on):
                leaving += 1
        st = state.status_at(as_of)
        if st.status in ("active", "suspended"):
            full = st.spell is not None and completed_years(st.spell.start, as_of) >= 1
            start_ages.append((age_on(m.birth_date, as_of), full))
        contributions += sum(satang(c.amount) for c in m.contributions if c.date <= as_of)
    years = Decimal((as_of - join_from).days + 1) / DAYS_A_YEAR
    total_expo = sum(expo, Decimal(0))
    claims: dict[str, list[list[int]]] = {}
    per_death: dict[str, int] = {}
    amounts: dict[str, list[int]] = {}
    titles: dict[str, dict[str, str]] = {}
    for p in sorted(paid, key=lambda p: (p.event_date, p.member_id, p.benefit)):
        b = benefit_of(regulation, p.benefit, p.event_date)
        if b is None:
            continue
        titles[p.benefit] = {"th": b.title.th, "en": b.title.en}
        amounts.setdefault(p.benefit, []).append(satang(p.amount))
        if b.kind == "death":
            per_death[p.benefit] = per_death.get(p.benefit, 0) + 1
        else:
            birth = age_at.get(p.member_id)
            band = band_of(age_on(birth, p.event_date)) if birth else 0
            claims.setdefault(p.benefit, [[0] for _ in range(n)])[band][0] += 1
    all_deaths = sum(deaths)
    last_fy = fiscal_year(as_of) - (0 if as_of.month == 9 and as_of.day == 30 else 1)
    y = last_fy - 543
    last_year = sum(satang(c.amount) for m in members for c in m.contributions if date(y - 1, 10, 1) <= c.date <= date(y, 9, 30))
    paid_total = sum(satang(p.amount) for p in paid if p.paid_on <= as_of)
    balance = satang(start_balance) if start_balance is not None else contributions - paid_total
    return Experience(
        fund=regulation.fund_id, as_of=as_of, first=first, start_ages=sorted(start_ages), start_balance=balance,
        death=[_rate(deaths[i], expo[i]) for i in range(n)], leaving=_rate(leaving, total_expo),
        joining=Rate(float(Decimal(joins) / years) if years else 0.0, joins, years.quantize(Decimal("0.01"))),
        joiner_ages=sorted(joiner_ages),
        claims={b: [_rate(c[i][0], expo[i]) for i in range(n)] for b, c in claims.items()},
        per_death={b: Rate(min(1.0, k / all_deaths) if all_deaths else 0.0, k, Decimal(all_deaths))
                   for b, k in per_death.items()},
        amounts=amounts, titles=titles,
        contribution_per_member_year=int(Decimal(contributions) / total_expo) if total_expo else 0,
        last_year_contributions=last_year,
        sources={"history": f"{first.isoformat()} to {as_of.isoformat()}"}, term=contribution_term(regulation))


def _rate(events: int, exposure: Decimal) -> Rate:
    return Rate(float(Decimal(events) / exposure) if exposure else 0.0, events, exposure.quantize(Decimal("0.01")))


def experience_from_books(regulation: Regulation, ledger: Any, as_of: date, count_on: tuple[int, int] = (10, 1)
                          ) -> Experience:
    """The experience of a fund's books: the members' history and payouts, and from the accounts (through
    :func:`swf_rules.reports.fund_status`) the balance, the share of the matching money received, and the other
    income and expenses a year (the mean of the complete fiscal years)."""
    from ..status import fund_status
    members = [rec.member(until=as_of) for _, rec in sorted(ledger.members.items())]
    paid = [Paid(p.member_id, p.benefit, p.event_date, p.amount, p.paid_on or p.event_date) for p in ledger.payouts]
    status = fund_status(regulation, ledger, as_of, count_on=count_on)
    ex = experience_from_history(regulation, members, paid, as_of, start_balance=status.cumulative.closing)
    years = [w for w in status.windows if w.label.isdigit() and w.last.month == 9 and w.last.day == 30
             and w.first is not None and w.first.month == 10 and w.first.day == 1]
    if not years:
        years = [w for w in status.windows if w.label.isdigit()]
    k = len(years) or 1

    def mean(f: Any) -> int:
        return satang(sum((f(w) for w in years), Decimal(0))) // k

    ex.other_income_per_year = mean(lambda w: w.money.income["donations"] + w.money.income["interest"]
                                    + w.money.income["other_income"])
    ex.admin_per_year = mean(lambda w: w.money.expenses["administration"])
    ex.other_expense_per_year = mean(lambda w: w.money.expenses["other"])
    fees = sum((w.money.income["entry_fees"] for w in status.windows if w.label.isdigit()), Decimal(0))
    joiners = sum(w.members.joined for w in status.windows if w.label.isdigit())
    ex.fee_per_joiner = satang(fees) // joiners if joiners else 0
    gov = [m for m in status.matching if m.party == "government" and m.requestable > 0]
    loc = [m for m in status.matching if m.party == "local_authority" and m.requestable > 0]
    if gov:
        ex.government_share = Fraction(satang(sum((m.received_total for m in gov), Decimal(0))),
                                       satang(sum((m.requestable for m in gov), Decimal(0)))).limit_denominator(10 ** 6)
    if loc:
        ex.local_share = Fraction(satang(sum((m.received_total for m in loc), Decimal(0))),
                                  satang(sum((m.requestable for m in loc), Decimal(0)))).limit_denominator(10 ** 6)
    if years:
        ex.last_year_contributions = satang(years[-1].money.income["members"])
    ex.sources["accounts"] = f"fiscal years {years[0].label}-{years[-1].label}" if years else "none"
    return ex


__all__ = ["BANDS", "Experience", "Paid", "Rate", "band_label", "band_of", "experience_from_books",
           "experience_from_history"]
