"""Stage 2 -- validate: a loaded :class:`~swf_rules.core.load.Document` to a typed :class:`Regulation`, or every problem.

Shape is checked by the pydantic models (:mod:`swf_rules.core.model`); pydantic's errors are translated into our
problem codes and located at file:line:col.  Beside the schema, semantic checks look at the whole document:
table bands, references between benefits, conditions, caps, waiting periods, deadlines and versions.
All problems are collected, ranked and raised together as one :class:`RegulationError`.
"""

from __future__ import annotations

import types
import typing
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path as FsPath
from typing import Any, Iterator

from pydantic import BaseModel, ValidationError

from . import model as M
from .bands import BandSyntaxError, Interval, parse_interval
from .conditions import ConditionError, compile_condition, fact_types
from .dates import CALENDARS, add_period, normalise_digits
from ._amendments import consolidated
from ._regulation import Regulation
from ._validate_membership import check_membership, resolve_groups
from ._validate_v2 import check_v2
from .errors import Path, Problem, RegulationError, did_you_mean
from .load import Document, load_yaml_file, load_yaml_text


# ------------------------------------------------------------------------------------------ public entry points
def load_regulation(path: str | FsPath) -> Regulation:
    """Load and validate a regulation file; raises :class:`RegulationError` with every problem."""
    return validate_document(load_yaml_file(path))


def load_regulation_text(text: str | bytes, file: str = "<string>") -> Regulation:
    return validate_document(load_yaml_text(text, file=file))


def validate_document(doc: Document) -> Regulation:
    problems: list[Problem] = []
    data = doc.data
    calendar = data.get("calendar") if isinstance(data, dict) else None
    if isinstance(calendar, str) and calendar not in CALENDARS:
        problems.append(doc.problem("unknown-calendar", ("calendar",), value=calendar,
                                    hint=("write calendar: buddhist (พ.ศ.) or calendar: gregorian (ค.ศ.)",
                                          "เขียน calendar: buddhist (พ.ศ.) หรือ calendar: gregorian (ค.ศ.)")))
        calendar = "gregorian"
        data = {**data, "calendar": "gregorian"}
    try:
        # a calendar that is missing or not one of CALENDARS is reported once (above or by the model), not again
        # at every date
        reg_file = M.RegulationFile.model_validate(
            data, context={"calendar": calendar if isinstance(calendar, str) and calendar in CALENDARS
                           else "gregorian"})
    except ValidationError as e:
        problems.extend(_translate(doc, e))
        reg_file = None
    if reg_file is not None:
        problems.extend(_semantic(doc, reg_file))
    if problems:
        raise RegulationError(problems)
    assert reg_file is not None
    return resolve_groups(consolidated(doc, reg_file).regulation(doc.file))


# ------------------------------------------------------------------------------------------ pydantic -> problems
_EXPECTED = {
    "int_type": "a whole number", "int_parsing": "a whole number", "int_from_float": "a whole number",
    "string_type": "text", "bool_type": "yes/no (true or false)", "bool_parsing": "yes/no (true or false)",
    "dict_type": "a mapping (key: value pairs)", "model_type": "a mapping (key: value pairs)",
    "model_attributes_type": "a mapping (key: value pairs)",
    "list_type": "a list", "decimal_type": "a number", "date_type": "a date",
}
_EXPECTED_TH = {
    "a whole number": "จำนวนเต็ม", "text": "ข้อความ", "yes/no (true or false)": "ใช่/ไม่ใช่ (true หรือ false)",
    "a mapping (key: value pairs)": "ชุดของ key: value", "a list": "รายการ", "a number": "ตัวเลข",
    "a date": "วันที่",
}


def _found(v: Any) -> str:
    if v is None:
        return "nothing (null)"
    if isinstance(v, bool):
        return f"yes/no ({str(v).lower()})"
    if isinstance(v, int):
        return f"a number ({v})"
    if isinstance(v, dict):
        return "a mapping"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, str):
        return f"text '{v}'"
    return f"'{v}'"


def _found_th(v: Any) -> str:
    if v is None:
        return "ค่าว่าง (null)"
    if isinstance(v, bool):
        return f"ใช่/ไม่ใช่ ({str(v).lower()})"
    if isinstance(v, int):
        return f"ตัวเลข ({v})"
    if isinstance(v, dict):
        return "ชุดของ key: value"
    if isinstance(v, list):
        return "รายการ"
    if isinstance(v, str):
        return f"ข้อความ '{v}'"
    return f"'{v}'"


