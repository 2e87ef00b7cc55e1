"""The synthetic fund: deterministic (same seed, same bytes), shaped like a real fund, valid as input."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from swf_rules import load_regulation
from swf_rules.cli import main
from swf_rules.core.errors import InputError
from swf_rules.core.history import load_claims, load_members, member_problems
from swf_rules.synth import ledger, parse_plant, population, write_ledger, write_population

ROOT = Path(__file__).resolve().parents[1]
CHAMUNG = load_regulation(ROOT / "regulations" / "chamung.yaml")
SAMPLE = load_regulation(ROOT / "tests" / "audit" / "sample_fund.yaml")


def _digest(d: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(d.iterdir())}


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    for name in ("a", "b"):
        write_population(population(CHAMUNG, seed=42, members=80, years=4, start=date(2018, 10, 1)),
                         tmp_path / "pop" / name)
        l = ledger(CHAMUNG, seed=42, members=80, years=4, start=date(2018, 10, 1),
                   plant={"overpaid_stay": 1, "paid_twice": 1})
        write_ledger(l, tmp_path / "led" / name, calendar="buddhist")
    assert _digest(tmp_path / "pop" / "a") == _digest(tmp_path / "pop" / "b")
    assert _digest(tmp_path / "led" / "a") == _digest(tmp_path / "led" / "b")
    other = population(CHAMUNG, seed=43, members=80, years=4, start=date(2018, 10, 1))
    write_population(other, tmp_path / "pop" / "c")
    assert _digest(tmp_path / "pop" / "c") != _digest(tmp_path / "pop" / "a")


def test_population_is_valid_and_loadable(tmp_path: Path) -> None:
    pop = population(SAMPLE, seed=3, members=120, years=5, start=date(2016, 1, 1), age_profile="young")
    assert [member_problems(m) for m in pop.members] == [[] for _ in pop.members]
    write_population(pop, tmp_path)
    members = load_members(tmp_path / "members.json")
    claims = load_claims(tmp_path / "claims.json")
    assert [m.model_dump() for m in members] == [m.model_dump() for m in pop.members]
    assert [c.model_dump() for c in claims] == [c.model_dump() for c in pop.claims]
    assert [(c.event_date, c.claim_id) for c in pop.claims] == sorted((c.event_date, c.claim_id) for c in pop.claims)
    assert all(v.startswith("birth:") for v in pop.event_refs.values())
    assert {c.benefit for c in pop.claims if c.claim_id in pop.event_refs} == {"birth"}


def test_population_shape() -> None:
    pop = population(CHAMUNG, seed=1, members=1000, years=8, start=date(2014, 10, 1))
    ms = pop.members
    joined = Counter((m.spells[0].start - date(2014, 10, 1)).days // 365 for m in ms)
    assert joined[0] == 500  # the founding cohort, then yearly rounds
    assert sorted(joined) == list(range(8))
    start_age = Counter("child" if (m.spells[0].start - m.birth_date).days < 18 * 365.25 else
                        "elderly" if (m.spells[0].start - m.birth_date).days >= 60 * 365.25 else "working"
                        for m in ms)
    assert 330 <= start_age["elderly"] <= 430 and 80 <= start_age["child"] <= 160  # rural: many elderly
    reasons = Counter(s.end_reason for m in ms for s in m.spells)
    assert reasons["lapsed"] > 50 and reasons["died"] > 50 and reasons["resigned"] > 5
    assert sum(len(m.spells) > 1 for m in ms) > 5  # some join again after a lapse
    kinds = Counter(c.benefit for c in pop.claims)
    assert set(kinds) == {"birth", "hospital", "scholarship", "elderly", "death"}
    for c in pop.claims:
        if c.benefit == "hospital":
            assert 1 <= c.units <= 10 and (c.end_date - c.event_date).days == c.units
        if c.benefit == "scholarship":
            assert sorted(c.details) == ["gpa", "level"]
    by_id = {m.member_id: m for m in ms}
    for c in pop.claims:
        if c.benefit == "birth":
            m = by_id[c.member_id]
            age = (c.event_date - m.birth_date).days / 365.25
            assert (m.sex == "female" and 18 <= age < 46) or (m.sex == "male" and 20 <= age < 46)
    instalments = sum(len(m.contributions) for m in ms)
    expected = sum(1 for m in ms for s in m.spells for _ in range(1))  # at least one instalment per spell
    assert instalments > 50 * expected
    missed_members = 0
    for m in ms:
        keys = {c.covers for c in m.contributions}
        s = m.spells[0]
        last = min(s.end or date(2022, 9, 30), date(2022, 9, 30))
        months = (last.year - s.start.year) * 12 + last.month - s.start.month
        if months > 12 and len([k for k in keys if k <= f"{last.year:04d}-{last.month:02d}"]) < months:
            missed_members += 1
    assert 0.03 < missed_members / len(ms) < 0.5


def test_plant_arguments() -> None:
    assert parse_plant("overpaid_stay=2, late_claim=1") == {"overpaid_stay": 2, "late_claim": 1}
    assert parse_plant("all=1") == {k: 1 for k in ("overpaid_stay", "waiting_period", "birth_both_parents",
                                                   "after_lapse", "late_claim", "paid_twice", "unknown_benefit")}
    with pytest.raises(InputError) as e:
        parse_plant("overpaid=1,late_claim=x")
    assert [(p.code, p.json_path) for p in e.value.problems] == [
        ("wrong-type", "$.plant.late_claim"), ("not-allowed", "$.plant.overpaid")]
    with pytest.raises(InputError) as e:
        ledger(CHAMUNG, seed=1, members=20, years=2, start=date(2018, 10, 1), plant={"late_claim": 1})
    assert [(p.code, p.message_en) for p in e.value.problems] == [
        ("synth-cannot-plant", "cannot plant late_claim: the regulation declares no claim deadline")]
    with pytest.raises(InputError) as e:
        ledger(SAMPLE, seed=1, members=10, years=2, start=date(2018, 10, 1), plant={"after_lapse": 50})
    assert e.value.codes == ["synth-cannot-plant"]


def test_bad_arguments() -> None:
    with pytest.raises(InputError) as e:
        population(CHAMUNG, seed=1, members=0, years=0, start=date(2018, 10, 1), age_profile="old")
    assert [(p.code, p.json_path) for p in e.value.problems] == [
        ("not-allowed", "$.age_profile"), ("out-of-range", "$.members"), ("out-of-range", "$.years")]
    from swf_rules.core.errors import LookupProblem
    with pytest.raises(LookupProblem):
        population(CHAMUNG, seed=1, members=5, years=1, start=date(2010, 1, 1))


def test_cli_synth(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["synth", "--regulation", str(ROOT / "tests" / "audit" / "sample_fund.yaml"), "--seed", "7",
            "--members", "60", "--years", "3", "--start", "be:2559-01-01"]
    assert main(args + ["--out", str(tmp_path / "pop")]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert sorted(summary) == ["claims", "contributions", "members"] and summary["members"] == 60
    assert main(args + ["--out", str(tmp_path / "led"), "--ledger", "--plant", "paid_twice=2",
                        "--calendar", "buddhist"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["planted"] == 2
    assert sorted(p.name for p in (tmp_path / "led").iterdir()) == [
        "contributions.csv", "ledger.yaml", "members.csv", "payouts.csv", "planted.json"]
    assert (tmp_path / "led" / "ledger.yaml").read_text().splitlines()[1:3] == ["fund: auditsample", "files:"]
    assert main(args + ["--out", str(tmp_path / "x"), "--plant", "paid_twice=1"]) == 1
    assert "not-allowed" in capsys.readouterr().err
