"""Thai text for printed documents: numbers and amounts in words, Thai digits, dates in B.E.

Vouchers and regulations write an amount twice, in figures and in words: ``๖๐๐ บาท (หกร้อยบาทถ้วน)``.
:func:`baht_text` gives the words, following the usual reading rules (the same ones spreadsheet ``BAHTTEXT``
functions follow):

- ``สิบ`` not ``หนึ่งสิบ`` (10 = สิบ), ``ยี่สิบ`` for a 2 in the tens place (20 = ยี่สิบ);
- a 1 in the units place of a group reads ``เอ็ด`` when any more significant digit of the whole number is not
  zero (11 = สิบเอ็ด, 101 = หนึ่งร้อยเอ็ด, 1,000,001 = หนึ่งล้านเอ็ด, 11,000,000 = สิบเอ็ดล้าน), and
  ``หนึ่ง`` otherwise (1 = หนึ่ง, 1,000,000 = หนึ่งล้าน);
- ``ล้าน`` repeats for every six digits (10^12 = หนึ่งล้านล้าน);
- whole baht end in ``ถ้วน``; satang are read as a number of their own (0.25 = ยี่สิบห้าสตางค์, 1.01 =
  หนึ่งบาทหนึ่งสตางค์); zero is ``ศูนย์บาทถ้วน``.

Money is :class:`~decimal.Decimal` (or ``int``); a float is refused, as everywhere in swf-rules.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from typing import Sequence

from .dates import BE_OFFSET, normalise_digits

_DIGIT_WORDS = ("ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า")
_PLACES = ("", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน")
_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")

MONTHS_TH = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
             "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
MONTHS_TH_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")


def thai_digits(text: str) -> str:
    """ASCII digits 0-9 to Thai digits ๐-๙ (everything else unchanged)."""
    return text.translate(_TO_THAI)


def arabic_digits(text: str) -> str:
    """Thai digits ๐-๙ to ASCII digits 0-9 (everything else unchanged)."""
    return normalise_digits(text)


def _group_words(n: int, more_significant: bool) -> str:
    """Words for 0 <= n < 1,000,000 (empty for 0); ``more_significant``: a non-zero digit precedes this group."""
    digits = f"{n:06d}"
    out = []
    for i, ch in enumerate(digits):
        d = int(ch)
        place = 5 - i
        if d == 0:
            continue
        if place == 1:
            out.append({1: "", 2: "ยี่"}.get(d, _DIGIT_WORDS[d]) + "สิบ")
        elif place == 0:
            higher = more_significant or n >= 10
            out.append("เอ็ด" if d == 1 and higher else _DIGIT_WORDS[d])
        else:
            out.append(_DIGIT_WORDS[d] + _PLACES[place])
    return "".join(out)


def number_text(n: int) -> str:
    """A non-negative whole number in Thai words: 0 -> ศูนย์, 21 -> ยี่สิบเอ็ด, 1000000 -> หนึ่งล้าน."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"number_text needs an int, got {type(n).__name__}")
    if n < 0:
        raise ValueError(f"number_text needs a non-negative number, got {n}")
    if n == 0:
        return _DIGIT_WORDS[0]
    groups = []
    while n:
        n, g = divmod(n, 1_000_000)
        groups.append(g)
    return _join_millions(groups)


def _join_millions(groups: list[int]) -> str:
    """Words for the number whose six-digit groups are ``groups`` (least significant first): the part above the
    lowest group is read as a number of its own followed by ล้าน (10^12 = หนึ่งล้านล้าน)."""
    low, high = groups[0], groups[1:]
    if not any(high):
        return _group_words(low, more_significant=False)
    return _join_millions(high) + "ล้าน" + _group_words(low, more_significant=True)


def baht_text(amount: Decimal | int) -> str:
    """An amount of money in Thai words: ``Decimal("600")`` -> ``หกร้อยบาทถ้วน``,
    ``Decimal("120.75")`` -> ``หนึ่งร้อยยี่สิบบาทเจ็ดสิบห้าสตางค์``."""
    if isinstance(amount, bool) or not isinstance(amount, (Decimal, int)):
        raise TypeError(f"baht_text needs a Decimal, got {type(amount).__name__}")
    d = Decimal(amount)
    if not d.is_finite():
        raise ValueError(f"baht_text needs a finite amount, got {amount}")
    if d < 0:
        raise ValueError(f"baht_text needs a non-negative amount, got {amount}")
    cents = d * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"baht_text: {amount} has more than two decimal places (satang)")
    baht, satang = divmod(int(cents), 100)
    if satang == 0:
        return number_text(baht) + "บาทถ้วน"
    if baht == 0:
        return number_text(satang) + "สตางค์"
    return number_text(baht) + "บาท" + number_text(satang) + "สตางค์"


def group_digits(amount: Decimal | int) -> str:
    """Figures with thousands separators: 1000 -> 1,000; 12.5 -> 12.50; whole baht without decimals."""
    d = Decimal(amount)
    if d == d.to_integral_value():
        return f"{int(d):,}"
    return f"{d.quantize(Decimal('0.01')):,}"


def thai_date(d: date, digits: str = "thai") -> str:
    """``15 กุมภาพันธ์ พ.ศ. 2556`` (B.E.), with Thai digits unless ``digits="arabic"``."""
    text = f"{d.day} {MONTHS_TH[d.month - 1]} พ.ศ. {d.year + BE_OFFSET}"
    return thai_digits(text) if digits == "thai" else text


def english_date(d: date) -> str:
    """``15 February 2013`` (C.E.)."""
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"


def thai_short_date(d: date) -> str:
    """``15 ก.พ. 2556``: a B.E. date with the Thai month's abbreviation and Arabic digits, for tables."""
    return f"{d.day} {MONTHS_TH_SHORT[d.month - 1]} {d.year + BE_OFFSET}"


# ------------------------------------------------------------------------------------------ terminal columns
def display_width(text: str) -> int:
    """Columns a string takes in a terminal: Thai vowel and tone marks above or below a letter take none, wide
    (East Asian) characters take two."""
    return sum(0 if unicodedata.category(ch) in ("Mn", "Me", "Cf") else
               2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` display columns (on the left when ``right``: numbers)."""
    gap = " " * max(width - display_width(text), 0)
    return gap + text if right else text + gap


def align(rows: Sequence[Sequence[str]], right: Sequence[bool], sep: str = "  ") -> list[str]:
    """Rows of cells as lines whose columns line up by display width (``right``: which columns are numbers)."""
    if not rows:
        return []
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [sep.join(pad(cell, widths[i], right[i]) for i, cell in enumerate(r)).rstrip() for r in rows]


__all__ = ["MONTHS_TH_SHORT", "align", "arabic_digits", "baht_text", "display_width", "english_date",
           "group_digits", "number_text", "pad", "thai_date", "thai_digits", "thai_short_date"]
