"""Eligibility checks at their boundaries (status, waiting period, tenure, age at the event and at joining, sex,
arrears, conditions, deadlines, same event, exclusions, allowance periods), the facts a condition sees, the engine's
input problems and a fund's batch.  Expected dates and values are worked by hand in the comments; reasons are
compared whole (check, clause, passed, values, message) where their values carry the boundary."""

from __future__ import annotations

from decimal import Decimal

import pytest

from boundary_fund import ENGINE, REGULATION, SEEN, YAML, echo, failing, member, paid, reason
from swf_rules import Engine, InputError, RegulationError, UsageError
from swf_rules.core.history import parse_member
from swf_rules.core.validate import load_regulation_text
from swf_rules.testing import claim

D = Decimal


def problems(e: pytest.ExceptionInfo) -> list[tuple]:
    return [(p.code, p.path, p.value, p.message_en, p.hint_en, p.hint_th) for p in e.value.problems]


# --------------------------------------------------------------------------------------------- status
@pytest.mark.parametrize("spells, event, status", [
    ([("2019-03-01", "2022-01-01", "resigned")], "2021-12-31", "active"),    # the last day of the spell
    ([("2019-03-01", "2022-01-01", "resigned")], "2022-01-01", "resigned"),  # the end day is not covered
    ([("2019-03-01", "2022-01-01", "expelled")], "2023-05-01", "expelled"),
    ([("2019-03-01", None, None)], "2019-02-28", "not_member"),             # the day before joining
    ([("2019-03-01", None, None)], "2019-03-01", "active"),                 # the day of joining
])
def test_status_on_the_days_around_a_spell(spells: list, event: str, status: str) -> None:
    d = ENGINE.evaluate(member(spells), claim("dental", event))
    ok = status == "active"
    assert reason(d, "status") == {
        "check": "status", "clause": "4", "passed": ok, "values": {"status": status, "allowed": ["active"],
                                                                     "arrears": 0},
        "message": reason(d, "status")["message"]}
    assert (d.eligible, d.amount) == (ok, D(300) if ok else D(0))


def test_status_message() -> None:
    d = ENGINE.evaluate(member([("2019-03-01", "2022-01-01", "resigned")]), claim("dental", "2022-01-01"))
    assert reason(d, "status")["message"] == {"en": "membership status on the event date: resigned (must be active)",
                                              "th": "สถานะสมาชิก ณ วันที่เกิดเหตุ: ลาออก (ต้องเป็น ปกติ)"}


def test_arrears_count_from_the_day_after_a_deadline() -> None:
    # January 2024 missed: its deadline is 31 Jan (no grace days).  On 31 Jan nothing is in arrears yet; on 1 Feb
    # one instalment is.  Two missed (Jan, Feb) on 1 Mar: 2 in arrears = suspend_after -> suspended, and more than
    # the elderly benefit's max_arrears of 1.
    old = "1960-01-01"
    d = ENGINE.evaluate(member(birth=old, missed=("2024-01",)), claim("elderly", "2024-01-31"))
    assert reason(d, "arrears")["values"] == {"arrears": 0, "max": 1}
    d = ENGINE.evaluate(member(birth=old, missed=("2024-01",)), claim("elderly", "2024-02-01"))
    assert (reason(d, "arrears")["passed"], reason(d, "arrears")["values"], failing(d)) == (True, {"arrears": 1,
                                                                                                   "max": 1}, [])
    d = ENGINE.evaluate(member(birth=old, missed=("2024-01", "2024-02")), claim("elderly", "2024-03-01"))
    assert failing(d) == ["status", "arrears"]
    assert reason(d, "status")["values"] == {"status": "suspended", "allowed": ["active"], "arrears": 2}
    assert reason(d, "arrears")["message"] == {"en": "2 instalments in arrears; at most 1 allowed",
                                               "th": "ค้างส่ง 2 งวด เกณฑ์ไม่เกิน 1 งวด"}


