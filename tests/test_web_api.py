"""The HTTP API answers with the bytes the command line prints for the same inputs, endpoint by endpoint, and with
the project's problems (exact codes, locations and HTTP statuses) for every mistake."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from web_fixtures import ROOT, books_dir, cli, client, regulations_dir

MEMBER = json.loads((ROOT / "examples" / "member.json").read_text(encoding="utf-8"))
CLAIM = json.loads((ROOT / "examples" / "claim.json").read_text(encoding="utf-8"))
DRAFT = (ROOT / "docs" / "examples" / "chamung-draft.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def fund(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, object]:
    tmp = tmp_path_factory.mktemp("web-api")
    regs, books = regulations_dir(tmp), books_dir(tmp)
    for name, data in (("member.json", MEMBER), ("claim.json", CLAIM)):
        (regs / name).write_text(json.dumps(data), encoding="utf-8")
    return regs, books, client(regs, books)


def test_validate_a_served_regulation_gives_the_cli_bytes(fund) -> None:
    regs, _, c = fund
    r = c.post("/api/v1/validate", json={"regulation": "chamung"})
    assert (r.status_code, r.headers["content-type"]) == (200, "application/json")
    assert r.content == cli(["validate", "chamung.yaml", "--format", "json"], regs)[1]
    assert r.json() == {"ok": True, "valid": ["chamung.yaml"], "problems": []}


def test_validate_a_text_lists_every_problem_with_line_and_column(fund, tmp_path: Path) -> None:
    _, _, c = fund
    text = "language: swf-rules/1\ncalendar: julian\n"
    (tmp_path / "draft.yaml").write_text(text, encoding="utf-8")
    r = c.post("/api/v1/validate", json={"regulation_text": text, "file": "draft.yaml"})
    assert r.status_code == 200
    assert r.content == cli(["validate", "draft.yaml", "--format", "json"], tmp_path)[1]
    assert [(p["code"], p["file"], p["line"], p["col"]) for p in r.json()["problems"]] == [
        ("missing-field", "draft.yaml", 1, 1), ("missing-field", "draft.yaml", 1, 1),
        ("unknown-calendar", "draft.yaml", 2, 11)]


def test_evaluate_gives_the_cli_decision_bytes(fund) -> None:
    regs, _, c = fund
    r = c.post("/api/v1/evaluate", json={"regulation": "chamung", "member": MEMBER, "claim": CLAIM})
    assert r.status_code == 200
    assert r.content == cli(["evaluate", "chamung.yaml", "--member", "member.json", "--claim", "claim.json"], regs)[1]
    assert (r.json()["amount"], r.json()["eligible"]) == ("400", True)


def test_evaluate_with_a_regulation_text_decides_the_same(fund) -> None:
    regs, _, c = fund
    text = (regs / "chamung.yaml").read_text(encoding="utf-8")
    r = c.post("/api/v1/evaluate", json={"regulation_text": text, "file": "chamung.yaml", "member": MEMBER,
                                         "claim": CLAIM})
    assert r.content == cli(["evaluate", "chamung.yaml", "--member", "member.json", "--claim", "claim.json"], regs)[1]


@pytest.mark.parametrize("lang", ["th", "en"])
def test_explain_gives_the_cli_text(fund, lang: str) -> None:
    regs, _, c = fund
    r = c.post("/api/v1/explain", json={"regulation": "chamung", "member": MEMBER, "claim": CLAIM, "lang": lang})
    assert (r.status_code, r.headers["content-type"]) == (200, "text/plain; charset=utf-8")
    assert r.content == cli(["explain", "chamung.yaml", "--member", "member.json", "--claim", "claim.json",
                             "--lang", lang], regs)[1]


def test_bad_member_and_claim_are_reported_together_under_their_json_paths(fund) -> None:
    _, _, c = fund
    member = {**MEMBER, "birth_date": "1960-13-01"}
    claim = {**CLAIM, "units": -2}
    r = c.post("/api/v1/evaluate", json={"regulation": "chamung", "member": member, "claim": claim})
    assert r.status_code == 422
    assert [(p["code"], p["file"], p["json_path"]) for p in r.json()["problems"]] == [
        ("negative-units", "request", "$.claim.units"), ("bad-date", "request", "$.member.birth_date")]


def test_batch_decides_in_date_order_with_caps_chained(fund) -> None:
    from swf_rules import Engine, load_regulation, parse_claim, parse_member
    from swf_rules.core.decision import decision_json
    regs, _, c = fund
    claims = [{"claim_id": "b", "member_id": "01-00042", "benefit": "hospital", "event_date": "2024-12-01",
               "units": 3},
              {"claim_id": "a", "member_id": "01-00042", "benefit": "hospital", "event_date": "2024-10-03",
               "units": 4}]
    r = c.post("/api/v1/evaluate-batch", json={"regulation": "chamung", "members": [MEMBER], "claims": claims})
    assert r.status_code == 200
    assert [(d["claim_id"], d["amount"]) for d in r.json()] == [("a", "600"), ("b", "400")]
    engine = Engine(load_regulation(regs / "chamung.yaml"))
    expected = decision_json(engine.evaluate_batch([parse_member(MEMBER)], [parse_claim(x) for x in claims]))
    assert r.content == expected + b"\n"


def test_batch_locates_a_bad_row_by_its_index(fund) -> None:
    _, _, c = fund
    r = c.post("/api/v1/evaluate-batch", json={"regulation": "chamung", "members": [MEMBER],
                                               "claims": [CLAIM, {**CLAIM, "claim_id": "x", "units": -1}]})
    assert r.status_code == 422
    assert [(p["code"], p["json_path"]) for p in r.json()["problems"]] == [("negative-units", "$.claims[1].units")]


@pytest.mark.parametrize("args,body", [
    ([], {}),
    (["--lang", "en", "--format", "html"], {"lang": "en", "format": "html"}),
    (["--format", "html", "--version", "2556"], {"format": "html", "version": "2556"}),
])
def test_render_gives_the_cli_document(fund, args: list[str], body: dict[str, str]) -> None:
    regs, _, c = fund
    r = c.post("/api/v1/render", json={"regulation": "chamung", **body})
    assert r.status_code == 200
    assert r.headers["content-type"] == ("text/html" if body.get("format") == "html" else "text/markdown") + \
        "; charset=utf-8"
    assert r.content == cli(["render", "chamung.yaml", *args], regs)[1]


def test_render_a_draft_against_an_earlier_version(fund, tmp_path: Path) -> None:
    _, _, c = fund
    (tmp_path / "draft.yaml").write_text(DRAFT, encoding="utf-8")
    r = c.post("/api/v1/render", json={"regulation_text": DRAFT, "file": "draft.yaml", "diff": "2556"})
    assert r.content == cli(["render", "draft.yaml", "--diff", "2556"], tmp_path)[1]


def test_replay_of_served_books_gives_the_cli_summary(fund) -> None:
    regs, books, c = fund
    r = c.post("/api/v1/replay", json={"books": "chamung-books"})
    assert r.status_code == 200
    code, out = cli(["replay", "--regulations", str(regs), "--ledger", str(books / "chamung-books"),
                     "--format", "json"], regs)
    assert (code, r.content) == (0, out)
    assert (r.json()["totals"]["findings"]["overpaid"], r.json()["totals"]["excess"]) == (1, "200")


def test_replay_of_an_upload_gives_the_same_bytes(fund) -> None:
    regs, books, c = fund
    led = books / "chamung-books"
    files = {k: (f"{k}.csv", (led / f"{k}.csv").read_bytes(), "text/csv")
             for k in ("members", "contributions", "payouts")}
    r = c.post("/api/v1/replay/upload", files=files, data={"fund": "chamung"})
    assert r.status_code == 200
    assert r.content == c.post("/api/v1/replay", json={"books": "chamung-books"}).content


def test_status_gives_the_cli_figures(fund) -> None:
    regs, books, c = fund
    r = c.post("/api/v1/status", json={"books": "chamung-books", "as_of": "be:2567-09-30"})
    assert r.status_code == 200
    assert r.content == cli(["status", "--regulations", str(regs), "--ledger", str(books / "chamung-books"),
                             "--as-of", "2024-09-30", "--format", "json"], regs)[1]
    assert r.json()["windows"][-1]["label"] == "cumulative"
    assert r.json()["windows"][-1]["members"]["ever_joined"] == 60
    text = c.post("/api/v1/status", json={"books": "chamung-books", "as_of": "2024-09-30", "format": "text",
                                          "lang": "th"})
    assert text.content == cli(["status", "--regulations", str(regs), "--ledger", str(books / "chamung-books"),
                                "--as-of", "2024-09-30", "--lang", "th"], regs)[1]


def test_status_of_an_upload_needs_its_date(fund) -> None:
    _, books, c = fund
    led = books / "chamung-books"
    files = {k: (f"{k}.csv", (led / f"{k}.csv").read_bytes(), "text/csv")
             for k in ("members", "contributions", "payouts")}
    r = c.post("/api/v1/status/upload", files=files, data={"fund": "chamung"})
    assert (r.status_code, [(p["code"], p["json_path"]) for p in r.json()["problems"]]) == (
        422, [("missing-field", "$.as_of")])
    r = c.post("/api/v1/status/upload", files=files, data={"fund": "chamung", "as_of": "2024-09-30"})
    assert r.content == c.post("/api/v1/status", json={"books": "chamung-books", "as_of": "2024-09-30"}).content


def test_impact_gives_the_files_the_cli_writes(fund, tmp_path: Path) -> None:
    regs, _, c = fund
    shutil.copy(regs / "chamung.yaml", tmp_path / "chamung.yaml")
    (tmp_path / "draft.yaml").write_text(DRAFT, encoding="utf-8")
    claims = [{"claim_id": "h1", "member_id": "01-00042", "benefit": "hospital", "event_date": "2024-02-10",
               "end_date": "2024-02-13"},
              {"claim_id": "b1", "member_id": "01-00042", "benefit": "birth", "event_date": "2024-03-01"}]
    (tmp_path / "members.json").write_text(json.dumps([MEMBER]), encoding="utf-8")
    (tmp_path / "claims.json").write_text(json.dumps(claims), encoding="utf-8")
    code, text = cli(["impact", "chamung.yaml", "draft.yaml", "--members", "members.json", "--claims",
                      "claims.json", "--out", "out"], tmp_path)
    assert code == 0
    body = {"regulation": "chamung", "draft_text": DRAFT, "population": {"members": [MEMBER], "claims": claims}}
    for fmt, name in (("json", "impact.json"), ("changes", "changes.json"), ("svg", "payouts.svg")):
        r = c.post("/api/v1/impact", json={**body, "format": fmt})
        assert (r.status_code, r.content) == (200, (tmp_path / "out" / name).read_bytes())
    r = c.post("/api/v1/impact", json={**body, "format": "text"})
    assert r.content == cli(["impact", "chamung.yaml", "draft.yaml", "--members", "members.json", "--claims",
                             "claims.json"], tmp_path)[1]


def test_impact_on_a_synthetic_fund_is_repeatable(fund) -> None:
    _, _, c = fund
    body = {"regulation": "chamung", "draft_text": DRAFT,
            "population": {"synthetic": {"members": 50, "years": 2, "seed": 4}}}
    a, b = c.post("/api/v1/impact", json=body), c.post("/api/v1/impact", json=body)
    assert (a.status_code, a.content) == (200, b.content)
    assert a.json()["population"]["members"] == 50


def test_cases_run_on_the_saved_regulation_and_on_a_draft(fund) -> None:
    _, _, c = fund
    r = c.post("/api/v1/cases", json={"regulation": "chamung"}).json()
    assert (r["ok"], r["passed"], r["failed"], r["files"]) == (True, 28, 0, 1)
    regs = fund[0]
    draft = (regs / "chamung.yaml").read_text(encoding="utf-8").replace(
        "amount: {type: flat, amount: 1000}", "amount: {type: flat, amount: 1200}")
    r = c.post("/api/v1/cases", json={"regulation": "chamung", "regulation_text": draft}).json()
    failed = [(o["name"], o["expected"], o["actual"]) for o in r["outcomes"] if not o["passed"]]
    assert failed == [("birth on the day the waiting period is served", "eligible true, amount 1000",
                       "eligible true, amount 1200"),
                      ("twins are one delivery and one payment", "eligible true, amount 1000",
                       "eligible true, amount 1200")]


def test_a_member_is_looked_up_in_the_books_with_the_payouts_recorded(fund) -> None:
    _, _, c = fund
    r = c.get("/api/v1/books/chamung-books/members/M00001")
    assert r.status_code == 200
    m = r.json()
    assert (m["member_id"], m["birth_date"], len(m["contributions"])) == ("M00001", "2004-09-13", 36)
    r = c.get("/api/v1/books/chamung-books/members/nobody")
    assert (r.status_code, [p["code"] for p in r.json()["problems"]]) == (404, ["unknown-member"])
    assert c.get("/api/v1/books").json() == {"books": [{"fund": "chamung", "name": "chamung-books",
                                                        "synthetic": False}]}


@pytest.mark.parametrize("method,path,body,status,code,where", [
    ("post", "/api/v1/evaluate", {"regulation": "nowhere", "member": MEMBER, "claim": CLAIM}, 404,
     "unknown-regulation", "$.regulation"),
    ("post", "/api/v1/evaluate", {"regulation": "chamung", "member": MEMBER, "claim": CLAIM, "colour": 1}, 422,
     "unknown-key", "$.colour"),
    ("post", "/api/v1/evaluate", {"member": MEMBER, "claim": CLAIM}, 422, "one-of-fields", "$"),
    ("post", "/api/v1/status", {"books": "nope", "as_of": "2024-01-01"}, 404, "unknown-books", "$.books"),
    ("post", "/api/v1/status", {"books": "chamung-books", "as_of": "2024-02-30"}, 422, "bad-date", "$.as_of"),
    ("post", "/api/v1/impact", {"regulation": "chamung", "population": {}}, 422, "one-of-fields", "$.population"),
    ("get", "/api/v1/evaluate", None, 405, "method-not-allowed", "$"),
    ("get", "/api/v2/nothing", None, 404, "unknown-path", "$"),
])
def test_mistakes_are_problems_with_an_http_status(fund, method, path, body, status, code, where) -> None:
    _, _, c = fund
    r = getattr(c, method)(path, json=body) if body is not None else getattr(c, method)(path)
    assert (r.status_code, r.headers["content-type"]) == (status, "application/json")
    assert [(p["code"], p["json_path"]) for p in r.json()["problems"]][:1] == [(code, where)]
    assert r.json()["ok"] is False


def test_a_body_that_is_not_json_is_refused(fund) -> None:
    _, _, c = fund
    r = c.post("/api/v1/evaluate", content=b"member=1", headers={"content-type": "text/plain"})
    assert (r.status_code, [p["code"] for p in r.json()["problems"]]) == (415, ["unsupported-media-type"])
    r = c.post("/api/v1/evaluate", content=b'{"regulation": "chamung", "regulation": "x"}',
               headers={"content-type": "application/json"})
    assert (r.status_code, [p["code"] for p in r.json()["problems"]]) == (422, ["duplicate-key"])


def test_a_defect_is_an_internal_error_with_a_reference_never_a_traceback(fund, monkeypatch) -> None:
    from swf_rules.web import api_rules
    _, _, c = fund

    def broken(*_a, **_k):
        raise ZeroDivisionError("secret detail")
    monkeypatch.setattr(api_rules, "decide", broken)
    r = c.post("/api/v1/evaluate", json={"regulation": "chamung", "member": MEMBER, "claim": CLAIM})
    assert r.status_code == 500
    [p] = r.json()["problems"]
    assert p["code"] == "internal-error" and len(p["value"]) == 12
    assert "secret" not in r.text and "Traceback" not in r.text
