"""What a member's history says on the days around each deadline: instalments paid in parts, late or never, grace
days, arrears, suspension, lapse (in a row or in total), spells that end by resignation or death, periods outside
the indexed years, tenure days, where a waiting period starts, and the payout index.  Every expected date and count
is worked by hand in the comments."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import pytest

from swf_rules.core import schedules as schedules_module
from swf_rules.core import model as M
from swf_rules.core.errors import InputError
from swf_rules.core.facts import NEVER, MemberState, PaidClaim, StatusFacts, tenure_years
from swf_rules.core.history import parse_member


def rules(period: str = "month", grace: int = 0, lapse: dict | None = None, suspend: int | None = None,
          amount: str = "30") -> M.Membership:
    return M.Membership.model_validate({"clause": "1", "contribution": {"amount": amount, "period": period},
                                        "starts": "approval", "grace_days": grace, "suspend_after": suspend,
                                        "lapse_after": lapse})


def person(spells: list[tuple[str, str | None, str | None]], contributions: list[tuple[str, str, str]],
           died_on: str | None = None, payouts: list[dict[str, Any]] | None = None) -> Any:
    return parse_member({"member_id": "m-1", "birth_date": "1850-01-01", "sex": "female",
                         "spells": [{"start": s, "end": e, "end_reason": r} for s, e, r in spells],
                         "contributions": [{"date": d, "amount": a, "covers": c} for d, a, c in contributions],
                         "died_on": died_on, "payouts": payouts or []})


def status(state: MemberState, day: str, **kw: Any) -> tuple[str, int, int]:
    st = state.status_at(date.fromisoformat(day), **kw)
    return st.status, st.arrears, st.missed_in_a_row


# Joined 15 Jan 2024; 30 baht a month, 10 grace days (a month's deadline is the 10th of the next month).
# Jan paid 15 Jan; Feb paid in two parts, 20 on 5 Feb and 10 on 12 Feb (complete on 12 Feb, before 10 Mar);
# Mar paid late on 15 Apr (deadline 10 Apr); Apr never; May paid 5 Jun (on time); Jun, Jul, Aug never.
HISTORY = [("2024-01-15", "30", "2024-01"), ("2024-02-05", "20", "2024-02"), ("2024-02-12", "10", "2024-02"),
           ("2024-04-15", "30", "2024-03"), ("2024-06-05", "30", "2024-05")]


@pytest.mark.parametrize("day, expected", [
    ("2024-02-10", ("active", 0, 0)),   # January's deadline is today: not yet "before" the day
    ("2024-04-10", ("active", 0, 0)),   # March's deadline today
    ("2024-04-11", ("active", 1, 1)),   # March is past its deadline and unpaid today
    ("2024-04-14", ("active", 1, 1)),
    ("2024-04-15", ("active", 0, 1)),   # paid late today: no longer in arrears, still missed
    ("2024-05-11", ("active", 1, 2)),   # April past its deadline: March (late) and April missed in a row
    ("2024-07-11", ("suspended", 2, 2)),  # April and June unpaid: 2 = suspend_after
    ("2024-09-10", ("suspended", 3, 2)),  # April, June, July (August's deadline is today)
    ("2024-09-11", ("lapsed", 4, 3)),   # August makes 3 missed in a row: lapsed the day after its deadline
    ("2025-06-01", ("lapsed", 4, 3)),   # nothing is due after the lapse
])
def test_arrears_suspension_and_lapse(day: str, expected: tuple) -> None:
    state = MemberState(person([("2024-01-15", None, None)], HISTORY),
                        rules(grace=10, lapse={"consecutive": 3}, suspend=2))
    assert status(state, day) == expected


def test_spell_index_after_a_lapse() -> None:
    state = MemberState(person([("2024-01-15", None, None)], HISTORY),
                        rules(grace=10, lapse={"consecutive": 3}, suspend=2))
    state.status_at(date(2025, 1, 1))
    sp = state.spells[0]
    assert (sp.lapse_on, sp.first_paid, sp.effective_end, sp.done) == (date(2024, 9, 11), date(2024, 1, 15),
                                                                       date(2024, 9, 11), True)
    assert sp.due == [date(2024, m + 1, 10) for m in range(1, 9)]  # Jan..Aug: 10 Feb .. 10 Sep
    assert sp.paid_on[:2] == [date(2024, 1, 15), date(2024, 2, 12)]
    assert (sp.late, bytes(sp.missed_bytes), sp.unpaid_upto) == ([2], bytes([0, 0, 1, 1, 0, 1, 1, 1]),
                                                                 [0, 0, 0, 1, 1, 2, 3, 4])
    # 15 Jan -> 11 Sep 2024 = 240 days (31 + 29 + 31 + 30 + 31 + 30 + 31 + 31 to 15 Sep is 244; less 4)
    assert state.cumulative_days(date(2025, 1, 1)) == 240
    assert state.cumulative_days(date(2024, 9, 1)) == 230
    assert not sp.covers(date(2024, 9, 11)) and sp.covers(date(2024, 9, 10))
    assert not sp.covers(date(2024, 1, 14)) and sp.covers(date(2024, 1, 15))  # the day before it began, the first


def test_lapse_after_a_total_of_missed_instalments() -> None:
    # total 2: March (late) and April (never) -> lapsed the day after April's deadline, 11 May
    state = MemberState(person([("2024-01-15", None, None)], HISTORY), rules(grace=10, lapse={"total": 2}))
    assert status(state, "2024-05-10") == ("active", 0, 1)
    assert status(state, "2024-05-11") == ("lapsed", 1, 2)
    assert state.spells[0].lapse_on == date(2024, 5, 11)


def test_indexing_in_pieces_gives_the_same_lapse() -> None:
    # the same history asked about day by day (each call indexes a little more) lapses on the same day
    state = MemberState(person([("2024-01-15", None, None)], HISTORY),
                        rules(grace=10, lapse={"consecutive": 3}, suspend=2))
    seen = [status(state, d)[0] for d in ("2024-02-01", "2024-05-01", "2024-07-01", "2024-08-15", "2024-09-11")]
    assert seen == ["active", "active", "active", "suspended", "lapsed"]  # 1 Jul: only April unpaid
    assert state.spells[0].lapse_on == date(2024, 9, 11)


def test_a_paid_month_between_pieces_of_indexing_ends_the_run() -> None:
    # 3 in a row lapse.  Paid: January, March, June; missed: February, April, May.  Indexed in three pieces (Jan-Feb,
    # Mar-Apr, May-Jun): the second piece's paid March ends February's run, so April and May are 2 in a row, not 3.
    # On 15 Jun: February (deadline 29 Feb), April (30 Apr) and May (31 May) unpaid -> 3 in arrears; April and May
    # are the longest run, 2; no lapse.
    paid = [("2024-01-05", "30", "2024-01"), ("2024-03-05", "30", "2024-03"), ("2024-06-05", "30", "2024-06")]
    state = MemberState(person([("2024-01-01", None, None)], paid), rules(lapse={"consecutive": 3}))
    assert [status(state, d) for d in ("2024-02-15", "2024-04-15", "2024-06-15")] == [
        ("active", 0, 0), ("active", 1, 1), ("active", 3, 2)]
    assert (state.spells[0].lapse_on, state.spells[0].carry) == (None, (0, 3))  # June paid: no run at the end


PAID_TO_MAY = [(f"2024-0{m}-05", "30", f"2024-0{m}") for m in range(1, 6)]  # Jan-May on time; June on never


def test_a_run_of_missed_months_across_pieces_of_indexing() -> None:
    # 3 in a row (June, July, August: no grace) lapse the day after August's deadline, 1 Sep -- however the months
    # were indexed: June alone, July alone, then August to October in one piece
    state = MemberState(person([("2024-01-01", None, None)], PAID_TO_MAY), rules(lapse={"consecutive": 3}))
    assert [status(state, d)[0] for d in ("2024-06-01", "2024-07-01")] == ["active"] * 2
    assert status(state, "2024-10-15") == ("lapsed", 3, 3)  # indexes August to October: the lapse is in August
    assert state.spells[0].lapse_on == date(2024, 9, 1)
    assert len(state.spells[0].due) == 8  # January to August: nothing is owed after the lapse


def test_a_total_of_missed_months_across_pieces_of_indexing() -> None:
    # total 2: February and May missed (not in a row); indexed month by month, lapsed on 1 Jun
    paid = [c for c in PAID_TO_MAY if c[2] not in ("2024-02", "2024-05")] + [("2024-06-05", "30", "2024-06")]
    state = MemberState(person([("2024-01-01", None, None)], paid), rules(lapse={"total": 2}))
    assert [status(state, f"2024-0{m}-01")[0] for m in range(2, 6)] == ["active"] * 4
    assert status(state, "2024-06-01") == ("lapsed", 2, 1)
    assert state.spells[0].lapse_on == date(2024, 6, 1)
    state = MemberState(person([("2024-01-01", None, None)], paid), rules(lapse={"total": 3}))
    assert [status(state, d)[0] for d in ("2024-03-01", "2024-07-01")] == ["active", "active"]


def test_lapse_after_one_and_after_zero() -> None:
    # "after 1 missed": January unpaid lapses on 1 Feb; 0 means the rule never applies; so does suspend_after 0
    state = MemberState(person([("2024-01-01", None, None)], []), rules(lapse={"consecutive": 1}))
    assert status(state, "2024-02-01") == ("lapsed", 1, 1)
    state = MemberState(person([("2024-01-01", None, None)], []), rules(lapse={"consecutive": 0}, suspend=0))
    assert status(state, "2024-12-01") == ("active", 11, 11)
    assert state.spells[0].lapse_on is None
    state = MemberState(person([("2024-01-01", None, None)], []), rules(lapse={"total": 0}))
    assert status(state, "2024-12-01")[0] == "active"


def test_first_payment_of_a_spell() -> None:
    state = MemberState(person([("2024-01-01", None, None)], []), rules())
    state.status_at(date(2024, 6, 1))
    assert state.spells[0].first_paid is None  # nothing paid: not "never" as a date
    state = MemberState(person([("2024-01-01", None, None)], [("2024-03-05", "30", "2024-03"),
                                                             ("2024-02-20", "30", "2024-02")]), rules())
    state.status_at(date(2024, 2, 1))
    state.status_at(date(2024, 6, 1))
    assert state.spells[0].first_paid == date(2024, 2, 20)


def test_without_rules_arrears_only_grow() -> None:
    state = MemberState(person([("2024-01-15", None, None)], HISTORY), rules())
    # no grace: March's deadline is 31 Mar, paid 15 Apr; February complete on 12 Feb (deadline 29 Feb)
    assert status(state, "2024-03-31") == ("active", 0, 0)
    assert status(state, "2024-04-01") == ("active", 1, 1)
    # by 1 Jan 2025 every deadline up to December's (31 Dec) has passed.  Unpaid: April and June-December = 8.
    # Missed (paid after the deadline or never): March (15 Apr), April, May (paid 5 Jun > 31 May) and June-December:
    # 10 in a row.
    assert status(state, "2025-01-01") == ("active", 8, 10)


def test_partial_payments_only_count_when_complete() -> None:
    # 20 + 5 = 25 of 30 for January: never complete; February's 30 on time
    m = person([("2024-01-01", None, None)], [("2024-01-05", "20", "2024-01"), ("2024-01-20", "5", "2024-01"),
                                             ("2024-02-05", "30", "2024-02")])
    state = MemberState(m, rules())
    assert status(state, "2024-02-01") == ("active", 1, 1)  # the first period alone is past its deadline
    assert status(state, "2024-03-01") == ("active", 1, 1)
    # one underpaid contribution per period (no sums needed): an underpaid month is unpaid
    m = person([("2024-01-01", None, None)], [("2024-01-05", "29.99", "2024-01"), ("2024-02-05", "30", "2024-02")])
    assert status(MemberState(m, rules()), "2024-03-01") == ("active", 1, 1)
    m = person([("2024-01-01", None, None)], [("2024-01-05", "30.00", "2024-01"), ("2024-02-05", "31", "2024-02")])
    assert status(MemberState(m, rules()), "2024-03-01") == ("active", 0, 0)


def test_contribution_for_the_wrong_kind_of_period() -> None:
    m = person([("2024-01-01", None, None)], [("2024-01-05", "30", "2024-01"), ("2024-02-05", "30", "2024")])
    with pytest.raises(InputError) as e:
        MemberState(m, rules(), file="m.json")
    (p,) = e.value.problems
    assert (p.code, p.path, p.file, p.value, p.message_en) == (
        "contribution-period", ("contributions", 1, "covers"), "m.json", "2024",
        "contribution covers '2024' but the schedule is monthly; write YYYY-MM")
    with pytest.raises(InputError) as e:
        MemberState(person([("2024-01-01", None, None)], [("2024-01-05", "365", "2024-01")]),
                    rules("year", amount="365"))
    assert e.value.problems[0].message_en == "contribution covers '2024-01' but the schedule is yearly; write YYYY"


def test_yearly_instalments() -> None:
    # joined 1 Jun 2020; 2020 paid, 2021 never, 2022 paid late on 5 Jan 2023
    m = person([("2020-06-01", None, None)], [("2020-06-01", "365", "2020"), ("2023-01-05", "365", "2022")])
    state = MemberState(m, rules("year", amount="365", suspend=2))
    assert status(state, "2021-12-31") == ("active", 0, 0)
    assert status(state, "2022-01-01") == ("active", 1, 1)
    assert status(state, "2023-01-01") == ("suspended", 2, 2)
    assert status(state, "2023-01-05") == ("active", 1, 2)
    assert state.spells[0].due[:3] == [date(2020, 12, 31), date(2021, 12, 31), date(2022, 12, 31)]


@pytest.mark.parametrize("period, end, due", [
    ("month", "2024-03-01", 2),  # a spell ending on 1 Mar owes Jan and Feb only
    ("month", "2024-03-02", 3),  # ... ending on 2 Mar owes March too
    ("year", "2026-01-01", 2),   # from 15 Jan 2024: 2024 and 2025
    ("year", "2026-01-02", 3),
])
def test_periods_owed_by_a_spell_that_ends(period: str, end: str, due: int) -> None:
    m = person([("2024-01-15", end, "resigned")], [])
    state = MemberState(m, rules(period, amount="30" if period == "month" else "365"))
    state.status_at(date(2030, 1, 1))
    assert len(state.spells[0].due) == due


def test_resigned_and_dead() -> None:
    m = person([("2024-01-15", "2024-06-01", "resigned")], [("2024-01-15", "30", "2024-01")])
    state = MemberState(m, rules())
    # February-April unpaid by 31 May: 3 in arrears, but no suspension rule here
    assert status(state, "2024-05-31") == ("active", 3, 3)
    assert status(state, "2024-06-01") == ("resigned", 0, 0)
    assert status(state, "2024-01-14") == ("not_member", 0, 0)
    # a spell ended by death covers the day of death; the member is dead on it (unless a death claim asks)
    m = person([("2024-01-15", "2024-06-01", "died")], [("2024-01-15", "30", "2024-01")], died_on="2024-06-01")
    state = MemberState(m, rules())
    assert status(state, "2024-06-01") == ("dead", 0, 0)
    assert status(state, "2024-06-01", ignore_death_on_day=True)[0] == "active"
    assert status(state, "2024-06-02") == ("dead", 0, 0)
    assert state.spells[0].covers(date(2024, 6, 1))
    # died with the spell still open: indexed up to the day of death only
    m = person([("2024-01-15", None, None)], [], died_on="2024-03-10")
    state = MemberState(m, rules())
    state.status_at(date(2024, 3, 10), ignore_death_on_day=True)
    assert len(state.spells[0].due) == 3  # Jan, Feb, Mar (March began before the death)


def test_status_after_a_spell_by_its_end_reason() -> None:
    # the fund's own record of why a spell ended decides the status after it
    for reason, expected in (("lapsed", "lapsed"), ("died", "dead"), ("expelled", "expelled")):
        state = MemberState(person([("2024-01-15", "2024-06-01", reason)], []), rules())
        st = state.status_at(date(2024, 7, 1))
        assert (st.status, st.arrears, st.missed_in_a_row, st.spell.start) == (expected, 0, 0, date(2024, 1, 15))
    # dead or never a member: no spell to read facts from
    state = MemberState(person([("2024-01-15", None, None)], [], died_on="2024-03-01"), rules())
    assert [state.status_at(date.fromisoformat(d)).spell for d in ("2024-03-01", "2024-01-14")] == [None, None]


def test_suspended_after_one_instalment() -> None:
    state = MemberState(person([("2024-01-01", None, None)], []), rules(suspend=1))
    assert [status(state, d)[0] for d in ("2024-01-31", "2024-02-01")] == ["active", "suspended"]


def test_lapse_after_the_spell_ended_is_ignored() -> None:
    # resigned on 1 Mar 2024 having paid nothing; 2 in a row would lapse on 1 Mar (February's deadline + 1): not
    # before the end, so the member resigned rather than lapsed
    m = person([("2024-01-01", "2024-03-01", "resigned")], [])
    state = MemberState(m, rules(lapse={"consecutive": 2}))
    assert status(state, "2024-03-05")[0] == "resigned"
    assert state.spells[0].lapse_on is None
    m = person([("2024-01-01", "2024-03-02", "resigned")], [])
    state = MemberState(m, rules(lapse={"consecutive": 2}))
    assert status(state, "2024-03-01")[0] == "lapsed"
    assert state.spells[0].lapse_on == date(2024, 3, 1)


def test_periods_outside_the_indexed_years() -> None:
    # 1899 and 2201 are computed per call (the tables cover 1900-2199)
    m = person([("1899-11-01", None, None)], [("1899-11-03", "30", "1899-11")])
    state = MemberState(m, rules())
    assert status(state, "1900-01-01") == ("active", 1, 1)  # November paid, December not
    assert status(state, "1900-02-01") == ("active", 2, 2)  # and January 1900 not
    m = person([("2199-11-01", None, None)], [("2200-01-05", "30", "2200-01")])
    state = MemberState(m, rules())
    assert status(state, "2200-02-01") == ("active", 2, 2)  # Nov, Dec 2199 unpaid; Jan 2200 paid
    assert status(state, "2200-03-01") == ("active", 3, 2)
    m = person([("2199-06-01", None, None)], [("2199-06-01", "365", "2199")])
    state = MemberState(m, rules("year", amount="365", grace=5))
    assert status(state, "2201-01-06") == ("active", 1, 1)  # 2200 unpaid (deadline 5 Jan 2201)
    assert status(state, "2202-01-06") == ("active", 2, 2)
    # indexed: every year starting on or before the day asked about (2199-2202), deadline 5 Jan of the next year
    assert state.spells[0].due == [date(2200, 1, 5), date(2201, 1, 5), date(2202, 1, 5), date(2203, 1, 5)]


def test_tenure_days_and_waiting_starts() -> None:
    m = person([("2010-01-01", "2013-01-01", "resigned"), ("2020-03-01", None, None)],
               [("2010-02-10", "30", "2010-01"), ("2020-03-20", "30", "2020-03"), ("2020-04-05", "30", "2020-04")])
    state = MemberState(m, rules())
    on = date(2022, 3, 1)
    sp = state.spell_at(on)
    assert (sp.start, state.continuous_days(on, sp), state.continuous_days(on, None)) == (date(2020, 3, 1), 730, 0)
    assert state.continuous_days(date(2020, 2, 1), sp) == 0  # before the spell
    assert state.cumulative_days(on) == 1096 + 730  # 2010-2012 (2012 leap) + 2 years
    assert state.cumulative_days(date(2011, 1, 1)) == 365  # inside the first spell
    assert state.cumulative_days(date(2009, 1, 1)) == 0
    assert state.cumulative_days(date(2020, 3, 1)) == 1096  # the day the second spell starts adds nothing yet
    assert state.waiting_start("membership_start", sp) == date(2020, 3, 1)
    assert state.waiting_start("first_membership", sp) == date(2010, 1, 1)
    assert state.waiting_start("first_contribution", sp) == date(2020, 3, 20)  # the first in this spell
    assert state.waiting_start("first_contribution", state.spells[0]) == date(2010, 2, 10)
    assert [state.waiting_start(k, None) for k in ("membership_start", "first_membership", "first_contribution")] \
        == [None, date(2010, 1, 1), None]
    assert state.first_contribution == date(2010, 2, 10)


@pytest.mark.parametrize("days, on, completed, over6, exact", [
    (365, "2021-02-28", "1", "1", "1.0000"),   # from 29 Feb 2020: the anniversary is 28 Feb 2021
    (364, "2021-02-28", "0", "1", "0.9973"),   # from 1 Mar 2020: 364 / 365 (1 Mar 2020 - 1 Mar 2021)
    (184, "2020-09-01", "0", "0", "0.5041"),   # 1 Mar -> 1 Sep 2020 = 184 days, six months exactly: not over;
    (185, "2020-09-02", "0", "1", "0.5068"),   # 1 Mar 2020 -> 1 Mar 2021 has 365 days: 184/365, 185/365
    (0, "2024-05-05", "0", "0", "0.0000"),
])
def test_tenure_years(days: int, on: str, completed: str, over6: str, exact: str) -> None:
    d = date.fromisoformat(on)
    assert [str(tenure_years(days, d, r)) for r in ("completed_years", "over_6_months", "exact")] == \
        [completed, over6, exact]


# --------------------------------------------------------------------------------------------- payouts
def payout(claim_id: str, on: str, amount: str = "100", units: int | None = None, benefit: str = "b") -> dict:
    return {"claim_id": claim_id, "benefit": benefit, "event_date": on, "units": units, "amount": amount}


def test_payout_index_between_both_ends_inclusive() -> None:
    m = person([("2024-01-01", None, None)], [],
               payouts=[payout("c", "2024-03-01"), payout("a", "2024-01-01"), payout("b", "2024-02-01"),
                        payout("x", "2024-02-01", benefit="other")])
    state = MemberState(m, rules())
    ids = lambda rows: [p.claim_id for p in rows]  # noqa: E731
    assert ids(state.paid("b", date(2024, 1, 1), date(2024, 3, 1), None)) == ["a", "b", "c"]
    assert ids(state.paid("b", date(2024, 1, 2), date(2024, 2, 29), None)) == ["b"]
    assert ids(state.paid("b", None, date(2024, 2, 1), "b")) == ["a"]
    assert ids(state.paid("nothing", None, date(2030, 1, 1), None)) == []
    assert state.payouts["b"].dates == [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)]
    assert (state.payouts_known, sorted(state.claim_ids)) == (4, ["a", "b", "c", "x"])
    state.record(PaidClaim("d", "b", date(2024, 2, 1), None, __import__("decimal").Decimal(5)))
    assert ids(state.paid("b", None, date(2024, 12, 31), None)) == ["a", "b", "d", "c"]  # after the same day
    assert repr(state.payouts["b"].rows[2]) == "PaidClaim('d', 'b', 2024-02-01, None, 5)"


def _h(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_payout_digest() -> None:
    m = person([("2024-01-01", None, None)], [], payouts=[payout("p-2", "2024-02-01", "600", 3),
                                                          payout("p-1", "2024-03-01", "12.5")])
    state = MemberState(m, rules())
    # each payout: sha256 of its canonical JSON; the digest: sha256 of those, sorted by (event date, claim id),
    # one a line
    h2 = _h('{"amount":"600","benefit":"b","claim_id":"p-2","event_date":"2024-02-01","units":3}')
    h1 = _h('{"amount":"12.50","benefit":"b","claim_id":"p-1","event_date":"2024-03-01","units":null}')
    assert state.payout_digest() == "sha256:" + _h(h2 + "\n" + h1)
    assert state.payout_digest(exclude_claim="p-2") == "sha256:" + _h(h1)
    assert state.payout_digest(known=1) == "sha256:" + _h(h2)
    assert state.payout_digest(exclude_claim="zz", known=1) == "sha256:" + _h(h2)
    assert state.payout_digest(known=0) == "sha256:" + _h("")
    assert state.payout_digest(exclude_claim="p-2", known=1) == "sha256:" + _h("")  # the only one, excluded
    # a payout recorded later changes the digest (no stale cache); excluding one of three keeps the other two
    state.record(PaidClaim("ค-3", "b", date(2024, 4, 1), None, __import__("decimal").Decimal(7)))
    h3 = _h('{"amount":"7","benefit":"b","claim_id":"ค-3","event_date":"2024-04-01","units":null}')  # UTF-8 kept
    assert state.payout_digest() == "sha256:" + _h(h2 + "\n" + h1 + "\n" + h3)
    assert state.payout_digest(exclude_claim="p-1") == "sha256:" + _h(h2 + "\n" + h3)


def test_status_facts() -> None:
    assert repr(StatusFacts("active", None, 2, 1)) == "StatusFacts(status='active', arrears=2, missed_in_a_row=1)"
    assert StatusFacts("active", None, 2, 1) == StatusFacts("active", None, 2, 1)
    assert StatusFacts("active", None, 2, 1) != StatusFacts("active", None, 2, 0)
    assert StatusFacts("active", None, 2, 1) != StatusFacts("suspended", None, 2, 1)
    assert StatusFacts("active", None, 2, 1) != ("active", None, 2, 1)
    assert StatusFacts("active", None, 0).missed_in_a_row == 0  # no spell: nothing missed
    # a spell whose first month was missed, but no period due on the day: nothing missed yet
    state = MemberState(person([("2024-01-01", None, None)], []), rules())
    state.status_at(date(2024, 3, 1))
    assert (StatusFacts("active", state.spells[0], 0).missed_in_a_row,
            StatusFacts("active", state.spells[0], 0, periods_due=2).missed_in_a_row) == (0, 2)


# --------------------------------------------------------------------------------------------- period tables
@pytest.fixture()
def cold_period_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    """The period tables (keys and deadlines of 1900-2199, per period kind and grace days) empty, as in a fresh
    process: earlier tests have usually filled them, which would hide how they are built."""
    monkeypatch.setattr(schedules_module, "_KEYS", {})  # the tables live with the schedules (swf-rules/2)
    monkeypatch.setattr(schedules_module, "_DEADLINES", {})


@pytest.mark.usefixtures("cold_period_tables")
def test_period_tables_built_fresh() -> None:
    # monthly, 10 grace days: a month's deadline is the 10th of the next month.  January and March paid on the 5th,
    # February never.  On 11 Apr the deadlines of Jan (10 Feb), Feb (10 Mar) and Mar (10 Apr) have passed: February
    # alone is in arrears, one missed.  Indexed: every month starting on or before 11 Apr (Jan-Apr).
    paid = [("2024-01-05", "30", "2024-01"), ("2024-03-05", "30", "2024-03")]
    for _ in range(2):  # built on the first member, read from the table on the second
        state = MemberState(person([("2024-01-01", None, None)], paid), rules(grace=10))
        assert status(state, "2024-04-11") == ("active", 1, 1)
        assert state.spells[0].due == [date(2024, 2, 10), date(2024, 3, 10), date(2024, 4, 10), date(2024, 5, 10)]
        assert state.spells[0].paid_on[:3] == [date(2024, 1, 5), NEVER, date(2024, 3, 5)]
    # no grace: the deadline is the month's last day (29 Feb in 2024)
    state = MemberState(person([("2024-01-01", None, None)], paid), rules())
    assert status(state, "2024-03-01") == ("active", 1, 1)
    assert state.spells[0].due == [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31)]
    # yearly, 5 grace days: 2020 paid, 2021 never; the deadline is 5 Jan of the next year
    yearly = [("2020-03-01", "365", "2020")]
    state = MemberState(person([("2020-03-01", None, None)], yearly), rules("year", amount="365", grace=5))
    assert status(state, "2022-01-06") == ("active", 1, 1)
    assert state.spells[0].due == [date(2021, 1, 5), date(2022, 1, 5), date(2023, 1, 5)]
    state = MemberState(person([("2020-03-01", None, None)], yearly), rules("year", amount="365"))
    assert status(state, "2022-01-01") == ("active", 1, 1)
    assert state.spells[0].due == [date(2020, 12, 31), date(2021, 12, 31), date(2022, 12, 31)]


def test_an_instalment_paid_in_parts_listed_out_of_order() -> None:
    # January's 30 baht (deadline 31 Jan, no grace) in two parts, the later one listed first: 29.50 on 31 Jan and
    # 0.50 on 5 Feb.  Summed in date order from zero: 29.50 on 31 Jan, 30.00 on 5 Feb -- paid on 5 Feb, late.
    m = person([("2024-01-01", None, None)], [("2024-02-05", "0.50", "2024-01"), ("2024-01-31", "29.50", "2024-01")])
    state = MemberState(m, rules())
    assert status(state, "2024-02-01") == ("active", 1, 1)  # past the deadline, not yet complete
    assert status(state, "2024-02-05") == ("active", 0, 1)  # complete today: no longer owed, still missed
    assert state.spells[0].paid_on == [date(2024, 2, 5), NEVER]


def test_a_death_ends_the_instalments_of_an_open_spell() -> None:
    # died on 1 Mar 2024 with the spell still open: March began on the day of death, so Jan, Feb and Mar are owed
    # and nothing after, however late a day is asked about
    m = person([("2024-01-15", None, None)], [], died_on="2024-03-01")
    state = MemberState(m, rules())
    state.cumulative_days(date(2024, 12, 31))
    assert (len(state.spells[0].due), state.spells[0].done) == (3, True)


def test_a_payout_for_a_person_is_hashed_with_the_person() -> None:
    # language v2: a payout naming the person it was for hashes "person" too (sorted keys); one without a person, or
    # any object without that attribute, hashes as before
    state = MemberState(person([("2024-01-01", None, None)], []), rules())
    state.record(PaidClaim("c-1", "b", date(2024, 2, 1), None, __import__("decimal").Decimal(500), "k1"))
    h1 = _h('{"amount":"500","benefit":"b","claim_id":"c-1","event_date":"2024-02-01","person":"k1","units":null}')
    assert state.payout_digest() == "sha256:" + _h(h1)
    plain = __import__("types").SimpleNamespace(claim_id="c-2", benefit="b", event_date=date(2024, 3, 1), units=2,
                                                amount=__import__("decimal").Decimal("7.5"))
    state.record(plain)
    h2 = _h('{"amount":"7.50","benefit":"b","claim_id":"c-2","event_date":"2024-03-01","units":2}')
    assert state.payout_digest() == "sha256:" + _h(h1 + "\n" + h2)


def test_contributions_on_the_last_day_of_a_spell_belong_to_it() -> None:
    # a spell 1 Jan - 1 Mar 2024 whose only contribution was made on 1 Mar, its end day: the waiting period from the
    # first contribution starts that day
    m = person([("2024-01-01", "2024-03-01", "resigned")], [("2024-03-01", "30", "2024-01")])
    state = MemberState(m, rules())
    assert state.waiting_start("first_contribution", state.spells[0]) == date(2024, 3, 1)
