"""API endpoints about a whole fund: its books (list, members), replay, status, the committee's cases and the
cost of a draft (impact).

Books are a served folder named in the request, or an upload (``multipart/form-data``: ``members``,
``contributions``, ``payouts`` and an optional ``ledger`` manifest) written by the server under fixed names into a
temporary folder of its own, read with the same checking readers as ``swf-rules replay``, and removed.  An
uploaded manifest may not name a file outside that folder.  Each endpoint answers with the bytes the command line
prints (``replay --format json``, ``status --format json``) or writes (``impact --out``: impact.json,
changes.json, payouts.svg).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from ..audit import find_regulation, load_for_replay, render_summary, replay_to
from ..reports import FundStatus, fund_status, report_json
from ..books import Ledger, new_claim, new_payout, read_manifest
from ..committee import TestRun, load_case_document, run_file
from ..committee import impact as I
from ..core.errors import InputError, Problem, SwfError, UsageError, make_problem
from ..core.history import Member, parse_claim, parse_member, parse_rows
from ..core.load import load_yaml_text
from ..core.validate import Regulation, load_regulation_text
from ._http import dumps, envelope, json_body, raw
from ._requests import CasesRequest, ImpactRequest, PopulationSpec, ReplayRequest, StatusRequest, when
from .api_rules import web
from .workspace import Workspace, demo_start

UPLOAD_FILES = ("members", "contributions", "payouts")
UPLOAD_FIELDS = {"fund", "calendar", "skip_bad_rows", "lang", "format", "as_of", "since"}


# ------------------------------------------------------------------------------------------ books
async def list_books(request: Request) -> Response:
    ws: Workspace = web(request).workspace
    return raw(dumps({"books": [b.to_dict() for b in ws.books()]}) + "\n")


def member_from_books(led: Ledger, member_id: str) -> Member:
    """A member's history from the books, with the payouts recorded for them (they count toward caps)."""
    rec = led.members.get(member_id)
    if rec is None:
        raise InputError([make_problem("unknown-member", path=("member_id",), value=member_id[:100])])
    pays = [new_payout(claim_id=p.payout_id, benefit=p.benefit, event_date=p.event_date, end_date=p.end_date,
                       units=p.units, amount=p.amount) for p in led.payouts if p.member_id == member_id]
    return rec.member().model_copy(update={"payouts": pays})


async def books_member(request: Request) -> Response:
    ws: Workspace = web(request).workspace
    name, mid = request.path_params["name"], request.path_params["member_id"]

    def work() -> Response:
        _, led = ws.ledger(name)
        m = member_from_books(led, mid)
        return raw(dumps(m.model_dump(mode="json", exclude={"calendar"})) + "\n")
    return await web(request).run(work)


# ------------------------------------------------------------------------------------------ replay and status
async def replay(request: Request) -> Response:
    req = envelope(ReplayRequest, await json_body(request))
    ws: Workspace = web(request).workspace
    return await web(request).run(lambda: _replay(ws, ws.books_path(req.books), req.format, req.lang, {}))


def _replay(ws: Workspace, ledger_dir: Path, fmt: str, lang: str, opts: dict[str, Any]) -> Response:
    out = Path(tempfile.mkdtemp(prefix="swf-web-replay-")) if fmt == "findings" else None
    try:
        result = replay_to(ws.regulations_dir, ledger_dir, out, **opts)
        if fmt == "findings":
            assert out is not None
            return raw((out / "findings.json").read_bytes())
        if fmt == "text":
            reg = find_regulation(ws.regulations_dir, result.fund) if lang == "th" else None  # titles, the name
            return raw(render_summary(result, lang, reg), "text/plain")
        return raw(dumps({"fund": result.fund, "totals": result.totals(), "summary": result.summary()}) + "\n")
    finally:
        if out is not None:
            shutil.rmtree(out, ignore_errors=True)


async def status(request: Request) -> Response:
    req = envelope(StatusRequest, await json_body(request))
    ws: Workspace = web(request).workspace

    def work() -> Response:
        as_of, since = when(req.as_of, "as_of"), when(req.since, "since")
        reg, led = ws.ledger(req.books)
        return status_response(fund_status(reg, led, as_of, since), req.format, req.lang)
    return await web(request).run(work)


def status_response(report: FundStatus, fmt: str, lang: str) -> Response:
    """The same bytes as ``swf-rules status`` (status v2 of :mod:`swf_rules.reports`)."""
    return raw(report.render(lang), "text/plain") if fmt == "text" else raw(report_json(report))


async def replay_upload(request: Request) -> Response:
    return await _with_upload(request, "replay")


async def status_upload(request: Request) -> Response:
    return await _with_upload(request, "status")


async def _with_upload(request: Request, what: str) -> Response:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "multipart/form-data":
        raise InputError([make_problem("unsupported-media-type", value=ctype or "(none)",
                                       expected="multipart/form-data")])
    ws: Workspace = web(request).workspace
    tmp = Path(tempfile.mkdtemp(prefix="swf-web-upload-"))
    try:
        async with request.form(max_files=4, max_fields=16, max_part_size=1 << 20) as form:
            fields = await _save_upload(form, tmp)
        return await web(request).run(_uploaded, ws, tmp, fields, what)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


