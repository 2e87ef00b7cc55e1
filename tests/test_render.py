"""The printable regulation: golden renderings (what members read) and exact wording of each rule.

Golden files live in tests/golden/render/.  After an intended change of wording, regenerate them with
``SWF_UPDATE_GOLDEN=1 python -m pytest tests/test_render.py`` and review ``git diff tests/golden`` (see
tests/golden/README.md).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from swf_rules import load_regulation, load_regulation_text
from swf_rules.cli import main
from swf_rules.core.registry import bundled_regulations
from swf_rules.committee.render import Numbers, build, clause_label, diff, diff_markdown, html, markdown
from swf_rules.committee.render._benefit_clause import _band_text

from golden_files import check_golden

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
CHAMUNG = ROOT / "regulations" / "chamung.yaml"
DRAFT = ROOT / "docs" / "examples" / "chamung-draft.yaml"
ALL_RULES = GOLDEN / "render" / "all-rules.yaml"


def golden(name: str, text: str) -> None:
    check_golden(GOLDEN / name, text)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------------------------------ golden renderings
@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_chamung_golden(capsys: pytest.CaptureFixture[str], lang: str, fmt: str) -> None:
    code, out, err = run(capsys, "render", str(CHAMUNG), "--lang", lang, "--format", fmt)
    assert (code, err) == (0, "")
    golden(f"render/chamung.{lang}.{fmt}", out)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_all_rules_golden(capsys: pytest.CaptureFixture[str], lang: str) -> None:
    code, out, err = run(capsys, "render", str(ALL_RULES), "--lang", lang)
    assert (code, err) == (0, "")
    golden(f"render/all-rules.{lang}.md", out)


@pytest.mark.parametrize("lang,fmt", [("th", "md"), ("en", "md"), ("th", "html")])
def test_draft_diff_golden(capsys: pytest.CaptureFixture[str], lang: str, fmt: str) -> None:
    code, out, err = run(capsys, "render", str(DRAFT), "--diff", "2556", "--lang", lang, "--format", fmt)
    assert (code, err) == (0, "")
    golden(f"render/chamung-draft.diff.{lang}.{fmt}", out)


def test_diff_against_another_file_is_the_same_as_against_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    _, by_label, _ = run(capsys, "render", str(DRAFT), "--diff", "2556", "--lang", "en")
    _, by_file, _ = run(capsys, "render", str(DRAFT), "--diff", str(CHAMUNG), "--lang", "en")
    assert by_label == by_file


# ------------------------------------------------------------------------------------------ exact content
def test_chamung_clauses_in_the_funds_order_with_thai_digits() -> None:
    reg = load_regulation(CHAMUNG)
    doc = build(reg, reg.versions[-1], "th")
    assert [c.heading for c in doc.clauses] == [
        "ข้อ ๑ กรณีคลอดบุตร", "ข้อ ๒ กรณีเจ็บป่วยนอนโรงพยาบาล", "ข้อ ๓ ทุนการศึกษา", "ข้อ ๔ กรณีผู้สูงอายุ",
        "ข้อ ๕ กรณีเสียชีวิต", "ข้อ ๖ การเป็นสมาชิกและการส่งเงินสัจจะ"]  # chamung: document.term
    hospital = doc.clauses[1]
    assert hospital.items[2] == "จ่ายเงินสวัสดิการคืนละ ๒๐๐ บาท (สองร้อยบาทถ้วน) ตามจำนวนคืนที่นอนพักรักษาตัว"
    assert hospital.items[3] == ("ทั้งนี้ จ่ายได้ไม่เกิน ๖๐๐ บาท (หกร้อยบาทถ้วน) ต่อการนอนโรงพยาบาลหนึ่งครั้ง "
                                 "และไม่เกิน ๑,๐๐๐ บาท (หนึ่งพันบาทถ้วน) ต่อปีงบประมาณ (๑ ตุลาคม ถึง ๓๐ กันยายน)")
    assert hospital.items[4] == ("หากจำนวนเงินที่คำนวณได้เกินเพดานข้างต้น ให้จ่ายเท่าจำนวนที่ยังเหลืออยู่ภายใต้เพดาน "
                                 "โดยไม่ปฏิเสธคำขอ")
    assert dict(doc.facts)["วันที่ออกระเบียบ"] == "๑๕ กุมภาพันธ์ พ.ศ. ๒๕๕๖"
    death = doc.clauses[4]
    assert death.table == (("ไม่ถึง ๑ ปี", "๓,๐๐๐ บาท (สามพันบาทถ้วน)"),
                           ("ตั้งแต่ ๑ ปี แต่ไม่ถึง ๓ ปี", "๕,๐๐๐ บาท (ห้าพันบาทถ้วน)"),
                           ("ตั้งแต่ ๓ ปี แต่ไม่ถึง ๕ ปี", "๑๐,๐๐๐ บาท (หนึ่งหมื่นบาทถ้วน)"),
                           ("ตั้งแต่ ๕ ปี แต่ไม่ถึง ๑๐ ปี", "๒๐,๐๐๐ บาท (สองหมื่นบาทถ้วน)"),
                           ("ตั้งแต่ ๑๐ ปีขึ้นไป", "๓๐,๐๐๐ บาท (สามหมื่นบาทถ้วน)"))


def test_english_document_uses_common_era_and_arabic_digits() -> None:
    reg = load_regulation(CHAMUNG)
    doc = build(reg, reg.versions[-1], "en")
    assert dict(doc.facts)["Adopted on"] == "15 February 2013"
    assert doc.clauses[1].heading == "Clause 2 Hospital stay"
    assert doc.clauses[1].items[3] == ("The payment is at most 600 baht per stay and at most 1,000 baht per fiscal "
                                       "year (1 October to 30 September).")
    assert not re.search("[๐-๙]", "".join(doc.clauses[1].items))


def test_thai_document_of_a_file_with_arabic_digits_keeps_arabic_digits() -> None:
    reg = load_regulation(ROOT / "tests" / "regulations" / "good" / "minimal.yaml")
    doc = build(reg, reg.versions[0], "th")
    assert dict(doc.facts)["วันที่ออกระเบียบ"] == "15 ธันวาคม พ.ศ. 2566"
    assert [c.heading for c in doc.clauses] == ["1 การเป็นสมาชิกและการส่งเงินสมทบ", "2 คลอดบุตร", "3 นอนโรงพยาบาล",
                                                "4 เสียชีวิต"]
    assert doc.clauses[1].items[2] == "จ่ายเงินสวัสดิการ 1,000 บาท (หนึ่งพันบาทถ้วน) ต่อการคลอดหนึ่งครั้ง ไม่ว่าจะมีบุตรกี่คน"
    assert doc.clauses[2].items[-2] == "ต้องยื่นคำขอภายใน 90 วัน นับแต่วันที่เกิดเหตุ หากพ้นกำหนดถือว่าสละสิทธิ์"


@pytest.mark.parametrize("clause,lang,thai,expected", [
    ("ข้อ ๒", "th", True, "ข้อ ๒"),
    ("ข้อ 2", "th", True, "ข้อ ๒"),
    ("ข้อ ๒", "th", False, "ข้อ 2"),
    ("ข้อ ๑๒ (๓)", "en", True, "Clause 12 (3)"),
    ("รายการที่ ๑๔", "en", True, "Item 14"),
    ("หมวดที่ ๒", "en", True, "Chapter 2"),
    ("หมวดสมาชิก", "en", True, "หมวดสมาชิก"),
    ("3", "en", False, "3"),
])
def test_clause_label(clause: str, lang: str, thai: bool, expected: str) -> None:
    assert clause_label(clause, lang, thai) == expected


@pytest.mark.parametrize("band,th,en", [
    ("[0, 1)", "ไม่ถึง ๑ ปี", "less than 1 year"),
    ("[0, 20]", "ไม่เกิน ๒๐ ปี", "at most 20 years"),
    ("[1, 3)", "ตั้งแต่ ๑ ปี แต่ไม่ถึง ๓ ปี", "at least 1 year and less than 3 years"),
    ("(20, 25]", "เกิน ๒๐ ปี แต่ไม่เกิน ๒๕ ปี", "more than 20 years and at most 25 years"),
    ("[10, )", "ตั้งแต่ ๑๐ ปีขึ้นไป", "10 years or more"),
    ("(10, )", "เกิน ๑๐ ปีขึ้นไป", "more than 10 years"),
    ("[๐.๕, ๒.๕)", "ตั้งแต่ ๐.๕ ปี แต่ไม่ถึง ๒.๕ ปี", "at least 0.5 years and less than 2.5 years"),
])
def test_band_text(band: str, th: str, en: str) -> None:
    assert _band_text("th", Numbers("th", True), band) == th
    assert _band_text("en", Numbers("en", False), band) == en


# ------------------------------------------------------------------------------------------ every bundled file
def _parse_html(text: str) -> list[str]:
    """Well-formedness: every opened element is closed in order (void elements aside); returns the tag names."""
    stack: list[str] = []
    seen: list[str] = []

    class P(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list) -> None:
            seen.append(tag)
            if tag not in ("meta", "br", "col"):
                stack.append(tag)

        def handle_endtag(self, tag: str) -> None:
            assert stack and stack[-1] == tag, (tag, stack[-3:])
            stack.pop()

    P().feed(text)
    assert stack == []
    return seen


@pytest.mark.parametrize("path", bundled_regulations(), ids=lambda p: p.name)
def test_every_bundled_regulation_renders(path: Path) -> None:
    reg = load_regulation(path)
    for version in reg.versions:
        for lang in ("th", "en"):
            doc = build(reg, version, lang)
            md = markdown(doc)
            headings = [line[3:] for line in md.splitlines() if line.startswith("## ")]
            expected = len(version.benefits) + 1 + len(version.groups) + (1 if version.illustrative else 0)
            assert len(headings) == expected
            for b in version.benefits:
                title = b.title.th if lang == "th" else b.title.en
                assert sum(h.endswith(" " + title) for h in headings) == 1, title
            tags = _parse_html(html(doc))
            assert tags.count("section") == len(version.benefits) + 1 + len(version.groups)
            if lang == "th" and reg.file.clause_digits == "thai":
                for c in doc.clauses:
                    for item in c.items:
                        assert not re.search("[0-9]", item), item


def test_html_is_styled_for_a4_with_th_sarabun(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "render", str(CHAMUNG), "--format", "html")
    assert "@page { size: A4;" in out
    assert 'font-family: "TH Sarabun New", "TH SarabunPSK", "Sarabun"' in out
    assert out.startswith('<!DOCTYPE html>\n<html lang="th">\n<head>\n<meta charset="utf-8">\n')


# ------------------------------------------------------------------------------------------ diff
def test_diff_lists_exactly_the_changed_clause() -> None:
    reg = load_regulation(DRAFT)
    old, new = (build(reg, reg.version(v), "en") for v in ("2556", "2570"))
    d = diff(old, new)
    assert [(c.key, c.status) for c in d.changes] == [("heading", "changed"), ("benefit:hospital", "changed"),
                                                      ("notes", "changed")]
    hosp = d.changes[1]
    assert [x for x, differs in hosp.old if differs] == [
        "(4) The payment is at most 600 baht per stay and at most 1,000 baht per fiscal year (1 October to 30 "
        "September)."]
    assert [x for x, differs in hosp.new if differs] == [
        "(4) The payment is at most 600 baht per stay and at most 1,500 baht per fiscal year (1 October to 30 "
        "September)."]
    assert d.unchanged == ("Clause 1 Childbirth", "Clause 3 Scholarship", "Clause 4 Elderly allowance",
                           "Clause 5 Death", "Clause 6 Membership and contributions")


def test_diff_of_a_version_with_itself_says_nothing_changed() -> None:
    reg = load_regulation(CHAMUNG)
    doc = build(reg, reg.versions[0], "en")
    text = diff_markdown(diff(doc, doc))
    assert "Nothing changed." in text.splitlines()


def test_diff_shows_added_and_removed_benefits() -> None:
    base = (ROOT / "tests" / "regulations" / "good" / "minimal.yaml").read_text(encoding="utf-8")
    old_reg = load_regulation_text(base)
    start = base.index("      - id: death")
    new_text = base[:start] + base[start:].replace("id: death", "id: funeral").replace(
        "{th: เสียชีวิต, en: Death}", "{th: ค่าทำศพ, en: Funeral}").replace('clause: "4"', 'clause: "5"')
    new_reg = load_regulation_text(new_text)
    d = diff(build(old_reg, old_reg.versions[0], "en"), build(new_reg, new_reg.versions[0], "en"))
    assert [(c.key, c.label, c.status) for c in d.changes] == [
        ("benefit:funeral", "5 Funeral", "added"), ("benefit:death", "4 Death", "removed")]
    assert d.changes[0].old == () and d.changes[1].new == ()
    assert d.changes[0].new[0] == ("5 Funeral", True)


# ------------------------------------------------------------------------------------------ choosing a version
def test_as_of_picks_the_version_in_force(capsys: pytest.CaptureFixture[str]) -> None:
    umong = str(ROOT / "regulations" / "umong.yaml")
    _, before, _ = run(capsys, "render", umong, "--as-of", "2013-09-30", "--lang", "en")
    _, after, _ = run(capsys, "render", umong, "--as-of", "be:2556-10-01", "--lang", "en")
    _, pinned, _ = run(capsys, "render", umong, "--version", "2552", "--lang", "en")
    assert "- Version: 2552\n" in before and "- Version: 2552-1\n" in after
    assert before == pinned


def test_unknown_version_is_a_clean_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "render", str(CHAMUNG), "--version", "2599", "--lang", "en")
    assert (code, out) == (1, "")
    assert err == (f"{CHAMUNG}:$.versions unknown-regulation no regulation named 'chamung 2599' "
                   "(fix: versions in this file: 2556)\n")
    code, out, err = run(capsys, "render", str(CHAMUNG), "--diff", "2599", "--lang", "th")
    assert (code, out) == (1, "")
    assert err == (f"{CHAMUNG}:$.versions unknown-regulation ไม่พบระเบียบชื่อ 'chamung 2599' "
                   "(แก้ไข: ฉบับในไฟล์นี้: 2556)\n")


def test_invalid_regulation_is_a_clean_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(DRAFT.read_text(encoding="utf-8").replace("money: 1500", "money: 1500.5"), encoding="utf-8")
    out_file = tmp_path / "out.md"
    code, out, err = run(capsys, "render", str(bad), "--out", str(out_file), "--lang", "en")
    assert (code, out) == (1, "")
    assert err == (f"{bad}:155:39 money-float money written as a floating-point number (1500.5) [ข้อ ๒] "
                   "(fix: write money as a whole number (500) or a decimal string in quotes (\"12.50\"))\n")
    assert not out_file.exists()


def test_out_writes_the_same_bytes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _, out, _ = run(capsys, "render", str(CHAMUNG), "--lang", "en")
    target = tmp_path / "chamung.en.md"
    assert run(capsys, "render", str(CHAMUNG), "--lang", "en", "--out", str(target))[0] == 0
    assert target.read_bytes() == out.encode("utf-8")
