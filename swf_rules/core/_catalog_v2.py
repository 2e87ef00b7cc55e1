"""Problem codes of language version 2, merged into :data:`swf_rules.core.errors.CATALOG`; each is documented in
docs/errors.md: the language version itself, amounts, people and amendments (:mod:`._validate_v2`,
:mod:`._amendments`, :mod:`.payees`), the membership constructs (schedules, deadlines, levies, benefit groups,
refunds: :mod:`._validate_membership`), and their lint warnings."""

from __future__ import annotations

V2_CATALOG: dict[str, tuple[str, str]] = {
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
        "benefit '{benefit}' declares no claim field '{value}'",
        "สวัสดิการ '{benefit}' ไม่ได้ประกาศข้อมูลในคำขอชื่อ '{value}'",
    ),
    "duplicate-levy": (
        "the levy for the death of '{value}' is listed twice (first at index {first})",
        "เงินสงเคราะห์กรณีการเสียชีวิตของ '{value}' ระบุซ้ำ (ครั้งแรกที่ลำดับ {first})",
    ),
    # --- amounts, people, amendments -------------------------------------------------------------------------
    "unknown-version": ("no version labelled '{value}' in this file", "ไม่มีระเบียบฉบับ '{value}' ในไฟล์นี้"),
    "amendment-order": ("amendment {value} takes effect on {effective}, not after version {amends} "
                        "({base_effective}) which it amends",
                        "ฉบับแก้ไข {value} มีผล {effective} ซึ่งไม่ได้อยู่หลังฉบับ {amends} ({base_effective}) ที่แก้ไข"),
    "repeal-referenced": ("benefit '{value}' is repealed, but {by} still refers to it",
                          "สวัสดิการ '{value}' ถูกยกเลิก แต่{by} ยังอ้างถึงอยู่"),
    "amendment-conflict": ("benefit '{value}' is both restated and repealed by this amendment",
                           "สวัสดิการ '{value}' ถูกทั้งแก้ไขและยกเลิกในฉบับแก้ไขเดียวกัน"),
    "duplicate-shared-cap": ("shared cap id '{value}' is used twice (first at line {first_line})",
                             "รหัสเพดานร่วม '{value}' ซ้ำ (ครั้งแรกที่บรรทัด {first_line})"),
    "claim-field-not-number": ("claim field '{value}' is of type {found}; an amount needs a number",
                               "ข้อมูล '{value}' เป็นชนิด {found} แต่จำนวนเงินต้องเป็นตัวเลข"),
    "cap-needs-person": ("a cap for each person needs the benefit to say which person a claim is about (person:)",
                         "เพดานรายบุคคลต้องระบุว่าคำขอเกี่ยวกับบุคคลใด (person:)"),
    "payee-dead-member": ("a death benefit cannot be paid to the member who died",
                          "เงินสวัสดิการกรณีเสียชีวิตจ่ายให้สมาชิกผู้เสียชีวิตไม่ได้"),
    "payee-mismatch": ("a benefit for {recipients} cannot be paid to '{value}'",
                       "สวัสดิการสำหรับ{recipients} จ่ายให้ '{value}' ไม่ได้"),
    "non-member-rule": ("a benefit for non-members cannot use {value}: a non-member has no membership",
                        "สวัสดิการสำหรับผู้ที่ไม่ใช่สมาชิกใช้ {value} ไม่ได้ เพราะไม่มีช่วงเวลาการเป็นสมาชิก"),
    "national-id-format": ("'{value}' is not a national ID (13 digits)", "'{value}' ไม่ใช่เลขประจำตัวประชาชน (13 หลัก)"),
    "national-id-checksum": ("national ID {value} fails its check digit (kept: real registers hold such IDs)",
                             "เลขประจำตัวประชาชน {value} หลักตรวจสอบไม่ถูกต้อง (ยังคงใช้ได้ เพราะทะเบียนจริงมีเลขลักษณะนี้)"),
    "beneficiary-shares": ("the beneficiaries' shares add up to {value}, not exactly 1",
                           "สัดส่วนของผู้รับผลประโยชน์รวมกันได้ {value} ไม่ใช่ 1 พอดี"),
    "missing-member": ("benefit '{benefit}' is for members: the member's history is needed",
                       "สวัสดิการ '{benefit}' สำหรับสมาชิก ต้องมีประวัติสมาชิก"),
    # --- lint warnings ----------------------------------------------------------------------------------------
    "lint-shared-cap-one-benefit": ("shared cap '{value}' names one benefit only ('{benefit}')",
                                    "เพดานร่วม '{value}' ระบุสวัสดิการเพียงข้อเดียว ('{benefit}')"),
    "lint-billed-uncapped": ("benefit '{value}' pays as billed with no money cap: the fund pays whatever the bill says",
                             "สวัสดิการ '{value}' จ่ายตามจำนวนที่เรียกเก็บโดยไม่มีเพดาน กองทุนต้องจ่ายเท่าใดก็ได้ตามใบเสร็จ"),
    "lint-several-members-undeclared": (
        "birth benefit '{value}' can be claimed by both parents and does not say whether one birth is paid once "
        "(several_members)",
        "สวัสดิการคลอดบุตร '{value}' บิดาและมารดาอาจยื่นขอได้ทั้งคู่ โดยไม่ได้ระบุว่าการคลอดครั้งเดียวจ่ายครั้งเดียวหรือไม่ "
        "(several_members)"),
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

V2_WARNINGS = frozenset(k for k in V2_CATALOG if k.startswith("lint-")) | {"national-id-checksum"}
