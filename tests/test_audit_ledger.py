"""Ledger import: columns, calendars, Thai digits, year-only placeholders, and complete located error lists."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from swf_rules.cli import main
from swf_rules.core.errors import InputError
from swf_rules.books import read_ledger

MEMBERS = """member_id,birth_date,sex,joined,left,left_reason,died_on
M1,1950-02-01,female,2016-01-10,,,
M2,1960-07-15,male,2016-01-10,2017-03-01,lapsed,
M2,1960-07-15,male,2018-01-05,,,
M3,1955,female,2016,,,
"""
CONTRIBUTIONS = """member_id,date,amount,covers
M1,2016-01-10,30,2016-01
M1,2016-02-05,30,2016-02
M2,2016-01-10,30,2016-01
M2,2018-01-05,30,2018-01
M3,2016-06-01,30,2016-06
"""
PAYOUTS = """\
payout_id,member_id,benefit,event_date,end_date,filed_on,paid_on,units,children,amount,event_ref,details.gpa
P1,M1,hospital,2016-08-01,2016-08-03,2016-08-10,2016-08-12,2,,400,,
P2,M2,scholarship,2018-03-10,,2018-03-20,,,,500,,3.75
"""


def write(d: Path, members: str = MEMBERS, contributions: str = CONTRIBUTIONS, payouts: str = PAYOUTS,
          manifest: str | None = None, ext: str = "csv") -> Path:
    d.mkdir(parents=True, exist_ok=True)
    (d / f"members.{ext}").write_text(members, encoding="utf-8")
    (d / f"contributions.{ext}").write_text(contributions, encoding="utf-8")
    (d / f"payouts.{ext}").write_text(payouts, encoding="utf-8")
    if manifest is not None:
        (d / "ledger.yaml").write_text(manifest, encoding="utf-8")
    return d


def problems(d: Path, **kw) -> list[tuple[str | None, int | None, int | None, str]]:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as e:
        read_ledger(d, **kw)
    return [(Path(p.file).name if p.file else None, p.line, p.col, p.code) for p in e.value.problems]


def test_a_good_ledger(tmp_path: Path) -> None:
    led = read_ledger(write(tmp_path), fund="chamung")
    assert led.counts == {"members": 3, "contributions": 5, "payouts": 2}
    m2 = led.members["M2"]
    assert m2.spells == [(date(2016, 1, 10), date(2017, 3, 1), "lapsed"), (date(2018, 1, 5), None, None)]
    assert [(c.date, c.amount, c.covers) for c in m2.member().contributions] == [
        (date(2016, 1, 10), Decimal(30), "2016-01"), (date(2018, 1, 5), Decimal(30), "2018-01")]
    assert led.members["M3"].placeholders == {"birth_date": 1955, "spells[0].start": 2016}
    assert led.members["M3"].birth_date == date(1955, 1, 1)
    p1, p2 = led.payouts
    assert (p1.payout_id, p1.units, p1.amount, p1.end_date, p1.paid_on) == (
        "P1", 2, Decimal(400), date(2016, 8, 3), date(2016, 8, 12))
    assert (p2.details, p2.filed_on, p2.line) == ({"gpa": "3.75"}, date(2018, 3, 20), 3)


def test_member_scenarios_cover_the_placeholder_days(tmp_path: Path) -> None:
    led = read_ledger(write(tmp_path))
    scen = led.members["M3"].scenarios()
    assert scen is not None
    # joined "2016" cannot be after the first instalment paid (1 June 2016)
    assert [(lbl, m.birth_date, m.spells[0].start) for lbl, m in scen] == [
        ({"birth_date": "first", "spells[0].start": "first"}, date(1955, 1, 1), date(2016, 1, 1)),
        ({"birth_date": "first", "spells[0].start": "last"}, date(1955, 1, 1), date(2016, 6, 1)),
        ({"birth_date": "last", "spells[0].start": "first"}, date(1955, 12, 31), date(2016, 1, 1)),
        ({"birth_date": "last", "spells[0].start": "last"}, date(1955, 12, 31), date(2016, 6, 1))]


def test_buddhist_thai_digits_and_mapped_columns(tmp_path: Path) -> None:
    members = """เลขที่,birth_date,sex,joined,left,left_reason,died_on,ชื่อ
