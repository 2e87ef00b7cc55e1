"""Amounts at their boundaries: caps that must remember earlier payouts (each window, on the day before / of / after
its edges), unit caps, rounding modes on .5, tenure kinds (exact / completed_years / over_6_months; continuous /
cumulative) and inclusive/exclusive table bounds.  Every expected amount is worked by hand in the comments; the
whole breakdown is compared where it shows the working.  The regulation is tests/boundary_fund.py; at the end, a
language-version-2 regulation: caps counted for each person on a rate (units and money, each in its own window)
and a billed amount whose benefit also has a condition on another claim field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from boundary_fund import ENGINE, failing, member, paid, reason
from swf_rules import Engine, InputError
from swf_rules.testing import claim, history
from v2_common import HEAD, regulation

D = Decimal
HALF_UP = {"mode": "half_up", "unit": "1"}


def stay_cap(used: str = "0", before: str = "600", after: str = "600") -> dict:
    remaining = str(600 - int(used))
    return {"per": "stay", "measure": "money", "limit": "600", "window": None, "used": used,
            "remaining": remaining, "before": before, "after": after, "clause": "2.1"}


def fy_cap(window: list[str], used: str, remaining: str, before: str, after: str) -> dict:
    return {"per": "fiscal_year", "measure": "money", "limit": "1000", "window": window, "used": used,
            "remaining": remaining, "before": before, "after": after, "clause": "2.2"}


# --------------------------------------------------------------------------------------------- fiscal-year cap
def test_fiscal_cap_remembers_a_payout_on_the_first_day_of_the_fiscal_year() -> None:
    # FY 2567 = 1 Oct 2023 - 30 Sep 2024.  600 paid on its first day; 3 nights x 200 = 600 claimed on its last day:
    # the stay cap (600) keeps 600, the yearly cap has 1000 - 600 = 400 left, so 400 is paid.
    m = member(payouts=[paid("hospital", "2023-10-01", "600", "p-1", 3)])
    d = ENGINE.evaluate(m, claim("hospital", "2024-09-30", units=3))
    assert (d.eligible, d.amount, d.payee) == (True, D(400), "member")
    assert d.breakdown == {
        "basis": "rate", "rate": "200", "units_claimed": 3, "units": 3, "raw_amount": "600", "rounding": HALF_UP,
        "caps": [stay_cap(), fy_cap(["2023-10-01", "2024-09-30"], "600", "400", "600", "400")],
        "offsets": [], "amount": "400"}


def test_fiscal_cap_starts_afresh_on_1_october() -> None:
    m = member(payouts=[paid("hospital", "2023-10-01", "600", "p-1", 3)])
    d = ENGINE.evaluate(m, claim("hospital", "2024-10-01", units=3))  # FY 2568: nothing used yet
    assert d.amount == D(600)
    assert d.breakdown["caps"][1] == fy_cap(["2024-10-01", "2025-09-30"], "0", "1000", "600", "600")
    # a payout on 30 Sep 2023 (FY 2566) does not count toward a claim on 1 Oct 2023 (FY 2567) ...
    m = member(payouts=[paid("hospital", "2023-09-30", "1000", "p-0", 5)])
    assert ENGINE.evaluate(m, claim("hospital", "2023-10-01", units=3)).amount == D(600)
    # ... and one on 1 Oct 2022 (the first day of FY 2566) does toward a claim on its last day: 1000 - 1000 = 0
    m = member(payouts=[paid("hospital", "2022-10-01", "1000", "p-0", 5)])
    d = ENGINE.evaluate(m, claim("hospital", "2023-09-30", units=3))
    assert (d.eligible, d.amount) == (True, D(0))


def test_fiscal_cap_sums_every_earlier_payout() -> None:
    # 400 + 400 = 800 used: 200 left of 1000 (a cap that remembered only the last payout would pay 600)
    m = member(payouts=[paid("hospital", "2023-11-02", "400", "p-1", 2), paid("hospital", "2024-01-05", "400", "p-2", 2)])
    d = ENGINE.evaluate(m, claim("hospital", "2024-02-10", units=3))
    assert d.amount == D(200)
    assert d.breakdown["caps"][1] == fy_cap(["2023-10-01", "2024-09-30"], "800", "200", "600", "200")


def test_fiscal_cap_ignores_later_payouts_and_the_claim_itself() -> None:
    # a payout dated after the event (1 Mar) is not "earlier", although it falls in the same fiscal year
    m = member(payouts=[paid("hospital", "2024-03-01", "600", "p-9", 3)])
    assert ENGINE.evaluate(m, claim("hospital", "2024-02-29", units=3)).amount == D(600)
    # re-deciding a claim already paid: its own payout is not counted against it
    m = member(payouts=[paid("hospital", "2024-02-29", "600", "c-1", 3)])
    d = ENGINE.evaluate(m, claim("hospital", "2024-02-29", units=3, claim_id="c-1"))
    assert (d.amount, d.breakdown["caps"][1]["used"], failing(d)) == (D(600), "0", [])


def test_fiscal_cap_already_exceeded_pays_zero_not_a_negative_amount() -> None:
    m = member(payouts=[paid("hospital", "2023-12-01", "1200", "p-1", 6)])
    d = ENGINE.evaluate(m, claim("hospital", "2024-02-10", units=1))
    assert (d.eligible, d.amount) == (True, D(0))
    assert d.breakdown["caps"] == [stay_cap(before="200", after="200"),
                                   fy_cap(["2023-10-01", "2024-09-30"], "1200", "0", "200", "0")]


# --------------------------------------------------------------------------------------------- units, days, nights
def test_unit_caps_then_money_cap_per_calendar_year() -> None:
    # clinic: 100 a day; at most 4 days a stay, 6 days and 500 baht a calendar year.
    # Earlier this year: 3 days, 300 baht.  Claimed 5 days: stay cap 5 -> 4; year: 6 - 3 = 3 left -> 3 days;
    # 3 x 100 = 300; money: 500 - 300 = 200 left -> 200.
    m = member(payouts=[paid("clinic", "2024-01-01", "300", "p-1", 3)])
    d = ENGINE.evaluate(m, claim("clinic", "2024-12-31", units=5))
    assert d.amount == D(200)
    assert d.breakdown == {
        "basis": "rate", "rate": "100", "units_claimed": 5, "units": 3, "raw_amount": "300", "rounding": HALF_UP,
        "caps": [
            # (a unit cap per stay shows the event day as its window; a money cap per stay shows none)
            {"per": "stay", "measure": "units", "limit": "4", "window": ["2024-12-31", "2024-12-31"], "used": "0",
             "remaining": "4", "before": "5", "after": "4", "clause": None},
            {"per": "calendar_year", "measure": "units", "limit": "6", "window": ["2024-01-01", "2024-12-31"],
             "used": "3", "remaining": "3", "before": "4", "after": "3", "clause": "3.1"},
            {"per": "calendar_year", "measure": "money", "limit": "500", "window": ["2024-01-01", "2024-12-31"],
             "used": "300", "remaining": "200", "before": "300", "after": "200", "clause": "3.2"}],
        "offsets": [], "amount": "200"}


def test_calendar_year_starts_on_1_january() -> None:
    m = member(payouts=[paid("clinic", "2023-12-31", "300", "p-1", 3)])  # last year's: not counted
    d = ENGINE.evaluate(m, claim("clinic", "2024-01-01", units=5))
    assert (d.breakdown["units"], d.amount) == (4, D(400))  # stay cap 4 days; 400 <= 500
    # a payout recorded without units uses no units (but its money counts)
    m = member(payouts=[paid("clinic", "2024-01-01", "400", "p-1")])
    d = ENGINE.evaluate(m, claim("clinic", "2024-06-01", units=2))
    assert [(c["used"], c["after"]) for c in d.breakdown["caps"]] == [("0", "2"), ("0", "2"), ("400", "100")]


def test_days_count_both_ends_nights_do_not() -> None:
    # 28 Feb -> 1 Mar 2024 (a leap year): days 28, 29 Feb and 1 Mar = 3; nights = 2
    d = ENGINE.evaluate(member(), claim("clinic", "2024-02-28", end_date="2024-03-01"))
    assert (d.breakdown["units_claimed"], d.amount) == (3, D(300))
    d = ENGINE.evaluate(member(), claim("hospital", "2024-02-28", end_date="2024-03-01"))
    assert (d.breakdown["units_claimed"], d.amount) == (2, D(400))
    # units given win over the dates
    d = ENGINE.evaluate(member(), claim("clinic", "2024-02-28", end_date="2024-03-01", units=1))
    assert d.amount == D(100)


def test_unit_caps_per_event_and_per_lifetime() -> None:
    # 50 a visit; at most 2 visits an event and 10 in a lifetime; 9 used since 2019: 3 claimed -> 2 -> 1 -> 50
    m = member(payouts=[paid("therapy", "2019-04-01", "250", "t-1", 5), paid("therapy", "2023-04-01", "200", "t-2", 4)])
    d = ENGINE.evaluate(m, claim("therapy", "2024-04-01", units=3))
    assert d.amount == D(50)
    assert d.breakdown["caps"] == [
        {"per": "event", "measure": "units", "limit": "2", "window": ["2024-04-01", "2024-04-01"], "used": "0",
         "remaining": "2", "before": "3", "after": "2", "clause": None},
        {"per": "lifetime", "measure": "units", "limit": "10", "window": None, "used": "9", "remaining": "1",
         "before": "2", "after": "1", "clause": "18.1"},
        # the money cap, declared first, is applied after the unit caps (nothing paid in 2024 yet)
        {"per": "calendar_year", "measure": "money", "limit": "1000", "window": ["2024-01-01", "2024-12-31"],
         "used": "0", "remaining": "1000", "before": "50", "after": "50", "clause": None}]
    assert (d.breakdown["units_claimed"], d.breakdown["units"], d.breakdown["raw_amount"]) == (3, 1, "50")
    # re-deciding a claim whose own payout is recorded: its units are not counted against it
    m = member(payouts=[paid("therapy", "2019-04-01", "400", "t-1", 8), paid("therapy", "2024-04-01", "100", "c-1", 2)])
    d = ENGINE.evaluate(m, claim("therapy", "2024-04-01", units=2))
    assert (d.amount, d.breakdown["caps"][1]["used"]) == (D(100), "8")
    # 12 used already: none left, not a negative number of visits
    m = member(payouts=[paid("therapy", "2019-04-01", "600", "t-1", 12)])
    d = ENGINE.evaluate(m, claim("therapy", "2024-04-01", units=3))
    assert (d.amount, d.breakdown["caps"][1]["remaining"], d.breakdown["units"]) == (D(0), "0", 0)


# --------------------------------------------------------------------------------------------- rolling and lifetime
def test_rolling_365_days_window_edges() -> None:
    # claim on 1 Mar 2024: the window is 3 Mar 2023 - 1 Mar 2024 (the event day and the 364 days before it)
    m = member(payouts=[paid("dental", "2023-03-03", "300", "p-1")])
    d = ENGINE.evaluate(m, claim("dental", "2024-03-01"))
    assert d.amount == D(200)  # 500 - 300
    assert d.breakdown["caps"] == [
        {"per": "rolling_365_days", "measure": "money", "limit": "500", "window": ["2023-03-03", "2024-03-01"],
         "used": "300", "remaining": "200", "before": "300", "after": "200", "clause": None}]
    assert reason(d, "count_cap") == {
        "check": "count_cap", "clause": "4.1", "passed": True,
        "values": {"per": "rolling_365_days", "limit": 2, "used": 1, "window": ["2023-03-03", "2024-03-01"]},
        "message": {"en": "paid 1 of at most 2 times in any 365 days",
                    "th": "ได้รับแล้ว 1 ครั้ง จากสูงสุด 2 ครั้งในรอบ 365 วัน"}}
    m = member(payouts=[paid("dental", "2023-03-02", "300", "p-1")])  # one day outside
    assert ENGINE.evaluate(m, claim("dental", "2024-03-01")).amount == D(300)


def test_count_cap_reached_refuses_the_claim() -> None:
    m = member(payouts=[paid("dental", "2023-03-03", "300", "p-1"), paid("dental", "2024-02-01", "200", "p-2")])
    d = ENGINE.evaluate(m, claim("dental", "2024-03-01"))
    assert (d.eligible, d.amount, failing(d)) == (False, D(0), ["count_cap"])
    assert reason(d, "count_cap")["values"]["used"] == 2
    assert reason(d, "count_cap")["message"]["en"] == "paid 2 of at most 2 times in any 365 days"


def test_lifetime_cap_counts_payouts_of_any_year() -> None:
    m = member(payouts=[paid("glasses", "2019-03-02", "1000", "p-1")])
    d = ENGINE.evaluate(m, claim("glasses", "2030-01-01"))
    assert d.amount == D(500)  # 1500 - 1000
    assert d.breakdown["caps"] == [
        {"per": "lifetime", "measure": "money", "limit": "1500", "window": None, "used": "1000", "remaining": "500",
         "before": "1000", "after": "500", "clause": None},
        {"per": "event", "measure": "money", "limit": "1200", "window": None, "used": "0", "remaining": "1200",
         "before": "500", "after": "500", "clause": None}]
    # the per-event count cap: one payout on the same day already uses it
    assert reason(d, "count_cap")["values"] == {"per": "event", "limit": 1, "used": 0,
                                                "window": ["2030-01-01", "2030-01-01"]}
    m = member(payouts=[paid("glasses", "2030-01-01", "1000", "p-1")])
    d = ENGINE.evaluate(m, claim("glasses", "2030-01-01"))
    assert (failing(d), reason(d, "count_cap")["values"]["used"]) == (["same_event", "count_cap"], 1)
    # a money cap per event counts nothing already paid (the same-event check is what refuses a second payment)
    assert d.breakdown["caps"][1]["used"] == "0"


def test_unit_caps_per_stay_and_event_count_nothing_already_paid() -> None:
    # a clinic payout of 3 days on the same day: the stay cap still has its 4 days (same_event refuses the claim)
    m = member(payouts=[paid("clinic", "2024-06-01", "300", "p-1", 3), paid("therapy", "2024-06-01", "100", "t-1", 2)])
    d = ENGINE.evaluate(m, claim("clinic", "2024-06-01", units=4))
    assert (failing(d), d.breakdown["caps"][0]["used"], d.breakdown["caps"][0]["after"]) == (["same_event"], "0", "4")
    d = ENGINE.evaluate(m, claim("therapy", "2024-06-01", units=2))
    assert (failing(d), d.breakdown["caps"][0]["used"], d.breakdown["caps"][0]["after"]) == (["same_event"], "0", "2")


def test_fraction_of_a_rate_and_of_a_fraction() -> None:
    # escort = half of therapy: 3 visits -> 2 (per event) -> 5 used of 10 in a lifetime leaves 5 -> 2 x 50 = 100 -> 50
    m = member(payouts=[paid("therapy", "2020-01-01", "250", "t-1", 5)])
    d = ENGINE.evaluate(m, claim("escort", "2024-06-01", units=3))
    assert (d.amount, d.breakdown["of"]) == (D(50), {"benefit": "therapy", "amount": "100", "fraction": "1/2"})
    assert "caps" in d.breakdown and d.breakdown["caps"] == []  # the target's caps shape its amount, not this one's
    m = member(payouts=[paid("therapy", "2020-01-01", "450", "t-1", 9)])  # 1 visit left: 50 -> 25
    assert ENGINE.evaluate(m, claim("escort", "2024-06-01", units=3)).amount == D(25)
    # grandchild = half of spouse = half of a third of death: 3 years on 1 Mar 2022 -> 3000 / 3 / 2 = 500
    d = ENGINE.evaluate(member(), claim("grandchild", "2022-03-01"))
    assert (d.amount, d.breakdown["of"]) == (D(500), {"benefit": "spouse", "amount": "1000", "fraction": "1/2"})


# --------------------------------------------------------------------------------------------- rounding
@pytest.mark.parametrize("benefit, amount", [("half_up", "501"), ("half_even", "500"), ("down", "500"), ("up", "501")])
def test_each_rounding_mode_on_a_half_baht(benefit: str, amount: str) -> None:
    # half of 1001 = 500.5: half up 501, half even 500 (500 is even), down 500, up 501
    d = ENGINE.evaluate(member(), claim(benefit, "2024-01-01"))
    assert (d.eligible, str(d.amount)) == (True, amount)
    assert d.breakdown == {"basis": "fraction_of", "of": {"benefit": "base", "amount": "1001", "fraction": "1/2"},
                           "raw_amount": "500.50", "rounding": {"mode": benefit, "unit": "1"}, "caps": [],
                           "offsets": [], "amount": amount}


def test_rounding_to_a_quarter_baht() -> None:
    # 1001 / 3 = 333.666...: / 0.25 = 1334.67 -> 1335 quarters = 333.75
    d = ENGINE.evaluate(member(), claim("quarter", "2024-01-01"))
    assert str(d.amount) == "333.75"
    assert d.breakdown["raw_amount"] == "333.6666666666666666666666667"
    assert d.breakdown["rounding"] == {"mode": "half_up", "unit": "0.25"}
    assert d.breakdown["of"] == {"benefit": "base", "amount": "1001", "fraction": "1/3"}


def test_fraction_of_a_tenure_table_uses_the_claimants_tenure() -> None:
    # joined 1 Mar 2019: on 28 Feb 2022, 2 completed years -> death band [1, 3) = 2000; a third = 666.67 -> 667
    d = ENGINE.evaluate(member(), claim("spouse", "2022-02-28"))
    assert (str(d.amount), d.breakdown["of"]["amount"]) == ("667", "2000")
    d = ENGINE.evaluate(member(), claim("spouse", "2022-03-01"))  # 3 years -> 3000 / 3 = 1000
    assert (str(d.amount), d.breakdown["of"]["amount"], d.breakdown["raw_amount"]) == ("1000", "3000", "1000")


# --------------------------------------------------------------------------------------------- tenure kinds
# Joined 1 Mar 2019; bands [0, 4.5) 1000, [4.5, 5] 2000, (5, ) 3000.  exact = completed years + days into the year /
# days of that year (1 Mar 2023 - 1 Mar 2024 has 366 days: 29 Feb 2024); over_6_months adds a year when the event is
# after 1 Sep (start + years + 6 months).
@pytest.mark.parametrize("event, completed, over6, exact", [
    ("2023-08-30", ("4", 1000), ("4", 1000), ("4.4973", 1000)),  # 182 / 366 = 0.49727
    ("2023-08-31", ("4", 1000), ("4", 1000), ("4.5000", 2000)),  # 183 / 366 = 0.5 exactly: [4.5 includes it
    ("2023-09-01", ("4", 1000), ("4", 1000), ("4.5027", 2000)),  # six months exactly: not "over" 6 months
    ("2023-09-02", ("4", 1000), ("5", 2000), ("4.5055", 2000)),  # one day over: counts as a year
    ("2024-02-29", ("4", 1000), ("5", 2000), ("4.9973", 2000)),  # 365 / 366
    ("2024-03-01", ("5", 2000), ("5", 2000), ("5.0000", 2000)),  # the 5th anniversary: 5] includes it
    ("2024-03-02", ("5", 2000), ("5", 2000), ("5.0027", 3000)),  # 1 / 365 (1 Mar 2024 - 1 Mar 2025: 365 days)
    ("2024-09-02", ("5", 2000), ("6", 3000), ("5.5068", 3000)),  # 185 / 365
])
def test_tenure_rounding_kinds(event: str, completed: tuple, over6: tuple, exact: tuple) -> None:
    got = []
    for benefit in ("gift_completed", "gift_over6", "gift_exact"):
        d = ENGINE.evaluate(member(), claim(benefit, event))
        got.append((d.breakdown["table_value"], int(d.amount)))
    assert got == [completed, over6, exact]


def test_table_band_is_recorded() -> None:
    d = ENGINE.evaluate(member(), claim("gift_exact", "2023-08-31"))
    assert d.breakdown == {"basis": "table", "table_value": "4.5000", "band": "[4.5, 5]", "raw_amount": "2000",
                           "rounding": HALF_UP, "caps": [], "offsets": [], "amount": "2000"}


def test_continuous_and_cumulative_tenure() -> None:
    # Spells 1 Jan 2010 - 1 Jan 2013 (1096 days: 2012 is leap) and from 1 Mar 2020.  On 1 Mar 2022:
    # continuous = 730 days = 2 years; cumulative = 1096 + 730 = 1826 days, counted back from 1 Mar 2022 that is
    # 1 Mar 2017 (5 years incl. 29 Feb 2020) = 5 years exactly.
    m = member([("2010-01-01", "2013-01-01", "resigned"), ("2020-03-01", None, None)])
    got = {}
    for benefit in ("gift_completed", "gift_exact", "gift_over6", "gift_cumulative", "gift_exact_cumulative",
                    "gift_over6_cumulative"):
        d = ENGINE.evaluate(m, claim(benefit, "2022-03-01"))
        got[benefit] = (d.breakdown["table_value"], int(d.amount))
    assert got == {"gift_completed": ("2", 1000), "gift_exact": ("2.0000", 1000), "gift_over6": ("2", 1000),
                   "gift_cumulative": ("5", 2000), "gift_exact_cumulative": ("5.0000", 2000),
                   "gift_over6_cumulative": ("5", 2000)}
    # 2 Sep 2022: continuous 2.5068 (185 / 365), over 6 months -> 3; cumulative 5.5068 -> over 6 months 6
    got = [ENGINE.evaluate(m, claim(b, "2022-09-02")).breakdown["table_value"]
           for b in ("gift_exact", "gift_over6", "gift_exact_cumulative", "gift_over6_cumulative")]
    assert got == ["2.5068", "3", "5.5068", "6"]


def test_29_february_anniversary_of_membership() -> None:
    # joined 29 Feb 2020: the first anniversary is 28 Feb 2021 (no 29 Feb in 2021)
    m = member([("2020-02-29", None, None)])
    assert ENGINE.evaluate(m, claim("gift_completed", "2021-02-27")).breakdown["table_value"] == "0"
    assert ENGINE.evaluate(m, claim("gift_completed", "2021-02-28")).breakdown["table_value"] == "1"
    assert ENGINE.evaluate(m, claim("gift_exact", "2021-02-28")).breakdown["table_value"] == "1.0000"
    # the death table at the same boundary: died 27 Feb 2021 -> [0, 1) 1000; 28 Feb 2021 -> [1, 3) 2000
    d = ENGINE.evaluate(member([("2020-02-29", None, None)], died_on="2021-02-27"), claim("death", "2021-02-27"))
    assert (d.amount, d.payee, d.breakdown["band"]) == (D(1000), "beneficiary", "[0, 1)")
    d = ENGINE.evaluate(member([("2020-02-29", None, None)], died_on="2021-02-28"), claim("death", "2021-02-28"))
    assert (d.amount, d.breakdown["band"]) == (D(2000), "[1, 3)")


# --------------------------------------------------------------------------------------------- age table, linear
@pytest.mark.parametrize("birth, event, band, amount", [
    ("1964-02-29", "2024-02-28", "[18, 60)", 100),  # 59: the 60th birthday is 29 Feb 2024
    ("1964-02-29", "2024-02-29", "[60, 70]", 200),  # 60 exactly: [60 includes it
    ("1953-10-01", "2023-10-01", "[60, 70]", 200),  # 70 exactly: 70] includes it
    ("1953-10-01", "2024-09-30", "[60, 70]", 200),  # still 70
    ("1953-10-01", "2024-10-01", "(70, )", 300),    # 71
    ("2001-03-01", "2019-03-01", "[18, 60)", 100),  # 18 exactly
])
def test_age_table_bounds(birth: str, event: str, band: str, amount: int) -> None:
    d = ENGINE.evaluate(member(birth=birth), claim("gift_age", event))
    assert (d.breakdown["band"], d.amount) == (band, D(amount))


def test_value_in_no_band_fails_the_table_check() -> None:
    # born 1 Mar 2001: 17 on 28 Feb 2019, below the first band [18, 60)
    d = ENGINE.evaluate(member([("2019-01-01", None, None)], birth="2001-03-01"), claim("gift_age", "2019-02-28"))
    assert (d.eligible, d.amount) == (False, D(0))
    assert reason(d, "table") == {"check": "table", "clause": "10", "passed": False,
                                  "values": {"by": "age", "value": "17"},
                                  "message": {"en": "age 17 is not in any band of the table",
                                              "th": "ค่า 17 ไม่อยู่ในช่วงใดของตาราง"}}
    assert "band" not in d.breakdown


@pytest.mark.parametrize("event, years, amount", [
    ("2019-03-01", "0", 100), ("2022-02-28", "2", 200), ("2022-03-01", "3", 250),
    ("2023-03-01", "4", 300),  # 100 + 4 x 50 = 300 = the ceiling
    ("2024-03-01", "5", 300),  # 350, capped at 300
])
def test_linear_with_ceiling(event: str, years: str, amount: int) -> None:
    d = ENGINE.evaluate(member(), claim("linear", event))
    assert (d.breakdown["table_value"], d.amount, d.breakdown["raw_amount"]) == (years, D(amount), str(amount))


# --------------------------------------------------------------------------------------------- per child, offsets
def test_per_child() -> None:
    d = ENGINE.evaluate(member(), claim("birth", "2024-01-01", children=2))
    assert (d.amount, d.breakdown["children"], d.breakdown["raw_amount"]) == (D(1000), 2, "1000")
    d = ENGINE.evaluate(member(), claim("birth", "2024-01-01"))
    assert (d.amount, d.breakdown["children"]) == (D(500), 1)


def test_death_offsets_deduct_every_earlier_allowance() -> None:
    # joined 1 Mar 2020, died 1 Mar 2023: 3 completed years -> 3000; elderly allowances 200 (2021) + 200 (paid for
    # the day of death) = 400 -> 2600
    m = member([("2020-03-01", None, None)], died_on="2023-03-01",
               payouts=[paid("elderly", "2021-10-01", "200", "e-1"), paid("elderly", "2023-03-01", "200", "e-2")])
    d = ENGINE.evaluate(m, claim("death", "2023-03-01"))
    assert (d.eligible, d.amount) == (True, D(2600))
    assert d.breakdown["offsets"] == [{"benefit": "elderly", "paid": "400", "before": "3000", "after": "2600"}]
    m = member([("2020-03-01", None, None)], died_on="2023-03-01",
               payouts=[paid("elderly", "2022-10-01", "3500", "e-1")])
    d = ENGINE.evaluate(m, claim("death", "2023-03-01"))
    assert (d.amount, d.breakdown["offsets"][0]["after"]) == (D(0), "0")  # never below zero
    # a payout recorded under the claim's own id is never deducted from it
    m = member([("2020-03-01", None, None)], died_on="2023-03-01", payouts=[paid("elderly", "2022-10-01", "200", "c-1")])
    d = ENGINE.evaluate(m, claim("death", "2023-03-01"))
    assert d.breakdown["offsets"] == [{"benefit": "elderly", "paid": "0", "before": "3000", "after": "3000"}]


# --------------------------------------------------------------------------------------------- language v2
V2_REG = regulation(HEAD + """    benefits:
      - id: care
        kind: sickness
        title: {th: ดูแลบุตรป่วย, en: Sick child care}
        clause: "ข้อ 20"
        person: {relationships: [child]}
        amount: {type: rate, rate: 100, unit: day}
        caps:
          - {per: calendar_year, units: 3, each: person, clause: "ข้อ 20.1"}
          - {per: fiscal_year, money: 500, each: person, clause: "ข้อ 20.2"}
          - {per: event, count: 1}
          - {per: fiscal_year, count: 2, each: person, clause: "ข้อ 20.3"}
          - {per: stay, count: 1, clause: "ข้อ 20.4"}
      - id: dental
        kind: dental
        title: {th: ทันตกรรม, en: Dental}
        clause: "ข้อ 21"
        claim_fields:
          note: {type: text}
          bill: {type: number}
          visits: {type: number}
        eligibility:
          conditions:
            - when: visits >= 1
        amount: {type: billed, field: bill, percent: 50}
