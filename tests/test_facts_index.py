"""The facts stage indexes instalments in blocks (list operations, no Python step per period).  These tests hold it
to a reference that walks one period at a time exactly as docs/facts.md words the rules, on random histories,
indexed all at once and in random pieces (as a fund's claims replayed in date order index them)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings, strategies as st

from swf_rules.core import model as M
from swf_rules.core.dates import month_end
from swf_rules.core.facts import NEVER, MemberState
from swf_rules.core.history import Contribution, Member, Spell

DAY = timedelta(days=1)


def membership(period: str, grace: int, lapse: tuple[str, int] | None, suspend: int | None) -> M.Membership:
    return M.Membership.model_validate({
        "clause": "1", "contribution": {"amount": "30" if period == "month" else "365", "period": period},
        "starts": "application", "grace_days": grace, "suspend_after": suspend,
        "lapse_after": None if lapse is None else {lapse[0]: lapse[1]}})


def periods_from(period: str, start: date):
    y, m = start.year, start.month if period == "month" else 1
    while True:
        if period == "month":
            yield date(y, m, 1), month_end(y, m), f"{y:04d}-{m:02d}"
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        else:
            yield date(y, 1, 1), date(y, 12, 31), f"{y:04d}"
            y += 1


def reference(member: Member, ms: M.Membership) -> list[dict]:
    """Per spell: every period's deadline, the day it was paid (None: never) and whether it was missed; the lapse
    day and the first payment.  One period at a time, straight from the rules."""
    amount = ms.contribution.amount
    paid: dict[str, date] = {}
    sums: dict[str, Decimal] = {}
    for c in sorted(member.contributions, key=lambda c: (c.date, c.covers)):
        if c.covers in paid:
            continue
        sums[c.covers] = sums.get(c.covers, Decimal(0)) + c.amount
        if sums[c.covers] >= amount:
            paid[c.covers] = c.date
    out = []
    lapse = ms.lapse_after
    for s in sorted(member.spells, key=lambda s: s.start):
        stop = s.end
        if member.died_on is not None and (stop is None or member.died_on < stop):
            stop = member.died_on + DAY
        due, pon, missed, lapse_on, run, total = [], [], [], None, 0, 0
        for pstart, pend, key in periods_from(ms.contribution.period, s.start):
            if (stop is not None and pstart >= stop) or pstart > date(2031, 12, 31):
                break
            deadline = pend + timedelta(days=ms.grace_days)
            p = paid.get(key)
            miss = p is None or p > deadline
            due.append(deadline)
            pon.append(p)
            missed.append(miss)
            run = run + 1 if miss else 0
            total += miss
            if lapse is not None and (run if lapse.consecutive else total) >= (lapse.consecutive or lapse.total):
                if s.end is None or deadline + DAY < s.end:
                    lapse_on = deadline + DAY
                break
        firsts = [p for p in pon if p is not None]
        out.append({"due": due, "paid_on": pon, "missed": missed, "lapse_on": lapse_on,
                    "first_paid": min(firsts) if firsts else None})
    return out


@st.composite
def histories(draw):
    period = draw(st.sampled_from(["month", "year"]))
    ms = membership(period, draw(st.sampled_from([0, 0, 5, 15, 31])),
                    draw(st.one_of(st.none(), st.tuples(st.sampled_from(["consecutive", "total"]),
                                                        st.integers(1, 5)))),
                    draw(st.one_of(st.none(), st.integers(1, 4))))
    start = date(2015, 1, 1) + timedelta(days=draw(st.integers(0, 1500)))
    spells = [Spell(start=start)]
    if draw(st.booleans()):
        end = start + timedelta(days=draw(st.integers(30, 2500)))
        spells = [Spell(start=start, end=end, end_reason="resigned")]
        if draw(st.booleans()):
            spells.append(Spell(start=end + timedelta(days=draw(st.integers(1, 400)))))
    contribs = []
    amount = ms.contribution.amount
    n = draw(st.integers(0, 90 if period == "month" else 9))
    for i, (pstart, pend, key) in enumerate(periods_from(period, start)):
        if i >= n:
            break
        how = draw(st.sampled_from(["on_time", "on_time", "late", "never", "never", "split", "short", "twice"]))
        day = pstart + timedelta(days=draw(st.integers(0, 20)))
        if how == "late":
            day = pend + timedelta(days=draw(st.integers(1, 120)))
        if how == "never":
            continue
        if how == "split":
            contribs.append(Contribution(date=day, amount=amount - 10, covers=key))
            contribs.append(Contribution(date=day + timedelta(days=draw(st.integers(0, 60))), amount=Decimal(10),
                                         covers=key))
        elif how == "short":
            contribs.append(Contribution(date=day, amount=amount - 1, covers=key))
        elif how == "twice":
            contribs.append(Contribution(date=day, amount=amount, covers=key))
            contribs.append(Contribution(date=day - timedelta(days=1), amount=amount, covers=key))
        else:
            contribs.append(Contribution(date=day, amount=amount, covers=key))
    died = None
    if draw(st.integers(0, 5)) == 0:
        died = start + timedelta(days=draw(st.integers(0, 3000)))
    member = Member(member_id="m1", birth_date=date(1960, 5, 5), sex="female", spells=spells,
                    contributions=contribs, died_on=died)
    cuts = sorted(draw(st.lists(st.integers(0, 3500), max_size=25)))
    return member, ms, [start + timedelta(days=c) for c in cuts]


@settings(max_examples=300, deadline=None)
@given(histories())
def test_block_indexing_matches_the_period_by_period_reference(h):
    member, ms, cuts = h
    ref = reference(member, ms)
    state = MemberState(member, ms)
    for sp in state.spells:  # in pieces first, as claims in date order would index them
        for d in cuts:
            state.ensure(sp, d)
        state.ensure(sp, date(2031, 12, 31))
    for sp, r in zip(state.spells, ref):
        n = len(r["due"])
        paid_on = [None if x is NEVER else x for x in sp.paid_on]
        missed = [bool(x) for x in sp.missed_bytes]
        assert (sp.due[:n], paid_on[:n], missed[:n]) == (r["due"], r["paid_on"], r["missed"])
        assert sp.lapse_on == r["lapse_on"]
        if r["lapse_on"] is not None or sp.end is not None or member.died_on is not None:
            assert len(sp.due) == n  # nothing indexed after the lapse, the end or death
        assert sp.first_paid == r["first_paid"]


@settings(max_examples=200, deadline=None)
@given(histories(), st.lists(st.integers(0, 6500), min_size=1, max_size=8))
def test_arrears_and_longest_run_on_any_day(h, offsets):
    member, ms, _ = h
    ref = reference(member, ms)
    state = MemberState(member, ms)
    start = member.spells[0].start
    for off in sorted(offsets):
        d = start + timedelta(days=off)
        if d > date(2031, 12, 31):
            continue
        st_ = state.status_at(d)
        if st_.spell is None:
            assert (st_.arrears, st_.missed_in_a_row) == (0, 0)
            continue
        r = ref[state.spells.index(st_.spell)]
        if st_.status in ("resigned", "dead", "not_member"):
            assert (st_.arrears, st_.missed_in_a_row) == (0, 0)
            continue
        passed = [k for k, due in enumerate(r["due"]) if due < d]
        arrears = sum(1 for k in passed if r["paid_on"][k] is None or r["paid_on"][k] > d)
        best = run = 0
        for k in passed:
            run = run + 1 if r["missed"][k] else 0
            best = max(best, run)
        assert (st_.arrears, st_.missed_in_a_row) == (arrears, best)
        sus = ms.suspend_after
        if st_.status != "lapsed":
            assert st_.status == ("suspended" if sus is not None and arrears >= sus else "active")
