"""Declared assumptions for a projection (``swf-rules project --assumptions FILE``): rates the fund's own history
should not decide, each with the source it comes from.

.. code-block:: yaml

    joining: {per_year: 30, source: "the committee's plan for 2568"}
    death:
      source: "a published life table (name it)"
      by_age:
        - {from: 0, to: 59, per_year: 0.004}
        - {from: 60, to: 79, per_year: 0.03}
        - {from: 80, per_year: 0.12}
    leaving: {per_year: 0.03, source: ...}          # lapsing, resigning, expelled: a share of members a year
    claims:
      hospital: {per_year: 0.08, source: ...}        # claims a member-year, every age
    amounts:
      hospital: {amount: 400, source: ...}            # baht a claim, instead of the fund's own payouts
    contributions: {per_member_year: 360, source: ...}
    matching: {government: 1, local_authority: 0.5, source: ...}   # the share of the requestable received

Every key is optional; what is not declared is estimated from the books.  Rates and shares are numbers (read as
floats: they are probabilities and expectations, never money); amounts are money (Decimal).  Each mapping needs
its ``source``.  Every problem is reported at its line and column, all at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ...core.errors import InputError, Problem, RegulationError, did_you_mean
from ...core.load import Document, load_yaml_file, load_yaml_text
from ...core.money import MoneyError, parse_money
from ...core.validate import Regulation

TOP = ("joining", "death", "leaving", "claims", "amounts", "contributions", "matching")


@dataclass(frozen=True)
class Declared:
    """A declared value and where it comes from."""

    value: Any
    source: str


@dataclass
class Assumptions:
    file: str | None = None
    joining: Declared | None = None  # joiners a year (float)
    death: Declared | None = None  # value: [(from age, to age or None, rate a year)]
    leaving: Declared | None = None  # share of members leaving a year (float)
    claims: dict[str, Declared] = field(default_factory=dict)  # benefit -> claims a member-year (float)
    amounts: dict[str, Declared] = field(default_factory=dict)  # benefit -> baht a claim (Decimal)
    contributions: Declared | None = None  # baht a member-year (Decimal)
    matching: Declared | None = None  # value: {"government": Decimal, "local_authority": Decimal} (money shares: exact)


def load_assumptions(path: str | Path, regulation: Regulation) -> Assumptions:
    """The assumptions file, checked; :class:`~swf_rules.InputError` lists every problem with its place."""
    try:
        doc = load_yaml_file(path)
    except RegulationError as e:
        raise InputError(e.problems) from None
    return check_assumptions(doc, regulation)


def assumptions_from_text(text: str, regulation: Regulation, file: str = "<assumptions>") -> Assumptions:
    try:
        doc = load_yaml_text(text, file=file)
    except RegulationError as e:
        raise InputError(e.problems) from None
    return check_assumptions(doc, regulation)


class _Checker:
    def __init__(self, doc: Document, regulation: Regulation):
        self.doc = doc
        self.problems: list[Problem] = []
        self.benefits = sorted({b.id for v in regulation.versions for b in v.benefits})

    def fail(self, code: str, path: tuple, at_key: bool = False, **kw: Any) -> None:
        self.problems.append(self.doc.problem(code, path, at_key=at_key, **kw))

    def mapping(self, v: Any, path: tuple, keys: tuple[str, ...], required: tuple[str, ...] = ()) -> dict | None:
        if not isinstance(v, dict):
            self.fail("wrong-type", path, expected="a mapping", found=type(v).__name__)
            return None
        for k in v:
            if k not in keys:
                self.fail("unknown-key", path + (k,), at_key=True, key=k, value=k,
                          hint=did_you_mean(k, keys, (f"keys: {', '.join(keys)}", f"คีย์ที่ใช้ได้: {', '.join(keys)}")))
        for k in required:
            if k not in v:
                self.fail("missing-field", path, field=k)
        return v

    def source(self, v: dict, path: tuple) -> str:
        s = v.get("source")
        if not isinstance(s, str) or not s.strip():
            self.fail("assumptions-no-source", path + (("source",) if "source" in v else ()),
                      value=".".join(str(p) for p in path))
            return ""
        return s.strip()

    def number(self, v: Any, path: tuple, most: float | None = None) -> Decimal | None:
        """The number as written (exact); rates become floats where they are used, shares of money stay exact."""
        if isinstance(v, bool) or not isinstance(v, (int, Decimal)):
            self.fail("wrong-type", path, expected="a number", found=type(v).__name__)
            return None
        x = Decimal(v)
        if x < 0 or (most is not None and x > most):
            self.fail("out-of-range", path, value=str(v),
                      detail=f"between 0 and {most:g}" if most is not None else "0 or more")
            return None
        return x

    def age(self, v: Any, path: tuple) -> int | None:
        if isinstance(v, bool) or not isinstance(v, int) or v < 0 or v > 120:
            self.fail("out-of-range", path, value=str(v), detail="a whole age from 0 to 120")
            return None
        return v

    def rate(self, v: Any, path: tuple, key: str, most: float | None) -> Declared | None:
        m = self.mapping(v, path, (key, "source"), (key,))
        if m is None:
            return None
        src = self.source(m, path)
        x = self.number(m[key], path + (key,), most) if key in m else None
        return Declared(float(x), src) if x is not None and src else None

    def benefit(self, k: Any, path: tuple) -> bool:
        if k not in self.benefits:
            self.fail("unknown-benefit", path, at_key=True, value=str(k),
                      hint=did_you_mean(str(k), self.benefits, (f"benefits: {', '.join(self.benefits)}",
                                                                f"สวัสดิการ: {', '.join(self.benefits)}")))
            return False
        return True


def check_assumptions(doc: Document, regulation: Regulation) -> Assumptions:
    c = _Checker(doc, regulation)
    out = Assumptions(file=doc.file)
    data = c.mapping(doc.data, (), TOP)
    if data is None:
        raise InputError(c.problems)
    if "joining" in data:
        out.joining = c.rate(data["joining"], ("joining",), "per_year", None)
    if "leaving" in data:
        out.leaving = c.rate(data["leaving"], ("leaving",), "per_year", 1.0)
    if "death" in data:
        out.death = _death(c, data["death"])
    for key in ("claims", "amounts"):
        if key not in data:
            continue
        m = c.mapping(data[key], (key,), tuple(c.benefits) + tuple(k for k in data[key] or {} if isinstance(k, str)))
        for b, v in (m or {}).items():
            if not c.benefit(b, (key, b)):
                continue
            if key == "claims":
                d = c.rate(v, (key, b), "per_year", None)
                if d is not None:
                    out.claims[b] = d
            else:
                d = _money(c, v, (key, b), "amount")
                if d is not None:
                    out.amounts[b] = d
    if "contributions" in data:
        out.contributions = _money(c, data["contributions"], ("contributions",), "per_member_year")
    if "matching" in data:
        m = c.mapping(data["matching"], ("matching",), ("government", "local_authority", "source"))
        if m is not None:
            src = c.source(m, ("matching",))
            shares = {k: c.number(m[k], ("matching", k), None) for k in ("government", "local_authority") if k in m}
            if src and all(v is not None for v in shares.values()):
                out.matching = Declared(shares, src)
    if c.problems:
        raise InputError(c.problems)
    return out


def _money(c: _Checker, v: Any, path: tuple, key: str) -> Declared | None:
    m = c.mapping(v, path, (key, "source"), (key,))
    if m is None:
        return None
    src = c.source(m, path)
    if key not in m:
        return None
    try:
        amount = parse_money(m[key])
    except MoneyError as e:
        c.fail(e.code, path + (key,), value=str(m[key]))
        return None
    return Declared(amount, src) if src else None


def _death(c: _Checker, v: Any) -> Declared | None:
    m = c.mapping(v, ("death",), ("by_age", "source"), ("by_age",))
    if m is None:
        return None
    src = c.source(m, ("death",))
    rows = m.get("by_age")
    if not isinstance(rows, list) or not rows:
        if "by_age" in m:
            c.fail("empty-list" if isinstance(rows, list) else "wrong-type", ("death", "by_age"),
                   expected="a list", found=type(rows).__name__)
        return None
    bands: list[tuple[int, int | None, float]] = []
    ok = True
    for i, r in enumerate(rows):
        p = ("death", "by_age", i)
        r = c.mapping(r, p, ("from", "to", "per_year"), ("from", "per_year"))
        if r is None:
            ok = False
            continue
        lo = c.age(r.get("from"), p + ("from",)) if "from" in r else None
        hi = c.age(r["to"], p + ("to",)) if "to" in r else None
        x = c.number(r.get("per_year"), p + ("per_year",), 1.0) if "per_year" in r else None
        if lo is None or x is None or ("to" in r and hi is None):
            ok = False
            continue
        if hi is not None and hi < lo:
            c.fail("range-order", p + ("to",), low="from", low_value=str(lo), high="to", high_value=str(hi))
            ok = False
            continue
        bands.append((lo, hi, float(x)))
    if not ok or not bands:
        return None
    expect = 0
    for i, (lo, hi, _) in enumerate(bands):
        left = "start" if i == 0 else f"{bands[i - 1][0]}-{bands[i - 1][1]}"
        right = f"{lo}-{'' if hi is None else hi}"
        if lo > expect:
            c.fail("band-gap", ("death", "by_age", i, "from"), left=left, right=right)
        elif lo < expect:
            c.fail("band-overlap", ("death", "by_age", i, "from"), left=left, right=right)
        if hi is None:
            if i != len(bands) - 1:
                c.fail("band-overlap", ("death", "by_age", i + 1, "from"), left=right,
                       right=f"{bands[i + 1][0]}-{'' if bands[i + 1][1] is None else bands[i + 1][1]}")
            break
        expect = hi + 1
    else:
        c.fail("band-gap", ("death", "by_age", len(bands) - 1), left=f"{bands[-1][0]}-{bands[-1][1]}",
               right="120")
    return Declared(bands, src) if src else None


__all__ = ["Assumptions", "Declared", "assumptions_from_text", "check_assumptions", "load_assumptions"]
