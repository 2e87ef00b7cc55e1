"""The document of one version: heading facts, the membership clause, every benefit clause, in the fund's own
clause order and numbering, and a footer naming the version's fingerprint."""

from __future__ import annotations

from dataclasses import replace

from ...core import model as M
from ...core.thaiwords import contribution_term, note_translations
from ...core.validate import Regulation
from ._benefit_clause import benefit_clause, group_clauses
from ._v2_clause import shared_cap_clauses
from ._document import (Clause, Document, Numbers, age_bounds, clause_label, clause_number, in_lang, notes_of, pick,
                        sentence)
from ._membership_text import contribution_text, due_text, levy_items, schedule_items

_STARTS = {"application": ("วันที่ยื่นใบสมัคร", "the day the application is filed"),
           "approval": ("วันที่คณะกรรมการอนุมัติให้เป็นสมาชิก", "the day the committee approves the application"),
           "first_contribution": ("วันที่ส่งเงินสมทบครั้งแรก", "the day of the first contribution")}


def _membership_clause(version: M.Version, num: Numbers) -> Clause:
    lang = num.lang
    th = lang == "th"
    m = version.membership
    c = m.contribution
    items = []
    items.append(contribution_text(num, c))
    if m.entry_fee > 0:
        items.append(f"ผู้สมัครชำระค่าสมัครแรกเข้า {num.money(m.entry_fee)}" if th else
                     f"Applicants pay an entry fee of {num.money(m.entry_fee)}.")
    items.append(f"การเป็นสมาชิกเริ่มนับตั้งแต่{_STARTS[m.starts][0]}" if th else
                 f"Membership begins on {_STARTS[m.starts][1]}.")
    if m.joining_age is not None and (m.joining_age.min is not None or m.joining_age.max is not None):
        bounds = age_bounds(num, m.joining_age.min, m.joining_age.max)
        items.append(f"ผู้สมัครต้องมีอายุ{bounds} ในวันที่เข้าเป็นสมาชิก" if th else
                     f"Applicants must be {bounds} years old when they join.")
    items.append(due_text(num, c, m.grace_days))
    items.extend(schedule_items(num, m))
    if m.suspend_after is not None and m.suspend_after > 0:
        items.append(f"สมาชิกที่ค้างส่งเงินสมทบตั้งแต่ {num.n(m.suspend_after)} งวดขึ้นไป ถูกพักสิทธิ์จนกว่าจะส่งครบ" if th
                     else f"A member behind by {m.suspend_after} or more instalments is suspended until the arrears "
                          "are paid.")
    if m.lapse_after is not None:
        la = m.lapse_after
        if la.consecutive is not None:
            items.append(f"สมาชิกที่ขาดส่งเงินสมทบติดต่อกัน {num.n(la.consecutive)} งวด พ้นสภาพการเป็นสมาชิก" if th else
                         f"A member who misses {la.consecutive} instalments in a row ceases to be a member.")
        else:
            assert la.total is not None
            items.append(f"สมาชิกที่ขาดส่งเงินสมทบรวม {num.n(la.total)} งวด พ้นสภาพการเป็นสมาชิก" if th else
                         f"A member who misses {la.total} instalments in total ceases to be a member.")
    items.append({
        "none": ("เงินสมทบที่ส่งแล้วไม่คืนให้แก่สมาชิกไม่ว่ากรณีใด", "Contributions are not refunded."),
        "all": ("สมาชิกที่ลาออกได้รับเงินสมทบที่ส่งแล้วคืนทั้งหมด", "A member who resigns gets every contribution back."),
        "if_no_benefit_received": ("สมาชิกที่ลาออกโดยไม่เคยได้รับสวัสดิการใดเลย ได้รับเงินสมทบที่ส่งแล้วคืน "
                                   "ผู้ที่เคยได้รับสวัสดิการแล้วไม่ได้รับคืน",
                                   "A member who resigns without ever having received a benefit gets the contributions "
                                   "back; one who has received a benefit does not."),
    }[m.refund_on_resignation][0 if th else 1])
    items.extend(levy_items(num, m))
    la_note = m.lapse_after.illustrative if m.lapse_after else None
    extra = [x.illustrative for x in (c.due, m.levy) if x is not None] + [a.illustrative for a in c.alternatives]
    return Clause("membership", clause_label(m.clause, lang, num.thai),
                  sentence(lang, num, "การเป็นสมาชิกและการส่งเงินสมทบ") if th else "Membership and contributions",
                  tuple(sentence(lang, num, x) for x in items), notes=notes_of(lang, m.illustrative, la_note, *extra))


