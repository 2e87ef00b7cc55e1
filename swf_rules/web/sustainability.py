"""The sustainability view of a draft: the fund's money projected years ahead under the current regulation and
under the draft (``swf-rules impact --project``), and the chart that sets the two side by side.

Each side's projection is :func:`swf_rules.reports.project` run on the population's own experience, the claims'
amounts as that side decides them, both from the same starting balance (the contributions less what the current
side paid), exactly as the command line does it: the same inputs give the same ``projection-current.json`` and
``projection-draft.json`` bytes (a test holds them equal).  The chart is an SVG drawn here (Decimal coordinates,
no plotting library, no float): each side's band of 90% of the simulated futures and its median, the zero line.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from html import escape
from typing import Any

from ..committee import impact as I
from ..core.errors import InputError, make_problem
from ..core.svgnum import coord, tick_step
from ..reports import Projection, assumptions_from_text, project
from ..reports.project import Paid, experience_from_history
from ._charts import money

ASSUMPTIONS_FILE = "assumptions.yaml"
SIDES = ("current", "draft")
COLOURS = {"current": ("#1f6f8b", "#cfe3ea"), "draft": ("#c0580f", "#f6dcc8")}  # (median line, 90% band)


def project_sides(current: I.Side, draft: I.Side, population: I.Population, *, years: int = 10,
                  simulations: int = 1000, seed: int = 0, assumptions: str | None = None
                  ) -> tuple[Projection, Projection]:
    """Each side's projection (``impact --project``): the population's experience with that side's amounts."""
    days = [c.event_date for c in population.claims] + [x.date for m in population.members for x in m.contributions]
    if not days:
        raise InputError([make_problem("empty-list", file="request", path=("population",))])
    as_of = max(days)
    out: list[Projection] = []
    start = None
    for label, side in zip(SIDES, (current, draft)):
        outcomes = I.decide(side, population)
        paid = [Paid(c.member_id, c.benefit, c.event_date, outcomes[c.claim_id].amount, c.filed_on or c.event_date)
                for c in population.claims if outcomes[c.claim_id].eligible and outcomes[c.claim_id].amount > 0]
        ex = experience_from_history(side.regulation, population.members, paid, as_of, start_balance=start)
        start = Decimal(ex.start_balance) / 100
        declared = assumptions_from_text(assumptions, side.regulation, file=ASSUMPTIONS_FILE) \
            if assumptions is not None else None
        name = side.regulation.fund.name
        out.append(project(ex, years=years, simulations=simulations, seed=seed, assumptions=declared,
                           name={"th": name.th, "en": name.en}, label=label))
    return out[0], out[1]


@dataclass(frozen=True)
class SideFigures:
    """What the page says about one side."""

    label: str
    chance: str  # of the balance going below zero within the horizon, "12.3%"
    negative: int
    exhausted: int | None  # fiscal year (B.E.), None: not within the horizon
    deficit: int | None  # fiscal year payouts first exceed income
    end_median: Decimal  # the median balance at the end of the horizon


def figures(p: Projection) -> SideFigures:
    chance = f"{(Decimal(p.negative) * 100 / p.simulations).quantize(Decimal('0.1'))}%"
    end = p.rows[-1].balance[50] if p.rows else p.start_balance
    return SideFigures(p.label, chance, p.negative, p.fiscal_year_of(p.exhausted_year),
                       p.fiscal_year_of(p.deficit_year), end)


# ------------------------------------------------------------------------------------------ the chart
W, H = Decimal(760), Decimal(400)
LEFT, RIGHT, TOP, BOTTOM = Decimal(100), Decimal(24), Decimal(78), Decimal(56)


