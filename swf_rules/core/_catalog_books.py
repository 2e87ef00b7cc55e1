"""The problem codes of a fund's accounts and beneficiaries registers and of ``swf-rules import``: (English, Thai)
templates merged into :data:`swf_rules.core.errors.CATALOG`, kept here so that the catalogue stays one module's
size.  Each code is documented in docs/errors.md (a test checks that)."""

from __future__ import annotations

BOOKS_CATALOG: dict[str, tuple[str, str]] = {
    # --- the fund's accounts and beneficiaries (swf_rules.books.accounts, beneficiaries) ------------------------
    "ledger-account-balance-mismatch": (
        "the declared balance of account '{account}' on {date} is {declared}, but the books give {computed} "
        "(difference {difference})",
        "ยอดคงเหลือที่แจ้งของบัญชี '{account}' วันที่ {date} คือ {declared} แต่ตามบัญชีได้ {computed} (ต่างกัน {difference})"),
    "ledger-account-overdrawn": (
        "account '{account}' falls below zero on {date} ({balance}): money was spent that the books never received",
        "บัญชี '{account}' ติดลบในวันที่ {date} ({balance}): มีการจ่ายเงินที่ไม่เคยรับเข้าบัญชี"),
    "ledger-account-duplicate": (
        "the same {kind} entry as line {first_line} ({date}, {amount}, account '{account}'): recorded twice?",
        "รายการ{kind_th}เดียวกับบรรทัด {first_line} ({date}, {amount}, บัญชี '{account}') บันทึกซ้ำหรือไม่"),
    "ledger-account-duplicate-document": (
        "document number '{value}' is also used by another entry at line {first_line}",
        "เลขที่เอกสาร '{value}' ถูกใช้กับรายการอื่นแล้วที่บรรทัด {first_line}"),
    "ledger-account-no-document": ("this {kind} entry ({date}, {amount}) has no document number",
                                   "รายการ{kind_th} ({date}, {amount}) ไม่มีเลขที่เอกสาร"),
    "ledger-account-no-round": ("matching money ({kind}, {date}, {amount}) does not say which round it is for",
                                "เงินสมทบ ({kind_th}, {date}, {amount}) ไม่ได้ระบุว่าเป็นงวดหรือรอบที่เท่าใด"),
    "ledger-account-transfer-unbalanced": (
        "transfer '{value}' takes {out} out but puts {into} in: money {what}",
        "การโอน '{value}' โอนออก {out} แต่รับเข้า {into}: เงิน{what_th}"),
    "ledger-national-id-format": ("'{value}' is not a national ID (13 digits)",
                                  "'{value}' ไม่ใช่เลขประจำตัวประชาชน (13 หลัก)"),
    "ledger-national-id-checksum": ("national ID '{value}' fails its check digit (kept as written)",
                                    "เลขประจำตัวประชาชน '{value}' เลขตรวจสอบไม่ถูกต้อง (เก็บไว้ตามที่เขียน)"),
    "ledger-beneficiary-shares": ("the shares of the beneficiaries of member '{value}' {detail}",
                                  "สัดส่วนของผู้รับผลประโยชน์ของสมาชิก '{value}' {detail_th}"),
    # --- importing a fund's books (swf_rules.books.importer) ------------------------------------------------------
    "import-needs-openpyxl": ("reading or writing .xlsx workbooks needs openpyxl, which is not installed",
                              "การอ่านหรือเขียนไฟล์ .xlsx ต้องใช้ openpyxl ซึ่งยังไม่ได้ติดตั้ง"),
    "import-not-a-workbook": ("this file cannot be read as an .xlsx workbook: {detail}",
                              "อ่านไฟล์นี้เป็นสมุดงาน .xlsx ไม่ได้: {detail}"),
    "import-unknown-format": ("'{value}' is neither an .xlsx workbook, a .csv file nor a folder of them",
                              "'{value}' ไม่ใช่สมุดงาน .xlsx ไฟล์ .csv หรือโฟลเดอร์ของไฟล์เหล่านั้น"),
    "import-unknown-encoding": (
        "the file's encoding cannot be told (neither UTF-8 nor Thai cp874/TIS-620): byte {byte}",
        "บอกไม่ได้ว่าไฟล์เข้ารหัสแบบใด (ไม่ใช่ UTF-8 และไม่ใช่ภาษาไทย cp874/TIS-620): ไบต์ {byte}"),
    "import-bad-encoding": ("byte {byte} is not {encoding} text", "ไบต์ {byte} ไม่ใช่ข้อความแบบ {encoding}"),
    "import-missing-sheet": ("the workbook has no sheet '{value}'", "สมุดงานไม่มีแผ่นงาน '{value}'"),
    "import-missing-source": ("nothing in the source holds the {kind} register (looked for {expected})",
                              "ไม่พบ{kind_th}ในข้อมูลที่นำเข้า (ค้นหา {expected})"),
    "import-missing-header": ("no header row: row {value} is empty", "ไม่มีแถวหัวตาราง: แถวที่ {value} ว่าง"),
    "import-unmapped-value": ("'{value}' is not a value {field} can take", "'{value}' ไม่ใช่ค่าที่ {field} รับได้"),
    "import-date-format": ("'{value}' is not a date written {format}", "'{value}' ไม่ใช่วันที่ในรูปแบบ {format}"),
    "import-calendar-contradiction": (
        "'{value}' has year {year}, which contradicts the declared calendar ({calendar})",
        "'{value}' มีปี {year} ซึ่งขัดกับปฏิทินที่ประกาศไว้ ({calendar_th})"),
    "import-bad-serial": ("{value} is not an Excel date serial number between {low} and {high}",
                          "{value} ไม่ใช่เลขลำดับวันที่ของ Excel ระหว่าง {low} ถึง {high}"),
    "import-number-cell": ("{value} is a number here; {field} must be written as text",
                           "{value} เป็นตัวเลข แต่ {field} ต้องเขียนเป็นข้อความ"),
    "import-not-mapped": ("the mapping gives no column for required field '{field}'",
                          "การจับคู่คอลัมน์ไม่ได้ระบุคอลัมน์ของฟิลด์ที่ต้องมี '{field}'"),
}

# notices: the books still load (severity "warning")
BOOKS_WARNINGS: frozenset[str] = frozenset({
    "ledger-account-balance-mismatch", "ledger-account-overdrawn", "ledger-account-duplicate",
    "ledger-account-duplicate-document", "ledger-account-no-document", "ledger-account-no-round",
    "ledger-account-transfer-unbalanced", "ledger-national-id-checksum",
})

# the reports' codes (swf_rules.reports) are kept in their own module and merged here
from ._catalog_reports import REPORTS_CATALOG  # noqa: E402

BOOKS_CATALOG.update(REPORTS_CATALOG)
