"""The API's endpoints in one table, and the OpenAPI 3.1 document generated from it.

The table is the single source of the routes (:func:`swf_rules.web.app.create_app` mounts exactly these) and of
the document served at ``/openapi.json`` and committed as ``schemas/openapi.json`` (a test holds them equal).
Request bodies are the envelopes of :mod:`._requests`; members, claims and decisions are the project's JSON
Schemas (``schemas/*.schema.json``), so fund software in any language validates against the same definitions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable

from pydantic import BaseModel

from ..core.schema import schema as project_schema
from .imports import CSV_PARTS, ENCODINGS
from . import _requests as Q
from . import _requests_reports as QR
from . import api_funds as F
from . import api_reports as A
from . import api_rules as R

VERSION = "1"


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    handler: Callable[..., Any]
    summary: str
    tag: str
    body: type[BaseModel] | str | None = None  # a request model, "upload", or None
    ok: tuple[tuple[str, dict[str, Any]], ...] = (("application/json", {"type": "object"}),)  # media types
    changes: bool = False
    params: tuple[str, ...] = field(default_factory=tuple)


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


TEXT = {"type": "string"}
LIST = {"type": "object", "properties": {"ok": {"const": False},
                                         "problems": {"type": "array", "items": _ref("Problem")}},
        "required": ["ok", "problems"]}
VALIDATED = {"type": "object", "required": ["ok", "valid", "problems"],
             "properties": {"ok": {"type": "boolean"}, "valid": {"type": "array", "items": TEXT},
                            "problems": {"type": "array", "items": _ref("Problem")}}}

ENDPOINTS: list[Endpoint] = [
    Endpoint("POST", "/api/v1/validate", R.validate, "Validate a regulation (served, or a text): every problem "
             "with line:col, as `swf-rules validate --format json`", "regulations", Q.ValidateRequest,
             (("application/json", VALIDATED),)),
    Endpoint("POST", "/api/v1/evaluate", R.evaluate, "Decide one claim: the decision JSON of `swf-rules "
             "evaluate`", "decisions", Q.DecideRequest, (("application/json", _ref("Decision")),)),
    Endpoint("POST", "/api/v1/explain", R.explain_claim, "Decide one claim and explain it as text, as `swf-rules "
             "explain`", "decisions", Q.ExplainRequest, (("text/plain", TEXT),)),
    Endpoint("POST", "/api/v1/evaluate-batch", R.evaluate_batch, "Decide a fund's claims in date order (each "
             "payable decision counts toward the caps of later claims)", "decisions", Q.BatchRequest,
             (("application/json", {"type": "array", "items": _ref("Decision")}),)),
    Endpoint("POST", "/api/v1/render", R.render, "The regulation as the printable document (Markdown or A4 HTML), "
             "or the changes from another version, as `swf-rules render`", "regulations", Q.RenderRequest,
             (("text/markdown", TEXT), ("text/html", TEXT))),
    Endpoint("GET", "/api/v1/regulations", R.list_regulations, "The served regulations", "regulations"),
    Endpoint("GET", "/api/v1/regulations/{key}", R.get_regulation, "One served regulation's text, its sha256 "
             "(needed to save) and its problems", "regulations", params=("key",)),
    Endpoint("PUT", "/api/v1/regulations/{key}", R.save_regulation, "Save a regulation file: validated first, "
             "refused if the file changed since it was read, the previous version kept in .history/ (needs the "
             "workbench's CSRF token or the API token)", "regulations", Q.SaveRequest, changes=True,
             params=("key",)),
    Endpoint("GET", "/api/v1/books", F.list_books, "The served books (a fund's ledger folders)", "books"),
    Endpoint("GET", "/api/v1/books/{name}/members/{member_id}", F.books_member, "A member's history from the "
             "books (member.schema.json), with the payouts recorded for them", "books",
             ok=(("application/json", _ref("Member")),), params=("name", "member_id")),
    Endpoint("POST", "/api/v1/replay", F.replay, "Replay served books: every recorded payout re-decided, as "
             "`swf-rules replay --format json` (or findings.json, or the text summary)", "audit",
             Q.ReplayRequest, (("application/json", {"type": "object"}), ("text/plain", TEXT))),
    Endpoint("POST", "/api/v1/replay/upload", F.replay_upload, "Replay uploaded books (members, contributions, "
             "payouts, optional ledger.yaml)", "audit", "upload",
             (("application/json", {"type": "object"}), ("text/plain", TEXT))),
    Endpoint("POST", "/api/v1/status", F.status, "Fund status at a date from served books, as `swf-rules status "
             "--format json`", "audit", Q.StatusRequest,
             (("application/json", {"type": "object"}), ("text/plain", TEXT))),
    Endpoint("POST", "/api/v1/status/upload", F.status_upload, "Fund status at a date from uploaded books",
             "audit", "upload", (("application/json", {"type": "object"}), ("text/plain", TEXT))),
    Endpoint("POST", "/api/v1/cases", F.cases, "Run the fund's committee cases against the saved regulation or a "
             "draft", "committee", Q.CasesRequest),
    Endpoint("POST", "/api/v1/impact", F.impact, "Price a draft against the books, a synthetic fund or given "
             "members and claims: impact.json, changes.json, payouts.svg or the text table of `swf-rules impact`",
             "committee", Q.ImpactRequest, (("application/json", {"type": "object"}),
                                            ("image/svg+xml", TEXT), ("text/plain", TEXT))),
    Endpoint("POST", "/api/v1/impact/project", A.impact_project, "A draft's projected effect: each side's "
             "projection from the population's own experience (projection-SIDE.json or .svg of `swf-rules impact "
             "--project --out`, or the comparison text)", "committee", QR.ImpactProjectRequest,
             (("application/json", {"type": "object"}), ("image/svg+xml", TEXT), ("text/plain", TEXT))),
    Endpoint("POST", "/api/v1/review", A.review, "Member review at a date: arrears, lapses, deaths and allowances "
             "the register misses, beneficiaries, duplicate IDs, as `swf-rules review --format json`", "reports",
             QR.ReviewRequest, (("application/json", {"type": "object"}), ("text/csv", TEXT), ("text/plain", TEXT))),
    Endpoint("POST", "/api/v1/statement", A.statement, "Members' passbooks at a date (every instalment paid or "
             "missed, every payout), as `swf-rules statement --format json`", "reports", QR.StatementRequest,
             (("application/json", {"type": "object"}), ("text/csv", TEXT), ("text/plain", TEXT))),
    Endpoint("POST", "/api/v1/project", A.project_books, "The fund's money years ahead from its books: seeded "
             "simulations, percentile bands, the chance of running out, as `swf-rules project --format json` (or "
             "its text, CSV or chart)", "reports", QR.ProjectRequest,
             (("application/json", {"type": "object"}), ("text/csv", TEXT), ("text/plain", TEXT),
              ("image/svg+xml", TEXT))),
    Endpoint("POST", "/api/v1/import", A.import_upload, "Import a fund's books (the template workbook, or its "
             "sheets as CSV in UTF-8 or cp874): `swf-rules import --format json`, and the name the books can then "
             "be used by (`books`) while the server runs", "books", "import"),
]

PATTERN = {"key": r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", "name": r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
           "member_id": r"^[^/]+$"}
UPLOAD = {"type": "object", "required": ["members", "contributions", "payouts"], "properties": {
    "members": {"type": "string", "contentMediaType": "text/csv", "description": "members.csv or .jsonl"},
    "contributions": {"type": "string", "contentMediaType": "text/csv"},
    "payouts": {"type": "string", "contentMediaType": "text/csv"},
    "ledger": {"type": "string", "contentMediaType": "application/yaml", "description": "ledger.yaml"},
    "fund": {"type": "string"}, "calendar": {"enum": ["gregorian", "buddhist"]},
    "skip_bad_rows": {"enum": ["true", "false"]}, "lang": {"enum": ["en", "th"]},
    "format": {"enum": ["json", "text", "findings"]},
    "as_of": {"type": "string", "description": "status only: YYYY-MM-DD or be:YYYY-MM-DD"},
    "since": {"type": "string"}}, "additionalProperties": False}
IMPORT = {"type": "object", "properties": {
    "workbook": {"type": "string", "contentMediaType": "application/vnd.openxmlformats-officedocument."
                 "spreadsheetml.sheet", "description": "the template workbook (.xlsx; needs openpyxl)"},
    **{k: {"type": "string", "contentMediaType": "text/csv", "description": f"the sheet {sheet} as CSV"}
       for k, sheet in CSV_PARTS.items()},
    "fund": {"type": "string", "description": "the served regulation (its key or fund id) the books are of"},
    "encoding": {"enum": list(ENCODINGS)}, "skip_bad_rows": {"enum": ["true", "false"]},
    "dry_run": {"enum": ["true", "false"]}}, "required": ["fund"], "additionalProperties": False}
UPLOADS = {"upload": UPLOAD, "import": IMPORT}
PROBLEM = {"type": "object", "required": ["code", "severity", "message", "path", "json_path"], "properties": {
    "code": {"type": "string", "description": "stable code, documented in docs/errors.md"},
    "severity": {"enum": ["error", "warning"]}, "file": {"type": ["string", "null"]},
    "line": {"type": ["integer", "null"]}, "col": {"type": ["integer", "null"]},
    "path": {"type": "array", "items": {"type": ["string", "integer"]}}, "json_path": {"type": "string"},
    "clause": {"type": ["string", "null"]}, "value": {},
    "message": {"type": "object", "properties": {"en": TEXT, "th": TEXT}, "required": ["en", "th"]},
    "hint": {"type": ["object", "null"], "properties": {"en": TEXT, "th": TEXT}}}}
ERRORS = {"401": "no valid token", "403": "CSRF or read-only", "404": "unknown regulation, books or member",
          "409": "the file changed since it was read", "413": "the request is too large",
          "415": "the body is not JSON (or multipart for uploads)", "422": "the input has problems",
          "503": "busy, or the time limit passed"}


def _hoist(s: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """A JSON Schema with its ``$defs`` moved into the document's components (refs rewritten)."""
    s = json.loads(json.dumps(s).replace('"#/$defs/', '"#/components/schemas/'))
    for name, d in s.pop("$defs", {}).items():
        if name in defs and defs[name] != d:
            raise AssertionError(f"two definitions named {name}")
        defs[name] = d
    s.pop("$schema", None)
    s.pop("$id", None)
    return s


