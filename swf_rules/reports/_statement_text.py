"""Passbooks as text: a header per member, the instalments of each spell, other payments and the payouts."""

from __future__ import annotations

from typing import Any

from ._common import baht, count, day_text, status_name, table, tr

MARK_TH = {"paid": "ส่ง", "late": "ส่งช้า", "missed": "ขาด", "due": "ยังไม่ถึงกำหนด"}
MARK_EN = {"paid": "paid", "late": "paid late", "missed": "missed", "due": "not yet due"}
SEX_TH = {"female": "หญิง", "male": "ชาย"}
REASON_TH = {"resigned": "ลาออก", "lapsed": "พ้นสภาพเพราะขาดส่ง", "died": "เสียชีวิต", "expelled": "ให้ออก"}


def _period(key: str, lang: str) -> str:
    """A period key in the reader's calendar: ``2567-03`` (B.E.) in Thai, ``2024-03`` in English."""
    if lang != "th" or not key[:4].isdigit():
        return key
    return str(int(key[:4]) + 543) + key[4:]


def render_passbook(pb: Any, lang: str, term: str = "เงินสัจจะ") -> list[str]:
    th = lang == "th"
    out = [tr(lang, f"สมาชิก {pb.member_id}  เกิด {day_text(pb.birth_date, lang)}  เพศ{SEX_TH.get(pb.sex, pb.sex)}  "
                    f"สถานะ: {status_name(pb.status, lang)}",
              f"Member {pb.member_id}  born {day_text(pb.birth_date, lang)}  {pb.sex}  status: {pb.status}")]
    if pb.died_on is not None:
        out.append(tr(lang, f"เสียชีวิต {day_text(pb.died_on, lang)}", f"died {day_text(pb.died_on, lang)}"))
    for n, s in enumerate(pb.spells, 1):
        end = "" if s.end is None else tr(lang, f" ถึง {day_text(s.end, lang)} ({REASON_TH.get(s.end_reason, s.end_reason)})",
                                          f" to {day_text(s.end, lang)} ({s.end_reason})")
        out.append(tr(lang, f"ช่วงที่ {n}: เป็นสมาชิกตั้งแต่ {day_text(s.start, lang)}{end}",
                      f"spell {n}: member from {day_text(s.start, lang)}{end}"))
        body = [[tr(lang, "งวด", "period"), tr(lang, "กำหนดส่ง", "deadline"), tr(lang, "วันที่ส่ง", "paid on"),
                 tr(lang, "จำนวนเงิน", "amount"), tr(lang, "ผล", "mark")]]
        for i in s.instalments:
            body.append([_period(i.period, lang), day_text(i.deadline, lang), day_text(i.paid_on, lang),
                         baht(i.amount), MARK_TH[i.mark] if th else MARK_EN[i.mark]])
        out += table(body, [False, False, False, True, False], "  ")
        if s.lapsed_on is not None and (s.end is None or s.lapsed_on < s.end):
            out.append(tr(lang, f"  พ้นสภาพเพราะขาดส่งตั้งแต่ {day_text(s.lapsed_on, lang)}",
                          f"  membership lapsed on {day_text(s.lapsed_on, lang)}"))
    if pb.other_payments:
        out.append(tr(lang, "เงินที่ส่งนอกงวดข้างต้น", "Other payments"))
        out += table([[day_text(d, lang), _period(c, lang), baht(a)] for d, c, a in pb.other_payments],
                     [False, False, True], "  ")
    out.append(tr(lang, "การรับสวัสดิการ", "Payouts"))
    if pb.payouts:
        body = [[tr(lang, "ใบสำคัญ", "voucher"), tr(lang, "สวัสดิการ", "benefit"), tr(lang, "วันที่เกิดเหตุ", "event"),
                 tr(lang, "วันที่จ่าย", "paid on"), tr(lang, "จำนวนเงิน", "amount")]]
        for p in pb.payouts:
            body.append([p.payout_id, p.title["th" if th else "en"], day_text(p.event_date, lang),
                         day_text(p.paid_on, lang), baht(p.amount)])
        out += table(body, [False, False, False, False, True], "  ")
    else:
        out.append(tr(lang, "  ไม่มี", "  none"))
    out.append(tr(lang, f"รวม: ส่ง {count(pb.count('paid'))} งวด ส่งช้า {count(pb.count('late'))} งวด "
                        f"ขาด {count(pb.count('missed'))} งวด {term} {baht(pb.contributed)} บาท "
                        f"รับสวัสดิการ {baht(pb.received)} บาท",
                  f"totals: {pb.count('paid')} paid, {pb.count('late')} paid late, {pb.count('missed')} missed; "
                  f"contributed {baht(pb.contributed)} baht, received {baht(pb.received)} baht"))
    return out


def render_statements(s: Any, lang: str = "en") -> str:
    name = s.name["th"] if lang == "th" else s.name["en"]
    out = [tr(lang, f"สมุดบัญชีสมาชิก {name} ณ วันที่ {day_text(s.as_of, lang)}",
              f"Passbooks of the {name} on {day_text(s.as_of, lang)}")]
    for pb in s.passbooks:
        out.append("")
        out += render_passbook(pb, lang, s.term)
    return "\n".join(out) + "\n"


__all__ = ["render_passbook", "render_statements"]
