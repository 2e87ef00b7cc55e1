"""The HTTP edges of the API: problems as responses, JSON bodies read with the project's strict reader, request
envelopes checked with located problems.

An error response is the body ``swf-rules ... --format json`` prints for the same mistake
(``{"ok": false, "problems": [...]}``, two-space indent, sorted keys) with an HTTP status chosen from the problems:
404 for an unknown regulation or books, 413/415/401/403/409/503 for the server's own problems, 422 for everything
wrong in the input.  A stack trace is never sent.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import Response

from ..core.errors import InputError, Problem, SwfError, make_problem
from ..core.load import load_json_text

STATUS_BY_CODE = {
    "unknown-regulation": 404, "unknown-books": 404, "unknown-member": 404, "unknown-path": 404,
    "request-too-large": 413, "unsupported-media-type": 415, "unauthorized": 401, "csrf-failed": 403,
    "read-only": 403, "host-not-allowed": 400, "method-not-allowed": 405, "save-conflict": 409,
    "request-timeout": 503, "server-busy": 503, "internal-error": 500,
}
JSON = "application/json"


def dumps(data: Any) -> str:
    """As the command line prints JSON (``swf_rules.cli.main.dumps``)."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)


def problems_body(problems: Iterable[Problem]) -> bytes:
    return (dumps({"ok": False, "problems": [p.to_dict() for p in problems]}) + "\n").encode("utf-8")


def status_of(problems: list[Problem]) -> int:
    for p in problems:
        if p.code in STATUS_BY_CODE:
            return STATUS_BY_CODE[p.code]
    return 422


def error_response(e: SwfError, headers: dict[str, str] | None = None) -> Response:
    return Response(problems_body(e.problems), status_of(e.problems), media_type=JSON, headers=headers)


def problem_response(code: str, headers: dict[str, str] | None = None, **params: Any) -> Response:
    return error_response(InputError([make_problem(code, **params)]), headers)


def raw(body: bytes | str, media_type: str = JSON, status: int = 200) -> Response:
    data = body.encode("utf-8") if isinstance(body, str) else body
    if media_type.startswith("text/") and "charset" not in media_type:
        media_type += "; charset=utf-8"
    return Response(data, status, media_type=media_type)


async def json_body(request: Request) -> Any:
    """The request's JSON, read as every swf-rules JSON is: duplicate keys refused, floats kept exact."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != JSON:
        raise InputError([make_problem("unsupported-media-type", value=ctype or "(none)", expected=JSON)])
    body = await request.body()
    return load_json_text(body, file="request", error=InputError)


M = TypeVar("M", bound=BaseModel)


def envelope(model: type[M], data: Any) -> M:
    """Check a request envelope (its own fields; member, claim and regulation texts are read by the project's
    readers afterwards): every problem located by its JSON path in the request."""
    if not isinstance(data, dict):
        raise InputError([make_problem("not-a-mapping", file="request", found=type(data).__name__)])
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise InputError(translate(e)) from None


def translate(exc: ValidationError, file: str = "request") -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        etype, value = err["type"], err.get("input")
        shown = None if isinstance(value, (dict, list)) else str(value)
        if etype == "missing":
            out.append(make_problem("missing-field", path=loc, file=file, field=loc[-1]))
        elif etype == "extra_forbidden":
            out.append(make_problem("unknown-key", path=loc, file=file, key=loc[-1], value=str(loc[-1])))
        elif etype in ("literal_error", "enum"):
            exp = (err.get("ctx") or {}).get("expected", "")
            out.append(make_problem("not-allowed", path=loc, file=file, value=shown,
                                    hint=(f"use one of {exp}", f"ใช้ค่าใดค่าหนึ่งจาก {exp}")))
        elif etype in ("greater_than_equal", "less_than_equal", "greater_than", "less_than", "string_too_long",
                       "too_long"):
            out.append(make_problem("out-of-range", path=loc, file=file, value=shown, detail=err["msg"].lower()))
        elif etype == "string_pattern_mismatch":
            out.append(make_problem("bad-identifier", path=loc, file=file, value=shown))
        else:
            out.append(make_problem("wrong-type", path=loc, file=file, expected=_EXPECTED.get(etype, err["msg"]),
                                    found=type(value).__name__ if value is not None else "null", value=shown))
    return out


_EXPECTED = {"int_type": "a whole number", "int_parsing": "a whole number", "int_from_float": "a whole number",
             "string_type": "text", "bool_type": "true or false", "bool_parsing": "true or false",
             "dict_type": "an object", "model_type": "an object", "list_type": "a list"}


def located(problems: Iterable[Problem], prefix: tuple[str | int, ...], file: str) -> list[Problem]:
    """Problems of a part of the request (a member, a claim) moved under its JSON path in the request."""
    from dataclasses import replace
    return [replace(p, path=prefix + p.path, file=p.file if p.file not in (None, "<input>") else file)
            for p in problems]


__all__ = ["JSON", "STATUS_BY_CODE", "dumps", "envelope", "error_response", "json_body", "located",
           "problem_response", "problems_body", "raw", "status_of", "translate"]
