"""The reports' HTTP API (review, statement, project, impact/project, import) answers with the bytes the command
line prints for the same inputs, and with the project's problems (exact codes, places and HTTP statuses) for every
mistake; imported books are then usable by name, and only the upload's fixed names appear in what is answered."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from web_fixtures import ROOT, cli, client, regulations_dir
from web_reports_fixtures import AS_OF, accounts_books

DRAFT = (ROOT / "docs" / "examples" / "chamung-draft.yaml").read_text(encoding="utf-8")
ASSUMPTIONS = """leaving: {per_year: 0.05, source: the committee's plan for 2568}
joining: {per_year: 4, source: the committee's plan for 2568}
"""


@pytest.fixture(scope="module")
def fund(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("web-reports-api")
    regs = regulations_dir(tmp)
    books, workbook = accounts_books(tmp)
    return regs, books, workbook, client(regs, books)


def _cli(regs: Path, books: Path, *args: str) -> bytes:
    code, out = cli([args[0], "--regulations", str(regs), "--ledger", str(books / "chamung-acc"), *args[1:]], regs)
    assert code == 0
    return out


def _problems(r) -> list[tuple[str, str]]:
    return [(p["code"], p["json_path"]) for p in r.json()["problems"]]


# ------------------------------------------------------------------------------------------ review, statement
@pytest.mark.parametrize("fmt,lang", [("json", "en"), ("text", "th"), ("csv", "en")])
def test_review_gives_the_cli_bytes(fund, fmt: str, lang: str) -> None:
    regs, books, _, c = fund
    r = c.post("/api/v1/review", json={"books": "chamung-acc", "as_of": AS_OF, "format": fmt, "lang": lang})
    assert r.status_code == 200
    assert r.content == _cli(regs, books, "review", "--as-of", AS_OF, "--format", fmt, "--lang", lang)


def test_review_finds_the_planted_register_mistakes(fund) -> None:
    _, _, _, c = fund
    r = c.post("/api/v1/review", json={"books": "chamung-acc", "as_of": "be:2567-09-30"}).json()
    assert r["counts"] == {"about_to_lapse": 0, "allowance_due": 0, "arrears": 5, "beneficiary_bad_id": 0,
                           "beneficiary_missing": 1, "beneficiary_no_id": 0, "dead_on_register": 0,
                           "duplicate_id": 0, "lapsed_on_register": 1, "possible_duplicate_member": 0}
    assert [(x["kind"], x["member_id"]) for x in r["rows"] if x["kind"] != "arrears"] == [
        ("lapsed_on_register", "M00015"), ("beneficiary_missing", "M00059")]


def test_statement_gives_the_cli_bytes(fund) -> None:
    regs, books, _, c = fund
    r = c.post("/api/v1/statement", json={"books": "chamung-acc", "as_of": AS_OF, "members": ["M00025", "M00015"],
                                          "format": "text", "lang": "th"})
    assert r.content == _cli(regs, books, "statement", "--as-of", AS_OF, "--member", "M00025", "--member", "M00015",
                             "--format", "text", "--lang", "th")
    r = c.post("/api/v1/statement", json={"books": "chamung-acc", "as_of": AS_OF, "all": True, "format": "csv"})
    assert r.content == _cli(regs, books, "statement", "--as-of", AS_OF, "--all", "--format", "csv")
    pb = c.post("/api/v1/statement", json={"books": "chamung-acc", "as_of": AS_OF,
                                           "members": ["M00025"]}).json()["passbooks"][0]
    assert (pb["status"], pb["arrears"], pb["totals"]["missed"]) == ("active", 2, 2)


def test_statement_mistakes_are_located(fund) -> None:
    _, _, _, c = fund
    r = c.post("/api/v1/statement", json={"books": "chamung-acc", "as_of": AS_OF, "members": ["M00025", "nobody"]})
    assert (r.status_code, _problems(r)) == (404, [("unknown-member", "$.members[1]")])
    r = c.post("/api/v1/statement", json={"books": "chamung-acc", "as_of": AS_OF})
    assert (r.status_code, _problems(r)) == (422, [("one-of-fields", "$")])
    r = c.post("/api/v1/statement", json={"books": "chamung-acc", "as_of": "2024-13-01", "all": True})
    assert (r.status_code, _problems(r)) == (422, [("bad-date", "$.as_of")])


# ------------------------------------------------------------------------------------------ projection
@pytest.mark.parametrize("fmt", ["json", "text", "csv"])
def test_project_gives_the_cli_bytes(fund, fmt: str) -> None:
    regs, books, _, c = fund
    r = c.post("/api/v1/project", json={"books": "chamung-acc", "as_of": AS_OF, "years": 5, "simulations": 200,
                                        "seed": 3, "format": fmt, "lang": "th"})
    assert r.status_code == 200
    assert r.content == _cli(regs, books, "project", "--as-of", AS_OF, "--years", "5", "--simulations", "200",
                             "--seed", "3", "--format", fmt, "--lang", "th")


def test_project_with_assumptions_and_its_chart(fund) -> None:
    regs, books, _, c = fund
    (regs / "assumptions.yaml").write_text(ASSUMPTIONS, encoding="utf-8")
    _cli(regs, books, "project", "--as-of", AS_OF, "--years", "5", "--simulations", "100", "--assumptions",
         "assumptions.yaml", "--count-on", "03-01", "--out", "out")
    body = {"books": "chamung-acc", "as_of": AS_OF, "years": 5, "simulations": 100, "assumptions": ASSUMPTIONS,
            "count_on": "03-01"}
    r = c.post("/api/v1/project", json=body)
    assert r.content == (regs / "out" / "projection.json").read_bytes()
    assert r.json()["assumptions"] == "assumptions.yaml"
    assert r.json()["experience"]["leaving"]["source"] == "the committee's plan for 2568"
    r = c.post("/api/v1/project", json={**body, "format": "svg", "lang": "th"})
    assert (r.headers["content-type"], r.content) == ("image/svg+xml", (regs / "out" / "projection.svg").read_bytes())


@pytest.mark.parametrize("change,code,where", [
    ({"count_on": "02-30"}, "out-of-range", "$.count_on"), ({"simulations": 0}, "out-of-range", "$.simulations"),
    ({"years": 51}, "out-of-range", "$.years"), ({"assumptions": "leaving: {per_year: 0.05}\n"},
                                                 "assumptions-no-source", "$.leaving")])
def test_project_mistakes_are_located(fund, change: dict, code: str, where: str) -> None:
    _, _, _, c = fund
    r = c.post("/api/v1/project", json={"books": "chamung-acc", "as_of": AS_OF, **change})
    assert (r.status_code, _problems(r)) == (422, [(code, where)])


def test_a_drafts_projection_gives_the_files_impact_project_writes(fund, tmp_path: Path) -> None:
    regs, _, _, c = fund
    shutil.copy(regs / "chamung.yaml", tmp_path / "chamung.yaml")
    (tmp_path / "draft.yaml").write_text(DRAFT, encoding="utf-8")
    assert cli(["synth", "--regulation", "chamung.yaml", "--seed", "2", "--members", "40", "--years", "3",
                "--start", "2021-10-01", "--out", "pop"], tmp_path)[0] == 0
    args = ["impact", "chamung.yaml", "draft.yaml", "--members", "pop/members.json", "--claims", "pop/claims.json",
            "--project", "--years", "5", "--simulations", "150", "--seed", "4", "--lang", "th"]
    code, printed = cli(args + ["--out", "out"], tmp_path)
    assert code == 0
    members = json.loads((tmp_path / "pop" / "members.json").read_text(encoding="utf-8"))
    claims = json.loads((tmp_path / "pop" / "claims.json").read_text(encoding="utf-8"))
    body = {"regulation": "chamung", "draft_text": DRAFT, "population": {"members": members, "claims": claims},
            "years": 5, "simulations": 150, "seed": 4, "lang": "th"}
    for side in ("current", "draft"):
        r = c.post("/api/v1/impact/project", json={**body, "side": side})
        assert (r.status_code, r.content) == (200, (tmp_path / "out" / f"projection-{side}.json").read_bytes())
        r = c.post("/api/v1/impact/project", json={**body, "side": side, "format": "svg"})
        assert r.content == (tmp_path / "out" / f"projection-{side}.svg").read_bytes()
    text = c.post("/api/v1/impact/project", json={**body, "format": "text"}).content
    assert text.startswith("ประมาณการ 5 ปี (จำลอง 150 ครั้ง ค่าตั้งต้นการสุ่ม 4)".encode()) and text in printed


# ------------------------------------------------------------------------------------------ import
def _import(c, workbook: Path, **fields: str):
    return c.post("/api/v1/import", files={"workbook": ("whatever-name.xlsx", workbook.read_bytes())},
                  data={"fund": "chamung", **fields})


def _listing(*folders: Path) -> list[tuple[str, int]]:
    return sorted((str(p), p.stat().st_size) for f in folders for p in f.rglob("*"))


def test_import_gives_the_cli_json_and_the_books_are_then_usable(fund, tmp_path: Path) -> None:
    regs, books, workbook, c = fund
    before = _listing(regs, books)
    r = _import(c, workbook)
    assert _listing(regs, books) == before  # nothing is written in the served folders
    assert r.status_code == 200
    name = r.json()["books"]
    assert re.fullmatch(r"import-[0-9a-f]{16}", name)
    shutil.copy(workbook, tmp_path / "books.xlsx")
    code, out = cli(["import", "books.xlsx", "--out", name, "--fund", "chamung", "--format", "json"], tmp_path)
    assert code == 0
    got = json.loads(r.content)
    assert got.pop("books") == name
    assert got == json.loads(out)
    written = fund[1] / "chamung-acc"  # the same books as synth wrote them: one row a line after the header
    assert got["counts"] == {k: len((written / f"{k}.csv").read_text(encoding="utf-8").splitlines()) - 1
                             for k in ("accounts", "beneficiaries", "contributions", "members", "payouts")}
    planted = json.loads((written / "planted_books.json").read_text(encoding="utf-8"))
    assert [(p["code"], p["file"], p["sheet"], p["cell"], p["value"]) for p in got["notices"]] == [
        ("ledger-account-balance-mismatch", "books.xlsx", "รายรับอื่น", "A30", planted[1]["value"]),
        ("ledger-account-no-round", "books.xlsx", "รายรับอื่น", "A58", planted[0]["value"])]
    # the imported books answer as the same books read by the command line, their files named by the books' name
    status = c.post("/api/v1/status", json={"books": name, "as_of": AS_OF, "format": "text", "lang": "th"})
    assert status.content == cli(["status", "--regulations", str(regs), "--ledger", name, "--as-of", AS_OF,
                                  "--lang", "th"], tmp_path)[1]
    assert re.findall(rf"^  ({name}/accounts\.csv):\d+:1 ยอดคงเหลือที่แจ้งของบัญชี 'cash'", status.text, re.M) == [
        f"{name}/accounts.csv"]
    review = c.post("/api/v1/review", json={"books": name, "as_of": AS_OF}).json()
    assert (review["counts"]["lapsed_on_register"], review["counts"]["beneficiary_missing"]) == (1, 1)


def test_a_dry_run_keeps_nothing(fund) -> None:
    _, _, workbook, c = fund
    r = _import(c, workbook, dry_run="true")
    assert (r.status_code, r.json()["books"], r.json()["written"]) == (200, None, [])


def test_csv_sheets_in_thai_windows_encoding_with_a_mistake(fund) -> None:
    from swf_rules.books.importer.template import SHEETS
    _, _, _, c = fund
    names = list(SHEETS)
    head = {n: ",".join(h for h, _ in SHEETS[n][1]) for n in names}
    files = {"members": ("../../etc/passwd", (head[names[0]] + "\nM001,15/03/2500,หญิง,01/10/2562,ปกติ,,\n"
                                              "M002,31/02/2500,ชาย,01/10/2562,ปกติ,,\n").encode("cp874")),
             "contributions": ("b.csv", (head[names[1]] + "\nM001,05/10/2562,10/2562,30\n").encode("cp874")),
             "payouts": ("c.csv", (head[names[2]] + "\n").encode("cp874"))}
    r = c.post("/api/v1/import", files=files, data={"fund": "chamung", "encoding": "cp874"})
    assert r.status_code == 422
    assert [(p["code"], p["file"], p["line"], p["col"], p["value"]) for p in r.json()["problems"]] == [
        ("bad-date", "สมาชิก.csv", 3, 2, "31/02/2500")]
    r = c.post("/api/v1/import", files=files, data={"fund": "chamung", "skip_bad_rows": "true"})
    assert (r.status_code, r.json()["counts"], [p["code"] for p in r.json()["skipped"]]) == (
        200, {"contributions": 1, "members": 1, "payouts": 0}, ["bad-date"])


@pytest.mark.parametrize("files,data,status,problems", [
    ({"workbook": b""}, {"fund": "chamung"}, 422, [("missing-field", "$.workbook")]),
    ({"workbook": b"x", "members": b"y"}, {"fund": "chamung"}, 422, [("one-of-fields", "$.workbook")]),
    ({"../ledger.yaml": b"x"}, {"fund": "chamung"}, 422, [("unknown-key", "$.../ledger.yaml")]),
    ({"workbook": b"x"}, {}, 422, [("missing-field", "$.fund")]),
    ({"workbook": b"x"}, {"fund": "nope"}, 404, [("unknown-regulation", "$.fund")]),
    ({"workbook": b"x"}, {"fund": "chamung", "encoding": "latin-1"}, 422, [("not-allowed", "$.encoding")]),
    ({"workbook": b"not a zip"}, {"fund": "chamung"}, 422, [("import-not-a-workbook", "$")]),
])
def test_import_mistakes_are_problems(fund, files: dict, data: dict, status: int, problems: list) -> None:
    _, _, _, c = fund
    r = c.post("/api/v1/import", files={k: ("f" if v else "", v) for k, v in files.items()}, data=data)
    assert (r.status_code, _problems(r)) == (status, problems)


def test_import_of_json_is_refused(fund) -> None:
    _, _, _, c = fund
    r = c.post("/api/v1/import", json={"fund": "chamung"})
    assert (r.status_code, _problems(r)) == (415, [("unsupported-media-type", "$")])


def test_a_workbook_that_unpacks_too_large_is_refused_before_reading(fund, monkeypatch) -> None:
    import zipfile

    import swf_rules.web.imports as imports
    _, _, workbook, c = fund
    with zipfile.ZipFile(workbook) as z:
        size = sum(i.file_size for i in z.infolist())
    monkeypatch.setattr(imports, "MAX_UNPACKED", 100_000)
    r = _import(c, workbook)
    assert r.status_code == 422
    p = r.json()["problems"][0]
    assert (p["code"], p["file"], p["message"]["en"].split(",")[0]) == (
        "workbook-too-large", "books.xlsx", f"the workbook unpacks to {size} bytes")
    assert size > 100_000


def test_imported_books_are_kept_per_session_oldest_first_out(tmp_path: Path) -> None:
    from swf_rules.web.imports import ImportStore
    _, workbook = accounts_books(tmp_path)
    dropped: list[Path] = []
    store = ImportStore(on_drop=dropped.append, per_session=2, total=3)
    made = []
    for session in ("a", "a", "a", "b", "b"):
        up = tmp_path / f"up-{len(made)}"
        up.mkdir()
        shutil.copy(workbook, up / "books.xlsx")
        made.append(store.run(up, session=session, fund_id="chamung", label="books.xlsx")[0])
    assert [b.name for b in store.of_session("a")] == [made[2].name]
    assert [b.name for b in store.of_session("b")] == [made[4].name, made[3].name]
    assert dropped == [made[0].path, made[1].path]  # a's third pushes out its first; b's second, the oldest of all
    assert [b.path.exists() for b in made] == [False, False, True, True, True]
    store.close()
    assert not made[2].path.exists() and store.get(made[2].name) is None