async def _save_upload(form: Any, tmp: Path) -> dict[str, str]:
    """The uploaded files written under fixed names (the client's file name only chooses .csv or .jsonl)."""
    problems: list[Problem] = []
    fields: dict[str, str] = {}
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            if key not in UPLOAD_FILES + ("ledger",):
                problems.append(make_problem("unknown-key", file="request", path=(key,), key=key, value=key))
                continue
            name = "ledger.yaml" if key == "ledger" else \
                key + (".jsonl" if (value.filename or "").lower().endswith(".jsonl") else ".csv")
            with open(tmp / name, "wb") as f:
                while chunk := await value.read(1 << 16):
                    f.write(chunk)
        elif key in UPLOAD_FIELDS:
            fields[key] = str(value)
        else:
            problems.append(make_problem("unknown-key", file="request", path=(key,), key=key, value=key))
    for kind in UPLOAD_FILES:
        if not any((tmp / f"{kind}{ext}").exists() for ext in (".csv", ".jsonl")) and \
                not (tmp / "ledger.yaml").exists():
            problems.append(make_problem("missing-field", file="request", path=(kind,), field=kind))
    if problems:
        raise InputError(problems)
    return fields


def _choice(fields: dict[str, str], key: str, allowed: tuple[str, ...], default: str) -> str:
    v = fields.get(key, default)
    if v not in allowed:
        raise InputError([make_problem("not-allowed", file="request", path=(key,), value=v[:100],
                                       hint=(f"use one of {list(allowed)}", f"ใช้ค่าใดค่าหนึ่งจาก {list(allowed)}"))])
    return v


def _uploaded(ws: Workspace, tmp: Path, fields: dict[str, str], what: str) -> Response:
    _contained(tmp)
    opts: dict[str, Any] = {"fund": fields.get("fund") or None,
                            "calendar": _choice(fields, "calendar", ("gregorian", "buddhist"), "gregorian")
                            if "calendar" in fields else None,
                            "skip_bad_rows": _choice(fields, "skip_bad_rows", ("true", "false"), "false") == "true"}
    lang = _choice(fields, "lang", ("en", "th"), "en")
    if what == "replay":
        return _replay(ws, tmp, _choice(fields, "format", ("json", "text", "findings"), "json"), lang, opts)
    fmt = _choice(fields, "format", ("json", "text"), "json")
    if "as_of" not in fields:
        raise InputError([make_problem("missing-field", file="request", path=("as_of",), field="as_of")])
    as_of, since = when(fields["as_of"], "as_of"), when(fields.get("since"), "since")
    reg, led = load_for_replay(ws.regulations_dir, tmp, **opts)
    return status_response(fund_status(reg, led, as_of, since), fmt, lang)


def _contained(tmp: Path) -> None:
    """An uploaded ledger.yaml may name its files, but only inside the upload's own folder."""
    man = read_manifest(tmp)
    root = tmp.resolve()
    bad = [kind for kind, spec in man.files.items() if not spec.path.resolve().is_relative_to(root)]
    if bad:
        raise InputError([make_problem("not-allowed", file="ledger.yaml", path=("files", k, "path"),
                                       value=str(man.files[k].path.name),
                                       hint=("an uploaded manifest names only the uploaded files",
                                             "ไฟล์ ledger.yaml ที่ส่งมาระบุได้เฉพาะไฟล์ที่ส่งมาด้วยกัน")) for k in bad])


# ------------------------------------------------------------------------------------------ committee cases
def run_cases(ws: Workspace, key: str, draft_text: str | None = None) -> TestRun:
    """The fund's case file (``cases/<key>.cases.yaml``) run against the saved regulation or a draft text."""
    e = ws.entry(key)
    run = TestRun()
    path = ws.cases_file(key)
    if path is None:
        run.problems.append(make_problem("case-none-found", value=f"cases/{e.key}.cases.yaml",
                                         hint=("case files are named NAME.cases.yaml",
                                               "ไฟล์กรณีทดสอบต้องชื่อ NAME.cases.yaml")))
        return run
    label = f"{path.parent.name}/{path.name}" if path.parent != e.path.parent else path.name
    try:
        reg = load_regulation_text(draft_text, file=e.file) if draft_text is not None else ws.regulation(key)
        cf = load_case_document(load_yaml_text(path.read_bytes(), file=label), regulation=reg)
    except SwfError as err:
        run.problems.extend(err.problems)
        return run
    run.files = 1
    run.outcomes.extend(run_file(cf))
    return run


def cases_json(run: TestRun, lang: str) -> dict[str, Any]:
    passed = sum(1 for o in run.outcomes if o.passed)
    return {"ok": run.ok, "passed": passed, "failed": len(run.outcomes) - passed, "files": run.files,
            "outcomes": [{"name": o.case.name, "file": o.case.file, "line": o.case.line, "passed": o.passed,
                          "expected": o.case.expect.describe(lang), "actual": o.actual(lang),
                          "decision": o.decision.to_dict() if o.decision is not None else None,
                          "problems": [p.to_dict() for p in o.case.relocated(o.error.problems)]
                          if o.error is not None else []} for o in run.outcomes],
            "problems": [p.to_dict() for p in run.problems], "report": run.render(lang, quiet=True)}


