"""swf-rules/2 contribution schedules: periods of any length, the rate as worded, deadlines as dates, yearly
totals, several schedules -- exact arrears, lapse days and amounts at the boundaries (leap years included)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from swf_rules import Engine
from swf_rules.core.errors import InputError, RegulationError
from swf_rules.core.facts import MemberState
from swf_rules.core.history import parse_member
from swf_rules.testing import claim
from v2_helpers import member, monthly, regulation


def _arrears(reg, m, on: str) -> tuple[str, int]:
    st = MemberState(m, reg.versions[0].membership).status_at(date.fromisoformat(on))
    return st.status, st.arrears


# ------------------------------------------------------------------------------------------ 365 vs 30 x 12
def _paid_monthly_against_the_year(first_year: int, last_year: int) -> list[tuple[str, str, str]]:
    """30 baht every month, recorded (as a yearly fund records it) against the year: 360 a year."""
    return [(f"{y}-{m:02d}-{15 if (y, m) == (first_year, 1) else 5:02d}", "30", f"{y}")
            for y in range(first_year, last_year + 1) for m in range(1, 13)]


YEARLY_365 = """\
clause: "ข้อ 5"
contribution: {amount: 365, period: year}
starts: approval
lapse_after: {total: 3}
"""


def test_365_a_year_lapses_a_member_who_pays_30_a_month_and_refuses_her_death_claim() -> None:
    """The issue's case: under swf-rules/1, '{amount: 365, period: year}' and 30 x 12 = 360 paid each year."""
    reg = regulation(YEARLY_365, language="swf-rules/1")
    rows = _paid_monthly_against_the_year(2015, 2018)
    # each year is 5 baht short, so 2015, 2016 and 2017 are missed; the third ends membership on 1 Jan 2018
    alive = Engine(reg).evaluate(member(rows, died_on="2017-12-31"), claim("death", "2017-12-31"))
    assert (alive.eligible, alive.amount) == (True, Decimal(20000))
    d = Engine(reg).evaluate(member(rows, died_on="2018-01-01"), claim("death", "2018-01-01"))
    assert (d.eligible, d.amount, [r["check"] for r in d.failing]) == (False, Decimal(0), ["status"])
    assert d.failing[0]["values"] == {"status": "lapsed", "allowed": ["active"], "arrears": 3}


def test_the_same_member_is_never_lapsed_when_the_fund_says_30_a_month() -> None:
    reg = regulation("""\
clause: "ข้อ 5"
contribution:
  amount: 30
  period: month
  stated: {amount: 1, per: day}
starts: approval
lapse_after: {total: 3}
""")
    rows = monthly("2015-01-15", "2019-03-01")
    d = Engine(reg).evaluate(member(rows, died_on="2019-03-01"), claim("death", "2019-03-01"))
    assert (d.eligible, d.amount) == (True, Decimal(20000))
    assert _arrears(reg, member(rows), "2019-03-01") == ("active", 0)


def test_a_yearly_total_of_360_counts_the_same_member_as_paid() -> None:
    reg = regulation("""\
clause: "ข้อ 5"
contribution: {amount: 365, period: year, counts_as_paid: yearly_total, yearly_total: 360}
starts: approval
lapse_after: {total: 3}
""")
    rows = _paid_monthly_against_the_year(2015, 2018)
    d = Engine(reg).evaluate(member(rows, died_on="2018-01-01"), claim("death", "2018-01-01"))
    assert (d.eligible, d.amount) == (True, Decimal(20000))
    # 359 a year (one month of 29) is not enough: 2015-2017 missed, lapsed on 1 Jan 2018
    short = [(d_, "29" if d_.endswith("-12-05") else a, c) for d_, a, c in rows]
    assert _arrears(reg, member(short), "2018-01-01") == ("lapsed", 3)


