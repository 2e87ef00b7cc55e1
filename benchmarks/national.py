"""national: a province of synthetic funds as Parquet books, replayed on a local Dask cluster with 1 and 2 workers.

* :func:`setup` writes ``funds`` synthetic Chamung funds of about ``members`` members each (sizes spread from 0.5x
  to 1.5x the mean, as real funds vary) over ``years`` years, each a Parquet ledger in ``dir/fund=NNNN/``
  (``swf_rules.synth.ledger`` + ``write_ledger_parquet``), 3 planted mistakes in every tenth fund.  Funds already
  written are kept (generating them takes far longer than replaying them).
* :func:`measure` replays the whole directory with :func:`swf_rules.audit.scale.replay_funds` -- one task per
  fund, findings written per fund -- on a local cluster of 1, then 2 worker processes, and records the wall time
  of each, the time per fund and per member, and the planted mistakes found.  The outputs of the two runs are
  checked byte-identical.
"""

from __future__ import annotations

import filecmp
import json
import shutil
import time
from pathlib import Path
from typing import Any

from ._common import CHAMUNG, START

OUTPUTS = ("findings.csv", "findings.json", "summary.csv")


def sizes(funds: int, members: int) -> list[int]:
    """Members per fund: spread evenly over 0.5x..1.5x the mean (deterministic)."""
    if funds == 1:
        return [members]
    return [int(members * (0.5 + i / (funds - 1))) for i in range(funds)]


def setup(cfg: dict[str, Any]) -> dict[str, Any]:
    from swf_rules import load_regulation
    from swf_rules.books.parquet import write_ledger_parquet
    from swf_rules.synth import ledger

    d = Path(cfg["dir"])
    (d / "regulations").mkdir(parents=True, exist_ok=True)
    shutil.copy(CHAMUNG, d / "regulations" / CHAMUNG.name)
    reg = load_regulation(CHAMUNG)
    plant = {"overpaid_stay": 1, "paid_twice": 1, "unknown_benefit": 1}
    made = 0
    t0 = time.perf_counter()
    for i, n in enumerate(sizes(cfg["funds"], cfg["members"])):
        f = d / "books" / f"fund={i:04d}"
        if (f / "ledger.yaml").is_file():
            continue
        book = ledger(reg, seed=10_000 + i, members=n, years=cfg["years"], start=START,
                      plant=plant if i % 10 == 0 else {})
        planted = json.dumps(book.planted, sort_keys=True).encode("utf-8")
        write_ledger_parquet(f, fund=book.fund, members=book.members, payouts=book.payouts,
                             extra={"planted.json": planted})
        made += 1
    return {"dir": str(d), "funds_written": made, "generate_seconds": round(time.perf_counter() - t0, 1),
            **_census(d / "books")}


def _census(books: Path) -> dict[str, Any]:
    import pyarrow.parquet as pq
    funds = sorted(p for p in books.iterdir() if p.is_dir())
    members = instalments = payouts = 0
    for f in funds:
        members += len(set(pq.read_table(f / "members.parquet", columns=["member_id"]).column(0).to_pylist()))
        instalments += pq.ParquetFile(f / "contributions.parquet").metadata.num_rows
        payouts += pq.ParquetFile(f / "payouts.parquet").metadata.num_rows
    return {"funds": len(funds), "members": members, "instalments": instalments, "payouts": payouts,
            "parquet_bytes": sum(p.stat().st_size for f in funds for p in f.iterdir())}


def measure(cfg: dict[str, Any]) -> dict[str, Any]:
    import csv

    from swf_rules.audit.scale import replay_funds

    d = Path(cfg["dir"])
    runs = []
    for workers in cfg.get("workers", (1, 2)):
        out = d / f"out-{workers}"
        if out.exists():
            shutil.rmtree(out)
        t0 = time.perf_counter()
        results = replay_funds(d / "regulations", d / "books", out, workers=workers, processes=True,
                               members_per_task=0)
        wall = time.perf_counter() - t0
        payouts = sum(r.totals()["payouts"] for r in results)
        found = 0
        for r in results:
            with open(out / r.name / "findings.csv", encoding="utf-8", newline="") as f:
                found += sum(1 for row in csv.DictReader(f) if row["finding"] != "supported")
        runs.append({"workers": workers, "seconds": round(wall, 2), "funds": len(results), "payouts": payouts,
                     "not_supported_findings": found, "seconds_per_fund_per_worker": round(wall * workers /
                                                                                           max(len(results), 1), 4)})
    planted = sum(len(json.loads((f / "planted.json").read_text())) for f in sorted((d / "books").iterdir())
                  if f.is_dir())
    same = len(runs) < 2 or all(
        filecmp.cmp(d / f"out-{runs[0]['workers']}" / f.name / n, d / f"out-{r['workers']}" / f.name / n,
                    shallow=False)
        for r in runs[1:] for f in sorted((d / "books").iterdir()) if f.is_dir() for n in OUTPUTS)
    census = _census(d / "books")
    res: dict[str, Any] = {"runs": runs, "planted": planted, "outputs_identical_across_workers": same, **census}
    if len(runs) >= 2 and runs[1]["seconds"]:
        res["speedup_2_workers"] = round(runs[0]["seconds"] / runs[1]["seconds"], 2)
    # the national figure, on paper: 5,660 funds, 3,960,074 members (CODI, 2013), from the measured cost per member
    one = runs[0]
    per_member = one["seconds"] / census["members"] if census["members"] else None
    if per_member:
        res["extrapolation"] = {
            "members": 3_960_074, "funds": 5_660, "seconds_per_member_one_worker": round(per_member, 7),
            "hours_one_worker": round(per_member * 3_960_074 / 3600, 2),
            "hours_per_worker_count": {str(w): round(per_member * 3_960_074 / 3600 / w, 2) for w in (2, 8, 32)},
            "assumes": "every worker as fast as the one measured, and the merge spread over the funds' drivers"}
    return res