M1,๒๔๙๓-๐๒-๐๑,หญิง,2559-01-10,,,,นาง ก
"""
    contributions = """member_id,date,amount,covers
M1,๒๕๕๙-๐๑-๑๐,๓๐,2559-01
"""
    payouts = """voucher,member_id,benefit,event_date,amount
V1,M1,hospital,2559-08-01,"1,000"
"""
    manifest = """fund: chamung
calendar: buddhist
files:
  members: {path: members.csv, columns: {member_id: เลขที่}, ignore: [ชื่อ]}
  payouts: {path: payouts.csv, columns: {payout_id: voucher}}
"""
    led = read_ledger(write(tmp_path, members, contributions, payouts, manifest))
    m = led.members["M1"]
    assert (m.birth_date, m.sex, m.spells[0][0]) == (date(1950, 2, 1), "female", date(2016, 1, 10))
    assert [(c.date, c.covers, c.amount) for c in m.member().contributions] == [
        (date(2016, 1, 10), "2016-01", Decimal(30))]
    assert (led.fund, led.payouts[0].payout_id, led.payouts[0].amount) == ("chamung", "V1", Decimal(1000))


def test_calendar_per_file_and_cli_default(tmp_path: Path) -> None:
    members = MEMBERS.replace("2016-", "2559-").replace("2017-", "2560-").replace("2018-", "2561-")
    manifest = "files:\n  members: {path: members.csv, calendar: buddhist}\n"
    led = read_ledger(write(tmp_path, members=members.replace(",2016,", ",2559,"), manifest=manifest))
    assert led.members["M2"].spells[1][0] == date(2018, 1, 5)
    assert led.members["M3"].placeholders["spells[0].start"] == 2016
    # without the declaration the B.E. years are refused, not guessed
    (tmp_path / "ledger.yaml").unlink()
    assert problems(tmp_path)[0] == ("members.csv", 2, 4, "undeclared-buddhist-date")


def test_jsonl_ledger(tmp_path: Path) -> None:
    members = "\n".join(json.dumps(x) for x in [
        {"member_id": "M1", "birth_date": "1950-02-01", "sex": "female", "joined": "2016-01-10"}]) + "\n"
    contributions = json.dumps({"member_id": "M1", "date": "2016-01-10", "amount": 30, "covers": "2016-01"}) + "\n"
    payouts = json.dumps({"payout_id": "P1", "member_id": "M1", "benefit": "scholarship",
                          "event_date": "2016-08-01", "amount": "500",
                          "details": {"gpa": "3.9", "level": "m3"}}) + "\n"
    led = read_ledger(write(tmp_path, members, contributions, payouts, ext="jsonl"))
    assert led.payouts[0].details == {"gpa": "3.9", "level": "m3"}
    assert led.members["M1"].n_contributions == 1


def test_bad_csv_ledger_lists_every_problem_with_its_position(tmp_path: Path) -> None:
    members = """member_id,birth_date,sex,joined,left,left_reason,died_on
M1,1950-02-30,female,2016-01-10,,,
M2,1960-07-15,x,2016-01-10,2017-03-01,,
M3,2510-01-01,male,2016-01-10,,,
M4,1961-01-01,male,2016-01-10,,,
M4,1961-02-01,male,2018-01-10,,,
M5,1970-01-01,female,2016-01-10,2019-01-01,resigned,
M5,1970-01-01,female,2018-06-01,,,
M6,1970-01-01,female,2016-01-10,,,
"""
    contributions = """member_id,date,amount,covers
M6,2016-01-10,30,2016-01
M9,2016-01-10,30,2016-01
M6,2016,30,2016-02
M6,2016-03-05,30.555,2016-13
M6,2016-04-05,-30,2016-04
M6,2015-12-05,30,2015-12
M6,2016-05-05,30
M5,2016-05-05,30,2016-05
"""
    payouts = """payout_id,member_id,benefit,event_date,end_date,filed_on,paid_on,units,children,amount,event_ref
