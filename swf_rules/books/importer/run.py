"""``swf-rules import``: a fund's books (a workbook, a CSV export, or a folder of them) into the canonical ledger.

1. **Convert.**  Every sheet or file the mapping names is read row by row; each cell is converted (dates in the
   declared calendar and format, periods, money, value maps) into the register's canonical CSV file in a working
   folder, with every bad cell reported at its ``sheet!cell`` or ``file:line:column``.
2. **Check.**  The working folder is read by the ledger's own reader (:func:`~swf_rules.books.stream_ledger`,
   which keeps the instalments on disk: memory grows with the members, not the rows) and the accounts and
   beneficiaries checks; what they find is reported at the source cell the row came from.
3. **Write, all or nothing.**  Only a book with no problem -- or, with ``skip_bad_rows``, with its bad rows left
   out and listed -- is written: the working folder becomes ``out`` by one rename.  Notices (duplicate entries,
   balances that do not reconcile, national IDs that fail their check digit) never stop the import; they are
   listed and ``swf-rules status`` shows them again.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...core.errors import InputError, Problem, UsageError, make_problem, rank
from ..accounts import check_accounts, ledger_flows
from ..columns import ALL_KINDS, KINDS
from ..manifest import read_manifest
from ..records import satang_to_decimal
from ..stream import stream_ledger
from .._registers import read_accounts, read_beneficiaries
from ._convert import Converted, convert
from ._sources import Table, open_tables
from .mapping import ImportMapping, read_mapping
from .template import template_mapping

_KIND_TH = {"members": "ทะเบียนสมาชิก", "contributions": "เงินสัจจะ", "payouts": "การจ่ายสวัสดิการ"}


@dataclass
class ImportResult:
    """What an import found and did."""

    counts: dict[str, int]
    notices: list[Problem]
    skipped: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def import_books(source: str | Path, out: str | Path | None = None, *, mapping: str | Path | ImportMapping | None = None,
                 encoding: str | None = None, dry_run: bool = False, skip_bad_rows: bool = False,
                 fund: str | None = None) -> ImportResult:
    """Import the books at ``source`` into the ledger folder ``out``; raise :class:`InputError` listing every
    problem (nothing written) unless ``skip_bad_rows``.  ``mapping`` is a mapping file or value; without one the
    source is read as the published template.  ``dry_run`` checks everything and writes nothing."""
    src = Path(source)
    if not src.exists():
        raise InputError([make_problem("file-not-found", file=str(src))])
    if src.is_file() and src.suffix.lower() not in (".xlsx", ".xlsm", ".csv", ".txt"):
        raise InputError([make_problem("import-unknown-format", file=str(src), value=src.name)])
    m = mapping if isinstance(mapping, ImportMapping) else read_mapping(mapping) if mapping is not None \
        else template_mapping()
    if not dry_run:
        if out is None:
            raise UsageError("import_books needs out= unless dry_run")
        target = Path(out)
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            raise InputError([make_problem("output-exists", file=str(target),
                                           hint=("give a new folder, or remove this one",
                                                 "ระบุโฟลเดอร์ใหม่ หรือลบโฟลเดอร์นี้"))])
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.import-", dir=str(target.parent)))
    else:
        work = Path(tempfile.mkdtemp(prefix="swf-import-"))
    try:
        result = _import(src, work, m, encoding, skip_bad_rows, fund or m.fund)
        if not dry_run:
            for p in work.glob(".*.src"):
                p.unlink()
            target = Path(out)  # type: ignore[arg-type]
            if target.exists():
                target.rmdir()
            os.replace(work, target)
            result.written = sorted(target / p.name for p in target.iterdir())
        return result
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)


def _import(src: Path, work: Path, m: ImportMapping, encoding: str | None, skip: bool,
            fund: str | None) -> ImportResult:
    problems: list[Problem] = []
    failed: set[str] = set()
    tables = open_tables(src, m, encoding, problems, failed)
    by_kind: dict[str, list[Table]] = {}
    for t in tables:
        by_kind.setdefault(t.spec.kind, []).append(t)
    for kind in KINDS:
        if kind not in by_kind and kind not in failed:
            wanted = [t.sheet or t.path or "?" for t in m.tables if t.kind == kind] or [kind]
            problems.append(make_problem("import-missing-source", file=str(src), path=(kind,), kind=kind,
                                         kind_th=_KIND_TH[kind], expected=", ".join(wanted)))
    flat: list[Table] = []
    conv: dict[str, Converted] = {}
    for kind in ALL_KINDS:
        if kind in by_kind:
            conv[kind] = convert(kind, by_kind[kind], work, problems, m.calendar, base=len(flat))
            flat.extend(by_kind[kind])
    if any(k not in conv for k in KINDS):
        raise InputError(problems)
    manifest = (f"# ledger imported by swf-rules from {src.name}\n" + (f"fund: {fund}\n" if fund else "")
                + "files:\n" + "".join(f"  {k}: {{path: {k}.csv, calendar: gregorian}}\n" for k in conv))
    (work / "ledger.yaml").write_text(manifest, encoding="utf-8")
    loc = _Locator(work, conv, flat)
    skipped: list[Problem] = []
    if skip and conv["members"].bad_ids:  # a member whose register row is bad is left out with all their rows
        loc.drop_rows([], conv["members"].bad_ids)
    for _attempt in range(3):
        checked, notices = _check(work, fund, skip)
        checked = loc.place([p for p in checked if not _cascade(p, conv)])
        if not skip:
            errors = rank(problems + checked)
            if errors:
                raise InputError(errors)
            break
        skipped.extend(checked)
        if not checked:
            break
        loc.drop_rows(checked)
    else:  # rows left out keep making others bad: stop rather than write a ledger that does not read
        raise InputError(rank(problems + skipped))
    skipped = rank(problems + skipped)
    counts = {k: _count(work / f"{k}.csv") for k in conv}
    return ImportResult(counts, rank(loc.place(notices)), skipped)


def _cascade(p: Problem, conv: dict[str, Converted]) -> bool:
    """Problems the ledger reader finds only because a bad row was left out at conversion (reported there)."""
    if p.code == "ledger-skipped-member":
        return True
    members = conv.get("members")
    return p.code == "unknown-member" and members is not None and p.value in members.bad_ids


def _check(work: Path, fund: str | None, skip: bool) -> tuple[list[Problem], list[Problem]]:
    """The ledger's own checks on the working folder: (problems, notices)."""
    problems: list[Problem] = []
    notices: list[Problem] = []
    members: dict[str, Any] = {}
    known = True
    flows: dict[str, dict[int, Any]] = {}
    try:
        with stream_ledger(work, fund=fund, skip_bad_rows=skip) as led:
            problems.extend(led.skipped)
            notices.extend(led.notices)  # irregular rows kept as recorded (contribution after death, ...)
            members = led.members
            flows = _flows(led)
    except InputError as e:
        problems.extend(e.problems)
        known = False
    man = read_manifest(work)
    if "accounts" in man.files:
        entries = read_accounts(man.files["accounts"], "gregorian", problems)
        notices.extend(check_accounts(entries, str(man.files["accounts"].path), flows if known else None))
    if "beneficiaries" in man.files:
        read_beneficiaries(man.files["beneficiaries"], members, known, problems, notices)
    return problems, notices


