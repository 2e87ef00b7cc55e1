"""Lint for what the members' Thai documents would print as written (each finding is a warning):

- ``lint-note-untranslated``: a note (``illustrative``) in one language only, whose other language the version's
  ``document.translations`` does not give -- the Thai document would print the English words (or the English one
  the Thai).
- ``lint-condition-undescribed``: a condition with no ``description`` -- the document would print the expression
  itself (``certified == true``) where members expect a sentence.
- ``lint-claim-field-undescribed``: a claim field with no ``description`` -- documents name it by its key.

The file is read as written (amendments included), so a finding is reported once, where its words would go.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..core.errors import Path, Problem
from ..core.load import Document

_NOTE_WIDTH = 40


def lint_thai(doc: Document) -> Iterator[Problem]:
    versions = doc.data.get("versions") if isinstance(doc.data, dict) else None
    if not isinstance(versions, list):
        return
    translated = _translated(versions)
    for vi, v in enumerate(versions):
        yield from _walk(doc, v, ("versions", vi), None, translated)


def _translated(versions: list[Any]) -> set[str]:
    """Both sides of every ``document.translations`` pair of the file (a note given there is translated)."""
    out: set[str] = set()
    for v in versions:
        d = v.get("document") if isinstance(v, dict) else None
        for pair in (d.get("translations") or [] if isinstance(d, dict) else []):
            if isinstance(pair, dict):
                out |= {" ".join(str(x).split()) for x in pair.values() if isinstance(x, str)}
    return out


def _walk(doc: Document, node: Any, path: Path, clause: str | None, translated: set[str]) -> Iterator[Problem]:
    if isinstance(node, list):
        for i, x in enumerate(node):
            yield from _walk(doc, x, path + (i,), clause, translated)
        return
    if not isinstance(node, dict):
        return
    clause = node.get("clause") if isinstance(node.get("clause"), str) else clause
    for key, value in node.items():
        p = path + (key,)
        if key == "illustrative":
            for q, text in ([(p + (i,), x) for i, x in enumerate(value)] if isinstance(value, list) else [(p, value)]):
                if isinstance(text, str) and " ".join(text.split()) not in translated:
                    yield doc.problem("lint-note-untranslated", q, clause=clause, value=_short(text),
                                      hint=("write the note in both languages: {th: ..., en: ...}",
                                            "เขียนหมายเหตุทั้งสองภาษา {th: ..., en: ...}"))
        elif key == "conditions" and isinstance(value, list):
            for i, c in enumerate(value):
                if isinstance(c, dict) and isinstance(c.get("when"), str) and c.get("description") is None:
                    yield doc.problem("lint-condition-undescribed", p + (i, "when"), clause=c.get("clause") or clause,
                                      value=c["when"],
                                      hint=("add description: {th: ..., en: ...} in the members' words",
                                            "เพิ่ม description: {th: ..., en: ...} เป็นถ้อยคำที่สมาชิกอ่านเข้าใจ"))
        elif key == "claim_fields" and isinstance(value, dict):
            for name, f in value.items():
                if isinstance(f, dict) and f.get("description") is None:
                    yield doc.problem("lint-claim-field-undescribed", p + (name,), at_key=True, clause=clause,
                                      value=str(name),
                                      hint=("add description: {th: ..., en: ...}",
                                            "เพิ่ม description: {th: ..., en: ...}"))
        if key not in ("claim_fields", "document"):
            yield from _walk(doc, value, p, clause, translated)


def _short(text: str) -> str:
    one = " ".join(text.split())
    return one if len(one) <= _NOTE_WIDTH else one[:_NOTE_WIDTH - 1] + "…"


__all__ = ["lint_thai"]
