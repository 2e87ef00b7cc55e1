"""Histories and claims from typed Arrow tables (read from Parquet, or made by other software), without Python
objects per row.

The tables (column names and types; dates are ``date32``, money ``decimal128(18, 2)`` baht):

- members: ``member_id`` string, ``birth_date`` date, ``sex`` string (female/male), ``died_on`` date (null: alive);
- spells: ``member_id``, ``start`` date, ``end`` date (null: open), ``end_reason`` string (null, resigned, lapsed,
  died, expelled);
- contributions: ``member_id``, ``date``, ``amount``, ``covers`` (``YYYY-MM`` or ``YYYY``), as in a Parquet ledger;
- claims: ``claim_id``, ``member_id``, ``benefit`` string, ``event_date``, ``end_date``, ``filed_on`` date, ``units``,
  ``children`` int64, and one string column per claim detail (``details.gpa``), as the claim files name them.

Values are taken as given (these are checked histories); :meth:`~.columns.Histories.member` builds a member's
pydantic history when the per-claim engine needs it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..books.records import period_code
from .columns import REASON_CODE, SEX, Claims, Histories

_EPOCH = 719163  # date(1970, 1, 1).toordinal()


def _days(col: Any) -> np.ndarray:
    """date32 column -> ordinals (0 for null)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    ints = pc.cast(col, pa.int32())
    return np.asarray(pc.fill_null(pc.add(pc.cast(ints, pa.int64()), _EPOCH), 0), dtype=np.int64)


def _chunks(col: Any) -> list[Any]:
    import pyarrow as pa
    return list(col.chunks) if isinstance(col, pa.ChunkedArray) else [col]


def _mapped(col: Any, fn: Any) -> np.ndarray:
    """Each row's value through ``fn``, called once per distinct value (a dictionary-encoded column, as Parquet's
    string columns read with ``read_dictionary``, is mapped through its dictionary without decoding it)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    parts = []
    memo: dict[Any, int] = {}

    def through(values: list[Any]) -> np.ndarray:
        out = []
        for v in values:
            x = memo.get(v)
            if x is None:
                x = memo[v] = fn(v)
            out.append(x)
        return np.asarray(out, dtype=np.int64)

    for chunk in _chunks(col):
        enc = chunk if pa.types.is_dictionary(chunk.type) else pc.dictionary_encode(chunk)
        vals = through(enc.dictionary.to_pylist())
        if enc.null_count:
            vals = np.append(vals, fn(None))
            idx = np.asarray(enc.indices.fill_null(len(vals) - 1), dtype=np.int64)
        else:
            idx = np.asarray(enc.indices, dtype=np.int64)
        parts.append(vals[idx] if len(vals) else np.zeros(len(chunk), dtype=np.int64))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _satang(col: Any) -> np.ndarray:
    """decimal128(p, 2) baht as integer satang, read straight from the values' buffer (the unscaled integers),
    or through the distinct values for any other type."""
    import pyarrow as pa
    parts = []
    for chunk in _chunks(col):
        t = chunk.type
        if not (pa.types.is_decimal128(t) and t.scale == 2 and not chunk.null_count):
            return _mapped(col, lambda v: int(v * 100))
        words = np.frombuffer(chunk.buffers()[1], dtype="<i8").reshape(-1, 2)[chunk.offset:chunk.offset + len(chunk)]
        low, high = words[:, 0], words[:, 1]
        if not ((high == 0) & (low >= 0)).all():  # negative or beyond 64 bits: not satang a fund pays
            return _mapped(col, lambda v: int(v * 100))
        parts.append(low.astype(np.int64))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _index_of(ids: list[str], col: Any) -> np.ndarray:
    """Each row's position in ``ids`` (-1: not there); a dictionary-encoded column is looked up by its
    dictionary."""
    import pyarrow as pa
    import pyarrow.compute as pc
    known = pa.array(ids, type=pa.string())
    parts = []
    for chunk in _chunks(col):
        if pa.types.is_dictionary(chunk.type):
            at = np.asarray(pc.fill_null(pc.index_in(chunk.dictionary, value_set=known), -1), dtype=np.int64)
            parts.append(at[np.asarray(chunk.indices, dtype=np.int64)] if len(at) else
                         np.full(len(chunk), -1, dtype=np.int64))
        else:
            parts.append(np.asarray(pc.fill_null(pc.index_in(chunk, value_set=known), -1), dtype=np.int64))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def histories_from_arrow(members: Any, spells: Any, contributions: Any) -> Histories:
    """:class:`~.columns.Histories` of three Arrow tables (see the module)."""
    ids = members.column("member_id").cast("string").to_pylist()
    sex = _mapped(members.column("sex"), lambda v: SEX.index(v))
    sm = _index_of(ids, spells.column("member_id"))
    end = _days(spells.column("end"))
    reason = _mapped(spells.column("end_reason"), lambda v: REASON_CODE[v])
    cm = _index_of(ids, contributions.column("member_id"))
    satang = _satang(contributions.column("amount"))
    period = _mapped(contributions.column("covers"), period_code)
    return Histories.from_arrays(ids, _days(members.column("birth_date")), sex, _days(members.column("died_on")),
                                 (sm, _days(spells.column("start")), np.where(end > 0, end, 1 << 40), reason),
                                 (cm, _days(contributions.column("date")), satang, period))


def claims_from_arrow(claims: Any, histories: Histories) -> Claims:
    """:class:`~.columns.Claims` of an Arrow table (see the module); details typed by the benefit later, as the
    claim files' values are."""
    import pyarrow.compute as pc
    names = claims.column_names
    n = claims.num_rows
    ids = _strings(claims.column("member_id"))
    detail_names = [k for k in names if k.startswith("details.")]
    empty: dict[str, Any] = {}  # claims without details share one (the engine never changes them)
    details = [empty] * n
    if detail_names:
        given = np.zeros(n, dtype=bool)
        for k in detail_names:
            given |= np.asarray(pc.is_valid(claims.column(k)))
        rows = np.flatnonzero(given)
        cols = [(k[len("details."):], claims.column(k).take(rows).to_pylist()) for k in detail_names]
        for j, r in enumerate(rows.tolist()):
            details[r] = {k: v[j] for k, v in cols if v[j] is not None}

    def ints(name: str, none: int) -> np.ndarray:
        if name not in names:
            return np.full(n, none, dtype=np.int64)
        return np.asarray(pc.fill_null(claims.column(name), none), dtype=np.int64)

    out = Claims(claim_id=claims.column("claim_id").to_pylist(),
                 member=_index_of(histories.member_ids, claims.column("member_id")),
                 benefit=_strings(claims.column("benefit")), event=_days(claims.column("event_date")),
                  end=_days(claims.column("end_date")) if "end_date" in names else np.zeros(n, dtype=np.int64),
                  filed=_days(claims.column("filed_on")) if "filed_on" in names else np.zeros(n, dtype=np.int64),
                 units=ints("units", -1), children=ints("children", 0), details=details, member_ids=ids)
    out.__dict__["_has_details"] = np.array([d is not empty for d in details], dtype=bool)
    return out


def _strings(col: Any) -> list[str]:
    """A string column as a list (a dictionary-encoded one through its dictionary: one object per distinct
    value)."""
    import pyarrow as pa
    out: list[str] = []
    for chunk in _chunks(col):
        if pa.types.is_dictionary(chunk.type):
            values = chunk.dictionary.to_pylist()
            out.extend(values[i] for i in np.asarray(chunk.indices, dtype=np.int64).tolist())
        else:
            out.extend(chunk.to_pylist())
    return out
