"""The streamed replay's findings on disk: each partition's findings, in replay order, go to a run file of
pickled chunks; the runs are merged back into one replay order (at most 64 files open at once) while
findings.csv and findings.json are written, so no step holds every finding.

The three files are written as temporary files beside their final names and renamed into place only when all
are complete: never a partial file, and nothing left behind by a failure or an interruption.
"""

from __future__ import annotations

import csv
import heapq
import io
import operator
import os
import pickle
from pathlib import Path
from typing import Iterable

from ..core.output import make_dir, temp_file, unwritable
from .findings import CSV_COLUMNS

_RUN_CHUNK = 64  # findings per pickled chunk: a merge holds at most one chunk per run open (64 runs)
_MERGE_FAN_IN = 64


class CsvLine:
    """One row as the text ``csv.writer`` writes for it (the same writer settings as findings.csv)."""

    def __init__(self) -> None:
        self.buf = io.StringIO()
        self.w = csv.writer(self.buf, lineterminator="\n")

    def __call__(self, row: list[str]) -> str:
        self.buf.seek(0)
        self.buf.truncate()
        self.w.writerow(row)
        return self.buf.getvalue()


def write_run(path: Path, rows: Iterable[tuple[tuple, str, str]]) -> Path:
    """Findings already in replay order as pickled chunks of ``(order key, CSV line, JSON text)``: one partition's,
    or a group of runs merged."""
    with open(path, "wb") as f:
        chunk: list[tuple[tuple, str, str]] = []
        for r in rows:
            chunk.append(r)
            if len(chunk) >= _RUN_CHUNK:
                pickle.dump(chunk, f, protocol=pickle.HIGHEST_PROTOCOL)
                chunk = []
        if chunk:
            pickle.dump(chunk, f, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _read_run(path: Path) -> Iterable[tuple[tuple, str, str]]:
    with open(path, "rb") as f:
        while True:
            try:
                chunk = pickle.load(f)
            except EOFError:
                return
            yield from chunk


def _merged(runs: list[Path], tmp: Path) -> Iterable[tuple[tuple, str, str]]:
    """The findings of every run in one replay order (runs merged in groups of at most 64 open files)."""
    runs = list(runs)
    level = 0
    while len(runs) > _MERGE_FAN_IN:
        level += 1
        merged = []
        for i in range(0, len(runs), _MERGE_FAN_IN):
            group = runs[i:i + _MERGE_FAN_IN]
            path = write_run(tmp / f"merge-{level}-{i // _MERGE_FAN_IN:05d}.pickle",
                             heapq.merge(*(_read_run(g) for g in group), key=operator.itemgetter(0)))
            for g in group:
                g.unlink()
            merged.append(path)
        runs = merged
    return heapq.merge(*(_read_run(r) for r in runs), key=operator.itemgetter(0))


def write_streamed(d: Path, runs: list[Path], tmp: Path, head: list[str], summary: bytes) -> list[Path]:
    """findings.csv, findings.json and summary.csv written as temp files in ``d`` while the runs are merged, then
    renamed into place: never a partial file; the temp files are removed on any failure or interruption."""
    make_dir(d, parents=True)
    names = ("findings.csv", "findings.json", "summary.csv")
    temps: dict[str, str] = {}
    try:
        for name in names:
            fd, path = temp_file(d, name)  # the user's umask, not mkstemp's 0600
            os.close(fd)
            temps[name] = path
        with open(temps["findings.csv"], "w", encoding="utf-8", newline="") as fc, \
                open(temps["findings.json"], "w", encoding="utf-8", newline="") as fj:
            csv.writer(fc, lineterminator="\n").writerow(CSV_COLUMNS)
            fj.write("\n".join(head) + "\n")
            first = True
            for _key, row, text in _merged(runs, tmp):
                fc.write(row)
                if not first:
                    fj.write(",\n")
                fj.write(text)
                first = False
            fj.write("\n]}\n")
            for f in (fc, fj):
                f.flush()
                os.fsync(f.fileno())
        with open(temps["summary.csv"], "wb") as fs:
            fs.write(summary)
            fs.flush()
            os.fsync(fs.fileno())
        paths = []
        for name in names:
            os.replace(temps.pop(name), d / name)
            paths.append(d / name)
        return paths
    except OSError as e:  # a full disk, permissions changed meanwhile: located, and nothing left behind
        raise unwritable(d, e) from None
    finally:
        for path in temps.values():
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
