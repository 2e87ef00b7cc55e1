"""swf_rules.committee.strategies: the public hypothesis strategies for member histories and claims."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from swf_rules import Engine, SwfError, load_regulation
from swf_rules.committee import build_claim, build_member
from swf_rules.core.history import Claim, Member
from swf_rules.committee.strategies import claims, histories_and_claims, member_recipes, members, scenarios

ROOT = Path(__file__).resolve().parent.parent
CHAMUNG = load_regulation(ROOT / "regulations" / "chamung.yaml")
BUNDLED = [load_regulation(p) for p in sorted((ROOT / "regulations").glob("*.yaml"))] + [
    load_regulation(ROOT / "tests" / "regulations" / "good" / "minimal.yaml")]
FAST = settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
FIND = settings(max_examples=200, database=None, derandomize=True, suppress_health_check=list(HealthCheck))


# ------------------------------------------------------------------------------------------ shrinking targets
def test_smallest_member_is_the_plainest_passbook() -> None:
    # joining two years before the first version (2013-02-15), aged 20, paying every month, nothing missed
    assert find(member_recipes(CHAMUNG), lambda r: True, settings=FIND) == {
        "born": "1991-02-16", "sex": "female", "joined": "2011-02-16", "paid": "every month"}
    assert find(member_recipes(CHAMUNG), lambda r: "died" in r, settings=FIND) == {
        "born": "1991-02-16", "sex": "female", "joined": "2011-02-16", "paid": "every month", "died": "2013-02-15"}
    assert find(member_recipes(CHAMUNG), lambda r: "spells" in r, settings=FIND)["spells"] == [
        {"start": "2011-02-16", "end": "2011-03-18", "reason": "resigned"}, {"start": "2011-03-19"}]


def test_smallest_scenarios() -> None:
    two = find(scenarios(CHAMUNG), lambda s: len(s.claims) >= 2, settings=FIND)
    # shrinking reaches two claims on the regulation's first day; which benefit it settles on is hypothesis's choice
    assert [(c["date"], c["id"]) for c in two.claim_recipes] == [("2013-02-15", "c-1"), ("2013-02-15", "c-2")]
    assert {c["benefit"] for c in two.claim_recipes} <= {"birth", "hospital", "scholarship", "elderly"}
    death = find(scenarios(CHAMUNG), lambda s: any(c["benefit"] == "death" for c in s.claim_recipes), settings=FIND)
    assert death.claim_recipes == ({"benefit": "death", "date": "2013-02-15", "id": "c-1"},)
    assert death.member.died_on == date(2013, 2, 15)


# ------------------------------------------------------------------------------------------ properties
@FAST
@given(members(CHAMUNG))
def test_members_are_valid_histories(m: Member) -> None:
    spells = sorted(m.spells, key=lambda s: s.start)
    assert m.birth_date < spells[0].start
    assert all(a.end is not None and a.end < b.start for a, b in zip(spells, spells[1:]))
    assert all(any(s.start <= c.date and (s.end is None or c.date <= s.end) for s in spells) for c in m.contributions)
    assert {c.amount for c in m.contributions} <= {CHAMUNG.versions[0].membership.contribution.amount}
    assert m.died_on is None or m.died_on >= spells[-1].start


@FAST
@given(st.data())
def test_claims_fit_the_member_and_the_regulation(data: st.DataObject) -> None:
    m = data.draw(members(CHAMUNG))
    c: Claim = data.draw(claims(CHAMUNG, m))
    assert c.member_id == m.member_id
    assert c.event_date >= max(CHAMUNG.versions[0].effective, m.spells[0].start)
    benefit = CHAMUNG.in_force(c.event_date).benefit(c.benefit)
    assert benefit is not None
    if benefit.kind == "death":
        assert c.event_date == m.died_on
    elif m.died_on is not None:
        assert c.event_date <= m.died_on
    if c.benefit == "hospital":
        assert (c.units is not None) != (c.end_date is not None)
    if c.benefit == "scholarship":
        assert sorted(c.details) == ["gpa", "level"]


@FAST
@given(histories_and_claims(CHAMUNG))
def test_histories_and_claims_decide(pair: tuple[Member, list[Claim]]) -> None:
    member, cs = pair
    assert [c.claim_id for c in cs] == [f"c-{i + 1}" for i in range(len(cs))]
    assert [c.event_date for c in cs] == sorted(c.event_date for c in cs)
    assert sum(1 for c in cs if c.benefit == "death") <= 1
    decisions = Engine(CHAMUNG).evaluate_batch([member], cs)
    assert sorted(d.claim_id for d in decisions) == sorted(c.claim_id for c in cs)


@FAST
@given(scenarios(CHAMUNG))
def test_recipes_rebuild_the_same_values(s) -> None:  # type: ignore[no-untyped-def]
    until = max([date.fromisoformat(c["date"]) for c in s.claim_recipes] + [s.member.spells[0].start])
    assert build_member(CHAMUNG, s.member_recipe, until=until) == s.member
    assert tuple(build_claim(s.member.member_id, c) for c in s.claim_recipes) == s.claims


@pytest.mark.parametrize("reg", BUNDLED, ids=lambda r: r.fund_id)
def test_every_bundled_regulation_gets_decisions_or_typed_errors(reg) -> None:  # type: ignore[no-untyped-def]
    decided = errors = 0

    @settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(histories_and_claims(reg))
    def run(pair: tuple[Member, list[Claim]]) -> None:
        nonlocal decided, errors
        member, cs = pair
        try:
            decided += len(Engine(reg).evaluate_batch([member], cs))
        except SwfError:
            errors += 1

    run()
    assert decided > 0
