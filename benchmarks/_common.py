"""Shared helpers: the sizes, the machine description, timing and peak memory."""

from __future__ import annotations

import gc
import os
import platform
import resource
import statistics
import sys
import time
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
REGULATIONS = ROOT / "regulations"
CHAMUNG = REGULATIONS / "chamung.yaml"
START = date(2014, 1, 1)  # synthetic funds run from here; Chamung's 2556 B.E. version is in force from 2013-02-15
SEED = 7

# What each size runs.  "tiny" is the smoke test's (a few seconds); "full" is the documented measurement.
# replay: the first run is the base; the one with more members (same years) shows how time and memory grow with
# the fund, the one with the base's members over more years shows how memory grows with the instalments alone.
SIZES: dict[str, dict[str, Any]] = {
    "tiny": {
        "decide": {"members": 80, "years": 6, "budget_s": 0.2, "max_runs": 2},
        "replay": [{"members": 40, "years": 4}, {"members": 120, "years": 4}, {"members": 40, "years": 8}],
        "validate": {"passes": 3},
        "national": {"funds": 4, "members": 40, "years": 4, "workers": [1, 2]},
        "import": [{"members": 40, "years": 3}],
    },
    "small": {
        "decide": {"members": 3000, "years": 10, "budget_s": 2.0, "max_runs": 3},
        "replay": [{"members": 500, "years": 10}, {"members": 5000, "years": 10}, {"members": 500, "years": 20}],
        "validate": {"passes": 20},
        "national": {"funds": 40, "members": 300, "years": 10, "workers": [1, 2]},
        "import": [{"members": 1000, "years": 10}],
    },
    "full": {
        "decide": {"members": 30000, "years": 10, "budget_s": 5.0, "max_runs": 3},
        "replay": [{"members": 5000, "years": 10}, {"members": 50000, "years": 10}, {"members": 5000, "years": 20}],
        "validate": {"passes": 50},
        "national": {"funds": 500, "members": 700, "years": 10, "workers": [1, 2]},
        "import": [{"members": 5000, "years": 5}, {"members": 5000, "years": 10}],
    },
}


def timed(fn: Callable[..., Any], budget_s: float, max_runs: int, *, collector: bool = False,
          setup: Callable[[], Any] | None = None) -> tuple[Any, list[tuple[float, float]]]:
    """Run ``fn`` at least once, again while the total stays under ``budget_s`` (at most ``max_runs``).

    Returns the first run's result and every run's (wall, CPU) seconds.  The caller reports the fastest run: on
    a shared machine it is the one least disturbed by other processes.  CPU time (this process, all threads)
    is kept beside wall time because it is less sensitive to other processes competing for the cores.

    Like :mod:`timeit`, the cyclic garbage collector is off during a measured run, for every variant alike: its
    full passes walk every live object (here: every member's history), so their cost depends on what else the
    process holds rather than on the code measured.  ``collector=True`` measures with it on (docs/performance.md
    gives that figure for swf-rules too).

    With ``setup``, each run first calls it, outside the timing, and passes its result to ``fn`` (for inputs a
    run consumes).
    """
    times: list[tuple[float, float]] = []
    first: Any = None
    total = 0.0
    while True:
        args = () if setup is None else (setup(),)
        gc.collect()
        was = gc.isenabled()
        if not collector:
            gc.disable()
        try:
            c0 = time.process_time()
            t0 = time.perf_counter()
            out = fn(*args)
            dt = time.perf_counter() - t0
            dc = time.process_time() - c0
        finally:
            if was:
                gc.enable()
        if not times:
            first = out
        del out, args
        times.append((dt, dc))
        total += dt
        if len(times) >= max_runs or total + dt > budget_s:
            return first, times


def summary(times: list[tuple[float, float]], n: int, unit: str = "claims") -> dict[str, Any]:
    wall = [t[0] for t in times]
    cpu = [t[1] for t in times]
    best, best_cpu = min(wall), min(cpu)
    return {"status": "ok", "runs": len(times), "seconds": round(best, 6),
            "median_seconds": round(statistics.median(wall), 6), "cpu_seconds": round(best_cpu, 6),
            f"{unit}_per_s": round(n / best, 1) if best > 0 else None,
            f"{unit}_per_cpu_s": round(n / best_cpu, 1) if best_cpu > 0 else None}


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, MiB (Linux reports KiB, macOS bytes)."""
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(r / (1024 * 1024) if sys.platform == "darwin" else r / 1024, 1)


def current_rss_mb() -> float | None:
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[1])
        return round(pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024), 1)
    except (OSError, ValueError, IndexError):
        return None


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def machine() -> dict[str, Any]:
    cpu = None
    mem = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = round(int(line.split()[1]) / (1024 * 1024), 1)
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    try:
        load = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        load = None
    return {
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "cpu": cpu,
        "memory_gib": mem,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "load_average_at_start": load,
        "packages": {d: _version(d) for d in ("swf-rules", "pydantic", "PyYAML", "zen-engine", "durable-rules", "numpy",
                                                "pyarrow", "dask", "distributed")},
    }
