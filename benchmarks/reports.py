"""The fund's status and the member review of a whole fund: every member's facts from the columnar engine, against
one core ``MemberState`` per member.

    python -m benchmarks.reports [--members 5000] [--years 10] [--workdir DIR] [--runs 3] [--out FILE.json]

Synthetic Chamung books (with accounts and planted register mistakes) are written once (kept in ``--workdir``),
read once (``load_for_replay``: timed apart), then ``fund_status`` and ``review_members`` run on the last day of
the books with ``columnar=False`` and ``columnar=True`` alternately, best of ``--runs`` by CPU time; the two
results must be equal (``to_dict()``), else the exit status is 1.  Prints a table, writes JSON when asked.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any, Callable

from ._common import CHAMUNG, REGULATIONS, START, machine


def _best(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(runs):
        t = time.process_time()
        out = fn()
        best = min(best, time.process_time() - t)
    return best, out


def _books(workdir: Path, members: int, years: int) -> Path:
    d = workdir / f"reports-{members}x{years}"
    if not (d / "ledger.yaml").is_file():
        from swf_rules import load_regulation
        from swf_rules.synth import add_accounts, ledger, write_ledger
        l = ledger(load_regulation(CHAMUNG), seed=7, members=members, years=years, start=START)
        add_accounts(l, seed=7, start=START, years=years,
                     plant={"lapse_unrecorded": 5, "death_unrecorded": 5, "beneficiary_missing": 5})
        write_ledger(l, d)
    return d


def run(members: int, years: int, workdir: Path, runs: int) -> dict[str, Any]:
    from swf_rules.audit import load_for_replay
    from swf_rules.reports import fund_status, review_members
    books = _books(workdir, members, years)
    t = time.process_time()
    reg, led = load_for_replay(REGULATIONS, books)
    read = time.process_time() - t
    as_of = date(START.year + years, START.month, START.day).replace(day=1)
    as_of = date.fromordinal(as_of.toordinal() - 1)
    out: dict[str, Any] = {"members": members, "years": years, "instalments": led.n_contributions,
                           "as_of": as_of.isoformat(), "read_seconds": round(read, 3), "reports": {}}
    ok = True
    for name, fn in (("status", lambda c: fund_status(reg, led, as_of, columnar=c).to_dict()),
                     ("review", lambda c: review_members(reg, led, as_of, columnar=c).to_dict())):
        per_member, a = _best(lambda: fn(False), runs)
        columnar, b = _best(lambda: fn(True), runs)
        same = a == b
        ok &= same
        out["reports"][name] = {"per_member_seconds": round(per_member, 3), "columnar_seconds": round(columnar, 3),
                                "speedup": round(per_member / columnar, 2) if columnar else None,
                                "identical": same}
    out["ok"] = ok
    return out


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.reports")
    p.add_argument("--members", type=int, default=5000)
    p.add_argument("--years", type=int, default=10)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--workdir")
    p.add_argument("--out")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        res = run(args.members, args.years, Path(args.workdir or tmp), args.runs)
    res["machine"] = machine()
    print(f"{res['members']:,} members x {res['years']} years ({res['instalments']:,} instalments), as of "
          f"{res['as_of']}; books read in {res['read_seconds']} s (CPU, once)")
    print(f"{'report':8} {'per member s':>13} {'columnar s':>11} {'speedup':>8}  identical")
    for name, r in res["reports"].items():
        print(f"{name:8} {r['per_member_seconds']:>13} {r['columnar_seconds']:>11} {r['speedup']:>7}x  "
              f"{r['identical']}")
    print(f"load average at the start: {res['machine'].get('load_average_at_start')}")
    if args.out:
        Path(args.out).write_text(json.dumps(res, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0 if res["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
