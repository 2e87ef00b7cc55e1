"""A decision explained in a committee's Thai: B.E. dates with Thai month names, benefit and fund names (not ids),
``คืนละ 200 บาท × 3 คืน``, ``เป็นสมาชิก 8 ปี อยู่ในช่วง 5 ปีขึ้นไปแต่ไม่ถึง 10 ปี``, ``อายุ 60 ปีขึ้นไป``, the member's
own value beside every condition, thousands separators, and the verdicts in a column aligned by display width.

It is rendered from the values each check recorded (never from the English), so the decision's JSON -- and every
recorded decision's bytes -- stay as they are.  With the regulation it was decided under, it also names the
benefits a check refers to, the rate's unit and the conditions' descriptions; without it, what only the
regulation knows is said in general words.  A check or breakdown part it does not know (a construct added later)
keeps the Thai message the decision carries.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from . import model as M
from ._explain_v2 import breakdown_lines
from .thaitext import display_width, pad
from .thaiwords import (CHECK, FACT, MEMBERSHIP, PAYEE, RELATIONSHIP, ROUNDING, SEX, STATUS, TENURE_ROUNDING, UNIT, WAIT_FROM,
                        WINDOW, Words, contribution_term)

_PERIOD = re.compile(r"(\d+)\s+(year|month|day)s?")
_UNITS_TH = {"year": "ปี", "month": "เดือน", "day": "วัน"}
_MARK = {True: "ผ่าน", False: "ไม่ผ่าน", None: "ไม่ได้ตรวจ"}


class _Context:
    """What the explanation knows: the decision, and the regulation's version and benefit when given."""

    def __init__(self, d: dict[str, Any], regulation: Any) -> None:
        self.d = d
        self.w = Words()
        self.regulation = regulation
        self.version: M.Version | None = None
        if regulation is not None:
            self.version = next((v for v in regulation.versions if v.version == d["regulation"]["version"]), None)
        self.benefit = self.version.benefit(d["benefit"]) if self.version is not None else None
        self.term = contribution_term(regulation) if regulation is not None else "เงินสมทบ"

    def title(self, benefit_id: str) -> str:
        b = self.version.benefit(benefit_id) if self.version is not None else None
        return f"สวัสดิการ{b.title.th}" if b is not None else f"สวัสดิการ {benefit_id}"

    def period(self, english: str) -> str:
        found = _PERIOD.findall(english or "")
        return " ".join(f"{self.w.n(int(n))} {_UNITS_TH[u]}" for n, u in found) or english


def explain_th(d: dict[str, Any], regulation: Any = None) -> str:
    """The decision (its JSON dict) as Thai text; ``regulation`` the one it was decided under, if at hand."""
    c = _Context(d, regulation)
    w = c.w
    fund = regulation.fund.name.th if regulation is not None else d["regulation"]["fund"]
    title = c.version.title.th if c.version is not None else f"ฉบับ {d['regulation']['version']}"
    lines = [f"คำขอ {d['claim_id']} ของสมาชิกเลขที่ {d['member_id']}",
             f"  สวัสดิการ: {d['title']['th']} ({d['clause']})",
             f"  วันที่เกิดเหตุ: {w.date(d['event_date'])} (ปีงบประมาณ {w.year(d['fiscal_year'])})",
             f"  ระเบียบ: {title}" + (f" ของ{fund}" if regulation is not None and fund not in title else "")]
    amount = Decimal(d["amount"])
    if d["eligible"]:
        lines.append(f"  ผล: มีสิทธิ์ได้รับ {w.money_words(amount)} จ่ายให้{_payee(d)}")
    else:
        failing = ", ".join(CHECK.get(r["check"], r["check"]) for r in d["reasons"] if r["passed"] is False)
        lines.append(f"  ผล: ไม่มีสิทธิ์ได้รับ (ไม่ผ่าน: {failing})")
    lines += _payees(d, w)
    lines += _person(d)
    lines.append("  การตรวจสอบ")
    width = max(display_width(m) for m in _MARK.values())
    for r in d["reasons"]:
        clause = f" ({r['clause']})" if r.get("clause") and r["clause"] != d["clause"] else ""
        lines.append(f"    {pad(_MARK[r['passed']], width)}  {_check(c, r)}{clause}")
    lines.append("  การคำนวณเงิน")
    lines += [f"    {x}" for x in _breakdown(c, d["breakdown"], amount)]
    return "\n".join(lines) + "\n"


