"""``ledger.yaml``: which file holds each part of the ledger, and how to read it.

A ledger is a directory holding three files, found by name (``members.csv`` or ``members.jsonl``, and so on) or
named in an optional ``ledger.yaml`` manifest that also declares, per file, the calendar of its dates (B.E. or
C.E.), a column mapping for exports from other software and columns to ignore.  Every problem in the manifest is
reported at once, located in the YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import InputError, Problem, RegulationError, make_problem
from ..core.load import load_yaml_file
from .columns import ALL_KINDS, DETAILS_PREFIX, FIELDS, FUND_ID, KINDS, OPTIONAL_KINDS, column_hint


_KIND_TH = {"members": "ทะเบียนสมาชิก", "contributions": "เงินสมทบ", "payouts": "การจ่ายสวัสดิการ"}


@dataclass
class FileSpec:
    """Where one part of the ledger is and how to read it."""

    kind: str
    path: Path
    format: str  # csv | jsonl | parquet
    calendar: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # ledger field -> column in the file
    ignore: frozenset[str] = frozenset()
    manifest: str | None = None


@dataclass
class Manifest:
    """``ledger.yaml``, or what stands for it when the files are found by name."""

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
        if fund is not None and not (isinstance(fund, str) and FUND_ID.match(fund)):
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
            if kind not in ALL_KINDS:
                problems.append(doc.problem("unknown-key", at, at_key=True, key=kind, value=kind,
                                            hint=("files: " + ", ".join(ALL_KINDS), "ไฟล์: " + ", ".join(ALL_KINDS))))
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
            if fmt not in ("csv", "jsonl", "parquet"):
                problems.append(doc.problem("not-allowed", at + ("format",), value=str(fmt),
                                            hint=("use csv, jsonl or parquet", "ใช้ csv jsonl หรือ parquet")))
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
                                                value=fld, hint=column_hint(fld, list(known))))
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
        found = [directory / f"{kind}.{ext}" for ext in ("csv", "jsonl", "parquet")
                 if (directory / f"{kind}.{ext}").is_file()]
        if len(found) >= 2:
            problems.append(make_problem("ledger-ambiguous-file", file=str(directory), path=(kind,),
                                         first=found[0].name,
                                         second=found[1].name))
        elif not found:
            problems.append(make_problem("ledger-missing-file", file=str(directory), path=(kind,), kind=kind,
                                         kind_th=_KIND_TH[kind], expected=f"{kind}.csv, {kind}.jsonl or {kind}.parquet"))
        else:
            files[kind] = FileSpec(kind, found[0], _format_of(found[0]))
    for kind in OPTIONAL_KINDS:  # the accounts and the beneficiaries: read when present, never required
        if kind in files:
            continue
        found = [directory / f"{kind}.{ext}" for ext in ("csv", "jsonl") if (directory / f"{kind}.{ext}").is_file()]
        if len(found) == 2:
            problems.append(make_problem("ledger-ambiguous-file", file=str(directory), path=(kind,),
                                         first=found[0].name, second=found[1].name))
        elif found:
            files[kind] = FileSpec(kind, found[0], _format_of(found[0]))
    if problems:
        raise InputError(problems)
    return Manifest(fund, cal, files)


def _format_of(p: Path) -> str:
    suffix = p.suffix.lower()
    return "jsonl" if suffix in (".jsonl", ".ndjson") else "parquet" if suffix == ".parquet" else "csv"
