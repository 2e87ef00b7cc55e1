"""What a committee signs: approve (the committee's decision in the decision log), approvals (the decisions
against the entitlements), voucher (ใบสำคัญจ่าย), annual-report; ``render --document`` prints the regulation as a
ระเบียบ (:func:`cmd_regulation_document`)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .audit import _ledger_args, _load, recorded_regulations
from .main import add_lang, add_out_file, bounded_int, dumps, parse_date_arg, write_atomic
from ..core.errors import InputError, UsageError, make_problem
from ..core.validate import Regulation


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("approve", help="record the committee's decision on a claim (approve, reduce or reject) in "
                                       "the decision log, beside the entitlement")
    p.add_argument("--log", required=True, metavar="FILE", help="the decision log holding the claim's decision")
    p.add_argument("--claim-id", required=True, metavar="ID")
    p.add_argument("--action", required=True, choices=["approve", "reduce", "reject"])
    p.add_argument("--amount", metavar="BAHT", help="approve: default the entitlement; reduce: required")
    p.add_argument("--reason", metavar="TEXT", help="why (required when the decision differs from the entitlement)")
    p.add_argument("--meeting", required=True, metavar="N", help="the meeting, as the fund numbers it (3/2567)")
    p.add_argument("--meeting-date", required=True, type=parse_date_arg, metavar="DATE",
                   help="YYYY-MM-DD, or be:YYYY-MM-DD for B.E.")
    p.add_argument("--approver", required=True, action="append", metavar="NAME", help="repeatable")
    p.add_argument("--format", choices=["text", "json"], default="text")
    add_lang(p)
    p.set_defaults(handler=cmd_approve)

    p = sub.add_parser("approvals", help="the committee's decisions beside the entitlements, and who approved what "
                                         "was not entitled")
    p.add_argument("--log", required=True, metavar="FILE")
    p.add_argument("--not-entitled", action="store_true", help="only what was approved beyond the entitlement")
    p.add_argument("--format", choices=["text", "json"], default="text")
    add_lang(p)
    p.set_defaults(handler=cmd_approvals)

    p = sub.add_parser("voucher", help="payment vouchers (ใบสำคัญจ่าย) of the approved claims, HTML or PDF")
    p.add_argument("--log", required=True, metavar="FILE")
    _regulation_args(p)
    which = p.add_mutually_exclusive_group()
    which.add_argument("--claim-id", action="append", default=[], metavar="ID", help="repeatable; default: all")
    which.add_argument("--month", metavar="YYYY-MM", help="the approvals of one month (of the meeting's date; "
                                                          "be:YYYY-MM for B.E.)")
    which.add_argument("--meeting", metavar="N", help="the approvals of one meeting")
    p.add_argument("--format", choices=["html", "pdf", "json"], default="pdf")
    p.add_argument("--digits", choices=["arabic", "thai"], default="arabic", help="digits of the document")
    add_out_file(p, "--out", required=True, metavar="FILE")
    p.set_defaults(handler=cmd_voucher)

    p = sub.add_parser("annual-report", help="the annual report to the members' meeting (status, money, welfare, "
                                             "member review, the committee's decisions, projection), HTML or PDF")
    _ledger_args(p)
    p.add_argument("--fiscal-year", required=True, type=_fiscal_year, metavar="YEAR",
                   help="the fiscal year in B.E. (2567: 1 October 2023 to 30 September 2024)")
    p.add_argument("--log", metavar="FILE", help="the decision log: the committee's approval records")
    p.add_argument("--years", type=bounded_int(1, 100), default=10, help="years projected (default 10)")
    p.add_argument("--simulations", type=bounded_int(1, 10_000), default=500,
                   help="simulated futures (default 500)")
    p.add_argument("--seed", type=bounded_int(0, 2 ** 32 - 1), default=0)
    p.add_argument("--format", choices=["html", "pdf"], default="pdf")
    p.add_argument("--digits", choices=["arabic", "thai"], default="arabic", help="digits of the document")
    add_out_file(p, "--out", required=True, metavar="FILE")
    add_lang(p)
    p.set_defaults(handler=cmd_annual_report)


def _regulation_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--regulations", action="append", default=[], metavar="DIR",
                   help="directory of regulation files (repeatable)")
    p.add_argument("--regulation", action="append", default=[], metavar="FILE", help="a regulation file (repeatable)")


def _month(text: str) -> tuple[int, int]:
    from ..core.dates import BE_OFFSET, normalise_digits
    raw = normalise_digits(text.strip())
    be = raw.lower().startswith("be:")
    raw = raw[3:] if be else raw
    parts = raw.split("-")
    if len(parts) != 2 or not all(x.isdigit() for x in parts) or not 1 <= int(parts[1]) <= 12:
        raise InputError([make_problem("bad-date", path=("month",), value=text,
                                       hint=("write YYYY-MM, or be:YYYY-MM for B.E.", "เขียน ปปปป-ดด เช่น be:2567-03"))])
    year = int(parts[0]) - (BE_OFFSET if be else 0)
    return year, int(parts[1])


def _write(path: str, data: str | bytes) -> None:
    write_atomic(path, data)  # text as UTF-8, a PDF as it is


# ------------------------------------------------------------------------------------------ approve
def cmd_approve(args: argparse.Namespace) -> int:
    from ..audit.approvals import ACTION_TH, VERDICT_EN, VERDICT_TH, Resolution, approve
    rec = approve(args.log, Resolution(args.claim_id, args.action, args.meeting, args.meeting_date,
                                       tuple(args.approver), args.amount, args.reason))
    r = rec["resolution"]
    if args.format == "json":
        print(dumps({"seq": rec["seq"], "hash": rec["hash"], **{k: r[k] for k in ("claim_id", "action", "amount",
                                                                                   "verdict")},
                     "entitled": r["entitled"]}))
    elif args.lang == "th":
        from ..core.thaiwords import Words
        w = Words()
        print(f"บันทึกที่ {rec['seq']}: มติ{ACTION_TH[r['action']]}คำขอ {r['claim_id']} จ่าย {w.money(r['amount'])} "
              f"(ตามระเบียบ {w.money(r['entitled']['amount'])}: {VERDICT_TH[r['verdict']]})")
    else:
        print(f"record {rec['seq']}: {r['action']} claim {r['claim_id']}, {r['amount']} THB "
              f"(the regulation gives {r['entitled']['amount']}: {VERDICT_EN[r['verdict']]})")
    return 0


def cmd_approvals(args: argparse.Namespace) -> int:
    from ..audit._approvals_text import approvals_json, render_approvals
    from ..audit.approvals import approvals
    found = approvals(args.log)
    if args.format == "json":
        chosen = [a for a in found if not args.not_entitled or a.verdict in ("over", "not_entitled")]
        print(dumps(approvals_json(chosen)))
    else:
        sys.stdout.write(render_approvals(found, args.lang, args.not_entitled))
    return 0


# ------------------------------------------------------------------------------------------ vouchers
def cmd_voucher(args: argparse.Namespace) -> int:
    from ..documents import to_pdf, vouchers, vouchers_html
    found = vouchers(args.log, recorded_regulations(args), claim_ids=args.claim_id,
                     month=_month(args.month) if args.month else None, meeting=args.meeting)
    data: str | bytes
    if args.format == "json":
        data = dumps([v.to_dict() for v in found]) + "\n"
    elif args.format == "html":
        data = vouchers_html(found, args.digits)
    else:
        data = to_pdf(vouchers_html(found, args.digits, for_print=True))
    _write(args.out, data)
    print(f"{args.out}: {len(found)} voucher(s) {found[0].number}" + (f" .. {found[-1].number}" if len(found) > 1
                                                                     else ""), file=sys.stderr)
    return 0


# ------------------------------------------------------------------------------------------ the annual report
def _fiscal_year(text: str) -> int:
    from ..core.dates import normalise_digits
    raw = normalise_digits(text.strip())
    raw = raw[3:] if raw.lower().startswith("be:") else raw
    if not raw.isdigit() or not 2400 < int(raw) < 2800:
        raise argparse.ArgumentTypeError(f"'{text}' is not a fiscal year in B.E. (2567)")
    return int(raw)


def cmd_annual_report(args: argparse.Namespace) -> int:
    from ..documents import annual_html, annual_inputs, to_pdf
    from ..reports import decisions_from_approvals
    reg, led = _load(args)
    decisions = None
    if args.log:
        from ..audit.approvals import approvals
        decisions = decisions_from_approvals(approvals(args.log))
    inputs = annual_inputs(reg, led, args.fiscal_year, years=args.years, simulations=args.simulations,
                           seed=args.seed, decisions=decisions)
    if args.format == "pdf":
        _write(args.out, to_pdf(annual_html(inputs, args.digits, for_print=True)))
    else:
        _write(args.out, annual_html(inputs, args.digits))
    print(f"{args.out}: {'รายงานประจำปีงบประมาณ' if args.lang == 'th' else 'annual report, fiscal year'} "
          f"{args.fiscal_year}", file=sys.stderr)
    return 0


# ------------------------------------------------------------------------------------------ the regulation
def cmd_regulation_document(args: argparse.Namespace, reg: Regulation, version: Any) -> int:
    """``render --document``: the version as a ระเบียบ (HTML, or PDF with ``--format pdf``)."""
    from ..documents import regulation_html, to_pdf
    if args.diff is not None:
        raise UsageError("--document prints one version; --diff compares two (leave one out)")
    digits = getattr(args, "digits", None) or ("thai" if reg.file.clause_digits == "thai" else "arabic")
    if args.format == "pdf":
        if args.out is None:
            raise UsageError("--format pdf writes a file: give --out FILE.pdf")
        _write(args.out, to_pdf(regulation_html(reg, version, args.lang, digits, for_print=True)))
        return 0
    text = regulation_html(reg, version, args.lang, digits)
    if args.out is not None:
        _write(args.out, text)
    else:
        sys.stdout.write(text)
    return 0


__all__ = ["cmd_regulation_document", "register"]
