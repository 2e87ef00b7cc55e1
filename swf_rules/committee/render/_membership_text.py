"""Wording of the membership constructs of language version 2 in the rendered regulation: schedules of any period
(and the rate as the regulation words it), instalment deadlines as dates, yearly totals, other schedules, the
funeral levy, benefit groups, waiting periods paused by arrears, refunds and benefits paid from the levies
collected.  For a version-1 regulation every function here gives exactly the text the renderer gave before."""

from __future__ import annotations

from typing import Any

from ...core import model as M
from ._document import Numbers, clause_label, join_words, pick

# period: (Thai "a ..." word as in เดือนละ, Thai noun, English noun)
_PERIOD = {"day": ("วันละ", "วัน", "day"), "week": ("สัปดาห์ละ", "สัปดาห์", "week"),
           "month": ("เดือนละ", "เดือน", "month"), "half_year": ("งวดละครึ่งปี", "ครึ่งปี", "half-year"),
           "year": ("ปีละ", "ปี", "year")}
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")
_MONTHS_TH = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน",
              "ตุลาคม", "พฤศจิกายน", "ธันวาคม")


def contribution_text(num: Numbers, c: Any) -> str:
    """The sentence that says what members contribute."""
    th = num.lang == "th"
    per = _PERIOD[c.period]
    if c.stated is None:
        return (f"สมาชิกส่งเงินสมทบ{per[0]} {num.money(c.amount)}" if th else
                f"Members contribute {num.money(c.amount)} a {per[2]}.")
    st = _PERIOD[c.stated.per]
    return (f"สมาชิกส่งเงินสมทบ{st[0]} {num.money(c.stated.amount)} โดยเก็บเป็นงวด{per[0]} {num.money(c.amount)}" if th
            else f"Members contribute {num.money(c.stated.amount)} a {st[2]}, collected as {num.money(c.amount)} a "
                 f"{per[2]}.")


def due_text(num: Numbers, c: Any, grace_days: int) -> str:
    """The sentence that says when an instalment is missed."""
    th = num.lang == "th"
    per = _PERIOD[c.period]
    due = getattr(c, "due", None)
    if due is None:
        if th:
            text = f"เงินสมทบแต่ละงวดต้องส่งภายในวันสุดท้ายของ{per[1]}นั้น"
            if grace_days:
                text += f" หรือภายใน {num.n(grace_days)} วันหลังจากนั้น"
            return text + " มิฉะนั้นถือว่าขาดส่งงวดนั้น"
        text = f"Each instalment is due by the last day of its {per[2]}"
        if grace_days:
            text += f", or within {grace_days} days after it"
        return text + "; otherwise it is missed."
    if due.of == "next_month":
        when_th = f"วันที่ {num.n(due.day)} ของเดือนถัดไป"
        when_en = f"the {_ordinal(due.day)} of the following month"
    else:
        when_th = f"วันที่ {num.n(due.day)} {_MONTHS_TH[due.month - 1]} ของปีถัดไป"
        when_en = f"{due.day} {_MONTHS_EN[due.month - 1]} of the following year"
    return (f"เงินสมทบแต่ละงวด{per[1]}ต้องส่งภายใน{when_th} มิฉะนั้นถือว่าขาดส่งงวดนั้น" if th else
            f"Each {per[2]}'s instalment is due by {when_en}; otherwise it is missed.")


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def schedule_items(num: Numbers, ms: Any) -> list[str]:
    """Sentences for a yearly total and for the other schedules a member may pay on."""
    th = num.lang == "th"
    out = []
    c = ms.contribution
    for sch in [c] + list(c.alternatives):
        if sch is not c:
            per = _PERIOD[sch.period]
            out.append(f"สมาชิกอาจเลือกส่งเงินสมทบ{per[0]} {num.money(sch.amount)} แทนได้" if th else
                       f"A member may instead contribute {num.money(sch.amount)} a {per[2]}.")
            out.append(due_text(num, sch, ms.grace_days))
        if sch.counts_as_paid == "yearly_total" and sch.yearly_total is not None:
            per = _PERIOD[sch.period]
            out.append(f"งวด{per[1]}ของปีใดถือว่าส่งแล้วเมื่อเงินสมทบของปีนั้นรวมได้ {num.money(sch.yearly_total)}" if th else
                       f"The {per[2]} instalments of a year also count as paid once that year's contributions add up "
                       f"to {num.money(sch.yearly_total)}.")
    return out


