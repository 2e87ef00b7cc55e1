"""Money: Decimal under one pinned context, parsed strictly, rounded only as declared.

Money in swf-rules is always :class:`decimal.Decimal`.  It is written in files as an integer or a decimal string
(``500``, ``"500"``, ``"12.50"``, Thai digits allowed); a YAML/JSON float is refused because its value is
already inexact before we see it.
"""

from __future__ import annotations

import decimal
import functools
import re
from decimal import Decimal
from fractions import Fraction

from .dates import normalise_digits

CONTEXT = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_UP, traps=[decimal.InvalidOperation,
                                                                           decimal.DivisionByZero,
                                                                           decimal.Overflow])
ZERO = Decimal(0)
ONE = Decimal(1)
CENT = Decimal("0.01")
_MONEY = re.compile(r"^\d+(\.\d+)?$")

ROUNDING_MODES = {
    "half_up": decimal.ROUND_HALF_UP,
    "half_even": decimal.ROUND_HALF_EVEN,
    "down": decimal.ROUND_DOWN,
    "up": decimal.ROUND_UP,
}


class FloatLiteral(Decimal):
    """A number the YAML loader read from float syntax (``0.5``).  Exact (built from its text), but marked so that
    money fields can refuse it."""


class MoneyError(ValueError):
    def __init__(self, code: str, value: object):
        self.code = code
        self.value = value
        super().__init__(code)


def parse_money(value: object) -> Decimal:
    """Strictly parse money; raises :class:`MoneyError` with a problem code."""
    if isinstance(value, bool):
        raise MoneyError("money-syntax", value)
    if isinstance(value, (float, FloatLiteral)):
        raise MoneyError("money-float", value)
    if isinstance(value, int):
        d = Decimal(value)
    elif isinstance(value, Decimal):
        d = value
    elif isinstance(value, str):
        text = normalise_digits(value.strip()).replace(",", "") if _grouped(value) else normalise_digits(value.strip())
        neg = text.startswith("-")
        body = text[1:] if neg else text
        if not _MONEY.match(body):
            raise MoneyError("money-syntax", value)
        d = Decimal(body)
        if neg:
            d = -d
    else:
        raise MoneyError("money-syntax", value)
    if not d.is_finite():
        raise MoneyError("money-syntax", value)
    if d < 0:
        raise MoneyError("money-negative", value)
    if d.as_tuple().exponent < -2 and d != d.quantize(Decimal("0.01"), context=CONTEXT):
        raise MoneyError("money-precision", value)
    return d


def _grouped(text: str) -> bool:
    """'1,000' and '30,000.00' are accepted (thousands separators in the usual places only)."""
    return bool(re.match(r"^-?[\d๐-๙]{1,3}(,[\d๐-๙]{3})+(\.[\d๐-๙]+)?$", text.strip()))


def parse_decimal(value: object) -> Decimal:
    """A non-money exact number (grades, fractions written as decimals)."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, str):
        text = normalise_digits(value.strip())
        if re.match(r"^-?\d+(\.\d+)?$", text):
            return Decimal(text)
    raise ValueError(value)


def parse_fraction(value: object) -> Fraction:
    """``"1/2"``, ``"0.5"``, ``0.5`` (exact from its text) or ``1``: a fraction in [0, 1]."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, str):
        text = normalise_digits(value.strip())
        m = re.match(r"^(\d+)\s*/\s*(\d+)$", text)
        if m:
            if int(m.group(2)) == 0:
                raise ValueError(value)
            f = Fraction(int(m.group(1)), int(m.group(2)))
        else:
            f = Fraction(parse_decimal(text))
    elif isinstance(value, float):
        f = Fraction(Decimal(repr(value)))
    elif isinstance(value, (int, Decimal)):
        f = Fraction(value)
    else:
        raise ValueError(value)
    if not (0 <= f <= 1):
        raise ValueError(value)
    return f


def apply_fraction(amount: Decimal, fraction: Fraction) -> Decimal:
    """amount x fraction, exact to 28 digits (rounding to money is declared separately)."""
    return CONTEXT.divide(CONTEXT.multiply(amount, Decimal(fraction.numerator)), Decimal(fraction.denominator))


def round_money(amount: Decimal, mode: str = "half_up", unit: Decimal = Decimal(1)) -> Decimal:
    """Round to a multiple of ``unit`` (1 baht by default; 0.25 or 0.01 allowed) with the declared mode."""
    if unit == ONE and amount == amount.to_integral_value():  # whole baht already: every mode keeps it
        return amount.quantize(ONE)
    q = CONTEXT.divide(amount, unit).quantize(Decimal(1), rounding=ROUNDING_MODES[mode])
    out = CONTEXT.multiply(q, unit)
    return out.quantize(unit) if unit.as_tuple().exponent < 0 else out.quantize(Decimal(1))


@functools.lru_cache(maxsize=8192)
def money_str(amount: Decimal) -> str:
    """Canonical decimal string: no exponent, no trailing '.00' for whole baht ("600", "12.5" -> "12.50")."""
    if amount == amount.to_integral_value():
        return str(amount.quantize(Decimal(1)))
    return str(amount.quantize(Decimal("0.01"), context=CONTEXT))
