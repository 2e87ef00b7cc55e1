"""Replay: every recorded payout re-decided with the regulation in force on its event date.

How a payout is judged (docs/auditors.md explains it for auditors):

1. Payouts are taken in date order: event date, then filing date, then payout id.
2. **paid_twice** -- an earlier payout of the same benefit for the same event: the same member on the same event
   date, or the same ``event_ref`` (two members paid for one birth).  The first one is judged on its merits; the
   later one is a duplicate whatever the regulation says.
3. **unknown_benefit** -- the benefit is not in the version in force on the event date.
4. Otherwise the engine decides the payout as a claim (its payout id is the claim id), with the member's history
   from the ledger and the caps consumed by the payouts before it:
   - not eligible and the deadline is the only failing check: **late**;
   - not eligible and the only failing checks say the event (or allowance period) was already paid:
     **paid_twice**;
   - not eligible otherwise: **not_entitled**, with every failing check;
   - eligible: **supported** when the recorded amount equals the amount the regulation gives, **overpaid** when
     more (the supported amount is reported), **underpaid** when less.
5. **Caps are consumed by what was rightly paid**: after a payout is judged, it counts toward the caps, counts and
   offsets of the member's later claims with ``min(recorded, supported)``.  A payout that was not supported
   consumes nothing, an overpaid one consumes only its supported amount and an underpaid one what was actually
   paid.  So one mistake is reported once and does not spread to the payouts after it, and a member who was
   underpaid once is entitled to the remainder later, exactly as the regulation's caps read.
6. Members are independent of each other (caps are per member), so each member's payouts are replayed in date
   order one member at a time, which keeps memory to one member's history.  :func:`replay_to` (``swf-rules
   replay``) goes further: it replays a :class:`~swf_rules.books.PartitionedLedger` one partition of members at
   a time and merges the findings back into date order while writing the files, so no step holds the whole
   ledger or every finding (:meth:`Replayer.run_partitioned`); the output bytes are those of the in-memory
   :func:`replay` + :func:`write_outputs`.
7. **undetermined** -- a verdict that depends on the day of a year-only (placeholder) date in the register: the
   payout is judged under every combination of the first and the last possible day of each placeholder; when
   the verdicts differ, no day-exact verdict is claimed.

The output is byte-identical for the same ledger and regulation, whatever calendar the ledger's dates were in.

This module holds the entry points and the :class:`Replayer`'s two runs (in memory, and streamed a partition at a
time); one member's payouts are judged in :mod:`._judge`, the verdicts and their files are in :mod:`.findings`,
and the streamed run's findings wait on disk in :mod:`._merge`.
"""

from __future__ import annotations

import contextlib
import gc
import operator
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Iterator, Mapping, TextIO

from ..core import Engine, gc_paused
from ..core.errors import InputError, Problem, RegulationError, make_problem
from ..books import (PARTITION_ROWS, Ledger, MemberRecord, PartitionedLedger, PayoutRow, read_ledger,
                     stream_ledger)
from ..core.schedules import regulation_periods
from ..core.validate import Regulation, load_regulation
from ._judge import MemberJudge, duplicates, duplicates_with
from ._merge import CsvLine, write_run, write_streamed
from .findings import Finding, ReplayResult, StreamedReplay, Tally, json_head, json_row, summary_csv


