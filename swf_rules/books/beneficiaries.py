"""The beneficiaries register (ทะเบียนผู้รับผลประโยชน์): whom each member names to receive the death benefit.

One row per beneficiary: ``member_id``, ``name``, ``relationship`` (as the register writes it: บุตร, มารดา, ...),
``national_id`` (13 digits, hyphens and spaces allowed) and ``share`` (``1/2``, ``0.5`` or ``50%``).  Either every
beneficiary of a member has a share and the shares add up to exactly 1, or none has one (equal shares).  A national
ID that is not 13 digits is an error; one whose check digit fails is a notice only (real registers hold such IDs,
domain notes section 5): it is kept as written.  The ID and the share rule are the core's (:mod:`swf_rules.core.
national_id`, :func:`swf_rules.core.payees.shares_fault`), as for the beneficiaries of a member history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from ..core.dates import normalise_digits
from ..core.national_id import national_id_check_digit, national_id_digits, national_id_ok  # noqa: F401 - public

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