def _payee(d: dict[str, Any]) -> str:
    rows = d.get("payees")
    if rows:
        return "ผู้รับผลประโยชน์ตามส่วนแบ่ง" if len(rows) > 1 else PAYEE.get(rows[0]["to"], rows[0]["to"])
    return PAYEE.get(d["payee"], d["payee"])


def _payees(d: dict[str, Any], w: Words) -> list[str]:
    rows = d.get("payees") or []
    if len(rows) < 2 and not (rows and rows[0].get("name")):
        return []
    out = []
    for r in rows:
        who = r.get("name") or PAYEE.get(r["to"], r["to"])
        extra = [r["relationship"]] if r.get("relationship") else []
        if r.get("national_id"):
            bad = " หลักตรวจสอบไม่ถูกต้อง" if r.get("national_id_checksum") == "fails" else ""
            extra.append(f"เลขประจำตัวประชาชน {r['national_id']}{bad}")
        share = f" ส่วนแบ่ง {w.d(r['share'])}" if r.get("share") else ""
        out.append(f"    {who}{' (' + ', '.join(extra) + ')' if extra else ''}{share}: {w.money(r['amount'])}")
    return out


def _person(d: dict[str, Any]) -> list[str]:
    p = d.get("person")
    if not p:
        return []
    rel = RELATIONSHIP.get(p.get("relationship") or "", "")
    name = f" {p['name']}" if p.get("name") else ""
    return [f"  บุคคลที่เกี่ยวข้อง: {rel}{name} ({p['id']})".replace(":  ", ": ")]


