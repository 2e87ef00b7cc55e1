"""One event of a fund's stream: its fields by type, and :func:`parse_event`, which checks them.

An event is JSON-like data (``{"type": "instalment", "member_id": ..., "date": ..., "amount": ..., "covers": ...}``,
docs/events.md).  :func:`parse_event` turns it into an :class:`Event` with real dates (Buddhist Era dates are
converted here, under the stream's declared calendar) and ``Decimal`` amounts, or raises :class:`InputError` listing
every problem of the event, each located at ``file:line:col`` by :func:`locate`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any, Callable, Iterable, Mapping

from ..core.dates import BE_OFFSET, BE_SUSPECT_YEAR, DateTextError, normalise_digits, parse_date
from ..core import limits
from ..core.errors import InputError, Problem, make_problem
from ..core.money import MoneyError, parse_money

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
# type -> the field whose date must not be after the event's date
_NOT_AFTER_DATE = {"joined": "birth_date", "claim_filed": "event_date"}
# the fix for a Buddhist Era year in a stream that did not declare the Buddhist calendar
_DECLARE_BUDDHIST = ('declare the calendar in a header line: {"type": "header", "calendar": "buddhist"}',
                     'ประกาศปฏิทินในบรรทัดแรก: {"type": "header", "calendar": "buddhist"}')


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
        hint = _DECLARE_BUDDHIST if e.code == "undeclared-buddhist-date" else None
        problems.append(make_problem(e.code, path=(key,), value=str(v), hint=hint, **params))
        return None


def _text_field(data: Mapping[str, Any], key: str, problems: list[Problem]) -> str | None:
    v = data[key]
    if not isinstance(v, str) or not v.strip():
        problems.append(make_problem("wrong-type", path=(key,), expected="non-empty text",
                                     found=type(v).__name__ if v is not None else "null",
                                     value=None if isinstance(v, (dict, list)) else str(v)))
        return None
    bad = limits.control_character(v)
    if bad is not None:
        problems.append(make_problem("control-character", path=(key,), value=bad[0], char=bad[1]))
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
        year -= BE_OFFSET
    elif year > BE_SUSPECT_YEAR:
        problems.append(make_problem("undeclared-buddhist-date", path=("covers",), value=text, year=year,
                                     hint=_DECLARE_BUDDHIST))
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
        d = _cached_money(v) if isinstance(v, str) else parse_money(v)
    except MoneyError as e:
        problems.append(make_problem(e.code, path=("amount",), value=limits.escaped(str(e.value))))
        return None
    if not limits.money_ok(d):
        problems.append(make_problem("out-of-range", path=("amount",), value=limits.shown(str(v)),
                                     **limits.money_bound_params()))
        return None
    return d


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
    earlier = _NOT_AFTER_DATE.get(etype)
    if not problems and earlier is not None and values[earlier] > values["date"]:
        problems.append(make_problem("date-order", path=(earlier,), later="date",
                                     later_value=values["date"].isoformat(), earlier=earlier,
                                     earlier_value=values[earlier].isoformat()))
    if problems:
        raise InputError(locate(problems, file, line, text))
    return Event(type=etype, file=file, line=line, text=text, **values)


_OTHER: dict[str, Callable[[Any, list[Problem]], Any]] = {
    "sex": _sex_field, "amount": _amount_field, "benefit": _benefit_field, "children": _children_field}


def _IDENT(v: str) -> bool:
    return bool(v) and v[0].isascii() and v[0].islower() and all(
        c.isascii() and (c.islower() or c.isdigit() or c == "_") for c in v)
