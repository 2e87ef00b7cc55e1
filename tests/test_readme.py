"""The README's command sequences run as written (issue 11 section 4: `reproduce decisions.jsonl` did not)."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

from swf_rules.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _sh_blocks() -> list[list[str]]:
    return [[ln for ln in b.splitlines() if ln.strip()] for b in re.findall(r"```sh\n(.*?)```", README, flags=re.S)]


def test_the_decision_log_sequence_runs_as_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocks = [b for b in _sh_blocks() if any("log append" in ln for ln in b)]
    assert len(blocks) == 1
    lines = blocks[0]
    assert [shlex.split(ln)[1:3] for ln in lines] == [["log", "append"], ["log", "verify"],
                                                      ["reproduce", "decisions.jsonl"]]
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for ln in lines:
            args = [str(tmp_path / a) if a == "decisions.jsonl" else a for a in shlex.split(ln)[1:]]
            assert main(args) == 0, ln
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out.replace(str(tmp_path) + "/", "").splitlines()
    assert out[0].startswith("record 1: claim c-0107 eligible 400 THB (sha256:")
    assert out[1].startswith("decisions.jsonl: intact, 1 record(s), head sha256:")
    assert out[2] == "record 1 (claim c-0107): recomputed, byte-identical"


def test_the_event_monitor_example_stream_is_shipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from swf_rules.events import available
    if not available():
        pytest.skip("durable-rules (the events extra) is not installed")
    line = next(ln for b in _sh_blocks() for ln in b if ln.startswith("swf-rules watch"))
    args = [str(tmp_path / a) if a == "notices.jsonl" else a for a in shlex.split(line)[1:]]
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        assert main(args) == 0
    finally:
        os.chdir(cwd)
    assert capsys.readouterr().err == "46 events used, 0 lines skipped, 1 notice\n"
    assert (tmp_path / "notices.jsonl").read_bytes().count(b"\n") == 1
