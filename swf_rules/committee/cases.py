"""Committee test cases: a member history, a claim and the expected outcome, written in YAML from a passbook.

A case file is named ``*.cases.yaml`` and says which regulation it tests (a path relative to the case file)::

    regulation: ../chamung.yaml
    calendar: buddhist                  # optional (default gregorian); a case may override it
    cases:
      - name: second stay in the same fiscal year pays the remainder
        member: {born: 2503-03-10, sex: female, joined: 2562-01-15, paid: every month}
        history:
          - {benefit: hospital, date: 2566-11-02, nights: 3, amount: 600}
        claim: {benefit: hospital, date: 2567-02-10, nights: 3, filed: 2567-02-20}
        expect: {eligible: true, amount: 400}

The boring parts are defaults a treasurer does not have to copy: ``paid: every month`` writes one instalment of
the scheduled amount for every period of every membership spell up to the claim (``until DATE`` stops earlier,
``nothing`` writes none) except the periods listed in ``missed`` (``YYYY-MM``, ranges ``YYYY-MM..YYYY-MM``, or
``YYYY`` for yearly schedules).  The format is documented in docs/cases.md.

Loading validates the whole file with pydantic models (unknown keys are errors with a "did you mean" hint, every
problem located at file:line:col) and raises :class:`~swf_rules.core.errors.InputError` listing every problem.
Members and claims are then ordinary validated :class:`~swf_rules.core.history.Member` / ``Claim`` values, built with
:func:`~swf_rules.core.history.parse_member` and :func:`~swf_rules.core.history.parse_claim`.
"""

from __future__ import annotations

import os
import re
import typing
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path as FsPath
from typing import Annotated, Any, Iterable, Literal

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, ValidationInfo,
                      field_validator, model_validator)
from pydantic_core import PydanticCustomError

from ..core.dates import DateTextError, add_months, normalise_digits, parse_date
from ..core.errors import CATALOG, InputError, Path, Problem, SwfError, did_you_mean, make_problem
from ..core import Decision, Engine
from ..core.explain import explain
from ..core.history import Claim, Member, parse_claim, parse_member
from ..core.load import Document, load_yaml_file
from ..core.model import Ident, Money, PosInt, RegDate, Str
from ..core.money import money_str
from ..testing import instalments
from ..core.validate import Regulation, _data_path as _located, _found, _unwrap, load_regulation

CASE_SUFFIX = ".cases.yaml"

CHECKS = ("status", "waiting", "tenure", "age", "sex", "arrears", "condition", "deadline", "same_event", "excludes",
          "count_cap", "allowance_period", "allowance_first_period", "table")


# ------------------------------------------------------------------------------------------ the file's models
class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


_PERIOD = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$")


def _period_key(text: str, calendar: str) -> tuple[int, int | None]:
    m = _PERIOD.match(normalise_digits(text.strip()))
    if not m:
        raise ValueError(text)
    y = int(m.group(1)) - (543 if calendar == "buddhist" else 0)
    mo = int(m.group(2)) if m.group(2) else None
    if mo is not None and not 1 <= mo <= 12:
        raise ValueError(text)
    if calendar != "buddhist" and y > 2400:
        raise ValueError(text)
    return y, mo


def _missed(v: Any, info: ValidationInfo) -> tuple[str, ...]:
    """Period keys (C.E.) from ``YYYY-MM``, ``YYYY-MM..YYYY-MM`` or ``YYYY`` entries in the declared calendar."""
    cal = (info.context or {}).get("calendar", "gregorian")
    text = str(v) if isinstance(v, int) and not isinstance(v, bool) else v
    if not isinstance(text, str):
        raise PydanticCustomError("case-missed", "", {"value": str(v)})
    parts = [p.strip() for p in text.split("..")]
    try:
        if len(parts) == 1:
            y, mo = _period_key(parts[0], cal)
            return (f"{y:04d}" if mo is None else f"{y:04d}-{mo:02d}",)
        if len(parts) != 2:
            raise ValueError(text)
        (y1, m1), (y2, m2) = _period_key(parts[0], cal), _period_key(parts[1], cal)
    except ValueError:
        raise PydanticCustomError("case-missed", "", {"value": text}) from None
    if (m1 is None) != (m2 is None) or (y1, m1 or 0) > (y2, m2 or 0):
        raise PydanticCustomError("case-missed", "", {"value": text})
    if m1 is None:
        return tuple(f"{y:04d}" for y in range(y1, y2 + 1))
    out = []
    cur = date(y1, m1, 1)
    while cur <= date(y2, m2 or 1, 1):
        out.append(f"{cur.year:04d}-{cur.month:02d}")
        cur = add_months(cur, 1)
    return tuple(out)


