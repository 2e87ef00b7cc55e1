"""The committee review as text: per meeting, per approver, and in total."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ._common import baht, count, day_text, table, tr

VERDICT_TH = {"as_entitled": "ตรงตามสิทธิ", "over": "จ่ายเกิน", "under": "จ่ายขาด", "not_entitled": "ไม่มีสิทธิ",
              "twice": "จ่ายซ้ำ", "late": "ยื่นเกินกำหนด", "unknown": "ไม่มีในระเบียบ", "undetermined": "ตัดสินไม่ได้",
              "refused_entitled": "ปฏิเสธทั้งที่มีสิทธิ", "refused_rightly": "ปฏิเสธถูกต้อง"}
VERDICT_EN = {"as_entitled": "as entitled", "over": "over", "under": "under", "not_entitled": "not entitled",
              "twice": "twice", "late": "late", "unknown": "unknown", "undetermined": "undetermined",
              "refused_entitled": "refused, entitled", "refused_rightly": "refused rightly"}


def _days(d: dict[str, Any], lang: str) -> str:
    if not d["count"]:
        return "-"
    med = Decimal(d["median"])
    return f"{med.normalize():f} / {d['max']}"


def _rows(groups: list[Any], lang: str, none: str) -> list[list[str]]:
    th = lang == "th"
    used = [v for v in VERDICT_EN if any(g.verdicts()[v] for g in groups)]
    head = [tr(lang, "กลุ่ม", "group"), tr(lang, "เรื่อง", "claims"), tr(lang, "อนุมัติ", "approved"),
            tr(lang, "ปฏิเสธ", "refused"), tr(lang, "จำนวนเงิน", "amount")] + \
        [VERDICT_TH[v] if th else VERDICT_EN[v] for v in used] + \
        [tr(lang, "จ่ายเกินสิทธิ", "excess"), tr(lang, "ค้างจ่ายตามสิทธิ", "shortfall"),
         tr(lang, "วันถึงมติ (มัธยฐาน/สูงสุด)", "days to decision (median/max)"),
         tr(lang, "วันถึงจ่าย (มัธยฐาน/สูงสุด)", "days to payment (median/max)")]
    out = [head]
    for g in groups:
        d = g.to_dict()
        out.append([g.key or none, count(d["decisions"]), count(d["approved"]), count(d["refused"]), baht(g.amount)]
                   + [count(d["verdicts"][v]) for v in used]
                   + [baht(g.excess), baht(g.shortfall), _days(d["days_to_decision"], lang),
                      _days(d["days_to_payment"], lang)])
    return out


def render_committee_review(r: Any, lang: str = "en") -> str:
    name = r.name["th"] if lang == "th" else r.name["en"]
    none = tr(lang, "ไม่ได้บันทึก", "not recorded")
    out = [tr(lang, f"ทบทวนคณะกรรมการ {name} ถึงวันที่ {day_text(r.as_of, lang)}",
              f"Committee review of the {name} up to {day_text(r.as_of, lang)}"), ""]
    for title, groups, label in ((tr(lang, "ตามการประชุม", "Per meeting"), r.meetings, none),
                                 (tr(lang, "ตามผู้อนุมัติ", "Per approver"), r.approvers, none),
                                 (tr(lang, "รวม", "Total"), [r.total], tr(lang, "ทั้งหมด", "all"))):
        rows = _rows(groups, lang, label)
        out += [title] + table(rows, [False] + [True] * (len(rows[0]) - 1), "  ") + [""]
    out.append(tr(lang, "วันถึงมติ: จากวันยื่นคำขอถึงวันที่คณะกรรมการมีมติ; วันถึงจ่าย: จากวันยื่นคำขอถึงวันที่จ่ายเงิน; "
                        "ผลการตรวจตามระเบียบเหมือนการตรวจสอบย้อนหลัง",
                  "days to decision: from filing to the committee's decision; days to payment: from filing to "
                  "payment; verdicts as replay gives them"))
    odd = [j for j in r.total.judged if j.verdict != "as_entitled"]
    if odd:
        out += ["", tr(lang, f"เรื่องที่ไม่ตรงตามสิทธิ ({count(len(odd))})", f"Decisions not as entitled ({len(odd)})")]
        body = [[tr(lang, "เลขที่", "claim"), tr(lang, "สมาชิก", "member"), tr(lang, "สวัสดิการ", "benefit"),
                 tr(lang, "ผล", "verdict"), tr(lang, "อนุมัติ", "approved"), tr(lang, "ตามสิทธิ", "entitled"),
                 tr(lang, "การประชุม", "meeting"), tr(lang, "ผู้อนุมัติ", "approver")]]
        for j in odd:
            d = j.decision
            body.append([d.claim_id, d.member_id, r.titles.get(d.benefit, {}).get(lang, d.benefit),
                         VERDICT_TH[j.verdict] if lang == "th" else VERDICT_EN[j.verdict], baht(d.amount),
                         baht(j.entitled), d.meeting or none, d.approver or none])
        out += table(body, [False, False, False, False, True, True, False, False], "  ")
    return "\n".join(out) + "\n"


__all__ = ["VERDICT_EN", "VERDICT_TH", "render_committee_review"]
