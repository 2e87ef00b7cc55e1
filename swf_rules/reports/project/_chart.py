"""The projection as a chart a committee reads (SVG, written by hand: no plotting library needed): the balance
year by year, the band where 90% of the simulated futures fall (5th to 95th percentile), the band of the middle
half (25th to 75th), the median, and the zero line; Thai labels (or English)."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from html import escape
from typing import Any

from ...core.svgnum import coord, tick_step
from .._common import baht, tr

W, H = Decimal(760), Decimal(440)
LEFT, RIGHT, TOP, BOTTOM = Decimal(100), Decimal(30), Decimal(80), Decimal(60)
FONT = "'TH Sarabun New', 'TH SarabunPSK', Sarabun, 'Noto Sans Thai', sans-serif"


def chart_svg(p: Any, lang: str = "th") -> str:
    start = p.start_balance
    points = [(0, {q: start for q in (5, 25, 50, 75, 95)})] + [(r.year, r.balance) for r in p.rows]
    lo = min([Decimal(0)] + [b[5] for _, b in points])
    hi = max([Decimal(0)] + [b[95] for _, b in points])
    step = tick_step(max(hi - lo, Decimal(1)), 6)
    lo = (lo / step).to_integral_value(rounding=ROUND_FLOOR) * step
    hi = (hi / step).to_integral_value(rounding=ROUND_CEILING) * step
    if hi == lo:
        hi = lo + step
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM
    n = max(p.years, 1)

    def x(year: int) -> Decimal:
        return LEFT + pw * year / n

    def y(v: Decimal) -> Decimal:
        return TOP + ph * (hi - v) / (hi - lo)

    def band(a: int, b: int) -> str:
        up = [f"{coord(x(t))},{coord(y(v[b]))}" for t, v in points]
        down = [f"{coord(x(t))},{coord(y(v[a]))}" for t, v in reversed(points)]
        return " ".join(up + down)

    name = p.name["th"] if lang == "th" else p.name["en"]
    title = tr(lang, f"ยอดเงินกองทุนที่คาดการณ์ {p.years} ปี ({name}, จำลอง {p.simulations:,} ครั้ง)",
               f"Projected balance over {p.years} years ({name}, {p.simulations:,} simulations)")
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{coord(W)}" height="{coord(H)}" '
           f'viewBox="0 0 {coord(W)} {coord(H)}" font-family="{FONT}" font-size="14">',
           f"<title>{escape(title)}</title>",
           f'<rect x="0" y="0" width="{coord(W)}" height="{coord(H)}" fill="#ffffff"/>',
           f'<text x="{coord(W / 2)}" y="26" text-anchor="middle" font-size="18">{escape(title)}</text>']
    legend = [("#c6dbef", tr(lang, "90% ของผลจำลอง (เปอร์เซ็นไทล์ 5-95)", "90% of the futures (5th-95th percentile)")),
              ("#6baed6", tr(lang, "ครึ่งกลาง (เปอร์เซ็นไทล์ 25-75)", "the middle half (25th-75th)")),
              ("#08306b", tr(lang, "ค่ากลาง (มัธยฐาน)", "median"))]
    lx = LEFT
    for colour, text in legend:
        out.append(f'<rect x="{coord(lx)}" y="42" width="14" height="14" fill="{colour}"/>')
        out.append(f'<text x="{coord(lx + 20)}" y="54">{escape(text)}</text>')
        lx += Decimal(215)
    v = lo
    while v <= hi:
        out.append(f'<line x1="{coord(LEFT)}" y1="{coord(y(v))}" x2="{coord(LEFT + pw)}" y2="{coord(y(v))}" stroke="#e5e5e5"/>')
        out.append(f'<text x="{coord(LEFT - 8)}" y="{coord(y(v) + 5)}" text-anchor="end">{baht(v)}</text>')
        v += step
    out.append(f'<polygon points="{band(5, 95)}" fill="#c6dbef"/>')
    out.append(f'<polygon points="{band(25, 75)}" fill="#6baed6"/>')
    med = " ".join(f"{coord(x(t))},{coord(y(v[50]))}" for t, v in points)
    out.append(f'<polyline points="{med}" fill="none" stroke="#08306b" stroke-width="2.5"/>')
    if lo < 0:
        out.append(f'<line x1="{coord(LEFT)}" y1="{coord(y(Decimal(0)))}" x2="{coord(LEFT + pw)}" y2="{coord(y(Decimal(0)))}" '
                   f'stroke="#cb181d" stroke-width="1.5" stroke-dasharray="6 4"/>')
        out.append(f'<text x="{coord(LEFT + pw - 4)}" y="{coord(y(Decimal(0)) - 6)}" text-anchor="end" fill="#cb181d">'
                   f'{escape(tr(lang, "เงินหมด", "out of money"))}</text>')
    out.append(f'<line x1="{coord(LEFT)}" y1="{coord(TOP)}" x2="{coord(LEFT)}" y2="{coord(TOP + ph)}" stroke="#333333"/>')
    out.append(f'<line x1="{coord(LEFT)}" y1="{coord(TOP + ph)}" x2="{coord(LEFT + pw)}" y2="{coord(TOP + ph)}" '
               f'stroke="#333333"/>')
    labels = [(0, str(p.rows[0].fiscal_year - 1) if p.rows else "")] + [(r.year, str(r.fiscal_year)) for r in p.rows]
    for t, text in labels:
        out.append(f'<text x="{coord(x(t))}" y="{coord(TOP + ph + 20)}" text-anchor="middle">{text}</text>')
    out.append(f'<text x="{coord(LEFT + pw / 2)}" y="{coord(H - 14)}" text-anchor="middle">'
               f'{escape(tr(lang, "ปีงบประมาณ (พ.ศ.)", "fiscal year (B.E.)"))}</text>')
    mid = TOP + ph / 2
    out.append(f'<text x="22" y="{coord(mid)}" text-anchor="middle" transform="rotate(-90 22 {coord(mid)})">'
               f'{escape(tr(lang, "บาท", "baht"))}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


__all__ = ["chart_svg"]