@dataclass(frozen=True)
class Paid:
    """How the passbook reads: ``every`` period (``month``/``year``), ``until`` a date, or ``nothing``."""

    mode: Literal["every", "until", "nothing"]
    period: str | None = None
    until: date | None = None

    def text(self) -> str:
        if self.mode == "every":
            return f"every {self.period}"
        if self.mode == "until":
            assert self.until is not None
            return f"until {self.until.isoformat()}"
        return "nothing"


def _paid(v: Any, info: ValidationInfo) -> Paid:
    cal = (info.context or {}).get("calendar", "gregorian")
    if isinstance(v, dict) and set(v) == {"until"}:
        v = v["until"]
        words = ["until", str(v)]
    elif isinstance(v, str):
        words = v.split()
    else:
        raise PydanticCustomError("case-paid", "", {"value": str(v)})
    if len(words) == 2 and words[0] == "every" and words[1] in ("month", "year"):
        return Paid("every", period=words[1])
    if words == ["nothing"]:
        return Paid("nothing")
    if len(words) == 2 and words[0] == "until":
        try:
            return Paid("until", until=parse_date(words[1], cal))
        except DateTextError as e:
            raise PydanticCustomError(e.code, "{value}", {k: str(x) for k, x in e.params.items()}) from None
    raise PydanticCustomError("case-paid", "", {"value": str(v)})


class SpellIn(_M):
    start: RegDate
    end: RegDate | None = None
    reason: Literal["resigned", "lapsed", "died", "expelled"] | None = None

    @model_validator(mode="after")
    def _pair(self) -> "SpellIn":
        if (self.end is None) != (self.reason is None):
            raise PydanticCustomError("missing-field", "", {"field": "reason" if self.end else "end"})
        return self


class MemberIn(_M):
    id: Str = "m-1"
    born: RegDate
    sex: Literal["female", "male"]
    joined: RegDate | None = None
    spells: Annotated[list[SpellIn], Field(min_length=1)] | None = None
    paid: Annotated[Any, Field(json_schema_extra={"type": "string"})]
    missed: list[Annotated[Any, BeforeValidator(_missed)]] = Field(default_factory=list)
    died: RegDate | None = None

    @field_validator("paid", mode="before")
    @classmethod
    def _check_paid(cls, v: Any, info: ValidationInfo) -> Paid:
        return _paid(v, info)

    @property
    def missed_keys(self) -> list[str]:
        """Every missed period key (C.E.), ranges expanded."""
        return [k for item in self.missed for k in item]

    @model_validator(mode="after")
    def _one(self) -> "MemberIn":
        if (self.joined is None) == (self.spells is None):
            raise PydanticCustomError("one-of-fields", "", {"fields": "joined, spells"})
        return self


class _Units(_M):
    @model_validator(mode="after")
    def _units(self) -> Any:
        if getattr(self, "units", None) is not None and getattr(self, "nights", None) is not None:
            raise PydanticCustomError("case-conflicting-fields", "", {"fields": "units, nights"})
        return self


class PayoutIn(_Units):
    id: Str | None = None
    benefit: Ident
    date: RegDate
    end: RegDate | None = None
    units: PosInt | None = None
    nights: PosInt | None = None
    amount: Money


class ClaimIn(_Units):
    id: Str = "c-1"
    benefit: Ident
    date: RegDate
    end: RegDate | None = None
    units: PosInt | None = None
    nights: PosInt | None = None
    filed: RegDate | None = None
    children: Annotated[int, Field(strict=True, ge=1)] | None = None
    details: dict[Ident, Any] = Field(default_factory=dict)


