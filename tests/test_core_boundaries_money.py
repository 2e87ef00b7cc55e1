"""Money and table bands at their boundaries: every rounding mode on .5, the precision and sign limits, and
inclusive/exclusive band bounds on the value before, at and after each bound.  Expected values are worked by hand
in the comments; strings are compared where the exponent matters ("10.00" is not "10" on a voucher)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation, localcontext
from fractions import Fraction

import pytest

from swf_rules.core.bands import BandSyntaxError, Interval, parse_interval
from swf_rules.core.money import (CONTEXT, FloatLiteral, MoneyError, apply_fraction, money_str, parse_decimal,
                                  parse_fraction, parse_money, round_money)

D = Decimal


# --------------------------------------------------------------------------------------------- parse_money
@pytest.mark.parametrize("value, expected", [
    (500, "500"), ("500", "500"), (" 12.50 ", "12.50"), ("๕๐๐", "500"), (D("7.25"), "7.25"),
    (0, "0"), ("0", "0"),  # zero is money (a payout can be capped to zero)
    ("1,000", "1000"), ("30,000.00", "30000.00"), ("๑,๐๐๐", "1000"), ("12,345,678", "12345678"),
    ("12.340", "12.340"),  # three decimals, but a whole number of satang
    (10 ** 27, "1000000000000000000000000000"),  # 28 digits: the precision check must not quantize it
])
def test_parse_money_accepts(value: object, expected: str) -> None:
    assert str(parse_money(value)) == expected


@pytest.mark.parametrize("value, code", [
    (True, "money-syntax"), (None, "money-syntax"), ([500], "money-syntax"),
    (0.5, "money-float"), (FloatLiteral("0.5"), "money-float"),
    ("-5", "money-negative"), ("-12.50", "money-negative"), (-1, "money-negative"), (D("-0.01"), "money-negative"),
    ("-1,000", "money-negative"),  # grouped and negative: the sign is read, not dropped
    ("--5", "money-syntax"), ("5-", "money-syntax"), ("", "money-syntax"), ("1,00", "money-syntax"),
    ("1.2.3", "money-syntax"), ("12.", "money-syntax"), ("abc", "money-syntax"),
    (D("NaN"), "money-syntax"), (D("Infinity"), "money-syntax"),
    ("12.345", "money-precision"), (D("0.001"), "money-precision"),
])
def test_parse_money_refuses(value: object, code: str) -> None:
    with pytest.raises(MoneyError) as e:
        parse_money(value)
    assert (e.value.code, str(e.value)) == (code, code)
    assert e.value.value is value


def test_parse_money_ignores_the_callers_decimal_context() -> None:
    # under a caller's 3-digit context, 12.345 -> 12.35 would not fit: the pinned context decides, not the caller's
    with localcontext() as ctx:
        ctx.prec = 3
        for text in ("12.345", "1234.567"):
            with pytest.raises(MoneyError) as e:
                parse_money(text)
            assert e.value.code == "money-precision"
        assert str(parse_money("1234.560")) == "1234.560"


def test_parse_decimal() -> None:
    assert parse_decimal(0.1) == D("0.1")  # from the float's shortest text, not its binary value
    assert str(parse_decimal(3)) == "3"
    assert str(parse_decimal(D("3.50"))) == "3.50"
    assert str(parse_decimal(" -3.5 ")) == "-3.5"
    assert str(parse_decimal("๓.๕")) == "3.5"
    for bad in (True, "abc", "3.", None):
        with pytest.raises(ValueError) as e:
            parse_decimal(bad)
        assert e.value.args == (bad,)


@pytest.mark.parametrize("value, expected", [
    ("1/2", Fraction(1, 2)), (" 1 / 3 ", Fraction(1, 3)), ("๑/๔", Fraction(1, 4)), ("1/1", Fraction(1)),
    ("0/5", Fraction(0)), ("0.5", Fraction(1, 2)), (0.25, Fraction(1, 4)), (0.1, Fraction(1, 10)),
    (1, Fraction(1)), (0, Fraction(0)), (D("0.75"), Fraction(3, 4)), ("1", Fraction(1)), ("0", Fraction(0)),
])
def test_parse_fraction_accepts_zero_to_one(value: object, expected: Fraction) -> None:
    assert parse_fraction(value) == expected


@pytest.mark.parametrize("value", ["1/0", "3/2", "2", 2, "1.01", -0.5, D("-0.1"), True, None, [1], "a/b"])
def test_parse_fraction_refuses(value: object) -> None:
    with pytest.raises(ValueError) as e:
        parse_fraction(value)
    assert e.value.args == (value,)


def test_apply_fraction_is_exact_to_28_digits() -> None:
    assert str(apply_fraction(D(1000), Fraction(1, 3))) == "333.3333333333333333333333333"  # 28 significant
    assert str(apply_fraction(D(30000), Fraction(1, 2))) == "15000"
    assert str(apply_fraction(D(1000), Fraction(2, 3))) == "666.6666666666666666666666667"  # half up at the 28th


# --------------------------------------------------------------------------------------------- rounding
@pytest.mark.parametrize("raw, half_up, half_even, down, up", [
    ("2.5", "3", "2", "2", "3"),     # .5 from an even baht: half_even stays at 2
    ("3.5", "4", "4", "3", "4"),     # .5 from an odd baht: half_even goes up to 4
    ("2.4", "2", "2", "2", "3"),     # below .5: only "up" moves
    ("2.6", "3", "3", "2", "3"),     # above .5: only "down" stays
    ("0.5", "1", "0", "0", "1"),
    ("2.01", "2", "2", "2", "3"),
    ("7", "7", "7", "7", "7"),       # whole baht: every mode keeps it
])
def test_rounding_modes_to_whole_baht(raw: str, half_up: str, half_even: str, down: str, up: str) -> None:
    got = [str(round_money(D(raw), mode)) for mode in ("half_up", "half_even", "down", "up")]
    assert got == [half_up, half_even, down, up]


def test_rounding_defaults_to_half_up_whole_baht() -> None:
    assert str(round_money(D("2.5"))) == "3"
    assert str(round_money(D("1000.00"))) == "1000"  # whole baht lose their ".00"


def test_rounding_to_quarter_and_satang_units() -> None:
    q = D("0.25")
    # 10.13 / 0.25 = 40.52 -> 41 (half up) -> 41 x 0.25 = 10.25; down: 40 x 0.25 = 10.00
    assert str(round_money(D("10.13"), "half_up", q)) == "10.25"
    assert str(round_money(D("10.13"), "down", q)) == "10.00"
    # 10.125 / 0.25 = 40.5: half_up 41 -> 10.25, half_even 40 -> 10.00
    assert str(round_money(D("10.125"), "half_up", q)) == "10.25"
    assert str(round_money(D("10.125"), "half_even", q)) == "10.00"
    assert str(round_money(D(10), "half_up", q)) == "10.00"  # a whole amount keeps the unit's two decimals
    c = D("0.01")
    assert str(round_money(D("12.345"), "half_up", c)) == "12.35"
    assert str(round_money(D("12.345"), "half_even", c)) == "12.34"
    assert str(round_money(D("12.345"), "up", c)) == "12.35"
    assert str(round_money(D("12.349"), "down", c)) == "12.34"


def test_rounding_to_five_baht() -> None:
    five = D(5)
    assert str(round_money(D(12), "half_up", five)) == "10"  # 12 / 5 = 2.4 -> 2 -> 10
    assert str(round_money(D("12.5"), "half_up", five)) == "15"  # 2.5 -> 3 -> 15
    assert str(round_money(D("12.5"), "half_even", five)) == "10"  # 2.5 -> 2 -> 10
    assert str(round_money(D(11), "up", five)) == "15"
    # a unit written with an exponent (10 as 1E+1) still gives plain whole baht: 23 -> 2.3 tens -> 2 -> "20"
    assert str(round_money(D(23), "half_up", D("1E+1"))) == "20"


def test_money_str() -> None:
    assert [money_str(D(x)) for x in ("600", "600.00", "12.5", "0.125", "1E+3", "0", "1000000.10")] == \
        ["600", "600", "12.50", "0.13", "1000", "0", "1000000.10"]  # 0.125 -> 0.13: half up under CONTEXT


def test_context_is_pinned() -> None:
    assert CONTEXT.prec == 28
    with pytest.raises(InvalidOperation):
        CONTEXT.divide(D(0), D(0))


# --------------------------------------------------------------------------------------------- bands
@pytest.mark.parametrize("text, low, low_inc, high, high_inc", [
    ("[0, 1)", "0", True, "1", False),
    ("(1, 3]", "1", False, "3", True),
    ("  [1.5,2.5]", "1.5", True, "2.5", True),
    (" [0, 1)", "0", True, "1", False),  # one leading space
    ("[10, )", "10", True, None, False),
    ("[10, ∞)", "10", True, None, False),
    ("[10, ∞ )  ", "10", True, None, False),
    ("(๕, ๑๐]", "5", False, "10", True),
])
def test_parse_interval(text: str, low: str, low_inc: bool, high: str | None, high_inc: bool) -> None:
    iv = parse_interval(text)
    assert (iv.low, iv.low_inclusive, iv.high, iv.high_inclusive) == \
        (D(low), low_inc, None if high is None else D(high), high_inc)


START = ("a band starts with '[' (bound included) or '(' (bound excluded)",
         "ช่วงต้องขึ้นต้นด้วย '[' (รวมค่าขอบ) หรือ '(' (ไม่รวมค่าขอบ)")
LOW = ("expected the lower bound, a number", "ต้องมีขอบล่างเป็นตัวเลข")
COMMA = ("expected ',' between the bounds", "ต้องมี ',' คั่นระหว่างขอบล่างและขอบบน")
END = ("a band ends with ']' (bound included) or ')' (bound excluded)",
       "ช่วงต้องลงท้ายด้วย ']' (รวมค่าขอบ) หรือ ')' (ไม่รวมค่าขอบ)")
OPEN = ("an open top must end with ')'", "ช่วงที่ไม่มีเพดานต้องลงท้ายด้วย ')'")
AFTER = ("unexpected text after the band", "มีข้อความเกินหลังช่วง")


@pytest.mark.parametrize("text, offset, message", [
    ("", 0, START), ("  0, 1)", 2, START), ("{0, 1)", 0, START), ("X0, 1)", 0, START),
    ("[, 1)", 1, LOW), ("[ , 1)", 2, LOW),  # the offset is after the spaces skipped
    ("[0 1)", 3, COMMA), ("[0", 2, COMMA),
    ("[0, 1", 5, END), ("[0, 1}", 5, END), ("[0, 1X", 5, END), ("[0, ", 4, END), ("[0, ∞", 5, END),
    ("[10, ]", 5, OPEN), ("[10, ∞]", 6, OPEN),
    ("[0, 1) x", 6, AFTER), ("[0, 1)]", 6, AFTER),
])
def test_parse_interval_errors(text: str, offset: int, message: tuple[str, str]) -> None:
    with pytest.raises(BandSyntaxError) as e:
        parse_interval(text)
    assert (e.value.offset, e.value.detail, e.value.detail_th, str(e.value)) == (offset, *message, message[0])


def test_band_error_without_thai_repeats_english() -> None:
    e = BandSyntaxError(3, "detail")
    assert (e.offset, e.detail, e.detail_th, str(e)) == (3, "detail", "detail", "detail")


@pytest.mark.parametrize("text, inside, outside", [
    ("[1, 3)", ["1", "2.99", "2"], ["0.99", "3", "0.5"]),      # 1 included, 3 excluded
    ("(1, 3]", ["1.01", "3", "2"], ["1", "3.01", "0"]),        # 1 excluded, 3 included
    ("[1, 1]", ["1"], ["0.99", "1.01"]),
    ("[10, )", ["10", "1000000"], ["9.99"]),
    ("(10, )", ["10.0001"], ["10", "9"]),
])
def test_band_contains_at_its_bounds(text: str, inside: list[str], outside: list[str]) -> None:
    iv = parse_interval(text)
    assert [iv.contains(D(x)) for x in inside] == [True] * len(inside)
    assert [iv.contains(D(x)) for x in outside] == [False] * len(outside)


@pytest.mark.parametrize("text, empty", [
    ("[2, 1]", True), ("[1, 1]", False), ("[1, 1)", True), ("(1, 1]", True), ("(1, 1)", True),
    ("[1, )", False), ("[1, 2)", False), ("(1, 2)", False),
])
def test_band_is_empty(text: str, empty: bool) -> None:
    assert parse_interval(text).is_empty() is empty


def test_band_text() -> None:
    assert [str(parse_interval(t)) for t in ("[0, 1)", "(1.5,2.5]", "[10, ∞)")] == ["[0, 1)", "(1.5, 2.5]", "[10, )"]
    assert str(Interval(D(1), False, None, False)) == "(1, )"
