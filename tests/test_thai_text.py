"""Thai everywhere: every command a committee reads, run in Thai on the planted synthetic fund, compared with a golden
text file (tests/golden/thai/), and no Latin letter in any of them except the identifiers the user's own files
hold (member and claim numbers); ``--digits thai`` writes the numbers in Thai digits and leaves those identifiers
as they are."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from documents_fund import FUND, FUND_DIR, Fund, _death_member, planted_fund
from golden_files import check_golden
from swf_rules.cli.main import main
from swf_rules.core.thaiwords import digits_outside_ids
from swf_rules.testing import instalments

GOLDEN = Path(__file__).parent / "golden" / "thai"
LATIN = re.compile(r"[A-Za-z][A-Za-z0-9_\-/.]*")


@pytest.fixture(scope="module")
def fund(tmp_path_factory: pytest.TempPathFactory) -> tuple[Fund, Path]:
    tmp = tmp_path_factory.mktemp("thai")
    f = planted_fund(tmp)
    member = _death_member()
    (tmp / "death-member.json").write_text(json.dumps(member.model_dump(mode="json", exclude={"calendar"}),
                                                      ensure_ascii=False), encoding="utf-8")
    (tmp / "death-claim.json").write_text(json.dumps({"claim_id": "D-0001", "member_id": "M90001", "benefit": "death",
                                                      "event_date": "2024-06-20", "filed_on": "2024-06-25"}),
                                          encoding="utf-8")
    p = next(x for x in f.ledger.payouts if x.payout_id == "C0000072")  # a 7-night stay, capped
    before = [{"claim_id": x.payout_id, "benefit": x.benefit, "event_date": x.event_date.isoformat(),
               "amount": str(x.amount), "units": x.units} for x in f.ledger.payouts
              if x.member_id == p.member_id and x.event_date < p.event_date]
    hospital = f.ledger.members[p.member_id].member(until=p.event_date).model_dump(mode="json", exclude={"calendar"})
    hospital["payouts"] = before
    (tmp / "stay-member.json").write_text(json.dumps(hospital, ensure_ascii=False), encoding="utf-8")
    (tmp / "stay-claim.json").write_text(json.dumps({
        "claim_id": "C0000072", "member_id": p.member_id, "benefit": "hospital", "event_date": "2024-08-01",
        "end_date": "2024-08-08", "filed_on": "2024-08-10"}), encoding="utf-8")
    school = f.ledger.members["M00001"].member(until=date(2024, 6, 1)).model_dump(mode="json", exclude={"calendar"})
    (tmp / "school-member.json").write_text(json.dumps(school, ensure_ascii=False), encoding="utf-8")
    (tmp / "school-claim.json").write_text(json.dumps({"claim_id": "S-17", "member_id": "M00001",
                                                       "benefit": "scholarship", "event_date": "2024-06-01",
                                                       "details": {"gpa": "3.20"}}), encoding="utf-8")
    events = [{"type": "joined", "member_id": "W-1", "date": "2021-01-10", "birth_date": "1950-03-03",
               "sex": "female"}]
    events += [{"type": "instalment", "member_id": "W-1", "date": c["date"], "amount": c["amount"],
                "covers": c["covers"]} for c in instalments(date(2021, 1, 10), date(2024, 1, 31))]
    events += [{"type": "death", "member_id": "W-1", "date": "2024-02-20"}, {"type": "day", "date": "2025-03-01"}]
    (tmp / "events.jsonl").write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    return f, tmp


def _run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    code = main(argv)
    out = capsys.readouterr().out
    assert code == 0, out
    return out


def _commands(f: Fund, tmp: Path) -> dict[str, list[str]]:
    books = ["--regulations", str(FUND_DIR), "--ledger", str(f.books)]
    return {
        "show": ["show", str(FUND)],
        "explain-stay": ["explain", str(FUND), "--member", str(tmp / "stay-member.json"),
                         "--claim", str(tmp / "stay-claim.json")],
        "explain-death": ["explain", str(FUND), "--member", str(tmp / "death-member.json"),
                          "--claim", str(tmp / "death-claim.json")],
        "evaluate-scholarship": ["evaluate", str(FUND), "--member", str(tmp / "school-member.json"),
                                 "--claim", str(tmp / "school-claim.json"), "--format", "text"],
        "status": ["status", *books, "--as-of", "be:2567-09-30"],
        "replay": ["replay", *books],
        "review": ["review", *books, "--as-of", "be:2567-09-30"],
        "committee-review": ["committee-review", *books, "--as-of", "be:2567-09-30", "--log", str(f.log)],
        "approvals": ["approvals", "--log", str(f.log)],
        "watch": ["watch", "--regulation", str(FUND), "--events", str(tmp / "events.jsonl"), "--format", "text"],
    }


def _typed_ids(f: Fund) -> set[str]:
    """The identifiers the user's files hold: member and claim numbers (the books, the log, the test's claims)."""
    ids = {"M90001", "D-0001", "S-17", "W-1"} | set(f.ledger.members)
    ids |= {p.payout_id for p in f.ledger.payouts}
    return ids


NAMES = ["show", "explain-stay", "explain-death", "evaluate-scholarship", "status", "replay", "review",
         "committee-review", "approvals", "watch"]


@pytest.mark.parametrize("name", NAMES)
def test_each_command_speaks_a_committees_thai(name: str, fund: tuple[Fund, Path],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    if name == "watch":
        from swf_rules.events import available
        if not available():
            pytest.skip("the events extra (durable-rules) is not installed")
    f, tmp = fund
    out = _run(capsys, _commands(f, tmp)[name] + ["--lang", "th"])
    check_golden(GOLDEN / f"{name}.th.txt", out)
    latin = sorted({m.group(0) for m in LATIN.finditer(out)} - _typed_ids(f))
    assert latin == []


@pytest.mark.parametrize("name", ["explain-stay", "status", "approvals"])
def test_thai_digits_leave_identifiers_alone(name: str, fund: tuple[Fund, Path],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    f, tmp = fund
    argv = _commands(f, tmp)[name] + ["--lang", "th"]
    arabic = _run(capsys, argv)
    thai = _run(capsys, argv + ["--digits", "thai"])
    assert thai == digits_outside_ids(arabic)
    assert not re.search(r"[0-9]", LATIN.sub("", thai))  # every digit outside an identifier is Thai
    assert {m.group(0) for m in LATIN.finditer(thai)} == {m.group(0) for m in LATIN.finditer(arabic)}


def test_digits_outside_ids() -> None:
    assert digits_outside_ids("คำขอ c-0107 ของสมาชิก M00042 จ่าย 1,000 บาท (ข้อ 2) วันที่ 10 ก.พ. 2567 ไฟล์ a/b2.csv") \
        == "คำขอ c-0107 ของสมาชิก M00042 จ่าย ๑,๐๐๐ บาท (ข้อ ๒) วันที่ ๑๐ ก.พ. ๒๕๖๗ ไฟล์ a/b2.csv"
    assert digits_outside_ids("อายุ 18-59 ปี สมาชิก 01-00042 รอบ 1: 300 งวด 3/2567") == \
        "อายุ ๑๘-๕๙ ปี สมาชิก 01-00042 รอบ ๑: ๓๐๐ งวด ๓/๒๕๖๗"