class ExpectIn(_M):
    eligible: Annotated[bool, Field(strict=True)] | None = None
    amount: Money | None = None
    at_least: Money | None = None
    at_most: Money | None = None
    failing: list[Str] | None = None
    payee: Literal["member", "beneficiary"] | None = None
    error: Str | None = None

    @model_validator(mode="after")
    def _shape(self) -> "ExpectIn":
        outcome = (self.eligible, self.amount, self.at_least, self.at_most, self.failing, self.payee)
        if self.error is not None and any(x is not None for x in outcome):
            raise PydanticCustomError("case-conflicting-fields", "",
                                      {"fields": "error, eligible/amount/at_least/at_most/failing/payee"})
        if self.amount is not None and (self.at_least is not None or self.at_most is not None):
            raise PydanticCustomError("case-conflicting-fields", "", {"fields": "amount, at_least/at_most"})
        if self.error is None and all(x is None for x in outcome):
            raise PydanticCustomError("missing-field", "", {"field": "eligible"})
        if self.eligible is True and self.failing:
            raise PydanticCustomError("case-contradiction", "", {})
        return self


class CaseIn(_M):
    name: Str
    calendar: Literal["gregorian", "buddhist"] | None = None
    note: Str | None = None
    member: MemberIn
    history: list[PayoutIn] = Field(default_factory=list)
    claim: ClaimIn
    expect: ExpectIn


class CaseFileIn(_M):
    regulation: Str
    calendar: Literal["gregorian", "buddhist"] = "gregorian"
    cases: list[Any] = Field(default_factory=list)
    invariants: list[Any] = Field(default_factory=list)

    @model_validator(mode="after")
    def _something(self) -> "CaseFileIn":
        if not self.cases and not self.invariants:
            raise PydanticCustomError("missing-field", "", {"field": "cases"})
        return self


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


# ------------------------------------------------------------------------------------------ loaded cases
@dataclass(frozen=True)
class Expectation:
    eligible: bool | None = None
    amount: Decimal | None = None
    failing: tuple[str, ...] | None = None
    payee: str | None = None
    error: str | None = None
    at_least: Decimal | None = None
    at_most: Decimal | None = None

    def describe(self, lang: str = "en") -> str:
        return _describe(lang, self.eligible, self.amount, self.failing, self.payee, self.error, self.at_least,
                         self.at_most)


@dataclass(frozen=True)
class Case:
    """One committee case, built: an ordinary member history and claim, plus what the committee expects."""

    name: str
    file: str
    line: int | None
    col: int | None
    member: Member
    claim: Claim
    expect: Expectation
    index: int = 0
    locate: Any = field(default=None, compare=False, repr=False)  # problems -> problems at the case's lines

    def relocated(self, problems: list[Problem]) -> list[Problem]:
        return self.locate(problems) if self.locate is not None else problems

    def where(self) -> str:
        return f"{self.file}:{self.line}:{self.col}" if self.line is not None else self.file


@dataclass
class CaseFile:
    path: str
    regulation_path: str
    regulation: Regulation
    cases: list[Case]
    invariants: list[Any] = field(default_factory=list)  # swf_rules.committee.invariants.Invariant values
    document: Document | None = None


def find_case_files(paths: Iterable[str | FsPath]) -> list[str]:
    """Files given explicitly (any name), plus every ``*.cases.yaml`` under each directory given (sorted)."""
    out: list[str] = []
    problems: list[Problem] = []
    for p in paths:
        fp = FsPath(p)
        if fp.is_dir():
            found = sorted(str(x) for x in fp.rglob("*" + CASE_SUFFIX) if x.is_file())
            if not found:
                problems.append(make_problem("case-none-found", file=str(p), value=str(p),
                                             hint=("case files are named NAME.cases.yaml",
                                                   "ไฟล์กรณีทดสอบต้องชื่อ NAME.cases.yaml")))
            out.extend(found)
        elif fp.is_file():
            out.append(str(p))
        else:
            problems.append(make_problem("file-not-found", file=str(p)))
    if problems:
        raise InputError(problems)
    seen: set[str] = set()
    return [x for x in out if not (x in seen or seen.add(x))]  # type: ignore[func-returns-value]