P1,M6,hospital,2016-08-01,2016-07-30,,,two,,400,
P1,M6,hospital,2016-09-01,,,,,,1.5.0,
P3,M9,birth,,,,,,0,,
P4,M5,birth,2016-09-01,,,,,,1000,
"""
    found = problems(write(tmp_path, members, contributions, payouts))
    assert found == [
        ("contributions.csv", 3, 1, "unknown-member"),
        ("contributions.csv", 4, 2, "ledger-year-only"),
        ("contributions.csv", 5, 3, "money-precision"),
        ("contributions.csv", 5, 4, "ledger-bad-period"),
        ("contributions.csv", 6, 3, "money-negative"),
        # line 7 (M6 paid before joining) is irregular, not invalid: a notice, not in this list
        ("contributions.csv", 8, 1, "ledger-row-length"),
        ("members.csv", 2, 2, "bad-date"),
        ("members.csv", 3, 3, "not-allowed"),
        ("members.csv", 3, 6, "missing-field"),
        ("members.csv", 4, 2, "undeclared-buddhist-date"),
        ("members.csv", 6, 2, "ledger-member-conflict"),
        ("members.csv", 8, 4, "overlapping-spells"),
        ("payouts.csv", 2, 5, "date-order"),
        ("payouts.csv", 2, 8, "wrong-type"),
        ("payouts.csv", 3, 1, "ledger-duplicate-id"),
        ("payouts.csv", 3, 10, "money-syntax"),
        ("payouts.csv", 4, 2, "unknown-member"),
        ("payouts.csv", 4, 4, "missing-field"),
        ("payouts.csv", 4, 9, "out-of-range"),
        ("payouts.csv", 4, 10, "missing-field"),
    ]  # M5's own rows are bad (overlapping spells): its other rows are not judged, so not reported
    with pytest.raises(InputError) as e:
        read_ledger(tmp_path)
    order = [p for p in e.value.problems if p.code == "date-order"][0]
    assert order.message_en == "end_date (2016-07-30) is before event_date (2016-08-01)"


def test_bad_jsonl_rows_are_located_at_their_key(tmp_path: Path) -> None:
    members = ('{"member_id": "M1", "birth_date": "1950-02-01", "sex": "female", "joined": "2016-01-10"}\n'
               '{"member_id": "M2", "birth_date": "1950-02-01", "sexe": "male", "joined": "2016-01-10"}\n'
               '{"member_id": "M3", "birth_date": 1950.5, "sex": "male", "joined": "2016-01-10"}\n'
               '{"member_id": "M4", "member_id": "M5"}\n'
               'not json\n')
    contributions = '{"member_id": "M1", "date": "2016-01-10", "amount": 30.0, "covers": "2016-01"}\n'
    payouts = '{"payout_id": "P1", "member_id": "M1", "benefit": "x", "event_date": "2016-08-01", "amount": 1}\n'
    assert problems(write(tmp_path, members, contributions, payouts, ext="jsonl")) == [
        ("contributions.jsonl", 1, 43, "money-float"),
        ("members.jsonl", 2, 49, "ledger-unknown-column"),
        ("members.jsonl", 3, 21, "bad-date"),
        ("members.jsonl", 4, 21, "duplicate-key"),
        ("members.jsonl", 5, 1, "json-syntax"),
    ]


def test_header_problems(tmp_path: Path) -> None:
    members = "member_id,birth_date,sexe,joined,joined\n"
    contributions = "member_id,date,amount\n"
    d = write(tmp_path, members, contributions, PAYOUTS)
    assert problems(d) == [
        ("contributions.csv", 1, 1, "ledger-missing-column"),
        ("members.csv", 1, 1, "ledger-missing-column"),
        ("members.csv", 1, 3, "ledger-unknown-column"),
        ("members.csv", 1, 5, "ledger-duplicate-column"),
    ]
    with pytest.raises(InputError) as e:
        read_ledger(d)
    unknown = [p for p in e.value.problems if p.code == "ledger-unknown-column"][0]
    assert (unknown.message_en, unknown.hint_en) == ("unknown column 'sexe'", "did you mean 'sex'?")


def test_missing_files_and_bad_manifest(tmp_path: Path) -> None:
    (tmp_path / "members.csv").write_text(MEMBERS)
    (tmp_path / "members.jsonl").write_text("")
    assert problems(tmp_path) == [(tmp_path.name, None, None, "ledger-missing-file"),  # contributions
                                  (tmp_path.name, None, None, "ledger-ambiguous-file"),  # members
                                  (tmp_path.name, None, None, "ledger-missing-file")]  # payouts
    d = write(tmp_path / "x", manifest="fund: Chamung\ncalender: buddhist\nfiles:\n  payout: payouts.csv\n"
                                        "  members: {path: members.csv, columns: {member: id}}\n")
    assert problems(d) == [("ledger.yaml", 1, 7, "bad-identifier"), ("ledger.yaml", 2, 1, "unknown-key"),
                           ("ledger.yaml", 4, 3, "unknown-key"), ("ledger.yaml", 5, 42, "unknown-key")]


def test_skip_bad_rows_lists_and_skips(tmp_path: Path) -> None:
    members = MEMBERS + "M4,1950-13-01,male,2016-01-10,,,\n"
    contributions = CONTRIBUTIONS + "M4,2016-01-10,30,2016-01\nM1,2016-03-05,x,2016-03\n"
    payouts = PAYOUTS + "P3,M4,hospital,2016-08-01,,,,,,200,,\n"
    d = write(tmp_path, members, contributions, payouts)
    led = read_ledger(d, skip_bad_rows=True)
    assert [(Path(p.file).name, p.line, p.code) for p in led.skipped] == [
        ("contributions.csv", 8, "money-syntax"),
        ("contributions.csv", None, "ledger-skipped-member"),
        ("members.csv", 6, "bad-date"),
        ("payouts.csv", 4, "ledger-skipped-member")]
    assert sorted(led.members) == ["M1", "M2", "M3"] and [p.payout_id for p in led.payouts] == ["P1", "P2"]
    assert led.members["M1"].n_contributions == 2


def test_skip_bad_rows_lists_every_member_left_out(tmp_path: Path) -> None:
    # two members with bad register rows: each one's contributions are left out and listed, not just the first's
    members = MEMBERS + "M4,1950-13-01,male,2016-01-10,,,\nM5,1951-02-30,female,2016-01-10,,,\n"
    contributions = CONTRIBUTIONS + "M4,2016-01-10,30,2016-01\nM5,2016-01-10,30,2016-01\nM5,2016-02-10,30,2016-02\n"
    d = write(tmp_path, members, contributions, PAYOUTS)
    led = read_ledger(d, skip_bad_rows=True)
    assert [(Path(p.file).name, p.line, p.code, p.value) for p in led.skipped] == [
        ("contributions.csv", None, "ledger-skipped-member", "M4"),
        ("contributions.csv", None, "ledger-skipped-member", "M5"),
        ("members.csv", 6, "bad-date", "1950-13-01"),
        ("members.csv", 7, "bad-date", "1951-02-30")]
    assert [p.message_en for p in led.skipped[:2]] == [
        "skipped 1 contributions row(s) of member 'M4', whose register rows are bad",
        "skipped 2 contributions row(s) of member 'M5', whose register rows are bad"]
    assert sorted(led.members) == ["M1", "M2", "M3"]


def test_contribution_period_checked_against_the_schedule(tmp_path: Path) -> None:
    contributions = CONTRIBUTIONS + "M1,2016-03-05,360,2016\n"
    assert problems(write(tmp_path, contributions=contributions), periods={"month"}) == [
        ("contributions.csv", 7, 4, "contribution-period")]


def test_cli_reports_every_problem_without_writing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = write(tmp_path / "books", payouts=PAYOUTS + "P1,M1,hospital,2016-09-01,,,,,,200,,\n",
              manifest="fund: chamung\n")
    out = tmp_path / "out"
    root = Path(__file__).resolve().parents[1]
    assert main(["replay", "--regulations", str(root / "regulations"), "--ledger", str(d), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err == (f"{d / 'payouts.csv'}:4:1 ledger-duplicate-id payout id 'P1' appears twice (first at line 2)\n")
    assert not out.exists()
