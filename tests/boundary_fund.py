"""A synthetic regulation (gregorian dates, so the arithmetic in the tests is plain C.E.) with one benefit per rule
shape the boundary tests pin, and a member builder.  Used by tests/test_core_boundaries_*.py.

Every benefit is illustrative test data, not a fund's rule."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from swf_rules import Engine
from swf_rules.core.history import Member, parse_member
from swf_rules.core.validate import load_regulation_text
from swf_rules.testing import instalments

_TEXT = {"th": "ทดสอบ", "en": "Test"}

GIFT_BANDS = """
          bands:
            - {range: "(5, )", amount: 3000}
            - {range: "[0, 4.5)", amount: 1000}
            - {range: "[4.5, 5]", amount: 2000}"""


def _gift(bid: str, rounding: str, membership: str) -> str:
    return f"""
      - id: {bid}
        kind: gift
        title: {{th: ของขวัญ, en: Gift}}
        clause: "9"
        amount:
          type: table
          by: tenure
          tenure: {{rounding: {rounding}, membership: {membership}}}{GIFT_BANDS}"""


def _half(bid: str, mode: str) -> str:
    return f"""
      - id: {bid}
        kind: gift
        title: {{th: ครึ่ง, en: Half}}
        clause: "11"
        amount: {{type: fraction_of, benefit: base, fraction: "1/2"}}
        rounding: {{mode: {mode}}}"""


YAML = """
language: swf-rules/1
calendar: gregorian
fund:
  id: boundaries
  name: {th: กองทุนทดสอบขอบเขต, en: Boundary test fund}
  place:
    subdistrict: {th: ทดสอบ, en: Test}
    district: {th: ทดสอบ, en: Test}
    province: {th: ทดสอบ, en: Test}
versions:
  - version: "2000"
    title: {th: ระเบียบทดสอบ, en: Test regulation}
    effective: 2000-01-01
    adopted:
      meeting: {th: ที่ประชุมใหญ่, en: General meeting}
      date: 1999-12-15
    source:
      document: synthetic test fixture
    membership:
      clause: "1"
      contribution: {amount: 30, period: month}
      starts: approval
      grace_days: 0
      suspend_after: 2
    benefits:
      - id: hospital
        kind: sickness
        title: {th: นอนโรงพยาบาล, en: Hospital stay}
        clause: "2"
        amount: {type: rate, rate: 200, unit: night}
        caps:
          - {per: stay, money: 600, clause: "2.1"}
          - {per: fiscal_year, money: 1000, clause: "2.2"}
        deadline: {days: 30, start: end}
      - id: clinic
        kind: sickness
        title: {th: คลินิก, en: Clinic}
        clause: "3"
        amount: {type: rate, rate: 100, unit: day}
        caps:
          - {per: stay, units: 4}
          - {per: calendar_year, units: 6, clause: "3.1"}
          - {per: calendar_year, money: 500, clause: "3.2"}
      - id: dental
        kind: sickness
        title: {th: ทันตกรรม, en: Dental}
        clause: "4"
        amount: {type: flat, amount: 300}
        caps:
          - {per: rolling_365_days, money: 500}
          - {per: rolling_365_days, count: 2, clause: "4.1"}
      - id: glasses
        kind: sickness
        title: {th: แว่นตา, en: Glasses}
        clause: "5"
        amount: {type: flat, amount: 1000}
        caps:
          - {per: lifetime, money: 1500}
          - {per: event, count: 1}
          - {per: event, money: 1200}
        deadline: {months: 1}
      - id: birth
        kind: birth
        title: {th: คลอดบุตร, en: Childbirth}
        clause: "6"
        eligibility:
          waiting: {days: 180}
          sex: female
        amount: {type: per_child, amount: 500}
        same_event: {excludes: [hospital]}
      - id: elderly
        kind: elderly
        title: {th: ผู้สูงอายุ, en: Elderly}
        clause: "7"
        eligibility:
          age: {min: 60, max: 70}
          tenure: {min_years: 3, rounding: completed_years, membership: continuous}
          max_arrears: 1
        amount: {type: allowance, amount: 200, every: fiscal_year}
      - id: death
        kind: death
        title: {th: เสียชีวิต, en: Death}
        clause: "8"
        amount:
          type: table
          by: tenure
          tenure: {rounding: completed_years, membership: continuous}
          bands:
            - {range: "[0, 1)", amount: 1000}
            - {range: "[1, 3)", amount: 2000}
            - {range: "[3, )", amount: 3000}
        offsets: [{benefit: elderly}]
