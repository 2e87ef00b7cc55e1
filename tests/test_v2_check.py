"""``swf-rules check`` on the swf-rules/2 membership constructs: the properties hold for a correct engine, are
only searched for a regulation that uses the constructs, and each one finds a planted mistake."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from swf_rules.committee.check import check_regulation, checks_for, search
from swf_rules.core import _amounts, _checks, facts
from swf_rules.core.validate import load_regulation
from v2_helpers import BENEFITS, regulation

SCHEDULES = """\
clause: "ข้อ 5"
contribution:
  amount: 30
  period: month
  due: {of: next_month, day: 10}
  alternatives:
    - {amount: 180, period: half_year, due: {of: next_month, day: 15}}
starts: approval
lapse_after: {consecutive: 2}
levy: {amount: 20, within: {days: 30}, lapse_after: 2}
"""
EXTRA = """\
      - id: funeral_aid
        kind: death
        title: {th: เงินสงเคราะห์ศพ, en: Funeral aid}
        clause: "ข้อ 10/1"
        claim_fields: {collected: {type: number}}
        amount: {type: levies_collected, field: collected}
      - id: refund
        kind: refund
        title: {th: คืนเงินสมทบ, en: Refund}
        clause: "ข้อ 11"
        eligibility: {status: [resigned]}
        amount: {type: refund, on: [resignation]}
"""


@pytest.fixture(scope="module")
def reg():  # type: ignore[no-untyped-def]
    paused = BENEFITS.replace('clause: "ข้อ 7", amount:', 'clause: "ข้อ 7", eligibility: {waiting: {days: 180, '
                              'paused_by_arrears: true}}, amount:')
    return regulation(SCHEDULES, paused + EXTRA)


def test_the_membership_properties_are_searched_only_where_they_apply(reg) -> None:  # type: ignore[no-untyped-def]
    names = [c.name for c in checks_for(reg)]
    assert names == ["totality", "determinism", "caps", "waiting", "membership", "on_time_members", "paused_waiting",
                     "refunds", "levies"]
    assert [c.name for c in checks_for(load_regulation("regulations/chamung.yaml"))] == [
        "totality", "determinism", "caps", "waiting", "membership"]
    assert [c.name for c in checks_for(load_regulation("regulations/umong.yaml"))] == [
        "totality", "determinism", "caps", "waiting", "membership", "refunds"]


def test_a_correct_engine_keeps_every_property(reg) -> None:  # type: ignore[no-untyped-def]
    results = check_regulation(reg, examples=30, seed=2)
    assert [(r.name, r.passed) for r in results] == [(n, True) for n in (
        "totality", "determinism", "caps", "waiting", "membership", "on_time_members", "paused_waiting", "refunds",
        "levies")]


def _find(reg, name: str):  # type: ignore[no-untyped-def]
    """The first violation found with seeds 1, 2, 3, ... (a seeded search repeats within a process, but which
    examples hypothesis tries first also depends on the searches run before it in the process: in the whole suite
    seed 1 alone missed the planted paused-waiting mistake)."""
    check = next(c for c in checks_for(reg) if c.name == name)
    for seed in range(1, 6):
        v = search(reg, check, examples=300, seed=seed)
        if v is not None:
            return v
    return None


def test_on_time_members_finds_deadlines_that_come_too_early(reg, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real = facts.periods

    def early(schedule, i0, hi):  # type: ignore[no-untyped-def]
        keys, deadlines = real(schedule, i0, hi)
        return keys, [d - timedelta(days=40) for d in deadlines]
    monkeypatch.setattr(facts, "periods", early)
    v = _find(reg, "on_time_members")
    assert v is not None and "who paid every instalment on time was" in v.en
    (case,) = v.cases
    assert case["expect"] == {"eligible": True} and "missed" not in case["member"]


def test_refunds_finds_a_refund_above_the_contributions(reg, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real = _amounts.refund_base

    def double(bp, state, claim, bd):  # type: ignore[no-untyped-def]
        raw, paid = real(bp, state, claim, bd)
        return raw * 2 + 1, paid * 2 + 1
    monkeypatch.setattr(_amounts, "refund_base", double)
    v = _find(reg, "refunds")
    assert v is not None and "more than the" in v.en
    assert set(v.cases[0]["expect"]) == {"at_most"}


def test_levies_finds_a_benefit_above_the_levies_collected(reg, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real = _amounts.levies_base

    def more(bp, facts_, bd):  # type: ignore[no-untyped-def]
        raw, collected = real(bp, facts_, bd)
        return raw + 1, collected + 1
    monkeypatch.setattr(_amounts, "levies_base", more)
    v = _find(reg, "levies")
    assert v is not None and "collected" in v.en
    assert v.cases[0]["expect"]["at_most"] == Decimal(v.cases[0]["claim"]["details"]["collected"])


def test_paused_waiting_finds_a_waiting_period_that_ignores_arrears(reg, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(_checks, "paused_served", lambda state, w, start, ev: (_checks.waiting_served(w, start), 0))
    v = _find(reg, "paused_waiting")
    assert v is not None and "waiting period paused by arrears" in v.en
