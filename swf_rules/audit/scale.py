"""Replays spread over a Dask cluster: by fund, and by members within a very large fund.

``swf-rules replay --ledger PATH --workers N`` (a local cluster) or ``--scheduler ADDRESS`` (a running one).
``PATH`` is one fund's ledger directory, or a directory of them (one subdirectory per fund, e.g. ``fund=0001/``,
each with its ``ledger.yaml``; the national layout :func:`swf_rules.books.parquet.write_ledger_parquet` writes).
Each task replays one fund, or -- for a fund of Parquet books with more than ``members_per_task`` members -- one
range of its member ids (the instalments of other members are skipped by row group); the links between members
(payouts repeated by ``event_ref``) are found first over the fund's whole payouts and given to every task.  A task
writes its findings, sorted in replay order, to run files in a directory every worker can reach (the ledger's
filesystem) and returns the tally; the driver merges each fund's runs back into one replay order while writing
findings.csv, findings.json and summary.csv: the same bytes as a single process (``tests/test_scale.py``).

Workers must see the same paths as the driver (a local cluster does; a remote one needs the ledgers and the
output directory on a shared filesystem).  dask.distributed is needed (the ``scale`` extra).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..core.errors import InputError, Problem, SwfError, rank
from ._merge import write_streamed
from .findings import Tally, json_head, summary_csv

MEMBERS_PER_TASK = 20_000
"""Funds of Parquet books with more members than this are split into ranges of member ids, one task each."""
CONNECT_SECONDS = 10
"""How long ``--scheduler ADDRESS`` waits for the scheduler before the ``scheduler-unreachable`` problem."""
_LEDGER_FILES = ("ledger.yaml", "members.csv", "members.jsonl", "members.parquet")


@dataclass
class FundReplay:
    """One fund's replay as the driver merged it: what the screen summary needs, and the files written."""

    name: str  # the fund's directory name (its output subdirectory when there are several)
    fund: str
    tally: Tally
    ledger_counts: dict[str, int]
    skipped: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)  # irregular rows kept (swf_rules.core.notices)
    outputs: list[Path] = field(default_factory=list)
    tasks: int = 1
    stats: dict[str, int] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return self.tally.counts()

    def summary(self) -> list[dict[str, Any]]:
        return self.tally.summary()

    def totals(self) -> dict[str, Any]:
        return self.tally.totals()


def fund_dirs(path: str | Path) -> list[Path]:
    """The ledger directories under ``path``: itself when it is one, else its subdirectories that are, by name."""
    p = Path(path)
    if any((p / f).is_file() for f in _LEDGER_FILES) or not p.is_dir():
        return [p]
    found = sorted(d for d in p.iterdir() if d.is_dir() and any((d / f).is_file() for f in _LEDGER_FILES))
    return found or [p]  # no ledger anywhere: read as one, which says what is missing


def _client(scheduler: str | None, workers: int | None, processes: bool) -> Any:
    from ..columnar import require
    require("a replay on a Dask cluster", "การตรวจสอบย้อนหลังบนคลัสเตอร์ Dask", "dask", "distributed")
    from distributed import Client, LocalCluster
    if scheduler:
        try:
            return Client(scheduler, timeout=CONNECT_SECONDS)
        except (OSError, ValueError, TypeError) as e:  # no such address, nothing listening, not a scheduler
            from ..core.errors import InputError, make_problem
            raise InputError([make_problem("scheduler-unreachable", value=scheduler[:200],
                                           detail=str(e)[:300] or type(e).__name__)]) from None
    cluster = LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=processes,
                           dashboard_address=None)
    return Client(cluster)


