"""Reading the decision log strictly: every line must be exactly the canonical bytes that were hashed.

A record is one line of canonical JSON (:func:`~swf_rules.core.fingerprint.canonical_json`: sorted keys, no
insignificant whitespace, UTF-8, no ``\\u`` escapes of printable text) followed by ``\\n``.  Reading is strict
because the hash covers the *parsed value*, not the bytes: two byte strings that parse to the same value (a key
given twice, CRLF, re-indented whitespace, ``\\u0e01`` for ``ก``) would otherwise pass as the record that was
hashed.  So a line is accepted only when

- it parses with every key once (a repeated key is tampering: a reader keeps one of the two values), and
- re-serialising the parsed value gives back exactly the line's bytes.

The bytes after the last newline (the *tail*) are never a record.  A tail that is the beginning of a record
(what a writer killed mid-append leaves) is *torn*; anything else there is *garbage* (bytes appended by
someone else).  Both are reported; neither is silently dropped or overwritten (see ``log repair``).
"""

from __future__ import annotations

import codecs
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ..core.errors import InputError, make_problem
from ..core.fingerprint import canonical_json
from ..core.limits import MAX_LINE_BYTES
from ..core.load import DuplicateKey, strict_pairs

GENESIS = "sha256:" + "0" * 64
_READ_BLOCK = 1 << 20

# What a canonical record line starts with: its first key in sorted order.  Decision records start with
# "decision", the other kinds (repair, approval) with "hash".
_RECORD_OPENINGS = (b'{"decision":', b'{"hash":"sha256:')


def record_hash(record: dict[str, Any]) -> str:
    """sha256 of the record's canonical JSON without its own ``hash`` key."""
    body = {k: v for k, v in record.items() if k != "hash"}
    return "sha256:" + hashlib.sha256(canonical_json(body)).hexdigest()


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


@dataclass
class LogRecord:
    """One line of the log (1-based ``line``).  ``code`` and ``error`` say what is wrong with the line, if anything;
    ``data`` is what a lenient reader would see (None when the line is not a JSON object), kept so that the chain
    can still be followed past a line whose bytes were tampered with."""

    line: int
    raw: bytes
    data: dict[str, Any] | None
    error: str | None = None
    code: str | None = None  # the problem code for an unusable line

    @property
    def seq(self) -> int | None:
        s = self.data.get("seq") if self.data else None
        return s if isinstance(s, int) and not isinstance(s, bool) else None

    @property
    def stored_hash(self) -> str | None:
        h = self.data.get("hash") if self.data else None
        return h if isinstance(h, str) else None

    @property
    def prev(self) -> str | None:
        p = self.data.get("prev") if self.data else None
        return p if isinstance(p, str) else None

    @property
    def kind(self) -> str:
        k = self.data.get("kind", "decision") if self.data else None
        return k if isinstance(k, str) else "?"

    @property
    def self_ok(self) -> bool:
        return self.data is not None and self.stored_hash == record_hash(self.data)


def parse_line(line_no: int, raw: bytes) -> LogRecord:
    """Parse one line (without its newline) strictly; see the module docstring."""
    try:
        data = json.loads(raw, object_pairs_hook=strict_pairs, parse_constant=_no_constants)
    except DuplicateKey as e:  # keep what a lax reader would see, so the chain can still be followed
        return LogRecord(line_no, raw, _lax(raw), f"the key '{e.key}' appears twice in one object",
                         "log-record-duplicate-key")
    except (ValueError, UnicodeDecodeError, RecursionError) as e:
        return LogRecord(line_no, raw, None, f"not JSON ({str(e).split(':')[0][:120]})", "log-record-unreadable")
    if not isinstance(data, dict):
        return LogRecord(line_no, raw, None, "not a JSON object", "log-record-unreadable")
    canon = canonical_json(data)
    if canon != raw:
        return LogRecord(line_no, raw, data, _how_not_canonical(raw, canon), "log-record-not-canonical")
    return LogRecord(line_no, raw, data)


def _lax(raw: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _how_not_canonical(raw: bytes, canon: bytes) -> str:
    if raw.endswith(b"\r") and raw[:-1] == canon:
        return "it ends with a carriage return (CRLF line ending)"
    if b"\\u" in raw and b"\\u" not in canon:
        return "text is written with \\u escapes instead of the characters that were hashed"
    if len(raw) != len(canon) and raw.replace(b" ", b"").replace(b"\t", b"") == canon.replace(b" ", b""):
        return "its spacing was changed"
    i = next((i for i, (a, b) in enumerate(zip(raw, canon)) if a != b), min(len(raw), len(canon)))
    return f"its bytes differ from the canonical form from byte {i + 1} on"


@dataclass(frozen=True)
class Tail:
    """Bytes after the last newline: ``torn`` (the start of a record: an interrupted append) or ``garbage``."""

    offset: int  # where the tail starts in the file (the size the file had after its last complete line)
    data: bytes
    kind: str  # "torn" | "garbage"
    line: int  # the line number the tail would have

    @property
    def size(self) -> int:
        return len(self.data)


def classify_tail(data: bytes) -> str:
    """``torn`` when ``data`` can be the beginning of a canonical record line, else ``garbage``."""
    if b"\r" in data:
        return "garbage"
    if not any(data.startswith(o) or o.startswith(data) for o in _RECORD_OPENINGS):
        return "garbage"
    try:  # a cut can fall inside a multi-byte character: decode as a prefix
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError:
        return "garbage"
    return "torn"


def _lines(path: Path) -> Iterator[tuple[int, bytes, bool]]:
    """(offset, line without newline, complete?) for every line of the file, read in blocks.  A line longer than
    any record (:data:`~swf_rules.core.limits.MAX_LINE_BYTES`) is handed out cut to that length, as a complete line
    (it then reads as an unreadable record), and the rest of it is skipped without being held."""
    offset = 0
    rest = b""
    skipping = False
    with open(path, "rb") as f:
        while True:
            block = f.read(_READ_BLOCK)
            if not block:
                break
            rest += block
            start = 0
            while True:
                i = rest.find(b"\n", start)
                if i < 0:
                    break
                if skipping:
                    skipping = False  # the end of the over-long line: already handed out
                else:
                    yield offset + start, rest[start:i], True
                start = i + 1
            offset += start
            rest = rest[start:]
            if len(rest) > MAX_LINE_BYTES and not skipping:
                yield offset, rest[:MAX_LINE_BYTES], True
                skipping = True
            if skipping:
                offset += len(rest)
                rest = b""
    if rest and not skipping:
        yield offset, rest, False


@dataclass
class LogFile:
    """The records of a log and its tail (None when the file ends with a newline)."""

    records: list[LogRecord]
    tail: Tail | None

    def __iter__(self) -> Iterator[Any]:  # ``records, tail = read_log(path)``
        return iter((self.records, self.tail))


def read_log(path: str | Path) -> LogFile:
    """Every line of the log parsed strictly, and its tail."""
    p = Path(path)
    if not p.is_file():
        raise InputError([make_problem("file-not-found", file=str(p))])
    records: list[LogRecord] = []
    tail: Tail | None = None
    for n, (offset, line, complete) in enumerate(_lines(p), 1):
        if complete:
            records.append(parse_line(n, line))
        else:
            tail = Tail(offset, line, classify_tail(line), n)
    return LogFile(records, tail)


__all__ = ["GENESIS", "LogFile", "LogRecord", "Tail", "classify_tail", "parse_line", "read_log", "record_hash"]