# --------------------------------------------------------------------------------------------- waiting period
def test_waiting_period_of_180_days() -> None:
    # joined 1 Jan 2024: + 180 days = 29 Jun 2024 (Jan 31, Feb 29, Mar 31, Apr 30, May 31 = 152 days to 1 Jun; +28)
    m = member([("2024-01-01", None, None)])
    d = ENGINE.evaluate(m, claim("birth", "2024-06-28"))
    assert reason(d, "waiting") == {
        "check": "waiting", "clause": "6", "passed": False,
        "values": {"from": "membership_start", "start": "2024-01-01", "period": "180 days", "served_on": "2024-06-29",
                   "event_date": "2024-06-28"},
        "message": {"en": "waiting period of 180 days from 2024-01-01: served on 2024-06-29, event on 2024-06-28 "
                          "(inside the waiting period)",
                    "th": "ระยะรอคอย 180 วัน นับจาก 2024-01-01 ครบวันที่ 2024-06-29 เหตุเกิดวันที่ 2024-06-28 "
                          "(ยังอยู่ในระยะรอคอย)"}}
    d = ENGINE.evaluate(m, claim("birth", "2024-06-29"))
    assert (reason(d, "waiting")["passed"], d.eligible, d.amount) == (True, True, D(500))


def test_waiting_from_the_first_contribution_and_a_skipped_first_month() -> None:
    # joined 10 Jan 2024, first instalment paid that day; 6 months from it = 10 Jul 2024.  The monthly allowance
    # skips the first month in which the member is eligible: on 10 Jul the month began on 1 Jul, before the waiting
    # was served, so July is not paid; August is.
    m = member([("2024-01-10", None, None)], birth="1950-01-01")
    d = ENGINE.evaluate(m, claim("monthly", "2024-07-09"))
    assert (reason(d, "waiting")["values"]["start"], reason(d, "waiting")["values"]["served_on"]) == \
        ("2024-01-10", "2024-07-10")
    assert failing(d) == ["waiting", "allowance_first_period"]
    d = ENGINE.evaluate(m, claim("monthly", "2024-07-10"))
    assert failing(d) == ["allowance_first_period"]
    assert reason(d, "allowance_first_period") == {
        "check": "allowance_first_period", "clause": "16", "passed": False, "values": {"period_start": "2024-07-01"},
        "message": {"en": "the first period in which the member becomes eligible is not paid",
                    "th": "งวดแรกที่เริ่มมีสิทธิ์ไม่ได้รับเบี้ย"}}
    d = ENGINE.evaluate(m, claim("monthly", "2024-08-01"))
    assert (failing(d), d.amount) == ([], D(100))
    assert reason(d, "allowance_first_period")["values"] == {"period_start": "2024-08-01"}
    assert reason(d, "allowance_period")["values"] == {"every": "month", "window": ["2024-08-01", "2024-08-31"],
                                                       "paid_claims": []}


def test_skipped_first_month_at_the_age_limit() -> None:
    # born 15 Mar 1964: 60 on 15 Mar 2024, so on 1 Mar 2024 (the month's start) not yet eligible -> March skipped
    m = member([("2019-03-01", None, None)], birth="1964-03-15")
    d = ENGINE.evaluate(m, claim("monthly", "2024-03-15"))
    assert failing(d) == ["allowance_first_period"]
    d = ENGINE.evaluate(m, claim("monthly", "2024-04-01"))
    assert failing(d) == []
    # joined in the month of the claim: the month began before membership, so it is the first month -> skipped
    m = member([("2024-08-05", None, None)], birth="1950-01-01")
    d = ENGINE.evaluate(m, claim("monthly", "2025-02-05"))
    assert failing(d) == ["allowance_first_period"]  # waiting served on 5 Feb 2025; 1 Feb is before it


