"""The sentences of the language-version-2 constructs in a printed regulation (th/en): an amount as billed, a
linear floor, the person a claim is about, who is paid, one event claimed by several members, caps for each
person, benefits for non-members, and the shared caps as a clause of their own."""

from __future__ import annotations

from ...core import model as M
from ...core.payees import payee_to
from ._document import Clause, Numbers, clause_label, join_words, notes_of, pick, sentence

_REL = {"spouse": ("คู่สมรส", "spouse"), "child": ("บุตร", "child"), "father": ("บิดา", "father"),
        "mother": ("มารดา", "mother"), "parent": ("บิดาหรือมารดา", "parent"), "sibling": ("พี่น้อง", "brother or sister"),
        "grandchild": ("หลาน", "grandchild"), "relative": ("ญาติ", "relative")}
_SHARED_WINDOW = {"event": ("ต่อเหตุการณ์หนึ่งครั้ง", "per event"),
                  "fiscal_year": ("ต่อปีงบประมาณ (1 ตุลาคม ถึง 30 กันยายน)", "per fiscal year (1 October to 30 September)"),
                  "calendar_year": ("ต่อปีปฏิทิน (1 มกราคม ถึง 31 ธันวาคม)", "per calendar year (1 January to 31 December)"),
                  "rolling_365_days": ("ในระยะเวลา 365 วันใด ๆ", "in any period of 365 days"),
                  "lifetime": ("ตลอดการเป็นสมาชิก", "over the whole membership")}


def billed_sentence(num: Numbers, a: M.Billed, b: M.Benefit) -> str:
    th = num.lang == "th"
    f = b.claim_fields.get(a.field)
    what = pick(num.lang, f.description) if f is not None and f.description else a.field
    if a.percent == 100:
        return f"จ่ายเงินสวัสดิการตามจำนวนที่จ่ายจริง ({what})" if th else f"The fund pays the amount billed ({what})."
    pct = num.n(a.percent)
    return (f"จ่ายเงินสวัสดิการร้อยละ {pct} ของจำนวนที่จ่ายจริง ({what})" if th else
            f"The fund pays {a.percent} percent of the amount billed ({what}).")


def floor_sentence(num: Numbers, a: M.Linear) -> str | None:
    if a.floor is None:
        return None
    return (f"แต่ไม่น้อยกว่า {num.money(a.floor)}" if num.lang == "th" else
            f"It pays at least {num.money(a.floor)}.")


def who_sentences(num: Numbers, b: M.Benefit) -> list[str]:
    """Who the benefit is for (non-members, the person the claim is about) and who receives the money."""
    th = num.lang == "th"
    out = []
    if b.recipients == "non_members":
        out.append("สวัสดิการตามข้อนี้สำหรับผู้ที่ไม่ได้เป็นสมาชิกของกองทุน ตามหลักเกณฑ์ในข้อนี้" if th else
                   "This benefit is for people who are not members of the fund, under the rules of this clause.")
    p = b.person
    if p is not None:
        rels = [_REL[r][0 if th else 1] for r in p.relationships]
        if th:
            text = f"คำขอต้องระบุบุคคลที่เกี่ยวข้อง ซึ่งต้องเป็น{join_words(num.lang, rels, 'หรือ')}ของสมาชิก"
            text += {"member": " และเป็นสมาชิกของกองทุน", "not_member": " และไม่ได้เป็นสมาชิกของกองทุน", "any": ""}[p.member]
            if p.age is not None and (p.age.min is not None or p.age.max is not None):
                text += f" อายุ{_age_th(num, p.age.min, p.age.max)} ณ วันที่เกิดเหตุ"
        else:
            text = f"The claim names the person concerned, who must be the member's {join_words(num.lang, rels, word_en='or')}"
            text += {"member": " and a member of the fund", "not_member": " and not a member of the fund", "any": ""}[p.member]
            if p.age is not None and (p.age.min is not None or p.age.max is not None):
                text += f", aged {_age_en(p.age.min, p.age.max)} on the date of the event"
            text += "."
        out.append(text)
    if b.several_members is not None:
        if b.several_members == "once_per_event":
            out.append("เหตุการณ์เดียวกันที่สมาชิกหลายคนยื่นคำขอ (เช่น บิดาและมารดาของบุตรคนเดียวกัน) จ่ายได้เพียงครั้งเดียว" if th
                       else "When several members claim for the same event (for example both parents of one child), it "
                            "is paid once.")
        else:
            out.append("เหตุการณ์เดียวกันที่สมาชิกหลายคนยื่นคำขอ จ่ายให้สมาชิกแต่ละคน" if th else
                       "When several members claim for the same event, each member is paid.")
    if b.payee is not None or b.recipients == "non_members":
        to = payee_to(b)
        out.append({
            "member": ("จ่ายให้แก่สมาชิก", "It is paid to the member."),
            "beneficiaries": ("จ่ายให้แก่ผู้รับผลประโยชน์ที่สมาชิกระบุไว้ตามสัดส่วนที่ระบุ (หากไม่ระบุสัดส่วนให้แบ่งเท่ากัน) "
                              "หากสมาชิกไม่ได้ระบุผู้รับผลประโยชน์ ให้จ่ายแก่ทายาท",
                              "It is paid to the beneficiaries the member named, in the shares named (equal shares when "
                              "none is named); when the member named no beneficiary, to the heirs."),
            "family": ("จ่ายให้แก่ครอบครัวของผู้เสียชีวิต", "It is given to the family of the deceased."),
            "applicant": ("จ่ายให้แก่ผู้ยื่นคำขอ", "It is paid to the applicant."),
        }[to][0 if th else 1])
        if to == "beneficiaries" and b.payee is not None:
            sh = b.payee.shares
            unit = num.money(sh.unit, words=False)
            where = {"first": ("ผู้รับผลประโยชน์คนแรก", "the first beneficiary"),
                     "last": ("ผู้รับผลประโยชน์คนสุดท้าย", "the last beneficiary"),
                     "largest": ("ผู้ที่ได้รับส่วนแบ่งมากที่สุด", "the largest share")}[sh.remainder]
            out.append(f"ส่วนแบ่งของแต่ละคนคิดเป็นหน่วยละ {unit} เศษที่เหลือให้แก่{where[0]}" if th else
                       f"Each share is rounded to a multiple of {unit}; what remains goes to {where[1]}.")
    return out


