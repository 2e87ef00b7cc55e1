"""Reading a ledger too long to hold: checked exactly as :func:`read_ledger` checks it, kept on disk.

:func:`stream_ledger` runs the same code and reports the same problems as :func:`read_ledger`, but holds only the
member register: the instalments and the payouts go, as they are read, to temporary files cut into partitions of
members (:class:`~swf_rules.books._spool.Spool`), which a replay then loads one at a time
(:class:`PartitionedLedger`).  So its memory grows with the members, not with the instalments.
"""

from __future__ import annotations

import operator
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from ..core.errors import InputError, Problem, make_problem, rank
from ..core import gc_paused
from .manifest import Manifest
from .records import MemberRecord, PayoutRow
from ._common import list_skipped, open_ledger, read_register
from ._contributions import read_contributions
from ._payouts import read_payouts
from ._spool import Spool, order_key


PARTITION_ROWS = 50_000
"""The default bound on the instalments of one partition of members (:func:`stream_ledger`): about 16 bytes each
in memory, plus the partition's payouts (about 3% as many rows, about 1.5 KiB each while judged)."""
_EST_ROW_BYTES = 24  # the shortest plausible instalment row ("M1,2024-03-05,30,2024-03" + newline is 25)
_EST_PAYOUT_ROW_BYTES = 40