def test_waiting_without_any_contribution_is_never_served() -> None:
    m = member([("2024-01-10", None, None)], birth="1950-01-01", paid_until="2023-12-31")  # nothing paid
    d = ENGINE.evaluate(m, claim("monthly", "2024-09-01"))
    assert reason(d, "waiting")["values"] == {"from": "first_contribution", "start": None, "period": "6 months",
                                              "served_on": None, "event_date": "2024-09-01"}
    assert reason(d, "waiting")["message"]["en"] == \
        "waiting period of 6 months from no start: served on never, event on 2024-09-01 (inside the waiting period)"


# --------------------------------------------------------------------------------------------- tenure, age, sex
def test_tenure_check_on_the_anniversary() -> None:
    # joined 28 Feb 2021: 28 Feb 2024 is 1095 days later (no 29 Feb in between) = 3 completed years
    m = member([("2021-02-28", None, None)], birth="1960-01-01")
    d = ENGINE.evaluate(m, claim("elderly", "2024-02-28"))
    assert reason(d, "tenure") == {
        "check": "tenure", "clause": "7", "passed": True,
        "values": {"membership": "continuous", "rounding": "completed_years", "days": 1095, "years": "3",
                   "min_years": 3},
        "message": {"en": "membership of 3 years (continuous, completed years); at least 3 needed",
                    "th": "เป็นสมาชิก 3 ปี (ต่อเนื่อง) ต้องไม่น้อยกว่า 3 ปี"}}
    d = ENGINE.evaluate(m, claim("elderly", "2024-02-27"))
    assert (reason(d, "tenure")["passed"], reason(d, "tenure")["values"]["years"], failing(d)) == (False, "2",
                                                                                                  ["tenure"])


@pytest.mark.parametrize("birth, event, age, ok", [
    ("1964-02-29", "2024-02-28", 59, False), ("1964-02-29", "2024-02-29", 60, True),
    ("1953-10-01", "2023-10-01", 70, True), ("1953-10-01", "2024-09-30", 70, True),
    ("1953-10-01", "2024-10-01", 71, False),
])
def test_age_at_the_event(birth: str, event: str, age: int, ok: bool) -> None:
    d = ENGINE.evaluate(member([("2015-01-01", None, None)], birth=birth), claim("elderly", event))
    assert reason(d, "age") == {"check": "age", "clause": "7", "passed": ok,
                                "values": {"age": age, "at": "event", "min": 60, "max": 70},
                                "message": {"en": f"age {age} at the event; allowed 60-70",
                                            "th": f"อายุ {age} ปี ณ วันที่เกิดเหตุ เกณฑ์ 60-70 ปี"}}


@pytest.mark.parametrize("birth, age, ok", [("1989-03-01", 30, True), ("1988-03-02", 30, True),
                                            ("1988-03-01", 31, False)])
def test_age_at_joining(birth: str, age: int, ok: bool) -> None:
    # joined 1 Mar 2019; the claim is in 2024, when every one of them is older than 30
    d = ENGINE.evaluate(member(birth=birth), claim("school", "2024-01-31", details={"gpa": 4, "level": "m3",
                                                                                   "first": False}))
    assert reason(d, "age") == {"check": "age", "clause": "15", "passed": ok,
                                "values": {"age": age, "at": "joining", "min": None, "max": 30},
                                "message": {"en": f"age {age} at the start of membership; allowed 0-30",
                                            "th": f"อายุ {age} ปี เมื่อเริ่มเป็นสมาชิก เกณฑ์ 0-30 ปี"}}


def test_sex() -> None:
    d = ENGINE.evaluate(member(sex="male"), claim("birth", "2024-01-01"))
    assert reason(d, "sex") == {"check": "sex", "clause": "6", "passed": False,
                                "values": {"sex": "male", "required": "female"},
                                "message": {"en": "the member is male; this benefit is for a female member",
                                            "th": "สมาชิกเป็นชาย สวัสดิการนี้สำหรับสมาชิกหญิง"}}
    assert (d.eligible, d.amount) == (False, D(0))


