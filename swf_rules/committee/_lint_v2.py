"""Lint for the constructs of language version 2 (files that declare ``language: swf-rules/2``; a version-1 file
is linted as before), and the one entry point of the version-2 lint (the membership constructs' warnings are in
:mod:`._lint_membership`).  Each finding is a warning:

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
from ._lint_membership import lint_membership


def _one_payment(a: Any) -> Any:
    return a.amount if isinstance(a, (M.Flat, M.PerChild, M.Allowance)) else None


def lint_v2(doc: Document, regulation: Regulation, v: M.Version) -> Iterator[Problem]:
    """The version-2 warnings of ``v``, each where its text is written (an amendment's inherited parts in the
    version that wrote them): the membership constructs' (:mod:`._lint_membership`), then the amounts and people
    constructs' (only in a file that declares ``swf-rules/2``)."""
    yield from lint_membership(doc, regulation, v)
    if regulation.file.language != "swf-rules/2":
        return
    shared_of: dict[str, list[str]] = {}
    for si, sc in enumerate(v.shared_caps):
        sp: Path = regulation.part_path(v, "shared_caps") + (si,)
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


__all__ = ["lint_v2"]
