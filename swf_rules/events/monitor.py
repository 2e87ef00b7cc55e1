"""Event monitor: notices as a fund's events happen (durable-rules; the optional ``events`` extra).

Fund software records events as they happen (a member joins, pays or misses an instalment, is admitted to
hospital, gives birth, dies).  :class:`Monitor` keeps each member's history as :mod:`swf_rules.core.history` data and
raises *notices*: this member is now suspended or lapsed; this member's elderly allowance is due; this claim's
filing deadline is 7 days away, or has passed; this member died, and here is the death benefit decision.

Where durable-rules is used, and where it is not (docs/adr/0001-durable-rules.md):

- This is the only module that imports ``durable``, and only when a :class:`Monitor` is built.  ``import
  swf_rules`` and everything else work without it; without it :class:`EventsUnavailable` names the install command.
- Each regulation *version* is compiled into one durable-rules ruleset named
  ``swf_events:<version fingerprint>:<monitor name>``: the missed-instalment rules (``suspend_after``,
  ``lapse_after``), the elderly benefit's status/age/tenure/waiting/sex/arrears condition, the claim deadline
  windows and death.  All rulesets of a regulation are registered when the monitor is built (or when
  :meth:`Monitor.load` adds a version), before anything is posted.
- Python does the calendar arithmetic (instalment deadlines, ages, tenure, deadlines from ``benefit.deadline``)
  and posts a small snapshot of integers and strings (dates as day numbers since 1970-01-01) on the days when a
  member's facts can change; the ruleset decides which transition, if any, that snapshot means.  Wall-clock
  timers are not used: business dates come from the event stream.
- Money never enters durable-rules.  A notice that needs an amount carries the :class:`~swf_rules.Decision` of
  the core :class:`~swf_rules.Engine` (``decision.to_dict()``).

The stream format and the notices are documented in docs/events.md.
"""

from __future__ import annotations

import functools
import heapq
import json
import itertools
import threading
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Callable, Iterable, Iterator, Mapping

from ..core import model as M
from ..core.dates import (DateTextError, add_months, add_period, add_years, age_on, month_end, normalise_digits, parse_date,
                    to_be)
from ..core.errors import InputError, LookupProblem, Problem, SwfError, UsageError, make_problem
from ..core import Engine
from ..core.facts import tenure_years
from ..core.history import Member, parse_claim, parse_member
from ..core.load import DuplicateKey, nan_literal, strict_pairs
from ..core.money import FloatLiteral, MoneyError, money_str, parse_money
from ..core.validate import Regulation

FORMAT = "swf-rules-events/1"
EPOCH = date(1970, 1, 1)
DAY = timedelta(days=1)
NOTICE_DAYS = 7

INSTALL_EN = ("the event monitor needs durable-rules, which is not installed or cannot be imported here: "
              "pip install 'swf-rules[events]' (durable-rules 2.0.28 needs Python 3.11 or 3.12 and a C compiler)")
INSTALL_TH = ("ระบบเฝ้าติดตามเหตุการณ์ต้องใช้ durable-rules ซึ่งยังไม่ได้ติดตั้งหรือนำเข้าไม่ได้: "
              "pip install 'swf-rules[events]' "
              "(durable-rules 2.0.28 ใช้ได้กับ Python 3.11 หรือ 3.12 และต้องมีตัวแปลภาษา C)")


# ============================================================================================ durable-rules
class EventsUnavailable(UsageError):
    """durable-rules cannot be imported (not installed, or Python >= 3.13)."""

    def __init__(self, detail: str = ""):
        self.detail = detail
        super().__init__(INSTALL_EN)

    def message(self, lang: str = "en") -> str:
        return INSTALL_TH if lang == "th" else INSTALL_EN


_DURABLE: tuple[Any, Any] | None = None  # (durable.engine module, the process-wide host)
_LOCK = threading.RLock()  # every call into durable-rules (registration and posts) holds it
_REGISTERED: set[str] = set()
_SERIAL = itertools.count(1)


def _durable() -> tuple[Any, Any]:
    """Import durable-rules on first use and build the one host of this process (without background threads)."""
    global _DURABLE
    with _LOCK:
        if _DURABLE is None:
            try:
                from durable import engine  # the only import of durable-rules in swf-rules
            except (ImportError, OSError) as e:
                raise EventsUnavailable(str(e)) from None

            class _QuietHost(engine.Host):  # type: ignore[misc,name-defined]
                """A host whose actions run inside the post that triggers them: the stock host starts two
                polling threads that may run an action later, on another thread."""

                def _run(self) -> None:
                    pass

            _DURABLE = (engine, _QuietHost())
        return _DURABLE


def available() -> bool:
    """True when durable-rules can be imported here."""
    try:
        _durable()
        return True
    except EventsUnavailable:
        return False


def day_number(d: date) -> int:
    """A date as the integer durable-rules compares: days since 1970-01-01."""
    return (d - EPOCH).days


def _plain(event: Mapping[str, Any]) -> None:
    for k, v in event.items():
        if isinstance(v, bool) or not isinstance(v, (int, str)):
            raise UsageError(f"only integers and strings go into durable-rules; {k}={v!r} is {type(v).__name__}")


# ============================================================================================ the event stream
# type -> (required fields besides type and date, optional fields)
FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "joined": (("member_id", "birth_date", "sex"), ()),
    "instalment": (("member_id", "amount", "covers"), ()),
    "birthday": (("member_id",), ()),
    "day": ((), ()),
    "claim_filed": (("member_id", "benefit", "event_date"), ("claim_id",)),
    "admission": (("member_id",), ()),
    "discharge": (("member_id",), ()),
    "birth": (("member_id",), ("children",)),
    "death": (("member_id",), ()),
    "resigned": (("member_id",), ()),
}
EVENT_TYPES = tuple(FIELDS)


@dataclass(frozen=True)
class Event:
    """One parsed event.  Dates are C.E.; ``covers`` is a C.E. period key (``YYYY-MM`` or ``YYYY``)."""

    type: str
    date: date
    member_id: str | None = None
    birth_date: date | None = None
    sex: str | None = None
    amount: Decimal | None = None
    covers: str | None = None
    benefit: str | None = None
    event_date: date | None = None
    claim_id: str | None = None
    children: int | None = None
    file: str | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)
    text: str | None = field(default=None, compare=False, repr=False)


def locate(problems: Iterable[Problem], file: str | None, line: int | None, text: str | None) -> list[Problem]:
    """Put problems about one stream line at ``file:line:col`` (the column of the field's key, else 1)."""
    out = []
    for p in problems:
        col = p.col if p.line is not None and p.col is not None else 1
        if p.path and text is not None and isinstance(p.path[0], str):
            i = text.find(f'"{p.path[0]}"')
            if i >= 0:
                col = len(text[:i]) + 1
        out.append(replace(p, file=file, line=line if line is not None else p.line, col=col if line else p.col))
    return out


@functools.lru_cache(maxsize=16384)
def _cached_date(text: str, calendar: str) -> date:
    return parse_date(text, calendar)


@functools.lru_cache(maxsize=1024)
def _cached_money(text: str) -> Decimal:
    return parse_money(text)


def _date_field(data: Mapping[str, Any], key: str, calendar: str, problems: list[Problem]) -> date | None:
    v = data[key]
    try:
        return _cached_date(v, calendar) if isinstance(v, str) else parse_date(v, calendar)
    except DateTextError as e:
        params = {k: x for k, x in e.params.items() if k != "value"}
        hint = None
        if e.code == "undeclared-buddhist-date":
            hint = ('declare the calendar in a header line: {"type": "header", "calendar": "buddhist"}',
                    'ประกาศปฏิทินในบรรทัดแรก: {"type": "header", "calendar": "buddhist"}')
        problems.append(make_problem(e.code, path=(key,), value=str(v), hint=hint, **params))
        return None


