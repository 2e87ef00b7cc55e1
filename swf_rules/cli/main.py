"""The ``swf-rules`` command line: the one entry point every command runs through.

Each command group lives in its own module exposing ``register(subparsers)``; this module parses, checks the
output paths a command declared (:func:`add_out_file`, :func:`add_out_dir`) before the command does any work, runs
it, and turns whatever happens into an exit status -- never a Python traceback for a user's mistake:

====  ==========================================================================================================
0     success
1     the input has problems: every one of them printed, located (``file:line:col code message``)
2     the command was used wrongly (argparse's messages, or a usage error)
3     ``log verify`` only: the log ends with an unfinished record (run ``log repair``)
70    an internal error: a bug in swf-rules, not in the input; one line on stderr (the traceback only with
      ``SWF_RULES_DEBUG=1``)
130   interrupted (Ctrl-C)
141   the reader of the output went away (``swf-rules show ... | head``): the rest of the output is dropped quietly
====  ==========================================================================================================
"""

from __future__ import annotations

import argparse
import errno
import importlib
import json
import os
import sys
import traceback
from datetime import date
from typing import Any, Callable, Sequence

from ..core.errors import SwfError, UsageError, make_problem
from ..core.output import check_outputs, write_atomic  # noqa: F401  (write_atomic re-exported for the commands)

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

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_TORN = 0, 1, 2, 3
EXIT_INTERNAL = 70  # EX_SOFTWARE (sysexits.h)
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a program killed by the closed pipe would report
DEBUG_ENV = "SWF_RULES_DEBUG"

_OUT_FILES = "_out_files"
_OUT_DIRS = "_out_dirs"


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
    """Run one command; returns the exit status (see the module docstring)."""
    _utf8()
    lang = _lang_of(sys.argv[1:] if argv is None else list(argv))
    try:
        try:
            parser = build_parser()
            args = parser.parse_args(argv)
        except SystemExit as e:  # argparse: --help, --version, or a usage mistake (its message is printed)
            return _status(e)
        lang = getattr(args, "lang", None) or lang
        status = _run(args, lang)
        sys.stdout.flush()  # a closed pipe surfaces here, not at interpreter exit
        return status
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as e:  # anything else is a bug in swf-rules
        return _internal_error(e, lang)


def _run(args: argparse.Namespace, lang: str) -> int:
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        check_outputs(files=[getattr(args, d) for d in getattr(args, _OUT_FILES, ())],
                      dirs=[getattr(args, d) for d in getattr(args, _OUT_DIRS, ())])
        return handler(args)
    except SwfError as e:
        _print_problems(args, e, lang)
        return EXIT_PROBLEMS
    except UsageError as e:
        print(f"swf-rules: {e}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as e:
        return _status(e)
    except BrokenPipeError:
        raise
    except OSError as e:  # the system refused something the command's own checks did not foresee
        if e.filename is None:
            raise
        _print_problems(args, SwfError([_os_problem(e)]), lang)
        return EXIT_PROBLEMS


def _os_problem(e: OSError):  # type: ignore[no-untyped-def]
    """A located problem for a path the system refused: a missing file, or one it will not read (a name too long,
    no permission, a loop of links), else ``system-error``."""
    file, detail = str(e.filename), e.strerror or type(e).__name__
    if e.errno in (errno.ENOENT, errno.ENOTDIR):
        return make_problem("file-not-found", file=file)
    if e.errno in (errno.ENAMETOOLONG, errno.EACCES, errno.EPERM, errno.ELOOP, errno.EISDIR):
        return make_problem("file-unreadable", file=file, detail=detail)
    return make_problem("system-error", file=file, detail=detail)


def _print_problems(args: argparse.Namespace, e: SwfError, lang: str) -> None:
    if getattr(args, "format", "text") == "json":
        print(json.dumps({"ok": False, "problems": [p.to_dict() for p in e.problems]}, ensure_ascii=False,
                         indent=2, sort_keys=True))
    else:
        print(e.render(lang), file=sys.stderr)


def _status(e: SystemExit) -> int:
    if e.code is None:
        return EXIT_OK
    if isinstance(e.code, int):
        return e.code
    print(e.code, file=sys.stderr)
    return EXIT_PROBLEMS


def _lang_of(argv: list[str]) -> str:
    """The language asked for, read before parsing (for an error that happens before the arguments are)."""
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv):
            return "th" if argv[i + 1] == "th" else "en"
        if a.startswith("--lang="):
            return "th" if a == "--lang=th" else "en"
    return "en"


def _quiet_stdout() -> None:
    """After the reader of stdout went away: point stdout at /dev/null so that the flush at exit does not fail
    again (the recipe of the Python documentation, "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout is not a file (captured in tests)
        pass


def _internal_error(e: BaseException, lang: str) -> int:
    what = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}".rstrip(": ")
    if len(what) > 200:
        what = what[:200] + "…"
    debug = os.environ.get(DEBUG_ENV, "") not in ("", "0")
    if debug:
        traceback.print_exc(file=sys.stderr)
    if lang == "th":
        line = (f"swf-rules: ข้อผิดพลาดภายใน ({what}) เป็นข้อบกพร่องของ swf-rules ไม่ใช่ความผิดของข้อมูลที่ป้อน "
                f"โปรดแจ้งพร้อมคำสั่งที่ใช้" + ("" if debug else f" (ตั้ง {DEBUG_ENV}=1 เพื่อดูรายละเอียด traceback)"))
    else:
        line = (f"swf-rules: internal error ({what}): a bug in swf-rules, not a mistake in your input; please "
                f"report it with the command you ran" + ("" if debug else f" (set {DEBUG_ENV}=1 to see the traceback)"))
    try:
        print(line, file=sys.stderr)
    except (OSError, ValueError):
        pass
    return EXIT_INTERNAL


# ------------------------------------------------------------------------------------------ shared helpers
def add_lang(p: argparse.ArgumentParser, default: str | None = "en") -> None:
    p.add_argument("--lang", choices=["en", "th"], default=default, help="language of messages (default en)")


def add_out_file(p: argparse.ArgumentParser, *flags: str, **kw: Any) -> argparse.Action:
    """An option naming a file the command writes: checked (a folder, a path under a file, a missing parent
    folder) before the command runs."""
    action = p.add_argument(*flags, **kw)
    p.set_defaults(**{_OUT_FILES: tuple(p.get_default(_OUT_FILES) or ()) + (action.dest,)})
    return action


def add_out_dir(p: argparse.ArgumentParser, *flags: str, **kw: Any) -> argparse.Action:
    """An option naming a folder the command writes into (created if missing; its parent must exist): checked
    before the command runs."""
    action = p.add_argument(*flags, **kw)
    p.set_defaults(**{_OUT_DIRS: tuple(p.get_default(_OUT_DIRS) or ()) + (action.dest,)})
    return action


def output_options(p: argparse.ArgumentParser) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(file options, folder options) a command declared, by destination name (for tests)."""
    return tuple(p.get_default(_OUT_FILES) or ()), tuple(p.get_default(_OUT_DIRS) or ())


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high`` (a command asked for 10^18 members would run for
    ever: that is a usage mistake, refused at once)."""
    def parse(text: str) -> int:
        t = text.strip()
        if not (t.lstrip("-").isdigit() and len(t) <= 20):
            raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a whole number")
        n = int(t)
        if not low <= n <= high:
            raise argparse.ArgumentTypeError(f"{n} is out of range: from {low} to {high}")
        return n
    parse.__name__ = "whole number"
    return parse


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
