"""A fund's books imported in the browser (or through ``POST /api/v1/import``), kept for the session that
imported them.

The upload is written under fixed names into a temporary folder of the server's own (the workbook as
``books.xlsx``, the published template's sheets as ``<sheet>.csv``: the client's file names are never used), and
read by the same importer as ``swf-rules import`` (:func:`swf_rules.books.importer.import_books`: the hardened CSV
and workbook readers, every problem at its ``sheet!cell`` or ``file:line:col``, written all or nothing).  A clean
import becomes a ledger folder named ``import-<random>`` inside the server's own imports folder; the upload is
removed at once.  Problems and notices name the uploaded files as ``books.xlsx`` or ``<sheet>.csv``, never a path
on the server.

The books are usable by name (status, review, what if, deciding a claim) for as long as the server runs; the
browser's session lists its own.  The store is bounded: :data:`PER_SESSION` books per session and :data:`TOTAL`
in all, the oldest removed first; a workbook that unpacks to more than :data:`MAX_UNPACKED` bytes is refused
before it is read (``workbook-too-large``).
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from ..books.importer import ImportResult, import_books
from ..books.importer.template import SHEETS
from ..core.errors import InputError, Problem, make_problem

WORKBOOK = "books.xlsx"
# the upload's CSV parts: a field name for each sheet of the published template, in the template's order
CSV_PARTS: dict[str, str] = dict(zip(("members", "contributions", "payouts", "income", "expenses",
                                      "beneficiaries"), SHEETS))
ENCODINGS = ("auto", "utf-8", "cp874", "tis-620")
MAX_UNPACKED = 64 * 1024 * 1024
MAX_ZIP_ENTRIES = 2_000
PER_SESSION = 3
TOTAL = 12


@dataclass(frozen=True)
class Imported:
    """One imported books folder."""

    name: str
    fund_id: str
    path: Path
    session: str
    label: str  # what was uploaded, as the user knows it ("books.xlsx", or the sheets sent as CSV)
    counts: dict[str, int] = field(default_factory=dict)


def relabel(problems: list[Problem], base: Path) -> list[Problem]:
    """The problems with the upload folder's path taken out of their file names (``books.xlsx``, ``สมาชิก.csv``;
    the folder itself is ``.``)."""
    root = str(base)
    out = []
    for p in problems:
        if p.file is not None and (p.file == root or p.file.startswith(root + "/")):
            p = replace(p, file=p.file[len(root) + 1:] or ".")
        out.append(p)
    return out


def check_workbook(path: Path, limit: int | None = None) -> None:
    """Refuse a workbook that unpacks to more than ``limit`` bytes (default :data:`MAX_UNPACKED`) or holds an absurd
    number of parts, before anything reads it.  A file that is not a zip archive is left to the importer, which
    says so."""
    limit = MAX_UNPACKED if limit is None else limit
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    size = sum(i.file_size for i in infos)
    if size > limit or len(infos) > MAX_ZIP_ENTRIES:
        raise InputError([make_problem("workbook-too-large", file=path.name, size=size, limit=limit)])


class ImportStore:
    """The imported books of every session, in a temporary folder of the server's own (removed at the end)."""

    def __init__(self, on_drop: Callable[[Path], None] | None = None, per_session: int = PER_SESSION,
                 total: int = TOTAL):
        self._on_drop = on_drop
        self.per_session = per_session
        self.total = total
        self._lock = threading.Lock()
        self._root: Path | None = None
        self._books: list[Imported] = []  # oldest first

    def _folder(self) -> Path:
        with self._lock:
            if self._root is None:
                self._root = Path(tempfile.mkdtemp(prefix="swf-rules-imports-"))
            return self._root

    def run(self, upload: Path, *, session: str, fund_id: str, label: str, encoding: str | None = None,
            skip_bad_rows: bool = False, dry_run: bool = False) -> tuple[Imported | None, ImportResult]:
        """Import the upload folder (``books.xlsx`` or ``<sheet>.csv`` files); keep the books unless
        ``dry_run``.  Raises :class:`InputError` with every problem (relabelled), keeping nothing."""
        source = upload / WORKBOOK if (upload / WORKBOOK).exists() else upload
        if source.suffix == ".xlsx":
            check_workbook(source)
        name = "import-" + secrets.token_hex(8)
        out = None if dry_run else self._folder() / name
        try:
            result = import_books(source, out, encoding=None if encoding in (None, "auto") else encoding,
                                  dry_run=dry_run, skip_bad_rows=skip_bad_rows, fund=fund_id)
        except InputError as e:
            raise InputError(relabel(e.problems, upload)) from None
        result.notices = relabel(result.notices, upload)
        result.skipped = relabel(result.skipped, upload)
        if out is None:
            return None, result
        book = Imported(name, fund_id, out, session, label, dict(result.counts))
        with self._lock:
            self._books.append(book)
            dropped = self._overflow(session)
        for b in dropped:
            self._drop(b)
        return book, result

    def _overflow(self, session: str) -> list[Imported]:
        mine = [b for b in self._books if b.session == session]
        gone = mine[:max(0, len(mine) - self.per_session)]
        rest = [b for b in self._books if b not in gone]
        gone += rest[:max(0, len(rest) - self.total)]
        self._books = [b for b in self._books if b not in gone]
        return gone

    def _drop(self, b: Imported) -> None:
        if self._on_drop is not None:
            self._on_drop(b.path)
        shutil.rmtree(b.path, ignore_errors=True)

    def get(self, name: str) -> Imported | None:
        with self._lock:
            return next((b for b in self._books if b.name == name), None)

    def of_session(self, session: str | None) -> list[Imported]:
        """The session's books, newest first."""
        with self._lock:
            return [b for b in reversed(self._books) if session is not None and b.session == session]

    def close(self) -> None:
        with self._lock:
            root, self._root = self._root, None
            self._books = []
        if root is not None:
            shutil.rmtree(root, ignore_errors=True)