""" + _gift("gift_completed", "completed_years", "continuous") + _gift("gift_over6", "over_6_months", "continuous") \
    + _gift("gift_exact", "exact", "continuous") + _gift("gift_cumulative", "completed_years", "cumulative") \
    + _gift("gift_exact_cumulative", "exact", "cumulative") + _gift("gift_over6_cumulative", "over_6_months",
                                                                     "cumulative") + """
      - id: gift_age
        kind: gift
        title: {th: ตามอายุ, en: By age}
        clause: "10"
        amount:
          type: table
          by: age
          bands:
            - {range: "[18, 60)", amount: 100}
            - {range: "[60, 70]", amount: 200}
            - {range: "(70, )", amount: 300}
      - id: linear
        kind: gift
        title: {th: ตามปี, en: Per year}
        clause: "12"
        amount:
          type: linear
          by: tenure
          tenure: {rounding: completed_years, membership: continuous}
          base: 100
          per_year: 50
          ceiling: 300
      - id: base
        kind: gift
        title: {th: ฐาน, en: Base}
        clause: "11"
        amount: {type: flat, amount: 1001}""" + _half("half_up", "half_up") + _half("half_even", "half_even") \
    + _half("down", "down") + _half("up", "up") + """
      - id: quarter
        kind: gift
        title: {th: หนึ่งในสาม, en: A third}
        clause: "11"
        amount: {type: fraction_of, benefit: base, fraction: "1/3"}
        rounding: {mode: half_up, unit: "0.25"}
      - id: spouse
        kind: gift
        title: {th: คู่สมรส, en: Spouse}
        clause: "13"
        amount: {type: fraction_of, benefit: death, fraction: "1/3"}
"""

YAML += """
      - id: facts
        kind: gift
        title: {th: ข้อเท็จจริง, en: Facts}
        clause: "14"
        eligibility:
          conditions:
            - when: age >= 0 and age_at_joining >= 0 and sex != "x" and status != "x" and arrears >= 0
            - when: missed_in_a_row >= 0 and tenure_days >= 0 and tenure_years >= 0 and cumulative_tenure_days >= 0
            - when: cumulative_tenure_years >= 0 and units >= 0 and children >= 0 and event_month >= 1
              clause: "14.1"
            - when: fiscal_year > 2500 and paid_before >= 0
        amount: {type: rate, rate: 10, unit: day}
      - id: school
        kind: scholarship
        title: {th: ทุนการศึกษา, en: Scholarship}
        clause: "15"
        claim_fields:
          gpa: {type: number}
          level: {type: text, one_of: [p6, m3]}
          first: {type: yes_no}
          note: {type: text}
        eligibility:
          age: {max: 30, at: joining}
          conditions:
            - when: gpa >= 3.5
              description: {th: เกรดเฉลี่ย ๓.๕ ขึ้นไป, en: grades of 3.5 or better}
            - when: level == "m3" or first
        amount: {type: flat, amount: 500}
        deadline: {years: 1, months: 1, days: 1}
      - id: monthly
        kind: elderly
        title: {th: เบี้ยรายเดือน, en: Monthly allowance}
        clause: "16"
        eligibility:
          age: {min: 60}
          waiting: {months: 6, start: first_contribution}
        amount: {type: allowance, amount: 100, every: month, first_period: skip}
      - id: therapy
        kind: sickness
        title: {th: กายภาพบำบัด, en: Physiotherapy}
        clause: "18"
        amount: {type: rate, rate: 50, unit: visit}
        caps:
          - {per: calendar_year, money: 1000}
          - {per: event, units: 2}
          - {per: lifetime, units: 10, clause: "18.1"}
      - id: escort
        kind: sickness
        title: {th: ผู้ติดตาม, en: Escort}
        clause: "19"
        amount: {type: fraction_of, benefit: therapy, fraction: "1/2"}
      - id: grandchild
        kind: gift
        title: {th: หลาน, en: Grandchild}
        clause: "20"
        amount: {type: fraction_of, benefit: spouse, fraction: "1/2"}
      - id: computed
        kind: gift
        title: {th: คำนวณ, en: Computed}
        clause: "17"
        amount: {type: function, name: echo}
      - id: monthly_plain
        kind: elderly
        title: {th: เบี้ยรายเดือน, en: Monthly allowance}
        clause: "21"
        amount: {type: allowance, amount: 50, every: month, first_period: skip}
      - id: veteran
        kind: elderly
        title: {th: สมาชิกอาวุโส, en: Senior member}
        clause: "22"
        eligibility:
          waiting: {years: 1}
          tenure: {min_years: 5, rounding: completed_years, membership: cumulative}
          age: {max: 70}
        amount: {type: allowance, amount: 100, every: calendar_year, first_period: skip}
      - id: loyal
        kind: elderly
        title: {th: สมาชิกต่อเนื่อง, en: Loyal member}
        clause: "23"
        eligibility:
          tenure: {min_years: 3, rounding: over_6_months, membership: continuous}
        amount: {type: allowance, amount: 100, every: calendar_year, first_period: skip}
