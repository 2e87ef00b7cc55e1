"""Small swf-rules/2 regulations and member histories for the tests of the membership constructs."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from swf_rules.core.history import parse_member
from swf_rules.core.validate import Regulation, load_regulation_text

HEAD = """\
language: {language}
calendar: gregorian
fund:
  id: {fund_id}
  name: {{th: กองทุนทดสอบ, en: Test fund}}
  place: {{subdistrict: {{th: ก, en: A}}, district: {{th: ข, en: B}}, province: {{th: ค, en: C}}}}
versions:
  - version: "1"
    title: {{th: ระเบียบทดสอบ, en: Test regulation}}
    effective: 2010-01-01
    adopted: {{meeting: {{th: ที่ประชุมใหญ่, en: General meeting}}, date: 2009-12-15}}
    source: {{document: synthetic test regulation}}
"""

BENEFITS = """\
    benefits:
      - {id: birth, kind: birth, title: {th: คลอดบุตร, en: Birth}, clause: "ข้อ 7", amount: {type: flat, amount: 1000}}
      - {id: death, kind: death, title: {th: เสียชีวิต, en: Death}, clause: "ข้อ 10", amount: {type: flat, amount: 20000}}
"""


def regulation(membership: str, benefits: str = BENEFITS, *, language: str = "swf-rules/2", fund_id: str = "test",
               extra: str = "") -> Regulation:
    """A one-version regulation: ``membership`` is the YAML of the ``membership:`` mapping (indented under it),
    ``extra`` more keys of the version (``groups:``), ``benefits`` the benefits list."""
    text = HEAD.format(language=language, fund_id=fund_id) + "    membership:\n" + "".join(
        "      " + ln + "\n" for ln in membership.strip("\n").split("\n")) + extra + benefits
    return load_regulation_text(text, file="test.yaml")


def member(contributions: list[tuple[str, str, str]], *, start: str = "2015-01-15", end: str | None = None,
           reason: str | None = None, died_on: str | None = None, levies: list[dict[str, Any]] | None = None,
           payouts: list[dict[str, Any]] | None = None, member_id: str = "m-1") -> Any:
    """A member history from ``(date, amount, covers)`` rows."""
    data: dict[str, Any] = {
        "member_id": member_id, "birth_date": "1970-01-01", "sex": "female",
        "spells": [{"start": start, "end": end, "end_reason": reason}],
        "contributions": [{"date": d, "amount": a, "covers": c} for d, a, c in contributions],
        "died_on": died_on, "payouts": payouts or []}
    if levies:
        data["levies"] = levies
    return parse_member(data)


def monthly(first: str, last: str, amount: str = "30", skip: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
    """One contribution a month, paid on the 5th (or on ``first`` when later), months ``first``..``last``."""
    out = []
    d0 = date.fromisoformat(first)
    y, m = d0.year, d0.month
    stop = date.fromisoformat(last)
    while date(y, m, 1) <= stop:
        key = f"{y:04d}-{m:02d}"
        if key not in skip:
            out.append((max(d0, date(y, m, 5)).isoformat(), amount, key))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def day(text: str, n: int = 0) -> date:
    return date.fromisoformat(text) + timedelta(days=n)