class Replayer:
    """Judges a ledger's payouts against one fund's regulation."""

    def __init__(self, regulation: Regulation, columnar: bool | None = None):
        """``columnar``: judge with the columnar engine (default: when numpy is installed); the findings are the
        same either way."""
        self.regulation = regulation
        self.engine = Engine(regulation)
        self._judge = MemberJudge(regulation, self.engine)
        if columnar is None:
            from ..columnar import available
            columnar = available()
        self._columnar = None
        if columnar:
            from ._columnar import ColumnarJudge
            self._columnar = ColumnarJudge(self._judge)

    @property
    def stats(self) -> dict[str, int]:
        """The columnar engine's counts over the run (claims vectorised, decided by the per-claim engine, ...)."""
        return dict(self._columnar.stats) if self._columnar is not None else {}

    def _judged(self, members: Mapping[str, MemberRecord], by_member: dict[str, list[PayoutRow]],
                dup_of: dict[str, str]) -> Iterator[tuple[str, list[Finding]]]:
        """(member id, the member's findings in replay order), members in id order."""
        if self._columnar is not None:
            yield from self._columnar.members(members, by_member, dup_of)  # type: ignore[arg-type]
            return
        for mid in sorted(by_member):
            yield mid, self._judge.member(members[mid], by_member[mid], dup_of)

    def run(self, ledger: Ledger, progress: Callable[[int], None] | None = None) -> ReplayResult:
        dup_of = duplicates(ledger.payouts)
        by_member = _by_member(ledger.payouts)
        results: dict[str, Finding] = {}
        done = 0
        for mid, found in self._judged(ledger.members, by_member, dup_of):
            for f in found:
                results[f.payout.payout_id] = f
            done += len(by_member[mid])
            if progress is not None:
                progress(done)
        findings = [results[p.payout_id] for p in ledger.payouts]
        return ReplayResult(self.regulation.fund_id, self.regulation, findings, dict(ledger.counts),
                            list(ledger.skipped), list(ledger.notices))

    def run_partitioned(self, ledger: PartitionedLedger, out: str | Path | None = None,
                        progress: Callable[[int], None] | None = None) -> StreamedReplay:
        """Replay a :class:`~swf_rules.books.PartitionedLedger` one partition of members at a time and, when
        ``out`` is given, write findings.csv, findings.json and summary.csv there: the same bytes as
        :func:`write_outputs` of :meth:`run` on the whole ledger.

        Each partition's members are judged by the same code as :meth:`run` (members are independent; the links
        between members, payouts repeated by ``event_ref``, are resolved first over the whole ledger).  Its
        findings go, sorted in replay order, to a run file; the runs are then merged back into one replay order
        while the files are written.  The totals and the summary are added up as the findings come.
        """
        with _register_frozen():
            return self._run_partitioned(ledger, out, progress)

    def _run_partitioned(self, ledger: PartitionedLedger, out: str | Path | None,
                         progress: Callable[[int], None] | None) -> StreamedReplay:
        t0 = time.perf_counter()
        tally, runs = self.judge_runs(ledger, ledger.tmp if out is not None else None, progress)
        result = StreamedReplay(self.regulation.fund_id, self.regulation, tally, dict(ledger.counts),
                                list(ledger.skipped), list(ledger.notices), stats=dict(ledger.stats))
        t1 = time.perf_counter()
        if out is not None:
            head = json_head(result.fund, self.regulation, result.ledger_counts, result.skipped, tally.totals(),
                             tally.summary(), result.notices)
            result.outputs = write_streamed(Path(out), runs, ledger.tmp, head, summary_csv(tally.summary()))
        result.seconds = {"replay": t1 - t0, "write": time.perf_counter() - t1}
        return result

    def judge_runs(self, ledger: PartitionedLedger, runs: Path | None, progress: Callable[[int], None] | None = None,
                   links: dict[str, str] | None = None, prefix: str = "findings") -> tuple[Tally, list[Path]]:
        """Judge every partition: the tally, and (when ``runs`` is a directory) each partition's findings, in replay
        order, in a run file there (``prefix-NNNNN.pickle``).  ``links``: the ``event_ref`` links across the whole
        ledger, when ``ledger`` holds only some of its members (a task of :mod:`swf_rules.audit.scale`)."""
        with _register_frozen():
            return self._judge_runs(ledger, runs, progress, links, prefix)

    def _judge_runs(self, ledger: PartitionedLedger, runs: Path | None, progress: Callable[[int], None] | None,
                    links: dict[str, str] | None, prefix: str) -> tuple[Tally, list[Path]]:
        links = ledger.ref_links() if links is None else links
        tally = Tally()
        files: list[Path] = []
        done = 0
        for part in range(ledger.partitions):
            recs, payouts = ledger.partition(part)
            dup_of = duplicates_with(payouts, links)
            by_member = _by_member(payouts)
            rows: list[tuple[tuple, str, str]] = []
            line = CsvLine()
            with gc_paused():  # one partition at a time: whatever it allocates is bounded by the partition
                for mid, found in self._judged(recs, by_member, dup_of):
                    for f in found:
                        tally.add(f)
                        if runs is not None:
                            rows.append((f.payout.order_key(), line(f.csv_row()), json_row(f)))
                    done += len(by_member[mid])
                    if progress is not None:
                        progress(done)
            del recs, payouts, by_member, dup_of
            ledger.release(part)
            if runs is not None and rows:
                rows.sort(key=operator.itemgetter(0))
                files.append(write_run(runs / f"{prefix}-{part:05d}.pickle", rows))
            del rows
        return tally, files


_FROZEN = [0]  # replays inside _register_frozen, in any thread (the first freezes, the last gives back)
_FROZEN_LOCK = threading.Lock()


