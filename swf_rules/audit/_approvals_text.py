"""The committee's decisions as text (``swf-rules approvals``): each approval beside its entitlement, then who
approved what the regulation does not give."""

from __future__ import annotations

from decimal import Decimal
from typing import Sequence

from ..core.money import ZERO, money_str
from ..core.thaitext import align, group_digits
from ..core.thaiwords import Words
from .approvals import ACTION_TH, Approval, VERDICT_EN, VERDICT_TH

_NOT_ENTITLED = ("over", "not_entitled")


def render_approvals(found: Sequence[Approval], lang: str = "th", only_not_entitled: bool = False) -> str:
    th = lang == "th"
    w = Words()
    rows = [a for a in found if not only_not_entitled or a.verdict in _NOT_ENTITLED]
    out = [("มติคณะกรรมการเทียบกับสิทธิ์ตามระเบียบ" if th else "The committee's decisions against the entitlements")
           + f" ({len(rows)} {'รายการ' if th else 'decisions'})", ""]
    head = (["ประชุม", "วันที่", "คำขอ", "สมาชิก", "สวัสดิการ", "มติ", "ตามสิทธิ์", "อนุมัติ", "ผล", "ผู้อนุมัติ"] if th else
            ["meeting", "date", "claim", "member", "benefit", "action", "entitled", "approved", "verdict", "approvers"])
    table = [head]
    for a in rows:
        table.append([a.meeting, w.short_date(a.meeting_date) if th else a.meeting_date.isoformat(), a.claim_id,
                      a.member_id, a.title.get("th" if th else "en", a.benefit),
                      ACTION_TH[a.action] if th else a.action,
                      group_digits(a.entitled) if a.eligible else ("ไม่มีสิทธิ์" if th else "none"),
                      group_digits(a.amount), VERDICT_TH[a.verdict] if th else VERDICT_EN[a.verdict],
                      ", ".join(a.approvers)])
    out += align(table, [False, False, False, False, False, False, True, True, False, False])
    reasons = [a for a in rows if a.reason]
    if reasons:
        out += ["", "เหตุผล" if th else "Reasons"]
        out += [f"  {a.claim_id}: {a.reason}" for a in reasons]
    out += ["", "ผู้อนุมัติรายการที่ไม่เป็นไปตามสิทธิ์" if th else "Who approved what was not entitled"]
    by: dict[str, list[Approval]] = {}
    for a in found:
        if a.verdict in _NOT_ENTITLED:
            for name in a.approvers:
                by.setdefault(name, []).append(a)
    if not by:
        out.append("  ไม่มี" if th else "  nobody")
    else:
        t = [["ผู้อนุมัติ", "รายการ", "เงินที่เกินสิทธิ์", "คำขอ"] if th else ["approver", "decisions", "beyond entitlement",
                                                                       "claims"]]
        for name in sorted(by, key=lambda n: (-sum((a.excess for a in by[n]), ZERO), n)):
            total = sum((a.excess for a in by[name]), ZERO)
            t.append([name, str(len(by[name])), group_digits(total), ", ".join(a.claim_id for a in by[name])])
        out += ["  " + line for line in align(t, [False, True, True, False])]
    refused = [a for a in found if a.verdict == "refused_entitled"]
    if refused:
        out += ["", ("ไม่อนุมัติทั้งที่มีสิทธิ์: " if th else "Refused although entitled: ")
                + ", ".join(f"{a.claim_id} ({group_digits(a.entitled)})" for a in refused)]
    return "\n".join(out) + "\n"


def approvals_json(found: Sequence[Approval]) -> dict[str, object]:
    totals: dict[str, Decimal] = {}
    for a in found:
        totals[a.verdict] = totals.get(a.verdict, ZERO) + a.amount
    return {"approvals": [a.to_dict() for a in found],
            "totals": {k: money_str(v) for k, v in sorted(totals.items())},
            "beyond_entitlement": money_str(sum((a.excess for a in found), ZERO))}


__all__ = ["approvals_json", "render_approvals"]
