"""Lint for the constructs of language version 2 (files that declare ``language: swf-rules/2``; a version-1 file
is linted as before).  Each finding is a warning:

- ``lint-shared-cap-one-benefit``: a shared cap that names one benefit only (a cap of that benefit says it).
- ``lint-cap-below-payment`` (as for a benefit's own caps): a shared cap below one payment of a benefit it names.
- ``lint-billed-uncapped``: an amount as billed with no money cap of its own and no shared cap: the fund pays
  whatever the bill says.
- ``lint-several-members-undeclared``: a birth benefit that both parents could claim (not limited to women) and
  that does not say whether one birth is paid ``once_per_event`` or ``once_per_member`` (``several_members``).
"""

from __future__ import annotations

from typing import Any, Iterator

from ..core import model as M
from ..core.errors import Path, Problem
from ..core.load import Document
from ..core.money import money_str
from ..core.validate import Regulation


def _one_payment(a: Any) -> Any:
    return a.amount if isinstance(a, (M.Flat, M.PerChild, M.Allowance)) else None


def lint_v2(doc: Document, regulation: Regulation, vi: int, v: M.Version) -> Iterator[Problem]:
    if regulation.file.language != "swf-rules/2":
        return
    shared_of: dict[str, list[str]] = {}
    for si, sc in enumerate(v.shared_caps):
        sp: Path = ("versions", vi, "shared_caps", si)
        if regulation.amended(v) is not None and not _written_here(regulation, v, "shared_caps"):
            sp = _part_path(regulation, v, si)
        for bid in sc.benefits:
            shared_of.setdefault(bid, []).append(sc.id)
        if len(sc.benefits) == 1:
            yield doc.problem("lint-shared-cap-one-benefit", sp + ("benefits",), clause=sc.clause, value=sc.id,
                              benefit=sc.benefits[0],
                              hint=(f"give '{sc.benefits[0]}' a cap of its own: caps: [{{per: {sc.per}, money: "
                                    f"{money_str(sc.money)}}}]", f"ให้ '{sc.benefits[0]}' มีเพดานของตนเองแทน"))
        for bid in sc.benefits:
            b = v.benefit(bid)
            one = _one_payment(b.amount) if b is not None else None
            if one is not None and sc.money < one:
                yield doc.problem("lint-cap-below-payment", sp + ("money",), clause=sc.clause, per=sc.per,
                                  cap=money_str(sc.money), amount=money_str(one), value=money_str(sc.money),
                                  hint=(f"raise the shared cap to at least {money_str(one)} or lower the amount of "
                                        f"'{bid}'", f"เพิ่มเพดานร่วมเป็นอย่างน้อย {money_str(one)} หรือลดจำนวนเงินของ '{bid}'"))
    for bi, b in enumerate(v.benefits):
        p = regulation.benefit_path(v, bi)
        if isinstance(b.amount, M.Billed) and not any(c.money is not None for c in b.caps) \
                and b.id not in shared_of:
            yield doc.problem("lint-billed-uncapped", p + ("amount",), clause=b.clause, value=b.id,
                              hint=("add a money cap, e.g. caps: [{per: event, money: 2000}], or name the benefit in a "
                                    "shared cap", "เพิ่มเพดานจำนวนเงิน เช่น caps: [{per: event, money: 2000}] หรือระบุไว้ใน"
                                                  "เพดานร่วม"))
        if b.kind == "birth" and b.eligibility.sex != "female" and b.several_members is None \
                and b.recipients != "non_members":
            yield doc.problem("lint-several-members-undeclared", p + ("kind",), clause=b.clause, value=b.id,
                              hint=("say whether a birth claimed by both parents is paid once: several_members: "
                                    "once_per_event (or once_per_member)", "ระบุว่าการคลอดที่บิดาและมารดายื่นขอทั้งคู่จ่าย"
                                                                           "ครั้งเดียวหรือไม่: several_members: "
                                                                           "once_per_event (หรือ once_per_member)"))


def _written_here(regulation: Regulation, v: M.Version, part: str) -> bool:
    written = next((w for w in (regulation.written.versions if regulation.written else []) if w.version == v.version),
                   None)
    return written is not None and getattr(written, part, None) is not None


def _part_path(regulation: Regulation, v: M.Version, si: int) -> Path:
    """Where shared cap ``si`` of an amendment that did not restate its shared caps is written: in the version it
    amends (found back through the chain of amendments)."""
    cur: M.Version | None = v
    while cur is not None and regulation.amended(cur) is not None and not _written_here(regulation, cur, "shared_caps"):
        cur = regulation.amended(cur)
    assert cur is not None
    labels = [w.version for w in (regulation.written or regulation.file).versions]
    return ("versions", labels.index(cur.version), "shared_caps", si)


__all__ = ["lint_v2"]
