"""Language version 2, amendments: an amendment restates only what it changes; it is consolidated into the full
text (the engine, show and render read it), its fingerprint is that of its meaning (the same as the version
written out whole), render --diff prints what it changed, and problems are reported where the text is written."""

from __future__ import annotations

from decimal import Decimal

import pytest

from swf_rules import Engine
from swf_rules.cli import main
from swf_rules.committee.lint import lint_document
from swf_rules.core.errors import RegulationError
from swf_rules.core.load import load_yaml_text
from swf_rules.core.validate import load_regulation, load_regulation_text, validate_document
from swf_rules.testing import claim, history

HEAD = """language: swf-rules/2
calendar: gregorian
fund:
  id: amended
  name: {th: กองทุนตัวอย่าง, en: Example fund}
  place: {subdistrict: {th: ก, en: A}, district: {th: ข, en: B}, province: {th: ค, en: C}}
versions:
"""
BASE = """  - version: "1"
    title: {th: ระเบียบ, en: Regulation}
    effective: 2008-01-01
    adopted: {meeting: {th: ที่ประชุมใหญ่, en: General meeting}, date: 2007-12-15}
    source: {document: ระเบียบ}
    membership: {clause: "ข้อ 5", contribution: {amount: 30, period: month}, starts: approval}
    shared_caps:
      - {id: care, benefits: [birth, hospital], per: fiscal_year, money: 1200}
    benefits:
      - {id: birth, kind: birth, title: {th: คลอด, en: Birth}, clause: "ข้อ 7", amount: {type: flat, amount: 1000}}
      - {id: hospital, kind: sickness, title: {th: นอนโรงพยาบาล, en: Hospital}, clause: "ข้อ 8",
         amount: {type: rate, rate: 200, unit: night}}
      - {id: death, kind: death, title: {th: ตาย, en: Death}, clause: "ข้อ 9", amount: {type: flat, amount: 10000}}
      - {id: spouse, kind: spouse_death, title: {th: คู่สมรส, en: Spouse}, clause: "ข้อ 10",
         amount: {type: fraction_of, benefit: death, fraction: "1/2"}}
"""
AMEND_1 = """  - version: "1-1"
    amends: "1"
    title: {th: แก้ไขเพิ่มเติมครั้งที่ ๑, en: Amendment no. 1}
    effective: 2013-10-01
    adopted: {meeting: {th: ที่ประชุมใหญ่, en: General meeting}, date: 2013-09-01}
    source: {document: แก้ไขเพิ่มเติมครั้งที่ ๑}
    illustrative: [the amendment's own note]
    benefits:
      - {id: death, kind: death, title: {th: ตาย, en: Death}, clause: "ข้อ 9", amount: {type: flat, amount: 16000}}
      - {id: elderly, kind: elderly, title: {th: ผู้สูงอายุ, en: Elderly}, clause: "ข้อ 11",
         amount: {type: allowance, amount: 300, every: fiscal_year}}
    repeals: [birth]
    shared_caps:
      - {id: care, benefits: [hospital], per: fiscal_year, money: 1000}
"""
AMEND_2 = """  - version: "1-2"
    amends: "1-1"
    title: {th: แก้ไขเพิ่มเติมครั้งที่ ๒, en: Amendment no. 2}
    effective: 2018-10-01
    adopted: {meeting: {th: ที่ประชุมใหญ่, en: General meeting}, date: 2018-09-01}
    source: {document: แก้ไขเพิ่มเติมครั้งที่ ๒}
    membership: {clause: "ข้อ 5", contribution: {amount: 50, period: month}, starts: approval}
    rounding: {mode: down}
"""
TEXT = HEAD + BASE + AMEND_1 + AMEND_2


@pytest.fixture(scope="module")
def reg():
    return load_regulation_text(TEXT, file="amended.yaml")


def test_consolidated_versions(reg) -> None:
    v1, v11, v12 = reg.versions
    assert [b.id for b in v11.benefits] == ["hospital", "death", "spouse", "elderly"]  # restated in place, added last
    assert [b.amount.amount for b in v11.benefits if b.id == "death"] == [Decimal(16000)]
    assert v11.membership is v1.membership and v11.shared_caps[0].money == Decimal(1000)
    assert v11.illustrative == ["the amendment's own note"]
    assert [b.id for b in v12.benefits] == [b.id for b in v11.benefits]  # an amendment of an amendment
    assert (v12.membership.contribution.amount, v12.rounding.mode) == (Decimal(50), "down")
    assert (reg.amended(v11).version, reg.amended(v12).version, reg.amended(v1)) == ("1", "1-1", None)
    assert reg.benefit_path(v11, 0) == ("versions", 0, "benefits", 1)  # hospital: inherited from version 1
    assert reg.benefit_path(v11, 1) == ("versions", 1, "benefits", 0)  # death: restated by the amendment


