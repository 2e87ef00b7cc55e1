"""Amendments (แก้ไขเพิ่มเติม, language version 2): a version that restates only the clauses it changes, on top of
the version it ``amends``, consolidated here into the full text.

The consolidated version takes, from the amendment, its label, title, dates, adoption, source and the parts it
restates (the membership rules, the rounding, the shared caps, the benefit groups: each whole when given; each
benefit it restates, whole, in the place of the benefit with that id, or after the others when the id is new) and,
from the version it amends, everything else; the benefits it ``repeals`` are left out, and the notes of both are kept.  The result is
an ordinary :class:`~swf_rules.core.model.Version`: the engine, ``show`` and ``render`` read it, and its
fingerprint is the fingerprint of its meaning, the same as if it had been written out whole.

Amendments are consolidated in the order they take effect, so an amendment may amend an amendment.  Every
benefit of a consolidated version keeps the place it is written in the file (:class:`Consolidation`), so that the
checks of a consolidated version report each problem where its text is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from . import model as M
from ._regulation import Regulation
from .errors import Path, Problem, did_you_mean
from .load import Document, Mark

_PARTS = ("membership", "rounding", "shared_caps", "groups")  # version parts an amendment restates whole


@dataclass
class Consolidation:
    """The file's versions in full, in the order written (``None`` where an amendment could not be consolidated),
    where each of their parts is written, and the problems found while consolidating."""

    file: M.RegulationFile
    versions: list[M.Version | None] = field(default_factory=list)
    amends: dict[str, str] = field(default_factory=dict)
    benefit_paths: dict[tuple[str, str], Path] = field(default_factory=dict)
    part_paths: dict[tuple[str, str], Path] = field(default_factory=dict)  # (label, part) -> where it is written
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_amendments(self) -> bool:
        return bool(self.amends)

    def regulation(self, path: str) -> Regulation:
        """The validated regulation: the file itself, or (with amendments) every version consolidated."""
        if not self.has_amendments:
            return Regulation(self.file, path)
        full = self.file.model_copy(update={"versions": list(self.versions)})
        return Regulation(full, path, written=self.file, amends=dict(self.amends),
                          benefit_paths=dict(self.benefit_paths))

    def translate(self, index: int, path: Path) -> Path:
        """A path into consolidated version ``index`` (as if it were written out whole at that index) to the place
        its text is written in the file."""
        v = self.versions[index]
        if v is None or len(path) < 3 or path[:2] != ("versions", index):
            return path
        key = path[2]
        if key == "benefits" and len(path) > 3 and isinstance(path[3], int) and path[3] < len(v.benefits):
            where = self.benefit_paths.get((v.version, v.benefits[path[3]].id))
            return path if where is None else where + path[4:]
        if key in _PARTS:
            where = self.part_paths.get((v.version, str(key)))
            return path if where is None else where + path[3:]
        return path

    def located(self, doc: Document, index: int) -> "LocatedDocument":
        """``doc`` seen through :meth:`translate` for consolidated version ``index``."""
        return LocatedDocument(doc, lambda p: self.translate(index, p))


class LocatedDocument:
    """A document whose paths are translated before they are located (the checks of a consolidated version)."""

    def __init__(self, doc: Document, translate: Any):
        self._doc = doc
        self._translate = translate
        self.file = doc.file
        self.data = doc.data

    def locate(self, path: Path, *, key: bool = False) -> Mark | None:
        return self._doc.locate(self._translate(tuple(path)), key=key)

    def problem(self, code: str, path: Path, **kw: Any) -> Problem:
        return self._doc.problem(code, self._translate(tuple(path)), **kw)


def consolidated(doc: Document, reg: M.RegulationFile) -> Consolidation:
    """Consolidate every amendment of ``reg`` (in the order they take effect) into a full version."""
    con = Consolidation(reg, [None] * len(reg.versions))
    labels: dict[str, int] = {}
    for i, entry in enumerate(reg.versions):
        labels.setdefault(entry.version, i)
    order = sorted(range(len(reg.versions)), key=lambda i: (reg.versions[i].effective, i))
    for i in order:
        entry = reg.versions[i]
        if isinstance(entry, M.Version):
            con.versions[i] = entry
            for bi, b in enumerate(entry.benefits):
                con.benefit_paths.setdefault((entry.version, b.id), ("versions", i, "benefits", bi))
            for part in _PARTS:
                con.part_paths.setdefault((entry.version, part), ("versions", i, part))
        else:
            con.versions[i] = _consolidate_one(doc, con, labels, i, entry)
    return con


def _consolidate_one(doc: Document, con: Consolidation, labels: dict[str, int], i: int,
                     a: M.Amendment) -> M.Version | None:
    ap: Path = ("versions", i)
    j = labels.get(a.amends)
    if j is None or j == i:
        others = [x for x in labels if x != a.version]
        con.problems.append(doc.problem(
            "unknown-version", ap + ("amends",), value=a.amends,
            hint=did_you_mean(a.amends, others, ("versions in this file: " + ", ".join(others),
                                                 "ฉบับในไฟล์นี้: " + ", ".join(others)))))
        return None
    base_entry = con.file.versions[j]
    if base_entry.effective >= a.effective:
        con.problems.append(doc.problem(
            "amendment-order", ap + ("effective",), value=a.version, effective=a.effective.isoformat(),
            amends=a.amends, base_effective=base_entry.effective.isoformat(),
            hint=("an amendment takes effect after the version it amends", "ฉบับแก้ไขต้องมีผลหลังฉบับที่แก้ไข")))
        return None
    base = con.versions[j]
    if base is None:  # the amended version could not be consolidated itself (already reported)
        return None
    con.amends[a.version] = base.version
    ok = True
    benefits = list(base.benefits)
    ids = [b.id for b in benefits]
    repealed: set[str] = set()
    for k, bid in enumerate(a.repeals):
        if bid not in ids or bid in repealed:
            ok = False
            con.problems.append(doc.problem(
                "unknown-benefit", ap + ("repeals", k), value=bid,
                hint=did_you_mean(bid, ids, (f"benefits of version {base.version}: " + ", ".join(ids),
                                             f"สวัสดิการของฉบับ {base.version}: " + ", ".join(ids)), cutoff=0.5)))
            continue
        repealed.add(bid)
    restated: dict[str, int] = {}
    for k, b in enumerate(a.benefits):
        bp = ap + ("benefits", k, "id")
        if b.id in restated:
            ok = False
            first = doc.locate(ap + ("benefits", restated[b.id], "id"))
            con.problems.append(doc.problem("duplicate-benefit-id", bp, value=b.id, clause=b.clause,
                                            first_line=first.line if first else "?",
                                            hint=("restate each benefit once", "แก้ไขสวัสดิการแต่ละข้อเพียงครั้งเดียว")))
            continue
        restated[b.id] = k
        if b.id in repealed:
            ok = False
            con.problems.append(doc.problem("amendment-conflict", bp, value=b.id, clause=b.clause,
                                            hint=("either restate the benefit or repeal it",
                                                  "ให้แก้ไขข้อความหรือยกเลิกสวัสดิการข้อนี้อย่างใดอย่างหนึ่ง")))
    if not ok:
        return None
    kept: list[M.Benefit] = []
    for b in benefits:
        if b.id in repealed:
            continue
        k = restated.get(b.id)
        kept.append(a.benefits[k] if k is not None else b)
        con.benefit_paths[(a.version, b.id)] = ap + ("benefits", k) if k is not None \
            else con.benefit_paths[(base.version, b.id)]
    for b in a.benefits:
        if b.id not in ids:
            kept.append(b)
            con.benefit_paths[(a.version, b.id)] = ap + ("benefits", restated[b.id])
    if not kept:
        con.problems.append(doc.problem("empty-list", ap + ("repeals",),
                                        hint=("an amendment cannot repeal every benefit",
                                              "ฉบับแก้ไขยกเลิกสวัสดิการทุกข้อไม่ได้")))
        return None
    update: dict[str, Any] = {}
    for part in _PARTS:
        mine = getattr(a, part)
        if mine is not None:
            update[part] = mine
            con.part_paths[(a.version, part)] = ap + (part,)
        else:
            con.part_paths[(a.version, part)] = con.part_paths[(base.version, part)]
    notes = list(base.illustrative) + [n for n in a.illustrative if n not in base.illustrative]
    return M.Version.model_construct(
        version=a.version, title=a.title, effective=a.effective, until=a.until, adopted=a.adopted,
        source=a.source, rounding=update.get("rounding", base.rounding),
        membership=update.get("membership", base.membership), benefits=kept, illustrative=notes,
        shared_caps=update.get("shared_caps", base.shared_caps), groups=update.get("groups", base.groups),
        document=a.document)


def relocate(doc: Document, p: Problem, path: Path) -> Problem:
    """``p`` moved to ``path`` (its line and column found again)."""
    m = doc.locate(path)
    return replace(p, path=tuple(path), line=m.line if m else None, col=m.col if m else None)


__all__ = ["Consolidation", "LocatedDocument", "consolidated", "relocate"]