def build(regulation: Regulation, version: M.Version, lang: str = "th") -> Document:
    """The printable document of one version, in Thai (``th``) or English (``en``)."""
    if lang not in ("th", "en"):
        raise ValueError(f"lang must be 'th' or 'en', not {lang!r}")
    th = lang == "th"
    num = Numbers(lang, th and regulation.file.clause_digits == "thai", contribution_term(regulation))
    f = regulation.fund
    place = f.place
    fund_line = (f"{f.name.th} ตำบล{place.subdistrict.th} อำเภอ{place.district.th} จังหวัด{place.province.th}" if th
                 else f"{f.name.en}, {place.subdistrict.en} subdistrict, {place.district.en} district, "
                      f"{place.province.en} province")
    facts = [
        (in_lang(lang, "ฉบับ", "Version"), num.text(version.version)),
        (in_lang(lang, "ผู้ออกระเบียบ", "Adopted by"), pick(lang, version.adopted.meeting)),
        (in_lang(lang, "วันที่ออกระเบียบ", "Adopted on"), num.date(version.adopted.date)),
        (in_lang(lang, "มีผลใช้บังคับตั้งแต่", "In force from"), num.date(version.effective)),
    ]
    if version.until is not None:
        facts.append((in_lang(lang, "สิ้นผลเมื่อ", "In force until"), num.date(version.until)))
    facts.append((in_lang(lang, "ที่มา", "Source"), version.source.url or version.source.document or ""))
    amended = regulation.amended(version)
    if amended is not None:  # v2: the text printed is the amended version consolidated with this amendment
        facts.append((in_lang(lang, "แก้ไขเพิ่มเติมระเบียบฉบับ", "Amends version"),
                      num.text(amended.version) + in_lang(lang, " (ข้อความรวมฉบับแก้ไขแล้ว)", " (consolidated text)")))
    clauses = [_membership_clause(version, num)] + group_clauses(num, version) + [
        benefit_clause(regulation, version, b, num) for b in version.benefits] + shared_cap_clauses(version, num)
    src_order = {c.key: i for i, c in enumerate(clauses)}
    clause_text = {"membership": version.membership.clause, **{f"benefit:{b.id}": b.clause for b in version.benefits},
                   **{f"group:{g.id}": version.membership.clause for g in version.groups},  # printed after it
                   **{f"shared:{c.id}": c.clause or "" for c in version.shared_caps}}
    clauses.sort(key=lambda c: (clause_number(clause_text[c.key]), src_order[c.key]))
    fp = regulation.fingerprint(version)
    footer = (f"เอกสารนี้สร้างจากไฟล์ระเบียบ {f.id} ฉบับ {version.version} (รหัสตรวจสอบ {fp})" if th else
              f"Generated from the regulation file of {f.id}, version {version.version} (fingerprint {fp}).")
    tr = note_translations(regulation, lang)  # notes written in one language, in the document's
    clauses = [replace(c, notes=_translated(c.notes, tr)) for c in clauses]
    return Document(lang, f.id, version.version, fp, pick(lang, version.title), pick(lang, f.name), fund_line,
                    tuple(facts),
                    tuple(clauses), _translated(notes_of(lang, version.illustrative), tr), footer, num)


def _translated(notes: tuple[str, ...], tr: dict[str, str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(tr.get(" ".join(n.split()), n) for n in notes))
