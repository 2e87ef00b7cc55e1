"""Table bands written as intervals: ``"[0, 1)"``, ``"[1, 3)"``, ``"[10, )"`` (open top).

``[`` and ``]`` include the bound, ``(`` and ``)`` exclude it; an empty upper bound (or ``∞``) is an open top.
Every band states both bounds, so a printed table that is ambiguous at a boundary ("over 20 to 25 years" /
"25 years and up") has to be resolved by the committee when it is written down, and validation then catches
gaps and overlaps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .dates import normalise_digits


class BandSyntaxError(ValueError):
    def __init__(self, offset: int, detail: str, detail_th: str | None = None):
        self.offset, self.detail = offset, detail
        self.detail_th = detail_th or detail
        super().__init__(detail)


@dataclass(frozen=True)
class Interval:
    low: Decimal
    low_inclusive: bool
    high: Decimal | None  # None: open top
    high_inclusive: bool

    def contains(self, x: Decimal) -> bool:
        if x < self.low or (x == self.low and not self.low_inclusive):
            return False
        if self.high is None:
            return True
        return x < self.high or (x == self.high and self.high_inclusive)

    def is_empty(self) -> bool:
        if self.high is None:
            return False
        return self.high < self.low or (self.high == self.low and not (self.low_inclusive and self.high_inclusive))

    def __str__(self) -> str:
        hi = "" if self.high is None else str(self.high)
        return f"{'[' if self.low_inclusive else '('}{self.low}, {hi}{']' if self.high_inclusive else ')'}"


_NUM = re.compile(r"\s*(\d+(?:\.\d+)?)?\s*")


def parse_interval(text: str) -> Interval:
    src = normalise_digits(text)
    i = 0
    while i < len(src) and src[i] == " ":
        i += 1
    if i >= len(src) or src[i] not in "[(":
        raise BandSyntaxError(i, "a band starts with '[' (bound included) or '(' (bound excluded)",
                              "ช่วงต้องขึ้นต้นด้วย '[' (รวมค่าขอบ) หรือ '(' (ไม่รวมค่าขอบ)")
    low_inc = src[i] == "["
    i += 1
    m = _NUM.match(src, i)
    if not m or m.group(1) is None:
        raise BandSyntaxError(m.end() if m else i, "expected the lower bound, a number", "ต้องมีขอบล่างเป็นตัวเลข")
    low = Decimal(m.group(1))
    i = m.end()
    if i >= len(src) or src[i] != ",":
        raise BandSyntaxError(i, "expected ',' between the bounds", "ต้องมี ',' คั่นระหว่างขอบล่างและขอบบน")
    i += 1
    m = _NUM.match(src, i)
    high: Decimal | None = None
    if m and m.group(1) is not None:
        high = Decimal(m.group(1))
        i = m.end()
    else:
        i = m.end() if m else i
        if src[i:i + 1] == "∞":
            i += 1
            while i < len(src) and src[i] == " ":
                i += 1
    if i >= len(src) or src[i] not in ")]":
        raise BandSyntaxError(i, "a band ends with ']' (bound included) or ')' (bound excluded)",
                              "ช่วงต้องลงท้ายด้วย ']' (รวมค่าขอบ) หรือ ')' (ไม่รวมค่าขอบ)")
    high_inc = src[i] == "]"
    if high is None and high_inc:
        raise BandSyntaxError(i, "an open top must end with ')'", "ช่วงที่ไม่มีเพดานต้องลงท้ายด้วย ')'")
    i += 1
    if src[i:].strip():
        raise BandSyntaxError(i, "unexpected text after the band", "มีข้อความเกินหลังช่วง")
    return Interval(low, low_inc, high, high_inc)
