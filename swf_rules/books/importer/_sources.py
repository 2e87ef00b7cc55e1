"""Where each register's rows are: a sheet of a workbook, a CSV file, or a folder of them, as the mapping says.

Each :class:`Table` yields its rows as ``(row number, cells, readable)`` from row 1: a workbook's cells as
openpyxl reads them (text, numbers, dates), a CSV file's as text decoded in its encoding (declared, or detected by
:mod:`._encoding`).  A CSV line that cannot be decoded is reported at its line and column and its row is marked
unreadable; nothing is read twice and nothing is held but the current row.
"""

from __future__ import annotations

import csv
import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ...core.errors import InputError, Problem, did_you_mean, make_problem
from ._encoding import SAMPLE, codec_of, detect
from ._xlsx import EXCEL_EPOCH_1900, Workbook
from .mapping import ImportMapping, TableSpec


@dataclass
class Table:
    """One sheet or CSV file, with the spec that says which register it holds and how."""

    spec: TableSpec
    file: str
    sheet: str | None
    path: Path
    workbook: Workbook | None = None
    encoding: str | None = None  # CSV: the codec, once known
    epoch: _dt.date = EXCEL_EPOCH_1900

    def where(self) -> str:
        return f"{self.file}:{self.sheet}" if self.sheet else self.file

    def problem(self, code: str, line: int | None, col: int | None, **kw: Any) -> Problem:
        return make_problem(code, file=self.file, sheet=self.sheet if line is not None else None,
                            line=line, col=col, **kw)

    def rows(self, problems: list[Problem]) -> Iterator[tuple[int, list[Any], bool]]:
        if self.workbook is not None:
            assert self.sheet is not None
            for n, cells in self.workbook.rows(self.sheet):
                yield n, cells, True
            return
        yield from self._csv_rows(problems)

    def _csv_rows(self, problems: list[Problem]) -> Iterator[tuple[int, list[Any], bool]]:
        enc = self.encoding
        assert enc is not None
        bad_lines: set[int] = set()
        with open(self.path, "rb") as raw:
            def lines() -> Iterator[str]:
                for n, b in enumerate(raw, 1):
                    if n == 1 and enc == "utf-8-sig" and b.startswith(b"\xef\xbb\xbf"):
                        b = b[3:]
                    try:
                        yield b.decode("utf-8" if enc == "utf-8-sig" else enc)
                    except UnicodeDecodeError as e:
                        col = len(b[:e.start].decode(enc, "replace")) + 1
                        problems.append(make_problem("import-bad-encoding", file=self.file, line=n, col=col,
                                                     byte=f"0x{b[e.start]:02x}",
                                                     encoding="UTF-8" if enc.startswith("utf") else enc))
                        bad_lines.add(n)
                        yield b.decode(enc, "replace")

            reader = csv.reader(lines())
            prev = 0
            for row in reader:
                first, prev = prev + 1, reader.line_num
                ok = not any(first <= n <= prev for n in bad_lines) if bad_lines else True
                yield first, row, ok


def open_tables(source: Path, mapping: ImportMapping, encoding: str | None, problems: list[Problem],
                failed: set[str] | None = None) -> list[Table]:
    """Every table the mapping names, opened; problems (missing sheets and files, unknown encodings) collected,
    and the registers whose tables could not be opened added to ``failed``."""
    failed = failed if failed is not None else set()
    before = len(problems)
    books: dict[Path, Workbook] = {}

    def workbook(p: Path) -> Workbook | None:
        if p not in books:
            try:
                books[p] = Workbook(p)
            except InputError as e:
                problems.extend(e.problems)
                return None
        return books[p]

    out: list[Table] = []
    base = source if source.is_dir() else source.parent
    for spec in mapping.tables:
        if len(problems) > before:
            failed.update(t.kind for t in mapping.tables[:mapping.tables.index(spec)] if t not in
                          [x.spec for x in out])
            before = len(problems)
        if spec.path is not None:
            path = base / spec.path
        elif source.is_dir():
            if spec.sheet is None:
                problems.append(make_problem("import-missing-source", file=str(source), path=(spec.kind,),
                                             kind=spec.kind, kind_th=spec.kind, expected="a path or sheet"))
                continue
            path = source / f"{spec.sheet}.csv"
            if not path.is_file() and spec.optional:
                continue
        else:
            path = source
        if not path.is_file():
            if not spec.optional:
                problems.append(make_problem("file-not-found", file=str(path)))
            continue
        suffix = path.suffix.lower()
        if suffix in (".xlsx", ".xlsm"):
            wb = workbook(path)
            if wb is None:
                continue
            sheet = spec.sheet or wb.sheets[0]
            if sheet not in wb.sheets:
                if not spec.optional:
                    problems.append(make_problem("import-missing-sheet", file=str(path), value=sheet,
                                                 hint=did_you_mean(sheet, wb.sheets,
                                                                   ("sheets: " + ", ".join(wb.sheets),
                                                                    "แผ่นงาน: " + ", ".join(wb.sheets)))))
                continue
            out.append(Table(spec, str(path), sheet, path, workbook=wb, epoch=wb.epoch))
        elif suffix in (".csv", ".txt"):
            enc = _encoding_of(path, encoding or spec.encoding or mapping.encoding, problems)
            if enc is not None:
                out.append(Table(spec, str(path), None, path, encoding=enc))
        else:
            problems.append(make_problem("import-unknown-format", file=str(path), value=path.name))
    if len(problems) > before:
        failed.update(t.kind for t in mapping.tables if t not in [x.spec for x in out])
    return out


def _encoding_of(path: Path, declared: str, problems: list[Problem]) -> str | None:
    if declared != "auto":
        return codec_of(declared)
    with open(path, "rb") as f:
        head = f.read(SAMPLE)
    enc, bad = detect(head)
    if enc is None:
        assert bad is not None
        line = head[:bad].count(b"\n") + 1
        col = bad - (head.rfind(b"\n", 0, bad) + 1) + 1
        problems.append(make_problem("import-unknown-encoding", file=str(path), line=line, col=col,
                                     byte=f"0x{head[bad]:02x}",
                                     hint=("declare it: --encoding cp874 (Thai Windows) or utf-8",
                                           "ระบุการเข้ารหัส: --encoding cp874 (Windows ภาษาไทย) หรือ utf-8")))
    return enc
