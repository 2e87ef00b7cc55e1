"""The columnar engine decides exactly as the per-claim engine: the same decisions, byte for byte in JSON.

A differential test over every bundled regulation and the template: funds of a few members drawn with the committee's
hypothesis strategies (some with payouts already in their history), and a small synthetic fund per regulation.  For
each, :meth:`ColumnarEngine.evaluate_batch` and :meth:`Engine.evaluate_batch` must give the same ``to_json()`` for
every decision (eligibility, amount, every check and its values, the breakdown, the input fingerprint), or raise the
same problems.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("numpy")
hypothesis = pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from swf_rules import load_regulation  # noqa: E402
from swf_rules.columnar import ColumnarEngine  # noqa: E402
from swf_rules.committee.strategies import scenarios  # noqa: E402
from swf_rules.core import Engine, SwfError  # noqa: E402
from swf_rules.core.history import Payout  # noqa: E402
from swf_rules.synth import population  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
REGULATIONS = sorted((ROOT / "regulations").glob("*.yaml"))


def _outcome(run: Any) -> tuple[str, Any]:
    try:
        return "decided", [d.to_json() for d in run()]
    except SwfError as e:
        return "refused", [p.to_dict() for p in e.problems]


@st.composite
def funds(draw: Any, reg: Any) -> tuple[list[Any], list[Any]]:
    """Members drawn with the committee's strategies, made distinct, some with payouts already made."""
    members, claims = [], []
    for i in range(draw(st.integers(1, 4))):
        s = draw(scenarios(reg, max_claims=6))
        mid = f"M{i}"
        batch = [c.model_copy(update={"member_id": mid, "claim_id": f"{mid}-{c.claim_id}"}) for c in s.claims]
        m = s.member.model_copy(update={"member_id": mid})
        if len(batch) > 1 and draw(st.booleans()):
            # the first claims were decided and paid before: they are history, the rest is the batch
            k = draw(st.integers(1, len(batch) - 1))
            try:
                paid = Engine(reg).evaluate_batch([m], batch[:k])
            except SwfError:
                paid = []
            m = m.model_copy(update={"payouts": [
                Payout(claim_id=d.claim_id, benefit=d.benefit, event_date=d.event_date,
                       units=d.breakdown.get("units"), amount=d.amount) for d in paid if d.eligible and d.amount > 0]})
            batch = batch[k:]
        members.append(m)
        claims.extend(batch)
    return members, draw(st.permutations(claims))


@pytest.mark.parametrize("path", REGULATIONS, ids=[p.stem for p in REGULATIONS])
def test_columnar_decides_as_the_per_claim_engine(path: Path) -> None:
    reg = load_regulation(path)
    ref, col = Engine(reg), ColumnarEngine(reg)

    @settings(max_examples=30, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(funds(reg))
    def check(fund: tuple[list[Any], list[Any]]) -> None:
        members, claims = fund
        assert _outcome(lambda: col.evaluate_batch(members, claims)) == \
            _outcome(lambda: ref.evaluate_batch(members, claims))

    check()


@pytest.mark.parametrize("path", REGULATIONS, ids=[p.stem for p in REGULATIONS])
def test_a_synthetic_fund_is_decided_byte_for_byte_alike(path: Path) -> None:
    reg = load_regulation(path)
    pop = population(reg, seed=11, members=120, years=8, start=max(date(2015, 1, 1), reg.versions[0].effective))
    got = _outcome(lambda: ColumnarEngine(reg).evaluate_batch(pop.members, pop.claims))
    assert got == _outcome(lambda: Engine(reg).evaluate_batch(pop.members, pop.claims))
    if got[0] == "decided":  # (the synthetic claims of a language-2 benefit may lack the person it needs)
        stats = ColumnarEngine(reg).evaluate_batch(pop.members, pop.claims).stats
        assert stats["claims"] == len(pop.claims)
        assert stats["vectorised_claims"] + stats["reference_claims"] == len(pop.claims)


def _irregular(members: list[Any]) -> list[Any]:
    """Each member given one irregular instalment in turn (kept as recorded, a notice in every decision): a
    repeated row, one after death, one before joining, one after a spell ended."""
    from datetime import timedelta

    from swf_rules.core.history import Contribution
    out = []
    for i, m in enumerate(members):
        cs = list(m.contributions)
        ended = [s for s in m.spells if s.end is not None]
        if cs and i % 4 == 0:
            cs.append(cs[len(cs) // 2])
        elif cs and i % 4 == 1 and m.died_on is not None:
            cs.append(Contribution(date=m.died_on + timedelta(days=20), amount=cs[-1].amount, covers=cs[-1].covers))
        elif cs and i % 4 == 2:
            cs.append(Contribution(date=min(s.start for s in m.spells) - timedelta(days=3), amount=cs[0].amount,
                                   covers=cs[0].covers))
        elif cs and ended:
            cs.append(Contribution(date=ended[0].end + timedelta(days=40), amount=cs[-1].amount,
                                   covers=cs[-1].covers))
        out.append(m.model_copy(update={"contributions": cs}))
    return out


@pytest.mark.parametrize("name", ["chamung", "umong", "template"])
def test_histories_with_notices_are_vectorised_and_decided_alike(name: str) -> None:
    """Irregular instalments do not send a member to the per-claim engine: the facts count them as recorded, as
    the per-claim engine does, and each decision carries the member's notices (core.notices) when read."""
    reg = load_regulation(ROOT / "regulations" / f"{name}.yaml")
    pop = population(reg, seed=7, members=100, years=8, start=date(2015, 1, 1))
    members = _irregular(pop.members)
    want = [d.to_json() for d in Engine(reg).evaluate_batch(members, pop.claims)]
    got = ColumnarEngine(reg).evaluate_batch(members, pop.claims)
    assert [d.to_json() for d in got] == want
    with_notices = [json.loads(w)["notices"] for w in want if b'"notices"' in w]
    assert len(with_notices) > len(want) // 3
    assert {n["code"] for ns in with_notices for n in ns} == {
        "duplicate-contribution", "contribution-after-death", "contribution-before-membership",
        "contribution-outside-membership"}
    # the template's non-vectorised benefits; umong's births (several_members, swf-rules/2)
    assert got.stats["reference_claims"] == {"template": 11, "umong": 8}.get(name, 0)
