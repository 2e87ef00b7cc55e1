"""Committee commands: impact (the cost of a draft) and render (the printable regulation)."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from .main import add_lang, add_out_dir, add_out_file, parse_date_arg, write_atomic
from ..core.errors import Problem, RegulationError, UsageError
from ..core.validate import Regulation, load_regulation


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("impact", help="re-decide a population's claims under the current regulation and a draft; "
                                      "report what changes and what it costs")
    p.add_argument("current", metavar="CURRENT", help="the regulation file in force")
    p.add_argument("draft", metavar="DRAFT", help="the draft regulation file (may be the same file as CURRENT)")
    p.add_argument("--members", required=True, metavar="MEMBERS.json", help="member histories (a JSON list)")
    p.add_argument("--claims", required=True, metavar="CLAIMS.json", help="claims to re-decide (a JSON list)")
    p.add_argument("--draft-version", metavar="LABEL", default=None,
                   help="the draft version (default: the latest in DRAFT); applied to every claim")
    p.add_argument("--current-version", metavar="LABEL", default=None,
                   help="apply this one version of CURRENT to every claim (default: the version in force on each "
                        "claim's date; when CURRENT is DRAFT, only the versions before the draft)")
    add_out_dir(p, "--out", metavar="DIR", default=None,
                help="write impact.csv, impact.json, changes.json and payouts.svg here (all or nothing)")
    p.add_argument("--project", action="store_true",
                   help="also project the fund's money under each side (swf-rules project's simulations from the "
                        "population's own experience): how the draft moves the year of exhaustion")
    from .reports import project_args
    project_args(p)
    add_lang(p)
    p.set_defaults(handler=cmd_impact)

    p = sub.add_parser("render", help="print a regulation version as the document members vote on (Markdown or "
                                      "HTML for A4), or the changes between two versions")
    p.add_argument("regulation", metavar="REGULATION")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--version", dest="version_label", metavar="LABEL", default=None,
                       help="the version to print (default: the latest)")
    which.add_argument("--as-of", type=parse_date_arg, default=None, metavar="DATE",
                       help="the version in force on DATE (YYYY-MM-DD, or be:YYYY-MM-DD)")
    p.add_argument("--lang", choices=["th", "en"], default="th", help="language of the document (default th)")
    p.add_argument("--format", choices=["md", "html", "pdf"], default="md",
                   help="md (default) or html (A4 print); pdf with --document")
    p.add_argument("--document", action="store_true",
                   help="the version as a ระเบียบ (preamble, definitions, chapters, the chair's signature) in HTML or "
                        "PDF, instead of the list of clauses")
    p.add_argument("--diff", metavar="OTHER", default=None, nargs="?", const="",
                   help="print the changes from OTHER to the chosen version instead: OTHER is a version label of "
                        "REGULATION or another regulation file (its latest version); with no OTHER, the version the "
                        "chosen one amends (an amendment) or the one before it")
    add_out_file(p, "--out", metavar="FILE", default=None, help="write to FILE instead of standard output")
    p.set_defaults(handler=cmd_render)


def _load_all(paths: list[str]) -> list[Regulation]:
    """Load several regulation files, reporting the problems of all of them together."""
    problems: list[Problem] = []
    out: list[Regulation] = []
    for path in paths:
        try:
            out.append(load_regulation(path))
        except RegulationError as e:
            problems.extend(e.problems)
    if problems:
        raise RegulationError(problems)
    return out


def cmd_impact(args: argparse.Namespace) -> int:
    from ..committee import impact as I
    from ..core.errors import InputError, SwfError
    problems: list[Problem] = []
    regs: list[Regulation] = []
    population = None
    try:
        regs = _load_all([args.current, args.draft])
    except SwfError as e:
        problems.extend(e.problems)
    try:
        population = I.load_population(args.members, args.claims)
    except SwfError as e:
        problems.extend(e.problems)
    if problems:
        raise InputError(problems)
    assert population is not None
    current_reg, draft_reg = regs
    draft = I.pinned(draft_reg, args.draft_version, population.claims, args.draft)
    if args.current_version is not None:
        current = I.pinned(current_reg, args.current_version, population.claims, args.current)
    elif Path(args.current).resolve() == Path(args.draft).resolve():
        current = I.in_force(current_reg, args.current,
                             before=I.find_version(draft_reg, draft.versions[0][0], args.draft))
    else:
        current = I.in_force(current_reg, args.current)
    from ..columnar import available
    if available():
        from ..columnar import ColumnarEngine
        result = I.compare(current, draft, population, ColumnarEngine)  # the same decisions, column-wise
    else:
        result = I.compare(current, draft, population)
    files = I.outputs(result)
    projections = _project_sides(args, current, draft, population) if args.project else None
    if projections is not None and args.out is not None:
        from ..reports import report_json
        for side, p in zip(("current", "draft"), projections):
            files[f"projection-{side}.json"] = report_json(p)
            files[f"projection-{side}.svg"] = p.svg("th")
    if args.out is not None:
        I.write_outputs(args.out, files)
    sys.stdout.write(I.text_report(result, args.lang))
    if projections is not None:
        from ..reports.project import compare_text
        sys.stdout.write("\n" + compare_text(projections[0], projections[1], args.lang))
    if args.out is not None:
        names = ", ".join(sorted(files))
        print(f"\nเขียนไฟล์ {names} ใน {args.out}" if args.lang == "th" else f"\nwrote {names} to {args.out}")
    return 0


def _project_sides(args: argparse.Namespace, current: Any, draft: Any, population: Any) -> tuple[Any, Any]:
    """Each side's projection from the population's experience, amounts as that side decides them, from the
    same starting balance (the contributions less what the current side paid)."""
    from ..committee import impact as I
    from ..reports import load_assumptions, project
    from ..reports.project import Paid, experience_from_history
    days = [c.event_date for c in population.claims] + [x.date for m in population.members for x in m.contributions]
    as_of = max(days)
    out = []
    start = None
    for side in (current, draft):
        outcomes = I.decide(side, population)
        paid = [Paid(c.member_id, c.benefit, c.event_date, outcomes[c.claim_id].amount, c.filed_on or c.event_date)
                for c in population.claims if outcomes[c.claim_id].eligible and outcomes[c.claim_id].amount > 0]
        ex = experience_from_history(side.regulation, population.members, paid, as_of, start_balance=start)
        start = Decimal(ex.start_balance) / 100
        assumptions = load_assumptions(args.assumptions, side.regulation) if args.assumptions else None
        name = side.regulation.fund.name
        out.append(project(ex, years=args.years, simulations=args.simulations, seed=args.seed,
                           assumptions=assumptions, name={"th": name.th, "en": name.en},
                           label="current" if side is current else "draft"))
    return out[0], out[1]


def cmd_render(args: argparse.Namespace) -> int:
    from ..committee import render as R
    from ..committee.impact import find_version
    reg = load_regulation(args.regulation)
    version = reg.in_force(args.as_of) if args.as_of else (
        find_version(reg, args.version_label, args.regulation) if args.version_label else reg.versions[-1])
    if args.document or args.format == "pdf":
        from .documents import cmd_regulation_document
        return cmd_regulation_document(args, reg, version)
    doc = R.build(reg, version, args.lang)
    if args.diff is None:
        text = R.render(doc, args.format)
    else:
        other_path = Path(args.diff)
        if args.diff == "":
            other_reg, other_version = reg, _previous(reg, version)
        elif other_path.is_file():
            other_reg = load_regulation(other_path)
            other_version = other_reg.versions[-1]
        elif args.diff.endswith((".yaml", ".yml")):
            raise UsageError(f"--diff {args.diff}: no such file")
        else:
            other_reg, other_version = reg, find_version(reg, args.diff, args.regulation)
        old = R.build(other_reg, other_version, args.lang)
        text = R.render_diff(R.diff(old, doc), args.format)
    if args.out is not None:
        write_atomic(args.out, text)
    else:
        sys.stdout.write(text)
    return 0


def _previous(reg: Regulation, version: object) -> object:
    """What ``render --diff`` with no version compares with: the version an amendment amends, or else the version
    in force before this one."""
    amended = reg.amended(version)  # type: ignore[arg-type]
    if amended is not None:
        return amended
    earlier = [v for v in reg.versions if v.effective < version.effective]  # type: ignore[attr-defined]
    if not earlier:
        raise UsageError(f"--diff: version {version.version} is the first; name the version to compare with")  # type: ignore[attr-defined]
    return earlier[-1]
