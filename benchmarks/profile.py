"""Where the time goes: cProfile summaries of decide and replay (the tables in docs/performance.md).

    python -m benchmarks.profile decide [--members 3000] [--years 10] [--top 25]
    python -m benchmarks.profile replay [--members 2000] [--years 10] [--top 25]

Prints the functions with the most cumulative time (share of the profiled total, callees included) and the most
self time (callees excluded).  cProfile slows Python code down roughly twofold, and more so for code that makes
many small calls, so read the shares, not the seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

from ._common import CHAMUNG, SEED, START


def _label(func: tuple[str, int, str]) -> str:
    file, line, name = func
    if file == "~":
        return name  # a built-in
    p = Path(file)
    parts = p.parts
    for root in ("swf_rules", "benchmarks", "pydantic", "pydantic_core", "yaml", "durable", "zen"):
        if root in parts:
            return f"{'/'.join(parts[parts.index(root):])}:{line}({name})"
    return f"{p.name}:{line}({name})"


def summarise(prof: cProfile.Profile, top: int) -> dict[str, Any]:
    st = pstats.Stats(prof)
    stats: dict[Any, Any] = st.stats  # type: ignore[attr-defined]
    total = st.total_tt  # type: ignore[attr-defined]
    rows = [(f, cc, nc, tt, ct) for f, (cc, nc, tt, ct, _) in stats.items()]
    cum = sorted(rows, key=lambda r: -r[4])
    own = sorted(rows, key=lambda r: -r[3])
    fmt = lambda r: {"function": _label(r[0]), "calls": r[2], "self_s": round(r[3], 3),  # noqa: E731
                     "cumulative_s": round(r[4], 3), "self_pct": round(100 * r[3] / total, 1),
                     "cumulative_pct": round(100 * r[4] / total, 1)}
    return {"total_s": round(total, 3), "by_cumulative": [fmt(r) for r in cum[:top]],
            "by_self": [fmt(r) for r in own[:top]]}


def render(title: str, s: dict[str, Any]) -> str:
    out = [f"{title}: {s['total_s']} s profiled", "", "by cumulative time (callees included):",
           f"{'cum %':>6} {'self %':>6} {'calls':>10}  function"]
    out += [f"{r['cumulative_pct']:6.1f} {r['self_pct']:6.1f} {r['calls']:10d}  {r['function']}"
            for r in s["by_cumulative"]]
    out += ["", "by self time (callees excluded):", f"{'self %':>6} {'cum %':>6} {'calls':>10}  function"]
    out += [f"{r['self_pct']:6.1f} {r['cumulative_pct']:6.1f} {r['calls']:10d}  {r['function']}"
            for r in s["by_self"]]
    return "\n".join(out) + "\n"


def profile(fn: Callable[[], Any]) -> cProfile.Profile:
    """Profile one call with the cyclic GC paused, as the benchmarks time it (a collection's cost would be
    charged to whichever function happened to allocate when it ran)."""
    prof = cProfile.Profile()
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        prof.enable()
        fn()
        prof.disable()
    finally:
        if was:
            gc.enable()
    return prof


def main(argv: list[str] | None = None) -> int:
    from swf_rules import load_regulation

    p = argparse.ArgumentParser(prog="python -m benchmarks.profile")
    p.add_argument("what", choices=["decide", "replay"])
    p.add_argument("--members", type=int, default=None)
    p.add_argument("--years", type=int, default=10)
    p.add_argument("--top", type=int, default=25)
    args = p.parse_args(argv)
    reg = load_regulation(CHAMUNG)
    if args.what == "decide":
        from swf_rules.synth import population

        from .decide import run_swf
        members = args.members or 3000
        pop = population(reg, seed=SEED, members=members, years=args.years, start=START)
        prof = profile(lambda: run_swf(reg, pop.members, pop.claims))
        title = (f"decide: swf-rules evaluate_batch + every reason rendered, {len(pop.claims):,} claims "
                 f"({members:,} members x {args.years} years)")
    else:
        from .replay import setup
        members = args.members or 2000
        with tempfile.TemporaryDirectory(prefix="swf-bench-profile-") as d:
            meta = setup({"dir": d, "members": members, "years": args.years})
            prof = profile(lambda: _replay_only(Path(d)))
        title = (f"replay: ledger files -> findings, {meta['payouts']:,} payouts, {meta['instalments']:,} "
                 f"instalments ({members:,} members x {args.years} years)")
    sys.stdout.write(render(title, summarise(prof, args.top)))
    return 0


def _replay_only(d: Path) -> None:
    """As ``swf-rules replay`` does it: streamed, one partition of members at a time."""
    from swf_rules.audit import Replayer, open_for_replay
    reg, led = open_for_replay(d / "regulations", d / "ledger")
    with led:
        Replayer(reg).run_partitioned(led, d / "out-profile")


if __name__ == "__main__":
    sys.exit(main())
