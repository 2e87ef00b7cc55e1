"""API endpoints about a regulation and single claims: validate, evaluate, explain, a batch, render, and the
served regulation files (list, read, save).

Each answers with the bytes the command line prints for the same input: ``validate --format json``,
``evaluate`` (the canonical decision JSON), ``explain`` (text), ``render`` (Markdown or HTML).  A served regulation
is named by its key and read by the server; a regulation text sent in the request is read with the same hardened
reader as a file (``load_regulation_text``: safe YAML, size and alias bounds).
"""

from __future__ import annotations

import threading
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..core import Decision, Engine, explain
from ..core.decision import decision_json
from ..core.errors import InputError, Problem, RegulationError, SwfError
from ..core.history import Claim, Member, parse_claim, parse_member, parse_rows
from ..core.validate import Regulation, load_regulation_text
from ._http import dumps, envelope, json_body, located, raw
from ._requests import (BatchRequest, DecideRequest, ExplainRequest, RegulationSource, RenderRequest, SaveRequest,
                        ValidateRequest, one_source, when)
from .workspace import Workspace


def web(request: Request) -> Any:
    """The server's state (:class:`swf_rules.web.app.WebState`)."""
    return request.app.state.web


# ------------------------------------------------------------------------------------------ shared readers
def source_text(ws: Workspace, req: RegulationSource) -> tuple[bytes | str, str]:
    """The regulation's bytes (served) or text (sent), and the name its problems carry."""
    one_source(req)
    if req.regulation is not None:
        e = ws.entry(req.regulation)
        return e.path.read_bytes(), e.file
    assert req.regulation_text is not None
    return req.regulation_text, req.file


def regulation_of(ws: Workspace, req: RegulationSource) -> Regulation:
    one_source(req)
    if req.regulation is not None:
        return ws.regulation(req.regulation)
    assert req.regulation_text is not None
    return load_regulation_text(req.regulation_text, file=req.file)


_ENGINES: dict[int, tuple[Regulation, Engine]] = {}
_ENGINES_LOCK = threading.Lock()


def engine_for(reg: Regulation) -> Engine:
    """One engine per regulation object (served regulations are cached objects, so their plans compile once)."""
    with _ENGINES_LOCK:
        hit = _ENGINES.get(id(reg))
        if hit is not None and hit[0] is reg:
            return hit[1]
        if len(_ENGINES) > 64:
            _ENGINES.clear()
        eng = Engine(reg)
        _ENGINES[id(reg)] = (reg, eng)
        return eng


def member_and_claim(member: Any, claim: Any) -> tuple[Member | None, Claim]:
    """Both parsed; the problems of both reported together, under ``$.member`` and ``$.claim``.  No member (None)
    is a non-member's claim (swf-rules/2: the engine refuses it for a benefit that is for members)."""
    problems: list[Problem] = []
    m = c = None
    try:
        m = None if member is None else parse_member(member, file="request")
    except InputError as e:
        problems.extend(located(e.problems, ("member",), "request"))
    try:
        c = parse_claim(claim, file="request")
    except InputError as e:
        problems.extend(located(e.problems, ("claim",), "request"))
    if problems:
        raise InputError(problems)
    assert c is not None
    return m, c


def decide(ws: Workspace, req: DecideRequest) -> Decision:
    reg = regulation_of(ws, req)
    member, claim = member_and_claim(req.member, req.claim)
    return engine_for(reg).evaluate(member, claim)


# ------------------------------------------------------------------------------------------ endpoints
async def validate(request: Request) -> Response:
    req = envelope(ValidateRequest, await json_body(request))
    return await web(request).run(_validate, web(request).workspace, req)


def _validate(ws: Workspace, req: ValidateRequest) -> Response:
    text, label = source_text(ws, req)
    problems: list[Problem] = []
    try:
        load_regulation_text(text, file=label)
    except RegulationError as e:
        problems = e.problems
    return raw(dumps({"ok": not problems, "valid": [] if problems else [label],
                      "problems": [p.to_dict() for p in problems]}) + "\n")


