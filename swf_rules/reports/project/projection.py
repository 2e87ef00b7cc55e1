"""The projection (``swf-rules project``): a fund's money years ahead, from many seeded simulations.

:func:`project` runs the simulations of :mod:`._simulate` on an :class:`~._experience.Experience` (the fund's own
rates, with any declared :class:`~._assumptions.Assumptions` in their place) and reports, per year ahead: the
balance's percentile bands (5, 25, 50, 75, 95: the spread of the futures simulated), its mean and the 95% band of
that mean's Monte Carlo error (which narrows as the number of simulations grows: 1.96 standard deviations over the
square root of the number of simulations), the members, the money in and out; then the probability that the
balance goes below zero within the horizon, the year payouts first exceed income, the year of exhaustion (the
median over the simulations; "none" when most simulations do not run out), and what each benefit contributes.

Percentiles are order statistics (nearest rank) of integer satang; means and bands are Decimal: no float touches
money.  The same experience, assumptions, years, simulations and seed give the same bytes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

from ...core.dates import add_years, fiscal_year
from .._common import money
from ._assumptions import Assumptions
from ._experience import BANDS, Experience, Rate, band_of, satang
from ._simulate import simulate

PERCENTILES = (5, 25, 50, 75, 95)
Z95 = Decimal("1.96")


def baht_of(s: int) -> Decimal:
    return Decimal(int(s)) / 100


@dataclass
class YearRow:
    year: int  # 1..N
    fiscal_year: int  # B.E., of the day the year ends
    members: int  # median
    income: Decimal  # means
    welfare: Decimal
    expenses: Decimal
    balance: dict[int, Decimal]  # percentile -> baht
    mean: Decimal
    error: Decimal  # half-width of the 95% band of the mean
    below_zero: int  # simulations whose balance is below zero at the year's end

    def to_dict(self) -> dict[str, Any]:
        return {"year": self.year, "fiscal_year": self.fiscal_year, "members_median": self.members,
                "income_mean": money(self.income), "welfare_mean": money(self.welfare),
                "expenses_mean": money(self.expenses),
                "balance": {f"p{p}": money(v) for p, v in self.balance.items()}, "balance_mean": money(self.mean),
                "mean_error_95": money(self.error), "simulations_below_zero": self.below_zero}


@dataclass
class Projection:
    """The result of :func:`project`; ``to_dict``, ``csv_rows``, ``render`` and ``svg`` print it."""

    fund: str
    name: dict[str, str]
    as_of: date
    years: int
    simulations: int
    seed: int
    start_balance: Decimal
    rows: list[YearRow]
    negative: int  # simulations whose balance goes below zero within the horizon
    deficit: int  # simulations in which payouts exceed income in some year
    deficit_year: int | None  # median first year (1..N) payouts exceed income; None: in most, never
    exhausted_year: int | None  # median first year the balance is below zero; None: in most, never
    benefits: list[tuple[str, dict[str, str], Decimal]]  # (benefit, title, mean paid over the horizon)
    experience: Experience
    assumptions: str | None = None
    label: str = ""  # e.g. "current" / "draft" (impact)

    @property
    def p_negative(self) -> Fraction:
        return Fraction(self.negative, self.simulations)

    def fiscal_year_of(self, year: int | None) -> int | None:
        return None if year is None else fiscal_year(add_years(self.as_of, year))

    def to_dict(self) -> dict[str, Any]:
        total = sum((v for _, _, v in self.benefits), Decimal(0))
        return {
            "fund": self.fund, "name": dict(self.name), "as_of": self.as_of.isoformat(), "years": self.years,
            "simulations": self.simulations, "seed": self.seed, "label": self.label,
            "start_balance": money(self.start_balance), "rows": [r.to_dict() for r in self.rows],
            "below_zero_within_horizon": {"simulations": self.negative,
                                          "probability": str(Decimal(self.negative) / self.simulations)},
            "payouts_exceed_income": {"simulations": self.deficit, "median_year": self.deficit_year,
                                      "fiscal_year": self.fiscal_year_of(self.deficit_year)},
            "exhaustion": {"median_year": self.exhausted_year, "fiscal_year": self.fiscal_year_of(self.exhausted_year)},
            "benefits": [{"benefit": b, "title": t, "mean_paid": money(v),
                          "share": str((v / total).quantize(Decimal("0.0001"))) if total else None}
                         for b, t, v in self.benefits],
            "experience": self.experience.to_dict(), "assumptions": self.assumptions,
            "floats": "rates and probabilities are floats; every amount of money is integer satang or Decimal"}

    def csv_rows(self) -> list[list[Any]]:
        head = ["year", "fiscal_year", "members_median", "income_mean", "welfare_mean", "expenses_mean"] + \
            [f"balance_p{p}" for p in PERCENTILES] + ["balance_mean", "mean_error_95", "simulations_below_zero"]
        out: list[list[Any]] = [head]
        for r in self.rows:
            d = r.to_dict()
            out.append([r.year, r.fiscal_year, r.members, d["income_mean"], d["welfare_mean"], d["expenses_mean"]]
                       + [d["balance"][f"p{p}"] for p in PERCENTILES]
                       + [d["balance_mean"], d["mean_error_95"], r.below_zero])
        return out

    def render(self, lang: str = "en") -> str:
        from ._text import render_projection
        return render_projection(self, lang)

    def svg(self, lang: str = "th") -> str:
        from ._chart import chart_svg
        return chart_svg(self, lang)


def apply_assumptions(ex: Experience, a: Assumptions | None) -> Experience:
    """The experience with the declared assumptions in place of the estimates."""
    if a is None:
        return ex
    ex = dataclasses.replace(ex, sources=dict(ex.sources), claims=dict(ex.claims), amounts=dict(ex.amounts))
    if a.joining is not None:
        ex.joining = Rate(a.joining.value, source=a.joining.source)
        ex.sources["joining"] = a.joining.source
    if a.leaving is not None:
        ex.leaving = Rate(a.leaving.value, source=a.leaving.source)
        ex.sources["leaving"] = a.leaving.source
    if a.death is not None:
        rates = []
        for lo, hi in BANDS:
            mid = lo if hi is None else (lo + hi) // 2
            rates.append(Rate(next(x for f, t, x in a.death.value if f <= mid and (t is None or mid <= t)),
                              source=a.death.source))
        ex.death = rates
        ex.sources["death"] = a.death.source
    for b, d in a.claims.items():
        ex.claims[b] = [Rate(d.value, source=d.source) for _ in BANDS]
        ex.sources[f"claims.{b}"] = d.source
    for b, d in a.amounts.items():
        ex.amounts[b] = [satang(d.value)]
        ex.sources[f"amounts.{b}"] = d.source
    if a.contributions is not None:
        ex.contribution_per_member_year = satang(a.contributions.value)
        ex.sources["contributions"] = a.contributions.source
    if a.matching is not None:
        shares = a.matching.value
        if "government" in shares:
            ex.government_share = Fraction(shares["government"])  # exact: the share as written
        if "local_authority" in shares:
            ex.local_share = Fraction(shares["local_authority"])
        ex.sources["matching"] = a.matching.source
    return ex


def project(ex: Experience, *, years: int = 10, simulations: int = 1000, seed: int = 0,
            assumptions: Assumptions | None = None, name: dict[str, str] | None = None, label: str = "") -> Projection:
    """``simulations`` futures of ``years`` years from the experience (see the module's description)."""
    ex = apply_assumptions(ex, assumptions)
    runs = simulate(ex, years, simulations, seed)
    S = simulations
    rows = []
    for y in range(1, years + 1):
        col = sorted(int(v) for v in runs.balance[:, y])
        pct = {p: baht_of(col[max((p * S + 99) // 100 - 1, 0)]) for p in PERCENTILES}
        total = sum(col)
        with localcontext() as c:
            c.prec = 40
            mean = Decimal(total) / S
            var = (Decimal(sum(v * v for v in col)) - Decimal(total) * Decimal(total) / S) / (S - 1) if S > 1 else 0
            err = Z95 * Decimal(max(var, 0)).sqrt() / Decimal(S).sqrt()
        members = sorted(int(v) for v in runs.members[:, y])[(S - 1) // 2]
        rows.append(YearRow(y, fiscal_year(add_years(ex.as_of, y)), members,
                            _mean(runs.income[:, y - 1], S), _mean(runs.welfare[:, y - 1], S),
                            _mean(runs.expenses[:, y - 1], S), pct, (mean / 100).quantize(Decimal("0.01")),
                            (err / 100).quantize(Decimal("0.01")), sum(1 for v in col if v < 0)))
    firsts_deficit = [_first(runs.welfare[s] > runs.income[s], years) for s in range(S)]
    firsts_negative = [_first(runs.balance[s, 1:] < 0, years) for s in range(S)]
    benefits = []
    for b in sorted(runs.by_benefit):
        paid = sum(int(v) for v in runs.by_benefit[b].sum(axis=1))
        benefits.append((b, ex.titles.get(b, {"th": b, "en": b}), (Decimal(paid) / S / 100).quantize(Decimal("0.01"))))
    return Projection(
        fund=ex.fund, name=name or {"th": ex.fund, "en": ex.fund}, as_of=ex.as_of, years=years, simulations=S,
        seed=seed, start_balance=baht_of(ex.start_balance), rows=rows,
        negative=sum(1 for f in firsts_negative if f is not None),
        deficit=sum(1 for f in firsts_deficit if f is not None), deficit_year=_median_year(firsts_deficit, years),
        exhausted_year=_median_year(firsts_negative, years), benefits=benefits, experience=ex,
        assumptions=assumptions.file if assumptions is not None else None, label=label)


def _mean(col: Any, S: int) -> Decimal:
    return (Decimal(sum(int(v) for v in col)) / S / 100).quantize(Decimal("0.01"))


def _first(flags: Any, years: int) -> int | None:
    for i in range(years):
        if bool(flags[i]):
            return i + 1
    return None


def _median_year(firsts: list[int | None], years: int) -> int | None:
    """The median first year over the simulations ("never" counted as after the horizon); None when it is."""
    ordered = sorted(years + 1 if f is None else f for f in firsts)
    m = ordered[(len(ordered) - 1) // 2]
    return None if m > years else m


__all__ = ["PERCENTILES", "Projection", "YearRow", "apply_assumptions", "project", "band_of"]