# ------------------------------------------------------------------------------------------ periods
def test_weekly_instalments_lapse_the_day_after_the_second_missed_week() -> None:
    reg = regulation("""\
clause: "ข้อ 5"
contribution: {amount: 7, period: week}
starts: approval
lapse_after: {consecutive: 2}
""")
    # joined Monday 1 Jan 2024 (2024-W01); weeks 2 and 3 unpaid; W02 ends Sun 14 Jan, W03 ends Sun 21 Jan
    rows = [("2024-01-01", "7", "2024-W01"), ("2024-01-22", "7", "2024-W04")]
    m = member(rows, start="2024-01-01")
    assert _arrears(reg, m, "2024-01-14") == ("active", 0)
    assert _arrears(reg, m, "2024-01-15") == ("active", 1)
    assert _arrears(reg, m, "2024-01-21") == ("active", 1)
    assert _arrears(reg, m, "2024-01-22") == ("lapsed", 2)


def test_daily_instalments_on_a_leap_day() -> None:
    reg = regulation("""\
clause: "ข้อ 5"
contribution: {amount: 1, period: day}
starts: approval
""")
    days = [date(2024, 2, 27), date(2024, 2, 28), date(2024, 3, 1)]  # 29 Feb 2024 unpaid
    m = member([(d.isoformat(), "1", d.isoformat()) for d in days], start="2024-02-27")
    assert _arrears(reg, m, "2024-02-29") == ("active", 0)
    assert _arrears(reg, m, "2024-03-01") == ("active", 1)
    assert _arrears(reg, m, "2024-03-02") == ("active", 1)  # 1 March paid on its day; 2 March not yet late
    assert _arrears(reg, m, "2024-03-03") == ("active", 2)  # 29 February and 2 March


def test_half_year_instalments_due_the_15th_of_the_following_month() -> None:
    reg = regulation("""\
clause: "ข้อ 5"
contribution: {amount: 180, period: half_year, due: {of: next_month, day: 15}}
starts: approval
""")
    m = member([("2024-01-10", "180", "2024-H1"), ("2024-07-20", "180", "2024-H2")], start="2024-01-10")
    # H1 ends 30 June, due 15 July; H2 ends 31 December, due 15 January 2025
    assert _arrears(reg, m, "2024-07-15") == ("active", 0)
    assert _arrears(reg, m, "2024-07-16") == ("active", 0)
    late = member([("2024-01-10", "180", "2024-H1")], start="2024-01-10")
    assert _arrears(reg, late, "2025-01-15") == ("active", 0)
    assert _arrears(reg, late, "2025-01-16") == ("active", 1)


@pytest.mark.parametrize(("covers", "ok"), [("2020-W53", True), ("2021-W53", False), ("2024-W00", False),
                                            ("2024-H3", False), ("2024-02-30", False), ("2567-H1", True)])
def test_period_keys_are_checked(covers: str, ok: bool) -> None:
    cal = "buddhist" if covers.startswith("25") else "gregorian"
    day_ = "2567-01-05" if cal == "buddhist" else "2024-01-05"
    data = {"member_id": "m-1", "birth_date": "2500-01-01" if cal == "buddhist" else "1970-01-01", "sex": "female",
            "calendar": cal, "spells": [{"start": day_}], "contributions": [{"date": day_, "amount": "1",
                                                                             "covers": covers}]}
    if ok:
        assert parse_member(data).contributions[0].covers == ("2024-H1" if cal == "buddhist" else covers)
    else:
        with pytest.raises(InputError) as e:
            parse_member(data)
        assert [(p.code, p.path) for p in e.value.problems] == [("bad-period", ("contributions", 0, "covers"))]


# ------------------------------------------------------------------------------------------ deadlines as dates
DUE_31_MARCH = """\
clause: "ข้อ 5"
contribution: {amount: 365, period: year, due: {of: next_year, month: 3, day: 31}}
starts: approval
"""


