"""swf-rules/2 membership constructs: the funeral levy, the levies collected, waiting paused by arrears, benefit
groups, refunds, hyphenated fund ids and the language-version check -- exact amounts, days and locations."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from swf_rules import Engine
from swf_rules.cli import main
from swf_rules.core.errors import InputError, RegulationError
from swf_rules.core.facts import MemberState
from swf_rules.core.validate import load_regulation, load_regulation_text
from swf_rules.testing import claim, history
from v2_helpers import BENEFITS, HEAD, member, monthly, regulation

ROOT = Path(__file__).resolve().parents[1]
MONTHLY = 'clause: "ข้อ 5"\ncontribution: {amount: 30, period: month}\nstarts: approval\n'


def _status(reg, m, on: str) -> tuple[str, int]:
    st = MemberState(m, reg.versions[0].membership).status_at(date.fromisoformat(on))
    return st.status, st.arrears


# ------------------------------------------------------------------------------------------ the funeral levy
def _levy_reg(rule: str, extra: str = "") -> object:
    return regulation(MONTHLY + extra + "levy: " + rule)


def test_an_unpaid_levy_is_one_instalment_in_arrears_from_the_day_after_its_last_day() -> None:
    reg = _levy_reg("{amount: 20, within: {days: 30}}")
    m = member(monthly("2015-01-15", "2016-12-31"), levies=[{"death": "m-9", "died_on": "2016-03-01"}])
    assert _status(reg, m, "2016-03-31") == ("active", 0)
    assert _status(reg, m, "2016-04-01") == ("active", 1)


def test_a_levy_paid_late_clears_the_arrears_on_its_payment_day() -> None:
    reg = _levy_reg("{amount: 20, within: {days: 30}}")
    m = member(monthly("2015-01-15", "2016-12-31"), levies=[
        {"death": "m-9", "died_on": "2016-03-01", "paid": [{"date": "2016-04-10", "amount": "10"},
                                                           {"date": "2016-04-20", "amount": "10"}]}])
    assert [_status(reg, m, d)[1] for d in ("2016-04-01", "2016-04-19", "2016-04-20")] == [1, 1, 0]


def test_unpaid_levies_counted_as_the_fund_says() -> None:
    m = member(monthly("2015-01-15", "2016-12-31"), levies=[{"death": "m-9", "died_on": "2016-03-01"}])
    assert _status(_levy_reg("{amount: 20, within: {days: 30}, in_arrears: false}"), m, "2016-06-01") == ("active", 0)
    month = _levy_reg("{amount: 20, within: {months: 1}}", "suspend_after: 1\n")  # due by 1 April
    assert [_status(month, m, d) for d in ("2016-04-01", "2016-04-02")] == [("active", 0), ("suspended", 1)]


def test_lapse_after_two_levies_not_paid_in_time() -> None:
    reg = _levy_reg("{amount: 20, within: {days: 30}, lapse_after: 2}")
    m = member(monthly("2015-01-15", "2016-12-31"), levies=[
        {"death": "m-9", "died_on": "2016-03-01"},
        {"death": "m-8", "died_on": "2016-05-01", "paid": [{"date": "2016-06-15", "amount": "20"}]}])
    assert _status(reg, m, "2016-05-31") == ("active", 1)
    assert _status(reg, m, "2016-06-01")[0] == "lapsed"
    d = Engine(reg).evaluate(m, claim("birth", "2016-06-01"))
    assert [(r["check"], r["values"]) for r in d.failing] == [
        ("status", {"status": "lapsed", "allowed": ["active"], "arrears": 2, "levies_overdue": 2})]
    assert d.failing[0]["message"] == {
        "en": "membership status on the event date: lapsed (must be active); funeral levies overdue: 2",
        "th": "สถานะสมาชิก ณ วันที่เกิดเหตุ: พ้นสภาพเพราะขาดส่ง (ต้องเป็น ปกติ) ค้างเงินสงเคราะห์ศพ 2 ราย"}


def test_only_members_the_fund_names_owe_a_levy() -> None:
    """owed_by [active]: a member suspended on the day of the death does not owe that levy."""
    reg = _levy_reg("{amount: 20, within: {days: 30}, owed_by: [active]}", "suspend_after: 1\n")
    rows = monthly("2015-01-15", "2016-12-31", skip=("2016-01",))  # January 2016 unpaid: suspended from 1 Feb
    m = member(rows, levies=[{"death": "m-9", "died_on": "2016-03-01"}])
    st = MemberState(m, reg.versions[0].membership)
    assert st.status_at(date(2016, 4, 1)).arrears == 1  # January only: the levy was not owed
    assert st.spells[0].levies == []
    every = _levy_reg("{amount: 20, within: {days: 30}}", "suspend_after: 1\n")
    assert MemberState(m, every.versions[0].membership).status_at(date(2016, 4, 1)).arrears == 2


def test_levies_before_joining_and_for_the_members_own_death_are_not_owed() -> None:
    reg = _levy_reg("{amount: 20, within: {days: 30}}")
    m = member(monthly("2015-01-15", "2016-12-31"), died_on="2016-12-31", levies=[
        {"death": "m-7", "died_on": "2014-06-01"}, {"death": "m-1", "died_on": "2016-12-31"}])
    st = MemberState(m, reg.versions[0].membership)
    assert st.spells[0].levies == [] and st.status_at(date(2016, 12, 30)).arrears == 0


def test_a_levy_listed_twice_and_a_payment_before_the_death_are_refused() -> None:
    with pytest.raises(InputError) as e:
        member([], levies=[{"death": "m-9", "died_on": "2016-03-01", "paid": [{"date": "2016-02-01", "amount": "20"}]},
                           {"death": "m-9", "died_on": "2016-03-01"}])
    assert [(p.code, p.path) for p in e.value.problems] == [
        ("date-order", ("levies", 0, "paid", 0, "date")), ("duplicate-levy", ("levies", 1, "death"))]


# ------------------------------------------------------------------------------------------ levies collected
FUNERAL = BENEFITS + """\
      - id: funeral_aid
        kind: death
        title: {th: เงินสงเคราะห์ศพ, en: Funeral aid}
        clause: "ข้อ 10/1"
        claim_fields: {collected: {type: number}}
        amount: {type: levies_collected, field: collected, share: "9/10"}
