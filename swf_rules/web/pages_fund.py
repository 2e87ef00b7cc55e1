"""The workbench's pages on the fund as a whole, from its books: the fund's status (status v2 of
:mod:`swf_rules.reports`), the member review with each member's passbook, importing books, and the what-if page's
sustainability view.

The books are those the server serves (or the demo's) and those this browser imported (:mod:`.imports`), chosen
in the page's selector.  Each page reads its form, runs the same function as the API and the command line in the
worker pool, and shows the report in the committee's words (:mod:`._fund_view`); a mistake in the form is shown on
the page as located problems.  Each report can be downloaded as the command line's CSV or JSON.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import Response

from ..books import Ledger
from ..core.dates import DateTextError, parse_date
from ..core.errors import InputError, LookupProblem, SwfError, make_problem
from ..core.validate import Regulation
from ..reports import fund_status, review_members, statements
from . import _fund_view as V
from ._charts import money_svg
from ._http import raw
from ._requests import ImpactRequest
from .api_funds import draft_sides
from .api_reports import choice, emit, fund_of, read_upload
from .api_rules import web
from .imports import CSV_PARTS, ENCODINGS
from .pages import fund_context, lang_of, page
from .story import day
from .sustainability import project_sides, view
from .workspace import BooksEntry, RegulationEntry, Workspace, demo_end

OPTIONAL_PARTS = ("income", "expenses", "beneficiaries")
MAX_IDS = 2000


async def _query(request: Request) -> dict[str, str]:
    return {k: v for k, v in request.query_params.items()}


# ------------------------------------------------------------------------------------------ the books asked for
class Chosen:
    """The page's books, calendar and dates as the form gave them, and the books read."""

    def __init__(self, ws: Workspace, e: RegulationEntry, request: Request, form: dict[str, str]):
        self.books: list[BooksEntry] = ws.books_for(e.fund_id, request.state.session) if e.fund_id else []
        self.name = form.get("books") or (self.books[0].name if self.books else "")
        self.calendar = "gregorian" if form.get("calendar") == "gregorian" else "buddhist"
        self.as_of_text = form.get("as_of", "").strip()
        self.since_text = form.get("since", "").strip()
        self.fund_id = e.fund_id

    def date(self, key: str, text: str) -> date | None:
        if not text:
            return None
        try:
            return parse_date(text, self.calendar)
        except DateTextError:
            raise InputError([make_problem("bad-date", path=(key,), value=text[:40],
                                           hint=("write YYYY-MM-DD in the calendar chosen",
                                                 "เขียน ปปปป-ดด-วว ตามปฏิทินที่เลือก"))]) from None

    async def read(self, request: Request) -> tuple[Regulation, Ledger, date]:
        """The regulation, the books and the as-of date (default: the last day in the books)."""
        ws: Workspace = web(request).workspace
        entry = ws.books_entry(self.name)
        if entry.fund_id != self.fund_id:  # another fund's books named in the address
            raise LookupProblem([make_problem("unknown-books", path=("books",), value=self.name[:100])])
        reg, led = await web(request).run(ws.ledger, self.name)
        as_of = self.date("as_of", self.as_of_text) or last_day(reg, led, entry)
        if not self.as_of_text:
            self.as_of_text = V.as_of_text(as_of, self.calendar)
        return reg, led, as_of

    def query(self, **more: str) -> str:
        return urlencode({"books": self.name, "calendar": self.calendar, "as_of": self.as_of_text,
                          **({"since": self.since_text} if self.since_text else {}), **more})


def last_day(reg: Regulation, led: Ledger, entry: BooksEntry) -> date:
    """The default date of a report: the last day in the books (the demo's last day for demo books)."""
    if entry.demo:
        return demo_end(reg)
    days = [date.fromordinal(max(r.dates)) for r in led.members.values() if len(r.dates)]
    days += [p.paid_on or p.event_date for p in led.payouts]
    days += [e.date for e in led.accounts]
    return max(days) if days else date.today()