def test_a_date_deadline_is_31_march_in_leap_and_common_years_alike() -> None:
    reg = regulation(DUE_31_MARCH)
    st = MemberState(member([], start="2015-01-15"), reg.versions[0].membership)
    sp = st.spells[0]
    st.ensure(sp, date(2021, 1, 1))
    assert sp.due[4:6] == [date(2020, 3, 31), date(2021, 3, 31)]  # the 2019 and 2020 instalments


def test_ninety_grace_days_move_the_deadline_in_a_leap_year() -> None:
    reg = regulation("""\
clause: "ข้อ 5"
contribution: {amount: 365, period: year}
starts: approval
grace_days: 90
""", language="swf-rules/1")
    st = MemberState(member([], start="2015-01-15"), reg.versions[0].membership)
    sp = st.spells[0]
    st.ensure(sp, date(2021, 1, 1))
    assert sp.due[4:6] == [date(2020, 3, 30), date(2021, 3, 31)]


def test_the_unpaid_2019_instalment_is_in_arrears_from_1_april_2020() -> None:
    reg = regulation(DUE_31_MARCH)
    rows = [(f"{y}-01-{15 if y == 2015 else 5:02d}", "365", f"{y}") for y in range(2015, 2021) if y != 2019]
    m = member(rows)
    assert _arrears(reg, m, "2020-03-31") == ("active", 0)
    assert _arrears(reg, m, "2020-04-01") == ("active", 1)


def test_the_10th_of_the_following_month_and_a_31st_clamped_to_february() -> None:
    reg = regulation("""\
clause: "ข้อ 5"
contribution: {amount: 30, period: month, due: {of: next_month, day: 10}}
starts: approval
""")
    m = member(monthly("2016-01-15", "2016-06-30", skip=("2016-03",)), start="2016-01-15")
    assert _arrears(reg, m, "2016-04-10") == ("active", 0)
    assert _arrears(reg, m, "2016-04-11") == ("active", 1)
    reg31 = regulation("""\
clause: "ข้อ 5"
contribution: {amount: 30, period: month, due: {of: next_month, day: 31}}
starts: approval
""")
    st = MemberState(member([], start="2023-01-15"), reg31.versions[0].membership)
    sp = st.spells[0]
    st.ensure(sp, date(2024, 2, 1))
    assert [sp.due[0], sp.due[12]] == [date(2023, 2, 28), date(2024, 2, 29)]


# ------------------------------------------------------------------------------------------ yearly totals
YEARLY_TOTAL_MONTHS = """\
clause: "ข้อ 5"
contribution:
  amount: 30
  period: month
  due: {of: next_year, month: 3, day: 31}
  counts_as_paid: yearly_total
  yearly_total: 360
starts: approval
"""


def test_a_yearly_total_reached_in_time_pays_every_month_of_the_year() -> None:
    reg = regulation(YEARLY_TOTAL_MONTHS)
    lump = member([("2016-12-20", "360", "2016-01")], start="2016-01-01")
    assert _arrears(reg, lump, "2017-04-01") == ("active", 0)
    without = regulation(YEARLY_TOTAL_MONTHS.replace("  counts_as_paid: yearly_total\n  yearly_total: 360\n", ""))
    assert _arrears(without, lump, "2017-04-01") == ("active", 11)  # only January's 30 counted


def test_a_yearly_total_reached_after_the_deadline_leaves_the_year_missed() -> None:
    reg = regulation(YEARLY_TOTAL_MONTHS + "lapse_after: {total: 12}\n")
    late = member([("2017-04-02", "360", "2016-01")], start="2016-01-01")
    assert _arrears(reg, late, "2017-04-01") == ("lapsed", 12)  # all twelve missed on 31 March: lapsed on 1 April


# ------------------------------------------------------------------------------------------ several schedules
ALTERNATIVES = """\
clause: "ข้อ 5"
contribution:
  amount: 30
  period: month
  alternatives:
    - {amount: 365, period: year, due: {of: next_year, month: 3, day: 31}}
starts: approval
lapse_after: {total: 3}
"""


