"""What every report shares: the regulation read on a date, the members' facts on a date (through the core's
:class:`~swf_rules.core.MemberState`, never re-derived here), and the text, CSV and JSON forms.

Thai text is a committee's language: B.E. dates with Thai month names, thousands separators, benefit titles and
status names in Thai, columns aligned by display width (:func:`swf_rules.core.thaitext.align`).  English text
uses ISO C.E. dates.  JSON and CSV always use ISO C.E. dates and money as decimal strings.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from typing import Any, Iterable, Sequence

from ..books import Ledger, MemberRecord, satang_to_decimal
from ..core import STATUS_TH, MemberState
from ..core import model as M
from ..core.dates import fiscal_year_bounds
from ..core.errors import LookupProblem
from ..core.money import ZERO, money_str
from ..core.thaitext import align, group_digits, thai_short_date
from ..core.validate import Regulation

INCOME_SOURCES = ("members", "local_authority", "government", "entry_fees", "donations", "interest", "other_income")
EXPENSES = ("administration", "other")
STATUSES = ("active", "suspended", "lapsed", "resigned", "expelled", "dead")
STATUS_EN = {s: s for s in STATUSES}
AGE_GROUPS = (("children", 0, 17), ("working_age", 18, 59), ("elderly", 60, None))
AGE_GROUP_TH = {"children": "เด็ก (ต่ำกว่า 18 ปี)", "working_age": "วัยทำงาน (18-59 ปี)",
                "elderly": "ผู้สูงอายุ (60 ปีขึ้นไป)"}
AGE_GROUP_EN = {"children": "children (under 18)", "working_age": "working age (18-59)", "elderly": "elderly (60+)"}


# ------------------------------------------------------------------------------------------ the regulation
def version_on(regulation: Regulation, on: date) -> M.Version:
    """The version in force on ``on``; before the first version or in a gap, the nearest earlier one (or the
    first): a report about the books still needs rules to read them by."""
    try:
        return regulation.in_force(on)
    except LookupProblem:
        earlier = [v for v in regulation.versions if v.effective <= on]
        return earlier[-1] if earlier else regulation.versions[0]


def membership_on(regulation: Regulation, on: date) -> M.Membership:
    return version_on(regulation, on).membership


def benefit_of(regulation: Regulation, benefit_id: str, on: date) -> M.Benefit | None:
    """The benefit as the version in force on ``on`` has it, else as the latest version that has it."""
    b = version_on(regulation, on).benefit(benefit_id)
    if b is not None:
        return b
    for v in reversed(regulation.versions):
        b = v.benefit(benefit_id)
        if b is not None:
            return b
    return None


def benefit_title(regulation: Regulation, benefit_id: str, on: date, lang: str) -> str:
    """The benefit's title in ``lang`` (the id of a benefit no version has, marked as unknown)."""
    b = benefit_of(regulation, benefit_id, on)
    if b is None:
        return (f"ไม่มีในระเบียบ ({benefit_id})" if lang == "th" else f"not in the regulation ({benefit_id})")
    return b.title.th if lang == "th" else b.title.en


def fund_name(regulation: Regulation, lang: str) -> str:
    return regulation.fund.name.th if lang == "th" else regulation.fund.name.en


def instalment_amount(membership: M.Membership) -> Decimal:
    """The scheduled amount of one instalment (the membership's first schedule)."""
    return membership.contribution.amount


