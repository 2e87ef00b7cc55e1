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


def _mapped(col: Any, fn: Any) -> np.ndarray:
    """Each row's value through ``fn``, called once per distinct value."""
    import pyarrow as pa
    import pyarrow.compute as pc
    if isinstance(col, pa.ChunkedArray):
        col = col.combine_chunks()
    enc = pc.dictionary_encode(col)
    values = [fn(v) for v in enc.dictionary.to_pylist()]
    if enc.null_count:
        values.append(fn(None))
        idx = np.asarray(enc.indices.fill_null(len(values) - 1), dtype=np.int64)
    else:
        idx = np.asarray(enc.indices, dtype=np.int64)
    return np.asarray(values, dtype=np.int64)[idx] if values else np.zeros(len(col), dtype=np.int64)


def _index_of(ids: list[str], col: Any) -> np.ndarray:
    import pyarrow as pa
    import pyarrow.compute as pc
    at = pc.index_in(col, value_set=pa.array(ids, type=pa.string()))
    return np.asarray(pc.fill_null(at, -1), dtype=np.int64)


def histories_from_arrow(members: Any, spells: Any, contributions: Any) -> Histories:
    """:class:`~.columns.Histories` of three Arrow tables (see the module)."""
    ids = members.column("member_id").to_pylist()
    sex = _mapped(members.column("sex"), lambda v: SEX.index(v))
    sm = _index_of(ids, spells.column("member_id"))
    end = _days(spells.column("end"))
    reason = _mapped(spells.column("end_reason"), lambda v: REASON_CODE[v])
    cm = _index_of(ids, contributions.column("member_id"))
    satang = _mapped(contributions.column("amount"), lambda v: int(v * 100))
    period = _mapped(contributions.column("covers"), period_code)
    return Histories.from_arrays(ids, _days(members.column("birth_date")), sex, _days(members.column("died_on")),
                                 (sm, _days(spells.column("start")), np.where(end > 0, end, 1 << 40), reason),
                                 (cm, _days(contributions.column("date")), satang, period))


def claims_from_arrow(claims: Any, histories: Histories) -> Claims:
    """:class:`~.columns.Claims` of an Arrow table (see the module); details typed by the benefit later, as the
    claim files' values are."""
    names = claims.column_names
    n = claims.num_rows
    ids = claims.column("member_id").to_pylist()
    detail_cols = [(k[len("details."):], claims.column(k).to_pylist()) for k in names if k.startswith("details.")]
    details = [{k: v[r] for k, v in detail_cols if v[r] is not None} for r in range(n)] if detail_cols else \
        [{} for _ in range(n)]

    def ints(name: str, none: int) -> np.ndarray:
        if name not in names:
            return np.full(n, none, dtype=np.int64)
        import pyarrow.compute as pc
        return np.asarray(pc.fill_null(claims.column(name), none), dtype=np.int64)

    return Claims(claim_id=claims.column("claim_id").to_pylist(),
                  member=_index_of(histories.member_ids, claims.column("member_id")),
                  benefit=claims.column("benefit").to_pylist(), event=_days(claims.column("event_date")),
                  end=_days(claims.column("end_date")) if "end_date" in names else np.zeros(n, dtype=np.int64),
                  filed=_days(claims.column("filed_on")) if "filed_on" in names else np.zeros(n, dtype=np.int64),
                  units=ints("units", -1), children=ints("children", 0), details=details, member_ids=ids)
