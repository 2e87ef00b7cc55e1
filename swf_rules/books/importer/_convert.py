"""One register's tables converted, row by row, into the canonical ledger file, with every problem located at its
source cell.

Beside each canonical file a hidden *sidecar* file records, line for line, which table and row each canonical row
came from, so that a problem the ledger's own checks find later (a payment outside membership, a duplicate voucher)
can be reported at the source cell too (:func:`locate`).  Neither file is held in memory.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ...core.errors import Problem
from ..accounts import ACCOUNT_NAMES
from ..columns import COMMITTEE_FIELDS, DETAILS_PREFIX, FIELDS, YEAR_ONLY_FIELDS, column_hint
from .._registers import KIND_WORDS
from .._values import Bad
from ._cells import Cells
from ._sources import Table

DATE_FIELDS = frozenset({"birth_date", "joined", "left", "died_on", "date", "event_date", "end_date", "filed_on",
                         "paid_on", "decided_on"})
ID_FIELDS = frozenset({"member_id", "payout_id", "doc_no", "round", "event_ref", "national_id"})
INT_FIELDS = frozenset({"units", "children"})

BUILTIN_VALUES: dict[str, dict[str, str]] = {
    "sex": {"female": "female", "f": "female", "หญิง": "female", "ญ": "female", "male": "male", "m": "male",
            "ชาย": "male", "ช": "male"},
    "left_reason": {"resigned": "resigned", "ลาออก": "resigned", "lapsed": "lapsed", "พ้นสภาพ": "lapsed",
                    "died": "died", "เสียชีวิต": "died", "ตาย": "died", "expelled": "expelled", "ให้ออก": "expelled"},
    "status": {"active": "active", "ปกติ": "active", "เป็นสมาชิก": "active", "resigned": "resigned",
               "ลาออก": "resigned", "lapsed": "lapsed", "พ้นสภาพ": "lapsed", "died": "died", "เสียชีวิต": "died",
               "ตาย": "died", "expelled": "expelled", "ให้ออก": "expelled"},
    "mark": {"paid": "paid", "ส่ง": "paid", "✓": "paid", "/": "paid", "missed": "missed", "ขาด": "missed",
             "ขาดส่ง": "missed", "x": "missed", "-": "missed"},
    "kind": dict(KIND_WORDS),
}
_OPEN_VALUES = {"account": ACCOUNT_NAMES}  # used when they match; other names are kept as written


@dataclass
class Converted:
    """What converting one register gave: rows written, rows left out, and the ids of rows left out."""

    rows: int = 0
    bad_rows: int = 0
    bad_ids: set[str] = field(default_factory=set)  # member ids (members) or payout ids with a bad row
    tables: list[Table] = field(default_factory=list)
    colmaps: list[dict[str, int]] = field(default_factory=list)  # per table: canonical field -> source column
    header: list[str] = field(default_factory=list)


def read_header(t: Table, problems: list[Problem]) -> tuple[dict[str, int], set[str]] | None:
    """The table's columns: canonical field -> column number (1-based), and its ``details.*`` names; None (with
    the problems reported) when the header is unusable."""
    spec = t.spec
    header = None
    for n, cells, ok in t.rows(problems):
        if n == spec.header_row:
            if not ok:
                return None  # an undecodable header: its encoding problem is reported, nothing more is said
            header = cells
            break
    if header is None or not any(c not in (None, "") for c in header):
        problems.append(t.problem("import-missing-header", spec.header_row, 1, value=spec.header_row))
        return None
    inverse = {src.strip(): f for f, src in spec.columns.items()}
    colmap: dict[str, int] = {}
    details: set[str] = set()
    seen: dict[str, int] = {}
    ok = True
    fields = spec.fields()
    for i, h in enumerate(header, 1):
        name = "" if h is None else str(h).strip()
        if not name:
            continue
        if name in seen:
            problems.append(t.problem("ledger-duplicate-column", spec.header_row, i, value=name, first_col=seen[name]))
            ok = False
            continue
        seen[name] = i
        if name in spec.ignore:
            continue
        f = inverse.get(name, name if name not in spec.columns else None)
        if f in fields or (spec.kind == "payouts" and f is not None and f.startswith(DETAILS_PREFIX)):
            colmap[f] = i
            if f.startswith(DETAILS_PREFIX):
                details.add(f[len(DETAILS_PREFIX):])
        else:
            shown = [spec.columns.get(x, x) for x in fields]
            problems.append(t.problem("ledger-unknown-column", spec.header_row, i, value=name,
                                      hint=column_hint(name, shown)))
            ok = False
    for f, req in FIELDS[spec.kind].items():
        if req and f not in colmap and f not in spec.fixed:
            if f in spec.columns:
                problems.append(t.problem("ledger-missing-column", spec.header_row, 1, field=spec.columns[f]))
            else:
                problems.append(t.problem("import-not-mapped", spec.header_row, 1, field=f,
                                          hint=(f"map it: columns: {{{f}: <header>}}, or add a column '{f}'",
                                                f"ระบุ columns: {{{f}: <หัวคอลัมน์>}} หรือเพิ่มคอลัมน์ '{f}'")))
            ok = False
    return (colmap, details) if ok else None


class Writer:
    """The canonical file of one register and its sidecar (which table and row each line came from)."""

    def __init__(self, path: Path, header: list[str]):
        self.f: TextIO = open(path, "w", encoding="utf-8", newline="")
        self.side: TextIO = open(path.parent / f".{path.stem}.src", "w", encoding="utf-8")
        self.w = csv.writer(self.f, lineterminator="\n")
        self.w.writerow(header)
        self.n = 0

    def row(self, values: list[str], table: int, source_row: int) -> None:
        self.w.writerow(values)
        self.side.write(f"{table} {source_row}\n")
        self.n += 1

    def close(self) -> None:
        self.f.close()
        self.side.close()


def convert(kind: str, tables: list[Table], out: Path, problems: list[Problem], calendar: str | None,
            base: int = 0) -> Converted:
    """Convert every table of register ``kind`` into ``out/<kind>.csv``; every bad cell reported at its place."""
    res = Converted(tables=tables)
    heads = []
    for t in tables:
        h = read_header(t, problems)
        heads.append(h)
    detail_names = sorted(set().union(*(h[1] for h in heads if h is not None))) if heads else []
    used = set().union(*(h[0] for h in heads if h is not None)) if heads else set()
    header = [f for f in FIELDS[kind] if f not in COMMITTEE_FIELDS or f in used] + \
        [DETAILS_PREFIX + d for d in detail_names]  # the committee's columns only when the source has them
    res.header = header
    w = Writer(out / f"{kind}.csv", header)
    try:
        for ti, (t, h) in enumerate(zip(tables, heads)):
            res.colmaps.append(h[0] if h is not None else {})
            if h is None:
                continue
            _table_rows(kind, t, h[0], header, w, base + ti, problems, res, calendar)
    finally:
        w.close()
    res.rows = w.n
    return res


def _table_rows(kind: str, t: Table, colmap: dict[str, int], header: list[str], w: Writer, ti: int,
                problems: list[Problem], res: Converted, calendar: str | None) -> None:
    spec = t.spec
    cells = Cells(spec.calendar if spec.calendar is not None else calendar, t.epoch)
    fields = [f for f in spec.fields() if f in colmap or f in spec.fixed] + \
        [f for f in colmap if f.startswith(DETAILS_PREFIX)]
    maps = {f: {**BUILTIN_VALUES.get(f, {}), **spec.values.get(f, {})} for f in fields}
    for f in list(maps):
        if not maps[f]:
            del maps[f]
    pos = {f: i for i, f in enumerate(header)}
    plan = [(f, colmap.get(f), spec.fixed.get(f), _converter(kind, f, cells, maps, spec.dates.get(f, "auto")))
            for f in fields]
    for n, row, readable in t.rows(problems):
        if n <= spec.header_row:
            continue
        if not readable:
            res.bad_rows += 1
            continue
        if not any(c not in (None, "") and not (isinstance(c, str) and not c.strip()) for c in row):
            continue  # an empty row
        got: dict[str, str | None] = {}
        errs: list[Problem] = []
        width = len(row)
        for f, col, fixed, conv in plan:
            raw = fixed if col is None else (row[col - 1] if col <= width else None)
            if raw is None or raw == "":
                got[f] = None
                continue
            try:
                got[f] = conv(raw)
            except Bad as b:
                errs.append(t.problem(b.code, n, col or 1, hint=b.hint, **b.params))
        errs.extend(_row_rules(kind, t, n, colmap, got))
        key = got.get("member_id") if kind == "members" else got.get("payout_id") if kind == "payouts" else None
        if errs:
            problems.extend(errs)
            res.bad_rows += 1
            if key:
                res.bad_ids.add(key)
            continue
        if kind == "contributions" and got.pop("mark", None) == "missed":
            continue
        got.pop("status", None)
        out = [""] * len(header)
        for f, v in got.items():
            if v is not None and f in pos:
                out[pos[f]] = v
        w.row(out, ti, n)


def _converter(kind: str, f: str, cells: Cells, maps: dict[str, dict[str, str]], fmt: str) -> Any:
    """The converter of one column, memoised by the cell's value (a book repeats the same values many times)."""
    memo: dict[tuple, Any] = {}

    def conv(raw: Any) -> str | None:
        key = (raw.__class__, raw)
        try:
            r = memo[key]
        except KeyError:
            try:
                r = _cell(kind, f, raw, cells, maps, fmt)
            except Bad as b:
                r = b
            if len(memo) < 50_000:
                memo[key] = r
        except TypeError:  # an unhashable cell value
            r = _cell(kind, f, raw, cells, maps, fmt)
        if r.__class__ is Bad:
            raise r
        return r

    return conv