def _context(request: Request) -> tuple[Workspace, dict[str, Any]]:
    ws: Workspace = web(request).workspace
    return ws, fund_context(ws, request.path_params["key"])


# ------------------------------------------------------------------------------------------ status
async def status(request: Request) -> Response:
    ws, ctx = _context(request)
    lang = lang_of(request)
    c = Chosen(ws, ctx["fund"], request, await _query(request))
    out: dict[str, Any] = {"report": None, "problems": None}
    if c.name:
        try:
            reg, led, as_of = await c.read(request)
            report = await web(request).run(fund_status, reg, led, as_of, c.date("since", c.since_text))
            out = {"report": report, "problems": None, "figures": V.key_figures(report, lang),
                   "tables": V.status_tables(report, lang), "reconciliation": V.reconciliation_table(report, lang),
                   "closing": V.baht(report.cumulative.closing), "chart": money_svg(report, lang),
                   "long_day": day(as_of, lang)}
        except SwfError as err:
            out["problems"] = err.problems
    return page(request, "fund_status.html", books=c.books, chosen=c.name, calendar=c.calendar, as_of=c.as_of_text,
                since=c.since_text, query=c.query(), **out, **ctx)


# ------------------------------------------------------------------------------------------ review, passbook
async def review(request: Request) -> Response:
    ws, ctx = _context(request)
    lang = lang_of(request)
    c = Chosen(ws, ctx["fund"], request, await _query(request))
    out: dict[str, Any] = {"report": None, "problems": None}
    if c.name:
        try:
            reg, led, as_of = await c.read(request)
            report = await web(request).run(review_members, reg, led, as_of)
            out = {"report": report, "problems": None, "sections": V.review_sections(report, lang),
                   "ids": sorted(led.members)[:MAX_IDS], "long_day": day(as_of, lang)}
        except SwfError as err:
            out["problems"] = err.problems
    return page(request, "review.html", books=c.books, chosen=c.name, calendar=c.calendar, as_of=c.as_of_text,
                query=c.query(), **out, **ctx)


async def statement(request: Request) -> Response:
    ws, ctx = _context(request)
    lang = lang_of(request)
    form = await _query(request)
    c = Chosen(ws, ctx["fund"], request, form)
    member = form.get("member", "").strip()
    out: dict[str, Any] = {"pb": None, "problems": None, "ids": []}
    if c.name:
        try:
            reg, led, as_of = await c.read(request)
            out["ids"] = sorted(led.members)[:MAX_IDS]
            if member:
                s = await web(request).run(statements, reg, led, as_of, [member])
                out.update(pb=V.passbook_view(s.passbooks[0], lang), long_day=day(as_of, lang),
                           short_day=V.day_text(as_of, lang))
        except SwfError as err:
            out["problems"] = err.problems
    return page(request, "statement.html", books=c.books, chosen=c.name, calendar=c.calendar, as_of=c.as_of_text,
                member_id=member, query=c.query(member=member) if member else c.query(), **out, **ctx)


async def download(request: Request) -> Response:
    """A report as the command line's CSV or JSON (``/fund/KEY/REPORT/download?...&format=csv``)."""
    ws, ctx = _context(request)
    form = await _query(request)
    what = request.url.path.rsplit("/", 2)[-2]
    fmt = form.get("format", "csv")
    if fmt not in ("csv", "json"):
        raise InputError([make_problem("not-allowed", path=("format",), value=fmt[:40],
                                       hint=("use csv or json", "ใช้ csv หรือ json"))])
    c = Chosen(ws, ctx["fund"], request, form)
    reg, led, as_of = await c.read(request)
    if what == "status":
        report: Any = await web(request).run(fund_status, reg, led, as_of, c.date("since", c.since_text))
    elif what == "review":
        report = await web(request).run(review_members, reg, led, as_of)
    else:
        member = form.get("member", "").strip()
        report = await web(request).run(statements, reg, led, as_of, [member] if member else None)
    resp = emit(report, fmt, "th")
    resp.headers["content-disposition"] = f'attachment; filename="{what}-{c.name}-{as_of.isoformat()}.{fmt}"'
    return resp


