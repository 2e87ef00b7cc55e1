"""Book commands: ``import`` (a fund's workbook or CSV export into the canonical ledger) and ``template-book``
(the published Thai workbook a fund fills)."""

from __future__ import annotations

import argparse
import json
import sys

from .main import add_lang, add_out_dir, add_out_file


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="convert a fund's workbook (.xlsx), CSV export or folder into a ledger")
    p.add_argument("source", metavar="SOURCE", help="an .xlsx workbook, a .csv file, or a folder of them")
    p.add_argument("--mapping", metavar="LEDGER.yaml",
                   help="how the source's columns, values and dates read (default: the published template)")
    add_out_dir(p, "--out", metavar="DIR", help="the ledger folder to write (new or empty); not with --dry-run")
    p.add_argument("--dry-run", action="store_true", help="check everything, print every problem, write nothing")
    p.add_argument("--skip-bad-rows", action="store_true", help="leave the bad rows out (listed) and write the rest")
    p.add_argument("--encoding", choices=["auto", "utf-8", "cp874", "tis-620"],
                   help="the encoding of CSV files (default: the mapping's, else detected)")
    p.add_argument("--fund", metavar="ID", help="the fund id, when the mapping does not give it")
    p.add_argument("--format", choices=["text", "json"], default="text")
    add_lang(p)
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("template-book", help="write the published Thai workbook template a fund can fill")
    add_out_file(p, "--out", required=True, metavar="FILE.xlsx")
    add_lang(p)
    p.set_defaults(handler=cmd_template_book)


def cmd_import(args: argparse.Namespace) -> int:
    from ..books.importer import import_books
    from ..core.errors import InputError, make_problem
    if not args.dry_run and not args.out:
        raise InputError([make_problem("missing-field", field="--out",
                                       hint=("give --out DIR, or --dry-run", "ระบุ --out DIR หรือ --dry-run"))])
    r = import_books(args.source, None if args.dry_run else args.out, mapping=args.mapping, encoding=args.encoding,
                     dry_run=args.dry_run, skip_bad_rows=args.skip_bad_rows, fund=args.fund)
    th = args.lang == "th"
    if args.format == "json":
        print(json.dumps({"ok": True, "counts": r.counts, "notices": [p.to_dict() for p in r.notices],
                          "skipped": [p.to_dict() for p in r.skipped], "written": [str(p) for p in r.written]},
                         ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    if r.skipped:
        print(f"ข้ามแถวที่ผิด {len(r.skipped)} รายการ:" if th else f"skipped {len(r.skipped)} bad row(s):",
              file=sys.stderr)
        for p in r.skipped:
            print("  " + p.render(args.lang), file=sys.stderr)
    for p in r.notices:
        print(p.render(args.lang))
    rows = ", ".join(f"{k} {n}" for k, n in r.counts.items())
    if args.dry_run:
        print(f"ตรวจแล้ว ไม่ได้เขียนไฟล์: {rows}" if th else f"checked, nothing written: {rows}")
    else:
        print(f"เขียน {args.out}: {rows}" if th else f"wrote {args.out}: {rows}")
    if r.notices:
        n = len(r.notices)
        print(f"ข้อสังเกต {n} รายการ" if th else f"{n} notice{'s' if n > 1 else ''}", file=sys.stderr)
    return 0


def cmd_template_book(args: argparse.Namespace) -> int:
    from ..books.importer.template import shipped_template
    from ..core.output import write_atomic
    write_atomic(args.out, shipped_template())
    print(("เขียน " if args.lang == "th" else "wrote ") + args.out, file=sys.stderr)
    return 0
