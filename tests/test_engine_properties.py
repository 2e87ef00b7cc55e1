"""Property tests of the engine over generated member histories and claims (Chamung regulation)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swf_rules import Engine, SwfError, load_regulation
from swf_rules.core.dates import add_period, fiscal_year
from swf_rules.testing import claim, history

ROOT = Path(__file__).resolve().parent.parent
REG = load_regulation(ROOT / "regulations" / "chamung.yaml")
ENGINE = Engine(REG)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)

days = st.integers(min_value=0, max_value=365 * 12)
START = date(2013, 2, 15)


@st.composite
def members(draw):
    joined = START + timedelta(days=draw(st.integers(0, 365 * 6)))
    birth = joined - timedelta(days=draw(st.integers(365 * 18, 365 * 80)))
    months = [f"{(joined.year + (joined.month - 1 + k) // 12):04d}-{(joined.month - 1 + k) % 12 + 1:02d}"
              for k in range(0, 140)]
    missed = draw(st.lists(st.sampled_from(months), max_size=6, unique=True))
    died = draw(st.one_of(st.none(), st.integers(1, 365 * 11)))
    died_on = joined + timedelta(days=died) if died is not None else None
    return history("m-1", birth=birth, sex=draw(st.sampled_from(["female", "male"])), joined=joined,
                   missed=missed, died_on=died_on)


@st.composite
def claims_for(draw, m, n_max=6):
    joined = m.spells[0].start
    out = []
    for i in range(draw(st.integers(1, n_max))):
        ev = max(START, joined + timedelta(days=draw(st.integers(-30, 365 * 11))))
        if m.died_on is not None and ev > m.died_on:
            ev = m.died_on
        benefit = draw(st.sampled_from(["hospital", "hospital", "hospital", "birth", "elderly", "scholarship"]))
        kw = {}
        if benefit == "hospital":
            kw["units"] = draw(st.integers(0, 12))
        if benefit == "scholarship":
            kw["details"] = {"gpa": draw(st.sampled_from(["2.5", "3.49", "3.5", "4.0"])),
                             "level": draw(st.sampled_from(["p6", "m3", "m6", "university"]))}
        out.append(claim(benefit, ev, claim_id=f"c-{i:03d}", member_id=m.member_id, **kw))
    return out


def _decide_batch(m, cs):
    return ENGINE.evaluate_batch([m], cs)


@SETTINGS
@given(st.data())
def test_totality_a_decision_or_our_own_error(data) -> None:
    m = data.draw(members())
    ev = data.draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31)))
    benefit = data.draw(st.sampled_from(["hospital", "birth", "elderly", "scholarship", "death", "nope"]))
    kw = data.draw(st.fixed_dictionaries({}, optional={"units": st.integers(-3, 40),
                                                        "children": st.integers(1, 4)}))
    try:
        c = claim(benefit, ev, member_id=m.member_id, **kw)
        d = ENGINE.evaluate(m, c)
    except SwfError:
        return
    assert isinstance(d.amount, Decimal)
    assert d.amount >= 0
    assert Decimal(d.to_dict()["amount"]) == d.amount


@SETTINGS
@given(st.data())
def test_caps_never_exceeded_and_nothing_paid_in_waiting_or_after_membership(data) -> None:
    m = data.draw(members())
    cs = data.draw(claims_for(m))
    decisions = _decide_batch(m, cs)
    per_fy: dict[int, Decimal] = {}
    served = add_period(m.spells[0].start, days=180)
    for d in decisions:
        assert isinstance(d.amount, Decimal)
        if d.amount > 0:
            assert d.eligible
            assert d.event_date >= served, "paid inside the waiting period"
            status = next(r for r in d.reasons if r["check"] == "status")["values"]["status"]
            assert status == "active"
        if d.benefit == "hospital":
            assert d.amount <= 600
            per_fy[fiscal_year(d.event_date)] = per_fy.get(fiscal_year(d.event_date), Decimal(0)) + d.amount
    assert all(v <= 1000 for v in per_fy.values()), per_fy


@SETTINGS
@given(st.data())
def test_input_order_changes_nothing(data) -> None:
    m = data.draw(members())
    cs = data.draw(claims_for(m))
    shuffled = list(cs)
    random.Random(data.draw(st.integers(0, 1000))).shuffle(shuffled)
    a = [d.to_json() for d in _decide_batch(m, cs)]
    b = [d.to_json() for d in _decide_batch(m, shuffled)]
    assert a == b


@SETTINGS
@given(st.data())
def test_events_dated_after_the_claim_change_nothing(data) -> None:
    m = data.draw(members())
    cs = data.draw(claims_for(m, n_max=1))
    c = cs[0]
    try:
        before = ENGINE.evaluate(m, c)
    except SwfError:
        return
    later = data.draw(st.lists(st.integers(1, 900), min_size=1, max_size=4))
    extra = [{"claim_id": f"x-{i}", "benefit": "hospital", "event_date": (c.event_date + timedelta(days=k)).isoformat(),
              "units": 3, "amount": "600"} for i, k in enumerate(later)
             if m.died_on is None or c.event_date + timedelta(days=k) <= m.died_on]
    data_m = m.model_dump(mode="json")
    data_m["payouts"] = data_m["payouts"] + extra
    from swf_rules import parse_member
    after = ENGINE.evaluate(parse_member(data_m), c)
    strip = lambda d: {k: v for k, v in d.to_dict().items() if k != "input_fingerprint"}  # noqa: E731
    assert strip(before) == strip(after)


@SETTINGS
@given(st.integers(0, 365 * 30), st.integers(0, 365 * 30))
def test_death_benefit_never_decreases_with_tenure(a: int, b: int) -> None:
    lo, hi = sorted((a, b))
    joined = date(2013, 3, 1)
    amounts = []
    for t in (lo, hi):
        died = joined + timedelta(days=max(t, 180))
        m = history(joined=joined, birth="1950-01-01", died_on=died)
        amounts.append(ENGINE.evaluate(m, claim("death", died)).amount)
    assert amounts[0] <= amounts[1]


@SETTINGS
@given(st.data())
def test_equal_inputs_give_byte_identical_decisions(data) -> None:
    m = data.draw(members())
    cs = data.draw(claims_for(m))
    assert [d.to_json() for d in _decide_batch(m, cs)] == [d.to_json() for d in _decide_batch(m, cs)]
