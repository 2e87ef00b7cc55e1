"""docs/errors.md documents exactly the problem codes of swf_rules.core.errors.CATALOG: one `### code` heading each."""

from __future__ import annotations

import re
from pathlib import Path

from swf_rules.core.errors import CATALOG

DOC = Path(__file__).resolve().parents[1] / "docs" / "errors.md"
HEADING = re.compile(r"^### (.+?)\s*$", re.M)


def headings() -> list[str]:
    return HEADING.findall(DOC.read_text(encoding="utf-8"))


def test_every_code_is_documented() -> None:
    assert sorted(set(CATALOG) - set(headings())) == []


def test_every_heading_is_a_real_code() -> None:
    assert sorted(set(headings()) - set(CATALOG)) == []


def test_each_code_is_documented_once() -> None:
    hs = headings()
    assert sorted(h for h in set(hs) if hs.count(h) > 1) == []


def test_each_code_has_text_under_its_heading() -> None:
    text = DOC.read_text(encoding="utf-8")
    parts = re.split(r"^### .+$", text, flags=re.M)[1:]
    empty = [h for h, body in zip(headings(), parts) if not re.sub(r"^## .*$", "", body, flags=re.M).strip()]
    assert empty == []
