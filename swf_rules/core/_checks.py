"""The eligibility checks of one claim: status, waiting period, tenure, age, sex, arrears, conditions, deadline,
the same event, exclusions, count caps and allowance periods.

Every check the benefit asks for is made, and each appends a compact record to the decision's list: ``(check,
clause, passed, values, message function, its arguments)``; the Thai and English messages (:mod:`._messages`)
are rendered only when a decision's reasons are read.  ``passed`` is ``None`` for a check that could not be made
(a deadline with no filing date).  Money and unit caps are not checks: they reduce the amount (:mod:`._amounts`).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from . import model as M
from ._messages import (msg_age, msg_allowance_period, msg_arrears, msg_condition, msg_count_cap, msg_deadline,
                        msg_excludes, msg_first_period, msg_same_event, msg_sex, msg_status, msg_tenure, msg_waiting)
from ._amounts_v2 import paid_in, person_of
from ._messages_membership import msg_status_levies, msg_waiting_paused
from ._people import msg_count_cap_person
from .compile import BenefitPlan
from .dates import add_period, age_on, cap_window
from .decision import iso_date, jsonable
from .facts import MemberState, StatusFacts, tenure_years
from .history import Claim
from .refunds import refund_checks


def check_status(b: M.Benefit, st: StatusFacts, reasons: list[tuple], levies: int | None = None) -> None:
    """The status check; ``levies`` (under a levy rule only): funeral levies overdue on the event date."""
    allowed = b.eligibility.status
    ok = st.status in allowed
    if levies is not None:
        reasons.append(("status", b.clause, ok, {"status": st.status, "allowed": list(allowed), "arrears": st.arrears,
                                                 "levies_overdue": levies},
                        msg_status_levies, (st.status, ok, tuple(allowed), levies)))
        return
    reasons.append(("status", b.clause, ok, {"status": st.status, "allowed": list(allowed),
                                             "arrears": st.arrears}, msg_status, (st.status, ok, tuple(allowed))))


def check_eligibility(bp: BenefitPlan, state: MemberState, st: StatusFacts, claim: Claim,
                      facts: dict[str, Any], reasons: list[tuple]) -> None:
    """Every check of the benefit's eligibility, exclusions, count caps and allowance periods, in this order."""
    b = bp.benefit
    el = b.eligibility
    ev = claim.event_date
    evs = ev.isoformat()
    cl = b.clause
    if el.waiting is not None:
        w = el.waiting
        start = state.waiting_start(w.start, st.spell)
        served = waiting_served(w, start) if start else None
        paused = 0
        if w.paused_by_arrears and start is not None:
            served, paused = paused_served(state, w, start, ev)
        ok = served is not None and ev >= served
        period = bp.waiting_text
        start_s, served_s = iso_date(start), iso_date(served)
        values = {"from": w.start, "start": start_s, "period": period[0], "served_on": served_s, "event_date": evs}
        if w.paused_by_arrears:
            values["paused_days"] = paused
            reasons.append(("waiting", w.clause or cl, ok, values, msg_waiting_paused,
                            (period, start_s, served_s, evs, ok, paused)))
        else:
            reasons.append(("waiting", w.clause or cl, ok, values, msg_waiting, (period, start_s, served_s, evs, ok)))
    if el.tenure is not None:
        t = el.tenure
        days = int(facts["tenure_days"] if t.membership == "continuous" else facts["cumulative_tenure_days"])
        years = tenure_years(days, ev, t.rounding)
        ok = years >= t.min_years
        reasons.append(("tenure", cl, ok, {"membership": t.membership, "rounding": t.rounding, "days": days,
                                           "years": str(years), "min_years": t.min_years},
                        msg_tenure, (years, t.membership, t.rounding, t.min_years)))
    if el.age is not None:
        a = el.age
        age = int(facts["age"] if a.at == "event" else facts["age_at_joining"])
        ok = (a.min is None or age >= a.min) and (a.max is None or age <= a.max)
        reasons.append(("age", cl, ok, {"age": age, "at": a.at, "min": a.min, "max": a.max},
                        msg_age, (age, a.at, a.min, a.max)))
    if el.sex is not None:
        ok = state.member.sex == el.sex
        reasons.append(("sex", cl, ok, {"sex": state.member.sex, "required": el.sex},
                        msg_sex, (state.member.sex, el.sex)))
    if el.max_arrears is not None:
        ok = st.arrears <= el.max_arrears
        reasons.append(("arrears", cl, ok, {"arrears": st.arrears, "max": el.max_arrears},
                        msg_arrears, (st.arrears, el.max_arrears)))
    for cond, comp in bp.conditions:
        ok = comp(facts)
        vals = {n: jsonable(facts[n]) for n in comp.sorted_names}
        reasons.append(("condition", cond.clause or cl, ok, {"when": cond.when, **vals},
                        msg_condition, (cond, ok)))
    if b.deadline is not None:
        dl = b.deadline
        last_d = filing_deadline(dl, ev, claim.end_date)
        last = last_d.isoformat()
        period = bp.deadline_text
        if claim.filed_on is None:
            reasons.append(("deadline", cl, None, {"from": dl.start, "last_day": last, "filed_on": None},
                            msg_deadline, (last, period, None)))
        else:
            ok = claim.filed_on <= last_d
            filed = claim.filed_on.isoformat()
            reasons.append(("deadline", cl, ok, {"from": dl.start, "last_day": last, "filed_on": filed},
                            msg_deadline, (last, period, filed)))
    same = state.paid(b.id, ev, ev, claim.claim_id) if b.person is None \
        else paid_in(state, b.id, ev, ev, claim, "person")  # v2: the same event for the same person
    ids = [p.claim_id for p in same]
    reasons.append(("same_event", cl, not same, {"event_date": evs, "paid_claims": ids},
                    msg_same_event, (tuple(ids),)))
    for ex in bp.excludes:
        other = [p.claim_id for p in state.paid(ex, ev, ev, claim.claim_id)]
        reasons.append(("excludes", cl, not other, {"benefit": ex, "paid_claims": other},
                        msg_excludes, (ex, bool(other))))
    for cap in b.caps:
        if cap.count is None:
            continue
        first, last_day = cap_window(cap.per, ev)
        used = len(state.paid(b.id, first, min(last_day, ev), claim.claim_id) if cap.each is None
                   else paid_in(state, b.id, first, min(last_day, ev), claim, cap.each)) \
            if cap.per not in ("stay", "event") else len(same)
        ok = used < cap.count
        vals = {"per": cap.per, "limit": cap.count, "used": used, "window": [iso_date(first), iso_date(last_day)]}
        if cap.each:  # v2: counted for the person the claim names
            reasons.append(("count_cap", cap.clause or cl, ok, vals | {"person": person_of(claim)},
                            msg_count_cap_person, (used, cap.count, cap.per, person_of(claim))))
        else:
            reasons.append(("count_cap", cap.clause or cl, ok, vals, msg_count_cap, (used, cap.count, cap.per)))
    if isinstance(b.amount, M.Allowance):
        al = b.amount
        first, last_day = cap_window(al.every, ev)
        used = state.paid(b.id, first, min(last_day, ev), claim.claim_id)
        f_s, l_s = iso_date(first), iso_date(last_day)
        reasons.append(("allowance_period", cl, not used, {"every": al.every, "window": [f_s, l_s],
                                                            "paid_claims": [p.claim_id for p in used]},
                        msg_allowance_period, (f_s, l_s, bool(used))))
        if al.first_period == "skip" and first is not None and first > (st.spell.start if st.spell else ev):
            ok = eligible_on(bp, state, first)
            reasons.append(("allowance_first_period", cl, ok, {"period_start": first.isoformat()},
                            msg_first_period, (ok,)))
        elif al.first_period == "skip":
            reasons.append(("allowance_first_period", cl, False, {"period_start": iso_date(first)},
                            msg_first_period, (False,)))
    if isinstance(b.amount, M.V2.Refund):
        refund_checks(bp, state, claim, reasons)


