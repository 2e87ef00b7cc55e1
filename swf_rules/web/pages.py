"""The committee workbench: server-rendered pages, Thai first (``?lang=en`` switches, remembered in a cookie).

Each task is one page reached from the fund's page, with its own explanation on it: the regulation editor, the
committee's cases, what a draft costs, deciding a claim (and printing its voucher), the fund's status, the annual
report and the printable regulation (the documents: :mod:`.pages_documents`).  Pages
work without JavaScript except the editor's live checking (``static/editor.js``).  The tasks' work is done by the
same functions as the API (:mod:`.api_rules`, :mod:`.api_funds`) and in the same worker pool.

Where the parts being built elsewhere plug in (docs/web.md, "Extending"): member review and the sustainability
view (``swf_rules.reports``) get a tile in :data:`TASKS` and a page in :mod:`.pages_work`; an approval form (the
committee's decision in a decision log) would sit under the voucher in ``decide.html``; import becomes an upload
form beside the books selector.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ..core.errors import SwfError
from ..core.thaitext import group_digits
from ._http import raw
from ._text import translator
from .api_rules import web
from .workspace import RegulationEntry, Workspace

HERE = Path(__file__).resolve().parent
ENV = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                  trim_blocks=True, lstrip_blocks=True)
ENV.filters["money"] = lambda v: group_digits(Decimal(str(v)))  # decimal strings and counts, with separators

# The fund's tasks, in the order a committee meets them: (key, page).  A new task adds a line here and a page.
TASKS = [("editor", "editor"), ("cases", "cases"), ("whatif", "whatif"), ("decide", "decide"),
         ("status", "status"), ("review", "review"), ("annual", "annual"), ("import", "import"), ("print", "print")]


def lang_of(request: Request) -> str:
    q = request.query_params.get("lang")
    if q in ("th", "en"):
        return q
    c = request.cookies.get("lang")
    return c if c in ("th", "en") else "th"


def page(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    lang = lang_of(request)
    params = dict(request.query_params)
    params["lang"] = "en" if lang == "th" else "th"
    fund = context.get("fund")
    if isinstance(fund, RegulationEntry):
        context["fund_name"] = (fund.name_th if lang == "th" else fund.name_en) or fund.key
    ctx = {"lang": lang, "t": translator(lang), "csrf": request.state.csrf, "path": request.url.path,
           "nav_tasks": TASKS,
           "switch_url": request.url.path + "?" + urlencode(params), **context}
    html = ENV.get_template(template).render(**ctx)
    resp = HTMLResponse(html, status)
    if request.query_params.get("lang") in ("th", "en"):
        resp.set_cookie("lang", lang, path="/", httponly=True, samesite="strict")
    return resp


def error_page(request: Request, err: SwfError) -> Response:
    from ._http import status_of
    return page(request, "error.html", status_of(err.problems), problems=err.problems)


def fund_context(ws: Workspace, key: str) -> dict[str, Any]:
    e = ws.entry(key)
    return {"fund": e, "fund_name": _name(e), "writable": ws.writable}


def _name(e: RegulationEntry) -> str:
    return e.name_th or e.key


async def home(request: Request) -> Response:
    ws: Workspace = web(request).workspace
    entries = ws.regulations()
    if len(entries) == 1 and "all" not in request.query_params:
        return RedirectResponse(f"/fund/{entries[0].key}", 303)
    return page(request, "home.html", entries=entries, writable=ws.writable)


async def fund(request: Request) -> Response:
    ws: Workspace = web(request).workspace
    ctx = fund_context(ws, request.path_params["key"])
    e = ctx["fund"]
    return page(request, "fund.html", tasks=TASKS, books=ws.books_for(e.fund_id) if e.fund_id else [], **ctx)


async def editor(request: Request) -> Response:
    ws: Workspace = web(request).workspace
    key = request.path_params["key"]
    ctx = fund_context(ws, key)
    text, digest = ws.text(ctx["fund"].key)
    return page(request, "editor.html", text=text, sha256=digest, **ctx)


async def download(request: Request) -> Response:
    """The editor's draft handed back as a file to keep (nothing is written on the server)."""
    ws: Workspace = web(request).workspace
    e = ws.entry(request.path_params["key"])
    form = await request.form()
    text = str(form.get("text", ""))
    resp = raw(text, "application/yaml; charset=utf-8")
    resp.headers["content-disposition"] = f'attachment; filename="{e.key}-draft.yaml"'
    return resp


async def print_page(request: Request) -> Response:
    """The regulation as a real ระเบียบ (:mod:`.pages_documents`) in a frame, to print or download as a PDF."""
    from ..documents import pdf_available
    ws: Workspace = web(request).workspace
    ctx = fund_context(ws, request.path_params["key"])
    reg = ws.regulation(ctx["fund"].key)
    version = request.query_params.get("version") or reg.versions[-1].version
    doc_lang = request.query_params.get("doc_lang") or "th"
    return page(request, "print.html", versions=[v.version for v in reg.versions], version=version,
                doc_lang=doc_lang, pdf=pdf_available(), **ctx)


__all__ = ["ENV", "TASKS", "download", "editor", "error_page", "fund", "fund_context", "home", "lang_of",
           "page", "print_page"]