def test_fingerprint_is_that_of_the_text_written_out_whole(reg) -> None:
    v11 = reg.versions[1]
    whole = HEAD + BASE + """  - version: "1-1"
    title: {th: แก้ไขเพิ่มเติมครั้งที่ ๑, en: Amendment no. 1}
    effective: 2013-10-01
    adopted: {meeting: {th: ที่ประชุมใหญ่, en: General meeting}, date: 2013-09-01}
    source: {document: แก้ไขเพิ่มเติมครั้งที่ ๑}
    illustrative: [the amendment's own note]
    membership: {clause: "ข้อ 5", contribution: {amount: 30, period: month}, starts: approval}
    shared_caps:
      - {id: care, benefits: [hospital], per: fiscal_year, money: 1000}
    benefits:
      - {id: hospital, kind: sickness, title: {th: นอนโรงพยาบาล, en: Hospital}, clause: "ข้อ 8",
         amount: {type: rate, rate: 200, unit: night}}
      - {id: death, kind: death, title: {th: ตาย, en: Death}, clause: "ข้อ 9", amount: {type: flat, amount: 16000}}
      - {id: spouse, kind: spouse_death, title: {th: คู่สมรส, en: Spouse}, clause: "ข้อ 10",
         amount: {type: fraction_of, benefit: death, fraction: "1/2"}}
      - {id: elderly, kind: elderly, title: {th: ผู้สูงอายุ, en: Elderly}, clause: "ข้อ 11",
         amount: {type: allowance, amount: 300, every: fiscal_year}}
"""
    written = load_regulation_text(whole, file="whole.yaml")
    assert written.fingerprint(written.versions[1]) == reg.fingerprint(v11)
    assert reg.fingerprint(reg.versions[0]) == written.fingerprint(written.versions[0])


def test_the_version_in_force_decides(reg) -> None:
    eng = Engine(reg)
    m = history(joined="2005-01-15", died_on="2013-10-01")
    assert eng.evaluate(m, claim("death", "2013-10-01")).amount == Decimal(16000)
    m = history(joined="2005-01-15", died_on="2013-09-30")
    assert eng.evaluate(m, claim("death", "2013-09-30")).amount == Decimal(10000)
    m = history(joined="2005-01-15")
    # spouse is inherited, but half of the restated death amount
    assert eng.evaluate(m, claim("spouse", "2013-10-01")).amount == Decimal(8000)
    assert eng.evaluate(m, claim("spouse", "2013-09-30")).amount == Decimal(5000)
    # the shared cap restated: 1200 for birth and hospital before, 1000 for hospital alone after
    assert eng.evaluate(m, claim("hospital", "2013-09-30", units=7)).amount == Decimal(1200)
    assert eng.evaluate(m, claim("hospital", "2013-10-01", units=7)).amount == Decimal(1000)


def test_a_repealed_benefit_is_gone(reg) -> None:
    from swf_rules.core.errors import InputError
    eng = Engine(reg)
    m = history(joined="2005-01-15")
    assert eng.evaluate(m, claim("birth", "2013-09-30")).amount == Decimal(1000)
    with pytest.raises(InputError) as e:
        eng.evaluate(m, claim("birth", "2013-10-01"))
    assert e.value.codes == ["unknown-benefit"]


