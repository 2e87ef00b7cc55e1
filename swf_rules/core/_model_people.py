"""People constructs of language version 2 (``language: swf-rules/2``): who a benefit is about besides the
member, who receives the money, one event claimed by several members, and benefits for people who are not members.

- ``person:`` the claim names another person (a child for a scholarship, a spouse or parent who died): which
  relationships qualify, whether that person may or must not be a member, and their age at the event.
- ``payee:`` who receives the money: the member, the beneficiaries named in the member history (with shares, each
  share rounded as declared and the remainder satang given to the first, last or largest share; the heirs when
  none is named), the family (a funeral wreath), or the applicant of a benefit for non-members.
- ``several_members:`` one event claimed by several members (both parents of one child): paid ``once_per_event``
  or ``once_per_member``.
- ``recipients: non_members``: a benefit decided by the fund's own rule for people who are not members (no member
  history: the applicant's age and the claim's fields).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from ._language import Since
from ._model_base import Model, Money, Note, PosInt

# The relationships of domain.md: บุตร, มารดา, บิดา, พี่/น้อง, หลาน, ญาติ, สามี/ภรรยา; ``parent`` is the father or mother.
Relationship = Literal["spouse", "child", "father", "mother", "parent", "sibling", "grandchild", "relative"]
SeveralMembers = Literal["once_per_event", "once_per_member"]
Recipients = Literal["members", "non_members"]
PayeeTo = Literal["member", "beneficiaries", "family", "applicant"]

# the markers of the benefit fields swf_rules.core.model gains in swf-rules/2 (each names the construct in a
# needs-language-2)
PERSON = Since(2, "the person a claim is about (person)", "บุคคลที่คำขอเกี่ยวข้อง (person)")
PAYEE = Since(2, "who is paid (payee)", "ผู้รับเงิน (payee)")
SEVERAL_MEMBERS = Since(2, "one event claimed by several members (several_members)",
                        "เหตุการณ์เดียวที่สมาชิกหลายคนยื่นขอ (several_members)")
RECIPIENTS = Since(2, "who may claim (recipients)", "ผู้มีสิทธิ์ยื่นขอ (recipients)")


class PersonAge(Model):
    """The other person's age at the event, in completed years."""

    min: PosInt | None = None
    max: PosInt | None = None
    illustrative: Note | None = None


class PersonRule(Model):
    """The other person a benefit is about; a claim for the benefit names them (``person`` in the claim)."""

    relationships: Annotated[list[Relationship], Field(min_length=1)]
    member: Literal["any", "member", "not_member"] = "any"
    age: PersonAge | None = None
    illustrative: Note | None = None


class Shares(Model):
    """How the amount is divided among several beneficiaries: each share rounded ``mode`` to ``unit``, and the
    remainder (what the rounded shares leave of the amount) given to the ``first``, ``last`` or ``largest``."""

    mode: Literal["down", "half_up", "half_even", "up"] = "down"
    unit: Money = Decimal("0.01")
    remainder: Literal["first", "last", "largest"] = "first"


class Payee(Model):
    """Who receives the money of a benefit."""

    to: PayeeTo
    shares: Shares = Field(default_factory=Shares)
    illustrative: Note | None = None


__all__ = ["PAYEE", "PERSON", "RECIPIENTS", "SEVERAL_MEMBERS", "Payee", "PayeeTo", "PersonAge", "PersonRule", "Recipients", "Relationship", "SeveralMembers", "Shares"]
