"""Committee case files (swf_rules.committee), `swf-rules test` and the pytest plugin.

Golden files in tests/golden/cases/ hold what a committee reads when cases fail.  To regenerate them on purpose:
``SWF_UPDATE_GOLDEN=1 python -m pytest tests/test_cases.py`` and review ``git diff tests/golden``.

The bundled regulations' case files (regulations/cases/*.cases.yaml) are run here, one test per case, so the
default ``pytest`` (testpaths = tests) runs them without collecting regulations/ itself; ``pytest regulations/``
runs the same cases through the plugin (checked below in a subprocess).
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from swf_rules.committee import (CaseFile, build_case, find_case_files, load_case_document, load_case_file, run_case,
                                 run_paths)
from swf_rules.cli import main
from swf_rules.core.errors import CATALOG, InputError, SwfError
from swf_rules.core import Engine
from swf_rules.core.load import load_yaml_text
from swf_rules.core.validate import load_regulation

from golden_files import check_golden

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "regulations" / "cases"
GOLDEN = ROOT / "tests" / "golden" / "cases"
FAILING = "tests/cases/failing.yaml"


def golden(name: str, text: str) -> None:
    check_golden(GOLDEN / name, text)


@pytest.fixture(autouse=True)
def _repo_cwd(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # file names in reports are relative to the repository


# ------------------------------------------------------------------------------------------ bundled cases
@functools.lru_cache(maxsize=None)
def _load(name: str) -> tuple[CaseFile, Engine]:
    cf = load_case_file(CASES / name)
    return cf, Engine(cf.regulation)


def _bundled() -> list[tuple[str, str]]:
    return [(f.name, c.name) for f in sorted(CASES.glob("*.cases.yaml")) for c in _load(f.name)[0].cases]


@pytest.mark.parametrize("file,name", _bundled(), ids=lambda x: x)
def test_bundled_case(file: str, name: str) -> None:
    cf, engine = _load(file)
    case = next(c for c in cf.cases if c.name == name)
    outcome = run_case(engine, case)
    assert outcome.passed, outcome.report()


def test_every_bundled_regulation_ships_with_cases() -> None:
    regs = sorted(p.stem for p in (ROOT / "regulations").glob("*.yaml") if p.name != "template.yaml")
    assert regs == ["chamung", "pathumlos", "phai", "ptscoop", "thaytalad", "umong"]
    assert sorted(p.name for p in CASES.glob("*.cases.yaml")) == [f"{r}.cases.yaml" for r in regs]


def test_bundled_case_counts() -> None:
    counts = {f.name: len(load_case_file(f).cases) for f in sorted(CASES.glob("*.cases.yaml"))}
    assert counts == {"chamung.cases.yaml": 28, "pathumlos.cases.yaml": 17, "phai.cases.yaml": 16,
                      "ptscoop.cases.yaml": 17, "thaytalad.cases.yaml": 14, "umong.cases.yaml": 24}


def test_chamung_case_file_says_the_same_case_in_both_calendars() -> None:
    cf = load_case_file(CASES / "chamung.cases.yaml")
    by_name = {c.name: c for c in cf.cases}
    be = by_name["second stay in the same fiscal year pays the remainder"]
    ce = by_name["second stay in the same fiscal year pays the remainder (the same case in C.E.)"]
    assert be.member == ce.member and be.claim == ce.claim
    assert be.claim.event_date == date(2024, 2, 10)
    assert [(p.benefit, p.event_date, p.amount) for p in be.member.payouts] == [
        ("hospital", date(2023, 11, 2), Decimal(600))]


def test_cli_test_on_bundled_cases() -> None:
    run = run_paths(["regulations"])
    assert (len(run.outcomes), run.files, run.ok) == (116, 6, True)
    assert main(["test", "regulations", "-q"]) == 0


# ------------------------------------------------------------------------------------------ failure reports
def test_failure_report_golden_en(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", FAILING]) == 1
    out = capsys.readouterr().out
    golden("failing.en.txt", out)
    assert out.splitlines()[-1] == "1 passed, 4 failed in 1 file"


def test_failure_report_golden_th(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", FAILING, "--lang", "th", "--quiet"]) == 1
    out = capsys.readouterr().out
    golden("failing.th.txt", out)
    assert out.splitlines()[-1] == "ผ่าน 1 ไม่ผ่าน 4 จาก 1 ไฟล์"


def test_failure_outcomes_exact() -> None:
    run = run_paths([FAILING])
    rows = [(o.case.line, o.passed, o.actual()) for o in run.outcomes]
    assert rows == [
        (6, True, "eligible true, amount 600"),
        (11, False, "eligible true, amount 400"),
        (18, False, "eligible false, failing [status]"),
        (23, False, "eligible true, amount 10000"),
        (28, False, "error death-claim-mismatch"),
    ]
    last = run.outcomes[-1]
    assert [(p.code, p.line, p.col) for p in last.case.relocated(last.error.problems)] == [  # type: ignore[union-attr]
        ("death-claim-mismatch", 30, 35)]


# ------------------------------------------------------------------------------------------ what a case builds
def test_compact_member_writes_the_passbook() -> None:
    reg = load_regulation(ROOT / "regulations" / "chamung.yaml")
    case = build_case(reg, {
        "name": "n",
        "member": {"born": "1980-01-01", "sex": "female", "joined": "2019-01-15", "paid": "every month",
                   "missed": ["2019-03", "2019-05..2019-06"]},
        "claim": {"benefit": "hospital", "date": "2019-08-03", "nights": 2},
        "expect": {"eligible": True}})
    m = case.member
    assert [(c.covers, c.date.isoformat(), c.amount) for c in m.contributions] == [
        ("2019-01", "2019-01-15", Decimal(30)), ("2019-02", "2019-02-05", Decimal(30)),
        ("2019-04", "2019-04-05", Decimal(30)), ("2019-07", "2019-07-05", Decimal(30)),
        ("2019-08", "2019-08-03", Decimal(30))]
    assert [(s.start, s.end, s.end_reason) for s in m.spells] == [(date(2019, 1, 15), None, None)]
    assert case.claim.units == 2 and case.claim.claim_id == "c-1" and case.claim.member_id == "m-1"


def test_paid_until_spells_and_death() -> None:
    reg = load_regulation(ROOT / "regulations" / "chamung.yaml")
    case = build_case(reg, {
        "name": "n",
        "member": {"id": "01-7", "born": "2500-01-01", "sex": "male", "paid": "until 2562-04-20",
                   "spells": [{"start": "2562-01-15", "end": "2562-03-10", "reason": "resigned"},
                              {"start": "2562-04-01"}],
                   "died": "2562-06-01"},
        "history": [{"benefit": "hospital", "date": "2562-03-01", "units": 1, "amount": 200}],
        "claim": {"benefit": "death", "date": "2562-06-01", "filed": "2562-06-05"},
        "expect": {"eligible": False, "failing": ["waiting"]}}, calendar="buddhist")
    m = case.member
    assert [(c.covers, c.date.isoformat()) for c in m.contributions] == [
        ("2019-01", "2019-01-15"), ("2019-02", "2019-02-05"), ("2019-03", "2019-03-05"), ("2019-04", "2019-04-05")]
    assert m.died_on == date(2019, 6, 1) and m.member_id == "01-7"
    assert [(p.claim_id, p.units, p.amount) for p in m.payouts] == [("h-1", 1, Decimal(200))]
    assert (case.claim.filed_on, case.claim.member_id) == (date(2019, 6, 5), "01-7")
    outcome = run_case(Engine(reg), case)
    assert (outcome.passed, outcome.actual()) == (True, "eligible false, failing [waiting]")


def test_yearly_schedule_and_missed_years() -> None:
    text = (ROOT / "tests" / "regulations" / "good" / "minimal.yaml").read_text(encoding="utf-8")
    reg_text = text.replace("contribution: {amount: 30, period: month}", "contribution: {amount: 365, period: year}")
    from swf_rules.core.validate import load_regulation_text
    reg = load_regulation_text(reg_text)
    case = build_case(reg, {
        "name": "n", "member": {"born": "1980-01-01", "sex": "female", "joined": "2024-03-01",
                                "paid": "every year", "missed": ["2025"]},
        "claim": {"benefit": "birth", "date": "2026-06-01"}, "expect": {"eligible": True}})
    assert [(c.covers, c.date.isoformat(), c.amount) for c in case.member.contributions] == [
        ("2024", "2024-03-01", Decimal(365)), ("2026", "2026-01-05", Decimal(365))]


# ------------------------------------------------------------------------------------------ bad case files
HEAD = "regulation: ../../regulations/chamung.yaml\n"
CASE = """cases:
  - name: x
    member: {born: 1980-01-01, sex: female, joined: 2019-01-15, paid: every month}
    claim: {benefit: hospital, date: 2020-02-10, nights: 3}
    expect: {eligible: true, amount: 600}
