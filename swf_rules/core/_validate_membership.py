"""Semantic checks of the membership constructs of language version 2 (the language version itself, and the claim
field an amount ``levies_collected`` reads, are checked by :mod:`._validate_v2`).

:func:`check_membership` checks one version's schedules, instalment deadlines, levy, benefit groups and refunds
(``type: refund``).  :func:`resolve_groups` gives each benefit of a group the group's waiting period
(with the group's clause), so that every later stage reads one ``eligibility.waiting``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Iterator

from . import model as M
from ._regulation import Regulation
from ._validate_v2 import repeated
from .errors import Problem, did_you_mean
from .load import Document

Path = tuple[Any, ...]
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


# ------------------------------------------------------------------------------------------ one version
def check_membership(doc: Document, base: Path, v: M.Version) -> Iterator[Problem]:
    ms = v.membership
    mp = base + ("membership",)
    cl = ms.clause
    c = ms.contribution
    seen: dict[str, Path] = {}
    for sp, sch in [(mp + ("contribution",), c)] + [(mp + ("contribution", "alternatives", i), a)
                                                     for i, a in enumerate(c.alternatives)]:
        if sch.period in seen:
            yield doc.problem("duplicate-schedule", sp + ("period",), value=sch.period, clause=cl,
                              hint=("give each schedule its own period", "ให้แต่ละรอบการส่งมีงวดต่างกัน"))
        seen.setdefault(sch.period, sp)
        yield from _check_schedule(doc, sp, sch, cl)
    if c.due is not None and ms.grace_days:
        yield doc.problem("conflicting-fields", mp + ("grace_days",), clause=cl, fields="grace_days, contribution.due",
                          hint=("a date deadline (due) replaces grace days: remove grace_days",
                                "กำหนดส่งเป็นวันที่ (due) ใช้แทนระยะผ่อนผัน ให้ลบ grace_days"))
    lv = ms.levy
    if lv is not None and lv.within.days == 0 and lv.within.months == 0:
        yield doc.problem("levy-unmeetable", mp + ("levy", "within"), clause=lv.clause or cl, value="0 days",
                          value_th="0 วัน", hint=("give the time allowed, e.g. within: {days: 30}",
                                                  "ระบุระยะเวลาที่ส่งได้ เช่น within: {days: 30}"))
    yield from _check_groups(doc, base, v)
    for bi, b in enumerate(v.benefits):
        yield from _check_amount(doc, base + ("benefits", bi), b)


def _check_schedule(doc: Document, sp: Path, sch: Any, cl: str) -> Iterator[Problem]:
    if (sch.counts_as_paid == "yearly_total") != (sch.yearly_total is not None):
        at = sp + (("yearly_total",) if sch.yearly_total is not None else ("counts_as_paid",))
        yield doc.problem("schedule-yearly-total", at, clause=cl,
                          hint=("write both counts_as_paid: yearly_total and yearly_total: AMOUNT, or neither",
                                "เขียนทั้ง counts_as_paid: yearly_total และ yearly_total: จำนวนเงิน หรือไม่เขียนทั้งคู่"))
    due = sch.due
    if due is not None and due.of == "next_year" and due.month is None:
        yield doc.problem("missing-field", sp + ("due", "month"), clause=cl, field="month",
                          hint=("say which month of the next year, e.g. {of: next_year, month: 3, day: 31}",
                                "ระบุเดือนของปีถัดไป เช่น {of: next_year, month: 3, day: 31}"))
    if due is not None and due.of == "next_month" and due.month is not None:
        yield doc.problem("conflicting-fields", sp + ("due", "month"), clause=cl, fields="of: next_month, month",
                          hint=("the month is the one after the period: remove month",
                                "เดือนคือเดือนถัดจากงวด ให้ลบ month"))
    if due is not None and due.month is not None and due.day > _MONTH_DAYS[due.month - 1]:
        yield doc.problem("out-of-range", sp + ("due", "day"), clause=cl, value=str(due.day),
                          detail=f"month {due.month} has at most {_MONTH_DAYS[due.month - 1]} days",
                          detail_th=f"เดือน {due.month} มีไม่เกิน {_MONTH_DAYS[due.month - 1]} วัน")


def _check_groups(doc: Document, base: Path, v: M.Version) -> Iterator[Problem]:
    for gi, gid, line in repeated(doc, base + ("groups",), [g.id for g in v.groups], ("id",)):
        yield doc.problem("duplicate-group-id", base + ("groups", gi, "id"), value=gid, clause=v.groups[gi].clause,
                          first_line=line, hint=("give each group its own id", "ตั้งรหัสกลุ่มไม่ให้ซ้ำกัน"))
    groups: dict[str, int] = {}
    for gi, g in enumerate(v.groups):
        gp = base + ("groups", gi)
        groups.setdefault(g.id, gi)
        w = g.waiting
        if w.years + w.months // 12 + w.days // 365 > 100:
            yield doc.problem("waiting-unmeetable", gp + ("waiting",), clause=g.clause, value=_period(w),
                              value_th=_period(w, th=True), detail="longer than a lifetime",
                              detail_th="ยาวกว่าช่วงชีวิตคน")
    for bi, b in enumerate(v.benefits):
        if b.group is None:
            continue
        bp = base + ("benefits", bi)
        if b.group not in groups:
            yield doc.problem("unknown-group", bp + ("group",), value=b.group, clause=b.clause,
                              hint=did_you_mean(b.group, groups, ("groups in this version: " + (", ".join(groups)
                                                                                               or "none"),
                                                                  "กลุ่มในรุ่นนี้: " + (", ".join(groups) or "ไม่มี"))))
        elif b.eligibility.waiting is not None:
            yield doc.problem("group-waiting-twice", bp + ("eligibility", "waiting"), value=b.group,
                              benefit=b.id, clause=b.clause,
                              hint=("remove the benefit's waiting, or take the benefit out of the group",
                                    "ลบระยะรอคอยของสวัสดิการ หรือเอาสวัสดิการออกจากกลุ่ม"))


def _period(w: Any, th: bool = False) -> str:
    units = ("ปี", "เดือน", "วัน") if th else ("years", "months", "days")
    return " ".join(f"{n} {u}" for n, u in zip((w.years, w.months, w.days), units) if n) or f"0 {units[2]}"


_REFUND_STATUS = {"resignation": ("resigned", "ลาออก"), "death": ("dead", "เสียชีวิต")}


def _check_amount(doc: Document, bp: Path, b: M.Benefit) -> Iterator[Problem]:
    a = b.amount
    if isinstance(a, M.V2.Refund):
        for on in a.on:
            status, th = _REFUND_STATUS[on]
            if status not in b.eligibility.status:
                yield doc.problem("refund-status", bp + ("amount", "on"), clause=b.clause, on=on, on_th=th,
                                  status=status, value=on,
                                  hint=(f"add {status} to eligibility.status", f"เพิ่ม {status} ใน eligibility.status"))


# ------------------------------------------------------------------------------------------ groups resolved
def resolve_groups(reg: Regulation) -> Regulation:
    """The regulation with each grouped benefit's waiting period taken from its group (unchanged without groups);
    with amendments, of every version consolidated."""
    if not any(v.groups for v in reg.file.versions):
        return reg
    versions = []
    for v in reg.file.versions:
        groups = {g.id: g for g in v.groups}
        benefits = []
        for b in v.benefits:
            g = groups.get(b.group) if b.group else None
            if g is not None and b.eligibility.waiting is None:
                w = g.waiting if g.waiting.clause else g.waiting.model_copy(update={"clause": g.clause})
                b = b.model_copy(update={"eligibility": b.eligibility.model_copy(update={"waiting": w})})
            benefits.append(b)
        versions.append(v.model_copy(update={"benefits": benefits}))
    return replace(reg, file=reg.file.model_copy(update={"versions": versions}))


__all__ = ["check_membership", "resolve_groups"]
