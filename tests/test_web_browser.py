"""The workbench used as a person uses it, in headless Chromium (Playwright driving /usr/bin/chromium from the
OS packages; scripts/install-system-deps.sh installs it, nothing is downloaded): type a mistake in the editor and
see the located problem, save, run the cases, price a draft, decide a claim and print its voucher.  Each page's
screenshot is compared with a reviewed golden image in tests/golden/web/ within a tolerance
(``SWF_UPDATE_GOLDEN=1`` rewrites them; look at them before committing)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from web_fixtures import ROOT, live, regulations_dir

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
GOLDEN = ROOT / "tests" / "golden" / "web"
TOLERANCE = 0.006  # share of pixels allowed to differ (anti-aliasing, font hinting)

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError("/usr/bin/chromium is missing: run scripts/install-system-deps.sh")
    pytest.skip("no /usr/bin/chromium (run scripts/install-system-deps.sh)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    from swf_rules.web import Settings, Workspace, create_app
    regs = regulations_dir(tmp_path_factory.mktemp("web-browser"))
    with live(create_app(Workspace(regs, None), Settings())) as base:
        yield base, regs


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
    pg.set_default_timeout(20_000)
    yield pg
    ctx.close()


def looks_like(pg, name: str, mask: list | None = None) -> None:
    """The page as it shows now, against the reviewed golden image (``mask``: parts painted over, whose content
    belongs to another part's own golden files)."""
    from PIL import Image, ImageChops
    pg.evaluate("document.fonts.ready")
    pg.wait_for_timeout(150)
    shot = pg.screenshot(mask=mask or [], mask_color="#c8d0d6")
    path = GOLDEN / f"{name}.png"
    if os.environ.get("SWF_UPDATE_GOLDEN") or not path.exists():
        assert not os.environ.get("CI"), f"missing golden image {path}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(shot)
        return
    got, want = Image.open(io.BytesIO(shot)).convert("RGB"), Image.open(path).convert("RGB")
    assert got.size == want.size
    diff = ImageChops.difference(got, want).convert("L").point(lambda v: 255 if v > 48 else 0)
    changed = sum(diff.histogram()[255:]) / (got.size[0] * got.size[1])
    if changed > TOLERANCE:
        (Path(os.environ.get("TMPDIR", "/tmp")) / f"{name}.actual.png").write_bytes(shot)
    assert changed <= TOLERANCE, f"{name}: {changed:.2%} of the pixels differ from {path}"


def text_of(pg, selector: str) -> list[str]:
    return [" ".join(t.split()) for t in pg.locator(selector).all_inner_texts()]


def test_a_newcomer_finds_every_task_on_the_fund_page(page, site) -> None:
    base, _ = site
    page.goto(base + "/")
    assert page.url == base + "/fund/chamung"
    assert text_of(page, ".tile strong") == ["แก้ไขระเบียบ", "ทดสอบกรณีตัวอย่าง", "ถ้าแก้ระเบียบแล้วจะจ่ายเท่าไร",
                                             "ตัดสินคำขอรับสวัสดิการ", "สถานะกองทุน", "ทบทวนสมาชิก", "รายงานประจำปี",
                                             "นำเข้าบัญชีกองทุน", "พิมพ์ระเบียบ"]
    looks_like(page, "fund")
    page.click("#lang-switch")
    assert text_of(page, "h1") == ["Chamung Subdistrict Community Welfare Fund"]
    assert text_of(page, ".tile strong")[0] == "Edit the regulation"
    page.click("#lang-switch")
    assert text_of(page, "h1") == ["กองทุนสวัสดิการชุมชนตำบลชะมวง"]


def _caret_at_end_of_line(pg, line: int) -> None:
    pg.evaluate("""(line) => { const t = document.getElementById('text');
        const parts = t.value.split('\\n'); let pos = 0;
        for (let i = 0; i < line; i++) pos += parts[i].length + (i < line - 1 ? 1 : 0);
        t.focus(); t.setSelectionRange(pos, pos); }""", line)


def test_a_mistake_typed_in_the_editor_is_shown_beside_its_line(page, site) -> None:
    base, _ = site
    page.goto(base + "/fund/chamung/editor")
    page.wait_for_selector("#status.ok")
    assert text_of(page, "#status") == ["ถูกต้อง ไม่พบปัญหา"]
    _caret_at_end_of_line(page, 9)  # "  id: chamung"
    page.keyboard.type("\n  colour: red")
    page.wait_for_selector("#problems li")
    assert text_of(page, "#problems li") == [
        "บรรทัด 10:3 unknown-key ไม่รู้จักคีย์ 'colour' แก้ไข: คีย์ที่ใช้ได้: id, name, place"]
    assert text_of(page, "#status") == ["พบปัญหา 1"]
    assert text_of(page, "#gutter .bad") == ["10"]
    assert page.locator("#notes span").nth(9).inner_text() == "◀ unknown-key: ไม่รู้จักคีย์ 'colour'"
    page.locator("#text").evaluate("t => { t.setSelectionRange(0, 0); t.scrollTop = 0; }")
    looks_like(page, "editor-problem")
    page.click("#problems li")
    assert page.evaluate("document.getElementById('text').selectionStart") == \
        page.evaluate("document.getElementById('text').value.indexOf('colour')")
    page.locator("#text").evaluate("t => { t.value = t.value.replace('\\n  colour: red', '');"
                                   " t.dispatchEvent(new Event('input')); }")
    page.wait_for_selector("#status.ok")
    assert page.locator("#problems li").count() == 0


def test_saving_from_the_editor_keeps_the_previous_version(page, site) -> None:
    base, regs = site
    original = (regs / "chamung.yaml").read_text(encoding="utf-8")
    changed = original.replace("amount: {type: flat, amount: 500}", "amount: {type: flat, amount: 700}")
    page.goto(base + "/fund/chamung/editor")
    page.wait_for_selector("#status.ok")
    page.fill("#text", changed)
    page.wait_for_selector("#status.ok")
    page.click("#save")
    page.wait_for_selector("#saved.good")
    assert text_of(page, "#saved") == ["บันทึกแล้ว ฉบับก่อนหน้าเก็บไว้ที่ .history/chamung.0001.yaml"]
    assert (regs / "chamung.yaml").read_text(encoding="utf-8") == changed
    assert (regs / ".history" / "chamung.0001.yaml").read_text(encoding="utf-8") == original
    page.fill("#text", original)  # put it back, saved as one more version
    page.wait_for_selector("#status.ok")
    page.click("#save")
    page.wait_for_selector("#saved.good")
    assert (regs / "chamung.yaml").read_text(encoding="utf-8") == original


def test_the_cases_run_from_the_page_and_a_failure_reads_as_a_story(page, site) -> None:
    base, regs = site
    page.goto(base + "/fund/chamung")
    page.click("#task-cases")
    assert text_of(page, "#cases-summary") == ["ผ่าน 28 · ไม่ผ่าน 0 · ทุกกรณีให้ผลตรงกับที่คณะกรรมการคาดไว้"]
    page.goto(base + "/fund/chamung/editor")
    page.wait_for_selector("#status.ok")
    page.fill("#text", (regs / "chamung.yaml").read_text(encoding="utf-8").replace(
        "amount: {type: flat, amount: 1000}", "amount: {type: flat, amount: 1200}"))
    page.click("text=ทดสอบกรณีกับร่างนี้")
    page.wait_for_selector("#cases-summary")
    assert text_of(page, "#cases-summary") == ["ผ่าน 26 · ไม่ผ่าน 2"]
    first = page.locator("article.case").first
    assert " ".join(first.locator("h2").inner_text().split()) == \
        "ไม่ผ่าน: birth on the day the waiting period is served"
    assert [" ".join(s.split()) for s in first.locator(".story li").all_inner_texts()] == [
        "สมาชิกหญิง เกิดวันที่ 1 พฤษภาคม พ.ศ. 2533 อายุ 29 ปีในวันเกิดเหตุ",
        "เป็นสมาชิกตั้งแต่วันที่ 15 มกราคม พ.ศ. 2562",
        "ส่งเงินสัจจะ 7 ครั้ง รวม 210 บาท ครั้งล่าสุดวันที่ 5 กรกฎาคม พ.ศ. 2562",
        "ขอรับ กรณีคลอดบุตร [ข้อ ๑] สำหรับเหตุวันที่ 14 กรกฎาคม พ.ศ. 2562"]
    assert text_of(page, "article.case >> nth=0 >> .versus dd") == [
        "มีสิทธิ์ ใช่, จำนวนเงิน 1000", "มีสิทธิ์ ใช่, จำนวนเงิน 1200"]
    looks_like(page, "cases-failure")


def test_pricing_a_draft_shows_the_cost_and_the_chart(page, site) -> None:
    base, regs = site
    import json
    import urllib.request
    draft = (regs / "chamung.yaml").read_text(encoding="utf-8").replace("rate: 200, unit: night",
                                                                      "rate: 300, unit: night")
    page.goto(base + "/fund/chamung/whatif")
    page.fill("#draft", draft)
    page.click("#price")
    page.wait_for_selector("#impact")
    assert text_of(page, "#impact > .headline") == [
        "ร่างนี้จ่ายเพิ่ม 4,700 บาท จากการจ่ายเดิม 113,300 บาท เปลี่ยนผล 37 คำขอ ของสมาชิก 32 คน"]
    # the same figures as the API's impact.json (the bytes of `swf-rules impact --out`, tested in test_web_api)
    req = urllib.request.Request(base + "/api/v1/impact", method="POST", headers={"Content-Type": "application/json"},
                                 data=json.dumps({"regulation": "chamung", "draft_text": draft,
                                                  "population": {"books": "demo-chamung"}}).encode())
    with urllib.request.urlopen(req) as r:
        impact = json.load(r)
    assert (impact["paid"], impact["changed"]) == ({"current": "113300", "draft": "118000", "difference": "+4700"},
                                                   {"claims": 37, "members": 32})
    assert len(page.locator(".changes tbody tr").all()) == 37
    assert page.locator("#impact svg title").first.text_content() == \
        "เงินสวัสดิการที่จ่ายรายปีงบประมาณ / Benefits paid per fiscal year: chamung"
    page.locator("#impact").scroll_into_view_if_needed()
    looks_like(page, "whatif")


def test_deciding_a_claim_and_printing_its_voucher(page, site) -> None:
    base, _ = site
    page.goto(base + "/fund/chamung")
    page.click("#task-decide")
    page.fill("#member", "M00001")
    page.click("#look-up")
    page.wait_for_selector("#member-card")
    assert text_of(page, "#member-card li")[0] == "สมาชิกหญิง เลขที่ M00001 เกิดวันที่ 4 ธันวาคม พ.ศ. 2481"
    page.select_option("#benefit", "hospital")
    page.fill("#event_date", "2567-02-10")
    page.fill("#end_date", "2567-02-13")
    page.fill("#units", "3")
    page.fill("#filed_on", "2567-02-20")
    page.click("#decide")
    page.wait_for_selector("#decision")
    assert text_of(page, ".verdict") == ["มีสิทธิ์ได้รับ 600 บาท (หกร้อยบาทถ้วน)"]
    assert page.locator("pre.explain").inner_text().splitlines()[4] == \
        "  ผล: มีสิทธิ์ได้รับ 600 บาท (หกร้อยบาทถ้วน) จ่ายให้สมาชิก"
    page.locator("#decision").scroll_into_view_if_needed()
    looks_like(page, "decide")
    # the fund's voucher (swf_rules.documents), in its frame: what the regulation gives, to be approved
    voucher = page.frame_locator("#voucher")
    assert text_of(voucher, "h1") == ["ใบสำคัญจ่าย"]
    assert text_of(voucher, "td")[:3] == [
        "1", "เงินสวัสดิการกรณีเจ็บป่วยนอนโรงพยาบาล ตามระเบียบกองทุนสวัสดิการชุมชนตำบลชะมวง พ.ศ. ๒๕๕๖ ข้อ ๒ "
        "คำขอเลขที่ M00001-2024-02-10 ของสมาชิกเลขที่ M00001 เหตุเกิดวันที่ 10 กุมภาพันธ์ 2567", "600"]
    assert text_of(voucher, "p")[4:6] == ["จ่ายให้ สมาชิกเลขที่ M00001", "จำนวนเงิน 600 บาท (หกร้อยบาทถ้วน)"]
    assert text_of(voucher, ".sign")[1:] == [
        "(ลงชื่อ) .................................... (........................................) เหรัญญิก "
        "วันที่ ........../........../..........",
        "(ลงชื่อ) .................................... (........................................) ประธานกรรมการ "
        "วันที่ ........../........../.........."]
    frame = next(f for f in page.frames if "/voucher?" in f.url)
    frame.evaluate("window.print = () => { window.__printed = true; }")
    page.click("#print-voucher")
    assert frame.evaluate("window.__printed") is True  # the button prints the voucher's frame, not the page
    with page.expect_download() as got:
        page.click("#voucher-pdf")
    assert got.value.suggested_filename == "voucher-M00001-2024-02-10.pdf"
    assert Path(got.value.path()).read_bytes()[:5] == b"%PDF-"
    page.locator("#voucher").scroll_into_view_if_needed()
    looks_like(page, "voucher")


def test_the_annual_report_page(page, site) -> None:
    base, _ = site
    page.goto(base + "/fund/chamung/annual")
    report = page.frame_locator("#annual")
    assert text_of(report, "h1") == ["รายงานประจำปีงบประมาณ 2567"]
    # the report itself is compared with its own golden pages (tests/golden/documents)
    looks_like(page, "annual", mask=[page.locator("#annual")])


def test_the_fund_status_and_the_printable_regulation(page, site) -> None:
    base, _ = site
    page.goto(base + "/fund/chamung/status")
    assert text_of(page, "#key-figures li")[:2] == ["เงินกองทุนคงเหลือ 155,260 บาท", "สมาชิกปัจจุบัน 174 คน"]
    looks_like(page, "status")
    page.goto(base + "/fund/chamung/print")
    frame = page.frame_locator("#document")
    assert " ".join(frame.locator("h1").inner_text().split()) == "ระเบียบกองทุนสวัสดิการชุมชนตำบลชะมวง พ.ศ. ๒๕๕๖"
    # the document itself is `swf-rules render`'s, compared with its own golden files (tests/golden/render)
    looks_like(page, "print", mask=[page.locator("#document")])
