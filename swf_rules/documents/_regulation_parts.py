"""The parts of a ระเบียบ the rules do not hold by themselves: the preamble, the opening clauses (its name, when it
takes effect, what it repeals, the definitions), the claims chapter's deadlines and the closing block -- generated
from the version and its ``document:`` section, in Thai or English."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..core import model as M
from ..core.validate import Regulation

W = {
    "th": {"name": "ระเบียบนี้เรียกว่า \"{title}\"", "effective": "ระเบียบนี้ให้ใช้บังคับตั้งแต่วันที่ {date} เป็นต้นไป",
           "until": "และสิ้นผลเมื่อวันที่ {date}", "repeal": "ให้ยกเลิก{title}",
           "amends": "ระเบียบนี้แก้ไขเพิ่มเติม{title} ข้อความในระเบียบนี้เป็นข้อความที่แก้ไขแล้วทั้งฉบับ",
           "repeals_benefits": "ให้ยกเลิกสวัสดิการ{what}",
           "preamble": "โดยที่เป็นการสมควรกำหนดระเบียบว่าด้วยการจัดสวัสดิการของ{fund} อาศัยอำนาจตาม{meeting} "
                       "เมื่อวันที่ {date} จึงออกระเบียบไว้ดังต่อไปนี้",
           "in_this": "ในระเบียบนี้", "means": "หมายความว่า",
           "fund": "กองทุน", "fund_means": "{fund}",
           "member": "สมาชิก", "member_means": "ผู้ที่ได้รับอนุมัติให้เป็นสมาชิกของกองทุนตามระเบียบนี้",
           "committee": "คณะกรรมการ", "committee_means": "คณะกรรมการบริหาร{fund}",
           "term_means": "เงินที่สมาชิกส่งให้แก่กองทุนตามอัตราและกำหนดเวลาในระเบียบนี้",
           "benefit": "สวัสดิการ", "benefit_means": "เงินที่กองทุนจ่ายให้แก่สมาชิกหรือผู้มีสิทธิ์ตามระเบียบนี้",
           "fy": "ปีงบประมาณ", "fy_means": "ระยะเวลาตั้งแต่วันที่ 1 ตุลาคม ถึงวันที่ 30 กันยายนของปีถัดไป",
           "beneficiary": "ผู้รับผลประโยชน์",
           "beneficiary_means": "บุคคลที่สมาชิกระบุไว้ให้รับเงินสวัสดิการกรณีสมาชิกเสียชีวิต",
           "chapter": "หมวด", "objectives": "วัตถุประสงค์", "membership": "สมาชิกและ{term}",
           "benefits": "สวัสดิการ", "claims": "การขอรับสวัสดิการ", "committee_ch": "คณะกรรมการ",
           "management": "การบริหารกองทุน", "transitional": "บทเฉพาะกาล",
           "deadline_intro": "ผู้มีสิทธิ์ต้องยื่นคำขอรับสวัสดิการภายในกำหนดเวลาต่อไปนี้ หากพ้นกำหนดถือว่าสละสิทธิ์",
           "no_deadline": "ไม่ได้กำหนดไว้", "deadline_head": ("สวัสดิการ", "กำหนดยื่นคำขอ"),
           "from_event": "นับแต่วันที่เกิดเหตุ", "from_end": "นับแต่วันที่สิ้นสุดเหตุ (เช่น วันที่ออกจากโรงพยาบาล)",
           "announced": "ประกาศ ณ วันที่ {date}", "signed": "(ลงชื่อ)", "chair": "ประธานคณะกรรมการ{fund}",
           "notes": "หมายเหตุ (ค่าที่โครงการกำหนด)", "end_notes": "บันทึกท้ายระเบียบ: ค่าที่โครงการกำหนด"},
    "en": {"name": "This regulation is called \"{title}\".", "effective": "It takes effect on {date}",
           "until": "and ends on {date}", "repeal": "{title} is repealed.",
           "amends": "This regulation amends {title}; its text is the amended text in full.",
           "repeals_benefits": "The benefits {what} are repealed.",
           "preamble": "Under the authority of the resolution of {meeting} of {date}, {fund} issues the following "
                       "regulation.",
           "in_this": "In this regulation", "means": "means",
           "fund": "the fund", "fund_means": "{fund}",
           "member": "member", "member_means": "a person admitted as a member of the fund under this regulation",
           "committee": "the committee", "committee_means": "the committee managing {fund}",
           "term_means": "the money members pay to the fund at the rates and times of this regulation",
           "benefit": "benefit", "benefit_means": "money the fund pays to a member or another person entitled under "
                                                  "this regulation",
           "fy": "fiscal year", "fy_means": "the period from 1 October to 30 September of the next year",
           "beneficiary": "beneficiary",
           "beneficiary_means": "the person a member names to receive the benefit when the member dies",
           "chapter": "Chapter", "objectives": "Objectives", "membership": "Membership and contributions",
           "benefits": "Benefits", "claims": "Claims", "committee_ch": "The committee",
           "management": "Management of the fund", "transitional": "Transitional provisions",
           "deadline_intro": "Claims must be filed within the following times; after that the right is lost.",
           "no_deadline": "none set", "deadline_head": ("Benefit", "File within"),
           "from_event": "of the event", "from_end": "of the end of the event (e.g. discharge from hospital)",
           "announced": "Announced on {date}", "signed": "(signed)", "chair": "Chair of the committee of {fund}",
           "notes": "Note (illustrative)", "end_notes": "Notes: the project's illustrative choices"},
}
TERM_EN = {"เงินสัจจะ": "contribution (sajja)", "เงินสมทบ": "contribution"}


@dataclass(frozen=True)
class Para:
    """A paragraph of the document: an optional clause label, its text, and numbered sub-items."""

    label: str | None
    text: str
    items: tuple[str, ...] = ()
    table_head: tuple[str, str] | None = None  # a table under the clause (amounts by tenure or age)
    table: tuple[tuple[str, str], ...] = ()


def pick(lang: str, text: Any) -> str:
    if isinstance(text, M.Text):
        return text.th if lang == "th" else text.en
    return str(text)


def authority(meeting: str, lang: str) -> str:
    """Who the regulation's authority comes from, as the preamble says it: ``มติที่ประชุมใหญ่สมาชิก ...`` for a
    meeting, the text itself for anything else (``ประกาศกองทุน ...``)."""
    if lang == "th":
        return ("มติ" + meeting) if meeting.startswith("ที่ประชุม") else meeting
    return meeting


def opening(reg: Regulation, v: M.Version, lang: str, date: Callable[[Any], str], term: str,
            label: Callable[[str | None], str | None]) -> list[Para]:
    """The name, effective date, repeal and definitions clauses."""
    w = W[lang]
    doc = v.document
    cl = doc.clauses if doc is not None else M.DocumentText().clauses
    out = [Para(label(cl.name), w["name"].format(title=pick(lang, v.title)))]
    eff = w["effective"].format(date=date(v.effective))
    if v.until is not None:
        eff += " " + w["until"].format(date=date(v.until))
    out.append(Para(label(cl.effective), eff + ("" if lang == "th" else ".")))
    repeal = _repeal(reg, v, lang)
    if doc is not None and doc.repeals is not None:
        repeal = pick(lang, doc.repeals)
    if repeal:
        out.append(Para(label(cl.repeal), repeal))
    out.append(Para(label(cl.definitions), w["in_this"] + ("" if lang == "th" else ":"),
                    tuple(_definitions(reg, v, lang, term))))
    return out


def _repeal(reg: Regulation, v: M.Version, lang: str) -> str:
    w = W[lang]
    base = reg.amended(v)
    if base is not None:
        text = w["amends"].format(title=pick(lang, base.title))
        gone = [b for b in base.benefits if v.benefit(b.id) is None]
        if gone:
            what = ", ".join(f"{b.clause} ({pick(lang, b.title)})" for b in gone)
            text += " " + w["repeals_benefits"].format(what=what)
        return text
    earlier = [x for x in reg.versions if x.effective < v.effective and reg.amended(x) is None]
    return w["repeal"].format(title=pick(lang, earlier[-1].title)) if earlier else ""


def _definitions(reg: Regulation, v: M.Version, lang: str, term: str) -> list[str]:
    w = W[lang]
    fund = pick(lang, reg.fund.name)
    q = ("\"{}\" " if lang == "th" else "\"{}\" ")
    declared = [(pick(lang, d.word), pick(lang, d.meaning)) for d in (v.document.definitions if v.document else [])]
    words = {d[0] for d in declared}
    generated = [(w["fund"], w["fund_means"].format(fund=fund)), (w["member"], w["member_means"]),
                 (w["committee"], w["committee_means"].format(fund=fund)),
                 (term if lang == "th" else TERM_EN[term], w["term_means"]), (w["benefit"], w["benefit_means"])]
    if any(b.kind == "death" for b in v.benefits):
        generated.append((w["beneficiary"], w["beneficiary_means"]))
    windows = {c.per for b in v.benefits for c in b.caps} | {c.per for c in v.shared_caps} | \
        {b.amount.every for b in v.benefits if isinstance(b.amount, M.Allowance)}
    if "fiscal_year" in windows:
        generated.append((w["fy"], w["fy_means"]))
    return [q.format(word) + f"{w['means']} {meaning}" for word, meaning in declared + [g for g in generated
                                                                                         if g[0] not in words]]


def deadlines(v: M.Version, lang: str, period: Callable[[Any], str], clause: Callable[[str], str]) -> list[tuple[str,
                                                                                                                  str]]:
    """Each benefit's claim deadline, as a row of the claims chapter's table."""
    w = W[lang]
    rows = []
    for b in v.benefits:
        d = b.deadline
        when = w["no_deadline"] if d is None else \
            f"{period(d)} {w['from_event'] if d.start == 'event' else w['from_end']}"
        rows.append((f"{clause(b.clause)} {pick(lang, b.title)}", when))
    return rows


def closing(reg: Regulation, v: M.Version, lang: str, date: Callable[[Any], str]) -> list[str]:
    """``ประกาศ ณ วันที่ ...``, the signature line, the signer's name and position."""
    w = W[lang]
    s = v.document.signed if v.document is not None else None
    when = s.date if s is not None and s.date is not None else v.adopted.date
    name = pick(lang, s.name) if s is not None and s.name is not None else "." * 40
    position = pick(lang, s.position) if s is not None and s.position is not None else \
        w["chair"].format(fund=pick(lang, reg.fund.name))
    return [w["announced"].format(date=date(when)), f"{w['signed']} " + "." * 40, f"({name})", position]


__all__ = ["Para", "TERM_EN", "W", "authority", "closing", "deadlines", "opening", "pick"]