# --------------------------------------------------------------------------------------------- conditions, claim fields
@pytest.mark.parametrize("details, failed", [
    ({"gpa": "3.5", "level": "p6", "first": True}, []),          # 3.5 is enough (>=)
    ({"gpa": "3.49", "level": "m3", "first": False}, ["condition"]),
    ({"gpa": 4, "level": "p6", "first": False}, ["condition"]),   # neither m3 nor a first
])
def test_conditions(details: dict, failed: list) -> None:
    d = ENGINE.evaluate(member(birth="1990-01-01"), claim("school", "2024-01-31", details=details))
    assert failing(d) == failed
    gpa = [r for r in d.reasons if r["check"] == "condition"][0]
    assert gpa["values"] == {"when": "gpa >= 3.5", "gpa": str(D(str(details["gpa"])))}
    assert gpa["clause"] == "15"


def test_condition_reason_whole() -> None:
    d = ENGINE.evaluate(member(birth="1990-01-01"), claim("school", "2024-01-31",
                                                          details={"gpa": "3.49", "level": "m3", "first": False}))
    assert [r for r in d.reasons if r["check"] == "condition"] == [
        {"check": "condition", "clause": "15", "passed": False, "values": {"when": "gpa >= 3.5", "gpa": "3.49"},
         "message": {"en": "grades of 3.5 or better: no (gpa >= 3.5)", "th": "เกรดเฉลี่ย ๓.๕ ขึ้นไป: ไม่ใช่ (gpa >= 3.5)"}},
        {"check": "condition", "clause": "15", "passed": True,
         "values": {"when": 'level == "m3" or first', "first": False, "level": "m3"},
         "message": {"en": 'level == "m3" or first: yes (level == "m3" or first)',
                     "th": 'level == "m3" or first: ใช่ (level == "m3" or first)'}}]


@pytest.mark.parametrize("details, expected", [
    ({"gpa": True, "level": "m3", "first": False},
     [("wrong-type", ("details", "gpa"), "True", "expected number, found bool", None, None)]),
    ({"gpa": "x", "level": "m3", "first": False},
     [("wrong-type", ("details", "gpa"), "x", "expected number, found str", None, None)]),
    # a float is read from its text: exponent notation, NaN and infinity are not numbers a claim may give
    ({"gpa": 1e20, "level": "m3", "first": False},
     [("wrong-type", ("details", "gpa"), "1e+20", "expected number, found float", None, None)]),
    ({"gpa": float("nan"), "level": "m3", "first": False},
     [("wrong-type", ("details", "gpa"), "nan", "expected number, found float", None, None)]),
    ({"gpa": float("inf"), "level": "m3", "first": False},
     [("wrong-type", ("details", "gpa"), "inf", "expected number, found float", None, None)]),
    ({"gpa": 4, "level": "m3", "first": "yes"},
     [("wrong-type", ("details", "first"), "yes", "expected yes_no, found str", None, None)]),
    ({"gpa": 4, "level": 3, "first": False},
     [("wrong-type", ("details", "level"), "3", "expected text, found int", None, None)]),
    ({"gpa": 4, "level": "m6", "first": False},
     [("not-allowed", ("details", "level"), "m6", "'m6' is not allowed here", "use one of ['p6', 'm3']",
       "ใช้ค่าใดค่าหนึ่งจาก ['p6', 'm3']")]),
    ({"gpa": 4, "first": False},
     [("missing-claim-field", ("details", "level"), "level", "benefit 'school' needs claim field 'level'", None,
       None)]),
    ({"gpa": 4, "level": "m3", "first": False, "grade": 1},
     [("unknown-key", ("details", "grade"), "grade", "unknown key 'grade'", "fields of this benefit: gpa, level, "
       "first, note", "ข้อมูลของสวัสดิการนี้: gpa, level, first, note")]),
])
def test_claim_field_problems(details: dict, expected: list) -> None:
    with pytest.raises(InputError) as e:
        ENGINE.evaluate(member(), claim("school", "2024-01-31", details=details))
    assert problems(e) == expected


