"""The interchange format: member histories, claims and decisions (JSON in and out).

Field names here are a contract other fund software codes against (see docs/api.md and ``schemas/``).
Dates are ISO C.E. unless the document's top level says ``"calendar": "buddhist"``, in which case every date in it
is B.E.  Money is a decimal string (or an integer); a JSON float is refused.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path as FsPath
from typing import Annotated, Any, Literal

from pydantic import (AfterValidator, BeforeValidator, Field, ValidationError, ValidationInfo, WithJsonSchema,
                      model_validator)
from pydantic_core import PydanticCustomError

from . import limits
from ._language import new_field
from .dates import BE_OFFSET, BE_SUSPECT_YEAR, normalise_digits
from .errors import InputError, Problem, make_problem
from .load import load_json_text
from .payees import beneficiary_problems, beneficiary_warnings
from ._model_people import Relationship
from .model import FractionT, Ident, Int, Model, Money, RegDate, Str
from .schedules import KEY_RE, check_key

EndReason = Literal["resigned", "lapsed", "died", "expelled"]

def _printable(v: str) -> str:
    """Ids and names are printable text: a NUL byte or another control character is refused where it is read,
    so that it never reaches a decision, a log or findings.csv."""
    bad = limits.control_character(v)
    if bad is not None:
        raise PydanticCustomError("control-character", "", {"value": bad[0], "char": bad[1]})
    return v


def _bounded(v: Any) -> Any:
    """Money below the bound regulations use (:data:`swf_rules.core.limits.MAX_MONEY`)."""
    if not limits.money_ok(v):
        raise PydanticCustomError("out-of-range", "", {"value": str(v), **limits.money_bound_params()})
    return v


Id = Annotated[Str, AfterValidator(_printable)]
Amount = Annotated[Money, AfterValidator(_bounded)]


class Spell(Model):
    """One continuous period of membership.  ``end`` is the day membership ended (null while it lasts)."""

    start: RegDate
    end: RegDate | None = None
    end_reason: EndReason | None = None

    @model_validator(mode="after")
    def _order(self) -> "Spell":
        if self.end is not None and self.end < self.start:
            raise PydanticCustomError("date-order", "", {"later": "end", "later_value": self.end.isoformat(),
                                                          "earlier": "start", "earlier_value": self.start.isoformat()})
        if (self.end is None) != (self.end_reason is None):
            raise PydanticCustomError("missing-field", "", {"field": "end_reason" if self.end else "end"})
        return self


def _covers(v: Any, info: ValidationInfo) -> Any:
    """``YYYY-MM`` or ``YYYY`` (or ``YYYY-MM-DD``, ``YYYY-Www``, ``YYYY-H1``/``H2`` for day, week and half-year
    instalments) in the document's calendar, returned in C.E."""
    if not isinstance(v, str):
        return v
    text = normalise_digits(v.strip())
    m = KEY_RE.match(text)
    if not m:
        raise PydanticCustomError("bad-period", "", {"value": v})
    year = int(text[:4])
    if (info.context or {}).get("calendar") == "buddhist":
        year -= BE_OFFSET
    elif year > BE_SUSPECT_YEAR:
        raise PydanticCustomError("undeclared-buddhist-date", "", {"value": v, "year": str(year)})
    if not check_key(year, m.group(2), m.group(3), m.group(4), m.group(5)):
        raise PydanticCustomError("bad-period", "", {"value": v})
    return f"{year:04d}{text[4:]}"


_COVERS_SCHEMA = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?|-H[12]|-W\d{2})?$",
                  "description": "YYYY-MM or YYYY (YYYY-MM-DD, YYYY-Www, YYYY-H1/H2)"}


class Contribution(Model):
    date: RegDate
    amount: Amount
    covers: Annotated[str, BeforeValidator(_covers), WithJsonSchema(_COVERS_SCHEMA)]


class Payout(Model):
    claim_id: Id
    benefit: Ident
    event_date: RegDate
    end_date: RegDate | None = None
    units: Annotated[int, Field(strict=True)] | None = None
    amount: Amount
    person: Id | None = new_field()  # swf-rules/2: the id of the person paid for (a child, a relative who died)


