"""What ``swf-rules show`` adds for the constructs of language version 2: the amendment a version is (and what
it restates and repeals), shared caps, and per benefit: an amount as billed, a linear floor, the person a claim is
about, who is paid, one event claimed by several members, caps for each person and benefits for non-members."""

from __future__ import annotations

from ..core import model as M
from ..core.money import money_str
from ..core.validate import Regulation

_TO = {"member": ("สมาชิก", "the member"), "beneficiaries": ("ผู้รับผลประโยชน์ (หรือทายาท)", "the beneficiaries (or the heirs)"),
       "family": ("ครอบครัวของผู้เสียชีวิต", "the family of the deceased"), "applicant": ("ผู้ยื่นคำขอ", "the applicant")}


def amendment_lines(reg: Regulation, v: M.Version, th: bool) -> list[str]:
    base = reg.amended(v)
    if base is None or reg.written is None:
        return []
    written = next(w for w in reg.written.versions if w.version == v.version)
    assert isinstance(written, M.Amendment)
    changed = [b.id for b in written.benefits]
    parts = [p for p in ("membership", "rounding", "shared_caps") if getattr(written, p) is not None]
    lines = [f"  {'แก้ไขเพิ่มเติมฉบับ' if th else 'amends version'} {base.version} "
             f"({'ข้อความรวมฉบับแก้ไขแล้ว' if th else 'consolidated text'})"]
    if changed or parts:
        lines.append(f"    {'แก้ไข' if th else 'restates'}: {', '.join(parts + changed)}")
    if written.repeals:
        lines.append(f"    {'ยกเลิก' if th else 'repeals'}: {', '.join(written.repeals)}")
    return lines


def shared_cap_lines(v: M.Version, th: bool) -> list[str]:
    out = []
    for sc in v.shared_caps:
        clause = f"[{sc.clause}] " if sc.clause else ""
        out.append(f"  {clause}{'เพดานร่วม' if th else 'shared cap'} {sc.id}: {money_str(sc.money)} "
                   f"{'บาท' if th else 'baht'} {sc.per} ({', '.join(sc.benefits)})")
    return out


def amount_text(a: object, th: bool) -> str | None:
    baht = "บาท" if th else "baht"
    if isinstance(a, M.Billed):
        pct = "" if a.percent == 100 else f" x {a.percent}%"
        return f"{'ตามจำนวนใน' if th else 'as billed in'} {a.field}{pct}"
    if isinstance(a, M.Linear) and a.floor is not None:
        return f"{money_str(a.base)} + {money_str(a.per_year)}/{'ปี' if th else 'year'}" + (
            f" ≤ {money_str(a.ceiling)}" if a.ceiling is not None else "") + f" ≥ {money_str(a.floor)} {baht}"
    return None


def benefit_lines(b: M.Benefit, th: bool) -> list[str]:
    out = []
    if b.recipients == "non_members":
        out.append(f"      {'สำหรับผู้ที่ไม่ใช่สมาชิก' if th else 'for non-members'}")
    if b.person is not None:
        p = b.person
        extra = {"member": (" ที่เป็นสมาชิก", ", a member"), "not_member": (" ที่ไม่ได้เป็นสมาชิก", ", not a member"),
                 "any": ("", "")}[p.member][0 if th else 1]
        age = ""
        if p.age is not None:
            age = f", {'อายุ' if th else 'age'} {p.age.min if p.age.min is not None else 0}-" \
                  f"{p.age.max if p.age.max is not None else ''}"
        out.append(f"      {'บุคคล' if th else 'person'}: {', '.join(p.relationships)}{extra}{age}")
    if b.payee is not None:
        out.append(f"      {'จ่ายให้' if th else 'paid to'}: {_TO[b.payee.to][0 if th else 1]}")
    if b.several_members is not None:
        out.append(f"      {'หลายสมาชิก' if th else 'several members'}: {b.several_members}")
    return out


def each_text(cap: M.Cap, th: bool) -> str:
    return (" ต่อบุคคล" if th else " each person") if cap.each == "person" else ""


__all__ = ["amendment_lines", "amount_text", "benefit_lines", "each_text", "shared_cap_lines"]
