"""Located problems for committee YAML files: pydantic's validation errors translated into bilingual
:class:`~swf_rules.core.errors.Problem` values at file:line:col, and the benefits a file may refer to.

Shared by the case files (:mod:`._case_files`, :mod:`._case_build`) and their declared invariants
(:mod:`._invariant_format`).
"""

from __future__ import annotations

import typing
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError

from ..core.errors import Path, Problem, did_you_mean
from ..core.load import Document
from ..core.validate import Regulation, _data_path as _located, _found, _unwrap


# ------------------------------------------------------------------------------------------ pydantic -> problems
_EXPECTED = {
    "int_type": "a whole number", "int_parsing": "a whole number", "int_from_float": "a whole number",
    "string_type": "text", "bool_type": "yes/no (true or false)", "bool_parsing": "yes/no (true or false)",
    "dict_type": "a mapping (key: value pairs)", "model_type": "a mapping (key: value pairs)",
    "model_attributes_type": "a mapping (key: value pairs)", "list_type": "a list", "decimal_type": "a number",
    "date_type": "a date",
}
_PASS_THROUGH = {"money-float", "money-negative", "money-precision", "money-syntax", "bad-number", "bad-date",
                 "undeclared-buddhist-date", "unknown-calendar", "missing-field", "one-of-fields", "date-order",
                 "case-paid", "case-missed", "case-conflicting-fields", "case-contradiction"}
_HINTS = {
    "case-paid": ("write 'every month', 'every year', 'until YYYY-MM-DD' or 'nothing'",
                  "เขียน 'every month' 'every year' 'until ปปปป-ดด-วว' หรือ 'nothing'"),
    "case-missed": ("write periods as YYYY-MM (or YYYY for yearly instalments), or a range YYYY-MM..YYYY-MM",
                    "เขียนงวดเป็น ปปปป-ดด (หรือ ปปปป สำหรับงวดรายปี) หรือช่วง ปปปป-ดด..ปปปป-ดด"),
    "money-float": ("write money as a whole number (500) or a decimal string in quotes (\"12.50\")",
                    "เขียนจำนวนเงินเป็นจำนวนเต็ม (500) หรือข้อความทศนิยมในเครื่องหมายคำพูด (\"12.50\")"),
    "undeclared-buddhist-date": ("add 'calendar: buddhist' to the file or the case, or write the C.E. year",
                                 "เพิ่ม 'calendar: buddhist' ในไฟล์หรือในกรณี หรือเขียนปี ค.ศ."),
    "bad-date": ("write dates as YYYY-MM-DD", "เขียนวันที่เป็น ปปปป-ดด-วว"),
    "case-contradiction": ("an eligible claim has no failing checks; remove 'failing' or set eligible: false",
                           "คำขอที่มีสิทธิ์ไม่มีข้อที่ไม่ผ่าน ให้ลบ 'failing' หรือเขียน eligible: false"),
}


