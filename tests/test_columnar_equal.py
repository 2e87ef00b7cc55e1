"""The columnar engine decides exactly as the per-claim engine: the same decisions, byte for byte in JSON.

A differential test over every bundled regulation and the template: funds of a few members drawn with the committee's
hypothesis strategies (some with payouts already in their history), and a small synthetic fund per regulation.  For
each, :meth:`ColumnarEngine.evaluate_batch` and :meth:`Engine.evaluate_batch` must give the same ``to_json()`` for
every decision (eligibility, amount, every check and its values, the breakdown, the input fingerprint), or raise the
same problems.
"""

from __future__ import annotations

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
    pop = population(reg, seed=11, members=120, years=8, start=date(2015, 1, 1))
    got = ColumnarEngine(reg).evaluate_batch(pop.members, pop.claims)
    want = Engine(reg).evaluate_batch(pop.members, pop.claims)
    assert [d.to_json() for d in got] == [d.to_json() for d in want]
    assert got.stats["claims"] == len(pop.claims)
    assert got.stats["vectorised_claims"] + got.stats["reference_claims"] == len(pop.claims)
