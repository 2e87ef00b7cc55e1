"""The replay's summary in a committee's Thai: the fund's name, benefit titles, the findings named in Thai (only
the kinds that occur, beside the payouts found correct), money with thousands separators, columns aligned by
display width."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..core.thaitext import align, display_width, group_digits

FINDINGS_TH = {"supported": "ถูกต้อง", "overpaid": "จ่ายเกิน", "underpaid": "จ่ายขาด", "not_entitled": "ไม่มีสิทธิ์",
               "paid_twice": "จ่ายซ้ำ", "late": "ยื่นเกินกำหนด", "unknown_benefit": "ไม่มีในระเบียบ",
               "undetermined": "ตัดสินไม่ได้"}


def _title(regulation: Any, benefit: str) -> str:
    if regulation is not None:
        for v in reversed(regulation.versions):
            b = v.benefit(benefit)
            if b is not None:
                return str(b.title.th)
    return f"ไม่มีในระเบียบ ({benefit})"


def render_summary_th(result: Any, regulation: Any = None, findings: tuple[str, ...] = tuple(FINDINGS_TH)) -> str:
    rows = result.summary()
    totals = result.totals()
    kinds = [k for k in findings if k == "supported" or totals["findings"][k]]
    head = ["ปีงบ", "สวัสดิการ", "รายการ"] + [FINDINGS_TH[k] for k in kinds] + \
        ["จ่ายจริง (บาท)", "ควรจ่าย (บาท)", "จ่ายเกิน (บาท)", "จ่ายขาด (บาท)"]

    def money(x: str) -> str:
        return group_digits(Decimal(x))

    table = [head]
    for r in rows:
        table.append([str(r["fiscal_year"]), _title(regulation, r["benefit"]), str(r["payouts"]),
                      *(str(r["findings"][k]) for k in kinds), money(r["recorded"]), money(r["supported"]),
                      money(r["excess"]), money(r["shortfall"])])
    table.append(["รวม", "", str(totals["payouts"]), *(str(totals["findings"][k]) for k in kinds),
                  money(totals["recorded"]), money(totals["supported"]), money(totals["excess"]),
                  money(totals["shortfall"])])
    right = [False, False] + [True] * (len(head) - 2)
    lines = align(table, right)
    rule = "-" * max(display_width(x) for x in lines)
    name = regulation.fund.name.th if regulation is not None else result.fund
    out = [f"ผลการตรวจสอบย้อนหลังการจ่ายสวัสดิการของ{name} ({totals['payouts']} รายการ)", "", lines[0], rule,
           *lines[1:-1], rule, lines[-1]]
    missing = [k for k in findings if k not in kinds]
    if missing:
        out.append("ไม่พบรายการที่" + " ".join(FINDINGS_TH[k] for k in missing))
    if result.skipped:
        out.append(f"ข้ามแถวที่ผิด {len(result.skipped)} รายการ")
    return "\n".join(out) + "\n"


__all__ = ["FINDINGS_TH", "render_summary_th"]
