"""The lines an explanation adds for the constructs of language version 2 (th/en): who is paid (each beneficiary
with their share, the heirs, the family, the applicant), the person the claim is about, an amount as billed, a
linear amount's floor, shared caps and caps counted for each person.  Nothing is added for a decision that uses
none of them, so its explanation keeps its text."""

from __future__ import annotations

from typing import Any

_W = {
    "en": {"member": "the member", "beneficiary": "the beneficiary", "family": "the family of the deceased",
           "applicant": "the applicant", "heirs": "the heirs (no beneficiary is named)", "about": "about",
           "id_fails": "fails its check digit", "id": "national ID", "share": "share", "billed": "billed",
           "floor": "floor", "ceiling": "ceiling", "raised": "raised to the floor", "lowered": "lowered to the ceiling",
           "shared": "shared cap", "with": "with", "each": "for person", "years": "value"},
    "th": {"member": "สมาชิก", "beneficiary": "ผู้รับผลประโยชน์", "family": "ครอบครัวของผู้เสียชีวิต",
           "applicant": "ผู้ยื่นคำขอ", "heirs": "ทายาท (สมาชิกไม่ได้ระบุผู้รับผลประโยชน์)", "about": "เกี่ยวกับ",
           "id_fails": "หลักตรวจสอบไม่ถูกต้อง", "id": "เลขประจำตัวประชาชน", "share": "สัดส่วน", "billed": "ตามใบเสร็จ",
           "floor": "ขั้นต่ำ", "ceiling": "เพดาน", "raised": "เพิ่มเป็นขั้นต่ำ", "lowered": "ลดเป็นเพดาน",
           "shared": "เพดานร่วม", "with": "ร่วมกับ", "each": "สำหรับบุคคล", "years": "ค่า"},
}
REL_TH = {"spouse": "คู่สมรส", "child": "บุตร", "father": "บิดา", "mother": "มารดา", "parent": "บิดาหรือมารดา",
          "sibling": "พี่น้อง", "grandchild": "หลาน", "relative": "ญาติ"}


def payee_word(payee: str, lang: str) -> str:
    return _W["th" if lang == "th" else "en"].get(payee, payee)


def person_lines(d: dict[str, Any], lang: str) -> list[str]:
    p = d.get("person")
    if p is None:
        return []
    w = _W["th" if lang == "th" else "en"]
    rel = p.get("relationship")
    rel_text = (REL_TH.get(rel, rel) if lang == "th" else rel) if rel else ""
    name = f" {p['name']}" if p.get("name") else ""
    return [f"  {w['about']}: {rel_text}{name} ({p['id']})".replace(":  ", ": ")]


def payee_lines(d: dict[str, Any], lang: str) -> list[str]:
    rows = d.get("payees")
    if not rows:
        return []
    w = _W["th" if lang == "th" else "en"]
    baht = "บาท" if lang == "th" else "baht"
    out = []
    for r in rows:
        who = w[r["to"]] if r["to"] not in ("beneficiary", "applicant") or not r.get("name") else r["name"]
        extra = []
        if r.get("relationship"):
            extra.append(r["relationship"])
        if r.get("national_id"):
            fails = f" ({w['id_fails']})" if r.get("national_id_checksum") == "fails" else ""
            extra.append(f"{w['id']} {r['national_id']}{fails}")
        share = f", {w['share']} {r['share']}" if r.get("share") else ""
        more = f" ({'; '.join(extra)})" if extra else ""
        out.append(f"    -> {who}{more}{share}: {r['amount']} {baht}")
    return out


def breakdown_lines(bd: dict[str, Any], lang: str) -> list[str]:
    w = _W["th" if lang == "th" else "en"]
    out = []
    b = bd.get("billed")
    if b is not None:
        out.append(f"    {w['billed']} ({b['field']}) {b['billed']} x {b['percent']}%")
    lin = bd.get("linear")
    if lin is not None:
        bounds = f"{w['floor']} {lin['floor']}" + (f", {w['ceiling']} {lin['ceiling']}" if lin.get("ceiling") else "")
        applied = {"floor": f": {w['raised']}", "ceiling": f": {w['lowered']}"}.get(lin.get("applied") or "", "")
        out.append(f"    {lin['value']} ({bounds}){applied}")
    return out


def cap_suffix(c: dict[str, Any], lang: str) -> str:
    w = _W["th" if lang == "th" else "en"]
    if c.get("shared"):
        return f" [{w['shared']} {c['shared']}: {', '.join(c.get('benefits') or [])}]"
    if c.get("person"):
        return f" [{w['each']} {c['person']}]"
    return ""


__all__ = ["breakdown_lines", "cap_suffix", "payee_lines", "payee_word", "person_lines"]
