"""A source cell to the canonical ledger's text: dates in the declared calendar and format, periods, money, whole
numbers, identifiers, and words looked up in value maps.

A converter knows nothing of where the cell is: a bad cell raises :class:`~swf_rules.books._values.Bad` (code,
parameters, hint saying what to write instead) and the caller adds the sheet and cell, or file, line and column.
Conversions are memoised by the cell's value (a book repeats the same dates, periods and amounts many times).
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from typing import Any

from ...core.dates import BE_OFFSET, BE_SUSPECT_YEAR, normalise_digits
from ...core.money import MoneyError, money_str, parse_money
from .._values import Bad

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_MY = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_YM = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^\d{4}$")
_SERIAL = re.compile(r"^\d+(?:\.0+)?$")
_MONEY_JUNK = re.compile(r"\s|บาท|฿")
_EXCEL_MAX = 2958465  # 9999-12-31

_CAL_TH = {"buddhist": "พุทธศักราช", "gregorian": "คริสต์ศักราช"}


class Cells:
    """The converters of one sheet or file (its calendar and the workbook's date system)."""

    def __init__(self, calendar: str | None, epoch: _dt.date = _dt.date(1899, 12, 30)):
        self.calendar = calendar
        self.epoch = epoch
        self._memo: dict[tuple, Any] = {}

    def _cached(self, key: tuple, fn: Any, *args: Any) -> str:
        r = self._memo.get(key)
        if r is None:
            try:
                r = fn(*args)
            except Bad as b:
                r = b
            if len(self._memo) < 100_000:
                self._memo[key] = r
        if isinstance(r, Bad):
            raise r
        return r

    # --- text and numbers
    @staticmethod
    def text(v: Any, digits: bool = False) -> str | None:
        """A cell as text (None when empty); an identifier's Thai digits read as digits."""
        if v is None:
            return None
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int):
            return str(v)
        if isinstance(v, float):
            if v.is_integer():
                return str(int(v))
            raise Bad("import-number-cell", value=repr(v), field="this column",
                      hint=("format the column as text in the workbook", "จัดรูปแบบคอลัมน์เป็นข้อความ"))
        if isinstance(v, (_dt.date, _dt.datetime)):
            raise Bad("wrong-type", expected="text", found=f"a date ({v:%Y-%m-%d})")
        t = str(v).strip()
        if digits:
            t = normalise_digits(t)
        return t or None

    def money(self, v: Any) -> str:
        """Baht as canonical text (``1,234.50`` -> ``1234.50``); Thai digits, ``บาท`` and spaces allowed."""
        return self._cached(("m", type(v), v), self._money, v)

    @staticmethod
    def _money(v: Any) -> str:
        if isinstance(v, bool):
            raise Bad("money-syntax", value=str(v))
        if isinstance(v, float):  # an Excel number: its shortest exact text (what the cell shows)
            v = repr(v)
            if "e" in v or "E" in v:
                v = format(Decimal(v), "f")
        if isinstance(v, str):
            v = _MONEY_JUNK.sub("", normalise_digits(v))
        try:
            d = parse_money(v)
        except MoneyError as e:
            raise Bad(e.code, value=str(v), hint=("write the amount in baht, e.g. 1,250.50",
                                                  "เขียนจำนวนเงินเป็นบาท เช่น 1,250.50")) from None
        return money_str(d) if d == d.quantize(Decimal("0.01")) else str(d)

    @staticmethod
    def integer(v: Any) -> str:
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        if isinstance(v, int) and not isinstance(v, bool):
            return str(v)
        t = normalise_digits(str(v).strip())
        if not t.isdigit():
            raise Bad("wrong-type", expected="a whole number", found=f"'{v}'", value=str(v))
        return t

    # --- dates
    def date(self, v: Any, fmt: str, year_ok: bool) -> str:
        """``YYYY-MM-DD`` (C.E.), or ``YYYY`` for a year alone where ``year_ok``."""
        return self._cached(("d", type(v), v, fmt, year_ok), self._date, v, fmt, year_ok)

    def _date(self, v: Any, fmt: str, year_ok: bool) -> str:
        if isinstance(v, (_dt.datetime, _dt.date)):
            d = v.date() if isinstance(v, _dt.datetime) else v
            if d.year > BE_SUSPECT_YEAR:  # a B.E. year typed into a date cell
                y = self._year(d.year, f"{d:%d/%m/%Y}")
                return self._make(y, d.month, d.day, f"{d:%d/%m/%Y}")
            return d.isoformat()
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            if fmt == "excel_serial":
                return self._serial(v)
            if fmt in ("yyyy", "auto") and float(v).is_integer() and 1000 <= v <= 9999:
                return self._year_only(str(int(v)), year_ok)
            raise Bad("import-date-format", value=str(v), format=fmt,
                      hint=("a number here is an Excel day number only if the mapping declares excel_serial",
                            "ตัวเลขในช่องนี้จะอ่านเป็นเลขวันที่ของ Excel เมื่อประกาศ excel_serial เท่านั้น"))
        t = normalise_digits(str(v).strip())
        if fmt == "excel_serial":
            if _SERIAL.match(t):
                return self._serial(float(t))
        elif fmt in ("iso", "auto") and (m := _ISO.match(t)):
            return self._make(self._year(int(m.group(1)), t), int(m.group(2)), int(m.group(3)), t)
        elif fmt in ("dd/mm/yyyy", "auto") and (m := _DMY.match(t)):
            return self._make(self._year(int(m.group(3)), t), int(m.group(2)), int(m.group(1)), t)
        if fmt in ("yyyy", "auto") and _YEAR.match(t):
            return self._year_only(t, year_ok)
        raise Bad("import-date-format", value=str(v), format=fmt, hint=self._hint(fmt, year_ok))

    def _year_only(self, t: str, year_ok: bool) -> str:
        y = self._year(int(t), t)
        if not year_ok:
            raise Bad("ledger-year-only", value=t, hint=("write the day as well, e.g. 01/10/2562",
                                                         "เขียนวันที่ให้ครบ เช่น 01/10/2562"))
        return f"{y:04d}"

    def _serial(self, n: float) -> str:
        if not float(n).is_integer() or not 1 <= n <= _EXCEL_MAX:
            raise Bad("import-bad-serial", value=str(n), low=1, high=_EXCEL_MAX)
        k = int(n)
        if self.epoch.year == 1899 and k == 60:  # Excel's 29 Feb 1900, a day that never was
            raise Bad("import-bad-serial", value=str(n), low=1, high=_EXCEL_MAX)
        if self.epoch.year == 1899 and k < 61:
            k += 1  # before Excel's phantom 29 Feb 1900
        return (self.epoch + _dt.timedelta(days=k)).isoformat()

    def _year(self, y: int, shown: str) -> int:
        """A year as written, in C.E.; a year that contradicts the declared calendar is refused, never guessed."""
        cal = self.calendar
        if cal == "buddhist":
            if y <= BE_SUSPECT_YEAR:
                raise Bad("import-calendar-contradiction", value=shown, year=y, calendar="buddhist",
                          calendar_th=_CAL_TH["buddhist"],
                          hint=(f"write the B.E. year ({y + BE_OFFSET} for {y}), or declare calendar: gregorian",
                                f"เขียนปีเป็นพุทธศักราช ({y + BE_OFFSET} แทน {y}) หรือประกาศ calendar: gregorian"))
            return y - BE_OFFSET
        if y > BE_SUSPECT_YEAR:
            if cal == "gregorian":
                raise Bad("import-calendar-contradiction", value=shown, year=y, calendar="gregorian",
                          calendar_th=_CAL_TH["gregorian"],
                          hint=(f"write the C.E. year ({y - BE_OFFSET}), or declare calendar: buddhist",
                                f"เขียนปีเป็นคริสต์ศักราช ({y - BE_OFFSET}) หรือประกาศ calendar: buddhist"))
            raise Bad("undeclared-buddhist-date", value=shown, year=y,
                      hint=("declare calendar: buddhist in the mapping", "ประกาศ calendar: buddhist ในไฟล์จับคู่"))
        return y

    @staticmethod
    def _make(y: int, m: int, d: int, shown: str) -> str:
        try:
            return _dt.date(y, m, d).isoformat()
        except ValueError:
            raise Bad("bad-date", value=shown, hint=("a day that exists, e.g. 28/02/2567", "วันที่ที่มีจริง เช่น 28/02/2567")) \
                from None

    def _hint(self, fmt: str, year_ok: bool) -> tuple[str, str]:
        be = self.calendar == "buddhist"
        ex = {"dd/mm/yyyy": "01/10/2562" if be else "01/10/2019", "iso": "2562-10-01" if be else "2019-10-01",
              "yyyy": "2490" if be else "1947", "excel_serial": "43739 (a day number)",
              "mm/yyyy": "10/2562" if be else "10/2019"}
        if fmt == "auto":
            text = "dd/mm/yyyy, e.g. " + ex["dd/mm/yyyy"] + (", or the year alone" if year_ok else "")
        else:
            text = f"{fmt}, e.g. {ex[fmt]}"
        return "write " + text, "เขียนเป็น " + text.replace("e.g.", "เช่น").replace(", or the year alone", " หรือปีอย่างเดียว")

    # --- instalment periods
    def period(self, v: Any, fmt: str) -> str:
        """``YYYY-MM`` or ``YYYY`` (C.E.)."""
        return self._cached(("p", type(v), v, fmt), self._period, v, fmt)

    def _period(self, v: Any, fmt: str) -> str:
        if isinstance(v, (_dt.datetime, _dt.date)):
            return self._date(v, "auto", False)[:7]
        if isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer():
            v = str(int(v))
        t = normalise_digits(str(v).strip())
        if fmt in ("mm/yyyy", "auto") and (m := _MY.match(t)):
            mo = int(m.group(1))
            y = self._year(int(m.group(2)), t)
        elif fmt in ("iso", "auto") and (m := _YM.match(t)):
            mo = int(m.group(2))
            y = self._year(int(m.group(1)), t)
        elif fmt in ("yyyy", "auto") and _YEAR.match(t):
            return f"{self._year(int(t), t):04d}"
        else:
            raise Bad("import-date-format", value=str(v), format="mm/yyyy" if fmt == "auto" else fmt,
                      hint=self._hint("mm/yyyy", False))
        if not 1 <= mo <= 12:
            raise Bad("ledger-bad-period", value=str(v))
        return f"{y:04d}-{mo:02d}"
