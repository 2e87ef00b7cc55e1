"""The mutation-run wrapper (python -m benchmarks.mutation) reads mutmut's results into the documented score table.

mutmut itself is not run here (that takes the better part of an hour, docs/testing.md); a results file of the shape
mutmut writes is made up instead."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import mutation  # noqa: E402

MUTATED = '''
def x_f__mutmut_orig(a, b=1):
    if a < b:
        return a
    return b


def x_f__mutmut_1(a, b=1):
    if a <= b:
        return a
    return b


def x_f__mutmut_2(a, b=2):
    if a < b:
        return a
    return b
'''


@pytest.fixture()
def fake_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    core = tmp_path / "mutants" / "swf_rules" / "core"
    core.mkdir(parents=True)
    codes = {"swf_rules.core.dates.x_f__mutmut_1": 1, "swf_rules.core.dates.x_f__mutmut_2": 0,
             "swf_rules.core.dates.x_g__mutmut_1": -24, "swf_rules.core.dates.x_g__mutmut_2": 33,
             "swf_rules.core.dates.x_g__mutmut_3": None}
    (core / "dates.py.meta").write_text(json.dumps({"exit_code_by_key": codes}), encoding="utf-8")
    (core / "dates.py").write_text(MUTATED, encoding="utf-8")
    monkeypatch.setattr(mutation, "ROOT", tmp_path)
    return tmp_path


def test_status_of_exit_codes() -> None:
    assert [mutation.status(c) for c in (1, 3, 0, -24, 36, 33, 5, None, 2)] == [
        "killed", "killed", "survived", "timeout", "timeout", "no tests", "no tests", "not checked", "suspicious"]


def test_table(fake_root: Path) -> None:
    rows, total = mutation.table(["dates", "money"])
    assert rows == [
        {"module": "dates", "mutants": 5, "killed": 1, "timeout": 1, "survived": 1, "no_tests": 1, "other": 1,
         "score": 40.0},
        {"module": "money", "mutants": 0, "killed": 0, "timeout": 0, "survived": 0, "no_tests": 0, "other": 0,
         "score": None}]
    assert total == {"mutants": 5, "killed": 1, "timeout": 1, "survived": 1, "no_tests": 1, "other": 1, "score": 40.0}


def test_report_only(fake_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = fake_root / "score.json"
    assert mutation.main(["--report-only", "--modules", "dates", "--show-survivors", "--json", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[:4] == [
        "| module | mutants | killed | timeout | survived | no_tests | other | score |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        "| dates | 5 | 1 | 1 | 1 | 1 | 1 | 40.0% |",
        "| **total** | 5 | 1 | 1 | 1 | 1 | 1 | 40.0% |"]
    assert printed[5:] == [
        "## dates: 3 not killed",
        "swf_rules.core.dates.x_f__mutmut_2 [survived]",
        "    - def x_f__mutmut_orig(a, b=1):",
        "    + def x_f__mutmut_2(a, b=2):",
        "swf_rules.core.dates.x_g__mutmut_2 [no tests]",
        "    (source not found)",
        "swf_rules.core.dates.x_g__mutmut_3 [not checked]",
        "    (source not found)"]
    assert json.loads(out.read_text(encoding="utf-8"))["total"]["score"] == 40.0


def test_changed_lines() -> None:
    orig = "def x_f__mutmut_orig(a):\n    return a + 1"
    assert mutation.changed_lines(orig, "def x_f__mutmut_1(a):\n    return a - 1") == ["- return a + 1",
                                                                                    "+ return a - 1"]
    assert mutation.changed_lines(orig, "def x_f__mutmut_1(a):\n    return a + 1\n    pass") == \
        ["(lines differ in number)"]


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert mutation.main(["--report-only", "--modules", "dates,nope"]) == 2
    assert capsys.readouterr().err == "unknown module(s) ['nope']; choose from dates, money, bands, compile, " \
                                      "_claim_facts, _amounts, _amounts_v2, _checks, evaluate, facts\n"
    assert mutation.main(["--report-only", "--children", "0"]) == 2
    assert capsys.readouterr().err == "--children >= 1\n"


def test_a_module_without_results_is_mutated_afresh(fake_root: Path) -> None:
    # dates has results: its mutated file stays; money has only mutmut's plain copy (a module added to only_mutate
    # after a run): the copy is removed so that the next run mutates it, with the record of which tests call what
    core = fake_root / "mutants" / "swf_rules" / "core"
    (core / "money.py").write_text("x = 1\n", encoding="utf-8")
    (fake_root / "mutants" / "mutmut-stats.json").write_text("{}", encoding="utf-8")
    assert mutation.forget_unmutated_copy("dates") is False
    assert (fake_root / "mutants" / "mutmut-stats.json").is_file()
    assert [mutation.forget_unmutated_copy(m) for m in ("money", "bands")] == [True, False]
    assert sorted(p.name for p in core.iterdir()) == ["dates.py", "dates.py.meta"]
    assert not (fake_root / "mutants" / "mutmut-stats.json").exists()  # recorded again on the next run
