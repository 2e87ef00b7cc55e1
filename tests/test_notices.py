"""Issue 11 section 3: irregular is not invalid.  Records that do not make the facts ambiguous become located notices
carried in the decision (and in replay findings); a regular history decides the same bytes as before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from swf_rules import Engine, InputError, load_regulation, parse_member
from swf_rules.audit import load_for_replay, replay, write_outputs
from swf_rules.books import read_ledger
from swf_rules.cli import main
from swf_rules.core.notices import member_notices
from swf_rules.testing import claim

ROOT = Path(__file__).resolve().parents[1]
ENGINE = Engine(load_regulation(ROOT / "regulations" / "chamung.yaml"))


def member(**changes: object) -> dict:  # type: ignore[type-arg]
    """Joined 2019-01-15, paid every month of 2019-2023 (C.E.), then ``changes``."""
    contributions = [{"date": f"{y}-{m:02d}-15", "amount": "30", "covers": f"{y}-{m:02d}"}
                     for y in range(2019, 2024) for m in range(1, 13)]
    data = {"member_id": "m-1", "birth_date": "1950-01-01", "sex": "female",
            "spells": [{"start": "2019-01-15", "end": None, "end_reason": None}],
            "contributions": contributions, "died_on": None, "payouts": []}
    data.update(changes)
    return data


def test_a_contribution_after_death_does_not_stop_the_death_claim() -> None:
    data = member(died_on="2023-12-03")  # the family paid December's instalment on the 15th
    m = parse_member(data)
    d = ENGINE.evaluate(m, claim("death", "2023-12-03", filed_on="2023-12-20"))
    assert (d.eligible, str(d.amount)) == (True, "10000")
    out = json.loads(d.to_json())
    assert out["notices"] == [{
        "code": "contribution-after-death", "severity": "notice", "path": "$.contributions[59].date",
        "value": "2023-12-15",
        "message": {"en": "contribution dated 2023-12-15 is after the member's death on 2023-12-03; it is kept as "
                          "recorded",
                    "th": "การส่งเงินสมทบวันที่ 2023-12-15 อยู่หลังวันที่สมาชิกเสียชีวิต 2023-12-03 บันทึกไว้ตามที่ส่งมา"}}]


def test_a_regular_history_has_no_notices_key_and_the_same_bytes() -> None:
    d = ENGINE.evaluate(parse_member(member()), claim("hospital", "2023-02-10", end_date="2023-02-12"))
    assert "notices" not in json.loads(d.to_json())
    assert d.notices == []


def test_contributions_outside_every_spell_and_repeated_rows() -> None:
    spells = [{"start": "2019-01-15", "end": "2020-06-30", "end_reason": "resigned"},
              {"start": "2021-01-10", "end": None, "end_reason": None}]
    contributions = [{"date": "2019-01-01", "amount": "30", "covers": "2019-01"},
                     {"date": "2020-09-01", "amount": "30", "covers": "2020-09"},
                     {"date": "2021-02-01", "amount": "15", "covers": "2021-02"},
                     {"date": "2021-02-01", "amount": "15", "covers": "2021-02"}]
    m = parse_member(member(spells=spells, contributions=contributions))
    assert [(p.code, p.severity, p.json_path, p.message_en) for p in member_notices(m)] == [
        ("contribution-before-membership", "notice", "$.contributions[0].date",
         "contribution dated 2019-01-01 is before the membership began on 2019-01-15; it is kept as recorded"),
        ("contribution-outside-membership", "notice", "$.contributions[1].date",
         "contribution dated 2020-09-01 falls outside every membership spell (after the spell that ended on "
         "2020-06-30); it is kept as recorded"),
        ("duplicate-contribution", "notice", "$.contributions[3]",
         "this contribution repeats $.contributions[2] exactly (same date, amount and period); both are counted, "
         "as recorded")]


def test_rows_that_make_the_facts_ambiguous_stay_errors() -> None:
    spells = [{"start": "2019-01-15", "end": "2021-01-01", "end_reason": "lapsed"},
              {"start": "2020-06-01", "end": None, "end_reason": None}]
    with pytest.raises(InputError) as e:
        parse_member(member(spells=spells))
    assert [(p.code, p.json_path) for p in e.value.problems] == [("overlapping-spells", "$.spells[1].start")]


def test_explain_prints_the_notices(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "m.json").write_text(json.dumps(member(died_on="2023-12-03")), encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps({"claim_id": "c-9", "member_id": "m-1", "benefit": "death",
                                                 "event_date": "2023-12-03", "filed_on": "2023-12-20"}),
                                     encoding="utf-8")
    assert main(["explain", str(ROOT / "regulations" / "chamung.yaml"), "--member", str(tmp_path / "m.json"),
                 "--claim", str(tmp_path / "c.json"), "--lang", "th"]) == 0
    out = capsys.readouterr().out
    assert out.endswith("หมายเหตุ (ข้อมูลผิดปกติที่ไม่กระทบการตัดสิน)\n"
                        "  $.contributions[59].date contribution-after-death การส่งเงินสมทบวันที่ 2023-12-15 "
                        "อยู่หลังวันที่สมาชิกเสียชีวิต 2023-12-03 บันทึกไว้ตามที่ส่งมา\n")


def test_a_nul_byte_in_an_id_is_refused_where_it_is_read() -> None:
    with pytest.raises(InputError) as e:
        parse_member(member(member_id="m\x001"))
    assert [(p.code, p.json_path, p.message_en) for p in e.value.problems] == [
        ("control-character", "$.member_id",
         "'m\\x001' contains a control character (U+0000); ids and names must be printable text")]


LEDGER_MEMBERS = """member_id,birth_date,sex,joined,left,left_reason,died_on
M1,1950-02-01,female,2015-01-10,,,2016-03-20
M2,1960-07-15,male,2016-01-10,,,
"""
# M1 paid every month of 2015 and January-February 2016; March's instalment was paid by the family after the death
LEDGER_CONTRIBUTIONS = "member_id,date,amount,covers\n" + "".join(
    f"M1,{y}-{m:02d}-10,30,{y}-{m:02d}\n" for y, m in [(2015, k) for k in range(1, 13)] + [(2016, 1), (2016, 2)]
) + "M1,2016-04-02,30,2016-03\nM2,2016-01-10,30,2016-01\n"
LEDGER_PAYOUTS = """payout_id,member_id,benefit,event_date,end_date,filed_on,paid_on,units,children,amount,event_ref
P1,M1,death,2016-03-20,,2016-03-25,,,,5000,
"""


def _ledger(d: Path, payouts: str = LEDGER_PAYOUTS) -> Path:
    d.mkdir()
    (d / "members.csv").write_text(LEDGER_MEMBERS, encoding="utf-8")
    (d / "contributions.csv").write_text(LEDGER_CONTRIBUTIONS, encoding="utf-8")
    (d / "payouts.csv").write_text(payouts, encoding="utf-8")
    (d / "ledger.yaml").write_text("fund: chamung\n", encoding="utf-8")
    return d


def test_a_ledger_row_after_death_is_a_notice_in_the_findings(tmp_path: Path) -> None:
    books = _ledger(tmp_path / "books")
    led = read_ledger(books)
    assert [(Path(p.file).name, p.line, p.col, p.code, p.severity) for p in led.notices] == [
        ("contributions.csv", 16, 2, "contribution-after-death", "notice")]
    assert led.members["M1"].n_contributions == 15  # kept as recorded
    reg, led = load_for_replay(ROOT / "regulations", books)
    result = replay(reg, led)
    assert [f.finding for f in result.findings] == ["supported"]
    write_outputs(result, tmp_path / "out")
    head = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    assert [(n["code"], n["line"], n["value"]) for n in head["ledger"]["notices"]] == [
        ("contribution-after-death", 16, "2016-04-02")]


def test_replay_prints_the_ledgers_notices(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    books = _ledger(tmp_path / "books")
    assert main(["replay", "--regulations", str(ROOT / "regulations"), "--ledger", str(books)]) == 0
    err = capsys.readouterr().err
    assert err == (f"1 notice(s) (irregular rows, kept as recorded):\n  {books}/contributions.csv:16:2 "
                   "contribution-after-death contribution dated 2016-04-02 is after the member's death on "
                   "2016-03-20; it is kept as recorded\n")


def test_a_nul_byte_in_a_benefit_id_never_reaches_findings_csv(tmp_path: Path) -> None:
    books = _ledger(tmp_path / "books", LEDGER_PAYOUTS.replace(",death,", ",dea\x00th,"))
    assert main(["replay", "--regulations", str(ROOT / "regulations"), "--ledger", str(books), "--out",
                 str(tmp_path / "out")]) == 1
    assert not (tmp_path / "out").exists()
    with pytest.raises(InputError) as e:
        read_ledger(books)
    assert [(Path(p.file).name, p.line, p.col, p.code, p.message_en) for p in e.value.problems] == [
        ("payouts.csv", 2, 3, "control-character",
         "'dea\\x00th' contains a control character (U+0000); ids and names must be printable text")]
