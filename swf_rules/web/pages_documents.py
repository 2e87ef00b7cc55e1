"""The documents a committee signs, in the workbench (:mod:`swf_rules.documents`): the payment voucher of a decided
claim, the regulation as a real ระเบียบ, and the annual report -- each as the HTML the browser prints (shown in a
frame of its task page) and, when WeasyPrint is installed, as a PDF to download.  The bytes are those of the
command line (``swf-rules voucher``, ``render --document``, ``annual-report``): the same function makes them.

Nothing here writes: a voucher is recomputed from the claim's fields in the address (the decision is
deterministic), the others from the served regulation and books."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from ..core.dates import fiscal_year
from ..core.errors import InputError, SwfError, make_problem
from ..core.validate import Regulation
from ..documents import (annual_html, annual_inputs, decision_voucher, pdf_available, regulation_html, to_pdf,
                         vouchers_html)
from ._forms import claim_from_form
from ._http import raw
from .api_funds import member_from_books
from .api_rules import engine_for, web
from .pages import fund_context, page
from .workspace import Workspace

# the annual report's projection on the page: the command line's defaults (the same bytes as annual-report)
YEARS, SIMULATIONS, SEED = 10, 500, 0


def document_response(html: str, fmt: str, filename: str) -> Response:
    """The document as HTML, or as a PDF to download (``format=pdf``)."""
    if fmt != "pdf":
        return raw(html, "text/html")
    resp = raw(to_pdf(html), "application/pdf")
    resp.headers["content-disposition"] = f'attachment; filename="{filename}.pdf"'
    return resp


def _format(request: Request) -> str:
    return "pdf" if request.query_params.get("format") == "pdf" else "html"


# ------------------------------------------------------------------------------------------ the voucher
def voucher_url(key: str, form: dict[str, str]) -> str:
    """Where the voucher of the claim decided from ``form`` is printed (the form's fields in the address)."""
    return f"/fund/{key}/voucher?" + urlencode(sorted((k, v) for k, v in form.items() if k not in ("csrf", "lang")))


async def voucher(request: Request) -> Response:
    """The fund's payment voucher (ใบสำคัญจ่าย) of the claim the address describes, decided again: what the
    regulation gives, with the meeting, the approvers and the number left to be filled in."""
    ws: Workspace = web(request).workspace
    e = ws.entry(request.path_params["key"])
    reg = ws.regulation(e.key)
    form = dict(request.query_params)
    _, led = await web(request).run(ws.ledger, form.get("books", ""))
    member = member_from_books(led, form.get("member", "").strip())
    claim = claim_from_form(form, member.member_id)
    decision = await web(request).run(engine_for(reg).evaluate, member, claim)
    v = decision_voucher(reg, decision)
    if v is None:
        raise InputError([make_problem("voucher-not-payable", value=claim.claim_id)])
    fmt = _format(request)
    html = vouchers_html([v], for_print=fmt == "pdf")
    return document_response(html, fmt, f"voucher-{claim.claim_id}")


# ------------------------------------------------------------------------------------------ the regulation
async def regulation_document(request: Request) -> Response:
    """The regulation as a real ระเบียบ: the bytes of ``swf-rules render --document`` (HTML or PDF)."""
    ws: Workspace = web(request).workspace
    e = ws.entry(request.path_params["key"])
    reg = ws.regulation(e.key)
    label = request.query_params.get("version") or reg.versions[-1].version
    version = next((v for v in reg.versions if v.version == label), None)
    if version is None:
        raise InputError([make_problem("unknown-version", path=("version",), value=label)])
    doc_lang = request.query_params.get("doc_lang", "th")
    doc_lang = doc_lang if doc_lang in ("th", "en") else "th"
    fmt = _format(request)
    html = await web(request).run(regulation_html, reg, version, doc_lang, None, fmt == "pdf")
    return document_response(html, fmt, f"{e.key}-{version.version}")


# ------------------------------------------------------------------------------------------ the annual report
def _years(reg: Regulation, led: Any) -> list[int]:
    """The fiscal years (B.E.) the books hold, latest first."""
    days = [p.event_date for p in led.payouts] + [r.spells[0][0] for r in led.members.values()]
    if not days:
        return []
    first, last = fiscal_year(min(days)), fiscal_year(max(days))
    return list(range(last, first - 1, -1))


async def annual(request: Request) -> Response:
    """The annual report's page: the books and the fiscal year, the report in a frame, print and PDF."""
    ws: Workspace = web(request).workspace
    ctx = fund_context(ws, request.path_params["key"])
    e = ctx["fund"]
    books = ws.books_for(e.fund_id, request.state.session) if e.fund_id else []
    chosen = request.query_params.get("books") or (books[0].name if books else "")
    years: list[int] = []
    problems: list[Any] = []
    year = None
    if chosen:
        try:
            reg, led = await web(request).run(ws.ledger, chosen)
            years = _years(reg, led)
            asked = request.query_params.get("fiscal_year", "")
            year = int(asked) if asked.isdigit() and int(asked) in years else (years[0] if years else None)
        except SwfError as err:
            problems = err.problems
    src = (f"/fund/{e.key}/annual-document?" + urlencode({"books": chosen, "fiscal_year": year})) if year else None
    return page(request, "annual.html", books=books, chosen=chosen, years=years, year=year, problems=problems,
                src=src, pdf=pdf_available(), **ctx)


async def annual_document(request: Request) -> Response:
    """The annual report of one fiscal year: the bytes of ``swf-rules annual-report`` (HTML or PDF)."""
    ws: Workspace = web(request).workspace
    e = ws.entry(request.path_params["key"])
    name = request.query_params.get("books", "")
    reg, led = await web(request).run(ws.ledger, name)
    text = request.query_params.get("fiscal_year", "")
    if not (text.isdigit() and 2400 < int(text) < 2800):
        raise InputError([make_problem("bad-number", path=("fiscal_year",), value=text[:40])])
    fmt = _format(request)
    inputs = await web(request).run(lambda: annual_inputs(reg, led, int(text), years=YEARS, simulations=SIMULATIONS,
                                                          seed=SEED))
    html = annual_html(inputs, for_print=fmt == "pdf")
    return document_response(html, fmt, f"annual-{e.key}-{text}")


__all__ = ["annual", "annual_document", "document_response", "regulation_document", "voucher", "voucher_url"]