class LevyPayment(Model):
    date: RegDate
    amount: Amount


class LevyCall(Model):
    """A funeral levy the fund called from this member: the member who died (``death``: their member id), the day
    they died, and what this member paid toward it (nothing: unpaid)."""

    death: Id
    died_on: RegDate
    paid: list[LevyPayment] = Field(default_factory=list)


class Beneficiary(Model):
    name: Id | None = None
    relationship: Id | None = None


class NamedBeneficiary(Model):
    """A beneficiary (ผู้รับผลประโยชน์) the member named: name, relationship (as the register writes it: บุตร,
    มารดา, ...), optionally the national ID (13 digits; a failing check digit is a warning) and a share (``"1/2"``
    or ``"0.5"``).  Either every beneficiary of a member has a share and the shares add up to exactly 1, or none
    has one and the amount is divided equally."""

    name: Id
    relationship: Id
    national_id: Id | None = None
    share: FractionT | None = None


class Member(Model):
    member_id: Id
    birth_date: RegDate
    sex: Literal["female", "male"]
    spells: Annotated[list[Spell], Field(min_length=1)]
    contributions: list[Contribution] = Field(default_factory=list)
    died_on: RegDate | None = None
    payouts: list[Payout] = Field(default_factory=list)
    beneficiary: Beneficiary | None = None
    calendar: Literal["gregorian", "buddhist"] = "gregorian"
    # swf-rules/2, left out of the JSON form when unused (so a history without them keeps its bytes)
    beneficiaries: list[NamedBeneficiary] = new_field(factory=list)
    levies: list[LevyCall] = new_field(factory=list)


class ClaimPerson(Model):
    """The other person a claim is about (a child, a spouse or parent who died), or the applicant of a benefit for
    non-members.  ``id`` is how the fund tells people apart (a national ID, or a name and birth date): caps ``each:
    person`` count payouts per ``id``.  ``member_id`` is the person's own member number when they are a member."""

    id: Id
    name: Id | None = None
    relationship: Relationship | None = None
    birth_date: RegDate | None = None
    sex: Literal["female", "male"] | None = None
    member_id: Id | None = None
    national_id: Id | None = None


class PaidElsewhere(Model):
    """A payout to another member for the same event (``event_ref``), known to the fund when the claim is made."""

    member_id: Id
    claim_id: Id
    benefit: Ident
    amount: Amount


class Claim(Model):
    claim_id: Id
    member_id: Id
    benefit: Ident
    event_date: RegDate
    end_date: RegDate | None = None
    filed_on: RegDate | None = None
    units: Int | None = None
    children: Annotated[int, Field(strict=True, ge=1)] | None = None
    details: dict[Ident, Any] = Field(default_factory=dict)
    calendar: Literal["gregorian", "buddhist"] = "gregorian"
    # swf-rules/2, left out of the JSON form when unused (so a claim without them keeps its bytes)
    person: ClaimPerson | None = new_field()
    event_ref: Id | None = new_field()  # the real-world event (a birth certificate number, the deceased's ID)
    paid_elsewhere: list[PaidElsewhere] = new_field(factory=list)


# ------------------------------------------------------------------------------------------ decision (schema)
class TextPair(Model):
    th: str
    en: str


class Reason(Model):
    check: str
    clause: str | None
    passed: bool | None
    values: dict[str, Any]
    message: TextPair


class CapUse(Model):
    per: str
    measure: Literal["money", "units", "count"]
    limit: str
    window: list[str] | None
    used: str
    remaining: str
    before: str | None
    after: str | None
    clause: str | None
    shared: str | None = None  # v2: the id of a shared cap (its benefits in ``benefits``)
    benefits: list[str] | None = None
    person: str | None = None  # v2: a cap counted for each person


