"""The message of each eligibility check, in English and Thai, from the values the check recorded.

A check stores the function and its arguments (see :mod:`._checks`); :attr:`Decision.reasons
<swf_rules.core.decision.Decision.reasons>` calls it when the reasons are read.  Messages that repeat across
decisions (such as "status active (allowed)") are cached and kept once.  Each function returns ``(en, th)``.
"""

from __future__ import annotations

import functools
from decimal import Decimal

from . import model as M

# Thai names of the membership statuses, and the cap windows in words
STATUS_TH = {"active": "ปกติ", "suspended": "ถูกพักสิทธิ์", "lapsed": "พ้นสภาพเพราะขาดส่ง", "resigned": "ลาออก",
             "expelled": "ถูกให้ออก", "dead": "เสียชีวิต", "not_member": "ไม่ได้เป็นสมาชิก"}
WINDOW_TH = {"stay": "ต่อครั้งที่นอนโรงพยาบาล", "event": "ต่อเหตุการณ์", "fiscal_year": "ต่อปีงบประมาณ",
             "calendar_year": "ต่อปีปฏิทิน", "rolling_365_days": "ในรอบ 365 วัน", "lifetime": "ตลอดการเป็นสมาชิก"}
WINDOW_EN = {"stay": "per stay", "event": "per event", "fiscal_year": "per fiscal year",
             "calendar_year": "per calendar year", "rolling_365_days": "in any 365 days", "lifetime": "per lifetime"}


@functools.lru_cache(maxsize=4096)
def msg_status(status: str, ok: bool, allowed: tuple[str, ...]) -> tuple[str, str]:
    return (f"membership status on the event date: {status} ({'allowed' if ok else 'must be ' + ', '.join(allowed)})",
            f"สถานะสมาชิก ณ วันที่เกิดเหตุ: {STATUS_TH[status]} "
            f"({'เข้าเกณฑ์' if ok else 'ต้องเป็น ' + ', '.join(STATUS_TH.get(a, a) for a in allowed)})")


def msg_waiting(period: tuple[str, str], start: str | None, served: str | None, ev: str,
                ok: bool) -> tuple[str, str]:
    return (f"waiting period of {period[0]} from {start or 'no start'}: served on {served or 'never'}, "
            f"event on {ev}" + ("" if ok else " (inside the waiting period)"),
            f"ระยะรอคอย {period[1]} นับจาก {start or '-'} ครบวันที่ {served or '-'} "
            f"เหตุเกิดวันที่ {ev}" + ("" if ok else " (ยังอยู่ในระยะรอคอย)"))


@functools.lru_cache(maxsize=4096)
def msg_tenure(years: Decimal, membership: str, rounding: str, min_years: int) -> tuple[str, str]:
    return (f"membership of {years} years ({membership}, {rounding.replace('_', ' ')}); at least "
            f"{min_years} needed",
            f"เป็นสมาชิก {years} ปี ({'ต่อเนื่อง' if membership == 'continuous' else 'รวมทุกช่วง'}) "
            f"ต้องไม่น้อยกว่า {min_years} ปี")


@functools.lru_cache(maxsize=4096)
def msg_age(age: int, at: str, lo: int | None, hi: int | None) -> tuple[str, str]:
    rng = f"{lo if lo is not None else 0}-{hi if hi is not None else ''}"
    return (f"age {age} at the {'event' if at == 'event' else 'start of membership'}; allowed {rng}",
            f"อายุ {age} ปี {'ณ วันที่เกิดเหตุ' if at == 'event' else 'เมื่อเริ่มเป็นสมาชิก'} เกณฑ์ {rng} ปี")


@functools.lru_cache(maxsize=4096)
def msg_sex(sex: str, required: str) -> tuple[str, str]:
    return (f"the member is {sex}; this benefit is for a {required} member",
            f"สมาชิกเป็น{'หญิง' if sex == 'female' else 'ชาย'} สวัสดิการนี้สำหรับสมาชิก"
            f"{'หญิง' if required == 'female' else 'ชาย'}")


@functools.lru_cache(maxsize=4096)
def msg_arrears(arrears: int, most: int) -> tuple[str, str]:
    return (f"{arrears} instalments in arrears; at most {most} allowed",
            f"ค้างส่ง {arrears} งวด เกณฑ์ไม่เกิน {most} งวด")


def msg_condition(cond: M.Condition, ok: bool) -> tuple[str, str]:
    desc_en = cond.description.en if cond.description else cond.when
    desc_th = cond.description.th if cond.description else cond.when
    return (f"{desc_en}: {'yes' if ok else 'no'} ({cond.when})",
            f"{desc_th}: {'ใช่' if ok else 'ไม่ใช่'} ({cond.when})")


def msg_deadline(last: str, period: tuple[str, str], filed: str | None) -> tuple[str, str]:
    if filed is None:
        return (f"claim must be filed by {last} ({period[0]}); filing date not given",
                f"ต้องยื่นภายใน {last} ({period[1]}) ไม่ได้ระบุวันที่ยื่น")
    return (f"filed on {filed}; the deadline ({period[0]}) was {last}",
            f"ยื่นวันที่ {filed} กำหนดยื่นภายใน {last} ({period[1]})")


@functools.lru_cache(maxsize=4096)
def msg_same_event(ids: tuple[str, ...]) -> tuple[str, str]:
    if not ids:
        return "not already paid for this event", "ยังไม่เคยจ่ายสำหรับเหตุการณ์นี้"
    return (f"already paid for this event (claim {', '.join(ids)})",
            f"จ่ายสำหรับเหตุการณ์นี้แล้ว (คำขอ {', '.join(ids)})")


@functools.lru_cache(maxsize=4096)
def msg_excludes(ex: str, paid: bool) -> tuple[str, str]:
    if not paid:
        return f"no '{ex}' payout for the same event", f"ไม่มีการจ่าย '{ex}' สำหรับเหตุการณ์เดียวกัน"
    return (f"'{ex}' was already paid for the same event, and the two do not combine",
            f"จ่าย '{ex}' สำหรับเหตุการณ์เดียวกันแล้ว ซึ่งรับซ้อนกันไม่ได้")


@functools.lru_cache(maxsize=4096)
def msg_count_cap(used: int, limit: int, per: str) -> tuple[str, str]:
    return (f"paid {used} of at most {limit} times {WINDOW_EN[per]}",
            f"ได้รับแล้ว {used} ครั้ง จากสูงสุด {limit} ครั้ง{WINDOW_TH[per]}")


@functools.lru_cache(maxsize=4096)
def msg_allowance_period(first: str | None, last: str | None, paid: bool) -> tuple[str, str]:
    if not paid:
        return (f"allowance not yet paid for the period {first} to {last}",
                f"ยังไม่ได้รับเบี้ยสำหรับงวด {first} ถึง {last}")
    return (f"allowance already paid for the period {first} to {last}",
            f"ได้รับเบี้ยสำหรับงวด {first} ถึง {last} แล้ว")


@functools.lru_cache(maxsize=4096)
def msg_first_period(ok: bool) -> tuple[str, str]:
    if ok:
        return "eligible since the start of this period", "มีสิทธิ์ตั้งแต่ต้นงวดนี้"
    return ("the first period in which the member becomes eligible is not paid",
            "งวดแรกที่เริ่มมีสิทธิ์ไม่ได้รับเบี้ย")


@functools.lru_cache(maxsize=4096)
def msg_table(by: str, x: Decimal) -> tuple[str, str]:
    return f"{by} {x} is not in any band of the table", f"ค่า {x} ไม่อยู่ในช่วงใดของตาราง"