def test_claim_fields_typed() -> None:
    # a field no condition uses may be left out; given, it is kept as typed
    d = ENGINE.evaluate(member(birth="1990-01-01"), claim("school", "2024-01-31",
                                                          details={"gpa": D("3.75"), "level": "m3", "first": True,
                                                                   "note": "x"}))
    assert (d.eligible, failing(d)) == (True, [])
    d = ENGINE.evaluate(member(birth="1990-01-01"), claim("school", "2024-01-31", details={"gpa": 4, "first": True,
                                                                                          "level": "p6"}))
    assert d.eligible is True
    # a Decimal (from a Python caller) is taken as the number it is, exponent and all: 35E-1 = 3.5, the bound;
    # 1E+1 = 10 (its text "1E+1" would not be read as a number)
    for gpa_given, shown in ((D("35E-1"), "3.5"), (D("1E+1"), "1E+1")):
        d = ENGINE.evaluate(member(birth="1990-01-01"), claim("school", "2024-01-31", details={
            "gpa": gpa_given, "level": "m3", "first": False}))
        gpa = [r for r in d.reasons if r["check"] == "condition"][0]
        assert (d.eligible, gpa["passed"], gpa["values"]) == (True, True, {"when": "gpa >= 3.5", "gpa": shown})


# --------------------------------------------------------------------------------------------- deadlines
def test_deadline_of_a_year_a_month_and_a_day() -> None:
    # 31 Jan 2024 + 13 months = 28 Feb 2025 (clamped), + 1 day = 1 Mar 2025
    details = {"gpa": 4, "level": "m3", "first": False}
    ok = ENGINE.evaluate(member(birth="1990-01-01"), claim("school", "2024-01-31", filed_on="2025-03-01",
                                                           details=details))
    late = ENGINE.evaluate(member(birth="1990-01-01"), claim("school", "2024-01-31", filed_on="2025-03-02",
                                                             details=details))
    assert reason(ok, "deadline") == {
        "check": "deadline", "clause": "15", "passed": True,
        "values": {"from": "event", "last_day": "2025-03-01", "filed_on": "2025-03-01"},
        "message": {"en": "filed on 2025-03-01; the deadline (1 years 1 months 1 days) was 2025-03-01",
                    "th": "ยื่นวันที่ 2025-03-01 กำหนดยื่นภายใน 2025-03-01 (1 ปี 1 เดือน 1 วัน)"}}
    assert (reason(late, "deadline")["passed"], late.eligible) == (False, False)


def test_deadline_from_discharge_or_event() -> None:
    # 30 days from the end of the stay (12 Jan) = 11 Feb; without an end date, from the event (10 Jan) = 9 Feb
    d = ENGINE.evaluate(member(), claim("hospital", "2024-01-10", end_date="2024-01-12", filed_on="2024-02-11"))
    assert reason(d, "deadline")["values"] == {"from": "end", "last_day": "2024-02-11", "filed_on": "2024-02-11"}
    assert (reason(d, "deadline")["passed"], d.amount) == (True, D(400))
    d = ENGINE.evaluate(member(), claim("hospital", "2024-01-10", end_date="2024-01-12", filed_on="2024-02-12"))
    assert reason(d, "deadline")["passed"] is False
    d = ENGINE.evaluate(member(), claim("hospital", "2024-01-10", units=2, filed_on="2024-02-10"))
    assert (reason(d, "deadline")["values"]["last_day"], reason(d, "deadline")["passed"]) == ("2024-02-09", False)