def load_case_file(path: str | FsPath) -> CaseFile:
    """Load, validate and build every case of a case file; raise :class:`InputError` listing every problem."""
    return load_case_document(load_yaml_file(path))


def load_case_document(doc: Document, regulation: Regulation | None = None) -> CaseFile:
    """Validate and build a loaded case file.  ``regulation``: use this one instead of the file it names."""
    try:
        top = CaseFileIn.model_validate(doc.data, context={"calendar": "gregorian"})
    except ValidationError as e:
        raise InputError(validation_problems(doc, e, [CaseFileIn])) from None
    reg_path = os.path.normpath(FsPath(doc.file).parent / top.regulation)
    if regulation is None:
        if not FsPath(reg_path).is_file():
            raise InputError([doc.problem("case-regulation-not-found", ("regulation",), value=top.regulation,
                                          resolved=reg_path,
                                          hint=("the path is relative to the case file",
                                                "เส้นทางนับจากตำแหน่งของไฟล์กรณีทดสอบ"))])
        regulation = load_regulation(reg_path)
    problems: list[Problem] = []
    specs: list[tuple[int, CaseIn]] = []
    first_name: dict[str, int] = {}
    for i, raw in enumerate(top.cases):
        cal = top.calendar
        if isinstance(raw, dict) and raw.get("calendar") in ("gregorian", "buddhist"):
            cal = raw["calendar"]
        try:
            c = CaseIn.model_validate(raw, context={"calendar": cal})
        except ValidationError as e:
            problems.extend(validation_problems(doc, e, [CaseIn], ("cases", i)))
            continue
        if c.name in first_name:
            first = doc.locate(("cases", first_name[c.name], "name"))
            problems.append(doc.problem("case-duplicate-name", ("cases", i, "name"), value=c.name,
                                        first_line=first.line if first else "?",
                                        hint=("give every case its own name", "ตั้งชื่อกรณีไม่ให้ซ้ำกัน")))
        first_name.setdefault(c.name, i)
        specs.append((i, c))
    invariants: list[Any] = []
    if top.invariants:
        from .invariants import parse_invariants
        try:
            invariants = parse_invariants(doc, regulation)
        except InputError as e:
            problems.extend(e.problems)
    cases: list[Case] = []
    for i, c in specs:
        try:
            cases.append(_build(doc, regulation, i, c))
        except InputError as e:
            problems.extend(e.problems)
    if problems:
        raise InputError(problems)
    return CaseFile(doc.file, reg_path, regulation, cases, invariants, doc)


# ------------------------------------------------------------------------------------------ building
def benefit_ids(regulation: Regulation) -> dict[str, set[str]]:
    """Every benefit id in any version -> the claim fields it declares (union over versions)."""
    out: dict[str, set[str]] = {}
    for v in regulation.versions:
        for b in v.benefits:
            out.setdefault(b.id, set()).update(b.claim_fields)
    return out


def _membership(regulation: Regulation, on: date) -> Any:
    try:
        return regulation.in_force(on).membership
    except SwfError:
        return regulation.versions[0].membership


