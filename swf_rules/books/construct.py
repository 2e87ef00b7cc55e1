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
    """``cls(**values)`` without validation for values that are already correct; a field left out takes its
    default (a fresh one from its factory), as ``model_construct`` gives it, without ``model_construct``'s cost of
    resolving each default (pydantic inspects the factory's signature on every call: about 0.5 ms).  The same
    object ``model_construct`` builds, checked once on a complete sample and on one without its optional fields,
    else ``model_construct`` itself."""
    names = tuple(cls.model_fields)
    fs = frozenset(names)
    defaults: dict[str, tuple[Any, Any]] = {}  # field -> (factory, value) for the fields with a default
    for name, f in cls.model_fields.items():
        if f.default_factory is not None:
            defaults[name] = (f.default_factory, None)
        elif not f.is_required():
            defaults[name] = (None, f.default)

    def make(**kw: Any) -> Any:
        given = set(kw)  # (a set of its own: model_copy adds to it)
        if len(kw) != len(names):
            for name, (factory, value) in defaults.items():
                if name not in kw:
                    kw[name] = factory() if factory is not None else value
        o = _new(cls)
        _set(o, "__dict__", {n: kw[n] for n in names})  # in the fields' order, as model_construct keeps them
        _set(o, "__pydantic_fields_set__", given)
        _set(o, "__pydantic_extra__", None)
        _set(o, "__pydantic_private__", None)
        return o

    def same(values: dict[str, Any]) -> bool:
        a, b = make(**values), cls.model_construct(**values)
        return a == b and a.__getstate__() == b.__getstate__() and \
            a.model_dump(mode="json") == b.model_dump(mode="json") and list(a.__dict__) == list(b.__dict__)

    try:
        full = {**{n: (f() if f is not None else v) for n, (f, v) in defaults.items()}, **sample}
        if set(full) == fs and same(full) and same(dict(sample)):
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


_spell = _fast_factory(Spell, {"start": date(2020, 1, 1), "end": None, "end_reason": None})
_member = _fast_factory(Member, {"member_id": "m", "birth_date": date(1970, 1, 1), "sex": "female",
                                 "spells": [_spell(start=date(2020, 1, 1), end=None, end_reason=None)],
                                 "contributions": [], "died_on": None, "payouts": [], "beneficiary": None,
                                 "calendar": "gregorian"})


def build_member(member_id: str, birth_date: date, sex: str, spells: Iterable[tuple[date, date | None, str | None]],
                 contributions: list[Contribution], died_on: date | None = None) -> Member:
    """A :class:`Member` from already-correct typed values (no validation; the caller guarantees validity)."""
    return _member(member_id=member_id, birth_date=birth_date, sex=sex,
                   spells=[_spell(start=s, end=e, end_reason=r) for s, e, r in spells],
                   contributions=contributions, died_on=died_on, payouts=[], beneficiary=None, calendar="gregorian")
