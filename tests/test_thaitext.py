"""Thai number words, baht text, Thai digits and dates: exact strings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from swf_rules.core.thaitext import (arabic_digits, baht_text, english_date, group_digits, number_text, thai_date,
                                thai_digits)

NUMBERS = [
    (0, "ศูนย์"),
    (1, "หนึ่ง"),
    (2, "สอง"),
    (9, "เก้า"),
    (10, "สิบ"),
    (11, "สิบเอ็ด"),
    (12, "สิบสอง"),
    (19, "สิบเก้า"),
    (20, "ยี่สิบ"),
    (21, "ยี่สิบเอ็ด"),
    (22, "ยี่สิบสอง"),
    (30, "สามสิบ"),
    (31, "สามสิบเอ็ด"),
    (99, "เก้าสิบเก้า"),
    (100, "หนึ่งร้อย"),
    (101, "หนึ่งร้อยเอ็ด"),
    (110, "หนึ่งร้อยสิบ"),
    (111, "หนึ่งร้อยสิบเอ็ด"),
    (120, "หนึ่งร้อยยี่สิบ"),
    (121, "หนึ่งร้อยยี่สิบเอ็ด"),
    (200, "สองร้อย"),
    (600, "หกร้อย"),
    (1000, "หนึ่งพัน"),
    (1001, "หนึ่งพันเอ็ด"),
    (1010, "หนึ่งพันสิบ"),
    (1500, "หนึ่งพันห้าร้อย"),
    (3000, "สามพัน"),
    (10000, "หนึ่งหมื่น"),
    (10001, "หนึ่งหมื่นเอ็ด"),
    (11875, "หนึ่งหมื่นหนึ่งพันแปดร้อยเจ็ดสิบห้า"),
    (21000, "สองหมื่นหนึ่งพัน"),
    (30000, "สามหมื่น"),
    (100000, "หนึ่งแสน"),
    (999999, "เก้าแสนเก้าหมื่นเก้าพันเก้าร้อยเก้าสิบเก้า"),
    (1_000_000, "หนึ่งล้าน"),
    (1_000_001, "หนึ่งล้านเอ็ด"),
    (1_000_010, "หนึ่งล้านสิบ"),
    (1_000_021, "หนึ่งล้านยี่สิบเอ็ด"),
    (1_234_567, "หนึ่งล้านสองแสนสามหมื่นสี่พันห้าร้อยหกสิบเจ็ด"),
    (2_000_000, "สองล้าน"),
    (10_000_000, "สิบล้าน"),
    (11_000_000, "สิบเอ็ดล้าน"),
    (11_000_001, "สิบเอ็ดล้านเอ็ด"),
    (21_500_000, "ยี่สิบเอ็ดล้านห้าแสน"),
    (101_000_000, "หนึ่งร้อยเอ็ดล้าน"),
    (4_259_640_000, "สี่พันสองร้อยห้าสิบเก้าล้านหกแสนสี่หมื่น"),
    (10**12, "หนึ่งล้านล้าน"),
    (10**12 + 1, "หนึ่งล้านล้านเอ็ด"),
    (10**12 + 10**6, "หนึ่งล้านเอ็ดล้าน"),
    (2 * 10**12 + 3 * 10**6 + 4, "สองล้านสามล้านสี่"),
    (10**18, "หนึ่งล้านล้านล้าน"),
]


@pytest.mark.parametrize("n,words", NUMBERS)
def test_number_text(n: int, words: str) -> None:
    assert number_text(n) == words


@pytest.mark.parametrize("amount,text", [
    ("0", "ศูนย์บาทถ้วน"),
    ("1", "หนึ่งบาทถ้วน"),
    ("11", "สิบเอ็ดบาทถ้วน"),
    ("21", "ยี่สิบเอ็ดบาทถ้วน"),
    ("101", "หนึ่งร้อยเอ็ดบาทถ้วน"),
    ("200", "สองร้อยบาทถ้วน"),
    ("365", "สามร้อยหกสิบห้าบาทถ้วน"),
    ("600", "หกร้อยบาทถ้วน"),
    ("1000", "หนึ่งพันบาทถ้วน"),
    ("1500", "หนึ่งพันห้าร้อยบาทถ้วน"),
    ("30000", "สามหมื่นบาทถ้วน"),
    ("1000001", "หนึ่งล้านเอ็ดบาทถ้วน"),
    ("0.25", "ยี่สิบห้าสตางค์"),
    ("0.01", "หนึ่งสตางค์"),
    ("0.5", "ห้าสิบสตางค์"),
    ("0.50", "ห้าสิบสตางค์"),
    ("0.11", "สิบเอ็ดสตางค์"),
    ("1.01", "หนึ่งบาทหนึ่งสตางค์"),
    ("10.50", "สิบบาทห้าสิบสตางค์"),
    ("21.21", "ยี่สิบเอ็ดบาทยี่สิบเอ็ดสตางค์"),
    ("99.01", "เก้าสิบเก้าบาทหนึ่งสตางค์"),
    ("120.75", "หนึ่งร้อยยี่สิบบาทเจ็ดสิบห้าสตางค์"),
    ("1234567.89", "หนึ่งล้านสองแสนสามหมื่นสี่พันห้าร้อยหกสิบเจ็ดบาทแปดสิบเก้าสตางค์"),
    ("600.00", "หกร้อยบาทถ้วน"),
    ("1E+3", "หนึ่งพันบาทถ้วน"),
])
def test_baht_text(amount: str, text: str) -> None:
    assert baht_text(Decimal(amount)) == text


def test_baht_text_accepts_int() -> None:
    assert baht_text(600) == "หกร้อยบาทถ้วน"


@pytest.mark.parametrize("bad,exc", [
    (600.0, TypeError), (True, TypeError), ("600", TypeError), (None, TypeError),
    (Decimal("-1"), ValueError), (Decimal("0.001"), ValueError), (Decimal("NaN"), ValueError),
    (Decimal("Infinity"), ValueError), (-5, ValueError),
])
def test_baht_text_refuses(bad: object, exc: type) -> None:
    with pytest.raises(exc):
        baht_text(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad,exc", [(-1, ValueError), (1.0, TypeError), (True, TypeError)])
def test_number_text_refuses(bad: object, exc: type) -> None:
    with pytest.raises(exc):
        number_text(bad)  # type: ignore[arg-type]


def _read_back(words: str) -> int:
    """An independent reader of Thai number words (inverse of number_text), for the property test."""
    digits = {"หนึ่ง": 1, "เอ็ด": 1, "สอง": 2, "ยี่": 2, "สาม": 3, "สี่": 4, "ห้า": 5, "หก": 6, "เจ็ด": 7,
              "แปด": 8, "เก้า": 9}
    places = {"สิบ": 10, "ร้อย": 100, "พัน": 1000, "หมื่น": 10_000, "แสน": 100_000}
    if words == "ศูนย์":
        return 0
    parts = words.split("ล้าน")
    total = 0
    for part in parts:
        total *= 1_000_000
        value, pending, i = 0, None, 0
        while i < len(part):
            for w in sorted(list(digits) + list(places), key=len, reverse=True):
                if part.startswith(w, i):
                    if w in digits:
                        pending = digits[w]
                    else:
                        value += (1 if pending is None else pending) * places[w]
                        pending = None
                    i += len(w)
                    break
            else:
                raise AssertionError(f"cannot read {part[i:]!r}")
        total += value + (pending or 0)
    return total


@settings(max_examples=300, deadline=None, database=None)
@given(st.integers(min_value=0, max_value=10**15))
def test_number_text_reads_back(n: int) -> None:
    words = number_text(n)
    assert _read_back(words) == n
    # เอ็ด only ever ends a group that follows another non-zero digit, and never reads alone
    assert not words.startswith("เอ็ด")
    assert "หนึ่งสิบ" not in words and "สองสิบ" not in words


@settings(max_examples=200, deadline=None, database=None)
@given(st.integers(min_value=0, max_value=10**11))
def test_baht_text_structure(satang: int) -> None:
    text = baht_text(Decimal(satang) / 100)
    baht, st_ = divmod(satang, 100)
    if st_ == 0:
        assert text == number_text(baht) + "บาทถ้วน"
    elif baht == 0:
        assert text == number_text(st_) + "สตางค์"
    else:
        assert text == number_text(baht) + "บาท" + number_text(st_) + "สตางค์"


def test_digits() -> None:
    assert thai_digits("ข้อ 12 (3) 1,500.25") == "ข้อ ๑๒ (๓) ๑,๕๐๐.๒๕"
    assert arabic_digits("ข้อ ๑๒ (๓) ๑,๕๐๐.๒๕") == "ข้อ 12 (3) 1,500.25"
    assert thai_digits("0123456789") == "๐๑๒๓๔๕๖๗๘๙"
    assert arabic_digits(thai_digits("9876543210")) == "9876543210"


def test_group_digits() -> None:
    assert [group_digits(Decimal(x)) for x in ("0", "600", "1000", "1500", "1234567", "12.5", "1000.05")] == [
        "0", "600", "1,000", "1,500", "1,234,567", "12.50", "1,000.05"]


def test_dates() -> None:
    assert thai_date(date(2013, 2, 15)) == "๑๕ กุมภาพันธ์ พ.ศ. ๒๕๕๖"
    assert thai_date(date(2013, 2, 15), "arabic") == "15 กุมภาพันธ์ พ.ศ. 2556"
    assert thai_date(date(2024, 2, 29)) == "๒๙ กุมภาพันธ์ พ.ศ. ๒๕๖๗"
    assert thai_date(date(2027, 10, 1), "arabic") == "1 ตุลาคม พ.ศ. 2570"
    assert english_date(date(2013, 2, 15)) == "15 February 2013"
    assert english_date(date(2027, 12, 31)) == "31 December 2027"
