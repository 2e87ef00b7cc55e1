"""The projection: the fund's own rates counted exactly, reproducible from its seed (same bytes), its mean's
band narrowing as the number of simulations grows (a property), declared assumptions checked at their places."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from swf_rules import InputError, load_regulation
from swf_rules.audit import load_for_replay
from swf_rules.cli import main
from swf_rules.reports import (assumptions_from_text, experience_from_books, project, report_json)
from swf_rules.synth import add_accounts, ledger, write_ledger

pytest.importorskip("numpy")
ROOT = Path(__file__).resolve().parents[1]
REGS = ROOT / "regulations"
AS_OF = date(2023, 9, 30)


@pytest.fixture(scope="module")
def fund(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    d = tmp_path_factory.mktemp("project") / "books"
    l = ledger(load_regulation(REGS / "chamung.yaml"), seed=7, members=120, years=4, start=date(2019, 10, 1))
    add_accounts(l, seed=7, start=date(2019, 10, 1), years=4)
    write_ledger(l, d)
    reg, led = load_for_replay(REGS, d)
    return d, reg, led, experience_from_books(reg, led, AS_OF, count_on=(3, 1))


def test_experience_counts_the_books(fund) -> None:  # type: ignore[no-untyped-def]
    _, reg, led, ex = fund
    deaths = sum(1 for r in led.members.values() if r.died_on is not None and r.died_on <= AS_OF)
    assert sum(r.events for r in ex.death) == deaths
    death_payouts = sum(1 for p in led.payouts if p.benefit == "death" and p.event_date <= AS_OF)
    assert ex.per_death["death"].events == death_payouts and ex.per_death["death"].exposure == Decimal(deaths)
    hospital = sum(1 for p in led.payouts if p.benefit == "hospital" and p.event_date <= AS_OF)
    assert sum(r.events for r in ex.claims["hospital"]) == hospital
    assert sorted(ex.amounts["hospital"]) == sorted(int(p.amount * 100) for p in led.payouts
                                                    if p.benefit == "hospital" and p.event_date <= AS_OF)
    assert (ex.government_share, ex.local_share) == (1, 1)  # the synthetic fund got every baht it could request
    assert len(ex.start_ages) == 105 and ex.start_balance == 27494423  # the status's current members and balance


def test_same_seed_same_bytes_and_another_seed_differs(fund) -> None:  # type: ignore[no-untyped-def]
    _, reg, _, ex = fund
    a = project(ex, years=5, simulations=200, seed=3)
    b = project(ex, years=5, simulations=200, seed=3)
    assert report_json(a) == report_json(b) and a.svg() == b.svg() and a.render("th") == b.render("th")
    assert report_json(project(ex, years=5, simulations=200, seed=4)) != report_json(a)
    assert [r.fiscal_year for r in a.rows] == [2567, 2568, 2569, 2570, 2571]
    assert a.rows[0].balance[5] <= a.rows[0].balance[50] <= a.rows[0].balance[95]


@settings(max_examples=5, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2 ** 32 - 1))
def test_the_band_of_the_mean_narrows_as_simulations_grow(fund, seed: int) -> None:  # type: ignore[no-untyped-def]
    ex = fund[3]
    few = project(ex, years=3, simulations=25, seed=seed)
    many = project(ex, years=3, simulations=400, seed=seed)
    assert all(m.error < f.error for f, m in zip(few.rows, many.rows))


def test_a_fund_that_pays_more_than_it_gets_runs_out(fund) -> None:  # type: ignore[no-untyped-def]
    _, reg, _, ex = fund
    text = ("claims:\n  hospital: {per_year: 3, source: a stress test}\n"
            "amounts:\n  hospital: {amount: 3000, source: a stress test}\n"
            "matching: {government: 0, local_authority: 0, source: no matching}\n")
    p = project(ex, years=6, simulations=100, seed=1, assumptions=assumptions_from_text(text, reg))
    assert (p.negative, p.deficit_year, p.exhausted_year) == (100, 1, 1)
    assert p.experience.sources["claims.hospital"] == "a stress test"


def test_assumptions_problems_are_located(fund) -> None:  # type: ignore[no-untyped-def]
    reg = fund[1]
    text = ("death:\n  source: a life table\n  by_age:\n    - {from: 0, to: 59, per_year: 0.004}\n"
            "    - {from: 61, per_year: 0.05}\n"
            "leaving: {per_year: 0.03}\nclaims:\n  hospitl: {per_year: 0.1, source: x}\n"
            "amounts:\n  birth: {amount: 1000.5, source: x}\njoinng: {per_year: 3, source: x}\n")
    with pytest.raises(InputError) as e:
        assumptions_from_text(text, reg, file="a.yaml")
    assert [(p.code, p.line, p.col) for p in e.value.problems] == [
        ("band-gap", 5, 14), ("assumptions-no-source", 6, 10), ("unknown-benefit", 8, 3), ("money-float", 10, 19),
        ("unknown-key", 11, 1)]


def test_project_command_writes_its_files(fund, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    books = fund[0]
    args = ["project", "--regulations", str(REGS), "--ledger", str(books), "--as-of", "be:2566-09-30", "--years", "3",
            "--simulations", "50", "--seed", "9", "--out", str(tmp_path / "p")]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert sorted(x.name for x in (tmp_path / "p").iterdir()) == ["projection.csv", "projection.json",
                                                                 "projection.svg"]
    svg = (tmp_path / "p" / "projection.svg").read_text()
    assert "ยอดเงินกองทุนที่คาดการณ์ 3 ปี" in svg and "ปีงบประมาณ (พ.ศ.)" in svg
    assert main(args) == 0 and capsys.readouterr().out == first


def test_impact_projects_both_sides(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json
    assert main(["synth", "--regulation", str(REGS / "chamung.yaml"), "--seed", "1", "--members", "150", "--years", "3",
                 "--start", "2021-10-01", "--out", str(tmp_path / "fund")]) == 0
    base = ["impact", str(REGS / "chamung.yaml"), str(ROOT / "docs" / "examples" / "chamung-draft.yaml"),
            "--members", str(tmp_path / "fund" / "members.json"), "--claims", str(tmp_path / "fund" / "claims.json")]
    capsys.readouterr()
    assert main(base + ["--out", str(tmp_path / "plain")]) == 0
    plain = capsys.readouterr().out
    assert main(base + ["--out", str(tmp_path / "proj"), "--project", "--years", "4", "--simulations", "60"]) == 0
    text = capsys.readouterr().out
    assert text.startswith(plain.split("\nwrote ")[0])  # the impact table is unchanged
    assert "\ncurrent:\n  Chance the balance goes below zero within 4 years:" in text
    cur = json.loads((tmp_path / "proj" / "projection-current.json").read_text())
    dr = json.loads((tmp_path / "proj" / "projection-draft.json").read_text())
    assert cur["start_balance"] == dr["start_balance"] and (cur["label"], dr["label"]) == ("current", "draft")
    paid = lambda d: sum(Decimal(b["mean_paid"]) for b in d["benefits"])  # noqa: E731
    assert paid(dr) >= paid(cur)  # the draft's higher yearly cap pays at least as much
    for name in ("impact.csv", "impact.json", "changes.json", "payouts.svg"):
        assert (tmp_path / "plain" / name).read_bytes() == (tmp_path / "proj" / name).read_bytes()
