"""Messages (English, Thai) of the checks the membership constructs of language version 2 add: a waiting period
paused by arrears, and the two checks of a refund."""

from __future__ import annotations

import functools

from ._messages import msg_status

_ON_TH = {"resignation": "การลาออก", "death": "การเสียชีวิต"}


@functools.lru_cache(maxsize=1024)
def msg_status_levies(status: str, ok: bool, allowed: tuple[str, ...], levies: int) -> tuple[str, str]:
    en, th = msg_status(status, ok, allowed)
    return (f"{en}; funeral levies overdue: {levies}", f"{th} ค้างเงินสงเคราะห์ศพ {levies} ราย")


def msg_waiting_paused(period: tuple[str, str], start: str | None, served: str | None, ev: str, ok: bool,
                       paused: int) -> tuple[str, str]:
    return (f"waiting period of {period[0]} from {start or 'no start'}, paused {paused} days in arrears: served on "
            f"{served or 'never'}, event on {ev}" + ("" if ok else " (inside the waiting period)"),
            f"ระยะรอคอย {period[1]} นับจาก {start or '-'} หยุดนับ {paused} วันที่ค้างส่ง ครบวันที่ {served or '-'} "
            f"เหตุเกิดวันที่ {ev}" + ("" if ok else " (ยังอยู่ในระยะรอคอย)"))


@functools.lru_cache(maxsize=1024)
def msg_refund_event(ended: str | None, on: tuple[str, ...]) -> tuple[str, str]:
    allowed_en = " or ".join(on)
    allowed_th = " หรือ".join(_ON_TH[x] for x in on)
    if ended is None:
        return (f"membership did not end by {allowed_en} on the event date",
                f"การเป็นสมาชิกไม่ได้สิ้นสุดด้วย{allowed_th}ในวันที่เกิดเหตุ")
    return (f"membership ended by {ended} on the event date (refunded on {allowed_en})",
            f"การเป็นสมาชิกสิ้นสุดด้วย{_ON_TH[ended]}ในวันที่เกิดเหตุ (คืนเงินเมื่อ{allowed_th})")


@functools.lru_cache(maxsize=1024)
def msg_no_benefit_received(ids: tuple[str, ...]) -> tuple[str, str]:
    if not ids:
        return ("no benefit was ever paid to the member", "สมาชิกไม่เคยได้รับสวัสดิการใดเลย")
    return (f"the member has received a benefit (claim {', '.join(ids)}): contributions are not refunded",
            f"สมาชิกเคยได้รับสวัสดิการแล้ว (คำขอ {', '.join(ids)}) จึงไม่คืนเงินสมทบ")


__all__ = ["msg_no_benefit_received", "msg_refund_event", "msg_status_levies", "msg_waiting_paused"]