def _data_path(data: Any, loc: tuple) -> tuple[Path, bool]:
    """Drop the discriminator tags pydantic inserts into ``loc``; return the path and whether it exists."""
    out: list[str | int] = []
    cur = data
    exists = True
    for i, part in enumerate(loc):
        if isinstance(cur, dict) and isinstance(part, str) and part in cur:
            out.append(part)
            cur = cur[part]
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            out.append(part)
            cur = cur[part]
        elif isinstance(cur, dict) and isinstance(part, str) and i == len(loc) - 1:
            out.append(part)
            exists = False
        elif isinstance(cur, dict) and isinstance(part, str) and isinstance(cur.get("type"), str) \
                and cur.get("type") == part:
            continue  # discriminator tag
        else:
            continue
    return tuple(out), exists


def _unwrap(tp: Any) -> list[Any]:
    """The model classes a field annotation may hold."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        out: list[Any] = []
        for a in typing.get_args(tp):
            out.extend(_unwrap(a))
        return out
    if origin in (list, tuple):
        return [("list", x) for a in typing.get_args(tp)[:1] for x in _unwrap(a)]
    if origin is dict:
        return [("dict", x) for a in typing.get_args(tp)[1:2] for x in _unwrap(a)]
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    return []


def _model_at(data: Any, path: Path) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``path`` (for 'did you mean' on unknown keys)."""
    cands: list[Any] = [M.RegulationFile]
    cur = data
    for part in path:
        nxt: list[Any] = []
        for c in cands:
            if isinstance(c, tuple):  # list/dict container: this step indexes it
                nxt.append(c[1])
                continue
            f = c.model_fields.get(part) if isinstance(part, str) else None
            if f is not None:
                nxt.extend(_unwrap(f.annotation))
        cur = cur[part] if isinstance(cur, (dict, list)) and _has(cur, part) else None
        cands = nxt
        models = [c for c in cands if not isinstance(c, tuple)]
        if len(models) > 1 and isinstance(cur, dict):  # discriminated union: choose by 'type'
            tagged = [m for m in models if "type" in m.model_fields
                      and typing.get_args(m.model_fields["type"].annotation) == (cur.get("type"),)]
            cands = tagged or models
            if M.Amendment in cands:  # a version or an amendment: chosen by its 'amends' key
                cands = [M.Amendment if "amends" in cur else M.Version]
    models = [c for c in cands if not isinstance(c, tuple)]
    return models[0] if len(models) == 1 else None


def _has(container: Any, part: Any) -> bool:
    if isinstance(container, dict):
        return part in container
    return isinstance(part, int) and 0 <= part < len(container)


