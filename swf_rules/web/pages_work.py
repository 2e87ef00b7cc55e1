"""The workbench's task pages that do work: the committee's cases, what a draft costs, deciding a claim, and the
fund's status.  Each page reads its form, runs the same function as the API in the worker pool, and shows the
result in the committee's words; a mistake in the form is shown on the page as located problems."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..audit import fund_status
from ..committee import impact as I
from ..core import STATUS_TH, Decision, explain
from ..core.dates import DateTextError, parse_date, to_be
from ..core.errors import InputError, SwfError, make_problem
from ..core.history import Claim, Member, parse_claim
from ..core.thaitext import baht_text, group_digits
from ..core.validate import Regulation, load_regulation_text
from ._requests import ImpactRequest, PopulationSpec, Synthetic
from .api_funds import member_from_books, price_draft, run_cases
from .api_rules import engine_for, web
from .pages import fund_context, lang_of, page
from .story import benefit_title, day, member_sentences, story
from .workspace import Workspace, demo_end

MAX_CHANGES_SHOWN = 100
AGE_NAMES = {"children": ("เด็ก (ต่ำกว่า 18 ปี)", "children (under 18)"),
             "working_age": ("วัยทำงาน (18-59 ปี)", "working age (18-59)"),
             "elderly": ("ผู้สูงอายุ (60 ปีขึ้นไป)", "elderly (60+)")}


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
    books = ws.books_for(e.fund_id) if e.fund_id else []
    text = form.get("text") or ws.text(e.key)[0]
    values = {"source": form.get("source", "books" if books else "synthetic"),
              "books": form.get("books", books[0].name if books else ""), "members": form.get("members", "200"),
              "years": form.get("years", "5"), "seed": form.get("seed", "1")}
    result = problems = None
    if request.method == "POST" and form.get("price") is not None:
        try:
            req = _impact_request(e.key, text, values)
            result = await web(request).run(price_draft, ws, req)
        except SwfError as err:
            problems = err.problems
    return page(request, "whatif.html", text=text, books=books, values=values, result=result, problems=problems,
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
    books = ws.books_for(e.fund_id) if e.fund_id else []
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
            claim = _claim(form, member.member_id)
            decision = await web(request).run(engine_for(reg).evaluate, member, claim)
        except SwfError as err:
            problems = err.problems
    benefits = reg.versions[-1].benefits
    return page(request, "decide.html", books=books, chosen=chosen, member_id=member_id, member=member, ids=ids,
                sentences=member_sentences(member, reg, lang) if member is not None else [], form=form,
                benefits=benefits, problems=problems, decision=decision,
                explanation=explain(decision, lang) if decision is not None else None,
                voucher=voucher(reg, decision, lang) if decision is not None else None,
                **ctx)


def _date(form: dict[str, str], key: str) -> str | None:
    """A date field of the form as ISO C.E. (the form's calendar is B.E. unless it says C.E.)."""
    text = form.get(key, "").strip()
    if not text:
        return None
    cal = "gregorian" if form.get("calendar") == "gregorian" else "buddhist"
    try:
        return parse_date(text, cal).isoformat()
    except DateTextError:
        raise InputError([make_problem("bad-date", path=(key,), value=text,
                                       hint=("write YYYY-MM-DD, e.g. 2567-02-10 in B.E.",
                                             "เขียน ปปปป-ดด-วว เช่น 2567-02-10 (พ.ศ.)"))]) from None


def _claim(form: dict[str, str], member_id: str) -> Claim:
    event = _date(form, "event_date")
    data: dict[str, Any] = {"claim_id": form.get("claim_id") or f"{member_id}-{event or 'x'}",
                            "member_id": member_id, "benefit": form.get("benefit", ""), "event_date": event}
    for key in ("end_date", "filed_on"):
        v = _date(form, key)
        if v is not None:
            data[key] = v
    for key in ("units", "children"):
        v = form.get(key, "").strip()
        if v:
            if not v.isdigit():
                raise InputError([make_problem("bad-number", path=(key,), value=v)])
            data[key] = int(v)
    prefix = f"detail.{data['benefit']}."
    details = {k[len(prefix):]: v for k, v in form.items() if k.startswith(prefix) and v.strip()}
    if details:
        data["details"] = details
    return parse_claim(data, file="form")


def voucher(reg: Regulation, d: Decision, lang: str) -> dict[str, Any] | None:
    """What the printable voucher shows (until ``swf_rules.documents`` provides the fund's own voucher)."""
    if not (d.eligible and d.amount > 0):
        return None
    when = date.fromisoformat(d.to_dict()["event_date"])
    return {"fund_th": reg.fund.name.th, "fund_en": reg.fund.name.en, "number": d.claim_id,
            "member": d.member_id, "payee": d.payee, "item": benefit_title(reg, d.benefit, when, lang),
            "amount": group_digits(Decimal(d.amount)), "words": baht_text(Decimal(d.amount)),
            "fingerprint": d.to_dict()["regulation"]["fingerprint"], "input": d.input_fingerprint,
            "event": day(when, lang)}


# ------------------------------------------------------------------------------------------ status
async def status(request: Request) -> Response:
    ws: Workspace = web(request).workspace
    ctx = fund_context(ws, request.path_params["key"])
    e = ctx["fund"]
    form = await _form(request)
    books = ws.books_for(e.fund_id) if e.fund_id else []
    chosen = form.get("books") or (books[0].name if books else "")
    data = problems = None
    titles: dict[str, str] = {}
    as_of_text = form.get("as_of", "")
    calendar = "gregorian" if form.get("calendar") == "gregorian" else "buddhist"
    if chosen:
        try:
            reg, led = await web(request).run(ws.ledger, chosen)
            as_of = _status_date(form, "as_of", calendar) or _last_day(reg, led, chosen)
            as_of_text = as_of_text or (to_be(as_of) if calendar == "buddhist" else as_of.isoformat())
            data = await web(request).run(fund_status, reg, led, as_of, _status_date(form, "since", calendar))
            titles = {b.id: (b.title.th if lang_of(request) == "th" else b.title.en)
                      for v in reg.versions for b in v.benefits}
        except SwfError as err:
            problems = err.problems
    return page(request, "status.html", books=books, chosen=chosen, data=data, problems=problems,
                as_of=as_of_text, since=form.get("since", ""), status_names=STATUS_TH, age_names=AGE_NAMES, titles=titles, calendar=calendar,
                day=lambda iso: day(date.fromisoformat(iso), lang_of(request)), **ctx)


def _status_date(form: dict[str, str], key: str, calendar: str) -> date | None:
    text = form.get(key, "").strip()
    if not text:
        return None
    try:
        return parse_date(text, calendar)
    except DateTextError:
        raise InputError([make_problem("bad-date", path=(key,), value=text,
                                       hint=("write YYYY-MM-DD in the calendar chosen",
                                             "เขียน ปปปป-ดด-วว ตามปฏิทินที่เลือก"))]) from None


def _last_day(reg: Regulation, led: Any, name: str) -> date:
    """The default date of the status: the last day in the books (the demo's last day for demo books)."""
    if name.startswith("demo-"):
        return demo_end(reg)
    last = [date.fromordinal(max(r.dates)) for r in led.members.values() if len(r.dates)]
    last += [p.paid_on or p.event_date for p in led.payouts]
    return max(last) if last else date.today()


__all__ = ["cases", "decide", "status", "voucher", "whatif"]
