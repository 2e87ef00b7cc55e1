"""`swf-rules check`: invariants searched with hypothesis, counterexamples printed as ready-to-run cases.

tests/check/broken-death.yaml is Chamung with a planted defect (the death table goes down at 5 years); its
declared invariant says it must not.  The golden file tests/golden/check/broken-death.en.txt is the report a
committee reads; regenerate on purpose with ``SWF_UPDATE_GOLDEN=1 python -m pytest tests/test_check.py`` (the
search is seeded, so the shrunk counterexample is the same on every run of a given hypothesis version).
"""

from __future__ import annotations

import importlib
import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from swf_rules.committee import (build_case, case_yaml, find_invariants_file, lapse_date, load_case_file, member_status,
                                 run_case, run_paths)
from swf_rules.committee.check import checks_for, run_check, search
from swf_rules.cli import main
from swf_rules.core.facts import MemberState, StatusFacts
from swf_rules.core.history import parse_member
from swf_rules.testing import history, instalments
from swf_rules.core.validate import load_regulation

from golden_files import check_golden

E = importlib.import_module("swf_rules.core.evaluate")  # the module (swf_rules.core.evaluate is also a function's name)
CHECKS = importlib.import_module("swf_rules.core._checks")  # the eligibility checks (where add_period is looked up)
DECISION = importlib.import_module("swf_rules.core.decision")  # the decision value (hashes its inputs when read)
ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "check"
BROKEN = "tests/check/broken-death.yaml"
BROKEN_INV = "tests/check/broken-death.invariants.yaml"


def golden(name: str, text: str) -> None:
    check_golden(GOLDEN / name, text)