def _translate(doc: Document, exc: ValidationError) -> Iterator[Problem]:
    for err in exc.errors(include_url=False):
        etype = err["type"]
        loc = tuple(err["loc"])
        path, exists = _data_path(doc.data, loc)
        ctx = {k: v for k, v in (err.get("ctx") or {}).items()}
        value = err.get("input")
        clause = _clause_for(doc.data, path)
        if etype == "extra_forbidden":
            key = path[-1]
            model = _model_at(doc.data, path[:-1])
            allowed = sorted(model.model_fields) if model else []
            hint = did_you_mean(str(key), allowed, ("allowed keys: " + ", ".join(allowed),
                                                    "คีย์ที่ใช้ได้: " + ", ".join(allowed)) if allowed else None)
            yield doc.problem("unknown-key", path, at_key=True, clause=clause, value=str(key), hint=hint,
                              key=key)
        elif etype in ("missing", "union_tag_not_found"):
            fld = loc[-1] if etype == "missing" else ctx.get("discriminator", "type").strip("'")
            p = path if etype == "missing" else path + (fld,)
            yield doc.problem("missing-field", p, clause=clause, field=fld,
                              hint=(f"add '{fld}:'", f"เพิ่ม '{fld}:'"))
        elif etype == "literal_error" and path == ("language",) and isinstance(value, str) \
                and value.startswith("swf-rules/"):
            yield doc.problem("unsupported-language-version", path, value=value,
                              hint=(f"write language: {M.LANGUAGE_2}", f"เขียน language: {M.LANGUAGE_2}"))
        elif etype in ("literal_error", "union_tag_invalid"):
            allowed = ctx.get("expected") or ctx.get("expected_tags") or ""
            bad = value if etype == "literal_error" else ctx.get("tag", value)
            yield doc.problem("not-allowed", path + (("type",) if etype == "union_tag_invalid" else ()),
                              clause=clause, value=str(bad),
                              hint=(f"use one of {allowed}", f"ใช้ค่าใดค่าหนึ่งจาก {allowed}"))
        elif etype in M_CODES:
            params = {k: v for k, v in ctx.items()}
            params.pop("value", None)
            hint = _HINTS.get(etype)
            shown = value if not isinstance(value, (dict, list)) else None
            yield doc.problem(etype, path, clause=clause, value=str(shown) if shown is not None else None,
                              hint=hint, **params)
        elif etype in ("too_short",) and isinstance(value, list):
            yield doc.problem("empty-list", path, clause=clause)
        elif etype in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            detail = err["msg"].lower()
            yield doc.problem("out-of-range", path, clause=clause, value=str(value), detail=detail,
                              detail_th=_range_th(etype, ctx, detail))
        elif etype == "string_pattern_mismatch":
            yield doc.problem("bad-identifier", path, clause=clause, value=str(value),
                              hint=("use lower-case letters, digits and _ starting with a letter, e.g. hospital",
                                    "ใช้อักษรอังกฤษตัวเล็ก ตัวเลข และ _ ขึ้นต้นด้วยตัวอักษร เช่น hospital"))
        elif etype == "string_too_short":
            yield doc.problem("missing-field", path, clause=clause, field=str(path[-1]) if path else "text",
                              hint=("write the text", "เขียนข้อความ"))
        else:
            expected = _EXPECTED.get(etype, err["msg"])
            hint = None
            if expected == "a whole number" and isinstance(value, str) \
                    and normalise_digits(value.strip()).lstrip("-").isdigit():
                hint = ("write the number without quotes", "เขียนตัวเลขโดยไม่ใส่เครื่องหมายคำพูด")
            yield doc.problem("wrong-type", path, clause=clause, expected=expected, found=_found(value),
                              expected_th=_EXPECTED_TH.get(expected, expected), found_th=_found_th(value),
                              value=None if isinstance(value, (dict, list)) else str(value), hint=hint)


def _range_th(etype: str, ctx: dict[str, Any], detail: str) -> str:
    words = {"greater_than_equal": ("ge", "ต้องไม่น้อยกว่า"), "less_than_equal": ("le", "ต้องไม่มากกว่า"),
             "greater_than": ("gt", "ต้องมากกว่า"), "less_than": ("lt", "ต้องน้อยกว่า")}
    key, text = words[etype]
    return f"{text} {ctx[key]}" if key in ctx else detail


M_CODES = {"money-float", "money-negative", "money-precision", "money-syntax", "bad-number", "bad-fraction",
           "bad-date", "undeclared-buddhist-date", "unknown-calendar", "missing-field", "one-of-fields"}
_HINTS = {
    "money-float": ("write money as a whole number (500) or a decimal string in quotes (\"12.50\")",
                    "เขียนจำนวนเงินเป็นจำนวนเต็ม (500) หรือข้อความทศนิยมในเครื่องหมายคำพูด (\"12.50\")"),
    "money-negative": ("amounts are never negative; use an offset to deduct", "จำนวนเงินห้ามติดลบ ใช้ offsets เพื่อหักลบ"),
    "money-precision": ("round to satang (at most 2 decimals)", "ปัดเป็นสตางค์ (ทศนิยมไม่เกิน 2 ตำแหน่ง)"),
    "money-syntax": ("write a number of baht, e.g. 500 or \"12.50\"", "เขียนจำนวนบาท เช่น 500 หรือ \"12.50\""),
    "undeclared-buddhist-date": ("add 'calendar: buddhist' at the top of the file, or write the C.E. year",
                                 "เพิ่ม 'calendar: buddhist' ที่ต้นไฟล์ หรือเขียนปี ค.ศ."),
    "bad-date": ("write dates as YYYY-MM-DD", "เขียนวันที่เป็น ปปปป-ดด-วว"),
    "bad-fraction": ("write a fraction such as \"1/2\" or \"0.25\"", "เขียนสัดส่วน เช่น \"1/2\" หรือ \"0.25\""),
}