def each_person(num: Numbers, cap: M.Cap) -> str:
    if cap.each != "person":
        return ""
    return " สำหรับบุคคลแต่ละคน" if num.lang == "th" else " for each person"


def _age_th(num: Numbers, lo: int | None, hi: int | None) -> str:
    if lo is not None and hi is not None:
        return f"ตั้งแต่ {num.n(lo)} ถึง {num.n(hi)} ปี"
    return f"ไม่ต่ำกว่า {num.n(lo)} ปี" if lo is not None else f"ไม่เกิน {num.n(hi)} ปี"  # type: ignore[arg-type]


def _age_en(lo: int | None, hi: int | None) -> str:
    if lo is not None and hi is not None:
        return f"{lo} to {hi}"
    return f"at least {lo}" if lo is not None else f"at most {hi}"


def shared_cap_clauses(version: M.Version, num: Numbers) -> list[Clause]:
    """One clause per shared cap: the benefits it names, its limit and window, and the remainder rule."""
    th = num.lang == "th"
    out = []
    for sc in version.shared_caps:
        refs = []
        for bid in sc.benefits:
            b = version.benefit(bid)
            refs.append(f"{clause_label(b.clause, num.lang, num.thai)} ({pick(num.lang, b.title)})" if b else bid)
        per = _SHARED_WINDOW[sc.per][0 if th else 1]
        items = [f"สวัสดิการตาม{join_words(num.lang, refs)} รวมกันจ่ายได้ไม่เกิน {num.money(sc.money)} {per}" if th else
                 f"The benefits under {join_words(num.lang, refs)} together pay at most {num.money(sc.money)} {per}.",
                 "หากจำนวนเงินที่คำนวณได้เกินเพดานร่วม ให้จ่ายเท่าจำนวนที่ยังเหลืออยู่ โดยไม่ปฏิเสธคำขอ" if th else
                 "When a claim's amount exceeds what remains of the shared cap, the fund pays what remains; the claim is "
                 "not refused."]
        if sc.clause:
            label = clause_label(sc.clause, num.lang, num.thai)
            title = pick(num.lang, sc.title) if sc.title else ("เพดานร่วม" if th else "Shared cap")
        else:
            label = "เพดานร่วม" if th else "Shared cap"
            title = pick(num.lang, sc.title) if sc.title else sc.id
        out.append(Clause(f"shared:{sc.id}", label, title, tuple(sentence(num.lang, num, x) for x in items),
                          notes=notes_of(num.lang, sc.illustrative)))
    return out


__all__ = ["billed_sentence", "each_person", "floor_sentence", "shared_cap_clauses", "who_sentences"]