def test_deadline_without_a_filing_date_cannot_be_checked() -> None:
    d = ENGINE.evaluate(member(), claim("glasses", "2024-01-31"))
    assert reason(d, "deadline") == {
        "check": "deadline", "clause": "5", "passed": None,
        "values": {"from": "event", "last_day": "2024-02-29", "filed_on": None},
        "message": {"en": "claim must be filed by 2024-02-29 (1 months); filing date not given",
                    "th": "ต้องยื่นภายใน 2024-02-29 (1 เดือน) ไม่ได้ระบุวันที่ยื่น"}}
    assert (d.eligible, d.amount) == (True, D(1000))  # not checked is not failed


# --------------------------------------------------------------------------------------------- same event
def test_exclusion_binds_both_benefits() -> None:
    # birth declares that it excludes hospital; a hospital claim is excluded by a birth payout all the same
    m = member(payouts=[paid("hospital", "2024-05-01", "400", "h-1", 2)])
    d = ENGINE.evaluate(m, claim("birth", "2024-05-01"))
    assert reason(d, "excludes") == {
        "check": "excludes", "clause": "6", "passed": False, "values": {"benefit": "hospital", "paid_claims": ["h-1"]},
        "message": {"en": "'hospital' was already paid for the same event, and the two do not combine",
                    "th": "จ่าย 'hospital' สำหรับเหตุการณ์เดียวกันแล้ว ซึ่งรับซ้อนกันไม่ได้"}}
    m = member(payouts=[paid("birth", "2024-05-01", "500", "b-1")])
    d = ENGINE.evaluate(m, claim("hospital", "2024-05-01", units=2))
    assert (failing(d), reason(d, "excludes")["values"]) == (["excludes"], {"benefit": "birth",
                                                                             "paid_claims": ["b-1"]})
    d = ENGINE.evaluate(m, claim("hospital", "2024-05-02", units=2))  # another day: no exclusion
    assert (failing(d), reason(d, "excludes")["message"]["en"]) == ([], "no 'birth' payout for the same event")
    assert [r["check"] for r in ENGINE.evaluate(m, claim("dental", "2024-05-01")).reasons] == \
        ["status", "same_event", "count_cap"]  # dental is not bound to birth


def test_same_event() -> None:
    m = member(payouts=[paid("dental", "2024-05-01", "300", "d-1")])
    d = ENGINE.evaluate(m, claim("dental", "2024-05-01"))
    assert reason(d, "same_event") == {
        "check": "same_event", "clause": "4", "passed": False,
        "values": {"event_date": "2024-05-01", "paid_claims": ["d-1"]},
        "message": {"en": "already paid for this event (claim d-1)", "th": "จ่ายสำหรับเหตุการณ์นี้แล้ว (คำขอ d-1)"}}
    d = ENGINE.evaluate(m, claim("dental", "2024-05-02"))
    assert reason(d, "same_event")["passed"] is True


def test_allowance_once_per_fiscal_year() -> None:
    m = member([("2015-01-01", None, None)], birth="1960-01-01",
               payouts=[paid("elderly", "2023-10-01", "200", "e-1")])
    d = ENGINE.evaluate(m, claim("elderly", "2024-09-30"))
    assert reason(d, "allowance_period") == {
        "check": "allowance_period", "clause": "7", "passed": False,
        "values": {"every": "fiscal_year", "window": ["2023-10-01", "2024-09-30"], "paid_claims": ["e-1"]},
        "message": {"en": "allowance already paid for the period 2023-10-01 to 2024-09-30",
                    "th": "ได้รับเบี้ยสำหรับงวด 2023-10-01 ถึง 2024-09-30 แล้ว"}}
    d = ENGINE.evaluate(m, claim("elderly", "2024-10-01"))
    assert (failing(d), d.amount) == ([], D(200))
    assert [r["check"] for r in d.reasons] == ["status", "tenure", "age", "arrears", "same_event", "allowance_period"]


