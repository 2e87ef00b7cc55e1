"""A ledger read straight into columns for a replay: CSV with pyarrow's reader, or Parquet's typed columns.

:func:`open_columns` reads the books the way :func:`~swf_rules.books.stream_ledger` does -- the register with the
same checks (it is small), the instalments and the payouts as columns, every value converted by the same converters
(once per distinct text) and checked column-wise -- and hands the replay the same interface as a
:class:`~swf_rules.books.PartitionedLedger`: partitions of members, each with its members' instalments and its
payouts.  The instalments go, batch by batch, to one binary file per partition of members (appended once per batch
and partition: linear in the rows, whatever the number of partitions), so memory grows with the members.

It accepts only books that are plainly valid.  At the first thing the checking readers would report (a bad value, an
unknown member, an instalment outside every spell, a duplicate payout id, a column mapping or JSON Lines) it gives
up and returns ``None``: the caller then reads the books with the checking reader, which reports every problem,
located, exactly as before.
"""

from __future__ import annotations

import bisect
import pickle
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Iterator

import numpy as np

from ..books import MemberRecord, PayoutRow, read_manifest
from ..books._common import read_register
from ..books._contributions import _irregular, _spell_bounds
from ..books._values import Bad, Values
from ..core import gc_paused
from ..core.errors import Problem, rank
from ._tables import _Located, _Reject, _batches, _day, _one_row_per_line, _payouts, _text, _unique

PARTITION_ROWS = 250_000
"""Instalments per partition of members (16 bytes each while a partition is judged)."""
_ROW = np.dtype([("m", "<i4"), ("d", "<i4"), ("s", "<i8"), ("p", "<i4")])
_EPOCH = date(1970, 1, 1).toordinal()
_FLUSH_ROWS = 1 << 20  # instalments held between appends to the partition files


