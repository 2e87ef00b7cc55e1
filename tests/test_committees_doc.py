"""docs/committees.md step 4: the synth and impact commands print exactly what the page shows."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

from swf_rules.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _console_blocks(text: str) -> list[tuple[str, str]]:
    """(command, expected output) for every ```console block whose command is synth or impact."""
    out = []
    text = re.sub(r"<!-- reports-run -->\n```console\n.*?```", "", text, flags=re.S)  # tests/test_reports_docs.py
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.S):
        first, _, rest = block.partition("\n")
        if first.startswith(("$ swf-rules synth ", "$ swf-rules impact ")):
            out.append((first[2:], rest))
    return out


def test_pricing_a_draft_prints_what_the_page_shows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocks = _console_blocks((ROOT / "docs" / "committees.md").read_text(encoding="utf-8"))
    # the third block shows the error report for a broken draft, which needs hand-made bad files
    assert [cmd.split()[1] for cmd, _ in blocks] == ["synth", "impact", "impact"]
    blocks = blocks[:2]
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for cmd, expected in blocks:
            args = [a.replace("build/committee", str(tmp_path)) for a in shlex.split(cmd)[1:]]
            assert main(args) == 0
            cap = capsys.readouterr()  # the page shows the report (stdout) followed by the files written (stderr)
            got = (cap.out + cap.err).replace(str(tmp_path), "build/committee")
            assert got == expected, cmd
    finally:
        os.chdir(cwd)
