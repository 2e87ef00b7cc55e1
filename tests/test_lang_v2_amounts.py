"""Language version 2, amounts: as billed, a linear floor, shared caps and caps for each person -- exact amounts at
the boundaries (the cap reached exactly, the day before and after a window, the floor, the ceiling)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from swf_rules import Engine
from swf_rules.core.errors import InputError
from swf_rules.core.explain import explain
from swf_rules.testing import claim, history

from v2_common import ENGINE, HEAD, regulation

M = history(joined="2015-01-15")


def child(cid: str, born: str = "2008-05-01") -> dict:
    return {"id": cid, "relationship": "child", "birth_date": born}


def amounts(claims: list, member=M, engine: Engine = ENGINE) -> list[tuple[bool, Decimal]]:
    return [(d.eligible, d.amount) for d in sorted(engine.evaluate_batch([member], claims),
                                                 key=lambda d: d.claim_id)]


# ------------------------------------------------------------------------------------------ billed
@pytest.mark.parametrize("bill,expected,raw", [
    ("0", "0", "0"),
    ("1250.50", "1000", "1000.40"),        # 80% = 1000.40, half up to whole baht
    ("1250.63", "1001", "1000.504"),        # 1000.504 rounds up
    ("2500", "2000", "2000"),               # exactly the per-event cap
    ("2501.25", "2000", "2001"),            # one baht over the cap is capped
])
def test_billed_is_a_percentage_of_the_bill_then_capped(bill: str, expected: str, raw: str) -> None:
    d = ENGINE.evaluate(M, claim("hospital", "2020-03-02", details={"bill": bill}))
    assert (d.eligible, d.amount, d.breakdown["raw_amount"]) == (True, Decimal(expected), raw)
    assert d.breakdown["billed"] == {"field": "bill", "billed": bill, "percent": "80"}


def test_billed_field_is_required_and_a_number_of_baht() -> None:
    with pytest.raises(InputError) as e:
        ENGINE.evaluate(M, claim("hospital", "2020-03-02"))
    assert [(p.code, p.path) for p in e.value.problems] == [("missing-claim-field", ("details", "bill"))]
    for bill, code in (("-1", "money-negative"), ("10.005", "money-precision")):
        with pytest.raises(InputError) as e:
            ENGINE.evaluate(M, claim("hospital", "2020-03-02", details={"bill": bill}))
        assert [(p.code, p.path, p.value) for p in e.value.problems] == [(code, ("details", "bill"), bill)]


def test_billed_explanation_shows_the_bill_and_the_percentage() -> None:
    d = ENGINE.evaluate(M, claim("hospital", "2020-03-02", details={"bill": "1250.50"}))
    assert "    billed (bill) 1250.50 x 80%\n" in explain(d)
    assert "    ตามใบเสร็จ (bill) 1250.50 x 80%\n" in explain(d, "th")


# ------------------------------------------------------------------------------------------ floor
@pytest.mark.parametrize("day,expected,applied", [
    ("2015-01-15", "3000", "floor"),      # the first day: 0 years, 0 raised to the floor
    ("2016-01-14", "3000", "floor"),      # the day before one year
    ("2016-01-15", "3000", "floor"),      # 1 year = 2000, still under the floor
    ("2017-01-15", "4000", None),         # 2 years, above the floor
    ("2025-01-14", "18000", None),        # 9 completed years
    ("2025-01-15", "20000", None),        # 10 years = 20000, exactly the ceiling: nothing applied
    ("2026-01-15", "20000", "ceiling"),   # 11 years = 22000, lowered to the ceiling
])
def test_linear_floor_and_ceiling(day: str, expected: str, applied: str | None) -> None:
    d = ENGINE.evaluate(M, claim("lump_sum", day))
    assert (d.eligible, d.amount, d.breakdown["linear"]["applied"]) == (True, Decimal(expected), applied)
    assert (d.breakdown["linear"]["floor"], d.breakdown["linear"]["ceiling"]) == ("3000", "20000")


def test_linear_without_a_floor_has_no_linear_breakdown() -> None:
    reg = regulation(HEAD + """    benefits:
      - id: lump_sum
        kind: elderly
        title: {th: บำเหน็จ, en: Lump sum}
        clause: "ข้อ 10"
        amount: {type: linear, by: tenure, tenure: {rounding: completed_years, membership: continuous},
                 per_year: 2000, ceiling: 20000}
