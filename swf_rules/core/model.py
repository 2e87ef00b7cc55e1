"""The regulation language as typed models (pydantic v2).

These models are the schema of a regulation file (``schemas/regulation.schema.json`` is generated from them).
They check *shape*: types, required fields, allowed words, money syntax.  Checks that need the whole document
(table bands, references between benefits, conditions, versions) live in :mod:`swf_rules.core.validate`.

Dates in a regulation file are read in the calendar the file declares (``calendar: buddhist`` or ``gregorian``);
the validation context carries it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal, Union

from pydantic import Discriminator, Field, Strict, Tag, model_validator
from pydantic_core import PydanticCustomError

from ._model_base import (  # noqa: F401 - the scalar types are part of this module's public names
    FractionT, Ident, Int, Model, Money, Note, Number, PosInt, RegDate, Str, Text, _date, _fraction, _money, _number,
)

from ._model_amounts import Billed, SharedCap
from ._model_people import Payee, PersonAge, PersonRule, Recipients, Relationship, SeveralMembers, Shares
from ._model_document import DocumentText

LANGUAGE = "swf-rules/1"
LANGUAGES = ("swf-rules/1", "swf-rules/2")  # swf-rules/2 adds the constructs of _model_amounts and _model_people


# ---------------------------------------------------------------------------------------------- identity
class Place(Model):
    subdistrict: Text
    district: Text
    province: Text


class Fund(Model):
    id: Ident
    name: Text
    place: Place


class Source(Model):
    url: Str | None = None
    document: Str | None = None

    @model_validator(mode="after")
    def _one(self) -> "Source":
        if self.url is None and self.document is None:
            raise PydanticCustomError("missing-field", "", {"field": "url or document"})
        return self


class Adoption(Model):
    meeting: Text
    date: RegDate


class Rounding(Model):
    mode: Literal["half_up", "half_even", "down", "up"] = "half_up"
    unit: Money = Decimal(1)


# ---------------------------------------------------------------------------------------------- membership
class Contribution(Model):
    amount: Money
    period: Literal["month", "year"]


class LapseRule(Model):
    """When unpaid instalments end membership: ``consecutive`` missed in a row, or ``total`` missed at once."""

    consecutive: PosInt | None = None
    total: PosInt | None = None
    illustrative: Note | None = None

    @model_validator(mode="after")
    def _one(self) -> "LapseRule":
        if (self.consecutive is None) == (self.total is None):
            raise PydanticCustomError("one-of-fields", "", {"fields": "consecutive, total"})
        return self


class Membership(Model):
    clause: Str
    contribution: Contribution
    entry_fee: Money = Decimal(0)
    starts: Literal["application", "approval", "first_contribution"]
    grace_days: PosInt = 0
    suspend_after: PosInt | None = None
    lapse_after: LapseRule | None = None
    refund_on_resignation: Literal["none", "all", "if_no_benefit_received"] = "none"
    joining_age: "AgeRange | None" = None
    illustrative: Note | None = None


# ---------------------------------------------------------------------------------------------- eligibility
PeriodFrom = Literal["membership_start", "first_membership", "first_contribution"]


class Waiting(Model):
    days: PosInt = 0
    months: PosInt = 0
    years: PosInt = 0
    start: PeriodFrom = "membership_start"
    illustrative: Note | None = None


TenureRounding = Literal["exact", "completed_years", "over_6_months"]
MembershipMode = Literal["continuous", "cumulative"]


class TenureRule(Model):
    min_years: PosInt
    rounding: TenureRounding
    membership: MembershipMode
    illustrative: Note | None = None


class AgeRange(Model):
    min: PosInt | None = None
    max: PosInt | None = None
    at: Literal["event", "joining"] = "event"
    illustrative: Note | None = None


Status = Literal["active", "suspended", "lapsed", "resigned", "expelled", "dead", "not_member"]


class Condition(Model):
    when: Str
    description: Text | None = None
    clause: Str | None = None
    illustrative: Note | None = None


class Eligibility(Model):
    waiting: Waiting | None = None
    tenure: TenureRule | None = None
    age: AgeRange | None = None
    sex: Literal["female", "male"] | None = None
    status: list[Status] = Field(default_factory=lambda: ["active"])
    max_arrears: PosInt | None = None
    conditions: list[Condition] = Field(default_factory=list)


# ---------------------------------------------------------------------------------------------- amounts
class TenureBasis(Model):
    rounding: TenureRounding
    membership: MembershipMode


class Flat(Model):
    type: Literal["flat"]
    amount: Money


class PerChild(Model):
    type: Literal["per_child"]
    amount: Money


class Rate(Model):
    type: Literal["rate"]
    rate: Money
    unit: Literal["night", "day", "visit", "month"] = "night"


class Band(Model):
    range: Str
    amount: Money


class Table(Model):
    type: Literal["table"]
    by: Literal["tenure", "age"]
    tenure: TenureBasis | None = None
    monotone: Literal["increasing", "decreasing", "none"] = "none"
    bands: Annotated[list[Band], Field(min_length=1)]


class Linear(Model):
    type: Literal["linear"]
    by: Literal["tenure", "age"]
    tenure: TenureBasis | None = None
    base: Money = Decimal(0)
    per_year: Money
    ceiling: Money | None = None
    floor: Money | None = None  # v2: at least this much


class FractionOf(Model):
    type: Literal["fraction_of"]
    benefit: Ident
    fraction: FractionT


class Allowance(Model):
    type: Literal["allowance"]
    amount: Money
    every: Literal["month", "calendar_year", "fiscal_year"]
    first_period: Literal["full", "skip"] = "full"


class FunctionAmount(Model):
    type: Literal["function"]
    name: Str


Amount = Annotated[Union[Flat, PerChild, Rate, Table, Linear, FractionOf, Allowance, FunctionAmount, Billed],
                   Field(discriminator="type")]

CapWindow = Literal["stay", "event", "fiscal_year", "calendar_year", "rolling_365_days", "lifetime"]


class Cap(Model):
    per: CapWindow
    money: Money | None = None
    units: PosInt | None = None
    count: PosInt | None = None
    clause: Str | None = None
    illustrative: Note | None = None
    each: Literal["person"] | None = None  # v2: the limit applies to each person the claims name

    @model_validator(mode="after")
    def _one(self) -> "Cap":
        if sum(x is not None for x in (self.money, self.units, self.count)) != 1:
            raise PydanticCustomError("one-of-fields", "", {"fields": "money, units, count"})
        return self


class Deadline(Model):
    days: PosInt = 0
    months: PosInt = 0
    years: PosInt = 0
    start: Literal["event", "end"] = "event"
    illustrative: Note | None = None


class SameEvent(Model):
    stacks_with: list[Ident] = Field(default_factory=list)
    excludes: list[Ident] = Field(default_factory=list)


class Offset(Model):
    benefit: Ident
    illustrative: Note | None = None


class ClaimField(Model):
    type: Literal["number", "text", "yes_no"]
    one_of: list[Str] | None = None
    description: Text | None = None


Kind = Annotated[str, Strict(), Field(pattern=r"^[a-z][a-z0-9_]*$")]
BUILTIN_KINDS = ("birth", "sickness", "death", "elderly")


class Benefit(Model):
    id: Ident
    kind: Kind
    title: Text
    clause: Str
    illustrative: Note | None = None
    claim_fields: dict[Ident, ClaimField] = Field(default_factory=dict)
    eligibility: Eligibility = Field(default_factory=Eligibility)
    amount: Amount
    caps: list[Cap] = Field(default_factory=list)
    rounding: Rounding | None = None
    deadline: Deadline | None = None
    same_event: SameEvent = Field(default_factory=SameEvent)
    offsets: list[Offset] = Field(default_factory=list)
    # v2 (_model_people): the other person the claim names, who is paid, several members, non-members
    person: PersonRule | None = None
    payee: Payee | None = None
    several_members: SeveralMembers | None = None
    recipients: Recipients | None = None


class Version(Model):
    version: Str
    title: Text
    effective: RegDate
    until: RegDate | None = None
    adopted: Adoption
    source: Source
    rounding: Rounding = Field(default_factory=Rounding)
    membership: Membership
    benefits: Annotated[list[Benefit], Field(min_length=1)]
    illustrative: list[Note] = Field(default_factory=list)
    shared_caps: list[SharedCap] = Field(default_factory=list)  # v2
    document: DocumentText | None = None  # the printed ระเบียบ's own words (_model_document); not fingerprinted

    def benefit(self, benefit_id: str) -> Benefit | None:
        for b in self.benefits:
            if b.id == benefit_id:
                return b
        return None


class Amendment(Model):
    """v2: an amendment (แก้ไขเพิ่มเติม) that restates only the clauses it changes, on top of the version it
    ``amends``: the membership rules or the shared caps when given (whole), each benefit it restates (whole, by
    id; a new id adds a benefit) and the benefits it ``repeals``.  It takes effect on ``effective`` as a version of
    its own; :mod:`._amendments` consolidates it into the full text."""

    version: Str
    amends: Str
    title: Text
    effective: RegDate
    until: RegDate | None = None
    adopted: Adoption
    source: Source
    rounding: Rounding | None = None
    membership: Membership | None = None
    benefits: list[Benefit] = Field(default_factory=list)
    repeals: list[Ident] = Field(default_factory=list)
    shared_caps: list[SharedCap] | None = None
    illustrative: list[Note] = Field(default_factory=list)
    document: DocumentText | None = None  # the amendment's own preamble, signature, ... (not inherited)


def _version_kind(v: object) -> str:
    return "amendment" if isinstance(v, (dict, Amendment)) and ("amends" in v if isinstance(v, dict) else True) \
        else "full-version"


# the tags are not keys of a version, so a problem's path never mistakes them for one
VersionEntry = Annotated[Union[Annotated[Version, Tag("full-version")], Annotated[Amendment, Tag("amendment")]],
                         Discriminator(_version_kind)]


class RegulationFile(Model):
    """A fund's regulation history: every version of its ระเบียบ, each with the date it takes effect."""

    language: Literal["swf-rules/1", "swf-rules/2"]
    calendar: Literal["gregorian", "buddhist"]
    clause_digits: Literal["thai", "arabic"] = "arabic"
    fund: Fund
    versions: Annotated[list[VersionEntry], Field(min_length=1)]


Membership.model_rebuild()