@dataclass
class ColumnarBooks:
    """A checked ledger whose instalments wait on disk by partition of members (the interface of
    :class:`~swf_rules.books.PartitionedLedger` that a replay uses); a context manager removing its files."""

    fund: str | None
    members: dict[str, MemberRecord]
    counts: dict[str, int]
    files: dict[str, str]
    tmp: Path
    bounds: list[tuple[int, int]]  # member index ranges, members in id order
    order: list[str]  # member ids in id order
    n_by_part: list[int]  # payouts per partition (each partition's wait, pickled, in tmp)
    refs: list[PayoutRow]  # the payouts with an event_ref (links between members)
    held: list[PayoutRow] | None = None  # the payouts, when there is one partition and they were never spilled
    skipped: list[Problem] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)
    notices: list[Problem] = field(default_factory=list)  # irregular rows kept (swf_rules.core.notices)

    @property
    def partitions(self) -> int:
        return len(self.bounds)

    @property
    def n_payouts(self) -> int:
        return sum(self.n_by_part)

    def _path(self, p: int) -> Path:
        return self.tmp / f"instalments-{p:05d}.bin"

    def partition(self, p: int) -> tuple[dict[str, MemberRecord], list[PayoutRow]]:
        """Partition ``p``: its members who have payouts, with their instalments loaded, and its payouts in replay
        order."""
        with gc_paused():
            return self._partition(p)

    def _payouts_of(self, p: int) -> list[PayoutRow]:
        return list(self.held) if self.held is not None else _read_pickled(self.tmp / f"payouts-{p:05d}.pickle")

    def _partition(self, p: int) -> tuple[dict[str, MemberRecord], list[PayoutRow]]:
        payouts = sorted(self._payouts_of(p), key=PayoutRow.order_key)
        wanted = {x.member_id for x in payouts}
        recs = {mid: self.members[mid] for mid in wanted}
        path = self._path(p)
        held = 0
        if path.exists() and wanted:
            rows = np.fromfile(path, dtype=_ROW)
            rows = rows[np.argsort(rows["m"], kind="stable")]
            cuts = np.searchsorted(rows["m"], np.arange(self.bounds[p][0], self.bounds[p][1] + 1))
            for i in range(self.bounds[p][0], self.bounds[p][1]):
                mid = self.order[i]
                if mid not in wanted:
                    continue
                part = rows[cuts[i - self.bounds[p][0]]:cuts[i - self.bounds[p][0] + 1]]
                rec = recs[mid]
                rec.dates.frombytes(part["d"].tobytes())
                rec.amounts.frombytes(part["s"].tobytes())
                rec.periods.frombytes(part["p"].tobytes())
                held += len(part)
        self.stats["partition_max_instalments"] = max(self.stats.get("partition_max_instalments", 0), held)
        self.stats["partition_max_payouts"] = max(self.stats.get("partition_max_payouts", 0), len(payouts))
        return recs, payouts

    def release(self, p: int) -> None:
        for i in range(*self.bounds[p]):
            rec = self.members[self.order[i]]
            if rec.dates:
                del rec.dates[:], rec.amounts[:], rec.periods[:]

    def ref_links(self) -> dict[str, str]:
        """payout id -> the earlier payout of another member it repeats by ``event_ref``."""
        keys = {(p.member_id, p.benefit, p.event_date) for p in self.refs}
        if not keys:
            return {}
        rows = [x for p in range(self.partitions) for x in self._payouts_of(p)
                if (x.member_id, x.benefit, x.event_date) in keys]
        return ref_links(rows)

    def close(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> ColumnarBooks:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _read_pickled(path: Path) -> list[Any]:
    out: list[Any] = []
    if path.exists():
        with open(path, "rb") as f, gc_paused():  # many small objects, no cycles
            while True:
                try:
                    out.extend(pickle.load(f))
                except EOFError:
                    return out
    return out


def ref_links(payouts: Iterable[PayoutRow]) -> dict[str, str]:
    """payout id -> the earlier payout of another member it repeats by ``event_ref``: the duplicates across members
    (those within a member are found with its partition), as :func:`swf_rules.audit.replay` rule 2 reads them."""
    payouts = list(payouts)
    # only payouts sharing (member, benefit, event date) with one that has an event_ref can matter
    keys = {(p.member_id, p.benefit, p.event_date) for p in payouts if p.event_ref}
    if not keys:
        return {}
    rows = sorted((p for p in payouts if (p.member_id, p.benefit, p.event_date) in keys), key=PayoutRow.order_key)
    seen_event: set[tuple[Any, ...]] = set()
    by_ref: dict[tuple[str, str], str] = {}
    out: dict[str, str] = {}
    for p in rows:
        k1 = (p.member_id, p.benefit, p.event_date)
        if k1 in seen_event:
            continue
        if p.event_ref:
            k2 = (p.benefit, p.event_ref)
            if k2 in by_ref:
                out[p.payout_id] = by_ref[k2]
                continue
            by_ref[k2] = p.payout_id
        seen_event.add(k1)
    return out


def payouts_of(directory: str | Path, *, calendar: str | None = None, manifest: str | Path | None = None
               ) -> tuple[list[PayoutRow], int] | None:
    """Every payout of plainly valid books and the number of register members (what a replay split by members
    needs over the whole ledger); ``None`` when the books are not plainly valid."""
    try:
        man = read_manifest(Path(directory), manifest)
        default_cal = calendar or man.calendar or "gregorian"
        problems: list[Problem] = []
        bad: set[str] = set()
        register, known = read_register(man, lambda k: man.files[k].calendar or default_cal, problems, bad)
        if problems or bad or not known:
            return None
        spec = man.files["payouts"]
        return [p for rows in _payouts(spec, spec.calendar or default_cal, register) for p in rows], len(register)
    except _Reject:
        return None
    except Exception:
        return None


def open_columns(directory: str | Path, **kw: Any) -> ColumnarBooks | None:
    """The books as columns, partitioned on disk; ``None`` when they are not plainly valid (read them with
    :func:`~swf_rules.books.stream_ledger`, which reports why); see :func:`_open_columns` for the arguments.
    Reading makes many small objects and no reference cycles: the cyclic collector is paused meanwhile (its full
    passes would walk the whole register, again and again)."""
    with gc_paused():
        return _open_columns(directory, **kw)


def _open_columns(directory: str | Path, *, calendar: str | None = None, manifest: str | Path | None = None,
                 fund: str | None = None, periods: Iterable[str] | None = None, tmp_dir: str | Path | None = None,
                 partition_rows: int = PARTITION_ROWS,
                 members: tuple[str, str | None] | None = None) -> ColumnarBooks | None:
    """``members``: only the members whose id is in
    ``[first, last)`` (``last`` None: to the end), their instalments and payouts -- one task of a replay split by
    members; ``counts`` then count their rows only."""
    import pyarrow  # noqa: F401 -- the caller checked the extra
    d = Path(directory)
    if not d.is_dir():
        return None
    try:
        man = read_manifest(d, manifest)
    except Exception:
        return None
    specs = man.files
    if any(s.format not in ("csv", "parquet") or s.columns or s.ignore or not s.path.is_file()
           for s in specs.values()):  # (a named pipe would block pyarrow's reading: the checking reader reports it)
        return None
    default_cal = calendar or man.calendar or "gregorian"

    def cal_of(kind: str) -> str:
        return specs[kind].calendar or default_cal

    problems: list[Problem] = []
    bad: set[str] = set()
    register, known = read_register(man, cal_of, problems, bad)
    if problems or bad or not known:
        return None
    everyone = sorted(register)
    first, last = members if members is not None else (None, None)
    order = [m for m in everyone if (first is None or m >= first) and (last is None or m < last)]
    index = {mid: i for i, mid in enumerate(order)}
    outside = {mid: -2 for mid in everyone if mid not in index}  # known, but another task's
    tmp = Path(tempfile.mkdtemp(prefix="swf-columns-", dir=None if tmp_dir is None else str(tmp_dir)))
    try:
        est = _estimate_rows(specs["contributions"])
        k = max(1, min(len(order), -(-est // max(1, partition_rows)))) if order else 1
        bounds = [(p * len(order) // k, (p + 1) * len(order) // k) for p in range(k)]
        allowed = set(periods) if periods is not None else None
        notices: list[Problem] = []
        n_c = _instalments(specs["contributions"], cal_of("contributions"), register, order, {**index, **outside},
                           bounds, tmp, allowed, (first, last), notices)
        # the payouts wait on disk by partition, appended a chunk at a time
        starts = [b[0] for b in bounds]
        buf: list[list[PayoutRow]] = [[] for _ in bounds]
        n_by_part = [0] * len(bounds)
        refs: list[PayoutRow] = []

        def flush(q: int) -> None:
            with open(tmp / f"payouts-{q:05d}.pickle", "ab") as f:
                pickle.dump(buf[q], f, protocol=pickle.HIGHEST_PROTOCOL)
            buf[q] = []

        for rows in _payouts(specs["payouts"], cal_of("payouts"), register):
            for x in rows:
                i = index.get(x.member_id)
                if i is None:
                    continue
                q = bisect.bisect_right(starts, i) - 1
                buf[q].append(x)
                n_by_part[q] += 1
                if x.event_ref:
                    refs.append(x)
                if len(buf[q]) >= 4096:
                    flush(q)
        held = None
        if len(bounds) == 1 and not (tmp / "payouts-00000.pickle").exists():
            held = buf[0]  # one small partition: its payouts stay in memory
        else:
            for q in range(len(bounds)):
                flush(q)
        counts = {"members": len(register), "contributions": n_c, "payouts": sum(n_by_part)}
        return ColumnarBooks(fund=fund or man.fund, members=register, counts=counts,
                             files={kind: str(s.path) for kind, s in specs.items()}, tmp=tmp, bounds=bounds,
                             order=order, n_by_part=n_by_part, refs=refs, held=held,
                             stats={"partitions": k, "partition_rows": partition_rows, "columnar_books": 1},
                             notices=rank(notices))
    except _Reject:
        shutil.rmtree(tmp, ignore_errors=True)
        return None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _estimate_rows(spec: Any) -> int:
    if spec.format == "parquet":
        import pyarrow.parquet as pq
        try:
            return pq.ParquetFile(str(spec.path)).metadata.num_rows
        except Exception:
            raise _Reject from None
    try:
        return spec.path.stat().st_size // 24
    except OSError:
        raise _Reject from None


# ---------------------------------------------------------------------------------------------- instalments
def _instalments(spec: Any, cal: str, members: dict[str, MemberRecord], order: list[str], index: dict[str, int],
                 bounds: list[tuple[int, int]], tmp: Path, allowed: set[str] | None,
                 span: tuple[str | None, str | None] = (None, None), notices: list[Problem] | None = None) -> int:
    """Every instalment checked column-wise and appended to its partition's file; the number of rows (of the
    members in ``order``; ``index`` gives -2 for the register's other members, whose rows are left to others).
    An instalment outside every spell of its member is kept, with the notice the checking reader gives it
    (:mod:`swf_rules.core.notices`), located at its row, appended to ``notices``."""
    V = Values(cal)
    starts = np.array([b[0] for b in bounds], dtype=np.int64)
    # each member's spells as bounds (widest under year-only dates), as the checking reader reads them
    sp_m: list[int] = []
    sp_lo: list[int] = []
    sp_hi: list[int] = []
    for i, mid in enumerate(order):
        for a, b in _spell_bounds(members[mid]):
            sp_m.append(i)
            sp_lo.append(a)
            sp_hi.append((1 << 40) if b is None else b)
    sp_first = np.searchsorted(np.asarray(sp_m, dtype=np.int64), np.arange(len(order) + 1))
    lo_a, hi_a = np.asarray(sp_lo, dtype=np.int64), np.asarray(sp_hi, dtype=np.int64)
    # each distinct text converted once over the whole file (a cash book repeats its members, days, amounts)
    memo: dict[str, dict[Any, Any]] = {"member_id": {}, "date": {}, "amount": {}, "covers": {}}
    convert = {"member_id": lambda v: index.get(_text(V, v), -1), "date": lambda v: _day(V, v),
               "amount": lambda v: int(V.money(v) * 100), "covers": lambda v: V.period(v)}

    import pyarrow as pa
    import pyarrow.compute as pc
    known = pa.array(list(index), type=pa.string())
    positions = np.array(list(index.values()), dtype=np.int64)

    def members_of(col: Any) -> np.ndarray:
        """Each row's member index: ids written as the register writes them are found in one hash lookup; the
        others (spaces, Thai digits) by the converter."""
        if isinstance(col, pa.ChunkedArray):
            col = col.combine_chunks()
        if col.type == pa.string():
            at = pc.index_in(col, value_set=known)
            if not at.null_count:
                return positions[np.asarray(at, dtype=np.int64)]
        return column({"member_id": col}, "member_id")

    def column(cols: dict[str, Any], name: str) -> np.ndarray:
        values, idx = _unique(cols[name])
        seen, fn = memo[name], convert[name]
        out = []
        for v in values:
            x = seen.get(v)
            if x is None:
                try:
                    x = seen[v] = fn(v)
                except (Bad, ValueError, ArithmeticError, TypeError):
                    raise _Reject from None
            out.append(x)
        return np.array(out, dtype=np.int64)[idx]

    n = pending = 0
    held: list[list[np.ndarray]] = [[] for _ in bounds]
    irregular: list[tuple[int, int, int]] = []  # (row number in the file, member index, day)
    date_col = 0
    # batches joined until they hold 8 rows a member: the lookup of member ids hashes every known id once per
    # batch, which must stay a small share of the batch's rows however large the fund (else members x batches)
    for before, batch in _coalesced(_batches(spec, "contributions", span), 8 * len(order)):
        if not batch.num_rows:
            continue
        cols = {name: batch.column(i) for i, name in enumerate(batch.schema.names)}
        date_col = batch.schema.names.index("date") + 1
        m = members_of(cols["member_id"])
        rows_at = None  # each kept row's number in the batch (None: every row, in order)
        if (m == -2).any():  # another task's members
            keep = m != -2
            rows_at = np.flatnonzero(keep)
            m = m[keep]
            batch = batch.filter(keep)
            cols = {name: batch.column(i) for i, name in enumerate(batch.schema.names)}
        n += batch.num_rows
        if not batch.num_rows:
            continue
        d, s, p = column(cols, "date"), column(cols, "amount"), column(cols, "covers")
        if allowed is not None and (("year" not in allowed and (p < 0).any()) or
                                    ("month" not in allowed and (p >= 0).any())):
            raise _Reject
        if (m < 0).any() or (d <= 0).any():
            raise _Reject
        # every instalment within one of its member's spells
        first = sp_first[m]
        ok = (lo_a[first] <= d) & (d <= hi_a[first])
        more = np.flatnonzero(~ok)
        k = 1
        while len(more):
            j = first[more] + k
            inside = j < sp_first[m[more] + 1]
            more, j = more[inside], j[inside]
            hit = (lo_a[j] <= d[more]) & (d[more] <= hi_a[j])
            ok[more[hit]] = True
            more = more[~hit]
            k += 1
        if not ok.all():  # irregular, not invalid: kept, with a notice (located below)
            if notices is None:
                raise _Reject
            bad = np.flatnonzero(~ok)
            at = bad if rows_at is None else rows_at[bad]
            irregular.extend(zip((before + at + 1).tolist(), m[bad].tolist(), d[bad].tolist()))
        part = np.searchsorted(starts, m, side="right") - 1
        rows = np.empty(len(m), dtype=_ROW)
        rows["m"], rows["d"], rows["s"], rows["p"] = m, d, s, p
        srt = np.argsort(part, kind="stable")
        cuts = np.searchsorted(part[srt], np.arange(len(bounds) + 1))
        for q in range(len(bounds)):
            if cuts[q + 1] > cuts[q]:
                held[q].append(rows[srt[cuts[q]:cuts[q + 1]]])
        pending += len(rows)
        if pending >= _FLUSH_ROWS:
            pending = _flush(held, tmp)
    _flush(held, tmp)
    if irregular:
        csv = spec.format == "csv"
        if csv and not _one_row_per_line(spec.path):
            raise _Reject  # rows and lines differ: the checking reader locates them
        src = _Located(str(spec.path))
        for row, i, day in irregular:  # the header is line 1 of a CSV file; Parquet counts rows
            notices.append(_irregular(src, members[order[i]], day, row + 1 if csv else row,  # type: ignore
                                      date_col))  # type: ignore[arg-type]
    return n


def _coalesced(batches: Iterator[tuple[int, Any]], rows: int) -> Iterator[tuple[int, Any]]:
    """``(rows before, batch)`` with consecutive batches joined (as one table) until each holds at least ``rows``
    rows (the last one: what is left)."""
    import pyarrow as pa
    held: list[Any] = []
    first = n = 0
    for before, batch in batches:
        if not held:
            first = before
        if held and before != first + n:  # not contiguous (row groups of other members skipped): start anew
            yield first, pa.Table.from_batches(held)
            held, first, n = [], before, 0
        held.append(batch)
        n += batch.num_rows
        if n >= rows:
            yield first, (held[0] if len(held) == 1 else pa.Table.from_batches(held))
            held, n = [], 0
    if held:
        yield first, (held[0] if len(held) == 1 else pa.Table.from_batches(held))


def _flush(held: list[list[np.ndarray]], tmp: Path) -> int:
    """Append each partition's rows held so far to its file (one write per partition)."""
    for q, chunks in enumerate(held):
        if chunks:
            with open(tmp / f"instalments-{q:05d}.bin", "ab") as f:
                for c in chunks:
                    c.tofile(f)
            held[q] = []
    return 0
