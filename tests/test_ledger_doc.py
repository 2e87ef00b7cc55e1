"""docs/ledger.md's worked example of a mapping runs: the command shown gives the output shown, byte for byte
(from the repository root, as the page says)."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from swf_rules.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "ledger.md").read_text(encoding="utf-8")


def test_the_worked_example_runs_as_shown(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    part = DOC.split("### Writing a mapping: a worked example", 1)[1]
    command = part.split("```sh\n", 1)[1].split("\n```", 1)[0]
    shown = part.split("<!-- import-example-output -->\n```text\n", 1)[1].split("```", 1)[0]
    argv = shlex.split(command)
    assert argv[0] == "swf-rules"
    monkeypatch.chdir(ROOT)
    assert main(argv[1:]) == 0
    assert capsys.readouterr().out == shown
