"""Fund status at a date: the figures CODI's fund-status form asks for, from a fund's ledger.

- members by status on the date (active, suspended, lapsed, resigned, expelled, dead), as the regulation's
  membership rules in force on that date derive it from the instalments;
- current members (active or suspended) by age group: children (under 18), working age (18-59), elderly (60+);
- current members with at least one full year of continuous membership: the count the national government's
  matching contribution is requested for (365 baht a member, per CODI; see docs/auditors.md);
- contributions received: in the period (from ``since``, by default the first day of the fiscal year, to the
  date), in the last 12 months, cumulative, and per fiscal year;
- payouts by category (the benefit's kind) and benefit: in the period, the last 12 months, cumulative and per
  fiscal year.  A payout counts on its payment date (``paid_on``), or its event date when the ledger has none.

Everything is what the books say; nothing is re-decided (that is :mod:`swf_rules.audit.replay`).  Members whose
register has year-only dates are counted at the earliest possible day and their number is reported.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ..core import STATUS_TH
from ..core.dates import add_years, age_on, completed_years, fiscal_year, fiscal_year_bounds
from ..core.errors import LookupProblem
from ..core.facts import MemberState
from ..books import ACCOUNT_KINDS, Ledger, account_totals, satang_to_decimal as _satang_to_decimal
from ..books.accounts import distinct_entries
from ..core.money import ZERO, money_str
from ..core.validate import Regulation

STATUSES = ("active", "suspended", "lapsed", "resigned", "expelled", "dead")
AGE_GROUPS = (("children", 0, 17), ("working_age", 18, 59), ("elderly", 60, None))
MATCHING_PER_MEMBER = Decimal(365)
_STATUS_TH = {s: STATUS_TH[s] for s in STATUSES}  # the core's Thai names; any other status is shown as it is
_GROUP_TH = {"children": "เด็ก (ต่ำกว่า 18 ปี)", "working_age": "วัยทำงาน (18-59 ปี)", "elderly": "ผู้สูงอายุ (60 ปีขึ้นไป)"}
_GROUP_EN = {"children": "children (under 18)", "working_age": "working age (18-59)", "elderly": "elderly (60+)"}


def _statuses(ledger: Ledger, membership: Any, as_of: date, columnar: bool | None) -> dict[str, tuple[str, Any]]:
    """member id -> (status on ``as_of``, the start of the spell it comes from or None), for members who had
    joined by then: the columnar facts stage for every member at once when numpy is installed, else a
    :class:`MemberState` per member (the same rules)."""
    joined = [mid for mid in sorted(ledger.members) if ledger.members[mid].spells[0][0] <= as_of]
    if columnar is None:
        from ..columnar import available
        columnar = available()
    if not columnar or not joined:
        out = {}
        for mid in joined:
            st = MemberState(ledger.members[mid].member(until=as_of), membership).status_at(as_of)
            out[mid] = (st.status, st.spell.start if st.spell is not None else None)
        return out
    import numpy as np
    from ..columnar.columns import Histories
    from ..columnar._facts import STATUSES as CODES, Index
    h = Histories.from_records([ledger.members[mid] for mid in joined], [as_of] * len(joined))
    rows = np.arange(len(joined))
    day = np.full(len(joined), as_of.toordinal())
    st = Index(h, membership, rows, day).status(rows, day)
    starts = h.sp_start[np.maximum(st.spell, 0)].tolist()
    return {mid: (CODES[c], date.fromordinal(s) if sp >= 0 else None)
            for mid, c, sp, s in zip(joined, st.status.tolist(), st.spell.tolist(), starts)}


def fund_status(regulation: Regulation, ledger: Ledger, as_of: date, since: date | None = None,
                columnar: bool | None = None) -> dict[str, Any]:
    """The status figures as JSON-ready data (money as decimal strings, dates ISO C.E.).  ``columnar``: derive
    the members' statuses with the columnar engine (default: when numpy is installed); the figures are the same."""
    since = since or fiscal_year_bounds(as_of)[0]
    last12 = add_years(as_of, -1) + timedelta(days=1)
    try:
        membership = regulation.in_force(as_of).membership
    except LookupProblem:  # before the first version, or in a gap: the nearest earlier version's rules
        earlier = [v for v in regulation.versions if v.effective <= as_of]
        membership = (earlier[-1] if earlier else regulation.versions[0]).membership
    by_status = {s: 0 for s in STATUSES}
    groups = {g: 0 for g, _, _ in AGE_GROUPS}
    full_year = 0
    joined_period = 0
    placeholders = 0
    cum = {"count": 0, "amount": ZERO}
    per = {"count": 0, "amount": ZERO}
    l12 = {"count": 0, "amount": ZERO}
    by_fy: dict[int, Decimal] = {}
    lim, lo_p, lo_12 = as_of.toordinal(), since.toordinal(), last12.toordinal()
    fy_cache: dict[int, int] = {}
    statuses = _statuses(ledger, membership, as_of, columnar)
    for mid in sorted(ledger.members):
        rec = ledger.members[mid]
        for o, a in zip(rec.dates, rec.amounts):
            if o > lim:
                continue
            amt = _satang_to_decimal(a)
            cum["count"] += 1
            cum["amount"] += amt
            if o >= lo_p:
                per["count"] += 1
                per["amount"] += amt
            if o >= lo_12:
                l12["count"] += 1
                l12["amount"] += amt
            fy = fy_cache.get(o)
            if fy is None:
                fy = fy_cache[o] = fiscal_year(date.fromordinal(o))
            by_fy[fy] = by_fy.get(fy, ZERO) + amt
        if rec.spells[0][0] > as_of:
            continue  # not yet a member
        if rec.placeholders:
            placeholders += 1
        if any(since <= s <= as_of for s, _, _ in rec.spells):
            joined_period += 1
        status, spell_start = statuses[mid]
        by_status[status] = by_status.get(status, 0) + 1
        if status in ("active", "suspended"):
            age = age_on(rec.birth_date, as_of)
            for g, lo, hi in AGE_GROUPS:
                if age >= lo and (hi is None or age <= hi):
                    groups[g] += 1
            if spell_start is not None and completed_years(spell_start, as_of) >= 1:
                full_year += 1
    payouts = _payouts(regulation, ledger, as_of, since, last12)
    current = by_status["active"] + by_status["suspended"]
    books = _books(ledger, as_of, since)
    return books | {
        "fund": regulation.fund_id,
        "as_of": as_of.isoformat(),
        "fiscal_year": fiscal_year(as_of),
        "period": {"from": since.isoformat(), "to": as_of.isoformat()},
        "last_12_months": {"from": last12.isoformat(), "to": as_of.isoformat()},
        "members": {
            "ever_joined": sum(by_status.values()),
            "current": current,
            "by_status": by_status,
            "by_age_group": groups,
            "joined_in_period": joined_period,
            "with_placeholder_dates": placeholders,
        },
        "government_matching": {
            "members_with_full_year": full_year,
            "baht_per_member": money_str(MATCHING_PER_MEMBER),
            "amount": money_str(MATCHING_PER_MEMBER * full_year),
        },
        "contributions": {
            "period": _money(per), "last_12_months": _money(l12), "cumulative": _money(cum),
            "by_fiscal_year": {str(k): money_str(v) for k, v in sorted(by_fy.items())},
        },
        "payouts": payouts,
    }


