"""`swf-rules lint`: findings on valid regulations, each with an exact code and file:line:col.

Fixtures in tests/lint/ are valid regulations, each with one suspicious thing (clean.yaml has none).  Golden files
in tests/golden/lint/ hold the report committees read; regenerate them on purpose with
``SWF_UPDATE_GOLDEN=1 python -m pytest tests/test_lint.py`` and review ``git diff tests/golden``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from swf_rules.cli import main
from swf_rules.core.errors import CATALOG, WARNINGS, RegulationError
from swf_rules.committee.lint import lint_document, lint_file
from swf_rules.core.load import load_yaml_text
from swf_rules.core.validate import load_regulation_text, validate_document

from golden_files import check_golden

ROOT = Path(__file__).resolve().parent.parent
LINT = ROOT / "tests" / "lint"
GOLDEN = ROOT / "tests" / "golden" / "lint"
MINIMAL = (ROOT / "tests" / "regulations" / "good" / "minimal.yaml").read_text(encoding="utf-8")


# the findings about the documents' Thai words (tests of their own below); the other rules' tests leave them out
THAI = {"lint-note-untranslated", "lint-condition-undescribed", "lint-claim-field-undescribed"}


def golden(name: str, text: str) -> None:
    check_golden(GOLDEN / name, text)


@pytest.fixture(autouse=True)
def _repo_cwd(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


EXPECTED = {
    "cap-below-payment": [("lint-cap-below-payment", 33, 39, "2")],
    "claim-field-undescribed": [("lint-claim-field-undescribed", 30, 11, "2")],
    "clean": [],
    "condition-always-false": [("lint-condition-always-false", 32, 21, "2")],
    "condition-always-true": [("lint-condition-always-true", 32, 21, "2")],
    "condition-constant": [("lint-condition-always-true", 32, 21, "2")],
    "condition-undescribed": [("lint-condition-undescribed", 34, 21, "2")],
    "note-untranslated": [("lint-note-untranslated", 30, 46, "2")],
    "same-event": [("lint-same-event-undeclared", 41, 15, "3/1")],
    "status-excludes-active": [("lint-status-excludes-active", 37, 19, "3")],
    "table-not-monotone": [("lint-table-not-monotone", 51, 40, "4")],
    "unreachable-age-window": [("lint-unreachable-benefit", 38, 22, "2/1")],
    "unreachable-birth-male": [("lint-unreachable-benefit", 31, 16, "2")],
    "waiting-unservable": [("lint-waiting-unservable", 47, 20, "5"), ("lint-status-excludes-active", 48, 19, "5")],
}


def test_every_fixture_is_listed() -> None:
    assert sorted(p.stem for p in LINT.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_findings(name: str) -> None:
    findings = lint_file(f"tests/lint/{name}.yaml")
    assert [(f.code, f.line, f.col, f.clause) for f in findings] == EXPECTED[name]
    assert {f.severity for f in findings} <= {"warning"}
    assert {f.file for f in findings} <= {f"tests/lint/{name}.yaml"}


def _fixtures() -> list[str]:
    return [f"tests/lint/{p.name}" for p in sorted(LINT.glob("*.yaml"))]


def test_lint_report_golden_en(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", *_fixtures()]) == 1
    out = capsys.readouterr().out
    golden("fixtures.en.txt", out)
    assert out.splitlines()[-1] == "14 findings in 14 files"


def test_lint_report_golden_th(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", *_fixtures(), "--lang", "th"]) == 1
    out = capsys.readouterr().out
    golden("fixtures.th.txt", out)
    assert out.splitlines()[-1] == "พบข้อสังเกต 14 รายการ ใน 14 ไฟล์"


def test_lint_json_golden(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "tests/lint/same-event.yaml", "--format", "json"]) == 1
    out = capsys.readouterr().out
    golden("same-event.json", out)
    data = json.loads(out)
    assert (data["ok"], data["problems"], len(data["findings"])) == (False, [], 1)
    f = data["findings"][0]
    assert (f["code"], f["severity"], f["line"], f["col"], f["clause"], f["json_path"]) == (
        "lint-same-event-undeclared", "warning", 41, 15, "3/1", "$.versions[0].benefits[2].kind")
    assert f["message"]["th"] == ("สวัสดิการ 'hospital' และ 'outpatient' (ประเภท sickness ทั้งคู่) อาจจ่ายให้เหตุการณ์"
                                  "เดียวกัน โดยไม่ได้ระบุ same_event stacks_with หรือ excludes")


def test_clean_regulation_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "tests/lint/clean.yaml"]) == 0
    assert capsys.readouterr().out == "no findings in 1 file\n"


def test_ignore_a_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "tests/lint/waiting-unservable.yaml", "--ignore", "lint-status-excludes-active"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [ln.split(" ")[1] for ln in lines[:-1]] == ["lint-waiting-unservable"]
    assert main(["lint", "tests/lint/same-event.yaml", "--ignore", "lint-same-event-undeclared"]) == 0


def test_invalid_regulation_is_reported_not_linted(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "tests/regulations/bad/band-gap.yaml", "tests/lint/clean.yaml"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [ln.split(" ")[1] for ln in lines[:-1]] == ["band-gap"]
    assert lines[-1] == "no findings in 2 files"


def test_bundled_regulations() -> None:
    found = {p.name: [(f.code, f.line, f.col) for f in lint_file(p)]
             for p in sorted((ROOT / "regulations").glob("*.yaml")) if p.name != "template.yaml"}
    # The level/cause conditions restate the claim field's one_of (the clause's own list): not findings.  chamung's
    # notes are the project's, in English; their Thai is in its document section (document.translations).
    assert found == {"chamung.yaml": [], "pathumlos.yaml": [], "phai.yaml": [], "ptscoop.yaml": [], "thaytalad.yaml": [],
                     "umong.yaml": []}


def test_bundled_regulations_lint_clean_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(p) for p in sorted((ROOT / "regulations").glob("*.yaml"))]
    assert main(["lint", *paths]) == 0
    assert capsys.readouterr().out == f"no findings in {len(paths)} files\n"


# ------------------------------------------------------------------------------------------ conditions by grid
def _with_condition(when: str, fields: str = "") -> list[tuple[str, str]]:
    text = MINIMAL.replace("""        eligibility:
          waiting: {days: 180}
        amount: {type: flat, amount: 1000}""", f"""{fields}        eligibility:
          waiting: {{days: 180}}
          conditions:
            - when: '{when}'
        amount: {{type: flat, amount: 1000}}""")
    doc = load_yaml_text(text, file="x.yaml")
    return [(f.code, f.message_en) for f in lint_document(doc, validate_document(doc)) if f.code not in THAI]


GPA = """        claim_fields:
          gpa: {type: number}
          level: {type: text, one_of: [p6, m3]}
          twins: {type: yes_no}
