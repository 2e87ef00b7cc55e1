"""Reading a ledger's tables as columns (pyarrow): record batches of CSV or Parquet files with their row numbers,
the header checked, each distinct text converted once, and the vouchers as :class:`~swf_rules.books.PayoutRow`
values.  Anything the checking readers would report raises :class:`_Reject` (see :mod:`.books`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from ..books import FIELDS, PayoutRow
from ..books._payouts import _looks_numeric
from ..books._values import Bad, Values
from ..books.columns import DETAILS_PREFIX, IDENTIFIER
from ..core.dates import normalise_digits
from ..core.errors import Problem, make_problem

_BATCH = 1 << 21  # bytes of CSV per block read (pyarrow holds about 80 blocks' worth while reading)


class _Reject(Exception):
    """The books are not plainly valid: the checking reader must read (and report) them."""


def _batches(spec: Any, kind: str, members: tuple[str | None, str | None] = (None, None)) -> Iterator[Any]:
    """``(rows before, batch)``: record batches of the file, every column as read (CSV: text), each with the
    number of data rows of the file before it; the header must name known fields only.  ``members``: a Parquet
    file's row groups whose member ids all fall outside ``[first, last)`` are skipped."""
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq
    try:
        if spec.format == "parquet":
            f = pq.ParquetFile(str(spec.path))
            _check_header(f.schema_arrow.names, kind)
            starts = [0]
            for g in range(f.num_row_groups):
                starts.append(starts[-1] + f.metadata.row_group(g).num_rows)
            for g in _row_groups(f, members):
                before = starts[g]
                for batch in f.iter_batches(batch_size=1 << 20, row_groups=[g]):
                    yield before, batch
                    before += batch.num_rows
            return
        names = pcsv.open_csv(str(spec.path), read_options=pcsv.ReadOptions(block_size=1 << 16)).schema.names
        _check_header(names, kind)
        reader = pcsv.open_csv(str(spec.path), read_options=pcsv.ReadOptions(block_size=_BATCH, use_threads=False),
                               convert_options=pcsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                                   strings_can_be_null=False))
        before = 0
        for batch in reader:
            yield before, batch
            before += batch.num_rows
    except (pa.ArrowException, OSError, UnicodeError):
        raise _Reject from None


def _one_row_per_line(path: Path) -> bool:
    """Whether a CSV file has no empty line (pyarrow's reader skips them, the checking reader counts them): then
    its n-th data row is on line n + 1, where the checking reader locates it.  (A value spanning lines cannot be
    an instalment's: it is refused before.)"""
    prev = b"\n"
    with open(path, "rb") as f:
        while True:
            block = f.read(1 << 20)
            if not block:
                return True
            text = prev + block
            if b"\n\n" in text or b"\n\r\n" in text:
                return False
            prev = text[-2:]


class _Located:
    """What :func:`swf_rules.books._contributions._irregular` needs of a source: its file, to locate a notice."""

    def __init__(self, file: str):
        self.file = file

    def problem(self, code: str, line: int | None, col: int | None, **kw: Any) -> Problem:
        return make_problem(code, file=self.file, line=line, col=col, **kw)


def _row_groups(f: Any, members: tuple[str | None, str | None]) -> list[int]:
    """The row groups that may hold members in ``[first, last)`` (by the member_id column's statistics)."""
    first, last = members
    col = f.schema_arrow.names.index("member_id")
    out = []
    for g in range(f.num_row_groups):
        st = f.metadata.row_group(g).column(col).statistics
        if st is not None and st.has_min_max and ((first is not None and st.max < first) or
                                                  (last is not None and st.min >= last)):
            continue
        out.append(g)
    return out


def _check_header(names: list[str], kind: str) -> None:
    fields = FIELDS[kind]
    if len(set(names)) != len(names) or any(n != n.strip() for n in names):
        raise _Reject
    for n in names:
        if n not in fields and not (kind == "payouts" and n.startswith(DETAILS_PREFIX)
                                    and IDENTIFIER.match(n[len(DETAILS_PREFIX):])):
            raise _Reject
    if any(req and f not in names for f, req in fields.items()):
        raise _Reject


