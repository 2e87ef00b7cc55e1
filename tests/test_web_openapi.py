"""The OpenAPI document: generated from the endpoint table, served at /openapi.json and committed in schemas/."""

from __future__ import annotations

from web_fixtures import ROOT, client

COMMITTED = ROOT / "schemas" / "openapi.json"


def test_the_committed_document_is_the_generated_one() -> None:
    from swf_rules.web import document_json
    assert COMMITTED.read_text(encoding="utf-8") == document_json(), \
        "schemas/openapi.json is out of date: run `swf-rules schemas` and commit the result"


def test_swf_rules_schemas_writes_it(tmp_path) -> None:
    from web_fixtures import cli
    code, out = cli(["schemas", "--out", "out"], tmp_path)
    assert (code, out.decode().split()) == (0, [f"out/{n}" for n in (
        "regulation.schema.json", "member.schema.json", "claim.schema.json", "decision.schema.json",
        "openapi.json")])
    assert (tmp_path / "out" / "openapi.json").read_bytes() == COMMITTED.read_bytes()


def test_the_served_document_is_the_committed_one() -> None:
    r = client().get("/openapi.json")
    assert (r.status_code, r.content) == (200, COMMITTED.read_bytes())


def test_every_route_of_the_api_is_in_the_document() -> None:
    import json

    from swf_rules.web import ENDPOINTS
    doc = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert sorted((m.upper(), p) for p, ops in doc["paths"].items() for m in ops) == sorted(
        (e.method, e.path) for e in ENDPOINTS)
    assert sorted(doc["paths"]) == [
        "/api/v1/books", "/api/v1/books/{name}/members/{member_id}", "/api/v1/cases", "/api/v1/evaluate",
        "/api/v1/evaluate-batch", "/api/v1/explain", "/api/v1/impact", "/api/v1/impact/project", "/api/v1/import",
        "/api/v1/project", "/api/v1/regulations", "/api/v1/regulations/{key}", "/api/v1/render", "/api/v1/replay",
        "/api/v1/replay/upload", "/api/v1/review", "/api/v1/statement", "/api/v1/status", "/api/v1/status/upload",
        "/api/v1/validate"]


def test_members_and_claims_are_the_project_schemas() -> None:
    import json

    from swf_rules.core.schema import schema
    doc = json.loads(COMMITTED.read_text(encoding="utf-8"))
    member = schema("member")
    assert sorted(doc["components"]["schemas"]["Member"]["properties"]) == sorted(member["properties"])
    body = doc["components"]["schemas"]["DecideRequest"]["properties"]
    assert body["member"]["$ref"] == "#/components/schemas/Member"
    assert body["claim"]["$ref"] == "#/components/schemas/Claim"