async def evaluate(request: Request) -> Response:
    req = envelope(DecideRequest, await json_body(request))
    return await web(request).run(lambda: raw(decide(web(request).workspace, req).to_json() + b"\n"))


async def explain_claim(request: Request) -> Response:
    req = envelope(ExplainRequest, await json_body(request))
    ws = web(request).workspace
    return await web(request).run(
        lambda: raw(explain(decide(ws, req), req.lang, regulation_of(ws, req)), "text/plain"))


async def evaluate_batch(request: Request) -> Response:
    req = envelope(BatchRequest, await json_body(request))
    return await web(request).run(_batch, web(request).workspace, req)


def _batch(ws: Workspace, req: BatchRequest) -> Response:
    reg = regulation_of(ws, req)
    members, mp = parse_rows(req.members, parse_member, "request", ("members",))
    claims, cp = parse_rows(req.claims, parse_claim, "request", ("claims",))
    if mp or cp:
        raise InputError(mp + cp)
    return raw(decision_json(engine_for(reg).evaluate_batch(members, claims)) + b"\n")


async def render(request: Request) -> Response:
    req = envelope(RenderRequest, await json_body(request))
    return await web(request).run(_render, web(request).workspace, req)


def render_text(reg: Regulation, version_label: str | None, as_of_text: str | None, lang: str, fmt: str,
                diff_label: str | None, file: str) -> str:
    """``swf-rules render`` (with ``--diff`` limited to a version label of the same regulation)."""
    from ..committee import render as R
    from ..committee.impact import find_version
    as_of = when(as_of_text, "as_of")
    if version_label is not None and as_of is not None:
        raise InputError([_one_of("version, as_of")])
    version = reg.in_force(as_of) if as_of else (
        find_version(reg, version_label, file) if version_label else reg.versions[-1])
    doc = R.build(reg, version, lang)
    if diff_label is None:
        return R.render(doc, fmt)
    old = R.build(reg, find_version(reg, diff_label, file), lang)
    return R.render_diff(R.diff(old, doc), fmt)


def _one_of(fields: str) -> Problem:
    from ..core.errors import make_problem
    return make_problem("case-conflicting-fields", file="request", fields=fields)


def _render(ws: Workspace, req: RenderRequest) -> Response:
    reg = regulation_of(ws, req)
    text = render_text(reg, req.version, req.as_of, req.lang, req.format, req.diff,
                       req.file if req.regulation is None else ws.entry(req.regulation).file)
    return raw(text, "text/html" if req.format == "html" else "text/markdown")


async def list_regulations(request: Request) -> Response:
    ws = web(request).workspace
    return raw(dumps({"regulations": [e.to_dict() for e in ws.regulations()], "writable": ws.writable}) + "\n")


async def get_regulation(request: Request) -> Response:
    ws: Workspace = web(request).workspace
    e = ws.entry(request.path_params["key"])
    text, digest = ws.text(e.key)
    problems: list[dict[str, Any]] = []
    try:
        ws.regulation(e.key)
    except SwfError as err:
        problems = [p.to_dict() for p in err.problems]
    return raw(dumps({**e.to_dict(), "sha256": digest, "text": text, "problem_list": problems}) + "\n")


async def save_regulation(request: Request) -> Response:
    """Replace a served regulation file (validated first; refused if it changed since it was read; the previous
    bytes kept in .history/).  Needs the workbench's CSRF token or the API token (see :mod:`.security`)."""
    req = envelope(SaveRequest, await json_body(request))
    ws: Workspace = web(request).workspace
    key = request.path_params["key"]
    return raw(dumps(await web(request).run(ws.save, key, req.text, req.base_sha256)) + "\n")


__all__ = ["decide", "engine_for", "evaluate", "evaluate_batch", "explain_claim", "get_regulation",
           "list_regulations", "member_and_claim", "regulation_of", "render", "render_text", "save_regulation",
           "source_text", "validate", "web"]