def _clause_for(data: Any, path: Path) -> str | None:
    """The clause (ข้อ) of the nearest enclosing benefit, cap or membership section."""
    cur = data
    clause = None
    for part in path:
        if isinstance(cur, dict) and isinstance(cur.get("clause"), str):
            clause = cur["clause"]
        if isinstance(cur, (dict, list)) and _has(cur, part):
            cur = cur[part]
        else:
            break
    if isinstance(cur, dict) and isinstance(cur.get("clause"), str):
        clause = cur["clause"]
    return clause


# ------------------------------------------------------------------------------------------ semantic checks
def _semantic(doc: Document, reg: M.RegulationFile) -> Iterator[Problem]:
    yield from _check_money(doc, reg, ())
    yield from _check_versions(doc, reg)
    for vi, v in enumerate(reg.versions):
        base: Path = ("versions", vi)
        if not isinstance(v, M.Amendment):
            yield from _check_version(doc, base, v)
    yield from check_v2(doc, reg, _check_version)  # amendments consolidated, v2 constructs, the language version


from .limits import MAX_MONEY  # noqa: E402  (the one bound; member histories and ledgers use it too)


def _is_money(info: Any) -> bool:
    def money_type(tp: Any) -> bool:
        args = typing.get_args(tp)
        if typing.get_origin(tp) is typing.Annotated:
            return any(getattr(m, "func", None) is M._money for m in args[1:]) or money_type(args[0])
        return any(money_type(a) for a in args)
    return any(getattr(m, "func", None) is M._money for m in info.metadata) or money_type(info.annotation)


def _check_money(doc: Document, node: Any, path: Path) -> Iterator[Problem]:
    """Amounts too large to compute with, and rounding units of zero (a division by zero when rounding)."""
    if isinstance(node, BaseModel):
        for name, info in type(node).model_fields.items():
            value = getattr(node, name)
            if isinstance(value, Decimal) and _is_money(info):
                if value >= MAX_MONEY:
                    yield doc.problem("out-of-range", path + (name,), value=str(value),
                                      clause=_clause_for(doc.data, path + (name,)),
                                      detail="an amount of money must be below 1,000,000,000,000 baht",
                                      detail_th="จำนวนเงินต้องน้อยกว่า 1,000,000,000,000 บาท")
                elif value == 0 and isinstance(node, M.Rounding) and name == "unit":
                    yield doc.problem("out-of-range", path + (name,), value=str(value),
                                      clause=_clause_for(doc.data, path + (name,)),
                                      detail="the rounding unit must be more than 0, e.g. 1 or \"0.25\"",
                                      detail_th="หน่วยการปัดเศษต้องมากกว่า 0 เช่น 1 หรือ \"0.25\"")
            else:
                yield from _check_money(doc, value, path + (name,))
    elif isinstance(node, (list, tuple)):
        for i, x in enumerate(node):
            yield from _check_money(doc, x, path + (i,))
    elif isinstance(node, dict):
        for k, x in node.items():
            yield from _check_money(doc, x, path + (k,))


def _check_versions(doc: Document, reg: M.RegulationFile) -> Iterator[Problem]:
    seen_label: dict[str, int] = {}
    seen_date: dict[date, int] = {}
    for i, v in enumerate(reg.versions):
        p: Path = ("versions", i)
        if v.version in seen_label:
            yield doc.problem("duplicate-version", p + ("version",), value=v.version)
        seen_label.setdefault(v.version, i)
        if v.effective in seen_date:
            yield doc.problem("duplicate-effective-date", p + ("effective",), value=v.effective.isoformat())
        seen_date.setdefault(v.effective, i)
        if v.until is not None and v.until < v.effective:
            yield doc.problem("date-order", p + ("until",), later="until", later_value=v.until.isoformat(),
                              earlier="effective", earlier_value=v.effective.isoformat(),
                              hint=("'until' is the last day the version is in force; it cannot be before "
                                    "'effective'", "'until' คือวันสุดท้ายที่มีผล ต้องไม่อยู่ก่อน 'effective'"))
    order = sorted(range(len(reg.versions)), key=lambda i: reg.versions[i].effective)
    for a, b in zip(order, order[1:]):
        va, vb = reg.versions[a], reg.versions[b]
        if va.effective == vb.effective:
            continue
        if va.until is not None and va.until >= vb.effective:
            yield doc.problem("version-overlap", ("versions", b, "effective"), left=va.version, right=vb.version,
                              start=vb.effective.isoformat(), value=vb.effective.isoformat(),
                              hint=(f"end version {va.version} before {vb.effective.isoformat()} or remove its "
                                    "'until'", f"ให้รุ่น {va.version} สิ้นสุดก่อน {vb.effective.isoformat()} "
                                               "หรือลบ 'until'"))