async def cases(request: Request) -> Response:
    req = envelope(CasesRequest, await json_body(request))
    ws: Workspace = web(request).workspace
    return await web(request).run(
        lambda: raw(dumps(cases_json(run_cases(ws, req.regulation, req.regulation_text), req.lang)) + "\n"))


# ------------------------------------------------------------------------------------------ impact
def population_of(ws: Workspace, spec: PopulationSpec, reg: Regulation) -> I.Population:
    given = [k for k in ("books", "synthetic", "members") if getattr(spec, k) is not None]
    if len(given) != 1 or (spec.members is None) != (spec.claims is None):
        raise InputError([make_problem("one-of-fields", file="request", path=("population",),
                                       fields="books, synthetic, members + claims")])
    if spec.books is not None:
        _, led = ws.ledger(spec.books)
        members = [rec.member() for _, rec in sorted(led.members.items())]
        claims = [new_claim(claim_id=p.payout_id, member_id=p.member_id, benefit=p.benefit, event_date=p.event_date,
                            end_date=p.end_date, filed_on=p.filed_on, units=p.units, children=p.children,
                            details=dict(p.details), calendar="gregorian") for p in led.payouts]
        return I.Population(members, claims, spec.books, spec.books)
    if spec.synthetic is not None:
        from ..synth import population
        s = spec.synthetic
        start = when(s.start, "start") or demo_start(reg)
        pop = population(reg, seed=s.seed, members=s.members, years=s.years, start=start)
        return I.Population(pop.members, pop.claims, "synthetic", "synthetic")
    assert spec.members is not None and spec.claims is not None
    members, mp = parse_rows(spec.members, parse_member, "request", ("population", "members"))
    claims, cp = parse_rows(spec.claims, parse_claim, "request", ("population", "claims"))
    problems = mp + cp
    seen: set[str] = set()
    for i, m in enumerate(members):
        if m.member_id in seen:
            problems.append(make_problem("duplicate-member-id", file="request", value=m.member_id, first="?",
                                         path=("population", "members", i, "member_id")))
        seen.add(m.member_id)
    ids: set[str] = set()
    for i, c in enumerate(claims):
        if c.claim_id in ids:
            problems.append(make_problem("duplicate-claim-id", file="request", value=c.claim_id,
                                         path=("population", "claims", i, "claim_id")))
        ids.add(c.claim_id)
        if c.member_id not in seen:
            problems.append(make_problem("unknown-member", file="request", value=c.member_id,
                                         path=("population", "claims", i, "member_id")))
    if problems:
        raise InputError(problems)
    return I.Population(members, claims, "request", "request", ("population", "claims"))


def price_draft(ws: Workspace, req: ImpactRequest) -> I.Impact:
    """``swf-rules impact CURRENT DRAFT``: the served regulation against a draft text (or itself)."""
    return I.compare(*draft_sides(ws, req))


def draft_sides(ws: Workspace, req: ImpactRequest) -> tuple[I.Side, I.Side, I.Population]:
    """The two sides ``impact`` compares (as the command line chooses them) and the population they decide."""
    e = ws.entry(req.regulation)
    current_reg = ws.regulation(req.regulation)
    draft_file = "draft.yaml" if req.draft_text is not None else e.file
    draft_reg = load_regulation_text(req.draft_text, file=draft_file) if req.draft_text is not None else current_reg
    population = population_of(ws, req.population, current_reg)
    try:
        draft = I.pinned(draft_reg, req.draft_version, population.claims, draft_file)
        if req.current_version is not None:
            current = I.pinned(current_reg, req.current_version, population.claims, e.file)
        elif req.draft_text is None:
            current = I.in_force(current_reg, e.file,
                                 before=I.find_version(draft_reg, draft.versions[0][0], draft_file))
        else:
            current = I.in_force(current_reg, e.file)
    except UsageError as err:
        raise InputError([make_problem("not-allowed", file="request", path=("current_version",),
                                       value=req.current_version or "-", hint=(str(err), str(err)))]) from None
    return current, draft, population


async def impact(request: Request) -> Response:
    req = envelope(ImpactRequest, await json_body(request))
    ws: Workspace = web(request).workspace

    def work() -> Response:
        result = price_draft(ws, req)
        if req.format == "text":
            return raw(I.text_report(result, req.lang), "text/plain")
        files = I.outputs(result)
        if req.format == "svg":
            return raw(files["payouts.svg"], "image/svg+xml")
        return raw(files["changes.json" if req.format == "changes" else "impact.json"])
    return await web(request).run(work)


__all__ = ["books_member", "cases", "cases_json", "impact", "list_books", "member_from_books", "population_of",
           "draft_sides", "price_draft", "replay", "replay_upload", "run_cases", "status", "status_response",
           "status_upload"]
