"""What the server serves: a folder of regulations (with their committee cases) and the fund's books.

A request never names a file.  It names a regulation by its key (the file's name without ``.yaml``, or the fund
id inside it) and a book by its folder name; both are looked up in a listing of the served folders made by the
server, so no text from a request is ever joined to a path.  The regulation files are read on every request that
needs them (cached by size and modification time), so a file edited on disk is seen at once.

Saving (the only write) validates the text first, refuses it if the file changed since the editor opened it, keeps
the previous bytes in ``.history/`` beside the file and replaces the file atomically.  The bundled example
regulations are served read-only.

Without ``--books``, each valid regulation gets a small synthetic fund's books (``demo-<key>``, generated on first
use with :func:`swf_rules.synth.ledger` into a temporary folder), so a newcomer can decide, price and look at a
status at once.  No real person is in them.

Books imported in the browser or through the API (:mod:`.imports`) are kept in another temporary folder of the
server's own, named ``import-<random>``, listed for the session that imported them and usable by name.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..books import Ledger, read_ledger, read_manifest
from ..committee import find_invariants_file
from ..core.dates import add_years
from ..core.errors import InputError, LookupProblem, SwfError, make_problem
from ..core.output import write_atomic
from ..core.registry import bundled_regulations
from ..core.schedules import regulation_periods
from ..core.validate import Regulation, load_regulation, load_regulation_text
from .imports import ImportStore, Imported, relabel

KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,80}$")
LEDGER_FILES = ("members.csv", "members.jsonl")
DEMO_MEMBERS, DEMO_YEARS, DEMO_SEED = 200, 5, 1


def sha256_hex(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class RegulationEntry:
    """One served regulation file.  ``fund_id`` and the names are ``None`` while the file does not validate."""

    key: str
    path: Path
    writable: bool
    fund_id: str | None = None
    name_th: str | None = None
    name_en: str | None = None
    versions: tuple[str, ...] = ()
    problems: int = 0

    @property
    def file(self) -> str:
        return self.path.name

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "file": self.file, "fund": self.fund_id, "name": {"th": self.name_th,
                "en": self.name_en}, "versions": list(self.versions), "valid": self.problems == 0,
                "problems": self.problems, "writable": self.writable}


@dataclass(frozen=True)
class BooksEntry:
    """One served ledger folder (or a synthetic demo fund's, generated on first use)."""

    name: str
    fund_id: str | None
    path: Path | None  # None for a demo not generated yet
    demo: bool = False
    imported: str | None = None  # imported in the browser or through the API: what was uploaded

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "fund": self.fund_id, "synthetic": self.demo}


def _folder(path: str | Path) -> Path:
    """A folder the workbench serves, resolved; ``file-not-found`` when it is not a folder, ``file-unreadable``
    when the system refuses the name (a NUL byte, a name too long, permission denied)."""
    try:
        p = Path(path).resolve()
        if p.is_dir():
            return p
    except (OSError, ValueError) as e:
        detail = getattr(e, "strerror", None) or str(e)
        raise InputError([make_problem("file-unreadable", file=str(path), detail=detail)]) from None
    raise InputError([make_problem("file-not-found", file=str(path))])


