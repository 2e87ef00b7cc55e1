"""Ledger import: a fund's books (members, contributions, payouts) as CSV or JSON Lines.

The columns are documented in ``docs/ledger.md``.  A ledger is a directory holding three files, found by name
(``members.csv`` or ``members.jsonl``, and so on) or named in an optional ``ledger.yaml`` manifest that also
declares, per file, the calendar of its dates (B.E. or C.E.), a column mapping for exports from other software and
columns to ignore.

Reading is strict and complete: every bad row is reported with file, line and column, all of them, and nothing is
returned until the whole ledger is valid -- unless ``skip_bad_rows`` is given, in which case the bad rows (and the
rows of members whose own rows are bad) are listed in :attr:`Ledger.skipped` and left out.

Contributions are the bulk of a ledger (about 120 instalments per member over ten years).  They are read as a
stream and kept per member in three compact arrays (date, period, amount in satang: 16 bytes an instalment); a
:class:`~swf_rules.core.history.Member` is built only when it is needed (:meth:`MemberRecord.member`) and dropped after.

:func:`read_ledger` keeps the whole ledger in memory.  :func:`stream_ledger` checks it in exactly the same way
(the same code, the same problems) but holds only the member register: the instalments and the payouts go, as
they are read, to temporary files cut into partitions of members (:class:`_Spool`), which a replay then loads one
at a time (:class:`PartitionedLedger`).  So its memory grows with the members, not with the instalments.

Year-only dates (``1950``, ``๒๔๙๓``) are accepted in the member register (``birth_date``, ``joined``, ``left``,
``died_on``) and kept as *placeholders*: the year is known, the day is not.  :meth:`MemberRecord.scenarios` gives
the member once for every combination of the earliest and the latest possible day, so a verdict that depends on
the day can be reported as undetermined instead of guessed.
"""

from __future__ import annotations

import csv
import itertools
import json
import operator
import pickle
import re
import shutil
import struct
import tempfile
import zlib
from array import array
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..core.dates import BE_OFFSET, DateTextError, normalise_digits, parse_date, to_be
from ..core.errors import InputError, Problem, RegulationError, did_you_mean, make_problem, rank
from ..core.evaluate import gc_paused
from ..core.history import Claim, Contribution, Member, Payout, Spell
from ..core.load import DuplicateKey, load_yaml_file, nan_literal, strict_pairs
from ..core.money import FloatLiteral, MoneyError, money_str, parse_money

KINDS = ("members", "contributions", "payouts")
_KIND_TH = {"members": "ทะเบียนสมาชิก", "contributions": "เงินสมทบ", "payouts": "การจ่ายสวัสดิการ"}

# field -> required?  (order = the column order written by write_ledger_files)
FIELDS: dict[str, dict[str, bool]] = {
    "members": {"member_id": True, "birth_date": True, "sex": True, "joined": True, "left": False,
                "left_reason": False, "died_on": False},
    "contributions": {"member_id": True, "date": True, "amount": True, "covers": True},
    "payouts": {"payout_id": True, "member_id": True, "benefit": True, "event_date": True, "end_date": False,
                "filed_on": False, "paid_on": False, "units": False, "children": False, "amount": True,
                "event_ref": False},
}
YEAR_ONLY_FIELDS = frozenset({"birth_date", "joined", "left", "died_on"})
DETAILS_PREFIX = "details."

_SEX = {"female": "female", "f": "female", "หญิง": "female", "ญ": "female",
        "male": "male", "m": "male", "ชาย": "male", "ช": "male"}
_LEFT = {"resigned": "resigned", "ลาออก": "resigned", "lapsed": "lapsed", "พ้นสภาพ": "lapsed",
         "died": "died", "เสียชีวิต": "died", "expelled": "expelled", "ให้ออก": "expelled"}
_YEAR = re.compile(r"^\d{4}$")
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$")
_INT = re.compile(r"^\d+$")
_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")


# ---------------------------------------------------------------------------------------------- fast models
_FS_CONTRIBUTION = frozenset({"date", "amount", "covers"})
_new = object.__new__
_set = object.__setattr__


def _manual_contribution(d: date, amount: Decimal, covers: str) -> Contribution:
    o = _new(Contribution)
    _set(o, "__dict__", {"date": d, "amount": amount, "covers": covers})
    _set(o, "__pydantic_fields_set__", _FS_CONTRIBUTION)
    _set(o, "__pydantic_extra__", None)
    _set(o, "__pydantic_private__", None)
    return o


def _self_check() -> Callable[[date, Decimal, str], Contribution]:
    """Use the fast constructor only if it builds exactly what ``model_construct`` builds (pydantic internals)."""
    try:
        a = _manual_contribution(date(2020, 1, 5), Decimal(30), "2020-01")
        b = Contribution.model_construct(date=date(2020, 1, 5), amount=Decimal(30), covers="2020-01")
        if a == b and a.__getstate__() == b.__getstate__() and a.model_dump(mode="json") == b.model_dump(mode="json"):
            return _manual_contribution
    except Exception:  # pragma: no cover - depends on the pydantic version
        pass
    return lambda d, amount, covers: Contribution.model_construct(date=d, amount=amount, covers=covers)


contribution = _self_check()
"""Build a :class:`Contribution` from values that are already correct (no validation): ~1 µs."""


def _fast_factory(cls: Any, sample: dict[str, Any]) -> Callable[..., Any]:
    """``cls(**values)`` without validation for values that are already correct and complete (every field given);
    the same object ``model_construct`` builds, checked once on a sample, else ``model_construct`` itself."""
    names = tuple(cls.model_fields)
    fs = frozenset(names)

    def make(**kw: Any) -> Any:
        o = _new(cls)
        _set(o, "__dict__", kw)
        _set(o, "__pydantic_fields_set__", fs)
        _set(o, "__pydantic_extra__", None)
        _set(o, "__pydantic_private__", None)
        return o

    try:
        a, b = make(**sample), cls.model_construct(**sample)
        if set(sample) == fs and a == b and a.__getstate__() == b.__getstate__() and \
                a.model_dump(mode="json") == b.model_dump(mode="json"):
            return make
    except Exception:  # pragma: no cover - depends on the pydantic version
        pass
    return cls.model_construct


new_claim = _fast_factory(Claim, {"claim_id": "c", "member_id": "m", "benefit": "b", "event_date": date(2020, 1, 1),
                                  "end_date": None, "filed_on": None, "units": None, "children": None,
                                  "details": {}, "calendar": "gregorian"})
"""Build a :class:`Claim` from complete, already-correct values (keyword arguments, every field)."""
new_payout = _fast_factory(Payout, {"claim_id": "c", "benefit": "b", "event_date": date(2020, 1, 1),
                                    "end_date": None, "units": None, "amount": Decimal(1)})
"""Build a :class:`Payout` from complete, already-correct values (keyword arguments, every field)."""


def build_member(member_id: str, birth_date: date, sex: str, spells: Iterable[tuple[date, date | None, str | None]],
                 contributions: list[Contribution], died_on: date | None = None) -> Member:
    """A :class:`Member` from already-correct typed values (no validation; the caller guarantees validity)."""
    return Member.model_construct(
        member_id=member_id, birth_date=birth_date, sex=sex,
        spells=[Spell.model_construct(start=s, end=e, end_reason=r) for s, e, r in spells],
        contributions=contributions, died_on=died_on, payouts=[], beneficiary=None, calendar="gregorian")


# ---------------------------------------------------------------------------------------------- records
_DEC_CACHE: dict[int, Decimal] = {}
_SHARED: dict[tuple[int, int, int], Contribution] = {}
_SHARED_MAX = 32_768  # about 450 bytes each: at most ~14 MiB, whatever the length of the books
_PERIOD_CACHE: dict[int, str] = {}


def _satang_to_decimal(s: int) -> Decimal:
    d = _DEC_CACHE.get(s)
    if d is None:
        d = _DEC_CACHE[s] = (Decimal(s) / 100).quantize(Decimal(1)) if s % 100 == 0 else Decimal(s) / 100
    return d