def _check_version(doc: Document, base: Path, v: M.Version) -> Iterator[Problem]:
    ids: dict[str, int] = {}
    for bi, b in enumerate(v.benefits):
        if b.id in ids:
            first = doc.locate(base + ("benefits", ids[b.id], "id"))
            yield doc.problem("duplicate-benefit-id", base + ("benefits", bi, "id"), value=b.id, clause=b.clause,
                              first_line=first.line if first else "?",
                              hint=("give each benefit its own id", "ตั้งรหัสสวัสดิการไม่ให้ซ้ำกัน"))
        else:
            ids[b.id] = bi
    mem = v.membership
    if mem.joining_age and mem.joining_age.min is not None and mem.joining_age.max is not None \
            and mem.joining_age.min > mem.joining_age.max:
        yield doc.problem("range-order", base + ("membership", "joining_age", "min"), clause=mem.clause,
                          low="min", low_value=mem.joining_age.min, high="max", high_value=mem.joining_age.max)
    for bi, b in enumerate(v.benefits):
        yield from _check_benefit(doc, base + ("benefits", bi), b, v, ids)
    yield from _check_cycles(doc, base, v, ids)
    yield from check_membership(doc, base, v)


def _check_benefit(doc: Document, p: Path, b: M.Benefit, v: M.Version, ids: dict[str, int]) -> Iterator[Problem]:
    cl = b.clause
    refs: list[tuple[Path, str]] = []
    if isinstance(b.amount, M.FractionOf):
        refs.append((p + ("amount", "benefit"), b.amount.benefit))
    for oi, o in enumerate(b.offsets):
        refs.append((p + ("offsets", oi, "benefit"), o.benefit))
    for key in ("stacks_with", "excludes"):
        for ri, r in enumerate(getattr(b.same_event, key)):
            refs.append((p + ("same_event", key, ri), r))
    for rp, ref in refs:
        if ref == b.id:
            yield doc.problem("self-reference", rp, value=ref, clause=cl)
        elif ref not in ids:
            yield doc.problem("unknown-benefit", rp, value=ref, clause=cl, hint=did_you_mean(
                ref, ids, ("benefits in this version: " + ", ".join(ids), "สวัสดิการในรุ่นนี้: " + ", ".join(ids)),
                cutoff=0.5))
    # age range
    el = b.eligibility
    if el.age and el.age.min is not None and el.age.max is not None and el.age.min > el.age.max:
        yield doc.problem("range-order", p + ("eligibility", "age", "min"), clause=cl, low="min",
                          low_value=el.age.min, high="max", high_value=el.age.max)
    # conditions
    names = fact_types({k: f.type for k, f in b.claim_fields.items()})
    for ci, c in enumerate(el.conditions):
        cp = p + ("eligibility", "conditions", ci, "when")
        try:
            compile_condition(c.when, names)
        except ConditionError as e:
            hint = (f"did you mean '{e.hint}'?", f"หมายถึง '{e.hint}' หรือไม่") if e.code == "unknown-fact" and e.hint \
                else ((f"write '{e.hint}'", f"เขียน '{e.hint}'") if e.hint else None)
            yield _condition_problem(doc, cp, e, c.clause or cl, hint)
    # amount
    a = b.amount
    if isinstance(a, M.Table):
        yield from _check_bands(doc, p + ("amount",), a, cl)
    if isinstance(a, (M.Table, M.Linear)) and a.by == "tenure" and a.tenure is None:
        yield doc.problem("missing-field", p + ("amount", "tenure"), clause=cl, field="tenure",
                          hint=("say how tenure is counted: tenure: {rounding: completed_years, membership: "
                                "continuous}", "ระบุวิธีนับอายุสมาชิก เช่น tenure: {rounding: completed_years, "
                                               "membership: continuous}"))
    # caps
    for ci, cap in enumerate(b.caps):
        cp = p + ("caps", ci)
        if (cap.per == "stay" or cap.units is not None) and not isinstance(a, M.Rate):
            yield doc.problem("cap-not-applicable", cp, clause=cap.clause or cl,
                              what="per-stay" if cap.per == "stay" else "units")
        if isinstance(a, M.Rate) and cap.money is not None and cap.money < a.rate:
            yield doc.problem("cap-below-rate", cp + ("money",), clause=cap.clause or cl, cap=cap.money,
                              rate=a.rate, value=str(cap.money),
                              hint=(f"a cap of at least {a.rate} pays at least one {a.unit}",
                                    f"เพดานอย่างน้อย {a.rate} จึงจะจ่ายได้อย่างน้อยหนึ่งหน่วย"))
        if cap.units == 0 or cap.count == 0 or (cap.money is not None and cap.money == 0):
            yield doc.problem("cap-below-rate", cp, clause=cap.clause or cl, cap=0,
                              rate=a.rate if isinstance(a, M.Rate) else "one payment",
                              hint=("remove the benefit instead of capping it at zero",
                                    "ยกเลิกสวัสดิการแทนการตั้งเพดานเป็นศูนย์"))
    # waiting period that can never be served
    w = el.waiting
    if w is not None:
        if w.years + w.months // 12 + w.days // 365 > 200:  # far beyond a lifetime; also keeps the date in range
            served_after = date(2000, 1, 1) + timedelta(days=366 * 201)
        else:
            served_after = add_period(date(2000, 1, 1), days=w.days, months=w.months, years=w.years)
        years = (served_after - date(2000, 1, 1)).days / 365.25
        max_age = el.age.max if el.age and el.age.at == "event" else None
        join_min = v.membership.joining_age.min if v.membership.joining_age else None
        older = (f"a member who joins at age {join_min or 0} is older than {max_age} by then",
                 f"สมาชิกที่เข้าเมื่ออายุ {join_min or 0} ปี จะอายุเกิน {max_age} ปีก่อนครบ")
        if years > 100:
            yield doc.problem("waiting-unmeetable", p + ("eligibility", "waiting"), clause=cl,
                              value=_period_text(w), value_th=_period_text(w, th=True),
                              detail="longer than a lifetime", detail_th="ยาวกว่าช่วงชีวิตคน")
        elif max_age is not None and (max_age + 1 - (join_min or 0)) * 365.25 < (served_after - date(2000, 1, 1)).days:
            yield doc.problem("waiting-unmeetable", p + ("eligibility", "waiting"), clause=cl,
                              value=_period_text(w), value_th=_period_text(w, th=True),
                              detail=older[0], detail_th=older[1])
        if el.tenure is not None and max_age is not None and max_age + 1 - (join_min or 0) <= el.tenure.min_years:
            yield doc.problem("waiting-unmeetable", p + ("eligibility", "tenure"), clause=cl,
                              value=f"{el.tenure.min_years} years", value_th=f"{el.tenure.min_years} ปี",
                              detail=older[0], detail_th=older[1])
    d = b.deadline
    if d is not None and d.days == 0 and d.months == 0 and d.years == 0:
        yield doc.problem("deadline-unmeetable", p + ("deadline",), clause=cl, value="0 days", value_th="0 วัน",
                          hint=("give the time allowed, e.g. days: 90", "ระบุระยะเวลาที่ยื่นได้ เช่น days: 90"))