class Breakdown(Model):
    basis: str
    units: int | None = None
    units_claimed: int | None = None
    of: dict[str, str] | None = None
    function: str | None = None
    rate: str | None = None
    children: int | None = None
    table_value: str | None = None
    band: str | None = None
    raw_amount: str
    rounding: dict[str, str] | None = None
    caps: list[CapUse]
    offsets: list[dict[str, str]]
    amount: str
    billed: dict[str, str] | None = None  # v2: {field, billed, percent}
    linear: dict[str, str | None] | None = None  # v2: {value, floor, ceiling, applied} when a floor is declared
    refund: dict[str, Any] | None = None  # v2, type: refund (only then)
    levies: dict[str, str] | None = None  # v2, type: levies_collected (only then)


class PayeeOut(Model):
    """One recipient of a decision's money (v2): the member, a beneficiary, the heirs, the family or the applicant."""

    to: Literal["member", "beneficiary", "heirs", "family", "applicant"]
    name: str | None = None
    relationship: str | None = None
    national_id: str | None = None
    national_id_checksum: Literal["ok", "fails"] | None = None
    share: str | None = None
    amount: str


class RegulationRef(Model):
    fund: str
    version: str
    fingerprint: str


class EngineRef(Model):
    name: str
    version: str


class Notice(Model):
    """An irregular record of the member's history that did not stop the decision (swf_rules.core.notices)."""

    code: str
    severity: Literal["notice"]
    path: str
    value: Any
    message: TextPair


class DecisionModel(Model):
    """Schema of a decision as written in JSON."""

    claim_id: str
    member_id: str
    benefit: str
    kind: str
    title: TextPair
    clause: str
    event_date: date
    fiscal_year: int
    eligible: bool
    amount: str
    currency: Literal["THB"]
    payee: Literal["member", "beneficiary", "family", "applicant"]
    payees: list[PayeeOut] | None = None  # v2: present when the benefit declares a payee or names beneficiaries
    person: dict[str, str] | None = None  # v2: the person the claim is about (id, name, relationship, birth_date, ...)
    regulation: RegulationRef
    reasons: list[Reason]
    breakdown: Breakdown
    engine: EngineRef
    input_fingerprint: str
    notices: list[Notice] = Field(default_factory=list, description="present only when there is one")


# ------------------------------------------------------------------------------------------ parsing with checks
def _translate(exc: ValidationError, file: str | None, root: str) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        ctx = dict(err.get("ctx") or {})
        etype = err["type"]
        value = err.get("input")
        shown = None if isinstance(value, (dict, list)) else value
        if etype == "missing":
            out.append(make_problem("missing-field", path=loc, file=file, field=loc[-1]))
        elif etype == "extra_forbidden":
            out.append(make_problem("unknown-key", path=loc, file=file, key=loc[-1], value=str(loc[-1])))
        elif etype == "literal_error":
            out.append(make_problem("not-allowed", path=loc, file=file, value=str(value),
                                    hint=(f"use one of {ctx.get('expected')}", f"ใช้ค่าใดค่าหนึ่งจาก {ctx.get('expected')}")))
        elif etype == "greater_than_equal" and loc and loc[-1] == "units":
            out.append(make_problem("negative-units", path=loc, file=file, value=shown))
        elif etype == "control-character":
            out.append(make_problem(etype, path=loc, file=file, **ctx))
        elif etype in ("money-float", "money-negative", "money-precision", "money-syntax", "bad-date",
                       "undeclared-buddhist-date", "date-order", "missing-field", "unknown-calendar",
                       "bad-period", "out-of-range"):
            ctx.pop("value", None)
            out.append(make_problem(etype, path=loc, file=file, value=str(shown) if shown is not None else None,
                                    **ctx))
        elif etype in ("greater_than_equal", "less_than_equal"):
            out.append(make_problem("out-of-range", path=loc, file=file, value=str(shown), detail=err["msg"].lower()))
        elif etype == "too_short":
            out.append(make_problem("empty-list", path=loc, file=file))
        else:
            out.append(make_problem("wrong-type", path=loc, file=file, expected=_expected(etype, err["msg"]),
                                    found=type(value).__name__ if value is not None else "null",
                                    value=None if shown is None else str(shown)))
    return out