@pytest.fixture(autouse=True)
def _repo_cwd(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def chamung():  # type: ignore[no-untyped-def]
    return load_regulation(ROOT / "regulations" / "chamung.yaml")


# ------------------------------------------------------------------------------------------ the planted defect
def test_check_finds_the_planted_violation(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    saved = tmp_path / "found.cases.yaml"
    assert main(["check", BROKEN, "--cases", BROKEN_INV, "--examples", "200", "--seed", "1", "--save", str(saved)]) == 1
    out = capsys.readouterr().out
    golden("broken-death.en.txt", out.replace(os.path.relpath(ROOT / BROKEN, tmp_path), "<regulation>"))
    assert out.splitlines()[-1] == "1 of 6 invariants failed"
    # The saved counterexample, run by `swf-rules test`, fails the same way: the longer membership is paid less.
    assert main(["test", str(saved)]) == 1
    capsys.readouterr()
    run = run_paths([str(saved)])
    assert [(o.case.name, o.passed, o.case.expect.describe(), o.actual()) for o in run.outcomes] == [
        ("death never decreases with tenure: shorter membership", True, "eligible true, amount 3000",
         "eligible true, amount 3000"),
        ("death never decreases with tenure: longer membership", False, "eligible true, amount at least 3000",
         "eligible true, amount 2000")]
    assert [(o.decision.breakdown["band"], o.decision.breakdown["table_value"]) for o in run.outcomes] == [  # type: ignore[union-attr]
        ("[0, 1)", "0"), ("[5, 10)", "5")]


def test_check_report_in_thai() -> None:
    out = run_check(BROKEN, cases=BROKEN_INV, examples=200, seed=1).render("th", regulation_ref="broken-death.yaml")
    golden("broken-death.th.txt", out)
    assert out.splitlines()[-1] == "ไม่ผ่าน 1 จาก 6 คุณสมบัติ"


def test_bundled_regulations_hold_their_invariants(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "regulations/chamung.yaml", "--examples", "8", "--seed", "3"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "check regulations/chamung.yaml: 8 examples per invariant, seed 3",
        "  declared invariants from regulations/cases/chamung.cases.yaml",
        "  PASS totality [always checked]",
        "  PASS determinism [always checked]",
        "  PASS caps [always checked]",
        "  PASS waiting [always checked]",
        "  PASS membership [always checked]",
        "  PASS death never decreases with tenure [declared]",
        "  PASS hospital pays at most 1000 baht a fiscal year [declared]",
        "  PASS nothing is paid in the first 180 days of a membership [declared]",
        "  PASS one hospital stay never pays more than 600 baht [declared]",
        "0 of 9 invariants failed"]
    for name, n in (("thaytalad", 9), ("umong", 9)):  # umong: 5 always checked, refunds (it refunds), 3 declared
        run = run_check(f"regulations/{name}.yaml", examples=5, seed=5)
        assert (run.ok, len(run.results)) == (True, n)


def test_a_case_file_names_its_regulation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "regulations/cases/umong.cases.yaml", "--examples", "5", "--seed", "1"]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == [
        "check regulations/umong.yaml: 5 examples per invariant, seed 1",
        "  declared invariants from regulations/cases/umong.cases.yaml"]


def test_examples_must_be_positive() -> None:
    assert main(["check", "regulations/chamung.yaml", "--examples", "0"]) == 2  # argparse's usage message, no exit


def test_find_invariants_file() -> None:
    assert find_invariants_file("regulations/chamung.yaml") == Path("regulations/cases/chamung.cases.yaml")
    assert find_invariants_file(BROKEN) is None


# ------------------------------------------------------------------------------------------ built-ins catch defects
def _found(reg, name: str, examples: int = 150, seed: int = 4):  # type: ignore[no-untyped-def]
    check = next(c for c in checks_for(reg) if c.name == name)
    return search(reg, check, examples, seed)


def _replays(reg, v) -> list[bool]:  # type: ignore[no-untyped-def]
    """Run the counterexample cases with whatever engine is current; True where the case passes."""
    out = []
    for c in v.cases:
        case = build_case(reg, c)
        out.append(run_case(E.Engine(reg), case).passed)
    return out


def test_waiting_catches_an_engine_that_ignores_waiting(chamung, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    real = CHECKS.add_period
    monkeypatch.setattr(CHECKS, "add_period", lambda d, days=0, months=0, years=0: d if days == 180 else
                        real(d, days=days, months=months, years=years))
    v = _found(chamung, "waiting", examples=60)
    assert v is not None and "inside the waiting period" in v.en
    assert [c["expect"] for c in v.cases] == [{"eligible": False, "amount": 0}]
    assert _replays(chamung, v) == [False]  # fails under the defect...
    monkeypatch.undo()
    assert _replays(chamung, v) == [True]  # ...and pins the correct behaviour


def test_caps_catch_an_engine_that_forgets_earlier_payouts(chamung, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(MemberState, "paid", lambda self, benefit, first, last, exclude_claim: [])
    v = _found(chamung, "caps", examples=300)
    assert v is not None and "over the limit of" in v.en
    assert _replays(chamung, v) == [False]
    monkeypatch.undo()
    assert _replays(chamung, v) == [True]


def test_membership_catches_an_engine_that_ignores_lapse(chamung, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    def always_active(self, d, *, ignore_death_on_day=False):  # type: ignore[no-untyped-def]
        return StatusFacts("active", self.last_spell_before(d), 0, 0)
    monkeypatch.setattr(MemberState, "status_at", always_active)
    v = _found(chamung, "membership", examples=300)
    assert v is not None and "although the membership was" in v.en
    assert _replays(chamung, v) == [False]
    monkeypatch.undo()
    assert _replays(chamung, v) == [True]


def test_totality_catches_a_crash(chamung, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    real = E.Engine._details

    def crash(self, bp, claim):  # type: ignore[no-untyped-def]
        if bp.id == "scholarship":
            raise ZeroDivisionError("planted")
        return real(self, bp, claim)
    monkeypatch.setattr(E.Engine, "_details", crash)
    v = _found(chamung, "totality")
    assert v is not None and v.en.endswith("raised ZeroDivisionError: planted instead of a decision or a swf-rules error")
    assert v.cases[0]["claim"]["benefit"] == "scholarship"
    outcome = run_case(E.Engine(chamung), build_case(chamung, v.cases[0]))
    assert (outcome.passed, outcome.actual()) == (False, "internal error: ZeroDivisionError: planted")


def test_determinism_catches_a_changing_fingerprint(chamung, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    counter = iter(range(10**9))
    monkeypatch.setattr(DECISION, "_input_fingerprint", lambda state, digest, claim: f"n{next(counter)}")
    v = _found(chamung, "determinism", examples=20)
    assert v is not None and v.en.startswith("claim c-1 was decided differently")


# ------------------------------------------------------------------------------------------ the independent oracle
def test_lapse_date_and_status(chamung) -> None:  # type: ignore[no-untyped-def]
    ms = chamung.versions[0].membership  # three consecutive missed months end membership
    m = history(joined="2019-01-15", paid_until="2019-05-31")
    assert lapse_date(m, date(2019, 1, 15), None, ms, date(2025, 1, 1)) == date(2019, 9, 1)
    assert member_status(m, date(2019, 8, 31), ms) == "member"
    assert member_status(m, date(2019, 9, 1), ms) == "lapsed"
    spread = history(joined="2019-01-15", missed=["2019-03", "2019-05", "2019-07"])
    assert lapse_date(spread, date(2019, 1, 15), None, ms, date(2025, 1, 1)) is None
    gone = parse_member({"member_id": "m", "birth_date": "1970-01-01", "sex": "male",
                         "spells": [{"start": "2019-01-15", "end": "2020-01-01", "end_reason": "resigned"}],
                         "contributions": instalments(date(2019, 1, 15), date(2019, 12, 31)),
                         "died_on": "2021-05-05"})
    assert [member_status(gone, d, ms) for d in (date(2019, 1, 14), date(2019, 12, 31), date(2020, 1, 1),
                                                 date(2021, 5, 6))] == ["not_member", "member", "resigned", "dead"]


# ------------------------------------------------------------------------------------------ case YAML
def test_case_yaml_is_the_case_format() -> None:
    text = case_yaml("../chamung.yaml", [{
        "name": "a: b", "member": {"paid": "every month", "born": "1980-01-01", "sex": "female",
                                   "joined": "2019-01-15", "missed": ["2019-03"]},
        "history": [{"id": "c-1", "benefit": "hospital", "date": "2019-08-01", "units": 3, "amount": Decimal(600)}],
        "claim": {"details": {"gpa": "3.49", "ok": True}, "benefit": "scholarship", "date": "2019-09-01"},
        "expect": {"amount": Decimal("12.50"), "eligible": False}}], ["one", "two"])
    assert text == (
        "# one\n# two\nregulation: ../chamung.yaml\ncases:\n"
        "  - name: \"a: b\"\n"
        "    member: {born: 1980-01-01, sex: female, joined: 2019-01-15, paid: every month, missed: [2019-03]}\n"
        "    history:\n"
        "      - {id: c-1, benefit: hospital, date: 2019-08-01, units: 3, amount: 600}\n"
        "    claim: {benefit: scholarship, date: 2019-09-01, details: {gpa: \"3.49\", ok: true}}\n"
        "    expect: {eligible: false, amount: \"12.50\"}\n")


def test_declared_invariants_of_bundled_regulations() -> None:
    found = {f.name: [(type(i).__name__, i.name) for i in load_case_file(f).invariants]
             for f in sorted((ROOT / "regulations" / "cases").glob("*.cases.yaml"))}
    assert found == {
        "pathumlos.cases.yaml": [("MaxPerEvent", "one death never pays more than 3000 baht and a 1000-baht wreath"),
                                 ("MaxPerClaim", "a member's relatives' deaths pay at most 1000 baht a claim")],
        "phai.cases.yaml": [("MaxPerWindow", "a hospital stay pays at most 1500 baht a fiscal year under either version"),
                            ("NoPaymentWithin", "no benefit with a waiting period pays in the first 180 days of a "
                                                "membership")],
        "ptscoop.cases.yaml": [("Monotone", "the funeral grant never decreases with tenure"),
                               ("MaxPerClaim", "no death pays more than 100000 baht"),
                               ("MaxPerClaim", "a spouse's or child's death pays at most 50000 baht")],
        "chamung.cases.yaml": [("Monotone", "death never decreases with tenure"),
                               ("MaxPerWindow", "hospital pays at most 1000 baht a fiscal year"),
                               ("NoPaymentWithin", "nothing is paid in the first 180 days of a membership"),
                               ("MaxPerClaim", "one hospital stay never pays more than 600 baht")],
        "thaytalad.cases.yaml": [("MaxPerClaim", "birth pays at most 500 baht per delivery"),
                                 ("MaxPerWindow", "hospital pays at most 1500 baht a fiscal year"),
                                 ("MaxPerEvent", "a birth and its hospital stay together pay at most 1000 baht"),
                                 ("NoPaymentWithin", "nothing is paid in the first 180 days of a membership")],
        "umong.cases.yaml": [("NoPaymentWithin", "no benefit item is paid in the first 180 days of a membership"),
                             ("NoPaymentWithin", "death and hospital wait a full year"),
                             ("MaxPerWindow", "hospital pays at most 3000 baht a fiscal year under either version")]}
