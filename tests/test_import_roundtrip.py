"""Issue 13's "done when": a planted-mistake workbook (the template layout) and a cp874 CSV export of the same
synthetic books round-trip: ``import`` -> ``replay`` -> ``status`` find exactly the planted mistakes, and replay's
findings are byte-identical to those of the synthetic canonical ledger itself."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from swf_rules import load_regulation
from swf_rules.books.importer import import_books
from swf_rules.cli import main
from swf_rules.synth import ACCOUNT_PLANT_KINDS, EXPECTED_FINDING, add_accounts, ledger, write_ledger

from books_export import MAPPING, write_export

ROOT = Path(__file__).resolve().parents[1]
REGS = ROOT / "regulations"
START = date(2019, 10, 1)
PLANT = {"overpaid_stay": 1, "waiting_period": 1, "paid_twice": 1, "unknown_benefit": 1}


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, list]:
    d = tmp_path_factory.mktemp("rt")
    l = ledger(load_regulation(REGS / "chamung.yaml"), seed=13, members=150, years=4, start=START, plant=PLANT)
    add_accounts(l, seed=13, start=START, years=4, plant={k: 1 for k in ACCOUNT_PLANT_KINDS})
    write_ledger(l, d / "synth", calendar="buddhist", xlsx=d / "books.xlsx")
    write_export(l, d / "export")
    return d, dict(l.planted), list(l.planted_books or [])


def _replay(ledger_dir: Path, out: Path) -> dict[str, str]:
    assert main(["replay", "--regulations", str(REGS), "--ledger", str(ledger_dir), "--out", str(out)]) == 0
    with open(out / "findings.csv", encoding="utf-8", newline="") as f:
        return {r["payout_id"]: r["finding"] for r in csv.DictReader(f) if r["finding"] != "supported"}


def _status_notices(ledger_dir: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str]]:
    capsys.readouterr()
    assert main(["status", "--regulations", str(REGS), "--ledger", str(ledger_dir), "--as-of", "2024-09-30",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    return sorted((n["code"], n["value"]) for n in data["notices"])


@pytest.mark.parametrize("source", ["books.xlsx", "export"])
def test_round_trip_finds_exactly_the_planted_mistakes(books: tuple[Path, dict, list], source: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    d, planted, planted_books = books
    out = d / f"imported-{source}"
    r = import_books(d / source, out, mapping=MAPPING if source == "export" else None, fund="chamung")
    expected_notices = sorted((x["code"], x["value"]) for x in planted_books)
    assert len(expected_notices) == 8
    assert sorted((p.code, p.value) for p in r.notices) == expected_notices  # located at the source cells
    assert all(p.file == str(d / source) or p.file.startswith(str(d / source) + "/") for p in r.notices)
    found = _replay(out, d / f"findings-{source}")
    assert found == {pid: EXPECTED_FINDING[kind] for pid, kind in planted.items()}
    assert _status_notices(out, capsys) == expected_notices
    # the same findings, byte for byte, as the canonical ledger synth wrote
    _replay(d / "synth", d / "findings-synth")
    digest = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()  # noqa: E731
    assert digest(d / f"findings-{source}" / "findings.csv") == digest(d / "findings-synth" / "findings.csv")


def test_xlsx_notices_are_at_their_cells(books: tuple[Path, dict, list]) -> None:
    d = books[0]
    r = import_books(d / "books.xlsx", None, dry_run=True, fund="chamung")
    sheets = sorted({(p.sheet, p.code) for p in r.notices})
    assert sheets == [("ผู้รับผลประโยชน์", "ledger-national-id-checksum"),
                      ("รายจ่าย", "ledger-account-no-document"), ("รายจ่าย", "ledger-account-transfer-unbalanced"),
                      ("รายรับอื่น", "ledger-account-balance-mismatch"), ("รายรับอื่น", "ledger-account-duplicate"),
                      ("รายรับอื่น", "ledger-account-no-document"), ("รายรับอื่น", "ledger-account-no-round")]
    nid = next(p for p in r.notices if p.code == "ledger-national-id-checksum")
    assert nid.where().endswith(f"ผู้รับผลประโยชน์!D{nid.line}") and nid.col == 4


def test_synth_accounts_add_files_and_change_none(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["synth", "--regulation", str(REGS / "chamung.yaml"), "--seed", "3", "--members", "80", "--years", "3",
            "--start", "be:2562-10-01", "--ledger", "--calendar", "buddhist"]
    assert main(args + ["--out", str(tmp_path / "a"), "--plant", "paid_twice=1"]) == 0
    assert main(args + ["--out", str(tmp_path / "b"), "--plant", "paid_twice=1,balance_off=1,beneficiary_bad_id=1",
                        "--accounts", "--xlsx", str(tmp_path / "b.xlsx")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert json.loads(out[1]) == {**json.loads(out[0]), "accounts": json.loads(out[1])["accounts"],
                                  "planted_books": 2}
    a = {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir()}
    b = {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir()}
    assert sorted(b) == ["accounts.csv", "beneficiaries.csv", "contributions.csv", "ledger.yaml", "members.csv",
                         "payouts.csv", "planted.json", "planted_books.json"]
    assert {k: a[k] for k in a if k != "ledger.yaml"} == {k: b[k] for k in a if k != "ledger.yaml"}
    assert b["ledger.yaml"] == a["ledger.yaml"] + (
        "  accounts: {path: accounts.csv, calendar: buddhist}\n"
        "  beneficiaries: {path: beneficiaries.csv, calendar: buddhist}\n").encode()
    assert json.loads(b["planted_books.json"]) == [
        {"plant": "balance_off", "code": "ledger-account-balance-mismatch", "value": "cash 2020-09-30"},
        {"plant": "beneficiary_bad_id", "code": "ledger-national-id-checksum", "value": "0037129760649"}]
    assert main(args + ["--out", str(tmp_path / "c"), "--plant", "balance_off=1"]) == 1
    assert "these kinds need --accounts" in capsys.readouterr().err