def _expected(etype: str, msg: str) -> str:
    return {"int_type": "a whole number", "string_type": "text", "dict_type": "an object", "model_type": "an object",
            "list_type": "a list", "string_pattern_mismatch": "YYYY-MM or YYYY"}.get(etype, msg)


def _calendar(data: Any, file: str | None) -> str:
    cal = data.get("calendar", "gregorian") if isinstance(data, dict) else "gregorian"
    if cal not in ("gregorian", "buddhist"):
        raise InputError([make_problem("unknown-calendar", path=("calendar",), file=file, value=str(cal),
                                       hint=('write "calendar": "buddhist" or leave it out for C.E. dates',
                                             'เขียน "calendar": "buddhist" หรือไม่ต้องระบุสำหรับวันที่ ค.ศ.'))])
    return cal


def _check_object(data: Any, file: str | None) -> None:
    if not isinstance(data, dict):
        raise InputError([make_problem("not-a-mapping", file=file, found=type(data).__name__)])


def parse_member(data: Any, file: str | None = None) -> Member:
    """A member history from JSON-like data; raises :class:`InputError` with JSON paths."""
    _check_object(data, file)
    cal = _calendar(data, file)
    try:
        m = Member.model_validate(data, context={"calendar": cal})
    except ValidationError as e:
        raise InputError(_translate(e, file, "member")) from None
    problems = list(member_problems(m, file))
    if problems:
        raise InputError(problems)
    return m


def member_problems(m: Member, file: str | None = None) -> list[Problem]:
    out: list[Problem] = []
    order = sorted(range(len(m.spells)), key=lambda i: m.spells[i].start)
    for a, b in zip(order, order[1:]):
        sa, sb = m.spells[a], m.spells[b]
        if sa.end is None:
            out.append(make_problem("open-spell-not-last", path=("spells", a, "end"), file=file))
        elif sb.start < sa.end:
            out.append(make_problem("overlapping-spells", path=("spells", b, "start"), file=file,
                                    value=sb.start.isoformat()))
    # contributions outside every spell, after death or repeated are irregular, not invalid: notices
    # (swf_rules.core.notices), carried in the decision
    if m.died_on is not None:
        if m.died_on < m.birth_date:
            out.append(make_problem("date-order", path=("died_on",), file=file, earlier="birth_date",
                                    earlier_value=m.birth_date.isoformat(), later="died_on",
                                    later_value=m.died_on.isoformat()))
        for i, p in enumerate(m.payouts):
            if p.event_date > m.died_on:
                out.append(make_problem("event-after-death", path=("payouts", i, "event_date"), file=file,
                                        value=p.event_date.isoformat(), died_on=m.died_on.isoformat()))
    first_call: dict[str, int] = {}
    for i, lv in enumerate(m.levies):
        if lv.death in first_call:
            out.append(make_problem("duplicate-levy", path=("levies", i, "death"), file=file, value=lv.death,
                                    first=first_call[lv.death],
                                    hint=("list each death once, with every payment toward it under 'paid'",
                                          "ระบุการเสียชีวิตแต่ละรายครั้งเดียว และใส่การชำระทั้งหมดไว้ใน 'paid'")))
        first_call.setdefault(lv.death, i)
        for k, pay in enumerate(lv.paid):
            if pay.date < lv.died_on:
                out.append(make_problem("date-order", path=("levies", i, "paid", k, "date"), file=file,
                                        earlier="died_on", earlier_value=lv.died_on.isoformat(), later="date",
                                        later_value=pay.date.isoformat()))
    for i, s in enumerate(m.spells):
        if s.start < m.birth_date:
            out.append(make_problem("date-order", path=("spells", i, "start"), file=file, earlier="birth_date",
                                    earlier_value=m.birth_date.isoformat(), later="start",
                                    later_value=s.start.isoformat()))
    for i, p in enumerate(m.payouts):
        if p.end_date is not None and p.end_date < p.event_date:
            out.append(make_problem("date-order", path=("payouts", i, "end_date"), file=file, earlier="event_date",
                                    earlier_value=p.event_date.isoformat(), later="end_date",
                                    later_value=p.end_date.isoformat()))
    if m.beneficiaries:
        out.extend(beneficiary_problems(m.beneficiaries, file))
    return out


