"""``swf-rules watch``: run the event monitor over a JSON Lines event stream and write notices as JSON Lines.

Malformed events are reported on stderr (``file:line:col code message``), skipped, and the stream goes on.
Exit codes: 0 every event was used, 1 some were skipped (or the regulation/stream could not be read),
2 durable-rules is not installed (the ``events`` extra).  durable-rules is imported only when the command runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .main import add_lang, add_out_file, bounded_int, write_atomic
from ..core.errors import InputError, Problem
from ..core.limits import BoundedLines, open_limited
from ..core.fingerprint import canonical_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("watch", help="read a fund's event stream (JSON Lines) and write notices (JSON Lines)")
    p.add_argument("--regulation", required=True, metavar="R", help="the fund's regulation file")
    p.add_argument("--events", required=True, metavar="EVENTS.jsonl", help="the event stream (see docs/events.md)")
    add_out_file(p, "--out", default=None, metavar="NOTICES.jsonl", help="write notices here (default: stdout)")
    p.add_argument("--format", choices=["jsonl", "text"], default="jsonl",
                   help="jsonl (default): one notice a line, as JSON; text: for people, in --lang")
    p.add_argument("--notice-days", type=bounded_int(-(10 ** 6), 3660), default=7, metavar="N",
                   help="warn this many days before a claim deadline (default 7)")
    add_lang(p)
    p.set_defaults(handler=cmd_watch)


def cmd_watch(args: argparse.Namespace) -> int:
    from ..events import EventsUnavailable, Monitor, available, read_stream, sort_notices
    from ..core.validate import load_regulation

    if not available():
        print(f"swf-rules: {EventsUnavailable().message(args.lang)}", file=sys.stderr)
        return 2
    if args.notice_days < 0:
        print("swf-rules: --notice-days must be 0 or more" if args.lang == "en" else
              "swf-rules: --notice-days ต้องเป็น 0 ขึ้นไป", file=sys.stderr)
        return 2
    reg = load_regulation(args.regulation)
    path = Path(args.events)
    stream = open_limited(path)
    monitor = Monitor(reg, notice_days=args.notice_days)
    skipped: list[Problem] = []
    events = 0
    with stream:
        for item in read_stream(BoundedLines(stream), file=str(path)):
            if item.event is None:
                _report(item.problems, args.lang)
                skipped.extend(item.problems[:1])
                continue
            try:
                monitor.post(item.event)
                events += 1
            except InputError as e:
                _report(e.problems, args.lang)
                skipped.extend(e.problems[:1])
    monitor.finish()
    notices = sort_notices(monitor.notices)
    if args.format == "text":
        from ..events import notices_text
        data = notices_text(notices, args.lang).encode("utf-8")
    else:
        data = b"".join(canonical_json(n) + b"\n" for n in notices)
    if args.out:
        write_atomic(args.out, data)
    elif args.format == "text":
        sys.stdout.write(data.decode("utf-8"))
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    n = len(skipped)
    if args.lang == "th":
        summary = f"ใช้ {events} เหตุการณ์ ข้าม {n} บรรทัด ออกประกาศ {len(notices)} รายการ"
    else:
        summary = f"{events} events used, {n} line{'s' if n != 1 else ''} skipped, " \
                  f"{len(notices)} notice{'s' if len(notices) != 1 else ''}"
    print(summary, file=sys.stderr)
    return 1 if skipped else 0


def _report(problems: tuple[Problem, ...] | list[Problem], lang: str) -> None:
    for p in problems:
        print(p.render(lang), file=sys.stderr)
