"""The ``swf-rules`` command line.

Each command group lives in its own module exposing ``register(subparsers)``; this module only dispatches.
Exit codes: 0 success, 1 the input has problems (all of them are printed), 2 the command was used wrongly.
A user's mistake never shows a Python traceback.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any, Callable, Sequence

from ..core.errors import SwfError, UsageError
from ..core.output import write_atomic  # noqa: F401  (re-exported for the command modules)

# Modules that add sub-commands (each has ``register(subparsers)``).
COMMAND_MODULES = [
    "swf_rules.cli.decide",
    "swf_rules.cli.audit",
    "swf_rules.cli.checks",
    "swf_rules.cli.committee",
    "swf_rules.cli.events",
    "swf_rules.cli.books",
    "swf_rules.cli.serve",
    "swf_rules.cli.reports",
    "swf_rules.cli.documents",
]


def _utf8() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="swf-rules", description="Thai community welfare fund regulations as code")
    p.add_argument("--version", action="version", version="swf-rules 0.1.0")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    from ._digits import install  # --digits thai on every command that prints text for people
    install(p)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    _utf8()
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except SwfError as e:
        lang = getattr(args, "lang", "en")
        if getattr(args, "format", "text") == "json":
            print(json.dumps({"ok": False, "problems": [p.to_dict() for p in e.problems]}, ensure_ascii=False,
                             indent=2, sort_keys=True))
        else:
            print(e.render(lang), file=sys.stderr)
        return 1
    except UsageError as e:
        print(f"swf-rules: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


# ------------------------------------------------------------------------------------------ shared helpers
def add_lang(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=["en", "th"], default="en", help="language of messages (default en)")


def parse_date_arg(text: str) -> date:
    from ..core.dates import DateTextError, parse_date
    cal = "gregorian"
    if text.lower().startswith("be:"):
        cal, text = "buddhist", text[3:]
    try:
        return parse_date(text, cal)
    except DateTextError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date; write YYYY-MM-DD (C.E.) or be:YYYY-MM-DD (B.E.)") from None


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
