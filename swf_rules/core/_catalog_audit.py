"""The problem codes of the decision log (``swf_rules.audit.decision_log``, ``checkpoints``) and of output files:
(English, Thai) templates merged into :data:`swf_rules.core.errors.CATALOG`, kept here so that the catalogue stays
one module's size.  Each code is documented in docs/errors.md (a test checks that)."""

from __future__ import annotations

AUDIT_CATALOG: dict[str, tuple[str, str]] = {
    "log-record-unreadable": ("record at line {line_no} is not a decision record: {detail}",
                              "บรรทัด {line_no} ไม่ใช่บันทึกการตัดสิน: {detail}"),
    "log-record-edited": ("record {value} was altered: {detail}", "บันทึกที่ {value} ถูกแก้ไข: {detail}"),
    "log-record-deleted": ("record {value} is missing (deleted){detail}", "บันทึกที่ {value} หายไป (ถูกลบ){detail}"),
    "log-record-inserted": ("the record at line {line_no} was inserted: {detail}",
                            "บันทึกที่บรรทัด {line_no} ถูกแทรกเข้ามา: {detail}"),
    "log-record-reordered": ("record {value} is out of order: {detail}", "บันทึกที่ {value} อยู่ผิดลำดับ: {detail}"),
    "log-head-mismatch": ("the log ends at record {value} with hash {found}; expected {expected}",
                          "บันทึกสิ้นสุดที่รายการ {value} ค่าแฮช {found} แต่ควรเป็น {expected}"),
    "log-record-duplicate-key": ("record at line {line_no} was tampered with: {detail}",
                                 "บันทึกที่บรรทัด {line_no} ถูกแก้ไข: {detail}"),
    "log-record-not-canonical": ("record at line {line_no} is not the bytes that were hashed: {detail}",
                                 "บันทึกที่บรรทัด {line_no} ไม่ใช่ไบต์ชุดเดียวกับที่คำนวณแฮชไว้: {detail}"),
    "log-torn-tail": ("the log ends with {value} bytes of an unfinished record (an append was interrupted); "
                      "nothing can be appended until `swf-rules log repair` cuts them off and records what it cut",
                      "ท้ายไฟล์มีบันทึกที่เขียนไม่เสร็จ {value} ไบต์ (การบันทึกถูกขัดจังหวะ) จะบันทึกต่อไม่ได้จนกว่าจะสั่ง "
                      "`swf-rules log repair` ตัดส่วนนั้นออกและบันทึกสิ่งที่ตัดไว้"),
    "log-garbage-tail": ("the log ends with {value} bytes that are not a record and no newline (bytes appended "
                         "after the last record)",
                         "ท้ายไฟล์มีข้อมูล {value} ไบต์ที่ไม่ใช่บันทึกและไม่มีการขึ้นบรรทัดใหม่ (มีผู้เขียนต่อท้ายบันทึกสุดท้าย)"),
    "log-count-mismatch": ("the log ends at record {value}; expected {expected} records",
                           "บันทึกสิ้นสุดที่รายการ {value} แต่ควรมี {expected} รายการ"),
    "log-not-a-decision": ("record {value} is a {kind} record, not a decision", "บันทึกที่ {value} เป็นบันทึกประเภท {kind} "
                           "ไม่ใช่การตัดสิน"),
    "log-not-intact": ("the log does not verify ({status}, {count} problem(s)): it is not signed",
                       "บันทึกตรวจสอบไม่ผ่าน ({status}, {count} ปัญหา) จึงไม่ลงนามรับรอง"),
    "log-empty": ("the log has no record to sign", "บันทึกยังไม่มีรายการให้ลงนามรับรอง"),
    "log-key-unreadable": ("not a usable {kind} key: {detail}", "ใช้กุญแจ ({kind}) นี้ไม่ได้: {detail}"),
    "log-no-checkpoint": ("no signed checkpoint found: with --key, the log must have been signed at least once "
                          "(`swf-rules log checkpoint`)",
                          "ไม่พบจุดลงนามรับรอง เมื่อระบุ --key บันทึกต้องเคยลงนามรับรองอย่างน้อยหนึ่งครั้ง (`swf-rules log checkpoint`)"),
    "log-checkpoint-unreadable": ("this checkpoint cannot be read: {detail}", "อ่านจุดลงนามรับรองนี้ไม่ได้: {detail}"),
    "log-checkpoint-bad-signature": ("the checkpoint of record {value} is not signed by this key (key {key}): "
                                     "forged, altered, or signed with another key",
                                     "จุดลงนามรับรองของบันทึกที่ {value} ไม่ได้ลงนามด้วยกุญแจนี้ (กุญแจ {key}): "
                                     "ปลอม ถูกแก้ไข หรือใช้กุญแจอื่น"),
    "log-checkpoint-mismatch": ("record {value} (line {log_line}) has hash {found}, but the checkpoint signed on "
                                "{signed_at} says {expected}: the log was rewritten up to a signed record",
                                "บันทึกที่ {value} (บรรทัด {log_line}) มีแฮช {found} แต่จุดที่ลงนามเมื่อ {signed_at} ระบุ "
                                "{expected}: บันทึกถูกเขียนใหม่จนถึงรายการที่ลงนามแล้ว"),
    "log-cut-before-checkpoint": ("a checkpoint signed on {signed_at} vouches for record {value}, but the log ends "
                                  "at record {count}: it was cut back",
                                  "จุดที่ลงนามเมื่อ {signed_at} รับรองบันทึกที่ {value} แต่บันทึกสิ้นสุดที่รายการ {count}: "
                                  "ถูกตัดทิ้ง"),
    "output-exists": ("the output file already exists; it is not overwritten", "มีไฟล์นี้อยู่แล้ว จะไม่เขียนทับ"),
    "output-parent-missing": ("the folder {value} does not exist", "ไม่มีโฟลเดอร์ {value}"),
    "log-no-record": ("the log has no record {value} (it has {count})", "ไม่มีบันทึกที่ {value} (มีทั้งหมด {count})"),
    "log-unknown-fingerprint": ("no regulation found has version fingerprint {value}",
                                "ไม่พบระเบียบที่มีลายนิ้วมือ {value}"),
    "output-not-a-folder": ("{value} exists and is not a folder; a folder is expected here",
                            "{value} มีอยู่แล้วแต่ไม่ใช่โฟลเดอร์ ตำแหน่งนี้ต้องเป็นโฟลเดอร์"),
    "output-is-a-folder": ("{value} is a folder; a file name is expected here",
                           "{value} เป็นโฟลเดอร์ ตำแหน่งนี้ต้องเป็นชื่อไฟล์"),
    "output-parent-not-a-folder": ("{value} is a file, so nothing can be written under it",
                                   "{value} เป็นไฟล์ จึงเขียนสิ่งใดไว้ภายใต้ไม่ได้"),
    "output-special-file": ("{value} is not a regular file (a device or a pipe); outputs are written to regular "
                            "files only", "{value} ไม่ใช่ไฟล์ธรรมดา (เป็นอุปกรณ์หรือไปป์) เขียนผลลัพธ์ได้เฉพาะไฟล์ธรรมดา"),
    "output-unwritable": ("cannot write here: {detail}", "เขียนที่นี่ไม่ได้: {detail}"),
    "system-error": ("the system refused: {detail}", "ระบบปฏิเสธการทำงาน: {detail}"),
}
