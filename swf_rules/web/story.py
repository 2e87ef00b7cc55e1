"""A member's history told in sentences, as a committee member would tell it: who she is, since when she is a
member, what she paid and received, and what she asks for.  Used for failing cases (the committee reads a story,
not a YAML case) and for the member found in the books when deciding a claim."""

from __future__ import annotations

from datetime import date

from ..core.dates import age_on
from ..core.history import Claim, Member
from ..core.money import money_str
from ..core.thaitext import english_date, group_digits, thai_date
from ..core.validate import Regulation


def day(d: date, lang: str) -> str:
    return thai_date(d, "arabic") if lang == "th" else english_date(d)


def baht(amount: object, lang: str) -> str:
    from decimal import Decimal
    text = group_digits(Decimal(str(amount)))
    return f"{text} บาท" if lang == "th" else f"{text} baht"


def benefit_title(reg: Regulation | None, benefit: str, on: date, lang: str) -> str:
    """The benefit's title and clause in the version in force on ``on`` (its id when unknown)."""
    if reg is None:
        return benefit
    try:
        b = reg.in_force(on).benefit(benefit)
    except Exception:  # no version in force, or no such benefit: the id is all there is to say
        b = None
    if b is None:
        return benefit
    return f"{b.title.th if lang == 'th' else b.title.en} [{b.clause}]"


def member_sentences(m: Member, reg: Regulation | None, lang: str, on: date | None = None,
                     with_id: bool = True) -> list[str]:
    """``with_id=False`` for a committee case, whose member number is made up by the case file."""
    th = lang == "th"
    sex = ("หญิง" if m.sex == "female" else "ชาย") if th else m.sex
    no = (f" เลขที่ {m.member_id}" if th else f", no. {m.member_id},") if with_id else ""
    out = [f"สมาชิก{sex}{no} เกิดวันที่ {day(m.birth_date, lang)}" if th else
           f"A {sex} member{no} born {day(m.birth_date, lang)}"]
    if on is not None:
        out[0] += (f" อายุ {age_on(m.birth_date, on)} ปีในวันเกิดเหตุ" if th else
                   f", aged {age_on(m.birth_date, on)} on the day of the event")
    for s in m.spells:
        text = (f"เป็นสมาชิกตั้งแต่วันที่ {day(s.start, lang)}" if th else f"member from {day(s.start, lang)}")
        if s.end is not None:
            reason = s.end_reason or ""
            text += (f" ถึงวันที่ {day(s.end, lang)} ({reason})" if th else f" to {day(s.end, lang)} ({reason})")
        out.append(text)
    n = len(m.contributions)
    if n:
        last = max(c.date for c in m.contributions)
        total = sum((c.amount for c in m.contributions), start=type(m.contributions[0].amount)(0))
        out.append(f"ส่งเงินสัจจะ {n} ครั้ง รวม {baht(total, lang)} ครั้งล่าสุดวันที่ {day(last, lang)}" if th else
                   f"paid {n} instalments, {baht(total, lang)} in all, the last on {day(last, lang)}")
    else:
        out.append("ยังไม่เคยส่งเงินสัจจะ" if th else "has paid no instalment")
    for p in m.payouts:
        what = benefit_title(reg, p.benefit, p.event_date, lang)
        out.append(f"เคยได้รับ {what} {baht(p.amount, lang)} เมื่อวันที่ {day(p.event_date, lang)}" if th else
                   f"received {what}: {baht(p.amount, lang)} on {day(p.event_date, lang)}")
    if m.died_on is not None:
        out.append(f"เสียชีวิตวันที่ {day(m.died_on, lang)}" if th else f"died on {day(m.died_on, lang)}")
    return out


def claim_sentence(c: Claim, reg: Regulation | None, lang: str) -> str:
    th = lang == "th"
    what = benefit_title(reg, c.benefit, c.event_date, lang)
    text = (f"ขอรับ {what} สำหรับเหตุวันที่ {day(c.event_date, lang)}" if th else
            f"claims {what} for an event on {day(c.event_date, lang)}")
    if c.end_date is not None:
        text += f" ถึงวันที่ {day(c.end_date, lang)}" if th else f" to {day(c.end_date, lang)}"
    if c.units is not None:
        text += f" จำนวน {c.units} หน่วย" if th else f", {c.units} units"
    if c.children is not None:
        text += f" บุตร {c.children} คน" if th else f", {c.children} children"
    for k, v in sorted(c.details.items()):
        text += f" {k} = {v}"
    if c.filed_on is not None:
        text += f" ยื่นคำขอวันที่ {day(c.filed_on, lang)}" if th else f", filed on {day(c.filed_on, lang)}"
    return text


def story(m: Member, c: Claim, reg: Regulation | None, lang: str) -> list[str]:
    """The member's history and the claim, one sentence each."""
    return member_sentences(m, reg, lang, on=c.event_date, with_id=False) + [claim_sentence(c, reg, lang)]


__all__ = ["baht", "benefit_title", "claim_sentence", "day", "member_sentences", "money_str", "story"]