def test_a_member_on_the_yearly_schedule_is_judged_by_it() -> None:
    reg = regulation(ALTERNATIVES)
    yearly = member([(f"{y}-01-{15 if y == 2015 else 5:02d}", "365", f"{y}") for y in (2015, 2016, 2018)])
    assert _arrears(reg, yearly, "2018-03-31") == ("active", 0)
    assert _arrears(reg, yearly, "2018-04-01") == ("active", 1)  # 2017 missed
    monthly_member = member(monthly("2015-01-15", "2018-03-31"))
    assert _arrears(reg, monthly_member, "2018-04-01") == ("active", 0)


def test_one_spell_on_two_schedules_is_refused_where_the_second_begins() -> None:
    reg = regulation(ALTERNATIVES)
    rows = [("2015-01-15", "30", "2015-01"), ("2015-02-05", "365", "2015")]
    with pytest.raises(InputError) as e:
        Engine(reg).evaluate(member(rows), claim("birth", "2015-03-01"))
    (p,) = e.value.problems
    assert (p.code, p.path, p.message_en) == (
        "contribution-period", ("contributions", 1, "covers"),
        "contribution covers '2015' but the schedule is monthly; write YYYY-MM")


def test_a_week_for_a_fund_of_months_and_years_is_refused() -> None:
    reg = regulation(ALTERNATIVES)
    with pytest.raises(InputError) as e:
        Engine(reg).evaluate(member([("2015-01-15", "7", "2015-W03")]), claim("birth", "2015-03-01"))
    (p,) = e.value.problems
    assert (p.code, p.path, p.message_en) == (
        "contribution-period", ("contributions", 0, "covers"),
        "contribution covers '2015-W03' but the schedule is monthly or yearly; write YYYY-MM or YYYY")


# ------------------------------------------------------------------------------------------ validation
@pytest.mark.parametrize(("membership", "code", "path"), [
    ('clause: "5"\ncontribution: {amount: 30, period: month, due: {of: next_month, day: 10}}\nstarts: approval\n'
     'grace_days: 3', "conflicting-fields", ("versions", 0, "membership", "grace_days")),
    ('clause: "5"\ncontribution: {amount: 30, period: month, due: {of: next_year, day: 10}}\nstarts: approval',
     "missing-field", ("versions", 0, "membership", "contribution", "due", "month")),
    ('clause: "5"\ncontribution: {amount: 30, period: month, due: {of: next_month, month: 2, day: 10}}\n'
     'starts: approval', "conflicting-fields", ("versions", 0, "membership", "contribution", "due", "month")),
    ('clause: "5"\ncontribution: {amount: 30, period: year, due: {of: next_year, month: 2, day: 30}}\n'
     'starts: approval', "out-of-range", ("versions", 0, "membership", "contribution", "due", "day")),
    ('clause: "5"\ncontribution: {amount: 30, period: month, yearly_total: 360}\nstarts: approval',
     "schedule-yearly-total", ("versions", 0, "membership", "contribution", "yearly_total")),
    ('clause: "5"\ncontribution: {amount: 30, period: month, alternatives: [{amount: 40, period: month}]}\n'
     'starts: approval', "duplicate-schedule", ("versions", 0, "membership", "contribution", "alternatives", 0,
                                                 "period")),
])
def test_schedule_mistakes_are_located(membership: str, code: str, path: tuple) -> None:
    with pytest.raises(RegulationError) as e:
        regulation(membership)
    assert [(p.code, p.path) for p in e.value.problems] == [(code, path)]


def test_february_29_is_a_date_a_yearly_deadline_may_name() -> None:
    reg = regulation('clause: "5"\ncontribution: {amount: 365, period: year, due: {of: next_year, month: 2, '
                     'day: 29}}\nstarts: approval')
    st = MemberState(member([], start="2015-01-15"), reg.versions[0].membership)
    st.ensure(st.spells[0], date(2020, 1, 1))
    assert st.spells[0].due[3:6] == [date(2019, 2, 28), date(2020, 2, 29), date(2021, 2, 28)]