def _flows(led: Any) -> dict[str, dict[int, Any]]:
    """The cash account's money by day, one partition of members at a time (never every instalment at once)."""
    sp = led.spool

    def contributions() -> Any:
        for p in range(sp.k):
            lo, hi = sp.bounds[p]
            recs = sp.recs[lo:hi]
            sp.load(p, {r.member_id for r in recs})
            for r in recs:
                for o, a in zip(r.dates, r.amounts):
                    yield o, satang_to_decimal(a)
            sp.release(p)

    def payouts() -> Any:
        for p in range(sp.k):
            for t in sp.payouts(p):
                yield (t[7] or t[3]).toordinal(), t[4]

    return ledger_flows(contributions(), payouts())


def _count(path: Path) -> int:
    with open(path, "rb") as f:
        return max(0, sum(1 for _ in f) - 1)


class _Locator:
    """Canonical (file, line, column) -> the source cell the row came from, through the sidecar files."""

    def __init__(self, work: Path, conv: dict[str, Converted], flat: list[Table]):
        self.work = work
        self.conv = conv
        self.flat = flat
        self.by_file = {str(work / f"{k}.csv"): k for k in conv}

    def _rows(self, kind: str, lines: set[int]) -> dict[int, tuple[int, int]]:
        """Canonical line -> (table index, source row), for the lines asked."""
        out: dict[int, tuple[int, int]] = {}
        if not lines:
            return out
        with open(self.work / f".{kind}.src", encoding="utf-8") as f:
            for n, text in enumerate(f, 2):
                if n in lines:
                    t, r = text.split()
                    out[n] = (int(t), int(r))
        return out

    def place(self, problems: list[Problem]) -> list[Problem]:
        want: dict[str, set[int]] = {}
        for p in problems:
            kind = self.by_file.get(p.file or "")
            if kind is not None:
                s = want.setdefault(kind, set())
                if p.line:
                    s.add(p.line)
                if isinstance(p.params.get("first_line"), int):
                    s.add(p.params["first_line"])
        rows = {k: self._rows(k, v) for k, v in want.items()}
        out = []
        for p in problems:
            kind = self.by_file.get(p.file or "")
            if kind is None:
                out.append(p)
                continue
            out.append(self._moved(p, kind, rows[kind]))
        return out

    def _moved(self, p: Problem, kind: str, rows: dict[int, tuple[int, int]]) -> Problem:
        c = self.conv[kind]
        params = dict(p.params)
        fl = params.get("first_line")
        if isinstance(fl, int) and fl in rows:
            t, r = rows[fl]
            tb = self.flat[t]
            params["first_line"] = f"{tb.sheet}!{r}" if tb.sheet else f"{Path(tb.file).name}:{r}"
        hint = (p.hint_en, p.hint_th or "") if p.hint_en else None
        if p.line in rows:
            t, r = rows[p.line]
            tb = self.flat[t]
            fld = c.header[p.col - 1] if p.col and p.col - 1 < len(c.header) else None
            col = c.colmaps[t - self._base(kind)].get(fld or "", 1) if fld else 1
            return make_problem(p.code, file=tb.file, sheet=tb.sheet, line=r, col=col, path=p.path,
                                clause=p.clause, hint=hint, **params)
        tb = c.tables[0]
        return make_problem(p.code, file=tb.file, path=p.path, clause=p.clause, hint=hint, **params)

    def _base(self, kind: str) -> int:
        return self.flat.index(self.conv[kind].tables[0])

    def drop_rows(self, problems: list[Problem], members: set[str] | None = None) -> None:
        """Leave out the rows the problems are about (``skip_bad_rows``), with every row of a member whose
        register row is bad."""
        bad: dict[str, set[tuple[int, int]]] = {}
        for p in problems:
            for kind, c in self.conv.items():
                if p.file in {t.file for t in c.tables} and p.line is not None:
                    for i, t in enumerate(c.tables):
                        if t.file == p.file and t.sheet == p.sheet:
                            bad.setdefault(kind, set()).add((self._base(kind) + i, p.line))
        bad_members: set[str] = set(members or ())
        for kind in ("members",) + tuple(k for k in self.conv if k != "members"):
            if kind not in self.conv:
                continue
            path = self.work / f"{kind}.csv"
            side = self.work / f".{kind}.src"
            mid_col = self.conv[kind].header.index("member_id") if "member_id" in self.conv[kind].header else None
            with open(path, encoding="utf-8", newline="") as f, open(side, encoding="utf-8") as s, \
                    open(path.with_suffix(".tmp"), "w", encoding="utf-8", newline="") as fo, \
                    open(side.with_suffix(".tmp"), "w", encoding="utf-8") as so:
                fo.write(f.readline())
                w = csv.writer(fo, lineterminator="\n")
                for row, loc in zip(csv.reader(f), s):  # streamed: nothing but the current row is held
                    t, r = (int(x) for x in loc.split())
                    mid = row[mid_col] if mid_col is not None else None
                    if (t, r) in bad.get(kind, set()):
                        if kind == "members" and mid:
                            bad_members.add(mid)
                        continue
                    if kind != "members" and mid in bad_members:
                        continue
                    w.writerow(row)
                    so.write(loc)
            os.replace(path.with_suffix(".tmp"), path)
            os.replace(side.with_suffix(".tmp"), side)
