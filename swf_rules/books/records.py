"""What a ledger is once read: member records with compact instalments, payout rows, and the ledger itself.

Contributions are the bulk of a ledger (about 120 instalments per member over ten years).  They are kept per member
in three compact arrays (date, period, amount in satang: 16 bytes an instalment); a
:class:`~swf_rules.core.history.Member` is built only when it is needed (:meth:`MemberRecord.member`) and dropped
after.

Year-only dates (``1950``, ``๒๔๙๓``) are accepted in the member register (``birth_date``, ``joined``, ``left``,
``died_on``) and kept as *placeholders*: the year is known, the day is not.  :meth:`MemberRecord.scenarios` gives
the member once for every combination of the earliest and the latest possible day, so a verdict that depends on
the day can be reported as undetermined instead of guessed.
"""

from __future__ import annotations

import itertools
from array import array
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ..core.errors import Problem
from ..core.history import Contribution, Member
from ..core.schedules import bounds, key_index
from .construct import build_member, contribution


_DEC_CACHE: dict[int, Decimal] = {}
_SHARED: dict[tuple[int, int, int], Contribution] = {}
_SHARED_MAX = 32_768  # about 450 bytes each: at most ~14 MiB, whatever the length of the books
_PERIOD_CACHE: dict[int, str] = {}


def satang_to_decimal(s: int) -> Decimal:
    """An amount in satang as baht (``3000`` -> ``Decimal('30')``, ``3050`` -> ``Decimal('30.5')``), memoised."""
    d = _DEC_CACHE.get(s)
    if d is None:
        d = _DEC_CACHE[s] = (Decimal(s) / 100).quantize(Decimal(1)) if s % 100 == 0 else Decimal(s) / 100
    return d


# A period code (one int32 an instalment) names the period a contribution covers: a year is -YYYY and a month
# YYYY*12+MM-1; the periods of language version 2 are the core's period numbers (swf_rules.core.schedules) moved
# into ranges of their own above the months.
_OFFSETS = (("day", 3_000_000), ("week", 2_000_000), ("half_year", 1_000_000))
_OFFSET = dict(_OFFSETS)


def period_code(covers: str) -> int:
    """'2024-03' -> 2024*12+2 (positive); '2024' -> -2024; '2024-H2', '2024-W11', '2024-03-15' above the months."""
    if len(covers) == 4:
        return -int(covers)
    if len(covers) == 7 and covers[5] != "H":
        return int(covers[:4]) * 12 + int(covers[5:7]) - 1
    period, i = key_index(covers)
    return _OFFSET[period] + i


def period_kind(code: int) -> str:
    """Which period a code names: ``year``, ``month``, ``half_year``, ``week`` or ``day``."""
    if code < 0:
        return "year"
    for period, offset in _OFFSETS:
        if code >= offset:
            return period
    return "month"


def period_text(code: int) -> str:
    """The inverse of :func:`period_code`, memoised."""
    t = _PERIOD_CACHE.get(code)
    if t is None:
        kind = period_kind(code)
        t = _PERIOD_CACHE[code] = f"{-code:04d}" if kind == "year" else \
            f"{code // 12:04d}-{code % 12 + 1:02d}" if kind == "month" else bounds(kind, code - _OFFSET[kind])[2]
    return t