def replay_funds(regulations: str | Path, ledger: str | Path, out: str | Path | None, *,
                 scheduler: str | None = None, workers: int | None = None, processes: bool = True,
                 members_per_task: int = MEMBERS_PER_TASK, tmp_dir: str | Path | None = None,
                 on_fund: Callable[[FundReplay], None] | None = None, calendar: str | None = None,
                 skip_bad_rows: bool = False) -> list[FundReplay]:
    """Replay every fund under ``ledger`` on a Dask cluster, writing each fund's files to ``out`` (one fund) or
    ``out/<fund directory name>`` (several), byte-identical to :func:`~swf_rules.audit.replay_to` with the same
    ``calendar`` (of the files whose manifest entry declares none) and ``skip_bad_rows``."""
    funds = fund_dirs(ledger)
    options = {"calendar": calendar, "skip_bad_rows": skip_bad_rows}
    many = len(funds) > 1 or Path(ledger) != funds[0]
    base = Path(tmp_dir) if tmp_dir is not None else (Path(out) if out is not None else None)
    if base is not None:
        base.mkdir(parents=True, exist_ok=True)
    for d in funds:  # each fund's regulation found (and each ledger.yaml read) before any work is sent
        _regulation(str(regulations), str(d))
    tmp = Path(tempfile.mkdtemp(prefix=".swf-scale-", dir=None if base is None else str(base)))
    client = _client(scheduler, workers, processes)
    results: list[FundReplay] = []
    try:
        plans = [(i, d, _split(d, members_per_task if not skip_bad_rows else 0, calendar))
                 for i, d in enumerate(funds)]
        futures: dict[Any, tuple[int, int]] = {}
        for i, d, (ranges, links) in plans:
            for j, rng in enumerate(ranges):
                fut = client.submit(replay_task, str(regulations), str(d), str(tmp), f"f{i:05d}-{j:04d}", rng, links,
                                    options, pure=False)
                futures[fut] = (i, j)
        parts: dict[int, dict[int, dict[str, Any]]] = {}
        from distributed import as_completed
        done: set[int] = set()
        for fut in as_completed(list(futures)):
            i, j = futures[fut]
            got = fut.result()
            if "problems" in got:  # the books' own problems, found by the task (not a failure of the task)
                raise InputError(got["problems"])
            if "oserror" in got:
                raise OSError(*got["oserror"])
            parts.setdefault(i, {})[j] = got
            if len(parts[i]) == len(plans[i][2][0]):
                d = funds[i]
                dest = None if out is None else (Path(out) / d.name if many else Path(out))
                fr = _merge(d, parts.pop(i), dest, tmp)
                results.append(fr)
                done.add(i)
                if on_fund is not None:
                    on_fund(fr)
    finally:
        client.close()
        cluster = getattr(client, "cluster", None)
        if cluster is not None:
            cluster.close()
        shutil.rmtree(tmp, ignore_errors=True)
    results.sort(key=lambda r: r.name)
    return results


def _split(d: Path, members_per_task: int, calendar: str | None = None
           ) -> tuple[list[tuple[str, str | None] | None], dict[str, str] | None]:
    """The member-id ranges of a fund's tasks ([None]: the whole fund) and, when split, the links between its
    members."""
    members = d / "members.parquet"
    if members_per_task <= 0 or not members.is_file():
        return [None], None
    import pyarrow.parquet as pq
    try:
        ids = sorted(set(pq.read_table(str(members), columns=["member_id"]).column(0).to_pylist()) - {None})
    except Exception:  # not readable as columns: one task, which reports why
        return [None], None
    if len(ids) <= members_per_task:
        return [None], None
    from ..columnar.books import payouts_of, ref_links
    got = payouts_of(d, calendar=calendar)
    if got is None:
        return [None], None
    cuts = [ids[k] for k in range(0, len(ids), members_per_task)]
    ranges: list[tuple[str, str | None] | None] = [(a, b) for a, b in zip(cuts, cuts[1:] + [None])]
    return ranges, ref_links(got[0])