def period_code(covers: str) -> int:
    """'2024-03' -> 2024*12+2 (positive); '2024' -> -2024."""
    if len(covers) == 4:
        return -int(covers)
    return int(covers[:4]) * 12 + int(covers[5:7]) - 1


def period_text(code: int) -> str:
    t = _PERIOD_CACHE.get(code)
    if t is None:
        t = _PERIOD_CACHE[code] = f"{-code:04d}" if code < 0 else f"{code // 12:04d}-{code % 12 + 1:02d}"
    return t


@dataclass
class MemberRecord:
    """A member of the register, with their instalments kept compactly."""

    member_id: str
    birth_date: date
    sex: str
    spells: list[tuple[date, date | None, str | None]]
    died_on: date | None = None
    placeholders: dict[str, int] = field(default_factory=dict)  # "birth_date", "spells[0].start", ... -> year
    line: int = 0  # first row in the members file
    dates: array = field(default_factory=lambda: array("i"))  # date ordinals
    periods: array = field(default_factory=lambda: array("i"))  # period_code
    amounts: array = field(default_factory=lambda: array("q"))  # satang

    def add(self, d: date, satang: int, code: int) -> None:
        self.dates.append(d.toordinal())
        self.amounts.append(satang)
        self.periods.append(code)

    @property
    def n_contributions(self) -> int:
        return len(self.dates)

    def contributions(self, until: date | None = None) -> list[Contribution]:
        """The instalments (in the order the ledger lists them), up to ``until`` when given.

        Contributions are frozen values, so equal ones are shared between members (a fund's members pay the same
        amounts on the same few days)."""
        lim = until.toordinal() if until is not None else None
        shared = _SHARED
        get = shared.get
        out = []
        for o, a, p in zip(self.dates, self.amounts, self.periods):
            if lim is not None and o > lim:
                continue
            key = (o, a, p)
            c = get(key)
            if c is None:
                if len(shared) > _SHARED_MAX:
                    shared.clear()
                c = shared[key] = contribution(date.fromordinal(o), _satang_to_decimal(a), period_text(p))
            out.append(c)
        return out

    def member(self, until: date | None = None) -> Member:
        """The member history (placeholder dates at their earliest day); contributions up to ``until``."""
        return build_member(self.member_id, self.birth_date, self.sex, self.spells, self.contributions(until),
                            self.died_on)

    def scenarios(self, limit: int = 6, until: date | None = None) -> list[tuple[dict[str, str], Member]] | None:
        """The member under every combination of earliest/latest day of each placeholder date.

        One scenario (an empty label) when there are no placeholders; ``None`` when there are more than ``limit``.
        ``until`` leaves out the instalments paid after that day (facts on a day never depend on them).
        """
        keys = sorted(self.placeholders)
        if not keys:
            return [({}, self.member(until))]
        if len(keys) > limit:
            return None
        conts = self.contributions(until)
        out = []
        for corner in itertools.product(("first", "last"), repeat=len(keys)):
            label = dict(zip(keys, corner))
            birth = self._corner("birth_date", self.birth_date, label)
            died = self._corner("died_on", self.died_on, label) if self.died_on else None
            spells = []
            for i, (s, e, r) in enumerate(self.spells):
                s2 = self._corner(f"spells[{i}].start", s, label)
                if label.get(f"spells[{i}].start") == "last":  # not after the first instalment paid in it
                    firsts = [c.date for c in conts if c.date >= s and (e is None or c.date <= e)]
                    if firsts:
                        s2 = min(s2, min(firsts))
                e2 = self._corner(f"spells[{i}].end", e, label) if e is not None else None
                spells.append((s2, e2, r))
            if birth > spells[0][0] or (died is not None and died < birth) or \
                    any(e is not None and e < s for s, e, _ in spells) or \
                    any(b[0] < a[1] for a, b in zip(spells, spells[1:]) if a[1] is not None):
                continue  # an impossible combination
            out.append((label, build_member(self.member_id, birth, self.sex, spells, conts, died)))
        return out

    def _corner(self, key: str, value: date, label: dict[str, str]) -> date:
        if key not in self.placeholders:
            return value
        y = self.placeholders[key]
        return date(y, 1, 1) if label[key] == "first" else date(y, 12, 31)


@dataclass
class PayoutRow:
    """One recorded payout (a voucher).  ``payout_id`` doubles as the claim id when it is re-decided."""

    payout_id: str
    member_id: str
    benefit: str
    event_date: date
    amount: Decimal
    end_date: date | None = None
    filed_on: date | None = None
    paid_on: date | None = None
    units: int | None = None
    children: int | None = None
    event_ref: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    line: int = 0

    def order_key(self) -> tuple:
        return (self.event_date, self.filed_on or self.event_date, self.payout_id)


@dataclass
class Ledger:
    fund: str | None
    members: dict[str, MemberRecord]
    payouts: list[PayoutRow]  # in replay order (event date, filing date, payout id)
    skipped: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # rows read per file kind
    files: dict[str, str] = field(default_factory=dict)

    @property
    def n_contributions(self) -> int:
        return sum(m.n_contributions for m in self.members.values())


# ---------------------------------------------------------------------------------------------- manifest
@dataclass
class FileSpec:
    kind: str
    path: Path
    format: str  # csv | jsonl
    calendar: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # ledger field -> column in the file
    ignore: frozenset[str] = frozenset()
    manifest: str | None = None


@dataclass
class Manifest:
    fund: str | None
    calendar: str | None
    files: dict[str, FileSpec]


_MANIFEST_KEYS = ("fund", "calendar", "files")
_FILE_KEYS = ("path", "format", "calendar", "columns", "ignore")


