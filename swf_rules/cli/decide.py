"""Core commands: validate, show, list, evaluate, explain, schemas."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .main import add_lang, add_out_dir, dumps, parse_date_arg
from ..core.errors import InputError, Problem, RegulationError, SwfError
from ..core import Engine
from ..core.explain import explain
from ..core.history import load_claim, load_member, member_warnings
from ..core.money import money_str
from ..core.validate import Regulation, load_regulation


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check regulation files; list every problem as file:line:col code message")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", choices=["text", "json"], default="text")
    add_lang(p)
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("show", help="print the version in force as a readable summary")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--as-of", type=parse_date_arg, default=None, metavar="DATE",
                   help="date (YYYY-MM-DD, or be:YYYY-MM-DD for B.E.); default: the latest version")
    add_lang(p)
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("list", help="list every regulation found and where from")
    p.add_argument("--dir", action="append", default=[], help="also look in this directory (repeatable)")
    p.set_defaults(handler=cmd_list)

    for name, helptext in (("evaluate", "decide a claim and print the decision"),
                           ("explain", "decide a claim and print the reasons as a tree")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("regulation", metavar="REGULATION")
        p.add_argument("--member", default=None, metavar="M.json",
                       help="the member's history (leave out only for a benefit for non-members)")
        p.add_argument("--claim", required=True, metavar="C.json")
        p.add_argument("--format", choices=["json", "text"], default=None,
                       help="json (evaluate's default) or text (explain's default); with an explicit --format json, "
                            "problems are also printed as JSON")
        p.add_argument("--lang", choices=["en", "th"], default=None,
                       help="language of the text, of problems and notices (default en); the JSON decision holds "
                            "both languages, so with JSON output --lang adds a one-line summary on stderr")
        p.set_defaults(handler=cmd_evaluate, output="json" if name == "evaluate" else "text")

    p = sub.add_parser("schemas", help="write the JSON Schemas (regulation, member, claim, decision) and, with the "
                                       "web extra, the HTTP API's openapi.json")
    add_out_dir(p, "--out", default="schemas", metavar="DIR")
    p.set_defaults(handler=cmd_schemas)


def cmd_validate(args: argparse.Namespace) -> int:
    problems: list[Problem] = []
    ok: list[tuple[str, Regulation]] = []
    for path in args.paths:
        try:
            ok.append((path, load_regulation(path)))
        except RegulationError as e:
            problems.extend(e.problems)
    if args.format == "json":
        print(dumps({"ok": not problems, "valid": [p for p, _ in ok],
                     "problems": [p.to_dict() for p in problems]}))
    else:
        for p in problems:
            print(p.render(args.lang))
        for path, reg in ok:
            n = len(reg.versions)
            if args.lang == "th":
                print(f"{path}: ถูกต้อง ({reg.fund.name.th}, {n} ฉบับ)")
            else:
                print(f"{path}: valid ({reg.fund.name.en}, {n} version{'s' if n > 1 else ''})")
        if problems:
            n = len(problems)
            print(f"{n} ปัญหา" if args.lang == "th" else f"{n} problem{'s' if n > 1 else ''}", file=sys.stderr)
    return 1 if problems else 0


def cmd_show(args: argparse.Namespace) -> int:
    """Every rule of the version in force (or the latest), in the words of the printed regulation."""
    from ..committee.render import summary
    reg = load_regulation(args.path)
    v = reg.in_force(args.as_of) if args.as_of else reg.versions[-1]
    sys.stdout.write(summary(reg, v, args.lang))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from ..core.registry import discover_regulations
    found = discover_regulations(args.dir)
    for f in found:
        label = "-"
        if f.path.name != "-":
            try:
                reg = load_regulation(f.path)
                label = f"{reg.fund_id} ({len(reg.versions)} version{'s' if len(reg.versions) > 1 else ''})"
            except SwfError as e:
                label = f"INVALID ({len(e.problems)} problems)"
        print(f"{label}\t{f.path}\t{f.origin}")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    reg, member, claim = _inputs(args.regulation, args.member, args.claim)
    d = Engine(reg).evaluate(member, claim)
    lang = args.lang or "en"
    for w in member_warnings(member, args.member) if member is not None else []:
        print(w.render(lang), file=sys.stderr)
    if (args.format or args.output) == "json":
        sys.stdout.write(d.to_json().decode("utf-8") + "\n")
        if args.lang is not None:  # the JSON is bilingual; the language asked for gets a line for people
            print(summary_line(d, lang), file=sys.stderr)
    else:
        sys.stdout.write(explain(d, lang, reg))
        sys.stdout.write(notices_text(d.notices, lang))
    return 0


def _inputs(regulation: str, member: str | None, claim: str):  # type: ignore[no-untyped-def]
    """The regulation, member and claim files read together: the problems of all three reported at once.  No
    member file (a non-member's claim) gives None for the member."""
    problems: list[Problem] = []
    out: list = []  # type: ignore[type-arg]
    for load, path in ((load_regulation, regulation), (load_member, member), (load_claim, claim)):
        if path is None:
            out.append(None)
            continue
        try:
            out.append(load(path))
        except SwfError as e:
            problems.extend(e.problems)
    if problems:
        raise InputError(problems)
    return tuple(out)


def summary_line(d, lang: str) -> str:  # type: ignore[no-untyped-def]
    """One line saying what was decided, in ``lang``."""
    title = d.title.get(lang) or d.title.get("en", d.benefit)
    amount = money_str(d.amount)
    notes = len(d.notices)
    if lang == "th":
        verdict = f"มีสิทธิ์ {amount} บาท" if d.eligible else "ไม่มีสิทธิ์"
        extra = f" (หมายเหตุ {notes} รายการ)" if notes else ""
        return f"คำขอ {d.claim_id} ของสมาชิก {d.member_id}: {title} [{d.clause}] {verdict}{extra}"
    verdict = f"eligible, {amount} baht" if d.eligible else "not eligible"
    extra = f" ({notes} notice{'s' if notes != 1 else ''})" if notes else ""
    return f"claim {d.claim_id} of member {d.member_id}: {title} [{d.clause}] {verdict}{extra}"


def notices_text(notices: list[dict], lang: str) -> str:  # type: ignore[type-arg]
    """The decision's notices (irregular records that did not stop it), one per line, or nothing."""
    if not notices:
        return ""
    head = "หมายเหตุ (ข้อมูลผิดปกติที่ไม่กระทบการตัดสิน)" if lang == "th" else \
        "Notices (irregular records that did not stop the decision)"
    lines = [head] + [f"  {n['path']} {n['code']} {n['message'][lang]}" for n in notices]
    return "\n".join(lines) + "\n"


def cmd_schemas(args: argparse.Namespace) -> int:
    from ..core.schema import write_all
    for p in write_all(Path(args.out)):
        print(p)
    try:  # the HTTP API's document embeds these schemas: regenerated with them when the web extra is installed
        from ..web import document_json
    except ImportError:
        return 0
    out = Path(args.out) / "openapi.json"
    out.write_text(document_json(), encoding="utf-8")
    print(out)
    return 0