def _books(ledger: Ledger, as_of: date, since: date) -> dict[str, Any]:
    """The accounts (totals by kind, balances) and the notices about them and the beneficiaries: only for a ledger
    that has those registers, so that the status of a ledger without them is what it always was."""
    if not (ledger.accounts or ledger.beneficiaries or ledger.notices):
        return {}
    balances: dict[str, Decimal] = {}
    for e in distinct_entries(ledger.accounts)[0]:  # an entry recorded twice counts once (it is a notice)
        if e.date <= as_of and e.kind != "balance":
            balances[e.account] = balances.get(e.account, ZERO) + e.signed
    lim = as_of.toordinal()
    cash = sum((_satang_to_decimal(a) for r in ledger.members.values() for o, a in zip(r.dates, r.amounts)
                if o <= lim), ZERO) - sum((p.amount for p in ledger.payouts if (p.paid_on or p.event_date) <= as_of),
                                          ZERO)
    if ledger.accounts:
        balances["cash"] = balances.get("cash", ZERO) + cash
    return {
        "accounts": {
            "period": account_totals(ledger.accounts, since, as_of),
            "cumulative": account_totals(ledger.accounts, None, as_of),
            "balances": {k: money_str(v) if v >= 0 else "-" + money_str(-v) for k, v in sorted(balances.items())},
        },
        "beneficiaries": {"members_naming": len(ledger.beneficiaries),
                          "beneficiaries": sum(len(v) for v in ledger.beneficiaries.values())},
        "notices": [p.to_dict() for p in ledger.notices],
    }


