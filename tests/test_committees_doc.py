"""docs/committees.md step 4: the synth and impact commands print exactly what the page shows."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

from swf_rules.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _console_blocks(text: str, commands: tuple[str, ...] = ("synth", "impact")) -> list[tuple[str, str]]:
    """(command, expected output) for every ```console block whose command is one of ``commands``."""
    out = []
    text = re.sub(r"<!-- reports-run -->\n```console\n.*?```", "", text, flags=re.S)  # tests/test_reports_docs.py
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.S):
        first, _, rest = block.partition("\n")
        if first.startswith(tuple(f"$ swf-rules {c} " for c in commands)):
            out.append((first[2:], rest))
    return out


def test_pricing_a_draft_prints_what_the_page_shows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocks = _console_blocks((ROOT / "docs" / "committees.md").read_text(encoding="utf-8"))
    # the third block is the error report for a draft with a typo and a fund with mistakes (shipped in
    # docs/examples/): it exits 1 and writes nothing
    assert [cmd.split()[1] for cmd, _ in blocks] == ["synth", "impact", "impact"]
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for i, (cmd, expected) in enumerate(blocks):
            args = [a.replace("build/committee", str(tmp_path)) for a in shlex.split(cmd)[1:]]
            status = 1 if i == 2 else 0
            if status:
                assert expected.endswith("$ echo $?\n1\n")
                expected = expected[: -len("$ echo $?\n1\n")]
            assert main(args) == status
            cap = capsys.readouterr()  # the page shows the report (stdout) followed by the files written (stderr)
            got = (cap.out + cap.err).replace(str(tmp_path), "build/committee")
            assert got == expected, cmd
        assert not (tmp_path / "impact2").exists()
    finally:
        os.chdir(cwd)


def test_the_draft_with_a_typo_is_reported_as_the_page_shows(capsys: pytest.CaptureFixture[str]) -> None:
    blocks = _console_blocks((ROOT / "docs" / "committees.md").read_text(encoding="utf-8"), ("validate",))
    typo = [(cmd, out) for cmd, out in blocks if "draft-typo" in cmd]
    assert len(typo) == 1
    cmd, expected = typo[0]
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        assert main(shlex.split(cmd)[1:]) == 1
    finally:
        os.chdir(cwd)
    cap = capsys.readouterr()
    assert cap.out + cap.err == expected