def member_data(regulation: Regulation, m: MemberIn, history: list[PayoutIn], claim_date: date) -> dict[str, Any]:
    """The member-history JSON a case describes (C.E. dates), instalments written out up to ``claim_date`` (or the
    end of each spell, the death, or the ``paid: until`` date, whichever is first), on the schedule of the version
    in force on ``claim_date``."""
    ms = _membership(regulation, claim_date)
    period = ms.contribution.period
    amount = money_str(ms.contribution.amount)
    if m.spells is not None:
        spells = [{"start": s.start.isoformat(), "end": s.end.isoformat() if s.end else None, "end_reason": s.reason}
                  for s in m.spells]
    else:
        assert m.joined is not None
        spells = [{"start": m.joined.isoformat(), "end": None, "end_reason": None}]
    contributions: list[dict[str, Any]] = []
    paid: Paid = m.paid
    if paid.mode != "nothing":
        horizon = max([claim_date] + [h.date for h in history] + [h.end for h in history if h.end])
        for s in spells:
            start = date.fromisoformat(s["start"])
            last = date.fromisoformat(s["end"]) if s["end"] else horizon
            if paid.mode == "until":
                assert paid.until is not None
                last = min(last, paid.until)
            if m.died is not None:
                last = min(last, m.died)
            if last < start:
                continue
            for c in instalments(start, last, amount, period, m.missed_keys):
                if date.fromisoformat(c["date"]) > last:
                    c = {**c, "date": last.isoformat()}
                contributions.append(c)
    payouts = []
    for k, h in enumerate(history):
        units = h.units if h.units is not None else h.nights
        payouts.append({"claim_id": h.id or f"h-{k + 1}", "benefit": h.benefit, "event_date": h.date.isoformat(),
                        "end_date": h.end.isoformat() if h.end else None, "units": units,
                        "amount": money_str(h.amount)})
    return {"member_id": m.id, "birth_date": m.born.isoformat(), "sex": m.sex, "spells": spells,
            "contributions": contributions, "died_on": m.died.isoformat() if m.died else None,
            "payouts": payouts}


def claim_data(member_id: str, c: ClaimIn) -> dict[str, Any]:
    units = c.units if c.units is not None else c.nights
    out: dict[str, Any] = {"claim_id": c.id, "member_id": member_id, "benefit": c.benefit,
                           "event_date": c.date.isoformat()}
    if c.end is not None:
        out["end_date"] = c.end.isoformat()
    if c.filed is not None:
        out["filed_on"] = c.filed.isoformat()
    if units is not None:
        out["units"] = units
    if c.children is not None:
        out["children"] = c.children
    if c.details:
        out["details"] = dict(c.details)
    return out


_MEMBER_KEYS = {"birth_date": "born", "died_on": "died", "sex": "sex", "member_id": "id"}
_CLAIM_KEYS = {"event_date": "date", "end_date": "end", "filed_on": "filed", "units": "units",
               "children": "children", "details": "details", "benefit": "benefit", "claim_id": "id"}


def _relocate(doc: Document, problems: list[Problem], case_path: Path, what: str, c: CaseIn) -> list[Problem]:
    out = []
    for p in problems:
        path = tuple(p.path)
        target: Path
        if what == "member":
            head = path[0] if path else None
            if head in _MEMBER_KEYS:
                target = case_path + ("member", _MEMBER_KEYS[head])  # type: ignore[index]
            elif head == "spells":
                target = case_path + (("member", "spells") + path[1:2] if c.member.spells is not None
                                      else ("member", "joined"))
            elif head == "contributions":
                target = case_path + ("member", "paid")
            elif head == "payouts":
                target = case_path + ("history",) + path[1:2]
            else:
                target = case_path + ("member",)
        else:
            head = path[0] if path else None
            key = _CLAIM_KEYS.get(head)  # type: ignore[arg-type]
            if key == "units" and c.claim.nights is not None:
                key = "nights"
            target = case_path + (("claim", key) + tuple(path[1:2]) if key else ("claim",))
        m = doc.locate(target)
        out.append(replace(p, file=doc.file, line=m.line if m else None, col=m.col if m else None,
                           path=target))
    return out