"""


@pytest.mark.parametrize("when,fields,expected", [
    ("gpa >= 3.5", GPA, None),
    ("age >= 60 and sex == \"female\"", "", None),
    ("gpa >= 3.5 and gpa < 3.5", GPA, "lint-condition-always-false"),
    ("age > 120", "", "lint-condition-always-false"),
    ("units >= 0", "", "lint-condition-always-true"),
    ("children >= 1 or twins", GPA, "lint-condition-always-true"),
    ("sex == \"female\" and sex == \"male\"", "", "lint-condition-always-false"),
    ("level == \"p6\" or level == \"m3\"", GPA, None),  # restates one_of: the clause's own list
    ("level != \"m6\"", GPA, "lint-condition-always-true"),  # true for the values allowed and for any other
    ("level == \"m6\"", GPA, "lint-condition-always-false"),
    ("status == \"active\"", "", "lint-condition-always-true"),
    ("fiscal_year >= 2567", "", None),
    ("tenure_days / 365 >= 3", "", None),
    ("not (1 > 2)", "", "lint-condition-always-true"),
])
def test_condition_grid(when: str, fields: str, expected: str | None) -> None:
    found = _with_condition(when, fields)
    assert [c for c, _ in found] == ([expected] if expected else [])


def test_condition_messages() -> None:
    assert _with_condition("age > 120") == [(
        "lint-condition-always-false", "condition 'age > 120' is always false: for every value tried of age; "
        "benefit 'birth' can never be paid")]
    assert _with_condition("level != \"m6\"", GPA) == [(
        "lint-condition-always-true", "condition 'level != \"m6\"' is always true: for every value "
        "tried of level (the claim field level only allows the values listed in one_of)")]


# ------------------------------------------------------------------------------------------ other rules
def _lint(text: str) -> list[str]:
    doc = load_yaml_text(text, file="x.yaml")
    return [f.code for f in lint_document(doc, validate_document(doc)) if f.code not in THAI]


def test_waiting_is_servable_when_one_missed_instalment_suspends() -> None:
    text = (LINT / "waiting-unservable.yaml").read_text(encoding="utf-8").replace(
        "suspend_after: 2\n      lapse_after: {total: 2}", "suspend_after: 1\n      lapse_after: {consecutive: 2}")
    assert _lint(text) == ["lint-status-excludes-active"]


def test_waiting_is_servable_when_missed_instalments_are_spread_out() -> None:
    text = (LINT / "waiting-unservable.yaml").read_text(encoding="utf-8").replace(
        "lapse_after: {total: 2}", "lapse_after: {consecutive: 2}")
    assert _lint(text) == ["lint-status-excludes-active"]


def test_declared_monotone_none_is_respected() -> None:
    text = (LINT / "table-not-monotone.yaml").read_text(encoding="utf-8").replace(
        "          tenure: {rounding: completed_years, membership: continuous}\n",
        "          tenure: {rounding: completed_years, membership: continuous}\n          monotone: none\n")
    assert _lint(text) == []


def test_same_event_not_reported_when_declared_or_disjoint() -> None:
    text = (LINT / "same-event.yaml").read_text(encoding="utf-8")
    declared = text.replace("        amount: {type: flat, amount: 100}",
                            "        amount: {type: flat, amount: 100}\n        same_event: {excludes: [hospital]}")
    assert _lint(declared) == []
    disjoint = text.replace("        amount: {type: flat, amount: 100}",
                            "        eligibility: {age: {max: 17}}\n        amount: {type: flat, amount: 100}").replace(
        "        amount: {type: rate, rate: 200, unit: night}",
        "        eligibility: {age: {min: 18}}\n        amount: {type: rate, rate: 200, unit: night}")
    assert _lint(disjoint) == []


def test_zero_amount_is_unreachable() -> None:
    assert _lint(MINIMAL.replace("amount: {type: flat, amount: 1000}", "amount: {type: flat, amount: 0}")) == [
        "lint-unreachable-benefit"]


def test_a_note_translated_in_the_document_section_is_not_flagged() -> None:
    text = (LINT / "note-untranslated.yaml").read_text(encoding="utf-8").replace(
        "    membership:\n", "    document:\n      translations:\n"
        "        - {en: not in the published text, th: ไม่ปรากฏในประกาศ}\n    membership:\n", 1)
    doc = load_yaml_text(text, file="x.yaml")
    reg = validate_document(doc)
    assert [f.code for f in lint_document(doc, reg)] == []
    assert reg.fingerprint(reg.versions[0]) == load_regulation_text(
        (LINT / "note-untranslated.yaml").read_text(encoding="utf-8")).fingerprint(reg.versions[0])


def test_lint_codes_are_warnings_in_the_catalog() -> None:
    codes = sorted(c for c in CATALOG if c.startswith("lint-"))
    assert codes == ["lint-billed-uncapped", "lint-cap-below-payment", "lint-claim-field-undescribed",
                     "lint-condition-always-false", "lint-condition-always-true", "lint-condition-undescribed",
                     "lint-grace-days-year-end", "lint-group-unused", "lint-levies-without-levy",
                     "lint-note-untranslated", "lint-refund-disagrees", "lint-same-event-undeclared",
                     "lint-several-members-undeclared", "lint-shared-cap-one-benefit", "lint-stated-rate-differs",
                     "lint-status-excludes-active", "lint-table-not-monotone", "lint-unreachable-benefit",
                     "lint-waiting-unservable"]
    assert set(codes) <= WARNINGS


def test_lint_file_raises_for_invalid() -> None:
    with pytest.raises(RegulationError) as e:
        lint_file("tests/regulations/bad/band-gap.yaml")
    assert e.value.codes == ["band-gap"]
