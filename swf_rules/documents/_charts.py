"""The annual report's charts: money in and out by fiscal year, welfare paid by benefit, and the projected balance
with its bands.

Shapes are SVG (written by hand); every word and number is HTML laid over them.  WeasyPrint sets SVG text one
character at a time, which tears Thai apart (a vowel or tone mark alone over a dotted circle), while HTML text is
shaped whole -- and is copied out of the PDF as the words it shows."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any, Sequence

from ..core.svgnum import coord, tick_step
from ..core.thaiwords import Words
from ._page import esc

_IN, _OUT, _BAR = "#4a7ab5", "#c8553d", "#5b8c5a"
_WIDE, _MID, _LINE = "#c6d9ee", "#8fb3dc", "#1f4e8c"
CSS = """.chart { position: relative; margin: 0.4em auto; }
.chart svg { position: absolute; left: 0; top: 0; }
.chart .l { position: absolute; font-size: 0.8rem; line-height: 1; white-space: nowrap; }
.chart .r { text-align: right; }
.chart .c { text-align: center; }
.legend { font-size: 0.8rem; text-align: center; }
.legend span.k { display: inline-block; width: 0.9em; height: 0.9em; margin: 0 0.3em 0 1em; }
"""


def _nice(lo: Decimal, hi: Decimal, steps: int = 5) -> tuple[Decimal, Decimal, Decimal]:
    """Round axis bounds around ``lo``..``hi`` and a tick step (1, 2 or 5 x 10^k, at most ``steps`` steps)."""
    s = tick_step(max(hi - lo, Decimal(1)), steps)
    return ((lo / s).to_integral_value(rounding=ROUND_FLOOR) * s,
            (hi / s).to_integral_value(rounding=ROUND_CEILING) * s, s)


def _label(x: Decimal | int, y: Decimal | int, text: str, anchor: str = "l", width: int = 120) -> str:
    """A label at (x, y) (its middle line at y): ``l`` starts at x, ``r`` ends at x, ``c`` is centred on x."""
    top = Decimal(y) - 7
    if anchor == "r":
        return f'<div class="l r" style="left:{coord(Decimal(x) - width)}px;top:{coord(top)}px;width:{width}px">{esc(text)}</div>'
    if anchor == "c":
        return (f'<div class="l c" style="left:{coord(Decimal(x) - Decimal(width) / 2)}px;top:{coord(top)}px;width:{width}px">'
                f'{esc(text)}</div>')
    return f'<div class="l" style="left:{coord(x)}px;top:{coord(top)}px">{esc(text)}</div>'


def _box(width: int, height: int, shapes: list[str], labels: list[str]) -> str:
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}">' + "".join(shapes) + "</svg>")
    return f'<div class="chart" style="width:{width}px;height:{height}px">{svg}{"".join(labels)}</div>'


def _legend(items: Sequence[tuple[str, str]]) -> str:
    return '<p class="legend">' + "".join(f'<span class="k" style="background:{c}"></span>{esc(t)}'
                                          for c, t in items) + "</p>"


def _y_axis(lo: Decimal, hi: Decimal, step: Decimal, y: Any, left: int, right: int, words: Words
            ) -> tuple[list[str], list[str]]:
    shapes, labels = [], []
    tick = lo
    while tick <= hi:
        yy = y(tick)
        shapes.append(f'<line x1="{left}" x2="{right}" y1="{coord(yy)}" y2="{coord(yy)}" stroke="#ccc"/>')
        labels.append(_label(left - 6, yy, words.n(tick), "r", 90))
        tick += step
    return shapes, labels


def money_by_year(years: Sequence[tuple[str, Decimal, Decimal]], words: Words) -> str:
    """Grouped bars: money in and money out (welfare and expenses) of each fiscal year ``(label, in, out)``."""
    width, height, left, right, top, bottom = 600, 250, 90, 590, 10, 30
    lo, hi, step = _nice(Decimal(0), max([x for _, a, b in years for x in (a, b)] or [Decimal(1)]))

    def y(v: Decimal) -> Decimal:
        return top + (height - top - bottom) * (hi - v) / (hi - lo)

    shapes, labels = _y_axis(lo, hi, step, y, left, right, words)
    slot = Decimal(right - left) / max(len(years), 1)
    bar = min(slot * Decimal("0.3"), Decimal(40))
    for i, (label, a, b) in enumerate(years):
        x0 = left + slot * i + slot / 2
        for value, colour, dx in ((a, _IN, -bar - 2), (b, _OUT, Decimal(2))):
            shapes.append(f'<rect x="{coord(x0 + dx)}" y="{coord(y(value))}" width="{coord(bar)}" '
                          f'height="{coord(y(Decimal(0)) - y(value))}" fill="{colour}"/>')
        labels.append(_label(x0, height - bottom + 14, "ปีงบ " + words.year(label), "c"))
    return _legend([(_IN, "เงินรับ"), (_OUT, "เงินจ่าย (สวัสดิการและค่าใช้จ่าย)")]) + _box(width, height, shapes, labels)


def welfare_by_benefit(rows: Sequence[tuple[str, int, Decimal]], words: Words) -> str:
    """Horizontal bars: welfare paid in the year by benefit ``(title, payouts, baht)``."""
    width, left, row_h = 600, 200, 26
    height = row_h * max(len(rows), 1) + 6
    _, hi, _ = _nice(Decimal(0), max([v for _, _, v in rows] or [Decimal(1)]))
    span = Decimal(width - left - 170)
    shapes, labels = [], []
    for i, (title, n, value) in enumerate(rows):
        mid = 3 + row_h * i + row_h / 2
        w = span * value / hi
        shapes.append(f'<rect x="{left}" y="{coord(mid - 8)}" width="{coord(w)}" height="16" fill="{_BAR}"/>')
        labels.append(_label(left - 8, mid, title, "r", left - 10))
        labels.append(_label(left + w + 6, mid, f"{words.n(value)} บาท ({words.n(n)} ราย)"))
    return _box(width, height, shapes, labels)


def projection(p: Any, words: Words) -> str:
    """The projected balance: the band where 90% of the simulated futures fall (5th to 95th percentile), the middle
    half (25th to 75th), the median, and the zero line."""
    width, height, left, right, top, bottom = 600, 300, 100, 580, 10, 30
    start = p.start_balance
    points = [(0, {q: start for q in (5, 25, 50, 75, 95)})] + [(r.year, r.balance) for r in p.rows]
    lo, hi, step = _nice(min([Decimal(0)] + [b[5] for _, b in points]), max([Decimal(1)] + [b[95] for _, b in points]))
    n = max(p.years, 1)

    def x(year: int) -> Decimal:
        return left + Decimal(right - left) * year / n

    def y(v: Decimal) -> Decimal:
        return top + (height - top - bottom) * (hi - v) / (hi - lo)

    def band(a: int, b: int) -> str:
        up = [f"{coord(x(t))},{coord(y(v[b]))}" for t, v in points]
        down = [f"{coord(x(t))},{coord(y(v[a]))}" for t, v in reversed(points)]
        return " ".join(up + down)

    shapes, labels = _y_axis(lo, hi, step, y, left, right, words)
    shapes.append(f'<polygon points="{band(5, 95)}" fill="{_WIDE}"/>')
    shapes.append(f'<polygon points="{band(25, 75)}" fill="{_MID}"/>')
    shapes.append(f'<polyline points="{" ".join(f"{coord(x(t))},{coord(y(v[50]))}" for t, v in points)}" fill="none" '
                  f'stroke="{_LINE}" stroke-width="2"/>')
    shapes.append(f'<line x1="{left}" x2="{right}" y1="{coord(y(Decimal(0)))}" y2="{coord(y(Decimal(0)))}" stroke="#000"/>')
    every = max(1, (n + 9) // 10)
    for year in range(0, n + 1, every):
        labels.append(_label(x(year), height - bottom + 14, words.year(p.fiscal_year_of(year)), "c", 60))
    return _legend([(_WIDE, "ร้อยละ 90 ของอนาคตจำลอง"), (_MID, "ร้อยละ 50"), (_LINE, "ค่ากลาง")]) + \
        _box(width, height, shapes, labels)


__all__ = ["CSS", "money_by_year", "projection", "welfare_by_benefit"]