def _period_text(w: Any, th: bool = False) -> str:
    units = ("ปี", "เดือน", "วัน") if th else ("years", "months", "days")
    parts = [f"{n} {u}" for n, u in zip((w.years, w.months, w.days), units) if n]
    return " ".join(parts) or f"0 {units[2]}"


def _condition_problem(doc: Document, path: Path, e: ConditionError, clause: str | None,
                       hint: tuple[str, str] | None) -> Problem:
    if e.code == "unknown-fact":
        pr = doc.problem("unknown-fact", path, offset=e.offset, clause=clause, value=e.value, hint=hint)
    else:
        pr = doc.problem(e.code, path, offset=e.offset, clause=clause, detail=e.detail, hint=hint)
        pr = _with_th(pr, e)
    return pr


def _with_th(pr: Problem, e: ConditionError) -> Problem:
    from dataclasses import replace
    from .errors import CATALOG
    return replace(pr, message_th=CATALOG[pr.code][1].replace("{detail}", e.detail_th))


def _check_bands(doc: Document, p: Path, t: M.Table, clause: str) -> Iterator[Problem]:
    parsed: list[tuple[int, Interval]] = []
    for i, band in enumerate(t.bands):
        bp = p + ("bands", i, "range")
        try:
            iv = parse_interval(band.range)
        except BandSyntaxError as e:
            yield doc.problem("band-syntax", bp, offset=e.offset, clause=clause, value=band.range, detail=e.detail,
                              detail_th=e.detail_th,
                              hint=("write a band as \"[low, high)\"; [ ] include the bound, ( ) exclude it, "
                                    "\"[10, )\" has no top", "เขียนช่วงเป็น \"[ต่ำ, สูง)\" โดย [ ] รวมค่าขอบ ( ) "
                                                             "ไม่รวม และ \"[10, )\" ไม่มีเพดาน"))
            continue
        if iv.is_empty():
            yield doc.problem("band-empty", bp, clause=clause, value=band.range)
            continue
        parsed.append((i, iv))
    complete = len(parsed) == len(t.bands)  # a band already reported is not also reported as a gap
    parsed.sort(key=lambda x: (x[1].low, not x[1].low_inclusive))
    for (ia, a), (ib, b) in zip(parsed, parsed[1:]):
        bp = p + ("bands", ib, "range")
        if a.high is None or b.low < a.high or (b.low == a.high and a.high_inclusive and b.low_inclusive):
            yield doc.problem("band-overlap", bp, clause=clause, left=str(a), right=str(b), value=str(b),
                              hint=(f"make one of the bounds at {b.low} exclusive, e.g. \"({b.low}, ...\" ",
                                    f"ให้ขอบที่ {b.low} เป็นแบบไม่รวมค่าข้างใดข้างหนึ่ง"))
        elif complete and (b.low > a.high or (b.low == a.high and not a.high_inclusive and not b.low_inclusive)):
            yield doc.problem("band-gap", bp, clause=clause, left=str(a), right=str(b), value=str(b),
                              hint=(f"start this band where the previous one ends: \"[{a.high}, ...\"",
                                    f"ให้ช่วงนี้เริ่มที่ค่าที่ช่วงก่อนสิ้นสุด: \"[{a.high}, ...\""))
    if t.monotone != "none" and len(parsed) == len(t.bands):
        amounts = [t.bands[i].amount for i, _ in parsed]
        for k in range(1, len(amounts)):
            bad = amounts[k] < amounts[k - 1] if t.monotone == "increasing" else amounts[k] > amounts[k - 1]
            if bad:
                i = parsed[k][0]
                yield doc.problem("not-monotone", p + ("bands", i, "amount"), clause=clause,
                                  value="increasing" if t.monotone == "increasing" else "decreasing",
                                  value_th="เพิ่มขึ้นตามช่วง" if t.monotone == "increasing" else "ลดลงตามช่วง",
                                  band=t.bands[i].range)


def _check_cycles(doc: Document, base: Path, v: M.Version, ids: dict[str, int]) -> Iterator[Problem]:
    edges = {b.id: b.amount.benefit for b in v.benefits if isinstance(b.amount, M.FractionOf)}
    reported: set[str] = set()
    for start in edges:
        seen = [start]
        cur = edges.get(start)
        while cur is not None and cur in ids and cur not in seen:
            seen.append(cur)
            cur = edges.get(cur)
        if cur == start and len(seen) > 1 and start not in reported:
            reported.update(seen)
            yield doc.problem("reference-cycle", base + ("benefits", ids[start], "amount", "benefit"),
                              value=" -> ".join(seen + [start]))


__all__ = ["Regulation", "load_regulation", "load_regulation_text", "validate_document"]
