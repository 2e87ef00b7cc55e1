"""Every file in tests/regulations/bad/ holds exactly one mistake, declared on its first line as
``# expect: CODE LINE:COL``; loading it must report exactly that one problem, at exactly that place."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from swf_rules.cli import main
from swf_rules.core.errors import CATALOG, RegulationError
from swf_rules.core.validate import Regulation, load_regulation

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "regulations" / "bad"
GOOD = ROOT / "tests" / "regulations" / "good"
FILES = sorted(BAD.glob("*.yaml"))
HEADER = re.compile(rb"^# expect: ([a-z0-9-]+) (\d+):(\d+)\n")
# A zero-byte file has no room for the expectation comment (a comment would make it a comment-only file).
NO_HEADER = {"empty.yaml": ("empty-file", 1, 1)}

# The mistakes the issue and the brief ask the fixtures to cover (fixture name -> its code).
REQUIRED = {
    "wrong-type-text-for-number": "wrong-type",
    "wrong-type-text-for-mapping": "wrong-type",
    "wrong-type-list-for-mapping": "wrong-type",
    "wrong-type-bool-for-number": "wrong-type",
    "wrong-type-text-for-list": "wrong-type",
    "wrong-type-number-for-text": "wrong-type",
    "unknown-key-typo": "unknown-key",
    "missing-clause": "missing-field",
    "missing-starts": "missing-field",
    "duplicate-key": "duplicate-key",
    "duplicate-benefit-id": "duplicate-benefit-id",
    "money-negative": "money-negative",
    "money-float": "money-float",
    "money-three-decimals": "money-precision",
    "band-overlap": "band-overlap",
    "band-shared-boundary": "band-overlap",
    "band-gap": "band-gap",
    "unknown-fact": "unknown-fact",
    "condition-syntax": "condition-syntax",
    "date-order": "date-order",
    "unknown-calendar": "unknown-calendar",
    "undeclared-buddhist-date": "undeclared-buddhist-date",
    "unknown-benefit-fraction-of": "unknown-benefit",
    "unknown-benefit-offset": "unknown-benefit",
    "unknown-benefit-same-event": "unknown-benefit",
    "alias-bomb": "alias-bomb",
    "recursive-alias": "recursive-alias",
    "not-utf8": "not-utf8",
    "empty": "empty-file",
    "comment-only": "empty-file",
    "list-not-mapping": "not-a-mapping",
    "python-object-tag": "unsupported-tag",
    "merge-key": "merge-key",
    "cap-below-rate": "cap-below-rate",
    "waiting-unmeetable": "waiting-unmeetable",
    "deadline-zero": "deadline-unmeetable",
    "version-overlap": "version-overlap",
    "duplicate-effective-date": "duplicate-effective-date",
    "bad-identifier": "bad-identifier",
    "condition-type": "condition-type",
    "not-monotone": "not-monotone",
    "unknown-amount-type": "not-allowed",
    "two-documents": "multiple-documents",
    "reference-cycle": "reference-cycle",
    # swf-rules/2 membership constructs
    "needs-language-2": "needs-language-2",
    "conflicting-fields": "conflicting-fields",
    "schedule-yearly-total": "schedule-yearly-total",
    "duplicate-schedule": "duplicate-schedule",
    "levy-unmeetable": "levy-unmeetable",
    "duplicate-group-id": "duplicate-group-id",
    "unknown-group": "unknown-group",
    "group-waiting-twice": "group-waiting-twice",
    "refund-status": "refund-status",
    "unknown-claim-field": "unknown-claim-field",
}


def expectation(path: Path) -> tuple[str, int, int]:
    if path.name in NO_HEADER:
        return NO_HEADER[path.name]
    m = HEADER.match(path.read_bytes())
    assert m, f"{path.name} must start with '# expect: CODE LINE:COL'"
    return m.group(1).decode(), int(m.group(2)), int(m.group(3))


def problems_of(path: Path | str) -> list:
    with pytest.raises(RegulationError) as info:
        load_regulation(path)
    return info.value.problems


def test_fixture_set_is_complete() -> None:
    names = {p.stem: expectation(p)[0] for p in FILES}
    assert {n: names.get(n) for n in REQUIRED} == REQUIRED
    assert len(FILES) >= 35
    assert (BAD / "empty.yaml").read_bytes() == b""
    with pytest.raises(UnicodeDecodeError):
        (BAD / "not-utf8.yaml").read_bytes().decode("utf-8")


def test_every_expected_code_is_in_the_catalog() -> None:
    assert sorted({expectation(p)[0] for p in FILES} - set(CATALOG)) == []


def test_the_starting_point_is_valid() -> None:
    reg = load_regulation(GOOD / "minimal.yaml")
    assert isinstance(reg, Regulation)
    assert reg.fund_id == "sample"
    assert [b.id for b in reg.versions[0].benefits] == ["birth", "hospital", "death"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_bad_file_reports_exactly_its_one_problem(path: Path) -> None:
    code, line, col = expectation(path)
    got = [(p.code, p.file, p.line, p.col) for p in problems_of(path)]
    assert got == [(code, str(path), line, col)]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_bad_file_messages_are_bilingual(path: Path) -> None:
    (p,) = problems_of(path)
    assert p.severity == "error"
    assert p.message_en.strip() != "" and p.message_th.strip() != ""
    assert "{" not in p.message_en.replace("{}", "") and "{" not in p.message_th.replace("{}", "")


HINTS = {
    "unknown-key-typo": ("did you mean 'waiting'?", "หมายถึง 'waiting' หรือไม่"),
    "unknown-key-benefit": ("did you mean 'illustrative'?", "หมายถึง 'illustrative' หรือไม่"),
    "unknown-key-top": ("did you mean 'calendar'?", "หมายถึง 'calendar' หรือไม่"),
    "unknown-fact": ("did you mean 'children'?", "หมายถึง 'children' หรือไม่"),
    "unknown-benefit-fraction-of": ("did you mean 'death'?", "หมายถึง 'death' หรือไม่"),
    "unknown-benefit-same-event": ("did you mean 'hospital'?", "หมายถึง 'hospital' หรือไม่"),
    "unknown-benefit-offset": ("benefits in this version: birth, hospital, death",
                               "สวัสดิการในรุ่นนี้: birth, hospital, death"),
    "condition-single-equals": ("write '=='", "เขียน '=='"),
    "wrong-type-quoted-number": ("write the number without quotes", "เขียนตัวเลขโดยไม่ใส่เครื่องหมายคำพูด"),
    "wrong-type-text-for-number": (None, None),
    "needs-language-2": ("write language: swf-rules/2 at the top of the file", "เขียน language: swf-rules/2 ที่ต้นไฟล์"),
    "unknown-group": ("did you mean 'items_a'?", "หมายถึง 'items_a' หรือไม่"),
    "refund-status": ("add resigned to eligibility.status", "เพิ่ม resigned ใน eligibility.status"),
}


@pytest.mark.parametrize("name", sorted(HINTS))
def test_hints(name: str) -> None:
    (p,) = problems_of(BAD / f"{name}.yaml")
    assert (p.hint_en, p.hint_th) == HINTS[name]


MESSAGES = {
    "duplicate-key": ("key 'kind' appears twice in this mapping (first at line 27)",
                      "คีย์ 'kind' ซ้ำในชุดเดียวกัน (ครั้งแรกที่บรรทัด 27)"),
    "duplicate-benefit-id": ("benefit id 'birth' is used twice (first at line 26)",
                             "รหัสสวัสดิการ 'birth' ซ้ำ (ครั้งแรกที่บรรทัด 26)"),
    "unknown-fact": ("unknown name 'childs' in condition", "ไม่รู้จักชื่อ 'childs' ในเงื่อนไข"),
    "condition-type": ("condition: cannot compare text with number", "เงื่อนไข: เปรียบเทียบ text กับ number ไม่ได้"),
    "wrong-type-text-for-number": ("expected a whole number, found text 'thirty'",
                                   "ต้องเป็น จำนวนเต็ม แต่พบ ข้อความ 'thirty'"),
    "band-shared-boundary": ("band [1, 5) overlaps band [0, 1]", "ช่วง [1, 5) ซ้อนทับช่วง [0, 1]"),
    "band-gap": ("bands leave a gap between [0, 1) and [2, 5)", "ช่วงของตารางเว้นช่องว่างระหว่าง [0, 1) และ [2, 5)"),
    "date-order": ("until (2023-06-30) is before effective (2024-01-01)",
                   "until (2023-06-30) อยู่ก่อน effective (2024-01-01)"),
    "reference-cycle": ("benefits refer to each other in a cycle: birth -> hospital -> birth",
                        "สวัสดิการอ้างถึงกันเป็นวง: birth -> hospital -> birth"),
    "cap-below-rate": ("cap of 150 is below one unit's rate of 200", "เพดาน 150 ต่ำกว่าอัตราต่อหน่วย 200"),
    "not-utf8": ("file is not valid UTF-8 (byte 0xfc cannot be decoded)",
                 "ไฟล์ไม่ได้เข้ารหัสแบบ UTF-8 (ไบต์ 0xfc ถอดรหัสไม่ได้)"),
    "alias-bomb": ("the document expands to more than 100000 nodes (too many aliases)",
                   "เอกสารขยายตัวเกิน 100000 โหนด (ใช้ alias มากเกินไป)"),
}


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_messages(name: str) -> None:
    (p,) = problems_of(BAD / f"{name}.yaml")
    assert (p.message_en, p.message_th) == MESSAGES[name]


def test_problem_carries_path_clause_and_value() -> None:
    (p,) = problems_of(BAD / "money-float.yaml")
    assert p.path == ("versions", 0, "benefits", 0, "amount", "amount")
    assert p.json_path == "$.versions[0].benefits[0].amount.amount"
    assert p.clause == "2"
    assert p.value == "1000.5"


# ------------------------------------------------------------------------------------------ command line
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_cli_validate_prints_file_line_col_code_message(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, line, col = expectation(path)
    (problem,) = problems_of(str(path))
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr()
    first = out.out.splitlines()[0]
    assert first.startswith(f"{path}:{line}:{col} {code} {problem.message_en}")
    assert first == problem.render("en")
    assert out.err == "1 problem\n"


def test_cli_validate_exact_line(capsys: pytest.CaptureFixture[str]) -> None:
    path = BAD / "unknown-key-typo.yaml"
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out == (
        f"{path}:31:11 unknown-key unknown key 'waitng' [2] (fix: did you mean 'waiting'?)\n")


def test_cli_validate_in_thai(capsys: pytest.CaptureFixture[str]) -> None:
    path = BAD / "wrong-type-text-for-number.yaml"
    assert main(["validate", "--lang", "th", str(path)]) == 1
    out = capsys.readouterr()
    assert out.out == f"{path}:25:19 wrong-type ต้องเป็น จำนวนเต็ม แต่พบ ข้อความ 'thirty' [1]\n"
    assert out.err == "1 ปัญหา\n"


@pytest.mark.parametrize("name", ["unknown-fact", "not-utf8", "empty", "alias-bomb", "version-overlap"])
def test_cli_validate_json(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = BAD / f"{name}.yaml"
    code, line, col = expectation(path)
    assert main(["validate", "--format", "json", str(path)]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] is False
    assert doc["valid"] == []
    assert [(p["code"], p["file"], p["line"], p["col"]) for p in doc["problems"]] == [(code, str(path), line, col)]
    (problem,) = problems_of(str(path))
    assert doc["problems"][0]["message"] == {"en": problem.message_en, "th": problem.message_th}


def test_cli_validate_lists_problems_of_every_file(capsys: pytest.CaptureFixture[str]) -> None:
    a, b = BAD / "band-gap.yaml", BAD / "money-float.yaml"
    assert main(["validate", str(b), str(a)]) == 1
    lines = capsys.readouterr().out.splitlines()
    # files in the order given, each file's problems ranked
    assert [ln.split(" ")[:2] for ln in lines] == [[f"{b}:32:38", "money-float"], [f"{a}:52:23", "band-gap"]]


def test_cli_validate_bundled_regulations(capsys: pytest.CaptureFixture[str]) -> None:
    paths = sorted(str(p) for p in (ROOT / "regulations").glob("*.yaml"))
    assert paths, "no bundled regulations"
    assert main(["validate", *paths]) == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert len(lines) == len(paths)
    for path, ln in zip(paths, lines):
        assert ln.startswith(f"{path}: valid (")
    assert out.err == ""


def test_cli_validate_good_minimal_exact(capsys: pytest.CaptureFixture[str]) -> None:
    path = GOOD / "minimal.yaml"
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: valid (Sample Fund, 1 version)\n"
    assert main(["validate", "--lang", "th", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: ถูกต้อง (กองทุนตัวอย่าง, 1 ฉบับ)\n"


def test_cli_subprocess_no_traceback() -> None:
    """A real process: exit code 1, the problem on stdout, no traceback anywhere."""
    path = BAD / "python-object-tag.yaml"
    r = subprocess.run([sys.executable, "-m", "swf_rules", "validate", str(path)], capture_output=True,
                       cwd=ROOT, timeout=60)
    assert r.returncode == 1
    out, err = r.stdout.decode("utf-8"), r.stderr.decode("utf-8")
    assert out.splitlines()[0] == (f"{path}:9:18 unsupported-tag tag tag:yaml.org,2002:python/object:builtins.dict "
                                   "is not allowed; only plain YAML values are")
    assert err == "1 problem\n"
