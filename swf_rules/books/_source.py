"""A ledger file's rows, CSV or JSON Lines, as values aligned to the ledger's fields.

The header (or each JSON object's keys) is checked against the fields and the manifest's column mapping: unknown,
duplicate and missing columns are reported; a row with a structural problem (wrong length, bad JSON) is reported
and yielded without values.  Each row knows the column of each field, so that the readers can locate the problems
they find in its values.
"""

from __future__ import annotations

import csv
import io
import json
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from ..core.errors import Problem, make_problem
from ..core.limits import MAX_LINE_BYTES, BoundedLines, LineTooLong, NumberTooLarge, json_float, json_int
from ..core.load import DuplicateKey, nan_literal, strict_pairs
from .columns import DETAILS_PREFIX, FIELDS, IDENTIFIER, column_hint
from .manifest import FileSpec
from ._values import Bad


@dataclass
class Row:
    line: int
    vals: list[Any]  # aligned with the source's field list; None or "" = absent
    details: dict[str, Any]
    col: Callable[[int], int]  # field index -> column (1-based)
    detail_col: Callable[[str], int]


class Source:
    """A file's rows as values aligned to the ledger fields, with header problems collected."""

    def __init__(self, spec: FileSpec, problems: list[Problem]):
        self.spec = spec
        self.file = str(spec.path)
        self.fields = list(FIELDS[spec.kind])
        self.problems = problems
        self.ok = True

    def problem(self, code: str, line: int | None, col: int | None, **kw: Any) -> Problem:
        return make_problem(code, file=self.file, line=line, col=col, **kw)

    def located(self, bad: Bad, line: int, col: int) -> Problem:
        """The problem a value converter found (it does not know where the value was), at ``line``, ``col``."""
        return self.problem(bad.code, line, col, hint=bad.hint, **bad.params)

    def rows(self) -> Iterator[Row]:
        """Every row as values aligned to the ledger fields (a row with a structural problem has no values)."""
        if self.spec.format == "parquet":
            return self._parquet()
        return self._open(self._csv if self.spec.format == "csv" else self._jsonl)

    def _parquet(self) -> Iterator[Row]:
        """A Parquet file's rows as the text a CSV file would hold (typed dates in the file's calendar); the row
        number stands for the line (:mod:`swf_rules.books.parquet`)."""
        from ._parquet_rows import ParquetUnreadable, text_batches
        batches = text_batches(self.spec.path, self.spec.calendar or "gregorian")
        n = 0
        limit = MAX_LINE_BYTES
        try:
            if not self.check_header(next(batches)):
                return
            for batch in batches:
                for row in batch:
                    n += 1
                    if sum(len(x) for x in row if x is not None) + len(row) > limit:  # longer than a CSV line may be
                        self.problems.append(LineTooLong(n, limit).problem(self.file))
                        self.ok = False
                        return
                    vals = [row[j] if j is not None else None for j in self.idxs]
                    details = {k: row[j] for k, j in self.details_items if row[j] not in (None, "")}
                    yield Row(n, vals, details, self.colfn, self.dcol)
        except FileNotFoundError:
            self.problems.append(make_problem("file-not-found", file=self.file))
            self.ok = False
        except ParquetUnreadable as e:
            self.problems.append(make_problem("parquet-unreadable", file=self.file, line=n + 1 if n else None,
                                              detail=str(e)))
            self.ok = False

    def _open(self, fn: Callable[[Any], Iterator[Any]]) -> Iterator[Any]:
        with self.opened() as f:
            if f is not None:
                yield from fn(f)

    @contextmanager
    def opened(self) -> Iterator[Any]:
        """The file's lines as UTF-8 text (:class:`~swf_rules.core.limits.BoundedLines`: a line longer than the
        limit is dropped unread and yielded as None), or None when there is no such file (``file-not-found``
        reported).  A byte that is not UTF-8, a CSV quote left open past the limit or a file the system will not
        read end the reading with a located problem instead of an exception."""
        from ..core.errors import SwfError
        from ..core.limits import open_limited
        try:
            raw = open_limited(self.spec.path)
        except SwfError as e:
            self.problems.extend(e.problems)
            self.ok = False
            yield None
            return
        f = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        lines = BoundedLines(f)
        with f:
            try:
                yield lines
            except UnicodeDecodeError as e:
                self.problems.append(make_problem("not-utf8", file=self.file, byte=f"0x{e.object[e.start]:02x}",
                                                  hint=("save the file as UTF-8", "บันทึกไฟล์เป็น UTF-8")))
                self.ok = False
            except LineTooLong as e:
                self.problems.append(e.problem(self.file))
                self.ok = False
            except csv.Error as e:
                self.problems.append(make_problem("csv-syntax", file=self.file, line=lines.line, col=1,
                                                  detail=str(e)))
                self.ok = False
            except OSError as e:
                self.problems.append(make_problem("file-unreadable", file=self.file,
                                                  detail=e.strerror or type(e).__name__))
                self.ok = False

    def _field_of(self, name: str, inverse: dict[str, str]) -> str | None:
        """The ledger field a column holds: mapped explicitly, or named as the field (unless that field is mapped
        to another column)."""
        if name in inverse:
            return inverse[name]
        if name in self.spec.columns:
            return None
        return name

    # --- CSV
    def _csv(self, f: Any) -> Iterator[Row]:
        for line, row in self._csv_raw(f):
            if row is None:
                yield Row(line, [], {}, self.colfn, self.dcol)  # marks the row bad
                continue
            vals = [row[j] if j is not None else "" for j in self.idxs]
            details = {k: row[j] for k, j in self.details_items if row[j] != ""}
            yield Row(line, vals, details, self.colfn, self.dcol)

    def _csv_raw(self, f: Any) -> Iterator[tuple[int, list[str] | None]]:
        reader = self.csv_reader(f)
        if reader is None:
            return
        ncols = self.ncols
        prev = reader.line_num
        for row in reader:
            line = prev + 1
            prev = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # blank line
            if len(row) != ncols:
                self.problems.append(self.problem("ledger-row-length", line, 1, found=len(row), expected=ncols))
                yield line, None
                continue
            yield line, row

    def csv_reader(self, f: Any) -> Any:
        """A csv reader past a checked header (``self.idxs``, ``self.ncols`` set), or None if the header is bad."""
        reader = csv.reader(f.strict() if isinstance(f, BoundedLines) else f)
        try:
            header = next(reader)
        except StopIteration:
            self.problems.append(self.problem("empty-file", 1, 1))
            self.ok = False
            return None
        return reader if self.check_header(header) else None

    def check_header(self, header: list[str]) -> bool:
        """Check the column names against the fields and the manifest's mapping (``self.idxs``, ``self.ncols``
        set), every problem reported."""
        header = [h.strip() for h in header]
        inverse = {src: fld for fld, src in self.spec.columns.items()}
        seen: dict[str, int] = {}
        index: dict[str, int] = {}
        detail_index: dict[str, int] = {}
        for i, h in enumerate(header):
            if h in seen:
                self.problems.append(self.problem("ledger-duplicate-column", 1, i + 1, value=h, first_col=seen[h]))
                self.ok = False
                continue
            seen[h] = i + 1
            if h in self.spec.ignore:
                continue
            fld = self._field_of(h, inverse)
            if fld in FIELDS[self.spec.kind]:
                index[fld] = i
            elif self.spec.kind == "payouts" and fld is not None and fld.startswith(DETAILS_PREFIX) \
                    and IDENTIFIER.match(fld[len(DETAILS_PREFIX):]):
                detail_index[fld[len(DETAILS_PREFIX):]] = i
            else:
                self.problems.append(self.problem("ledger-unknown-column", 1, i + 1, value=h,
                                                  hint=column_hint(h, self.fields)))
                self.ok = False
        for fld, req in FIELDS[self.spec.kind].items():
            if req and fld not in index:
                src = self.spec.columns.get(fld, fld)
                self.problems.append(self.problem("ledger-missing-column", 1, 1, field=src))
                self.ok = False
        if not self.ok:
            return False
        idxs = [index.get(fld) for fld in self.fields]
        self.ncols = len(header)
        self.idxs = idxs
        self.details_items = sorted(detail_index.items())

        def colfn(i: int, _idxs: list[int | None] = idxs) -> int:
            j = _idxs[i]
            return (j + 1) if j is not None else 1

        def dcol(name: str) -> int:
            return detail_index[name] + 1

        self.colfn, self.dcol = colfn, dcol
        return True

    # --- JSON Lines
    def _jsonl(self, f: Any) -> Iterator[Row]:
        inverse = {src: fld for fld, src in self.spec.columns.items()}
        fields = self.fields
        pos = {fld: i for i, fld in enumerate(fields)}
        src_names = [self.spec.columns.get(fld, fld) for fld in fields]
        details_key = self.spec.columns.get("details", "details")
        for n, text in enumerate(f, 1):
            if text is None:
                self.problems.append(LineTooLong(n, f.limit).problem(self.file))
                yield Row(n, [], {}, lambda i: 1, lambda s: 1)
                continue
            if not text.strip():
                continue

            def col_of(key: str, _t: str = text) -> int:
                i = _t.find(json.dumps(key, ensure_ascii=False))
                return i + 1 if i >= 0 else 1

            try:
                obj = json.loads(text, object_pairs_hook=strict_pairs, parse_float=json_float, parse_int=json_int,
                                 parse_constant=nan_literal)
            except NumberTooLarge as big:
                self.problems.append(big.problem(text, file=self.file, line=n))
                yield Row(n, [], {}, lambda i: 1, lambda s: 1)
                continue
            except DuplicateKey as d:
                k = json.dumps(d.key, ensure_ascii=False)
                second = text.find(k, text.find(k) + 1)
                self.problems.append(self.problem("duplicate-key", n, second + 1 if second >= 0 else 1, key=d.key,
                                                  first_line=n))
                yield Row(n, [], {}, lambda i: 1, lambda s: 1)
                continue
            except json.JSONDecodeError as e:
                self.problems.append(self.problem("json-syntax", n, e.colno, detail=e.msg))
                yield Row(n, [], {}, lambda i: 1, lambda s: 1)
                continue
            if not isinstance(obj, dict):
                self.problems.append(self.problem("not-a-mapping", n, 1, found=type(obj).__name__))
                yield Row(n, [], {}, lambda i: 1, lambda s: 1)
                continue
            vals: list[Any] = [None] * len(fields)
            details: dict[str, Any] = {}
            bad = False
            for k, v in obj.items():
                if k in self.spec.ignore:
                    continue
                fld = self._field_of(k, inverse)
                if fld in pos:
                    vals[pos[fld]] = v
                elif self.spec.kind == "payouts" and k == details_key:
                    if not isinstance(v, dict):
                        self.problems.append(self.problem("wrong-type", n, col_of(k), expected="an object",
                                                          found=type(v).__name__))
                        bad = True
                    else:
                        details = {dk: dv for dk, dv in v.items() if dv is not None}
                else:
                    self.problems.append(self.problem("ledger-unknown-column", n, col_of(k), value=k,
                                                      hint=column_hint(k, src_names)))
                    bad = True
            if bad:
                yield Row(n, [], {}, lambda i: 1, lambda s: 1)
                continue

            def colfn(i: int, _c: Callable[[str], int] = col_of) -> int:
                return _c(src_names[i])

            def dcol(name: str, _c: Callable[[str], int] = col_of) -> int:
                return _c(name)

            yield Row(n, vals, details, colfn, dcol)
