"""Lint of the membership constructs of language version 2: what is valid but probably not meant.

- ``lint-grace-days-year-end``: grace days after the end of a year (or half-year) that reach past 28 February
  land on a different date in leap years; a date deadline (``due: {of: next_year, month: 3, day: 31}``) says what
  the fund means.
- ``lint-stated-rate-differs``: the rate as the regulation words it (``stated``) does not add up over a year to
  what a schedule's instalments add up to (1 baht a day is 365 a year, 30 a month is 360): the engine counts
  instalments, so the committee should know which one it wrote.
- ``lint-refund-disagrees``: ``refund_on_resignation`` says one thing and a refund benefit computes another.
- ``lint-levies-without-levy``: a benefit pays the levies collected, but the membership declares no levy.
- ``lint-group-unused``: a benefit group that no benefit belongs to.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..core import model as M
from ..core.errors import Path, Problem
from ..core.load import Document
from ..core.money import money_str
from ..core.schedules import PER_YEAR
from ..core.validate import Regulation

_PERIOD_TH = {"day": "วัน", "week": "สัปดาห์", "month": "เดือน", "half_year": "ครึ่งปี", "year": "ปี"}
LEAP_REACH = 60  # 31 Dec + 60 days is 1 March in a common year and 29 February in a leap year


def lint_membership(doc: Document, regulation: Regulation, v: M.Version) -> Iterator[Problem]:
    """The warnings of ``v``'s membership constructs, each where its text is written."""
    ms = v.membership
    mp = regulation.part_path(v, "membership")
    c = ms.contribution
    schedules = [(mp + ("contribution",), c)] + [(mp + ("contribution", "alternatives", i), a)
                                                 for i, a in enumerate(c.alternatives)]
    if ms.grace_days >= LEAP_REACH:
        for _, s in schedules:
            if s.period in ("year", "half_year") and s.due is None:
                yield doc.problem("lint-grace-days-year-end", mp + ("grace_days",), clause=ms.clause,
                                  value=str(ms.grace_days), period=s.period.replace("_", "-"),
                                  period_th=_PERIOD_TH[s.period],
                                  hint=("write the deadline as a date, e.g. due: {of: next_year, month: 3, day: 31}",
                                        "เขียนกำหนดส่งเป็นวันที่ เช่น due: {of: next_year, month: 3, day: 31}"))
                break
    if c.stated is not None:
        stated_year = c.stated.amount * PER_YEAR[c.stated.per]
        for sp, s in schedules:
            year = s.amount * PER_YEAR[s.period]
            if year != stated_year:
                yield doc.problem("lint-stated-rate-differs", sp + ("amount",), clause=ms.clause,
                                  value=money_str(s.amount), stated=money_str(c.stated.amount),
                                  per=c.stated.per.replace("_", "-"), per_th=_PERIOD_TH[c.stated.per],
                                  stated_year=money_str(stated_year), amount=money_str(s.amount),
                                  period=s.period.replace("_", "-"), period_th=_PERIOD_TH[s.period],
                                  schedule_year=money_str(year),
                                  hint=("nothing to change if the fund collects this; otherwise correct the amount",
                                        "ไม่ต้องแก้ไขหากกองทุนเก็บตามนี้จริง มิฉะนั้นให้แก้จำนวนเงิน"))
    for bi, b in enumerate(v.benefits):
        yield from _benefit(doc, regulation.benefit_path(v, bi), b, v)
    for gi, g in enumerate(v.groups):
        if not any(b.group == g.id for b in v.benefits):
            yield doc.problem("lint-group-unused", regulation.part_path(v, "groups") + (gi, "id"), clause=g.clause, value=g.id,
                              hint=("add group: " + g.id + " to its benefits, or remove the group",
                                    "เพิ่ม group: " + g.id + " ในสวัสดิการของกลุ่ม หรือลบกลุ่มนี้"))


def _benefit(doc: Document, p: Path, b: M.Benefit, v: M.Version) -> Iterator[Problem]:
    a = b.amount
    ms = v.membership
    if isinstance(a, M.V2.LeviesCollected) and ms.levy is None:
        yield doc.problem("lint-levies-without-levy", p + ("amount", "type"), clause=b.clause, benefit=b.id,
                          value=b.id, hint=("declare the levy under membership: levy: {amount: 20, within: {days: 30}}",
                                            "กำหนดการเก็บเงินสงเคราะห์ใน membership: levy"))
    if isinstance(a, M.V2.Refund) and "resignation" in a.on:
        said = ms.refund_on_resignation
        detail = _disagreement(said, a)
        if detail is not None:
            yield doc.problem("lint-refund-disagrees", p + ("amount",), clause=b.clause, value=said, benefit=b.id,
                              detail=detail[0], detail_th=detail[1],
                              hint=("make refund_on_resignation say what the refund benefit does",
                                    "แก้ refund_on_resignation ให้ตรงกับสวัสดิการคืนเงิน"))


def _disagreement(said: str, a: Any) -> tuple[str, str] | None:
    if said == "none":
        return "on resignation", "เมื่อลาออก"
    if said == "all" and a.unless_benefit_received:
        return ("only to members who never received a benefit",
                "เฉพาะผู้ที่ไม่เคยได้รับสวัสดิการ")
    if said == "if_no_benefit_received" and not a.unless_benefit_received:
        return "to every member who resigns", "ให้ทุกคนที่ลาออก"
    return None


__all__ = ["lint_membership"]