def _money(x: dict[str, Any]) -> dict[str, Any]:
    return {"count": x["count"], "amount": money_str(x["amount"])}


def _payouts(regulation: Regulation, ledger: Ledger, as_of: date, since: date, last12: date) -> dict[str, Any]:
    def kind_of(benefit: str, on: date) -> str:
        try:
            b = regulation.in_force(on).benefit(benefit)
        except LookupProblem:
            b = None
        return b.kind if b is not None else "unknown"

    sections: dict[str, dict[tuple[str, str], list[Any]]] = {"period": {}, "last_12_months": {}, "cumulative": {}}
    by_fy: dict[tuple[int, str, str], list[Any]] = {}
    for p in ledger.payouts:
        day = p.paid_on or p.event_date
        if day > as_of:
            continue
        key = (kind_of(p.benefit, p.event_date), p.benefit)
        for name, lo in (("cumulative", None), ("period", since), ("last_12_months", last12)):
            if lo is None or day >= lo:
                cell = sections[name].setdefault(key, [0, ZERO])
                cell[0] += 1
                cell[1] += p.amount
        cell = by_fy.setdefault((fiscal_year(day),) + key, [0, ZERO])
        cell[0] += 1
        cell[1] += p.amount
    out: dict[str, Any] = {}
    for name, cells in sections.items():
        rows = [{"category": k[0], "benefit": k[1], "count": v[0], "amount": money_str(v[1])}
                for k, v in sorted(cells.items())]
        out[name] = {"rows": rows, "total": {"count": sum(v[0] for v in cells.values()),
                                             "amount": money_str(sum((v[1] for v in cells.values()), ZERO))}}
    out["by_fiscal_year"] = [{"fiscal_year": k[0], "category": k[1], "benefit": k[2], "count": v[0],
                              "amount": money_str(v[1])} for k, v in sorted(by_fy.items())]
    return out