@dataclass
class MemberRecord:
    """A member of the register, with their instalments kept compactly."""

    member_id: str
    birth_date: date
    sex: str
    spells: list[tuple[date, date | None, str | None]]
    died_on: date | None = None
    placeholders: dict[str, int] = field(default_factory=dict)  # "birth_date", "spells[0].start", ... -> year
    line: int = 0  # first row in the members file
    dates: array = field(default_factory=lambda: array("i"))  # date ordinals
    periods: array = field(default_factory=lambda: array("i"))  # period_code
    amounts: array = field(default_factory=lambda: array("q"))  # satang

    def add(self, d: date, satang: int, code: int) -> None:
        self.dates.append(d.toordinal())
        self.amounts.append(satang)
        self.periods.append(code)

    @property
    def n_contributions(self) -> int:
        return len(self.dates)

    def contributions(self, until: date | None = None) -> list[Contribution]:
        """The instalments (in the order the ledger lists them), up to ``until`` when given.

        Contributions are frozen values, so equal ones are shared between members (a fund's members pay the same
        amounts on the same few days)."""
        lim = until.toordinal() if until is not None else None
        shared = _SHARED
        get = shared.get
        out = []
        for o, a, p in zip(self.dates, self.amounts, self.periods):
            if lim is not None and o > lim:
                continue
            key = (o, a, p)
            c = get(key)
            if c is None:
                if len(shared) > _SHARED_MAX:
                    shared.clear()
                c = shared[key] = contribution(date.fromordinal(o), satang_to_decimal(a), period_text(p))
            out.append(c)
        return out

    def member(self, until: date | None = None) -> Member:
        """The member history (placeholder dates at their earliest day); contributions up to ``until``."""
        return build_member(self.member_id, self.birth_date, self.sex, self.spells, self.contributions(until),
                            self.died_on)

    def scenarios(self, limit: int = 6, until: date | None = None) -> list[tuple[dict[str, str], Member]] | None:
        """The member under every combination of earliest/latest day of each placeholder date.

        One scenario (an empty label) when there are no placeholders; ``None`` when there are more than ``limit``.
        ``until`` leaves out the instalments paid after that day (facts on a day never depend on them).
        """
        keys = sorted(self.placeholders)
        if not keys:
            return [({}, self.member(until))]
        if len(keys) > limit:
            return None
        conts = self.contributions(until)
        out = []
        for corner in itertools.product(("first", "last"), repeat=len(keys)):
            label = dict(zip(keys, corner))
            birth = self._corner("birth_date", self.birth_date, label)
            died = self._corner("died_on", self.died_on, label) if self.died_on else None
            spells = []
            for i, (s, e, r) in enumerate(self.spells):
                s2 = self._corner(f"spells[{i}].start", s, label)
                if label.get(f"spells[{i}].start") == "last":  # not after the first instalment paid in it
                    firsts = [c.date for c in conts if c.date >= s and (e is None or c.date <= e)]
                    if firsts:
                        s2 = min(s2, min(firsts))
                e2 = self._corner(f"spells[{i}].end", e, label) if e is not None else None
                spells.append((s2, e2, r))
            if birth > spells[0][0] or (died is not None and died < birth) or \
                    any(e is not None and e < s for s, e, _ in spells) or \
                    any(b[0] < a[1] for a, b in zip(spells, spells[1:]) if a[1] is not None):
                continue  # an impossible combination
            out.append((label, build_member(self.member_id, birth, self.sex, spells, conts, died)))
        return out

    def _corner(self, key: str, value: date, label: dict[str, str]) -> date:
        if key not in self.placeholders:
            return value
        y = self.placeholders[key]
        return date(y, 1, 1) if label[key] == "first" else date(y, 12, 31)


@dataclass
class PayoutRow:
    """One recorded payout (a voucher).  ``payout_id`` doubles as the claim id when it is re-decided."""

    payout_id: str
    member_id: str
    benefit: str
    event_date: date
    amount: Decimal
    end_date: date | None = None
    filed_on: date | None = None
    paid_on: date | None = None
    units: int | None = None
    children: int | None = None
    event_ref: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    line: int = 0
    # the committee's decision, when the books keep it (optional columns; read by the committee review)
    decided_on: date | None = None
    meeting: str | None = None
    approver: str | None = None

    def order_key(self) -> tuple:
        return (self.event_date, self.filed_on or self.event_date, self.payout_id)


@dataclass
class Ledger:
    """A whole ledger read into memory by :func:`~swf_rules.books.read_ledger`."""

    fund: str | None
    members: dict[str, MemberRecord]
    payouts: list[PayoutRow]  # in replay order (event date, filing date, payout id)
    skipped: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # rows read per file kind
    files: dict[str, str] = field(default_factory=dict)
    accounts: list[Any] = field(default_factory=list)  # AccountEntry rows, in file order (when the ledger has them)
    beneficiaries: dict[str, list[Any]] = field(default_factory=dict)  # member id -> BeneficiaryRow
    notices: list[Problem] = field(default_factory=list)  # warnings about the accounts and beneficiaries, and irregular rows kept (core.notices)

    @property
    def n_contributions(self) -> int:
        return sum(m.n_contributions for m in self.members.values())
