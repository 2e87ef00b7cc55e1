"""Replay: exact findings on a hand-made ledger, planted mistakes found exactly across seeds, determinism."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from swf_rules import load_regulation
from swf_rules.cli import main
from swf_rules.books import read_ledger
from swf_rules.audit import load_for_replay, replay, write_outputs
from swf_rules.synth import EXPECTED_FINDING, PLANT_KINDS, ledger, write_ledger

ROOT = Path(__file__).resolve().parents[1]
CHAMUNG = load_regulation(ROOT / "regulations" / "chamung.yaml")
SAMPLE_DIR = ROOT / "tests" / "audit"
SAMPLE = load_regulation(SAMPLE_DIR / "sample_fund.yaml")


def _months(mid: str, first: date, last: date, day: int = 5) -> list[str]:
    rows, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        d = first if (y, m) == (first.year, first.month) else date(y, m, day)
        rows.append(f"{mid},{d.isoformat()},30,{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return rows


MEMBERS = """member_id,birth_date,sex,joined,left,left_reason,died_on
M1,1985-01-01,female,2016-01-10,,,
M2,1983-06-01,male,2016-01-10,,,
M3,1970,female,2016,,,
M4,1950-02-01,male,2016-01-10,2017-03-01,died,2017-03-01
"""
PAYOUTS = """\
payout_id,member_id,benefit,event_date,end_date,filed_on,paid_on,units,children,amount,event_ref,details.gpa
P01,M1,hospital,2016-08-01,2016-08-05,2016-08-10,,4,,800,,
P02,M1,hospital,2016-09-10,2016-09-12,2016-09-15,,2,,400,,
P03,M1,hospital,2016-10-05,2016-10-08,2016-10-10,,3,,400,,
P04,M1,hospital,2017-02-01,2017-02-04,2017-02-06,,3,,600,,
P05,M1,birth,2017-05-01,,2017-05-10,,,1,1000,BC-1,
P06,M2,birth,2017-05-01,,2017-05-12,,,1,1000,BC-1,
P07,M1,hospital,2017-02-01,2017-02-04,2017-02-07,,3,,600,,
P08,M1,funeral,2017-06-01,,2017-06-02,,,,500,,
P09,M3,hospital,2016-08-15,2016-08-16,2016-08-20,,1,,200,,
P10,M3,hospital,2017-06-01,2017-06-02,2017-06-03,,1,,200,,
P11,M4,hospital,2017-04-01,2017-04-02,2017-04-05,,1,,200,,
P12,M4,death,2017-03-01,,2017-03-05,,,,5000,,
P13,M1,scholarship,2018-03-10,,2018-03-12,,,,500,,
P14,M2,hospital,2016-04-01,2016-04-02,2016-04-03,,1,,200,,
"""


def hand_ledger(d: Path, calendar: str = "gregorian") -> Path:
    d.mkdir(parents=True, exist_ok=True)
    rows = (_months("M1", date(2016, 1, 10), date(2018, 12, 31)) + _months("M2", date(2016, 1, 10), date(2018, 12, 1))
            + _months("M3", date(2016, 3, 5), date(2018, 12, 1)) + _months("M4", date(2016, 1, 10), date(2017, 2, 1)))
    (d / "members.csv").write_text(MEMBERS)
    (d / "contributions.csv").write_text("member_id,date,amount,covers\n" + "\n".join(sorted(rows)) + "\n")
    (d / "payouts.csv").write_text(PAYOUTS)
    (d / "ledger.yaml").write_text("fund: chamung\n")
    return d


def test_hand_made_ledger_findings(tmp_path: Path) -> None:
    reg, led = load_for_replay(ROOT / "regulations", hand_ledger(tmp_path / "books"))
    res = replay(reg, led)
    got = [(f.payout.payout_id, f.finding, None if f.supported is None else str(f.supported),
            [x["check"] for x in f.failing], f.duplicate_of) for f in res.findings]
    assert got == [
        ("P14", "not_entitled", "0", ["waiting"], None),
        ("P01", "overpaid", "600", [], None),  # 4 nights x 200 = 800, but at most 600 a stay
        ("P09", "undetermined", None, [], None),  # joined "2016": inside the waiting period or not
        ("P02", "supported", "400", [], None),  # the fiscal-year cap counts the 600 rightly paid, not the 800
        ("P03", "underpaid", "600", [], None),
        ("P04", "supported", "600", [], None),  # only 400 of the year's 1000 was paid before
        ("P07", "paid_twice", "0", ["same_event"], "P04"),
        ("P12", "supported", "5000", [], None),
        ("P11", "not_entitled", "0", ["alive"], None),
        ("P05", "supported", "1000", [], None),
        ("P06", "paid_twice", "0", ["same_event"], "P05"),  # the same birth (event_ref BC-1) paid to the father
        ("P08", "unknown_benefit", "0", ["benefit"], None),
        ("P10", "supported", "200", [], None),
        ("P13", "undetermined", None, ["missing-claim-field", "missing-claim-field"], None),
    ]
    p09 = res.findings[2]
    assert p09.placeholders == ["birth_date", "spells[0].start"]
    assert p09.note == ("the verdict depends on the day of year-only date(s) birth_date=1970, spells[0].start=2016: "
                        "supported 200 if birth_date:first+spells[0].start:first or "
                        "birth_date:last+spells[0].start:first; "
                        "not_entitled (waiting) if birth_date:first+spells[0].start:last or "
                        "birth_date:last+spells[0].start:last")
    assert res.findings[12].placeholders == ["birth_date", "spells[0].start"] and res.findings[12].note is None
    assert res.totals() == {
        "payouts": 14, "recorded": "11600", "supported": "8400", "excess": "2700", "shortfall": "200",
        "undetermined": "700",
        "findings": {"supported": 5, "overpaid": 1, "underpaid": 1, "not_entitled": 2, "paid_twice": 2, "late": 0,
                     "unknown_benefit": 1, "undetermined": 2}}
    fy2559 = [r for r in res.summary() if r["fiscal_year"] == 2559]
    assert fy2559 == [{"fiscal_year": 2559, "benefit": "hospital", "payouts": 4, "recorded": "1600",
                       "supported": "1000", "excess": "400", "shortfall": "0", "undetermined": "200",
                       "findings": {"supported": 1, "overpaid": 1, "underpaid": 0, "not_entitled": 1, "paid_twice": 0,
                                    "late": 0, "unknown_benefit": 0, "undetermined": 1}}]


def test_outputs_are_identical_bytes_in_either_calendar_and_on_every_run(tmp_path: Path) -> None:
    l = ledger(SAMPLE, seed=11, members=120, years=5, start=date(2016, 1, 1),
               plant={"late_claim": 1, "overpaid_stay": 1, "paid_twice": 1})
    write_ledger(l, tmp_path / "ce", "gregorian")
    write_ledger(l, tmp_path / "be", "buddhist")
    assert (tmp_path / "be" / "members.csv").read_text() != (tmp_path / "ce" / "members.csv").read_text()
    outputs = []
    for name in ("ce", "be", "ce"):
        reg, led = load_for_replay(SAMPLE_DIR, tmp_path / name)
        out = tmp_path / f"out-{len(outputs)}"
        write_outputs(replay(reg, led), out)
        outputs.append({f: (out / f).read_bytes() for f in ("findings.csv", "findings.json", "summary.csv")})
    assert outputs[0] == outputs[1] == outputs[2]
    data = json.loads(outputs[0]["findings.json"])
    assert data["totals"]["findings"]["late"] == 1 and data["totals"]["payouts"] == len(l.payouts)


@pytest.mark.parametrize("seed", range(20))
def test_replay_finds_exactly_the_planted_mistakes(tmp_path: Path, seed: int) -> None:
    plant = {k: 1 for k in PLANT_KINDS}
    l = ledger(SAMPLE, seed=seed, members=120, years=5, start=date(2016, 1, 1), plant=plant, age_profile="young")
    assert sorted(l.planted.values()) == sorted(PLANT_KINDS)
    write_ledger(l, tmp_path, "buddhist" if seed % 2 else "gregorian")
    res = replay(SAMPLE, read_ledger(tmp_path, periods={"month"}))
    found = {f.payout.payout_id: f.finding for f in res.findings if f.finding != "supported"}
    assert found == {pid: EXPECTED_FINDING[kind] for pid, kind in l.planted.items()}
    failing = {l.planted[f.payout.payout_id]: [x["check"] for x in f.failing] for f in res.findings
               if f.payout.payout_id in l.planted}
    assert (failing["waiting_period"], failing["after_lapse"], failing["late_claim"]) == (
        ["waiting"], ["status"], ["deadline"])
    planted_json = json.loads((tmp_path / "planted.json").read_text())
    assert planted_json == l.planted


@pytest.mark.parametrize("seed", range(3))
def test_replay_finds_planted_mistakes_in_chamung(tmp_path: Path, seed: int) -> None:
    plant = {k: 2 for k in PLANT_KINDS if k != "late_claim"}
    l = ledger(CHAMUNG, seed=seed, members=200, years=6, start=date(2016, 10, 1), plant=plant)
    write_ledger(l, tmp_path)
    res = replay(CHAMUNG, read_ledger(tmp_path, periods={"month"}))
    found = {f.payout.payout_id: f.finding for f in res.findings if f.finding != "supported"}
    assert found == {pid: EXPECTED_FINDING[kind] for pid, kind in l.planted.items()}
    assert len(found) == 12


def test_cli_replay_writes_outputs_and_a_progress_bar(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    books = hand_ledger(tmp_path / "books")
    out = tmp_path / "out"
    assert main(["replay", "--regulations", str(ROOT / "regulations"), "--ledger", str(books), "--out", str(out),
                 "--progress"]) == 0
    cap = capsys.readouterr()
    assert cap.err.startswith("\rreplay [")
    assert cap.err.splitlines()[-4:-3] == ["\rreplay [#########################] 100% 14/14 payouts"] or \
        "100% 14/14 payouts\n" in cap.err
    assert cap.err.endswith("".join(f"wrote {out / name}\n" for name in ("findings.csv", "findings.json",
                                                                         "summary.csv")))
    lines = cap.out.splitlines()
    assert lines[0] == "Replay of the books of fund chamung"
    assert lines[-2].split() == ["total", "14", "5", "1", "1", "2", "2", "0", "1", "2", "11600", "8400", "2700", "200"]
    csv_lines = (out / "findings.csv").read_text().splitlines()
    assert csv_lines[0] == ("payout_id,member_id,benefit,event_date,fiscal_year,filed_on,recorded_amount,"
                            "supported_amount,finding,failing_checks,duplicate_of,event_ref,regulation_version,"
                            "placeholder_dates,note")
    assert csv_lines[2] == "P01,M1,hospital,2016-08-01,2559,2016-08-10,800,600,overpaid,,,,2556,,"
    assert csv_lines[11] == "P06,M2,birth,2017-05-01,2560,2017-05-12,1000,0,paid_twice,same_event,P05,BC-1,2556,,"
    assert main(["replay", "--regulations", str(ROOT / "regulations"), "--ledger", str(books), "--lang", "th",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["excess"] == "2700"


def test_year_only_death_date_is_made_exact_by_the_death_voucher(tmp_path: Path) -> None:
    books = hand_ledger(tmp_path / "books")
    members = (books / "members.csv").read_text().replace("2017-03-01,died,2017-03-01", "2017,died,2017")
    (books / "members.csv").write_text(members)
    reg, led = load_for_replay(ROOT / "regulations", books)
    assert led.members["M4"].placeholders == {"died_on": 2017, "spells[0].end": 2017}
    res = {f.payout.payout_id: f for f in replay(reg, led).findings}
    assert (res["P12"].finding, res["P12"].supported, res["P12"].placeholders) == ("supported", 5000, [])
    assert [x["check"] for x in res["P11"].failing] == ["alive"]


def test_replay_needs_the_fund(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    books = hand_ledger(tmp_path / "books")
    (books / "ledger.yaml").unlink()
    assert main(["replay", "--regulations", str(ROOT / "regulations"), "--ledger", str(books)]) == 1
    assert capsys.readouterr().err.startswith(f"{books}:$ ledger-no-fund the ledger does not say which fund")
    assert main(["replay", "--regulations", str(ROOT / "regulations"), "--ledger", str(books), "--fund", "nofund"]) == 1
    assert f"{ROOT / 'regulations'}:$ unknown-regulation no regulation named 'nofund'" in capsys.readouterr().err
