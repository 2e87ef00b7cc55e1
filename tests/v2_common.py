"""A small language-version-2 regulation shared by the tests of the v2 constructs, and helpers to build variants."""

from __future__ import annotations

from swf_rules import Engine
from swf_rules.core.validate import Regulation, load_regulation_text

HEAD = """language: swf-rules/2
calendar: gregorian
fund:
  id: vtwo
  name: {th: กองทุนทดสอบ, en: Test fund}
  place: {subdistrict: {th: ก, en: A}, district: {th: ข, en: B}, province: {th: ค, en: C}}
versions:
  - version: "1"
    title: {th: ระเบียบ, en: Regulation}
    effective: 2010-01-01
    adopted: {meeting: {th: ที่ประชุมใหญ่, en: General meeting}, date: 2009-12-15}
    source: {document: synthetic}
    membership: {clause: "ข้อ 5", contribution: {amount: 30, period: month}, starts: approval}
"""

BENEFITS = """    shared_caps:
      - {id: medical, benefits: [hospital, outpatient], per: fiscal_year, money: 3000, clause: "ข้อ 12"}
    benefits:
      - id: hospital
        kind: sickness
        title: {th: ค่ารักษาพยาบาล, en: Hospital bill}
        clause: "ข้อ 8"
        claim_fields:
          bill: {type: number}
        amount: {type: billed, field: bill, percent: 80}
        caps: [{per: event, money: 2000}]
      - id: outpatient
        kind: outpatient
        title: {th: ผู้ป่วยนอก, en: Outpatient}
        clause: "ข้อ 9"
        claim_fields:
          bill: {type: number}
        amount: {type: billed, field: bill}
      - id: lump_sum
        kind: elderly
        title: {th: บำเหน็จ, en: Lump sum}
        clause: "ข้อ 10"
        amount: {type: linear, by: tenure, tenure: {rounding: completed_years, membership: continuous},
                 per_year: 2000, floor: 3000, ceiling: 20000}
      - id: scholarship
        kind: scholarship
        title: {th: ทุนการศึกษาบุตร, en: Child scholarship}
        clause: "ข้อ 11"
        person: {relationships: [child], age: {max: 24}}
        amount: {type: flat, amount: 500}
        caps: [{per: fiscal_year, count: 1, each: person}, {per: lifetime, money: 1200, each: person}]
      - id: death
        kind: death
        title: {th: กรณีเสียชีวิต, en: Death}
        clause: "ข้อ 13"
        payee: {to: beneficiaries, shares: {mode: down, unit: "0.01", remainder: last}}
        amount: {type: flat, amount: 1000}
      - id: wreath
        kind: death
        title: {th: พวงหรีด, en: Wreath}
        clause: "ข้อ 14"
        payee: {to: family}
        amount: {type: flat, amount: 500}
        same_event: {stacks_with: [death]}
      - id: parent_death
        kind: parent_death
        title: {th: บิดามารดาเสียชีวิต, en: Death of a parent}
        clause: "ข้อ 15"
        person: {relationships: [parent], member: not_member}
        several_members: once_per_event
        amount: {type: flat, amount: 1000}
        caps: [{per: lifetime, count: 1, each: person}]
      - id: birth
        kind: birth
        title: {th: คลอดบุตร, en: Birth}
        clause: "ข้อ 7"
        several_members: once_per_event
        amount: {type: flat, amount: 1000}
      - id: birth_each
        kind: birth_each
        title: {th: คลอดบุตร (รายบิดามารดา), en: Birth (each parent)}
        clause: "ข้อ 7/1"
        several_members: once_per_member
        amount: {type: flat, amount: 300}
      - id: needy
        kind: disadvantaged
        title: {th: ผู้ด้อยโอกาส, en: Disadvantaged}
        clause: "ข้อ 16"
        recipients: non_members
        claim_fields:
          group: {type: text, one_of: [elderly_alone, disabled]}
        eligibility:
          age: {min: 60}
        amount: {type: flat, amount: 300}
        caps: [{per: fiscal_year, count: 1}]
"""

TEXT = HEAD + BENEFITS


def regulation(text: str = TEXT) -> Regulation:
    return load_regulation_text(text, file="v2.yaml")


REG = regulation()
ENGINE = Engine(REG)