def _body_schema(model: type[BaseModel], defs: dict[str, Any]) -> dict[str, Any]:
    s = _hoist(model.model_json_schema(mode="validation"), defs)
    props = s.get("properties", {})
    for name, ref in (("member", "Member"), ("claim", "Claim")):
        if name in props:
            note = props[name].get("description")
            props[name] = {**_ref(ref), "description": f"as {ref.lower()}.schema.json" + (f"; {note}" if note else "")}
    for name, ref in (("members", "Member"), ("claims", "Claim")):
        if name in props and props[name].get("type") == "array":
            props[name] = {**props[name], "items": _ref(ref)}
    return s


def document() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    for name, title in (("member", "Member"), ("claim", "Claim"), ("decision", "Decision")):
        defs[title] = _hoist(project_schema(name), defs)
    defs["Problem"] = PROBLEM
    defs["Problems"] = LIST
    paths: dict[str, Any] = {}
    for e in ENDPOINTS:
        op: dict[str, Any] = {"summary": e.summary, "tags": [e.tag],
                              "operationId": e.handler.__name__ + ("_" + e.method.lower() if e.method != "POST"
                                                                   else ""),
                              "responses": {"200": {"description": "done", "content": {
                                  media: {"schema": sch} for media, sch in e.ok}}}}
        for status, what in ERRORS.items():
            op["responses"][status] = {"description": what, "content": {"application/json": {
                "schema": _ref("Problems")}}}
        if e.params:
            op["parameters"] = [{"name": p, "in": "path", "required": True,
                                 "schema": {"type": "string", "maxLength": 100, "pattern": PATTERN[p]}}
                                for p in e.params]
        if isinstance(e.body, str):
            op["requestBody"] = {"required": True, "content": {"multipart/form-data": {"schema": UPLOADS[e.body]}}}
        elif e.body is not None:
            assert not isinstance(e.body, str)
            name = e.body.__name__
            defs[name] = _body_schema(e.body, defs)
            op["requestBody"] = {"required": True, "content": {"application/json": {"schema": _ref(name)}}}
        if e.changes:
            op["security"] = [{"csrf": []}, {"bearer": []}]
        paths.setdefault(e.path, {})[e.method.lower()] = op
    return {
        "openapi": "3.1.0",
        "info": {"title": "swf-rules", "version": VERSION,
                 "description": "Thai community welfare fund regulations as explainable payout decisions. The same "
                                "inputs give the same bytes as the swf-rules command line. Errors are problems "
                                "(docs/errors.md)."},
        "paths": paths,
        "components": {"schemas": dict(sorted(defs.items())), "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer",
                       "description": "needed when the server was started with --token"},
            "csrf": {"type": "apiKey", "in": "header", "name": "X-CSRF-Token",
                     "description": "the workbench's form token (the page's <meta name=csrf>)"}}},
    }


def document_json() -> str:
    return json.dumps(document(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


__all__ = ["ENDPOINTS", "Endpoint", "document", "document_json"]
