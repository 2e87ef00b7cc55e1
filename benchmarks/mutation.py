"""Mutation testing of the decision core with mutmut: run it module by module, then print the score table.

    python -m benchmarks.mutation [--modules dates,money,...] [--children 1] [--survived-only] [--report-only]
                                  [--show-survivors] [--json FILE]

mutmut's settings (which files, which tests) are in pyproject.toml under ``[tool.mutmut]``; its work tree is
``mutants/`` (ignored by git).  Each module is one ``mutmut run`` under the lowest CPU priority (``nice 19``) with
one child by default, so the run shares a busy machine politely.  ``--survived-only`` re-checks only the mutants
the last run did not kill (after adding tests); ``--report-only`` reads the last results without running anything.

Score = (killed + timed out) / mutants: a mutant whose tests fail or hang has been noticed.  "no tests" (no test in
the selection calls the mutated function) counts as not killed.  Exit status: 0 when the run completed, 1 when a
``mutmut run`` failed, 2 on a usage error.  docs/testing.md gives the last measured table and what survives.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORE = "swf_rules/core"
# the decision core, in the order they are run (small and fast first)
MODULES = ("dates", "money", "bands", "compile", "_claim_facts", "_amounts", "_amounts_v2", "_checks", "evaluate",
           "facts")

KILLED = {1: "killed", 3: "killed"}
TIMEOUT = {-24, 24, 36, 152, 255}
NO_TESTS = {5, 33}


def status(code: int | None) -> str:
    if code is None:
        return "not checked"
    if code in KILLED:
        return "killed"
    if code in TIMEOUT:
        return "timeout"
    if code == 0:
        return "survived"
    if code in NO_TESTS:
        return "no tests"
    return "suspicious"


def results(module: str) -> dict[str, int | None]:
    """Mutant name -> mutmut's exit code, from the last run's ``mutants/.../<module>.py.meta``."""
    meta = ROOT / "mutants" / CORE / f"{module}.py.meta"
    if not meta.is_file():
        return {}
    return dict(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])


def _nice() -> None:  # pragma: no cover - runs in the child
    os.nice(19)


def forget_unmutated_copy(module: str) -> bool:
    """Remove ``mutants/``'s plain copy of a module that has no results yet, so that mutmut mutates it.

    mutmut copies the files it does not mutate into ``mutants/`` on every run; a module added to ``only_mutate``
    later has such a copy, newer than its source, which mutmut takes for an up-to-date mutated file (and then finds
    no mutants of it).  Which tests call which function was recorded without the module's functions, so that record
    (``mutmut-stats.json``) goes too: the next run records it again (one run of the selected tests)."""
    copy = ROOT / "mutants" / CORE / f"{module}.py"
    if results(module) or not copy.is_file():
        return False
    copy.unlink()
    (ROOT / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)
    return True


def run_module(module: str, children: int, names: list[str] | None, log: Path) -> int:
    """One ``mutmut run`` for a module (every mutant of it, or only ``names``); its output goes to ``log``."""
    forget_unmutated_copy(module)
    args = [sys.executable, "-m", "mutmut", "run", "--max-children", str(children)]
    args += names if names else [f"swf_rules.core.{module}.*"]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.run(args, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, preexec_fn=_nice)
    return proc.returncode


def table(modules: list[str]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    rows = []
    for m in modules:
        res = results(m)
        counts: dict[str, int] = {}
        for code in res.values():
            s = status(code)
            counts[s] = counts.get(s, 0) + 1
        total = len(res)
        caught = counts.get("killed", 0) + counts.get("timeout", 0)
        rows.append({"module": m, "mutants": total, "killed": counts.get("killed", 0),
                     "timeout": counts.get("timeout", 0), "survived": counts.get("survived", 0),
                     "no_tests": counts.get("no tests", 0),
                     "other": total - caught - counts.get("survived", 0) - counts.get("no tests", 0),
                     "score": round(100 * caught / total, 1) if total else None})
    total = {k: sum(r[k] for r in rows) for k in ("mutants", "killed", "timeout", "survived", "no_tests", "other")}
    caught = total["killed"] + total["timeout"]
    total["score"] = round(100 * caught / total["mutants"], 1) if total["mutants"] else None
    return rows, total


def print_table(rows: list[dict[str, Any]], total: dict[str, Any]) -> None:
    head = ("module", "mutants", "killed", "timeout", "survived", "no_tests", "other", "score")
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join(" --- " for _ in head) + "|")
    for r in rows + [{"module": "**total**", **total}]:
        score = "-" if r["score"] is None else f"{r['score']}%"
        print("| " + " | ".join([str(r["module"])] + [str(r[k]) for k in head[1:-1]] + [score]) + " |")


def mutant_sources(module: str) -> dict[str, str]:
    """Function name in the mutated file -> its source (``x_f__mutmut_orig``, ``x_f__mutmut_3``, ...)."""
    path = ROOT / "mutants" / CORE / f"{module}.py"
    text = path.read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and "__mutmut_" in node.name:
            out[node.name] = ast.get_source_segment(text, node) or ""
    return out


def changed_lines(orig: str, mutant: str) -> list[str]:
    a, b = orig.splitlines()[1:], mutant.splitlines()[1:]  # the def line differs by name only (or a default)
    out = [f"- {x.strip()}" for x, y in zip(a, b) if x != y] + [f"+ {y.strip()}" for x, y in zip(a, b) if x != y]
    if orig.splitlines()[0].split("(", 1)[1] != mutant.splitlines()[0].split("(", 1)[1]:
        out = [f"- {orig.splitlines()[0].strip()}", f"+ {mutant.splitlines()[0].strip()}"] + out
    return out or ["(lines differ in number)"]


def show_survivors(modules: list[str]) -> None:
    for m in modules:
        res = results(m)
        bad = sorted(k for k, v in res.items() if status(v) not in ("killed", "timeout"))
        if not bad:
            continue
        src = mutant_sources(m)
        print(f"\n## {m}: {len(bad)} not killed")
        for name in bad:
            fn = name.rsplit(".", 1)[1]
            orig = src.get(fn.rsplit("__mutmut_", 1)[0] + "__mutmut_orig", "")
            print(f"{name} [{status(res[name])}]")
            for line in changed_lines(orig, src.get(fn, "")) if orig and fn in src else ["(source not found)"]:
                print("    " + line)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.mutation", description=__doc__.split("\n\n")[0])
    ap.add_argument("--modules", default=",".join(MODULES), help="comma-separated core modules (default: all)")
    ap.add_argument("--children", type=int, default=1, help="mutmut worker processes (default 1)")
    ap.add_argument("--survived-only", action="store_true", help="re-check only what the last run did not kill")
    ap.add_argument("--report-only", action="store_true", help="print the last results, run nothing")
    ap.add_argument("--show-survivors", action="store_true", help="print each mutant not killed, as changed lines")
    ap.add_argument("--json", type=Path, help="also write the table as JSON")
    a = ap.parse_args(argv)
    modules = [m.strip() for m in a.modules.split(",") if m.strip()]
    unknown = [m for m in modules if m not in MODULES]
    if unknown or a.children < 1:
        print(f"unknown module(s) {unknown}; choose from {', '.join(MODULES)}" if unknown else "--children >= 1",
              file=sys.stderr)
        return 2
    failed = []
    if not a.report_only:
        for m in modules:
            names = None
            if a.survived_only:
                names = sorted(k for k, v in results(m).items() if status(v) not in ("killed", "timeout"))
                if not names and results(m):
                    print(f"{m}: nothing left to re-check", flush=True)
                    continue
            log = ROOT / "mutants" / "logs" / f"{m}.log"
            print(f"{m}: mutmut run ({'all mutants' if names is None else f'{len(names)} mutants'}), log {log}",
                  flush=True)
            if run_module(m, a.children, names, log) != 0:
                failed.append(m)
                print(f"{m}: mutmut run failed, see {log}", file=sys.stderr, flush=True)
    rows, total = table(modules)
    print_table(rows, total)
    if a.show_survivors:
        show_survivors(modules)
    if a.json:
        a.json.write_text(json.dumps({"modules": rows, "total": total}, indent=2) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
