"""The workbench's pages without a browser: what they say, in Thai and in English, for right and wrong input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from web_fixtures import client, csrf_of, regulations_dir


def words(html: str, selector_re: str) -> list[str]:
    import html as h
    return [" ".join(h.unescape(re.sub(r"<[^>]+>", " ", m)).split()) for m in re.findall(selector_re, html, re.S)]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    regs = regulations_dir(tmp_path_factory.mktemp("web-pages"))
    c = client(regs)
    return c, regs, csrf_of(c.get("/fund/chamung").text)


def test_the_home_page_lists_the_bundled_funds() -> None:
    r = client().get("/")
    assert words(r.text, r'<li class="card">(.*?)</li>') == [
        "กองทุนสวัสดิการชุมชนตำบลชะมวง chamung.yaml · chamung · 1 ฉบับ",
        "สหกรณ์ (web.pathumlos.com) pathumlos.yaml · pathumlos · 1 ฉบับ",
        "กองทุนสวัสดิการชุมชนตำบลไผ่ phai.yaml · phai · 2 ฉบับ",
        "สหกรณ์ออมทรัพย์ (ptscoop.com) ptscoop.yaml · ptscoop · 1 ฉบับ",
        "กองทุนสวัสดิการชุมชนตำบลท้ายตลาด thaytalad.yaml · thaytalad · 1 ฉบับ",
        "กองทุนออมทรัพย์สวัสดิการประชาชนตำบลอุโมงค์ umong.yaml · umong · 2 ฉบับ"]


def test_a_failing_case_is_told_as_a_story_in_english(site) -> None:
    c, regs, token = site
    draft = (regs / "chamung.yaml").read_text(encoding="utf-8").replace("amount: {type: flat, amount: 1000}",
                                                                       "amount: {type: flat, amount: 1200}")
    r = c.post("/fund/chamung/cases?lang=en", data={"csrf": token, "text": draft})
    assert words(r.text, r'<p class="summary[^"]*" id="cases-summary">(.*?)</p>') == ["passed 26 · failed 2"]
    assert words(r.text, r'<ol class="story">(.*?)</ol>')[0] == (
        "A female member born 1 May 1990, aged 29 on the day of the event member from 15 January 2019 paid 7 "
        "instalments, 210 baht in all, the last on 5 July 2019 claims Childbirth [ข้อ ๑] for an event on 14 July "
        "2019")


def test_a_draft_that_changes_nothing_says_so(site) -> None:
    c, regs, token = site
    r = c.post("/fund/chamung/whatif?lang=en", data={
        "csrf": token, "text": (regs / "chamung.yaml").read_text(encoding="utf-8"), "source": "synthetic",
        "members": "50", "years": "2", "seed": "1", "price": "1"})
    assert words(r.text, r'<p class="headline">(.*?)</p>') == [
        "The draft pays the same as now (4,000 baht); no decision changes"]


def test_a_draft_with_a_mistake_is_not_priced_and_the_mistake_is_located(site) -> None:
    c, regs, token = site
    bad = (regs / "chamung.yaml").read_text(encoding="utf-8").replace("rate: 200", "rate: -200")
    r = c.post("/fund/chamung/whatif?lang=th", data={"csrf": token, "text": bad, "source": "synthetic", "members": "20",
                                             "years": "1", "seed": "1", "price": "1"})
    assert r.status_code == 200 and 'id="impact"' not in r.text
    assert words(r.text, r'<li class="problem error"[^>]*>(.*?)</li>') == [
        "บรรทัด 51:36 · draft.yaml money-negative จำนวนเงินต้องไม่ติดลบ (-200) [ข้อ ๒] "
        "แก้ไข: จำนวนเงินห้ามติดลบ ใช้ offsets เพื่อหักลบ"]


def test_a_claim_with_a_wrong_date_shows_the_problem_on_the_page(site) -> None:
    c, _, token = site
    r = c.post("/fund/chamung/decide?lang=th", data={"csrf": token, "books": "demo-chamung", "member": "M00001",
                                             "benefit": "birth", "event_date": "2567-02-30"})
    assert 'id="decision"' not in r.text
    assert words(r.text, r'<li class="problem error"[^>]*>(.*?)</li>') == [
        "$.event_date bad-date '2567-02-30' ไม่ใช่วันที่ (เขียนเป็น ปปปป-ดด-วว) "
        "แก้ไข: เขียน ปปปป-ดด-วว เช่น 2567-02-10 (พ.ศ.)"]


def test_an_unknown_member_is_a_problem_not_a_crash(site) -> None:
    c, _, _ = site
    r = c.get("/fund/chamung/decide?books=demo-chamung&member=nobody&lang=th")
    assert words(r.text, r'<li class="problem error"[^>]*>(.*?)</li>') == [
        "$.member_id unknown-member ไม่พบสมาชิกรหัส 'nobody'"]


def test_the_status_page_in_english(site) -> None:
    c, _, _ = site
    r = c.get("/fund/chamung/status?lang=en&calendar=gregorian&as_of=2023-09-30")
    assert words(r.text, r'<h2 class="report-title" id="status-title">(.*?)</h2>') == [
        "Status of the Chamung Subdistrict Community Welfare Fund on 30 September 2023 (fiscal year 2566)"]
    assert words(r.text, r'<tr class="total"><th class="total">current \(active or suspended\)</th>(.*?)</tr>') == [
        "95 134 163 174 174"]


def test_the_printable_regulation_is_the_document_members_vote_on(site) -> None:
    from web_fixtures import cli
    c, regs, _ = site
    r = c.get("/fund/chamung/document?doc_lang=en")
    assert r.content == cli(["render", "chamung.yaml", "--lang", "en", "--document"], regs)[1]
    r = c.get("/fund/chamung/document")  # the ระเบียบ in Thai, with its preamble and the chair's block
    assert r.content == cli(["render", "chamung.yaml", "--document"], regs)[1]
    assert "ประกาศ ณ วันที่ ๑๕ กุมภาพันธ์ ๒๕๕๖" in r.text
    assert c.get("/fund/chamung/document?version=1999").status_code == 422


# ------------------------------------------------------------------------------------------ the documents
DECIDE = {"books": "demo-chamung", "member": "M00001", "benefit": "hospital", "calendar": "buddhist",
          "event_date": "2567-02-10", "end_date": "2567-02-13", "units": "3", "filed_on": "2567-02-20"}


def test_a_decided_claim_prints_the_funds_voucher(site) -> None:
    import html
    from swf_rules import Engine
    from swf_rules.documents import decision_voucher, vouchers_html
    from swf_rules.web import Workspace
    from swf_rules.web._forms import claim_from_form
    from swf_rules.web.api_funds import member_from_books
    c, regs, token = site
    r = c.post("/fund/chamung/decide", data={"csrf": token, **DECIDE})
    src = html.unescape(re.search(r'<iframe id="voucher"[^>]* src="([^"]+)"', r.text).group(1))
    assert src == ("/fund/chamung/voucher?benefit=hospital&books=demo-chamung&calendar=buddhist&end_date=2567-02-13"
                   "&event_date=2567-02-10&filed_on=2567-02-20&member=M00001&units=3")
    v = c.get(src)
    reg, led = Workspace(regs, None).ledger("demo-chamung")  # the same demo books, made again from their seed
    decision = Engine(reg).evaluate(member_from_books(led, "M00001"), claim_from_form(DECIDE, "M00001"))
    assert v.content == vouchers_html([decision_voucher(reg, decision)]).encode("utf-8")
    assert words(v.text, r"<td[^>]*>(.*?)</td>")[:3] == [
        "1", "เงินสวัสดิการกรณีเจ็บป่วยนอนโรงพยาบาล ตามระเบียบกองทุนสวัสดิการชุมชนตำบลชะมวง พ.ศ. ๒๕๕๖ ข้อ ๒ "
        "คำขอเลขที่ M00001-2024-02-10 ของสมาชิกเลขที่ M00001 เหตุเกิดวันที่ 10 กุมภาพันธ์ 2567", "600"]
    assert words(v.text, r"<p>(.*?)</p>")[:3] == [
        "จ่ายให้ สมาชิกเลขที่ M00001", "จำนวนเงิน 600 บาท (หกร้อยบาทถ้วน)",
        "ตามมติที่ประชุมคณะกรรมการ ครั้งที่ ........................ เมื่อวันที่ ........................ "
        "(จำนวนเงินตามสิทธิ์ที่ระเบียบกำหนด)"]
    from swf_rules.documents import pdf_available
    if pdf_available():
        pdf = c.get(src + "&format=pdf")
        assert (pdf.status_code, pdf.headers["content-type"], pdf.headers["content-disposition"]) == (
            200, "application/pdf", 'attachment; filename="voucher-M00001-2024-02-10.pdf"')
        assert pdf.content.startswith(b"%PDF-")


def test_a_claim_that_pays_nothing_has_no_voucher(site) -> None:
    c, _, token = site
    before = {"event_date": "2562-06-01", "end_date": "2562-06-04", "filed_on": "2562-06-10"}  # before she joined
    r = c.post("/fund/chamung/decide?lang=th", data={"csrf": token, **DECIDE, **before})
    assert 'id="decision"' in r.text and 'id="voucher"' not in r.text
    assert words(r.text, r'<p class="verdict">(.*?)</p>') == ["ไม่มีสิทธิ์ได้รับ"]
    v = c.get("/fund/chamung/voucher?books=demo-chamung&member=M00001&benefit=hospital&event_date=2562-06-01"
              "&units=3")
    assert v.status_code == 422
    assert words(v.text, r'<li class="problem error"[^>]*>(.*?)</li>') == [
        "ทั้งไฟล์ voucher-not-payable คำขอ 'M00001-2019-06-01' ไม่มีสิทธิ์ได้รับเงินตามระเบียบ จึงไม่มีใบสำคัญจ่าย"]


def test_the_annual_report_page_shows_the_report_of_the_command_line(site, tmp_path: Path) -> None:
    import html
    from web_fixtures import cli
    from swf_rules.web import Workspace
    c, regs, _ = site
    r = c.get("/fund/chamung/annual")
    assert re.findall(r'<option[^>]*>(\d{4})</option>', r.text) == ["2567", "2566", "2565", "2564", "2563"]
    src = html.unescape(re.search(r'<iframe id="annual"[^>]* src="([^"]+)"', r.text).group(1))
    assert src == "/fund/chamung/annual-document?books=demo-chamung&fiscal_year=2567"
    books = Workspace(regs, None).books_path("demo-chamung")
    out = tmp_path / "annual.html"
    assert cli(["annual-report", "--regulations", str(regs), "--ledger", str(books), "--fiscal-year", "2567",
                "--format", "html", "--out", str(out)], regs)[0] == 0
    assert c.get(src).content == out.read_bytes()
    assert c.get("/fund/chamung/annual-document?books=demo-chamung&fiscal_year=abc").status_code == 422
    assert c.get("/fund/chamung/annual-document?books=nothing&fiscal_year=2567").status_code == 404
