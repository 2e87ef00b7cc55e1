"""Pydantic history values built without validation, for values the ledger has already checked.

A ledger holds hundreds of thousands of instalments and a replay re-decides every payout: building each
:class:`~swf_rules.core.history.Contribution`, :class:`~swf_rules.core.history.Claim` and
:class:`~swf_rules.core.history.Payout` through pydantic's validation would cost more than the checks that made it
valid.  The fast constructors set the model's fields directly; each is used only if it builds exactly what
``model_construct`` builds (checked once, at import, on a sample), else ``model_construct`` itself.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Callable, Iterable

from ..core.history import Claim, Contribution, Member, Payout, Spell


_new = object.__new__
_set = object.__setattr__


def _fast_factory(cls: Any, sample: dict[str, Any]) -> Callable[..., Any]:
    """``cls(**values)`` without validation for values that are already correct and complete (every field given);
    the same object ``model_construct`` builds, checked once on a sample, else ``model_construct`` itself."""
    names = tuple(cls.model_fields)
    fs = frozenset(names)

    def make(**kw: Any) -> Any:
        o = _new(cls)
        _set(o, "__dict__", kw)
        _set(o, "__pydantic_fields_set__", fs)
        _set(o, "__pydantic_extra__", None)
        _set(o, "__pydantic_private__", None)
        return o

    try:
        a, b = make(**sample), cls.model_construct(**sample)
        if set(sample) == fs and a == b and a.__getstate__() == b.__getstate__() and \
                a.model_dump(mode="json") == b.model_dump(mode="json"):
            return make
    except Exception:  # pragma: no cover - depends on the pydantic version
        pass
    return cls.model_construct


_contribution = _fast_factory(Contribution, {"date": date(2020, 1, 5), "amount": Decimal(30), "covers": "2020-01"})


def contribution(d: date, amount: Decimal, covers: str) -> Contribution:
    """Build a :class:`Contribution` from values that are already correct (no validation): ~1 µs."""
    return _contribution(date=d, amount=amount, covers=covers)


new_claim = _fast_factory(Claim, {"claim_id": "c", "member_id": "m", "benefit": "b", "event_date": date(2020, 1, 1),
                                  "end_date": None, "filed_on": None, "units": None, "children": None,
                                  "details": {}, "calendar": "gregorian"})
"""Build a :class:`Claim` from complete, already-correct values (keyword arguments, every field)."""
new_payout = _fast_factory(Payout, {"claim_id": "c", "benefit": "b", "event_date": date(2020, 1, 1),
                                    "end_date": None, "units": None, "amount": Decimal(1)})
"""Build a :class:`Payout` from complete, already-correct values (keyword arguments, every field)."""


def build_member(member_id: str, birth_date: date, sex: str, spells: Iterable[tuple[date, date | None, str | None]],
                 contributions: list[Contribution], died_on: date | None = None) -> Member:
    """A :class:`Member` from already-correct typed values (no validation; the caller guarantees validity)."""
    return Member.model_construct(
        member_id=member_id, birth_date=birth_date, sex=sex,
        spells=[Spell.model_construct(start=s, end=e, end_reason=r) for s, e, r in spells],
        contributions=contributions, died_on=died_on, payouts=[], beneficiary=None, calendar="gregorian")