"""


def _problems(text: str) -> list[tuple[str, int | None, int | None, str | None]]:
    with pytest.raises(SwfError) as e:
        load_case_document(load_yaml_text(text, file="tests/cases/bad.cases.yaml"))
    return [(p.code, p.line, p.col, p.hint_en) for p in e.value.problems]


BAD = {
    "top-level typo": (HEAD + CASE.replace("cases:", "casess:"),
                       [("unknown-key", 2, 1, "did you mean 'cases'?")]),
    "member typo": (HEAD + CASE.replace("joined:", "jioned:"),
                    [("unknown-key", 4, 45, "did you mean 'joined'?")]),
    "claim typo": (HEAD + CASE.replace("nights: 3", "nigths: 3"),
                   [("unknown-key", 5, 50, "did you mean 'nights'?")]),
    "expect typo": (HEAD + CASE.replace("eligible: true", "elligible: true"),
                    [("unknown-key", 6, 14, "did you mean 'eligible'?")]),
    "payment pattern": (HEAD + CASE.replace("every month", "every fortnight"),
                        [("case-paid", 4, 71, "write 'every month', 'every year', 'until YYYY-MM-DD' or 'nothing'")]),
    "missed period": (HEAD + CASE.replace("paid: every month", "paid: every month, missed: [2019-01, 2019-13]"),
                      [("case-missed", 4, 102, "write periods as YYYY-MM (or YYYY for yearly instalments), or a "
                                               "range YYYY-MM..YYYY-MM")]),
    "missed year for a monthly fund": (HEAD + CASE.replace("paid: every month", "paid: every month, missed: [2019]"),
                                       [("case-missed", 4, 93, "monthly instalments are written YYYY-MM")]),
    "backwards range": (HEAD + CASE.replace("paid: every month", "paid: every month, missed: [2019-05..2019-03]"),
                        [("case-missed", 4, 93, "write periods as YYYY-MM (or YYYY for yearly instalments), or a "
                                                "range YYYY-MM..YYYY-MM")]),
    "money float": (HEAD + CASE.replace("amount: 600", "amount: 12.5"),
                    [("money-float", 6, 38, "write money as a whole number (500) or a decimal string in quotes "
                                            "(\"12.50\")")]),
    "duplicate key": (HEAD + CASE.replace("sex: female,", "sex: female, sex: male,"),
                      [("duplicate-key", 4, 45, "remove one of them or merge their contents")]),
    "duplicate case name": (HEAD + CASE + CASE[7:],
                            [("case-duplicate-name", 7, 11, "give every case its own name")]),
    "unknown benefit": (HEAD + CASE.replace("benefit: hospital", "benefit: hospitl"),
                        [("unknown-benefit", 5, 22, "did you mean 'hospital'?")]),
    "unknown check": (HEAD + CASE.replace("{eligible: true, amount: 600}", "{eligible: false, failing: [waitng]}"),
                      [("case-unknown-check", 6, 41, "did you mean 'waiting'?")]),
    "B.E. date without calendar": (HEAD + CASE.replace("2020-02-10", "2563-02-10"),
                                   [("undeclared-buddhist-date", 5, 38, "add 'calendar: buddhist' to the file or "
                                                                        "the case, or write the C.E. year")]),
    "regulation not found": ("regulation: ../nope.yaml\n" + CASE,
                             [("case-regulation-not-found", 1, 13, "the path is relative to the case file")]),
    "eligible with failing checks": (HEAD + CASE.replace("{eligible: true, amount: 600}",
                                                         "{eligible: true, failing: [waiting]}"),
                                     [("case-contradiction", 6, 13, "an eligible claim has no failing checks; remove "
                                                                    "'failing' or set eligible: false")]),
    "units and nights": (HEAD + CASE.replace("nights: 3", "nights: 3, units: 3"),
                         [("case-conflicting-fields", 5, 12, None)]),
    "schedule": (HEAD + CASE.replace("every month", "every year"),
                 [("case-schedule", 4, 71, "write 'paid: every month'")]),
    "unknown claim detail": (HEAD + CASE.replace("nights: 3", "nights: 3, details: {gpa: 4}"),
                             [("unknown-key", 5, 71, "fields of this benefit: none")]),
    "empty expectation": (HEAD + CASE.replace("{eligible: true, amount: 600}", "{}"),
                          [("missing-field", 6, 13, None)]),
    "overlapping spells": (HEAD + CASE.replace("joined: 2019-01-15", "spells: [{start: 2019-01-15, end: 2019-06-01, "
                                                                     "reason: resigned}, {start: 2019-05-01}]"),
                           [("overlapping-spells", 4, 110, None)]),
    "unknown error code": (HEAD + CASE.replace("{eligible: true, amount: 600}", "{error: death-mismatch}"),
                           [("case-unknown-error", 6, 21, "did you mean 'death-claim-mismatch'?")]),
    "neither cases nor invariants": (HEAD + "cases: []\n", [("missing-field", 1, 1, None)]),
    "joined and spells": (HEAD + CASE.replace("joined: 2019-01-15", "joined: 2019-01-15, spells: [{start: 2019-01-15}]"),
                          [("one-of-fields", 4, 13, None)]),
    "no joining date": (HEAD + CASE.replace("joined: 2019-01-15, ", ""), [("one-of-fields", 4, 13, None)]),
    "sex": (HEAD + CASE.replace("sex: female", "sex: woman"), [("not-allowed", 4, 37, "use one of 'female' or 'male'")]),
    "missed not a list": (HEAD + CASE.replace("paid: every month", "paid: every month, missed: 2019-03"),
                          [("wrong-type", 4, 92, None)]),
    "two problems in two cases": (HEAD + CASE.replace("every month", "every fortnight") + CASE[7:].replace(
        "name: x", "name: y").replace("hospital", "hospitl"),
        [("case-paid", 4, 71, "write 'every month', 'every year', 'until YYYY-MM-DD' or 'nothing'"),
         ("unknown-benefit", 9, 22, "did you mean 'hospital'?")]),
}


@pytest.mark.parametrize("label", sorted(BAD))
def test_bad_case_file(label: str) -> None:
    text, expected = BAD[label]
    assert _problems(text) == expected


def test_bad_invariants() -> None:
    text = HEAD + CASE + (
        "invariants:\n"
        "  - {name: a, type: monotonic, benefit: death}\n"
        "  - {name: b, type: monotone, benefit: deth, by: tenure, direction: non_decreasing}\n"
        "  - {name: c, type: max_per_claim, money: 5, benefit: [death]}\n")
    assert _problems(text) == [
        ("not-allowed", 8, 21, "use one of 'monotone', 'max_per_window', 'no_payment_within', 'max_per_event', "
                               "'max_per_claim'"),
        ("unknown-benefit", 9, 40, "did you mean 'death'?"),
        ("unknown-key", 10, 46, "did you mean 'benefits'?")]


def test_bad_case_file_in_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.cases.yaml"
    bad.write_text(f"regulation: {ROOT / 'regulations' / 'chamung.yaml'}\n" + CASE.replace("jo", "jio"),
                   encoding="utf-8")
    assert main(["test", str(bad)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{bad}:4:45 unknown-key unknown key 'jioined' (fix: did you mean 'joined'?)",
        "0 passed, 0 failed in 1 file; 1 problem in case files"]


def test_paths_without_cases(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(InputError) as e:
        find_case_files([tmp_path, tmp_path / "missing.cases.yaml"])
    assert [(p.code, p.file) for p in e.value.problems] == [
        ("case-none-found", str(tmp_path)), ("file-not-found", str(tmp_path / "missing.cases.yaml"))]
    assert main(["test", str(tmp_path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{tmp_path}:$ case-none-found no *.cases.yaml files under {tmp_path} (fix: case files are named "
        "NAME.cases.yaml)", "0 passed, 0 failed in 0 files; 1 problem in case files"]


def test_directories_are_searched_for_cases_files_only() -> None:
    assert find_case_files(["regulations", "regulations/cases/umong.cases.yaml"]) == [
        "regulations/cases/chamung.cases.yaml", "regulations/cases/pathumlos.cases.yaml",
        "regulations/cases/phai.cases.yaml", "regulations/cases/ptscoop.cases.yaml",
        "regulations/cases/thaytalad.cases.yaml", "regulations/cases/umong.cases.yaml"]


def test_new_codes_are_in_the_catalog() -> None:
    assert sorted(c for c in CATALOG if c.startswith("case-")) == [
        "case-conflicting-fields", "case-contradiction", "case-duplicate-name", "case-missed", "case-none-found",
        "case-paid", "case-regulation-not-found", "case-schedule", "case-unknown-check", "case-unknown-error"]


# ------------------------------------------------------------------------------------------ the pytest plugin
def _pytest(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("PYTEST_ADDOPTS", None)
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", env=env)


def test_plugin_is_registered() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["project"]["entry-points"]["pytest11"] == {"swf_rules": "swf_rules.committee.pytest_plugin"}
    assert data["tool"]["pytest"]["ini_options"]["testpaths"] == ["tests"]


def test_pytest_regulations_runs_the_bundled_cases() -> None:
    r = _pytest("regulations/")
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.splitlines()[-1].startswith("116 passed in ")


def test_pytest_reports_a_failing_case_like_swf_rules_test(tmp_path: Path) -> None:
    text = (ROOT / FAILING).read_text(encoding="utf-8").replace(
        "../../regulations/chamung.yaml", str(ROOT / "regulations" / "chamung.yaml"))
    (tmp_path / "x.cases.yaml").write_text(text, encoding="utf-8")
    r = _pytest("x.cases.yaml", cwd=tmp_path)
    assert r.returncode == 1
    run = run_paths([str(tmp_path / "x.cases.yaml")])
    for o in run.outcomes:
        if not o.passed:
            assert o.report().replace(str(tmp_path / "x.cases.yaml"), "x.cases.yaml") in r.stdout
    assert r.stdout.splitlines()[-1].startswith("4 failed, 1 passed in ")


def test_pytest_bad_case_file_is_a_collection_error(tmp_path: Path) -> None:
    (tmp_path / "bad.cases.yaml").write_text(
        f"regulation: {ROOT / 'regulations' / 'chamung.yaml'}\n" + CASE.replace("jo", "jio"), encoding="utf-8")
    r = _pytest("bad.cases.yaml", cwd=tmp_path)
    assert r.returncode == 2
    assert "bad.cases.yaml:4:45 unknown-key unknown key 'jioined' (fix: did you mean 'joined'?)" in r.stdout.splitlines()
    assert "Traceback" not in r.stdout


# ------------------------------------------------------------------------------------------ docs/cases.md runs
def _doc_blocks(lang: str) -> list[str]:
    import re
    text = (ROOT / "docs" / "cases.md").read_text(encoding="utf-8")
    return re.findall(rf"```{lang}\n(.*?)```", text, flags=re.S)


def test_docs_case_example_passes(tmp_path: Path) -> None:
    blocks = _doc_blocks("yaml")
    assert len(blocks) == 2
    reg = ROOT / "regulations" / "chamung.yaml"
    f = tmp_path / "doc.cases.yaml"
    f.write_text(blocks[0].replace("../chamung.yaml", str(reg)), encoding="utf-8")
    run = run_paths([str(f)])
    assert [(o.case.name, o.passed) for o in run.outcomes] == [
        ("second stay in the same fiscal year pays the remainder", True), ("inside the waiting period", True)]
    inv = tmp_path / "inv.cases.yaml"
    inv.write_text(f"regulation: {reg}\n" + blocks[1], encoding="utf-8")
    assert [type(i).__name__ for i in load_case_file(inv).invariants] == [
        "Monotone", "MaxPerWindow", "NoPaymentWithin", "MaxPerEvent", "MaxPerClaim"]


def test_docs_strategy_example_runs() -> None:
    (block,) = _doc_blocks("python")
    ns: dict = {}
    exec(compile(block, "docs/cases.md", "exec"), ns)  # our own documentation, not user input
    ns["test_no_more_than_1000_a_fiscal_year"]()
