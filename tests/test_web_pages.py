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
    assert words(r.text, r"<h2>(Members.*?)</h2>") == ["Members · As of 30 September 2023 (fiscal year 2566)"]
    assert words(r.text, r"<tr><th>Ever joined</th><td>(.*?)</td>") == ["193"]


def test_the_printable_regulation_is_the_render_document(site) -> None:
    from web_fixtures import cli
    c, regs, _ = site
    r = c.get("/fund/chamung/document?doc_lang=en")
    assert r.content == cli(["render", "chamung.yaml", "--lang", "en", "--format", "html"], regs)[1]
