"""Hostile inputs to what the columnar part adds to the command line: Parquet books (read by replay and status, written
by ``synth --parquet``) and replays on a Dask cluster (``replay --workers``, ``--members-per-task``,
``--scheduler``).  The property of ``tests/test_cli_fuzz.py``, with its mutations: only the project's own problems
come out (status 0, 1 or 2), never a traceback, an internal error or a system error.  The Parquet files are mutated
as bytes (truncated, grown, re-encoded, control bytes inserted...), so pyarrow meets damaged files too.
``SWF_FUZZ_EXAMPLES=N`` runs N random examples per recipe.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Callable

import pytest

pytest.importorskip("numpy")
pytest.importorskip("pyarrow")
pytest.importorskip("distributed")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from test_cli_fuzz import (CONTENT, EXAMPLES, OUT_PATHS, PATHS, assert_own_problems,  # noqa: E402
                           content_target, mutate_path, run)

ROOT = Path(__file__).resolve().parents[1]

# name -> (inputs, outputs, argv builder, examples)
Recipe = tuple[tuple[str, ...], tuple[str, ...], Callable[[dict[str, str]], list[str]], int]
RECIPES: dict[str, Recipe] = {
    "replay parquet": (("regdir", "parquet"), ("out_dir:findings",), lambda f: [
        "replay", "--regulations", f["regdir"], "--ledger", f["parquet"], "--out", f["out_dir:findings"]], 12),
    "status parquet": (("regdir", "parquet"), (), lambda f: [
        "status", "--regulations", f["regdir"], "--ledger", f["parquet"], "--as-of", "2023-09-30"], 8),
    "replay --workers": (("regdir", "csv"), ("out_dir:findings",), lambda f: [
        "replay", "--regulations", f["regdir"], "--ledger", f["csv"], "--out", f["out_dir:findings"], "--workers",
        "1", "--threads"], 5),
    "replay --members-per-task": (("regdir", "province"), ("out_dir:findings",), lambda f: [
        "replay", "--regulations", f["regdir"], "--ledger", f["province"], "--out", f["out_dir:findings"],
        "--workers", "1", "--threads", "--members-per-task", "5", "--format", "json"], 5),
    "synth --parquet": (("regulation",), ("out_dir:fund",), lambda f: [
        "synth", "--regulation", f["regulation"], "--seed", "1", "--members", "3", "--years", "1", "--start",
        "2020-10-01", "--ledger", "--parquet", "--committee", "--accounts", "--out", f["out_dir:fund"]], 5),
}


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("columnar-fuzz")
    reg = d / "chamung.yaml"
    shutil.copy(ROOT / "regulations" / "chamung.yaml", reg)
    (d / "regs").mkdir()
    shutil.copy(reg, d / "regs" / "chamung.yaml")
    synth = ["synth", "--regulation", str(reg), "--members", "12", "--years", "3", "--start", "2020-10-01",
             "--ledger", "--plant", "overpaid_stay=1"]
    assert run([*synth, "--seed", "3", "--out", str(d / "csv")]).status == 0
    assert run([*synth, "--seed", "3", "--parquet", "--out", str(d / "parquet")]).status == 0
    (d / "province").mkdir()
    for i in (1, 2):
        assert run([*synth, "--seed", str(i), "--parquet", "--out", str(d / "province" / f"fund={i:04d}")]).status == 0
    return {"regulation": reg, "regdir": d / "regs", "csv": d / "csv", "parquet": d / "parquet",
            "province": d / "province"}


def _fuzz_one(name: str, books: dict[str, Path], data: st.DataObject) -> None:
    inputs, outputs, argv_of, _ = RECIPES[name]
    ex = Path(tempfile.mkdtemp(prefix="ex-", dir=str(books["regdir"].parent)))
    try:
        f: dict[str, str] = {}
        for key in inputs:
            src, dst = books[key], ex / books[key].name
            shutil.copytree(src, dst) if src.is_dir() else shutil.copy(src, dst)
            f[key] = str(dst)
        for key in outputs:
            f[key] = str(ex / key.split(":", 1)[1])
        target = data.draw(st.sampled_from(list(inputs + outputs)), label="target")
        if target.startswith("out_"):
            how = data.draw(st.sampled_from(OUT_PATHS), label="out")
            f[target] = mutate_path(how, Path(f[target]), True)
            what = f"{target}: {how}"
        elif data.draw(st.integers(0, 4), label="path or content") == 0:
            how = data.draw(st.sampled_from(PATHS), label="path")
            f[target] = mutate_path(how, Path(f[target]), False)
            what = f"{target}: {how}"
        else:
            p = Path(f[target])
            if p.is_dir() and target == "province":
                p = p / data.draw(st.sampled_from(sorted(x.name for x in p.iterdir())), label="fund")
            p = content_target(p, data)
            m = data.draw(st.sampled_from(CONTENT), label="mutation")
            p.write_bytes(m(data, p.read_bytes()))
            what = f"{target} {p.name}: {m.__name__}"
        argv = argv_of(f)
        assert_own_problems(name, argv, run(argv), what)
    finally:
        shutil.rmtree(ex, ignore_errors=True)


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_hostile_inputs(name: str, books: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWF_RULES_DEBUG", "1")

    @settings(max_examples=EXAMPLES or RECIPES[name][3], deadline=None, derandomize=not EXAMPLES, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def fuzz(data: st.DataObject) -> None:
        _fuzz_one(name, books, data)

    fuzz()


def test_a_scheduler_that_is_not_an_address_is_a_problem(books: dict[str, Path], tmp_path: Path) -> None:
    import json
    r = run(["replay", "--regulations", str(books["regdir"]), "--ledger", str(books["csv"]), "--scheduler",
             "no-such-scheduler", "--format", "json"])
    assert r.status == 1
    assert [(p["code"], p["value"], p["message"]["en"]) for p in json.loads(r.out)["problems"]] == [
        ("scheduler-unreachable", "no-such-scheduler",
         "cannot reach the Dask scheduler at 'no-such-scheduler': missing port number in address 'no-such-scheduler'")]


@pytest.mark.parametrize("flag,value", [("--manifest", "ledger.yaml"), ("--fund", "chamung")])
def test_options_of_one_fund_are_refused_on_a_cluster(books: dict[str, Path], flag: str, value: str) -> None:
    r = run(["replay", "--regulations", str(books["regdir"]), "--ledger", str(books["csv"]), "--workers", "1",
             "--threads", flag, value])
    assert r.status == 1
    assert r.err == (f"<input>:$.{flag[2:]} not-allowed '{flag}' is not allowed here (fix: {flag} cannot be used "
                     f"with --workers or --scheduler: each fund's ledger.yaml names its fund)\n")