def comparison_svg(current: Projection, draft: Projection, lang: str = "th") -> str:
    """Both sides' projected balance on one chart: each side's 5th-95th percentile band and its median."""
    th = lang == "th"
    sides: list[tuple[str, Projection]] = [("current", current), ("draft", draft)]
    paths = {k: [(0, current.start_balance, current.start_balance, current.start_balance)]
             + [(r.year, r.balance[5], r.balance[50], r.balance[95]) for r in p.rows] for k, p in sides}
    lo = min([Decimal(0)] + [v[1] for pts in paths.values() for v in pts])
    hi = max([Decimal(0)] + [v[3] for pts in paths.values() for v in pts])
    step = tick_step(max(hi - lo, Decimal(1)), 6)
    lo = (lo / step).to_integral_value(rounding=ROUND_FLOOR) * step
    hi = (hi / step).to_integral_value(rounding=ROUND_CEILING) * step
    if hi == lo:
        hi = lo + step
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM
    n = max(current.years, 1)

    def x(year: int) -> Decimal:
        return LEFT + pw * year / n

    def y(v: Decimal) -> Decimal:
        return TOP + ph * (hi - v) / (hi - lo)

    title = (f"ยอดเงินกองทุนที่คาดการณ์ {current.years} ปี: ระเบียบเดิมเทียบกับร่าง" if th else
             f"Projected balance over {current.years} years: the current regulation and the draft")
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{coord(W)}" height="{coord(H)}" viewBox="0 0 {coord(W)} {coord(H)}"'
           f' font-size="14" role="img" aria-label="{escape(title)}" id="sustainability-chart">',
           f"<title>{escape(title)}</title>",
           f'<rect x="0" y="0" width="{coord(W)}" height="{coord(H)}" fill="#ffffff"/>',
           f'<text x="{coord(W / 2)}" y="26" text-anchor="middle" font-size="17">{escape(title)}</text>']
    names = {"current": "ระเบียบเดิม" if th else "current regulation", "draft": "ร่าง" if th else "draft"}
    band = "ช่วง 90% ของผลจำลอง" if th else "90% of the futures"
    median = "ค่ากลาง" if th else "median"
    lx = LEFT
    for key, _ in sides:
        line, fill = COLOURS[key]
        out.append(f'<rect x="{coord(lx)}" y="42" width="14" height="14" fill="{fill}" stroke="{line}"/>')
        out.append(f'<text x="{coord(lx + 20)}" y="54">{escape(names[key])}: {escape(band)}, '
                   f'{escape(median)}</text>')
        lx += Decimal(320)
    v = lo
    while v <= hi:
        out.append(f'<line x1="{coord(LEFT)}" y1="{coord(y(v))}" x2="{coord(LEFT + pw)}" y2="{coord(y(v))}" stroke="#e5e5e5"/>')
        out.append(f'<text x="{coord(LEFT - 8)}" y="{coord(y(v) + 5)}" text-anchor="end">{money(v)}</text>')
        v += step
    for key, _ in sides:
        line, fill = COLOURS[key]
        pts = paths[key]
        up = [f"{coord(x(t))},{coord(y(top))}" for t, _, _, top in pts]
        down = [f"{coord(x(t))},{coord(y(bottom))}" for t, bottom, _, _ in reversed(pts)]
        out.append(f'<polygon points="{" ".join(up + down)}" fill="{fill}" fill-opacity="0.7" class="band-{key}"/>')
    for key, _ in sides:
        line, _ = COLOURS[key]
        med = " ".join(f"{coord(x(t))},{coord(y(m))}" for t, _, m, _ in paths[key])
        dash = ' stroke-dasharray="7 4"' if key == "draft" else ""
        out.append(f'<polyline points="{med}" fill="none" stroke="{line}" stroke-width="2.5"{dash} '
                   f'class="median-{key}"/>')
    if lo < 0:
        zero = coord(y(Decimal(0)))
        out.append(f'<line x1="{coord(LEFT)}" y1="{zero}" x2="{coord(LEFT + pw)}" y2="{zero}" stroke="#b3261e" '
                   f'stroke-width="1.5" stroke-dasharray="3 3"/>')
        out.append(f'<text x="{coord(LEFT + pw - 4)}" y="{coord(y(Decimal(0)) - 6)}" text-anchor="end" fill="#b3261e">'
                   f'{escape("เงินหมด" if th else "out of money")}</text>')
    out.append(f'<line x1="{coord(LEFT)}" y1="{coord(TOP)}" x2="{coord(LEFT)}" y2="{coord(TOP + ph)}" stroke="#333333"/>')
    out.append(f'<line x1="{coord(LEFT)}" y1="{coord(TOP + ph)}" x2="{coord(LEFT + pw)}" y2="{coord(TOP + ph)}" '
               f'stroke="#333333"/>')
    first = current.rows[0].fiscal_year - 1 if current.rows else 0
    for t in range(0, n + 1):
        out.append(f'<text x="{coord(x(t))}" y="{coord(TOP + ph + 20)}" text-anchor="middle">{first + t}</text>')
    out.append(f'<text x="{coord(LEFT + pw / 2)}" y="{coord(H - 12)}" text-anchor="middle">'
               f'{escape("ปีงบประมาณ (พ.ศ.)" if th else "fiscal year (B.E.)")}</text>')
    mid = TOP + ph / 2
    out.append(f'<text x="22" y="{coord(mid)}" text-anchor="middle" transform="rotate(-90 22 {coord(mid)})">'
               f'{escape("บาท" if th else "baht")}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def view(current: Projection, draft: Projection, lang: str) -> dict[str, Any]:
    """What ``_sustainability.html`` shows."""
    return {"current": figures(current), "draft": figures(draft), "years": current.years,
            "simulations": current.simulations, "seed": current.seed, "start": current.start_balance,
            "chart": comparison_svg(current, draft, lang)}


__all__ = ["ASSUMPTIONS_FILE", "SideFigures", "comparison_svg", "figures", "project_sides", "view"]
