"""Without numpy, pyarrow and dask (the ``columnar`` and ``scale`` extras) the per-claim engine does everything it
did: replay writes the same bytes, and what needs the extras says which package to install, without a traceback.
The packages are blocked in a child interpreter by a meta path finder, so this runs whether or not they are
installed."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from swf_rules import load_regulation
from swf_rules.synth import ledger, write_ledger

ROOT = Path(__file__).resolve().parents[1]
CLI = """
import sys
class _Blocked:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("numpy", "pyarrow", "dask", "distributed", "polars"):
            raise ModuleNotFoundError(f"No module named {name!r} (blocked by the test)")
        return None
sys.meta_path.insert(0, _Blocked())
from swf_rules.cli import main
code = main(sys.argv[1:])
assert not any(m.split(".")[0] in ("numpy", "pyarrow") for m in sys.modules), "an extra was imported"
sys.exit(code)
"""
OUTPUTS = ("findings.csv", "findings.json", "summary.csv")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", CLI, *args], capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_replay_without_the_extras_writes_the_same_bytes(tmp_path: Path) -> None:
    reg = load_regulation(ROOT / "regulations" / "chamung.yaml")
    write_ledger(ledger(reg, seed=2, members=60, years=4, start=date(2016, 1, 1), plant={"paid_twice": 1}),
                 tmp_path / "books")
    base = ["replay", "--regulations", str(ROOT / "regulations"), "--ledger", str(tmp_path / "books")]
    r = _run(*base, "--out", str(tmp_path / "plain"))
    assert r.returncode == 0, r.stderr
    from swf_rules.cli import main
    assert main([*base, "--out", str(tmp_path / "columnar")]) == 0
    for n in OUTPUTS:
        assert (tmp_path / "plain" / n).read_bytes() == (tmp_path / "columnar" / n).read_bytes()
    r = _run(*base, "--workers", "2")
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr == ("<input>:$ extra-missing a replay on a Dask cluster needs the package dask: "
                        "pip install 'swf-rules[scale]'\n")


def test_parquet_without_pyarrow(tmp_path: Path) -> None:
    r = _run("synth", "--regulation", str(ROOT / "regulations" / "chamung.yaml"), "--seed", "1", "--members", "5",
             "--years", "1", "--start", "2016-01-01", "--ledger", "--parquet", "--out", str(tmp_path / "x"))
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr == ("<input>:$ extra-missing Parquet books needs the package pyarrow: "
                        "pip install 'swf-rules[columnar]'\n")
