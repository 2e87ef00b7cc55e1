"""Run the benchmarks, print a table and write the JSON results.

    python -m benchmarks [--size tiny|small|full] [--only decide,replay,validate,import]
                         [--out benchmarks/results.json]
                         [--workdir DIR]

Each benchmark (and each replay size) runs in its own Python process, so peak memory is measured per benchmark.
Exit status: 0 when every variant agreed and every check passed (targets missed are reported, not failed),
1 when a variant disagreed or a check failed, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from ._common import ROOT, SIZES, machine

BENCHMARKS = ("decide", "replay", "validate", "import", "national")


def _worker(task: str, cfg: dict[str, Any], tmp: Path) -> dict[str, Any]:
    out = tmp / f"{task}-{len(list(tmp.iterdir()))}.json"
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    proc = subprocess.run([sys.executable, "-m", "benchmarks._worker", task, json.dumps(cfg), str(out)],
                          cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0 or not out.is_file():
        return {"status": "failed", "exit": proc.returncode, "stderr": proc.stderr[-3000:]}
    result = json.loads(out.read_text(encoding="utf-8"))
    result.setdefault("status", "ok")
    return result


def run(size: str, only: list[str], workdir: Path, progress: Any = None) -> dict[str, Any]:
    sizes = SIZES[size]
    results: dict[str, Any] = {"schema": 1, "size": size, "machine": machine(),
                               "command": f"python -m benchmarks --size {size}" +
                                          (f" --only {','.join(only)}" if list(only) != list(BENCHMARKS) else ""),
                               "benchmarks": {}}
    say = progress or (lambda msg: None)
    with tempfile.TemporaryDirectory(prefix="swf-bench-") as t:
        tmp = Path(t)
        if "decide" in only:
            say(f"decide: {sizes['decide']['members']} members x {sizes['decide']['years']} years ...")
            results["benchmarks"]["decide"] = _worker("decide", sizes["decide"], tmp)
        if "replay" in only:
            runs = []
            for rc in sizes["replay"]:
                d = workdir / f"replay-{rc['members']}x{rc['years']}"
                say(f"replay: writing the ledger of {rc['members']} members x {rc['years']} years ...")
                setup = _worker("replay-setup", {**rc, "dir": str(d)}, tmp)
                if setup.get("status") != "ok":
                    runs.append({**rc, "setup": setup, "status": "failed"})
                    continue
                say(f"replay: {setup['payouts']} payouts, {setup['instalments']} instalments ...")
                m = _worker("replay", {"dir": str(d)}, tmp)
                runs.append({**rc, "instalments": setup["instalments"], "ledger_bytes": setup["ledger_bytes"],
                             "generate_seconds": setup["generate_seconds"], **m})
            results["benchmarks"]["replay"] = {"runs": runs, "targets": _replay_targets(runs)}
        if "validate" in only:
            say("validate ...")
            results["benchmarks"]["validate"] = _worker("validate", sizes["validate"], tmp)
        if "national" in only:
            nc = sizes["national"]
            d = workdir / f"national-{nc['funds']}x{nc['members']}x{nc['years']}"
            say(f"national: writing {nc['funds']} funds of about {nc['members']} members (kept in {d}) ...")
            setup = _worker("national-setup", {**nc, "dir": str(d)}, tmp)
            if setup.get("status") != "ok":
                results["benchmarks"]["national"] = {"status": "failed", "setup": setup}
            else:
                say(f"national: {setup['members']} members, {setup['instalments']} instalments, "
                    f"{setup['payouts']} payouts; replaying on 1 and 2 Dask workers ...")
                m = _worker("national", {**nc, "dir": str(d)}, tmp)
                results["benchmarks"]["national"] = {**m, "generate_seconds": setup["generate_seconds"]}
        if "import" in only:
            books = []
            for ic in sizes["import"]:
                d = workdir / f"import-{ic['members']}x{ic['years']}"
                say(f"import: writing the workbook of {ic['members']} members x {ic['years']} years ...")
                setup = _worker("import-setup", {**ic, "dir": str(d)}, tmp)
                runs = []
                if setup.get("status") == "ok":
                    for source in ("xlsx", "csv"):
                        say(f"import: {setup['rows']:,} rows from {source} ...")
                        runs.append(_worker("import", {"dir": str(d), "source": source, "rows": setup["rows"]}, tmp))
                books.append({**ic, "setup": setup, "runs": runs})
            results["benchmarks"]["import"] = {"books": books}
    results["ok"] = _ok(results)
    return results


def _replay_targets(runs: list[dict[str, Any]]) -> dict[str, Any]:
    ok = [r for r in runs if r.get("status") == "ok"]
    t: dict[str, Any] = {}
    for r in ok:
        if r["members"] == 5000 and r["years"] == 10:
            t["replay_5000x10"] = {"target": "5,000 members x 10 years end to end in under 10 seconds",
                                   "want_at_most": 10.0, "measured": r["seconds"], "met": r["seconds"] < 10.0}
    if not ok:
        return t
    base = ok[0]
    grow = [r for r in ok if r["years"] == base["years"] and r["members"] > base["members"]]
    longer = [r for r in ok if r["members"] == base["members"] and r["years"] > base["years"]]

    def mem(r: dict[str, Any]) -> float:
        return r["peak_rss_mb"] - r["baseline_rss_mb"]

    if grow:
        b = max(grow, key=lambda r: r["members"])
        k = b["members"] / base["members"]
        tr = b["seconds"] / base["seconds"] if base["seconds"] else None
        t["time_growth"] = {"target": f"{b['members']:,} members in under {k:g}x the time of {base['members']:,} "
                                      "(no worse than linear)", "want_at_most": k,
                            "measured": round(tr, 2) if tr else None, "met": tr is not None and tr < k}
        mr = mem(b) / mem(base) if mem(base) > 0 else None
        t["memory_growth_members"] = {
            "target": f"peak memory over the interpreter's baseline, {b['members']:,} vs {base['members']:,} members: "
                      f"growing no faster than the members ({k:g}x)", "want_at_most": k,
            "measured": round(mr, 2) if mr else None, "met": mr is not None and mr <= k}
    if longer:
        c = max(longer, key=lambda r: r["years"])
        ir = c["instalments"] / base["instalments"]
        mr = mem(c) / mem(base) if mem(base) > 0 else None
        half = round((1 + ir) / 2, 2)
        t["memory_growth_instalments"] = {
            "target": f"same {base['members']:,} members over {c['years']} instead of {base['years']} years "
                      f"({ir:.2f}x the instalments): peak memory over the baseline closer to flat (1x) than to "
                      f"proportional ({ir:.2f}x)", "want_at_most": half,
            "measured": round(mr, 2) if mr else None, "met": mr is not None and mr <= half}
    return t


def _ok(results: dict[str, Any]) -> bool:
    b = results["benchmarks"]
    ok = True
    if "decide" in b:
        ok &= b["decide"].get("status") == "ok" and b["decide"].get("agreed") is True
    if "replay" in b:
        for r in b["replay"]["runs"]:
            ok &= r.get("status") == "ok" and r.get("planted_check", {}).get("ok") is True
            cli = r.get("cli", {})
            ok &= cli.get("status") != "failed" and cli.get("outputs_identical_to_api") is not False
    if "validate" in b:
        ok &= b["validate"].get("status") == "ok"
    if "national" in b:
        n = b["national"]
        ok &= n.get("status") == "ok" and n.get("outputs_identical_across_workers") is True
        ok &= all(r["not_supported_findings"] == n["planted"] for r in n.get("runs", []))
    if "import" in b:
        for book in b["import"]["books"]:
            ok &= book["setup"].get("status") == "ok" and len(book["runs"]) == 2
            for r in book["runs"]:
                ok &= r.get("status") == "ok" and r.get("planted_check", {}).get("ok") is True
    return bool(ok)


# ---------------------------------------------------------------------------------------------- the table
def _n(x: Any, digits: int = 0) -> str:
    if x is None:
        return "-"
    if isinstance(x, (int, float)):
        return f"{x:,.{digits}f}"
    return str(x)


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    w = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(head)]
    line = lambda cells: "  ".join(c.ljust(w[i]) if i == 0 else c.rjust(w[i]) for i, c in enumerate(cells))  # noqa
    return [line(head), line(["-" * x for x in w]), *(line(r) for r in rows)]


def _target_lines(targets: dict[str, Any]) -> list[str]:
    out = []
    for t in targets.values():
        met = {True: "met", False: "NOT met", None: "not measured"}[t["met"]]
        want = f"<= {t['want_at_most']:g}" if "want_at_most" in t else f">= {t['want_at_least']:g}"
        cpu = f", by CPU time {_n(t['measured_cpu'], 2)}" if "measured_cpu" in t else ""
        if t.get("measured_with_facts") is not None:
            cpu += f", counting the facts fed to the other engine {_n(t['measured_with_facts'], 2)}"
        if t.get("measured_with_columnar_facts") is not None:
            cpu += f", or the columnar facts {_n(t['measured_with_columnar_facts'], 2)}"
        out.append(f"  target: {t['target']}: measured {_n(t['measured'], 2)}{cpu} (want {want}): {met}")
    return out


def render(results: dict[str, Any]) -> str:
    out: list[str] = []
    m = results["machine"]
    out.append(f"machine: {m['cores']} cores ({m['usable_cores']} usable), {m['cpu']}, {m['memory_gib']} GiB; "
               f"Python {m['python']}; {m['platform']}; load average at start {m['load_average_at_start']}")
    b = results["benchmarks"]
    d = b.get("decide")
    if d is not None:
        out.append("")
        if d.get("status") != "ok":
            out.append(f"decide: FAILED\n{d.get('stderr', '')}")
        else:
            out.append(f"decide: Chamung, {d['claims']:,} claims ({d['members']:,} members x {d['years']} years, "
                       f"{d['reasons']:,} reasons); all variants agree: {d['agreed']}")
            swf = d["variants"]["swf-rules"].get("claims_per_s")
            rows = []
            order = ["swf-rules", "swf-rules (facts indexed beforehand)", "swf-rules+json", "plain-python", "durable-rules", "zen-engine", "zen-engine+trace"]
            for name in sorted(d["variants"], key=lambda k: (order.index(k) if k in order else 99, k)):
                v = d["variants"][name]
                if v["status"] != "ok":
                    rows.append([name, "skipped", "-", "-", "-", "-", "-"])
                    continue
                r = v["claims_per_s"]
                rows.append([name, _n(r), _n(v["claims_per_cpu_s"]), _n(v.get("with_facts_claims_per_s")),
                             _n(v["seconds"], 3), str(v["runs"]), f"{r / swf:.3g}x" if r and swf else "-"])
            rows.append(["(facts precompute, MemberState)", _n(d["facts_precompute_claims_per_s"]), "-", "-",
                         _n(d["facts_precompute_seconds"], 3), "-", "-"])
            out.extend(_table(["variant", "claims/s", "claims/CPU-s", "incl. facts", "best s", "runs",
                               "vs swf-rules"], rows))
            out.append(f"  peak memory {d['peak_rss_mb']} MiB (baseline {d['baseline_rss_mb']} MiB)")
            out.extend(_target_lines(d.get("targets", {})))
            for name, probs in d.get("disagreements", {}).items():
                out.append(f"  DISAGREE {name}: " + "; ".join(probs))
    r = b.get("replay")
    if r is not None:
        out.append("")
        out.append("replay: synthetic Chamung books, ledger files on disk -> findings.csv/json + summary.csv")
        rows = []
        for x in r["runs"]:
            if x.get("status") != "ok":
                rows.append([f"{x['members']:,} x {x['years']}y", "FAILED", "-", "-", "-", "-", "-", "-"])
                continue
            cli = x.get("cli", {})
            rows.append([f"{x['members']:,} x {x['years']}y", _n(x["instalments"]), _n(x["payouts"]),
                         _n(x["seconds"], 2), f"{_n(x['read_seconds'], 2)}/{_n(x['replay_seconds'], 2)}/"
                                              f"{_n(x['write_seconds'], 2)}",
                         _n(x["payouts_per_s"]), _n(x["peak_rss_mb"], 1),
                         _n(cli.get("seconds"), 2) if cli.get("status") == "ok" else cli.get("status", "-")])
        out.extend(_table(["fund", "instalments", "payouts", "seconds", "read/replay/write", "payouts/s",
                           "peak MiB", "CLI s"], rows))
        for x in r["runs"]:
            pc = x.get("planted_check")
            if pc and not pc.get("ok"):
                out.append(f"  PLANTED CHECK FAILED at {x['members']} members: {pc}")
            if x.get("status") != "ok":
                out.append(f"  FAILED at {x['members']} members: {json.dumps(x)[-2000:]}")
        out.extend(_target_lines(r.get("targets", {})))
    v = b.get("validate")
    if v is not None:
        out.append("")
        if v.get("status") != "ok":
            out.append(f"validate: FAILED\n{v.get('stderr', '')}")
        else:
            out.append(f"validate: {len(v['files'])} files ({v['versions']} versions, {v['bytes']:,} bytes): "
                       f"{v['seconds_per_pass'] * 1000:.1f} ms per pass, "
                       f"{v['seconds_per_pass_with_compile'] * 1000:.1f} ms with compiling every version "
                       f"(best of {v['passes']}); peak memory {v['peak_rss_mb']} MiB")
            out.extend(_target_lines(v["targets"]))
    n = b.get("national")
    if n is not None:
        out.append("")
        if n.get("status") != "ok":
            out.append(f"national: FAILED\n{json.dumps(n)[-2000:]}")
        else:
            out.append(f"national: {n['funds']} funds, {n['members']:,} members, {n['instalments']:,} instalments, "
                       f"{n['payouts']:,} payouts (Parquet, {n['parquet_bytes'] / 2**20:,.0f} MiB); "
                       f"outputs identical across worker counts: {n['outputs_identical_across_workers']}")
            out.extend(_table(["Dask workers", "seconds", "s per fund x workers", "findings not supported"],
                              [[str(r["workers"]), _n(r["seconds"], 1), _n(r["seconds_per_fund_per_worker"], 3),
                                f"{r['not_supported_findings']} (planted {n['planted']})"] for r in n["runs"]]))
            if "speedup_2_workers" in n:
                out.append(f"  2 workers: {n['speedup_2_workers']}x the speed of 1")
            ex = n.get("extrapolation")
            if ex:
                out.append(f"  on paper, {ex['funds']:,} funds / {ex['members']:,} members: {ex['hours_one_worker']} h "
                           f"on one worker; " + ", ".join(f"{h} h on {w}" for w, h in sorted(ex["hours_per_worker_count"].items(),
                                                                    key=lambda x: int(x[0]))))
    im = b.get("import")
    if im is not None:
        out.append("")
        out.append("import: synthetic Chamung books as the template workbook, and its sheets as cp874 CSV files")
        rows = []
        for book in im["books"]:
            st = book["setup"]
            size = f"{book['members']:,} x {book['years']}y"
            if st.get("status") != "ok":
                rows.append([size, "setup FAILED", "-", "-", "-", "-", "-", "-"])
                continue
            for x in book["runs"]:
                if x.get("status") != "ok":
                    rows.append([size, x.get("source", "?"), _n(st["rows"]), "FAILED", "-", "-", "-", "-"])
                    continue
                rows.append([size, x["source"], _n(st["rows"]), _n(x["seconds"], 2),
                             _n(x.get("openpyxl_seconds"), 2), _n(x["rows_per_s"]),
                             _n(x["peak_rss_mb"] - x["baseline_rss_mb"], 1),
                             "yes" if x["planted_check"]["ok"] else "NO"])
        out.extend(_table(["books", "source", "rows", "seconds", "openpyxl s", "rows/s", "peak MiB over base",
                           "planted found"], rows))
    out.append("")
    out.append("all checks passed" if results["ok"] else "SOME CHECKS FAILED")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    p.add_argument("--size", choices=sorted(SIZES), default="small",
                   help="tiny (smoke test, seconds), small (default, ~1 minute), full (the documented figures)")
    p.add_argument("--only", default=",".join(BENCHMARKS), help="comma-separated subset of " + ", ".join(BENCHMARKS))
    p.add_argument("--out", default=str(ROOT / "benchmarks" / "results.json"), help="JSON results file")
    p.add_argument("--workdir", default=None, help="where the synthetic ledgers are written (default: a temporary "
                                                  "directory, removed afterwards)")
    args = p.parse_args(argv)
    only = [x.strip() for x in args.only.split(",") if x.strip()]
    bad = [x for x in only if x not in BENCHMARKS]
    if bad or not only:
        p.error(f"--only: unknown benchmark(s) {bad}; choose from {', '.join(BENCHMARKS)}")
    say = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    if args.workdir:
        workdir = Path(args.workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        results = run(args.size, only, workdir, say)
    else:
        with tempfile.TemporaryDirectory(prefix="swf-bench-ledgers-") as w:
            results = run(args.size, only, Path(w), say)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(results, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, out)
    sys.stdout.write(render(results))
    print(f"results written to {out}", file=sys.stderr)
    return 0 if results["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
