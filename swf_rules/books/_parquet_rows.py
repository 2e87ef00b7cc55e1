"""Parquet ledger files read as rows of text, for the checking readers (:mod:`._source`): every typed value written
as a CSV file would hold it.  See :mod:`swf_rules.books.parquet` for the layout."""

from __future__ import annotations

import importlib.util
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator

from ..core.dates import to_be
from ..core.errors import InputError, make_problem


def pyarrow_modules() -> tuple[Any, Any]:
    """pyarrow and pyarrow.parquet, or the ``extra-missing`` problem."""
    try:
        missing = importlib.util.find_spec("pyarrow") is None
    except (ImportError, ValueError):
        missing = True
    if missing:
        raise InputError([make_problem("extra-missing", value="pyarrow", feature="Parquet books",
                                       feature_th="บัญชีแบบ Parquet", package="pyarrow", extra="columnar")])
    import pyarrow as pa
    import pyarrow.parquet as pq
    return pa, pq


class ParquetUnreadable(Exception):
    """pyarrow could not read the file (not Parquet, or damaged)."""


def text_batches(path: str | Path, calendar: str = "gregorian") -> Iterator[Any]:
    """The column names, then batches of rows as the text a CSV file would hold (typed dates written in
    ``calendar``, money and counts as numerals, empty as None): what the checking readers read."""
    pa, pq = pyarrow_modules()
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(str(path))
    if not p.is_file():  # a folder, a device or a named pipe (which would block the reading): not Parquet
        raise ParquetUnreadable("not a regular file")
    try:
        f = pq.ParquetFile(str(path))
        names = list(f.schema_arrow.names)
    except (pa.ArrowException, OSError) as e:
        raise ParquetUnreadable(str(e)) from None
    yield names
    fmt = to_be if calendar == "buddhist" else date.isoformat
    batches = f.iter_batches(batch_size=65_536)
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            return
        except (pa.ArrowException, OSError) as e:
            raise ParquetUnreadable(str(e)) from None
        cols = []
        for col in batch.columns:
            vals = col.to_pylist()
            cols.append([None if v is None else fmt(v) if isinstance(v, date) else
                         (format(v, "f") if isinstance(v, Decimal) else str(v)) for v in vals])
        yield list(zip(*cols)) if cols else []