async def save_upload(form: Any, tmp: Path, fields: tuple[str, ...]) -> tuple[dict[str, str], list[str]]:
    """The upload's files written under fixed names into ``tmp`` (``workbook`` as ``books.xlsx``, each CSV part
    as its template sheet's name); returns its text fields (those in ``fields``) and what was sent, as the user
    knows it.  An unknown part, no file, or a workbook together with CSV files are problems."""
    from starlette.datastructures import UploadFile
    problems: list[Problem] = []
    values: dict[str, str] = {}
    sent: list[str] = []
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            if not value.filename and not value.size:
                continue  # a file input left empty
            if key == "workbook":
                target = tmp / WORKBOOK
            elif key in CSV_PARTS:
                target = tmp / f"{CSV_PARTS[key]}.csv"
            else:
                problems.append(make_problem("unknown-key", file="request", path=(key,), key=key, value=key))
                continue
            if target.exists():
                problems.append(make_problem("not-allowed", file="request", path=(key,), value=key,
                                             hint=("send each file once", "ส่งแต่ละไฟล์ครั้งเดียว")))
                continue
            with open(target, "wb") as f:
                while chunk := await value.read(1 << 16):
                    f.write(chunk)
            sent.append(target.name)
        elif key in CSV_PARTS or key == "workbook":
            if str(value):
                problems.append(make_problem("wrong-type", file="request", path=(key,), expected="a file",
                                             found="text", value=None))
        elif key in fields:
            values[key] = str(value)
        else:
            problems.append(make_problem("unknown-key", file="request", path=(key,), key=key, value=key))
    if not problems:
        if not sent:
            problems.append(make_problem("missing-field", file="request", path=("workbook",), field="workbook"))
        elif WORKBOOK in sent and len(sent) > 1:
            problems.append(make_problem("one-of-fields", file="request", path=("workbook",),
                                         fields="workbook, " + ", ".join(CSV_PARTS)))
    if problems:
        raise InputError(problems)
    return values, sent


__all__ = ["CSV_PARTS", "ENCODINGS", "ImportStore", "Imported", "MAX_UNPACKED", "WORKBOOK", "check_workbook",
           "relabel", "save_upload"]
