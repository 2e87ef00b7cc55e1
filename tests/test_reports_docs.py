"""docs/auditors.md and docs/committees.md stay true: every ``<!-- reports-run -->`` block's command runs as written
(from a folder holding the regulations, after the synthetic fund of the first block is made) and prints what the
page shows: all of it, or up to a line ``...`` where the page cuts it."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from swf_rules.cli import main

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"<!-- reports-run -->\n```console\n\$ (swf-rules [^\n]*)\n(.*?)```", re.S)


def _blocks(doc: str) -> list[tuple[list[str], str]]:
    text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    return [(shlex.split(cmd)[1:], out) for cmd, out in BLOCK.findall(text)]


@pytest.mark.parametrize("doc", ["auditors.md", "committees.md"])
def test_report_blocks_print_what_the_page_shows(doc: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "regulations").symlink_to(ROOT / "regulations")
    monkeypatch.chdir(tmp_path)
    blocks = _blocks(doc)
    assert blocks and blocks[0][0][0] == "synth"
    for args, shown in blocks:
        capsys.readouterr()
        assert main(args) == 0, args
        out = capsys.readouterr().out
        if "\n...\n" in shown or shown.endswith("...\n"):
            head = shown.split("...\n")[0]
            assert out.startswith(head), args
        else:
            assert out == shown, args