def _text_field(data: Mapping[str, Any], key: str, problems: list[Problem]) -> str | None:
    v = data[key]
    if not isinstance(v, str) or not v.strip():
        problems.append(make_problem("wrong-type", path=(key,), expected="non-empty text",
                                     found=type(v).__name__ if v is not None else "null",
                                     value=None if isinstance(v, (dict, list)) else str(v)))
        return None
    return v


def _covers_field(v: Any, calendar: str, problems: list[Problem]) -> str | None:
    if isinstance(v, str):
        hit = _COVERS.get((v, calendar))
        if hit is not None:
            return hit
    out = _covers_parse(v, calendar, problems)
    if out is not None and isinstance(v, str) and len(_COVERS) < 65536:
        _COVERS[(v, calendar)] = out
    return out


_COVERS: dict[tuple[str, str], str] = {}


def _covers_parse(v: Any, calendar: str, problems: list[Problem]) -> str | None:
    text = normalise_digits(v.strip()) if isinstance(v, str) else None
    ok = text is not None and len(text) in (4, 7) and text[:4].isdigit() and \
        (len(text) == 4 or (text[4] == "-" and text[5:].isdigit() and 1 <= int(text[5:]) <= 12))
    if not ok or text is None:
        problems.append(make_problem("wrong-type", path=("covers",), expected="YYYY-MM or YYYY",
                                     found=type(v).__name__, value=None if isinstance(v, (dict, list)) else str(v)))
        return None
    year = int(text[:4])
    if calendar == "buddhist":
        year -= 543
    elif year > 2400:
        problems.append(make_problem("undeclared-buddhist-date", path=("covers",), value=text, year=year,
                                     hint=('declare the calendar in a header line: {"type": "header", '
                                           '"calendar": "buddhist"}',
                                           'ประกาศปฏิทินในบรรทัดแรก: {"type": "header", "calendar": "buddhist"}')))
        return None
    return f"{year:04d}" + text[4:]


_ALLOWED = {t: ("type", "date") + req + opt for t, (req, opt) in FIELDS.items()}
_ALLOWED_SET = {t: frozenset(a) for t, a in _ALLOWED.items()}
_REQUIRED = {t: ("date",) + req for t, (req, _) in FIELDS.items()}


def _sex_field(v: Any, problems: list[Problem]) -> Any:
    if v not in ("female", "male"):
        problems.append(make_problem("not-allowed", path=("sex",), value=str(v),
                                     hint=("use female or male", "ใช้ female หรือ male")))
    return v


def _amount_field(v: Any, problems: list[Problem]) -> Decimal | None:
    try:
        return _cached_money(v) if isinstance(v, str) else parse_money(v)
    except MoneyError as e:
        problems.append(make_problem(e.code, path=("amount",), value=str(e.value)))
        return None


def _benefit_field(v: Any, problems: list[Problem]) -> Any:
    if not isinstance(v, str) or not _IDENT(v):
        problems.append(make_problem("bad-identifier", path=("benefit",), value=str(v)))
    return v


def _children_field(v: Any, problems: list[Problem]) -> Any:
    if isinstance(v, bool) or not isinstance(v, int):
        problems.append(make_problem("wrong-type", path=("children",), expected="a whole number",
                                     found=type(v).__name__, value=str(v)))
    elif v < 1:
        problems.append(make_problem("out-of-range", path=("children",), value=str(v), detail="at least 1"))
    return v


def parse_event(data: Any, *, calendar: str = "gregorian", file: str | None = None, line: int | None = None,
                text: str | None = None) -> Event:
    """One event from JSON-like data; raises :class:`InputError` listing every problem of the event."""
    if not isinstance(data, dict):
        raise InputError(locate([make_problem("not-a-mapping", found=type(data).__name__)], file, line, text))
    problems: list[Problem] = []
    if "type" not in data:
        raise InputError(locate([make_problem("missing-field", path=("type",), field="type")], file, line, text))
    etype = data["type"]
    if etype == "header":
        raise InputError(locate([make_problem("misplaced-header", path=("type",))], file, line, text))
    if not isinstance(etype, str) or etype not in FIELDS:
        raise InputError(locate([make_problem(
            "unknown-event-type", path=("type",), value=str(etype),
            hint=("use one of: " + ", ".join(EVENT_TYPES), "ใช้ค่าใดค่าหนึ่งจาก: " + ", ".join(EVENT_TYPES)))],
            file, line, text))
    allowed = _ALLOWED[etype]
    allowed_set = _ALLOWED_SET[etype]
    for k in data:
        if k not in allowed_set:
            hint = (("declare the calendar once, in a header line", "ประกาศปฏิทินครั้งเดียวในบรรทัดแรก")
                    if k == "calendar" else
                    (f"fields of a '{etype}' event: " + ", ".join(allowed[1:]),
                     f"ข้อมูลของเหตุการณ์ '{etype}': " + ", ".join(allowed[1:])))
            problems.append(make_problem("unknown-key", path=(k,), key=k, value=k, hint=hint))
    for k in _REQUIRED[etype]:
        if data.get(k) is None:
            problems.append(make_problem("missing-field", path=(k,), field=k))
    values: dict[str, Any] = {}
    for k in allowed[1:]:
        v = data.get(k)
        if v is None:
            continue
        if k in ("date", "birth_date", "event_date"):
            values[k] = _date_field(data, k, calendar, problems)
        elif k in ("member_id", "claim_id"):
            values[k] = _text_field(data, k, problems)
        elif k == "covers":
            values[k] = _covers_field(v, calendar, problems)
        else:
            values[k] = _OTHER[k](v, problems)
    if not problems and etype == "joined" and values["birth_date"] > values["date"]:
        problems.append(make_problem("date-order", path=("birth_date",), later="date",
                                     later_value=values["date"].isoformat(), earlier="birth_date",
                                     earlier_value=values["birth_date"].isoformat()))
    if not problems and etype == "claim_filed" and values["event_date"] > values["date"]:
        problems.append(make_problem("date-order", path=("event_date",), later="date",
                                     later_value=values["date"].isoformat(), earlier="event_date",
                                     earlier_value=values["event_date"].isoformat()))
    if problems:
        raise InputError(locate(problems, file, line, text))
    return Event(type=etype, file=file, line=line, text=text, **values)


_OTHER: dict[str, Callable[[Any, list[Problem]], Any]] = {
    "sex": _sex_field, "amount": _amount_field, "benefit": _benefit_field, "children": _children_field}


def _IDENT(v: str) -> bool:
    return bool(v) and v[0].isascii() and v[0].islower() and all(
        c.isascii() and (c.islower() or c.isdigit() or c == "_") for c in v)


@dataclass(frozen=True)
class StreamItem:
    """One line of a stream: an event, or the problems that made it skipped."""

    line: int
    event: Event | None
    problems: tuple[Problem, ...] = ()


_DECODER = json.JSONDecoder(object_pairs_hook=strict_pairs, parse_float=FloatLiteral, parse_constant=nan_literal)


def _load_json(text: str, file: str | None) -> Any:
    """One line of JSON: duplicate keys refused, floats kept exact so that money fields can refuse them
    (the rules of :func:`swf_rules.core.load.load_json_text`, with one decoder for the whole stream)."""
    try:
        return _DECODER.decode(text)
    except DuplicateKey as d:
        raise InputError([make_problem("duplicate-key", path=(d.key,), key=d.key,
                                       first_line="this line")]) from None
    except json.JSONDecodeError as e:
        raise InputError([make_problem("json-syntax", line=e.lineno, col=e.colno, detail=e.msg)]) from None
    except RecursionError:
        raise InputError([make_problem("too-deep", line=1, col=1)]) from None


