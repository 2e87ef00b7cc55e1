"""The case format: what a ``*.cases.yaml`` file may say (pydantic models, read), and cases written back in it.

A case file says which regulation it tests (a path relative to the case file)::

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

The models refuse unknown keys and validate dates in the calendar given in the validation context
(``{"calendar": "buddhist"}``).  :func:`case_yaml` writes cases (plain data in this format, C.E. dates) as text
ready to paste into a case file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, Sequence

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ..core.dates import DateTextError, add_months, normalise_digits, parse_date
from ..core.model import FractionT, Ident, Money, PosInt, RegDate, Relationship, Str
from ..core.money import money_str
from ..core.schedules import KEY_RE, PERIODS, check_key


# ------------------------------------------------------------------------------------------ the file's models
class FileModel(BaseModel):
    """The base of every model of a committee case file: unknown keys refused, values frozen."""

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


def _other_key(text: str, calendar: str) -> str | None:
    """A day, week or half-year period key (``YYYY-MM-DD``, ``YYYY-Www``, ``YYYY-H1``) in C.E., or ``None``."""
    t = normalise_digits(text)
    m = KEY_RE.match(t)
    if m is None or not (m.group(3) or m.group(4) or m.group(5)):
        return None
    y = int(m.group(1)) - (543 if calendar == "buddhist" else 0)
    if (calendar != "buddhist" and y > 2400) or not check_key(y, m.group(2), m.group(3), m.group(4), m.group(5)):
        raise PydanticCustomError("case-missed", "", {"value": text})
    return f"{y:04d}{t[4:]}"


def _missed(v: Any, info: ValidationInfo) -> tuple[str, ...]:
    """Period keys (C.E.) from ``YYYY-MM``, ``YYYY-MM..YYYY-MM`` or ``YYYY`` entries in the declared calendar."""
    cal = (info.context or {}).get("calendar", "gregorian")
    text = str(v) if isinstance(v, int) and not isinstance(v, bool) else v
    if not isinstance(text, str):
        raise PydanticCustomError("case-missed", "", {"value": str(v)})
    parts = [p.strip() for p in text.split("..")]
    other = _other_key(parts[0], cal) if len(parts) == 1 else None
    if other is not None:
        return (other,)
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
    """How the passbook reads: ``every`` period (``month``, ``year``, ``day``, ``week``, ``half_year``), ``until`` a
    date, or ``nothing``."""

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
    if len(words) == 2 and words[0] == "every" and words[1] in PERIODS:
        return Paid("every", period=words[1])
    if words == ["nothing"]:
        return Paid("nothing")
    if len(words) == 2 and words[0] == "until":
        try:
            return Paid("until", until=parse_date(words[1], cal))
        except DateTextError as e:
            raise PydanticCustomError(e.code, "{value}", {k: str(x) for k, x in e.params.items()}) from None
    raise PydanticCustomError("case-paid", "", {"value": str(v)})


class SpellIn(FileModel):
    start: RegDate
    end: RegDate | None = None
    reason: Literal["resigned", "lapsed", "died", "expelled"] | None = None

    @model_validator(mode="after")
    def _pair(self) -> "SpellIn":
        if (self.end is None) != (self.reason is None):
            raise PydanticCustomError("missing-field", "", {"field": "reason" if self.end else "end"})
        return self


class BeneficiaryIn(FileModel):
    """A beneficiary the member named (v2): as in the member history's ``beneficiaries``."""

    name: Str
    relationship: Str
    national_id: Str | None = None
    share: FractionT | None = None


class LevyIn(FileModel):
    """A funeral levy called from the member (v2): who died (member id) and when, and when it was paid (not:
    unpaid); ``amount`` paid defaults to the levy of the version in force on the day of the death."""

    death: Str
    died: RegDate
    paid: RegDate | None = None
    amount: Money | None = None


class MemberIn(FileModel):
    id: Str = "m-1"
    born: RegDate
    sex: Literal["female", "male"]
    joined: RegDate | None = None
    spells: Annotated[list[SpellIn], Field(min_length=1)] | None = None
    paid: Annotated[Any, Field(json_schema_extra={"type": "string"})]
    missed: list[Annotated[Any, BeforeValidator(_missed)]] = Field(default_factory=list)
    died: RegDate | None = None
    beneficiaries: list[BeneficiaryIn] = Field(default_factory=list)
    levies: list[LevyIn] = Field(default_factory=list)

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


class _Units(FileModel):
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
    person: Str | None = None  # v2: the id of the person the payout was for


