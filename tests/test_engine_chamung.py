"""Worked decisions for the Chamung regulation, with exact amounts and exact failing checks."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from swf_rules import Engine, InputError, load_regulation, parse_claim, parse_member
from swf_rules.testing import claim, history

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_regulation(ROOT / "regulations" / "chamung.yaml"))


def failing(d) -> list[str]:
    return [r["check"] for r in d.reasons if r["passed"] is False]


def stay(event: str, nights: int, amount: str, claim_id: str) -> dict:
    return {"claim_id": claim_id, "benefit": "hospital", "event_date": event, "units": nights, "amount": amount}


# --------------------------------------------------------------------------------------------- hospital caps
def test_second_stay_in_same_fiscal_year_pays_remainder_of_yearly_cap(engine: Engine) -> None:
    m = history(joined="2019-01-15", payouts=[stay("2023-11-02", 3, "600", "c-0091")])
    d = engine.evaluate(m, claim("hospital", "2024-02-10", end_date="2024-02-13"))
    assert (d.eligible, d.amount) == (True, Decimal(400))
    caps = d.breakdown["caps"]
    assert [(c["per"], c["used"], c["remaining"], c["before"], c["after"]) for c in caps] == [
        ("stay", "0", "600", "600", "600"), ("fiscal_year", "600", "400", "600", "400")]
    assert caps[1]["window"] == ["2023-10-01", "2024-09-30"]


def test_first_stay_of_new_fiscal_year_is_paid_in_full(engine: Engine) -> None:
    m = history(joined="2019-01-15", payouts=[stay("2023-11-02", 3, "600", "a"), stay("2024-03-01", 2, "400", "b")])
    d = engine.evaluate(m, claim("hospital", "2024-10-01", units=3))
    assert (d.eligible, d.amount) == (True, Decimal(600))
    d = engine.evaluate(m, claim("hospital", "2024-09-30", units=3))
    assert (d.eligible, d.amount) == (True, Decimal(0))


def test_per_stay_cap_limits_a_long_stay(engine: Engine) -> None:
    d = engine.evaluate(history(joined="2019-01-15"), claim("hospital", "2024-02-10", units=5))
    assert d.amount == Decimal(600)
    assert d.breakdown["raw_amount"] == "1000"


def test_nights_from_admission_and_discharge_dates(engine: Engine) -> None:
    d = engine.evaluate(history(joined="2019-01-15"), claim("hospital", "2024-02-28", end_date="2024-03-01"))
    assert (d.breakdown["units"], d.amount) == (2, Decimal(400))  # 2024 is a leap year: 28 Feb -> 1 Mar = 2


def test_payouts_after_the_event_do_not_count(engine: Engine) -> None:
    m = history(joined="2019-01-15", payouts=[stay("2024-05-01", 3, "600", "later")])
    d = engine.evaluate(m, claim("hospital", "2024-02-10", units=3))
    assert d.amount == Decimal(600)


# --------------------------------------------------------------------------------------------- waiting period
@pytest.mark.parametrize("event, ok", [("2019-07-13", False), ("2019-07-14", True)])
def test_waiting_period_boundary(engine: Engine, event: str, ok: bool) -> None:
    d = engine.evaluate(history(joined="2019-01-15"), claim("birth", event))
    assert (d.eligible, d.amount) == (ok, Decimal(1000) if ok else Decimal(0))
    w = next(r for r in d.reasons if r["check"] == "waiting")
    assert w["values"]["served_on"] == "2019-07-14"
    assert failing(d) == ([] if ok else ["waiting"])


def test_twins_are_one_delivery(engine: Engine) -> None:
    d = engine.evaluate(history(joined="2019-01-15"), claim("birth", "2020-05-01", children=2))
    assert d.amount == Decimal(1000)


def test_same_birth_cannot_be_paid_twice(engine: Engine) -> None:
    m = history(joined="2019-01-15", payouts=[{"claim_id": "b1", "benefit": "birth", "event_date": "2020-05-01",
                                               "amount": "1000"}])
    d = engine.evaluate(m, claim("birth", "2020-05-01", claim_id="b2"))
    assert (d.eligible, failing(d)) == (False, ["same_event"])
    # re-deciding the recorded claim itself is not a duplicate
    d = engine.evaluate(m, claim("birth", "2020-05-01", claim_id="b1"))
    assert (d.eligible, d.amount) == (True, Decimal(1000))


# --------------------------------------------------------------------------------------------- lapse
def test_three_missed_months_end_membership(engine: Engine) -> None:
    m = history(joined="2019-01-15", paid_until="2021-03-31")  # April, May, June 2021 missed
    d = engine.evaluate(m, claim("hospital", "2021-06-30", units=1))
    assert (d.eligible, d.amount) == (True, Decimal(200))
    status = d.reasons[0]["values"]
    assert (status["status"], status["arrears"]) == ("active", 2)
    d = engine.evaluate(m, claim("hospital", "2021-07-01", units=1))
    assert (d.eligible, failing(d)) == (False, ["status"])
    assert d.reasons[0]["values"]["status"] == "lapsed"


def test_two_missed_months_with_payment_between_do_not_lapse(engine: Engine) -> None:
    m = history(joined="2019-01-15", missed=["2021-04", "2021-05", "2021-07", "2021-08"])
    d = engine.evaluate(m, claim("hospital", "2021-10-10", units=1))
    assert (d.eligible, d.reasons[0]["values"]["status"]) == (True, "active")


def test_resigned_member_is_not_paid(engine: Engine) -> None:
    m = history(joined="2019-01-15", paid_until="2022-12-31",
                spells=[{"start": "2019-01-15", "end": "2023-01-01", "end_reason": "resigned"}])
    d = engine.evaluate(m, claim("hospital", "2023-02-01", units=1))
    assert (d.eligible, failing(d), d.reasons[0]["values"]["status"]) == (False, ["status"], "resigned")


# --------------------------------------------------------------------------------------------- death table
@pytest.mark.parametrize("died, amount, band", [
    ("2019-07-14", 3000, "[0, 1)"),      # 180 days served, under 1 year
    ("2020-01-14", 3000, "[0, 1)"),      # the day before the first anniversary
    ("2020-01-15", 5000, "[1, 3)"),
    ("2022-01-14", 5000, "[1, 3)"),
    ("2022-01-15", 10000, "[3, 5)"),
    ("2024-01-15", 20000, "[5, 10)"),
    ("2029-01-14", 20000, "[5, 10)"),
    ("2029-01-15", 30000, "[10, )"),
])
def test_death_benefit_by_completed_years_at_each_band_edge(engine: Engine, died: str, amount: int,
                                                            band: str) -> None:
    m = history(joined="2019-01-15", died_on=died)
    d = engine.evaluate(m, claim("death", died))
    assert (d.eligible, d.amount, d.breakdown["band"], d.payee) == (True, Decimal(amount), band, "beneficiary")


def test_death_claim_must_be_on_the_date_of_death(engine: Engine) -> None:
    m = history(joined="2019-01-15", died_on="2024-01-15")
    with pytest.raises(InputError) as e:
        engine.evaluate(m, claim("death", "2024-01-16"))
    assert [(p.code, p.json_path) for p in e.value.problems] == [("death-claim-mismatch", "$.event_date")]


def test_no_other_benefit_after_death(engine: Engine) -> None:
    m = history(joined="2019-01-15", died_on="2024-01-15")
    with pytest.raises(InputError) as e:
        engine.evaluate(m, claim("hospital", "2024-02-01", units=1))
    assert [(p.code, p.json_path) for p in e.value.problems] == [("event-after-death", "$.event_date")]


# --------------------------------------------------------------------------------------------- elderly, scholarship
def test_elderly_needs_age_60_and_three_completed_years(engine: Engine) -> None:
    m = history(joined="2019-01-15", birth="1960-03-10")
    d = engine.evaluate(m, claim("elderly", "2022-01-14"))
    assert (d.eligible, failing(d)) == (False, ["tenure"])
    d = engine.evaluate(m, claim("elderly", "2022-01-15"))
    assert (d.eligible, d.amount) == (True, Decimal(200))
    young = history(joined="2010-01-15", birth="1963-01-16")
    d = engine.evaluate(young, claim("elderly", "2023-01-15"))
    assert (d.eligible, failing(d)) == (False, ["age"])


def test_elderly_allowance_once_per_fiscal_year(engine: Engine) -> None:
    m = history(joined="2015-01-15", birth="1950-01-01", payouts=[
        {"claim_id": "e1", "benefit": "elderly", "event_date": "2023-10-05", "amount": "200"}])
    d = engine.evaluate(m, claim("elderly", "2024-09-30"))
    assert (d.eligible, failing(d)) == (False, ["allowance_period"])
    d = engine.evaluate(m, claim("elderly", "2024-10-01"))
    assert (d.eligible, d.amount) == (True, Decimal(200))


@pytest.mark.parametrize("gpa, ok", [("3.49", False), ("3.5", True), ("4", True)])
def test_scholarship_grade_boundary(engine: Engine, gpa: str, ok: bool) -> None:
    d = engine.evaluate(history(joined="2015-01-15"),
                        claim("scholarship", "2024-03-31", details={"gpa": gpa, "level": "m3"}))
    assert (d.eligible, d.amount) == (ok, Decimal(500) if ok else Decimal(0))


def test_scholarship_needs_its_claim_fields(engine: Engine) -> None:
    with pytest.raises(InputError) as e:
        engine.evaluate(history(joined="2015-01-15"), claim("scholarship", "2024-03-31", details={"gpa": "3.6"}))
    assert [(p.code, p.json_path) for p in e.value.problems] == [("missing-claim-field", "$.details.level")]
    with pytest.raises(InputError) as e:
        engine.evaluate(history(joined="2015-01-15"),
                        claim("scholarship", "2024-03-31", details={"gpa": "3.6", "level": "p5", "x": 1}))
    assert [(p.code, p.json_path) for p in e.value.problems] == [("not-allowed", "$.details.level"),
                                                                 ("unknown-key", "$.details.x")]


# --------------------------------------------------------------------------------------------- all failing checks
def test_ineligible_decision_lists_every_failing_check(engine: Engine) -> None:
    m = history(joined="2019-01-15", birth="1990-01-01", paid_until="2019-02-28")
    d = engine.evaluate(m, claim("elderly", "2019-06-01"))
    assert failing(d) == ["status", "waiting", "tenure", "age"]
    assert d.amount == Decimal(0)


# --------------------------------------------------------------------------------------------- calendars
def test_same_history_in_buddhist_and_gregorian_dates_gives_identical_decision(engine: Engine) -> None:
    ce = history(joined="2019-01-15", birth="1960-02-29", payouts=[stay("2023-11-02", 3, "600", "c-0091")])
    data = ce.model_dump(mode="json")

    def be(s):
        return None if s is None else f"{int(s[:4]) + 543}{s[4:]}"
    data_be = {**data, "calendar": "buddhist", "birth_date": be(data["birth_date"]),
               "spells": [{**s, "start": be(s["start"]), "end": be(s["end"])} for s in data["spells"]],
               "contributions": [{**c, "date": be(c["date"]), "covers": be(c["covers"])}
                                 for c in data["contributions"]],
               "payouts": [{**p, "event_date": be(p["event_date"]), "end_date": be(p["end_date"])}
                           for p in data["payouts"]]}
    m_be = parse_member(data_be)
    c_ce = parse_claim({"claim_id": "c-0107", "member_id": "m-1", "benefit": "hospital",
                        "event_date": "2024-02-29", "end_date": "2024-03-03"})
    c_be = parse_claim({"calendar": "buddhist", "claim_id": "c-0107", "member_id": "m-1", "benefit": "hospital",
                        "event_date": "2567-02-29", "end_date": "2567-03-03"})
    a, b = engine.evaluate(ce, c_ce), engine.evaluate(m_be, c_be)
    assert a.to_json() == b.to_json()
    assert a.amount == Decimal(400)


def test_undeclared_buddhist_year_is_an_error_not_a_guess() -> None:
    with pytest.raises(InputError) as e:
        parse_claim({"claim_id": "c", "member_id": "m", "benefit": "birth", "event_date": "2567-02-10"})
    assert [(p.code, p.json_path) for p in e.value.problems] == [("undeclared-buddhist-date", "$.event_date")]


def test_decisions_are_byte_identical_across_runs(engine: Engine) -> None:
    m = history(joined="2019-01-15", payouts=[stay("2023-11-02", 3, "600", "c-0091")])
    c = claim("hospital", "2024-02-10", units=3)
    first = engine.evaluate(m, c).to_json()
    again = Engine(load_regulation(ROOT / "regulations" / "chamung.yaml")).evaluate(m, c).to_json()
    assert first == again
