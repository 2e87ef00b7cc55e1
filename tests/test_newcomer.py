"""Issue 11 section 4: small things a newcomer tripped on (output permissions, ``evaluate --lang``).  The README's
sequences are tests/test_readme.py, the shipped example files tests/test_committees_doc.py, lint on the bundled
regulations tests/test_lint.py, the wheel tests/test_wheel.py."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Iterator

import pytest

from swf_rules.cli import main
from swf_rules.core.output import write_atomic, write_files

ROOT = Path(__file__).resolve().parents[1]
CHAMUNG = str(ROOT / "regulations" / "chamung.yaml")
MEMBER, CLAIM = str(ROOT / "examples" / "member.json"), str(ROOT / "examples" / "claim.json")


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_files_get_the_permissions_the_umask_gives(tmp_path: Path, umask: None) -> None:
    write_atomic(tmp_path / "a.txt", "x")
    assert mode(tmp_path / "a.txt") == 0o644  # mkstemp alone would make 0600
    os.umask(0o027)
    write_atomic(tmp_path / "b.txt", "x")
    assert mode(tmp_path / "b.txt") == 0o640
    os.umask(0o022)
    write_files(tmp_path / "set", {"one.csv": "1", "two.json": "2"})
    assert (mode(tmp_path / "set"), mode(tmp_path / "set" / "one.csv")) == (0o755, 0o644)


def test_command_outputs_get_the_umasks_permissions(tmp_path: Path, umask: None,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", CHAMUNG, "--out", str(tmp_path / "doc.md")]) == 0
    assert main(["synth", "--regulation", CHAMUNG, "--seed", "1", "--members", "4", "--years", "1", "--start",
                 "2020-10-01", "--ledger", "--out", str(tmp_path / "books")]) == 0
    (tmp_path / "books" / "ledger.yaml").write_text("fund: chamung\n", encoding="utf-8")
    assert main(["replay", "--regulations", str(ROOT / "regulations"), "--ledger", str(tmp_path / "books"),
                 "--out", str(tmp_path / "findings")]) == 0
    assert main(["log", "append", "--log", str(tmp_path / "d.jsonl"), "--regulation", CHAMUNG, "--member", MEMBER,
                 "--claim", CLAIM]) == 0
    got = {p.relative_to(tmp_path).as_posix(): oct(mode(p)) for p in sorted(tmp_path.rglob("*"))}
    assert got == {"books": "0o755", "books/contributions.csv": "0o644", "books/ledger.yaml": "0o644",
                   "books/members.csv": "0o644", "books/payouts.csv": "0o644", "books/planted.json": "0o644",
                   "d.jsonl": "0o644",
                   "doc.md": "0o644", "findings": "0o755", "findings/findings.csv": "0o644",
                   "findings/findings.json": "0o644", "findings/summary.csv": "0o644"}


def test_evaluate_lang_th_adds_a_thai_summary_and_keeps_the_json_bytes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", CHAMUNG, "--member", MEMBER, "--claim", CLAIM]) == 0
    plain = capsys.readouterr()
    assert plain.err == ""
    assert main(["evaluate", CHAMUNG, "--member", MEMBER, "--claim", CLAIM, "--lang", "th"]) == 0
    th = capsys.readouterr()
    assert th.out == plain.out
    assert th.err == "คำขอ c-0107 ของสมาชิก 01-00042: กรณีเจ็บป่วยนอนโรงพยาบาล [ข้อ ๒] มีสิทธิ์ 400 บาท\n"
    assert main(["evaluate", CHAMUNG, "--member", MEMBER, "--claim", CLAIM, "--lang", "en"]) == 0
    assert capsys.readouterr().err == "claim c-0107 of member 01-00042: Hospital stay [ข้อ ๒] eligible, 400 baht\n"


def test_evaluate_lang_th_as_text_and_problems_in_thai(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", CHAMUNG, "--member", MEMBER, "--claim", CLAIM, "--lang", "th", "--format", "text"]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == ["คำขอ c-0107 ของสมาชิกเลขที่ 01-00042",
                                                        "  สวัสดิการ: กรณีเจ็บป่วยนอนโรงพยาบาล (ข้อ ๒)"]
    (tmp_path / "c.json").write_text('{"claim_id": "c", "member_id": "01-00042", "benefit": "hospital", '
                                     '"event_date": "2024-02-30"}', encoding="utf-8")
    assert main(["evaluate", CHAMUNG, "--member", MEMBER, "--claim", str(tmp_path / "c.json"), "--lang", "th"]) == 1
    assert capsys.readouterr().err == (f"{tmp_path / 'c.json'}:$.event_date bad-date '2024-02-30' ไม่ใช่วันที่ "
                                       "(เขียนเป็น ปปปป-ดด-วว)\n")
