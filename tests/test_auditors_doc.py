"""docs/auditors.md stays true: its commands run as written and print what the page shows."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from swf_rules.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "auditors.md").read_text(encoding="utf-8")


def _block_after(marker: str) -> str:
    m = re.search(re.escape(marker) + r"\n```text\n(.*?)```", DOC, re.S)
    assert m is not None, marker
    return m.group(1)


def _commands(section: str) -> list[list[str]]:
    text = DOC.split(section, 1)[1]
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block is not None
    return [shlex.split(line, comments=True)[1:] for line in block.group(1).splitlines() if line.startswith("swf-rules ")]


def test_walkthrough_commands_print_what_the_page_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "regulations").symlink_to(ROOT / "regulations")
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    [synth] = _commands("## 1. Five years of books")
    assert main(synth) == 0
    assert capsys.readouterr().out == '{"contributions": 31142, "members": 700, "payouts": 619, "planted": 9}\n'
    [replay] = _commands("## 2. Replay")
    assert main(replay) == 0
    assert capsys.readouterr().out == _block_after("<!-- replay-output -->")
    rows = (tmp_path / "findings" / "findings.csv").read_text().splitlines()
    shown = _block_after("<!-- findings-rows -->").splitlines()
    assert [rows[0]] + [r for r in rows[1:] if ",supported," not in r] == shown
    [status] = _commands("## 5. The fund's status at a date")
    assert main(status) == 0
    out = capsys.readouterr().out
    shown_status = DOC.split("## 5. The fund's status at a date", 1)[1].split("```text\n", 1)[1].split("...\n")[0]
    assert out.startswith(shown_status)
    log_cmds = _commands("## 6. The decision log")
    assert [main(c) for c in log_cmds] == [0, 0, 0, 0]
    log = tmp_path / "decisions.jsonl"
    log.write_text(log.read_text().replace('"amount":"400"', '"amount":"600"', 1))
    capsys.readouterr()
    assert main(log_cmds[2]) == 1
    edited = DOC.split("with a text editor:\n\n```text\n", 1)[1].split("```")[0]
    assert capsys.readouterr().out == edited
    assert main(log_cmds[3]) == 1
    diff = DOC.split("or prints the difference:\n\n```text\n", 1)[1].split("```")[0]
    assert capsys.readouterr().out.startswith(diff)
    log.write_text(log.read_text().replace('"amount":"600"', '"amount":"400"', 1))
    assert main(log_cmds[2]) == 0
    sign_cmds = _commands("### Signed checkpoints")
    assert [c[:2] for c in sign_cmds] == [["log", "keygen"], ["log", "checkpoint"], ["log", "verify"]]
    capsys.readouterr()
    assert [main(c) for c in sign_cmds] == [0, 0, 0]
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "private key (keep secret): committee.key"
    assert out[-1].endswith("(checkpoints verified)")
