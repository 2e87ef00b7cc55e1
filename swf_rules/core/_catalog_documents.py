"""The problem codes of the committee's approvals (``swf_rules.audit.approvals``), of the documents a committee
signs (``swf_rules.documents``: vouchers, the printed regulation, the annual report, PDF) and of the lint rules
about the regulation's Thai: (English, Thai) templates merged into :data:`swf_rules.core.errors.CATALOG`.  Each
code is documented in docs/errors.md (a test checks that)."""

from __future__ import annotations

DOCUMENTS_CATALOG: dict[str, tuple[str, str]] = {
    # --- approvals (the committee's decision beside the entitlement) -------------------------------------
    "approval-no-decision": ("the log holds no decision for claim '{value}': decide it first (`swf-rules log append`)",
                             "ในบันทึกไม่มีผลการตัดสินของคำขอ '{value}' ให้ตัดสินก่อน (`swf-rules log append`)"),
    "approval-exists": ("claim '{value}' was already decided by the committee (record at line {line_no})",
                        "คำขอ '{value}' คณะกรรมการพิจารณาแล้ว (บันทึกที่บรรทัด {line_no})"),
    "approval-amount-needed": ("claim '{value}' is not entitled under the regulation: to approve it anyway give "
                               "--amount and --reason",
                               "คำขอ '{value}' ไม่มีสิทธิ์ตามระเบียบ หากจะอนุมัติให้ระบุ --amount และ --reason"),
    "approval-reduce-amount": ("a reduction pays less than the {entitled} baht the regulation gives; {value} is not "
                               "less",
                               "การอนุมัติลดจำนวนต้องจ่ายน้อยกว่า {entitled} บาทที่ระเบียบกำหนด แต่ {value} ไม่น้อยกว่า"),
    "approval-reject-amount": ("a rejection pays nothing: leave --amount out (it was {value})",
                               "การไม่อนุมัติไม่มีการจ่ายเงิน ไม่ต้องระบุ --amount (ระบุไว้ {value})"),
    "approval-reason-needed": ("the committee's {action} of claim '{value}' pays {amount} baht where the regulation "
                               "gives {entitled}: give the reason (--reason)",
                               "มติ{action_th}คำขอ '{value}' จ่าย {amount} บาท ขณะที่ระเบียบกำหนด {entitled} บาท "
                               "ต้องระบุเหตุผล (--reason)"),
    "approval-no-approver": ("name at least one approver (--approver NAME)", "ต้องระบุผู้อนุมัติอย่างน้อยหนึ่งคน (--approver)"),
    "approval-meeting-before-event": ("the meeting of {value} is before the event of claim '{claim}' ({event})",
                                      "วันประชุม {value} อยู่ก่อนวันที่เกิดเหตุของคำขอ '{claim}' ({event})"),
    "approval-log-not-intact": ("the log does not verify ({status}, {count} problem(s)): nothing is recorded in it "
                                "until it does",
                                "บันทึกตรวจสอบไม่ผ่าน ({status}, {count} ปัญหา) จะไม่บันทึกมติลงไปจนกว่าจะตรวจผ่าน"),
    "log-approval-dangling": ("the approval at line {line_no} does not match the decision it names: {detail}",
                              "มติที่บรรทัด {line_no} ไม่ตรงกับผลการตัดสินที่อ้างถึง: {detail}"),
    # --- documents ---------------------------------------------------------------------------------------------
    "voucher-nothing": ("no approved payment in the log matches {value}",
                        "ไม่มีรายการที่อนุมัติจ่ายในบันทึกที่ตรงกับ {value}"),
    "voucher-not-payable": ("claim '{value}' is not entitled to a payment under the regulation: there is no voucher "
                            "to print",
                            "คำขอ '{value}' ไม่มีสิทธิ์ได้รับเงินตามระเบียบ จึงไม่มีใบสำคัญจ่าย"),
    "voucher-log-not-intact": ("the log does not verify ({status}, {count} problem(s)): no voucher is printed from it "
                               "until it does",
                               "บันทึกตรวจสอบไม่ผ่าน ({status}, {count} ปัญหา) จะไม่พิมพ์ใบสำคัญจ่ายจากบันทึกนี้จนกว่าจะตรวจผ่าน"),
    "pdf-unavailable": ("PDF needs WeasyPrint and its system libraries: {detail} (pip install 'swf-rules[documents]' "
                        "and scripts/install-system-deps.sh)",
                        "การสร้าง PDF ต้องใช้ WeasyPrint และไลบรารีของระบบ: {detail} (pip install 'swf-rules[documents]' "
                        "และ scripts/install-system-deps.sh)"),
    "annual-no-year": ("the books hold nothing in fiscal year {value} (they cover {first} to {last})",
                       "บัญชีไม่มีรายการในปีงบประมาณ {value} (มีตั้งแต่ {first} ถึง {last})"),
    # --- lint: the regulation's Thai ---------------------------------------------------------------------------
    "lint-note-untranslated": ("the note '{value}' is written in one language only: the Thai document would print "
                               "it as written; give it as {{th: ..., en: ...}}",
                               "หมายเหตุ '{value}' เขียนไว้ภาษาเดียว เอกสารภาษาไทยจะพิมพ์ตามที่เขียน ให้เขียนเป็น "
                               "{{th: ..., en: ...}}"),
    "lint-condition-undescribed": ("the condition '{value}' has no description: the members' document would print "
                                   "the expression itself",
                                   "เงื่อนไข '{value}' ไม่มีคำอธิบาย (description) เอกสารของสมาชิกจะพิมพ์นิพจน์ตามที่เขียน"),
    "lint-claim-field-undescribed": ("the claim field '{value}' has no description: documents would print its name",
                                     "ช่องข้อมูลคำขอ '{value}' ไม่มีคำอธิบาย (description) เอกสารจะพิมพ์ชื่อช่องตามที่เขียน"),
}

DOCUMENTS_WARNINGS = frozenset({"lint-note-untranslated", "lint-condition-undescribed", "lint-claim-field-undescribed"})

__all__ = ["DOCUMENTS_CATALOG", "DOCUMENTS_WARNINGS"]
