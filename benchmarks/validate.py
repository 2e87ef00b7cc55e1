"""validate: load and validate every bundled regulation (regulations/*.yaml), as an editor would on save.

One pass = :func:`swf_rules.load_regulation` on every file (YAML with positions, the pydantic models, the
semantic checks).  The same pass followed by compiling every version into its evaluation plan (conditions
parsed and type-checked, bands sorted) is timed too, since that is the first thing an evaluation does.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from swf_rules import compile_version, load_regulation

from ._common import REGULATIONS, ROOT


def run(cfg: dict[str, Any]) -> dict[str, Any]:
    files = sorted(REGULATIONS.glob("*.yaml"))
    if not files:
        raise RuntimeError(f"no regulations in {REGULATIONS}")
    load_regulation(files[0])  # warm the imports and pydantic's validators once
    passes = cfg["passes"]
    load_times: list[float] = []
    compile_times: list[float] = []
    versions = 0
    for _ in range(passes):
        t0 = time.perf_counter()
        regs = [load_regulation(f) for f in files]
        t1 = time.perf_counter()
        versions = 0
        for reg in regs:
            for v in reg.versions:
                compile_version(reg, v)
                versions += 1
        t2 = time.perf_counter()
        load_times.append(t1 - t0)
        compile_times.append(t2 - t1)
    best = min(load_times)
    both = min(a + b for a, b in zip(load_times, compile_times))
    return {
        "files": [str(f.relative_to(ROOT)) for f in files],
        "bytes": sum(f.stat().st_size for f in files),
        "versions": versions,
        "passes": passes,
        "seconds_per_pass": round(best, 6),
        "median_seconds_per_pass": round(statistics.median(load_times), 6),
        "seconds_per_pass_with_compile": round(both, 6),
        "targets": {"validate_all": {"target": "every bundled regulation in under 1 second in total",
                                     "want_at_most": 1.0, "measured": round(best, 6), "met": best < 1.0}},
    }
