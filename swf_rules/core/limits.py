"""What swf-rules agrees to read: sizes, lines and numbers, checked on what is actually read.

Every reader (regulations, member histories, claims, populations, case files, ledgers and their ``ledger.yaml``,
event streams, decision logs) takes its bytes through this module, so that one hostile input cannot exhaust memory
or time before it is refused with a located problem:

- :func:`read_limited` reads a whole file, refusing it once more than ``limit`` bytes have *been read* (a file's
  size as reported by the system is only used to refuse early: ``/dev/zero`` and pipes report nothing useful); a
  named pipe with no writer does not block the open.
- :class:`BoundedLines` hands out the lines of a streamed file (a ledger, an event stream) one at a time, none
  longer than :data:`MAX_LINE_BYTES`; a longer line is skipped without being held.
- :func:`json_int` and :func:`json_float` are the JSON decoder's number hooks and :func:`number_problem` the YAML
  loader's check: an integer of more than :data:`MAX_DIGITS` digits (a 30-digit amount, or the 4,300-digit
  integers that make Python's ``int()`` raise) is refused where it is written, before anything computes with it.
- :data:`MAX_MONEY` is the bound every amount of money must stay below, the one regulations use; member
  histories, ledgers and event streams refuse amounts above it with the same ``out-of-range`` problem.
"""

from __future__ import annotations

import os
import re
import stat
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Iterator

from .errors import InputError, Problem, make_problem
from .money import FloatLiteral

MAX_REGULATION_BYTES = 2 * 1024 * 1024  # a regulation is a few hundred lines (the bundled ones are under 25 kB)
MAX_NODES = 100_000  # values in one YAML document (keys, scalars, lists, mappings)
MAX_DEPTH = 64  # nesting of one YAML or JSON document
MAX_DATA_BYTES = 1024 * 1024 * 1024  # member and claim files of a whole fund (about 9 kB per member-decade)
MAX_KEY_BYTES = 16 * 1024  # a PEM key file
MAX_LINE_BYTES = 1024 * 1024  # one row of a ledger, one event, one decision record
MAX_DIGITS = 18  # digits of an integer, or of a number's whole or decimal part
MAX_MONEY = Decimal(10) ** 12  # far above any fund's amounts; keeps every computation inside the decimal context
MONEY_BOUND = ("an amount of money must be below 1,000,000,000,000 baht",
               "จำนวนเงินต้องน้อยกว่า 1,000,000,000,000 บาท")


# ---------------------------------------------------------------------------------------------- whole files
def read_limited(path: str | Path, limit: int, error: type = InputError) -> bytes:
    """The bytes of the file at ``path``; ``file-too-large`` once more than ``limit`` bytes are read,
    ``file-not-found`` for a missing path or a folder, ``file-unreadable`` when the system refuses to read it."""
    file = str(path)
    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a pipe without a writer: no hang
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        raise error([make_problem("file-not-found", file=file)]) from None
    except (OSError, ValueError) as e:  # permission denied, a NUL byte in the name, a name too long...
        raise error([_unreadable(file, e)]) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise error([make_problem("file-not-found", file=file)])
        if stat.S_ISREG(st.st_mode) and st.st_size > limit:  # refused before reading; the real check is below
            raise error([make_problem("file-too-large", file=file, size=st.st_size, limit=limit)])
        _blocking(fd)
        chunks: list[bytes] = []
        got = 0
        while got <= limit:
            block = os.read(fd, min(1 << 20, limit + 1 - got))
            if not block:
                break
            nul = block.find(b"\x00")
            if nul >= 0:  # no text swf-rules reads holds a NUL byte: /dev/zero, a binary file, UTF-16
                raise error([make_problem("binary-data", file=file, offset=got + nul + 1,
                                          hint=("save the file as UTF-8 text", "บันทึกไฟล์เป็นข้อความ UTF-8"))])
            chunks.append(block)
            got += len(block)
        if got > limit:
            raise error([make_problem("file-too-large", file=file, size=f"more than {limit}", limit=limit)])
        return b"".join(chunks)
    except OSError as e:
        raise error([_unreadable(file, e)]) from None
    finally:
        os.close(fd)


