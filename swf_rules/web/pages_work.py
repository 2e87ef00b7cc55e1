"""The workbench's task pages that do work: the committee's cases, what a draft costs, deciding a claim (the
fund's status is in ``pages_fund``).  Each page reads its form, runs the same function as the API in the worker pool, and shows the
result in the committee's words; a mistake in the form is shown on the page as located problems."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..committee import impact as I
from ..core import Decision, explain
from ..core.errors import InputError, SwfError, make_problem
from ..core.history import Member
from ..core.thaitext import baht_text, group_digits
from ..core.validate import Regulation, load_regulation_text
from ..documents import decision_voucher, pdf_available
from ._forms import claim_from_form
from ._requests import ImpactRequest, PopulationSpec, Synthetic
from .api_funds import member_from_books, price_draft, run_cases
from .api_rules import engine_for, web
from .pages import fund_context, lang_of, page
from .pages_documents import voucher_url
from .pages_fund import sustainability
from .story import member_sentences, story
from .workspace import Workspace

MAX_CHANGES_SHOWN = 100



async def _form(request: Request) -> dict[str, str]:
    if request.method != "POST":
        return {k: v for k, v in request.query_params.items()}
    form = await request.form(max_files=0, max_fields=64)
    return {k: str(v) for k, v in form.items() if k != "csrf"}


# ------------------------------------------------------------------------------------------ cases
async def cases(request: Request) -> Response:
    ws: Workspace = web(request).workspace
    ctx = fund_context(ws, request.path_params["key"])
    key, lang = ctx["fund"].key, lang_of(request)
    form = await _form(request)
    draft = form.get("text") if request.method == "POST" else None
    run = await web(request).run(run_cases, ws, key, draft)
    reg = _regulation_or_none(ws, key, draft)
    failures = []
    for o in run.outcomes:
        if not o.passed:
            reasons = list(o.decision.reasons) if o.decision is not None else []
            problems = o.case.relocated(o.error.problems) if o.error is not None else []
            failures.append({"outcome": o, "story": story(o.case.member, o.case.claim, reg, lang),
                             "reasons": reasons, "problems": problems})
    passes = [o for o in run.outcomes if o.passed]
    return page(request, "cases.html", run=run, failures=failures, passes=passes, draft=draft,
                case_file=ws.cases_file(key), **ctx)


def _regulation_or_none(ws: Workspace, key: str, draft: str | None) -> Regulation | None:
    try:
        return load_regulation_text(draft, file="draft.yaml") if draft is not None else ws.regulation(key)
    except SwfError:
        return None


# ------------------------------------------------------------------------------------------ what if
async def whatif(request: Request) -> Response:
    ws: Workspace = web(request).workspace
    ctx = fund_context(ws, request.path_params["key"])
    e = ctx["fund"]
    form = await _form(request)
    books = ws.books_for(e.fund_id, request.state.session) if e.fund_id else []
    text = form.get("text") or ws.text(e.key)[0]
    values = {"source": form.get("source", "books" if books else "synthetic"),
              "books": form.get("books", books[0].name if books else ""), "members": form.get("members", "200"),
              "years": form.get("years", "5"), "seed": form.get("seed", "1")}
    result = problems = None
    req: ImpactRequest | None = None
    if request.method == "POST" and form.get("price") is not None:
        try:
            req = _impact_request(e.key, text, values)
            result = await web(request).run(price_draft, ws, req)
        except SwfError as err:
            problems = err.problems
    sustain = await sustainability(request, ws, req if result is not None else None, form)
    return page(request, "whatif.html", text=text, books=books, values=values, result=result, problems=problems,
                sustain=sustain,
                chart=I.chart_svg(result) if result is not None else None, summary=_summary(result, lang_of(request))
                if result is not None else None, max_changes=MAX_CHANGES_SHOWN, **ctx)


def _impact_request(key: str, text: str, v: dict[str, str]) -> ImpactRequest:
    if v["source"] == "books":
        spec = PopulationSpec(books=v["books"])
    else:
        try:
            syn = Synthetic(members=int(v["members"]), years=int(v["years"]), seed=int(v["seed"]))
        except ValueError:
            raise InputError([make_problem("out-of-range", path=("members",), value=v["members"],
                                           detail="members 1-2000, years 1-10, a whole-number seed")]) from None
        spec = PopulationSpec(synthetic=syn)
    return ImpactRequest(regulation=key, draft_text=text, population=spec)


def _summary(result: I.Impact, lang: str) -> dict[str, Any]:
    from ._text import translator
    t = translator(lang)
    total = result.total
    d = total.difference
    figures = {"before": group_digits(total.paid_current), "changed": total.changed_claims,
               "members": len(total.changed_members)}
    if d != 0:
        headline = t("headline", dir=t("more") if d > 0 else t("less"), amount=group_digits(abs(d)), **figures)
    else:
        headline = t("headline_moved" if total.changed_claims else "headline_same", **figures)
    return {"headline": headline,
            "rows": [r for r in result.rows if r.fiscal_year != "*" and r.benefit != "*"],
            "total": total, "titles": result.titles, "changes": result.changes[:MAX_CHANGES_SHOWN],
            "n_changes": len(result.changes), "grouped": group_digits}


# ------------------------------------------------------------------------------------------ decide
async def decide(request: Request) -> Response:
    ws: Workspace = web(request).workspace
    ctx = fund_context(ws, request.path_params["key"])
    e, lang = ctx["fund"], lang_of(request)
    form = await _form(request)
    books = ws.books_for(e.fund_id, request.state.session) if e.fund_id else []
    reg = ws.regulation(e.key)
    chosen = form.get("books") or (books[0].name if books else "")
    member_id = form.get("member", "").strip()
    member: Member | None = None
    problems: list[Any] = []
    decision: Decision | None = None
    ids: list[str] = []
    if chosen:
        try:
            _, led = await web(request).run(ws.ledger, chosen)
            ids = sorted(led.members)[:2000]
            if member_id:
                member = member_from_books(led, member_id)
        except SwfError as err:
            problems = err.problems
    if member is not None and request.method == "POST" and not problems:
        try:
            claim = claim_from_form(form, member.member_id)
            decision = await web(request).run(engine_for(reg).evaluate, member, claim)
        except SwfError as err:
            problems = err.problems
    benefits = reg.versions[-1].benefits
    return page(request, "decide.html", books=books, chosen=chosen, member_id=member_id, member=member, ids=ids,
                sentences=member_sentences(member, reg, lang) if member is not None else [], form=form,
                benefits=benefits, problems=problems, decision=decision,
                explanation=explain(decision, lang, reg) if decision is not None else None,
                words=baht_text(Decimal(decision.amount)) if decision is not None else None,
                amount=group_digits(Decimal(decision.amount)) if decision is not None else None,
                voucher_src=voucher_url(e.key, form) if decision is not None and decision_voucher(reg, decision)
                else None, pdf=pdf_available(), **ctx)


__all__ = ["cases", "decide", "whatif"]
