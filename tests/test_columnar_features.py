"""What the columnar engine vectorises is declared field by field; anything else goes to the per-claim engine inside
the run, exactly, and is counted."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("numpy")

from pydantic import BaseModel  # noqa: E402

from swf_rules import load_regulation  # noqa: E402
from swf_rules.columnar import ColumnarEngine, features  # noqa: E402
from swf_rules.core import Engine  # noqa: E402
from swf_rules.synth import population  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = load_regulation(ROOT / "regulations" / "template.yaml")


def test_the_template_s_benefits_that_are_not_vectorised() -> None:
    eng = ColumnarEngine(TEMPLATE)
    got = {(v.version, b.id): eng.not_vectorised(v, b.id) for v in TEMPLATE.versions for b in v.benefits}
    assert {k: v for k, v in got.items() if v} == {
        ("2556-1", "scholarship"): ["TenureRule.rounding=exact"],
        ("2556-1", "spouse_death"): ["Benefit.amount: FractionOf", "amount: fraction_of"],
        ("2556-1", "disability"): ["TenureBasis.rounding=exact"],
    }


def test_every_bundled_regulation_but_the_template_is_vectorised_whole() -> None:
    for name in ("chamung", "thaytalad", "umong"):
        reg = load_regulation(ROOT / "regulations" / f"{name}.yaml")
        eng = ColumnarEngine(reg)
        # umong is swf-rules/2: its benefit groups are vectorised (each benefit carries its group's waiting
        # period); its birth (several_members) and its refund are decided by the per-claim engine
        assert [(v.version, b.id) for v in reg.versions for b in v.benefits if eng.not_vectorised(v, b.id)] == (
            [("2552", "birth"), ("2552", "refund"), ("2552-1", "birth"), ("2552-1", "refund")] if name == "umong"
            else [])


def test_a_model_the_engine_does_not_know_is_reported() -> None:
    class Levy(BaseModel):
        rate: int = 0

    assert features.unsupported(Levy(rate=3), "Benefit.levy") == ["Benefit.levy: Levy"]
    assert features.unsupported([Levy()], "Version.levies") == ["Version.levies: Levy"]


def test_a_field_taken_out_of_the_declaration_sends_its_claims_to_the_reference(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the language had grown a field the engine does not know: the benefits that use it (here: caps) are
    decided by the per-claim engine, and every decision is still the same."""
    reg = load_regulation(ROOT / "regulations" / "chamung.yaml")
    pop = population(reg, seed=5, members=80, years=6, start=date(2015, 1, 1))
    want = [d.to_json() for d in Engine(reg).evaluate_batch(pop.members, pop.claims)]
    monkeypatch.setitem(features.VECTORISED, features.M.Benefit,
                        {k: v for k, v in features.VECTORISED[features.M.Benefit].items() if k != "caps"})
    eng = ColumnarEngine(reg)
    v = reg.versions[0]
    assert [b.id for b in v.benefits if eng.not_vectorised(v, b.id)] == ["hospital"]
    got = eng.evaluate_batch(pop.members, pop.claims)
    assert [d.to_json() for d in got] == want
    hospital_members = {c.member_id for c in pop.claims if c.benefit == "hospital"}
    assert got.stats["reference_members"] == len(hospital_members)
    assert got.stats["reference_claims"] == sum(1 for c in pop.claims if c.member_id in hospital_members)
