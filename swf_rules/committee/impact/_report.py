"""The comparison reported: a text table for the terminal (Thai or English, columns aligned by display width),
and the files ``swf-rules impact --out`` writes, all or none: ``impact.csv`` and ``impact.json`` (the totals),
``changes.json`` (every changed decision, explained on both sides) and ``payouts.svg`` (money paid per fiscal
year, current against draft)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from datetime import date
from decimal import ROUND_CEILING, Decimal
from html import escape
from pathlib import Path
from typing import Any, Sequence

from ...core.svgnum import coord, tick_step
from ...core.dates import to_be
from ...core.errors import UsageError
from ...core.money import ZERO
from ...core.thaitext import align, display_width, group_digits
from ._compare import Impact


# ------------------------------------------------------------------------------------------ text table
_HEAD = {
    "en": ("Fiscal year", "Benefit", "Claims", "Changed", "Members", "Paid now", "Paid under draft", "Difference"),
    "th": ("ปีงบประมาณ", "สวัสดิการ", "คำขอ", "เปลี่ยน", "สมาชิก", "จ่ายตามระเบียบเดิม", "จ่ายตามร่าง", "ผลต่าง"),
}


def table(rows: Sequence[Sequence[str]], right: Sequence[bool]) -> list[str]:
    return align(rows, right)


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


# ------------------------------------------------------------------------------------------ CSV, JSON, SVG
CSV_COLUMNS = ("fiscal_year", "benefit", "claims", "changed_claims", "changed_members", "paid_current",
               "paid_draft", "difference")


def csv_text(impact: Impact) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for r in impact.rows:
        d = r.to_dict()
        w.writerow([d[k] for k in CSV_COLUMNS])
    return buf.getvalue()


def json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def changes_data(impact: Impact) -> list[dict[str, Any]]:
    return [c.to_dict() for c in impact.changes]


def _nice_step(top: Decimal) -> Decimal:
    """A round tick step (1, 2 or 5 x 10^k) giving at most 5 steps up to ``top``."""
    return tick_step(top, 5) if top > 0 else Decimal(1)


def chart_svg(impact: Impact) -> str:
    """Grouped bars: money paid per fiscal year under the current regulation and under the draft."""
    years = impact.yearly()
    W, H = Decimal(720), Decimal(420)
    left, right, top, bottom = Decimal(90), Decimal(20), Decimal(70), Decimal(70)
    plot_w, plot_h = W - left - right, H - top - bottom
    peak = max([r.paid_current for r in years] + [r.paid_draft for r in years] + [ZERO])
    step = _nice_step(peak)
    ticks = int((peak / step).to_integral_value(rounding=ROUND_CEILING)) if peak > 0 else 1
    ymax = step * max(ticks, 1)
    font = "'TH Sarabun New', 'TH SarabunPSK', Sarabun, 'Noto Sans Thai', sans-serif"
    cur_name = escape(", ".join(v for v, _ in impact.current.versions))
    dr_name = escape(", ".join(v for v, _ in impact.draft.versions))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{coord(W)}" height="{coord(H)}" viewBox="0 0 {coord(W)} {coord(H)}" '
        f'font-family="{font}" font-size="14">',
        f'<title>เงินสวัสดิการที่จ่ายรายปีงบประมาณ / Benefits paid per fiscal year: '
        f'{escape(impact.current.regulation.fund_id)}</title>',
        f'<rect x="0" y="0" width="{coord(W)}" height="{coord(H)}" fill="#ffffff"/>',
        f'<text x="{coord(W / 2)}" y="24" text-anchor="middle" font-size="18">'
        f'เงินสวัสดิการที่จ่ายรายปีงบประมาณ / Benefits paid per fiscal year</text>',
    ]
    # legend
    lx = left
    for colour, th, en, name in (("#4e79a7", "ระเบียบเดิม", "Current", cur_name),
                                 ("#f28e2b", "ร่าง", "Draft", dr_name)):
        out.append(f'<rect x="{coord(lx)}" y="38" width="14" height="14" fill="{colour}"/>')
        out.append(f'<text x="{coord(lx + 20)}" y="50">{th} / {en} ({name})</text>')
        lx += Decimal(300)
    # axes and grid
    x0, y0 = left, top + plot_h
    for k in range(ticks + 1 if peak > 0 else 2):
        v = step * k
        y = y0 - plot_h * v / ymax
        out.append(f'<line x1="{coord(x0)}" y1="{coord(y)}" x2="{coord(x0 + plot_w)}" y2="{coord(y)}" stroke="#dddddd"/>')
        out.append(f'<text x="{coord(x0 - 8)}" y="{coord(y + 5)}" text-anchor="end">{grouped(v)}</text>')
    out.append(f'<line x1="{coord(x0)}" y1="{coord(top)}" x2="{coord(x0)}" y2="{coord(y0)}" stroke="#333333"/>')
    out.append(f'<line x1="{coord(x0)}" y1="{coord(y0)}" x2="{coord(x0 + plot_w)}" y2="{coord(y0)}" stroke="#333333"/>')
    out.append(f'<text x="20" y="{coord(top + plot_h / 2)}" text-anchor="middle" '
               f'transform="rotate(-90 20 {coord(top + plot_h / 2)})">บาท / Baht</text>')
    out.append(f'<text x="{coord(x0 + plot_w / 2)}" y="{coord(H - 16)}" text-anchor="middle">'
               f'ปีงบประมาณ (พ.ศ.) / Fiscal year (B.E.)</text>')
    # bars
    n = max(len(years), 1)
    group_w = plot_w / n
    bar_w = min(group_w * Decimal("0.35"), Decimal(60))
    for i, r in enumerate(years):
        gx = x0 + group_w * i + group_w / 2
        for j, (value, colour) in enumerate(((r.paid_current, "#4e79a7"), (r.paid_draft, "#f28e2b"))):
            h = plot_h * value / ymax
            x = gx - bar_w + bar_w * j
            out.append(f'<rect x="{coord(x)}" y="{coord(y0 - h)}" width="{coord(bar_w)}" height="{coord(h)}" fill="{colour}">'
                       f'<title>{r.fiscal_year}: {grouped(value)}</title></rect>')
            out.append(f'<text x="{coord(x + bar_w / 2)}" y="{coord(y0 - h - 4)}" text-anchor="middle" font-size="11">'
                       f'{grouped(value)}</text>')
        out.append(f'<text x="{coord(gx)}" y="{coord(y0 + 18)}" text-anchor="middle">{r.fiscal_year}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def outputs(impact: Impact) -> dict[str, str]:
    """The files ``--out`` gets, name -> text."""
    return {
        "impact.csv": csv_text(impact),
        "impact.json": json_text(impact.to_dict()),
        "changes.json": json_text(changes_data(impact)),
        "payouts.svg": chart_svg(impact),
    }


def write_outputs(out_dir: str | Path, files: dict[str, str]) -> list[Path]:
    """Write every file or none: into a temporary directory beside ``out_dir``, then moved into place."""
    target = Path(out_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=str(target.parent)))
    try:
        for name, text in files.items():
            with open(tmp / name, "wb") as f:
                f.write(text.encode("utf-8"))
                f.flush()
                os.fsync(f.fileno())
        if not target.exists():
            os.replace(tmp, target)
        else:
            if not target.is_dir():
                raise UsageError(f"{target} exists and is not a directory")
            for name in files:
                os.replace(tmp / name, target / name)
            tmp.rmdir()
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return [target / name for name in files]
