"""Which array library the columnar engine is built on: numpy, pyarrow, polars, measured on its three kinds of work.

    python -m benchmarks.library_choice LEDGER_DIR   (a synthetic ledger: swf-rules synth --ledger ...)

1. **Reading** the instalments (contributions.csv) into typed columns: pyarrow's CSV reader, streamed as the replay
   reads it, and polars' ``read_csv``.
2. **The paid-on day** of every (member, period): the day its instalments first add up to the scheduled amount --
   a grouped running sum.  numpy (sort, cumsum, first index per group) and polars (``group_by`` + ``cum_sum``).
3. **The spell of a day**: for every claim (member, day), the member's last spell starting on or before it -- a
   search in sorted keys.  numpy ``searchsorted`` and polars ``join_asof``.

Each is timed by CPU (best of 3) on the same data; polars is skipped when it is not installed (it is not a
dependency of swf-rules).  Prints one line per measurement.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np


def _best(fn: Callable[[], Any], runs: int = 3) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(runs):
        t = time.process_time()
        out = fn()
        best = min(best, time.process_time() - t)
    return best, out


def main(argv: list[str]) -> int:
    import pyarrow as pa
    import pyarrow.csv as pcsv

    books = Path(argv[0])
    path = books / "contributions.csv"
    names = ["member_id", "date", "amount", "covers"]
    opts = pcsv.ConvertOptions(column_types={n: pa.string() for n in names})

    def read_pyarrow() -> Any:
        r = pcsv.open_csv(str(path), read_options=pcsv.ReadOptions(block_size=1 << 21, use_threads=False),
                          convert_options=opts)
        return pa.Table.from_batches(list(r))

    t, table = _best(read_pyarrow)
    n = table.num_rows
    print(f"read {n:,} instalments, pyarrow (streamed, one thread): {t:.3f} s")
    try:
        import os
        os.environ.setdefault("POLARS_MAX_THREADS", "1")  # one thread, like the others (2 cores, shared)
        import polars as pl
    except ImportError:
        pl = None
        print("polars not installed: skipped")
    if pl is not None:
        t, _ = _best(lambda: pl.read_csv(str(path), infer_schema=False))
        print(f"read {n:,} instalments, polars read_csv (one thread): {t:.3f} s")
    # the columns every engine computes on
    ids = table.column("member_id").to_numpy(zero_copy_only=False)
    uniq, member = np.unique(ids, return_inverse=True)
    import pyarrow.compute as pc
    day = np.asarray(pc.strptime(table.column("date"), "%Y-%m-%d", "s").cast(pa.date32()).cast(pa.int32()),
                     dtype=np.int64)
    cov = table.column("covers").to_numpy(zero_copy_only=False)
    periods, period = np.unique(cov, return_inverse=True)
    satang = np.full(n, 3000, dtype=np.int64)

    def paid_numpy() -> Any:
        order = np.lexsort((day, period, member))
        key = member[order] * 100_000 + period[order]
        cs = np.cumsum(satang[order])
        starts = np.ones(n, dtype=bool)
        starts[1:] = key[1:] != key[:-1]
        first = np.flatnonzero(starts)
        base = np.repeat(cs[first] - satang[order][first], np.diff(np.append(first, n)))
        rows = np.flatnonzero(cs - base >= 3000)
        keep = np.ones(len(rows), dtype=bool)
        keep[1:] = key[rows][1:] != key[rows][:-1]
        return len(rows[keep])

    t, k = _best(paid_numpy)
    print(f"paid-on day of {k:,} (member, period), numpy: {t:.3f} s")
    if pl is not None:
        df = pl.DataFrame({"m": member, "p": period, "d": day, "s": satang})

        def paid_polars() -> Any:
            return (df.sort(["m", "p", "d"]).with_columns(pl.col("s").cum_sum().over(["m", "p"]).alias("c"))
                    .filter(pl.col("c") >= 3000).group_by(["m", "p"]).agg(pl.col("d").min())).height

        t, k2 = _best(paid_polars)
        print(f"paid-on day of {k2:,} (member, period), polars: {t:.3f} s")
    rng = np.random.default_rng(7)
    q_m = rng.integers(0, len(uniq), 120_000)
    q_d = rng.integers(int(day.min()), int(day.max()), 120_000)
    sp_m = np.arange(len(uniq)).repeat(2)
    sp_s = np.tile([int(day.min()), int(day.min()) + 2000], len(uniq))

    def spell_numpy() -> Any:
        key = sp_m * (1 << 23) + sp_s
        return np.searchsorted(key, q_m * (1 << 23) + q_d, side="right") - 1

    t, _ = _best(spell_numpy)
    print(f"spell of 120,000 (member, day), numpy searchsorted: {t:.4f} s")
    if pl is not None:
        spells = pl.DataFrame({"m": sp_m, "s": sp_s, "j": np.arange(len(sp_m))}).sort("s")
        qs = pl.DataFrame({"m": q_m, "d": q_d}).sort("d")

        def spell_polars() -> Any:
            return qs.join_asof(spells, left_on="d", right_on="s", by="m", check_sortedness=False).height

        t, _ = _best(spell_polars)
        print(f"spell of 120,000 (member, day), polars join_asof: {t:.4f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