class PersonIn(FileModel):
    """The person a claim is about (v2), or the applicant of a benefit for non-members."""

    id: Str
    name: Str | None = None
    relationship: Relationship | None = None
    born: RegDate | None = None
    sex: Literal["female", "male"] | None = None
    member: Str | None = None  # the person's own member number, when they are a member
    national_id: Str | None = None


class ElsewhereIn(FileModel):
    """A payout to another member for the same event (v2)."""

    member: Str
    benefit: Ident
    amount: Money
    claim: Str | None = None


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
    person: PersonIn | None = None
    event: Str | None = None  # v2: the real-world event (event_ref), e.g. a birth certificate number
    paid_elsewhere: list[ElsewhereIn] = Field(default_factory=list)


class PayeeIn(FileModel):
    """One recipient a case expects (v2): who, optionally by name, and how much."""

    to: Literal["member", "beneficiary", "heirs", "family", "applicant"] | None = None
    name: Str | None = None
    amount: Money


class ExpectIn(FileModel):
    eligible: Annotated[bool, Field(strict=True)] | None = None
    amount: Money | None = None
    at_least: Money | None = None
    at_most: Money | None = None
    failing: list[Str] | None = None
    payee: Literal["member", "beneficiary", "family", "applicant"] | None = None
    payees: list[PayeeIn] | None = None
    error: Str | None = None

    @model_validator(mode="after")
    def _shape(self) -> "ExpectIn":
        outcome = (self.eligible, self.amount, self.at_least, self.at_most, self.failing, self.payee, self.payees)
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


class CaseIn(FileModel):
    name: Str
    calendar: Literal["gregorian", "buddhist"] | None = None
    note: Str | None = None
    member: MemberIn | None = None  # v2: left out only for a benefit for non-members
    history: list[PayoutIn] = Field(default_factory=list)
    claim: ClaimIn
    expect: ExpectIn


class CaseFileIn(FileModel):
    regulation: Str
    calendar: Literal["gregorian", "buddhist"] = "gregorian"
    cases: list[Any] = Field(default_factory=list)
    invariants: list[Any] = Field(default_factory=list)

    @model_validator(mode="after")
    def _something(self) -> "CaseFileIn":
        if not self.cases and not self.invariants:
            raise PydanticCustomError("missing-field", "", {"field": "cases"})
        return self


# ------------------------------------------------------------------------------------------ cases written back
_PLAIN = re.compile(r"^[A-Za-z0-9./][A-Za-z0-9 _./\-]*$")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def _scalar(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Decimal):
        text = money_str(v)
        return text if "." not in text else json.dumps(text)
    text = str(v)
    if _PLAIN.match(text) and text.lower() not in _RESERVED and not text.endswith(" ") \
            and not re.match(r"^[0-9.]+$", text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(v: Any) -> str:
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {_flow(x)}" for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_flow(x) for x in v) + "]"
    return _scalar(v)


_ORDER = {"member": ("id", "born", "sex", "joined", "spells", "paid", "missed", "died", "beneficiaries", "levies"),
          "claim": ("id", "benefit", "date", "end", "nights", "units", "filed", "children", "details", "person", "event",
                    "paid_elsewhere"),
          "expect": ("eligible", "amount", "at_least", "at_most", "failing", "payee", "payees", "error")}


def _ordered(kind: str, d: dict[str, Any]) -> dict[str, Any]:
    keys = _ORDER.get(kind, ())
    return {k: d[k] for k in keys if k in d} | {k: v for k, v in d.items() if k not in keys}


def case_yaml(regulation_ref: str, cases: Sequence[dict[str, Any]], comments: Sequence[str] = ()) -> str:
    """Cases in the committee case format (C.E. dates), ready to paste into a ``*.cases.yaml`` file."""
    lines = [f"# {c}" for c in comments]
    lines.append(f"regulation: {_scalar(regulation_ref)}")
    lines.append("cases:")
    for c in cases:
        lines.append(f"  - name: {_scalar(c['name'])}")
        if c.get("member") is not None:
            lines.append(f"    member: {_flow(_ordered('member', c['member']))}")
        if c.get("history"):
            lines.append("    history:")
            for h in c["history"]:
                lines.append(f"      - {_flow(h)}")
        lines.append(f"    claim: {_flow(_ordered('claim', c['claim']))}")
        lines.append(f"    expect: {_flow(_ordered('expect', c['expect']))}")
    return "\n".join(lines) + "\n"
