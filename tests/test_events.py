"""The event monitor (swf_rules.events.monitor, `swf-rules watch`): exact notices per trigger, malformed streams, B.E.
streams, threads, funds and versions side by side, and a differential property test against the core's facts."""

from __future__ import annotations

import json
import random
import re
import threading
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("durable.engine")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from swf_rules import Engine, InputError, UsageError, load_regulation_text, parse_claim, parse_member  # noqa: E402
from swf_rules.cli import main  # noqa: E402
from swf_rules.core.dates import add_months, add_years  # noqa: E402
from swf_rules.events import Monitor, compile_rules, read_stream  # noqa: E402
from swf_rules.events._durable import _plain  # noqa: E402
from swf_rules.core.facts import MemberState  # noqa: E402
from swf_rules.testing import instalments  # noqa: E402

HEAD = """\
language: swf-rules/1
calendar: gregorian
fund:
  id: {fund}
  name: {{th: กองทุนทดสอบ, en: Test fund}}
  place:
    subdistrict: {{th: ทดสอบ, en: Test}}
    district: {{th: ทดสอบ, en: Test}}
    province: {{th: ทดสอบ, en: Test}}
versions:
"""

V2020 = """\
  - version: "2020"
    title: {th: ระเบียบทดสอบ, en: Test regulation}
    effective: 2020-01-01
    adopted:
      meeting: {th: ที่ประชุมใหญ่, en: General meeting}
      date: 2019-12-01
    source: {document: synthetic test fixture}
    membership:
      clause: "1"
      contribution: {amount: 30, period: month}
      starts: approval
      grace_days: 5
      suspend_after: 2
      lapse_after: {consecutive: 3}
    benefits:
      - id: birth
        kind: birth
        title: {th: คลอดบุตร, en: Childbirth}
        clause: "2"
        amount: {type: flat, amount: 1000}
        deadline: {days: 30}
      - id: hospital
        kind: sickness
        title: {th: นอนโรงพยาบาล, en: Hospital stay}
        clause: "3"
        amount: {type: rate, rate: 200, unit: night}
        caps: [{per: stay, money: 600}]
        deadline: {days: 60, start: end}
      - id: elderly
        kind: elderly
        title: {th: ผู้สูงอายุ, en: Elderly allowance}
        clause: "4"
        eligibility:
          waiting: {days: 180}
          age: {min: 60}
          tenure: {min_years: 3, rounding: completed_years, membership: continuous}
        amount: {type: allowance, amount: 200, every: fiscal_year}
      - id: death
        kind: death
        title: {th: เสียชีวิต, en: Death}
        clause: "5"
        eligibility:
          waiting: {days: 180}
        amount:
          type: table
          by: tenure
          tenure: {rounding: completed_years, membership: continuous}
          monotone: increasing
          bands:
            - {range: "[0, 1)", amount: 3000}
            - {range: "[1, 5)", amount: 10000}
            - {range: "[5, )", amount: 20000}
        deadline: {days: 90}
"""

# an amendment: suspension after one instalment in arrears, from 1 July 2024
V2024 = V2020.replace('"2020"', '"2024b"', 1).replace("effective: 2020-01-01", "effective: 2024-07-01") \
    .replace("suspend_after: 2", "suspend_after: 1")

# another fund: no suspension, lapse after 4 missed in total, elderly from 65
OTHER = V2020.replace("      suspend_after: 2\n", "") \
    .replace("lapse_after: {consecutive: 3}", "lapse_after: {total: 4}") \
    .replace("age: {min: 60}", "age: {min: 65}")

# for the property test: no grace days, lapse after 5 missed in total, cumulative tenure rounded up after six
# months, a waiting period counted from the first contribution
VARIANT = V2020.replace("grace_days: 5", "grace_days: 0").replace("suspend_after: 2", "suspend_after: 3") \
    .replace("lapse_after: {consecutive: 3}", "lapse_after: {total: 5}") \
    .replace("waiting: {days: 180}\n          age: {min: 60}\n"
             "          tenure: {min_years: 3, rounding: completed_years, membership: continuous}",
             "waiting: {months: 13, start: first_contribution}\n          age: {min: 60}\n"
             "          tenure: {min_years: 1, rounding: over_6_months, membership: cumulative}")

REG = load_regulation_text(HEAD.format(fund="evtest") + V2020, file="evtest.yaml")
VARIANT_REG = load_regulation_text(HEAD.format(fund="evvariant") + VARIANT, file="evvariant.yaml")
REG2 = load_regulation_text(HEAD.format(fund="evtest") + V2020 + V2024, file="evtest2.yaml")
OTHER_REG = load_regulation_text(HEAD.format(fund="evother") + OTHER, file="evother.yaml")
FP = REG.fingerprint(REG.versions[0])


def notice(member_id: str, trigger: str, clause: str, day: str, en: str, th: str, values: dict,
           decision: dict | None = None, reg=REG, version: str = "2020") -> dict:
    return {"member_id": member_id, "trigger": trigger, "clause": clause, "date": day,
            "message": {"en": en, "th": th}, "values": values, "decision": decision,
            "regulation": {"fund": reg.fund_id, "version": version,
                           "fingerprint": reg.fingerprint(reg.version(version))}}


def standing(arrears: int, run: int, total: int, previous: str, sus: int | None = 2, lapse: int | None = 3,
             rule: str | None = "consecutive") -> dict:
    return {"arrears": arrears, "missed_in_a_row": run, "missed_total": total, "suspend_after": sus,
            "lapse_after": lapse, "lapse_rule": rule, "previous_status": previous}


def joined(mid: str, day: str, birth: str, sex: str = "female") -> dict:
    return {"type": "joined", "member_id": mid, "date": day, "birth_date": birth, "sex": sex}


def paid(mid: str, day: str, covers: str, amount: str = "30") -> dict:
    return {"type": "instalment", "member_id": mid, "date": day, "amount": amount, "covers": covers}