def read_stream(lines: Iterable[bytes | str], file: str | None = None) -> Iterator[StreamItem]:
    """Parse a JSON Lines event stream.  Blank lines are ignored; the first non-blank line may be a header
    ``{"type": "header", "format": "swf-rules-events/1", "calendar": "buddhist"}``.  A bad line yields its
    problems and the stream goes on."""
    calendar = "gregorian"
    first = True
    for no, raw in enumerate(lines, 1):
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
            if cal not in ("gregorian", "buddhist"):
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


# ============================================================================================ member tracking
@dataclass
class _Spell:
    start: date
    end: date | None = None
    end_reason: str | None = None
    lapse_on: date | None = None  # derived lapse (before ``end``), kept when the spell is closed
    first_paid: date | None = None  # first contribution in the spell


class _Ledger:
    """The instalments of one spell under one membership rule set, finalized as the clock passes their deadlines.

    The incremental form of swf_rules.core.facts (docs/facts.md): a period is *paid* on the day its contributions first
    add up to the scheduled amount and *missed* if that is after its deadline (last day + grace) or never;
    arrears on D are past-deadline periods unpaid on D; lapse on the day after the deadline that makes
    ``lapse_after`` missed in a row (or in total).  Events arrive in date order, so a period's outcome is known
    once its deadline has passed."""

    def __init__(self, ms: M.Membership, spell: _Spell, contributions: list[tuple[date, str, Decimal]]):
        self.ms = ms
        self.spell = spell
        c = ms.contribution
        self.monthly = c.period == "month"
        self.amount = c.amount
        self.grace = timedelta(days=ms.grace_days)
        la = ms.lapse_after
        self.n = 0 if la is None else ((la.consecutive if la.consecutive is not None else la.total) or 0)
        self.consecutive = la is not None and la.consecutive is not None
        self.totals: dict[str, Decimal] = {}
        self.paid_on: dict[str, date] = {}
        for d, key, amt in sorted(contributions, key=lambda x: (x[0], x[1])):
            self._add(d, key, amt)
        self.y = spell.start.year
        self.m = spell.start.month if self.monthly else 1
        self._cur = self._period()
        self.run = self.best = self.total = 0
        self.unpaid: set[str] = set()
        self.lapse_on: date | None = None
        self.stopped = False

    def _add(self, d: date, key: str, amount: Decimal) -> None:
        t = self.totals.get(key, Decimal(0)) + amount
        self.totals[key] = t
        if key not in self.paid_on and t >= self.amount:
            self.paid_on[key] = d

    def contribute(self, d: date, key: str, amount: Decimal) -> None:
        self._add(d, key, amount)
        if key in self.unpaid and key in self.paid_on:
            self.unpaid.discard(key)

    def _period(self) -> tuple[date, date, str]:
        y, m = self.y, self.m
        if self.monthly:
            return date(y, m, 1), month_end(y, m) + self.grace, f"{y:04d}-{m:02d}"
        return date(y, 1, 1), date(y, 12, 31) + self.grace, f"{y:04d}"

    def advance(self, d: date, died_on: date | None) -> None:
        """Finalize every period whose deadline is before ``d``."""
        stop = self.spell.end
        if died_on is not None and (stop is None or died_on + DAY < stop):
            stop = died_on + DAY
        while not self.stopped:
            pstart, due, key = self._cur
            if stop is not None and pstart >= stop:
                self.stopped = True
                break
            if due >= d:
                break
            pon = self.paid_on.get(key)
            missed = pon is None or pon > due
            if pon is None:
                self.unpaid.add(key)
            self.run = self.run + 1 if missed else 0
            self.best = max(self.best, self.run)
            self.total += 1 if missed else 0
            if self.monthly:
                self.y, self.m = (self.y + 1, 1) if self.m == 12 else (self.y, self.m + 1)
            else:
                self.y += 1
            self._cur = self._period()
            if self.n > 0 and (self.run if self.consecutive else self.total) >= self.n:
                lapse_on = due + DAY
                if self.spell.end is None or lapse_on < self.spell.end:
                    self.lapse_on = lapse_on
                self.stopped = True

    def next_change(self) -> date | None:
        """The next day the counters can change without an event: the day after the next deadline."""
        if self.stopped:
            return None
        pstart, due, _ = self._cur
        if self.spell.end is not None and pstart >= self.spell.end:
            return None
        return due + DAY


@dataclass
class _Claim:
    """A claim the member may file, tracked until it is filed or its deadline has passed."""

    key: str
    benefit: M.Benefit
    event: str
    event_date: date
    last_day: date
    version: M.Version
    soon_sent: bool = False
    passed_sent: bool = False


class _Track:
    """What the monitor knows of one member."""

    def __init__(self, member_id: str, birth: date, sex: str, joined: date):
        self.member_id = member_id
        self.birth = birth
        self.sex = sex
        self.spells: list[_Spell] = [_Spell(joined)]
        self.contributions: list[tuple[date, str, Decimal]] = []
        self.died_on: date | None = None
        self.status = "active"
        self.done = joined - DAY  # every touch up to this day has run
        self.pending: list[int] = []
        self.pending_set: set[int] = set()
        self.full: set[int] = set()  # days that need every check (not only the instalment counters)
        self.ledger: _Ledger | None = None
        self.last_standing: tuple | None = None
        self.elderly: dict[str, bool] = {}
        self.last_elderly: dict[str, tuple] = {}
        self.claims: dict[str, _Claim] = {}
        self.filed: set[tuple[str, date]] = set()
        self.stay: date | None = None
        self.death_notified = False
        self._member: Member | None = None
        self._age = (0, 0, 0)  # (age, first day ordinal, end ordinal): age is constant in [first, end)
        self._tenure: dict[tuple[str, int], tuple[int, int, int]] = {}

    def age(self, d: date) -> int:
        o = d.toordinal()
        v, lo, hi = self._age
        if lo <= o < hi:
            return v
        v = age_on(self.birth, d)
        self._age = (v, add_years(self.birth, v).toordinal(), add_years(self.birth, v + 1).toordinal())
        return v

    def tenure(self, days: int, d: date, rounding: str) -> int:
        """Whole years of tenure (the core's ``tenure_years``, truncated), cached per virtual start day."""
        o = d.toordinal()
        key = (rounding, o - days)
        hit = self._tenure.get(key)
        if hit is not None and hit[1] <= o < hit[2]:
            return hit[0]
        v = int(tenure_years(days, d, rounding))
        self._tenure[key] = (v, *_tenure_span(date.fromordinal(o - days), v, rounding, o))
        return v

    @property
    def spell(self) -> _Spell:
        return self.spells[-1]

    @property
    def open(self) -> bool:
        return self.spell.end is None and self.died_on is None

    def ledger_for(self, ms: M.Membership) -> _Ledger:
        led = self.ledger
        if led is None or led.ms is not ms or led.spell is not self.spell:
            led = self.ledger = _Ledger(ms, self.spell, self.contributions)
        return led

    def member(self) -> Member:
        """The history as a validated :class:`~swf_rules.core.history.Member` (what the core engine decides on)."""
        if self._member is None:
            self._member = parse_member({
                "member_id": self.member_id, "birth_date": self.birth.isoformat(), "sex": self.sex,
                "spells": [{"start": s.start.isoformat(), "end": s.end.isoformat() if s.end else None,
                            "end_reason": s.end_reason} for s in self.spells],
                "contributions": [{"date": d.isoformat(), "amount": money_str(a), "covers": k}
                                  for d, k, a in self.contributions],
                "died_on": self.died_on.isoformat() if self.died_on else None,
                "payouts": []})
        return self._member

    def changed(self) -> None:
        self._member = None