# --------------------------------------------------------------------------------------------- allowances that skip
def test_first_month_skipped_when_membership_starts_on_its_first_day() -> None:
    # joined 1 Aug 2024: August is the first month of membership, so it is skipped even though the member is
    # eligible on 1 Aug; September is paid
    m = member([("2024-08-01", None, None)])
    d = ENGINE.evaluate(m, claim("monthly_plain", "2024-08-15"))
    assert reason(d, "allowance_first_period") == {
        "check": "allowance_first_period", "clause": "21", "passed": False, "values": {"period_start": "2024-08-01"},
        "message": {"en": "the first period in which the member becomes eligible is not paid",
                    "th": "งวดแรกที่เริ่มมีสิทธิ์ไม่ได้รับเบี้ย"}}
    assert failing(ENGINE.evaluate(m, claim("monthly_plain", "2024-09-01"))) == []
    # before joining there is no spell: not a member, and the month is not one the member was eligible in
    d = ENGINE.evaluate(m, claim("monthly_plain", "2024-07-15"))
    assert failing(d) == ["status", "allowance_first_period"]
    assert reason(d, "allowance_first_period")["values"] == {"period_start": "2024-07-01"}


def test_waiting_served_on_the_first_day_of_the_month() -> None:
    # joined and first paid 1 Jan 2024: 6 months later is 1 Jul, the first day of July -> July is paid
    d = ENGINE.evaluate(member([("2024-01-01", None, None)], birth="1950-01-01", day=1), claim("monthly", "2024-07-15"))
    assert (failing(d), d.amount) == ([], D(100))


def test_allowance_already_paid_to_this_claim_is_not_counted_against_it() -> None:
    m = member([("2015-01-01", None, None)], birth="1960-01-01", payouts=[paid("elderly", "2024-10-01", "200", "c-1")])
    d = ENGINE.evaluate(m, claim("elderly", "2024-10-01"))
    assert (failing(d), reason(d, "allowance_period")["values"]["paid_claims"]) == ([], [])


def test_exclusion_ignores_a_payout_under_the_claims_own_id() -> None:
    m = member(payouts=[paid("hospital", "2024-05-01", "400", "c-1", 2)])
    d = ENGINE.evaluate(m, claim("birth", "2024-05-01"))
    assert reason(d, "excludes")["values"] == {"benefit": "hospital", "paid_claims": []}


# Spells 1 Jan 2010 - 1 Jan 2013 (1096 days) and from 1 Mar 2020; born 1 Jan 1953.  Cumulative tenure reaches 5
# completed years on 1 Mar 2022 (1096 + 730 = 1826 days, counted back: 1 Mar 2017); continuous tenure is then 2.
VETERAN = [("2010-01-01", "2013-01-01", "resigned"), ("2020-03-01", None, None)]


def test_cumulative_tenure_rule() -> None:
    m = member(VETERAN, birth="1953-01-01")
    d = ENGINE.evaluate(m, claim("veteran", "2022-03-01"))
    assert reason(d, "tenure")["values"] == {"membership": "cumulative", "rounding": "completed_years", "days": 1826,
                                             "years": "5", "min_years": 5}
    assert reason(d, "tenure")["message"]["th"] == "เป็นสมาชิก 5 ปี (รวมทุกช่วง) ต้องไม่น้อยกว่า 5 ปี"
    d = ENGINE.evaluate(m, claim("veteran", "2022-02-28"))  # 1825 days: 4 years
    assert (reason(d, "tenure")["passed"], reason(d, "tenure")["values"]["years"]) == (False, "4")
    # the year-long waiting counts from the current spell's start
    d = ENGINE.evaluate(m, claim("veteran", "2020-06-01"))
    assert reason(d, "waiting")["values"]["served_on"] == "2021-03-01"