def replay_task(regulations: str, ledger: str, runs: str, prefix: str, members: tuple[str, str | None] | None,
                links: dict[str, str] | None, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """One task on a worker: replay a fund (or a range of its members) into sorted run files under ``runs``;
    returns the tally, the run files, the ledger's counts, skipped rows and notices, and the name of the fund.
    ``options``: ``calendar`` and ``skip_bad_rows`` as :func:`~swf_rules.audit.open_for_replay` takes them."""
    try:
        return _replay_task(regulations, ledger, runs, prefix, members, links, options or {})
    except SwfError as e:  # returned, not raised: the driver reports them as for a single process
        return {"problems": list(e.problems)}
    except OSError as e:  # a path the system refused: raised again by the driver, where the command locates it
        if e.filename is None:
            raise
        return {"oserror": [e.errno, e.strerror, str(e.filename)]}


def _replay_task(regulations: str, ledger: str, runs: str, prefix: str, members: tuple[str, str | None] | None,
                 links: dict[str, str] | None, options: dict[str, Any]) -> dict[str, Any]:
    from .replay import open_books
    reg, fund_id, periods, replayer = _regulation(regulations, ledger)
    if members is None:
        led = open_books(ledger, fund_id, periods, tmp_dir=runs, calendar=options.get("calendar"),
                         skip_bad_rows=bool(options.get("skip_bad_rows")))
    else:
        from ..columnar.books import open_columns
        led = open_columns(ledger, fund=fund_id, periods=periods, tmp_dir=runs, members=members,
                           calendar=options.get("calendar"))
        if led is None:  # the books are not plainly valid after all: the checking reader reports why
            with open_books(ledger, fund_id, periods, tmp_dir=runs, calendar=options.get("calendar"),
                            columnar=False):
                pass
            raise RuntimeError(f"{ledger}: the checking reader accepts books the split reader refused")
    with led:
        tally, files = replayer.judge_runs(led, Path(runs), links=links, prefix=prefix)  # type: ignore[arg-type]
        return {"tally": tally, "runs": [str(f) for f in files], "counts": dict(led.counts),
                "skipped": list(led.skipped), "notices": list(led.notices), "fund": reg.fund_id,
                "regulations": regulations,
                "stats": {**led.stats, **replayer.stats}}


_REGULATIONS: dict[tuple[str, str], Any] = {}  # per worker process: (directory, fund id) -> (regulation, replayer)


def _regulation(regulations: str, ledger: str) -> tuple[Any, str, set[str], Any]:
    """The fund's regulation (found once per worker and regulations directory) and a replayer for it."""
    from ..books import read_manifest
    from ..core.errors import InputError, make_problem
    from .replay import Replayer, find_regulation
    fund_id = read_manifest(Path(ledger)).fund
    if fund_id is None:
        raise InputError([make_problem("ledger-no-fund", file=str(ledger),
                                       hint=("add 'fund: <id>' to ledger.yaml", "เพิ่ม 'fund: <รหัส>' ใน ledger.yaml"))])
    key = (regulations, fund_id)
    got = _REGULATIONS.get(key)
    if got is None:
        reg = find_regulation(regulations, fund_id)
        got = _REGULATIONS[key] = (reg, Replayer(reg))
    reg, replayer = got
    return reg, fund_id, {v.membership.contribution.period for v in reg.versions}, replayer


def _merge(d: Path, parts: dict[int, dict[str, Any]], out: Path | None, tmp: Path) -> FundReplay:
    """A fund's task results as one replay: tallies added, counts summed over member ranges, runs merged."""
    first = parts[0]
    tally = Tally()
    counts = dict(first["counts"])
    stats: dict[str, int] = {}
    for j in sorted(parts):
        tally.merge(parts[j]["tally"])
        for k, v in parts[j]["stats"].items():
            stats[k] = stats.get(k, 0) + v if isinstance(v, int) else v
        if j:
            for k in ("contributions", "payouts"):
                counts[k] = counts.get(k, 0) + parts[j]["counts"].get(k, 0)
    runs = [Path(r) for j in sorted(parts) for r in parts[j]["runs"]]
    notices = rank(p for j in sorted(parts) for p in parts[j]["notices"])  # each range's rows: one file's order
    fr = FundReplay(d.name, first["fund"], tally, counts, list(first["skipped"]), notices, tasks=len(parts),
                    stats=stats)
    if out is not None:
        reg = _regulation(first["regulations"], str(d))[0]
        head = json_head(fr.fund, reg, counts, fr.skipped, tally.totals(), tally.summary(), fr.notices)
        fr.outputs = write_streamed(out, runs, tmp, head, summary_csv(tally.summary()))
    for r in runs:
        r.unlink(missing_ok=True)
    return fr


__all__ = ["FundReplay", "MEMBERS_PER_TASK", "fund_dirs", "replay_funds", "replay_task"]