def _build(doc: Document, regulation: Regulation, i: int, c: CaseIn) -> Case:
    cp: Path = ("cases", i)
    problems: list[Problem] = []
    ids = benefit_ids(regulation)
    refs = [(cp + ("claim", "benefit"), c.claim.benefit)] + [
        (cp + ("history", k, "benefit"), h.benefit) for k, h in enumerate(c.history)]
    for rp, ref in refs:
        if ref not in ids:
            problems.append(doc.problem("unknown-benefit", rp, value=ref, hint=did_you_mean(
                ref, sorted(ids), ("benefits: " + ", ".join(sorted(ids)), "สวัสดิการ: " + ", ".join(sorted(ids))),
                cutoff=0.5)))
    if c.claim.benefit in ids:
        allowed = sorted(ids[c.claim.benefit])
        for k in c.claim.details:
            if k not in allowed:
                problems.append(doc.problem(
                    "unknown-key", cp + ("claim", "details", k), at_key=True, key=k, value=k,
                    hint=did_you_mean(k, allowed, ("fields of this benefit: " + (", ".join(allowed) or "none"),
                                                   "ข้อมูลของสวัสดิการนี้: " + (", ".join(allowed) or "ไม่มี")))))
    ms = _membership(regulation, c.claim.date)
    period = ms.contribution.period
    if c.member.paid.mode == "every" and c.member.paid.period != period:
        problems.append(doc.problem("case-schedule", cp + ("member", "paid"), value=c.member.paid.text(),
                                    period=period, hint=(f"write 'paid: every {period}'",
                                                         f"เขียน 'paid: every {period}'")))
    for k, keys in enumerate(c.member.missed):
        if any((period == "month") != (len(key) == 7) for key in keys):
            raw = doc.data["cases"][i]["member"]["missed"][k] if doc.data.get("cases") else keys[0]
            problems.append(doc.problem("case-missed", cp + ("member", "missed", k), value=str(raw),
                                        hint=("monthly instalments are written YYYY-MM" if period == "month" else
                                              "yearly instalments are written YYYY",
                                              "งวดรายเดือนเขียนเป็น ปปปป-ดด" if period == "month" else
                                              "งวดรายปีเขียนเป็น ปปปป")))
    if c.expect.failing:
        clauses = _clauses(regulation)
        for k, item in enumerate(c.expect.failing):
            if item in CHECKS or normalise_digits(item) in clauses:
                continue
            problems.append(doc.problem(
                "case-unknown-check", cp + ("expect", "failing", k), value=item,
                hint=did_you_mean(item, list(CHECKS) + sorted(clauses),
                                  ("checks: " + ", ".join(CHECKS), "ชื่อการตรวจ: " + ", ".join(CHECKS)))))
    if c.expect.error is not None and c.expect.error not in CATALOG:
        problems.append(doc.problem("case-unknown-error", cp + ("expect", "error"), value=c.expect.error,
                                    hint=did_you_mean(c.expect.error, sorted(CATALOG),
                                                      ("see docs/errors.md", "ดู docs/errors.md"))))
    if problems:
        raise InputError(problems)
    try:
        member = parse_member(member_data(regulation, c.member, c.history, c.claim.date))
    except InputError as e:
        problems.extend(_relocate(doc, e.problems, cp, "member", c))
        member = None
    try:
        claim = parse_claim(claim_data(c.member.id, c.claim))
    except InputError as e:
        problems.extend(_relocate(doc, e.problems, cp, "claim", c))
        claim = None
    if problems or member is None or claim is None:
        raise InputError(problems)
    m = doc.locate(cp)
    e = c.expect
    return Case(c.name, doc.file, m.line if m else None, m.col if m else None, member, claim,
                Expectation(e.eligible, e.amount, tuple(e.failing) if e.failing is not None else None, e.payee,
                            e.error, e.at_least, e.at_most), i, lambda ps: _relocate(doc, ps, cp, "claim", c))


def _clauses(regulation: Regulation) -> set[str]:
    out: set[str] = set()
    for v in regulation.versions:
        for b in v.benefits:
            out.add(normalise_digits(b.clause))
            for cap in b.caps:
                if cap.clause:
                    out.add(normalise_digits(cap.clause))
            for cond in b.eligibility.conditions:
                if cond.clause:
                    out.add(normalise_digits(cond.clause))
    return out


def build_member(regulation: Regulation, recipe: dict[str, Any], *, history: Iterable[dict[str, Any]] = (),
                 until: date, calendar: str = "gregorian") -> Member:
    """A validated member from the case format's ``member:`` data (and ``history:`` entries), instalments written
    up to ``until`` (the latest claim)."""
    try:
        m = MemberIn.model_validate(recipe, context={"calendar": calendar})
        hs = [PayoutIn.model_validate(h, context={"calendar": calendar}) for h in history]
    except ValidationError as e:
        doc = Document(file="<member>", data=recipe)
        raise InputError(validation_problems(doc, e, [MemberIn])) from None
    return parse_member(member_data(regulation, m, hs, until))


