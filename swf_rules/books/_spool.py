"""The partition files of :func:`stream_ledger`: where the checked instalments and payouts go instead of memory.

Pass 1 (reading and checking the ledger) writes them; a replay reads them back one partition at a time.  The
formats of these files are known only here.
"""

from __future__ import annotations

import pickle
import struct
import zlib
from pathlib import Path
from typing import Any, Callable

from ..core.errors import Problem, make_problem
from .records import MemberRecord

_FLUSH_PER_MEMBER = 8  # pass 1 holds up to max(partition rows, 8 per member) instalments between flushes
_CHUNK = struct.Struct("<qq")  # member index, instalments: the head of each member's chunk in a partition file


class Spool:
    """Pass 1 of :func:`stream_ledger`: where the checked rows go instead of memory.

    The kept members, sorted by id, are cut into ``k`` contiguous ranges (partitions) of equal size, ``k`` chosen
    from the contributions file's size so that one partition holds about ``rows`` instalments or fewer.
    Instalments are appended to the members' compact arrays as :func:`read_ledger` does; every
    ``max(rows, 8 x members)`` rows read, :meth:`flush` moves every member's arrays, as one chunk, to the member's
    partition file.  So pass 1 never holds more instalments than that, and a flush, which visits every member,
    costs at most one step per 8 rows read.  Valid payouts go, as tuples, to a per-partition list pickled to the
    partition's payout file when the buffers grow; payout ids go to ``id_buckets`` files by a CRC of the id, so
    duplicates are found bucket by bucket (:meth:`check_ids`).  Only payouts with an ``event_ref`` (links across
    members) are also kept in memory, in :attr:`refs`.
    """

    def __init__(self, directory: Path, rows: int, members: list[MemberRecord], bad_members: set[str],
                 est_instalments: int, est_payouts: int):
        self.dir = directory
        self.part_rows = max(1, rows)
        self.rows = max(self.part_rows, _FLUSH_PER_MEMBER * len(members))  # rows read between flushes
        self.recs = members
        self.bad_members = bad_members
        n = len(members)
        k = max(1, min(n, -(-est_instalments // self.part_rows)))
        self.k = k
        self.bounds = [(p * n // k, (p + 1) * n // k) for p in range(k)]
        self.part_of: dict[str, int] = {}
        for p, (lo, hi) in enumerate(self.bounds):
            for rec in members[lo:hi]:
                self.part_of[rec.member_id] = p
        self.spilled = False  # instalments went to files (else they are all still in the arrays)
        self.max_held = 0  # the most instalments held in the arrays at once during pass 1
        self.pbuf: list[list[tuple]] = [[] for _ in range(k)]
        self.n_pbuf = 0
        self.pspilled = False
        self.plimit = max(64, self.part_rows // 32)
        self.n_payouts = 0
        self.refs: list[tuple] = []  # (order key, payout id, member id, benefit, event_ref, event date, line)
        self.bad_member_payouts: list[tuple[str, int]] = []  # (member id, line): payouts of members left out
        self.unknown: list[tuple[str, int, int]] = []  # (member id, line, col): payouts of unknown members
        self.id_buckets = max(1, -(-est_payouts // max(1, self.part_rows // 4)))
        self.ibuf: list[list[tuple[str, int, int]]] = [[] for _ in range(self.id_buckets)]
        self.n_ibuf = 0
        self.ispilled = False
        self.rejected: set[int] = set()  # lines of payout rows whose id repeats an earlier row's

    # --- files
    def cpath(self, p: int) -> Path:
        return self.dir / f"contributions-{p:05d}.bin"

    def ppath(self, p: int) -> Path:
        return self.dir / f"payouts-{p:05d}.pickle"

    def ipath(self, b: int) -> Path:
        return self.dir / f"ids-{b:05d}.pickle"

    # --- instalments
    def flush(self) -> None:
        """Move every member's instalments to their partition's file, one chunk per member."""
        held = 0
        pack = _CHUNK.pack
        recs = self.recs
        for p, (lo, hi) in enumerate(self.bounds):
            buf = bytearray()
            for i in range(lo, hi):
                rec = recs[i]
                d = rec.dates
                if d:
                    held += len(d)
                    buf += pack(i, len(d))
                    buf += d.tobytes()
                    buf += rec.periods.tobytes()
                    buf += rec.amounts.tobytes()
                    del d[:]
                    del rec.periods[:]
                    del rec.amounts[:]
            if buf:
                with open(self.cpath(p), "ab") as f:
                    f.write(buf)
        self.max_held = max(self.max_held, held)
        self.spilled = True

    def load(self, p: int, wanted: set[str]) -> int:
        """Append partition ``p``'s instalments of the ``wanted`` members to their arrays, from the partition's
        file, chunk by chunk in the order :meth:`flush` wrote them; the number of instalments held."""
        path = self.cpath(p)
        if not path.exists():  # everything stayed in memory (one partition, no flush)
            lo, hi = self.bounds[p]
            return sum(len(r.dates) for r in self.recs[lo:hi])
        held = 0
        data = memoryview(path.read_bytes())
        size = _CHUNK.size
        unpack = _CHUNK.unpack_from
        off = 0
        all_recs = self.recs
        end = len(data)
        while off < end:
            i, n = unpack(data, off)
            off += size
            rec = all_recs[i]
            a = off + n * rec.dates.itemsize
            b = a + n * rec.periods.itemsize
            c = b + n * rec.amounts.itemsize
            if rec.member_id in wanted:
                rec.dates.frombytes(data[off:a])
                rec.periods.frombytes(data[a:b])
                rec.amounts.frombytes(data[b:c])
                held += n
            off = c
        data.release()
        return held

    def release(self, p: int) -> None:
        """Empty the instalment arrays of partition ``p``'s members, if :meth:`load` read them from its file."""
        if not self.cpath(p).exists():
            return
        lo, hi = self.bounds[p]
        for rec in self.recs[lo:hi]:
            if rec.dates:
                del rec.dates[:]
                del rec.periods[:]
                del rec.amounts[:]

    # --- payouts
    def add_payout(self, t: tuple, col: int) -> None:
        mid = t[1]
        p = self.part_of.get(mid)
        if p is None:
            if mid in self.bad_members:
                self.bad_member_payouts.append((mid, t[12]))
            else:  # only when the register could not be read (every row is then reported already)
                self.unknown.append((mid, t[12], col))
            return
        self.pbuf[p].append(t)
        self.n_payouts += 1
        if t[10]:
            self.refs.append((order_key(t), t[0], mid, t[2], t[10], t[3], t[12]))
        self.n_pbuf += 1
        if self.n_pbuf >= self.plimit:
            self.flush_payouts()

    def flush_payouts(self) -> None:
        _append_pickled(self.pbuf, self.ppath)
        self.n_pbuf = 0
        self.pspilled = True

    def payouts(self, p: int) -> list[tuple]:
        """The payout tuples of partition ``p`` (rows with a repeated id left out)."""
        out = _read_pickled(self.ppath(p))
        out.extend(self.pbuf[p])
        if self.rejected:
            out = [t for t in out if t[12] not in self.rejected]
        return out

    # --- payout ids
    def add_id(self, pid: str, line: int, col: int) -> None:
        b = zlib.crc32(pid.encode("utf-8", "surrogatepass")) % self.id_buckets if self.id_buckets > 1 else 0
        self.ibuf[b].append((pid, line, col))
        self.n_ibuf += 1
        if self.n_ibuf >= self.plimit:
            self.flush_ids()

    def flush_ids(self) -> None:
        _append_pickled(self.ibuf, self.ipath)
        self.n_ibuf = 0
        self.ispilled = True

    def check_ids(self, problems: list[Problem], file: str) -> None:
        """``ledger-duplicate-id`` for every row whose payout id an earlier row has: what :func:`read_ledger`
        reports, found one bucket of ids at a time."""
        for b in range(self.id_buckets):
            path = self.ipath(b)
            rows: list[tuple[str, int, int]] = _read_pickled(path)
            path.unlink(missing_ok=True)
            rows.extend(self.ibuf[b])
            self.ibuf[b] = []
            first: dict[str, int] = {}
            for pid, line, col in rows:  # in file order: chunks were appended in order
                if pid in first:
                    problems.append(make_problem("ledger-duplicate-id", file=file, line=line, col=col, value=pid,
                                                 first_line=first[pid]))
                    self.rejected.add(line)
                else:
                    first[pid] = line

    def finish(self) -> None:
        """After pass 1: the last rows to the files (unless everything fits in one partition held in memory)."""
        if self.spilled or self.k > 1:
            self.flush()
        else:
            self.max_held = max(self.max_held, sum(len(r.dates) for r in self.recs))
        if self.pspilled or self.k > 1:
            self.flush_payouts()


def order_key(t: tuple) -> tuple:
    """:meth:`~swf_rules.books.PayoutRow.order_key` of a payout kept as the tuple of its fields (event date,
    filing date, payout id)."""
    return (t[3], t[6] or t[3], t[0])


def _append_pickled(buffers: list[list[Any]], path_of: Callable[[int], Path]) -> None:
    """Append each non-empty buffer, as one pickled list, to its file (``path_of(index)``), and empty it."""
    for i, rows in enumerate(buffers):
        if rows:
            with open(path_of(i), "ab") as f:
                pickle.dump(rows, f, protocol=pickle.HIGHEST_PROTOCOL)
            buffers[i] = []


def _read_pickled(path: Path) -> list[Any]:
    """Every row :func:`_append_pickled` appended to ``path``, in order (none if there is no such file)."""
    out: list[Any] = []
    if path.exists():
        with open(path, "rb") as f:
            while True:
                try:
                    out.extend(pickle.load(f))
                except EOFError:
                    break
    return out
