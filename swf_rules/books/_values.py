"""Cell values to typed values: text, dates (B.E. or C.E., year-only), money, instalment periods, counts, choices.

A converter knows nothing of where the value is: a bad value raises :class:`Bad` (code, parameters, hint), and the
file reader that called it adds the file, line and column.  Converters memoise by the cell's text, since a ledger
repeats the same dates, amounts and periods many times.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from ..core import limits
from ..core.dates import BE_OFFSET, BE_SUSPECT_YEAR, DateTextError, normalise_digits, parse_date
from ..core.money import FloatLiteral, MoneyError, parse_money
from ..core.schedules import check_key
from .records import period_code


_YEAR = re.compile(r"^\d{4}$")
# YYYY, YYYY-MM (a one-digit month too); swf-rules/2: YYYY-MM-DD, YYYY-Www, YYYY-H1/H2
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?|-[Hh]([12])|-[Ww](\d{1,2}))?$")
_INT = re.compile(r"^\d+$")


class Bad(Exception):
    def __init__(self, code: str, hint: tuple[str, str] | None = None, **params: Any):
        self.code = code
        self.hint = hint
        self.params = params



class Values:
    """Converters with memo tables (a ledger repeats the same dates, amounts and periods many times)."""

    def __init__(self, calendar: str):
        self.calendar = calendar
        self._dates: dict[str, Any] = {}
        self._money: dict[str, Any] = {}
        self._periods: dict[str, Any] = {}

    @staticmethod
    def text(v: Any) -> str | None:
        if v is None:
            return None
        if isinstance(v, bool) or isinstance(v, (FloatLiteral, float)):
            raise Bad("wrong-type", expected="text", found=type(v).__name__)
        if isinstance(v, int):
            return str(v)
        if not isinstance(v, str):
            raise Bad("wrong-type", expected="text", found=type(v).__name__)
        v = normalise_digits(v.strip())
        bad = limits.control_character(v)
        if bad is not None:  # a NUL byte in an id must never reach findings.csv
            raise Bad("control-character", value=bad[0], char=bad[1])
        return v or None

    def date(self, v: Any, year_only: bool) -> tuple[date, int | None] | None:
        """(date, placeholder year or None); year-only dates give the first day of the year."""
        if v is None or v == "":
            return None
        if isinstance(v, int) and not isinstance(v, bool):
            v = str(v)
        if not isinstance(v, str):
            raise Bad("bad-date", value=str(v))
        r = self._dates.get(v)
        if r is None:
            r = self._dates[v] = self._parse_date(v)
        if r[0] == "err":
            raise Bad(r[1], **r[2])
        if r[2] is not None and not year_only:
            raise Bad("ledger-year-only", value=v.strip())
        return r[1], r[2]

    def _parse_date(self, v: str) -> tuple:
        t = normalise_digits(v.strip())
        if _YEAR.match(t):
            y = int(t)
            ce = self._ce_year(y)
            if ce is None:
                return ("err", "undeclared-buddhist-date", {"value": v.strip(), "year": y})
            y = ce
            if not 1 <= y <= 9999:
                return ("err", "bad-date", {"value": v.strip()})
            return ("ok", date(y, 1, 1), y)
        try:
            return ("ok", parse_date(t, self.calendar), None)
        except DateTextError as e:
            params = {k: str(x) for k, x in e.params.items()}
            params["value"] = v.strip()
            return ("err", e.code, params)

    def _ce_year(self, y: int) -> int | None:
        """A year written in the file's calendar as a C.E. year; None for a year that looks B.E. in a file that
        does not declare the Buddhist calendar (refused, not guessed: the rule of :func:`parse_date`)."""
        if self.calendar == "buddhist":
            return y - BE_OFFSET
        return None if y > BE_SUSPECT_YEAR else y

    def money(self, v: Any) -> Decimal:
        key = v if isinstance(v, str) else None
        if key is not None:
            r = self._money.get(key)
            if r is not None:
                if isinstance(r, Bad):
                    raise r
                return r
        try:
            d = parse_money(v)
            if not limits.money_ok(d):
                raise MoneyError("out-of-range", v)
        except MoneyError as e:
            shown = limits.escaped(limits.shown(str(v)))
            bad = Bad(e.code, value=shown, **(limits.money_bound_params() if e.code == "out-of-range" else {}))
            if key is not None:
                self._money[key] = bad
            raise bad from None
        if key is not None:
            self._money[key] = d
        return d

    def period(self, v: Any) -> int:
        if isinstance(v, int) and not isinstance(v, bool):
            v = str(v)
        if not isinstance(v, str):
            raise Bad("ledger-bad-period", value=str(v))
        r = self._periods.get(v)
        if r is None:
            r = self._periods[v] = self._parse_period(v)
        if isinstance(r, Bad):
            raise r
        return r

    def _parse_period(self, v: str) -> int | Bad:
        m = _PERIOD.match(normalise_digits(v.strip()))
        if not m:
            return Bad("ledger-bad-period", value=v)
        y = int(m.group(1))
        ce = self._ce_year(y)
        if ce is None:
            return Bad("undeclared-buddhist-date", value=v, year=y)
        y = ce
        month, day, half, week = m.group(2, 3, 4, 5)
        if month is None and half is None and week is None:
            return -y
        if month is not None and not 1 <= int(month) <= 12:
            return Bad("ledger-bad-period", value=v)
        if day is None and half is None and week is None:
            return y * 12 + int(month) - 1
        key = f"{y:04d}" + (f"-{int(month):02d}-{int(day):02d}" if day else f"-H{half}" if half else f"-W{int(week):02d}")
        if not check_key(y, key[5:7] if day else None, key[8:] if day else None, half, key[6:] if week else None):
            return Bad("ledger-bad-period", value=v)
        return period_code(key)

    @staticmethod
    def integer(v: Any) -> int | None:
        if v is None or v == "":
            return None
        if isinstance(v, bool) or isinstance(v, (FloatLiteral, float)):
            raise Bad("wrong-type", expected="a whole number", found=str(v), value=str(v))
        if isinstance(v, int):
            n = v
        elif isinstance(v, str):
            t = normalise_digits(v.strip())
            if t.startswith("-") and _INT.match(t[1:]):
                raise Bad("negative-units", value=v)
            if not _INT.match(t):
                raise Bad("wrong-type", expected="a whole number", found=f"'{limits.escaped(v)}'",
                          value=limits.escaped(v))
            if len(t) > limits.MAX_DIGITS:
                raise Bad("number-too-large", value=limits.shown(t), limit=limits.MAX_DIGITS)
            n = int(t)
        else:
            raise Bad("wrong-type", expected="a whole number", found=type(v).__name__)
        if n < 0:
            raise Bad("negative-units", value=str(v))
        return n

    @staticmethod
    def choice(v: Any, table: dict[str, str], what: str) -> str | None:
        if v is None or v == "":
            return None
        if not isinstance(v, str):
            raise Bad("wrong-type", expected="text", found=type(v).__name__)
        r = table.get(v.strip().lower())
        if r is None:
            opts = sorted(set(table.values()))
            raise Bad("not-allowed", value=v, hint=(f"{what}: use one of {opts}", f"{what}: ใช้ค่าใดค่าหนึ่งจาก {opts}"))
        return r
