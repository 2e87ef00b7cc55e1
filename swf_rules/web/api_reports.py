"""API endpoints of the reports on a fund's books, and of importing books: member review, passbooks, the
projection, a draft's projected effect, and ``import``.

Each answers with the bytes the command line prints for the same input: ``review``, ``statement`` and
``project`` with ``--format json`` (or ``text``, ``csv``; the projection also as the ``projection.svg`` chart),
``impact --project`` (``projection-current.json`` / ``projection-draft.json`` / their charts, or the comparison
text), and ``import --format json`` with one more key, ``books``: the name under which the imported books can then
be used by every endpoint that takes ``books`` (status, review, statement, project, replay, impact), for as long
as the server runs (:mod:`.imports`).  The books of these endpoints are a served folder or books imported earlier.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from ..core.errors import InputError, LookupProblem, make_problem
from ..reports import (assumptions_from_text, experience_from_books, project, report_json, review_members,
                       statements)
from ..reports._common import csv_text
from ..reports.project import compare_text
from ._http import dumps, envelope, json_body, raw
from ._requests import when
from ._requests_reports import ImpactProjectRequest, ProjectRequest, ReviewRequest, StatementRequest
from .api_funds import draft_sides
from .api_rules import web
from .imports import ENCODINGS, save_upload
from .sustainability import ASSUMPTIONS_FILE, project_sides
from .workspace import Workspace

IMPORT_FIELDS = ("fund", "encoding", "skip_bad_rows", "dry_run")
MEDIA = {"json": "application/json", "csv": "text/csv", "text": "text/plain", "svg": "image/svg+xml"}


def emit(report: Any, fmt: str, lang: str) -> Response:
    """A report as ``--format json``, ``csv`` or ``text`` prints it."""
    if fmt == "json":
        return raw(report_json(report))
    if fmt == "csv":
        return raw(csv_text(report.csv_rows()), MEDIA["csv"])
    return raw(report.render(lang), MEDIA["text"])


def _as_of(text: str) -> date:
    d = when(text, "as_of")
    assert d is not None
    return d


# ------------------------------------------------------------------------------------------ review, statement
async def review(request: Request) -> Response:
    req = envelope(ReviewRequest, await json_body(request))
    ws: Workspace = web(request).workspace

    def work() -> Response:
        as_of = _as_of(req.as_of)
        reg, led = ws.ledger(req.books)
        return emit(review_members(reg, led, as_of), req.format, req.lang)
    return await web(request).run(work)


async def statement(request: Request) -> Response:
    req = envelope(StatementRequest, await json_body(request))
    ws: Workspace = web(request).workspace
    if (req.members is None) == (not req.all):
        raise InputError([make_problem("one-of-fields", file="request", fields="members, all")])

    def work() -> Response:
        as_of = _as_of(req.as_of)
        reg, led = ws.ledger(req.books)
        try:
            report = statements(reg, led, as_of, None if req.all else req.members)
        except InputError as e:  # unknown members: located at their place in the request
            assert req.members is not None
            raise LookupProblem([make_problem(p.code, file="request", path=("members", req.members.index(p.value)),
                                              value=p.value) for p in e.problems]) from None
        return emit(report, req.format, req.lang)
    return await web(request).run(work)


# ------------------------------------------------------------------------------------------ projection
def month_day(text: str) -> tuple[int, int]:
    """``MM-DD`` as the command line's ``--count-on`` reads it."""
    m, _, d = text.partition("-")
    month, day = int(m), int(d)
    if 1 <= month <= 12 and 1 <= day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
        return month, day
    raise InputError([make_problem("out-of-range", file="request", path=("count_on",), value=text,
                                   detail="a day of the year, MM-DD (03-01 for 1 March)")])


def projection_of(ws: Workspace, req: ProjectRequest) -> Any:
    """``swf-rules project``: the books' experience (with any declared assumptions) projected."""
    as_of, count_on = _as_of(req.as_of), month_day(req.count_on)
    reg, led = ws.ledger(req.books)
    declared = assumptions_from_text(req.assumptions, reg, file=ASSUMPTIONS_FILE) if req.assumptions is not None \
        else None
    ex = experience_from_books(reg, led, as_of, count_on=count_on)
    return project(ex, years=req.years, simulations=req.simulations, seed=req.seed, assumptions=declared,
                   name={"th": reg.fund.name.th, "en": reg.fund.name.en})