"""


@pytest.mark.parametrize(("collected", "amount", "rounding"), [
    ("4560.50", "4104", ""), ("4560", "4104", ""), ("0", "0", ""), ("1.11", "1", ""),
    ("0.50", "0.50", "\n    rounding: {mode: up, unit: 1}"),  # rounded up to 1, but never above what was collected
])
def test_the_levies_collected_times_the_share(collected: str, amount: str, rounding: str) -> None:
    reg = regulation(MONTHLY + "levy: {amount: 20, within: {days: 30}}", FUNERAL.replace(
        'share: "9/10"}', 'share: "9/10"}' if not rounding else 'share: "1"}\n        rounding: {mode: up, unit: 1}'))
    m = member(monthly("2015-01-15", "2019-03-01"), died_on="2019-03-01")
    d = Engine(reg).evaluate(m, claim("funeral_aid", "2019-03-01", details={"collected": collected}))
    assert (d.eligible, d.amount, d.payee) == (True, Decimal(amount), "beneficiary")
    assert d.breakdown["levies"] == {"field": "collected", "collected": collected,
                                     "share": "1/1" if rounding else "9/10"}


@pytest.mark.parametrize(("details", "code"), [({"collected": "-5"}, "money-negative"),
                                               ({"collected": "12.345"}, "money-precision"),
                                               ({}, "missing-claim-field")])
def test_a_levies_collected_claim_must_say_how_much_was_collected(details: dict, code: str) -> None:
    reg = regulation(MONTHLY, FUNERAL)
    m = member(monthly("2015-01-15", "2019-03-01"), died_on="2019-03-01")
    with pytest.raises(InputError) as e:
        Engine(reg).evaluate(m, claim("funeral_aid", "2019-03-01", details=details))
    assert [(p.code, p.path) for p in e.value.problems] == [(code, ("details", "collected"))]


# ------------------------------------------------------------------------------------------ waiting paused
PAUSED = BENEFITS.replace('clause: "ข้อ 7", amount:', 'clause: "ข้อ 7", eligibility: {waiting: {days: 180, '
                          'paused_by_arrears: true}}, amount:')


def test_days_in_arrears_push_the_waiting_period_back() -> None:
    reg = regulation(MONTHLY, PAUSED)
    rows = [(d, a, c) if c != "2015-03" else ("2015-05-20", a, c) for d, a, c in monthly("2015-01-15", "2015-12-31")]
    m = member(rows)
    before = Engine(reg).evaluate(m, claim("birth", "2015-08-31"))
    on = Engine(reg).evaluate(m, claim("birth", "2015-09-01"))
    assert ([r["check"] for r in before.failing], on.amount) == (["waiting"], Decimal(1000))
    w = next(r for r in on.reasons if r["check"] == "waiting")
    assert w["values"] == {"from": "membership_start", "start": "2015-01-15", "period": "180 days",
                           "served_on": "2015-09-01", "event_date": "2015-09-01", "paused_days": 49}
    assert w["message"]["en"] == ("waiting period of 180 days from 2015-01-15, paused 49 days in arrears: served on "
                                  "2015-09-01, event on 2015-09-01")


def test_arrears_still_open_on_the_event_count_up_to_it() -> None:
    reg = regulation(MONTHLY, PAUSED)
    m = member(monthly("2015-01-15", "2015-12-31", skip=("2015-03",)))
    d = Engine(reg).evaluate(m, claim("birth", "2015-10-01"))
    w = next(r for r in d.reasons if r["check"] == "waiting")
    # in arrears from 1 April to the event (183 days): served at the earliest 183 days after 14 July
    assert (w["passed"], w["values"]["paused_days"], w["values"]["served_on"]) == (False, 183, "2016-01-13")


def test_without_the_option_arrears_do_not_pause_and_v1_reasons_are_unchanged() -> None:
    reg = regulation(MONTHLY, BENEFITS.replace('clause: "ข้อ 7", amount:',
                                               'clause: "ข้อ 7", eligibility: {waiting: {days: 180}}, amount:'))
    m = member(monthly("2015-01-15", "2015-12-31", skip=("2015-03",)))
    w = next(r for r in Engine(reg).evaluate(m, claim("birth", "2015-07-14")).reasons if r["check"] == "waiting")
    assert (w["passed"], "paused_days" in w["values"], w["clause"]) == (True, False, "ข้อ 7")


# ------------------------------------------------------------------------------------------ benefit groups
GROUPS = """\
    groups:
      - {id: group_a, title: {th: กลุ่ม ก, en: Group A}, clause: "ข้อ 6", waiting: {days: 365}}
      - {id: group_b, title: {th: กลุ่ม ข, en: Group B}, clause: "ข้อ 6/1", waiting: {days: 180}}
