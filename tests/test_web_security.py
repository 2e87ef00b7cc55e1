"""The server's guards, tried as an attacker would: paths out of the served folders, forged forms, missing or
wrong tokens, foreign hosts, oversized and slow requests, uploads that name other files; and saving, which
writes only when asked, atomically, with the previous version kept."""

from __future__ import annotations

import asyncio
import hashlib
import json
import threading
from pathlib import Path

import pytest

from web_fixtures import ROOT, books_dir, cli, client, csrf_of, live, raw_get, regulations_dir

SECRET_TEXT = b"build-system"  # in pyproject.toml, outside every served folder


@pytest.fixture()
def regs(tmp_path: Path) -> Path:
    return regulations_dir(tmp_path)


@pytest.mark.parametrize("path", [
    "/static/../pyproject.toml", "/static/../../pyproject.toml", "/static/%2e%2e/%2e%2e/%2e%2e/pyproject.toml",
    "/static/..%2f..%2f..%2fpyproject.toml", "/static//etc/passwd", "/static/%2fetc%2fpasswd",
    "/static/fonts/../../../../pyproject.toml", "/api/v1/regulations/..%2f..%2fpyproject",
    "/api/v1/regulations/%2e%2e", "/fund/..%2f..%2fpyproject/editor", "/fund/../../pyproject.toml",
    "/api/v1/books/..%2f..%2f/members/x", "/api/v1/books/..%2fregs/members/M00001",
])
def test_no_request_path_reaches_a_file_outside_the_served_folders(tmp_path: Path, path: str) -> None:
    from swf_rules.web import Settings, Workspace, create_app
    regs = regulations_dir(tmp_path)
    (tmp_path / "pyproject.toml").write_bytes(SECRET_TEXT)
    (tmp_path / "regs" / "pyproject.toml").write_bytes(SECRET_TEXT)
    with live(create_app(Workspace(regs, books_dir(tmp_path)), Settings())) as base:
        status, body = raw_get(base, path)
    assert status in (400, 404)
    assert SECRET_TEXT not in body and b"root:" not in body


def test_served_assets_are_served(tmp_path: Path) -> None:
    c = client(regulations_dir(tmp_path))
    r = c.get("/static/fonts/OFL.txt")
    assert (r.status_code, r.text.splitlines()[0][:9]) == (200, "Copyright")


@pytest.mark.parametrize("body,code,where", [
    ({"regulation": "../chamung", "member": {}, "claim": {}}, "bad-identifier", "$.regulation"),
    ({"regulation": "/etc/passwd", "member": {}, "claim": {}}, "bad-identifier", "$.regulation"),
    ({"regulation_text": "x: 1", "file": "../../x.yaml", "member": {}, "claim": {}}, "bad-identifier", "$.file"),
])
def test_names_in_a_request_are_never_paths(regs: Path, body, code: str, where: str) -> None:
    r = client(regs).post("/api/v1/evaluate", json=body)
    assert (r.status_code, [(p["code"], p["json_path"]) for p in r.json()["problems"]][:1]) == (422, [(code, where)])


def test_an_uploaded_manifest_cannot_name_a_file_outside_the_upload(tmp_path: Path) -> None:
    regs, books = regulations_dir(tmp_path), books_dir(tmp_path)
    led = books / "chamung-books"
    manifest = b"fund: chamung\nfiles:\n  members: {path: ../../../../etc/passwd}\n"
    files = {"members": ("../../evil.csv", (led / "members.csv").read_bytes(), "text/csv"),
             "contributions": ("c.csv", (led / "contributions.csv").read_bytes(), "text/csv"),
             "payouts": ("p.csv", (led / "payouts.csv").read_bytes(), "text/csv"),
             "ledger": ("ledger.yaml", manifest, "application/yaml")}
    r = client(regs).post("/api/v1/replay/upload", files=files)
    assert r.status_code == 422
    assert [(p["code"], p["file"], p["json_path"]) for p in r.json()["problems"]] == [
        ("not-allowed", "ledger.yaml", "$.files.members.path")]
    assert list(tmp_path.rglob("evil.csv")) == []


def test_an_uploaded_file_name_only_chooses_csv_or_jsonl(tmp_path: Path) -> None:
    regs, books = regulations_dir(tmp_path), books_dir(tmp_path)
    led = books / "chamung-books"
    files = {k: (f"../../{k}.csv", (led / f"{k}.csv").read_bytes(), "text/csv")
             for k in ("members", "contributions", "payouts")}
    r = client(regs).post("/api/v1/replay/upload", files=files, data={"fund": "chamung"})
    assert (r.status_code, r.json()["totals"]["payouts"]) == (200, 13)
    assert sorted(p.name for p in tmp_path.rglob("members.csv")) == ["members.csv"]


# ------------------------------------------------------------------------------------------ saving
def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _page_token(c) -> str:
    return csrf_of(c.get("/fund/chamung/editor").text)


