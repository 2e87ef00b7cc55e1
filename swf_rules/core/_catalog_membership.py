"""Problem codes of the membership constructs of language version 2 (schedules, deadlines, levies, benefit
groups, refunds), merged into :data:`swf_rules.core.errors.CATALOG`; each is documented in docs/errors.md."""

from __future__ import annotations

CODES: dict[str, tuple[str, str]] = {
    "needs-language-2": (
        "{value} is new in swf-rules/2, but the file declares language: swf-rules/1",
        "{value_th} มีในภาษาระเบียบรุ่น swf-rules/2 แต่ไฟล์ประกาศ language: swf-rules/1",
    ),
    "conflicting-fields": ("give only one of: {fields}", "ระบุได้เพียงหนึ่งอย่างจาก: {fields}"),
    "schedule-yearly-total": (
        "yearly_total goes with counts_as_paid: yearly_total, and that needs yearly_total",
        "yearly_total ใช้คู่กับ counts_as_paid: yearly_total และต้องระบุทั้งสองอย่าง",
    ),
    "duplicate-schedule": (
        "two contribution schedules have the period '{value}'",
        "มีรอบการส่งเงินสมทบสองแบบที่เป็นงวด '{value}'",
    ),
    "levy-unmeetable": (
        "a levy due within {value} of the death can never be paid on time",
        "เงินสงเคราะห์ที่ต้องส่งภายใน {value_th} หลังการเสียชีวิต ไม่มีทางส่งทัน",
    ),
    "duplicate-group-id": (
        "benefit group id '{value}' is used twice (first at line {first_line})",
        "รหัสกลุ่มสวัสดิการ '{value}' ซ้ำ (ครั้งแรกที่บรรทัด {first_line})",
    ),
    "unknown-group": ("no benefit group with id '{value}'", "ไม่มีกลุ่มสวัสดิการรหัส '{value}'"),
    "group-waiting-twice": (
        "benefit '{benefit}' is in group '{value}', which declares the waiting period; the benefit may not declare "
        "its own",
        "สวัสดิการ '{benefit}' อยู่ในกลุ่ม '{value}' ซึ่งกำหนดระยะรอคอยไว้แล้ว สวัสดิการจะกำหนดระยะรอคอยของตนเองอีกไม่ได้",
    ),
    "refund-status": (
        "a refund on {on} is claimed by a member whose status is {status}, which eligibility.status does not allow",
        "การคืนเงินเมื่อ{on_th} ผู้ขอมีสถานะ {status} แต่ eligibility.status ไม่อนุญาต",
    ),
    "unknown-claim-field": (
        "benefit '{benefit}' has no number claim field '{value}'",
        "สวัสดิการ '{benefit}' ไม่มีข้อมูลในคำขอชื่อ '{value}' ที่เป็นตัวเลข",
    ),
    "duplicate-levy": (
        "the levy for the death of '{value}' is listed twice (first at index {first})",
        "เงินสงเคราะห์กรณีการเสียชีวิตของ '{value}' ระบุซ้ำ (ครั้งแรกที่ลำดับ {first})",
    ),
    # --- lint warnings ----------------------------------------------------------------------------------------
    "lint-grace-days-year-end": (
        "{value} grace days after a {period} ends fall on a different date in leap years: the deadline "
        "moves by a day",
        "ระยะผ่อนผัน {value} วันหลังสิ้น{period_th} ตกคนละวันในปีอธิกสุรทิน กำหนดส่งจึงเลื่อนไปหนึ่งวัน",
    ),
    "lint-stated-rate-differs": (
        "the stated rate of {stated} a {per} is {stated_year} a year, but {amount} a {period} is {schedule_year} a "
        "year: instalments are what is counted",
        "อัตราที่ระบุ {stated} บาทต่อ{per_th} เท่ากับปีละ {stated_year} บาท แต่งวดละ {amount} บาทต่อ{period_th} "
        "เท่ากับปีละ {schedule_year} บาท ระบบนับตามงวดที่ส่ง",
    ),
    "lint-refund-disagrees": (
        "membership says refund_on_resignation: {value}, but benefit '{benefit}' refunds {detail}",
        "ข้อสมาชิกระบุ refund_on_resignation: {value} แต่สวัสดิการ '{benefit}' คืนเงิน{detail_th}",
    ),
    "lint-levies-without-levy": (
        "benefit '{benefit}' pays the levies collected, but the membership declares no levy",
        "สวัสดิการ '{benefit}' จ่ายตามเงินสงเคราะห์ที่เก็บได้ แต่ข้อสมาชิกไม่ได้กำหนดการเก็บเงินสงเคราะห์",
    ),
    "lint-group-unused": (
        "benefit group '{value}' has no benefit",
        "กลุ่มสวัสดิการ '{value}' ไม่มีสวัสดิการใดอยู่ในกลุ่ม",
    ),
}

WARNINGS = frozenset(k for k in CODES if k.startswith("lint-"))