"""

SEEN: list[dict[str, Any]] = []  # what the plug-in function was given, per call


def echo(facts: Any, claim: Any) -> Decimal:
    """A plug-in amount: records the facts it is given and pays 12.5 (rounded half up to 13)."""
    SEEN.append(dict(facts, claim_id=claim.claim_id))
    return Decimal("12.5")


REGULATION = load_regulation_text(YAML, "boundary_fund.yaml")
ENGINE = Engine(REGULATION, functions={"echo": echo})


def member(spells: list[tuple[str, str | None, str | None]] | None = None, *, birth: str = "1970-01-01",
           sex: str = "female", died_on: str | None = None, missed: tuple[str, ...] = (),
           payouts: list[dict[str, Any]] | None = None, paid_until: str = "2030-12-31", day: int = 5) -> Member:
    """A member with the given spells ``(start, end, end reason)`` (default: one open spell from 2019-03-01), one
    30-baht instalment a month in each spell paid on ``day`` (except the ``missed`` months), and the given payouts."""
    spells = spells or [("2019-03-01", None, None)]
    contributions: list[dict[str, Any]] = []
    for start, end, _ in spells:
        last = date.fromisoformat(paid_until)
        if end is not None:
            last = min(last, date.fromisoformat(end) - timedelta(days=1))
        if died_on is not None:
            last = min(last, date.fromisoformat(died_on))
        contributions += instalments(date.fromisoformat(start), last, 30, "month", missed, day)
    return parse_member({
        "member_id": "m-1", "birth_date": birth, "sex": sex,
        "spells": [{"start": s, "end": e, "end_reason": r} for s, e, r in spells],
        "contributions": contributions, "died_on": died_on, "payouts": payouts or []})


def paid(benefit: str, on: str, amount: str, claim_id: str, units: int | None = None) -> dict[str, Any]:
    """A payout already made (as a member history records it)."""
    return {"claim_id": claim_id, "benefit": benefit, "event_date": on, "units": units, "amount": amount}


def reason(decision: Any, check: str) -> dict[str, Any]:
    """The one reason of ``check`` in a decision (fails if there are none or several)."""
    found = [r for r in decision.reasons if r["check"] == check]
    assert len(found) == 1, [r["check"] for r in decision.reasons]
    return found[0]


def failing(decision: Any) -> list[str]:
    return [r["check"] for r in decision.reasons if r["passed"] is False]