def _cell(kind: str, f: str, raw: Any, cells: Cells, maps: dict[str, dict[str, str]], fmt: str) -> str | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    table = maps.get(f)
    if table is not None:
        word = Cells.text(raw)
        assert word is not None
        v = table.get(word) or table.get(word.lower())
        if v is None and word in set(table.values()):
            v = word
        if v is None:
            opts = sorted(set(table))
            raise Bad("import-unmapped-value", value=word, field=f,
                      hint=(f"add it under values: {{{f}: {{{word}: ...}}}} in the mapping, or write one of: "
                            + ", ".join(opts),
                            f"เพิ่มใน values: {{{f}: {{{word}: ...}}}} ของไฟล์จับคู่ หรือเขียนค่าใดค่าหนึ่ง: "
                            + ", ".join(opts)))
        return v
    if f in DATE_FIELDS:
        return cells.date(raw, fmt, kind == "members" and f in YEAR_ONLY_FIELDS)
    if f == "covers":
        return cells.period(raw, fmt)
    if f == "amount":
        return cells.money(raw)
    if f in INT_FIELDS:
        return cells.integer(raw)
    if f in _OPEN_VALUES:
        t = Cells.text(raw)
        return _OPEN_VALUES[f].get(t or "", t)
    return Cells.text(raw, digits=f in ID_FIELDS)