def read_manifest(directory: Path, manifest: str | Path | None = None) -> Manifest:
    """``ledger.yaml`` in the directory (or the given file); without one, the files are found by name."""
    path = Path(manifest) if manifest is not None else directory / "ledger.yaml"
    files: dict[str, FileSpec] = {}
    fund = cal = None
    problems: list[Problem] = []
    if path.is_file() or manifest is not None:
        try:
            doc = load_yaml_file(path)
        except RegulationError as e:
            raise InputError(e.problems) from None
        data = doc.data
        for k in data:
            if k not in _MANIFEST_KEYS:
                problems.append(doc.problem("unknown-key", (k,), at_key=True, key=k, value=k,
                                            hint=("keys: " + ", ".join(_MANIFEST_KEYS),
                                                  "คีย์ที่ใช้ได้: " + ", ".join(_MANIFEST_KEYS))))
        fund = data.get("fund")
        if fund is not None and not (isinstance(fund, str) and _IDENT.match(fund)):
            problems.append(doc.problem("bad-identifier", ("fund",), value=str(fund)))
        cal = data.get("calendar")
        if cal is not None and cal not in ("gregorian", "buddhist"):
            problems.append(doc.problem("unknown-calendar", ("calendar",), value=str(cal)))
        fdata = data.get("files") or {}
        if not isinstance(fdata, dict):
            problems.append(doc.problem("not-a-mapping", ("files",), found=type(fdata).__name__))
            fdata = {}
        for kind, spec in fdata.items():
            at = ("files", kind)
            if kind not in KINDS:
                problems.append(doc.problem("unknown-key", at, at_key=True, key=kind, value=kind,
                                            hint=("files: " + ", ".join(KINDS), "ไฟล์: " + ", ".join(KINDS))))
                continue
            if isinstance(spec, str):
                spec = {"path": spec}
            if not isinstance(spec, dict):
                problems.append(doc.problem("not-a-mapping", at, found=type(spec).__name__))
                continue
            for k in spec:
                if k not in _FILE_KEYS:
                    problems.append(doc.problem("unknown-key", at + (k,), at_key=True, key=k, value=k,
                                                hint=("keys: " + ", ".join(_FILE_KEYS),
                                                      "คีย์ที่ใช้ได้: " + ", ".join(_FILE_KEYS))))
            p = spec.get("path")
            if not isinstance(p, str):
                problems.append(doc.problem("missing-field", at + ("path",), field="path"))
                continue
            fpath = (path.parent / p) if not Path(p).is_absolute() else Path(p)
            fmt = spec.get("format") or _format_of(fpath)
            if fmt not in ("csv", "jsonl"):
                problems.append(doc.problem("not-allowed", at + ("format",), value=str(fmt),
                                            hint=("use csv or jsonl", "ใช้ csv หรือ jsonl")))
                continue
            fcal = spec.get("calendar")
            if fcal is not None and fcal not in ("gregorian", "buddhist"):
                problems.append(doc.problem("unknown-calendar", at + ("calendar",), value=str(fcal)))
            columns = spec.get("columns") or {}
            if not isinstance(columns, dict):
                problems.append(doc.problem("not-a-mapping", at + ("columns",), found=type(columns).__name__))
                columns = {}
            known = FIELDS[kind]
            for fld, src in columns.items():
                if fld not in known and not (kind == "payouts" and fld.startswith(DETAILS_PREFIX)):
                    problems.append(doc.problem("unknown-key", at + ("columns", fld), at_key=True, key=fld,
                                                value=fld, hint=_did_you_mean(fld, list(known))))
                elif not isinstance(src, str) or not src:
                    problems.append(doc.problem("wrong-type", at + ("columns", fld), expected="a column name",
                                                found=type(src).__name__))
            ignore = spec.get("ignore") or []
            if not isinstance(ignore, list) or not all(isinstance(x, str) for x in ignore):
                problems.append(doc.problem("wrong-type", at + ("ignore",), expected="a list of column names",
                                            found=type(ignore).__name__))
                ignore = []
            files[kind] = FileSpec(kind, fpath, fmt, fcal, {k: v for k, v in columns.items() if isinstance(v, str)},
                                   frozenset(ignore), str(path))
    for kind in KINDS:
        if kind in files:
            continue
        found = [directory / f"{kind}.{ext}" for ext in ("csv", "jsonl") if (directory / f"{kind}.{ext}").is_file()]
        if len(found) == 2:
            problems.append(make_problem("ledger-ambiguous-file", file=str(directory), path=(kind,),
                                         first=found[0].name,
                                         second=found[1].name))
        elif not found:
            problems.append(make_problem("ledger-missing-file", file=str(directory), path=(kind,), kind=kind,
                                         kind_th=_KIND_TH[kind], expected=f"{kind}.csv or {kind}.jsonl"))
        else:
            files[kind] = FileSpec(kind, found[0], _format_of(found[0]))
    if problems:
        raise InputError(problems)
    return Manifest(fund, cal, files)


def _format_of(p: Path) -> str:
    return "jsonl" if p.suffix.lower() in (".jsonl", ".ndjson") else "csv"


def _did_you_mean(value: str, options: list[str]) -> tuple[str, str] | None:
    return did_you_mean(value, options, ("columns: " + ", ".join(options), "คอลัมน์ที่ใช้ได้: " + ", ".join(options)))


# ---------------------------------------------------------------------------------------------- row sources
class _Bad(Exception):
    def __init__(self, code: str, hint: tuple[str, str] | None = None, **params: Any):
        self.code = code
        self.hint = hint
        self.params = params


@dataclass
class _Row:
    line: int
    vals: list[Any]  # aligned with the source's field list; None or "" = absent
    details: dict[str, Any]
    col: Callable[[int], int]  # field index -> column (1-based)
    detail_col: Callable[[str], int]


