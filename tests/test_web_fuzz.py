"""Property-based API tests generated from the OpenAPI document (schemathesis): whatever is sent, the answer is
never a server error, its status, media type and body are the ones the document declares, and every refusal is the
project's problems.  Bounded to run in CI in seconds: few
examples per operation, and the synthetic funds a request may ask for kept small."""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis")

from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,  # noqa: E402
                                               status_code_conformance)

from web_fixtures import books_dir, client, regulations_dir  # noqa: E402

_TMP = Path(tempfile.mkdtemp(prefix="swf-web-fuzz-"))
atexit.register(shutil.rmtree, _TMP, True)
_CLIENT = client(regulations_dir(_TMP), books_dir(_TMP), time_limit=10.0)
schema = schemathesis.openapi.from_asgi("/openapi.json", _CLIENT.app)
schema.config.phases.update(phases=["examples", "fuzzing"])  # the coverage phase: minutes, not seconds


def _bounded(body: object) -> None:
    """Keep the synthetic funds and the projections small (a request may ask for 2,000 members over 10 years, or
    10,000 simulations over 50 years: correct, but slow)."""
    for k, top in (("simulations", 50), ("years", 5)):
        if isinstance(body, dict) and isinstance(body.get(k), int) and body[k] > top:
            body[k] = top
    pop = body.get("population") if isinstance(body, dict) else None
    syn = pop.get("synthetic") if isinstance(pop, dict) else None
    if isinstance(syn, dict):
        for k, top in (("members", 30), ("years", 2)):
            if isinstance(syn.get(k), int) and syn[k] > top:
                syn[k] = top


@schema.parametrize()
@settings(max_examples=10, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_request_makes_the_server_fail(case) -> None:
    _bounded(case.body)
    headers = dict(case.headers or {})
    headers["host"] = "testserver"
    case.headers = headers
    r = case.call()
    case.validate_response(r, checks=[not_a_server_error, status_code_conformance, content_type_conformance,
                                      response_schema_conformance])
    if r.status_code >= 400:
        body = json.loads(r.content)
        assert body["ok"] is False and body["problems"] and all(p["code"] for p in body["problems"])