def _row_rules(kind: str, t: Table, n: int, colmap: dict[str, int], got: dict[str, str | None]) -> list[Problem]:
    """What a row's status word or mark means for its other fields."""
    out: list[Problem] = []
    if kind == "members" and "status" in got:
        st = got.get("status")
        col = colmap.get("status", 1)
        if st == "active":
            if got.get("left"):
                out.append(t.problem("not-allowed", n, colmap.get("left", col), value=str(got["left"]),
                                     hint=("a member whose status is active has not left: clear the date or the "
                                           "status", "สมาชิกสถานะปกติยังไม่พ้นสมาชิก ให้ลบวันที่หรือแก้สถานะ")))
        elif st is not None:
            if got.get("left_reason") not in (None, st):
                out.append(t.problem("ledger-member-conflict", n, colmap.get("left_reason", col),
                                     value=str(got.get("member_id")), field="left_reason",
                                     found=str(got["left_reason"]), first=st, first_line=n))
            got["left_reason"] = st
            if not got.get("left") and st == "died" and got.get("died_on"):
                got["left"] = got["died_on"]
            if not got.get("left"):
                out.append(t.problem("missing-field", n, colmap.get("left", col), field="left",
                                     hint=("the day membership ended", "วันที่พ้นสมาชิก")))
    if kind == "contributions" and got.get("mark") == "paid":
        for f in ("date", "amount"):
            if not got.get(f):
                out.append(t.problem("missing-field", n, colmap.get(f, 1), field=f))
    return out