async def project_books(request: Request) -> Response:
    req = envelope(ProjectRequest, await json_body(request))
    ws: Workspace = web(request).workspace

    def work() -> Response:
        p = projection_of(ws, req)
        return raw(p.svg(req.lang), MEDIA["svg"]) if req.format == "svg" else emit(p, req.format, req.lang)
    return await web(request).run(work)


async def impact_project(request: Request) -> Response:
    req = envelope(ImpactProjectRequest, await json_body(request))
    ws: Workspace = web(request).workspace

    def work() -> Response:
        current, draft, population = draft_sides(ws, req)
        sides = project_sides(current, draft, population, years=req.years, simulations=req.simulations,
                              seed=req.seed, assumptions=req.assumptions)
        if req.format == "text":
            return raw(compare_text(sides[0], sides[1], req.lang), MEDIA["text"])
        p = sides[0] if req.side == "current" else sides[1]
        return raw(p.svg(req.lang), MEDIA["svg"]) if req.format == "svg" else raw(report_json(p))
    return await web(request).run(work)


# ------------------------------------------------------------------------------------------ import
def choice(fields: dict[str, str], key: str, allowed: tuple[str, ...], default: str) -> str:
    v = fields.get(key, default)
    if v not in allowed:
        raise InputError([make_problem("not-allowed", file="request", path=(key,), value=v[:100],
                                       hint=(f"use one of {list(allowed)}", f"ใช้ค่าใดค่าหนึ่งจาก {list(allowed)}"))])
    return v


def fund_of(ws: Workspace, key: str, path: tuple[str, ...] = ("fund",)) -> str:
    """The fund id of a served regulation named by its key or fund id (its problems when it does not validate)."""
    try:
        e = ws.entry(key)
    except LookupProblem as err:
        from dataclasses import replace
        raise LookupProblem([replace(p, path=path) for p in err.problems]) from None
    if e.fund_id is None:
        ws.regulation(e.key)  # raises its problems
    assert e.fund_id is not None
    return e.fund_id


async def read_upload(request: Request, tmp: Path, fields: tuple[str, ...]) -> tuple[dict[str, str], list[str]]:
    """The multipart upload saved into ``tmp`` (:func:`.imports.save_upload`); a body that is not readable
    multipart is a problem, not an error page."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "multipart/form-data":
        raise InputError([make_problem("unsupported-media-type", value=ctype or "(none)",
                                       expected="multipart/form-data")])
    try:
        async with request.form(max_files=8, max_fields=16, max_part_size=64 * 1024) as form:
            return await save_upload(form, tmp, fields)
    except HTTPException as e:  # starlette's word for an unreadable multipart body
        raise InputError([make_problem("not-allowed", file="request", value=str(e.detail)[:200],
                                       hint=("send multipart/form-data", "ส่งแบบ multipart/form-data"))]) from None


def import_json(name: str | None, result: Any) -> str:
    """``swf-rules import --format json``'s answer, for books written to the folder ``name``, and their name."""
    return dumps({"ok": True, "books": name, "counts": result.counts,
                  "notices": [p.to_dict() for p in result.notices],
                  "skipped": [p.to_dict() for p in result.skipped],
                  "written": [f"{name}/{p.name}" for p in result.written]}) + "\n"


async def import_upload(request: Request) -> Response:
    ws: Workspace = web(request).workspace
    tmp = Path(tempfile.mkdtemp(prefix="swf-web-import-"))
    try:
        fields, sent = await read_upload(request, tmp, IMPORT_FIELDS)
        if "fund" not in fields:
            raise InputError([make_problem("missing-field", file="request", path=("fund",), field="fund")])
        fund = fund_of(ws, fields["fund"])
        encoding = choice(fields, "encoding", ENCODINGS, "auto")
        skip = choice(fields, "skip_bad_rows", ("true", "false"), "false") == "true"
        dry = choice(fields, "dry_run", ("true", "false"), "false") == "true"
        book, result = await web(request).run(
            lambda: ws.imports.run(tmp, session=request.state.session, fund_id=fund, label=", ".join(sent),
                                   encoding=encoding, skip_bad_rows=skip, dry_run=dry))
        return raw(import_json(book.name if book is not None else None, result))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


__all__ = ["emit", "fund_of", "impact_project", "import_json", "import_upload", "month_day", "project_books",
           "projection_of", "read_upload", "review", "statement"]