# ------------------------------------------------------------------------------------------ members' facts
class FundFacts:
    """The members of a ledger as the core's facts stage sees them, on any day up to ``until``: one
    :class:`~swf_rules.core.MemberState` per member and set of membership rules, built once and kept.

    A member whose register has year-only dates is read at the earliest possible day (as ``status`` always did);
    :attr:`placeholders` counts them."""

    def __init__(self, regulation: Regulation, ledger: Ledger, until: date):
        self.regulation = regulation
        self.ledger = ledger
        self.until = until
        self._states: dict[tuple[str, int], MemberState] = {}
        self._members: dict[str, Any] = {}

    def member(self, mid: str) -> Any:
        m = self._members.get(mid)
        if m is None:
            m = self._members[mid] = self.ledger.members[mid].member(until=self.until)
        return m

    def state(self, mid: str, on: date) -> MemberState:
        ms = membership_on(self.regulation, on)
        key = (mid, id(ms))
        st = self._states.get(key)
        if st is None:
            st = self._states[key] = MemberState(self.member(mid), ms)
        return st

    def indexed(self, mid: str, on: date) -> MemberState:
        """The member's state with every spell's instalments indexed up to ``on``."""
        st = self.state(mid, on)
        for sp in st.spells:
            if sp.start <= on:
                st.ensure(sp, on)
        return st

    def record(self, mid: str) -> MemberRecord:
        return self.ledger.members[mid]

    def ids(self) -> list[str]:
        return sorted(self.ledger.members)


def joined_by(rec: MemberRecord, on: date) -> bool:
    return rec.spells[0][0] <= on


# ------------------------------------------------------------------------------------------ money and windows
def payout_day(p: Any) -> date:
    """The day a payout left the fund: its payment day, or its event day when the voucher has none."""
    return p.paid_on or p.event_date


def contributions_between(ledger: Ledger, first: date | None, last: date) -> tuple[int, Decimal]:
    lo = first.toordinal() if first is not None else -1
    hi = last.toordinal()
    n = 0
    total = 0
    for rec in ledger.members.values():
        for o, a in zip(rec.dates, rec.amounts):
            if lo <= o <= hi:
                n += 1
                total += a
    return n, satang_to_decimal(total)


def fiscal_years(first: date, last: date) -> list[tuple[int, date, date]]:
    """(B.E. fiscal year, first day, last day) of every fiscal year from ``first`` to ``last``; the last is cut at
    ``last``."""
    out = []
    d = first
    while d <= last:
        a, b = fiscal_year_bounds(d)
        out.append((b.year + 543, a, min(b, last)))
        d = date(b.year, 10, 1)
    return out


# ------------------------------------------------------------------------------------------ text
def tr(lang: str, th: str, en: str) -> str:
    return th if lang == "th" else en


def day_text(d: date | None, lang: str) -> str:
    """A date as a committee reads it: ``30 ก.ย. 2567`` in Thai, ``2024-09-30`` in English."""
    if d is None:
        return "-"
    return thai_short_date(d) if lang == "th" else d.isoformat()


def baht(d: Decimal | int | None) -> str:
    """Money with thousands separators, ``-`` before a negative amount."""
    if d is None:
        return "-"
    d = Decimal(d)
    return "-" + group_digits(-d) if d < 0 else group_digits(d)


def signed(d: Decimal) -> str:
    return "+" + group_digits(d) if d > 0 else baht(d)


def count(n: int) -> str:
    return f"{n:,}"


def percent(x: Decimal | None) -> str:
    """A share (0.1234) as ``12.3%``; ``-`` when it has no denominator."""
    if x is None:
        return "-"
    return f"{(x * 100).quantize(Decimal('0.1'))}%"


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part / whole`` to 4 decimals, or None when ``whole`` is zero."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"))


def share_str(x: Decimal | None) -> str | None:
    return None if x is None else str(x)


def status_name(status: str, lang: str) -> str:
    return STATUS_TH.get(status, status) if lang == "th" else status


def table(rows: Sequence[Sequence[str]], right: Sequence[bool], indent: str = "") -> list[str]:
    return [indent + line for line in align(rows, right)]


def money(d: Decimal) -> str:
    """JSON money: a decimal string, ``-`` before a negative amount."""
    return "-" + money_str(-d) if d < 0 else money_str(d)


# ------------------------------------------------------------------------------------------ files
def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue()


def json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def sum_money(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)
