"""The beneficiaries register (ทะเบียนผู้รับผลประโยชน์): whom each member names to receive the death benefit.

One row per beneficiary: ``member_id``, ``name``, ``relationship`` (as the register writes it: บุตร, มารดา, ...),
``national_id`` (13 digits, hyphens and spaces allowed) and ``share`` (``1/2``, ``0.5`` or ``50%``).  Either every
beneficiary of a member has a share and the shares add up to exactly 1, or none has one (equal shares).  A national
ID that is not 13 digits is an error; one whose check digit fails is a notice only (real registers hold such IDs,
domain notes section 5): it is kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from ..core.dates import normalise_digits

_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)\s*%$")
_FRACTION = re.compile(r"^(\d+)\s*/\s*(\d+)$")
_DECIMAL = re.compile(r"^\d+(?:\.\d+)?$")


@dataclass
class BeneficiaryRow:
    """One beneficiary a member named."""

    member_id: str
    name: str
    relationship: str
    national_id: str | None = None  # the 13 digits
    share: Fraction | None = None
    line: int = 0


def national_id_digits(text: str) -> str | None:
    """The 13 digits of a national ID written with spaces, hyphens or Thai digits; None if it is not one."""
    digits = normalise_digits(text).replace("-", "").replace(" ", "")
    return digits if len(digits) == 13 and digits.isascii() and digits.isdigit() else None


def national_id_ok(digits: str) -> bool:
    """Whether 13 digits pass the check digit: ``(11 - sum(d_i x (13 - i), i = 0..11) mod 11) mod 10``."""
    total = sum(int(digits[i]) * (13 - i) for i in range(12))
    return (11 - total % 11) % 10 == int(digits[12])


def national_id_check_digit(first12: str) -> str:
    """The check digit that completes 12 digits into a valid national ID."""
    total = sum(int(first12[i]) * (13 - i) for i in range(12))
    return str((11 - total % 11) % 10)


def parse_share(text: str) -> Fraction | None:
    """``"1/2"``, ``"0.5"``, ``"50%"`` (Thai digits allowed) -> an exact fraction in (0, 1]; None if it is none."""
    t = normalise_digits(text.strip())
    m = _PERCENT.match(t)
    if m:
        f = Fraction(m.group(1)) / 100
    elif (m := _FRACTION.match(t)) is not None:
        if int(m.group(2)) == 0:
            return None
        f = Fraction(int(m.group(1)), int(m.group(2)))
    elif _DECIMAL.match(t):
        f = Fraction(t)
    else:
        return None
    return f if 0 < f <= 1 else None


def share_text(f: Fraction) -> str:
    """The canonical way a share is written: ``1``, ``1/2``, ``1/3``."""
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"
