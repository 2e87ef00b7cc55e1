"""Compact builders for member histories and claims, for tests, committee cases and synthetic data.

``history(...)`` writes the boring parts a treasurer would otherwise copy from a passbook: one instalment per
period from joining until ``paid_until`` (default: the day before ``until``), except the periods listed as
``missed``.  Everything it returns is an ordinary validated :class:`~swf_rules.core.history.Member`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Iterable

from .core.dates import add_months, month_end
from .core.history import Claim, Member, parse_claim, parse_member
from .core.schedules import bounds, index_of


def instalments(start: date, last: date, amount: Decimal | int | str = 30, period: str = "month",
                missed: Iterable[str] = (), day: int = 5) -> list[dict[str, Any]]:
    """One contribution per period from the period of ``start`` to the period of ``last`` (paid on ``day`` of the
    period, or on ``start`` for the first), skipping the period keys in ``missed`` (``YYYY-MM`` or ``YYYY``)."""
    skip = set(missed)
    out = []
    if period == "month":
        cur = date(start.year, start.month, 1)
        while cur <= last:
            key = f"{cur.year:04d}-{cur.month:02d}"
            paid = max(start, date(cur.year, cur.month, min(day, month_end(cur.year, cur.month).day)))
            if key not in skip:
                out.append({"date": paid.isoformat(), "amount": str(amount), "covers": key})
            cur = add_months(cur, 1)
    elif period == "year":
        for y in range(start.year, last.year + 1):
            paid = max(start, date(y, 1, min(day, 28)))
            if str(y) not in skip:
                out.append({"date": paid.isoformat(), "amount": str(amount), "covers": f"{y:04d}"})
    else:  # day, week, half_year: paid on the period's first day (or on ``start`` for the first)
        for i in range(index_of(period, start), index_of(period, last) + 1):
            first, _, key = bounds(period, i)
            if key not in skip:
                out.append({"date": max(start, first).isoformat(), "amount": str(amount), "covers": key})
    return out


def history(member_id: str = "m-1", *, birth: date | str = "1970-01-01", sex: str = "female",
            joined: date | str = "2015-01-15", paid_until: date | str | None = None, missed: Iterable[str] = (),
            amount: int | str = 30, period: str = "month", spells: list[dict[str, Any]] | None = None,
            died_on: date | str | None = None, payouts: list[dict[str, Any]] | None = None,
            beneficiaries: list[dict[str, Any]] | None = None, levies: list[dict[str, Any]] | None = None,
            late: dict[str, date | str] | None = None) -> Member:
    """A member history; ``late`` pays the named periods (``{"2015-03": "2015-05-20"}``) on the day given instead of
    on time; ``levies`` are the member's funeral-levy calls and ``beneficiaries`` the beneficiaries the member named,
    as the history format writes them."""
    j = _d(joined)
    last = _d(paid_until) if paid_until is not None else date(2045, 12, 31)
    if died_on is not None:
        last = min(last, _d(died_on))
    data = {
        "member_id": member_id,
        "birth_date": _d(birth).isoformat(),
        "sex": sex,
        "spells": spells or [{"start": j.isoformat(), "end": None, "end_reason": None}],
        "contributions": [{**c, "date": _d(late[c["covers"]]).isoformat()} if late and c["covers"] in late else c
                          for c in instalments(j, last, amount, period, missed)],
        "died_on": None if died_on is None else _d(died_on).isoformat(),
        "payouts": payouts or [],
    }
    if beneficiaries:  # v2: the beneficiaries the member named (name, relationship, national_id, share)
        data["beneficiaries"] = beneficiaries
    if levies:  # v2: the member's funeral-levy calls
        data["levies"] = levies
    return parse_member(data)


def claim(benefit: str, event_date: date | str, *, claim_id: str = "c-1", member_id: str = "m-1",
          **kw: Any) -> Claim:
    data: dict[str, Any] = {"claim_id": claim_id, "member_id": member_id, "benefit": benefit,
                            "event_date": _d(event_date).isoformat()}
    for k, v in kw.items():
        data[k] = v.isoformat() if isinstance(v, date) else v
    return parse_claim(data)


def _d(x: date | str) -> date:
    return x if isinstance(x, date) else date.fromisoformat(x)