def test_skipped_first_year_uses_the_same_rules_on_1_january() -> None:
    m = member(VETERAN, birth="1953-01-01")
    # 2022: on 1 Jan 2022 only 1096 + 671 days -> 4 years: the first eligible year is skipped
    assert failing(ENGINE.evaluate(m, claim("veteran", "2022-06-01"))) == ["allowance_first_period"]
    # 2023: on 1 Jan 2023, 5 cumulative years exactly and age 70 exactly (both inside the limits): paid
    d = ENGINE.evaluate(m, claim("veteran", "2023-06-01"))
    assert (failing(d), d.amount) == ([], D(100))
    assert reason(d, "allowance_first_period")["values"] == {"period_start": "2023-01-01"}


def test_continuous_tenure_rules_ignore_earlier_spells() -> None:
    # the same member: 5 cumulative years but 2 continuous on 1 Mar 2022; the elderly rule wants 3 continuous
    d = ENGINE.evaluate(member(VETERAN, birth="1960-01-01"), claim("elderly", "2022-03-01"))
    assert (failing(d), reason(d, "tenure")["values"]["days"]) == (["tenure"], 730)
    # "loyal": 3 continuous years, over 6 months counting as a year.  2 Sep 2022: 2 years 6 months + 1 day -> 3,
    # but on 1 Jan 2022 (the year's start) 1 year 10 months -> 2: 2022 is skipped.  On 1 Jan 2023: 2 years 10 months
    # -> 3 (completed years would say 2): 2023 is paid.
    m = member(VETERAN, birth="1960-01-01")
    d = ENGINE.evaluate(m, claim("loyal", "2022-09-02"))
    assert (reason(d, "tenure")["values"]["years"], failing(d)) == ("3", ["allowance_first_period"])
    d = ENGINE.evaluate(m, claim("loyal", "2023-06-01"))
    assert (failing(d), d.amount) == ([], D(100))


def test_a_member_suspended_on_the_first_day_of_the_month_is_not_paid_for_that_month() -> None:
    # January and February 2024 unpaid until 10 Mar: on 1 Mar both deadlines (31 Jan, 29 Feb) have passed -> 2 in
    # arrears = suspend_after: suspended; on 10 Mar both are paid -> active again.  March is the first month the
    # member is (again) eligible in, so it is skipped; April (active on 1 Apr) is paid.
    data = member(missed=("2024-01", "2024-02")).model_dump(mode="json")
    data["contributions"] += [{"date": "2024-03-10", "amount": "30", "covers": c} for c in ("2024-01", "2024-02")]
    m = parse_member(data)
    d = ENGINE.evaluate(m, claim("monthly_plain", "2024-03-15"))
    assert (failing(d), reason(d, "status")["values"]["status"]) == (["allowance_first_period"], "active")
    assert reason(d, "allowance_first_period")["values"] == {"period_start": "2024-03-01"}
    d = ENGINE.evaluate(m, claim("monthly_plain", "2024-04-15"))
    assert (failing(d), d.amount) == ([], D(50))


WAITING_FROM_JOINING = load_regulation_text(YAML + """
      - id: monthly_waiting
        kind: elderly
        title: {th: เบี้ยรายเดือน, en: Monthly allowance}
        clause: "24"
        eligibility:
          waiting: {months: 3}
        amount: {type: allowance, amount: 40, every: month, first_period: skip}
""", "boundary_fund.yaml")


def test_a_skipped_first_month_counts_the_waiting_from_where_the_rule_says() -> None:
    # joined 1 Jan 2024, first paid 5 Jan; 3 months of waiting from the membership's start (the default) are served
    # on 1 Apr -- April's first day, so April is paid.  (Counted from the first contribution they would end on 5 Apr
    # and April would be skipped.)
    engine = Engine(WAITING_FROM_JOINING, functions={"echo": echo})
    m = member([("2024-01-01", None, None)])
    d = engine.evaluate(m, claim("monthly_waiting", "2024-04-20"))
    assert (failing(d), d.amount, reason(d, "waiting")["values"]["served_on"]) == ([], D(40), "2024-04-01")
    d = engine.evaluate(m, claim("monthly_waiting", "2024-03-31"))  # the day before it is served
    assert failing(d) == ["waiting", "allowance_first_period"]