def test_show_prints_the_consolidated_text_and_what_the_amendment_did(tmp_path, capsys) -> None:
    f = tmp_path / "amended.yaml"
    f.write_text(TEXT, encoding="utf-8")
    assert main(["show", str(f), "--as-of", "2014-01-01"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[7:10] == ["  amends version 1 (consolidated text)", "    restates: shared_caps, death, elderly",
                         "    repeals: birth"]
    # every rule, in the printed regulation's sentences, each benefit with its id (what claims name)
    assert [ln for ln in out if ln and not ln.startswith(" ")][2:] == [
        "Shared cap care", "Clause 5 Membership and contributions", "Clause 8 Hospital [hospital]",
        "Clause 9 Death [death]", "Clause 10 Spouse [spouse]", "Clause 11 Elderly [elderly]", "Notes"]
    assert out[out.index("Clause 10 Spouse [spouse]") + 2] == "  (2) The fund pays half of the amount under Clause 9 (Death)."
    assert main(["show", str(f), "--as-of", "2014-01-01", "--lang", "th"]) == 0
    th = capsys.readouterr().out.splitlines()
    assert th[6:9] == ["  แก้ไขเพิ่มเติมระเบียบ (ข้อความรวมฉบับแก้ไขแล้ว)", "    แก้ไข: เพดานร่วม, ข้อ 9 ตาย, ข้อ 11 ผู้สูงอายุ",
                       "    ยกเลิก: ข้อ 7 คลอด"]


def test_render_diff_of_an_amendment_prints_only_what_it_changed(tmp_path, capsys) -> None:
    f = tmp_path / "amended.yaml"
    f.write_text(TEXT, encoding="utf-8")
    assert main(["render", str(f), "--version", "1-1", "--diff", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    rows = [ln.split(" | ")[0:2] for ln in out.splitlines() if ln.startswith("| ") and not ln.startswith("| ---")]
    assert rows == [["| Clause", "Change"], ["| Heading", "changed"], ["| Shared cap care", "changed"],
                    ["| Clause 9 Death", "changed"], ["| Clause 11 Elderly", "added"], ["| Clause 7 Birth", "removed"],
                    ["| Notes", "changed"]]
    assert "Clauses not changed: Clause 5 Membership and contributions, Clause 8 Hospital, Clause 10 Spouse" in out
    assert main(["render", str(f), "--version", "1", "--diff"]) == 2  # the first version has nothing before it


def test_problems_in_an_amendment_are_reported_where_written_and_once() -> None:
    bad = TEXT.replace("amount: {type: flat, amount: 16000}", "amount: {type: flat, amount: 16000.5}")
    with pytest.raises(RegulationError) as e:
        load_regulation_text(bad, file="x.yaml")
    assert [(p.code, p.line) for p in e.value.problems] == [("money-float", 31)]
    bad = TEXT.replace('      - {id: birth, kind: birth, title: {th: คลอด, en: Birth}, clause: "ข้อ 7", amount: {type: flat, '
                       'amount: 1000}}', '      - {id: birth, kind: birth, title: {th: คลอด, en: Birth}, clause: "ข้อ 7", '
                       'amount: {type: flat, amount: 1000}, offsets: [{benefit: nothing}]}')
    with pytest.raises(RegulationError) as e:  # a mistake in the amended version is reported once, there
        load_regulation_text(bad, file="x.yaml")
    assert [(p.code, p.line) for p in e.value.problems] == [("unknown-benefit", 17)]


def test_lint_reports_an_inherited_clause_once() -> None:
    text = TEXT.replace("{id: birth, kind: birth,", "{id: birth, kind: birth, caps: [{per: fiscal_year, money: 500}],")
    doc = load_yaml_text(text, file="x.yaml")
    found = [(f.code, f.line) for f in lint_document(doc, validate_document(doc))]
    assert found == [("lint-several-members-undeclared", 17), ("lint-cap-below-payment", 17),
                     ("lint-note-untranslated", 29), ("lint-shared-cap-one-benefit", 36)]  # the amendment's note


@pytest.mark.parametrize("name,fingerprints", [
    ("chamung", {"2556": "sha256:8fda4d3e15bcbfcf9b6145e368fd4711dccf4df851cda98899f3529355c8f5d6"}),
    ("thaytalad", {"1": "sha256:c00f5fb391f017027d0ee01a250ae85ebe13b1190e4a6a45cb6caefb17b32ea3"}),
    # umong.yaml itself is swf-rules/2 now (benefit groups, a refund); its version-1 text is kept as a test file
    ("../tests/regulations/good/umong-v1", {
        "2552": "sha256:9e7a60e92cd3b95e75f7c0bbb702c5ffad330879a393f9cb923e04a7f88a1c67",
        "2552-1": "sha256:c5cfa5b26769e3cfa1dabb0886d8e8ed02e73429286299645120bf21a32cdd07"}),
    # the template's since its notes were written in both languages and its certificate condition described
    # (issue 15: what lint asks of a regulation members read in Thai)
    ("template", {"2556": "sha256:916d9beeb3fbed344443be62ebe12b1e992778042f8aa8dfdabe6ae26f496e8e",
                  "2556-1": "sha256:35e5e68564410d38bdc069e810f7fffd9a82fadbd133354213a32a06a78a2850"}),
])
def test_v1_files_keep_their_fingerprints(name: str, fingerprints: dict[str, str]) -> None:
    """The fingerprints these files had before language version 2 existed: a v1 file means the same under v2."""
    reg = load_regulation(f"regulations/{name}.yaml")
    assert reg.fingerprints == fingerprints
    assert (reg.written, reg.amends, reg.benefit_paths) == (None, {}, {})
