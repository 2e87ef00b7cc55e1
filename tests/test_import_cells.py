"""Cells to the canonical ledger's text: every date format, both calendars, Excel serials and date cells, periods,
money (Thai digits, thousands separators, Excel numbers), whole numbers, and the refusals, with exact values."""

from __future__ import annotations

import datetime as dt

import pytest

from swf_rules.books._values import Bad
from swf_rules.books.importer._cells import Cells
from swf_rules.books.importer._xlsx import EXCEL_EPOCH_1904

BE = Cells("buddhist")
CE = Cells("gregorian")
UNDECLARED = Cells(None)


@pytest.mark.parametrize("cells, value, fmt, year_ok, expected", [
    (BE, "01/10/2562", "dd/mm/yyyy", False, "2019-10-01"),
    (BE, "1/10/2562", "dd/mm/yyyy", False, "2019-10-01"),
    (BE, "01-10-2562", "dd/mm/yyyy", False, "2019-10-01"),
    (BE, "01.10.2562", "auto", False, "2019-10-01"),
    (BE, "๐๑/๑๐/๒๕๖๒", "auto", False, "2019-10-01"),
    (BE, "29/02/2567", "auto", False, "2024-02-29"),
    (BE, "2562-10-01", "iso", False, "2019-10-01"),
    (BE, "2490", "yyyy", True, "1947"),
    (BE, "๒๔๙๐", "auto", True, "1947"),
    (BE, 2490, "auto", True, "1947"),
    (CE, "01/10/2019", "dd/mm/yyyy", False, "2019-10-01"),
    (CE, "2019-10-01", "auto", False, "2019-10-01"),
    (CE, "1947", "auto", True, "1947"),
    (UNDECLARED, "2019-10-01", "auto", False, "2019-10-01"),
    (BE, 43739, "excel_serial", False, "2019-10-01"),
    (BE, "43739", "excel_serial", False, "2019-10-01"),
    (BE, 43739.0, "excel_serial", False, "2019-10-01"),
    (CE, 1, "excel_serial", False, "1900-01-01"),
    (CE, 59, "excel_serial", False, "1900-02-28"),
    (CE, 61, "excel_serial", False, "1900-03-01"),
    (Cells("gregorian", EXCEL_EPOCH_1904), 0 + 1, "excel_serial", False, "1904-01-02"),
    (BE, dt.datetime(2019, 10, 1), "auto", False, "2019-10-01"),  # a date cell holds a day, whatever the calendar
    (BE, dt.datetime(2562, 10, 1), "auto", False, "2019-10-01"),  # a B.E. year typed into a date cell
    (CE, dt.date(2019, 10, 1), "dd/mm/yyyy", False, "2019-10-01"),
])
def test_dates(cells: Cells, value: object, fmt: str, year_ok: bool, expected: str) -> None:
    assert cells.date(value, fmt, year_ok) == expected


@pytest.mark.parametrize("cells, value, fmt, year_ok, code, params", [
    (BE, "01/10/2019", "auto", False, "import-calendar-contradiction",
     {"value": "01/10/2019", "year": 2019, "calendar": "buddhist", "calendar_th": "พุทธศักราช"}),
    (CE, "01/10/2562", "auto", False, "import-calendar-contradiction",
     {"value": "01/10/2562", "year": 2562, "calendar": "gregorian", "calendar_th": "คริสต์ศักราช"}),
    (UNDECLARED, "01/10/2562", "auto", False, "undeclared-buddhist-date", {"value": "01/10/2562", "year": 2562}),
    (CE, dt.datetime(2562, 10, 1), "auto", False, "import-calendar-contradiction",
     {"value": "01/10/2562", "year": 2562, "calendar": "gregorian", "calendar_th": "คริสต์ศักราช"}),
    (BE, "2490", "auto", False, "ledger-year-only", {"value": "2490"}),
    (BE, "01/10/2562", "iso", False, "import-date-format", {"value": "01/10/2562", "format": "iso"}),
    (BE, "2562-10-01", "dd/mm/yyyy", False, "import-date-format", {"value": "2562-10-01", "format": "dd/mm/yyyy"}),
    (BE, "10/01/62", "auto", False, "import-date-format", {"value": "10/01/62", "format": "auto"}),
    (BE, "30/02/2567", "auto", False, "bad-date", {"value": "30/02/2567"}),
    (BE, 43739, "auto", False, "import-date-format", {"value": "43739", "format": "auto"}),
    (CE, 60, "excel_serial", False, "import-bad-serial", {"value": "60", "low": 1, "high": 2958465}),
    (CE, 0, "excel_serial", False, "import-bad-serial", {"value": "0", "low": 1, "high": 2958465}),
    (CE, 43739.5, "excel_serial", False, "import-bad-serial", {"value": "43739.5", "low": 1, "high": 2958465}),
])
def test_date_refusals(cells: Cells, value: object, fmt: str, year_ok: bool, code: str, params: dict) -> None:
    with pytest.raises(Bad) as e:
        cells.date(value, fmt, year_ok)
    assert (e.value.code, e.value.params) == (code, params)


def test_date_hint_says_what_to_write() -> None:
    with pytest.raises(Bad) as e:
        BE.date("1 ต.ค. 62", "auto", True)
    assert e.value.hint == ("write dd/mm/yyyy, e.g. 01/10/2562, or the year alone",
                            "เขียนเป็น dd/mm/yyyy, เช่น 01/10/2562 หรือปีอย่างเดียว")


@pytest.mark.parametrize("value, fmt, expected", [
    ("10/2562", "mm/yyyy", "2019-10"), ("1/2563", "auto", "2020-01"), ("๑๐/๒๕๖๒", "auto", "2019-10"),
    ("2562-10", "iso", "2019-10"), ("2562", "auto", "2019"), (2562, "yyyy", "2019"),
    (dt.datetime(2562, 10, 1), "auto", "2019-10"),
])
def test_periods(value: object, fmt: str, expected: str) -> None:
    assert BE.period(value, fmt) == expected


def test_period_refusals() -> None:
    with pytest.raises(Bad) as e:
        BE.period("13/2562", "auto")
    assert (e.value.code, e.value.params) == ("ledger-bad-period", {"value": "13/2562"})
    with pytest.raises(Bad) as e:
        BE.period("10/2019", "auto")
    assert e.value.code == "import-calendar-contradiction"


@pytest.mark.parametrize("value, expected", [
    ("1,234.50", "1234.50"), ("30", "30"), ("๓๐", "30"), ("๑,๐๐๐ บาท", "1000"), ("฿ 250.00", "250"),
    (30, "30"), (30.0, "30"), (1234.5, "1234.50"), ("30,000.00", "30000"),
])
def test_money(value: object, expected: str) -> None:
    assert BE.money(value) == expected


@pytest.mark.parametrize("value, code", [
    ("30.555", "money-precision"), ("-30", "money-negative"), ("สามสิบ", "money-syntax"), ("1,23", "money-syntax"),
    (0.1 + 0.2, "money-precision"),
])
def test_money_refusals(value: object, code: str) -> None:
    with pytest.raises(Bad) as e:
        BE.money(value)
    assert e.value.code == code


def test_identifiers_and_numbers() -> None:
    assert Cells.text(" M๐๐๑ ", digits=True) == "M001"
    assert Cells.text(1234) == "1234"
    assert Cells.text(1234.0) == "1234"
    assert Cells.text("  ") is None
    with pytest.raises(Bad) as e:
        Cells.text(12.5)
    assert e.value.code == "import-number-cell"
    assert Cells.integer("๓") == "3"
    assert Cells.integer(2.0) == "2"