def monthly(mid: str, start: str, last: str, missed: tuple[str, ...] = ()) -> list[dict]:
    return [paid(mid, c["date"], c["covers"], c["amount"])
            for c in instalments(date.fromisoformat(start), date.fromisoformat(last), missed=missed)]


def run(events: list[dict], reg=REG, until: str | None = None, **kw) -> tuple[Monitor, list[dict]]:
    m = Monitor(reg, **kw)
    for e in sorted(events, key=lambda e: (e["date"], e["type"] == "day")):
        m.post(e)
    m.finish(date.fromisoformat(until) if until else None)
    return m, m.notices


def member_data(mid: str, birth: str, sex: str, spells: list[tuple], contributions: list[dict],
                died_on: str | None = None):
    return parse_member({"member_id": mid, "birth_date": birth, "sex": sex,
                         "spells": [{"start": s, "end": e, "end_reason": r} for s, e, r in spells],
                         "contributions": contributions, "died_on": died_on, "payouts": []})


def decision(reg, member, benefit: str, day: str) -> dict:
    c = parse_claim({"claim_id": f"notice:{member.member_id}:{benefit}:{day}", "member_id": member.member_id,
                     "benefit": benefit, "event_date": day})
    return Engine(reg).evaluate(member, c).to_dict()


# ------------------------------------------------------------------------------------------ missed instalments
SUSPENSION = [
    joined("A", "2024-01-10", "1980-05-05"),
    paid("A", "2024-01-10", "2024-01"),
    paid("A", "2024-02-05", "2024-02"),
    # March and April are missed: their deadlines (month end + 5 grace days) pass on 5 April and 5 May
    paid("A", "2024-05-06", "2024-05"),
    paid("A", "2024-05-20", "2024-03"),  # paid back late
    paid("A", "2024-05-20", "2024-04"),
    # June, July, August are missed: three in a row
    {"type": "day", "date": "2024-12-31"},
]

SUSPENSION_NOTICES = [
    notice("A", "member_suspended", "1", "2024-05-06",
           "member A is suspended: 2 instalments in arrears (suspension from 2)",
           "สมาชิก A ถูกพักสิทธิ์: ค้างส่ง 2 งวด (พักสิทธิ์เมื่อค้างส่ง 2 งวด)", standing(2, 2, 2, "active")),
    notice("A", "member_reinstated", "1", "2024-05-20", "member A is active again: 0 instalments in arrears",
           "สมาชิก A กลับมามีสถานะปกติ: ค้างส่ง 0 งวด", standing(0, 2, 2, "suspended")),
    notice("A", "member_suspended", "1", "2024-08-06",
           "member A is suspended: 2 instalments in arrears (suspension from 2)",
           "สมาชิก A ถูกพักสิทธิ์: ค้างส่ง 2 งวด (พักสิทธิ์เมื่อค้างส่ง 2 งวด)", standing(2, 2, 4, "active")),
    notice("A", "member_lapsed", "1", "2024-09-06",
           "member A has lapsed: 3 instalments missed in a row (membership ends after 3)",
           "สมาชิก A พ้นสภาพ: ขาดส่งติดต่อกัน 3 งวด (พ้นสภาพเมื่อขาดส่งติดต่อกัน 3 งวด)",
           standing(3, 3, 5, "suspended")),
]


def test_missed_instalments_suspend_reinstate_and_lapse() -> None:
    m, notices = run(SUSPENSION)
    assert notices == SUSPENSION_NOTICES
    assert m.status("A") == "lapsed"
    assert m.ruleset_names == [f"swf_events:{FP}:{m.name}"]


def test_lapse_by_total_without_suspension() -> None:
    events = [joined("T", "2024-01-10", "1980-05-05"), paid("T", "2024-01-10", "2024-01"),
              paid("T", "2024-03-05", "2024-03"), paid("T", "2024-05-05", "2024-05"),
              {"type": "day", "date": "2024-10-31"}]
    # February, April, June and July missed: the fourth (July, deadline 5 August) ends membership on 6 August
    _, notices = run(events, reg=OTHER_REG)
    assert notices == [notice(
        "T", "member_lapsed", "1", "2024-08-06",
        "member T has lapsed: 4 instalments missed in total (membership ends after 4)",
        "สมาชิก T พ้นสภาพ: ขาดส่งรวม 4 งวด (พ้นสภาพเมื่อขาดส่งรวม 4 งวด)",
        standing(4, 2, 4, "active", sus=None, lapse=4, rule="total"), reg=OTHER_REG)]


# ------------------------------------------------------------------------------------------ elderly allowance
def test_elderly_allowance_due_with_the_engine_decision() -> None:
    events = [joined("E", "2021-01-04", "1964-06-15"), *monthly("E", "2021-01-04", "2025-06-30"),
              {"type": "day", "date": "2025-06-30"}]
    m, notices = run(events)
    # waiting served 2021-07-03, 3 years of membership 2024-01-04, age 60 on 2024-06-15: due that day
    history = member_data("E", "1964-06-15", "female", [("2021-01-04", None, None)],
                          instalments(date(2021, 1, 4), date(2024, 6, 15)))
    d = decision(REG, history, "elderly", "2024-06-15")
    assert d["eligible"] is True and d["amount"] == "200"
    assert notices == [notice("E", "elderly_allowance_due", "4", "2024-06-15",
                              'member E is now eligible for "Elderly allowance": 200 baht',
                              'สมาชิก E มีสิทธิ์ได้รับสวัสดิการ "ผู้สูงอายุ" 200 บาท',
                              {"benefit": "elderly", "age": 60, "tenure_years": 3}, d)]
    assert m.elderly_due("E") == {"elderly": True}


