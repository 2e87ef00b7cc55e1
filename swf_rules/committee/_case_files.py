"""Case files on disk: finding ``*.cases.yaml`` files, loading one (its regulation, every case built, its declared
invariants), and the case file that declares a regulation's invariants.

Loading validates the whole file with pydantic models (unknown keys are errors with a "did you mean" hint, every
problem located at file:line:col) and raises :class:`~swf_rules.core.errors.InputError` listing every problem.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any, Iterable

from pydantic import ValidationError

from ..core.errors import InputError, Problem, make_problem
from ..core.load import Document, load_yaml_file
from ..core.validate import Regulation, load_regulation
from ._case_build import Case, build_case_at
from ._case_format import CaseFileIn, CaseIn
from ._invariant_format import parse_invariants
from ._problems import validation_problems

CASE_SUFFIX = ".cases.yaml"


@dataclass
class CaseFile:
    path: str
    regulation_path: str
    regulation: Regulation
    cases: list[Case]
    invariants: list[Any] = field(default_factory=list)  # declared Invariant values (._invariant_format)
    document: Document | None = None


def find_case_files(paths: Iterable[str | FsPath]) -> list[str]:
    """Files given explicitly (any name), plus every ``*.cases.yaml`` under each directory given (sorted)."""
    out: list[str] = []
    problems: list[Problem] = []
    for p in paths:
        fp = FsPath(p)
        if fp.is_dir():
            found = sorted(str(x) for x in fp.rglob("*" + CASE_SUFFIX) if x.is_file())
            if not found:
                problems.append(make_problem("case-none-found", file=str(p), value=str(p),
                                             hint=("case files are named NAME.cases.yaml",
                                                   "ไฟล์กรณีทดสอบต้องชื่อ NAME.cases.yaml")))
            out.extend(found)
        elif fp.is_file():
            out.append(str(p))
        else:
            problems.append(make_problem("file-not-found", file=str(p)))
    if problems:
        raise InputError(problems)
    seen: set[str] = set()
    return [x for x in out if not (x in seen or seen.add(x))]  # type: ignore[func-returns-value]


def load_case_file(path: str | FsPath) -> CaseFile:
    """Load, validate and build every case of a case file; raise :class:`InputError` listing every problem."""
    return load_case_document(load_yaml_file(path))


def load_case_document(doc: Document, regulation: Regulation | None = None) -> CaseFile:
    """Validate and build a loaded case file.  ``regulation``: use this one instead of the file it names."""
    try:
        top = CaseFileIn.model_validate(doc.data, context={"calendar": "gregorian"})
    except ValidationError as e:
        raise InputError(validation_problems(doc, e, [CaseFileIn])) from None
    reg_path = os.path.normpath(FsPath(doc.file).parent / top.regulation)
    if regulation is None:
        if not FsPath(reg_path).is_file():
            raise InputError([doc.problem("case-regulation-not-found", ("regulation",), value=top.regulation,
                                          resolved=reg_path,
                                          hint=("the path is relative to the case file",
                                                "เส้นทางนับจากตำแหน่งของไฟล์กรณีทดสอบ"))])
        regulation = load_regulation(reg_path)
    problems: list[Problem] = []
    specs: list[tuple[int, CaseIn]] = []
    first_name: dict[str, int] = {}
    for i, raw in enumerate(top.cases):
        cal = top.calendar
        if isinstance(raw, dict) and raw.get("calendar") in ("gregorian", "buddhist"):
            cal = raw["calendar"]
        try:
            c = CaseIn.model_validate(raw, context={"calendar": cal})
        except ValidationError as e:
            problems.extend(validation_problems(doc, e, [CaseIn], ("cases", i)))
            continue
        if c.name in first_name:
            first = doc.locate(("cases", first_name[c.name], "name"))
            problems.append(doc.problem("case-duplicate-name", ("cases", i, "name"), value=c.name,
                                        first_line=first.line if first else "?",
                                        hint=("give every case its own name", "ตั้งชื่อกรณีไม่ให้ซ้ำกัน")))
        first_name.setdefault(c.name, i)
        specs.append((i, c))
    invariants: list[Any] = []
    if top.invariants:
        try:
            invariants = parse_invariants(doc, regulation)
        except InputError as e:
            problems.extend(e.problems)
    cases: list[Case] = []
    for i, c in specs:
        try:
            cases.append(build_case_at(doc, regulation, i, c))
        except InputError as e:
            problems.extend(e.problems)
    if problems:
        raise InputError(problems)
    return CaseFile(doc.file, reg_path, regulation, cases, invariants, doc)


def find_invariants_file(regulation_path: str | FsPath) -> FsPath | None:
    """The case file declaring a regulation's invariants: ``<dir>/cases/<stem>.cases.yaml`` or
    ``<dir>/<stem>.cases.yaml``."""
    p = FsPath(regulation_path)
    stem = p.name[:-5] if p.name.endswith(".yaml") else p.stem
    for cand in (p.parent / "cases" / f"{stem}{CASE_SUFFIX}", p.parent / f"{stem}{CASE_SUFFIX}"):
        if cand.is_file():
            return cand
    return None


def relative_ref(regulation_path: str, case_dir: str | FsPath) -> str:
    """The regulation's path as a case file in ``case_dir`` names it (relative, with forward slashes)."""
    return os.path.relpath(os.path.abspath(regulation_path), os.path.abspath(case_dir)).replace(os.sep, "/")
