"""Report commands on the fund as a whole: status (สถานะกองทุน), review (ทบทวนสมาชิก), statement (the passbook),
committee-review (ทบทวนคณะกรรมการ) and project (money analysis and sustainability)."""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from .audit import _ledger_args, _load
from .main import add_lang, parse_date_arg


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
