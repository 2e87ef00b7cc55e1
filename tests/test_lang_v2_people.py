"""Language version 2, people: who is paid (beneficiaries' shares to the satang, the heirs, the family, the
applicant), the person a claim is about, one event claimed by several members, and benefits for non-members."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest

from swf_rules.cli import main
from swf_rules.core.errors import InputError
from swf_rules.core.explain import explain
from swf_rules.core.history import DecisionModel, member_warnings, parse_member
from swf_rules.core.national_id import national_id_check_digit, national_id_digits, national_id_ok
from swf_rules.core.payees import shares_fault, split
from swf_rules.core.model import Shares
from swf_rules.testing import claim, history

from v2_common import ENGINE, REG

DEAD = {"joined": "2015-01-15", "died_on": "2020-05-01"}


def ben(name: str, share: str | None = None, nid: str | None = None) -> dict:
    out: dict = {"name": name, "relationship": "บุตร"}
    if share is not None:
        out["share"] = share
    if nid is not None:
        out["national_id"] = nid
    return out


# ------------------------------------------------------------------------------------------ shares
@pytest.mark.parametrize("amount,shares,rule,expected", [
    ("1000", ["1/3"] * 3, Shares(), ["333.34", "333.33", "333.33"]),                      # remainder first
    ("1000", ["1/3"] * 3, Shares(remainder="last"), ["333.33", "333.33", "333.34"]),
    ("1000", ["1/6", "1/2", "1/3"], Shares(remainder="largest"), ["166.66", "500.01", "333.33"]),
    ("200", ["1/3"] * 3, Shares(mode="half_up"), ["66.66", "66.67", "66.67"]),             # remainder -0.01
    ("1000", ["1/3"] * 3, Shares(unit=Decimal(1)), ["334", "333", "333"]),                # whole baht
    ("0", ["1/2", "1/2"], Shares(), ["0", "0"]),
])
def test_split_adds_up_to_the_amount_exactly(amount: str, shares: list[str], rule: Shares,
                                             expected: list[str]) -> None:
    parts = split(Decimal(amount), [Fraction(s) for s in shares], rule)
    assert parts == [Decimal(e) for e in expected]
    assert sum(parts) == Decimal(amount)


def test_death_benefit_paid_in_declared_shares_with_the_remainder_last() -> None:
    m = history(**DEAD, beneficiaries=[ben("ก"), ben("ข"), ben("ค")])
    d = ENGINE.evaluate(m, claim("death", "2020-05-01"))
    assert [(p["name"], p["share"], p["amount"]) for p in d.payees] == [
        ("ก", "1/3", "333.33"), ("ข", "1/3", "333.33"), ("ค", "1/3", "333.34")]
    assert d.payee == "beneficiary"


def test_named_shares_and_national_ids() -> None:
    m = history(**DEAD, beneficiaries=[ben("ก", "1/2", "1-1017-00203-45-0"), ben("ข", "0.3", "1101700203451"),
                                       ben("ค", "1/5")])
    d = ENGINE.evaluate(m, claim("death", "2020-05-01"))
    assert [(p["amount"], p.get("national_id_checksum")) for p in d.payees] == [
        ("500", "ok"), ("300", "fails"), ("200", None)]
    assert [(w.code, w.path, w.severity) for w in member_warnings(m)] == [
        ("national-id-checksum", ("beneficiaries", 1, "national_id"), "warning")]
    text = explain(d)
    assert "    -> ข (บุตร; national ID 1101700203451 (fails its check digit)), share 3/10: 300 baht\n" in text


def test_no_beneficiary_named_pays_the_heirs() -> None:
    d = ENGINE.evaluate(history(**DEAD), claim("death", "2020-05-01"))
    assert d.to_dict()["payees"] == [{"to": "heirs", "amount": "1000"}]
    assert "    -> the heirs (no beneficiary is named): 1000 baht\n" in explain(d)


def test_the_wreath_goes_to_the_family() -> None:
    d = ENGINE.evaluate(history(**DEAD, beneficiaries=[ben("ก")]), claim("wreath", "2020-05-01"))
    assert (d.payee, d.to_dict()["payees"]) == ("family", [{"to": "family", "amount": "500"}])


@pytest.mark.parametrize("bens,code,path", [
    ([ben("ก", "1/2"), ben("ข", "1/3")], "beneficiary-shares", ("beneficiaries",)),
    ([ben("ก", "0.33"), ben("ข", "0.33"), ben("ค", "0.33")], "beneficiary-shares", ("beneficiaries",)),
    ([ben("ก", "1/2"), ben("ข")], "missing-field", ("beneficiaries", 1, "share")),
    ([ben("ก", nid="12345")], "national-id-format", ("beneficiaries", 0, "national_id")),
])
def test_bad_beneficiaries_are_refused_with_a_located_problem(bens: list, code: str, path: tuple) -> None:
    data = history(**DEAD).model_dump(mode="json")
    data["beneficiaries"] = bens
    with pytest.raises(InputError) as e:
        parse_member(data)
    assert [(p.code, p.path) for p in e.value.problems] == [(code, path)]


@pytest.mark.parametrize("text,digits,ok", [
    ("1101700203450", "1101700203450", True),
    ("1101700203451", "1101700203451", False),
    ("๑-๑๐๑๗-๐๐๒๐๓-๔๕-๐", "1101700203450", True),       # Thai digits and hyphens
    ("3 1005 00412 35 2", "3100500412352", True),         # 3x13+1x12+5x9+4x6+1x5+2x4+3x3+5x2 = 152; 11 - 152 mod 11 = 2
    ("3 1005 00412 35 1", "3100500412351", False),
    ("12345", None, None),
    ("11017002034500", None, None),                       # 14 digits
])
def test_national_id_check_digit(text: str, digits: str | None, ok: bool | None) -> None:
    assert national_id_digits(text) == digits
    if digits is not None:
        assert national_id_ok(digits) is ok
        assert (national_id_check_digit(digits[:12]) == digits[12]) is ok


def test_the_books_register_reads_national_ids_and_shares_with_the_same_core_functions() -> None:
    import swf_rules.books as books
    from swf_rules.books import _registers
    assert (books.national_id_digits, books.national_id_ok, books.national_id_check_digit) == (
        national_id_digits, national_id_ok, national_id_check_digit)
    assert (_registers.national_id_digits, _registers.national_id_ok, _registers.shares_fault) == (
        national_id_digits, national_id_ok, shares_fault)


@pytest.mark.parametrize("shares,fault", [
    ([], None), ([None, None], None), ([Fraction(1, 2), Fraction(1, 2)], None), ([Fraction(1)], None),
    ([Fraction(1, 2), None], ("missing", 1)), ([None, Fraction(1, 2), None], ("missing", 0)),
    ([Fraction(1, 3), Fraction(1, 3)], ("total", Fraction(2, 3))),
    ([Fraction(3, 4), Fraction(1, 2)], ("total", Fraction(5, 4))),
])
def test_shares_are_all_given_adding_up_to_one_or_none(shares: list, fault: tuple | None) -> None:
    assert shares_fault(shares) == fault


def test_a_v1_style_decision_has_no_payees_and_keeps_its_keys() -> None:
    d = ENGINE.evaluate(history(joined="2015-01-15"), claim("lump_sum", "2020-01-15"))
    assert "payees" not in d.to_dict() and "person" not in d.to_dict()
    assert d.payee == "member"


# ------------------------------------------------------------------------------------------ the person
def test_person_age_boundary_is_the_birthday() -> None:
    m = history(joined="2015-01-15")
    kid = {"id": "k", "relationship": "child", "birth_date": "1996-03-01"}
    d = ENGINE.evaluate(m, claim("scholarship", "2021-02-28", person=kid))  # 24 the day before turning 25
    assert (d.eligible, d.amount) == (True, Decimal(500))
    d = ENGINE.evaluate(m, claim("scholarship", "2021-03-01", person=kid))
    assert [(r["check"], r["values"]["age"]) for r in d.failing] == [("person_age", 25)]


def test_parent_matches_father_and_mother_and_the_person_must_not_be_a_member() -> None:
    m = history(joined="2015-01-15")
    for rel in ("father", "mother"):
        d = ENGINE.evaluate(m, claim("parent_death", "2021-01-01", person={"id": rel, "relationship": rel}))
        assert (d.eligible, d.amount) == (True, Decimal(1000))
    d = ENGINE.evaluate(m, claim("parent_death", "2021-01-01",
                                 person={"id": "f", "relationship": "father", "member_id": "m-2"}))
    assert [r["check"] for r in d.failing] == ["person_member"]
    d = ENGINE.evaluate(m, claim("parent_death", "2021-01-01", person={"id": "s", "relationship": "spouse"}))
    assert [r["message"]["en"] for r in d.failing] == ["the claim is about the member's spouse (must be parent)"]


def test_missing_person_is_a_located_input_problem() -> None:
    m = history(joined="2015-01-15")
    with pytest.raises(InputError) as e:
        ENGINE.evaluate(m, claim("scholarship", "2021-01-01"))
    assert [(p.code, p.path) for p in e.value.problems] == [("missing-claim-field", ("person",))]
    with pytest.raises(InputError) as e:
        ENGINE.evaluate(m, claim("scholarship", "2021-01-01", person={"id": "k"}))
    assert [(p.code, p.path) for p in e.value.problems] == [
        ("missing-claim-field", ("person", "birth_date")), ("missing-claim-field", ("person", "relationship"))]


# ------------------------------------------------------------------------------------------ several members
def test_once_per_event_refuses_the_second_parent_at_claim_time() -> None:
    mother = history("m-1", joined="2015-01-15", sex="female")
    d = ENGINE.evaluate(mother, claim("birth", "2021-01-01", event_ref="b-1", paid_elsewhere=[
        {"member_id": "m-2", "claim_id": "c-9", "benefit": "birth", "amount": "1000"}]))
    (r,) = d.failing
    assert (r["check"], r["values"]["paid_to"]) == ("other_member", ["m-2/c-9"])
    # a payout of another benefit for the same event does not count
    d = ENGINE.evaluate(mother, claim("birth", "2021-01-01", event_ref="b-1", paid_elsewhere=[
        {"member_id": "m-2", "claim_id": "c-9", "benefit": "birth_each", "amount": "300"}]))
    assert (d.eligible, d.amount) == (True, Decimal(1000))


def test_a_batch_catches_both_parents_by_event_ref_and_once_per_member_pays_each() -> None:
    mother = history("m-1", joined="2015-01-15", sex="female")
    father = history("m-2", joined="2015-01-15", sex="male")
    cs = [claim("birth", "2021-01-01", claim_id="c1", member_id="m-1", event_ref="b-1"),
          claim("birth", "2021-01-01", claim_id="c2", member_id="m-2", event_ref="b-1"),
          claim("birth", "2021-01-01", claim_id="c3", member_id="m-2", event_ref="b-2"),
          claim("birth_each", "2021-01-01", claim_id="c4", member_id="m-1", event_ref="b-1"),
          claim("birth_each", "2021-01-01", claim_id="c5", member_id="m-2", event_ref="b-1")]
    got = {d.claim_id: (d.eligible, d.amount) for d in ENGINE.evaluate_batch([mother, father], cs)}
    assert got == {"c1": (True, Decimal(1000)), "c2": (False, Decimal(0)), "c3": (True, Decimal(1000)),
                   "c4": (True, Decimal(300)), "c5": (True, Decimal(300))}


# ------------------------------------------------------------------------------------------ non-members
APPLICANT = {"id": "p-1", "name": "นาง ง", "birth_date": "1960-06-01"}


def test_non_member_decided_without_a_history_age_boundary() -> None:
    d = ENGINE.evaluate(None, claim("needy", "2020-05-31", member_id="p-1", person=APPLICANT,
                                    details={"group": "disabled"}))
    assert [r["check"] for r in d.failing] == ["age"]  # 59 the day before her 60th birthday
    d = ENGINE.evaluate(None, claim("needy", "2020-06-01", member_id="p-1", person=APPLICANT,
                                    details={"group": "disabled"}))
    assert (d.eligible, d.amount, d.payee) == (True, Decimal(300), "applicant")
    assert d.to_dict()["payees"] == [{"to": "applicant", "name": "นาง ง", "amount": "300"}]
    assert [r["check"] for r in d.reasons] == ["not_member", "age", "same_event", "count_cap"]


def test_a_member_is_refused_a_benefit_for_non_members() -> None:
    d = ENGINE.evaluate(history(joined="2015-01-15", birth="1950-01-01"),
                        claim("needy", "2020-06-01", details={"group": "disabled"}))
    assert [(r["check"], r["values"]) for r in d.failing] == [("not_member", {"status": "active"})]


def test_non_member_caps_count_in_a_batch() -> None:
    cs = [claim("needy", d, claim_id=f"c{i}", member_id="p-1", person=APPLICANT, details={"group": "disabled"})
          for i, d in enumerate(("2021-01-01", "2021-09-30", "2021-10-01"))]
    got = [(d.eligible, d.amount) for d in ENGINE.evaluate_batch([], cs)]
    assert got == [(True, Decimal(300)), (False, Decimal(0)), (True, Decimal(300))]


def test_non_member_inputs() -> None:
    with pytest.raises(InputError) as e:
        ENGINE.evaluate(None, claim("needy", "2021-01-01", member_id="p-1", details={"group": "disabled"}))
    assert [(p.code, p.path) for p in e.value.problems] == [("missing-claim-field", ("person",))]
    with pytest.raises(InputError) as e:
        ENGINE.evaluate(None, claim("death", "2021-01-01"))
    assert [(p.code, p.value) for p in e.value.problems] == [("missing-member", "m-1")]


# ------------------------------------------------------------------------------------------ JSON and CLI
def test_v2_decision_validates_against_the_decision_schema() -> None:
    m = history(**DEAD, beneficiaries=[ben("ก", nid="1101700203450"), ben("ข")])
    for d in (ENGINE.evaluate(m, claim("death", "2020-05-01")),
              ENGINE.evaluate(None, claim("needy", "2020-06-01", member_id="p-1", person=APPLICANT,
                                          details={"group": "disabled"}))):
        DecisionModel.model_validate(json.loads(d.to_json()))


def test_cli_evaluate_without_member_and_with_a_checksum_warning(tmp_path, capsys) -> None:
    reg = tmp_path / "v2.yaml"
    from v2_common import TEXT
    reg.write_text(TEXT, encoding="utf-8")
    c = tmp_path / "c.json"
    c.write_text(json.dumps({"claim_id": "c-1", "member_id": "p-1", "benefit": "needy", "event_date": "2020-06-01",
                             "person": APPLICANT, "details": {"group": "disabled"}}), encoding="utf-8")
    assert main(["evaluate", str(reg), "--claim", str(c)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["amount"], out["payee"], out["payees"]) == ("300", "applicant",
                                                           [{"to": "applicant", "name": "นาง ง", "amount": "300"}])
    data = history(**DEAD, beneficiaries=[ben("ก", nid="1101700203451")]).model_dump(mode="json")
    mf = tmp_path / "m.json"
    mf.write_text(json.dumps(data), encoding="utf-8")
    c.write_text(json.dumps({"claim_id": "c-2", "member_id": "m-1", "benefit": "death", "event_date": "2020-05-01"}),
                 encoding="utf-8")
    assert main(["evaluate", str(reg), "--member", str(mf), "--claim", str(c)]) == 0
    err = capsys.readouterr().err
    assert err == (f"{mf}:$.beneficiaries[0].national_id national-id-checksum national ID 1101700203451 fails its "
                   "check digit (kept: real registers hold such IDs)\n")
    assert REG.fund_id == "vtwo"


def test_a_non_member_rule_on_sex_needs_the_applicants_sex() -> None:
    from swf_rules import Engine
    from v2_common import HEAD, regulation
    reg = regulation(HEAD + """    benefits:
      - id: widow
        kind: widow
        title: {th: หญิงหม้ายในตำบล, en: Widows of the subdistrict}
        clause: "1"
        recipients: non_members
        eligibility:
          conditions: [{when: sex == "female"}]
        amount: {type: flat, amount: 300}
""")
    person = {"id": "p", "birth_date": "1950-01-01"}
    with pytest.raises(InputError) as e:
        Engine(reg).evaluate(None, claim("widow", "2020-01-01", member_id="p", person=person))
    assert [(p.code, p.path) for p in e.value.problems] == [("missing-claim-field", ("person", "sex"))]
    for sex, ok in (("female", True), ("male", False)):
        d = Engine(reg).evaluate(None, claim("widow", "2020-01-01", member_id="p", person={**person, "sex": sex}))
        assert (d.eligible, d.amount) == (ok, Decimal(300) if ok else Decimal(0))
