"""Who receives a decision's money (language version 2), and the checks of the beneficiaries a member names.

A benefit's ``payee`` (:class:`~swf_rules.core.model.Payee`) says who is paid:

- ``member``: the member;
- ``beneficiaries``: the beneficiaries the member history names (``beneficiaries``: name, relationship, national
  ID, share), each paid their share; the heirs (ทายาท) when the history names none;
- ``family``: the family of the person who died (a funeral wreath), never "the dead member";
- ``applicant``: the applicant of a benefit for non-members.

Shares are exact fractions (``"1/2"``, ``"0.25"``); given for every beneficiary they add up to exactly 1, or none
is given and the amount is divided equally.  Each share is rounded as the benefit declares (default: down to the
satang) and the remainder -- what the rounded shares leave of the amount, which may be negative when shares are
rounded up -- goes to the ``first``, ``last`` or ``largest`` share, so the shares add up to the amount exactly.

National IDs (:mod:`.national_id`): a wrong length is an error; a failing check digit only a warning (real
registers hold such IDs): the decision shows ``national_id_checksum: fails``.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any, Sequence

from . import model as M
from .errors import Path, Problem, make_problem
from .money import CONTEXT, ZERO, money_str, round_money
from .national_id import FORMAT_HINT, national_id_digits, national_id_ok

DEFAULT_SHARES = M.Shares()


def shares_fault(shares: Sequence[Fraction | None]) -> tuple[str, Any] | None:
    """What is wrong with the shares of one member's beneficiaries (``None``: a share not given): ``("missing",
    index of the first not given)`` when some but not all are given, ``("total", their sum)`` when they do not add
    up to exactly 1, else ``None`` (the member history and the books' register both hold this rule)."""
    given = [s for s in shares if s is not None]
    if not given:
        return None
    if len(given) != len(shares):
        return "missing", next(i for i, s in enumerate(shares) if s is None)
    total = sum(given, Fraction(0))
    return None if total == 1 else ("total", total)


def beneficiary_problems(beneficiaries: Sequence[Any], file: str | None = None,
                         prefix: Path = ("beneficiaries",)) -> list[Problem]:
    """Errors in a member's beneficiaries: a national ID that is not 13 digits, shares given for some but not all,
    or shares that do not add up to exactly 1."""
    out: list[Problem] = []
    for i, b in enumerate(beneficiaries):
        if b.national_id is not None and national_id_digits(b.national_id) is None:
            out.append(make_problem("national-id-format", path=prefix + (i, "national_id"), file=file,
                                    value=b.national_id, hint=FORMAT_HINT))
    fault = shares_fault([b.share for b in beneficiaries])
    if fault is not None and fault[0] == "missing":
        out.append(make_problem("missing-field", path=prefix + (fault[1], "share"), file=file, field="share",
                                hint=("give every beneficiary a share, or none (equal shares)",
                                      "ระบุสัดส่วนให้ผู้รับผลประโยชน์ทุกคน หรือไม่ระบุเลย (แบ่งเท่ากัน)")))
    elif fault is not None:
        total = fault[1]
        shown = f"{total.numerator}/{total.denominator}" if total.denominator != 1 else str(total.numerator)
        out.append(make_problem("beneficiary-shares", path=prefix, file=file, value=shown,
                                hint=("make the shares add up to exactly 1, e.g. \"1/2\", \"1/4\", \"1/4\"",
                                      "ให้สัดส่วนรวมกันได้ 1 พอดี เช่น \"1/2\", \"1/4\", \"1/4\"")))
    return out


def beneficiary_warnings(beneficiaries: Sequence[Any], file: str | None = None,
                         prefix: Path = ("beneficiaries",)) -> list[Problem]:
    """Warnings: national IDs whose check digit fails (kept, as real registers hold them)."""
    out = []
    for i, b in enumerate(beneficiaries):
        digits = national_id_digits(b.national_id) if b.national_id is not None else None
        if digits is not None and not national_id_ok(digits):
            out.append(make_problem("national-id-checksum", path=prefix + (i, "national_id"), file=file,
                                    value=b.national_id))
    return out


def split(amount: Decimal, shares: Sequence[Fraction], rule: M.Shares = DEFAULT_SHARES) -> list[Decimal]:
    """``amount`` divided by ``shares`` (adding up to 1): each share rounded by ``rule``, the remainder given to the
    first, last or largest share, so that the parts add up to ``amount`` exactly."""
    parts = [round_money(CONTEXT.divide(CONTEXT.multiply(amount, Decimal(s.numerator)), Decimal(s.denominator)),
                         rule.mode, rule.unit) for s in shares]
    rest = CONTEXT.subtract(amount, sum(parts, ZERO))
    if parts and rest:
        if rule.remainder == "first":
            i = 0
        elif rule.remainder == "last":
            i = len(parts) - 1
        else:
            i = max(range(len(parts)), key=lambda k: (parts[k], -k))
        parts[i] = CONTEXT.add(parts[i], rest)
    return parts


def _fraction_text(f: Fraction) -> str:
    return f"{f.numerator}/{f.denominator}"


def payee_to(b: M.Benefit) -> str:
    """Who a benefit pays, declared or (language version 1) implied: a death benefit pays the beneficiary."""
    if b.payee is not None:
        return b.payee.to
    if b.recipients == "non_members":
        return "applicant"
    return "beneficiaries" if b.kind == "death" else "member"


PAYEE_WORD = {"member": "member", "beneficiaries": "beneficiary", "family": "family", "applicant": "applicant"}


def payees(b: M.Benefit, amount: Decimal, beneficiaries: Sequence[Any], person: Any = None, to: str | None = None
           ) -> list[dict[str, Any]] | None:
    """The recipients of ``amount`` under benefit ``b`` (the JSON form of the decision's ``payees``), or ``None``
    when the benefit declares no payee and nothing new is to be said (a language-1 decision keeps its bytes).
    ``to`` overrides :func:`payee_to` (a refund on the day of the member's death goes to the beneficiaries)."""
    to = to or payee_to(b)
    declared = b.payee is not None or b.recipients == "non_members"
    if not declared and not (to == "beneficiaries" and beneficiaries):
        return None
    if to == "member":
        return [{"to": "member", "amount": money_str(amount)}]
    if to == "family":
        return [{"to": "family", "amount": money_str(amount)}]
    if to == "applicant":
        out: dict[str, Any] = {"to": "applicant"}
        if person is not None and person.name:
            out["name"] = person.name
        out["amount"] = money_str(amount)
        return [out]
    if not beneficiaries:
        return [{"to": "heirs", "amount": money_str(amount)}]
    shares = [b_.share if b_.share is not None else Fraction(1, len(beneficiaries)) for b_ in beneficiaries]
    parts = split(amount, shares, b.payee.shares if b.payee is not None else DEFAULT_SHARES)
    rows = []
    for ben, share, part in zip(beneficiaries, shares, parts):
        row: dict[str, Any] = {"to": "beneficiary", "name": ben.name, "relationship": ben.relationship}
        if ben.national_id is not None:
            digits = national_id_digits(ben.national_id)
            row["national_id"] = ben.national_id
            if digits is not None:
                row["national_id_checksum"] = "ok" if national_id_ok(digits) else "fails"
        row["share"] = _fraction_text(share)
        row["amount"] = money_str(part)
        rows.append(row)
    return rows


__all__ = ["PAYEE_WORD", "beneficiary_problems", "beneficiary_warnings", "shares_fault",
           "payee_to", "payees", "split"]