def test_elderly_allowance_stops_while_suspended_and_is_due_again() -> None:
    events = [joined("F", "2021-01-04", "1964-06-15"),
              *monthly("F", "2021-01-04", "2024-12-31", missed=("2024-09", "2024-10")),
              paid("F", "2024-11-20", "2024-09"), paid("F", "2024-11-20", "2024-10"),
              {"type": "day", "date": "2024-12-31"}]
    m, notices = run(events)
    first = member_data("F", "1964-06-15", "female", [("2021-01-04", None, None)],
                        instalments(date(2021, 1, 4), date(2024, 6, 15)))
    later = member_data("F", "1964-06-15", "female", [("2021-01-04", None, None)],
                        instalments(date(2021, 1, 4), date(2024, 11, 20), missed=("2024-09", "2024-10"))
                        + [{"date": "2024-11-20", "amount": "30", "covers": "2024-09"},
                           {"date": "2024-11-20", "amount": "30", "covers": "2024-10"}])
    assert notices == [
        notice("F", "elderly_allowance_due", "4", "2024-06-15",
               'member F is now eligible for "Elderly allowance": 200 baht',
               'สมาชิก F มีสิทธิ์ได้รับสวัสดิการ "ผู้สูงอายุ" 200 บาท',
               {"benefit": "elderly", "age": 60, "tenure_years": 3}, decision(REG, first, "elderly", "2024-06-15")),
        notice("F", "member_suspended", "1", "2024-11-06",
               "member F is suspended: 2 instalments in arrears (suspension from 2)",
               "สมาชิก F ถูกพักสิทธิ์: ค้างส่ง 2 งวด (พักสิทธิ์เมื่อค้างส่ง 2 งวด)", standing(2, 2, 2, "active")),
        notice("F", "member_reinstated", "1", "2024-11-20", "member F is active again: 0 instalments in arrears",
               "สมาชิก F กลับมามีสถานะปกติ: ค้างส่ง 0 งวด", standing(0, 2, 2, "suspended")),
        notice("F", "elderly_allowance_due", "4", "2024-11-20",
               'member F is now eligible for "Elderly allowance": 200 baht',
               'สมาชิก F มีสิทธิ์ได้รับสวัสดิการ "ผู้สูงอายุ" 200 บาท',
               {"benefit": "elderly", "age": 60, "tenure_years": 3}, decision(REG, later, "elderly", "2024-11-20")),
    ]


# ------------------------------------------------------------------------------------------ claim deadlines
DEADLINES = [
    joined("C", "2023-01-10", "1990-02-01"), *monthly("C", "2023-01-10", "2024-12-31"),
    {"type": "birth", "member_id": "C", "date": "2024-03-01"},  # 30 days: file by 2024-03-31; never filed
    {"type": "admission", "member_id": "C", "date": "2024-05-01"},
    {"type": "discharge", "member_id": "C", "date": "2024-05-04"},  # 60 days from discharge: by 2024-07-03
    {"type": "claim_filed", "member_id": "C", "date": "2024-06-28", "benefit": "hospital",
     "event_date": "2024-05-01", "claim_id": "c-17"},
    {"type": "admission", "member_id": "C", "date": "2024-08-01"},
    {"type": "discharge", "member_id": "C", "date": "2024-08-02"},
    {"type": "claim_filed", "member_id": "C", "date": "2024-08-10", "benefit": "hospital",
     "event_date": "2024-08-01"},  # filed early: no notice
    {"type": "day", "date": "2024-12-31"},
]


def test_claim_deadlines_seven_days_before_and_when_passed() -> None:
    _, notices = run(DEADLINES)
    birth = {"benefit": "birth", "event": "birth", "event_date": "2024-03-01", "last_day": "2024-03-31"}
    stay = {"benefit": "hospital", "event": "discharge", "event_date": "2024-05-01", "last_day": "2024-07-03"}
    assert notices == [
        notice("C", "claim_deadline_soon", "2", "2024-03-24",
               'the claim for "Childbirth" (event of 2024-03-01) must be filed by 2024-03-31: 7 days left',
               'ต้องยื่นคำขอสวัสดิการ "คลอดบุตร" (เหตุวันที่ 1 มีนาคม 2567) ภายในวันที่ 31 มีนาคม 2567 เหลืออีก 7 วัน',
               {**birth, "days_left": 7}),
        notice("C", "claim_deadline_passed", "2", "2024-04-01",
               'the deadline to claim "Childbirth" for the event of 2024-03-01 passed on 2024-03-31; '
               'no claim was filed',
               'พ้นกำหนดยื่นคำขอสวัสดิการ "คลอดบุตร" สำหรับเหตุวันที่ 1 มีนาคม 2567 แล้ว (กำหนดภายใน 31 มีนาคม 2567) '
               'ยังไม่มีการยื่นคำขอ', {**birth, "days_left": -1}),
        notice("C", "claim_deadline_soon", "3", "2024-06-26",
               'the claim for "Hospital stay" (event of 2024-05-01) must be filed by 2024-07-03: 7 days left',
               'ต้องยื่นคำขอสวัสดิการ "นอนโรงพยาบาล" (เหตุวันที่ 1 พฤษภาคม 2567) ภายในวันที่ 3 กรกฎาคม 2567 เหลืออีก 7 วัน',
               {**stay, "days_left": 7}),
    ]


def test_a_short_deadline_is_noticed_on_the_event_day_and_notice_days_is_a_setting() -> None:
    events = [joined("S", "2024-01-10", "1990-02-01"), *monthly("S", "2024-01-10", "2024-04-30"),
              {"type": "birth", "member_id": "S", "date": "2024-03-01", "children": 2},
              {"type": "day", "date": "2024-04-30"}]
    _, notices = run(events, notice_days=40)
    assert [(n["trigger"], n["date"], n["values"]["days_left"]) for n in notices] == [
        ("claim_deadline_soon", "2024-03-01", 30), ("claim_deadline_passed", "2024-04-01", -1)]
    assert notices[0]["message"]["en"] == \
        'the claim for "Childbirth" (event of 2024-03-01) must be filed by 2024-03-31: 30 days left'


