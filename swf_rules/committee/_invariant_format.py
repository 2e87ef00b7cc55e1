"""Declared invariants: the ``invariants:`` section of a case file, validated against the regulation.

Declared invariants live in the regulation's case file (``regulations/cases/<fund>.cases.yaml``) under
``invariants:`` -- not in the regulation file (its language is fixed by :mod:`swf_rules.core.model`) and not in a
sidecar ``*.yaml`` next to the regulation (every ``*.yaml`` in ``regulations/`` is read as a regulation).  Kinds::

    - {name: ..., type: monotone, benefit: death, by: tenure, direction: non_decreasing}
    - {name: ..., type: max_per_window, benefits: [hospital], money: 1000, per: fiscal_year}
    - {name: ..., type: no_payment_within, days: 180, start: membership_start}      # benefits: all if omitted
    - {name: ..., type: max_per_event, money: 1600}                                # all benefits of one event
    - {name: ..., type: max_per_claim, benefits: [hospital], money: 600}

What each one means as a property is in :mod:`._declared_properties`; ``swf-rules check`` searches them
(:mod:`swf_rules.committee.check`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import Field, TypeAdapter, ValidationError

from ..core.errors import InputError, Problem
from ..core.load import Document
from ..core.model import Ident, Money, PosInt, Str
from ..core.validate import Regulation
from ._case_format import FileModel
from ._problems import benefit_ids, unknown_benefits, validation_problems


class _Inv(FileModel):
    name: Str


class Monotone(_Inv):
    """The benefit's amount never goes the wrong way when only tenure (joining earlier) or age (born earlier)
    grows; compared between two members who are otherwise the same and both eligible."""

    type: Literal["monotone"]
    benefit: Ident
    by: Literal["tenure", "age"]
    direction: Literal["non_decreasing", "non_increasing"]


class MaxPerWindow(_Inv):
    type: Literal["max_per_window"]
    benefits: Annotated[list[Ident], Field(min_length=1)]
    money: Money
    per: Literal["fiscal_year", "calendar_year", "rolling_365_days", "lifetime"]


class NoPaymentWithin(_Inv):
    type: Literal["no_payment_within"]
    days: PosInt = 0
    months: PosInt = 0
    years: PosInt = 0
    start: Literal["membership_start", "first_membership"] = "membership_start"
    benefits: list[Ident] | None = None


class MaxPerEvent(_Inv):
    type: Literal["max_per_event"]
    money: Money
    benefits: list[Ident] | None = None


class MaxPerClaim(_Inv):
    type: Literal["max_per_claim"]
    money: Money
    benefits: list[Ident] | None = None


Invariant = Annotated[Union[Monotone, MaxPerWindow, NoPaymentWithin, MaxPerEvent, MaxPerClaim],
                      Field(discriminator="type")]
_ADAPTER: TypeAdapter[Any] = TypeAdapter(Invariant)
_ROOTS = [Monotone, MaxPerWindow, NoPaymentWithin, MaxPerEvent, MaxPerClaim]


def parse_invariants(doc: Document, regulation: Regulation) -> list[Any]:
    """The ``invariants:`` list of a case file, validated; raises :class:`InputError` with every problem."""
    raw = doc.data.get("invariants") or []
    problems: list[Problem] = []
    out: list[Any] = []
    ids = benefit_ids(regulation)
    for i, item in enumerate(raw):
        try:
            inv = _ADAPTER.validate_python(item, context={"calendar": "gregorian"})
        except ValidationError as e:
            problems.extend(validation_problems(doc, e, _ROOTS, ("invariants", i)))
            continue
        refs: list[tuple[Any, str]] = []
        if isinstance(inv, Monotone):
            refs.append((("invariants", i, "benefit"), inv.benefit))
        else:
            for k, b in enumerate(getattr(inv, "benefits", None) or []):
                refs.append((("invariants", i, "benefits", k), b))
        problems.extend(unknown_benefits(doc, refs, ids))
        out.append(inv)
    if problems:
        raise InputError(problems)
    return out
