"""Report commands on the fund as a whole: status (สถานะกองทุน), review (ทบทวนสมาชิก), statement (the passbook),
committee-review (ทบทวนคณะกรรมการ) and project (money analysis and sustainability)."""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from .audit import _ledger_args, _load
from .main import add_lang, add_out_dir, parse_date_arg


def _month_day(text: str) -> tuple[int, int]:
    m = re.match(r"^(\d{1,2})-(\d{1,2})$", text.strip())
    if m:
        month, day = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and 1 <= day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
            return month, day
    raise argparse.ArgumentTypeError(f"'{text}' is not a day of the year; write MM-DD (03-01 for 1 March)")


def _formats(p: argparse.ArgumentParser, csv: bool = True) -> None:
    p.add_argument("--format", choices=["text", "csv", "json"] if csv else ["text", "json"], default="text",
                   help="text (Thai or English, --lang), CSV or JSON")
    add_lang(p)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("status", help="the fund's status per fiscal year and cumulative (members, money, matching, "
                                      "collection, arrears), from its books")
    _ledger_args(p)
    p.add_argument("--as-of", required=True, type=parse_date_arg, metavar="DATE",
                   help="YYYY-MM-DD, or be:YYYY-MM-DD for B.E.")
    p.add_argument("--since", type=parse_date_arg, metavar="DATE",
                   help="also give the figures from this day to the as-of date")
    p.add_argument("--count-on", type=_month_day, default=(10, 1), metavar="MM-DD",
                   help="the day of each fiscal year on which the government's matching counts members "
                        "(default 10-01, the fiscal year's first day)")
    _formats(p)
    p.set_defaults(handler=cmd_status)

    p = sub.add_parser("review", help="the member review (ทบทวนสมาชิก): arrears, lapses, deaths and allowances the "
                                      "register misses, beneficiaries, duplicate IDs; each with its clause and what "
                                      "to do")
    _ledger_args(p)
    p.add_argument("--as-of", required=True, type=parse_date_arg, metavar="DATE")
    _formats(p)
    p.set_defaults(handler=cmd_review)

    p = sub.add_parser("statement", help="a member's passbook: every instalment paid or missed, every payout")
    _ledger_args(p)
    p.add_argument("--as-of", required=True, type=parse_date_arg, metavar="DATE")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--member", action="append", metavar="ID", help="the member's number (repeatable)")
    who.add_argument("--all", action="store_true", help="every member who had joined by the as-of date")
    _formats(p)
    p.set_defaults(handler=cmd_statement)

    p = sub.add_parser("committee-review", help="the committee review (ทบทวนคณะกรรมการ): claims decided per meeting "
                                                "and approver, days to decision and payment, approved against "
                                                "entitled")
    _ledger_args(p)
    p.add_argument("--as-of", required=True, type=parse_date_arg, metavar="DATE")
    p.add_argument("--log", metavar="FILE", help="the decision log: the committee's approval records (swf-rules "
                                                 "approve) replace the books' payouts of the same claims and add "
                                                 "the rejected ones")
    _formats(p)
    p.set_defaults(handler=cmd_committee_review)

    p = sub.add_parser("project", help="the fund's money years ahead from its books and regulation: many seeded "
                                       "simulations, percentile bands, the chance of running out")
    _ledger_args(p)
    p.add_argument("--as-of", required=True, type=parse_date_arg, metavar="DATE", help="where the projection starts")
    project_args(p)
    p.add_argument("--count-on", type=_month_day, default=(10, 1), metavar="MM-DD",
                   help="the day the government's matching counts members (as in status)")
    add_out_dir(p, "--out", metavar="DIR", help="write projection.json, projection.csv and projection.svg here")
    _formats(p)
    p.set_defaults(handler=cmd_project)


def _emit(report: Any, args: argparse.Namespace) -> int:
    from ..reports import report_json
    from ..reports._common import csv_text
    if args.format == "json":
        sys.stdout.write(report_json(report))
    elif args.format == "csv":
        sys.stdout.write(csv_text(report.csv_rows()))
    else:
        sys.stdout.write(report.render(args.lang))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from ..reports import fund_status
    reg, led = _load(args)
    return _emit(fund_status(reg, led, args.as_of, args.since, count_on=args.count_on), args)


def cmd_review(args: argparse.Namespace) -> int:
    from ..reports import review_members
    reg, led = _load(args)
    return _emit(review_members(reg, led, args.as_of), args)


def cmd_statement(args: argparse.Namespace) -> int:
    from ..reports import statements
    reg, led = _load(args)
    return _emit(statements(reg, led, args.as_of, None if args.all else args.member), args)


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of at least 1")
    return n


def project_args(p: argparse.ArgumentParser) -> None:
    """The projection's options (``project``, and ``impact --project``)."""
    p.add_argument("--years", type=_positive, default=10, metavar="N", help="years ahead (default 10)")
    p.add_argument("--simulations", type=_positive, default=1000, metavar="N", help="simulations (default 1000)")
    p.add_argument("--seed", type=int, default=0, help="the random seed (the same seed gives the same bytes)")
    p.add_argument("--assumptions", metavar="FILE", help="declared rates with their sources (YAML)")


def projection_files(projection: Any) -> dict[str, str]:
    from ..reports import report_json
    from ..reports._common import csv_text
    return {"projection.json": report_json(projection), "projection.csv": csv_text(projection.csv_rows()),
            "projection.svg": projection.svg("th")}


def write_dir(out: str, files: dict[str, str], lang: str) -> None:
    """Every file or none, each written atomically."""
    from pathlib import Path
    from ..core.output import write_atomic
    Path(out).mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        write_atomic(Path(out) / name, text.encode("utf-8"))
    print(("เขียน " if lang == "th" else "wrote ") + ", ".join(files) + (" ที่ " if lang == "th" else " to ") + out,
          file=sys.stderr)


def cmd_project(args: argparse.Namespace) -> int:
    from ..reports import experience_from_books, load_assumptions, project
    reg, led = _load(args)
    assumptions = load_assumptions(args.assumptions, reg) if args.assumptions else None
    ex = experience_from_books(reg, led, args.as_of, count_on=args.count_on)
    p = project(ex, years=args.years, simulations=args.simulations, seed=args.seed, assumptions=assumptions,
                name={"th": reg.fund.name.th, "en": reg.fund.name.en})
    if args.out:
        write_dir(args.out, projection_files(p), args.lang)
    return _emit(p, args)


def cmd_committee_review(args: argparse.Namespace) -> int:
    from ..reports import committee_review, decisions_from_approvals, decisions_from_books
    reg, led = _load(args)
    decisions = None
    if getattr(args, "log", None):
        from ..audit.approvals import approvals
        recorded = decisions_from_approvals(approvals(args.log))
        ids = {d.claim_id for d in recorded}
        decisions = [d for d in decisions_from_books(led) if d.claim_id not in ids] + recorded
    return _emit(committee_review(reg, led, args.as_of, decisions), args)
