"""The status page's chart, drawn here as SVG (Decimal coordinates, no plotting library): for each fiscal year the
money that came in and went out as two bars, and the balance at the year's end as a line."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from html import escape

from ..core.svgnum import coord, tick_step
from ..core.thaitext import group_digits
from ..reports import FundStatus

W, H = Decimal(760), Decimal(330)
LEFT, RIGHT, TOP, BOTTOM = Decimal(96), Decimal(20), Decimal(70), Decimal(48)
IN, OUT, BALANCE = "#3f8f5a", "#c0580f", "#1f6f8b"


def money(v: Decimal) -> str:
    """An axis label in baht: thousands separators, a minus sign below zero."""
    return "-" + group_digits(-v) if v < 0 else group_digits(v)


def money_svg(s: FundStatus, lang: str = "th") -> str:
    """Money in and out per fiscal year (bars) and the closing balance (line)."""
    th = lang == "th"
    years = [w for w in s.windows if w.label not in ("period", "cumulative")]
    values = [Decimal(0)] + [v for w in years for v in (w.money.total_in, w.money.total_out, w.closing)]
    lo, hi = min(values), max(values)
    step = tick_step(max(hi - lo, Decimal(1)), 5)
    lo = (lo / step).to_integral_value(rounding=ROUND_FLOOR) * step
    hi = (hi / step).to_integral_value(rounding=ROUND_CEILING) * step
    if hi == lo:
        hi = lo + step
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM
    n = max(len(years), 1)
    slot = pw / n
    bar = min(slot * Decimal("0.3"), Decimal(40))

    def y(v: Decimal) -> Decimal:
        return TOP + ph * (hi - v) / (hi - lo)

    title = "เงินเข้า เงินออก และยอดคงเหลือ รายปีงบประมาณ" if th else "Money in, money out and the balance, per fiscal year"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{coord(W)}" height="{coord(H)}" viewBox="0 0 {coord(W)} {coord(H)}"'
           f' font-size="14" role="img" aria-label="{escape(title)}" id="money-chart">',
           f"<title>{escape(title)}</title>",
           f'<rect x="0" y="0" width="{coord(W)}" height="{coord(H)}" fill="#ffffff"/>',
           f'<text x="{coord(W / 2)}" y="24" text-anchor="middle" font-size="17">{escape(title)}</text>']
    legend = [(IN, "รับ" if th else "in"), (OUT, "จ่าย" if th else "out"),
              (BALANCE, "ยอดคงเหลือปลายปี" if th else "balance at the year's end")]
    lx = LEFT
    for colour, text in legend:
        out.append(f'<rect x="{coord(lx)}" y="38" width="14" height="14" fill="{colour}"/>')
        out.append(f'<text x="{coord(lx + 20)}" y="50">{escape(text)}</text>')
        lx += Decimal(150)
    v = lo
    while v <= hi:
        out.append(f'<line x1="{coord(LEFT)}" y1="{coord(y(v))}" x2="{coord(LEFT + pw)}" y2="{coord(y(v))}" stroke="#e5e5e5"/>')
        out.append(f'<text x="{coord(LEFT - 8)}" y="{coord(y(v) + 5)}" text-anchor="end">{money(v)}</text>')
        v += step
    zero = y(Decimal(0))
    points = []
    for i, w in enumerate(years):
        mid = LEFT + slot * i + slot / 2
        for dx, value, colour, cls in ((-bar, w.money.total_in, IN, "in"), (Decimal(0), w.money.total_out, OUT, "out")):
            top, bottom = (y(value), zero) if value >= 0 else (zero, y(value))
            out.append(f'<rect x="{coord(mid + dx)}" y="{coord(top)}" width="{coord(bar)}" height="{coord(bottom - top)}" '
                       f'fill="{colour}" class="bar-{cls}"><title>{escape(w.label)}: {money(value)}</title></rect>')
        points.append(f"{coord(mid)},{coord(y(w.closing))}")
        out.append(f'<text x="{coord(mid)}" y="{coord(TOP + ph + 20)}" text-anchor="middle">{escape(w.label)}</text>')
    out.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{BALANCE}" stroke-width="2.5"/>')
    for p in points:
        px, py = p.split(",")
        out.append(f'<circle cx="{px}" cy="{py}" r="3.5" fill="{BALANCE}"/>')
    out.append(f'<line x1="{coord(LEFT)}" y1="{coord(zero)}" x2="{coord(LEFT + pw)}" y2="{coord(zero)}" stroke="#333333"/>')
    out.append(f'<text x="{coord(LEFT + pw / 2)}" y="{coord(H - 8)}" text-anchor="middle">'
               f'{escape("ปีงบประมาณ (พ.ศ.)" if th else "fiscal year (B.E.)")}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


__all__ = ["money_svg"]
