"""Built-in properties of the membership constructs of language version 2, checked for a regulation that uses
them (a regulation that does not is checked exactly as before):

- ``on_time_members``: a member who pays every instalment in full on time (and every funeral levy within its
  time) is never lapsed or suspended and has no arrears, under any schedule, deadline rule or yearly total;
- ``paused_waiting``: nothing is paid before a waiting period paused by arrears is served (days in arrears read
  independently of the engine, from the passbook);
- ``refunds``: a refund never exceeds the contributions the member paid;
- ``levies``: a benefit paid from the levies collected never exceeds what the claim says was collected.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Callable

from ..core import model as M
from ..core.dates import add_period
from ..core.money import ZERO, money_str
from ..core.schedules import version_1_instalments
from ..core.validate import Regulation
from ._membership_rules import arrears_days, spell_at, waiting_start
from ._violations import Violation, benefit_of, counterexample_case, decide_or_none, decided_before, decided_paid


def _uses_schedules(reg: Regulation) -> bool:
    return not all(version_1_instalments(v.membership) for v in reg.versions)


def _amounts(reg: Regulation, cls: type) -> bool:
    return any(isinstance(b.amount, cls) for v in reg.versions for b in v.benefits)


def _uses_paused_waiting(reg: Regulation) -> bool:
    return any(b.eligibility.waiting is not None and b.eligibility.waiting.paused_by_arrears
               for v in reg.versions for b in v.benefits)


def membership_properties() -> list[tuple[str, str, Callable[[Regulation], bool], Callable[[Regulation, Any], None]]]:
    """(name, Thai name, whether a regulation uses the construct, the property), in order; listed with the other
    version-2 properties by :func:`._v2_properties.v2_properties`."""
    return [("on_time_members", "สมาชิกที่ส่งครบตรงเวลาไม่พ้นสภาพและไม่ค้างส่ง", _uses_schedules, _on_time_members),
            ("paused_waiting", "ไม่จ่ายก่อนครบระยะรอคอยที่ไม่นับวันค้างส่ง", _uses_paused_waiting, _paused_waiting),
            ("refunds", "เงินคืนไม่เกินเงินสมทบที่ส่ง", lambda reg: _amounts(reg, M.V2.Refund), _refunds),
            ("levies", "ไม่จ่ายเกินเงินสงเคราะห์ที่เก็บได้", lambda reg: _amounts(reg, M.V2.LeviesCollected), _levies)]


# ------------------------------------------------------------------------------------------ on-time members
def _levies_on_time(reg: Regulation, recipe: dict[str, Any]) -> bool:
    for lv in recipe.get("levies", ()):
        if lv.get("paid") is None:
            return False
        died = date.fromisoformat(lv["died"])
        try:
            rule = reg.in_force(died).membership.levy
        except Exception:  # noqa: BLE001 - no version in force: the levy is not owed under any rule
            continue
        if rule is not None and date.fromisoformat(lv["paid"]) > add_period(died, days=rule.within.days,
                                                                            months=rule.within.months):
            return False
    return True


def _on_time_members(reg: Regulation, s: Any) -> None:
    r = s.member_recipe
    if r.get("missed") or not str(r.get("paid", "")).startswith("every") or not _levies_on_time(reg, r):
        return
    ds = decide_or_none(reg, s)
    if ds is None:
        return
    for d in ds:
        st = next(x for x in d.checks if x[0] == "status")
        status, arrears = st[3]["status"], st[3]["arrears"]
        if status in ("lapsed", "suspended") or arrears:
            prior = [x for x in ds if x.eligible and x.amount > 0 and ds.index(x) < ds.index(d)]
            raise Violation(
                f"a member who paid every instalment on time was {status} with {arrears} in arrears on "
                f"{d.event_date.isoformat()} (claim {d.claim_id})",
                f"สมาชิกที่ส่งเงินสมทบครบทุกงวดตรงเวลามีสถานะ {status} ค้างส่ง {arrears} งวด ในวันที่ "
                f"{d.event_date.isoformat()} (คำขอ {d.claim_id})",
                [counterexample_case(s, d.claim_id, prior, "on_time_members", {"eligible": True})],
                note="the member's passbook shows every instalment paid on time")


# ------------------------------------------------------------------------------------------ paused waiting
def _paused_waiting(reg: Regulation, s: Any) -> None:
    paid = decided_paid(reg, s)
    if paid is None:
        return
    for d in paid:
        w = benefit_of(reg, d).eligibility.waiting
        if w is None or not w.paused_by_arrears:
            continue
        sp = spell_at(s.member, d.event_date)
        start = waiting_start(s.member, w.start, sp)
        if start is None or sp is None:
            continue
        need = (add_period(start, days=w.days, months=w.months, years=w.years) - start).days
        membership = reg.in_force(d.event_date).membership
        late = set().union(*(arrears_days(s.member, x, membership, start, d.event_date) for x in s.member.spells))
        day, counted = start, 0
        while counted < need and day < d.event_date:
            counted += day not in late
            day += timedelta(days=1)
        if counted < need:
            prior = decided_before(paid, d)
            raise Violation(
                f"{d.benefit} paid {money_str(d.amount)} on {d.event_date.isoformat()} after only {counted} of the "
                f"{need} days of a waiting period paused by arrears",
                f"{d.benefit} จ่าย {money_str(d.amount)} วันที่ {d.event_date.isoformat()} ทั้งที่นับระยะรอคอยได้เพียง "
                f"{counted} จาก {need} วัน (ไม่นับวันที่ค้างส่ง)",
                [counterexample_case(s, d.claim_id, prior, "paused_waiting", {"eligible": False, "amount": 0})])


# ------------------------------------------------------------------------------------------ refunds and levies
def _refunds(reg: Regulation, s: Any) -> None:
    paid = decided_paid(reg, s)
    if paid is None:
        return
    for d in paid:
        if not isinstance(benefit_of(reg, d).amount, M.V2.Refund):
            continue
        total = sum((c.amount for c in s.member.contributions if c.date <= d.event_date), ZERO)
        if d.amount > total:
            prior = decided_before(paid, d)
            raise Violation(
                f"{d.benefit} refunded {money_str(d.amount)}, more than the {money_str(total)} the member paid",
                f"{d.benefit} คืนเงิน {money_str(d.amount)} มากกว่าเงินสมทบที่สมาชิกส่ง {money_str(total)}",
                [counterexample_case(s, d.claim_id, prior, "refunds", {"at_most": total})])


def _levies(reg: Regulation, s: Any) -> None:
    paid = decided_paid(reg, s)
    if paid is None:
        return
    claims = {c.claim_id: c for c in s.claims}
    for d in paid:
        a = benefit_of(reg, d).amount
        if not isinstance(a, M.V2.LeviesCollected):
            continue
        collected = Decimal(str(claims[d.claim_id].details.get(a.field, "0")))
        if d.amount > collected:
            prior = decided_before(paid, d)
            raise Violation(
                f"{d.benefit} paid {money_str(d.amount)}, more than the {money_str(collected)} collected",
                f"{d.benefit} จ่าย {money_str(d.amount)} มากกว่าเงินสงเคราะห์ที่เก็บได้ {money_str(collected)}",
                [counterexample_case(s, d.claim_id, prior, "levies", {"at_most": collected})])


__all__ = ["membership_properties"]
