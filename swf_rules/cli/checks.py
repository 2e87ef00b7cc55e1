"""Committee commands: test (case files), lint (suspicious but valid regulations), check (invariants)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .main import add_lang, add_out_file, dumps, write_atomic
from ..core.errors import Problem, RegulationError, UsageError


MAX_EXAMPLES = 100_000  # a search of more examples per invariant would run for hours


def _positive(text: str) -> int:
    try:
        n = int(text) if len(text) <= 20 else None
    except ValueError:
        n = None
    if n is None:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"'{text}' must be at least 1")
    if n > MAX_EXAMPLES:
        raise argparse.ArgumentTypeError(f"'{text}' is more than {MAX_EXAMPLES}")
    return n


def _seed(text: str) -> int:
    try:
        if len(text) <= 40:
            return int(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a whole number") from None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("test", help="run committee case files (*.cases.yaml); exit 1 on any failure")
    p.add_argument("paths", nargs="+", metavar="PATH", help="case files, or directories searched for *.cases.yaml")
    p.add_argument("-q", "--quiet", action="store_true", help="print failures and the summary only")
    add_lang(p)
    p.set_defaults(handler=cmd_test)

    p = sub.add_parser("lint", help="point at what is suspicious in valid regulations; exit 1 on any finding")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--ignore", action="append", default=[], metavar="CODE", help="leave out findings with this code")
    add_lang(p)
    p.set_defaults(handler=cmd_lint)

    p = sub.add_parser("check", help="search generated histories for violations of the regulation's invariants")
    p.add_argument("regulation", metavar="REGULATION", help="a regulation file, or a case file naming one")
    p.add_argument("--cases", default=None, metavar="FILE",
                   help="case file declaring invariants (default: cases/<name>.cases.yaml next to the regulation)")
    p.add_argument("--examples", type=_positive, default=100, metavar="N", help="examples per invariant (100)")
    p.add_argument("--seed", type=_seed, default=None, metavar="N", help="make the search repeatable")
    add_out_file(p, "--save", default=None, metavar="FILE",
                 help="also write the counterexamples as a case file (paths relative to it)")
    add_lang(p)
    p.set_defaults(handler=cmd_check)


def cmd_test(args: argparse.Namespace) -> int:
    from ..committee import run_paths
    run = run_paths(args.paths)
    sys.stdout.write(run.render(args.lang, quiet=args.quiet))
    return 0 if run.ok else 1


def cmd_lint(args: argparse.Namespace) -> int:
    from ..committee.lint import lint_file, render
    findings: list[Problem] = []
    problems: list[Problem] = []
    for path in args.paths:
        try:
            findings.extend(f for f in lint_file(path) if f.code not in args.ignore)
        except RegulationError as e:
            problems.extend(e.problems)
    if args.format == "json":
        print(dumps({"ok": not findings and not problems, "findings": [f.to_dict() for f in findings],
                     "problems": [p.to_dict() for p in problems]}))
    else:
        for p in problems:
            print(p.render(args.lang))
        sys.stdout.write(render(findings, args.lang, files=len(args.paths)))
    return 1 if findings or problems else 0


def cmd_check(args: argparse.Namespace) -> int:
    try:
        import hypothesis  # noqa: F401 -- the search engine; installed with the test extra
    except ImportError:
        raise UsageError("swf-rules check needs hypothesis: pip install 'swf-rules[test]'") from None
    from ..committee import CASE_SUFFIX, case_yaml, relative_ref
    from ..committee.check import run_check
    regulation, cases = args.regulation, args.cases
    if regulation.endswith(CASE_SUFFIX):
        from ..committee import load_case_file
        cf = load_case_file(regulation)
        regulation, cases = cf.regulation_path, regulation
    run = run_check(regulation, cases=cases, examples=args.examples, seed=args.seed)
    where = Path(args.save).parent if args.save else Path(".")
    ref = relative_ref(regulation, where)
    sys.stdout.write(run.render(args.lang, regulation_ref=ref))
    failed = [r for r in run.results if not r.passed]
    if args.save and failed:
        cases_out = [c for r in failed for c in r.violation.cases]  # type: ignore[union-attr]
        comments = [f"counterexamples found by: swf-rules check {args.regulation}"
                    + (f" --seed {args.seed}" if args.seed is not None else "")]
        for r in failed:
            comments.append(f"invariant '{r.name}': {r.violation.en}")  # type: ignore[union-attr]
        comments.append("dates are C.E.; the regulation path is relative to this file")
        write_atomic(args.save, case_yaml(ref, cases_out, comments))
    return 1 if failed else 0


__all__ = ["cmd_check", "cmd_lint", "cmd_test", "register"]
