"""The workbench's words, Thai first: key -> (Thai, English).  Templates call ``t("key")``."""

from __future__ import annotations

from typing import Callable

TEXT: dict[str, tuple[str, str]] = {
    "app": ("โต๊ะทำงานคณะกรรมการกองทุนสวัสดิการชุมชน", "Community welfare fund committee workbench"),
    "switch": ("English", "ภาษาไทย"),
    "home": ("หน้าแรก", "Home"),
    "funds": ("กองทุนที่เปิดอยู่", "Funds"),
    "choose_fund": ("เลือกกองทุนที่ต้องการทำงาน", "Choose the fund to work on"),
    "versions": ("ฉบับ", "versions"),
    "invalid_file": ("ไฟล์ระเบียบนี้มีปัญหา {n} ข้อ เปิดหน้าแก้ไขเพื่อดูและแก้", "This regulation file has {n} "
                     "problems; open the editor to see and fix them"),
    "read_only_note": ("ระเบียบตัวอย่างที่มากับโปรแกรม: ดูและลองแก้ได้ แต่บันทึกทับไม่ได้ (เริ่มด้วย swf-rules serve "
                       "--regulations โฟลเดอร์ของกองทุน เพื่อบันทึก)",
                       "Bundled example regulation: you can look and try changes, not save (start swf-rules serve "
                       "--regulations YOUR_FOLDER to save)"),
    "synthetic_note": ("บัญชีตัวอย่างสร้างขึ้นโดยโปรแกรม (ข้อมูลสังเคราะห์ ไม่ใช่บุคคลจริง)",
                       "Example books made up by the program (synthetic, no real person)"),
    # tasks
    "task_editor": ("แก้ไขระเบียบ", "Edit the regulation"),
    "task_editor_d": ("พิมพ์แก้ระเบียบ โปรแกรมตรวจให้ทันทีว่าผิดตรงบรรทัดไหน แล้วบันทึก",
                      "Type changes; mistakes are shown beside their line at once; then save"),
    "task_cases": ("ทดสอบกรณีตัวอย่าง", "Run the committee's cases"),
    "task_cases_d": ("ตรวจว่าระเบียบให้ผลตรงกับที่คณะกรรมการคาดไว้ในแต่ละกรณี",
                     "Check the regulation gives what the committee expects in each case"),
    "task_whatif": ("ถ้าแก้ระเบียบแล้วจะจ่ายเท่าไร", "What if: the cost of a draft"),
    "task_whatif_d": ("ลองร่างใหม่กับสมาชิกของกองทุน ดูว่าจ่ายเพิ่มหรือลดเท่าไร ใครได้รับผล",
                      "Price a draft against the fund's members: how much more or less, and who changes"),
    "task_decide": ("ตัดสินคำขอรับสวัสดิการ", "Decide a claim"),
    "task_decide_d": ("ค้นหาสมาชิก กรอกคำขอ ดูผลพร้อมเหตุผลภาษาไทย และพิมพ์ใบสำคัญจ่าย",
                      "Find the member, fill in the claim, see the result with its reasons, print a voucher"),
    "task_status": ("สถานะกองทุน", "Fund status"),
    "task_status_d": ("จำนวนสมาชิก เงินสัจจะ เงินสมทบจากรัฐ และการจ่ายสวัสดิการ ณ วันที่เลือก",
                      "Members, contributions, government matching and payouts on a date"),
    "task_annual": ("รายงานประจำปี", "Annual report"),
    "task_annual_d": ("รายงานต่อที่ประชุมใหญ่สมาชิก: สมาชิก การเงิน สวัสดิการที่จ่าย มติคณะกรรมการ และความยั่งยืนของกองทุน",
                      "For the members' meeting: members, money, welfare paid, the committee's decisions, sustainability"),
    "task_print": ("พิมพ์ระเบียบ", "Print the regulation"),
    "task_print_d": ("ระเบียบฉบับพิมพ์สำหรับที่ประชุมสมาชิก (A4)", "The regulation as the document members vote on"),
    # editor
    "file": ("ไฟล์", "File"),
    "save": ("บันทึก", "Save"),
    "saved": ("บันทึกแล้ว ฉบับก่อนหน้าเก็บไว้ที่", "Saved; the previous version is kept in"),
    "not_saved": ("ยังไม่ได้บันทึก", "Not saved"),
    "checking": ("กำลังตรวจ…", "Checking…"),
    "valid": ("ถูกต้อง ไม่พบปัญหา", "Valid: no problems"),
    "n_problems": ("พบปัญหา", "Problems"),
    "line": ("บรรทัด", "line"),
    "col": ("คอลัมน์", "col"),
    "whole_file": ("ทั้งไฟล์", "whole file"),
    "fix": ("แก้ไข", "fix"),
    "run_cases_draft": ("ทดสอบกรณีกับร่างนี้", "Run the cases on this draft"),
    "price_draft": ("คำนวณผลกระทบของร่างนี้", "Price this draft"),
    "download": ("ดาวน์โหลดร่าง", "Download the draft"),
    "editor_help": ("พิมพ์ในช่องด้านซ้าย ปัญหาจะขึ้นข้างบรรทัดที่ผิดภายในไม่ถึงวินาที คลิกที่ปัญหาเพื่อไปยังบรรทัดนั้น",
                    "Type on the left; problems appear beside their line within a second. Click a problem to go "
                    "to its line."),
    # cases
    "cases_result": ("ผลการทดสอบ", "Result"),
    "passed": ("ผ่าน", "passed"),
    "failed": ("ไม่ผ่าน", "failed"),
    "all_passed": ("ทุกกรณีให้ผลตรงกับที่คณะกรรมการคาดไว้", "Every case gives what the committee expects"),
    "against_draft": ("ทดสอบกับร่างที่ยังไม่ได้บันทึก", "Run against the unsaved draft"),
    "against_saved": ("ทดสอบกับระเบียบที่บันทึกไว้", "Run against the saved regulation"),
    "story": ("เรื่องของสมาชิก", "The member's story"),
    "expected": ("คณะกรรมการคาดว่า", "The committee expects"),
    "actual": ("ระเบียบให้ผลว่า", "The regulation gives"),
    "reasons": ("เหตุผลตามระเบียบ", "The regulation's reasons"),
    "passing_cases": ("กรณีที่ผ่าน", "Cases that pass"),
    "case_file": ("ไฟล์กรณีทดสอบ", "Case file"),
    "run_again": ("ทดสอบอีกครั้ง", "Run again"),
    # what if
    "draft": ("ร่างระเบียบ", "The draft"),
    "draft_help": ("แก้ตัวเลขในร่างได้ที่นี่ (เช่น อัตราต่อคืน หรือเพดานต่อปี) แล้วกดคำนวณ ระเบียบที่บันทึกไว้ไม่ถูกแก้",
                   "Change numbers in the draft here (a nightly rate, a yearly cap) and press Price; the saved "
                   "regulation is not changed"),
    "population": ("คิดกับสมาชิกของ", "Price against"),
    "books": ("บัญชีกองทุน", "The fund's books"),
    "synthetic": ("กองทุนสังเคราะห์", "A synthetic fund"),
    "members": ("สมาชิก", "members"),
    "years": ("ปี", "years"),
    "seed": ("เลขสุ่ม", "seed"),
    "price": ("คำนวณ", "Price"),
    "paid_now": ("จ่ายตามระเบียบเดิม", "Paid now"),
    "paid_draft": ("จ่ายตามร่าง", "Paid under the draft"),
    "difference": ("ผลต่าง", "Difference"),
    "claims": ("คำขอ", "claims"),
    "changed": ("เปลี่ยนผล", "changed"),
    "headline": ("ร่างนี้{dir} {amount} บาท จากการจ่ายเดิม {before} บาท เปลี่ยนผล {changed} คำขอ ของสมาชิก {members} คน",
                 "The draft {dir} {amount} baht on {before} baht paid now; {changed} claims of {members} members "
                 "change"),
    "headline_same": ("ร่างนี้จ่ายเท่าเดิม ({before} บาท) ไม่มีคำขอใดเปลี่ยนผล",
                      "The draft pays the same as now ({before} baht); no decision changes"),
    "headline_moved": ("ร่างนี้จ่ายรวมเท่าเดิม ({before} บาท) แต่เปลี่ยนผล {changed} คำขอ ของสมาชิก {members} คน",
                       "The draft pays the same in total ({before} baht), but {changed} claims of {members} "
                       "members change"),
    "more": ("จ่ายเพิ่ม", "pays more by"),
    "less": ("จ่ายลดลง", "pays less by"),
    "by_year": ("แยกตามปีงบประมาณและสวัสดิการ", "By fiscal year and benefit"),
    "who_changes": ("คำขอที่ผลเปลี่ยน", "Claims whose decision changes"),
    "before": ("เดิม", "now"),
    "after": ("ตามร่าง", "draft"),
    "sustainability_later": ("", ""),
    # decide
    "find_member": ("ค้นหาสมาชิก", "Find the member"),
    "member_id": ("เลขที่สมาชิก", "Member number"),
    "look_up": ("ค้นหา", "Look up"),
    "the_member": ("ข้อมูลสมาชิก", "The member"),
    "born": ("เกิด", "born"),
    "sex_female": ("หญิง", "female"),
    "sex_male": ("ชาย", "male"),
    "joined": ("เป็นสมาชิกตั้งแต่", "member since"),
    "left": ("สิ้นสุด", "ended"),
    "died": ("เสียชีวิต", "died"),
    "instalments": ("ส่งเงินสัจจะแล้ว", "instalments paid"),
    "times": ("งวด", ""),
    "received": ("เคยได้รับสวัสดิการ", "Benefits received"),
    "none": ("ไม่มี", "none"),
    "the_claim": ("คำขอรับสวัสดิการ", "The claim"),
    "benefit": ("สวัสดิการ", "Benefit"),
    "event_date": ("วันที่เกิดเหตุ", "Date of the event"),
    "end_date": ("วันที่ออกจากโรงพยาบาล (ถ้ามี)", "Discharge date (if any)"),
    "filed_on": ("วันที่ยื่นคำขอ", "Date filed"),
    "units": ("จำนวนคืน/วัน/ครั้ง (ถ้ามี)", "Nights, days or visits (if any)"),
    "children": ("จำนวนบุตรที่คลอด (ถ้ามี)", "Children born (if any)"),
    "calendar": ("ปฏิทิน", "Calendar"),
    "be": ("พ.ศ.", "B.E."),
    "ce": ("ค.ศ.", "C.E."),
    "details_for": ("ข้อมูลเพิ่มเติมสำหรับ", "Details for"),
    "decide": ("ตัดสิน", "Decide"),
    "eligible": ("มีสิทธิ์ได้รับ", "Eligible"),
    "not_eligible": ("ไม่มีสิทธิ์ได้รับ", "Not eligible"),
    "baht": ("บาท", "baht"),
    "explanation": ("คำอธิบาย", "Explanation"),
    "print_voucher": ("พิมพ์ใบสำคัญจ่าย", "Print the payment voucher"),
    "voucher": ("ใบสำคัญจ่าย", "Payment voucher"),
    "voucher_no": ("เลขที่", "No."),
    "date": ("วันที่", "Date"),
    "amount": ("จำนวนเงิน", "Amount"),
    "no_books": ("ยังไม่มีบัญชีของกองทุนนี้ (เริ่มด้วย --books โฟลเดอร์บัญชี)",
                 "No books for this fund are served (start with --books FOLDER)"),
    # status
    "as_of": ("ณ วันที่", "As of"),
    "since": ("ตั้งแต่วันที่ (ถ้าเว้นว่าง: ต้นปีงบประมาณ)", "From (empty: start of the fiscal year)"),
    "show": ("แสดง", "Show"),
    # print
    "version": ("ฉบับ", "Version"),
    "language": ("ภาษา", "Language"),
    "print": ("พิมพ์", "Print"),
    "download_pdf": ("ดาวน์โหลด PDF", "Download PDF"),
    "fiscal_year": ("ปีงบประมาณ", "Fiscal year"),
    "voucher_pending": ("ใบสำคัญจ่ายตามสิทธิ์ที่ระเบียบกำหนด เลขที่ วันประชุม และผู้อนุมัติ กรอกเมื่อคณะกรรมการอนุมัติ",
                        "The voucher of what the regulation gives; its number, the meeting and the approvers are "
                        "filled in when the committee approves"),
    "annual_note": ("ตัวเลขชุดเดียวกับคำสั่ง status review committee-review และ project ประมาณการ {years} ปี "
                    "จำลอง {simulations} ครั้ง",
                    "The same figures as status, review, committee-review and project; {years} years projected, "
                    "{simulations} simulations"),
    "error": ("เกิดปัญหา", "Something is wrong"),
    "back": ("กลับ", "Back"),
}


def translator(lang: str) -> Callable[..., str]:
    i = 0 if lang == "th" else 1

    def t(key: str, **params: object) -> str:
        text = TEXT[key][i]
        return text.format(**params) if params else text
    return t


__all__ = ["TEXT", "translator"]

from ._text_fund import FUND_TEXT  # noqa: E402  (the fund pages' words: status, review, passbook, import)

TEXT.update(FUND_TEXT)
