"""The Thai national ID (เลขประจำตัวประชาชน): 13 digits, the last a check digit.

One implementation for every reader: a beneficiary in a member history (:mod:`.payees`: ``national-id-format``, an
error, and ``national-id-checksum``, a warning the decision carries) and the books' beneficiaries register
(:mod:`swf_rules.books.beneficiaries`: ``ledger-national-id-format``, an error, and ``ledger-national-id-checksum``,
a notice).  Written with spaces, hyphens or Thai digits; the check digit is ``(11 - sum(d_i x (13 - i),
i = 0..11) mod 11) mod 10`` (domain notes, section 5).  Real registers hold IDs that fail it, so a failing check
digit is never an error.
"""

from __future__ import annotations

from .dates import normalise_digits

# what to write instead of something that is not 13 digits (en, th)
FORMAT_HINT = ("write the 13 digits, e.g. 1-2345-67890-12-1", "เขียนเลข 13 หลัก เช่น 1-2345-67890-12-1")


def national_id_digits(text: str) -> str | None:
    """The 13 digits of a national ID written with spaces, hyphens or Thai digits; ``None`` if it is not one."""
    digits = normalise_digits(text).replace("-", "").replace(" ", "")
    return digits if len(digits) == 13 and digits.isascii() and digits.isdigit() else None


def national_id_check_digit(first12: str) -> str:
    """The check digit that completes 12 digits into a valid national ID."""
    total = sum(int(first12[i]) * (13 - i) for i in range(12))
    return str((11 - total % 11) % 10)


def national_id_ok(digits: str) -> bool:
    """Whether 13 digits pass their check digit."""
    return national_id_check_digit(digits[:12]) == digits[12]


__all__ = ["FORMAT_HINT", "national_id_check_digit", "national_id_digits", "national_id_ok"]