def status_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def render_status(data: dict[str, Any], lang: str = "en") -> str:
    th = lang == "th"
    m = data["members"]
    out = [(f"สถานะกองทุน {data['fund']} ณ วันที่ {data['as_of']} (ปีงบประมาณ {data['fiscal_year']})" if th else
            f"Status of fund {data['fund']} on {data['as_of']} (fiscal year {data['fiscal_year']})"),
           "",
           ("สมาชิก" if th else "Members"),
           _pair("เคยเป็นสมาชิกทั้งหมด" if th else "ever joined", m["ever_joined"]),
           _pair("สมาชิกปัจจุบัน" if th else "current (active or suspended)", m["current"])]
    for s in list(STATUSES) + sorted(set(m["by_status"]) - set(STATUSES)):
        out.append(_pair(("  " + _STATUS_TH.get(s, s)) if th else ("  " + s), m["by_status"][s]))
    out.append(("สมาชิกปัจจุบันตามกลุ่มอายุ" if th else "Current members by age group"))
    for g, _, _ in AGE_GROUPS:
        out.append(_pair("  " + (_GROUP_TH[g] if th else _GROUP_EN[g]), m["by_age_group"][g]))
    out.append(_pair("สมัครใหม่ในช่วง" if th else "joined in the period", m["joined_in_period"]))
    if m["with_placeholder_dates"]:
        out.append(_pair("มีวันที่ระบุแค่ปี" if th else "with year-only dates", m["with_placeholder_dates"]))
    g = data["government_matching"]
    out += ["", ("เงินสมทบจากรัฐบาล (สมาชิกครบหนึ่งปีเต็ม)" if th else
                 "Government matching (members with a full year)"),
            _pair("จำนวนสมาชิก" if th else "members", g["members_with_full_year"]),
            _pair(f"x {g['baht_per_member']} บาท" if th else f"x {g['baht_per_member']} baht", g["amount"])]
    c = data["contributions"]
    out += ["", ("เงินสัจจะที่ได้รับ" if th else "Contributions received")]
    for key, en, thai in (("period", f"period {data['period']['from']} to {data['period']['to']}",
                           f"ช่วง {data['period']['from']} ถึง {data['period']['to']}"),
                          ("last_12_months", "last 12 months", "12 เดือนล่าสุด"),
                          ("cumulative", "cumulative", "สะสม")):
        out.append(_pair(thai if th else en, f"{c[key]['amount']} ({c[key]['count']})"))
    for fy, amt in c["by_fiscal_year"].items():
        out.append(_pair(("  ปีงบ " if th else "  FY ") + fy, amt))
    p = data["payouts"]
    out += ["", ("การจ่ายสวัสดิการตามประเภท" if th else "Payouts by category")]
    for key, en, thai in (("period", "in the period", "ในช่วง"), ("last_12_months", "last 12 months", "12 เดือนล่าสุด"),
                          ("cumulative", "cumulative", "สะสม")):
        out.append(f"  {thai if th else en}: {p[key]['total']['amount']} ({p[key]['total']['count']})")
        for r in p[key]["rows"]:
            out.append(_pair(f"    {r['category']}/{r['benefit']}", f"{r['amount']} ({r['count']})"))
    out.append(("  ตามปีงบประมาณ" if th else "  by fiscal year"))
    for r in p["by_fiscal_year"]:
        out.append(_pair(f"    {r['fiscal_year']} {r['category']}/{r['benefit']}", f"{r['amount']} ({r['count']})"))
    if "accounts" in data:
        out += _render_books(data, th)
    return "\n".join(out) + "\n"


def _render_books(data: dict[str, Any], th: bool) -> list[str]:
    a = data["accounts"]
    out = ["", ("บัญชีรับ-จ่ายอื่นของกองทุน" if th else "Other money of the fund (accounts)")]
    for key, en, thai in (("period", "in the period", "ในช่วง"), ("cumulative", "cumulative", "สะสม")):
        out.append(f"  {thai if th else en}")
        for kind, cell in a[key].items():
            k = ACCOUNT_KINDS[kind]
            out.append(_pair(f"    {k.th if th else kind}", f"{cell['amount']} ({cell['count']})"))
    out.append(("  ยอดคงเหลือตามบัญชี" if th else "  balances the books give"))
    for acc, amount in a["balances"].items():
        out.append(_pair(f"    {acc}", amount))
    b = data["beneficiaries"]
    out.append(_pair("สมาชิกที่ระบุผู้รับผลประโยชน์" if th else "members naming beneficiaries", b["members_naming"]))
    notices = data["notices"]
    out += ["", (f"ข้อสังเกต ({len(notices)})" if th else f"Notices ({len(notices)})")]
    for n in notices:
        where = f"{n['file']}:{n['line']}:{n['col']}" if n["line"] is not None else f"{n['file']}:{n['json_path']}"
        out.append(f"  {where} {n['code']} {n['message']['th' if th else 'en']}")
    return out


def _pair(label: str, value: Any) -> str:
    return f"{label:<44} {value}"


__all__ = ["fund_status", "render_status", "status_json", "STATUSES", "AGE_GROUPS"]