"""
GROUPED = BENEFITS.replace('title: {th: คลอดบุตร', 'group: group_b, title: {th: คลอดบุตร').replace(
    'title: {th: เสียชีวิต', 'group: group_a, title: {th: เสียชีวิต')


def test_a_group_waiting_period_applies_to_each_benefit_and_cites_the_group_clause() -> None:
    reg = regulation(MONTHLY, GROUPED, extra=GROUPS)
    m = member(monthly("2015-01-15", "2016-12-31"))
    birth = Engine(reg).evaluate(m, claim("birth", "2015-07-14"))
    early = Engine(reg).evaluate(m, claim("birth", "2015-07-13"))
    assert (birth.amount, [r["check"] for r in early.failing]) == (Decimal(1000), ["waiting"])
    assert next(r for r in birth.reasons if r["check"] == "waiting")["clause"] == "ข้อ 6/1"
    dead = member(monthly("2015-01-15", "2016-01-15"), died_on="2016-01-14")
    d = Engine(reg).evaluate(dead, claim("death", "2016-01-14"))
    assert ([r["check"] for r in d.failing], d.failing[0]["clause"]) == (["waiting"], "ข้อ 6")
    on = member(monthly("2015-01-15", "2016-01-15"), died_on="2016-01-15")
    assert Engine(reg).evaluate(on, claim("death", "2016-01-15")).amount == Decimal(20000)


@pytest.mark.parametrize(("benefits", "extra", "code", "path"), [
    (GROUPED.replace("group: group_b", "group: group_c"), GROUPS, "unknown-group",
     ("versions", 0, "benefits", 0, "group")),
    (GROUPED.replace("group: group_b,", "group: group_b, eligibility: {waiting: {days: 10}},"), GROUPS,
     "group-waiting-twice", ("versions", 0, "benefits", 0, "eligibility", "waiting")),
    (GROUPED, GROUPS.replace("id: group_b", "id: group_a"), "duplicate-group-id", ("versions", 0, "groups", 1, "id")),
])
def test_group_mistakes_are_located(benefits: str, extra: str, code: str, path: tuple) -> None:
    with pytest.raises(RegulationError) as e:
        regulation(MONTHLY, benefits, extra=extra)
    assert [(p.code, p.path) for p in e.value.problems][:1] == [(code, path)]


# ------------------------------------------------------------------------------------------ refunds
REFUND = BENEFITS + """\
      - id: refund
        kind: refund
        title: {th: คืนเงินสมทบ, en: Refund}
        clause: "ข้อ 11"
        eligibility: {status: [resigned, dead]}
        amount: {type: refund, on: [resignation, death], unless_benefit_received: true}
