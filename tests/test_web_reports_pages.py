"""The workbench's fund pages without a browser: the fund's status (status v2), the member review and a member's
passbook, importing books, and the what-if page's sustainability view, in Thai and in English, with the figures of
the command line, and located problems for wrong input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from web_fixtures import ROOT, cli, client, csrf_of, regulations_dir
from web_reports_fixtures import AS_OF, accounts_books


def words(html: str, selector_re: str) -> list[str]:
    import html as h
    return [" ".join(h.unescape(re.sub(r"<[^>]+>", " ", m)).split()) for m in re.findall(selector_re, html, re.S)]


def row(html: str, table: str, label: str) -> list[str]:
    """The cells of the row labelled ``label`` in the table section ``table``."""
    section = re.search(rf'<section class="report-table" id="{table}">(.*?)</section>', html, re.S)
    assert section is not None
    for r in re.findall(r"<tr[^>]*>(.*?)</tr>", section.group(1), re.S):
        cells = words(r, r"<t[hd][^>]*>(.*?)</t[hd]>")
        if cells and cells[0] == label:
            return cells[1:]
    raise AssertionError(f"no row {label!r} in {table}")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("web-fund-pages")
    regs = regulations_dir(tmp)
    books, workbook = accounts_books(tmp)
    c = client(regs, books)
    return c, regs, books, workbook, csrf_of(c.get("/fund/chamung").text)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    regs = regulations_dir(tmp_path_factory.mktemp("web-fund-demo"))
    c = client(regs)
    return c, regs, csrf_of(c.get("/fund/chamung").text)


# ------------------------------------------------------------------------------------------ status
def test_the_status_page_shows_status_v2_in_thai(site) -> None:
    c, *_ = site
    r = c.get("/fund/chamung/status?lang=th&books=chamung-acc&as_of=2567-09-30")
    assert words(r.text, r'<h2 class="report-title" id="status-title">(.*?)</h2>') == [
        "สถานะกองทุนสวัสดิการชุมชนตำบลชะมวง ณ วันที่ 30 กันยายน พ.ศ. 2567 (ปีงบประมาณ 2567)"]
    assert words(r.text, r'<li class="figure[^"]*">(.*?)</li>') == [
        "เงินกองทุนคงเหลือ 118,241.39 บาท", "สมาชิกปัจจุบัน 57 คน",
        "ค่าบริหาร ปีงบ 2567 7.4% ของรายรับ (เพดาน 20%)", "อัตราการเก็บเงินสัจจะ ปีงบ 2567 98.1%",
        "เงินสมทบที่ขอได้แต่ยังไม่ได้รับ 0 บาท"]
    assert row(r.text, "matching", "รัฐบาล (พอช.)") == ["2565", "0 คน × 365", "0", "0", "0", "-"]
    assert row(r.text, "reconciliation", "เงินสด") == ["4,180", "4,180", "30 ก.ย. 2567", "4,180", "0"]
    assert words(r.text, r'<li class="problem warning"[^>]*>(.*?)</li>')[0] == (
        "บรรทัด 43:1 · " + str(site[2] / "chamung-acc" / "accounts.csv")
        + " ledger-account-balance-mismatch ยอดคงเหลือที่แจ้งของบัญชี 'cash' วันที่ 2022-09-30 คือ 4800 "
          "แต่ตามบัญชีได้ 4700 (ต่างกัน 100)")


def test_the_status_figures_are_the_cli_figures(site) -> None:
    c, regs, books, *_ = site
    code, text = cli(["status", "--regulations", str(regs), "--ledger", str(books / "chamung-acc"), "--as-of", AS_OF,
                      "--lang", "th"], regs)
    assert code == 0
    lines = text.decode().splitlines()
    want = next(line for line in lines if line.startswith("รวมรับ")).split()[1:]
    r = c.get("/fund/chamung/status?lang=th&books=chamung-acc&calendar=gregorian&as_of=" + AS_OF)
    assert row(r.text, "money", "รวมรับ") == want
    want = next(line for line in lines if line.startswith("อัตราการเก็บเงิน")).split()[-4:]
    assert row(r.text, "collection", "อัตราการเก็บเงิน (ส่งแล้ว / ครบกำหนด)") == want
    csv = c.get("/fund/chamung/status/download?books=chamung-acc&calendar=gregorian&as_of=" + AS_OF + "&format=csv")
    assert (csv.headers["content-disposition"], csv.content) == (
        f'attachment; filename="status-chamung-acc-{AS_OF}.csv"',
        cli(["status", "--regulations", str(regs), "--ledger", str(books / "chamung-acc"), "--as-of", AS_OF,
             "--format", "csv"], regs)[1])


def test_the_status_page_in_english_and_its_mistakes(site) -> None:
    c, *_ = site
    r = c.get("/fund/chamung/status?lang=en&books=chamung-acc&calendar=gregorian&as_of=2023-09-30")
    assert words(r.text, r'<h2 class="report-title" id="status-title">(.*?)</h2>') == [
        "Status of the Chamung Subdistrict Community Welfare Fund on 30 September 2023 (fiscal year 2566)"]
    assert row(r.text, "members", "current (active or suspended)") == ["30", "54", "54"]
    r = c.get("/fund/chamung/status?lang=th&books=chamung-acc&as_of=2567-02-30")
    assert words(r.text, r'<li class="problem error"[^>]*>(.*?)</li>') == [
        "$.as_of bad-date '2567-02-30' ไม่ใช่วันที่ (เขียนเป็น ปปปป-ดด-วว) แก้ไข: เขียน ปปปป-ดด-วว ตามปฏิทินที่เลือก"]
    r = c.get("/fund/chamung/status?lang=th&books=../../etc")
    assert words(r.text, r'<li class="problem error"[^>]*>(.*?)</li>') == [
        "$.books unknown-books ไม่มีบัญชีกองทุนชื่อ '../../etc' แก้ไข: ที่มีอยู่: chamung-acc"]


# ------------------------------------------------------------------------------------------ review, passbook
def test_the_review_lists_what_to_act_on_with_the_clause(site) -> None:
    c, *_ = site
    r = c.get("/fund/chamung/review?lang=th&books=chamung-acc&as_of=2567-09-30")
    assert words(r.text, r'<tr class="has">(.*?)</tr>') == [
        "สมาชิกที่ค้างส่ง 5", "พ้นสภาพแล้วแต่ทะเบียนยังแสดงเป็นสมาชิก 1", "สมาชิกที่ยังไม่ระบุผู้รับผลประโยชน์ 1"]
    section = re.search(r'<section class="review-kind" id="kind-lapsed_on_register">(.*?)</section>', r.text, re.S)
    assert section is not None
    assert words(section.group(1), r"<tbody>(.*?)</tbody>") == [
        "M00015 พ้นสภาพตั้งแต่ 1 มี.ค. 2567 แต่ทะเบียนยังไม่ได้บันทึกวันที่พ้นสมาชิก ข้อ ๖ "
        "บันทึกการพ้นสมาชิกภาพวันที่ 1 มี.ค. 2567 (เหตุ: ขาดส่ง) ในทะเบียน"]
    assert '<a href="/fund/chamung/statement?books=chamung-acc&amp;calendar=buddhist&amp;as_of=2567-09-30&amp;' \
           'member=M00015">M00015</a>' in section.group(1)
    r = c.get("/fund/chamung/review?books=chamung-acc&as_of=2024-09-30&calendar=gregorian&lang=en")
    assert words(r.text, r'<h2 class="report-title" id="review-title">(.*?)</h2>') == [
        "Member review of the Chamung Subdistrict Community Welfare Fund on 30 September 2024"]


def test_a_members_passbook_page_by_page(site) -> None:
    c, *_ = site
    r = c.get("/fund/chamung/statement?lang=th&books=chamung-acc&as_of=2567-09-30&member=M00025")
    assert words(r.text, r'<dl class="facts" id="passbook-facts">(.*?)</dl>') == [
        "เกิด 1 ก.ย. 2490 เพศ หญิง สถานะ ณ วันที่ 30 ก.ย. 2567 ปกติ · ค้างส่ง 2 งวด"]
    assert words(r.text, r'<li class="figure[^"]*">(.*?)</li>') == [
        "ส่งตรงเวลา 33 งวด", "ส่งช้า 0 งวด", "ขาดส่ง 2 งวด", "เงินสัจจะที่ส่งแล้ว 990 บาท", "รับสวัสดิการแล้ว 600 บาท"]
    grid = words(r.text, r'<table class="numbers passbook-grid">.*?<tbody>(.*?)</tbody>')[0]
    # a member from November 2564 (B.E.) who missed December 2566 and January 2567: rows are fiscal years
    assert grid == ("2565 ✓ ✓ ✓ ✓ ✓ ✓ ✓ ✓ ✓ ✓ ✓ 2566 ✓ ✓ ✓ ✓ ✓ ✓ ✓ ✓ ✓ ✓ ✓ ✓ "
                    "2567 ✓ ✓ ขาด ขาด ✓ ✓ ✓ ✓ ✓ ✓ ✓ ✓")
    r = c.get("/fund/chamung/statement?lang=th&books=chamung-acc&as_of=2567-09-30&member=nobody")
    assert words(r.text, r'<li class="problem error"[^>]*>(.*?)</li>') == ["$.member unknown-member ไม่พบสมาชิกรหัส 'nobody'"]


# ------------------------------------------------------------------------------------------ import
def test_importing_a_workbook_from_the_page(site) -> None:
    c, _, _, workbook, token = site
    r = c.post(f"/fund/chamung/import?lang=th&csrf={token}", files={"workbook": ("สมุดบัญชี.xlsx", workbook.read_bytes())},
               data={"csrf": token, "encoding": "auto"})
    assert r.status_code == 200
    (title,) = words(r.text, r'<section class="import-result ok" id="import-result">\s*<h2>(.*?)</h2>')
    name = title.rsplit(" ", 1)[1]
    assert title == f"นำเข้าแล้ว ชื่อบัญชี {name}" and re.fullmatch(r"import-[0-9a-f]{16}", name)
    assert words(r.text, r'<table class="numbers" id="import-counts">.*?<tbody>(.*?)</tbody>') == [
        "ทะเบียนสมาชิก 60 เงินสัจจะ 1,656 การจ่ายสวัสดิการ 13 รายรับ-รายจ่ายอื่น 132 ผู้รับผลประโยชน์ 75"]
    assert words(r.text, r'<li class="problem warning"[^>]*>(.*?)</li>') == [
        "รายรับอื่น!A30 · books.xlsx ledger-account-balance-mismatch ยอดคงเหลือที่แจ้งของบัญชี 'cash' วันที่ 2022-09-30 "
        "คือ 4800 แต่ตามบัญชีได้ 4700 (ต่างกัน 100)",
        "รายรับอื่น!A58 · books.xlsx ledger-account-no-round เงินสมทบ (เงินสมทบจากรัฐบาล (พอช.), 2023-03-01, 10950) "
        "ไม่ได้ระบุว่าเป็นงวดหรือรอบที่เท่าใด"]
    # the imported books are offered on the fund's pages of this browser, and give the served books' figures
    page = c.get(f"/fund/chamung/status?lang=th&books={name}&as_of=2567-09-30")
    assert f'<option value="{name}" selected>{name} (นำเข้าจาก books.xlsx)</option>' in page.text
    served = c.get("/fund/chamung/status?lang=th&books=chamung-acc&as_of=2567-09-30")
    assert words(page.text, r'<li class="figure[^"]*">(.*?)</li>') == \
        words(served.text, r'<li class="figure[^"]*">(.*?)</li>')
    assert name not in client().get("/fund/chamung/status").text  # another browser does not see them


def test_an_upload_with_mistakes_imports_nothing_and_says_where(site) -> None:
    from swf_rules.books.importer.template import SHEETS
    c, *_, token = site
    names = list(SHEETS)
    head = {n: ",".join(h for h, _ in SHEETS[n][1]) for n in names}
    files = {"members": ("m.csv", (head[names[0]] + "\nM001,15/03/2500,หญิง,01/10/2562,ปกติ,,\n"
                                   "M002,01/01/2530,ช,01/10/2562,ย้ายออก,,\n").encode("cp874")),
             "contributions": ("c.csv", (head[names[1]] + "\nM001,05/10/2562,10/2562,สามสิบ\n").encode("cp874")),
             "payouts": ("p.csv", (head[names[2]] + "\n").encode("cp874"))}
    r = c.post(f"/fund/chamung/import?lang=th&csrf={token}", files=files, data={"csrf": token})
    assert words(r.text, r'<section class="import-result failed" id="import-problems">\s*<h2>(.*?)</h2>') == [
        "นำเข้าไม่ได้: พบปัญหา 2 ข้อ (ยังไม่ได้นำเข้าสิ่งใด)"]
    assert words(r.text, r'<li class="problem error"[^>]*>(.*?)</li>') == [
        "บรรทัด 3:5 · สมาชิก.csv import-unmapped-value 'ย้ายออก' ไม่ใช่ค่าที่ status รับได้ แก้ไข: เพิ่มใน values: "
        "{status: {ย้ายออก: ...}} ของไฟล์จับคู่ หรือเขียนค่าใดค่าหนึ่ง: active, died, expelled, lapsed, resigned, ตาย, "
        "ปกติ, พ้นสภาพ, ลาออก, เป็นสมาชิก, เสียชีวิต, ให้ออก",
        "บรรทัด 2:4 · เงินสัจจะ.csv money-syntax 'สามสิบ' ไม่ใช่จำนวนเงิน แก้ไข: เขียนจำนวนเงินเป็นบาท เช่น 1,250.50"]
    assert 'id="import-result"' not in r.text


def test_the_import_form_needs_its_token_in_its_address(site) -> None:
    c, *_, token = site
    r = c.post("/fund/chamung/import", files={"workbook": ("b.xlsx", b"x")}, data={"csrf": token})
    assert (r.status_code, [p["code"] for p in r.json()["problems"]]) == (403, ["csrf-failed"])
    t = c.get("/fund/chamung/import/template")
    assert (t.status_code, t.content[:2], t.headers["content-disposition"]) == (
        200, b"PK", "attachment; filename=\"swf-rules-template.xlsx\"; filename*=UTF-8''%E0%B9%81%E0%B8%9A%E0%B8%9A"
                    "%E0%B8%9A%E0%B8%B1%E0%B8%99%E0%B8%97%E0%B8%B6%E0%B8%81%E0%B8%9A%E0%B8%B1%E0%B8%8D%E0%B8%8A%E0%B8"
                    "%B5%E0%B8%81%E0%B8%AD%E0%B8%87%E0%B8%97%E0%B8%B8%E0%B8%99.xlsx")


# ------------------------------------------------------------------------------------------ what if
def test_a_draft_is_priced_with_its_projected_effect(demo) -> None:
    c, regs, token = demo
    draft = (regs / "chamung.yaml").read_text(encoding="utf-8").replace(
        "amount: {type: allowance, amount: 200, every: fiscal_year}",
        "amount: {type: allowance, amount: 3000, every: fiscal_year}")
    r = c.post("/fund/chamung/whatif?lang=th", data={"csrf": token, "text": draft, "source": "books",
                                             "books": "demo-chamung", "price": "1", "project": "1",
                                             "years_ahead": "10", "simulations": "1000"})
    assert words(r.text, r'<p class="headline" id="sustain-headline">(.*?)</p>') == [
        "ตามร่างนี้ โอกาสที่เงินกองทุนติดลบภายใน 10 ปี 99.8% (ระเบียบเดิม 0.0%) ปีที่เงินหมด: 2573 "
        "(ระเบียบเดิม: ไม่หมดภายใน 10 ปี)"]
    assert words(r.text, r'<table class="numbers" id="sustain-table">.*?<tbody>(.*?)</tbody>') == [
        "โอกาสที่เงินกองทุนติดลบภายใน 10 ปี 0.0% 99.8% ปีงบประมาณที่เงินหมด (ค่ากลาง) ไม่หมดภายใน 10 ปี 2573 "
        "ปีงบประมาณที่จ่ายมากกว่ารับครั้งแรก (ค่ากลาง) ไม่เกิดภายใน 10 ปี 2568 "
        "ยอดเงินปลายปีที่ 10 (ค่ากลาง, บาท) 616,241.83 -196,915.59"]
    assert '<svg xmlns="http://www.w3.org/2000/svg" width="760" height="400"' in r.text
    r = c.post("/fund/chamung/whatif?lang=th", data={"csrf": token, "text": draft, "source": "synthetic", "members": "30",
                                             "years": "2", "seed": "1", "price": "1", "project": "1",
                                             "years_ahead": "99", "simulations": "100"})
    assert words(r.text, r'<li class="problem error"[^>]*>(.*?)</li>') == [
        "$.years_ahead out-of-range ค่า 99 อยู่นอกช่วง: a whole number, 1-30"]
    assert 'id="impact"' in r.text and 'id="sustainability"' not in r.text


def test_the_sustainability_view_can_be_left_out(demo) -> None:
    c, regs, token = demo
    r = c.post("/fund/chamung/whatif?lang=th", data={"csrf": token, "text": (regs / "chamung.yaml").read_text(encoding="utf-8"),
                                             "source": "synthetic", "members": "30", "years": "2", "seed": "1",
                                             "price": "1", "years_ahead": "10", "simulations": "100"})
    assert 'id="impact"' in r.text and 'id="sustainability"' not in r.text
    assert '<input type="checkbox" name="project" value="1" id="project">' in r.text