def _unique(col: Any) -> tuple[list[Any], np.ndarray]:
    """The distinct values of a column and each row's index among them."""
    import pyarrow as pa
    import pyarrow.compute as pc
    enc = pc.dictionary_encode(col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col)
    if enc.null_count:
        values = enc.dictionary.to_pylist() + [None]
        idx = enc.indices.fill_null(len(values) - 1)
    else:
        values, idx = enc.dictionary.to_pylist(), enc.indices
    return values, np.asarray(idx, dtype=np.int64)


def _convert(values: list[Any], fn: Any) -> list[Any]:
    try:
        return [fn(v) for v in values]
    except (Bad, ValueError, ArithmeticError, TypeError):
        raise _Reject from None


def _text(V: Values, raw: Any) -> Any:
    return V.text(raw) if raw is not None and raw != "" else None


def _day(V: Values, raw: Any) -> int:
    if raw is None or raw == "":
        return 0
    if isinstance(raw, date):
        return raw.toordinal()
    got = V.date(raw, False)
    return 0 if got is None else got[0].toordinal()


# ---------------------------------------------------------------------------------------------- payouts
_DATES = ("event_date", "end_date", "filed_on", "paid_on", "decided_on")


def _payouts(spec: Any, cal: str, index: Any) -> Iterator[list[PayoutRow]]:
    """Every voucher checked column-wise, a batch at a time, as :class:`PayoutRow` values (line numbers as the
    file's rows)."""
    V = Values(cal)
    total = 0
    seen: set[str] = set()
    line = 1 if spec.format == "csv" else 0  # the header is line 1 of a CSV file; Parquet counts rows
    for _before, batch in _batches(spec, "payouts"):
        if not batch.num_rows:
            continue
        names = batch.schema.names
        cols: dict[str, list[Any]] = {}
        for i, name in enumerate(names):
            values, idx = _unique(batch.column(i))
            if name in ("payout_id", "member_id", "benefit", "event_ref", "meeting", "approver"):
                conv = _convert(values, lambda v: _text(V, v))
            elif name == "amount":
                conv = _convert(values, lambda v: None if v is None or v == "" else V.money(v))
            elif name in ("units", "children"):
                conv = _convert(values, lambda v: V.integer(v if not isinstance(v, int) else str(v)))
            elif name in _DATES:
                conv = _convert(values, lambda v: _day(V, v))
                conv = [date.fromordinal(x) if x else None for x in conv]
            else:  # a claim detail, as the checking reader keeps it
                conv = [None if v is None or v == "" else
                        (normalise_digits(v.strip()) if _looks_numeric(v) else v.strip()) for v in values]
            cols[name] = [conv[i] for i in idx.tolist()]
        n = batch.num_rows
        get = {f: cols.get(f, [None] * n) for f in FIELDS["payouts"]}
        for f in ("payout_id", "member_id", "benefit", "event_date", "amount"):
            if None in get[f]:
                raise _Reject
        if 0 in get["children"] or not set(get["member_id"]) <= index.keys():
            raise _Reject
        ids = get["payout_id"]
        seen.update(ids)
        total += n
        if len(seen) != total:
            raise _Reject  # a repeated payout id
        for f in _DATES[1:]:
            if any(x is not None and x < ev for x, ev in zip(get[f], get["event_date"])):
                raise _Reject
        details = [(k[len(DETAILS_PREFIX):], cols[k]) for k in names if k.startswith(DETAILS_PREFIX)]
        dets = [{k: v[r] for k, v in details if v[r] is not None} for r in range(n)] if details else \
            [{} for _ in range(n)]
        yield list(map(PayoutRow, ids, get["member_id"], get["benefit"], get["event_date"], get["amount"],
                       get["end_date"], get["filed_on"], get["paid_on"], get["units"], get["children"],
                       get["event_ref"], dets, range(line + 1, line + 1 + n)))
        line += n
