"""Parquet ledgers: written by synth and by write_parquet, read by every reader, problems located by row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from swf_rules.audit import load_for_replay, open_for_replay, replay, write_outputs  # noqa: E402
from swf_rules.books import read_ledger  # noqa: E402
from swf_rules.books.parquet import schemas, write_parquet  # noqa: E402
from swf_rules.cli import main  # noqa: E402
from swf_rules.core.errors import InputError  # noqa: E402

from test_audit_replay import hand_ledger  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
REGS = ROOT / "regulations"
OUTPUTS = ("findings.csv", "findings.json", "summary.csv")
PLANT = "overpaid_stay=1,waiting_period=1,birth_both_parents=1,after_lapse=1,paid_twice=1,unknown_benefit=1"


def _synth(out: Path, *extra: str) -> None:
    assert main(["synth", "--regulation", str(REGS / "chamung.yaml"), "--seed", "3", "--members", "80", "--years",
                 "5", "--start", "2016-01-01", "--ledger", "--plant", PLANT, "--out", str(out), *extra]) == 0


def _replayed(books: Path, out: Path) -> dict[str, bytes]:
    assert main(["replay", "--regulations", str(REGS), "--ledger", str(books), "--out", str(out)]) == 0
    return {n: (out / n).read_bytes() for n in OUTPUTS}


def test_synth_writes_parquet_books_that_replay_as_the_csv_ones(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    _synth(tmp_path / "csv")
    _synth(tmp_path / "pq", "--parquet")
    assert sorted(p.name for p in (tmp_path / "pq").iterdir()) == [
        "contributions.parquet", "ledger.yaml", "members.parquet", "payouts.parquet", "planted.json"]
    t = pq.read_table(tmp_path / "pq" / "contributions.parquet")
    assert t.schema == schemas()["contributions"]
    ids = t.column("member_id").to_pylist()
    assert ids == sorted(ids)  # sorted by member: a range of members is a range of rows
    assert _replayed(tmp_path / "pq", tmp_path / "out-pq") == _replayed(tmp_path / "csv", tmp_path / "out-csv")
    planted = json.loads((tmp_path / "pq" / "planted.json").read_text())
    assert len(planted) == 6


def test_write_parquet_keeps_year_only_dates_and_links(tmp_path: Path) -> None:
    books = hand_ledger(tmp_path / "books")
    members = (books / "members.csv").read_text().replace("2017-03-01,died,2017-03-01", "2017,died,2017")
    (books / "members.csv").write_text(members)
    write_parquet(books, tmp_path / "pq")
    a, b = read_ledger(books), read_ledger(tmp_path / "pq")
    assert {m: (r.placeholders, r.spells, list(r.dates)) for m, r in a.members.items()} == \
        {m: (r.placeholders, r.spells, sorted(r.dates)) for m, r in b.members.items()}
    assert [(p.payout_id, p.event_ref, p.details) for p in a.payouts] == \
        [(p.payout_id, p.event_ref, p.details) for p in b.payouts]
    for d in ("books", "pq"):
        reg, led = load_for_replay(REGS, tmp_path / d)
        write_outputs(replay(reg, led), tmp_path / f"out-{d}")
    assert all((tmp_path / "out-books" / n).read_bytes() == (tmp_path / "out-pq" / n).read_bytes() for n in OUTPUTS)


def test_bad_parquet_rows_are_reported_by_row_and_column(tmp_path: Path) -> None:
    _synth(tmp_path / "pq", "--parquet")
    path = tmp_path / "pq" / "contributions.parquet"
    t = pq.read_table(path)
    ids = t.column("member_id").to_pylist()
    ids[4] = "NOBODY"
    pq.write_table(t.set_column(0, "member_id", pa.array(ids, type=pa.string())), path)
    with pytest.raises(InputError) as e:
        open_for_replay(REGS, tmp_path / "pq")
    assert [(p.code, Path(p.file).name, p.line, p.col, p.value) for p in e.value.problems] == \
        [("unknown-member", "contributions.parquet", 5, 1, "NOBODY")]


def test_a_file_that_is_not_parquet(tmp_path: Path) -> None:
    _synth(tmp_path / "pq", "--parquet")
    (tmp_path / "pq" / "payouts.parquet").write_bytes(b"payout_id,member_id\n")
    with pytest.raises(InputError) as e:
        read_ledger(tmp_path / "pq")
    assert [(p.code, Path(p.file).name, p.line) for p in e.value.problems] == \
        [("parquet-unreadable", "payouts.parquet", None)]


def test_parquet_needs_ledger(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["synth", "--regulation", str(REGS / "chamung.yaml"), "--seed", "1", "--members", "5", "--years", "1",
                 "--start", "2016-01-01", "--parquet", "--out", str(tmp_path / "x")])
    assert code == 1
    assert capsys.readouterr().err == \
        "<input>:$.parquet not-allowed '--parquet' is not allowed here (fix: --parquet needs --ledger)\n"
    assert not (tmp_path / "x").exists()
