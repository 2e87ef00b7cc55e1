"""Amount constructs of language version 2 (``language: swf-rules/2``): amounts read from a claim field, and caps
shared by several benefits.

- ``{type: billed, field: bill, percent: 80}``: the amount is the claim field ``bill`` ("as billed"), or a
  percentage of it; the benefit's caps then pay the remainder as usual.
- ``shared_caps`` (on a version): one money limit per window for several benefits together ("all medical benefits
  together 3,000 baht a year"), declared once and naming the benefits.

A linear amount's ``floor`` and a cap's ``each: person`` are fields of :class:`~swf_rules.core.model.Linear` and
:class:`~swf_rules.core.model.Cap`; the checks that need the whole document are in :mod:`._validate_v2`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from ._language import Since
from ._model_base import Ident, Model, Money, Note, Number, Str, Text

Percent = Annotated[Number, Field(gt=0, le=100)]
SharedWindow = Literal["event", "fiscal_year", "calendar_year", "rolling_365_days", "lifetime"]

# the markers of the fields swf_rules.core.model gains in swf-rules/2 (each names the construct in a
# needs-language-2)
FLOOR = Since(2, "a floor (floor)", "จำนวนขั้นต่ำ (floor)")
EACH = Since(2, "a cap for each person (each)", "เพดานรายบุคคล (each)")
SHARED_CAPS = Since(2, "caps shared by several benefits (shared_caps)", "เพดานร่วมของหลายสวัสดิการ (shared_caps)")


class Billed(Model):
    """The amount of a claim field (a number the claim states, e.g. the hospital bill), times ``percent``/100."""

    since: ClassVar[int] = 2
    what: ClassVar[str] = "amount type billed"
    what_th: ClassVar[str] = "จำนวนเงินตามที่เรียกเก็บ (type: billed)"

    type: Literal["billed"]
    field: Ident
    percent: Percent = Decimal(100)


class SharedCap(Model):
    """At most ``money`` baht ``per`` window for the named benefits together; each claim gets what remains."""

    id: Ident
    title: Text | None = None
    benefits: Annotated[list[Ident], Field(min_length=1)]
    per: SharedWindow
    money: Money
    clause: Str | None = None
    illustrative: Note | None = None


__all__ = ["Billed", "EACH", "FLOOR", "Percent", "SHARED_CAPS", "SharedCap", "SharedWindow"]