@contextlib.contextmanager
def _register_frozen() -> Iterator[None]:
    """The objects alive now -- the ledger's register, read before judging -- kept out of the cyclic collector's
    walks while the partitions are judged and their findings merged (``gc.freeze``), and given back after.  Each
    partition allocates many objects; the collections they trigger would otherwise walk the whole register every
    time: a cost of members x partitions, which grew faster than the books (docs/performance.md)."""
    with _FROZEN_LOCK:
        if _FROZEN[0] == 0:
            gc.freeze()
        _FROZEN[0] += 1
    try:
        yield
    finally:
        with _FROZEN_LOCK:
            _FROZEN[0] -= 1
            if _FROZEN[0] == 0:
                gc.unfreeze()


def _by_member(payouts: list[PayoutRow]) -> dict[str, list[PayoutRow]]:
    """member id -> the member's payouts, in the order given (replay order)."""
    out: dict[str, list[PayoutRow]] = {}
    for p in payouts:
        out.setdefault(p.member_id, []).append(p)
    return out


# ---------------------------------------------------------------------------------------------- entry points
def find_regulation(directory: str | Path, fund_id: str) -> Regulation:
    """The regulation of ``fund_id`` among the ``*.yaml`` files of ``directory``.

    Only the files that declare ``fund: {id: <fund_id>}`` are loaded: each file's fund id is read first by libyaml's
    event parser (:func:`~swf_rules.core.load.peek_scalar`), so another fund's file, however large or broken, costs
    almost nothing; a file too large to be a regulation is skipped unread.  Files that could not be identified
    are reported (``regulation-unidentified``, with the problems of this fund's broken files) when no regulation
    of the fund is found."""
    from ..core.load import peek_scalar
    d = Path(directory)
    if not d.is_dir():
        raise InputError([make_problem("file-not-found", file=str(d))])
    broken: list[Problem] = []
    found: list[Regulation] = []
    for path in sorted(d.glob("*.yaml")):
        try:
            declared = peek_scalar(path, ("fund", "id"))
        except RegulationError as e:  # unreadable, not UTF-8, too large: skipped without being parsed
            broken.extend(e.problems)
            continue
        if declared is None:
            broken.append(make_problem("regulation-unidentified", file=str(path),
                                       detail="no readable 'fund: id:'"))
            continue
        if declared != fund_id:
            continue
        try:
            reg = load_regulation(path)
        except RegulationError as e:
            broken.extend(e.problems)
            continue
        if reg.fund_id == fund_id:
            found.append(reg)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise InputError([make_problem("duplicate-version", value=f"{fund_id} (in {len(found)} files)")])
    raise InputError([make_problem("unknown-regulation", file=str(d), value=fund_id,
                                   hint=(f"no *.yaml file in {d} declares fund id '{fund_id}'",
                                         f"ไม่มีไฟล์ *.yaml ใน {d} ที่ประกาศรหัสกองทุน '{fund_id}'"))] + broken)


def _regulation_of(regulations: str | Path, ledger_dir: str | Path, manifest: str | Path | None,
                   fund: str | None) -> tuple[Regulation, str, set[str]]:
    from ..books import read_manifest
    man = read_manifest(Path(ledger_dir), manifest)
    fund_id = fund or man.fund
    if fund_id is None:
        raise InputError([make_problem("ledger-no-fund", file=str(ledger_dir),
                                       hint=("add 'fund: <id>' to ledger.yaml or pass --fund",
                                             "เพิ่ม 'fund: <รหัส>' ใน ledger.yaml หรือระบุ --fund"))])
    reg = find_regulation(regulations, fund_id)
    return reg, fund_id, regulation_periods(reg)


def load_for_replay(regulations: str | Path, ledger_dir: str | Path, *, calendar: str | None = None,
                    manifest: str | Path | None = None, fund: str | None = None,
                    skip_bad_rows: bool = False) -> tuple[Regulation, Ledger]:
    """The fund's regulation and its whole ledger in memory (:func:`read_ledger`); see :func:`open_for_replay`
    for books too long to hold."""
    reg, fund_id, periods = _regulation_of(regulations, ledger_dir, manifest, fund)
    led = read_ledger(ledger_dir, calendar=calendar, manifest=manifest, fund=fund_id, periods=periods,
                      skip_bad_rows=skip_bad_rows)
    return reg, led


