"""Stage 6 -- explain: a decision as an indented tree a committee member can follow, in Thai or English.

The tree is the decision's ``reasons`` and ``breakdown``, rendered; JSON stays the machine form.
"""

from __future__ import annotations

from typing import Any

from ._explain_v2 import breakdown_lines, cap_suffix, payee_lines, payee_word, person_lines
from .dates import to_be
from .decision import Decision

_L = {
    "en": {"claim": "Claim", "member": "member", "benefit": "Benefit", "eligible": "ELIGIBLE",
           "not_eligible": "NOT ELIGIBLE", "pay": "Amount payable", "checks": "Checks", "amount": "Amount",
           "reg": "Regulation", "version": "version", "pass": "PASS", "fail": "FAIL", "unknown": "NOT CHECKED",
           "rate": "rate", "units": "units", "raw": "computed", "cap": "cap", "used": "used",
           "remaining": "remaining", "offset": "offset", "paid": "already paid", "band": "band",
           "value": "value", "rounding": "rounding", "children": "children", "of": "of", "payee": "paid to",
           "beneficiary": "the beneficiary", "member_payee": "the member", "event": "event date",
           "units_claimed": "units claimed", "baht": "baht"},
    "th": {"claim": "คำขอ", "member": "สมาชิก", "benefit": "สวัสดิการ", "eligible": "มีสิทธิ์ได้รับ",
           "not_eligible": "ไม่มีสิทธิ์ได้รับ", "pay": "จำนวนเงินที่จ่าย", "checks": "การตรวจสอบ", "amount": "การคำนวณเงิน",
           "reg": "ระเบียบ", "version": "ฉบับ", "pass": "ผ่าน", "fail": "ไม่ผ่าน", "unknown": "ไม่ได้ตรวจ",
           "rate": "อัตรา", "units": "จำนวนหน่วย", "raw": "คำนวณได้", "cap": "เพดาน", "used": "ใช้ไปแล้ว",
           "remaining": "คงเหลือ", "offset": "หักกลบ", "paid": "เคยจ่ายแล้ว", "band": "ช่วง", "value": "ค่า",
           "rounding": "การปัดเศษ", "children": "จำนวนบุตร", "of": "ของ", "payee": "ผู้รับเงิน",
           "beneficiary": "ผู้รับผลประโยชน์", "member_payee": "สมาชิก", "event": "วันที่เกิดเหตุ",
           "units_claimed": "จำนวนหน่วยที่ขอ", "baht": "บาท"},
}


def explain(decision: Decision | dict[str, Any], lang: str = "en", regulation: Any = None) -> str:
    """Render a decision (object or its JSON dict) as an indented text tree.  In Thai it is the committee's
    explanation (:mod:`._explain_th`); ``regulation``, the one it was decided under, lets it name what only the
    regulation knows (the rate's unit, the conditions' descriptions, other benefits' titles)."""
    d = decision.to_dict() if isinstance(decision, Decision) else decision
    if lang == "th":
        from ._explain_th import explain_th
        return explain_th(d, regulation)
    t = _L["th" if lang == "th" else "en"]
    title = d["title"]["th" if lang == "th" else "en"]
    ev = d["event_date"]
    ev_shown = f"{ev} (พ.ศ. {to_be(_date(ev))})" if lang == "th" else ev
    lines = [
        f"{t['claim']} {d['claim_id']} ({t['member']} {d['member_id']}): {title} [{d['clause']}]",
        f"  {t['event']}: {ev_shown}",
        f"  {t['reg']}: {d['regulation']['fund']} {t['version']} {d['regulation']['version']} "
        f"({d['regulation']['fingerprint'][:19]}…)",
        f"  => {t['eligible'] if d['eligible'] else t['not_eligible']}; {t['pay']}: {d['amount']} {t['baht']}"
        + (f"; {t['payee']}: {t['beneficiary'] if d['payee'] == 'beneficiary' else t['member_payee']}"
           if d["payee"] in ("member", "beneficiary") else f"; {t['payee']}: {payee_word(d['payee'], lang)}"),
        *payee_lines(d, lang),
        *person_lines(d, lang),
        f"  {t['checks']}:",
    ]
    for r in d["reasons"]:
        mark = t["pass"] if r["passed"] is True else t["fail"] if r["passed"] is False else t["unknown"]
        clause = f" [{r['clause']}]" if r.get("clause") else ""
        lines.append(f"    [{mark}] {r['message']['th' if lang == 'th' else 'en']}{clause}")
    bd = d["breakdown"]
    lines.append(f"  {t['amount']}: ({bd['basis']})")
    if "rate" in bd:
        lines.append(f"    {t['rate']} {bd['rate']} x {t['units']} {bd.get('units')}"
                     + (f" ({t['units_claimed']} {bd['units_claimed']})" if bd.get("units_claimed") != bd.get("units")
                        else ""))
    if "children" in bd:
        lines.append(f"    {t['children']}: {bd['children']}")
    if "table_value" in bd:
        band = f", {t['band']} {bd['band']}" if bd.get("band") else ""
        lines.append(f"    {t['value']}: {bd['table_value']}{band}")
    lines.extend(breakdown_lines(bd, lang))
    if "of" in bd:
        lines.append(f"    {bd['of']['fraction']} {t['of']} {bd['of']['benefit']} ({bd['of']['amount']})")
    lines.extend(_membership_lines(bd, lang == "th"))
    lines.append(f"    {t['raw']}: {bd['raw_amount']} ({t['rounding']}: {bd['rounding']['mode']} "
                 f"{bd['rounding']['unit']})")
    for c in bd["caps"]:
        win = f" {c['window'][0]}..{c['window'][1]}" if c.get("window") and c["window"][0] else ""
        lines.append(f"    {t['cap']} {c['per']}{win}: {c['limit']} ({c['measure']}), {t['used']} {c['used']}, "
                     f"{t['remaining']} {c['remaining']}: {c['before']} -> {c['after']}{cap_suffix(c, lang)}")
    for o in bd["offsets"]:
        lines.append(f"    {t['offset']} {o['benefit']}: {t['paid']} {o['paid']}: {o['before']} -> {o['after']}")
    lines.append(f"    = {bd['amount']}")
    return "\n".join(lines) + "\n"


def _membership_lines(bd: dict[str, Any], th: bool) -> list[str]:
    """The working of a refund or of a benefit paid from the levies collected (swf-rules/2)."""
    out = []
    if "refund" in bd:
        r = bd["refund"]
        span = f"{r['from']}..{r['to']}" if r["from"] else f"..{r['to']}"
        out.append(f"    {'เงินสมทบที่ส่ง' if th else 'contributions paid'} {span}: {r['paid']} "
                   f"({r['instalments']} {'รายการ' if th else 'payments'}) x {r['fraction']}")
    if "levies" in bd:
        lv = bd["levies"]
        out.append(f"    {'เงินสงเคราะห์ที่เก็บได้' if th else 'levies collected'} ({lv['field']}): {lv['collected']} "
                   f"x {lv['share']}")
    return out


def _date(text: str):
    from datetime import date
    return date.fromisoformat(text)