def model_at(roots: Iterable[type[BaseModel]], data: Any, path: Path) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``path`` inside ``data`` (discriminated by ``type``)."""
    cands: list[Any] = list(roots)
    cur = data
    cands = _by_tag(cands, cur)
    for part in path:
        nxt: list[Any] = []
        for c in cands:
            if isinstance(c, tuple):
                nxt.append(c[1])
                continue
            f = c.model_fields.get(part) if isinstance(part, str) else None
            if f is not None:
                nxt.extend(_unwrap(f.annotation))
        if isinstance(cur, dict) and part in cur:
            cur = cur[part]
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            cur = cur[part]
        else:
            cur = None
        cands = _by_tag(nxt, cur)
    models = [c for c in cands if not isinstance(c, tuple)]
    return models[0] if len(models) == 1 else None


def _by_tag(cands: list[Any], cur: Any) -> list[Any]:
    models = [c for c in cands if not isinstance(c, tuple)]
    if len(models) > 1 and isinstance(cur, dict):
        tagged = [m for m in models if "type" in m.model_fields
                  and typing.get_args(m.model_fields["type"].annotation) == (cur.get("type"),)]
        return tagged or cands
    return cands


def validation_problems(doc: Document, exc: ValidationError, roots: Iterable[type[BaseModel]],
                        prefix: Path = ()) -> list[Problem]:
    """Translate a pydantic error raised while validating ``doc.data`` at ``prefix`` into located problems.

    ``roots`` are the model classes that validated that part (several for a union discriminated by ``type``).
    Unknown keys get a "did you mean" hint from the model's field names.  Reusable for any YAML document whose
    shape is described by models with ``extra="forbid"``.
    """
    roots = list(roots)
    base = doc.data
    for part in prefix:
        base = base[part]
    out: list[Problem] = []
    for err in exc.errors(include_url=False):
        etype = err["type"]
        loc = tuple(err["loc"])
        path = _located_path(base, loc)
        full = tuple(prefix) + path
        ctx = dict(err.get("ctx") or {})
        value = err.get("input")
        shown = None if isinstance(value, (dict, list)) else value
        if etype == "extra_forbidden":
            key = path[-1]
            model = model_at(roots, base, path[:-1])
            allowed = sorted(model.model_fields) if model else []
            hint = did_you_mean(str(key), allowed, ("allowed keys: " + ", ".join(allowed),
                                                    "คีย์ที่ใช้ได้: " + ", ".join(allowed)) if allowed else None)
            out.append(doc.problem("unknown-key", full, at_key=True, value=str(key), key=key, hint=hint))
        elif etype in ("missing", "union_tag_not_found"):
            fld = loc[-1] if etype == "missing" else str(ctx.get("discriminator", "type")).strip("'")
            p = full if etype == "missing" else full + (fld,)
            out.append(doc.problem("missing-field", p, field=fld, hint=(f"add '{fld}:'", f"เพิ่ม '{fld}:'")))
        elif etype in ("literal_error", "union_tag_invalid"):
            allowed_s = ctx.get("expected") or ctx.get("expected_tags") or ""
            bad = value if etype == "literal_error" else ctx.get("tag", value)
            out.append(doc.problem("not-allowed", full + (("type",) if etype == "union_tag_invalid" else ()),
                                   value=str(bad), hint=(f"use one of {allowed_s}", f"ใช้ค่าใดค่าหนึ่งจาก {allowed_s}")))
        elif etype in _PASS_THROUGH:
            given = ctx.pop("value", None)
            if given is None and shown is not None:
                given = str(shown)
            out.append(doc.problem(etype, full, value=given, hint=_HINTS.get(etype), **ctx))
        elif etype == "too_short" and isinstance(value, list):
            out.append(doc.problem("empty-list", full))
        elif etype in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            out.append(doc.problem("out-of-range", full, value=str(value), detail=err["msg"].lower()))
        elif etype == "string_pattern_mismatch":
            out.append(doc.problem("bad-identifier", full, value=str(value),
                                   hint=("use lower-case letters, digits and _ starting with a letter, e.g. hospital",
                                         "ใช้อักษรอังกฤษตัวเล็ก ตัวเลข และ _ ขึ้นต้นด้วยตัวอักษร เช่น hospital")))
        elif etype == "string_too_short":
            out.append(doc.problem("missing-field", full, field=str(path[-1]) if path else "text",
                                   hint=("write the text", "เขียนข้อความ")))
        else:
            expected = _EXPECTED.get(etype, err["msg"])
            hint = None
            if expected == "a whole number" and isinstance(value, str):
                hint = ("write the number without quotes", "เขียนตัวเลขโดยไม่ใส่เครื่องหมายคำพูด")
            out.append(doc.problem("wrong-type", full, expected=expected, found=_found(value),
                                   value=None if shown is None else str(shown), hint=hint))
    return out


def _located_path(data: Any, loc: tuple) -> Path:
    """``loc`` without the tags pydantic inserts (union members, discriminators)."""
    return _located(data, loc)[0]


# ------------------------------------------------------------------------------------------ references
def unknown_benefits(doc: Document, refs: Iterable[tuple[Path, str]], ids: Iterable[str]) -> list[Problem]:
    """An ``unknown-benefit`` problem, with a "did you mean" hint listing the benefits, for every ``(path, benefit
    id)`` reference whose id is not one of ``ids``."""
    known = sorted(ids)
    return [doc.problem("unknown-benefit", path, value=ref, hint=did_you_mean(
        ref, known, ("benefits: " + ", ".join(known), "สวัสดิการ: " + ", ".join(known)), cutoff=0.5))
        for path, ref in refs if ref not in known]


def benefit_ids(regulation: Regulation) -> dict[str, set[str]]:
    """Every benefit id in any version -> the claim fields it declares (union over versions)."""
    out: dict[str, set[str]] = {}
    for v in regulation.versions:
        for b in v.benefits:
            out.setdefault(b.id, set()).update(b.claim_fields)
    return out
