"""The words a committee reads: one Thai term per concept, and numbers, money and dates written the Thai way.

Every Thai text for people (explanations, ``show``, the replay summary, the monitor's notices, vouchers, the
printed regulation and the annual report) takes its words from here, so that one concept has one name
everywhere: a status is ``เป็นสมาชิกปกติ``, a cap window ``ต่อปีงบประมาณ``, a unit ``คืน``.  The word for members'
contributions is the fund's own choice (``เงินสัจจะ`` or ``เงินสมทบ``, declared as ``document: {term: ...}`` in the
regulation; :func:`contribution_term`).

:class:`Words` writes numbers with thousands separators, money as ``1,000 บาท``, dates in the Buddhist Era with
Thai month names (``10 กุมภาพันธ์ 2567``), in Arabic or Thai digits.  :func:`digits_outside_ids` turns the digits of
a finished text into Thai digits except inside identifiers (``c-0107``, ``M00042``, file names), for the command
line's ``--digits thai``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from .bands import parse_interval
from .dates import BE_OFFSET
from .thaitext import MONTHS_TH, MONTHS_TH_SHORT, baht_text, group_digits, thai_digits

DEFAULT_TERM = "เงินสมทบ"
TERMS = ("เงินสัจจะ", "เงินสมทบ")

# a member's status as a state one is in ("... ณ วันที่เกิดเหตุ")
STATUS = {"active": "เป็นสมาชิกปกติ", "suspended": "เป็นสมาชิกที่ถูกพักสิทธิ์", "lapsed": "พ้นสภาพเพราะขาดส่ง",
          "resigned": "ลาออกแล้ว", "expelled": "ถูกให้ออก", "dead": "เสียชีวิตแล้ว", "not_member": "ไม่ได้เป็นสมาชิก"}
# the window a cap or a count is counted in
WINDOW = {"stay": "ต่อการนอนโรงพยาบาลหนึ่งครั้ง", "event": "ต่อเหตุการณ์หนึ่งครั้ง", "fiscal_year": "ต่อปีงบประมาณ",
          "calendar_year": "ต่อปีปฏิทิน", "rolling_365_days": "ในระยะเวลา 365 วัน", "lifetime": "ตลอดการเป็นสมาชิก",
          "month": "ต่อเดือน"}
# a rate's unit: (the unit, "per unit")
UNIT = {"night": ("คืน", "คืนละ"), "day": ("วัน", "วันละ"), "visit": ("ครั้ง", "ครั้งละ"), "month": ("เดือน", "เดือนละ")}
ROUNDING = {"half_up": "ปัดเศษตั้งแต่ครึ่งหนึ่งขึ้นไป", "half_even": "ปัดเศษครึ่งหนึ่งไปหาจำนวนคู่", "down": "ปัดเศษทิ้ง",
            "up": "ปัดเศษขึ้น"}
TENURE_ROUNDING = {"completed_years": "นับเฉพาะปีที่ครบ", "over_6_months": "เศษเกินหกเดือนนับเป็นหนึ่งปี",
                   "exact": "นับตามจริงรวมเศษของปี"}
MEMBERSHIP = {"continuous": "ต่อเนื่อง", "cumulative": "รวมทุกช่วงที่เป็นสมาชิก"}
WAIT_FROM = {"membership_start": "วันที่เริ่มเป็นสมาชิก", "first_membership": "วันที่เริ่มเป็นสมาชิกครั้งแรก",
             "first_contribution": "วันที่ส่งเงินครั้งแรก"}
RELATIONSHIP = {"spouse": "คู่สมรส", "child": "บุตร", "father": "บิดา", "mother": "มารดา", "parent": "บิดาหรือมารดา",
                "sibling": "พี่น้อง", "grandchild": "หลาน", "relative": "ญาติ"}
PAYEE = {"member": "สมาชิก", "beneficiary": "ผู้รับผลประโยชน์", "beneficiaries": "ผู้รับผลประโยชน์",
         "family": "ครอบครัวของผู้เสียชีวิต", "applicant": "ผู้ยื่นคำขอ", "heirs": "ทายาท"}
SEX = {"female": "หญิง", "male": "ชาย"}
# the facts a condition reads, as a committee names them
FACT = {"age": "อายุ", "age_at_joining": "อายุเมื่อเข้าเป็นสมาชิก", "sex": "เพศ", "status": "สถานะสมาชิก",
        "arrears": "งวดที่ค้างส่ง", "missed_in_a_row": "งวดที่ขาดส่งติดต่อกัน", "tenure_days": "วันที่เป็นสมาชิก",
        "tenure_years": "ปีที่เป็นสมาชิก", "cumulative_tenure_days": "วันที่เป็นสมาชิกรวมทุกช่วง",
        "cumulative_tenure_years": "ปีที่เป็นสมาชิกรวมทุกช่วง", "units": "จำนวนที่ขอ", "children": "จำนวนบุตร",
        "event_month": "เดือนที่เกิดเหตุ", "fiscal_year": "ปีงบประมาณ", "paid_before": "จำนวนครั้งที่เคยได้รับ"}
# the checks of a decision, as a committee names them (a failing check in a notice)
CHECK = {"status": "สถานะสมาชิก", "waiting": "ระยะรอคอย", "tenure": "ระยะเวลาการเป็นสมาชิก", "age": "อายุ", "sex": "เพศ",
         "arrears": "การค้างส่ง", "condition": "เงื่อนไข", "deadline": "กำหนดยื่นคำขอ",
         "same_event": "จ่ายแล้วสำหรับเหตุการณ์เดียวกัน", "excludes": "รับซ้อนกับสวัสดิการอื่นไม่ได้",
         "count_cap": "จำนวนครั้งที่จ่ายได้", "allowance_period": "เบี้ยงวดนี้จ่ายแล้ว",
         "allowance_first_period": "งวดแรกที่เริ่มมีสิทธิ์", "person": "บุคคลที่เกี่ยวข้อง",
         "person_member": "การเป็นสมาชิกของบุคคลที่เกี่ยวข้อง", "person_age": "อายุของบุคคลที่เกี่ยวข้อง",
         "other_member": "สมาชิกอื่นได้รับแล้ว", "not_member": "ผู้ยื่นคำขอเป็นสมาชิก", "table": "ตารางจำนวนเงิน"}
FRACTION = {(1, 2): "กึ่งหนึ่ง", (1, 4): "หนึ่งในสี่", (3, 4): "สามในสี่", (1, 3): "หนึ่งในสาม", (2, 3): "สองในสาม",
            (1, 1): "เต็มจำนวน"}


def contribution_term(regulation: Any) -> str:
    """The fund's word for members' contributions: the ``document.term`` of its latest version that declares
    one, else ``เงินสมทบ``."""
    for v in reversed(getattr(regulation, "versions", ()) or ()):
        doc = getattr(v, "document", None)
        if doc is not None and doc.term:
            return str(doc.term)
    return DEFAULT_TERM


def note_translations(regulation: Any, lang: str) -> dict[str, str]:
    """The notes written in one language, in ``lang``: the ``document.translations`` of every version of the file
    (``{th, en}`` pairs), as a mapping from either side to the ``lang`` side."""
    out: dict[str, str] = {}
    for v in getattr(regulation, "versions", ()) or ():
        doc = getattr(v, "document", None)
        for pair in (doc.translations if doc is not None else ()):
            want = pair.th if lang == "th" else pair.en
            out[" ".join(pair.th.split())] = want
            out[" ".join(pair.en.split())] = want
    return out


@dataclass(frozen=True)
class Words:
    """How one Thai text writes numbers: Arabic (default) or Thai digits (``digits="thai"``)."""

    digits: str = "arabic"

    def d(self, text: str) -> str:
        """Digits of generated text in this text's style."""
        return thai_digits(text) if self.digits == "thai" else text

    def n(self, x: int | Decimal | str) -> str:
        """A count or amount with thousands separators: ``1,000``; ``12.50``."""
        if isinstance(x, str):
            x = Decimal(x)
        return self.d(group_digits(x))

    def money(self, x: int | Decimal | str) -> str:
        return f"{self.n(x)} บาท"

    def money_words(self, x: int | Decimal | str) -> str:
        """``1,000 บาท (หนึ่งพันบาทถ้วน)``."""
        amount = Decimal(x) if isinstance(x, str) else Decimal(x)
        return f"{self.money(amount)} ({baht_text(amount)})"

    def date(self, d: date | str | None) -> str:
        """``10 กุมภาพันธ์ 2567`` (B.E.); ``-`` for none."""
        if d is None:
            return "-"
        if isinstance(d, str):
            d = date.fromisoformat(d)
        return self.d(f"{d.day} {MONTHS_TH[d.month - 1]} {d.year + BE_OFFSET}")

    def short_date(self, d: date | str | None) -> str:
        """``10 ก.พ. 2567`` (B.E.), for tables."""
        if d is None:
            return "-"
        if isinstance(d, str):
            d = date.fromisoformat(d)
        return self.d(f"{d.day} {MONTHS_TH_SHORT[d.month - 1]} {d.year + BE_OFFSET}")

    def year(self, be_year: int | str) -> str:
        return self.d(str(be_year))

    def span(self, first: date | str | None, last: date | str | None) -> str:
        """``1 ต.ค. 2566 ถึง 30 ก.ย. 2567``."""
        return f"{self.short_date(first)} ถึง {self.short_date(last)}"

    def period(self, years: int | None = 0, months: int | None = 0, days: int | None = 0) -> str:
        """``1 ปี 6 เดือน``, ``180 วัน``."""
        parts = [f"{self.n(v)} {u}" for v, u in ((years, "ปี"), (months, "เดือน"), (days, "วัน")) if v]
        return " ".join(parts) or self.d("0 วัน")

    def fraction(self, numerator: int, denominator: int) -> str:
        return FRACTION.get((numerator, denominator)) or self.d(f"{numerator}/{denominator}")

    def ages(self, low: int | None, high: int | None) -> str:
        """An age rule: ``อายุ 60 ปีขึ้นไป``, ``อายุไม่เกิน 70 ปี``, ``อายุตั้งแต่ 20 ถึง 60 ปี``."""
        if low is not None and high is not None:
            return f"อายุตั้งแต่ {self.n(low)} ถึง {self.n(high)} ปี"
        if low is not None:
            return f"อายุ {self.n(low)} ปีขึ้นไป"
        if high is not None:
            return f"อายุไม่เกิน {self.n(high)} ปี"
        return "ไม่จำกัดอายุ"

    def band(self, text: str, unit: str = "ปี") -> str:
        """A table band's interval in words: ``[5, 10)`` -> ``5 ปีขึ้นไปแต่ไม่ถึง 10 ปี``; ``[10, )`` ->
        ``10 ปีขึ้นไป``; ``(20, 25]`` -> ``เกิน 20 ปีแต่ไม่เกิน 25 ปี``; ``[0, 1)`` -> ``ไม่ถึง 1 ปี``."""
        iv = parse_interval(text)
        low = f"{self.n(iv.low)} {unit}ขึ้นไป" if iv.low_inclusive else f"เกิน {self.n(iv.low)} {unit}"
        if iv.high is None:
            return low if iv.low_inclusive else f"{low}ขึ้นไป"
        high = f"{'ไม่เกิน' if iv.high_inclusive else 'ไม่ถึง'} {self.n(iv.high)} {unit}"
        if iv.low == 0 and iv.low_inclusive:
            return high
        return f"{low}แต่{high}"


