"""Lint of the swf-rules/2 membership constructs: each warning at its exact place, and none where all is well."""

from __future__ import annotations

import pytest

from swf_rules.committee.lint import lint_document
from swf_rules.core.load import load_yaml_text
from swf_rules.core.validate import validate_document
from v2_helpers import BENEFITS as _BENEFITS, HEAD

# the helpers' benefits, with the birth benefit saying how a birth claimed by both parents is paid (so that
# lint-several-members-undeclared stays quiet and each test sees only the warning it is about)
BENEFITS = _BENEFITS.replace("amount: {type: flat, amount: 1000}}", "amount: {type: flat, amount: 1000}, "
                             "several_members: once_per_event}", 1)

REFUND = """\
      - id: refund
        kind: refund
        title: {th: คืนเงินสมทบ, en: Refund}
        clause: "ข้อ 11"
        eligibility: {status: [resigned]}
        amount: {type: refund, on: [resignation]%s}
"""
LEVIES = """\
      - id: funeral_aid
        kind: death
        title: {th: เงินสงเคราะห์ศพ, en: Funeral aid}
        clause: "ข้อ 10/1"
        claim_fields: {collected: {type: number, description: {th: เงินสงเคราะห์ที่เก็บได้, en: levies collected}}}
        amount: {type: levies_collected, field: collected}
        same_event: {excludes: [death]}
"""


def _lint(membership: str, benefits: str = BENEFITS, extra: str = "") -> list[tuple]:
    text = HEAD.format(language="swf-rules/2", fund_id="t") + "    membership:\n" + "".join(
        "      " + ln + "\n" for ln in membership.strip("\n").split("\n")) + extra + benefits
    doc = load_yaml_text(text, file="t.yaml")
    return [(p.code, p.line, p.col, p.message_en) for p in lint_document(doc, validate_document(doc))]


MONTHLY = 'clause: "ข้อ 5"\ncontribution: {amount: 30, period: month}\nstarts: approval'


def test_grace_days_after_a_year_reaching_past_february() -> None:
    yearly = 'clause: "ข้อ 5"\ncontribution: {amount: 365, period: year}\nstarts: approval\n'
    assert _lint(yearly + "grace_days: 60") == [
        ("lint-grace-days-year-end", 17, 19, "60 grace days after a year ends fall on a different date in leap "
                                             "years: the deadline moves by a day")]
    assert _lint(yearly + "grace_days: 59") == []
    assert _lint(MONTHLY + "\ngrace_days: 90") == []  # months differ anyway: not this warning


def test_a_stated_rate_that_the_instalments_do_not_add_up_to() -> None:
    stated = ('clause: "ข้อ 5"\ncontribution:\n  amount: 30\n  period: month\n  stated: {amount: 1, per: day}\n'
              'starts: approval')
    assert _lint(stated) == [
        ("lint-stated-rate-differs", 16, 17, "the stated rate of 1 a day is 365 a year, but 30 a month is 360 a "
                                             "year: instalments are what is counted")]
    assert _lint(stated.replace("amount: 30\n  period: month", "amount: 365\n  period: year")) == []


@pytest.mark.parametrize(("said", "unless", "detail"), [
    ("none", "", "on resignation"), ("all", ", unless_benefit_received: true",
                                     "only to members who never received a benefit"),
    ("if_no_benefit_received", "", "to every member who resigns")])
def test_a_refund_that_disagrees_with_refund_on_resignation(said: str, unless: str, detail: str) -> None:
    got = _lint(MONTHLY + f"\nrefund_on_resignation: {said}", BENEFITS + REFUND % unless)
    assert got == [("lint-refund-disagrees", 26, 17, f"membership says refund_on_resignation: {said}, but benefit "
                                                     f"'refund' refunds {detail}")]


def test_a_refund_that_agrees_is_not_reported() -> None:
    assert _lint(MONTHLY + "\nrefund_on_resignation: if_no_benefit_received",
                 BENEFITS + REFUND % ", unless_benefit_received: true") == []


def test_levies_collected_without_a_levy_and_an_empty_group() -> None:
    assert _lint(MONTHLY, BENEFITS + LEVIES) == [
        ("lint-levies-without-levy", 25, 24, "benefit 'funeral_aid' pays the levies collected, but the membership "
                                             "declares no levy")]
    assert _lint(MONTHLY + "\nlevy: {amount: 20, within: {days: 30}}", BENEFITS + LEVIES) == []
    group = '    groups:\n      - {id: spare, title: {th: สำรอง, en: Spare}, clause: "ข้อ 6", waiting: {days: 90}}\n'
    assert _lint(MONTHLY, extra=group) == [("lint-group-unused", 18, 14, "benefit group 'spare' has no benefit")]


def test_an_amendment_inherits_the_membership_and_its_warning_once_where_it_is_written() -> None:
    amendment = """  - version: "2"
    amends: "1"
    title: {th: แก้ไข, en: Amendment}
    effective: 2012-01-01
    adopted: {meeting: {th: ที่ประชุมใหญ่, en: General meeting}, date: 2011-12-15}
    source: {document: synthetic}
    groups: [{id: unused, title: {th: ก, en: A}, clause: "ข้อ 6", waiting: {days: 30}}]
    repeals: [death]
"""
    yearly = 'clause: "ข้อ 5"\ncontribution: {amount: 360, period: year}\nstarts: approval\ngrace_days: 90'
    found = _lint(yearly, BENEFITS + amendment)
    assert [(code, line, col) for code, line, col, _ in found] == [
        ("lint-grace-days-year-end", 17, 19), ("lint-group-unused", 27, 19)]