def test_saving_needs_the_form_token_and_writes_nothing_without_it(regs: Path) -> None:
    c = client(regs)
    before = (regs / "chamung.yaml").read_bytes()
    new = before.decode().replace("amount: {type: flat, amount: 1000}", "amount: {type: flat, amount: 1200}")
    body = {"text": new, "base_sha256": _sha(regs / "chamung.yaml")}
    r = c.put("/api/v1/regulations/chamung", json=body)
    assert (r.status_code, [p["code"] for p in r.json()["problems"]]) == (403, ["csrf-failed"])
    r = c.put("/api/v1/regulations/chamung", json=body, headers={"X-CSRF-Token": "0" * 64})
    assert (r.status_code, [p["code"] for p in r.json()["problems"]]) == (403, ["csrf-failed"])
    token = _page_token(c)
    r = c.put("/api/v1/regulations/chamung", json=body,
              headers={"X-CSRF-Token": token, "Origin": "http://elsewhere.example"})
    assert (r.status_code, [p["code"] for p in r.json()["problems"]]) == (403, ["csrf-failed"])
    assert (regs / "chamung.yaml").read_bytes() == before and not (regs / ".history").exists()


def test_saving_is_atomic_and_keeps_every_previous_version(regs: Path) -> None:
    c = client(regs)
    token = _page_token(c)
    first = (regs / "chamung.yaml").read_bytes()
    v2 = first.decode().replace("amount: {type: flat, amount: 1000}", "amount: {type: flat, amount: 1200}")
    r = c.put("/api/v1/regulations/chamung", json={"text": v2, "base_sha256": _sha(regs / "chamung.yaml")},
              headers={"X-CSRF-Token": token})
    assert r.status_code == 200
    assert r.json() == {"ok": True, "saved": "chamung.yaml", "sha256": hashlib.sha256(v2.encode()).hexdigest(),
                        "previous": ".history/chamung.0001.yaml"}
    v3 = v2.replace("amount: {type: flat, amount: 1200}", "amount: {type: flat, amount: 1300}")
    r = c.put("/api/v1/regulations/chamung", json={"text": v3, "base_sha256": r.json()["sha256"]},
              headers={"X-CSRF-Token": token})
    assert r.json()["previous"] == ".history/chamung.0002.yaml"
    assert (regs / "chamung.yaml").read_text(encoding="utf-8") == v3
    assert (regs / ".history" / "chamung.0001.yaml").read_bytes() == first
    assert (regs / ".history" / "chamung.0002.yaml").read_text(encoding="utf-8") == v2
    assert sorted(p.name for p in regs.iterdir()) == [".history", "cases", "chamung.yaml"]  # no temp file left
    assert cli(["validate", "chamung.yaml"], regs)[0] == 0


def test_an_invalid_text_or_a_stale_base_is_not_saved(regs: Path) -> None:
    c = client(regs)
    token = _page_token(c)
    before = (regs / "chamung.yaml").read_bytes()
    bad = before.decode().replace("  id: chamung", "  id: chamung\n  colour: red", 1)
    r = c.put("/api/v1/regulations/chamung", json={"text": bad, "base_sha256": _sha(regs / "chamung.yaml")},
              headers={"X-CSRF-Token": token})
    assert r.status_code == 422
    assert [(p["code"], p["line"], p["col"]) for p in r.json()["problems"]] == [("unknown-key", 10, 3)]
    r = c.put("/api/v1/regulations/chamung", json={"text": before.decode(), "base_sha256": "a" * 64},
              headers={"X-CSRF-Token": token})
    assert (r.status_code, [p["code"] for p in r.json()["problems"]]) == (409, ["save-conflict"])
    assert (regs / "chamung.yaml").read_bytes() == before and not (regs / ".history").exists()


def test_the_bundled_regulations_are_read_only() -> None:
    c = client()
    token = _page_token(c)
    path = ROOT / "regulations" / "chamung.yaml"
    r = c.put("/api/v1/regulations/chamung", json={"text": path.read_text(encoding="utf-8"),
                                                   "base_sha256": _sha(path)}, headers={"X-CSRF-Token": token})
    assert (r.status_code, [p["code"] for p in r.json()["problems"]]) == (403, ["read-only"])


def test_a_page_form_without_its_token_is_refused(regs: Path) -> None:
    c = client(regs)
    r = c.post("/fund/chamung/cases", data={"text": "x"})
    assert r.status_code == 403
    r = c.post("/fund/chamung/cases", data={"text": (regs / "chamung.yaml").read_text(encoding="utf-8"),
                                            "csrf": _page_token(c)})
    assert r.status_code == 200


# ------------------------------------------------------------------------------------------ token, host, limits
TOKEN = "correct-horse-battery-staple"