def open_limited(path: str | Path, error: type = InputError) -> IO[bytes]:
    """``path`` opened for reading in binary (a pipe without a writer does not block the open); the same problems
    as :func:`read_limited` when it cannot be."""
    file = str(path)
    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        raise error([make_problem("file-not-found", file=file)]) from None
    except (OSError, ValueError) as e:
        raise error([_unreadable(file, e)]) from None
    try:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise error([make_problem("file-not-found", file=file)])
        _blocking(fd)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def _blocking(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return
    flags = fcntl.fcntl(fd, fcntl.F_GETFL)
    fcntl.fcntl(fd, fcntl.F_SETFL, flags & ~os.O_NONBLOCK)


def _unreadable(file: str, e: BaseException) -> Problem:
    detail = getattr(e, "strerror", None) or str(e) or type(e).__name__
    return make_problem("file-unreadable", file=file, detail=detail)


# ---------------------------------------------------------------------------------------------- lines
class LineTooLong(Exception):
    """A line longer than the limit (raised by :meth:`BoundedLines.strict`)."""

    def __init__(self, line: int, limit: int):
        super().__init__(line)
        self.line = line
        self.limit = limit

    def problem(self, file: str | None) -> Problem:
        return make_problem("line-too-long", file=file, line=self.line, col=1, limit=self.limit)


class BoundedLines:
    """The lines of an open file (text or binary), none longer than ``limit`` characters: iterating yields each
    line; a line longer than that yields ``None`` and ends the reading (no line of a ledger or an event stream is
    that long: it is a quote left open, a binary file, ``/dev/zero``; reading on would hold or scan it all).
    :attr:`line` is the number of the line last handed out."""

    def __init__(self, f: Any, limit: int = MAX_LINE_BYTES):
        self.f = f
        self.limit = limit
        self.line = 0

    def __iter__(self) -> Iterator[Any]:
        readline, limit = self.f.readline, self.limit
        while True:
            text = readline(limit + 1)
            if not text:
                return
            self.line += 1
            if len(text) > limit:
                yield None
                return
            yield text

    def strict(self) -> Iterator[Any]:
        """The lines; a line too long raises :class:`LineTooLong` (for readers that cannot skip one line, such as
        CSV, whose quoted values may span lines)."""
        for text in self:
            if text is None:
                raise LineTooLong(self.line, self.limit)
            yield text


# ---------------------------------------------------------------------------------------------- text
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def control_character(text: str) -> tuple[str, str] | None:
    """``(the text with its control characters escaped, the first one as U+XXXX)`` when ``text`` holds a control
    character (a NUL byte, a tab, a line break, an escape...), else None.  Ids and names must be printable."""
    m = _CONTROL.search(text)
    if m is None:
        return None
    return escaped(text), f"U+{ord(m.group()):04X}"


def escaped(text: str, keep: int = 80) -> str:
    """``text`` with control characters written as ``\\xNN``, shortened to about ``keep`` characters."""
    out = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return out if len(out) <= keep else out[:keep] + f"… ({len(text)} characters)"


# ---------------------------------------------------------------------------------------------- numbers
class NumberTooLarge(ValueError):
    """A number written with more digits than swf-rules reads (see :data:`MAX_DIGITS`)."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text

    def problem(self, source: str | None = None, **where: Any) -> Problem:
        """The ``number-too-large`` problem, located in ``source`` (the text it was read from) when given."""
        if source is not None:  # where in the text (a line of a stream: ``line`` given, the column found)
            i = source.find(self.text)
            if i >= 0:
                before = source[:i]
                where["line"] = where.get("line", 1) + before.count("\n")
                where["col"] = i - (before.rfind("\n") + 1) + 1
        return make_problem("number-too-large", value=shown(self.text), limit=MAX_DIGITS, **where)


def shown(text: str, keep: int = 24) -> str:
    """A long number as its first digits and its length (the whole text could be megabytes)."""
    return text if len(text) <= keep else f"{text[:keep]}… ({len(text)} characters)"


def digits_ok(d: Decimal) -> bool:
    """At most :data:`MAX_DIGITS` digits before and after the decimal point."""
    if not d.is_finite():
        return True  # NaN and infinity are refused by the fields that read them, with their own codes
    t = d.as_tuple()
    whole = len(t.digits) + t.exponent  # type: ignore[operator]
    return whole <= MAX_DIGITS and -t.exponent <= MAX_DIGITS  # type: ignore[operator]


def int_ok(n: int) -> bool:
    """An integer of at most :data:`MAX_DIGITS` digits."""
    return -_INT_BOUND < n < _INT_BOUND


_INT_BOUND = 10 ** MAX_DIGITS
MAX_INT_TEXT = 4 * MAX_DIGITS  # longest text of an integer worth converting (separators, sign, base prefix)


def json_int(text: str) -> int:
    """``parse_int`` hook: refuses integers longer than :data:`MAX_DIGITS` digits before converting them."""
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise NumberTooLarge(text)
    return int(text)


def json_float(text: str) -> FloatLiteral:
    """``parse_float`` hook: the number kept exact (so money fields can refuse a float), refused when it has more
    digits than :data:`MAX_DIGITS` before or after the point (``1e400000`` included)."""
    d = FloatLiteral(text)
    if not digits_ok(d):
        raise NumberTooLarge(text)
    return d


def money_ok(d: Decimal) -> bool:
    """Below :data:`MAX_MONEY`, the bound regulations use."""
    return d < MAX_MONEY


def money_bound_params() -> dict[str, str]:
    """``detail`` parameters of the ``out-of-range`` problem for an amount at or above :data:`MAX_MONEY`."""
    return {"detail": MONEY_BOUND[0], "detail_th": MONEY_BOUND[1]}


__all__ = ["BoundedLines", "LineTooLong", "MAX_DATA_BYTES", "MAX_DEPTH", "MAX_DIGITS", "MAX_KEY_BYTES",
           "MAX_LINE_BYTES", "MAX_MONEY", "MAX_NODES", "MAX_REGULATION_BYTES", "MONEY_BOUND", "NumberTooLarge",
           "MAX_INT_TEXT", "control_character", "digits_ok", "escaped", "int_ok", "json_float", "json_int", "money_bound_params", "money_ok", "open_limited",
           "read_limited", "shown"]