""")
V2 = Engine(V2_REG)
V2_MEMBER = history(joined="2015-01-15")


def child(cid: str) -> dict:
    return {"id": cid, "relationship": "child", "birth_date": "2012-05-01"}


def care(claim_id: str, day: str, who: str, units: int) -> object:
    return claim("care", day, claim_id=claim_id, person=child(who), units=units)


# k2: 3 days on 1 Jun 2020; k1: 2 days on 30 Sep 2020 (the last day of FY 2563), 2 on 1 Oct 2020 (the first day
# of FY 2564, the same calendar year), 3 on 5 Jan 2021 (a new calendar year, the same fiscal year); k2: 3 on
# 5 Jan 2021.
CLAIMS = [care("c0", "2020-06-01", "k2", 3), care("c1", "2020-09-30", "k1", 2), care("c2", "2020-10-01", "k1", 2),
          care("c3", "2021-01-05", "k1", 3), care("c5", "2021-01-05", "k2", 3)]


def test_caps_for_each_person_count_only_that_persons_payouts_in_each_window() -> None:
    ds = {d.claim_id: d for d in V2.evaluate_batch([V2_MEMBER], CLAIMS)}
    # c0: k2's first: 3 of 3 days, 300 of 500 baht.  c1: k1's first: 2 days, 200.
    # c2: k1 has used 2 of 3 days in 2020 (k2's 3 days are not k1's): 1 day = 100; FY 2564 is new: 0 of 500 used.
    # c3: 2021 is a new calendar year: 3 days = 300; FY 2564: c2's 100 used, 400 remain: 300.
    # c5: k2 in 2021: 3 days = 300; FY 2564: nothing paid for k2 (c0 was in FY 2563): 300.
    assert {c: (d.amount, d.breakdown["units"]) for c, d in ds.items()} == {
        "c0": (D(300), 3), "c1": (D(200), 2), "c2": (D(100), 1), "c3": (D(300), 3),
        "c5": (D(300), 3)}
    assert ds["c2"].breakdown["caps"] == [
        {"per": "calendar_year", "measure": "units", "limit": "3", "window": ["2020-01-01", "2020-12-31"],
         "used": "2", "remaining": "1", "before": "2", "after": "1", "clause": "ข้อ 20.1", "person": "k1"},
        {"per": "fiscal_year", "measure": "money", "limit": "500", "window": ["2020-10-01", "2021-09-30"],
         "used": "0", "remaining": "500", "before": "100", "after": "100", "clause": "ข้อ 20.2", "person": "k1"}]
    assert ds["c3"].breakdown["caps"][1] == {
        "per": "fiscal_year", "measure": "money", "limit": "500", "window": ["2020-10-01", "2021-09-30"],
        "used": "100", "remaining": "400", "before": "300", "after": "300", "clause": "ข้อ 20.2", "person": "k1"}


def test_a_money_cap_for_each_person_pays_what_remains_of_that_persons_limit() -> None:
    # k1 was paid 400 on 29 Sep 2020 (FY 2563).  3 days = 300 claimed on 30 Sep, the fiscal year's last day: 100 of
    # the 500 remain -> 100.  Claimed on 1 Oct 2020 (FY 2564): nothing used -> 300.  Another child: 300.
    m = history(joined="2015-01-15", payouts=[{"claim_id": "h1", "benefit": "care", "event_date": "2020-09-29",
                                                "units": 0, "amount": "400", "person": "k1"}])
    got = [V2.evaluate(m, care("c", day, "k1", 3)).amount for day in ("2020-09-30", "2020-10-01")]
    assert got == [D(100), D(300)]
    assert V2.evaluate(m, care("c", "2020-09-30", "k2", 3)).amount == D(300)


def test_a_billed_benefit_needs_its_field_and_every_field_its_conditions_read() -> None:
    # the fields the benefit needs are worked out when the version is compiled: a new engine compiles it here
    with pytest.raises(InputError) as e:
        Engine(V2_REG).evaluate(V2_MEMBER, claim("dental", "2021-01-05"))
    assert [(p.code, p.path, p.value) for p in e.value.problems] == [
        ("missing-claim-field", ("details", "bill"), "bill"), ("missing-claim-field", ("details", "visits"), "visits")]
    # both given (the note, which nothing reads, left out): 50% of 801 = 400.50, rounded half up to 401
    d = V2.evaluate(V2_MEMBER, claim("dental", "2021-01-05", details={"bill": "801", "visits": 1}))
    assert (d.eligible, d.amount, d.breakdown["raw_amount"]) == (True, D(401), "400.50")


def test_counts_for_each_person_and_the_same_event() -> None:
    # after CLAIMS, k1 has c2 (1 Oct 2020) and c3 (5 Jan 2021) in FY 2564.  c7, k1 again on 5 Jan 2021: the same
    # event (and stay) as c3 for the same child (same_event, "once per event", "once per stay"), and a third time in
    # the fiscal year (at most 2 for each child, clause 20.3).  c6, k1 on 1 Feb 2021: the third time only.  c5, k2 on 5 Jan 2021, is another
    # child's event: paid (above).
    ds = {d.claim_id: d for d in V2.evaluate_batch([V2_MEMBER], CLAIMS + [care("c6", "2021-02-01", "k1", 1),
                                                                           care("c7", "2021-01-05", "k1", 1)])}
    assert [(c, ds[c].eligible, failing(ds[c])) for c in ("c5", "c6", "c7")] == [
        ("c5", True, []), ("c6", False, ["count_cap"]), ("c7", False, ["same_event", "count_cap", "count_cap", "count_cap"])]
    assert [(r["clause"], r["passed"], r["values"]) for r in ds["c7"].reasons
            if r["check"] in ("same_event", "count_cap")] == [
        ("ข้อ 20", False, {"event_date": "2021-01-05", "paid_claims": ["c3"]}),
        ("ข้อ 20", False, {"per": "event", "limit": 1, "used": 1, "window": ["2021-01-05", "2021-01-05"]}),
        ("ข้อ 20.3", False, {"per": "fiscal_year", "limit": 2, "used": 2, "window": ["2020-10-01", "2021-09-30"],
                             "person": "k1"}),
        ("ข้อ 20.4", False, {"per": "stay", "limit": 1, "used": 1, "window": ["2021-01-05", "2021-01-05"]})]


def test_a_benefit_about_no_person_counts_every_payout_of_the_day() -> None:
    # dental names no person: a payout on the same day is the same event whoever the record names
    m = history(joined="2015-01-15", payouts=[{"claim_id": "h1", "benefit": "dental", "event_date": "2021-01-05",
                                                "amount": "100", "person": "k1"}])
    d = V2.evaluate(m, claim("dental", "2021-01-05", details={"bill": "801", "visits": 1}))
    assert (failing(d), reason(d, "same_event")["values"]) == (["same_event"],
                                                               {"event_date": "2021-01-05", "paid_claims": ["h1"]})


def test_a_payout_recorded_without_a_person_is_nobodys() -> None:
    # a caller-kept state may record any payout-like object; one without a person attribute (as a language-1 payout)
    # is no child's: k1's caps are untouched -> 3 days = 300
    state = V2.state(V2_MEMBER, date(2021, 1, 5))
    state.record(SimpleNamespace(claim_id="h9", benefit="care", event_date=date(2021, 1, 4), units=3, amount=D(500)))
    d = V2.decide(state, care("c", "2021-01-05", "k1", 3))
    assert (d.amount, [c["used"] for c in d.breakdown["caps"]]) == (D(300), ["0", "0"])


def test_a_billed_amount_must_be_whole_satang() -> None:
    with pytest.raises(InputError) as e:
        V2.evaluate(V2_MEMBER, claim("dental", "2021-01-05", details={"bill": "0.005", "visits": 1}))
    assert [(p.code, p.path, p.value) for p in e.value.problems] == [("money-precision", ("details", "bill"), "0.005")]


V2_SHARED = regulation(HEAD + """    shared_caps:
      - {id: eyes, benefits: [glasses], per: calendar_year, money: 100, clause: "ข้อ 30"}
      - {id: medical, benefits: [clinic, glasses], per: lifetime, money: 1000, clause: "ข้อ 31"}
    benefits:
      - {id: clinic, kind: clinic, title: {th: คลินิก, en: Clinic}, clause: "ข้อ 32", amount: {type: flat, amount: 600}}
      - {id: glasses, kind: glasses, title: {th: แว่นตา, en: Glasses}, clause: "ข้อ 33",
         amount: {type: flat, amount: 600}}
      - id: bonus
        kind: elderly
        title: {th: บำเหน็จ, en: Lump sum}
        clause: "ข้อ 34"
        amount: {type: linear, by: tenure, tenure: {rounding: completed_years, membership: continuous},
                 per_year: 100, floor: 250}
