"""The engine around the checks: the facts a condition or a plug-in function sees (worked by hand), the engine's input
problems (exact code, path, value, message, hint), a fund's batch (order, caps across claims and across regulation
versions) and the compiler's plan.  The regulation is tests/boundary_fund.py."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import ROUND_DOWN, Decimal, localcontext

import pytest

from boundary_fund import ENGINE, REGULATION, SEEN, YAML, failing, member, paid, reason
from swf_rules import Engine, InputError, RegulationError, UsageError
from swf_rules.core._amounts import base_amount
from swf_rules.core._claim_facts import Facts
from swf_rules.core.compile import compile_version, period_text
from swf_rules.core.evaluate import evaluate
from swf_rules.core.model import Deadline, Waiting
from swf_rules.core.validate import load_regulation_text
from swf_rules.testing import claim, history

D = Decimal


def problems(e: pytest.ExceptionInfo) -> list[tuple]:
    return [(p.code, p.path, p.value, p.message_en, p.hint_en, p.hint_th) for p in e.value.problems]


# --------------------------------------------------------------------------------------------- facts
def test_every_fact_a_condition_can_name() -> None:
    # born 15 Jun 1980; spells 1 Jan 2010 - 1 Jan 2013 (resigned) and from 1 Mar 2020; May, June and August 2020
    # never paid.  A 3-day claim (1-3 Mar 2022; days count both ends) on 1 Mar 2022:
    # age 41 (birthday in June), age at joining 39 (on 1 Mar 2020); arrears 3 (all three deadlines passed), longest
    # run missed 2 (May-June); tenure 730 days = 2 years (2020-03-01 -> 2022-03-01); cumulative 1096 + 730 = 1826
    # days = 5 years; fiscal year 2565 (March 2022 is in FY 2565 = Oct 2021 - Sep 2022); one earlier payout of the
    # benefit (the one after the event does not count).
    m = member([("2010-01-01", "2013-01-01", "resigned"), ("2020-03-01", None, None)], birth="1980-06-15",
               missed=("2020-05", "2020-06", "2020-08"),
               payouts=[paid("facts", "2021-05-01", "10", "f-1", 1), paid("facts", "2022-03-02", "10", "f-2", 1)])
    d = ENGINE.evaluate(m, claim("facts", "2022-03-01", end_date="2022-03-03", children=2))
    values = {}
    for r in d.reasons:
        if r["check"] == "condition":
            values.update({k: v for k, v in r["values"].items() if k != "when"})
    assert values == {"age": "41", "age_at_joining": "39", "sex": "female", "status": "suspended", "arrears": "3",
                      "missed_in_a_row": "2", "tenure_days": "730", "tenure_years": "2",
                      "cumulative_tenure_days": "1826", "cumulative_tenure_years": "5", "units": "3",
                      "children": "2", "event_month": "3", "fiscal_year": "2565", "paid_before": "1"}
    assert [r["clause"] for r in d.reasons if r["check"] == "condition"] == ["14", "14", "14.1", "14"]
    assert failing(d) == ["status"]


def test_facts_given_to_a_plug_in_function() -> None:
    # joined 1 Mar 2019, born 1 Jan 1970; on 1 Mar 2024: 1827 days (two 29 Febs) = 5 years; FY 2567; no units given
    SEEN.clear()
    d = ENGINE.evaluate(member(), claim("computed", "2024-03-01"))
    assert SEEN == [{"age": D(54), "age_at_joining": D(49), "sex": "female", "status": "active", "arrears": D(0),
                     "missed_in_a_row": D(0), "tenure_days": D(1827), "tenure_years": D(5),
                     "cumulative_tenure_days": D(1827), "cumulative_tenure_years": D(5), "units": D(0),
                     "children": D(1), "event_month": D(3), "fiscal_year": D(2567), "paid_before": D(0),
                     "claim_id": "c-1"}]  # (the claim itself is passed too; echo notes its id)
    assert (str(d.amount), d.breakdown["raw_amount"], d.breakdown["function"]) == ("13", "12.50", "echo")


def test_facts_of_a_member_who_is_not_in_a_spell() -> None:
    # before joining there is no spell: age at joining is the age at the event, tenure is 0
    SEEN.clear()
    ENGINE.evaluate(member(birth="1970-01-01"), claim("computed", "2019-02-28", units=2))
    f = SEEN[0]
    assert (f["age_at_joining"], f["tenure_days"], f["status"], f["units"]) == (D(49), D(0), "not_member", D(2))


def test_an_unknown_fact_is_a_key_error() -> None:
    m = member()
    state = ENGINE.state(m, date(2024, 3, 1))
    bp = ENGINE.plan(REGULATION.file.versions[0]).benefits["dental"]
    facts = Facts(state, claim("dental", "2024-03-01"), state.status_at(date(2024, 3, 1)), bp)
    with pytest.raises(KeyError) as e:
        facts["nope"]
    assert e.value.args == ("nope",)
    assert (facts["units"], facts["children"], "units" in facts) == (D(0), D(1), True)  # kept once computed


def test_base_amount_with_plain_facts_and_an_unknown_rule() -> None:
    # base_amount may be given a plain dict of facts (as a caller computing an amount would): passed on as it is
    plan = ENGINE.plan(REGULATION.file.versions[0])
    state = ENGINE.state(member(), date(2024, 3, 1))
    c = claim("computed", "2024-03-01")
    SEEN.clear()
    assert base_amount(plan, plan.benefits["computed"], state, c, {"age": D(54)}, {}, None) == D("12.5")
    assert SEEN == [{"age": D(54), "claim_id": "c-1"}]
    odd = dataclasses.replace(plan.benefits["dental"],
                              benefit=plan.benefits["dental"].benefit.model_copy(update={"amount": object()}))
    with pytest.raises(UsageError) as e:
        base_amount(plan, odd, state, c, {}, {}, None)
    assert str(e.value) == "unknown amount rule object"


def test_a_function_must_return_decimal() -> None:
    for bad in (1.5, 2, True):
        eng = Engine(REGULATION, functions={"echo": lambda facts, c, bad=bad: bad})
        with pytest.raises(UsageError) as e:
            eng.evaluate(member(), claim("computed", "2024-03-01"))
        assert str(e.value) == f"function 'echo' returned {type(bad).__name__}; it must return Decimal"


# --------------------------------------------------------------------------------------------- compile
def test_a_function_not_given_to_the_compiler() -> None:
    with pytest.raises(RegulationError) as e:
        Engine(REGULATION).evaluate(member(), claim("dental", "2024-03-01"))
    (p,) = e.value.problems
    assert (p.code, p.file, p.path, p.value, p.clause, p.message_en, p.hint_en, p.hint_th) == (
        "unknown-function", "boundary_fund.yaml", ("versions", 0, "benefits", 28, "amount", "name"), "echo", "17",
        "no function 'echo' was given to the compiler",
        "pass it to the compiler: Engine(reg, functions={...}) or register it in the swf_rules.functions "
        "entry-point group", "ส่งฟังก์ชันให้ตัวแปล หรือลงทะเบียนใน entry point swf_rules.functions")


def test_plan() -> None:
    version = REGULATION.file.versions[0]
    plan = compile_version(REGULATION, version, {"echo": lambda f, c: D(1)})
    assert (plan.fund_id, plan.membership, plan.version) == ("boundaries", version.membership, version)
    birth, hospital, school = plan.benefits["birth"], plan.benefits["hospital"], plan.benefits["school"]
    assert (birth.excludes, hospital.excludes, plan.benefits["dental"].excludes) == (("hospital",), ("birth",), ())
    assert (birth.waiting_text, birth.deadline_text) == (("180 days", "180 วัน"), ("", ""))
    assert school.deadline_text == ("1 years 1 months 1 days", "1 ปี 1 เดือน 1 วัน")
    assert school.uses_claim_fields == frozenset({"gpa", "level", "first"})  # "note" is in no condition
    assert (plan.benefits["half_even"].rounding.mode, plan.benefits["spouse"].rounding.mode) == ("half_even",
                                                                                                 "half_up")
    assert [text for _, _, text in plan.benefits["gift_exact"].bands] == ["[0, 4.5)", "[4.5, 5]", "(5, )"]
    assert (plan.benefits["dental"].bands, plan.benefits["dental"].conditions) == ((), ())
    assert plan.benefits["computed"].function is not None and plan.benefits["dental"].function is None
    assert plan.benefits["dental"].id == "dental"


def test_period_text() -> None:
    assert period_text(None) == ("", "")
    assert period_text(Waiting()) == ("0 days", "0 วัน")
    assert period_text(Waiting(months=6)) == ("6 months", "6 เดือน")
    assert period_text(Deadline(years=2, days=3)) == ("2 years 3 days", "2 ปี 3 วัน")


# --------------------------------------------------------------------------------------------- input problems
def test_claim_for_another_member() -> None:
    with pytest.raises(InputError) as e:
        ENGINE.evaluate(member(), claim("dental", "2024-03-01", member_id="m-2"))
    assert problems(e) == [("claim-member-mismatch", ("member_id",), "m-2",
                            "claim is for member m-2 but the history is of member m-1", None, None)]


def test_unknown_benefit() -> None:
    with pytest.raises(InputError) as e:
        ENGINE.evaluate(member(), claim("dentl", "2024-03-01"))
    assert problems(e) == [("unknown-benefit", ("benefit",), "dentl", "no benefit with id 'dentl'",
                            "did you mean 'dental'?", "หมายถึง 'dental' หรือไม่")]
    with pytest.raises(InputError) as e:
        ENGINE.evaluate(member(), claim("zzz", "2024-03-01"))
    names = ", ".join(b.id for b in REGULATION.file.versions[0].benefits)
    assert problems(e) == [("unknown-benefit", ("benefit",), "zzz", "no benefit with id 'zzz'",
                            "benefits: " + names, "สวัสดิการ: " + names)]


def test_death_dates() -> None:
    m = member(died_on="2023-03-01")
    with pytest.raises(InputError) as e:
        ENGINE.evaluate(m, claim("dental", "2023-03-02"))  # the day after the death
    assert problems(e) == [("event-after-death", ("event_date",), "2023-03-02",
                            "event on 2023-03-02 is after the member's death on 2023-03-01", None, None)]
    d = ENGINE.evaluate(m, claim("dental", "2023-03-01"))  # on the day of death: decided, status dead
    assert (reason(d, "status")["values"]["status"], d.eligible) == ("dead", False)
    d = ENGINE.evaluate(m, claim("death", "2023-03-01"))  # the death claim sees the member as they were
    assert (reason(d, "status")["values"]["status"], d.eligible, d.kind) == ("active", True, "death")
    with pytest.raises(InputError) as e:
        ENGINE.evaluate(m, claim("death", "2023-02-28"))
    assert problems(e) == [("death-claim-mismatch", ("event_date",), "2023-02-28",
                            "death claim event date 2023-02-28 differs from the member's date of death 2023-03-01",
                            None, None)]
    with pytest.raises(InputError) as e:
        ENGINE.evaluate(member(), claim("death", "2023-02-28"))
    assert problems(e)[0][3] == "death claim event date 2023-02-28 differs from the member's date of death none"


def test_rate_without_units() -> None:
    with pytest.raises(InputError) as e:
        ENGINE.evaluate(member(), claim("hospital", "2024-03-01"))
    assert problems(e) == [("missing-claim-field", ("units",), "units", "benefit 'hospital' needs claim field 'units'",
                            "give units or end_date", "ระบุ units หรือ end_date")]


def test_engine_needs_a_regulation() -> None:
    with pytest.raises(UsageError) as e:
        Engine(YAML)  # type: ignore[arg-type]
    assert str(e.value) == "Engine needs a Regulation from load_regulation()"


def test_decision_identity() -> None:
    d = evaluate(REGULATION, member(), claim("dental", "2024-03-01", claim_id="c-9"), {"echo": lambda f, c: D(1)})
    assert (d.claim_id, d.member_id, d.benefit, d.kind, d.clause, d.event_date, d.fund, d.version, d.payee) == \
        ("c-9", "m-1", "dental", "sickness", "4", date(2024, 3, 1), "boundaries", "2000", "member")
    assert d.title == {"th": "ทันตกรรม", "en": "Dental"}
    assert d.fingerprint == REGULATION.fingerprint(REGULATION.file.versions[0])


def test_the_callers_decimal_context_changes_no_decision() -> None:
    # Earlier payouts of 123.45 + 1.01 = 124.46 leave 1000 - 124.46 = 875.54 of the yearly cap.  Under a caller's
    # 3-digit decimal context the sum used to be rounded to 124 (875.54 became 876); the tenure fraction 182 / 366
    # to 0.497; a decision must not depend on it.
    m = member(payouts=[paid("hospital", "2023-11-02", "123.45", "p-1", 1), paid("hospital", "2024-01-05", "1.01",
                                                                                  "p-2", 1)])
    cases = [(m, claim("hospital", "2024-02-10", units=5)), (member(), claim("gift_exact", "2023-08-30")),
             (member(), claim("quarter", "2024-01-01"))]
    plain = [ENGINE.evaluate(mm, c).to_json() for mm, c in cases]
    with localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = ROUND_DOWN
        pinned = [ENGINE.evaluate(mm, c) for mm, c in cases]
        batch = ENGINE.evaluate_batch([m], [cases[0][1]])
    assert [d.to_json() for d in pinned] == plain
    assert batch[0].to_json() == plain[0]
    assert (pinned[0].breakdown["caps"][1]["used"], pinned[0].breakdown["caps"][1]["remaining"]) == ("124.46",
                                                                                                     "875.54")
    assert pinned[1].breakdown["table_value"] == "4.4973"


# --------------------------------------------------------------------------------------------- caller-kept state
def test_decide_with_a_kept_state() -> None:
    m = member()
    state = ENGINE.state(m, date(2024, 1, 1))
    d = ENGINE.decide(state, claim("hospital", "2024-01-05", units=3, claim_id="a"))
    assert d.amount == D(600)
    state.record(d.as_payout())  # the caller records it; the next claim sees it in the yearly cap
    assert ENGINE.decide(state, claim("hospital", "2024-02-05", units=3, claim_id="b")).amount == D(400)
    other = Engine(load_regulation_text(YAML, "other.yaml"), functions={"echo": lambda f, c: D(1)})
    with pytest.raises(UsageError) as e:
        other.decide(state, claim("hospital", "2024-02-05", units=3))
    assert str(e.value) == ("the member state was built for other membership rules than version 2000's; build one "
                            "with Engine.state(member, 2024-02-05)")


# --------------------------------------------------------------------------------------------- batch
def test_batch_orders_by_date_and_counts_earlier_decisions_in_caps() -> None:
    claims = [claim("hospital", "2024-03-01", units=3, claim_id="c3"),
              claim("hospital", "2024-01-05", units=3, claim_id="c1"),
              claim("hospital", "2024-02-01", units=3, claim_id="c2")]
    out = ENGINE.evaluate_batch([member()], claims)
    # 600 (stay cap), then 1000 - 600 = 400, then 0 left in FY 2567
    assert [(d.claim_id, d.amount) for d in out] == [("c1", D(600)), ("c2", D(400)), ("c3", D(0))]


def test_batch_ties_by_filing_date_then_claim_id() -> None:
    # two clinic claims for the same day: the first decided is paid, the second fails the same-event check
    a = claim("clinic", "2024-06-01", units=1, claim_id="a", filed_on="2024-06-03")
    b = claim("clinic", "2024-06-01", units=1, claim_id="b", filed_on="2024-06-02")
    out = ENGINE.evaluate_batch([member()], [a, b])
    assert [(d.claim_id, d.eligible) for d in out] == [("b", True), ("a", False)]
    assert reason(out[1], "same_event")["values"] == {"event_date": "2024-06-01", "paid_claims": ["b"]}
    out = ENGINE.evaluate_batch([member()], [claim("clinic", "2024-06-01", units=1, claim_id="b"),
                                             claim("clinic", "2024-06-01", units=1, claim_id="a")])
    assert [(d.claim_id, d.eligible) for d in out] == [("a", True), ("b", False)]
    # a filing date counts from the event when not given: "b" filed on the event day goes before "a" filed later
    out = ENGINE.evaluate_batch([member()], [claim("clinic", "2024-06-01", units=1, claim_id="a",
                                                   filed_on="2024-06-05"),
                                             claim("clinic", "2024-06-01", units=1, claim_id="b")])
    assert [d.claim_id for d in out] == ["b", "a"]


def test_batch_records_only_payable_decisions() -> None:
    # a decision of 0 baht is not a payout: it is not counted in later claims' count caps
    m = member(payouts=[paid("dental", "2023-06-01", "500", "p-0")])  # rolling cap of 500 already used up
    out = ENGINE.evaluate_batch([m], [claim("dental", "2024-01-05", claim_id="z1"),
                                      claim("dental", "2024-02-05", claim_id="z2")])
    # z1: eligible, 0 baht (500 - 500); not recorded, so z2 still sees 1 payout in its window, not 2
    assert [(d.claim_id, d.eligible, d.amount) for d in out] == [("z1", True, D(0)), ("z2", True, D(0))]
    assert reason(out[1], "count_cap")["values"]["used"] == 1


def test_batch_records_one_baht_and_the_units_paid() -> None:
    # 499 of the rolling 500 used: z1 pays 1 baht, which is a payout (z2 then sees 2 payouts: count cap reached)
    m = member(payouts=[paid("dental", "2023-06-01", "499", "p-0")])
    out = ENGINE.evaluate_batch([m], [claim("dental", "2024-01-05", claim_id="z1"),
                                      claim("dental", "2024-02-05", claim_id="z2")])
    assert [(d.amount, failing(d)) for d in out] == [(D(1), []), (D(0), ["count_cap"])]
    # clinic: 4 days paid in March leave 6 - 4 = 2 days of the year's units for June (200, capped by the 500 - 400 =
    # 100 left of the yearly money)
    out = ENGINE.evaluate_batch([member()], [claim("clinic", "2024-03-01", units=4, claim_id="k1"),
                                             claim("clinic", "2024-06-01", units=4, claim_id="k2")])
    assert [(d.breakdown["units"], d.amount) for d in out] == [(4, D(400)), (2, D(100))]


def test_every_claim_field_problem_at_once() -> None:
    with pytest.raises(InputError) as e:
        ENGINE.evaluate(member(), claim("school", "2024-01-31", details={"gpa": "x", "level": "m6", "first": "yes"}))
    assert sorted((p.code, p.path) for p in e.value.problems) == [
        ("not-allowed", ("details", "level")), ("wrong-type", ("details", "first")),
        ("wrong-type", ("details", "gpa"))]


def test_a_members_claim_without_the_members_history() -> None:
    with pytest.raises(InputError) as e:
        ENGINE.evaluate(None, claim("dental", "2024-01-05"))
    assert problems(e) == [("missing-member", ("member_id",), "m-1",
                            "benefit 'dental' is for members: the member's history is needed", None, None)]


def test_a_language_1_death_benefit_pays_the_beneficiaries_named() -> None:
    # joined 1 Jun 2022, died 1 Mar 2023: 0 completed years -> the [0, 1) band, 1000.  Three beneficiaries with no
    # shares: a third each, rounded down to the satang (333.33), the 0.01 left over to the first.
    m = history(joined="2022-06-01", died_on="2023-03-01",
                beneficiaries=[{"name": n, "relationship": r} for n, r in (("A", "child"), ("B", "child"),
                                                                          ("C", "spouse"))])
    d = ENGINE.evaluate(m, claim("death", "2023-03-01"))
    assert (d.amount, d.payee, d.payees) == (D(1000), "beneficiary", (
        {"to": "beneficiary", "name": "A", "relationship": "child", "share": "1/3", "amount": "333.34"},
        {"to": "beneficiary", "name": "B", "relationship": "child", "share": "1/3", "amount": "333.33"},
        {"to": "beneficiary", "name": "C", "relationship": "spouse", "share": "1/3", "amount": "333.33"}))
    # no beneficiaries named, or not a death benefit: no payees listed (a language-1 decision keeps its bytes)
    assert ENGINE.evaluate(history(joined="2022-06-01", died_on="2023-03-01"), claim("death", "2023-03-01")).payees \
        is None
    assert (ENGINE.evaluate(m, claim("dental", "2023-02-01")).payee, ENGINE.evaluate(m, claim("dental", "2023-02-01"))
            .payees) == ("member", None)


def test_batch_problems() -> None:
    with pytest.raises(InputError) as e:
        ENGINE.evaluate_batch([member()], [claim("dental", "2024-01-05", claim_id="x"),
                                           claim("dental", "2024-02-05", claim_id="x")])
    assert problems(e) == [("duplicate-claim-id", ("claim_id",), "x", "claim id 'x' appears twice", None, None)]
    with pytest.raises(InputError) as e:
        ENGINE.evaluate_batch([member()], [claim("dental", "2024-01-05", member_id="m-9")])
    assert problems(e) == [("unknown-member", ("member_id",), "m-9", "no member with id 'm-9'", None, None)]


TWO_VERSIONS = YAML.replace('''      grace_days: 0
      suspend_after: 2
''', '''      grace_days: 0
''').replace('''  - version: "2000"''', '''  - version: "2000"
    until: 2023-12-31''') + YAML[YAML.index('  - version: "2000"'):].replace('"2000"', '"2024"').replace(
    "effective: 2000-01-01", "effective: 2024-01-01").replace("grace_days: 0", "grace_days: 10")


def test_batch_caps_count_payouts_decided_under_an_earlier_version() -> None:
    reg = load_regulation_text(TWO_VERSIONS, "two.yaml")
    assert [v.membership.grace_days for v in reg.file.versions] == [0, 10]
    eng = Engine(reg, functions={"echo": lambda f, c: D(1)})
    # FY 2567 spans both versions: 600 paid on 5 Dec 2023 (version 2000) leaves 400 for 5 Feb 2024 (version 2024),
    # and nothing for 5 Mar 2024.  The member's history holds 1 baht of dental paid on 1 Jun 2023.
    out = eng.evaluate_batch([member(payouts=[paid("dental", "2023-06-01", "1", "old")])],
                             [claim("hospital", "2023-12-05", units=3, claim_id="h1"),
                              claim("hospital", "2024-02-05", units=3, claim_id="h2"),
                              claim("hospital", "2024-03-05", units=3, claim_id="h3"),
                              claim("dental", "2024-01-02", claim_id="d1")])
    assert [(d.claim_id, d.version, d.amount) for d in out] == [
        ("h1", "2000", D(600)), ("d1", "2024", D(300)), ("h2", "2024", D(400)), ("h3", "2024", D(0))]
    # the history payout was seen under version 2024's rules too: 500 - 1 = 499 left, 300 paid
    assert out[1].breakdown["caps"][0]["used"] == "1"