@dataclass
class PartitionedLedger:
    """A checked ledger whose instalments and payouts wait on disk, one partition of members at a time.

    Made by :func:`stream_ledger`; use it as a context manager (or call :meth:`close`) so that its temporary
    files are removed.  :attr:`members` holds every kept member's register data (no instalments, except while the
    member's partition is loaded); :meth:`partition` loads one partition's members with their instalments and
    their payouts, :meth:`release` empties it again.
    """

    fund: str | None
    members: dict[str, MemberRecord]
    skipped: list[Problem]
    counts: dict[str, int]
    files: dict[str, str]
    n_payouts: int  # payouts to replay
    tmp: Path
    spool: Spool
    stats: dict[str, int] = field(default_factory=dict)
    notices: list[Problem] = field(default_factory=list)  # irregular rows kept (swf_rules.core.notices)

    @property
    def partitions(self) -> int:
        return self.spool.k

    def payouts(self, p: int) -> list[PayoutRow]:
        """Partition ``p``'s payouts in replay order (event date, filing date, payout id)."""
        rows = [PayoutRow(*t) for t in self.spool.payouts(p)]
        rows.sort(key=PayoutRow.order_key)
        return rows

    def partition(self, p: int) -> tuple[dict[str, MemberRecord], list[PayoutRow]]:
        """Partition ``p``: its members who have payouts, with their instalments loaded, and its payouts in replay
        order."""
        sp = self.spool
        payouts = self.payouts(p)
        wanted = {x.member_id for x in payouts}
        recs = {mid: self.members[mid] for mid in wanted}
        held = sp.load(p, wanted)
        self.stats["partition_max_instalments"] = max(self.stats.get("partition_max_instalments", 0), held)
        self.stats["partition_max_payouts"] = max(self.stats.get("partition_max_payouts", 0), len(payouts))
        return recs, payouts

    def release(self, p: int) -> None:
        """Empty the instalment arrays of partition ``p``'s members (when they were loaded from its file)."""
        self.spool.release(p)

    def ref_links(self) -> dict[str, str]:
        """payout id -> the earlier payout of another member it repeats by ``event_ref``.

        Exactly the ``event_ref`` duplicates :func:`swf_rules.audit.replay.duplicates` finds over the whole ledger: a
        payout with an ``event_ref`` counts for its ``(benefit, event_ref)`` only if it is not itself a repeat of
        its member's earlier payout of the same benefit and event date, which depends on that member's payouts
        without an ``event_ref``; those are looked up partition by partition (only for the few keys that
        matter), so no step holds every payout."""
        refs = [r for r in self.spool.refs if r[6] not in self.spool.rejected]
        if not refs:
            return {}
        want = {(r[2], r[3], r[5]) for r in refs}
        first_plain: dict[tuple, tuple] = {}  # (member, benefit, event date) -> earliest order key without a ref
        for p in range(self.partitions):
            for t in self.spool.payouts(p):
                if t[10]:
                    continue
                k1 = (t[1], t[2], t[3])
                if k1 in want:
                    key = order_key(t)
                    cur = first_plain.get(k1)
                    if cur is None or key < cur:
                        first_plain[k1] = key
        refs.sort(key=operator.itemgetter(0))
        registered: set[tuple] = set()
        by_ref: dict[tuple, str] = {}
        out: dict[str, str] = {}
        for key, pid, mid, benefit, ref, ev, _line in refs:
            k1 = (mid, benefit, ev)
            plain = first_plain.get(k1)
            if k1 in registered or (plain is not None and plain < key):
                continue  # a repeat of the member's own earlier payout: found within the partition
            k2 = (benefit, ref)
            if k2 in by_ref:
                out[pid] = by_ref[k2]
                continue
            by_ref[k2] = pid
            registered.add(k1)
        return out

    def close(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> PartitionedLedger:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def stream_ledger(directory: str | Path, *, calendar: str | None = None, manifest: str | Path | None = None,
                  fund: str | None = None, periods: Iterable[str] | None = None, skip_bad_rows: bool = False,
                  tmp_dir: str | Path | None = None, partition_rows: int = PARTITION_ROWS) -> PartitionedLedger:
    """Check a whole ledger exactly as :func:`read_ledger` does (the same problems, all of them, raised as one
    :class:`InputError`), holding at most about ``partition_rows`` instalments in memory at once.

    The checked rows are written to a temporary directory (in ``tmp_dir``, by default the system's), cut into
    partitions of members; the result is a :class:`PartitionedLedger` to use as a context manager.  Nothing is
    left behind when the ledger is bad or the reading is interrupted.
    """
    man, cal_of, allowed_periods = open_ledger(directory, manifest, calendar, periods)
    problems: list[Problem] = []
    bad_members: set[str] = set()

    def size_of(kind: str) -> int:
        try:
            return man.files[kind].path.stat().st_size
        except OSError:
            return 0

    if tmp_dir is not None and not Path(tmp_dir).is_dir():
        raise InputError([make_problem("file-not-found", file=str(tmp_dir))])
    tmp = Path(tempfile.mkdtemp(prefix="swf-replay-", dir=None if tmp_dir is None else str(tmp_dir)))
    try:
        with gc_paused():  # reading makes no reference cycles; full collections would walk the whole register
            return _stream(man, tmp, problems, bad_members, cal_of, size_of, allowed_periods, fund, skip_bad_rows,
                           partition_rows)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _stream(man: Manifest, tmp: Path, problems: list[Problem], bad_members: set[str],
            cal_of: Callable[[str], str], size_of: Callable[[str], int], allowed_periods: set[str] | None,
            fund: str | None, skip_bad_rows: bool, partition_rows: int) -> PartitionedLedger:
    member_rows, members_known = read_register(man, cal_of, problems, bad_members)
    counts = {"members": len(member_rows)}
    kept = [member_rows[m] for m in sorted(member_rows) if m not in bad_members]
    spool = Spool(tmp, partition_rows, kept, bad_members, size_of("contributions") // _EST_ROW_BYTES,
                  size_of("payouts") // _EST_PAYOUT_ROW_BYTES)
    del kept
    dropped: dict[str, int] = {}
    counts["contributions"] = read_contributions(man.files["contributions"], cal_of("contributions"),
                                                 member_rows, problems, bad_members, allowed_periods, dropped,
                                                 members_known, spool)
    _, counts["payouts"] = read_payouts(man.files["payouts"], cal_of("payouts"), member_rows, problems,
                                        bad_members, members_known, spool)
    spool.finish()
    pfile = str(man.files["payouts"].path)
    spool.check_ids(problems, pfile)
    notices = [p for p in rank(problems) if p.severity == "notice"]  # irregular rows, kept: not problems
    problems = [p for p in rank(problems) if p.severity != "notice"]
    skipped: list[Problem] = []
    if problems:
        if not skip_bad_rows:
            raise InputError(problems)
        skipped = list_skipped(man, problems, bad_members, member_rows, dropped,
                               [(m, line) for m, line in spool.bad_member_payouts if line not in spool.rejected],
                               [(m, line, col) for m, line, col in spool.unknown if line not in spool.rejected])
    # rows whose id repeats an earlier row's are left out (only with skip_bad_rows: otherwise raised above)
    n_payouts = sum(len(spool.payouts(p)) for p in range(spool.k)) if spool.rejected else spool.n_payouts
    return PartitionedLedger(fund=fund or man.fund, members=member_rows, skipped=skipped, counts=counts,
                             files={k: str(s.path) for k, s in man.files.items()}, n_payouts=n_payouts,
                             tmp=tmp, spool=spool,
                             stats={"partitions": spool.k, "partition_rows": spool.part_rows,
                                    "flush_rows": spool.rows, "pass1_max_instalments": spool.max_held,
                                    "id_buckets": spool.id_buckets},
                             notices=notices)