# ------------------------------------------------------------------------------------------ death
def test_death_notice_carries_the_death_benefit_decision() -> None:
    events = [joined("D", "2020-01-10", "1970-03-03", "male"), *monthly("D", "2020-01-10", "2024-02-19"),
              {"type": "death", "member_id": "D", "date": "2024-02-20"},
              {"type": "claim_filed", "member_id": "D", "date": "2024-03-01", "benefit": "death",
               "event_date": "2024-02-20"},
              {"type": "day", "date": "2024-12-31"}]
    m, notices = run(events)
    history = member_data("D", "1970-03-03", "male", [("2020-01-10", "2024-02-20", "died")],
                          instalments(date(2020, 1, 10), date(2024, 2, 19)), died_on="2024-02-20")
    assert m.member("D") == history
    d = decision(REG, history, "death", "2024-02-20")
    assert (d["eligible"], d["amount"], d["payee"], d["breakdown"]["band"]) == (True, "10000", "beneficiary",
                                                                               "[1, 5)")
    assert notices == [notice("D", "member_died", "5", "2024-02-20",
                              'member D died on 2024-02-20: "Death" of 10000 baht is payable to the beneficiary',
                              'สมาชิก D เสียชีวิตวันที่ 20 กุมภาพันธ์ 2567: สวัสดิการ "เสียชีวิต" 10,000 บาท '
                              'จ่ายให้ผู้รับผลประโยชน์', {"benefit": "death"}, d)]
    assert m.status("D") == "dead"


def test_death_of_a_lapsed_member_is_noticed_with_a_refusal_and_the_deadline_runs() -> None:
    events = [joined("L", "2020-01-10", "1970-03-03", "male"), *monthly("L", "2020-01-10", "2023-05-31"),
              {"type": "death", "member_id": "L", "date": "2024-02-20"},
              {"type": "day", "date": "2024-12-31"}]
    m, notices = run(events)
    history = member_data("L", "1970-03-03", "male", [("2020-01-10", "2024-02-20", "died")],
                          instalments(date(2020, 1, 10), date(2023, 5, 31)), died_on="2024-02-20")
    d = decision(REG, history, "death", "2024-02-20")
    dl = {"benefit": "death", "event": "death", "event_date": "2024-02-20", "last_day": "2024-05-20"}
    assert [n["trigger"] for n in notices] == ["member_suspended", "member_lapsed", "member_died",
                                               "claim_deadline_soon", "claim_deadline_passed"]
    assert notices[2:] == [
        notice("L", "member_died", "5", "2024-02-20",
               'member L died on 2024-02-20: "Death" is not payable (failing: status)',
               'สมาชิก L เสียชีวิตวันที่ 20 กุมภาพันธ์ 2567: ไม่มีสิทธิ์ได้รับสวัสดิการ "เสียชีวิต" (ไม่ผ่าน: สถานะสมาชิก)',
               {"benefit": "death"}, d),
        notice("L", "claim_deadline_soon", "5", "2024-05-13",
               'the claim for "Death" (event of 2024-02-20) must be filed by 2024-05-20: 7 days left',
               'ต้องยื่นคำขอสวัสดิการ "เสียชีวิต" (เหตุวันที่ 20 กุมภาพันธ์ 2567) ภายในวันที่ 20 พฤษภาคม 2567 เหลืออีก 7 วัน',
               {**dl, "days_left": 7}),
        notice("L", "claim_deadline_passed", "5", "2024-05-21",
               'the deadline to claim "Death" for the event of 2024-02-20 passed on 2024-05-20; no claim was filed',
               'พ้นกำหนดยื่นคำขอสวัสดิการ "เสียชีวิต" สำหรับเหตุวันที่ 20 กุมภาพันธ์ 2567 แล้ว (กำหนดภายใน 20 พฤษภาคม 2567) '
               'ยังไม่มีการยื่นคำขอ', {**dl, "days_left": -1}),
    ]
    assert (notices[0]["date"], notices[1]["date"]) == ("2023-08-06", "2023-09-06")


# ------------------------------------------------------------------------------------------ resigning, re-joining
def test_resignation_and_rejoining() -> None:
    events = [joined("R", "2022-01-10", "1980-01-01"), *monthly("R", "2022-01-10", "2022-06-30"),
              {"type": "resigned", "member_id": "R", "date": "2022-07-01"},
              joined("R", "2023-03-01", "1980-01-01"), *monthly("R", "2023-03-01", "2023-06-30"),
              {"type": "day", "date": "2023-12-31"}]
    m, notices = run(events)
    assert [(n["trigger"], n["date"]) for n in notices] == [("member_suspended", "2023-09-06"),
                                                          ("member_lapsed", "2023-10-06")]
    assert m.member("R").spells[0].model_dump(mode="json") == {"start": "2022-01-10", "end": "2022-07-01",
                                                               "end_reason": "resigned"}
    with pytest.raises(InputError) as e:
        m.post(paid("R", "2023-12-31", "2023-12"))  # that day was already processed
    assert e.value.codes == ["event-out-of-order"]
    m.post(paid("R", "2024-01-05", "2023-07"))  # a lapsed member's late payment is recorded; still lapsed
    m.finish()
    assert (m.status("R"), len(m.notices)) == ("lapsed", 2)