""")
    d = Engine(reg).evaluate(M, claim("lump_sum", "2016-01-15"))
    assert (d.amount, "linear" in d.breakdown) == (Decimal(2000), False)


# ------------------------------------------------------------------------------------------ shared caps
def test_shared_cap_pays_the_remainder_across_benefits_and_resets_with_the_fiscal_year() -> None:
    cs = [claim("hospital", "2020-10-01", claim_id="c1", details={"bill": "2500"}),     # 2000
          claim("outpatient", "2021-02-01", claim_id="c2", details={"bill": "999.99"}),  # 999.99 -> 1000
          claim("outpatient", "2021-09-30", claim_id="c3", details={"bill": "500"}),    # 0 left in FY 2564
          claim("outpatient", "2021-10-01", claim_id="c4", details={"bill": "500"})]    # FY 2565: 500
    assert amounts(cs) == [(True, Decimal(2000)), (True, Decimal(1000)), (True, Decimal(0)), (True, Decimal(500))]


def test_shared_cap_reached_exactly_then_zero() -> None:
    cs = [claim("outpatient", "2021-01-01", claim_id="c1", details={"bill": "1000"}),
          claim("hospital", "2021-02-01", claim_id="c2", details={"bill": "2500"}),  # 2000: exactly 3000 in total
          claim("outpatient", "2021-03-01", claim_id="c3", details={"bill": "1"})]
    ds = {d.claim_id: d for d in ENGINE.evaluate_batch([M], cs)}
    assert [ds[c].amount for c in ("c1", "c2", "c3")] == [Decimal(1000), Decimal(2000), Decimal(0)]
    shared = ds["c3"].breakdown["caps"][-1]
    assert shared == {"per": "fiscal_year", "measure": "money", "limit": "3000", "window": ["2020-10-01", "2021-09-30"],
                      "used": "3000", "remaining": "0", "before": "1", "after": "0", "clause": "ข้อ 12",
                      "shared": "medical", "benefits": ["hospital", "outpatient"]}
    assert "[shared cap medical: hospital, outpatient]" in explain(ds["c3"])


def test_shared_cap_counts_payouts_from_the_member_history() -> None:
    m = history(joined="2015-01-15", payouts=[{"claim_id": "h1", "benefit": "hospital", "event_date": "2020-11-01",
                                                "amount": "2800"}])
    d = ENGINE.evaluate(m, claim("outpatient", "2021-01-01", details={"bill": "900"}))
    assert (d.eligible, d.amount) == (True, Decimal(200))


@pytest.mark.parametrize("per,first_day,expected", [
    ("event", "2021-01-01", ["1000", "500"]),           # same day: 1500 together
    ("calendar_year", "2021-01-01", ["1000", "500"]),
    ("rolling_365_days", "2020-01-03", ["1000", "500"]),  # 2021-01-01 - 364 days = 2020-01-03 (2020 is leap)
    ("rolling_365_days", "2020-01-02", ["1000", "1000"]),  # one day earlier: outside the 365 days
    ("lifetime", "2016-01-01", ["1000", "500"]),
])
def test_shared_cap_windows(per: str, first_day: str, expected: list[str]) -> None:
    reg = regulation(HEAD + f"""    shared_caps:
      - {{id: together, benefits: [a, b], per: {per}, money: 1500}}
    benefits:
      - {{id: a, kind: a, title: {{th: ก, en: A}}, clause: "1", amount: {{type: flat, amount: 1000}}}}
      - {{id: b, kind: b, title: {{th: ข, en: B}}, clause: "2", amount: {{type: flat, amount: 1000}}}}
""")
    ds = Engine(reg).evaluate_batch([M], [claim("a", first_day, claim_id="c1"), claim("b", "2021-01-01", claim_id="c2")])
    assert [str(d.amount) for d in sorted(ds, key=lambda d: d.claim_id)] == expected


# ------------------------------------------------------------------------------------------ caps for each person
def test_count_cap_for_each_person() -> None:
    cs = [claim("scholarship", "2021-03-01", claim_id="c1", person=child("k1")),
          claim("scholarship", "2021-03-01", claim_id="c2", person=child("k2", "2010-01-01")),
          claim("scholarship", "2021-09-30", claim_id="c3", person=child("k1")),
          claim("scholarship", "2021-10-01", claim_id="c4", person=child("k1"))]
    assert amounts(cs) == [(True, Decimal(500)), (True, Decimal(500)), (False, Decimal(0)), (True, Decimal(500))]
    ds = {d.claim_id: d for d in ENGINE.evaluate_batch([M], cs)}
    (cap,) = [r for r in ds["c3"].reasons if r["check"] == "count_cap"]
    assert cap["values"] == {"per": "fiscal_year", "limit": 1, "used": 1, "window": ["2020-10-01", "2021-09-30"],
                             "person": "k1"}
    assert cap["message"]["en"] == "paid 1 of at most 1 times per fiscal year, for person k1"


def test_money_cap_for_each_person_pays_the_remainder() -> None:
    # 1200 per child over the membership: 500 + 500 + 200 for k1; k2 is counted apart
    cs = [claim("scholarship", f"{y}-03-01", claim_id=f"c{y}", person=child("k1")) for y in (2019, 2020, 2021, 2022)]
    cs.append(claim("scholarship", "2022-03-01", claim_id="c9", person=child("k2", "2010-01-01")))
    got = {d.claim_id: d.amount for d in ENGINE.evaluate_batch([M], cs)}
    assert got == {"c2019": Decimal(500), "c2020": Decimal(500), "c2021": Decimal(200), "c2022": Decimal(0),
                   "c9": Decimal(500)}


def test_person_caps_count_the_history_by_person() -> None:
    m = history(joined="2015-01-15", payouts=[
        {"claim_id": "h1", "benefit": "scholarship", "event_date": "2021-01-10", "amount": "500", "person": "k1"},
        {"claim_id": "h2", "benefit": "scholarship", "event_date": "2020-01-10", "amount": "500", "person": "k1"}])
    assert ENGINE.evaluate(m, claim("scholarship", "2021-03-01", person=child("k1"))).failing[0]["check"] == "count_cap"
    d = ENGINE.evaluate(m, claim("scholarship", "2021-03-01", person=child("k2", "2010-01-01")))
    assert (d.eligible, d.amount) == (True, Decimal(500))