def build_claim(member_id: str, recipe: dict[str, Any], calendar: str = "gregorian") -> Claim:
    """A validated claim from the case format's ``claim:`` data."""
    try:
        c = ClaimIn.model_validate(recipe, context={"calendar": calendar})
    except ValidationError as e:
        raise InputError(validation_problems(Document(file="<claim>", data=recipe), e, [ClaimIn])) from None
    return parse_claim(claim_data(member_id, c))


def build_case(regulation: Regulation, data: dict[str, Any], calendar: str = "gregorian",
               file: str = "<case>") -> Case:
    """Build one case from plain data in the case format (what :mod:`swf_rules.committee.strategies` generates)."""
    doc = Document(file=file, data={"cases": [data]})
    try:
        c = CaseIn.model_validate(data, context={"calendar": calendar})
    except ValidationError as e:
        raise InputError(validation_problems(doc, e, [CaseIn], ("cases", 0))) from None
    return _build(doc, regulation, 0, c)


# ------------------------------------------------------------------------------------------ running
@dataclass(frozen=True)
class Outcome:
    case: Case
    passed: bool
    decision: Decision | None = None
    error: SwfError | None = None
    crash: str | None = None

    def actual(self, lang: str = "en") -> str:
        if self.crash is not None:
            return ("ข้อผิดพลาดภายใน: " if lang == "th" else "internal error: ") + self.crash
        if self.error is not None:
            codes = ", ".join(p.code for p in self.error.problems)
            return (f"ข้อผิดพลาด {codes}" if lang == "th" else f"error {codes}")
        d = self.decision
        assert d is not None
        e = self.case.expect
        failing = tuple(r["check"] for r in d.failing)
        shows_amount = e.amount is not None or e.at_least is not None or e.at_most is not None or e.error is not None
        return _describe(lang, d.eligible if e.eligible is not None or e.error is not None else None,
                         d.amount if shows_amount else None,
                         failing if e.failing is not None else None,
                         d.payee if e.payee is not None else None, None)

    def report(self, lang: str = "en") -> str:
        """What a failing case prints: where, which case, expected vs actual, and the actual decision explained."""
        th = lang == "th"
        lines = [f"{'ไม่ผ่าน' if th else 'FAIL'} {self.case.where()}: {self.case.name}",
                 f"  {'คาดว่า' if th else 'expected'}: {self.case.expect.describe(lang)}",
                 f"  {'ผลจริง: ' if th else 'actual:   '}{self.actual(lang)}"]
        if self.decision is not None:
            lines.append(f"  {'คำอธิบายผลจริง' if th else 'explanation of the actual decision'}:")
            lines.extend("    " + ln for ln in explain(self.decision, lang).rstrip("\n").split("\n"))
        elif self.error is not None:
            lines.extend("    " + p.render(lang) for p in self.case.relocated(self.error.problems))
        return "\n".join(lines)


def _describe(lang: str, eligible: bool | None, amount: Decimal | None, failing: tuple[str, ...] | None,
              payee: str | None, error: str | None, at_least: Decimal | None = None,
              at_most: Decimal | None = None) -> str:
    th = lang == "th"
    parts = []
    if error is not None:
        parts.append(f"ข้อผิดพลาด {error}" if th else f"error {error}")
    if eligible is not None:
        parts.append(("มีสิทธิ์ " + ("ใช่" if eligible else "ไม่ใช่")) if th else f"eligible {str(eligible).lower()}")
    if amount is not None:
        parts.append(f"{'จำนวนเงิน' if th else 'amount'} {money_str(amount)}")
    if at_least is not None:
        parts.append(f"{'จำนวนเงินไม่น้อยกว่า' if th else 'amount at least'} {money_str(at_least)}")
    if at_most is not None:
        parts.append(f"{'จำนวนเงินไม่เกิน' if th else 'amount at most'} {money_str(at_most)}")
    if failing is not None:
        parts.append(f"{'ข้อที่ไม่ผ่าน' if th else 'failing'} [{', '.join(failing)}]")
    if payee is not None:
        parts.append(f"{'ผู้รับเงิน' if th else 'payee'} {payee}")
    return ", ".join(parts)