# ------------------------------------------------------------------------------------------ bad events
def test_bad_events_change_nothing_and_name_every_problem() -> None:
    m = Monitor(REG)
    m.post(joined("A", "2024-01-10", "1980-05-05"))
    cases = [
        ({"type": "instalment", "member_id": "A", "date": "2024-02-05", "amount": 30.0, "covers": "2024-02",
          "note": "x"}, [("unknown-key", ("note",)), ("money-float", ("amount",))]),
        ({"type": "instalment", "member_id": "A", "date": "2024-02-05", "amount": "30", "covers": "2024"},
         [("contribution-period", ("covers",))]),
        ({"type": "instalment", "member_id": "B", "date": "2024-02-05", "amount": "30", "covers": "2024-02"},
         [("unknown-member", ("member_id",))]),
        (joined("A", "2024-02-05", "1980-05-05"), [("already-member", ("type",))]),
        ({"type": "discharge", "member_id": "A", "date": "2024-02-05"}, [("no-open-stay", ("date",))]),
        ({"type": "claim_filed", "member_id": "A", "date": "2024-02-05", "benefit": "funeral",
          "event_date": "2024-02-01"}, [("unknown-benefit", ("benefit",))]),
        ({"type": "claim_filed", "member_id": "A", "date": "2024-02-05", "benefit": "birth",
          "event_date": "2024-02-06"}, [("date-order", ("event_date",))]),
        ({"type": "birth", "member_id": "A", "date": "2024-02-05", "children": 0}, [("out-of-range", ("children",))]),
        ({"type": "death", "member_id": "A", "date": "2019-02-05"}, [("event-out-of-order", ("date",))]),
        ({"type": "joined", "member_id": "Z", "date": "2019-02-05", "birth_date": "1980-01-01", "sex": "female"},
         [("no-version-in-force", ("date",))]),
        ({"type": "header", "calendar": "buddhist"}, [("misplaced-header", ("type",))]),
        ({"type": "day", "date": "2568-01-01"}, [("undeclared-buddhist-date", ("date",))]),
        ({"type": "day", "date": "2024-01-31", "member_id": "A"}, [("unknown-key", ("member_id",))]),
        ({"type": "joined", "member_id": "", "date": "2024-01-31", "sex": "x"},
         [("missing-field", ("birth_date",)), ("not-allowed", ("sex",)), ("wrong-type", ("member_id",))]),
    ]
    for data, expected in cases:
        with pytest.raises(InputError) as e:
            m.post(data)
        assert sorted((p.code, p.path) for p in e.value.problems) == sorted(expected), data
    assert m.notices == [] and m.member_ids == ["A"]
    m.post(paid("A", "2024-02-05", "2024-02"))  # still usable
    assert [c.covers for c in m.member("A").contributions] == ["2024-02"]


def test_only_integers_and_strings_go_into_durable_rules() -> None:
    with pytest.raises(UsageError):
        _plain({"t": "standing", "amount": Decimal("30")})
    with pytest.raises(UsageError):
        _plain({"t": "standing", "due": True})
    _plain({"t": "standing", "day": 19844, "member": "A"})
    rules = compile_rules(REG.versions[0], 7, lambda rule, event_id: None)
    assert sorted(rules) == ["deadline_passed", "deadline_soon", "died", "elderly_due__elderly",
                             "elderly_stop__elderly", "to_active", "to_lapsed", "to_suspended"]

    def literals(x):
        if isinstance(x, dict):
            for k, v in x.items():
                if k != "run":
                    yield from literals(v)
        elif isinstance(x, list):
            for v in x:
                yield from literals(v)
        else:
            yield x
    assert {type(v) for r in rules.values() for v in literals(r["all"])} == {int, str}
    assert rules["to_lapsed"]["all"] == [{"m": {"$and": [{"t": "standing"}, {"$gte": {"run": 3}},
                                                         {"$neq": {"status": "lapsed"}}]}}]


def test_monitor_usage_errors() -> None:
    with pytest.raises(UsageError):
        Monitor("evtest.yaml")  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        Monitor(REG, notice_days=-1)
    m = Monitor(REG, name="only-one")
    with pytest.raises(UsageError):
        Monitor(REG, name="only-one")
    with pytest.raises(UsageError):
        m.load(OTHER_REG)
    with pytest.raises(UsageError):
        m.status("nobody")