class _Source:
    """A file's rows as values aligned to the ledger fields, with header problems collected."""

    def __init__(self, spec: FileSpec, problems: list[Problem]):
        self.spec = spec
        self.file = str(spec.path)
        self.fields = list(FIELDS[spec.kind])
        self.problems = problems
        self.ok = True

    def problem(self, code: str, line: int | None, col: int | None, **kw: Any) -> Problem:
        return make_problem(code, file=self.file, line=line, col=col, **kw)

    def rows(self) -> Iterator[_Row]:
        """Every row as values aligned to the ledger fields (a row with a structural problem has no values)."""
        return self._open(self._csv if self.spec.format == "csv" else self._jsonl)

    def raw_csv_rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line, row) of a CSV file, after the header is checked; ``self.idxs`` maps fields to columns."""
        return self._open(self._csv_raw)

    def _open(self, fn: Callable[[Any], Iterator[Any]]) -> Iterator[Any]:
        try:
            f = open(self.spec.path, "r", encoding="utf-8-sig", newline="")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            self.problems.append(make_problem("file-not-found", file=self.file))
            self.ok = False
            return
        with f:
            try:
                yield from fn(f)
            except UnicodeDecodeError as e:
                self.problems.append(make_problem("not-utf8", file=self.file, byte=f"0x{e.object[e.start]:02x}",
                                                  hint=("save the file as UTF-8", "บันทึกไฟล์เป็น UTF-8")))
                self.ok = False

    def _field_of(self, name: str, inverse: dict[str, str]) -> str | None:
        """The ledger field a column holds: mapped explicitly, or named as the field (unless that field is mapped
        to another column)."""
        if name in inverse:
            return inverse[name]
        if name in self.spec.columns:
            return None
        return name

    # --- CSV
    def _csv(self, f: Any) -> Iterator[_Row]:
        for line, row in self._csv_raw(f):
            if row is None:
                yield _Row(line, [], {}, self.colfn, self.dcol)  # marks the row bad
                continue
            vals = [row[j] if j is not None else "" for j in self.idxs]
            details = {k: row[j] for k, j in self.details_items if row[j] != ""}
            yield _Row(line, vals, details, self.colfn, self.dcol)

    def _csv_raw(self, f: Any) -> Iterator[tuple[int, list[str] | None]]:
        reader = self.csv_reader(f)
        if reader is None:
            return
        ncols = self.ncols
        prev = reader.line_num
        for row in reader:
            line = prev + 1
            prev = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # blank line
            if len(row) != ncols:
                self.problems.append(self.problem("ledger-row-length", line, 1, found=len(row), expected=ncols))
                yield line, None
                continue
            yield line, row

    def csv_reader(self, f: Any) -> Any:
        """A csv reader past a checked header (``self.idxs``, ``self.ncols`` set), or None if the header is bad."""
        reader = csv.reader(f)
        try:
            header = next(reader)
        except StopIteration:
            self.problems.append(self.problem("empty-file", 1, 1))
            self.ok = False
            return None
        header = [h.strip() for h in header]
        inverse = {src: fld for fld, src in self.spec.columns.items()}
        seen: dict[str, int] = {}
        index: dict[str, int] = {}
        detail_index: dict[str, int] = {}
        for i, h in enumerate(header):
            if h in seen:
                self.problems.append(self.problem("ledger-duplicate-column", 1, i + 1, value=h, first_col=seen[h]))
                self.ok = False
                continue
            seen[h] = i + 1
            if h in self.spec.ignore:
                continue
            fld = self._field_of(h, inverse)
            if fld in FIELDS[self.spec.kind]:
                index[fld] = i
            elif self.spec.kind == "payouts" and fld is not None and fld.startswith(DETAILS_PREFIX) \
                    and _IDENT.match(fld[len(DETAILS_PREFIX):]):
                detail_index[fld[len(DETAILS_PREFIX):]] = i
            else:
                self.problems.append(self.problem("ledger-unknown-column", 1, i + 1, value=h,
                                                  hint=_did_you_mean(h, self.fields)))
                self.ok = False
        for fld, req in FIELDS[self.spec.kind].items():
            if req and fld not in index:
                src = self.spec.columns.get(fld, fld)
                self.problems.append(self.problem("ledger-missing-column", 1, 1, field=src))
                self.ok = False
        if not self.ok:
            return None
        idxs = [index.get(fld) for fld in self.fields]
        self.ncols = len(header)
        self.idxs = idxs
        self.details_items = sorted(detail_index.items())

        def colfn(i: int, _idxs: list[int | None] = idxs) -> int:
            j = _idxs[i]
            return (j + 1) if j is not None else 1

        def dcol(name: str) -> int:
            return detail_index[name] + 1

        self.colfn, self.dcol = colfn, dcol
        return reader

    # --- JSON Lines
    def _jsonl(self, f: Any) -> Iterator[_Row]:
        inverse = {src: fld for fld, src in self.spec.columns.items()}
        fields = self.fields
        pos = {fld: i for i, fld in enumerate(fields)}
        src_names = [self.spec.columns.get(fld, fld) for fld in fields]
        details_key = self.spec.columns.get("details", "details")
        for n, text in enumerate(f, 1):
            if not text.strip():
                continue

            def col_of(key: str, _t: str = text) -> int:
                i = _t.find(json.dumps(key, ensure_ascii=False))
                return i + 1 if i >= 0 else 1

            try:
                obj = json.loads(text, object_pairs_hook=strict_pairs, parse_float=FloatLiteral,
                                 parse_constant=nan_literal)
            except DuplicateKey as d:
                k = json.dumps(d.key, ensure_ascii=False)
                second = text.find(k, text.find(k) + 1)
                self.problems.append(self.problem("duplicate-key", n, second + 1 if second >= 0 else 1, key=d.key,
                                                  first_line=n))
                yield _Row(n, [], {}, lambda i: 1, lambda s: 1)
                continue
            except json.JSONDecodeError as e:
                self.problems.append(self.problem("json-syntax", n, e.colno, detail=e.msg))
                yield _Row(n, [], {}, lambda i: 1, lambda s: 1)
                continue
            if not isinstance(obj, dict):
                self.problems.append(self.problem("not-a-mapping", n, 1, found=type(obj).__name__))
                yield _Row(n, [], {}, lambda i: 1, lambda s: 1)
                continue
            vals: list[Any] = [None] * len(fields)
            details: dict[str, Any] = {}
            bad = False
            for k, v in obj.items():
                if k in self.spec.ignore:
                    continue
                fld = self._field_of(k, inverse)
                if fld in pos:
                    vals[pos[fld]] = v
                elif self.spec.kind == "payouts" and k == details_key:
                    if not isinstance(v, dict):
                        self.problems.append(self.problem("wrong-type", n, col_of(k), expected="an object",
                                                          found=type(v).__name__))
                        bad = True
                    else:
                        details = {dk: dv for dk, dv in v.items() if dv is not None}
                else:
                    self.problems.append(self.problem("ledger-unknown-column", n, col_of(k), value=k,
                                                      hint=_did_you_mean(k, src_names)))
                    bad = True
            if bad:
                yield _Row(n, [], {}, lambda i: 1, lambda s: 1)
                continue

            def colfn(i: int, _c: Callable[[str], int] = col_of) -> int:
                return _c(src_names[i])

            def dcol(name: str, _c: Callable[[str], int] = col_of) -> int:
                return _c(name)

            yield _Row(n, vals, details, colfn, dcol)


# ---------------------------------------------------------------------------------------------- value parsing
class _Values:
    """Converters with memo tables (a ledger repeats the same dates, amounts and periods many times)."""

    def __init__(self, calendar: str):
        self.calendar = calendar
        self._dates: dict[str, Any] = {}
        self._money: dict[str, Any] = {}
        self._periods: dict[str, Any] = {}

    @staticmethod
    def text(v: Any) -> str | None:
        if v is None:
            return None
        if isinstance(v, bool) or isinstance(v, (FloatLiteral, float)):
            raise _Bad("wrong-type", expected="text", found=type(v).__name__)
        if isinstance(v, int):
            return str(v)
        if not isinstance(v, str):
            raise _Bad("wrong-type", expected="text", found=type(v).__name__)
        v = normalise_digits(v.strip())
        return v or None

    def date(self, v: Any, year_only: bool) -> tuple[date, int | None] | None:
        """(date, placeholder year or None); year-only dates give the first day of the year."""
        if v is None or v == "":
            return None
        if isinstance(v, int) and not isinstance(v, bool):
            v = str(v)
        if not isinstance(v, str):
            raise _Bad("bad-date", value=str(v))
        r = self._dates.get(v)
        if r is None:
            r = self._dates[v] = self._parse_date(v)
        if r[0] == "err":
            raise _Bad(r[1], **r[2])
        if r[2] is not None and not year_only:
            raise _Bad("ledger-year-only", value=v.strip())
        return r[1], r[2]

    def _parse_date(self, v: str) -> tuple:
        t = normalise_digits(v.strip())
        if _YEAR.match(t):
            y = int(t)
            if self.calendar == "buddhist":
                y -= BE_OFFSET
            elif y > 2400:
                return ("err", "undeclared-buddhist-date", {"value": v.strip(), "year": y})
            if not 1 <= y <= 9999:
                return ("err", "bad-date", {"value": v.strip()})
            return ("ok", date(y, 1, 1), y)
        try:
            return ("ok", parse_date(t, self.calendar), None)
        except DateTextError as e:
            params = {k: str(x) for k, x in e.params.items()}
            params["value"] = v.strip()
            return ("err", e.code, params)

    def money(self, v: Any) -> Decimal:
        key = v if isinstance(v, str) else None
        if key is not None:
            r = self._money.get(key)
            if r is not None:
                if isinstance(r, _Bad):
                    raise r
                return r
        try:
            d = parse_money(v)
        except MoneyError as e:
            bad = _Bad(e.code, value=str(v))
            if key is not None:
                self._money[key] = bad
            raise bad from None
        if key is not None:
            self._money[key] = d
        return d

    def period(self, v: Any) -> int:
        if isinstance(v, int) and not isinstance(v, bool):
            v = str(v)
        if not isinstance(v, str):
            raise _Bad("ledger-bad-period", value=str(v))
        r = self._periods.get(v)
        if r is None:
            r = self._periods[v] = self._parse_period(v)
        if isinstance(r, _Bad):
            raise r
        return r

    def _parse_period(self, v: str) -> int | _Bad:
        m = _PERIOD.match(normalise_digits(v.strip()))
        if not m:
            return _Bad("ledger-bad-period", value=v)
        y = int(m.group(1))
        if self.calendar == "buddhist":
            y -= BE_OFFSET
        elif y > 2400:
            return _Bad("undeclared-buddhist-date", value=v, year=y)
        if m.group(2) is None:
            return -y
        mo = int(m.group(2))
        if not 1 <= mo <= 12:
            return _Bad("ledger-bad-period", value=v)
        return y * 12 + mo - 1

    @staticmethod
    def integer(v: Any) -> int | None:
        if v is None or v == "":
            return None
        if isinstance(v, bool) or isinstance(v, (FloatLiteral, float)):
            raise _Bad("wrong-type", expected="a whole number", found=str(v), value=str(v))
        if isinstance(v, int):
            n = v
        elif isinstance(v, str):
            t = normalise_digits(v.strip())
            if t.startswith("-") and _INT.match(t[1:]):
                raise _Bad("negative-units", value=v)
            if not _INT.match(t):
                raise _Bad("wrong-type", expected="a whole number", found=f"'{v}'", value=v)
            n = int(t)
        else:
            raise _Bad("wrong-type", expected="a whole number", found=type(v).__name__)
        if n < 0:
            raise _Bad("negative-units", value=str(v))
        return n

    @staticmethod
    def choice(v: Any, table: dict[str, str], what: str) -> str | None:
        if v is None or v == "":
            return None
        if not isinstance(v, str):
            raise _Bad("wrong-type", expected="text", found=type(v).__name__)
        r = table.get(v.strip().lower())
        if r is None:
            opts = sorted(set(table.values()))
            raise _Bad("not-allowed", value=v, hint=(f"{what}: use one of {opts}", f"{what}: ใช้ค่าใดค่าหนึ่งจาก {opts}"))
        return r


# ---------------------------------------------------------------------------------------------- the reader
def _open_ledger(directory: str | Path, manifest: str | Path | None, calendar: str | None,
                 periods: Iterable[str] | None) -> tuple[Manifest, Callable[[str], str], set[str] | None]:
    """The manifest, each file's calendar, and the instalment schedules allowed (shared by both readers)."""
    d = Path(directory)
    if not d.is_dir():
        raise InputError([make_problem("file-not-found", file=str(d))])
    man = read_manifest(d, manifest)
    default_cal = calendar or man.calendar or "gregorian"

    def cal_of(kind: str) -> str:
        return man.files[kind].calendar or default_cal

    return man, cal_of, set(periods) if periods is not None else None


