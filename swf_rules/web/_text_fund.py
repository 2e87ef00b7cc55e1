"""The words of the workbench's fund pages (status, member review, passbook, import, sustainability), Thai first:
key -> (Thai, English), merged into :data:`._text.TEXT` so that every template's ``t("key")`` finds them."""

from __future__ import annotations

FUND_TEXT: dict[str, tuple[str, str]] = {
    # tasks
    "task_review": ("ทบทวนสมาชิก", "Member review"),
    "task_review_d": ("สมาชิกที่ค้างส่ง ใกล้พ้นสภาพ พ้นสภาพหรือเสียชีวิตแต่ทะเบียนยังไม่ปิด และสมุดบัญชีของสมาชิกแต่ละคน",
                      "Members in arrears, about to lapse, lapsed or dead but still on the register, and each "
                      "member's passbook"),
    "task_import": ("นำเข้าบัญชีกองทุน", "Import the fund's books"),
    "task_import_d": ("ส่งไฟล์บัญชีของกองทุน (Excel หรือ CSV) ตรวจหาข้อผิดพลาด แล้วใช้ดูสถานะ ทบทวนสมาชิก และคำนวณร่างระเบียบ",
                      "Send the fund's books (Excel or CSV), see their problems, then use them for the status, the "
                      "review and pricing a draft"),
    # the books selector
    "imported_from": ("นำเข้าจาก {what}", "imported from {what}"),
    "import_link": ("นำเข้าบัญชีกองทุน", "Import the fund's books"),
    # status
    "status_help": ("ตัวเลขสถานะกองทุนตามแบบรายงาน พอช. จากบัญชีของกองทุน แยกรายปีงบประมาณและสะสม ณ วันที่เลือก",
                    "The fund-status figures of the CODI form, from the fund's books, per fiscal year and in all, on "
                    "the date chosen"),
    "status_title": ("สถานะ{name} ณ วันที่ {day} (ปีงบประมาณ {fy})", "Status of the {name} on {day} (fiscal year {fy})"),
    "balance_title": ("ยอดเงินคงเหลือ", "Balance"),
    "no_accounts": ("บัญชีนี้ไม่มีทะเบียนบัญชีรับ-จ่าย ยอดคงเหลือคิดจากเงินสัจจะหักสวัสดิการที่จ่าย: {amount} บาท",
                    "The books have no accounts register; the balance is the contributions less the welfare paid: "
                    "{amount} baht"),
    "beneficiaries": ("ผู้รับผลประโยชน์", "Beneficiaries"),
    "members_naming": ("สมาชิกที่ระบุผู้รับผลประโยชน์", "Members naming beneficiaries"),
    "beneficiaries_named": ("ผู้รับผลประโยชน์ทั้งหมด", "Beneficiaries named"),
    "naming_none": ("สมาชิกปัจจุบันที่ยังไม่ระบุ", "Current members naming none"),
    "notices_title": ("ข้อสังเกตจากบัญชี ({n})", "Notices in the books ({n})"),
    "no_notices": ("ไม่มีข้อสังเกต", "No notices"),
    "download_as": ("ดาวน์โหลด:", "Download:"),
    # review
    "review_help": ("สิ่งที่คณะกรรมการควรดำเนินการ รายสมาชิก พร้อมข้อของระเบียบที่ใช้ คลิกเลขที่สมาชิกเพื่อดูสมุดบัญชี",
                    "What the committee should act on, member by member, with the clause that applies; click a "
                    "member number to see the passbook"),
    "review_title": ("ทบทวนสมาชิก{name} ณ วันที่ {day}", "Member review of the {name} on {day}"),
    "passbook_of": ("ดูสมุดบัญชีของสมาชิกเลขที่", "Passbook of member number"),
    "open_passbook": ("เปิดสมุดบัญชี", "Open the passbook"),
    "review_kind": ("เรื่อง", "What"),
    "review_count": ("จำนวน", "How many"),
    "no_beneficiaries_register": ("บัญชีนี้ไม่มีทะเบียนผู้รับผลประโยชน์ จึงไม่ได้ตรวจเรื่องผู้รับผลประโยชน์",
                                  "The books have no beneficiaries register: beneficiaries were not checked"),
    "review_clear": ("ไม่มีเรื่องที่ต้องดำเนินการ", "Nothing to act on"),
    "review_what": ("รายละเอียด", "What the books show"),
    "clause": ("ข้อ", "Clause"),
    "review_action": ("สิ่งที่ควรทำ", "What to do"),
    "rows_cut": ("แสดง {shown} จาก {n} รายการ ดาวน์โหลด CSV เพื่อดูทั้งหมด", "{shown} of {n} shown; download the CSV "
                 "for all"),
    # passbook
    "passbook": ("สมุดบัญชีสมาชิก", "Member's passbook"),
    "passbook_help": ("ทุกงวดที่ส่ง ส่งช้า หรือขาด และทุกครั้งที่ได้รับสวัสดิการ ณ วันที่เลือก",
                      "Every instalment paid, paid late or missed, and every payout, on the date chosen"),
    "back_to_review": ("กลับไปหน้าทบทวนสมาชิก", "Back to the member review"),
    "passbook_title": ("สมุดบัญชีสมาชิกเลขที่ {member} {name} ณ วันที่ {day}",
                       "Passbook of member {member}, {name}, on {day}"),
    "birth_date": ("เกิด", "Born"),
    "sex": ("เพศ", "Sex"),
    "status_on": ("สถานะ ณ วันที่ {day}", "Status on {day}"),
    "in_arrears": ("ค้างส่ง {n} งวด", "{n} instalments in arrears"),
    "mark_paid": ("ส่งตรงเวลา", "Paid on time"),
    "mark_late": ("ส่งช้า", "Paid late"),
    "mark_missed": ("ขาดส่ง", "Missed"),
    "unit_instalments": ("งวด", "instalments"),
    "contributed": ("เงินสัจจะที่ส่งแล้ว", "Contributed"),
    "received_total": ("รับสวัสดิการแล้ว", "Benefits received"),
    "spell": ("ช่วงที่ {n}: เป็นสมาชิกตั้งแต่ {start}", "Spell {n}: member from {start}"),
    "spell_end": ("ถึง {end}", "to {end}"),
    "lapsed_on": ("พ้นสภาพเพราะขาดส่งตั้งแต่ {day}", "Membership lapsed on {day}"),
    "period": ("งวด", "Period"),
    "deadline": ("กำหนดส่ง", "Deadline"),
    "paid_on": ("วันที่ส่ง/จ่าย", "Paid on"),
    "mark": ("ผล", "Mark"),
    "fiscal_year": ("ปีงบประมาณ", "Fiscal year"),
    "grid_legend": ("✓ = ส่งตรงเวลา, ช้า = ส่งหลังกำหนด, ขาด = ไม่ได้ส่ง, ○ = ยังไม่ถึงกำหนด (ชี้ที่ช่องเพื่อดูวันที่ส่ง)",
                    "✓ = paid on time, late = paid after the deadline, missed = not paid, ○ = not yet due (point "
                    "at a cell for the day paid)"),
    "instalment_list": ("ทุกงวดพร้อมวันที่ ({n} งวด)", "Every instalment with its dates ({n})"),
    "other_payments": ("เงินที่ส่งนอกงวดข้างต้น", "Other payments"),
    "payouts_received": ("การรับสวัสดิการ", "Payouts"),
    # import
    "import_help": ("ส่งบัญชีของกองทุนตามแบบบันทึกบัญชีกองทุน (สมุดงาน Excel หรือแต่ละแผ่นงานเป็นไฟล์ CSV) "
                    "โปรแกรมตรวจทุกแถวและบอกตำแหน่งที่ผิด บัญชีที่นำเข้าใช้ได้ในหน้าสถานะ ทบทวนสมาชิก "
                    "ถ้าแก้ระเบียบ และตัดสินคำขอ จนกว่าจะปิดโปรแกรม",
                    "Send the fund's books in the published template (an Excel workbook, or its sheets as CSV "
                    "files). Every row is checked and each problem located; the imported books can be used for the "
                    "status, the review, what if and deciding a claim until the program stops"),
    "import_template": ("ดาวน์โหลดแบบบันทึกบัญชีกองทุน (เปล่า)", "Download the blank template workbook"),
    "import_workbook": ("สมุดงาน Excel (.xlsx)", "An Excel workbook (.xlsx)"),
    "import_no_openpyxl": ("เครื่องนี้ยังอ่านไฟล์ .xlsx ไม่ได้ (ติดตั้ง swf-rules[xlsx]) ให้ส่งเป็นไฟล์ CSV แทน",
                           "This computer cannot read .xlsx files yet (install swf-rules[xlsx]); send CSV files "
                           "instead"),
    "import_csv": ("หรือ แต่ละแผ่นงานเป็นไฟล์ CSV", "Or each sheet as a CSV file"),
    "import_csv_help": ("หัวคอลัมน์ตามแบบบันทึกบัญชี ภาษาไทยแบบ Windows (TIS-620/cp874) หรือ UTF-8 ก็ได้",
                        "Headers as in the template; Thai Windows (TIS-620/cp874) or UTF-8 text"),
    "optional": ("ถ้ามี", "if any"),
    "part_members": ("ทะเบียนสมาชิก", "the members"),
    "part_contributions": ("เงินสัจจะ", "contributions"),
    "part_payouts": ("การจ่ายสวัสดิการ", "payouts"),
    "part_income": ("รายรับอื่น", "other income"),
    "part_expenses": ("รายจ่าย", "expenses"),
    "part_beneficiaries": ("ผู้รับผลประโยชน์", "beneficiaries"),
    "encoding": ("การเข้ารหัสตัวอักษร", "Text encoding"),
    "encoding_auto": ("ให้โปรแกรมตรวจเอง", "detect"),
    "encoding_utf-8": ("UTF-8", "UTF-8"),
    "encoding_cp874": ("ภาษาไทย Windows (cp874)", "Thai Windows (cp874)"),
    "encoding_tis-620": ("TIS-620", "TIS-620"),
    "skip_bad_rows": ("ข้ามแถวที่ผิดแล้วนำเข้าส่วนที่เหลือ", "Leave out the bad rows and import the rest"),
    "import_button": ("ตรวจและนำเข้า", "Check and import"),
    "import_privacy": ("ไฟล์ที่ส่งอยู่ในเครื่องนี้เท่านั้น และถูกลบเมื่อปิดโปรแกรม",
                       "The files stay on this computer and are removed when the program stops"),
    "import_failed": ("นำเข้าไม่ได้: พบปัญหา {n} ข้อ (ยังไม่ได้นำเข้าสิ่งใด)",
                      "Not imported: {n} problems (nothing was imported)"),
    "import_done": ("นำเข้าแล้ว ชื่อบัญชี {name}", "Imported as {name}"),
    "register": ("ทะเบียน", "Register"),
    "rows": ("จำนวนแถว", "Rows"),
    "register_members": ("ทะเบียนสมาชิก", "members"),
    "register_contributions": ("เงินสัจจะ", "contributions"),
    "register_payouts": ("การจ่ายสวัสดิการ", "payouts"),
    "register_accounts": ("รายรับ-รายจ่ายอื่น", "accounts"),
    "register_beneficiaries": ("ผู้รับผลประโยชน์", "beneficiaries"),
    "import_next": ("ใช้บัญชีนี้:", "Use these books:"),
    "import_skipped": ("แถวที่ข้าม ({n})", "Rows left out ({n})"),
    "imported_books": ("บัญชีที่นำเข้าในครั้งนี้", "Books imported in this session"),
    # sustainability (what if)
    "sustain_legend": ("ความยั่งยืนของกองทุน", "The fund's sustainability"),
    "sustain_check": ("จำลองเงินกองทุนล่วงหน้า ทั้งตามระเบียบเดิมและตามร่าง", "Project the fund's money ahead, under "
                      "the current regulation and under the draft"),
    "years_ahead": ("ปีข้างหน้า", "years ahead"),
    "simulations": ("ครั้งที่จำลอง", "simulations"),
    "sustain_title": ("ความยั่งยืนของกองทุนใน {years} ปีข้างหน้า", "The fund over the next {years} years"),
    "sustain_headline": ("ตามร่างนี้ โอกาสที่เงินกองทุนติดลบภายใน {years} ปี {chance} (ระเบียบเดิม {chance_now}) "
                         "ปีที่เงินหมด: {year} (ระเบียบเดิม: {year_now})",
                         "Under the draft the chance of running out within {years} years is {chance} (now "
                         "{chance_now}); year of exhaustion: {year} (now: {year_now})"),
    "side_current": ("ระเบียบเดิม", "Current regulation"),
    "side_draft": ("ตามร่าง", "Draft"),
    "chance_negative": ("โอกาสที่เงินกองทุนติดลบภายใน {years} ปี", "Chance of running out within {years} years"),
    "exhaustion_year": ("ปีงบประมาณที่เงินหมด (ค่ากลาง)", "Fiscal year of exhaustion (median)"),
    "deficit_year": ("ปีงบประมาณที่จ่ายมากกว่ารับครั้งแรก (ค่ากลาง)", "Fiscal year payouts first exceed income (median)"),
    "not_within": ("ไม่เกิดภายใน {years} ปี", "not within {years} years"),
    "not_exhausted": ("ไม่หมดภายใน {years} ปี", "not within {years} years"),
    "median_end": ("ยอดเงินปลายปีที่ {years} (ค่ากลาง, บาท)", "Median balance after {years} years (baht)"),
    "sustain_note": ("จำลอง {n} ครั้ง (ค่าตั้งต้นการสุ่ม {seed}) จากยอดเงินเริ่มต้น {start} บาท "
                     "ด้วยอัตราการเข้า ออก เสียชีวิต และขอรับสวัสดิการจากประวัติของกลุ่มสมาชิกนี้ "
                     "ผลเหมือนเดิมทุกครั้ง (เท่ากับ swf-rules impact --project)",
                     "{n} simulations (seed {seed}) from a balance of {start} baht, with the joining, leaving, "
                     "death and claim rates of these members' own history; the same every time (as swf-rules "
                     "impact --project)"),
}

__all__ = ["FUND_TEXT"]