# ---------------------------------------------------------------------------------------------- checks
def _check(c: _Context, r: dict[str, Any]) -> str:
    v, ok, w = r["values"], r["passed"], c.w
    name = r["check"]
    if name == "status":
        allowed = " หรือ ".join(STATUS.get(a, a) for a in v["allowed"])
        levies = f" ค้างเงินสงเคราะห์ศพ {w.n(v['levies_overdue'])} ราย" if "levies_overdue" in v else ""  # v2 levy
        return f"{STATUS.get(v['status'], v['status'])} ณ วันที่เกิดเหตุ{levies}" + ("" if ok else f" (ต้อง{allowed})")
    if name == "waiting":
        if not v.get("start"):
            return f"ระยะรอคอย {c.period(v['period'])} ยังไม่เริ่มนับ"
        paused = f" หยุดนับ {w.n(v['paused_days'])} วันที่ค้างส่ง" if "paused_days" in v else ""  # v2
        text = (f"ระยะรอคอย {c.period(v['period'])} นับแต่{WAIT_FROM.get(v['from'], v['from'])} "
                f"({w.date(v['start'])}){paused} ครบเมื่อ {w.date(v['served_on'])}")
        return text + ("" if ok else f" เหตุเกิดวันที่ {w.date(v['event_date'])} ยังอยู่ในระยะรอคอย")
    if name == "tenure":
        return (f"เป็นสมาชิก{MEMBERSHIP[v['membership']]} {w.n(v['years'])} ปี "
                f"({TENURE_ROUNDING[v['rounding']]}) ต้องไม่น้อยกว่า {w.n(v['min_years'])} ปี")
    if name == "age":
        at = "ณ วันที่เกิดเหตุ" if v["at"] == "event" else "เมื่อเข้าเป็นสมาชิก"
        return f"อายุ {w.n(v['age'])} ปี {at} เกณฑ์{w.ages(v['min'], v['max'])}"
    if name == "sex":
        return f"สมาชิกเป็น{SEX.get(v['sex'], v['sex'])} สวัสดิการนี้สำหรับสมาชิก{SEX.get(v['required'], v['required'])}"
    if name == "arrears":
        return f"ค้างส่ง{c.term} {w.n(v['arrears'])} งวด เกณฑ์ไม่เกิน {w.n(v['max'])} งวด"
    if name == "condition":
        return _condition(c, v)
    if name == "deadline":
        if v.get("filed_on") is None:
            return f"ต้องยื่นคำขอภายใน {w.date(v['last_day'])} (ไม่ได้ระบุวันที่ยื่น จึงยังไม่ได้ตรวจ)"
        return f"ยื่นคำขอวันที่ {w.date(v['filed_on'])} " + (
            f"ภายในกำหนด ({w.date(v['last_day'])})" if ok else f"เกินกำหนดที่ต้องยื่นภายใน {w.date(v['last_day'])}")
    if name == "same_event":
        return ("ยังไม่เคยได้รับสวัสดิการนี้สำหรับเหตุการณ์เดียวกัน" if ok else
                f"ได้รับสวัสดิการนี้สำหรับเหตุการณ์เดียวกันแล้ว (คำขอ {', '.join(v['paid_claims'])})")
    if name == "excludes":
        t = c.title(v["benefit"])
        return (f"ยังไม่ได้รับ{t}สำหรับเหตุการณ์เดียวกัน" if ok else
                f"ได้รับ{t}สำหรับเหตุการณ์เดียวกันแล้ว (คำขอ {', '.join(v['paid_claims'])}) จึงรับซ้อนกันไม่ได้")
    if name == "count_cap":
        who = f" สำหรับบุคคล {v['person']}" if v.get("person") else ""
        return (f"ได้รับแล้ว {w.n(v['used'])} ครั้ง{_window(c, v['per'], v.get('window'))}{who} "
                f"จากที่จ่ายได้ไม่เกิน {w.n(v['limit'])} ครั้ง")
    if name == "allowance_period":
        span = w.span(*v["window"]) if v.get("window") and v["window"][0] else ""
        return f"ยังไม่ได้รับเบี้ยงวด {span}" if ok else f"ได้รับเบี้ยงวด {span} แล้ว"
    if name == "allowance_first_period":
        return "มีสิทธิ์ตั้งแต่ต้นงวดนี้" if ok else "งวดแรกที่เริ่มมีสิทธิ์ไม่จ่าย (จ่ายตั้งแต่งวดถัดไป)"
    if name == "person":
        allowed = " หรือ ".join(RELATIONSHIP.get(a, a) for a in v["allowed"])
        return f"บุคคลที่เกี่ยวข้องเป็น{RELATIONSHIP.get(v.get('relationship') or '', 'ผู้ที่ไม่ได้ระบุความสัมพันธ์')} " \
               f"(ต้องเป็น{allowed})"
    if name == "person_member":
        need = "ต้องเป็นสมาชิกของกองทุน" if v["required"] == "member" else "ต้องไม่เป็นสมาชิกของกองทุน"
        return f"บุคคลที่เกี่ยวข้อง{'เป็น' if v.get('member_id') else 'ไม่ได้เป็น'}สมาชิก ({need})"
    if name == "person_age":
        return f"บุคคลที่เกี่ยวข้องอายุ {w.n(v['age'])} ปี เกณฑ์{w.ages(v['min'], v['max'])}"
    if name == "other_member":
        return ("ยังไม่มีสมาชิกอื่นได้รับสำหรับเหตุการณ์เดียวกัน" if ok else
                f"จ่ายให้สมาชิกอื่นสำหรับเหตุการณ์เดียวกันแล้ว ({', '.join(v['paid_to'])})")
    if name == "not_member":
        return "ผู้ยื่นคำขอไม่ได้เป็นสมาชิกของกองทุน" if ok else "ผู้ยื่นคำขอเป็นสมาชิกของกองทุน (สวัสดิการนี้สำหรับผู้ที่ไม่ได้เป็นสมาชิก)"
    if name == "table":
        return f"{'ระยะเวลาการเป็นสมาชิก' if v['by'] == 'tenure' else 'อายุ'} {w.n(v['value'])} ปี ไม่อยู่ในช่วงใดของตาราง"
    return str(r["message"]["th"])