class Workspace:
    """The served folders.  ``regulations=None`` serves the bundled regulations, read-only."""

    def __init__(self, regulations: str | Path | None = None, books: str | Path | None = None,
                 demo_books: bool = True):
        if regulations is None:
            bundled = bundled_regulations()
            self.regulations_dir = bundled[0].parent if bundled else Path(".")
            self._files = lambda: bundled_regulations()
            self.writable = False
        else:
            self.regulations_dir = _folder(regulations)
            self._files = lambda: sorted(p for p in self.regulations_dir.glob("*.yaml") if p.is_file())
            self.writable = True
        self.books_dir = _folder(books) if books is not None else None
        self.demo_books = demo_books and books is None
        self._lock = threading.RLock()
        self._regs: dict[Path, tuple[tuple[int, int], Regulation | SwfError]] = {}
        self._ledgers: dict[Path, tuple[tuple, Ledger]] = {}
        self._demo_root: Path | None = None
        self._demo_paths: dict[str, Path] = {}
        self.imports = ImportStore(on_drop=self._forget)

    # ------------------------------------------------------------------------------------------ regulations
    def regulations(self) -> list[RegulationEntry]:
        out = []
        for p in self._files():
            key = p.name[:-5]
            if not KEY.match(key):
                continue
            r = self._load(p)
            if isinstance(r, Regulation):
                out.append(RegulationEntry(key, p, self.writable, r.fund_id, r.fund.name.th, r.fund.name.en,
                                           tuple(v.version for v in r.versions)))
            else:
                out.append(RegulationEntry(key, p, self.writable, problems=len(r.problems)))
        return out

    def entry(self, key: str) -> RegulationEntry:
        """The regulation named ``key``: a file name without ``.yaml``, else a fund id."""
        entries = self.regulations()
        for e in entries:
            if e.key == key:
                return e
        for e in entries:
            if e.fund_id == key:
                return e
        keys = ", ".join(e.key for e in entries)
        raise LookupProblem([make_problem("unknown-regulation", path=("regulation",), value=str(key)[:100],
                                          hint=(f"served: {keys}", f"ที่มีอยู่: {keys}"))])

    def regulation(self, key: str) -> Regulation:
        """The validated regulation named ``key`` (its problems raised when it does not validate)."""
        r = self._load(self.entry(key).path)
        if isinstance(r, SwfError):
            raise r
        return r

    def regulation_by_fund(self, fund_id: str) -> Regulation:
        for e in self.regulations():
            if e.fund_id == fund_id:
                return self.regulation(e.key)
        raise LookupProblem([make_problem("unknown-regulation", value=fund_id)])

    def text(self, key: str) -> tuple[str, str]:
        """The file's text and the sha256 of its bytes (what a save must name as its base)."""
        raw = self.entry(key).path.read_bytes()
        return raw.decode("utf-8", errors="replace"), sha256_hex(raw)

    def cases_file(self, key: str) -> Path | None:
        return find_invariants_file(self.entry(key).path)

    def _load(self, path: Path) -> Regulation | SwfError:
        st = path.stat()
        stamp = (st.st_mtime_ns, st.st_size)
        with self._lock:
            hit = self._regs.get(path)
            if hit is not None and hit[0] == stamp:
                return hit[1]
        try:
            value: Regulation | SwfError = load_regulation(path)
        except SwfError as e:
            value = e
        with self._lock:
            self._regs[path] = (stamp, value)
        return value

    def save(self, key: str, text: str, base_sha256: str) -> dict[str, Any]:
        """Validate ``text`` and replace the regulation file with it, atomically, keeping the previous bytes in
        ``.history/``.  Raises (and writes nothing) when the text has problems, the file is read-only, or the file
        changed since ``base_sha256`` was read."""
        e = self.entry(key)
        if not self.writable:
            raise LookupProblem([make_problem(
                "read-only", value=e.file, detail="the bundled example regulations cannot be changed; start "
                "swf-rules serve --regulations DIR on the fund's own folder",
                detail_th="ระเบียบตัวอย่างที่มากับโปรแกรมแก้ไขไม่ได้ ให้เริ่มด้วย swf-rules serve --regulations "
                          "โฟลเดอร์ของกองทุน")])
        load_regulation_text(text, file=e.file)  # raises RegulationError with every problem
        raw = text.encode("utf-8")
        with self._lock:
            current = e.path.read_bytes()
            if sha256_hex(current) != base_sha256:
                raise LookupProblem([make_problem("save-conflict", value=e.file)])
            history = e.path.parent / ".history"
            history.mkdir(exist_ok=True)
            n = 1 + max((int(m.group(1)) for m in (re.match(rf"^{re.escape(e.key)}\.(\d+)\.yaml$", p.name)
                                                    for p in history.iterdir()) if m), default=0)
            previous = history / f"{e.key}.{n:04d}.yaml"
            write_atomic(previous, current)
            write_atomic(e.path, raw)
        return {"ok": True, "saved": e.file, "sha256": sha256_hex(raw), "previous": f".history/{previous.name}"}

    # ------------------------------------------------------------------------------------------ books
    def books(self) -> list[BooksEntry]:
        out: list[BooksEntry] = []
        if self.books_dir is not None:
            folders = [self.books_dir] if _is_ledger(self.books_dir) else \
                sorted(p for p in self.books_dir.iterdir() if p.is_dir() and _is_ledger(p))
            for p in folders:
                if not KEY.match(p.name):
                    continue
                try:
                    fund = read_manifest(p).fund
                except SwfError:
                    fund = None
                out.append(BooksEntry(p.name, fund, p))
        elif self.demo_books:
            for e in self.regulations():
                if e.fund_id is not None:
                    name = f"demo-{e.key}"
                    out.append(BooksEntry(name, e.fund_id, self._demo_paths.get(name), demo=True))
        return out

    def books_entry(self, name: str) -> BooksEntry:
        for b in self.books():
            if b.name == name:
                return b
        imported = self.imports.get(name)
        if imported is not None:
            return _imported_entry(imported)
        names = ", ".join(b.name for b in self.books()) or "-"
        raise LookupProblem([make_problem("unknown-books", path=("books",), value=str(name)[:100],
                                          hint=(f"served: {names}", f"ที่มีอยู่: {names}"))])

    def books_for(self, fund_id: str, session: str | None = None) -> list[BooksEntry]:
        """The served books of the fund, then those the session imported (newest first)."""
        return [b for b in self.books() if b.fund_id == fund_id] + \
            [_imported_entry(i) for i in self.imports.of_session(session) if i.fund_id == fund_id]

    def books_path(self, name: str) -> Path:
        b = self.books_entry(name)
        if b.path is not None:
            return b.path
        return self._make_demo(b)

    def ledger(self, name: str) -> tuple[Regulation, Ledger]:
        """The books named ``name`` read whole (cached while the files are unchanged), with their regulation."""
        b = self.books_entry(name)
        path = self.books_path(name)
        fund = b.fund_id
        if fund is None:
            raise InputError([make_problem("ledger-no-fund", file=name)])
        reg = self.regulation_by_fund(fund)
        stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(path.iterdir())
                      if p.is_file())
        with self._lock:
            hit = self._ledgers.get(path)
            if hit is not None and hit[0] == stamp:
                return reg, hit[1]
        periods = regulation_periods(reg)
        led = read_ledger(path, fund=fund, periods=periods)
        if b.imported is not None:  # name the imported books' files by the books' name, not the server's folder
            led.notices, led.skipped = relabel(led.notices, path.parent), relabel(led.skipped, path.parent)
        with self._lock:
            self._ledgers[path] = (stamp, led)
        return reg, led

    def _make_demo(self, b: BooksEntry) -> Path:
        from ..synth import ledger as synth_ledger, write_ledger
        with self._lock:
            if b.name in self._demo_paths:
                return self._demo_paths[b.name]
            reg = self.regulation(b.name[len("demo-"):])
            if self._demo_root is None:
                self._demo_root = Path(tempfile.mkdtemp(prefix="swf-rules-demo-"))
            path = self._demo_root / b.name
            led = synth_ledger(reg, seed=DEMO_SEED, members=DEMO_MEMBERS, years=DEMO_YEARS, start=demo_start(reg))
            write_ledger(led, path)
            self._demo_paths[b.name] = path
            return path

    def _forget(self, path: Path) -> None:
        """Drop the cached ledger of a folder being removed (an imported book pushed out by newer ones)."""
        with self._lock:
            self._ledgers.pop(path, None)

    def close(self) -> None:
        """Remove the demo books' and the imported books' temporary folders."""
        with self._lock:
            if self._demo_root is not None:
                shutil.rmtree(self._demo_root, ignore_errors=True)
                self._demo_root = None
                self._demo_paths.clear()
            self._ledgers.clear()
        self.imports.close()


def demo_start(reg: Regulation) -> date:
    """The first day of a fiscal year on which the latest version is in force, not before 1 Oct 2019."""
    eff = reg.versions[-1].effective
    start = date(eff.year if eff.month < 10 or (eff.month == 10 and eff.day == 1) else eff.year + 1, 10, 1)
    return max(start, date(2019, 10, 1))


def demo_end(reg: Regulation) -> date:
    from datetime import timedelta
    return add_years(demo_start(reg), DEMO_YEARS) - timedelta(days=1)


def _imported_entry(i: Imported) -> BooksEntry:
    return BooksEntry(i.name, i.fund_id, i.path, imported=i.label)


def _is_ledger(p: Path) -> bool:
    return any((p / f).is_file() for f in LEDGER_FILES) or (p / "ledger.yaml").is_file()


__all__ = ["BooksEntry", "KEY", "RegulationEntry", "Workspace", "demo_end", "demo_start", "sha256_hex"]