def test_with_a_token_every_request_needs_it(regs: Path) -> None:
    c = client(regs, token=TOKEN)
    r = c.get("/api/v1/regulations")
    assert (r.status_code, r.headers["www-authenticate"], [p["code"] for p in r.json()["problems"]]) == (
        401, "Bearer", ["unauthorized"])
    assert c.get("/api/v1/regulations", headers={"Authorization": "Bearer wrong-token-123456"}).status_code == 401
    assert c.get("/api/v1/regulations", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert c.get("/?token=nope", follow_redirects=False).status_code == 401
    r = c.get(f"/fund/chamung?token={TOKEN}&lang=en", follow_redirects=False)
    assert (r.status_code, r.headers["location"]) == (303, "/fund/chamung?lang=en")
    assert c.get("/fund/chamung").status_code == 200  # the cookie set by the redirect
    assert c.get("/static/app.css").status_code == 200


def test_the_token_link_never_redirects_to_another_site(regs: Path) -> None:
    import http.client
    from swf_rules.web import Settings, Workspace, create_app
    with live(create_app(Workspace(regs, None), Settings(token=TOKEN))) as base:
        conn = http.client.HTTPConnection("127.0.0.1", int(base.rsplit(":", 1)[1]), timeout=10)
        conn.request("GET", f"//elsewhere.example/?token={TOKEN}")
        r = conn.getresponse()
        r.read()
        conn.close()
    assert (r.status, r.getheader("location")) == (303, "/elsewhere.example/")


def test_a_bearer_token_needs_no_form_token(regs: Path) -> None:
    c = client(regs, token=TOKEN)
    path = regs / "chamung.yaml"
    r = c.put("/api/v1/regulations/chamung", json={"text": path.read_text(encoding="utf-8"),
                                                   "base_sha256": _sha(path)},
              headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200


def test_without_a_token_only_local_host_names_are_answered(regs: Path) -> None:
    c = client(regs)
    r = c.get("/api/v1/regulations", headers={"Host": "attacker.example"})
    assert (r.status_code, [(p["code"], p["value"]) for p in r.json()["problems"]]) == (
        400, [("host-not-allowed", "attacker.example")])
    assert c.get("/api/v1/regulations", headers={"Host": "localhost:8000"}).status_code == 200


def test_a_request_over_the_size_limit_is_refused(regs: Path) -> None:
    c = client(regs, max_request_bytes=1000)
    r = c.post("/api/v1/validate", json={"regulation_text": "x" * 2000})
    assert (r.status_code, [(p["code"], p["message"]["en"]) for p in r.json()["problems"]]) == (
        413, [("request-too-large", "the request is larger than the limit of 1000 bytes")])

    def chunks():
        yield b'{"regulation_text": "'
        for _ in range(10):
            yield b"x" * 200
        yield b'"}'
    r = c.post("/api/v1/validate", content=chunks(), headers={"content-type": "application/json"})
    assert (r.status_code, [p["code"] for p in r.json()["problems"]]) == (413, ["request-too-large"])


def test_work_past_the_time_limit_is_stopped(regs: Path) -> None:
    c = client(regs, time_limit=0.001)
    r = c.post("/api/v1/impact", json={"regulation": "chamung",
                                       "population": {"synthetic": {"members": 300, "years": 5}}})
    assert (r.status_code, [p["code"] for p in r.json()["problems"]]) == (503, ["request-timeout"])


def test_a_full_queue_refuses_at_once() -> None:
    from swf_rules.core.errors import InputError
    from swf_rules.web._work import Runner
    runner = Runner(workers=1, queue=0, time_limit=5)
    gate = threading.Event()

    async def both() -> list[str]:
        first = asyncio.ensure_future(runner(gate.wait))
        await asyncio.sleep(0.05)
        try:
            await runner(lambda: None)
            second = "ran"
        except InputError as e:
            second = e.problems[0].code
        gate.set()
        await first
        return [second]
    assert asyncio.run(both()) == ["server-busy"]
    runner.close()


def test_every_answer_carries_the_security_headers(regs: Path) -> None:
    r = client(regs).get("/fund/chamung")
    assert (r.headers["x-content-type-options"], r.headers["x-frame-options"], r.headers["referrer-policy"]) == (
        "nosniff", "SAMEORIGIN", "no-referrer")
    assert r.headers["content-security-policy"].startswith("default-src 'self'; script-src 'self';")
    assert "HttpOnly; SameSite=Strict" in r.headers["set-cookie"]


def test_serve_refuses_to_listen_beyond_this_computer_without_a_token(tmp_path: Path) -> None:
    code, _ = cli(["serve", "--host", "0.0.0.0"], tmp_path)
    assert code == 2
    code, _ = cli(["serve", "--host", "0.0.0.0", "--token", "short"], tmp_path)
    assert code == 2
    assert [cli(["serve", *a], tmp_path)[0] for a in (["--workers", "0"], ["--time-limit", "0"])] == [2, 2]


def test_no_page_or_asset_is_fetched_from_another_site() -> None:
    import re
    here = ROOT / "swf_rules" / "web"
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((here / "templates").iterdir())) + \
        "".join(p.read_text(encoding="utf-8") for p in sorted((here / "static").glob("*.*")))
    assert re.findall(r"(?:src|href)=\"(?:https?:)?//", text) == []
    assert re.findall(r"url\((?:https?:)?//", text) == []