""")


def test_a_shared_cap_skips_the_caps_not_naming_the_benefit_and_the_claims_own_payout() -> None:
    # "eyes" does not name clinic; "medical" (lifetime, 1000) does.  The history holds 700 of clinic (h1) and 600
    # recorded under this claim's own id (c-1), which is never counted against it: 1000 - 700 = 300 of the 600.
    m = history(joined="2015-01-15", payouts=[
        {"claim_id": "h1", "benefit": "clinic", "event_date": "2020-06-01", "amount": "700"},
        {"claim_id": "c-1", "benefit": "clinic", "event_date": "2021-01-01", "amount": "600"}])
    d = Engine(V2_SHARED).evaluate(m, claim("clinic", "2021-01-01"))
    assert (d.amount, d.breakdown["caps"]) == (D(300), [
        {"per": "lifetime", "measure": "money", "limit": "1000", "window": None, "used": "700", "remaining": "300",
         "before": "600", "after": "300", "clause": "ข้อ 31", "shared": "medical", "benefits": ["clinic", "glasses"]}])


@pytest.mark.parametrize("day, amount, linear", [
    ("2016-01-15", "250", {"value": "100", "floor": "250", "ceiling": None, "applied": "floor"}),  # 1 year: 100
    ("2017-01-15", "250", {"value": "200", "floor": "250", "ceiling": None, "applied": "floor"}),  # 2 years: 200
    ("2018-01-14", "250", {"value": "200", "floor": "250", "ceiling": None, "applied": "floor"}),  # the day before 3
    ("2018-01-15", "300", {"value": "300", "floor": "250", "ceiling": None, "applied": None}),     # 3 years: 300
])
def test_a_linear_floor_without_a_ceiling(day: str, amount: str, linear: dict) -> None:
    d = Engine(V2_SHARED).evaluate(V2_MEMBER, claim("bonus", day))
    assert (d.amount, d.breakdown["linear"]) == (D(amount), linear)
