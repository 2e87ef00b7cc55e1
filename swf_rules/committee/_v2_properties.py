"""The properties ``check`` adds for the constructs of language version 2, each only for a regulation that uses
its construct (a version-1 regulation is checked exactly as before): the one list of them, :func:`v2_properties`
(with their Thai names, :data:`V2_TH`).  The amounts and people properties are here, those of the membership
constructs (``on_time_members``, ``paused_waiting``, ``refunds``, ``levies``) in :mod:`._membership_properties`:

- ``floors`` -- a linear amount's floor is never undercut: an eligible claim's amount before caps and offsets is
  at least the floor, and so is what is paid when no cap or offset reduced it;
- ``shared_caps`` -- the benefits a shared cap names never pay more than its limit together in any window;
- ``person_caps`` -- a cap counted ``each: person`` is never exceeded for any one person;
- ``payee_shares`` -- the recipients of a decision receive exactly its amount (the beneficiaries' shares add up to
  it to the satang), and a death benefit is never paid to the member who died;
- ``billed`` -- an amount as billed is never more than its percentage of the bill (rounded as declared): caps and
  offsets only ever lower it;
- ``several_members`` -- under ``once_per_event`` one event is paid once: never to a member after another member
  was paid this benefit for it.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any, Callable

from ..core import model as M
from ..core.money import ZERO, money_str, round_money
from ..core.validate import Regulation
from ._membership_properties import membership_properties
from ._violations import Violation, benefit_of, counterexample_case, decide_or_none, decided_paid, over_window, \
    paid_decisions


def _floors(reg: Regulation, s: Any) -> None:
    ds = decide_or_none(reg, s)
    if ds is None:
        return
    for d in ds:
        b = benefit_of(reg, d)
        a = b.amount
        if not d.eligible or not isinstance(a, M.Linear) or a.floor is None:
            continue
        raw = Decimal(d.breakdown["raw_amount"])
        reduced = any(Decimal(c["after"]) < Decimal(c["before"]) for c in d.breakdown["caps"]) or any(
            Decimal(o["after"]) < Decimal(o["before"]) for o in d.breakdown["offsets"])
        if raw < a.floor or (not reduced and d.amount < a.floor):
            prior = [x for x in paid_decisions(ds) if ds.index(x) < ds.index(d)]
            raise Violation(f"{d.benefit} paid {money_str(d.amount)} on {d.event_date.isoformat()}, under its floor "
                            f"of {money_str(a.floor)}",
                            f"{d.benefit} จ่าย {money_str(d.amount)} วันที่ {d.event_date.isoformat()} ต่ำกว่าขั้นต่ำ "
                            f"{money_str(a.floor)}",
                            [counterexample_case(s, d.claim_id, prior, "floors", {"at_least": a.floor})])


def _shared_caps(reg: Regulation, s: Any) -> None:
    paid = decided_paid(reg, s)
    if paid is None:
        return
    for v in reg.versions:
        mine = [d for d in paid if d.version == v.version]
        for sc in v.shared_caps:
            over_window(s, mine, set(sc.benefits), sc.per, sc.money, "money", ("shared_caps", "เพดานร่วม"))


def _person_caps(reg: Regulation, s: Any) -> None:
    paid = decided_paid(reg, s)
    if paid is None:
        return
    for v in reg.versions:
        for b in v.benefits:
            for cap in b.caps:
                if cap.each != "person":
                    continue
                mine = [d for d in paid if d.version == v.version and d.benefit == b.id]
                for who in sorted({d.person["id"] for d in mine if d.person is not None}):
                    theirs = [d for d in mine if d.person is not None and d.person["id"] == who]
                    for measure in ("money", "units", "count"):
                        limit = getattr(cap, measure)
                        if limit is not None:
                            over_window(s, theirs, {b.id}, cap.per, Decimal(limit), measure,
                                        ("person_caps", "เพดานรายบุคคล"))


def _payee_shares(reg: Regulation, s: Any) -> None:
    ds = decide_or_none(reg, s)
    if ds is None:
        return
    for d in ds:
        if d.payees is None:
            continue
        total = sum((Decimal(p["amount"]) for p in d.payees), ZERO)
        shares = [Fraction(p["share"]) for p in d.payees if "share" in p]
        dead_member = benefit_of(reg, d).kind == "death" and any(p["to"] == "member" for p in d.payees)
        if total != d.amount or (shares and sum(shares, Fraction(0)) != 1) or dead_member:
            what = "pays the member who died" if dead_member else f"pays its recipients {money_str(total)}"
            what_th = "จ่ายให้สมาชิกผู้เสียชีวิต" if dead_member else f"จ่ายผู้รับเงินรวม {money_str(total)}"
            prior = [x for x in paid_decisions(ds) if ds.index(x) < ds.index(d)]
            raise Violation(f"{d.benefit} on {d.event_date.isoformat()} {what}, of {money_str(d.amount)}",
                            f"{d.benefit} วันที่ {d.event_date.isoformat()} {what_th} จากจำนวน {money_str(d.amount)}",
                            [counterexample_case(s, d.claim_id, prior, "payee_shares",
                                                 {"eligible": d.eligible, "amount": d.amount})])


def _billed(reg: Regulation, s: Any) -> None:
    ds = decide_or_none(reg, s)
    if ds is None:
        return
    for d in ds:
        bd = d.breakdown.get("billed")
        if not d.eligible or bd is None:
            continue
        most = round_money(Decimal(bd["billed"]) * Decimal(bd["percent"]) / 100, d.breakdown["rounding"]["mode"],
                           Decimal(d.breakdown["rounding"]["unit"]))
        if d.amount > most:
            prior = [x for x in paid_decisions(ds) if ds.index(x) < ds.index(d)]
            raise Violation(f"{d.benefit} paid {money_str(d.amount)} on {d.event_date.isoformat()}, more than "
                            f"{bd['percent']}% of the bill of {bd['billed']}",
                            f"{d.benefit} จ่าย {money_str(d.amount)} วันที่ {d.event_date.isoformat()} เกินร้อยละ "
                            f"{bd['percent']} ของค่าใช้จ่าย {bd['billed']}",
                            [counterexample_case(s, d.claim_id, prior, "billed", {"at_most": most})])


def _several_members(reg: Regulation, s: Any) -> None:
    paid = decided_paid(reg, s)
    if paid is None:
        return
    claims = {c.claim_id: c for c in s.claims}
    for d in paid:
        if benefit_of(reg, d).several_members != "once_per_event":
            continue
        c = claims[d.claim_id]
        elsewhere = [p for p in c.paid_elsewhere if p.benefit == d.benefit and p.member_id != c.member_id]
        if elsewhere:
            prior = [x for x in paid if paid.index(x) < paid.index(d)]
            raise Violation(f"{d.benefit} paid {money_str(d.amount)} for event {c.event_ref}, already paid to member "
                            f"{elsewhere[0].member_id}",
                            f"{d.benefit} จ่าย {money_str(d.amount)} สำหรับเหตุการณ์ {c.event_ref} ซึ่งจ่ายแล้วให้สมาชิก "
                            f"{elsewhere[0].member_id}",
                            [counterexample_case(s, d.claim_id, prior, "several_members",
                                                 {"eligible": False, "amount": 0})])


def _benefits(reg: Regulation) -> list[M.Benefit]:
    return [b for v in reg.versions for b in v.benefits]


_PROPERTIES = [
    ("floors", "ไม่จ่ายต่ำกว่าจำนวนขั้นต่ำ (floor)",
     lambda reg: any(isinstance(b.amount, M.Linear) and b.amount.floor is not None for b in _benefits(reg)), _floors),
    ("shared_caps", "สวัสดิการที่ใช้เพดานร่วมกันไม่จ่ายรวมเกินเพดาน",
     lambda reg: any(v.shared_caps for v in reg.versions), _shared_caps),
    ("person_caps", "ไม่จ่ายเกินเพดานของแต่ละบุคคล",
     lambda reg: any(c.each == "person" for b in _benefits(reg) for c in b.caps), _person_caps),
    ("payee_shares", "ผู้รับเงินได้รับรวมเท่าจำนวนที่ตัดสินพอดี และไม่จ่ายให้สมาชิกผู้เสียชีวิต",
     lambda reg: any(b.payee is not None or b.recipients == "non_members" for b in _benefits(reg)), _payee_shares),
    ("billed", "ไม่จ่ายเกินร้อยละของค่าใช้จ่ายตามใบเสร็จ",
     lambda reg: any(isinstance(b.amount, M.Billed) for b in _benefits(reg)), _billed),
    ("several_members", "เหตุการณ์เดียวจ่ายครั้งเดียวตามที่ระเบียบกำหนด (several_members)",
     lambda reg: any(b.several_members == "once_per_event" for b in _benefits(reg)), _several_members),
] + membership_properties()

V2_TH = {name: th for name, th, _, _ in _PROPERTIES}


def v2_properties(reg: Regulation) -> dict[str, Callable[[Regulation, Any], None]]:
    """The version-2 properties that apply to ``reg`` (those whose construct it uses), in a fixed order."""
    return {name: prop for name, _, uses, prop in _PROPERTIES if uses(reg)}


__all__ = ["V2_TH", "v2_properties"]
