"""Every python block in docs/api.md runs, in order, in one namespace, from the repository root."""

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_api_doc_examples_run(capsys) -> None:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 11  # the columnar engine's block and the reports' block each added one
    ns: dict = {}
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for i, block in enumerate(blocks):
            exec(compile(block, f"docs/api.md[block {i}]", "exec"), ns)  # our own documentation, not user input
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert out == ("draft.yaml:2:11 unknown-calendar unknown calendar 'julian' (fix: write calendar: buddhist "
                   "(พ.ศ.) or calendar: gregorian (ค.ศ.))\n"
                   "  ผล: มีสิทธิ์ได้รับ 400 บาท (สี่ร้อยบาทถ้วน) จ่ายให้สมาชิก\n")
