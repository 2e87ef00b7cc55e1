"""A made-up accounting program's CSV export of a synthetic fund's books, in Thai Windows encoding (cp874), with
the mapping that reads it (``examples/import/mapping.yaml``).

The layout is an illustration of what such exports look like (Thai headers, B.E. dates ``dd/mm/yyyy``, Thai
benefit names, status words, ``ส่ง``/``ขาด`` marks with the missed instalments listed too, amounts with thousands
separators, some cells in Thai digits); it is not the layout of any real program.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from swf_rules.books import ACCOUNT_KINDS
from swf_rules.books.beneficiaries import share_text

ROOT = Path(__file__).resolve().parents[1]
MAPPING = ROOT / "examples" / "import" / "mapping.yaml"
BENEFIT_TH = {"birth": "คลอดบุตร", "hospital": "นอนโรงพยาบาล", "scholarship": "ทุนการศึกษา", "elderly": "ผู้สูงอายุ",
              "death": "เสียชีวิต", "funeral_wreath": "พวงหรีด"}
STATUS_TH = {None: "ปกติ", "resigned": "ลาออก", "lapsed": "พ้นสภาพ", "died": "ตาย", "expelled": "ให้ออก"}
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def be(d: Any) -> str:
    return "" if d is None else f"{d.day:02d}/{d.month:02d}/{d.year + 543}"


def baht(a: Decimal) -> str:
    return f"{a:,.2f}"


def _write(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(["" if v is None else v for v in r] for r in rows)
    path.write_bytes(buf.getvalue().encode("cp874"))


def write_export(l: Any, d: Path) -> None:
    """The books of synthetic ledger ``l`` (with accounts) as the program's export in folder ``d``."""
    d.mkdir(parents=True, exist_ok=True)
    rows = []
    for m in sorted(l.members, key=lambda m: m.member_id):
        for s in sorted(m.spells, key=lambda s: s.start):
            rows.append([m.member_id, "(ไม่ส่งออกชื่อ)", be(m.birth_date), "ชาย" if m.sex == "male" else "หญิง",
                         be(s.start), STATUS_TH[s.end_reason], be(s.end), be(m.died_on)])
    _write(d / "ทะเบียนสมาชิก.csv", ["เลขที่สมาชิก", "ชื่อ-สกุล", "วันเกิด", "เพศ", "วันที่อนุมัติ", "สถานะ",
                                     "วันที่พ้นสภาพ", "วันที่เสียชีวิต"], rows)
    rows = []
    for m in sorted(l.members, key=lambda m: m.member_id):
        paid = {c.covers for c in m.contributions}
        for c in sorted(m.contributions, key=lambda c: (c.date, c.covers)):
            period = f"{c.covers[5:7]}/{int(c.covers[:4]) + 543}"
            rows.append([m.member_id, period, "ส่ง", be(c.date), baht(c.amount)])
        # a missed instalment is listed too, marked ขาด, with no date and no money
        months = sorted(paid)
        if months:
            y, mo = int(months[0][:4]), int(months[0][5:7])
            for k in range(len(months) + 3):
                key = f"{y + (mo - 1 + k) // 12:04d}-{(mo - 1 + k) % 12 + 1:02d}"
                if key > months[-1]:
                    break
                if key not in paid:
                    rows.append([m.member_id, f"{key[5:7]}/{int(key[:4]) + 543}", "ขาด", "", ""])
    _write(d / "สมุดเงินสัจจะ.csv", ["เลขที่สมาชิก", "งวด", "ผลการส่ง", "วันที่รับเงิน", "จำนวนเงิน"], rows)
    rows = []
    for p in l.payouts:
        rows.append([p.payout_id, p.member_id, BENEFIT_TH[p.benefit], be(p.event_date), be(p.end_date),
                     be(p.filed_on), be(p.paid_on), p.units, p.children, baht(p.amount).translate(THAI),
                     p.event_ref, p.details.get("gpa"), p.details.get("level")])
    _write(d / "ใบสำคัญจ่าย.csv", ["เลขที่ใบสำคัญ", "เลขที่สมาชิก", "ประเภทสวัสดิการ", "วันที่เกิดเหตุ",
                                   "วันที่ออกจากโรงพยาบาล", "วันที่ยื่นคำขอ", "วันที่จ่าย", "จำนวนคืน", "จำนวนบุตร",
                                   "จำนวนเงิน", "อ้างอิงเหตุการณ์", "เกรดเฉลี่ย", "ระดับชั้น"], rows)
    rows = []
    for e in l.accounts:
        rows.append([be(e.date), e.doc_no, ACCOUNT_KINDS[e.kind].th, e.round, e.counterparty,
                     {"cash": "เงินสด", "bank": "ธนาคาร"}[e.account], baht(e.amount), e.note])
    _write(d / "บัญชีรับจ่าย.csv", ["วันที่", "เลขที่เอกสาร", "รายการ", "งวดที่", "คู่สัญญา", "บัญชี", "จำนวนเงิน",
                                    "หมายเหตุ"], rows)
    rows = [[b.member_id, b.name, b.relationship, b.national_id, None if b.share is None else share_text(b.share)]
            for b in l.beneficiaries]
    _write(d / "ผู้รับผลประโยชน์.csv", ["เลขที่สมาชิก", "ชื่อผู้รับผลประโยชน์", "ความสัมพันธ์", "เลขบัตรประชาชน",
                                       "สัดส่วน"], rows)