def _window(c: _Context, per: str, window: list[str | None] | None) -> str:
    """Where a count is counted: ``ในปีงบประมาณ 2567``, ``ในปี พ.ศ. 2567``, ``ตลอดการเป็นสมาชิก``, ..."""
    end = window[1] if window else None
    if per == "fiscal_year" and end:
        return f" ในปีงบประมาณ {c.w.year(int(end[:4]) + 543 + (1 if int(end[5:7]) > 9 else 0))}"
    if per == "calendar_year" and end:
        return f" ในปี พ.ศ. {c.w.year(int(end[:4]) + 543)}"
    if per == "rolling_365_days" and window and window[0]:
        return f" ในระยะเวลา 365 วัน ({c.w.span(window[0], end)})"
    return " " + {"lifetime": "ตลอดการเป็นสมาชิก"}.get(per, "สำหรับเหตุการณ์นี้")


def _condition(c: _Context, v: dict[str, Any]) -> str:
    cond = None
    if c.benefit is not None:
        cond = next((x for x in c.benefit.eligibility.conditions if x.when == v["when"]), None)
    text = cond.description.th if cond is not None and cond.description is not None else f"เงื่อนไข {v['when']}"
    values = [f"{_fact_name(c, k)} {_fact_value(c, k, x)}" for k, x in v.items() if k != "when"]
    return text + (f" (ของคำขอนี้: {', '.join(values)})" if values else "")


def _fact_name(c: _Context, name: str) -> str:
    if name in FACT:
        return FACT[name]
    f = c.benefit.claim_fields.get(name) if c.benefit is not None else None
    return f.description.th if f is not None and f.description is not None else name


def _fact_value(c: _Context, name: str, x: Any) -> str:
    if name == "sex":
        return SEX.get(str(x), str(x))
    if name == "status":
        return STATUS.get(str(x), str(x))
    if isinstance(x, bool):
        return "ใช่" if x else "ไม่ใช่"
    if isinstance(x, (int, Decimal)) or (isinstance(x, str) and re.fullmatch(r"-?\d+(\.\d+)?", x)):
        return c.w.n(x) if not isinstance(x, str) or "." not in x else c.w.d(x)
    return str(x)


# ---------------------------------------------------------------------------------------------- amounts
def _amount_rule(c: _Context) -> Any:
    return c.benefit.amount if c.benefit is not None else None


