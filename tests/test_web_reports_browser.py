"""The workbench's fund pages used as a person uses them, in headless Chromium (the OS's /usr/bin/chromium driven
by Playwright, nothing downloaded): look at the fund's status, go through the member review to a member's
passbook and print it, import the fund's workbook and look at its status, and price a draft with its projected
effect.  Each page is compared with its reviewed golden image in tests/golden/web/ (``SWF_UPDATE_GOLDEN=1``
rewrites them; look at them before committing)."""

from __future__ import annotations

import re

import pytest

from test_web_browser import CHROMIUM, FLAGS, looks_like, text_of  # noqa: F401  (skips without chromium)
from web_fixtures import live, regulations_dir
from web_reports_fixtures import accounts_books

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    from swf_rules.web import Settings, Workspace, create_app
    tmp = tmp_path_factory.mktemp("web-fund-browser")
    regs = regulations_dir(tmp)
    books, workbook = accounts_books(tmp)
    with live(create_app(Workspace(regs, books), Settings())) as base:
        yield base, regs, workbook


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, site):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    pg = ctx.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    ctx.close()


FIGURES = ["เงินกองทุนคงเหลือ 118,241.39 บาท", "สมาชิกปัจจุบัน 57 คน", "ค่าบริหาร ปีงบ 2567 7.4% ของรายรับ (เพดาน 20%)",
           "อัตราการเก็บเงินสัจจะ ปีงบ 2567 98.1%", "เงินสมทบที่ขอได้แต่ยังไม่ได้รับ 0 บาท"]


def test_the_fund_status_from_the_books(page, site) -> None:
    base, _, _ = site
    page.goto(base + "/fund/chamung")
    page.click("#task-status")
    page.fill("#as_of", "2567-09-30")
    page.click("#show-status")
    page.wait_for_selector("#status-v2")
    assert text_of(page, "#status-title") == [
        "สถานะกองทุนสวัสดิการชุมชนตำบลชะมวง ณ วันที่ 30 กันยายน พ.ศ. 2567 (ปีงบประมาณ 2567)"]
    assert text_of(page, "#key-figures li") == FIGURES
    assert text_of(page, "#matching tbody tr")[-2:] == [
        "อปท. 2566 เงินสัจจะปีก่อน 10,290 10,290 10,290 0 2565: 10,290",
        "อปท. 2567 เงินสัจจะปีก่อน 18,930 18,930 18,930 0 2566: 18,930"]
    assert text_of(page, "#administration tbody tr")[3] == "เกินเพดาน เกิน ไม่เกิน ไม่เกิน ไม่เกิน"
    assert page.locator("#administration tbody tr >> nth=0 >> td.bad").all_inner_texts() == ["4,190"]
    assert page.locator("#money-chart rect.bar-in").count() == 3
    looks_like(page, "fund-status")


def test_the_member_review_leads_to_a_members_passbook(page, site) -> None:
    base, _, _ = site
    page.goto(base + "/fund/chamung/review?books=chamung-acc&as_of=2567-09-30")
    assert text_of(page, "#review-counts tr.has") == [
        "สมาชิกที่ค้างส่ง 5", "พ้นสภาพแล้วแต่ทะเบียนยังแสดงเป็นสมาชิก 1", "สมาชิกที่ยังไม่ระบุผู้รับผลประโยชน์ 1"]
    assert text_of(page, "#kind-beneficiary_missing tbody tr") == [
        "M00059 ไม่มีผู้รับผลประโยชน์ในทะเบียน ข้อ ๕ ขอให้สมาชิกระบุผู้รับผลประโยชน์ (ชื่อ เลขประจำตัวประชาชน ความสัมพันธ์)"]
    looks_like(page, "review")
    page.click("#kind-arrears >> text=M00025")
    page.wait_for_selector("#passbook")
    assert text_of(page, "#passbook-facts") == [
        "เกิด 1 ก.ย. 2490 เพศ หญิง สถานะ ณ วันที่ 30 ก.ย. 2567 ปกติ · ค้างส่ง 2 งวด"]
    assert text_of(page, ".passbook-grid tbody tr")[2] == "2567 ✓ ✓ ขาด ขาด ✓ ✓ ✓ ✓ ✓ ✓ ✓ ✓"
    assert page.locator(".passbook-grid td.mark-missed").first.get_attribute("title") == "2566-12: ขาด"
    assert text_of(page, "#passbook-payouts tbody tr") == [
        "C0000029 กรณีเจ็บป่วยนอนโรงพยาบาล 15 ก.ย. 2566 19 ต.ค. 2566 600"]
    looks_like(page, "passbook")
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.click("#print-passbook")
    assert page.evaluate("window.__printed") is True