def _skipped(man: Manifest, problems: list[Problem], bad_members: set[str], member_rows: dict[str, MemberRecord],
             dropped: dict[str, int], left_out: Iterable[tuple[str, int]],
             unknown: Iterable[tuple[str, int, int]]) -> list[Problem]:
    """With ``skip_bad_rows``: every problem, plus what was left out because of them.  A member whose own rows
    are bad cannot be judged, so their other rows (``dropped`` instalments, ``left_out`` payouts) are left out
    too and the member leaves ``member_rows``; with a register that could not be read, nobody's payouts can be
    judged (``unknown``)."""
    skipped = list(problems)
    cfile = str(man.files["contributions"].path)
    pfile = str(man.files["payouts"].path)
    if bad_members:
        for mid in sorted(bad_members):
            member_rows.pop(mid, None)
            if dropped.get(mid):
                skipped.append(make_problem("ledger-skipped-member", file=cfile, value=mid,
                                            count=dropped[mid], what="contributions"))
        for mid, line in left_out:
            skipped.append(make_problem("ledger-skipped-member", file=pfile, line=line, col=1,
                                        value=mid, count=1, what="payout"))
    for mid, line, col in unknown:
        skipped.append(make_problem("unknown-member", file=pfile, line=line, col=col, value=mid))
    return rank(skipped)


def read_ledger(directory: str | Path, *, calendar: str | None = None, manifest: str | Path | None = None,
                fund: str | None = None, periods: Iterable[str] | None = None,
                skip_bad_rows: bool = False) -> Ledger:
    """Read and check a whole ledger; raise :class:`InputError` listing every bad row (file, line, column).

    ``calendar`` is the calendar of files whose manifest entry does not declare one (default C.E.).
    ``periods`` (``{"month"}``, ``{"year"}``) checks each instalment's ``covers`` against the fund's schedule.
    With ``skip_bad_rows`` the bad rows are left out and listed in :attr:`Ledger.skipped` instead.
    """
    man, cal_of, allowed_periods = _open_ledger(directory, manifest, calendar, periods)
    problems: list[Problem] = []
    bad_members: set[str] = set()
    before = len(problems)
    members = _read_members(man.files["members"], cal_of("members"), problems, bad_members)
    # a register that could not be read at all (bad header, unreadable file) would make every other row an
    # "unknown member": report the register's problems only
    members_known = not any(p.line in (None, 1) and p.file == str(man.files["members"].path)
                            for p in problems[before:])
    counts = {"members": sum(1 for _ in members)}
    member_rows = {m.member_id: m for m in members.values()}
    dropped: dict[str, int] = {}
    n_contrib = _read_contributions(man.files["contributions"], cal_of("contributions"), member_rows, problems,
                                    bad_members, allowed_periods, dropped, members_known)
    unknown: list[tuple[str, int, int]] = []
    payouts, n_pay = _read_payouts(man.files["payouts"], cal_of("payouts"), member_rows, problems, bad_members,
                                   members_known, unknown=unknown)
    counts["contributions"] = n_contrib
    counts["payouts"] = n_pay
    problems = rank(problems)
    skipped: list[Problem] = []
    if problems:
        if not skip_bad_rows:
            raise InputError(problems)
        left_out = [(p.member_id, p.line) for p in payouts if p.member_id in bad_members]
        payouts = [p for p in payouts if p.member_id not in bad_members]
        skipped = _skipped(man, problems, bad_members, member_rows, dropped, left_out, unknown)
    payouts.sort(key=PayoutRow.order_key)
    return Ledger(fund=fund or man.fund, members=member_rows, payouts=payouts, skipped=skipped, counts=counts,
                  files={k: str(s.path) for k, s in man.files.items()})


# ---------------------------------------------------------------------------------------------- streaming
PARTITION_ROWS = 50_000
"""The default bound on the instalments of one partition of members (:func:`stream_ledger`): about 16 bytes each
in memory, plus the partition's payouts (about 3% as many rows, about 1.5 KiB each while judged)."""
_FLUSH_PER_MEMBER = 8  # pass 1 holds up to max(partition rows, 8 per member) instalments between flushes
_EST_ROW_BYTES = 24  # the shortest plausible instalment row ("M1,2024-03-05,30,2024-03" + newline is 25)
_EST_PAYOUT_ROW_BYTES = 40
_CHUNK = struct.Struct("<qq")  # member index, instalments