def _breakdown(c: _Context, bd: dict[str, Any], amount: Decimal) -> list[str]:
    w = c.w
    a = _amount_rule(c)
    raw = Decimal(bd["raw_amount"])
    basis = bd["basis"]
    out = []
    if "rate" in bd:
        unit, per = UNIT.get(a.unit, ("หน่วย", "หน่วยละ")) if isinstance(a, M.Rate) else ("หน่วย", "หน่วยละ")
        units, claimed = bd.get("units"), bd.get("units_claimed")
        out.append(f"{per} {w.money(bd['rate'])} × {w.n(units)} {unit} = {w.money(raw)}")
        if claimed is not None and claimed != units:
            out.append(f"(ขอ {w.n(claimed)} {unit} จ่ายได้ {w.n(units)} {unit} ตามเพดานจำนวน{unit})")
    elif "children" in bd:
        each = a.amount if isinstance(a, M.PerChild) else raw / bd["children"]
        out.append(f"คนละ {w.money(each)} × บุตร {w.n(bd['children'])} คน = {w.money(raw)}")
    elif "table_value" in bd and "band" in bd:
        by_age = isinstance(a, M.Table) and a.by == "age"
        what = f"อายุ {w.n(bd['table_value'])} ปี" if by_age else f"เป็นสมาชิก {w.n(bd['table_value'])} ปี"
        out.append(f"{what} อยู่ในช่วง {w.band(bd['band'])}: {w.money(raw)}")
    elif basis == "linear" and isinstance(a, M.Linear):
        what = "ปีที่เป็นสมาชิก" if a.by == "tenure" else "อายุ"
        out.append(f"{w.money(a.base)} + ปีละ {w.money(a.per_year)} × {what} {w.n(bd['table_value'])} ปี"
                   + (f" (ไม่เกิน {w.money(a.ceiling)})" if a.ceiling is not None else "") + f" = {w.money(raw)}")
    elif "of" in bd:
        num, den = (int(x) for x in bd["of"]["fraction"].split("/"))
        out.append(f"{w.fraction(num, den)}ของ{c.title(bd['of']['benefit'])} ({w.money(bd['of']['amount'])}) "
                   f"= {w.money(raw)}")
    elif basis == "allowance":
        out.append(f"เบี้ยงวดละ {w.money(raw)}")
    elif basis == "flat":
        out.append(f"จ่ายครั้งละ {w.money(raw)}")
    elif basis == "function":
        out.append(f"คำนวณตามวิธีที่กองทุนกำหนด: {w.money(raw)}")
    elif "refund" in bd:  # language 2: the contributions refunded
        r = bd["refund"]
        num, den = (int(x) for x in r["fraction"].split("/"))
        share = "" if num == den else f" × {w.fraction(num, den)}"
        out.append(f"{c.term}ที่ส่ง{'ระหว่าง ' + w.span(r['from'], r['to']) if r['from'] else ''} "
                   f"{w.n(r['instalments'])} รายการ รวม {w.money(r['paid'])}{share} = {w.money(raw)}")
    elif "levies" in bd:  # language 2: the levies collected for the death
        lv = bd["levies"]
        num, den = (int(x) for x in lv["share"].split("/"))
        share = "" if num == den else f" × {w.fraction(num, den)}"
        out.append(f"เงินสงเคราะห์ที่เก็บได้ {w.money(lv['collected'])}{share} = {w.money(raw)}")
    elif "billed" not in bd and "linear" not in bd:
        out.append(f"คำนวณได้ {w.money(raw)}")
    out += [x.strip() for x in breakdown_lines(bd, "th")]  # as billed, a linear amount's floor (language 2)
    rounded = Decimal(bd["caps"][0]["before"]) if bd["caps"] and bd["caps"][0]["measure"] == "money" else None
    if raw != raw.to_integral_value() or (rounded is not None and rounded != raw):
        r = bd["rounding"]
        out.append(f"{ROUNDING.get(r['mode'], r['mode'])} หน่วยละ {w.money(r['unit'])}")
    for cap in bd["caps"]:
        out.append(_cap(c, cap))
    for off in bd["offsets"]:
        out.append(f"หักเงินที่เคยได้รับตาม{c.title(off['benefit'])} {w.money(off['paid'])}: "
                   f"{w.money(off['before'])} เหลือ {w.money(off['after'])}")
    out.append(f"จำนวนเงินที่จ่าย {w.money_words(amount)}")
    return out


def _cap(c: _Context, cap: dict[str, Any]) -> str:
    w = c.w
    unit = ""
    if cap["measure"] == "units":
        a = _amount_rule(c)
        unit = UNIT.get(a.unit, ("หน่วย", ""))[0] if isinstance(a, M.Rate) else "หน่วย"

    def q(x: str) -> str:
        return f"{w.n(x)} {unit}" if unit else w.money(x)

    if cap.get("shared"):
        names = ", ".join(c.title(b).removeprefix("สวัสดิการ") for b in cap.get("benefits") or [])
        head = f"เพดานร่วม ({names})"
    else:
        head = "เพดาน"
    head += WINDOW.get(cap["per"], cap["per"])
    if cap.get("person"):
        head += f" สำหรับบุคคล {cap['person']}"
    window = cap.get("window")
    if cap["per"] in ("fiscal_year", "calendar_year") and window and window[1]:
        head += _window(c, cap["per"], window).replace(" ในปีงบประมาณ", "", 1).replace(" ในปี", "", 1)
    elif window and window[0] and cap["per"] not in ("stay", "event", "lifetime"):
        head += f" ({w.span(window[0], window[1])})"
    used = "" if cap["per"] in ("stay", "event") else f" ใช้ไปแล้ว {q(cap['used'])} คงเหลือ {q(cap['remaining'])}"
    return f"{head} {q(cap['limit'])}:{used} จ่ายได้ {q(cap['after'])}"


__all__ = ["explain_th"]
