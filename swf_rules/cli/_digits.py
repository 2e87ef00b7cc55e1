"""``--digits thai``: every command that prints text for people writes its numbers in Thai digits (๐-๙) when asked.

:func:`install` gives every sub-command that has ``--lang`` a ``--digits {arabic,thai}`` option and wraps its
handler: with ``--digits thai`` (and text output) what the command prints on stdout and stderr goes through
:func:`swf_rules.core.thaiwords.digits_outside_ids` line by line -- amounts, dates, counts and clause numbers
become Thai digits; identifiers (``c-0107``, ``M00042``), file names and fingerprints keep theirs.  JSON, CSV and
the files a command writes are never changed (``voucher``, ``annual-report`` and ``render --document`` have a
``--digits`` of their own for their documents).
"""

from __future__ import annotations

import argparse
import io
import sys
from typing import Any, Callable

from ..core.thaiwords import digits_outside_ids


class _ThaiDigits(io.TextIOBase):
    """A text stream writing each complete line to ``target`` with Thai digits (the rest on :meth:`flush`)."""

    def __init__(self, target: Any) -> None:
        self.target = target
        self.pending = ""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.pending += text
        if "\n" in self.pending:
            done, self.pending = self.pending.rsplit("\n", 1)
            self.target.write(digits_outside_ids(done + "\n"))
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.target.write(digits_outside_ids(self.pending))
            self.pending = ""
        self.target.flush()

    @property
    def buffer(self) -> Any:  # a command writing bytes (JSON Lines) writes them unchanged
        return self.target.buffer


def _wrap(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        if getattr(args, "digits", None) != "thai" or getattr(args, "format", None) in ("json", "csv", "html", "pdf"):
            return handler(args)
        out, err = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = _ThaiDigits(out), _ThaiDigits(err)
        try:
            return handler(args)
        finally:
            for stream in (sys.stdout, sys.stderr):
                stream.flush()
            sys.stdout, sys.stderr = out, err
    run.__wrapped__ = handler  # type: ignore[attr-defined]
    return run


def _leaves(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return [parser]
    return [leaf for s in subs for p in dict.fromkeys(s.choices.values()) for leaf in _leaves(p)]


def install(parser: argparse.ArgumentParser) -> None:
    """``--digits`` on every command that has ``--lang`` and none of its own, its handler wrapped."""
    for p in _leaves(parser):
        options = {o for a in p._actions for o in a.option_strings}
        handler = p.get_default("handler")
        if "--lang" not in options or handler is None:
            continue
        if "--digits" not in options:
            p.add_argument("--digits", choices=["arabic", "thai"], default=None,
                           help="digits of the text printed: arabic (default; a printed document: as the regulation "
                                "writes its clauses) or thai (๐-๙); identifiers keep theirs")
            p.set_defaults(handler=_wrap(handler))


__all__ = ["install"]
