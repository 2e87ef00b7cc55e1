"""The benchmark suite at its tiny size: it runs, its JSON has the documented shape, every variant agreed.

No timing is asserted (speed is measured by ``python -m benchmarks --size full``, see docs/performance.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from swf_rules import load_regulation
from swf_rules.synth import population

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import decide  # noqa: E402
from benchmarks._common import CHAMUNG, SEED, SIZES, START  # noqa: E402


def _installed(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("bench") / "results.json"
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    proc = subprocess.run([sys.executable, "-m", "benchmarks", "--size", "tiny", "--out", str(out)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "all checks passed" in proc.stdout.splitlines()
    return json.loads(out.read_text(encoding="utf-8"))


def test_top_level_and_machine(results: dict) -> None:
    assert results["schema"] == 1
    assert results["size"] == "tiny"
    assert results["command"] == "python -m benchmarks --size tiny"
    assert results["ok"] is True
    assert sorted(results["benchmarks"]) == ["decide", "import", "national", "replay", "validate"]
    m = results["machine"]
    assert m["cores"] == os.cpu_count()
    assert m["python"] == ".".join(map(str, sys.version_info[:3]))
    assert isinstance(m["platform"], str) and m["platform"]
    assert set(m["packages"]) == {"swf-rules", "pydantic", "PyYAML", "zen-engine", "durable-rules", "numpy", "pyarrow",
                                  "dask", "distributed"}


def test_decide_every_variant_agreed(results: dict) -> None:
    d = results["benchmarks"]["decide"]
    cfg = SIZES["tiny"]["decide"]
    pop = population(load_regulation(CHAMUNG), seed=SEED, members=cfg["members"], years=cfg["years"], start=START)
    assert d["status"] == "ok"
    assert (d["members"], d["years"], d["claims"]) == (cfg["members"], cfg["years"], len(pop.claims))
    assert d["agreed"] is True
    assert d["disagreements"] == {}
    expected = {"swf-rules": "ok", "swf-rules (facts indexed beforehand)": "ok", "swf-rules+json": "ok",
                "plain-python": "ok",
                "durable-rules": "ok" if _installed("durable_rules_engine") else "skipped",
                "zen-engine": "ok" if _installed("zen") else "skipped",
                "zen-engine+trace": "ok" if _installed("zen") else "skipped",
                "swf-rules columnar": "ok" if _installed("pyarrow") else "skipped",
                "swf-rules columnar, every reason rendered": "ok" if _installed("pyarrow") else "skipped"}
    assert {k: v["status"] for k, v in d["variants"].items()} == expected
    ran = sorted(k for k, v in expected.items() if v == "ok")
    assert d["decisions_checked"] == {k: len(pop.claims) for k in ran}
    for name in ran:
        v = d["variants"][name]
        assert v["runs"] >= 1
        assert isinstance(v["seconds"], float) and isinstance(v["claims_per_s"], float)
    assert d["facts_precompute_seconds"] > 0
    assert d["peak_rss_mb"] >= d["baseline_rss_mb"] > 0
    columnar = "swf-rules columnar" in ran
    assert set(d["targets"]) == {"plain_over_swf"} | ({"swf_over_durable"} if "durable-rules" in ran else set()) | \
        ({"swf_over_zen_trace"} if "zen-engine+trace" in ran else set()) | \
        ({"columnar_over_durable"} if columnar and "durable-rules" in ran else set()) | \
        ({"columnar_over_zen_trace"} if columnar and "zen-engine+trace" in ran else set())
    assert ((d["facts_columnar_seconds"] or 0) > 0) is columnar
    for t in d["targets"].values():
        assert isinstance(t["met"], bool)


def test_replay_runs_and_planted_checks(results: dict) -> None:
    r = results["benchmarks"]["replay"]
    assert [(x["members"], x["years"]) for x in r["runs"]] == [(c["members"], c["years"])
                                                              for c in SIZES["tiny"]["replay"]]
    for x in r["runs"]:
        assert x["status"] == "ok"
        assert x["planted_check"]["ok"] is True
        assert x["payouts"] == sum(x["findings"].values())
        assert x["instalments"] > 0 and x["peak_rss_mb"] > 0
        assert x["cli"]["status"] in ("ok", "skipped")
        if x["cli"]["status"] == "ok":
            assert x["cli"]["outputs_identical_to_api"] is True
    assert set(r["targets"]) == {"time_growth", "memory_growth_members", "memory_growth_instalments"}


def test_validate_covers_every_bundled_regulation(results: dict) -> None:
    v = results["benchmarks"]["validate"]
    assert v["status"] == "ok"
    assert v["files"] == [f"regulations/{p.name}" for p in sorted((ROOT / "regulations").glob("*.yaml"))]
    assert v["passes"] == SIZES["tiny"]["validate"]["passes"]
    assert set(v["targets"]) == {"validate_all"}


def test_national_runs_on_one_and_two_workers(results: dict) -> None:
    n = results["benchmarks"]["national"]
    cfg = SIZES["tiny"]["national"]
    assert n["status"] == "ok"
    assert n["funds"] == cfg["funds"]
    assert [r["workers"] for r in n["runs"]] == cfg["workers"]
    assert n["outputs_identical_across_workers"] is True
    assert [r["not_supported_findings"] for r in n["runs"]] == [n["planted"]] * len(cfg["workers"])
    assert [r["payouts"] for r in n["runs"]] == [n["payouts"]] * len(cfg["workers"])


def test_a_disagreeing_variant_is_caught() -> None:
    """The agreement check is not vacuous: one changed amount or verdict is reported, naming the claim."""
    reg = load_regulation(CHAMUNG)
    pop = population(reg, seed=SEED, members=40, years=4, start=START)
    facts = decide.precompute_facts(reg, pop.members, pop.claims)
    ref, _ = decide.run_swf(reg, pop.members, pop.claims)
    plain = decide.make_plain(decide.read_params(reg))(facts)
    assert decide.compare(ref, plain) == []
    i = next(k for k, o in enumerate(plain) if o[1])
    cid = plain[i][0]
    wrong = list(plain)
    wrong[i] = (cid, True, plain[i][2] + Decimal(1))
    assert decide.compare(ref, wrong) == [
        f"{cid}: swf-rules says eligible=True amount={ref[i][2]}, the variant eligible=True "
        f"amount={plain[i][2] + 1}"]
    wrong[i] = (cid, False, Decimal(0))
    assert decide.compare(ref, wrong) == [
        f"{cid}: swf-rules says eligible=True amount={ref[i][2]}, the variant eligible=False amount=0"]


def test_import_runs_on_both_sources_and_finds_the_planted_notices(results: dict) -> None:
    [im] = results["benchmarks"]["import"]["books"]
    assert (im["members"], im["years"], im["setup"]["status"]) == (40, 3, "ok")
    assert [r["source"] for r in im["runs"]] == ["xlsx", "csv"]
    assert [r["planted_check"] for r in im["runs"]] == [{"ok": True, "planted": 8, "found": 8}] * 2
    assert im["runs"][0]["counts"] == im["runs"][1]["counts"]