def levy_items(num: Numbers, ms: Any) -> list[str]:
    lv = ms.levy
    if lv is None:
        return []
    th = num.lang == "th"
    who_th = "สมาชิกทุกคน" if set(lv.owed_by) == {"active", "suspended"} else "สมาชิกที่มีสถานะปกติ"
    who_en = "every member" if set(lv.owed_by) == {"active", "suspended"} else "every active member"
    within = _within(num, lv.within)
    out = [f"เมื่อสมาชิกถึงแก่กรรม {who_th}ส่งเงินสงเคราะห์ศพรายละ {num.money(lv.amount)} ภายใน {within[0]}" if th else
           f"When a member dies, {who_en} pays a funeral levy of {num.money(lv.amount)} within {within[1]}."]
    if lv.in_arrears:
        out.append("เงินสงเคราะห์ที่ไม่ส่งภายในกำหนด นับเป็นเงินสมทบค้างส่งหนึ่งงวด" if th else
                   "A levy not paid in time counts as one instalment in arrears.")
    if lv.lapse_after is not None:
        out.append(f"สมาชิกที่ไม่ส่งเงินสงเคราะห์ภายในกำหนดรวม {num.n(lv.lapse_after)} ครั้ง พ้นสภาพการเป็นสมาชิก" if th else
                   f"A member who leaves {lv.lapse_after} levies unpaid in time ceases to be a member.")
    return out


def _within(num: Numbers, w: Any) -> tuple[str, str]:
    parts = [(n, th, en) for n, th, en in ((w.months, "เดือน", "month"), (w.days, "วัน", "day")) if n]
    return (" ".join(f"{num.n(n)} {th}" for n, th, _ in parts) or "0 วัน",
            " ".join(f"{n} {en}{'' if n == 1 else 's'}" for n, _, en in parts) or "0 days")


def waiting_items(num: Numbers, version: M.Version, b: M.Benefit) -> list[str]:
    """What a waiting period paused by arrears, or one shared by a group, adds to a benefit's clause."""
    w = b.eligibility.waiting
    th = num.lang == "th"
    out = []
    if w is not None and b.group is not None and w.clause:
        g = next((x for x in version.groups if x.id == b.group), None)
        name = pick(num.lang, g.title) if g is not None else b.group
        out.append(f"ระยะรอคอยเป็นไปตาม{clause_label(w.clause, num.lang, num.thai)} ({name})" if th else
                   f"The waiting period is that of {clause_label(w.clause, num.lang, num.thai)} ({name}).")
    if w is not None and w.paused_by_arrears:
        out.append("วันที่สมาชิกค้างส่งเงินสมทบไม่นับรวมในระยะรอคอย" if th else
                   "Days on which the member is in arrears do not count toward the waiting period.")
    return out


def amount_items(num: Numbers, b: M.Benefit) -> list[str]:
    a = b.amount
    th = num.lang == "th"
    if isinstance(a, M.V2.Refund):
        on_th = join_words(num.lang, [{"resignation": "ลาออก", "death": "ถึงแก่กรรม"}[x] for x in a.on], "หรือ")
        on_en = join_words(num.lang, [{"resignation": "resigns", "death": "dies"}[x] for x in a.on], word_en="or")
        what_th = "เงินสมทบที่สมาชิกส่งมาในช่วงการเป็นสมาชิกนั้น" if a.contributions == "spell" else \
            "เงินสมทบที่สมาชิกส่งมาทั้งหมด"
        what_en = "the contributions paid in that membership" if a.contributions == "spell" else \
            "all the contributions the member paid"
        share = "" if a.fraction == 1 else (f" ในอัตรา {num.n(a.fraction.numerator)}/{num.n(a.fraction.denominator)}"
                                            if th else f" ({a.fraction.numerator}/{a.fraction.denominator} of it)")
        out = [f"เมื่อสมาชิก{on_th} กองทุนคืน{what_th}{share} (ไม่รวมค่าสมัครและเงินสงเคราะห์ศพ)" if th else
               f"When a member {on_en}, the fund refunds {what_en}{share} (not the entry fee, not funeral levies)."]
        if a.unless_benefit_received:
            out.append("ผู้ที่เคยได้รับสวัสดิการใดแล้วไม่ได้รับเงินคืน" if th else
                       "A member who has ever received a benefit gets no refund.")
        return out
    if isinstance(a, M.V2.LeviesCollected):
        share = "" if a.share == 1 else (f" ในอัตรา {num.n(a.share.numerator)}/{num.n(a.share.denominator)}" if th
                                         else f" ({a.share.numerator}/{a.share.denominator} of it)")
        return [f"จ่ายเงินสงเคราะห์ศพที่กองทุนเก็บได้สำหรับการถึงแก่กรรมครั้งนั้น{share} ตามบัญชีของกองทุน" if th else
                f"The fund pays the funeral levies it collected for this death{share}, as its books show."]
    return []


__all__ = ["amount_items", "contribution_text", "due_text", "levy_items", "schedule_items", "waiting_items"]