"""


def _resigned(skip: tuple[str, ...] = (), payouts: list | None = None) -> object:
    return member(monthly("2015-01-15", "2018-06-30", skip=skip), end="2018-06-30", reason="resigned",
                  payouts=payouts)


def test_a_refund_is_the_contributions_paid_in_the_membership_that_ended() -> None:
    reg = regulation(MONTHLY, REFUND)
    d = Engine(reg).evaluate(_resigned(), claim("refund", "2018-06-30"))
    assert (d.eligible, d.amount, d.payee) == (True, Decimal(1260), "member")
    assert d.breakdown["refund"] == {"ended_by": "resignation", "contributions": "spell", "from": "2015-01-15",
                                     "to": "2018-06-30", "instalments": 42, "paid": "1260", "fraction": "1/1"}
    partial = Engine(reg).evaluate(_resigned(skip=("2016-03", "2016-04")), claim("refund", "2018-06-30"))
    assert partial.amount == Decimal(1200)


def test_a_refund_is_refused_after_any_benefit_and_on_any_other_day() -> None:
    reg = regulation(MONTHLY, REFUND)
    paid = [{"claim_id": "b-1", "benefit": "birth", "event_date": "2016-05-01", "amount": "1000"}]
    d = Engine(reg).evaluate(_resigned(payouts=paid), claim("refund", "2018-06-30"))
    assert [(r["check"], r["values"]) for r in d.failing] == [("no_benefit_received", {"paid_claims": ["b-1"]})]
    early = Engine(reg).evaluate(_resigned(), claim("refund", "2018-06-29"))
    assert [r["check"] for r in early.failing] == ["status", "refund_event"]
    earlier_refund = [{"claim_id": "r-0", "benefit": "refund", "event_date": "2014-01-01", "amount": "90"}]
    again = Engine(reg).evaluate(_resigned(payouts=earlier_refund), claim("refund", "2018-06-30"))
    assert again.amount == Decimal(1260)  # a refund is not a benefit received


def test_a_refund_on_death_is_paid_to_the_beneficiary() -> None:
    reg = regulation(MONTHLY, REFUND)
    m = member(monthly("2015-01-15", "2016-02-10"), died_on="2016-02-10")
    d = Engine(reg).evaluate(m, claim("refund", "2016-02-10"))
    assert (d.eligible, d.amount, d.payee) == (True, Decimal(420), "beneficiary")  # 14 instalments of 30


def test_a_share_is_rounded_as_declared_and_never_above_what_was_paid() -> None:
    half = regulation(MONTHLY, REFUND.replace("unless_benefit_received: true}",
                                              'unless_benefit_received: true, fraction: "1/3"}'))
    assert Engine(half).evaluate(_resigned(), claim("refund", "2018-06-30")).amount == Decimal(420)
    up = regulation(MONTHLY, REFUND.replace("unless_benefit_received: true}", "unless_benefit_received: true}\n"
                                            "        rounding: {mode: up, unit: 100}"))
    odd = member([("2018-06-05", "30.50", "2018-06")], start="2018-06-01", end="2018-06-30", reason="resigned")
    d = Engine(up).evaluate(odd, claim("refund", "2018-06-30"))
    assert (d.amount, d.breakdown["raw_amount"]) == (Decimal("30.50"), "30.50")


def test_all_spells_counts_every_membership() -> None:
    reg = regulation(MONTHLY, REFUND.replace("on: [resignation, death],", "on: [resignation], "
                                             "contributions: all_spells,").replace("[resigned, dead]", "[resigned]"))
    data = {"member_id": "m-1", "birth_date": "1970-01-01", "sex": "female",
            "spells": [{"start": "2015-01-15", "end": "2015-06-30", "end_reason": "lapsed"},
                       {"start": "2017-01-10", "end": "2017-12-31", "end_reason": "resigned"}],
            "contributions": [{"date": d, "amount": a, "covers": c}
                              for d, a, c in monthly("2015-01-15", "2015-06-30") + monthly("2017-01-10", "2017-12-31")]}
    from swf_rules.core.history import parse_member
    d = Engine(reg).evaluate(parse_member(data), claim("refund", "2017-12-31"))
    assert (d.amount, d.breakdown["refund"]["instalments"]) == (Decimal(540), 18)


def test_a_refund_needs_the_status_it_is_claimed_in() -> None:
    with pytest.raises(RegulationError) as e:
        regulation(MONTHLY, REFUND.replace("[resigned, dead]", "[resigned]"))
    (p,) = e.value.problems
    assert (p.code, p.path, p.message_en) == (
        "refund-status", ("versions", 0, "benefits", 2, "amount", "on"),
        "a refund on death is claimed by a member whose status is dead, which eligibility.status does not allow")


def test_evaluate_decides_a_refund_claim(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reg_path = tmp_path / "fund.yaml"
    reg_path.write_text(HEAD.format(language="swf-rules/2", fund_id="nong-phai") + "    membership:\n" +
                        "".join("      " + x + "\n" for x in MONTHLY.strip().split("\n")) + REFUND, encoding="utf-8")
    m = _resigned()
    (tmp_path / "m.json").write_text(json.dumps(m.model_dump(mode="json")), encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps({"claim_id": "r-1", "member_id": "m-1", "benefit": "refund",
                                                 "event_date": "2018-06-30"}), encoding="utf-8")
    assert main(["evaluate", str(reg_path), "--member", str(tmp_path / "m.json"), "--claim",
                 str(tmp_path / "c.json")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["eligible"], out["amount"], out["payee"], out["regulation"]["fund"]) == (True, "1260", "member",
                                                                                        "nong-phai")
    assert [r["check"] for r in out["reasons"]] == ["status", "same_event", "refund_event", "no_benefit_received"]


# ------------------------------------------------------------------------------------------ language versions
@pytest.mark.parametrize(("membership", "benefits", "line", "col", "what"), [
    ('clause: "5"\ncontribution: {amount: 7, period: week}\nstarts: approval', BENEFITS, 15, 41,
     "a day, week or half-year instalment"),
    (MONTHLY + "levy: {amount: 20, within: {days: 30}}", BENEFITS, 17, 7, "the funeral levy (levy)"),
    (MONTHLY, REFUND, 25, 24, "amount type refund"),
])
def test_a_v2_construct_in_a_v1_file_is_refused_at_the_construct(membership: str, benefits: str, line: int,
                                                                  col: int, what: str) -> None:
    with pytest.raises(RegulationError) as e:
        regulation(membership, benefits, language="swf-rules/1")
    (p,) = e.value.problems
    assert (p.code, p.line, p.col, p.value) == ("needs-language-2", line, col, what)
    assert p.message_en == f"{what} is new in swf-rules/2, but the file declares language: swf-rules/1"
    assert p.hint_en == "write language: swf-rules/2 at the top of the file"


def test_hyphenated_fund_ids_are_version_2() -> None:
    assert regulation(MONTHLY, fund_id="nong-phai").fund_id == "nong-phai"
    with pytest.raises(RegulationError) as e:
        regulation(MONTHLY, fund_id="nong-phai", language="swf-rules/1")
    assert [(p.code, p.line, p.col) for p in e.value.problems] == [("needs-language-2", 4, 7)]
    for bad in ("nong--phai", "nong-", "-nong", "Nong-phai"):
        with pytest.raises(RegulationError) as e:
            regulation(MONTHLY, fund_id=bad)
        assert e.value.codes == ["bad-identifier"]


def test_every_v1_file_is_a_v2_file_with_the_same_fingerprints() -> None:
    for name in ("chamung", "thaytalad"):
        text = (ROOT / "regulations" / f"{name}.yaml").read_text(encoding="utf-8")
        v1 = load_regulation_text(text, file=name)
        v2 = load_regulation_text(text.replace("language: swf-rules/1", "language: swf-rules/2"), file=name)
        assert v1.fingerprints == v2.fingerprints


def test_v1_fingerprints_are_those_of_before_version_2() -> None:
    """Fields new in swf-rules/2 are left out of a version's canonical form while unused."""
    assert load_regulation(ROOT / "regulations" / "chamung.yaml").fingerprints == {
        "2556": "sha256:8fda4d3e15bcbfcf9b6145e368fd4711dccf4df851cda98899f3529355c8f5d6"}