def member_warnings(m: Member, file: str | None = None) -> list[Problem]:
    """What is irregular in a valid member history but kept (national IDs failing their check digit)."""
    return beneficiary_warnings(m.beneficiaries, file)


def parse_claim(data: Any, file: str | None = None) -> Claim:
    _check_object(data, file)
    cal = _calendar(data, file)
    try:
        c = Claim.model_validate(data, context={"calendar": cal})
    except ValidationError as e:
        raise InputError(_translate(e, file, "claim")) from None
    problems: list[Problem] = []
    if c.end_date is not None and c.end_date < c.event_date:
        problems.append(make_problem("date-order", path=("end_date",), file=file, earlier="event_date",
                                     earlier_value=c.event_date.isoformat(), later="end_date",
                                     later_value=c.end_date.isoformat()))
    if c.filed_on is not None and c.filed_on < c.event_date:
        problems.append(make_problem("date-order", path=("filed_on",), file=file, earlier="event_date",
                                     earlier_value=c.event_date.isoformat(), later="filed_on",
                                     later_value=c.filed_on.isoformat()))
    if c.units is not None and c.units < 0:
        problems.append(make_problem("negative-units", path=("units",), file=file, value=c.units))
    if problems:
        raise InputError(problems)
    return c


# Member and claim files hold whole funds (about 9 kB of JSON per member-decade), so their limit is far above
# the regulation files' limit; it still bounds what one command will read into memory.
MAX_DATA_BYTES = limits.MAX_DATA_BYTES


def _read_json(path: str | FsPath) -> Any:
    raw = limits.read_limited(path, MAX_DATA_BYTES, InputError)
    return load_json_text(raw, file=str(path), error=InputError)


def load_member(path: str | FsPath) -> Member:
    return parse_member(_read_json(path), file=str(path))


def load_claim(path: str | FsPath) -> Claim:
    return parse_claim(_read_json(path), file=str(path))


def load_members(path: str | FsPath) -> list[Member]:
    """A JSON list of member histories (or ``{"calendar": ..., "members": [...]}``)."""
    data = _read_json(path)
    return _many(data, parse_member, "members", str(path))


def load_claims(path: str | FsPath) -> list[Claim]:
    data = _read_json(path)
    return _many(data, parse_claim, "claims", str(path))


def _many(data: Any, parse: Any, key: str, file: str) -> list[Any]:
    cal = None
    prefix: tuple = ()
    if isinstance(data, dict) and key in data:
        cal = data.get("calendar")
        data = data[key]
        prefix = (key,)
    if not isinstance(data, list):
        raise InputError([make_problem("wrong-type", file=file, expected="a list", found=type(data).__name__)])
    out, problems = parse_rows(data, parse, file, prefix, cal)
    if problems:
        raise InputError(problems)
    return out


def parse_rows(items: list[Any], parse: Any, file: str, prefix: tuple = (), calendar: str | None = None
               ) -> tuple[list[Any], list[Problem]]:
    """Parse each item of a JSON list (a row without its own ``calendar`` takes the envelope's); returns the
    good rows and every bad row's problems, located by the list's JSON path and the row's index."""
    out: list[Any] = []
    problems: list[Problem] = []
    for i, item in enumerate(items):
        if calendar is not None and isinstance(item, dict) and "calendar" not in item:
            item = {**item, "calendar": calendar}
        try:
            out.append(parse(item, file))
        except InputError as e:
            problems.extend(_prefix(p, prefix + (i,)) for p in e.problems)
    return out, problems


def _prefix(p: Problem, prefix: tuple) -> Problem:
    from dataclasses import replace
    return replace(p, path=prefix + p.path)