# ------------------------------------------------------------------------------------------ --digits thai
_TOKEN = re.compile(r"[A-Za-z0-9_\-./:@#]+")
_ID_MARK = re.compile(r"[A-Za-z_@#]")


def _is_identifier(token: str) -> bool:
    """A member or claim number, a file name, a fingerprint: a Latin letter or ``_@#`` in it, or numbers joined by
    hyphens one of which starts with a zero (``01-00042``; ``18-59`` is a range of numbers)."""
    core = token.rstrip(":.,")
    if _ID_MARK.search(core):
        return True
    parts = core.split("-")
    return len(parts) > 1 and any(len(x) > 1 and x.startswith("0") for x in parts)


def digits_outside_ids(text: str) -> str:
    """``text`` with Thai digits, except inside identifiers and paths (:func:`_is_identifier`):
    ``คำขอ c-0107 จ่าย 1,000 บาท`` -> ``คำขอ c-0107 จ่าย ๑,๐๐๐ บาท``."""
    return _TOKEN.sub(lambda m: m.group(0) if _is_identifier(m.group(0)) else thai_digits(m.group(0)), text)


__all__ = ["CHECK", "DEFAULT_TERM", "FACT", "FRACTION", "MEMBERSHIP", "PAYEE", "RELATIONSHIP", "ROUNDING", "SEX", "STATUS",
           "TENURE_ROUNDING", "TERMS", "UNIT", "WAIT_FROM", "WINDOW", "Words", "contribution_term",
           "digits_outside_ids", "note_translations"]
