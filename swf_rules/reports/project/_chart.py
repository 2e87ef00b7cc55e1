"""The projection as a chart a committee reads (SVG, written by hand: no plotting library needed): the balance
year by year, the band where 90% of the simulated futures fall (5th to 95th percentile), the band of the middle
half (25th to 75th), the median, and the zero line; Thai labels (or English)."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from html import escape
from typing import Any

from .._common import baht, tr

W, H = Decimal(760), Decimal(440)
LEFT, RIGHT, TOP, BOTTOM = Decimal(100), Decimal(30), Decimal(80), Decimal(60)
FONT = "'TH Sarabun New', 'TH SarabunPSK', Sarabun, 'Noto Sans Thai', sans-serif"


def _c(x: Decimal) -> str:
    """An SVG coordinate with one decimal, no exponent."""
    text = f"{x.quantize(Decimal('0.1')):f}"
    return text[:-2] if text.endswith(".0") else text


def _step(span: Decimal) -> Decimal:
    """A round tick step (1, 2 or 5 x 10^k) giving at most 6 steps over ``span``."""
    step = Decimal(1)
    while True:
        for m in (1, 2, 5):
            if span / (step * m) <= 6:
                return step * m
        step *= 10


def chart_svg(p: Any, lang: str = "th") -> str:
    start = p.start_balance
    points = [(0, {q: start for q in (5, 25, 50, 75, 95)})] + [(r.year, r.balance) for r in p.rows]
    lo = min([Decimal(0)] + [b[5] for _, b in points])
    hi = max([Decimal(0)] + [b[95] for _, b in points])
    step = _step(max(hi - lo, Decimal(1)))
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
        up = [f"{_c(x(t))},{_c(y(v[b]))}" for t, v in points]
        down = [f"{_c(x(t))},{_c(y(v[a]))}" for t, v in reversed(points)]
        return " ".join(up + down)

    name = p.name["th"] if lang == "th" else p.name["en"]
    title = tr(lang, f"ยอดเงินกองทุนที่คาดการณ์ {p.years} ปี ({name}, จำลอง {p.simulations:,} ครั้ง)",
               f"Projected balance over {p.years} years ({name}, {p.simulations:,} simulations)")
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{_c(W)}" height="{_c(H)}" '
           f'viewBox="0 0 {_c(W)} {_c(H)}" font-family="{FONT}" font-size="14">',
           f"<title>{escape(title)}</title>",
           f'<rect x="0" y="0" width="{_c(W)}" height="{_c(H)}" fill="#ffffff"/>',
           f'<text x="{_c(W / 2)}" y="26" text-anchor="middle" font-size="18">{escape(title)}</text>']
    legend = [("#c6dbef", tr(lang, "90% ของผลจำลอง (เปอร์เซ็นไทล์ 5-95)", "90% of the futures (5th-95th percentile)")),
              ("#6baed6", tr(lang, "ครึ่งกลาง (เปอร์เซ็นไทล์ 25-75)", "the middle half (25th-75th)")),
              ("#08306b", tr(lang, "ค่ากลาง (มัธยฐาน)", "median"))]
    lx = LEFT
    for colour, text in legend:
        out.append(f'<rect x="{_c(lx)}" y="42" width="14" height="14" fill="{colour}"/>')
        out.append(f'<text x="{_c(lx + 20)}" y="54">{escape(text)}</text>')
        lx += Decimal(215)
    v = lo
    while v <= hi:
        out.append(f'<line x1="{_c(LEFT)}" y1="{_c(y(v))}" x2="{_c(LEFT + pw)}" y2="{_c(y(v))}" stroke="#e5e5e5"/>')
        out.append(f'<text x="{_c(LEFT - 8)}" y="{_c(y(v) + 5)}" text-anchor="end">{baht(v)}</text>')
        v += step
    out.append(f'<polygon points="{band(5, 95)}" fill="#c6dbef"/>')
    out.append(f'<polygon points="{band(25, 75)}" fill="#6baed6"/>')
    med = " ".join(f"{_c(x(t))},{_c(y(v[50]))}" for t, v in points)
    out.append(f'<polyline points="{med}" fill="none" stroke="#08306b" stroke-width="2.5"/>')
    if lo < 0:
        out.append(f'<line x1="{_c(LEFT)}" y1="{_c(y(Decimal(0)))}" x2="{_c(LEFT + pw)}" y2="{_c(y(Decimal(0)))}" '
                   f'stroke="#cb181d" stroke-width="1.5" stroke-dasharray="6 4"/>')
        out.append(f'<text x="{_c(LEFT + pw - 4)}" y="{_c(y(Decimal(0)) - 6)}" text-anchor="end" fill="#cb181d">'
                   f'{escape(tr(lang, "เงินหมด", "out of money"))}</text>')
    out.append(f'<line x1="{_c(LEFT)}" y1="{_c(TOP)}" x2="{_c(LEFT)}" y2="{_c(TOP + ph)}" stroke="#333333"/>')
    out.append(f'<line x1="{_c(LEFT)}" y1="{_c(TOP + ph)}" x2="{_c(LEFT + pw)}" y2="{_c(TOP + ph)}" '
               f'stroke="#333333"/>')
    labels = [(0, str(p.rows[0].fiscal_year - 1) if p.rows else "")] + [(r.year, str(r.fiscal_year)) for r in p.rows]
    for t, text in labels:
        out.append(f'<text x="{_c(x(t))}" y="{_c(TOP + ph + 20)}" text-anchor="middle">{text}</text>')
    out.append(f'<text x="{_c(LEFT + pw / 2)}" y="{_c(H - 14)}" text-anchor="middle">'
               f'{escape(tr(lang, "ปีงบประมาณ (พ.ศ.)", "fiscal year (B.E.)"))}</text>')
    mid = TOP + ph / 2
    out.append(f'<text x="22" y="{_c(mid)}" text-anchor="middle" transform="rotate(-90 22 {_c(mid)})">'
               f'{escape(tr(lang, "บาท", "baht"))}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


__all__ = ["chart_svg"]
