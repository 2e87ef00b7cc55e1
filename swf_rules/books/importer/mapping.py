"""The import mapping: how a fund's workbook or CSV export becomes the canonical ledger (``ledger.yaml`` grown).

```yaml
fund: chamung
calendar: buddhist            # the calendar of every date and period written as text (gregorian | buddhist)
encoding: auto                # CSV files: auto | utf-8 | cp874 | tis-620
files:
  members:
    sheet: ทะเบียน            # a sheet of the workbook, or
    path: register.csv        # a file of the source folder (a .csv, or a workbook with `sheet`)
    header_row: 1             # the row holding the headers; the rows below it are data
    columns: {member_id: เลขที่สมาชิก, birth_date: วันเกิด}
    ignore: [ชื่อ-สกุล]
    dates: {birth_date: dd/mm/yyyy}
    values: {status: {ปกติ: active, ลาออก: resigned}}
    fixed: {}                 # a field the source does not hold, the same on every row
  accounts:                   # a register may be spread over several sheets or files: a list
    - {sheet: รายรับ, columns: {...}}
    - {sheet: รายจ่าย, columns: {...}}
```

Every key is optional except where a register is; problems in the mapping are located in the YAML, all at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...core.errors import InputError, Problem, RegulationError
from ...core.load import Document, load_yaml_file
from ..columns import ALL_KINDS, DETAILS_PREFIX, FIELDS, FUND_ID, IDENTIFIER, column_hint
from ._encoding import ENCODINGS

DATE_FORMATS = ("auto", "dd/mm/yyyy", "iso", "yyyy", "mm/yyyy", "excel_serial")
"""How a column's dates are written: ``dd/mm/yyyy`` (also ``d/m/yyyy`` and ``-`` or ``.`` between), ``iso``
(``yyyy-mm-dd``), ``yyyy`` (the year alone: year precision), ``mm/yyyy`` (a month: instalment periods),
``excel_serial`` (Excel's day number), and ``auto``: ``dd/mm/yyyy`` or ``iso`` for days, ``mm/yyyy``,
``yyyy-mm`` or ``yyyy`` for periods; a year alone where the register allows one.  An Excel date cell is always
read as the day it holds."""

PSEUDO_FIELDS = {"members": ("status",), "contributions": ("mark",)}
"""Fields the source may hold that the canonical ledger does not: a member's status word (which sets
``left_reason``), an instalment's paid/missed mark (a missed one is not an instalment)."""

_TOP_KEYS = ("fund", "calendar", "encoding", "files")
_TABLE_KEYS = ("path", "sheet", "header_row", "encoding", "calendar", "columns", "ignore", "dates", "values", "fixed")


@dataclass
class TableSpec:
    """One sheet or file holding (part of) one register."""

    kind: str
    path: str | None = None
    sheet: str | None = None
    header_row: int = 1
    encoding: str | None = None
    calendar: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # field -> header
    ignore: frozenset[str] = frozenset()
    dates: dict[str, str] = field(default_factory=dict)  # field -> format
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> {word: canonical value}
    fixed: dict[str, str] = field(default_factory=dict)  # field -> canonical text
    optional: bool = False  # the template's tables: absent sheets are empty registers

    def fields(self) -> tuple[str, ...]:
        return tuple(FIELDS[self.kind]) + PSEUDO_FIELDS.get(self.kind, ())


@dataclass
class ImportMapping:
    fund: str | None = None
    calendar: str | None = None
    encoding: str = "auto"
    tables: list[TableSpec] = field(default_factory=list)
    file: str | None = None


def read_mapping(path: str | Path) -> ImportMapping:
    """The mapping file, every problem in it raised at once (:class:`InputError`), located in the YAML."""
    try:
        doc = load_yaml_file(path)
    except RegulationError as e:
        raise InputError(e.problems) from None
    problems: list[Problem] = []
    data = doc.data if isinstance(doc.data, dict) else {}
    out = ImportMapping(file=str(path))
    _keys(doc, data, (), _TOP_KEYS, problems)
    fund = data.get("fund")
    if fund is not None and not (isinstance(fund, str) and FUND_ID.match(fund)):  # as ledger.yaml reads it
        problems.append(doc.problem("bad-identifier", ("fund",), value=str(fund)))
    else:
        out.fund = fund
    out.calendar = _calendar(doc, data.get("calendar"), ("calendar",), problems)
    enc = data.get("encoding", "auto")
    if enc not in ENCODINGS:
        problems.append(doc.problem("not-allowed", ("encoding",), value=str(enc),
                                    hint=("use auto, utf-8, cp874 or tis-620", "ใช้ auto, utf-8, cp874 หรือ tis-620")))
    else:
        out.encoding = enc
    files = data.get("files") or {}
    if not isinstance(files, dict):
        problems.append(doc.problem("not-a-mapping", ("files",), found=type(files).__name__))
        files = {}
    for kind, specs in files.items():
        if kind not in ALL_KINDS:
            problems.append(doc.problem("unknown-key", ("files", kind), at_key=True, key=kind, value=kind,
                                        hint=("files: " + ", ".join(ALL_KINDS), "ไฟล์: " + ", ".join(ALL_KINDS))))
            continue
        many = isinstance(specs, list)
        for i, spec in enumerate(specs if many else [specs]):
            at: tuple[Any, ...] = ("files", kind, i) if many else ("files", kind)
            t = _table(doc, kind, spec, at, problems)
            if t is not None:
                out.tables.append(t)
    if problems:
        raise InputError(problems)
    return out