def test_importing_the_funds_workbook_and_using_it(page, site) -> None:
    base, _, workbook = site
    page.goto(base + "/fund/chamung")
    page.click("#task-import")
    page.set_input_files("#workbook", str(workbook))
    page.click("#import")
    page.wait_for_selector("#import-result")
    (title,) = text_of(page, "#import-result h2")
    assert re.fullmatch(r"นำเข้าแล้ว ชื่อบัญชี import-[0-9a-f]{16}", title)
    assert text_of(page, "#import-counts tbody tr") == [
        "ทะเบียนสมาชิก 60", "เงินสัจจะ 1,656", "การจ่ายสวัสดิการ 13", "รายรับ-รายจ่ายอื่น 132", "ผู้รับผลประโยชน์ 75"]
    assert [t.split(" · ")[1].split(" ")[:2] for t in text_of(page, "#import-result li.problem")] == [
        ["books.xlsx", "ledger-account-balance-mismatch"], ["books.xlsx", "ledger-account-no-round"]]
    page.locator("#import-result").scroll_into_view_if_needed()
    looks_like(page, "import", mask=[page.locator("#import-result h2"), page.locator("#imported-books code")])
    page.click("#go-status")
    page.wait_for_selector("#status-v2")
    page.fill("#as_of", "2567-09-30")
    page.click("#show-status")
    page.wait_for_selector("#status-v2")
    assert page.locator("#books option:checked").inner_text() == title.split()[-1] + " (นำเข้าจาก books.xlsx)"
    assert text_of(page, "#key-figures li") == FIGURES


def test_pricing_a_draft_shows_how_long_the_money_lasts(page, site) -> None:
    base, regs, _ = site
    draft = (regs / "chamung.yaml").read_text(encoding="utf-8").replace(  # 15 times the hospital benefit
        "rate: 200, unit: night", "rate: 3000, unit: night").replace(
        "{per: stay, money: 600}", "{per: stay, money: 9000}").replace(
        "{per: fiscal_year, money: 1000,", "{per: fiscal_year, money: 15000,")
    page.goto(base + "/fund/chamung/whatif")
    assert page.locator("#project").is_checked()
    page.fill("#draft", draft)
    page.click("#price")
    page.wait_for_selector("#sustainability")
    assert text_of(page, ".headline")[0] == \
        "ร่างนี้จ่ายเพิ่ม 67,200 บาท จากการจ่ายเดิม 5,800 บาท เปลี่ยนผล 12 คำขอ ของสมาชิก 12 คน"
    assert text_of(page, "#sustain-headline") == [
        "ตามร่างนี้ โอกาสที่เงินกองทุนติดลบภายใน 10 ปี 99.6% (ระเบียบเดิม 0.0%) ปีที่เงินหมด: 2571 "
        "(ระเบียบเดิม: ไม่หมดภายใน 10 ปี)"]
    assert text_of(page, "#sustain-table tbody tr") == [
        "โอกาสที่เงินกองทุนติดลบภายใน 10 ปี 0.0% 99.6%",
        "ปีงบประมาณที่เงินหมด (ค่ากลาง) ไม่หมดภายใน 10 ปี 2571",
        "ปีงบประมาณที่จ่ายมากกว่ารับครั้งแรก (ค่ากลาง) ไม่เกิดภายใน 10 ปี 2568",
        "ยอดเงินปลายปีที่ 10 (ค่ากลาง, บาท) 433,007.20 -220,928.75"]
    assert page.locator("#sustainability-chart polyline").count() == 2
    page.locator("#sustainability").scroll_into_view_if_needed()
    looks_like(page, "whatif-sustainability")
