"""``swf-rules show``: a version as text for the terminal, listing every rule it holds -- the same sentences as the
printed regulation (:func:`._build.build`), so nothing the engine applies is left out (age, tenure, conditions,
deadlines, offsets, caps, payees, ...).  Thai text names benefits by their titles, dates in the Buddhist Era with
Thai month names; English text adds each benefit's id (what claims name)."""

from __future__ import annotations

from ...core import model as M
from ...core.thaiwords import Words
from ...core.validate import Regulation
from ._build import build
from ._document import pick


def summary(regulation: Regulation, version: M.Version, lang: str = "en") -> str:
    """Every rule of ``version``, as text."""
    th = lang == "th"
    doc = build(regulation, version, lang)
    num = doc.numbers
    w = Words("thai" if num.thai else "arabic")
    f = regulation.fund
    out = [f"{pick(lang, f.name)}" + ("" if th else f" ({f.id})"), f"  {doc.fund_line.removeprefix(pick(lang, f.name)).strip(', ')}"]
    out.append(f"{pick(lang, version.title)}" if th else f"Version {version.version}: {version.title.en}")
    when = (f"  มีผลตั้งแต่ {w.date(version.effective)}" if th else f"  in force from {version.effective.isoformat()}")
    if version.until is not None:
        when += f" ถึง {w.date(version.until)}" if th else f" until {version.until.isoformat()}"
    out.append(when)
    out.append(f"  ออกโดย{pick(lang, version.adopted.meeting)} เมื่อ {w.date(version.adopted.date)}" if th else
               f"  adopted by {version.adopted.meeting.en} on {version.adopted.date.isoformat()}")
    source = version.source.document if th else (version.source.url or version.source.document)
    if source:
        out.append(f"  {'ที่มา' if th else 'source'}: {source}")
    if not th:
        out.append(f"  fingerprint: {regulation.fingerprint(version)}")
    out += _amendment(regulation, version, lang, w)
    ids = {f"benefit:{b.id}": b.id for b in version.benefits}
    for c in doc.clauses:
        out.append("")
        out.append(c.heading + (f" [{ids[c.key]}]" if not th and c.key in ids else ""))
        out += [f"  {num.item(i)} {text}" for i, text in enumerate(c.items, 1)]
        out += [f"      {a}: {b}" for a, b in c.table]
        out += [f"  {num.note}: {n}" for n in c.notes]
    if doc.notes:
        out += ["", "หมายเหตุ" if th else "Notes"] + [f"  - {n}" for n in doc.notes]
    return "\n".join(out) + "\n"


_PARTS = {"membership": ("การเป็นสมาชิก", "membership"), "rounding": ("การปัดเศษ", "rounding"),
          "shared_caps": ("เพดานร่วม", "shared_caps")}


def _amendment(regulation: Regulation, version: M.Version, lang: str, w: Words) -> list[str]:
    """An amendment's lines: the version it amends, what it restates and what it repeals (as written)."""
    base = regulation.amended(version)
    if base is None:
        return []
    th = lang == "th"
    out = [f"  แก้ไขเพิ่มเติม{pick(lang, base.title)} (ข้อความรวมฉบับแก้ไขแล้ว)" if th else
           f"  amends version {base.version} (consolidated text)"]
    written = next((x for x in regulation.written.versions if x.version == version.version), None) \
        if regulation.written is not None else None
    if not isinstance(written, M.Amendment):
        return out

    def named(v: M.Version, benefit_id: str) -> str:
        b = v.benefit(benefit_id)
        return f"{b.clause} {b.title.th}" if th and b is not None else benefit_id

    parts = [_PARTS[p][0 if th else 1] for p in _PARTS if getattr(written, p) is not None]
    changed = parts + [named(version, b.id) for b in written.benefits]
    if changed:
        out.append(f"    {'แก้ไข' if th else 'restates'}: {', '.join(changed)}")
    if written.repeals:
        out.append(f"    {'ยกเลิก' if th else 'repeals'}: {', '.join(named(base, x) for x in written.repeals)}")
    return [w.d(x) for x in out] if th else out


__all__ = ["summary"]
