"""The membership constructs of language version 2 as typed models: contribution schedules and their deadlines,
the funeral levy (ฌาปนกิจ), benefit groups that share a waiting period, and the two amount rules that read the
member's money (``refund``) or the fund's books (``levies_collected``).

They are used by :mod:`swf_rules.core.model`, which adds them to the version-1 models as fields marked new in
version 2 (:mod:`swf_rules.core._language`).  Checks that need the whole document are in
:mod:`swf_rules.core._validate_membership`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated, ClassVar, Literal, Union

from pydantic import Field, Strict

from ._language import Since
from ._model_base import FractionT, Ident, Model, Money, Note, Str, Text

Period = Literal["day", "week", "month", "half_year", "year"]
NEW_PERIODS = ("day", "week", "half_year")

# the markers of what swf_rules.core.model gains in swf-rules/2 (each names the construct in a needs-language-2)
NEW_PERIOD = Since(2, "a day, week or half-year instalment", "งวดรายวัน รายสัปดาห์ หรือรายครึ่งปี",
                   lambda v: v in NEW_PERIODS)
STATED = Since(2, "a stated rate (stated)", "อัตราตามถ้อยคำระเบียบ (stated)")
DUE = Since(2, "a date deadline for instalments (due)", "กำหนดส่งงวดเป็นวันที่ (due)")
COUNTS_AS_PAID = Since(2, "what counts as paid (counts_as_paid)", "เกณฑ์การถือว่าส่งแล้ว (counts_as_paid)")
YEARLY_TOTAL = Since(2, "a yearly total (yearly_total)", "ยอดรวมต่อปี (yearly_total)")
ALTERNATIVES = Since(2, "other schedules (alternatives)", "รอบการส่งแบบอื่น (alternatives)")
LEVY = Since(2, "the funeral levy (levy)", "เงินสงเคราะห์ศพ (levy)")
PAUSED_BY_ARREARS = Since(2, "a waiting period paused by arrears (paused_by_arrears)",
                          "ระยะรอคอยที่หยุดนับเมื่อค้างส่ง (paused_by_arrears)")
WAITING_CLAUSE = Since(2, "the clause of a waiting period", "ข้อของระยะรอคอย")
GROUP = Since(2, "a benefit group (group)", "กลุ่มสวัสดิการ (group)")
GROUPS = Since(2, "benefit groups (groups)", "กลุ่มสวัสดิการ (groups)")

class InstalmentDue(Model):
    """An instalment's deadline as a date: ``{of: next_month, day: 10}`` (the 10th of the month after the period
    ends) or ``{of: next_year, month: 3, day: 31}`` (31 March of the year after)."""

    of: Literal["next_month", "next_year"]
    day: Annotated[int, Strict(), Field(ge=1, le=31)]
    month: Annotated[int, Strict(), Field(ge=1, le=12)] | None = None
    illustrative: Note | None = None


class StatedRate(Model):
    """The rate as the regulation words it ("วันละ ๑ บาท"): shown beside the schedule, never used to count."""

    amount: Money
    per: Period


class Schedule(Model):
    """Another schedule a member may pay on (``contribution.alternatives``)."""

    amount: Money
    period: Period
    due: InstalmentDue | None = None
    counts_as_paid: Literal["instalment", "yearly_total"] = "instalment"
    yearly_total: Money | None = None
    illustrative: Note | None = None


class LevyWithin(Model):
    days: Annotated[int, Strict(), Field(ge=0)] = 0
    months: Annotated[int, Strict(), Field(ge=0)] = 0


class Levy(Model):
    """The funeral levy: on each member's death every member owing it (``owed_by``, on the day of the death) pays
    ``amount`` within ``within`` of the death.  ``in_arrears``: an unpaid levy past its last day counts as one
    instalment in arrears; ``lapse_after``: that many levies unpaid past their last day end the membership."""

    clause: Str | None = None
    amount: Money
    within: LevyWithin
    owed_by: list[Literal["active", "suspended"]] = Field(default_factory=lambda: ["active", "suspended"])
    in_arrears: bool = True
    lapse_after: Annotated[int, Strict(), Field(ge=1)] | None = None
    illustrative: Note | None = None


class BenefitGroup(Model):
    """Benefits that share one waiting period, declared once (Umong: items 1-13 wait 365 days, 14-26 180)."""

    id: Ident
    title: Text
    clause: Str
    waiting: "Waiting"  # of swf_rules.core.model, which rebuilds this model once Waiting exists
    illustrative: Note | None = None


class Refund(Model):
    """An amount: the contributions the member paid, refunded when membership ends ``on`` resignation or death."""

    since: ClassVar[int] = 2
    what: ClassVar[str] = "amount type refund"
    what_th: ClassVar[str] = "การคืนเงินสมทบ (type: refund)"

    type: Literal["refund"]
    on: Annotated[list[Literal["resignation", "death"]], Field(min_length=1)]
    contributions: Literal["spell", "all_spells"] = "spell"
    unless_benefit_received: bool = False
    fraction: FractionT = Fraction(1)


class LeviesCollected(Model):
    """An amount: the levies the fund collected for this death, as its books say (a claim field), times
    ``share``."""

    since: ClassVar[int] = 2
    what: ClassVar[str] = "amount type levies_collected"
    what_th: ClassVar[str] = "เงินสงเคราะห์ที่เก็บได้ (type: levies_collected)"

    type: Literal["levies_collected"]
    field: Ident
    share: FractionT = Fraction(1)


NEW_AMOUNTS = (Refund, LeviesCollected)
NewAmount = Union[Refund, LeviesCollected]


__all__ = ["BenefitGroup", "InstalmentDue", "LeviesCollected", "Levy", "LevyWithin", "NEW_AMOUNTS", "NEW_PERIODS",
           "Period", "Refund", "Schedule", "StatedRate"]
