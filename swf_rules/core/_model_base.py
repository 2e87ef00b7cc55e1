"""The scalar types and the base model of the regulation language, shared by :mod:`swf_rules.core.model` and the
modules that hold the constructs of language version 2 (:mod:`._model_amounts`, :mod:`._model_people`,
:mod:`._model_versions`), so that those can be imported by ``model`` without an import cycle.

Money is ``Decimal`` (never a float), numbers and fractions exact, dates read in the calendar the file declares.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, Strict, ValidationInfo, \
    WithJsonSchema
from pydantic_core import PydanticCustomError

from ._language import Since
from .dates import DateTextError, parse_date
from .money import MoneyError, parse_decimal, parse_fraction, parse_money, money_str

# ---------------------------------------------------------------------------------------------- scalar types
def _money(v: Any) -> Decimal:
    try:
        return parse_money(v)
    except MoneyError as e:
        raise PydanticCustomError(e.code, "{value}", {"value": str(v)}) from None


Money = Annotated[
    Decimal,
    BeforeValidator(_money),
    PlainSerializer(money_str, return_type=str),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 0},
                              {"type": "string", "pattern": r"^[0-9๐-๙]+(\.[0-9๐-๙]{1,2})?$"}],
                    "description": "Baht, as an integer or a decimal string; never a float"}),
]


def _number(v: Any) -> Decimal:
    try:
        return parse_decimal(v)
    except (ValueError, ArithmeticError):
        raise PydanticCustomError("bad-number", "{value}", {"value": str(v)}) from None


Number = Annotated[Decimal, BeforeValidator(_number), PlainSerializer(lambda d: str(d), return_type=str),
                   WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string"}]})]


def _fraction(v: Any) -> Fraction:
    try:
        return parse_fraction(v)
    except (ValueError, ArithmeticError, ZeroDivisionError):
        raise PydanticCustomError("bad-fraction", "{value}", {"value": str(v)}) from None


FractionT = Annotated[
    Fraction,
    BeforeValidator(_fraction),
    PlainSerializer(lambda f: f"{f.numerator}/{f.denominator}", return_type=str),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": r"^\d+\s*/\s*\d+$"}, {"type": "number"},
                              {"type": "string"}],
                    "description": "a fraction in [0, 1], e.g. \"1/2\" or \"0.25\""}),
]


def _date(v: Any, info: ValidationInfo) -> date:
    cal = (info.context or {}).get("calendar", "gregorian")
    try:
        return parse_date(v, cal)
    except DateTextError as e:
        raise PydanticCustomError(e.code, "{value}", {k: str(x) for k, x in e.params.items()}) from None


RegDate = Annotated[date, BeforeValidator(_date), WithJsonSchema({"type": "string", "format": "date"})]
Int = Annotated[int, Strict()]
PosInt = Annotated[int, Strict(), Field(ge=0)]
Str = Annotated[str, Strict(), Field(min_length=1)]
IDENT_PATTERN = r"^[a-z][a-z0-9_]*$"
Ident = Annotated[str, Strict(), Field(pattern=IDENT_PATTERN)]
# fund ids may also join words with hyphens (nong-phai) from swf-rules/2 on (the books' ledger.yaml reads the same)
FUND_ID_PATTERN = r"^[a-z][a-z0-9_]*(-[a-z0-9_]+)*$"
FUND_ID_HYPHEN = Since(2, "a hyphen in a fund id", "เครื่องหมาย - ในรหัสกองทุน", lambda v: "-" in v)
FundIdent = Annotated[str, Strict(), Field(pattern=FUND_ID_PATTERN), FUND_ID_HYPHEN]


class Model(BaseModel):
    """The base of every model of the regulation language and the interchange formats: unknown keys refused,
    values frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class Text(Model):
    """Text in Thai and English."""

    th: Str
    en: Str


Note = Union[Str, Text]
