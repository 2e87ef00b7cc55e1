"""The documents a committee signs, from the planted synthetic fund: vouchers of the approved claims, the regulation as
a ระเบียบ, the annual report -- what each says (exact values), as HTML and as PDF: the PDF's text layer holds the
exact Thai, and its pages match reviewed golden images (tests/golden/documents/, looked at page by page)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from documents_fund import DEATH, REDUCED, REJECTED, Fund, planted_fund
from golden_images import check_pages, pages, text
from swf_rules.cli.main import main
from swf_rules.core.errors import InputError
from swf_rules.documents import (annual_html, annual_inputs, regulation_document, regulation_html, to_pdf, vouchers,
                                 vouchers_html)

GOLDEN = Path(__file__).parent / "golden" / "documents"


@pytest.fixture(scope="module")
def fund(tmp_path_factory: pytest.TempPathFactory) -> Fund:
    return planted_fund(tmp_path_factory.mktemp("fund"))


# ---------------------------------------------------------------------------------------------- vouchers
def test_a_voucher_for_each_approved_payment(fund: Fund) -> None:
    got = [(v.number, v.claim_id, v.amount) for v in vouchers(fund.log, [fund.regulation])]
    assert got == [("2566/0001", "C0000038", Decimal(800)), ("2567/0001", "C0000039", Decimal(600)),
                   ("2567/0002", "C0000040", Decimal(400)), ("2567/0003", "C0000069", Decimal(400)),
                   ("2567/0004", REDUCED, Decimal(100)), ("2567/0005", "C0000072", Decimal(600)),
                   ("2567/0006", "C0000073", Decimal(200)), ("2568/0001", "C0000074", Decimal(1000)),
                   ("2568/0002", "C0000075", Decimal(600)), ("2567/0007", DEATH, Decimal(10000))]
    assert REJECTED not in {v.claim_id for v in vouchers(fund.log, [fund.regulation])}


def test_a_months_batch_keeps_each_vouchers_number(fund: Fund) -> None:
    june = vouchers(fund.log, [fund.regulation], month=(2024, 6))
    assert [(v.number, v.claim_id, v.meeting) for v in june] == [("2567/0004", REDUCED, "6/2567"),
                                                                ("2567/0007", DEATH, "6/2567")]
    with pytest.raises(InputError) as e:
        vouchers(fund.log, [fund.regulation], month=(2023, 1))
    assert [(p.code, p.params["value"]) for p in e.value.problems] == [("voucher-nothing", "2023-01")]


def test_no_voucher_from_a_log_that_does_not_verify(fund: Fund, tmp_path: Path) -> None:
    log = tmp_path / "decisions.jsonl"
    log.write_bytes(fund.log.read_bytes().replace(b'"amount":"800"', b'"amount":"900"', 1))
    with pytest.raises(InputError) as e:
        vouchers(log, [fund.regulation])
    assert [(p.code, p.line) for p in e.value.problems] == [("log-record-edited", 2),
                                                            ("voucher-log-not-intact", None)]
    assert e.value.problems[1].message("en") == ("the log does not verify (tampered, 1 problem(s)): no voucher is "
                                                 "printed from it until it does")


def test_beneficiaries_are_paid_their_shares(fund: Fund) -> None:
    (v,) = vouchers(fund.log, [fund.regulation], claim_ids=[DEATH])
    assert [(x.role, x.name, x.relationship, x.share, x.amount) for x in v.payees] == [
        ("beneficiary", "นางสาวผู้รับ หนึ่ง", "บุตร", "1/3", Decimal("3333.34")),
        ("beneficiary", "นายผู้รับ สอง", "บุตร", "1/3", Decimal("3333.33")),
        ("beneficiary", "นางผู้รับ สาม", "พี่/น้อง", "1/3", Decimal("3333.33"))]
    assert (v.benefit_title, v.clause, v.record_seq) == ("กรณีเสียชีวิต", "ข้อ ๑๑", 21)


def test_the_voucher_pdf_says_it_in_thai(fund: Fund, tmp_path: Path) -> None:
    found = vouchers(fund.log, [fund.regulation], claim_ids=[DEATH, REDUCED])
    pdf = to_pdf(vouchers_html(found, for_print=True))
    assert to_pdf(vouchers_html(found, for_print=True)) == pdf  # the same bytes every time
    layer = text(pdf, tmp_path)
    for line in ("ใบสำคัญจ่าย", "กองทุนสวัสดิการชุมชนตำบลบ้านตัวอย่าง", "เลขที่ 2567/0007",
                 "จำนวนเงิน 10,000 บาท (หนึ่งหมื่นบาทถ้วน)", "รวมเงิน (หนึ่งหมื่นบาทถ้วน)",
                 "จำนวนเงิน 100 บาท (หนึ่งร้อยบาทถ้วน)", "(อนุมัติลดจำนวน)", "เหตุผล: นอนโรงพยาบาลไม่ถึงหนึ่งวันเต็ม",
                 "(นางสาวผู้รับ หนึ่ง)", "ผู้รับเงิน (3)", "เหรัญญิก", "ประธานกรรมการ", "จ่ายให้ สมาชิกเลขที่ M00060"):
        assert line in layer, line
    images = pages(pdf, tmp_path)
    assert len(images) == 2
    check_pages(images, GOLDEN, "voucher")


# ---------------------------------------------------------------------------------------------- the regulation
def test_the_regulation_as_a_document(fund: Fund) -> None:
    doc = regulation_document(fund.regulation, fund.regulation.versions[-1])
    assert [(x.label, x.text) for x in doc.opening] == [
        ("ข้อ ๑", 'ระเบียบนี้เรียกว่า "ระเบียบกองทุนสวัสดิการชุมชนตำบลบ้านตัวอย่าง พ.ศ. ๒๕๖๕"'),
        ("ข้อ ๒", "ระเบียบนี้ให้ใช้บังคับตั้งแต่วันที่ ๑ ตุลาคม ๒๕๖๔ เป็นต้นไป"),
        ("ข้อ ๓", "ให้ยกเลิกระเบียบกองทุนสวัสดิการชุมชนตำบลบ้านตัวอย่าง พ.ศ. ๒๕๖๐"),
        ("ข้อ ๔", "ในระเบียบนี้")]
    assert doc.opening[-1].items[:2] == ('"ครอบครัว" หมายความว่า คู่สมรส บุตร บิดา และมารดาของสมาชิก',
                                         '"กองทุน" หมายความว่า กองทุนสวัสดิการชุมชนตำบลบ้านตัวอย่าง')
    assert doc.preamble == ("โดยที่เป็นการสมควรกำหนดระเบียบว่าด้วยการจัดสวัสดิการของกองทุนสวัสดิการชุมชนตำบลบ้านตัวอย่าง "
                            "อาศัยอำนาจตามมติที่ประชุมใหญ่สามัญประจำปี ครั้งที่ ๑/๒๕๖๔ เมื่อวันที่ ๑๒ กันยายน ๒๕๖๔ "
                            "จึงออกระเบียบไว้ดังต่อไปนี้")
    assert [c.title for c in doc.chapters] == ["วัตถุประสงค์", "สมาชิกและเงินสัจจะ", "สวัสดิการ", "การขอรับสวัสดิการ",
                                               "คณะกรรมการ", "การบริหารกองทุน", "บทเฉพาะกาล"]
    membership = doc.chapters[1].paras[0]
    assert (membership.label, membership.items[0]) == ("ข้อ ๖", "สมาชิกส่งเงินสัจจะเดือนละ ๓๐ บาท (สามสิบบาทถ้วน)")
    assert [p.label for p in doc.chapters[2].paras] == ["ข้อ ๗", "ข้อ ๘", "ข้อ ๙", "ข้อ ๑๐", "ข้อ ๑๑"]
    claims = doc.chapters[3]
    assert claims.table == (("ข้อ ๗ กรณีคลอดบุตร", "๙๐ วัน นับแต่วันที่เกิดเหตุ"),
                            ("ข้อ ๘ กรณีเจ็บป่วยนอนโรงพยาบาล", "๖๐ วัน นับแต่วันที่สิ้นสุดเหตุ (เช่น วันที่ออกจากโรงพยาบาล)"),
                            ("ข้อ ๙ ทุนการศึกษาบุตร", "ไม่ได้กำหนดไว้"), ("ข้อ ๑๐ เบี้ยผู้สูงอายุ", "ไม่ได้กำหนดไว้"),
                            ("ข้อ ๑๑ กรณีเสียชีวิต", "๑ ปี นับแต่วันที่เกิดเหตุ"))
    assert doc.closing == ("ประกาศ ณ วันที่ ๑๕ กันยายน ๒๕๖๔", "(ลงชื่อ) " + "." * 40, "(นายสมมุติ ใจดี)",
                           "ประธานคณะกรรมการกองทุนสวัสดิการชุมชนตำบลบ้านตัวอย่าง")
    arabic = regulation_document(fund.regulation, fund.regulation.versions[-1], digits="arabic")
    assert arabic.closing[0] == "ประกาศ ณ วันที่ 15 กันยายน 2564"
    english = regulation_document(fund.regulation, fund.regulation.versions[-1], "en")
    assert [c.title for c in english.chapters][:2] == ["Objectives", "Membership and contributions"]
    assert english.opening[2].text == "Ban Tua Yang fund regulation 2560 B.E. is repealed."


def test_the_regulation_pdf(fund: Fund, tmp_path: Path) -> None:
    pdf = to_pdf(regulation_html(fund.regulation, fund.regulation.versions[-1], for_print=True))
    layer = text(pdf, tmp_path)
    for line in ("ระเบียบกองทุนสวัสดิการชุมชนตำบลบ้านตัวอย่าง พ.ศ. ๒๕๖๕", "หมวด ๒ สมาชิกและเงินสัจจะ",
                 "ข้อ ๑ ระเบียบนี้เรียกว่า", "ประกาศ ณ วันที่ ๑๕ กันยายน ๒๕๖๔", "(นายสมมุติ ใจดี)",
                 "จ่ายเงินสวัสดิการคืนละ ๒๐๐ บาท (สองร้อยบาทถ้วน) ตามจำนวนคืนที่นอนพักรักษาตัว", "บทเฉพาะกาล"):
        assert line in layer, line
    check_pages(pages(pdf, tmp_path), GOLDEN, "regulation")


def test_render_document_from_the_command_line(tmp_path: Path) -> None:
    from documents_fund import FUND
    out = tmp_path / "r.html"
    assert main(["render", str(FUND), "--document", "--format", "html", "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="th">') and "<h2>หมวด ๗ บทเฉพาะกาล</h2>" in html
    assert main(["render", str(FUND), "--format", "pdf", "--out", str(tmp_path / "r.pdf")]) == 0
    assert (tmp_path / "r.pdf").read_bytes()[:5] == b"%PDF-"


# ---------------------------------------------------------------------------------------------- annual report
def test_the_annual_report(fund: Fund, tmp_path: Path) -> None:
    from swf_rules.reports import decisions_from_approvals, fund_status
    from swf_rules.audit.approvals import approvals
    a = annual_inputs(fund.regulation, fund.ledger, 2567, years=5, simulations=50, seed=1,
                      decisions=decisions_from_approvals(approvals(fund.log)))
    status = fund_status(fund.regulation, fund.ledger, a.year_end)
    y = a.status.window("2567")
    assert y.to_dict() == status.window("2567").to_dict()
    assert (y.members.current, y.members.joined, y.money.welfare_count, y.money.welfare_total) == \
        (76, 10, 7, Decimal(2600))
    t = a.committee.total if a.committee else None
    assert t is not None and (len(t.judged), t.approved, t.refused, t.excess, t.shortfall) == \
        (15, 14, 1, Decimal(200), Decimal(300))
    html = annual_html(a)
    for line in ("กองทุนมีสมาชิก 76 คน สมัครใหม่ในปี 10 คน", "จ่ายสวัสดิการ 7 ราย เป็นเงิน 2,600 บาท",
                 "คณะกรรมการพิจารณา 15 คำขอ อนุมัติ 14 ไม่อนุมัติ 1"):
        assert line in html, line
    pdf = to_pdf(annual_html(a, for_print=True))
    layer = text(pdf, tmp_path)
    for line in ("รายงานประจำปีงบประมาณ 2567", "สมาชิกส่งเงินสัจจะครบตามกำหนด", "ความยั่งยืนของกองทุน",
                 "เงินรับ", "ปีงบ 2567", "ประธานคณะกรรมการ"):
        assert line in layer, line
    check_pages(pages(pdf, tmp_path), GOLDEN, "annual")


def test_an_annual_report_of_a_year_the_books_do_not_hold(fund: Fund) -> None:
    with pytest.raises(InputError) as e:
        annual_inputs(fund.regulation, fund.ledger, 2570, projection=False)
    assert [(p.code, p.params["value"]) for p in e.value.problems] == [("annual-no-year", "2570")]