def test_a_ledger_may_name_a_hyphenated_fund(tmp_path: Path) -> None:
    from swf_rules.books import read_manifest

    def codes(fund: str) -> list[tuple]:
        (tmp_path / "ledger.yaml").write_text(f"fund: {fund}\n", encoding="utf-8")
        with pytest.raises(InputError) as e:  # the folder holds no books: only the fund id matters here
            read_manifest(tmp_path)
        return [(p.code, p.line, p.col) for p in e.value.problems if not p.code.startswith("ledger-")]
    assert (codes("nong-phai"), codes("nong--phai")) == ([], [("bad-identifier", 1, 7)])


SHOWN = HEAD.format(language="swf-rules/2", fund_id="nong-phai") + """\
    membership:
      clause: "ข้อ 5"
      contribution:
        amount: 30
        period: month
        stated: {amount: 1, per: day}
        due: {of: next_month, day: 10}
        alternatives:
          - {amount: 365, period: year, due: {of: next_year, month: 3, day: 31}}
      starts: approval
      levy: {amount: 20, within: {days: 30}, lapse_after: 2}
""" + GROUPS.replace("waiting: {days: 180}", "waiting: {days: 180, paused_by_arrears: true}") + GROUPED + REFUND[len(BENEFITS):]


def test_show_lists_the_version_2_constructs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nong-phai.yaml"
    path.write_text(SHOWN, encoding="utf-8")
    assert main(["show", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    # show prints the version in the printed regulation's sentences (committee.render), every construct included
    assert lines[8:27] == [
        "Clause 5 Membership and contributions",
        "  (1) Members contribute 1 baht a day, collected as 30 baht a month.",
        "  (2) Membership begins on the day the committee approves the application.",
        "  (3) Each month's instalment is due by the 10th of the following month; otherwise it is missed.",
        "  (4) A member may instead contribute 365 baht a year.",
        "  (5) Each year's instalment is due by 31 March of the following year; otherwise it is missed.",
        "  (6) Contributions are not refunded.",
        "  (7) When a member dies, every member pays a funeral levy of 20 baht within 30 days.",
        "  (8) A levy not paid in time counts as one instalment in arrears.",
        "  (9) A member who leaves 2 levies unpaid in time ceases to be a member.",
        "",
        "Clause 6 Group A",
        "  (1) This group holds Clause 10 (Death).",
        "  (2) A member is entitled to the benefits of this group after at least 365 days, counted from the day the "
        "membership began.",
        "",
        "Clause 6/1 Group B",
        "  (1) This group holds Clause 7 (Birth).",
        "  (2) A member is entitled to the benefits of this group after at least 180 days, counted from the day the "
        "membership began.",
        "  (3) Days on which the member is in arrears do not count toward the waiting period."]
    assert lines[31:33] + lines[44:48] == [
        "  (3) The waiting period is that of Clause 6/1 (Group B).",
        "  (4) Days on which the member is in arrears do not count toward the waiting period.",
        "Clause 11 Refund [refund]",
        "  (1) To be entitled to this benefit the member must be a former member who resigned or deceased on the date "
        "of the event.",
        "  (2) When a member resigns or dies, the fund refunds the contributions paid in that membership (not the "
        "entry fee, not funeral levies).",
        "  (3) A member who has ever received a benefit gets no refund."]


def test_render_words_the_version_2_constructs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nong-phai.yaml"
    path.write_text(SHOWN, encoding="utf-8")
    assert main(["render", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    for line in ("(1) Members contribute 1 baht a day, collected as 30 baht a month.",
                 "(3) Each month's instalment is due by the 10th of the following month; otherwise it is missed.",
                 "(4) A member may instead contribute 365 baht a year.",
                 "(5) Each year's instalment is due by 31 March of the following year; otherwise it is missed.",
                 "(7) When a member dies, every member pays a funeral levy of 20 baht within 30 days.",
                 "(8) A levy not paid in time counts as one instalment in arrears.",
                 "(9) A member who leaves 2 levies unpaid in time ceases to be a member.",
                 "## Clause 6 Group A", "(1) This group holds Clause 10 (Death).",
                 "## Clause 6/1 Group B",
                 "(3) Days on which the member is in arrears do not count toward the waiting period.",
                 "(3) The waiting period is that of Clause 6/1 (Group B).",
                 "(2) When a member resigns or dies, the fund refunds the contributions paid in that membership (not "
                 "the entry fee, not funeral levies).",
                 "(3) A member who has ever received a benefit gets no refund."):
        assert line in out.split("\n"), line
    assert main(["render", str(path), "--lang", "th"]) == 0
    th = capsys.readouterr().out
    for line in ("(1) สมาชิกส่งเงินสมทบวันละ 1 บาท (หนึ่งบาทถ้วน) โดยเก็บเป็นงวดเดือนละ 30 บาท (สามสิบบาทถ้วน)",
                 "(3) เงินสมทบแต่ละงวดเดือนต้องส่งภายในวันที่ 10 ของเดือนถัดไป มิฉะนั้นถือว่าขาดส่งงวดนั้น"):
        assert line in th.split("\n"), line


def test_a_case_may_name_a_group_clause_as_failing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "umong.cases.yaml").write_text(f"""\
regulation: {ROOT / "regulations" / "umong.yaml"}
calendar: buddhist
cases:
  - name: hospital inside the waiting period of items 1-13
    member: {{born: 2500-05-05, sex: female, joined: 2565-06-01, paid: every month}}
    claim: {{benefit: hospital, date: 2566-06-04, nights: 2}}
    expect: {{eligible: false, failing: [รายการที่ ๑-๑๓]}}
""", encoding="utf-8")
    assert main(["test", str(tmp_path / "umong.cases.yaml")]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 passed, 0 failed in 1 file"


def test_no_refund_on_death_after_membership_already_ended() -> None:
    reg = regulation(MONTHLY + "lapse_after: {total: 3}", REFUND)
    resigned = member(monthly("2015-01-15", "2016-06-30"), end="2016-06-30", reason="resigned", died_on="2019-01-01")
    lapsed = member(monthly("2015-01-15", "2016-06-30"), died_on="2019-01-01")  # stopped paying: lapsed in 2016
    for m in (resigned, lapsed):
        d = Engine(reg).evaluate(m, claim("refund", "2019-01-01"))
        assert (d.eligible, [r["check"] for r in d.failing]) == (False, ["refund_event"])


@pytest.mark.parametrize(("fields", "code", "message"), [
    ("{}", "unknown-claim-field", "benefit 'funeral_aid' declares no claim field 'collected'"),
    ("{collected: {type: text}}", "claim-field-not-number",
     "claim field 'collected' is of type text; an amount needs a number"),
])
def test_the_levies_collected_read_a_declared_number_field_as_a_bill_does(fields: str, code: str,
                                                                          message: str) -> None:
    with pytest.raises(RegulationError) as e:
        regulation(MONTHLY, FUNERAL.replace("claim_fields: {collected: {type: number}}", f"claim_fields: {fields}"))
    assert [(p.code, p.line, p.col, p.message_en) for p in e.value.problems] == [(code, 25, 49, message)]


# ------------------------------------------------------------------------------------------ in the committee's Thai
def test_the_thai_explanation_shows_levies_paused_days_refunds_and_the_levies_collected() -> None:
    """explain --lang th (the committee's Thai, core._explain_th) words what the English explanation shows."""
    from swf_rules.core.explain import explain
    from swf_rules.core.history import parse_claim, parse_member
    v2 = ROOT / "tests" / "fuzz_v2"
    reg = load_regulation(v2 / "nong-phai.yaml")
    data = json.loads((v2 / "member.json").read_text(encoding="utf-8"))
    dead = parse_member({**data, "died_on": "2023-03-01", "contributions": data["contributions"][:62]})
    resigned = parse_member({**data, "spells": [{"start": "2018-01-15", "end": "2020-06-30", "end_reason": "resigned"}],
                             "contributions": data["contributions"][:30], "payouts": [], "levies": []})

    def lines(m, benefit: str, **extra):  # type: ignore[no-untyped-def]
        c = parse_claim({"claim_id": "c-9", "member_id": "m-1", "benefit": benefit,
                         "event_date": str(m.died_on or m.spells[0].end), **extra})
        return [x.strip() for x in explain(Engine(reg).evaluate(m, c), "th", reg).splitlines()]
    death = lines(dead, "death")
    assert death[8:10] == [
        "ผ่าน       เป็นสมาชิกปกติ ณ วันที่เกิดเหตุ ค้างเงินสงเคราะห์ศพ 1 ราย",
        "ผ่าน       ระยะรอคอย 365 วัน นับแต่วันที่เริ่มเป็นสมาชิก (15 มกราคม 2561) หยุดนับ 0 วันที่ค้างส่ง "
        "ครบเมื่อ 15 มกราคม 2562 (ข้อ 7)"]
    assert lines(dead, "funeral_aid", details={"collected": "4560.50"})[-3:] == [
        "เงินสงเคราะห์ที่เก็บได้ 4,560.50 บาท × 9/10 = 4,104.45 บาท", "ปัดเศษตั้งแต่ครึ่งหนึ่งขึ้นไป หน่วยละ 1 บาท",
        "จำนวนเงินที่จ่าย 4,104 บาท (สี่พันหนึ่งร้อยสี่บาทถ้วน)"]
    assert lines(resigned, "refund")[-2:] == [
        "เงินสมทบที่ส่งระหว่าง 15 ม.ค. 2561 ถึง 30 มิ.ย. 2563 30 รายการ รวม 900 บาท = 900 บาท",
        "จำนวนเงินที่จ่าย 900 บาท (เก้าร้อยบาทถ้วน)"]
