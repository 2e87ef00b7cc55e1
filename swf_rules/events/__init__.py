"""The event monitor: notices as a fund's events happen (the optional ``events`` extra, durable-rules).

- :mod:`.event` — one event: its fields by type, :func:`parse_event`;
- :mod:`.stream` — a JSON Lines event stream: :func:`read_stream`;
- :mod:`.rules` — a regulation version's notice rules as a durable-rules ruleset: :func:`compile_rules`;
- :mod:`.monitor` — :class:`Monitor`, which keeps each member's history and raises notices;
- :mod:`.notices` — what the notices say, and their order: :func:`sort_notices`.

Importing this package does not import durable-rules: only building a :class:`Monitor` (or asking
:func:`available`) does, so everything here but the monitor itself works without the extra.
"""

from ._durable import EventsUnavailable, available, day_number
from .event import FIELDS, Event, locate, parse_event
from .monitor import Monitor
from .notices import notices_text, sort_notices
from .rules import compile_rules
from .stream import FORMAT, StreamItem, read_stream

__all__ = ["Event", "EventsUnavailable", "FIELDS", "FORMAT", "Monitor", "StreamItem", "available", "compile_rules",
           "day_number", "locate", "notices_text", "parse_event", "read_stream", "sort_notices"]