class _Spool:
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
            ev = t[3]
            self.refs.append(((ev, t[6] or ev, t[0]), t[0], mid, t[2], t[10], ev, t[12]))
        self.n_pbuf += 1
        if self.n_pbuf >= self.plimit:
            self.flush_payouts()

    def flush_payouts(self) -> None:
        for p, rows in enumerate(self.pbuf):
            if rows:
                with open(self.ppath(p), "ab") as f:
                    pickle.dump(rows, f, protocol=pickle.HIGHEST_PROTOCOL)
                self.pbuf[p] = []
        self.n_pbuf = 0
        self.pspilled = True

    def payouts(self, p: int) -> list[tuple]:
        """The payout tuples of partition ``p`` (rows with a repeated id left out)."""
        out: list[tuple] = []
        path = self.ppath(p)
        if path.exists():
            with open(path, "rb") as f:
                while True:
                    try:
                        out.extend(pickle.load(f))
                    except EOFError:
                        break
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
        for b, rows in enumerate(self.ibuf):
            if rows:
                with open(self.ipath(b), "ab") as f:
                    pickle.dump(rows, f, protocol=pickle.HIGHEST_PROTOCOL)
                self.ibuf[b] = []
        self.n_ibuf = 0
        self.ispilled = True

    def check_ids(self, problems: list[Problem], file: str) -> None:
        """``ledger-duplicate-id`` for every row whose payout id an earlier row has: what :func:`read_ledger`
        reports, found one bucket of ids at a time."""
        for b in range(self.id_buckets):
            rows: list[tuple[str, int, int]] = []
            path = self.ipath(b)
            if path.exists():
                with open(path, "rb") as f:
                    while True:
                        try:
                            rows.extend(pickle.load(f))
                        except EOFError:
                            break
                path.unlink()
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
    spool: _Spool
    stats: dict[str, int] = field(default_factory=dict)

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
        held = 0
        path = sp.cpath(p)
        if path.exists():
            data = memoryview(path.read_bytes())
            size = _CHUNK.size
            unpack = _CHUNK.unpack_from
            off = 0
            all_recs = sp.recs
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
        else:  # everything stayed in memory (one partition, no flush)
            lo, hi = sp.bounds[p]
            held = sum(len(r.dates) for r in sp.recs[lo:hi])
        self.stats["partition_max_instalments"] = max(self.stats.get("partition_max_instalments", 0), held)
        self.stats["partition_max_payouts"] = max(self.stats.get("partition_max_payouts", 0), len(payouts))
        return recs, payouts

    def release(self, p: int) -> None:
        """Empty the instalment arrays of partition ``p``'s members (when they were loaded from its file)."""
        sp = self.spool
        if not sp.cpath(p).exists():
            return
        lo, hi = sp.bounds[p]
        for rec in sp.recs[lo:hi]:
            if rec.dates:
                del rec.dates[:]
                del rec.periods[:]
                del rec.amounts[:]

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
                    key = (t[3], t[6] or t[3], t[0])
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
    man, cal_of, allowed_periods = _open_ledger(directory, manifest, calendar, periods)
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
    members = _read_members(man.files["members"], cal_of("members"), problems, bad_members)
    members_known = not any(p.line in (None, 1) and p.file == str(man.files["members"].path)
                            for p in problems)
    counts = {"members": sum(1 for _ in members)}
    member_rows = {m.member_id: m for m in members.values()}
    del members
    kept = [member_rows[m] for m in sorted(member_rows) if m not in bad_members]
    spool = _Spool(tmp, partition_rows, kept, bad_members, size_of("contributions") // _EST_ROW_BYTES,
                   size_of("payouts") // _EST_PAYOUT_ROW_BYTES)
    del kept
    dropped: dict[str, int] = {}
    counts["contributions"] = _read_contributions(man.files["contributions"], cal_of("contributions"),
                                                  member_rows, problems, bad_members, allowed_periods, dropped,
                                                  members_known, spool)
    _, counts["payouts"] = _read_payouts(man.files["payouts"], cal_of("payouts"), member_rows, problems,
                                         bad_members, members_known, spool)
    spool.finish()
    pfile = str(man.files["payouts"].path)
    spool.check_ids(problems, pfile)
    problems = rank(problems)
    skipped: list[Problem] = []
    if problems:
        if not skip_bad_rows:
            raise InputError(problems)
        skipped = _skipped(man, problems, bad_members, member_rows, dropped,
                           [(m, line) for m, line in spool.bad_member_payouts if line not in spool.rejected],
                           [(m, line, col) for m, line, col in spool.unknown if line not in spool.rejected])
    # rows whose id repeats an earlier row's are left out (only with skip_bad_rows: otherwise raised above)
    n_payouts = sum(len(spool.payouts(p)) for p in range(spool.k)) if spool.rejected else spool.n_payouts
    return PartitionedLedger(fund=fund or man.fund, members=member_rows, skipped=skipped, counts=counts,
                             files={k: str(s.path) for k, s in man.files.items()}, n_payouts=n_payouts,
                             tmp=tmp, spool=spool,
                             stats={"partitions": spool.k, "partition_rows": spool.part_rows,
                                    "flush_rows": spool.rows, "pass1_max_instalments": spool.max_held,
                                    "id_buckets": spool.id_buckets})


def _read_members(spec: FileSpec, cal: str, problems: list[Problem], bad_members: set[str]) -> dict[str, MemberRecord]:
    src = _Source(spec, problems)
    V = _Values(cal)
    F = {f: i for i, f in enumerate(src.fields)}
    out: dict[str, MemberRecord] = {}
    firsts: dict[str, dict[str, Any]] = {}
    spell_rows: dict[str, list[tuple[int, int]]] = {}  # member -> (line, column of 'joined') per spell
    for row in src.rows():
        if not row.vals:
            continue
        vals = row.vals
        errs: list[Problem] = []
        got: dict[str, Any] = {}
        mid = None
        for fld in ("member_id", "birth_date", "sex", "joined", "left", "left_reason", "died_on"):
            i = F[fld]
            raw = vals[i]
            try:
                if fld == "member_id":
                    v = V.text(raw)
                    mid = v
                elif fld == "sex":
                    v = V.choice(raw, _SEX, "sex")
                elif fld == "left_reason":
                    v = V.choice(raw, _LEFT, "left_reason")
                else:
                    v = V.date(raw, fld in YEAR_ONLY_FIELDS)
                if v is None and FIELDS["members"][fld]:
                    raise _Bad("missing-field", field=fld)
                got[fld] = v
            except _Bad as b:
                errs.append(src.problem(b.code, row.line, row.col(i), hint=b.hint, **b.params))
        errs.extend(_member_row_checks(src, row, F, got))
        if errs:
            problems.extend(errs)
            if mid is not None:
                bad_members.add(mid)
            continue
        assert mid is not None
        birth, bph = got["birth_date"]
        joined, jph = got["joined"]
        left, lph = got["left"] if got["left"] else (None, None)
        died, dph = got["died_on"] if got["died_on"] else (None, None)
        rec = out.get(mid)
        if rec is None:
            rec = out[mid] = MemberRecord(mid, birth, got["sex"], [], died, {}, row.line)
            firsts[mid] = {"birth_date": (vals[F["birth_date"]], birth), "sex": (vals[F["sex"]], got["sex"]),
                           "died_on": (vals[F["died_on"]], died), "line": row.line}
            if bph is not None:
                rec.placeholders["birth_date"] = bph
            if dph is not None:
                rec.placeholders["died_on"] = dph
        else:
            first = firsts[mid]
            conflict = False
            for fld, val in (("birth_date", birth), ("sex", got["sex"]), ("died_on", died)):
                if first[fld][1] != val:
                    problems.append(src.problem("ledger-member-conflict", row.line, row.col(F[fld]), value=mid,
                                                field=fld, found=str(vals[F[fld]] or ""),
                                                first=str(first[fld][0] or ""), first_line=first["line"]))
                    conflict = True
            if conflict:
                bad_members.add(mid)
                continue
        idx = len(rec.spells)
        rec.spells.append((joined, left, got["left_reason"]))
        if jph is not None:
            rec.placeholders[f"spells[{idx}].start"] = jph
        if lph is not None:
            rec.placeholders[f"spells[{idx}].end"] = lph
        spell_rows.setdefault(mid, []).append((row.line, row.col(F["joined"])))
    # spells in order, without overlaps; only the last may be open
    for mid, rec in out.items():
        rows = spell_rows[mid]
        order = sorted(range(len(rec.spells)), key=lambda i: rec.spells[i][0])
        if order != list(range(len(rec.spells))):
            rec.spells = [rec.spells[i] for i in order]
            rows = [rows[i] for i in order]
            rec.placeholders = _renumber(rec.placeholders, order)
        for a, b in zip(range(len(rec.spells)), range(1, len(rec.spells))):
            sa, sb = rec.spells[a], rec.spells[b]
            if sa[1] is None:
                problems.append(src.problem("open-spell-not-last", rows[a][0], rows[a][1]))
                bad_members.add(mid)
            elif sb[0] < sa[1]:
                problems.append(src.problem("overlapping-spells", rows[b][0], rows[b][1], value=sb[0].isoformat()))
                bad_members.add(mid)
    return out


def _renumber(ph: dict[str, int], order: list[int]) -> dict[str, int]:
    new_index = {old: new for new, old in enumerate(order)}
    out = {}
    for k, y in ph.items():
        m = re.match(r"^spells\[(\d+)\]\.(start|end)$", k)
        if m:
            out[f"spells[{new_index[int(m.group(1))]}].{m.group(2)}"] = y
        else:
            out[k] = y
    return out


def _member_row_checks(src: _Source, row: _Row, F: dict[str, int], got: dict[str, Any]) -> list[Problem]:
    """Checks across the fields of one register row, on the fields that parsed (a field missing from ``got`` had
    its own problem reported)."""
    out = []
    birth = got.get("birth_date")
    joined = got.get("joined")
    left = got.get("left")
    died = got.get("died_on")

    def latest(v: tuple[date, int | None]) -> date:
        return date(v[1], 12, 31) if v[1] is not None else v[0]

    if "left" in got and "left_reason" in got and (left is None) != (got["left_reason"] is None):
        fld = "left_reason" if left is not None else "left"
        out.append(src.problem("missing-field", row.line, row.col(F[fld]), field=fld))
    if birth is None or joined is None:
        return out
    if latest(joined) < birth[0]:
        out.append(src.problem("date-order", row.line, row.col(F["joined"]), later="joined",
                               later_value=joined[0].isoformat() if joined[1] is None else str(joined[1]),
                               earlier="birth_date",
                               earlier_value=birth[0].isoformat() if birth[1] is None else str(birth[1])))
    if left is not None and latest(left) < joined[0]:
        out.append(src.problem("date-order", row.line, row.col(F["left"]), later="left",
                               later_value=left[0].isoformat(), earlier="joined", earlier_value=joined[0].isoformat()))
    if died is not None and latest(died) < birth[0]:
        out.append(src.problem("date-order", row.line, row.col(F["died_on"]), later="died_on",
                               later_value=died[0].isoformat(), earlier="birth_date",
                               earlier_value=birth[0].isoformat()))
    return out


def _spell_bounds(rec: MemberRecord) -> list[tuple[int, int | None]]:
    """Ordinal bounds of each spell, widest under placeholders (earliest start, latest end)."""
    out = []
    for i, (s, e, _r) in enumerate(rec.spells):
        lo = s.toordinal()
        if e is None:
            hi = None
        elif f"spells[{i}].end" in rec.placeholders:
            hi = date(rec.placeholders[f"spells[{i}].end"], 12, 31).toordinal()
        else:
            hi = e.toordinal()
        if rec.died_on is not None:
            dd = rec.died_on if "died_on" not in rec.placeholders else date(rec.placeholders["died_on"], 12, 31)
            hi = dd.toordinal() if hi is None else min(hi, max(dd.toordinal(), lo))
        out.append((lo, hi))
    return out


def _read_contributions(spec: FileSpec, cal: str, members: dict[str, MemberRecord], problems: list[Problem],
                        bad_members: set[str], allowed_periods: set[str] | None, dropped: dict[str, int],
                        members_known: bool = True, spool: _Spool | None = None) -> int:
    """Stream the instalments into each member's compact arrays.  CSV rows take a fast path: each distinct
    member id, date, amount and period text is parsed once; any row that is not plainly valid is re-read by the
    checking path, which reports every problem in it.

    With a ``spool`` (:func:`stream_ledger`), the arrays are emptied into the spool's partition files every
    ``spool.rows`` rows read, so that at most that many instalments are held at once."""
    src = _Source(spec, problems)
    flush_at = spool.rows if spool is not None else 1 << 62
    V = _Values(cal)
    bounds: dict[str, list[tuple[int, int | None]]] = {}
    fi = [src.fields.index(f) for f in ("member_id", "date", "amount", "covers")]
    n = 0
    mids: dict[str, str] = {}
    ords: dict[str, int] = {}
    satang: dict[str, int] = {}
    codes: dict[str, int] = {}

    def check(line: int, raw: list[Any], colfn: Callable[[int], int]) -> tuple[Any, ...] | None:
        """The slow path: parse one row, report every problem; (mid, ordinal, satang, code) or None."""
        errs: list[Problem] = []
        vals: list[Any] = [None] * 4
        for k, (fld, r) in enumerate(zip(("member_id", "date", "amount", "covers"), raw)):
            try:
                if r is None or r == "":
                    raise _Bad("missing-field", field=fld)
                if k == 0:
                    v: Any = V.text(r)
                    if v is None:
                        raise _Bad("missing-field", field=fld)
                elif k == 1:
                    v = V.date(r, False)[0].toordinal()  # type: ignore[index]
                elif k == 2:
                    v = int(V.money(r) * 100)
                else:
                    v = V.period(r)
                    if allowed_periods is not None and ("year" if v < 0 else "month") not in allowed_periods:
                        want = "month" if "month" in allowed_periods else "year"
                        raise _Bad("contribution-period", value=str(r),
                                   period="monthly" if want == "month" else "yearly",
                                   expected="YYYY-MM" if want == "month" else "YYYY")
                vals[k] = v
            except _Bad as b:
                errs.append(src.problem(b.code, line, colfn(fi[k]), hint=b.hint, **b.params))
        if errs:
            problems.extend(errs)
            return None
        if isinstance(raw[0], str):
            mids[raw[0]] = vals[0]
        if isinstance(raw[1], str):
            ords[raw[1]] = vals[1]
        if isinstance(raw[2], str):
            satang[raw[2]] = vals[2]
        if isinstance(raw[3], str):
            codes[raw[3]] = vals[3]
        return tuple(vals)

    def accept(line: int, mid: str, o: int, a: int, c: int, colfn: Callable[[int], int]) -> None:
        rec = members.get(mid)
        if rec is None or mid in bad_members:
            if mid in bad_members:
                dropped[mid] = dropped.get(mid, 0) + 1
            elif members_known:
                problems.append(src.problem("unknown-member", line, colfn(fi[0]), value=mid))
            return
        bl = bounds.get(mid)
        if bl is None:
            bl = bounds[mid] = _spell_bounds(rec)
        if not any(lo <= o and (hi is None or o <= hi) for lo, hi in bl):
            problems.append(src.problem("contribution-before-membership", line, colfn(fi[1]),
                                        value=date.fromordinal(o).isoformat()))
            return
        rec.dates.append(o)
        rec.amounts.append(a)
        rec.periods.append(c)

    if spec.format != "csv":
        for r in src.rows():
            n += 1
            if n >= flush_at:
                spool.flush()  # type: ignore[union-attr]
                flush_at = n + spool.rows  # type: ignore[union-attr]
            if not r.vals:
                continue
            got = check(r.line, [r.vals[i] for i in fi], r.col)
            if got is not None:
                accept(r.line, *got, r.col)
        return n
    try:
        f = open(spec.path, "r", encoding="utf-8-sig", newline="")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        problems.append(make_problem("file-not-found", file=src.file))
        return 0
    with f:
        try:
            reader = src.csv_reader(f)
            if reader is None:
                return 0
            colfn = src.colfn
            pick = operator.itemgetter(*(src.idxs[i] for i in fi))
            ncols = src.ncols
            prev = reader.line_num
            get_o, get_a, get_c = ords.get, satang.get, codes.get
            # raw member id -> (append date, append amount, append period, first day, last day) for members with
            # one spell and good rows: the common case costs one lookup
            fast: dict[str, tuple[Any, ...]] = {}
            get_fast = fast.get
            never = 1 << 40
            for row in reader:
                line = prev + 1
                prev = reader.line_num
                n += 1
                if n >= flush_at:
                    spool.flush()  # type: ignore[union-attr]
                    flush_at = n + spool.rows  # type: ignore[union-attr]
                if len(row) != ncols:
                    if not row or (len(row) == 1 and not row[0].strip()):
                        n -= 1
                        continue
                    problems.append(src.problem("ledger-row-length", line, 1, found=len(row), expected=ncols))
                    continue
                rm, rd, ra, rc = pick(row)
                slot = get_fast(rm)
                o = get_o(rd)
                a = get_a(ra)
                c = get_c(rc)
                if slot is not None and o is not None and a is not None and c is not None and \
                        slot[3] <= o <= slot[4]:
                    slot[0](o)
                    slot[1](a)
                    slot[2](c)
                    continue
                if o is None or a is None or c is None or mids.get(rm) is None:
                    got = check(line, [rm, rd, ra, rc], colfn)
                    if got is None:
                        continue
                    mid, o, a, c = got
                else:
                    mid = mids[rm]
                accept(line, mid, o, a, c, colfn)  # the general (and reporting) path
                rec = members.get(mid)
                bl = bounds.get(mid)
                if rec is not None and bl is not None and len(bl) == 1 and mid not in bad_members:
                    fast[rm] = (rec.dates.append, rec.amounts.append, rec.periods.append, bl[0][0],
                                never if bl[0][1] is None else bl[0][1])
        except UnicodeDecodeError as e:
            problems.append(make_problem("not-utf8", file=src.file, byte=f"0x{e.object[e.start]:02x}",
                                         hint=("save the file as UTF-8", "บันทึกไฟล์เป็น UTF-8")))
    return n


def _read_payouts(spec: FileSpec, cal: str, members: dict[str, MemberRecord], problems: list[Problem],
                  bad_members: set[str], members_known: bool = True, spool: _Spool | None = None,
                  unknown: list[tuple[str, int, int]] | None = None) -> tuple[list[PayoutRow], int]:
    """The vouchers, every bad one reported.  With a ``spool`` the valid rows go to the spool's partition files
    instead of the returned list, and payout ids are checked for duplicates by the spool afterwards
    (:meth:`_Spool.check_ids`), bucket by bucket, instead of in one dict of every id."""
    src = _Source(spec, problems)
    V = _Values(cal)
    F = {f: i for i, f in enumerate(src.fields)}
    out: list[PayoutRow] = []
    first_line: dict[str, int] = {}
    n = 0
    for row in src.rows():
        n += 1
        if not row.vals:
            continue
        vals = row.vals
        errs: list[Problem] = []
        got: dict[str, Any] = {}
        for fld in src.fields:
            i = F[fld]
            raw = vals[i]
            try:
                if fld in ("payout_id", "member_id", "benefit", "event_ref"):
                    v: Any = V.text(raw)
                elif fld == "amount":
                    v = None if raw is None or raw == "" else V.money(raw)
                elif fld in ("units", "children"):
                    v = V.integer(raw)
                    if fld == "children" and v == 0:
                        raise _Bad("out-of-range", value="0", detail="children must be at least 1")
                else:
                    r = V.date(raw, False)
                    v = None if r is None else r[0]
                if v is None and FIELDS["payouts"][fld]:
                    raise _Bad("missing-field", field=fld)
                got[fld] = v
            except _Bad as b:
                errs.append(src.problem(b.code, row.line, row.col(i), hint=b.hint, **b.params))
        details: dict[str, Any] = {}
        for k, v in row.details.items():
            if isinstance(v, (FloatLiteral, float)):
                details[k] = Decimal(str(v))
            elif isinstance(v, str):
                details[k] = normalise_digits(v.strip()) if _looks_numeric(v) else v.strip()
            else:
                details[k] = v
        # checks across fields run on whatever parsed, so that a row's problems are all reported at once
        ev = got.get("event_date")
        for fld in ("end_date", "filed_on", "paid_on"):
            if ev is not None and got.get(fld) is not None and got[fld] < ev:
                errs.append(src.problem("date-order", row.line, row.col(F[fld]), later=fld,
                                        later_value=got[fld].isoformat(), earlier="event_date",
                                        earlier_value=ev.isoformat()))
        pid = got.get("payout_id")
        if pid is not None and spool is not None:
            spool.add_id(pid, row.line, row.col(F["payout_id"]))
        elif pid is not None:
            if pid in first_line:
                errs.append(src.problem("ledger-duplicate-id", row.line, row.col(F["payout_id"]), value=pid,
                                        first_line=first_line[pid]))
            else:
                first_line[pid] = row.line
        mid = got.get("member_id")
        if mid is not None and members_known and mid not in members and mid not in bad_members:
            errs.append(src.problem("unknown-member", row.line, row.col(F["member_id"]), value=mid))
        if errs:
            problems.extend(errs)
            continue
        if spool is not None:
            spool.add_payout((got["payout_id"], got["member_id"], got["benefit"], got["event_date"], got["amount"],
                              got["end_date"], got["filed_on"], got["paid_on"], got["units"], got["children"],
                              got["event_ref"], details, row.line), row.col(F["member_id"]))
            continue
        if unknown is not None and got["member_id"] not in members and got["member_id"] not in bad_members:
            unknown.append((got["member_id"], row.line, row.col(F["member_id"])))  # only when members_known is False
            continue
        out.append(PayoutRow(payout_id=got["payout_id"], member_id=got["member_id"], benefit=got["benefit"],
                             event_date=got["event_date"], amount=got["amount"], end_date=got["end_date"],
                             filed_on=got["filed_on"], paid_on=got["paid_on"], units=got["units"],
                             children=got["children"], event_ref=got["event_ref"], details=details, line=row.line))
    return out, n


def _looks_numeric(v: str) -> bool:
    return bool(re.match(r"^-?[\d๐-๙]+(\.[\d๐-๙]+)?$", v.strip()))


# ---------------------------------------------------------------------------------------------- writing
def _fmt_date(d: date | None, calendar: str) -> str:
    if d is None:
        return ""
    return to_be(d) if calendar == "buddhist" else d.isoformat()


def _fmt_period(code: str, calendar: str) -> str:
    if calendar != "buddhist":
        return code
    y = int(code[:4]) + BE_OFFSET
    return f"{y:04d}{code[4:]}"


def write_ledger_files(directory: str | Path, *, fund: str, members: Iterable[Member],
                       payouts: Iterable[PayoutRow], calendar: str = "gregorian",
                       extra: dict[str, bytes] | None = None) -> list[Path]:
    """Write a ledger directory (members.csv, contributions.csv, payouts.csv, ledger.yaml) atomically per file.

    Contributions are written in date order (then member, period), the way a fund's cash book runs.
    """
    from ..core.output import write_atomic
    if calendar not in ("gregorian", "buddhist"):
        raise InputError([make_problem("unknown-calendar", value=calendar)])
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    members = list(members)
    payouts = sorted(payouts, key=PayoutRow.order_key)
    written = []

    def csv_bytes(header: list[str], rows: Iterable[list[str]]) -> bytes:
        import io
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
        return buf.getvalue().encode("utf-8")

    mrows = []
    for m in sorted(members, key=lambda m: m.member_id):
        for s in sorted(m.spells, key=lambda s: s.start):
            mrows.append([m.member_id, _fmt_date(m.birth_date, calendar), m.sex, _fmt_date(s.start, calendar),
                          _fmt_date(s.end, calendar), s.end_reason or "", _fmt_date(m.died_on, calendar)])
    files = {"members.csv": csv_bytes(list(FIELDS["members"]), mrows)}

    fmt_cache: dict[date, str] = {}

    def fd(x: date) -> str:
        s = fmt_cache.get(x)
        if s is None:
            s = fmt_cache[x] = _fmt_date(x, calendar)
        return s

    per_cache: dict[str, str] = {}

    def fp(c: str) -> str:
        s = per_cache.get(c)
        if s is None:
            s = per_cache[c] = _fmt_period(c, calendar)
        return s

    crow = [(c.date, m.member_id, c.covers, c.amount) for m in members for c in m.contributions]
    crow.sort(key=lambda r: (r[0], r[1], r[2]))
    files["contributions.csv"] = csv_bytes(list(FIELDS["contributions"]),
                                           ([mid, fd(dt), money_str(a), fp(cv)] for dt, mid, cv, a in crow))
    del crow
    detail_names = sorted({k for p in payouts for k in p.details})
    prow = []
    for p in payouts:
        prow.append([p.payout_id, p.member_id, p.benefit, _fmt_date(p.event_date, calendar),
                     _fmt_date(p.end_date, calendar), _fmt_date(p.filed_on, calendar),
                     _fmt_date(p.paid_on, calendar), "" if p.units is None else str(p.units),
                     "" if p.children is None else str(p.children), money_str(p.amount), p.event_ref or ""]
                    + [_detail_text(p.details.get(k)) for k in detail_names])
    files["payouts.csv"] = csv_bytes(list(FIELDS["payouts"]) + [DETAILS_PREFIX + k for k in detail_names], prow)
    manifest = (f"# ledger of the {fund} fund (written by swf-rules)\nfund: {fund}\nfiles:\n"
                + "".join(f"  {k}: {{path: {k}.csv, calendar: {calendar}}}\n" for k in KINDS))
    files["ledger.yaml"] = manifest.encode("utf-8")
    for name, raw in {**files, **(extra or {})}.items():
        write_atomic(d / name, raw)
        written.append(d / name)
    return written


def _detail_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


__all__ = ["Ledger", "MemberRecord", "PayoutRow", "read_ledger", "read_manifest", "write_ledger_files",
           "build_member", "contribution", "FIELDS", "PartitionedLedger", "stream_ledger", "PARTITION_ROWS"]
