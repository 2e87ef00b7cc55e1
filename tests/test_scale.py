"""Replays on a Dask cluster write the same bytes as a single process: by fund, and by members within a fund.

A local cluster in this process (``processes=False``, 1 or 2 workers: a few seconds): three synthetic funds, CSV and
Parquet books, one of them split into ranges of member ids.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("numpy")
pytest.importorskip("pyarrow")
pytest.importorskip("distributed")

from swf_rules import load_regulation  # noqa: E402
from swf_rules.audit import replay_to  # noqa: E402
from swf_rules.audit.scale import fund_dirs, replay_funds  # noqa: E402
from swf_rules.books.parquet import write_parquet  # noqa: E402
from swf_rules.cli import main  # noqa: E402
from swf_rules.synth import PLANT_KINDS, ledger, write_ledger  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
REGS = ROOT / "regulations"
OUTPUTS = ("findings.csv", "findings.json", "summary.csv")


def _files(d: Path) -> dict[str, bytes]:
    return {n: (d / n).read_bytes() for n in OUTPUTS}


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("national")
    reg = load_regulation(REGS / "chamung.yaml")
    plant = {k: 1 for k in PLANT_KINDS if k != "late_claim"}
    for i, seed in enumerate((3, 4, 5)):
        l = ledger(reg, seed=seed, members=60 + 30 * i, years=5, start=date(2016, 1, 1), plant=plant)
        d = root / f"fund={i:04d}"
        if i == 1:
            csv_books = tmp_path_factory.mktemp("csv")
            write_ledger(l, csv_books)
            write_parquet(csv_books, d)
        else:
            write_ledger(l, d)
    return root


def test_funds_are_found_by_directory(national: Path) -> None:
    assert [d.name for d in fund_dirs(national)] == ["fund=0000", "fund=0001", "fund=0002"]
    assert fund_dirs(national / "fund=0001") == [national / "fund=0001"]


@pytest.mark.parametrize("workers,per_task", [(1, 0), (2, 25)])
def test_a_cluster_writes_the_single_process_bytes(national: Path, tmp_path: Path, workers: int,
                                                  per_task: int) -> None:
    got = replay_funds(REGS, national, tmp_path / "out", workers=workers, processes=False,
                       members_per_task=per_task)
    assert [r.name for r in got] == ["fund=0000", "fund=0001", "fund=0002"]
    # the Parquet fund of 90 members is split into 4 ranges of 25 when asked
    assert [r.tasks for r in got] == [1, 4 if per_task else 1, 1]
    for r in got:
        want = tmp_path / "single" / r.name
        replay_to(REGS, national / r.name, want)
        assert _files(tmp_path / "out" / r.name) == _files(want)
        assert r.totals()["payouts"] == r.ledger_counts["payouts"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["fund=0000", "fund=0001", "fund=0002"]


def test_the_cli_replays_on_a_local_cluster(national: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                            ) -> None:
    code = main(["replay", "--regulations", str(REGS), "--ledger", str(national / "fund=0002"), "--out",
                 str(tmp_path / "cli"), "--workers", "1", "--threads", "--format", "json"])
    assert code == 0
    replay_to(REGS, national / "fund=0002", tmp_path / "single")
    assert _files(tmp_path / "cli") == _files(tmp_path / "single")
    assert '"fund": "chamung"' in capsys.readouterr().out