def _keys(doc: Document, data: dict, at: tuple, allowed: tuple[str, ...], problems: list[Problem]) -> None:
    for k in data:
        if k not in allowed:
            problems.append(doc.problem("unknown-key", at + (k,), at_key=True, key=k, value=k,
                                        hint=column_hint(str(k), list(allowed))))


def _calendar(doc: Document, v: Any, at: tuple, problems: list[Problem]) -> str | None:
    if v is not None and v not in ("gregorian", "buddhist"):
        problems.append(doc.problem("unknown-calendar", at, value=str(v)))
        return None
    return v


def _table(doc: Document, kind: str, spec: Any, at: tuple, problems: list[Problem]) -> TableSpec | None:
    if isinstance(spec, str):
        spec = {"path": spec}
    if not isinstance(spec, dict):
        problems.append(doc.problem("not-a-mapping", at, found=type(spec).__name__))
        return None
    _keys(doc, spec, at, _TABLE_KEYS, problems)
    t = TableSpec(kind)
    for k in ("path", "sheet"):
        v = spec.get(k)
        if v is not None and not isinstance(v, str):
            problems.append(doc.problem("wrong-type", at + (k,), expected="text", found=type(v).__name__))
        else:
            setattr(t, k, v)
    hr = spec.get("header_row", 1)
    if isinstance(hr, bool) or not isinstance(hr, int) or hr < 1:
        problems.append(doc.problem("out-of-range", at + ("header_row",), value=str(hr), detail="a row number, 1 or more"))
    else:
        t.header_row = hr
    enc = spec.get("encoding")
    if enc is not None and enc not in ENCODINGS:
        problems.append(doc.problem("not-allowed", at + ("encoding",), value=str(enc)))
    else:
        t.encoding = enc
    t.calendar = _calendar(doc, spec.get("calendar"), at + ("calendar",), problems)
    fields = t.fields()

    def field_ok(f: Any, where: tuple) -> bool:
        if isinstance(f, str) and (f in fields or (kind == "payouts" and f.startswith(DETAILS_PREFIX)
                                                   and IDENTIFIER.match(f[len(DETAILS_PREFIX):]) is not None)):
            return True
        problems.append(doc.problem("unknown-key", where, at_key=True, key=str(f), value=str(f),
                                    hint=column_hint(str(f), list(fields))))
        return False

    for key in ("columns", "dates", "fixed"):
        m = spec.get(key) or {}
        if not isinstance(m, dict):
            problems.append(doc.problem("not-a-mapping", at + (key,), found=type(m).__name__))
            continue
        for f, v in m.items():
            if not field_ok(f, at + (key, f)):
                continue
            if key == "dates" and v not in DATE_FORMATS:
                problems.append(doc.problem("not-allowed", at + (key, f), value=str(v),
                                            hint=("formats: " + ", ".join(DATE_FORMATS),
                                                  "รูปแบบ: " + ", ".join(DATE_FORMATS))))
            elif isinstance(v, bool) or not isinstance(v, (str, int)) or v == "":
                problems.append(doc.problem("wrong-type", at + (key, f), expected="text", found=type(v).__name__))
            else:
                getattr(t, key)[f] = str(v)
    ignore = spec.get("ignore") or []
    if not isinstance(ignore, list) or not all(isinstance(x, str) for x in ignore):
        problems.append(doc.problem("wrong-type", at + ("ignore",), expected="a list of column names",
                                    found=type(ignore).__name__))
    else:
        t.ignore = frozenset(ignore)
    vals = spec.get("values") or {}
    if not isinstance(vals, dict):
        problems.append(doc.problem("not-a-mapping", at + ("values",), found=type(vals).__name__))
        vals = {}
    for f, table in vals.items():
        if not field_ok(f, at + ("values", f)):
            continue
        if not isinstance(table, dict):
            problems.append(doc.problem("not-a-mapping", at + ("values", f), found=type(table).__name__))
            continue
        t.values[f] = {str(w).strip(): str(v) for w, v in table.items()
                       if not isinstance(v, (dict, list)) and v is not None}
    return t
