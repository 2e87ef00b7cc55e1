"""The member review in words: what each row says and what the committee should do (Thai and English), and the
review as text, grouped by kind."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ._common import baht, count, day_text, fund_name, status_name, table, tr

HEADINGS = {
    "arrears": ("สมาชิกที่ค้างส่ง", "Members in arrears"),
    "about_to_lapse": ("สมาชิกที่ใกล้พ้นสภาพเพราะขาดส่ง", "Members about to lapse"),
    "lapsed_on_register": ("พ้นสภาพแล้วแต่ทะเบียนยังแสดงเป็นสมาชิก", "Lapsed but still on the register"),
    "dead_on_register": ("เสียชีวิตแล้วแต่ทะเบียนยังแสดงเป็นสมาชิก", "Dead but still on the register"),
    "allowance_due": ("เงินช่วยเหลือรายงวดที่ถึงกำหนดจ่าย (เช่น ผู้สูงอายุ)", "Allowances due (such as the elderly allowance)"),
    "beneficiary_missing": ("สมาชิกที่ยังไม่ระบุผู้รับผลประโยชน์", "Members naming no beneficiary"),
    "beneficiary_no_id": ("ผู้รับผลประโยชน์ที่ไม่มีเลขประจำตัวประชาชน", "Beneficiaries without a national ID"),
    "beneficiary_bad_id": ("เลขประจำตัวประชาชนของผู้รับผลประโยชน์ไม่ถูกต้อง",
                           "Beneficiaries whose national ID fails its check digit"),
    "duplicate_id": ("เลขประจำตัวประชาชนซ้ำ", "Duplicate national IDs"),
    "possible_duplicate_member": ("อาจเป็นสมาชิกคนเดียวกันที่ลงทะเบียนซ้ำ", "Possibly the same person registered twice"),
}


def _d(text: str | None, lang: str) -> str:
    return day_text(date.fromisoformat(text), lang) if text else "-"


def what(row: Any, lang: str) -> str:
    """What the row says, in ``lang``."""
    f = row.facts
    k = row.kind
    if k == "arrears":
        return tr(lang, f"ค้างส่ง {count(f['instalments'])} งวด เป็นเงิน {baht(Decimal(f['amount']))} บาท "
                        f"(สถานะ{status_name(f['status'], lang)})",
                  f"{f['instalments']} instalment{'s' if f['instalments'] != 1 else ''} unpaid, "
                  f"{baht(Decimal(f['amount']))} baht ({f['status']})")
    if k == "about_to_lapse":
        rule_th = "ติดต่อกัน" if f["rule"] == "consecutive" else "รวม"
        return tr(lang, f"ขาดส่ง{rule_th} {f['missed']} งวด (ครบ {f['limit']} งวดพ้นสภาพ); "
                        f"งวดถัดไปกำหนดส่ง {_d(f['deadline'], lang)}",
                  f"{f['missed']} instalment{'s' if f['missed'] != 1 else ''} missed ({f['rule']}; {f['limit']} end membership); the next is due "
                  f"by {f['deadline']}")
    if k == "lapsed_on_register":
        end = f["register_end"]
        return tr(lang, f"พ้นสภาพตั้งแต่ {_d(f['lapsed_on'], lang)} แต่ทะเบียน"
                        + ("ยังไม่ได้บันทึกวันที่พ้นสมาชิก" if end is None else f"บันทึกวันพ้นสมาชิก {_d(end, lang)}"),
                  f"lapsed on {f['lapsed_on']}, but the register "
                  + ("shows no end of membership" if end is None else f"ends the membership on {end}"))
    if k == "dead_on_register":
        if f["evidence"] == "death_payout":
            return tr(lang, f"จ่ายสวัสดิการกรณีเสียชีวิตแล้ว (ใบสำคัญ {f['voucher']} วันที่เสียชีวิต {_d(f['died_on'], lang)}) "
                            "แต่ทะเบียนไม่มีวันที่เสียชีวิต",
                      f"a death benefit was paid (voucher {f['voucher']}, death on {f['died_on']}) but the register "
                      "has no date of death")
        return tr(lang, f"เสียชีวิต {_d(f['died_on'], lang)} แต่ทะเบียนยังไม่ปิดการเป็นสมาชิก",
                  f"died on {f['died_on']} but the register's membership is still open")
    if k == "allowance_due":
        title = f["title"]["th"] if lang == "th" else f["title"]["en"]
        return tr(lang, f"{title} {baht(Decimal(f['amount']))} บาท งวด {_d(f['period_from'], lang)} ถึง "
                        f"{_d(f['period_to'], lang)} ยังไม่ได้จ่าย",
                  f"{title}: {baht(Decimal(f['amount']))} baht for {f['period_from']} to {f['period_to']}, not yet paid")
    if k == "beneficiary_missing":
        return tr(lang, "ไม่มีผู้รับผลประโยชน์ในทะเบียน", "names no beneficiary")
    if k == "beneficiary_no_id":
        return tr(lang, f"ผู้รับผลประโยชน์ {f['name']} ไม่มีเลขประจำตัวประชาชน", f"beneficiary {f['name']} has no national ID")
    if k == "beneficiary_bad_id":
        return tr(lang, f"ผู้รับผลประโยชน์ {f['name']} เลขประจำตัวประชาชน {f['national_id']} หลักตรวจสอบไม่ถูกต้อง",
                  f"beneficiary {f['name']}: national ID {f['national_id']} fails its check digit")
    if k == "duplicate_id":
        names = ", ".join(f["names"])
        members = ", ".join(f["members"])
        return tr(lang, f"เลข {f['national_id']} ใช้กับ {names} (สมาชิก {members})",
                  f"ID {f['national_id']} is given to {names} (members {members})")
    return tr(lang, f"วันเกิดและเพศตรงกับสมาชิก {f['other_member']} และระบุผู้รับผลประโยชน์เลข {f['national_id']} เหมือนกัน",
              f"same birth date and sex as member {f['other_member']}, and both name beneficiary ID {f['national_id']}")


def action(row: Any, lang: str) -> str:
    """What the committee should do about the row, in ``lang``."""
    f = row.facts
    k = row.kind
    if k == "arrears":
        return tr(lang, "แจ้งเตือนให้สมาชิกส่งเงินที่ค้าง", "remind the member to pay what is owed")
    if k == "about_to_lapse":
        return tr(lang, f"ติดต่อสมาชิกก่อน {_d(f['deadline'], lang)}: ถ้าไม่ส่ง จะพ้นสภาพวันที่ {_d(f['lapses_on'], lang)}",
                  f"contact the member before {f['deadline']}: unpaid, membership lapses on {f['lapses_on']}")
    if k == "lapsed_on_register":
        return tr(lang, f"บันทึกการพ้นสมาชิกภาพวันที่ {_d(f['lapsed_on'], lang)} (เหตุ: ขาดส่ง) ในทะเบียน",
                  f"record the end of membership on {f['lapsed_on']} (reason: lapsed) in the register")
    if k == "dead_on_register":
        return tr(lang, f"บันทึกวันที่เสียชีวิต {_d(f['died_on'], lang)} และปิดการเป็นสมาชิก (เหตุ: เสียชีวิต)",
                  f"record the death on {f['died_on']} and close the membership (reason: died)")
    if k == "allowance_due":
        return tr(lang, "พิจารณาอนุมัติจ่ายเงินช่วยเหลืองวดนี้", "approve and pay this period's allowance")
    if k == "beneficiary_missing":
        return tr(lang, "ขอให้สมาชิกระบุผู้รับผลประโยชน์ (ชื่อ เลขประจำตัวประชาชน ความสัมพันธ์)",
                  "ask the member to name a beneficiary (name, national ID, relationship)")
    if k == "beneficiary_no_id":
        return tr(lang, "บันทึกเลขประจำตัวประชาชนของผู้รับผลประโยชน์", "record the beneficiary's national ID")
    if k == "beneficiary_bad_id":
        return tr(lang, "ตรวจเลขกับบัตรประชาชนของผู้รับผลประโยชน์แล้วแก้ไข",
                  "check the number against the beneficiary's ID card and correct it")
    if k == "duplicate_id":
        return tr(lang, "ตรวจว่าเลขนี้เป็นของใคร แล้วแก้ไขทะเบียนผู้รับผลประโยชน์",
                  "find whose number it is and correct the beneficiaries register")
    return tr(lang, "ตรวจสอบว่าเป็นบุคคลเดียวกันหรือไม่ ถ้าใช่ ให้รวมเป็นสมาชิกคนเดียว",
              "check whether they are one person; if so, keep one membership")


def render_review(r: Any, lang: str = "en") -> str:
    name = fund_name_of(r, lang)
    c = r.counts()
    out = [tr(lang, f"ทบทวนสมาชิก {name} ณ วันที่ {day_text(r.as_of, lang)}",
              f"Member review of the {name} on {day_text(r.as_of, lang)}"), ""]
    summary = [[tr(lang, "เรื่อง", "item"), tr(lang, "จำนวน", "rows")]]
    for k, (th, en) in HEADINGS.items():
        summary.append([tr(lang, th, en), count(c[k])])
    out += table(summary, [False, True])
    if not r.has_beneficiaries:
        out.append(tr(lang, "(บัญชีนี้ไม่มีทะเบียนผู้รับผลประโยชน์: ไม่ได้ตรวจเรื่องผู้รับผลประโยชน์)",
                      "(the books have no beneficiaries register: beneficiaries were not checked)"))
    for k, (th, en) in HEADINGS.items():
        rows = r.of_kind(k)
        if not rows:
            continue
        out += ["", f"{tr(lang, th, en)} ({count(len(rows))})"]
        body = [[tr(lang, "สมาชิก", "member"), tr(lang, "ข้อ", "clause"), tr(lang, "รายละเอียด", "what"),
                 tr(lang, "สิ่งที่ควรทำ", "what to do")]]
        for row in rows:
            body.append([row.member_id, row.clause or "-", what(row, lang), action(row, lang)])
        out += table(body, [False, False, False, False], "  ")
    return "\n".join(out) + "\n"


def fund_name_of(r: Any, lang: str) -> str:
    return r.name["th"] if lang == "th" else r.name["en"]


__all__ = ["HEADINGS", "action", "fund_name", "render_review", "what"]
