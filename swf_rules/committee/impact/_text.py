"""The comparison as a text table for the terminal (Thai or English), columns aligned by display width."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from typing import Sequence

from ...core.dates import to_be
from ...core.thaitext import group_digits
from ._compare import Impact


_HEAD = {
    "en": ("Fiscal year", "Benefit", "Claims", "Changed", "Members", "Paid now", "Paid under draft", "Difference"),
    "th": ("ปีงบประมาณ", "สวัสดิการ", "คำขอ", "เปลี่ยน", "สมาชิก", "จ่ายตามระเบียบเดิม", "จ่ายตามร่าง", "ผลต่าง"),
}


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: Thai vowel and tone marks above or below a letter take none."""
    return sum(0 if unicodedata.category(ch) in ("Mn", "Me", "Cf") else
               2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(width - display_width(text), 0)
    return gap + text if right else text + gap


def table(rows: Sequence[Sequence[str]], right: Sequence[bool]) -> list[str]:
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(_pad(cell, widths[i], right[i]) for i, cell in enumerate(r)).rstrip() for r in rows]


def grouped(d: Decimal, sign: bool = False) -> str:
    """Money with thousands separators (:func:`~swf_rules.core.thaitext.group_digits`), signed when negative, and
    with ``+`` when positive if ``sign``."""
    text = group_digits(abs(d))
    if d < 0:
        return "-" + text
    return ("+" if sign and d > 0 else "") + text


def _be(d: date | None) -> str:
    return "-" if d is None else f"{d.isoformat()} (พ.ศ. {to_be(d)})"


def text_report(impact: Impact, lang: str = "en") -> str:
    th = lang == "th"
    cur, dr = impact.current, impact.draft
    t = impact.total
    lines = []
    if th:
        lines.append(f"ผลกระทบของร่าง {dr.label} ({dr.file}) เทียบกับ {cur.label} ({cur.file})")
    else:
        lines.append(f"Impact of draft {dr.label} ({dr.file}) against {cur.label} ({cur.file})")
    for side, name in ((cur, "เดิม" if th else "current"), (dr, "ร่าง" if th else "draft")):
        if side.mode == "pinned":
            lines.append(f"  {name}: " + (f"ใช้ฉบับ {side.versions[0][0]} กับทุกคำขอ (ถือว่ามีผลตั้งแต่ "
                                          f"{_be(side.applied_from)})" if th else
                                          f"version {side.versions[0][0]} applied to every claim (as if in force "
                                          f"from {side.applied_from.isoformat() if side.applied_from else '-'})"))
        else:
            lines.append(f"  {name}: " + ("ใช้ฉบับที่มีผล ณ วันที่เกิดเหตุของแต่ละคำขอ" if th else
                                          "the version in force on each claim's event date"))
    if th:
        lines.append(f"  สมาชิก {impact.members:,} คน คำขอ {impact.claims:,} รายการ; ผลการพิจารณาเปลี่ยน "
                     f"{t.changed_claims:,} รายการ (สมาชิก {len(t.changed_members):,} คน)")
    else:
        lines.append(f"  {impact.members:,} members, {impact.claims:,} claims; {t.changed_claims:,} decisions change "
                     f"({len(t.changed_members):,} members)")
    lines.append("")
    all_label = "รวม" if th else "all"
    body = [list(_HEAD["th" if th else "en"])]
    for r in impact.rows:
        if r.fiscal_year == "*":
            fy, ben = all_label, all_label
        else:
            fy = r.fiscal_year
            ben = all_label if r.benefit == "*" else impact.titles.get(r.benefit, {}).get(lang, r.benefit)
        body.append([fy, ben, f"{r.claims:,}", f"{r.changed_claims:,}", f"{len(r.changed_members):,}",
                     grouped(r.paid_current), grouped(r.paid_draft), grouped(r.difference, sign=True)])
    lines.extend(table(body, [False, False, True, True, True, True, True, True]))
    return "\n".join(lines) + "\n"
