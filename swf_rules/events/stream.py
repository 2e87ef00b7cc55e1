"""Reading a fund's event stream: JSON Lines, an optional header line, one :class:`StreamItem` per line.

:func:`read_stream` decodes each line (UTF-8, duplicate keys refused, floats kept exact so that money fields can
refuse them), reads the header (``format`` and ``calendar``), and parses every other line with
:func:`~swf_rules.events.event.parse_event`.  A bad line yields its located problems and the stream goes on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any, Iterable, Iterator

from ..core.dates import CALENDARS
from ..core.errors import InputError, Problem, make_problem
from ..core.limits import MAX_LINE_BYTES, NumberTooLarge, json_float, json_int
from ..core.load import DuplicateKey, nan_literal, strict_pairs
from .event import Event, locate, parse_event

FORMAT = "swf-rules-events/1"

@dataclass(frozen=True)
class StreamItem:
    """One line of a stream: an event, or the problems that made it skipped."""

    line: int
    event: Event | None
    problems: tuple[Problem, ...] = ()


_DECODER = json.JSONDecoder(object_pairs_hook=strict_pairs, parse_float=json_float, parse_int=json_int,
                            parse_constant=nan_literal)


def _load_json(text: str, file: str | None) -> Any:
    """One line of JSON: duplicate keys refused, floats kept exact so that money fields can refuse them
    (the rules of :func:`swf_rules.core.load.load_json_text`, with one decoder for the whole stream)."""
    try:
        return _DECODER.decode(text)
    except NumberTooLarge as n:
        raise InputError([n.problem(text, path=())]) from None
    except DuplicateKey as d:
        raise InputError([make_problem("duplicate-key", path=(d.key,), key=d.key,
                                       first_line="this line")]) from None
    except json.JSONDecodeError as e:
        raise InputError([make_problem("json-syntax", line=e.lineno, col=e.colno, detail=e.msg)]) from None
    except RecursionError:
        raise InputError([make_problem("too-deep", line=1, col=1)]) from None


def read_stream(lines: Iterable[bytes | str | None], file: str | None = None) -> Iterator[StreamItem]:
    """Parse a JSON Lines event stream.  Blank lines are ignored; the first non-blank line may be a header
    ``{"type": "header", "format": "swf-rules-events/1", "calendar": "buddhist"}``.  A bad line yields its
    problems and the stream goes on.  ``None`` stands for a line too long to be read
    (:class:`swf_rules.core.limits.BoundedLines`)."""
    calendar = "gregorian"
    first = True
    for no, raw in enumerate(lines, 1):
        if raw is None:
            yield StreamItem(no, None, (make_problem("line-too-long", file=file, line=no, col=1,
                                                     limit=MAX_LINE_BYTES),))
            first = False
            continue
        if isinstance(raw, bytes):
            try:
                text = raw.decode("utf-8-sig" if no == 1 else "utf-8")
            except UnicodeDecodeError as e:
                yield StreamItem(no, None, tuple(locate([make_problem("not-utf8", byte=f"0x{raw[e.start]:02x}")],
                                                        file, no, None)))
                first = False
                continue
        else:
            text = raw
        text = text.rstrip("\r\n")
        if not text.strip():
            continue
        try:
            data = _load_json(text, file)
        except InputError as e:
            yield StreamItem(no, None, tuple(replace(p, file=file, line=no, col=p.col or 1) for p in e.problems))
            first = False
            continue
        if first and isinstance(data, dict) and data.get("type") == "header":
            first = False
            problems = []
            for k in data:
                if k not in ("type", "format", "calendar"):
                    problems.append(make_problem("unknown-key", path=(k,), key=k, value=k))
            if data.get("format", FORMAT) != FORMAT:
                problems.append(make_problem("not-allowed", path=("format",), value=str(data.get("format")),
                                             hint=(f'write "format": "{FORMAT}"', f'เขียน "format": "{FORMAT}"')))
            cal = data.get("calendar", "gregorian")
            if cal not in CALENDARS:
                problems.append(make_problem("unknown-calendar", path=("calendar",), value=str(cal),
                                             hint=('write "calendar": "buddhist" or "gregorian"',
                                                   'เขียน "calendar": "buddhist" หรือ "gregorian"')))
            else:
                calendar = cal
            if problems:
                yield StreamItem(no, None, tuple(locate(problems, file, no, text)))
            continue
        first = False
        try:
            yield StreamItem(no, parse_event(data, calendar=calendar, file=file, line=no, text=text))
        except InputError as e:
            yield StreamItem(no, None, tuple(e.problems))

