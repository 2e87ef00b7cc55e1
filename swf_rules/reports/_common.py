"""What every report shares: the regulation read on a date, the members' facts on a date (through the core's
:class:`~swf_rules.core.MemberState`, or for every member at once the columnar engine's facts stage, held equal to
it; never re-derived here), and the text, CSV and JSON forms.

Thai text is a committee's language: B.E. dates with Thai month names, thousands separators, benefit titles and
status names in Thai, columns aligned by display width (:func:`swf_rules.core.thaitext.align`).  English text
uses ISO C.E. dates.  JSON and CSV always use ISO C.E. dates and money as decimal strings.
"""

from __future__ import annotations

import bisect
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
from ..core.schedules import schedules_of, version_1_instalments
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


# ------------------------------------------------------------------------------------------ members' facts
class FundFacts:
    """The members of a ledger as the core's facts stage sees them, on any day up to ``until``: one
    :class:`~swf_rules.core.MemberState` per member and set of membership rules, built once and kept.

    What is asked of every member on a day (:meth:`statuses`, :meth:`collection`) is answered for all of them at
    once by the columnar engine's facts stage (:class:`swf_rules.columnar.fund.FundColumns`, held equal to the
    core's) when numpy is installed (``columnar``: default); the figures are the same either way.

    A member whose register has year-only dates is read at the earliest possible day (as ``status`` always did);
    :attr:`placeholders` counts them."""

    def __init__(self, regulation: Regulation, ledger: Ledger, until: date, columnar: bool | None = None):
        self.regulation = regulation
        self.ledger = ledger
        self.until = until
        self._states: dict[tuple[str, int], MemberState] = {}
        self._members: dict[str, Any] = {}
        if columnar is None:
            from ..columnar import available
            columnar = available()
        # the columnar facts stage reads monthly or yearly instalments with grace days (as version 1 says them);
        # the schedules of version 2 (periods, date deadlines, yearly totals, alternatives, a levy) are the core's
        columnar = columnar and all(version_1_instalments(v.membership) for v in regulation.versions)
        self._columns: Any = None if not columnar else False  # built when first asked
        self._statuses: dict[date, dict[str, tuple[str, date | None, int, bool]]] = {}
        self._days: tuple[list[int], list[int]] | None = None

    def columns(self) -> Any:
        """The :class:`~swf_rules.columnar.fund.FundColumns` of every member (None without numpy)."""
        if self._columns is False:
            from ..columnar.fund import FundColumns
            self._columns = FundColumns([self.ledger.members[m] for m in self.ids()], self.until)
        return self._columns

    def instalment_amount(self, mid: str, on: date) -> Decimal:
        """The amount of one of the member's instalments on ``on``: that of the schedule the member's spell is on
        (language version 2 may offer several), else the membership's first schedule."""
        ms = membership_on(self.regulation, on)
        if len(schedules_of(ms)) > 1:  # alternatives: never read column-wise (see __init__)
            st = self.state(mid, on).status_at(on)
            if st.spell is not None:
                return st.spell.schedule.amount
        return ms.contribution.amount

    def statuses(self, on: date) -> dict[str, tuple[str, date | None, int, bool]]:
        """member id -> (status on ``on``, the start of the spell it comes from or None, instalments in arrears,
        whether that spell may have missed periods), for every member who had joined by ``on`` (kept per day)."""
        got = self._statuses.get(on)
        if got is not None:
            return got
        ids = self.ids()
        cols = self.columns()
        got = {}
        if cols is not None:
            status, start, arrears, late = cols.status(membership_on(self.regulation, on), on)
            for i, mid in enumerate(ids):
                if joined_by(self.ledger.members[mid], on):
                    got[mid] = (status[i], date.fromordinal(start[i]) if start[i] else None, arrears[i], late[i])
        else:
            for mid in ids:
                if joined_by(self.ledger.members[mid], on):
                    st = self.state(mid, on).status_at(on)
                    got[mid] = (st.status, st.spell.start if st.spell is not None else None, st.arrears, True)
        self._statuses[on] = got
        return got

    def collection(self, first: date | None, top: date, as_of: date) -> tuple[int, int, int] | None:
        """(instalments due with their deadline in ``[first, top]``, paid by ``as_of``, paid in time) over every
        member, column-wise; None without numpy (the caller walks the members' states)."""
        cols = self.columns()
        return None if cols is None else cols.collection(membership_on(self.regulation, as_of), first, top, as_of)

    def payable(self, benefit: Any, mids: list[str], payouts: dict[str, list[Any]], on: date) -> dict[str, Any] | None:
        """member id -> the decision on a claim of ``benefit`` on ``on`` (no details), for the members of ``mids``
        whose claim is payable, each decided alone with the payouts of ``payouts`` made by then (as
        :meth:`swf_rules.core.Engine.evaluate` would): every member at once (columnar); None without numpy."""
        cols = self.columns()
        if cols is None:
            return None
        from ..books import new_payout
        from ..columnar import ColumnarEngine
        row = {mid: i for i, mid in enumerate(self.ids())}
        history = {row[mid]: [new_payout(claim_id=p.payout_id, benefit=p.benefit, event_date=p.event_date,
                                         end_date=p.end_date, units=p.units, amount=p.amount)
                              for p in payouts.get(mid, []) if p.event_date <= on] for mid in mids}
        engine = self.__dict__.setdefault("_engine", ColumnarEngine(self.regulation))
        got = cols.decide(engine, [row[mid] for mid in mids], benefit.id, on, history)
        ids = self.ids()
        return {ids[r]: d for r, d in got.items()}

    def instalments_between(self, first: date | None, last: date) -> int:
        """Satang of the instalments paid from ``first`` (None: the beginning) to ``last``, both included: each
        day's total summed once, then a difference of running totals per window."""
        if self._days is None:
            per_day: dict[int, int] = {}
            for rec in self.ledger.members.values():
                for o, a in zip(rec.dates, rec.amounts):
                    per_day[o] = per_day.get(o, 0) + a
            days = sorted(per_day)
            running, total = [0], 0
            for o in days:
                total += per_day[o]
                running.append(total)
            self._days = (days, running)
        days, running = self._days
        lo = bisect.bisect_left(days, first.toordinal()) if first is not None else 0
        return running[bisect.bisect_right(days, last.toordinal())] - running[lo] if last >= (first or last) else 0

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