def eligible_on(bp: BenefitPlan, state: MemberState, day: date) -> bool:
    """Would the member meet the benefit's status, age, tenure and waiting rules on ``day``?  (An allowance that
    skips the first period asks it of the period's first day.)"""
    el = bp.benefit.eligibility
    st = state.status_at(day)
    if st.status not in el.status:
        return False
    if el.age is not None and el.age.at == "event":
        age = age_on(state.member.birth_date, day)
        if (el.age.min is not None and age < el.age.min) or (el.age.max is not None and age > el.age.max):
            return False
    if el.tenure is not None:
        days = state.continuous_days(day, st.spell) if el.tenure.membership == "continuous" \
            else state.cumulative_days(day)
        if tenure_years(days, day, el.tenure.rounding) < el.tenure.min_years:
            return False
    if el.waiting is not None:
        start = state.waiting_start(el.waiting.start, st.spell)
        if start is None:
            return False
        served = paused_served(state, el.waiting, start, day)[0] if el.waiting.paused_by_arrears \
            else waiting_served(el.waiting, start)
        if day < served:
            return False
    return True


def waiting_served(w: M.Waiting, start: date) -> date:
    """The day a waiting period that starts on ``start`` is served: from that day on the member may claim."""
    return add_period(start, days=w.days, months=w.months, years=w.years)


def paused_served(state: MemberState, w: M.Waiting, start: date, ev: date) -> tuple[date, int]:
    """A waiting period ``paused_by_arrears``: the day it is served when days in arrears do not count, and how many
    days were paused.  Arrears are read up to the event; after it the member is assumed to pay on time, so a day
    served after the event is the earliest it could be."""
    need = (waiting_served(w, start) - start).days
    t, paused = start, 0
    for a, b in state.arrears_spans(start, ev):
        gap = (a - t).days
        if gap >= need:
            break
        need -= gap
        paused += (b - a).days
        t = b
    return t + timedelta(days=need), paused


def filing_deadline(dl: M.Deadline, event_date: date, end_date: date | None) -> date:
    """The last day to file a claim: the deadline counted from the event, or from its end (a hospital stay's
    discharge) where the regulation says so and the claim has an end date."""
    base = end_date if dl.start == "end" and end_date is not None else event_date
    return add_period(base, days=dl.days, months=dl.months, years=dl.years)