# ------------------------------------------------------------------------------------------ import
def _has_openpyxl() -> bool:
    import importlib.util
    return importlib.util.find_spec("openpyxl") is not None


async def import_page(request: Request) -> Response:
    ws, ctx = _context(request)
    e = ctx["fund"]
    values = {"encoding": "auto", "skip_bad_rows": ""}
    out: dict[str, Any] = {"result": None, "book": None, "problems": None}
    if request.method == "POST":
        tmp = Path(tempfile.mkdtemp(prefix="swf-web-import-"))
        try:
            fields, sent = await read_upload(request, tmp, ("encoding", "skip_bad_rows", "csrf"))
            values.update({k: v for k, v in fields.items() if k in values})
            encoding = choice(fields, "encoding", ENCODINGS, "auto")
            skip = choice(fields, "skip_bad_rows", ("true", "false"), "false") == "true"
            fund = fund_of(ws, e.key)
            book, result = await web(request).run(
                lambda: ws.imports.run(tmp, session=request.state.session, fund_id=fund, label=", ".join(sent),
                                       encoding=encoding, skip_bad_rows=skip))
            out.update(result=result, book=book)
        except SwfError as err:
            out["problems"] = err.problems
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    imported = [b for b in ws.books_for(e.fund_id, request.state.session) if b.imported] if e.fund_id else []
    return page(request, "import.html", values=values, parts=list(CSV_PARTS.items()), optional=OPTIONAL_PARTS,
                encodings=ENCODINGS, xlsx=_has_openpyxl(), imported=imported, **out, **ctx)


async def template(request: Request) -> Response:
    """The published workbook template, blank (``swf-rules template-book``'s bytes)."""
    from ..books.importer.template import shipped_template
    _context(request)  # a served fund's page
    resp = raw(shipped_template(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp.headers["content-disposition"] = ('attachment; filename="swf-rules-template.xlsx"; '
                                           "filename*=UTF-8''" + quote("แบบบันทึกบัญชีกองทุน.xlsx"))
    return resp


# ------------------------------------------------------------------------------------------ what if: sustainability
def _bounded(form: dict[str, str], key: str, default: str, top: int) -> int:
    text = form.get(key, default).strip()
    if not text.isdigit() or not 1 <= int(text) <= top:
        raise InputError([make_problem("out-of-range", path=(key,), value=text[:20], detail=f"a whole number, 1-{top}")])
    return int(text)


async def sustainability(request: Request, ws: Workspace, req: ImpactRequest | None,
                         form: dict[str, str]) -> dict[str, Any]:
    """The what-if page's sustainability view: its options, and, once a draft is priced (``req``), each side's
    projection (``impact --project``) with the chart comparing them."""
    lang = lang_of(request)
    asked = form.get("project") == "1" if "years_ahead" in form else True  # on unless the form says otherwise
    values = {"project": asked, "years_ahead": form.get("years_ahead", "10"),
              "simulations": form.get("simulations", "1000")}
    out: dict[str, Any] = {"options": values, "view": None, "problems": None, "headline": ""}
    if req is None or not asked:
        return out
    try:
        years = _bounded(form, "years_ahead", "10", 30)
        sims = _bounded(form, "simulations", "1000", 5000)
        current, draft = await web(request).run(
            lambda: project_sides(*draft_sides(ws, req), years=years, simulations=sims, seed=0))
    except SwfError as err:
        out["problems"] = err.problems
        return out
    v = view(current, draft, lang)
    out.update(view=v, headline=_headline(v, lang))
    return out


def _headline(v: dict[str, Any], lang: str) -> str:
    from ._text import translator
    t = translator(lang)
    cur, dr = v["current"], v["draft"]
    never = t("not_exhausted", years=v["years"])
    return t("sustain_headline", years=v["years"], chance=dr.chance, chance_now=cur.chance,
             year=dr.exhausted or never, year_now=cur.exhausted or never)


__all__ = ["Chosen", "download", "import_page", "last_day", "review", "statement", "status", "sustainability",
           "template"]