@functools.lru_cache(maxsize=65536)
def _served(start: date, days: int, months: int, years: int) -> date:
    return add_period(start, days=days, months=months, years=years)


def _tenure_span(s: date, v: int, rounding: str, o: int) -> tuple[int, int]:
    """[first, end) ordinals around day ``o`` where whole-year tenure counted from ``s`` stays ``v``.
    Checked against the core's ``tenure_years``; when the check fails only day ``o`` is cached."""
    if rounding == "over_6_months":
        lo = s if v == 0 else add_months(s, 12 * (v - 1) + 6) + DAY
        hi = add_months(s, 12 * v + 6) + DAY
    else:  # completed_years; exact truncated to whole years
        lo, hi = add_years(s, v), add_years(s, v + 1)

    def at(x: date) -> int:
        return int(tenure_years((x - s).days, x, rounding))

    if lo.toordinal() <= o < hi.toordinal() and lo >= s and at(lo) == v and at(hi - DAY) == v and at(hi) != v:
        return lo.toordinal(), hi.toordinal()
    return o, o + 1


# ============================================================================================ rulesets
@dataclass
class _Ruleset:
    name: str
    version: M.Version
    fingerprint: str
    standing: bool
    elderly: tuple[M.Benefit, ...]


def _eq(field_: str, value: Any) -> dict:
    return {field_: value}


def _op(op: str, field_: str, value: Any) -> dict:
    return {op: {field_: value}}


def _and(*conds: dict) -> dict:
    return conds[0] if len(conds) == 1 else {"$and": list(conds)}


def _or(*conds: dict) -> dict:
    return conds[0] if len(conds) == 1 else {"$or": list(conds)}


def compile_rules(version: M.Version, lead_days: int, fire: Callable[[str, Any], None]) -> dict[str, dict]:
    """A regulation version's event triggers as a durable-rules ruleset definition (a fresh dict each call:
    durable-rules consumes it).  Every posted snapshot matches at most one rule; ``fire(rule, event_id)`` is
    called by the rule's action."""

    def rule(name: str, cond: dict) -> tuple[str, dict]:
        def run(c: Any) -> None:  # exactly one parameter: durable-rules treats (c, complete) as asynchronous
            try:
                fire(name, c.m.id)
            except Exception as e:  # durable-rules would swallow it into the state; report it instead
                fire("!error", f"{name}: {type(e).__name__}: {e}")
        return name, {"all": [{"m": cond}], "run": run}

    rules: list[tuple[str, dict]] = []
    ms = version.membership
    sus = ms.suspend_after if ms.suspend_after else None
    la = ms.lapse_after
    n = None if la is None else (la.consecutive if la.consecutive is not None else la.total)
    n = n or None
    measure = "run" if la is not None and la.consecutive is not None else "total"
    st = _eq("t", "standing")
    if n is not None or sus is not None:
        not_lapsed = [_op("$lt", measure, n)] if n is not None else []
        if n is not None:
            rules.append(rule("to_lapsed", _and(st, _op("$gte", measure, n), _op("$neq", "status", "lapsed"))))
        if sus is not None:
            rules.append(rule("to_suspended", _and(st, *not_lapsed, _op("$gte", "arrears", sus),
                                                   _op("$neq", "status", "suspended"))))
        below = [_op("$lt", "arrears", sus)] if sus is not None else []
        rules.append(rule("to_active", _and(st, *not_lapsed, *below, _op("$neq", "status", "active"))))
    for b in version.benefits:
        if b.kind != "elderly":
            continue
        el = b.eligibility
        if not el.status:
            continue  # no status is allowed: never due
        yes: list[dict] = [_or(*[_eq("status", s) for s in el.status])]
        no: list[dict] = [_and(*[_op("$neq", "status", s) for s in el.status])]
        if el.age is not None:
            f = "age" if el.age.at == "event" else "age_at_joining"
            if el.age.min is not None:
                yes.append(_op("$gte", f, el.age.min))
                no.append(_op("$lt", f, el.age.min))
            if el.age.max is not None:
                yes.append(_op("$lte", f, el.age.max))
                no.append(_op("$gt", f, el.age.max))
        if el.tenure is not None:
            yes.append(_op("$gte", "tenure", el.tenure.min_years))
            no.append(_op("$lt", "tenure", el.tenure.min_years))
        if el.waiting is not None:
            yes.append(_eq("waited", 1))
            no.append(_op("$neq", "waited", 1))
        if el.sex is not None:
            yes.append(_eq("sex", el.sex))
            no.append(_op("$neq", "sex", el.sex))
        if el.max_arrears is not None:
            yes.append(_op("$lte", "arrears", el.max_arrears))
            no.append(_op("$gt", "arrears", el.max_arrears))
        head = [_eq("t", "elderly"), _eq("benefit", b.id)]
        rules.append(rule(f"elderly_due__{b.id}", _and(*head, _eq("due", 0), *yes)))
        rules.append(rule(f"elderly_stop__{b.id}", _and(*head, _eq("due", 1), _or(*no))))
    dl = [_eq("t", "deadline"), _eq("filed", 0), _eq("passed_sent", 0)]
    rules.append(rule("deadline_soon", _and(*dl, _eq("soon_sent", 0), _op("$lte", "days_left", lead_days),
                                            _op("$gte", "days_left", 0))))
    rules.append(rule("deadline_passed", _and(*dl, _op("$lt", "days_left", 0))))
    rules.append(rule("died", _eq("t", "death")))
    return dict(rules)


# ============================================================================================ the monitor
_STATUS_TRIGGER = {"lapsed": "member_lapsed", "suspended": "member_suspended", "active": "member_reinstated"}