# ------------------------------------------------------------------------------------------ swf-rules watch
def _write_stream(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _reg_file(tmp_path: Path, text: str = HEAD.format(fund="evtest") + V2020) -> Path:
    p = tmp_path / "evtest.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_watch_writes_sorted_json_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reg = _reg_file(tmp_path)
    both = sorted(SUSPENSION + DEADLINES, key=lambda e: (e["date"], e["type"] == "day"))
    events = _write_stream(tmp_path / "events.jsonl", [json.dumps(e) for e in both])
    out = tmp_path / "notices.jsonl"
    assert main(["watch", "--regulation", str(reg), "--events", str(events), "--out", str(out)]) == 0
    first = out.read_bytes()
    lines = first.decode("utf-8").splitlines()
    got = [json.loads(line) for line in lines]
    assert lines == [json.dumps(n, sort_keys=True, ensure_ascii=False, separators=(",", ":")) for n in got]
    expected, _ = run(SUSPENSION + DEADLINES)[1], None
    assert got == expected
    assert [n["date"] for n in got] == sorted(n["date"] for n in got)
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == f"{len(SUSPENSION + DEADLINES)} events used, 0 lines skipped, 7 notices"
    assert main(["watch", "--regulation", str(reg), "--events", str(events), "--out", str(out)]) == 0
    assert out.read_bytes() == first  # deterministic
    capsys.readouterr()
    assert main(["watch", "--regulation", str(reg), "--events", str(events)]) == 0
    assert capsys.readouterr().out == first.decode("utf-8")  # without --out: standard output


def test_watch_reports_malformed_lines_and_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reg = _reg_file(tmp_path)
    lines = [json.dumps(SUSPENSION[0]),
             '{"type": "birthday", "member_id": "A", "date": "2024-01-20"',
             '{"type": "payment", "member_id": "A", "date": "2024-01-21"}',
             '{"type": "instalment", "member_id": "A", "date": "2024-02-30", "amount": "30", "covers": "2024-02"}',
             '{"type": "instalment", "member_id": "A", "date": "2024-02-01", "covers": "2024-02"}',
             '',
             '{"type": "instalment", "member_id": "A", "date": "2024-01-05", "amount": "30", "covers": "2024-01"}',
             *[json.dumps(e) for e in SUSPENSION[1:]]]
    events = _write_stream(tmp_path / "events.jsonl", lines)
    out = tmp_path / "notices.jsonl"
    assert main(["watch", "--regulation", str(reg), "--events", str(events), "--out", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    f = str(events)
    assert err == [
        f"{f}:2:60 json-syntax JSON syntax error: Expecting ',' delimiter",
        f"{f}:3:2 unknown-event-type 'payment' is not an event type (fix: use one of: joined, instalment, "
        "birthday, day, claim_filed, admission, discharge, birth, death, resigned)",
        f"{f}:4:42 bad-date '2024-02-30' is not a date (write YYYY-MM-DD)",
        f"{f}:5:1 missing-field required field 'amount' is missing",
        f"{f}:7:42 event-out-of-order event dated 2024-01-05 arrives after 2024-01-09 was already processed",
        "7 events used, 5 lines skipped, 4 notices",
    ]
    assert [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] == SUSPENSION_NOTICES


def test_watch_reads_buddhist_era_streams_only_when_declared(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    def be(e: dict) -> dict:
        out = dict(e)
        for k in ("date", "birth_date", "event_date"):
            if k in out:
                out[k] = f"{int(out[k][:4]) + 543}{out[k][4:]}"
        if "covers" in out:
            out["covers"] = f"{int(out['covers'][:4]) + 543}{out['covers'][4:]}"
        return out
    reg = _reg_file(tmp_path)
    body = [json.dumps(be(e), ensure_ascii=False) for e in SUSPENSION]
    declared = _write_stream(tmp_path / "be.jsonl", ['{"type": "header", "format": "swf-rules-events/1", '
                                                     '"calendar": "buddhist"}', *body])
    out = tmp_path / "be-notices.jsonl"
    assert main(["watch", "--regulation", str(reg), "--events", str(declared), "--out", str(out)]) == 0
    assert [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] == SUSPENSION_NOTICES
    capsys.readouterr()
    undeclared = _write_stream(tmp_path / "be2.jsonl", body[:1])
    assert main(["watch", "--regulation", str(reg), "--events", str(undeclared), "--out", str(out)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{undeclared}:1:38 undeclared-buddhist-date year 2567 looks like a Buddhist Era year but the document "
        'does not declare calendar: buddhist (fix: declare the calendar in a header line: {"type": "header", '
        '"calendar": "buddhist"})',
        f"{undeclared}:1:60 undeclared-buddhist-date year 2523 looks like a Buddhist Era year but the document "
        'does not declare calendar: buddhist (fix: declare the calendar in a header line: {"type": "header", '
        '"calendar": "buddhist"})',
        "0 events used, 1 line skipped, 0 notices"]
    assert out.read_text(encoding="utf-8") == ""


def test_watch_missing_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reg = _reg_file(tmp_path)
    assert main(["watch", "--regulation", str(reg), "--events", str(tmp_path / "none.jsonl")]) == 1
    assert capsys.readouterr().err.strip() == f"{tmp_path / 'none.jsonl'}:$ file-not-found file not found"


# ------------------------------------------------------------------------------------------ threads
def _synthetic(n: int, seed: int) -> dict[str, list[dict]]:
    """Per member, events in date order (joins, paid/missed/late instalments, births, stays, claims, deaths)."""
    rng = random.Random(seed)
    out: dict[str, list[dict]] = {}
    for i in range(n):
        mid = f"M{i:03d}"
        start = date(2020, 1, 1) + timedelta(days=rng.randrange(0, 700))
        birth = start - timedelta(days=rng.randrange(57 * 365, 63 * 365) if i % 3 == 0 else
                                  rng.randrange(20 * 365, 50 * 365))
        evs = [joined(mid, start.isoformat(), birth.isoformat(), rng.choice(["female", "male"]))]
        end = date(2024, 12, 31)
        died = start + timedelta(days=rng.randrange(200, 2000)) if rng.random() < 0.25 else None
        cur = date(start.year, start.month, 1)
        miss = rng.choice([0.0, 0.02, 0.15])
        while cur <= end and (died is None or cur < died):
            r = rng.random()
            if r >= miss:
                day = max(start, cur + timedelta(days=rng.randrange(0, 27) + (40 if r < miss + 0.05 else 0)))
                if day <= end and (died is None or day < died):
                    evs.append(paid(mid, day.isoformat(), f"{cur.year:04d}-{cur.month:02d}"))
            cur = date(cur.year + (cur.month == 12), cur.month % 12 + 1, 1)
        d = start
        while True:
            d += timedelta(days=rng.randrange(100, 500))
            if d > end - timedelta(days=10) or (died is not None and d >= died - timedelta(days=10)):
                break
            if rng.random() < 0.5:
                evs.append({"type": "birth", "member_id": mid, "date": d.isoformat()})
                if rng.random() < 0.5:
                    evs.append({"type": "claim_filed", "member_id": mid, "benefit": "birth",
                                "date": (d + timedelta(days=rng.randrange(0, 40))).isoformat(),
                                "event_date": d.isoformat()})
            else:
                evs.append({"type": "admission", "member_id": mid, "date": d.isoformat()})
                d += timedelta(days=rng.randrange(1, 5))
                evs.append({"type": "discharge", "member_id": mid, "date": d.isoformat()})
        if died is not None and died <= end:
            evs.append({"type": "death", "member_id": mid, "date": died.isoformat()})
        evs.sort(key=lambda e: (e["date"], e["type"] != "joined", e["type"] == "death"))
        evs = [e for e in evs if e["date"] <= end.isoformat()]
        # claims filed after a later event of the same day stay in date order
        out[mid] = evs
    return out


def test_several_threads_posting_give_the_same_notices_as_one() -> None:
    streams = _synthetic(24, seed=11)
    until = date(2024, 12, 31)
    one = Monitor(REG)
    for e in sorted((e for evs in streams.values() for e in evs), key=lambda e: e["date"]):
        one.post(e)
    one.finish(until)
    reference = one.notices
    assert len(reference) > 40
    assert {n["trigger"] for n in reference} >= {"member_suspended", "member_lapsed", "member_died",
                                                 "claim_deadline_soon", "claim_deadline_passed",
                                                 "elderly_allowance_due"}
    for n_threads in (4, 8):
        many = Monitor(REG)  # registered before any thread posts
        barrier = threading.Barrier(n_threads)
        members = sorted(streams)
        errors: list[BaseException] = []

        def worker(k: int) -> None:
            try:
                barrier.wait()
                mine = [streams[mid] for mid in members[k::n_threads]]
                # interleave this thread's members, each member's events still in order
                while any(mine):
                    for evs in mine:
                        if evs:
                            many.post(evs.pop(0))
            except BaseException as e:  # noqa: BLE001 - reported below
                errors.append(e)
        streams = {k: list(v) for k, v in _synthetic(24, seed=11).items()}
        threads = [threading.Thread(target=worker, args=(k,)) for k in range(n_threads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        many.finish(until)
        assert many.notices == reference


# ------------------------------------------------------------------------------------------ side by side
def test_two_funds_and_two_monitors_side_by_side() -> None:
    events = [joined("A", "2024-01-10", "1960-05-05"), *monthly("A", "2024-01-10", "2024-03-31"),
              paid("A", "2024-05-06", "2024-05"), {"type": "day", "date": "2024-12-31"}]
    a1, a2, b = Monitor(REG), Monitor(REG), Monitor(OTHER_REG)
    assert len({a1.name, a2.name, b.name}) == 3
    assert a1.ruleset_names[0].split(":")[1:3] == a2.ruleset_names[0].split(":")[1:3] == FP.split(":")
    assert b.ruleset_names[0].startswith(f"swf_events:{OTHER_REG.fingerprint(OTHER_REG.versions[0])}:")
    for e in sorted(events, key=lambda e: e["date"]):  # interleaved posts to three rulesets
        for m in (a1, b, a2):
            m.post(e)
    for m in (a1, a2, b):
        m.finish()
    assert a1.notices == a2.notices
    # fund A: April missed and never paid, June missed too: suspended on 6 July; June-August in a row: lapsed
    assert [(n["trigger"], n["date"]) for n in a1.notices] == [
        ("member_suspended", "2024-07-06"), ("member_lapsed", "2024-09-06")]
    # fund B: no suspension; 4 missed in total (April, June, July, August) lapse on 6 September
    assert [(n["trigger"], n["date"], n["regulation"]["fund"]) for n in b.notices] == [
        ("member_lapsed", "2024-09-06", "evother")]


def test_a_new_version_is_loaded_without_a_restart() -> None:
    m = Monitor(REG)
    first = m.ruleset_names
    events = [joined("V", "2024-01-10", "1980-05-05"), *monthly("V", "2024-01-10", "2024-12-31",
                                                                missed=("2024-04", "2024-08"))]
    for e in [e for e in events if e["date"] < "2024-07-01"]:
        m.post(e)
    m.post({"type": "day", "date": "2024-06-30"})
    added = m.load(REG2)
    assert added == [f"swf_events:{REG2.fingerprint(REG2.versions[1])}:{m.name}"]
    assert m.ruleset_names == sorted(first + added)
    for e in [e for e in events if e["date"] >= "2024-07-01"]:
        m.post(e)
    m.finish(date(2024, 12, 31))
    # April is never paid: one instalment in arrears is allowed under 2020; 2024b suspends from one, on its
    # first day (and the core's facts under 2024b agree)
    assert [(n["trigger"], n["date"], n["regulation"]["version"], n["values"]["suspend_after"])
            for n in m.notices] == [("member_suspended", "2024-07-01", "2024b", 1)]
    v1, v2 = (MemberState(m.member("V"), v.membership) for v in REG2.versions)
    assert [v1.status_at(date(2024, 6, 30)).status, v2.status_at(date(2024, 7, 1)).status] == ["active", "suspended"]
    assert m.load(REG2) == []


# ------------------------------------------------------------------------------------------ the documentation
DOC = Path(__file__).resolve().parents[1] / "docs" / "events.md"


def test_the_python_example_in_docs_events_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DOC.parents[1])
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1
    exec(compile(blocks[0], "docs/events.md", "exec"), {})  # our own documentation, not user input


def test_the_example_streams_in_docs_events_are_valid() -> None:
    blocks = [b for b in re.findall(r"```text\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
              if b.startswith("{")]
    assert len(blocks) == 2
    for block in blocks:
        items = list(read_stream(block.splitlines(), file="docs/events.md"))
        assert [i.problems for i in items] == [()] * len(items)
        m = Monitor(REG)
        for i in items:
            m.post(i.event)
        assert m.member("01-00042").birth_date == date(1964, 6, 15)


# ------------------------------------------------------------------------------------------ differential
PLANS = {  # how a member pays each month: weights of on_time, grace, late, missed, halves
    "steady": (30, 1, 1, 0, 1),
    "reliable": (12, 2, 1, 1, 1),
    "mixed": (3, 1, 1, 1, 1),
    "late_payer": (4, 1, 4, 0, 1),
}


@st.composite
def histories(draw):
    """A member's history: joining, monthly payments (on time, in the grace days, late, missed, in halves),
    sometimes a resignation and a re-joining.  Drawn from a seed so that 50 examples are 50 different members."""
    profile = draw(st.sampled_from(sorted(PLANS)))
    rng = random.Random(draw(st.integers(0, 2 ** 32 - 1)))
    joined_on = date(2020, 1, 1) + timedelta(days=rng.randrange(0, 900))
    birth = joined_on - timedelta(days=rng.randrange(57 * 365, 61 * 365))
    months = rng.randrange(24, 61)
    plan = rng.choices(["on_time", "grace", "late", "missed", "halves"], weights=PLANS[profile], k=months)
    days = [rng.randrange(0, 28) for _ in range(months)]
    resign_at = rng.randrange(6, months) if rng.random() < 0.25 else None
    stays = sorted(rng.sample(range(1, months * 30), k=rng.randrange(0, months // 2)))
    reg = draw(st.sampled_from([REG, VARIANT_REG]))
    return reg, joined_on, birth, plan, days, resign_at, rng.randrange(1, 11), stays


def _build(joined_on: date, birth: date, plan: list[str], days: list[int], resign_at: int | None, gap: int,
           stays: list[int] = ()):
    """Events of one member, and the same history written as member data by hand.  One-day hospital stays on
    random days make the monitor evaluate the member on days with no instalment."""
    mid = "P"
    end = date(joined_on.year + (joined_on.month - 1 + len(plan)) // 12, (joined_on.month - 1 + len(plan)) % 12 + 1, 1)
    resign = rejoin = None
    if resign_at is not None:
        resign = date(joined_on.year + (joined_on.month - 1 + resign_at) // 12,
                      (joined_on.month - 1 + resign_at) % 12 + 1, 15)
        rejoin = resign + timedelta(days=30 * gap)
    events = [joined(mid, joined_on.isoformat(), birth.isoformat())]
    contributions = []
    for k, how in enumerate(plan):
        y, mth = joined_on.year + (joined_on.month - 1 + k) // 12, (joined_on.month - 1 + k) % 12 + 1
        first = date(y, mth, 1)
        key = f"{y:04d}-{mth:02d}"
        pays: list[tuple[date, str]] = []
        if how == "on_time":
            pays = [(first + timedelta(days=days[k]), "30")]
        elif how == "grace":
            pays = [(date(y + (mth == 12), mth % 12 + 1, 1) + timedelta(days=days[k] % 5), "30")]
        elif how == "late":
            pays = [(first + timedelta(days=40 + days[k]), "30")]
        elif how == "halves":
            pays = [(first + timedelta(days=days[k]), "15"), (first + timedelta(days=days[k] + 25), "15")]
        for day, amount in pays:
            day = max(day, joined_on)
            in_first = resign is None or day < resign
            in_second = rejoin is not None and day >= rejoin and first >= date(rejoin.year, rejoin.month, 1)
            if day < end and (in_first or in_second):
                events.append(paid(mid, day.isoformat(), key, amount))
                contributions.append({"date": day.isoformat(), "amount": amount, "covers": key})
    spells = [(joined_on.isoformat(), None, None)]
    if resign is not None and rejoin is not None:
        events.append({"type": "resigned", "member_id": mid, "date": resign.isoformat()})
        spells = [(joined_on.isoformat(), resign.isoformat(), "resigned")]
        if rejoin < end:
            events.append(joined(mid, rejoin.isoformat(), birth.isoformat()))
            spells.append((rejoin.isoformat(), None, None))
    for k in stays:
        day = joined_on + timedelta(days=k)
        if day < end and not (resign is not None and resign <= day < (rejoin or end)):
            events.append({"type": "admission", "member_id": mid, "date": day.isoformat()})
            events.append({"type": "discharge", "member_id": mid, "date": (day + timedelta(days=1)).isoformat()})
    rank = {"joined": 0, "instalment": 1, "admission": 1, "discharge": 1, "resigned": 2}
    events.sort(key=lambda e: (e["date"], rank[e["type"]]))
    contributions.sort(key=lambda c: (c["date"], c["covers"], c["amount"]))
    return events, member_data(mid, birth.isoformat(), "female", spells, contributions), end


@settings(max_examples=50, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(histories())
def test_monitor_agrees_with_the_core_facts_and_engine(h) -> None:
    reg, *rest = h
    events, expected, end = _build(*rest)
    m = Monitor(reg)
    version = reg.versions[0]
    facts = MemberState(expected, version.membership)
    engine = Engine(reg)
    by_date: dict[str, list[dict]] = {}
    for e in events:
        by_date.setdefault(e["date"], []).append(e)
    day = date.fromisoformat(events[0]["date"])
    monitor_elderly: dict[date, bool] = {}
    status_changes = []
    last = None
    while day < end:
        for e in by_date.get(day.isoformat(), []):
            m.post(e)
        m.post({"type": "day", "date": day.isoformat()})
        got = m.status("P")
        want = facts.status_at(day).status
        assert got == want, (day, got, want)
        if got != last:
            status_changes.append(day)
            last = got
        monitor_elderly[day] = m.elderly_due("P")["elderly"]
        day += timedelta(days=1)
    got_member = m.member("P")
    assert sorted(got_member.contributions, key=lambda c: (c.date, c.covers, c.amount)) == \
        sorted(expected.contributions, key=lambda c: (c.date, c.covers, c.amount))
    assert got_member.spells == expected.spells
    # elderly eligibility: on the days around every change, and a few others
    first = date.fromisoformat(events[0]["date"])
    flips = [d for d in monitor_elderly if d > first and monitor_elderly[d] != monitor_elderly[d - timedelta(days=1)]]
    # where the engine's answer can change: the 60th birthday, each spell's tenure and waiting dates
    candidates = [add_years(expected.birth_date, 60)]
    for sp in expected.spells:
        paid_in = [c.date for c in expected.contributions
                   if c.date >= sp.start and (sp.end is None or c.date <= sp.end)]
        candidates += [add_years(sp.start, 1), add_months(sp.start, 6), add_years(sp.start, 3),
                       sp.start + timedelta(days=180), *(add_months(min(paid_in), 13) for _ in paid_in[:1])]
    rng = random.Random(len(events))
    probes = {first, end - timedelta(days=1), *(first + timedelta(days=rng.randrange((end - first).days))
                                                for _ in range(10))}
    for d in flips + status_changes + candidates:
        probes.update({d - timedelta(days=1), d, d + timedelta(days=1)})
    for d in sorted(p for p in probes if p in monitor_elderly):
        c = parse_claim({"claim_id": "x", "member_id": "P", "benefit": "elderly", "event_date": d.isoformat()})
        assert monitor_elderly[d] == engine.evaluate(expected, c).eligible, d