def _failing_matches(expected: tuple[str, ...], reasons: list[dict[str, Any]]) -> bool:
    def hit(item: str, r: dict[str, Any]) -> bool:
        return item == r["check"] or (r.get("clause") is not None
                                      and normalise_digits(item) == normalise_digits(r["clause"]))
    return all(any(hit(i, r) for r in reasons) for i in expected) and \
        all(any(hit(i, r) for i in expected) for r in reasons)


def run_case(engine: Engine, case: Case) -> Outcome:
    """Decide the case's claim and compare with the expectation.  Never raises for a case's content."""
    e = case.expect
    try:
        d = engine.evaluate(case.member, case.claim)
    except SwfError as err:
        return Outcome(case, e.error is not None and e.error in err.codes, error=err)
    except Exception as exc:  # an engine defect: report it as a failing case, not a traceback
        return Outcome(case, False, crash=f"{type(exc).__name__}: {exc}")
    ok = e.error is None
    if e.eligible is not None and d.eligible != e.eligible:
        ok = False
    if e.amount is not None and d.amount != e.amount:
        ok = False
    if e.at_least is not None and d.amount < e.at_least:
        ok = False
    if e.at_most is not None and d.amount > e.at_most:
        ok = False
    if e.payee is not None and d.payee != e.payee:
        ok = False
    if e.failing is not None and not _failing_matches(e.failing, d.failing):
        ok = False
    return Outcome(case, ok, decision=d)


def run_file(cf: CaseFile, engine: Engine | None = None) -> list[Outcome]:
    engine = engine or Engine(cf.regulation)
    return [run_case(engine, c) for c in cf.cases]


@dataclass
class TestRun:
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and all(o.passed for o in self.outcomes)

    def render(self, lang: str = "en", quiet: bool = False) -> str:
        th = lang == "th"
        lines: list[str] = []
        for o in self.outcomes:
            if o.passed:
                if not quiet:
                    lines.append(f"{'ผ่าน' if th else 'PASS'} {o.case.where()}: {o.case.name}")
            else:
                lines.append(o.report(lang))
        for p in self.problems:
            lines.append(p.render(lang))
        passed = sum(1 for o in self.outcomes if o.passed)
        failed = len(self.outcomes) - passed
        if th:
            summary = f"ผ่าน {passed} ไม่ผ่าน {failed} จาก {self.files} ไฟล์"
            if self.problems:
                summary += f" ปัญหาในไฟล์กรณีทดสอบ {len(self.problems)}"
        else:
            summary = f"{passed} passed, {failed} failed in {self.files} file{'s' if self.files != 1 else ''}"
            if self.problems:
                summary += f"; {len(self.problems)} problem{'s' if len(self.problems) != 1 else ''} in case files"
        lines.append(summary)
        return "\n".join(lines) + "\n"


def run_paths(paths: Iterable[str | FsPath]) -> TestRun:
    """Run every case file given or found under the directories given; bad files become problems."""
    run = TestRun()
    try:
        files = find_case_files(paths)
    except InputError as e:
        run.problems.extend(e.problems)
        return run
    for f in files:
        run.files += 1
        try:
            cf = load_case_file(f)
        except SwfError as e:
            run.problems.extend(e.problems)
            continue
        run.outcomes.extend(run_file(cf))
    return run


__all__ = ["CASE_SUFFIX", "Case", "CaseFile", "Expectation", "Outcome", "TestRun", "build_case", "build_claim",
           "build_member", "find_case_files",
           "load_case_file", "model_at", "run_case", "run_file", "run_paths", "validation_problems"]


def _located_path(data: Any, loc: tuple) -> Path:
    """``loc`` without the tags pydantic inserts (union members, discriminators)."""
    return _located(data, loc)[0]
