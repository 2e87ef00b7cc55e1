"""The published workbook template (แบบบันทึกบัญชีกองทุน): a Thai workbook a fund with no accounting program can
fill, and that ``swf-rules import`` reads with no mapping.

Sheets, in order: คำอธิบาย (how to fill it in, in Thai), สมาชิก (members), เงินสัจจะ (contributions),
จ่ายสวัสดิการ (payouts), รายรับอื่น (other income, opening balances, matching money, transfers in),
รายจ่าย (expenses, transfers out), ผู้รับผลประโยชน์ (beneficiaries).  Dates are B.E. ``dd/mm/yyyy`` (or the
workbook's own date cells), periods ``mm/yyyy``; a member's status is a Thai word (ปกติ, ลาออก, พ้นสภาพ,
เสียชีวิต, ให้ออก); account kinds are their Thai names (:data:`~swf_rules.books.accounts.ACCOUNT_KINDS`).
:data:`TEMPLATE_MAPPING` is the mapping that reads it; :func:`template_book` writes the empty workbook.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from ..accounts import ACCOUNT_KINDS
from ._xlsx import write_workbook
from .mapping import ImportMapping, TableSpec

# sheet -> (register, [(header, canonical field)], column width)
SHEETS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "สมาชิก": ("members", [("เลขที่สมาชิก", "member_id"), ("วันเกิด", "birth_date"), ("เพศ", "sex"),
                          ("วันที่เป็นสมาชิก", "joined"), ("สถานะ", "status"), ("วันที่พ้นสมาชิก", "left"),
                          ("วันที่เสียชีวิต", "died_on")]),
    "เงินสัจจะ": ("contributions", [("เลขที่สมาชิก", "member_id"), ("วันที่ส่ง", "date"), ("งวด", "covers"),
                                  ("จำนวนเงิน", "amount")]),
    "จ่ายสวัสดิการ": ("payouts", [("เลขที่ใบสำคัญจ่าย", "payout_id"), ("เลขที่สมาชิก", "member_id"),
                                 ("สวัสดิการ", "benefit"), ("วันที่เกิดเหตุ", "event_date"),
                                 ("วันที่สิ้นสุด", "end_date"), ("วันที่ยื่นคำขอ", "filed_on"),
                                 ("วันที่จ่าย", "paid_on"), ("จำนวนหน่วย", "units"), ("จำนวนบุตร", "children"),
                                 ("จำนวนเงิน", "amount"), ("รหัสเหตุการณ์", "event_ref")]),
    "รายรับอื่น": ("accounts", [("วันที่", "date"), ("เลขที่เอกสาร", "doc_no"), ("ประเภท", "kind"),
                               ("งวดที่", "round"), ("รับจาก", "counterparty"), ("บัญชี", "account"),
                               ("จำนวนเงิน", "amount"), ("หมายเหตุ", "note")]),
    "รายจ่าย": ("accounts", [("วันที่", "date"), ("เลขที่เอกสาร", "doc_no"), ("ประเภท", "kind"),
                            ("จ่ายให้", "counterparty"), ("บัญชี", "account"), ("จำนวนเงิน", "amount"),
                            ("หมายเหตุ", "note")]),
    "ผู้รับผลประโยชน์": ("beneficiaries", [("เลขที่สมาชิก", "member_id"), ("ชื่อ-สกุล", "name"),
                                         ("ความสัมพันธ์", "relationship"), ("เลขประจำตัวประชาชน", "national_id"),
                                         ("สัดส่วน", "share")]),
}
INSTRUCTIONS_SHEET = "คำอธิบาย"
INCOME_KINDS = tuple(k for k, v in ACCOUNT_KINDS.items() if v.sign > 0) + ("balance",)
EXPENSE_KINDS = tuple(k for k, v in ACCOUNT_KINDS.items() if v.sign < 0) + ("balance",)

INSTRUCTIONS = [
    "แบบบันทึกบัญชีกองทุนสวัสดิการชุมชน สำหรับนำเข้าด้วยคำสั่ง swf-rules import (ไม่ต้องใช้ไฟล์จับคู่คอลัมน์)",
    "",
    "วิธีกรอก",
    "1. กรอกแต่ละแผ่นงานตามหัวคอลัมน์ในแถวที่ 1 หนึ่งแถวต่อหนึ่งรายการ ห้ามเปลี่ยนชื่อแผ่นงานหรือหัวคอลัมน์",
    "2. วันที่เขียนเป็น วว/ดด/ปปปป พุทธศักราช เช่น 01/10/2562 หรือใช้ช่องวันที่ของโปรแกรมตารางคำนวณ",
    "   วันเกิด วันที่เป็นสมาชิก วันที่พ้นสมาชิก และวันที่เสียชีวิต ที่ทราบแต่ปี ให้เขียนปีอย่างเดียว เช่น 2490",
    "3. งวดของเงินสัจจะเขียนเป็น ดด/ปปปป เช่น 10/2562 (ส่งรายปีเขียนปีอย่างเดียว)",
    "4. จำนวนเงินเป็นบาท ใช้เลขไทยหรือเลขอารบิกก็ได้ มีจุลภาคคั่นหลักพันได้ เช่น 1,250.50",
    "5. เพศ: ชาย หรือ หญิง   สถานะสมาชิก: ปกติ ลาออก พ้นสภาพ เสียชีวิต ให้ออก (ถ้าไม่ใช่ปกติ ต้องมีวันที่พ้นสมาชิก)",
    "6. สวัสดิการ: เขียนรหัสสวัสดิการตามระเบียบของกองทุน เช่น birth hospital death",
    "7. รายรับอื่นและรายจ่าย: ประเภทเขียนตามรายการด้านล่าง ทุกรายการต้องมีเลขที่เอกสาร",
    "   เงินสมทบจาก อปท. และจากรัฐบาล ต้องระบุงวดที่   บัญชี: เงินสด หรือ ธนาคาร",
    "   การโอนระหว่างเงินสดกับธนาคาร บันทึกสองแถวด้วยเลขที่เอกสารเดียวกัน: โอนออก (รายจ่าย) และโอนเข้า (รายรับอื่น)",
    "   ยอดคงเหลือตามสมุดบัญชีธนาคารหรือเงินสดที่นับได้ บันทึกเป็นประเภท ยอดคงเหลือ เพื่อตรวจสอบว่าบัญชีตรงกัน",
    "8. ผู้รับผลประโยชน์: เลขประจำตัวประชาชน 13 หลัก สัดส่วนเขียนเป็น 1/2 หรือ 50% (ไม่ระบุ = แบ่งเท่ากัน)",
    "",
    "ประเภทรายรับอื่น: " + ", ".join(ACCOUNT_KINDS[k].th for k in INCOME_KINDS),
    "ประเภทรายจ่าย: " + ", ".join(ACCOUNT_KINDS[k].th for k in EXPENSE_KINDS),
    "",
    "ห้ามใส่ข้อมูลส่วนบุคคลที่ไม่จำเป็น เงินสมทบจากสมาชิกไม่ใช่เงินออมของสมาชิก",
]


def template_mapping(calendar: str = "buddhist") -> ImportMapping:
    """The mapping that reads a filled template (a workbook, or a folder of its sheets saved as ``<sheet>.csv``)."""
    tables = []
    for sheet, (kind, cols) in SHEETS.items():
        tables.append(TableSpec(kind, sheet=sheet, columns={f: h for h, f in cols}, optional=kind in
                                ("accounts", "beneficiaries")))
    return ImportMapping(calendar=calendar, tables=tables)


def template_rows(rows: dict[str, Iterable[list[Any]]] | None = None, extra: dict[str, list[str]] | None = None
                  ) -> list[tuple[str, list[str], Any, list[float]]]:
    """The template's sheets with their headers (and ``extra`` headers after them, such as a payout's
    ``details.<field>``) and the given rows (sheet name -> rows in header order)."""
    rows = rows or {}
    extra = extra or {}
    out: list[tuple[str, list[str], Any, list[float]]] = [
        (INSTRUCTIONS_SHEET, [], ([line] for line in INSTRUCTIONS), [120.0])]
    for sheet, (_kind, cols) in SHEETS.items():
        head = [h for h, _ in cols] + extra.get(sheet, [])
        out.append((sheet, head, rows.get(sheet, ()), [max(12.0, 2.0 + len(h) * 1.4) for h in head]))
    return out


def shipped_template() -> bytes:
    """The template workbook shipped with the package (``template.xlsx``: what :func:`template_book` writes with no
    rows; a test keeps them equal).  Needs no openpyxl."""
    from importlib.resources import files
    return (files(__package__) / "template.xlsx").read_bytes()


def template_book(path: str | Path, rows: dict[str, Iterable[list[Any]]] | None = None,
                  extra: dict[str, list[str]] | None = None) -> bytes:
    """The template workbook's bytes (empty, or with ``rows``); the same bytes on every run."""
    return write_workbook(Path(path), template_rows(rows, extra), {"title": "แบบบันทึกบัญชีกองทุนสวัสดิการชุมชน"})