class Monitor:
    """Watches one fund's event stream and raises notices.

    ``post(event)`` takes an :class:`Event` (or JSON-like data) and returns the notices it completed;
    ``finish()`` runs the checks up to the last date seen.  Events of one member must come in date order;
    members are independent, so several threads may post (each member's events from one thread) and the
    notices are the same as from one thread.  Bad events raise :class:`InputError` and change nothing.
    """

    def __init__(self, regulation: Regulation, *, notice_days: int = NOTICE_DAYS, name: str | None = None,
                 calendar: str = "gregorian"):
        if not isinstance(regulation, Regulation):
            raise UsageError("Monitor needs a Regulation from load_regulation()")
        if isinstance(notice_days, bool) or not isinstance(notice_days, int) or notice_days < 0:
            raise UsageError("notice_days must be a whole number of days >= 0")
        if calendar not in ("gregorian", "buddhist"):
            raise UsageError("calendar must be 'gregorian' or 'buddhist'")
        _durable()
        self.name = name or f"m{next(_SERIAL)}"
        self.notice_days = notice_days
        self.calendar = calendar
        self._lock = threading.RLock()
        self._rulesets: dict[str, _Ruleset] = {}
        self._fired: list[tuple[str, Any]] = []
        self._action_errors: list[BaseException] = []
        self._ids = itertools.count(1)
        self._members: dict[str, _Track] = {}
        self._heap: list[tuple[int, str]] = []
        self._done = date.min  # the stream has been processed through this day
        self._last = date.min  # latest date seen
        self._notices: list[dict[str, Any]] = []
        self.posts = 0  # snapshots posted to durable-rules
        self.regulation = regulation
        self.engine = Engine(regulation)
        self._register(regulation)

    # ------------------------------------------------------------------------------------------ registration
    @property
    def ruleset_names(self) -> list[str]:
        return sorted(r.name for r in self._rulesets.values())

    def _register(self, regulation: Regulation) -> None:
        engine, host = _durable()
        for v in regulation.versions:
            fp = regulation.fingerprint(v)
            if fp in self._rulesets:
                continue
            name = f"swf_events:{fp}:{self.name}"
            definition = compile_rules(v, self.notice_days, self._fire)
            with _LOCK:
                if name in _REGISTERED:
                    raise UsageError(f"a monitor named {self.name!r} already watches this regulation version; "
                                     "give each monitor its own name")
                host.register_rulesets({name: definition})
                _REGISTERED.add(name)
            ms, la = v.membership, v.membership.lapse_after
            standing = bool(ms.suspend_after) or (la is not None and bool(la.consecutive or la.total))
            self._rulesets[fp] = _Ruleset(name, v, fp, standing, tuple(b for b in v.benefits if b.kind == "elderly"))

    def load(self, regulation: Regulation) -> list[str]:
        """Watch with a new regulation (a new version of the same fund) from now on, without a restart.
        Registers the rulesets of versions not seen yet; returns their names."""
        if not isinstance(regulation, Regulation):
            raise UsageError("load() needs a Regulation from load_regulation()")
        with self._lock:
            if regulation.fund_id != self.regulation.fund_id:
                raise UsageError(f"this monitor watches fund {self.regulation.fund_id!r}, not "
                                 f"{regulation.fund_id!r}; build another Monitor")
            before = set(self._rulesets)
            self._register(regulation)
            self.regulation = regulation
            self.engine = Engine(regulation)
            for tr in self._members.values():
                self._schedule_thresholds(tr)
            return sorted(self._rulesets[fp].name for fp in self._rulesets if fp not in before)

    # ------------------------------------------------------------------------------------------ posting
    def _fire(self, rule: str, event_id: Any) -> None:
        self._fired.append((rule, event_id))

    def _post(self, rs: _Ruleset, event: dict[str, Any]) -> str | None:
        """Post one snapshot; return the rule it fired, if any."""
        event["id"] = next(self._ids)
        _plain(event)
        engine, host = _durable()
        with _LOCK:
            self._fired.clear()
            try:
                host.post(rs.name, event)
            except engine.MessageNotHandledException:
                pass
            fired = list(self._fired)
            self._fired.clear()
        self.posts += 1
        errors = [str(x) for r, x in fired if r == "!error"]
        if errors:
            raise UsageError(f"a durable-rules action failed: {errors[0]}")
        if len(fired) > 1 or (fired and fired[0][1] != event["id"]):
            raise UsageError(f"durable-rules ran unexpected actions {fired} for event {event['id']}")
        return fired[0][0] if fired else None

    # ------------------------------------------------------------------------------------------ public API
    def post(self, event: Event | Mapping[str, Any]) -> list[dict[str, Any]]:
        """Process one event; returns the notices completed by it (checks of earlier days it made final)."""
        if not isinstance(event, Event):
            event = parse_event(event, calendar=self.calendar)
        with self._lock:
            start = len(self._notices)
            self._process(event)
            return sorted(self._notices[start:], key=_notice_key)

    def finish(self, until: date | None = None) -> list[dict[str, Any]]:
        """Run the checks up to ``until`` (default: the latest date seen); returns the notices completed."""
        with self._lock:
            start = len(self._notices)
            target = until if until is not None else self._last
            if target != date.min:
                self._advance_all(target)
            return sorted(self._notices[start:], key=_notice_key)

    @property
    def notices(self) -> list[dict[str, Any]]:
        """Every notice so far, in (date, member, trigger, ...) order."""
        with self._lock:
            return sorted(self._notices, key=_notice_key)

    def status(self, member_id: str) -> str:
        """The member's status as the monitor concluded it (active, suspended, lapsed, resigned, dead)."""
        with self._lock:
            return self._track(member_id).status

    def elderly_due(self, member_id: str) -> dict[str, bool]:
        """Per elderly benefit: whether its eligibility condition holds, as the monitor concluded it."""
        with self._lock:
            return dict(sorted(self._track(member_id).elderly.items()))

    def member(self, member_id: str) -> Member:
        """The member's history so far as :class:`~swf_rules.core.history.Member` data."""
        with self._lock:
            return self._track(member_id).member()

    @property
    def member_ids(self) -> list[str]:
        with self._lock:
            return sorted(self._members)

    def _track(self, member_id: str) -> _Track:
        tr = self._members.get(member_id)
        if tr is None:
            raise UsageError(f"no member {member_id!r} in this monitor")
        return tr

    # ------------------------------------------------------------------------------------------ the clock
    def _schedule(self, tr: _Track, d: date | None, full: bool = True) -> None:
        """Evaluate ``tr`` on day ``d``; ``full=False``: only an instalment deadline passes that day."""
        if d is None or d <= max(tr.done, self._done):
            return
        o = d.toordinal()
        if full:
            tr.full.add(o)
        if o not in tr.pending_set:
            tr.pending_set.add(o)
            heapq.heappush(tr.pending, o)
            heapq.heappush(self._heap, (o, tr.member_id))

    def _run(self, tr: _Track, through: date) -> None:
        x = through.toordinal()
        while tr.pending and tr.pending[0] <= x:
            o = heapq.heappop(tr.pending)
            tr.pending_set.discard(o)
            d = date.fromordinal(o)
            full = o in tr.full
            if full:
                tr.full.discard(o)
            self._touch(tr, d, full)
            tr.done = max(tr.done, d)
        tr.done = max(tr.done, through)

    def _advance_all(self, through: date) -> None:
        x = through.toordinal()
        while self._heap and self._heap[0][0] <= x:
            o, mid = heapq.heappop(self._heap)
            self._run(self._members[mid], date.fromordinal(o))
        self._done = max(self._done, through)

    # ------------------------------------------------------------------------------------------ events
    def _problem(self, ev: Event, code: str, path: tuple = ("date",), **kw: Any) -> InputError:
        return InputError(locate([make_problem(code, path=path, **kw)], ev.file, ev.line, ev.text))

    def _process(self, ev: Event) -> None:
        d = ev.date
        if ev.type == "day":
            if d < self._done:
                raise self._problem(ev, "event-out-of-order", value=d.isoformat(), done=self._done.isoformat())
            self._last = max(self._last, d)
            self._advance_all(d)
            return
        assert ev.member_id is not None
        tr = self._members.get(ev.member_id)
        done = max(tr.done if tr else date.min, self._done)
        if d <= done:
            raise self._problem(ev, "event-out-of-order", value=d.isoformat(), done=done.isoformat())
        try:
            version = self.regulation.in_force(d)
        except LookupProblem as e:
            raise InputError(locate([replace(p, path=("date",)) for p in e.problems], ev.file, ev.line,
                                    ev.text)) from None
        if tr is None:
            if ev.type != "joined":
                raise self._problem(ev, "unknown-member", path=("member_id",), value=ev.member_id,
                                    hint=("the member's first event must be 'joined'",
                                          "เหตุการณ์แรกของสมาชิกต้องเป็น 'joined'"))
        else:
            self._run(tr, d - DAY)
            self._check(tr, ev, version)
        self._last = max(self._last, d)
        self._apply(tr, ev, version)

    def _check(self, tr: _Track, ev: Event, version: M.Version) -> None:
        d = ev.date
        if tr.died_on is not None and ev.type != "claim_filed":  # the beneficiary files after the death
            raise self._problem(ev, "event-after-death", value=d.isoformat(), died_on=tr.died_on.isoformat())
        t = ev.type
        if t == "joined":
            if tr.open and tr.status != "lapsed":
                raise self._problem(ev, "already-member", path=("type",), value=tr.member_id,
                                    since=tr.spell.start.isoformat())
            if ev.birth_date != tr.birth or ev.sex != tr.sex:
                raise self._problem(ev, "not-allowed", path=("birth_date" if ev.birth_date != tr.birth else "sex",),
                                    value=str(ev.birth_date if ev.birth_date != tr.birth else ev.sex),
                                    hint=("birth_date and sex must be those of the member's first 'joined' event",
                                          "birth_date และ sex ต้องตรงกับเหตุการณ์ 'joined' ครั้งแรกของสมาชิก"))
        elif t in ("instalment", "resigned") and not tr.open:
            raise self._problem(ev, "not-a-member", path=("member_id",), value=tr.member_id,
                                status=tr.status, since=(tr.spell.end or d).isoformat())
        if t == "instalment":
            monthly = version.membership.contribution.period == "month"
            assert ev.covers is not None
            if monthly != (len(ev.covers) == 7):
                raise self._problem(ev, "contribution-period", path=("covers",), value=ev.covers,
                                    period="monthly" if monthly else "yearly",
                                    expected="YYYY-MM" if monthly else "YYYY")
        elif t == "admission" and tr.stay is not None:
            raise self._problem(ev, "stay-already-open", value=d.isoformat(), since=tr.stay.isoformat())
        elif t == "discharge" and tr.stay is None:
            raise self._problem(ev, "no-open-stay", value=d.isoformat())
        elif t == "claim_filed":
            assert ev.event_date is not None and ev.benefit is not None
            try:
                v = self.regulation.in_force(ev.event_date)
            except LookupProblem as e:
                raise InputError(locate([replace(p, path=("event_date",)) for p in e.problems], ev.file, ev.line,
                                        ev.text)) from None
            if v.benefit(ev.benefit) is None:
                raise self._problem(ev, "unknown-benefit", path=("benefit",), value=ev.benefit,
                                    hint=("benefits: " + ", ".join(b.id for b in v.benefits),
                                          "สวัสดิการ: " + ", ".join(b.id for b in v.benefits)))

    def _apply(self, tr: _Track | None, ev: Event, version: M.Version) -> None:
        d = ev.date
        t = ev.type
        if tr is None:
            assert ev.member_id and ev.birth_date and ev.sex
            tr = self._members[ev.member_id] = _Track(ev.member_id, ev.birth_date, ev.sex, d)
            tr.done = max(d - DAY, self._done)
            self._schedule_thresholds(tr)
        elif t == "joined":  # re-joining after a lapse or a resignation
            old = tr.spell
            if old.end is None:  # lapsed: the spell ends on re-joining
                old.lapse_on = tr.ledger.lapse_on if tr.ledger and tr.ledger.spell is old else None
                old.end, old.end_reason = d, "lapsed"
            tr.spells.append(_Spell(d, first_paid=d if any(c[0] == d for c in tr.contributions) else None))
            tr.status = "active"
            tr.ledger = None
            tr.last_standing = None
            self._schedule_thresholds(tr)
        elif t == "instalment":
            assert ev.covers is not None and ev.amount is not None
            tr.contributions.append((d, ev.covers, ev.amount))
            led = tr.ledger
            current = led is not None and led.spell is tr.spell
            was_unpaid = current and ev.covers in led.unpaid  # type: ignore[union-attr]
            if led is not None:
                led.contribute(d, ev.covers, ev.amount)
            if tr.spell.first_paid is None:
                tr.spell.first_paid = d
                self._schedule_waiting_from_contribution(tr, d)
            tr.changed()
            if current and not (was_unpaid and ev.covers not in led.unpaid):  # type: ignore[union-attr]
                return  # arrears unchanged today; the next deadline's check is already scheduled
        elif t == "resigned":
            sp = tr.spell
            if tr.ledger is not None and tr.ledger.spell is sp:
                sp.lapse_on = tr.ledger.lapse_on
            sp.end, sp.end_reason = d, "resigned"
            if tr.status != "lapsed":
                tr.status = "resigned"
        elif t == "death":
            tr.died_on = d
            sp = tr.spell
            if sp.end is None:
                if tr.ledger is not None and tr.ledger.spell is sp:
                    sp.lapse_on = tr.ledger.lapse_on
                sp.end, sp.end_reason = d, "died"
            tr.status = "dead"
            self._track_claims(tr, "death", d, d, "death")
        elif t == "admission":
            tr.stay = d
            self._track_claims(tr, "admission", d, d, "sickness")
        elif t == "discharge":
            assert tr.stay is not None
            self._track_claims(tr, "discharge", tr.stay, d, "sickness")
            tr.stay = None
        elif t == "birth":
            self._track_claims(tr, "birth", d, d, "birth")
        elif t == "claim_filed":
            assert ev.benefit is not None and ev.event_date is not None
            tr.filed.add((ev.benefit, ev.event_date))
            c = tr.claims.get(f"{ev.benefit}:{ev.event_date.isoformat()}")
            if c is not None:
                del tr.claims[c.key]
        tr.changed()
        self._schedule(tr, d)

    # ------------------------------------------------------------------------------------------ scheduling
    def _schedule_thresholds(self, tr: _Track) -> None:
        """Days on which the elderly condition or the rules in force can change without an event."""
        sp = tr.spell
        for v in self.regulation.versions:
            self._schedule(tr, v.effective)
            for b in v.benefits:
                if b.kind != "elderly":
                    continue
                el = b.eligibility
                if el.age is not None and el.age.at == "event":
                    if el.age.min is not None:
                        self._schedule(tr, add_years(tr.birth, el.age.min))
                    if el.age.max is not None:
                        self._schedule(tr, add_years(tr.birth, el.age.max + 1))
                if el.tenure is not None:
                    self._schedule(tr, self._tenure_day(tr, el.tenure))
                w = el.waiting
                if w is not None and w.start != "first_contribution":
                    start = sp.start if w.start == "membership_start" else tr.spells[0].start
                    self._schedule(tr, add_period(start, days=w.days, months=w.months, years=w.years))

    def _schedule_waiting_from_contribution(self, tr: _Track, d: date) -> None:
        for v in self.regulation.versions:
            for b in v.benefits:
                w = b.eligibility.waiting
                if b.kind == "elderly" and w is not None and w.start == "first_contribution":
                    self._schedule(tr, add_period(d, days=w.days, months=w.months, years=w.years))

    @staticmethod
    def _prior_days(tr: _Track) -> int:
        total = 0
        for s in tr.spells[:-1]:
            ends = [e for e in (s.end, s.lapse_on) if e is not None]
            end = min(ends) if ends else s.start
            total += max((end - s.start).days, 0)
        return total

    def _tenure_day(self, tr: _Track, rule: M.TenureRule) -> date:
        """The first day of the current spell on which tenure reaches ``min_years`` (tenure only grows)."""
        start = tr.spell.start
        prior = self._prior_days(tr) if rule.membership == "cumulative" else 0

        def ok(d: date) -> bool:
            return tenure_years(prior + (d - start).days, d, rule.rounding) >= rule.min_years

        lo, hi = start, max(start, add_years(start, rule.min_years))
        while lo < hi:
            mid = lo + timedelta(days=(hi - lo).days // 2)
            if ok(mid):
                hi = mid
            else:
                lo = mid + DAY
        return lo

    def _track_claims(self, tr: _Track, event: str, event_date: date, d: date, kind: str) -> None:
        """Start the filing-deadline clock of every benefit of ``kind`` whose deadline starts with ``event``."""
        try:
            version = self.regulation.in_force(event_date)
        except LookupProblem:
            return
        for b in version.benefits:
            dl = b.deadline
            if b.kind != kind or dl is None:
                continue
            starts_at_end = dl.start == "end" and kind == "sickness"
            if event == "admission" and starts_at_end or event == "discharge" and not starts_at_end:
                continue
            if (b.id, event_date) in tr.filed:
                continue
            base = d if starts_at_end else event_date
            last = add_period(base, days=dl.days, months=dl.months, years=dl.years)
            key = f"{b.id}:{event_date.isoformat()}"
            tr.claims[key] = _Claim(key, b, event, event_date, last, version)
            self._schedule(tr, max(d, last - timedelta(days=self.notice_days)))
            self._schedule(tr, last + DAY)

    # ------------------------------------------------------------------------------------------ one day
    def _touch(self, tr: _Track, d: date, full: bool = True) -> None:
        """Evaluate one member on one day (every event of that day is known) and post what changed.  When only an
        instalment deadline passes (``full=False``) and the counters did not change, nothing else can have."""
        try:
            version = self.regulation.in_force(d)
        except LookupProblem:  # no rules in force that day: nothing is evaluated, the clock keeps going
            if tr.ledger is not None:
                self._schedule(tr, tr.ledger.next_change(), full=False)
            return
        rs = self._rulesets[self.regulation.fingerprint(version)]
        dn = day_number(d)
        led = None
        if tr.open or (tr.ledger is not None and tr.ledger.spell is tr.spell):
            led = tr.ledger_for(version.membership) if tr.open else tr.ledger
        changed = False
        if tr.open and led is not None:
            led.advance(d, tr.died_on)
            snap = (rs.name, len(led.unpaid), led.best, led.total, tr.status)
            if snap != tr.last_standing:
                changed = True
                if rs.standing:
                    rule = self._post(rs, {"t": "standing", "member": tr.member_id, "day": dn, "status": tr.status,
                                           "arrears": len(led.unpaid), "run": led.best, "total": led.total})
                    if rule is not None:
                        self._status_changed(tr, rule, d, version, rs, led)
                tr.last_standing = (rs.name, len(led.unpaid), led.best, led.total, tr.status)
            self._schedule(tr, led.next_change(), full=False)
        if not full and not changed:
            return
        for b in rs.elderly:
            self._check_elderly(tr, d, dn, b, version, rs, led)
        for c in sorted(tr.claims.values(), key=lambda c: c.key):
            left = (c.last_day - d).days
            if left < 0 or (left <= self.notice_days and not c.soon_sent):
                rule = self._post(rs, {"t": "deadline", "member": tr.member_id, "day": dn, "claim": c.key,
                                       "benefit": c.benefit.id, "days_left": left, "filed": 0,
                                       "soon_sent": int(c.soon_sent), "passed_sent": int(c.passed_sent)})
                if rule is not None:
                    self._deadline_notice(tr, c, rule, d, left)
        if tr.died_on == d and not tr.death_notified:
            if self._post(rs, {"t": "death", "member": tr.member_id, "day": dn}) == "died":
                tr.death_notified = True
                self._death_notices(tr, d, version)

    def _status_changed(self, tr: _Track, rule: str, d: date, version: M.Version, rs: _Ruleset,
                        led: _Ledger) -> None:
        new = rule[3:]
        old, tr.status = tr.status, new
        ms = version.membership
        la = ms.lapse_after
        n = None if la is None else (la.consecutive if la.consecutive is not None else la.total)
        values = {"arrears": len(led.unpaid), "missed_in_a_row": led.best, "missed_total": led.total,
                  "suspend_after": ms.suspend_after or None, "lapse_after": n or None,
                  "lapse_rule": None if la is None else ("consecutive" if la.consecutive is not None else "total"),
                  "previous_status": old}
        mid = tr.member_id
        if new == "suspended":
            en = f"member {mid} is suspended: {_n(len(led.unpaid), 'instalment')} in arrears (suspension from " \
                 f"{ms.suspend_after})"
            th = f"สมาชิก {mid} ถูกพักสิทธิ์: ค้างส่ง {len(led.unpaid)} งวด " \
                 f"(พักสิทธิ์เมื่อค้างส่ง {ms.suspend_after} งวด)"
        elif new == "lapsed":
            if values["lapse_rule"] == "consecutive":
                en = f"member {mid} has lapsed: {_n(led.best, 'instalment')} missed in a row (membership ends " \
                     f"after {n})"
                th = f"สมาชิก {mid} พ้นสภาพ: ขาดส่งติดต่อกัน {led.best} งวด (พ้นสภาพเมื่อขาดส่งติดต่อกัน {n} งวด)"
            else:
                en = f"member {mid} has lapsed: {_n(led.total, 'instalment')} missed in total (membership ends " \
                     f"after {n})"
                th = f"สมาชิก {mid} พ้นสภาพ: ขาดส่งรวม {led.total} งวด (พ้นสภาพเมื่อขาดส่งรวม {n} งวด)"
        else:
            en = f"member {mid} is active again: {_n(len(led.unpaid), 'instalment')} in arrears"
            th = f"สมาชิก {mid} กลับมามีสถานะปกติ: ค้างส่ง {len(led.unpaid)} งวด"
        self._emit(tr, _STATUS_TRIGGER[new], d, ms.clause, rs, en, th, values, None)

    def _check_elderly(self, tr: _Track, d: date, dn: int, b: M.Benefit, version: M.Version, rs: _Ruleset,
                       led: _Ledger | None) -> None:
        el = b.eligibility
        status = tr.status
        sp = None if status == "dead" else tr.spell
        age = tr.age(d)
        age_join = age_on(tr.birth, sp.start if sp is not None else d) if el.age is not None and \
            el.age.at == "joining" else 0
        tenure = 0
        if el.tenure is not None:
            if el.tenure.membership == "continuous":
                days = (d - sp.start).days if sp is not None and d >= sp.start else 0
            else:
                days = 0
                for s in tr.spells:
                    if s.start > d:
                        break
                    lapse_on = led.lapse_on if s is tr.spell and tr.open and led is not None else s.lapse_on
                    ends = [e for e in (s.end, lapse_on) if e is not None]
                    end = min(ends) if ends else None
                    last = d if end is None or end > d else end
                    days += max((last - s.start).days, 0)
            tenure = tr.tenure(days, d, el.tenure.rounding)
        waited = 0
        if el.waiting is not None:
            w = el.waiting
            start: date | None
            if w.start == "membership_start":
                start = sp.start if sp is not None else None
            elif w.start == "first_membership":
                start = tr.spells[0].start
            else:
                start = sp.first_paid if sp is not None else None
            waited = int(start is not None and d >= _served(start, w.days, w.months, w.years))
        arrears = len(led.unpaid) if led is not None and status in ("active", "suspended", "lapsed") else 0
        due = tr.elderly.get(b.id, False)
        snap = (rs.name, status, age, age_join, tenure, waited, arrears, due)
        if tr.last_elderly.get(b.id) == snap:
            return
        rule = self._post(rs, {"t": "elderly", "member": tr.member_id, "day": dn, "benefit": b.id,
                               "status": status, "age": age, "age_at_joining": age_join, "tenure": tenure,
                               "waited": waited, "arrears": arrears, "sex": tr.sex, "due": int(due)})
        if rule == f"elderly_due__{b.id}":
            tr.elderly[b.id] = True
            decision, problems = self._decide(tr, b, d)
            values = {"benefit": b.id, "age": age, "tenure_years": tenure if el.tenure is not None else None}
            mid = tr.member_id
            if decision is not None and decision["eligible"]:
                en = f"member {mid} is now eligible for \"{b.title.en}\": {decision['amount']} baht"
                th = f"สมาชิก {mid} มีสิทธิ์ได้รับสวัสดิการ \"{b.title.th}\" {decision['amount']} บาท"
            elif decision is not None:
                failing = ", ".join(r["check"] for r in decision["reasons"] if r["passed"] is False)
                en = f"member {mid} meets the age and membership conditions of \"{b.title.en}\", but the " \
                     f"decision is not payable (failing: {failing})"
                th = f"สมาชิก {mid} เข้าเกณฑ์อายุและการเป็นสมาชิกของสวัสดิการ \"{b.title.th}\" " \
                     f"แต่ยังไม่มีสิทธิ์รับเงิน (ไม่ผ่าน: {failing})"
            else:
                en = f"member {mid} meets the conditions of \"{b.title.en}\"; no decision: {', '.join(problems)}"
                th = f"สมาชิก {mid} เข้าเกณฑ์สวัสดิการ \"{b.title.th}\" แต่คำนวณไม่ได้: {', '.join(problems)}"
                values["decision_problems"] = problems
            self._emit(tr, "elderly_allowance_due", d, b.clause, rs, en, th, values, decision)
        elif rule == f"elderly_stop__{b.id}":
            tr.elderly[b.id] = False
        else:
            tr.elderly.setdefault(b.id, False)
        snap = (rs.name, status, age, age_join, tenure, waited, arrears, tr.elderly[b.id])
        tr.last_elderly[b.id] = snap

    def _deadline_notice(self, tr: _Track, c: _Claim, rule: str, d: date, left: int) -> None:
        b = c.benefit
        values = {"benefit": b.id, "event": c.event, "event_date": c.event_date.isoformat(),
                  "last_day": c.last_day.isoformat(), "days_left": left}
        last, ev = c.last_day, c.event_date
        if rule == "deadline_soon":
            c.soon_sent = True
            en = f"the claim for \"{b.title.en}\" (event of {ev.isoformat()}) must be filed by {last.isoformat()}: " \
                 f"{_n(left, 'day')} left"
            th = f"ต้องยื่นคำขอสวัสดิการ \"{b.title.th}\" (เหตุวันที่ {to_be(ev)}) ภายในวันที่ {to_be(last)} " \
                 f"เหลืออีก {left} วัน"
            trigger = "claim_deadline_soon"
        else:
            c.passed_sent = True
            del tr.claims[c.key]
            en = f"the deadline to claim \"{b.title.en}\" for the event of {ev.isoformat()} passed on " \
                 f"{last.isoformat()}; no claim was filed"
            th = f"พ้นกำหนดยื่นคำขอสวัสดิการ \"{b.title.th}\" สำหรับเหตุวันที่ {to_be(ev)} แล้ว " \
                 f"(กำหนดภายใน {to_be(last)}) ยังไม่มีการยื่นคำขอ"
            trigger = "claim_deadline_passed"
        self._emit(tr, trigger, d, b.clause, None, en, th, values, None, version=c.version)

    def _death_notices(self, tr: _Track, d: date, version: M.Version) -> None:
        rs = self._rulesets[self.regulation.fingerprint(version)]
        mid = tr.member_id
        benefits = [b for b in version.benefits if b.kind == "death"]
        if not benefits:
            self._emit(tr, "member_died", d, version.membership.clause, rs,
                       f"member {mid} died on {d.isoformat()}; the regulation has no death benefit",
                       f"สมาชิก {mid} เสียชีวิตวันที่ {to_be(d)} ระเบียบไม่มีสวัสดิการกรณีเสียชีวิต",
                       {"benefit": None}, None)
            return
        for b in benefits:
            decision, problems = self._decide(tr, b, d)
            values: dict[str, Any] = {"benefit": b.id}
            if decision is not None and decision["eligible"]:
                en = f"member {mid} died on {d.isoformat()}: \"{b.title.en}\" of {decision['amount']} baht is " \
                     f"payable to the beneficiary"
                th = f"สมาชิก {mid} เสียชีวิตวันที่ {to_be(d)}: สวัสดิการ \"{b.title.th}\" {decision['amount']} บาท " \
                     f"จ่ายให้ผู้รับผลประโยชน์"
            elif decision is not None:
                failing = ", ".join(r["check"] for r in decision["reasons"] if r["passed"] is False)
                en = f"member {mid} died on {d.isoformat()}: \"{b.title.en}\" is not payable (failing: {failing})"
                th = f"สมาชิก {mid} เสียชีวิตวันที่ {to_be(d)}: ไม่มีสิทธิ์ได้รับสวัสดิการ \"{b.title.th}\" " \
                     f"(ไม่ผ่าน: {failing})"
            else:
                en = f"member {mid} died on {d.isoformat()}: no decision for \"{b.title.en}\": {', '.join(problems)}"
                th = f"สมาชิก {mid} เสียชีวิตวันที่ {to_be(d)}: คำนวณสวัสดิการ \"{b.title.th}\" ไม่ได้: " \
                     f"{', '.join(problems)}"
                values["decision_problems"] = problems
            self._emit(tr, "member_died", d, b.clause, rs, en, th, values, decision)

    def _decide(self, tr: _Track, b: M.Benefit, d: date) -> tuple[dict[str, Any] | None, list[str]]:
        """The core engine's decision for a claim of ``b`` on ``d`` (not filed yet): money is computed here."""
        try:
            claim = parse_claim({"claim_id": f"notice:{tr.member_id}:{b.id}:{d.isoformat()}",
                                 "member_id": tr.member_id, "benefit": b.id, "event_date": d.isoformat()})
            return self.engine.evaluate(tr.member(), claim).to_dict(), []
        except SwfError as e:
            return None, e.codes

    def _emit(self, tr: _Track, trigger: str, d: date, clause: str, rs: _Ruleset | None, en: str, th: str,
              values: dict[str, Any], decision: dict[str, Any] | None, version: M.Version | None = None) -> None:
        v = version if version is not None else (rs.version if rs is not None else self.regulation.in_force(d))
        self._notices.append({
            "member_id": tr.member_id, "trigger": trigger, "clause": clause, "date": d.isoformat(),
            "message": {"en": en, "th": th}, "values": values, "decision": decision,
            "regulation": {"fund": self.regulation.fund_id, "version": v.version,
                           "fingerprint": self.regulation.fingerprint(v)}})


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


_TRIGGER_ORDER = {t: i for i, t in enumerate(("member_died", "member_lapsed", "member_suspended",
                                               "member_reinstated", "elderly_allowance_due", "claim_deadline_soon",
                                               "claim_deadline_passed"))}


def _notice_key(n: Mapping[str, Any]) -> tuple:
    v = n.get("values") or {}
    return (n["date"], n["member_id"], _TRIGGER_ORDER.get(n["trigger"], 99), str(v.get("benefit")),
            str(v.get("event_date")), n["clause"])


def sort_notices(notices: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return sorted(notices, key=_notice_key)


__all__ = ["Event", "EventsUnavailable", "FIELDS", "FORMAT", "Monitor", "StreamItem", "available", "compile_rules",
           "day_number", "locate", "parse_event", "read_stream", "sort_notices"]
