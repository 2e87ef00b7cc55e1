"""Fund status at a date (CODI form figures) from a hand-made ledger: exact counts and amounts."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from swf_rules.cli import main
from swf_rules.audit import fund_status, load_for_replay, render_status
from test_audit_replay import hand_ledger

ROOT = Path(__file__).resolve().parents[1]


def test_status_figures(tmp_path: Path) -> None:
    reg, led = load_for_replay(ROOT / "regulations", hand_ledger(tmp_path / "books"))
    s = fund_status(reg, led, date(2017, 9, 30))
    assert (s["fund"], s["fiscal_year"], s["period"], s["last_12_months"]) == (
        "chamung", 2560, {"from": "2016-10-01", "to": "2017-09-30"}, {"from": "2016-10-01", "to": "2017-09-30"})
    assert s["members"] == {
        "ever_joined": 4, "current": 3,
        "by_status": {"active": 3, "suspended": 0, "lapsed": 0, "resigned": 0, "expelled": 0, "dead": 1},
        "by_age_group": {"children": 0, "working_age": 3, "elderly": 0},
        "joined_in_period": 0, "with_placeholder_dates": 1}
    assert s["government_matching"] == {"members_with_full_year": 3, "baht_per_member": "365", "amount": "1095"}
    assert s["contributions"] == {
        "period": {"count": 41, "amount": "1230"}, "last_12_months": {"count": 41, "amount": "1230"},
        "cumulative": {"count": 75, "amount": "2250"}, "by_fiscal_year": {"2559": "1020", "2560": "1230"}}
    p = s["payouts"]
    assert p["cumulative"] == {"rows": [
        {"category": "birth", "benefit": "birth", "count": 2, "amount": "2000"},
        {"category": "death", "benefit": "death", "count": 1, "amount": "5000"},
        {"category": "sickness", "benefit": "hospital", "count": 9, "amount": "3600"},
        {"category": "unknown", "benefit": "funeral", "count": 1, "amount": "500"}],
        "total": {"count": 13, "amount": "11100"}}
    assert p["period"]["total"] == {"count": 9, "amount": "9500"}
    assert p["by_fiscal_year"][0] == {"fiscal_year": 2559, "category": "sickness", "benefit": "hospital", "count": 4,
                                      "amount": "1600"}
    text = render_status(s, "th")
    assert text.splitlines()[0] == "สถานะกองทุน chamung ณ วันที่ 2017-09-30 (ปีงบประมาณ 2560)"


def test_status_later_date_counts_the_lapse(tmp_path: Path) -> None:
    books = hand_ledger(tmp_path / "books")
    reg, led = load_for_replay(ROOT / "regulations", books)
    s = fund_status(reg, led, date(2019, 6, 1), since=date(2019, 1, 1))
    # M2 paid until December 2018: January, February and March 2019 missed -> lapsed from 1 April 2019
    assert s["members"]["by_status"] == {"active": 0, "suspended": 0, "lapsed": 3, "resigned": 0, "expelled": 0,
                                         "dead": 1}
    assert s["contributions"]["period"] == {"count": 0, "amount": "0"}


def test_status_cli_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``swf-rules status`` prints status v2 (swf_rules.reports); its figures agree with this module's."""
    books = hand_ledger(tmp_path / "books")
    assert main(["status", "--regulations", str(ROOT / "regulations"), "--ledger", str(books),
                 "--as-of", "be:2560-09-30", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    v2 = data["windows"][-1]
    reg, led = load_for_replay(ROOT / "regulations", books)
    v1 = fund_status(reg, led, date(2017, 9, 30))
    assert data["as_of"] == "2017-09-30" and v2["members"]["current"] == v1["members"]["current"] == 3
    assert (v2["members"]["by_status"], v2["members"]["by_age_group"], v2["members"]["full_year"]) == (
        v1["members"]["by_status"], v1["members"]["by_age_group"],
        v1["government_matching"]["members_with_full_year"])
    assert v2["money"]["income"]["members"] == v1["contributions"]["cumulative"]["amount"] == "2250"
    assert v2["money"]["welfare_total"] == v1["payouts"]["cumulative"]["total"] == {"count": 13, "amount": "11100"}
    assert main(["status", "--regulations", str(ROOT / "regulations"), "--ledger", str(books),
                 "--as-of", "2017-09-30"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Status of the Chamung Subdistrict Community Welfare Fund (chamung) on 2017-09-30 (fiscal year 2560)"