def open_for_replay(regulations: str | Path, ledger_dir: str | Path, *, calendar: str | None = None,
                    manifest: str | Path | None = None, fund: str | None = None, skip_bad_rows: bool = False,
                    tmp_dir: str | Path | None = None, partition_rows: int | None = None,
                    columnar: bool | None = None) -> tuple[Regulation, PartitionedLedger]:
    """The fund's regulation and its ledger checked and partitioned on disk; use the ledger as a context manager
    so that its temporary files are removed.  With numpy and pyarrow installed (``columnar``, default: when they
    are), books that are plainly valid are read straight into columns
    (:func:`swf_rules.columnar.books.open_columns`); any others by :func:`stream_ledger`, which reports every
    problem."""
    reg, fund_id, periods = _regulation_of(regulations, ledger_dir, manifest, fund)
    return reg, open_books(ledger_dir, fund_id, periods, calendar=calendar, manifest=manifest,
                           skip_bad_rows=skip_bad_rows, tmp_dir=tmp_dir, partition_rows=partition_rows,
                           columnar=columnar)


def open_books(ledger_dir: str | Path, fund_id: str, periods: set[str], *, calendar: str | None = None,
               manifest: str | Path | None = None, skip_bad_rows: bool = False, tmp_dir: str | Path | None = None,
               partition_rows: int | None = None, columnar: bool | None = None) -> PartitionedLedger:
    """The books of :func:`open_for_replay` for a regulation already found (its fund id and instalment
    schedules)."""
    if tmp_dir is not None and not Path(tmp_dir).is_dir():
        raise InputError([make_problem("file-not-found", file=str(tmp_dir))])
    if columnar is None:
        from ..columnar import available
        columnar = available("numpy", "pyarrow")
    if columnar:
        from ..columnar.books import PARTITION_ROWS as COLUMN_ROWS, open_columns
        cols = open_columns(ledger_dir, calendar=calendar, manifest=manifest, fund=fund_id, periods=periods,
                            tmp_dir=tmp_dir, partition_rows=partition_rows or COLUMN_ROWS)
        if cols is not None:
            return cols  # type: ignore[return-value]
    return stream_ledger(ledger_dir, calendar=calendar, manifest=manifest, fund=fund_id, periods=periods,
                         skip_bad_rows=skip_bad_rows, tmp_dir=tmp_dir, partition_rows=partition_rows or PARTITION_ROWS)


def replay_to(regulations: str | Path, ledger_dir: str | Path, out: str | Path | None = None, *,
              calendar: str | None = None, manifest: str | Path | None = None, fund: str | None = None,
              skip_bad_rows: bool = False, tmp_dir: str | Path | None = None,
              partition_rows: int | None = None,
              progress: Callable[[int], Callable[[int], None]] | None = None) -> StreamedReplay:
    """``swf-rules replay`` as one call: check the ledger, replay it a partition at a time and write the three
    output files to ``out`` (when given), byte-identical to ``write_outputs(replay(*load_for_replay(...)), out)``,
    with memory that grows with the members, not with the instalments or payouts.  ``progress`` is called with
    the number of payouts and returns the callback that receives the count done so far."""
    reg, led = open_for_replay(regulations, ledger_dir, calendar=calendar, manifest=manifest, fund=fund,
                               skip_bad_rows=skip_bad_rows, tmp_dir=tmp_dir, partition_rows=partition_rows)
    with led:
        return Replayer(reg).run_partitioned(led, out, progress(led.n_payouts) if progress is not None else None)


def replay(regulation: Regulation, ledger: Ledger, progress: Callable[[int], None] | None = None) -> ReplayResult:
    return Replayer(regulation).run(ledger, progress)


def write_outputs(result: ReplayResult, out: str | Path) -> list[Path]:
    """findings.csv, findings.json and summary.csv in ``out`` (each written atomically)."""
    from ..core.output import make_dir, write_atomic
    d = make_dir(out, parents=True)
    files = {"findings.csv": result.findings_csv(), "findings.json": result.to_json(),
             "summary.csv": result.summary_csv()}
    paths = []
    for name, raw in files.items():
        write_atomic(d / name, raw)
        paths.append(d / name)
    return paths


class Progress:
    """A progress bar on a stream (stderr): redrawn at most once per percent."""

    def __init__(self, total: int, stream: TextIO | None = None, label: str = "replay"):
        self.total = max(total, 1)
        self.stream = stream or sys.stderr
        self.label = label
        self.shown = -1

    def __call__(self, done: int) -> None:
        pct = done * 100 // self.total
        if pct == self.shown:
            return
        self.shown = pct
        bar = "#" * (pct // 4) + "." * (25 - pct // 4)
        self.stream.write(f"\r{self.label} [{bar}] {pct:3d}% {done}/{self.total} payouts")
        if done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


__all__ = ["Progress", "Replayer", "find_regulation", "load_for_replay", "open_for_replay", "replay", "replay_to",
           "write_outputs"]
