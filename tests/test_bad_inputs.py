"""Bad member histories and claims: a clean error with the exact code and JSON path, and nothing decided."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from swf_rules import Engine, InputError, load_regulation, parse_claim, parse_member
from swf_rules.cli import main
from swf_rules.core.history import DecisionModel
from swf_rules.testing import claim, history

ROOT = Path(__file__).resolve().parent.parent
ENGINE = Engine(load_regulation(ROOT / "regulations" / "chamung.yaml"))

BASE_MEMBER = {"member_id": "m-1", "birth_date": "1970-01-01", "sex": "female",
               "spells": [{"start": "2019-01-15", "end": None, "end_reason": None}],
               "contributions": [{"date": "2019-01-15", "amount": "30", "covers": "2019-01"}],
               "died_on": None, "payouts": []}
BASE_CLAIM = {"claim_id": "c-1", "member_id": "m-1", "benefit": "hospital", "event_date": "2024-02-10",
              "end_date": "2024-02-13", "filed_on": "2024-02-20"}


def member_errors(**changes) -> list[tuple[str, str]]:
    data = {**BASE_MEMBER, **changes}
    with pytest.raises(InputError) as e:
        parse_member(data)
    return [(p.code, p.json_path) for p in e.value.problems]


def claim_errors(**changes) -> list[tuple[str, str]]:
    data = {**BASE_CLAIM, **changes}
    with pytest.raises(InputError) as e:
        parse_claim(data)
    return [(p.code, p.json_path) for p in e.value.problems]


def test_unparseable_date() -> None:
    assert member_errors(birth_date="10/03/1960") == [("bad-date", "$.birth_date")]
    assert claim_errors(event_date="2024-02-30") == [("bad-date", "$.event_date")]


def test_contribution_before_membership_started_is_a_notice_not_an_error() -> None:
    from swf_rules.core.notices import member_notices
    m = parse_member({**BASE_MEMBER, "contributions": [{"date": "2018-12-01", "amount": "30", "covers": "2018-12"}]})
    assert [(p.code, p.severity, p.json_path, p.message_en) for p in member_notices(m)] == [
        ("contribution-before-membership", "notice", "$.contributions[0].date",
         "contribution dated 2018-12-01 is before the membership began on 2019-01-15; it is kept as recorded")]


def test_overlapping_spells() -> None:
    spells = [{"start": "2015-01-01", "end": "2018-01-01", "end_reason": "lapsed"},
              {"start": "2017-06-01", "end": None, "end_reason": None}]
    assert member_errors(spells=spells, contributions=[]) == [("overlapping-spells", "$.spells[1].start")]


def test_open_spell_must_be_last() -> None:
    spells = [{"start": "2015-01-01", "end": None, "end_reason": None},
              {"start": "2017-06-01", "end": None, "end_reason": None}]
    assert member_errors(spells=spells, contributions=[]) == [("open-spell-not-last", "$.spells[0].end")]


def test_spell_end_needs_a_reason() -> None:
    spells = [{"start": "2015-01-01", "end": "2016-01-01", "end_reason": None}]
    assert member_errors(spells=spells, contributions=[]) == [("missing-field", "$.spells[0]")]


def test_unknown_end_reason() -> None:
    spells = [{"start": "2015-01-01", "end": "2016-01-01", "end_reason": "moved"}]
    assert member_errors(spells=spells, contributions=[]) == [("not-allowed", "$.spells[0].end_reason")]


def test_payout_after_death() -> None:
    payouts = [{"claim_id": "p", "benefit": "hospital", "event_date": "2024-03-01", "units": 1, "amount": "200"}]
    assert member_errors(died_on="2024-01-01", payouts=payouts) == [("event-after-death", "$.payouts[0].event_date")]


def test_event_after_death_claim() -> None:
    m = history(joined="2019-01-15", died_on="2024-01-01")
    with pytest.raises(InputError) as e:
        ENGINE.evaluate(m, claim("birth", "2024-01-02"))
    assert [(p.code, p.json_path) for p in e.value.problems] == [("event-after-death", "$.event_date")]


def test_unknown_benefit_id_suggests_the_nearest() -> None:
    with pytest.raises(InputError) as e:
        ENGINE.evaluate(history(joined="2019-01-15"), claim("hospitel", "2024-01-02", units=1))
    p = e.value.problems[0]
    assert (p.code, p.json_path, p.hint_en) == ("unknown-benefit", "$.benefit", "did you mean 'hospital'?")


def test_negative_units() -> None:
    assert claim_errors(units=-1) == [("negative-units", "$.units")]


def test_claim_for_another_member() -> None:
    with pytest.raises(InputError) as e:
        ENGINE.evaluate(history("m-1", joined="2019-01-15"), claim("birth", "2024-01-02", member_id="m-2"))
    assert [(p.code, p.json_path) for p in e.value.problems] == [("claim-member-mismatch", "$.member_id")]


def test_money_as_float_is_refused() -> None:
    from swf_rules.core.load import load_json_text
    data = load_json_text('{"member_id": "m-1", "birth_date": "1970-01-01", "sex": "female", '
                          '"spells": [{"start": "2019-01-15", "end": null, "end_reason": null}], '
                          '"contributions": [{"date": "2019-01-15", "amount": 30.0, "covers": "2019-01"}]}')
    with pytest.raises(InputError) as e:
        parse_member(data)
    assert [(p.code, p.json_path) for p in e.value.problems] == [("money-float", "$.contributions[0].amount")]


def test_undeclared_buddhist_year() -> None:
    assert member_errors(birth_date="2503-03-10") == [("undeclared-buddhist-date", "$.birth_date")]


def test_unknown_calendar() -> None:
    assert member_errors(calendar="lunar") == [("unknown-calendar", "$.calendar")]


def test_contribution_period_must_match_the_schedule() -> None:
    m = parse_member({**BASE_MEMBER, "contributions": [{"date": "2019-01-15", "amount": "365", "covers": "2019"}]})
    with pytest.raises(InputError) as e:
        ENGINE.evaluate(m, parse_claim(BASE_CLAIM))
    assert [(p.code, p.json_path) for p in e.value.problems] == [("contribution-period", "$.contributions[0].covers")]


def test_every_problem_is_listed_at_once() -> None:
    errs = claim_errors(event_date="x", claim_id=3)
    assert sorted(errs) == [("bad-date", "$.event_date"), ("wrong-type", "$.claim_id")]


# --------------------------------------------------------------------------------------------- CLI
def write(tmp_path: Path, name: str, data) -> str:
    p = tmp_path / name
    p.write_text(json.dumps(data), encoding="utf-8")
    return str(p)


def test_cli_evaluate_prints_canonical_json(tmp_path: Path, capsys) -> None:
    code = main(["evaluate", str(ROOT / "regulations" / "chamung.yaml"), "--member",
                 str(ROOT / "examples" / "member.json"), "--claim", str(ROOT / "examples" / "claim.json")])
    out = capsys.readouterr().out
    assert code == 0
    d = json.loads(out)
    assert (d["amount"], d["eligible"], d["currency"]) == ("400", True, "THB")
    assert out == json.dumps(d, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
    DecisionModel.model_validate(d)


def test_cli_bad_member_file_exits_1_with_json_path(tmp_path: Path, capsys) -> None:
    bad = write(tmp_path, "m.json", {**BASE_MEMBER, "birth_date": "1960-13-01"})
    code = main(["evaluate", str(ROOT / "regulations" / "chamung.yaml"), "--member", bad,
                 "--claim", str(ROOT / "examples" / "claim.json")])
    err = capsys.readouterr().err
    assert code == 1
    assert err == f"{bad}:$.birth_date bad-date '1960-13-01' is not a date (write YYYY-MM-DD)\n"


def test_cli_problems_as_json_when_asked(tmp_path: Path, capsys) -> None:
    bad = write(tmp_path, "m.json", {**BASE_MEMBER, "birth_date": "1960-13-01"})
    code = main(["evaluate", str(ROOT / "regulations" / "chamung.yaml"), "--member", bad,
                 "--claim", str(ROOT / "examples" / "claim.json"), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [(p["code"], p["json_path"], p["file"]) for p in out["problems"]] == [("bad-date", "$.birth_date", bad)]


def test_cli_json_syntax_error(tmp_path: Path, capsys) -> None:
    p = tmp_path / "c.json"
    p.write_text('{"claim_id": "c-1",\n  "member_id": }', encoding="utf-8")
    code = main(["evaluate", str(ROOT / "regulations" / "chamung.yaml"), "--member",
                 str(ROOT / "examples" / "member.json"), "--claim", str(p)])
    assert code == 1
    assert capsys.readouterr().err == f"{p}:2:16 json-syntax JSON syntax error: Expecting value\n"


def test_cli_explain_in_thai(capsys) -> None:
    code = main(["explain", str(ROOT / "regulations" / "chamung.yaml"), "--member",
                 str(ROOT / "examples" / "member.json"), "--claim", str(ROOT / "examples" / "claim.json"),
                 "--lang", "th"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[2:5] == ["  วันที่เกิดเหตุ: 10 กุมภาพันธ์ 2567 (ปีงบประมาณ 2567)",
                                     "  ระเบียบ: ระเบียบกองทุนสวัสดิการชุมชนตำบลชะมวง พ.ศ. ๒๕๕๖",
                                     "  ผล: มีสิทธิ์ได้รับ 400 บาท (สี่ร้อยบาทถ้วน) จ่ายให้สมาชิก"]
    assert out.splitlines()[-3:] == ["    เพดานต่อการนอนโรงพยาบาลหนึ่งครั้ง 600 บาท: จ่ายได้ 600 บาท",
                                     "    เพดานต่อปีงบประมาณ 2567 1,000 บาท: ใช้ไปแล้ว 600 บาท คงเหลือ 400 บาท จ่ายได้ 400 บาท",
                                     "    จำนวนเงินที่จ่าย 400 บาท (สี่ร้อยบาทถ้วน)"]


def test_cli_show_as_of_buddhist_date(capsys) -> None:
    code = main(["show", str(ROOT / "regulations" / "chamung.yaml"), "--as-of", "be:2567-01-01"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0] == "Chamung Subdistrict Community Welfare Fund (chamung)"
    assert out[2] == "Version 2556: Chamung fund regulation 2556 B.E."


def test_cli_show_before_first_version(capsys) -> None:
    code = main(["show", str(ROOT / "regulations" / "chamung.yaml"), "--as-of", "2010-01-01"])
    assert code == 1
    assert capsys.readouterr().err.split(" ", 2)[1] == "no-version-in-force"


def test_cli_list_shows_bundled_and_origin(capsys) -> None:
    assert main(["list"]) == 0
    rows = [r.split("\t") for r in capsys.readouterr().out.splitlines()]
    chamung = [r for r in rows if r[1].endswith("regulations/chamung.yaml")]
    assert chamung == [["chamung (1 version)", str(ROOT / "regulations" / "chamung.yaml"),
                        "entry point bundled (swf-rules)"]]
