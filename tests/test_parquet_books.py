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


def test_accounts_beneficiaries_and_committee_columns_read_as_from_csv(tmp_path: Path) -> None:
    """The optional registers and the payouts' committee columns are Parquet too, read to the same values and
    the same notices (planted account mistakes) as the CSV books."""
    extra = ("--accounts", "--committee", "--plant", PLANT + ",matching_twice=1,beneficiary_bad_id=1")
    args = ["synth", "--regulation", str(REGS / "chamung.yaml"), "--seed", "3", "--members", "80", "--years", "5",
            "--start", "2016-01-01", "--ledger"]
    assert main([*args, *extra, "--out", str(tmp_path / "csv")]) == 0
    assert main([*args, *extra, "--parquet", "--out", str(tmp_path / "pq")]) == 0
    assert sorted(p.name for p in (tmp_path / "pq").iterdir()) == [
        "accounts.parquet", "beneficiaries.parquet", "contributions.parquet", "ledger.yaml", "members.parquet",
        "payouts.parquet", "planted.json", "planted_books.json"]
    a, b = read_ledger(tmp_path / "csv"), read_ledger(tmp_path / "pq")
    assert [(e.date, e.kind, e.amount, e.account, e.doc_no, e.round, e.counterparty, e.note) for e in a.accounts] == \
        [(e.date, e.kind, e.amount, e.account, e.doc_no, e.round, e.counterparty, e.note) for e in b.accounts]
    assert {m: [(x.name, x.relationship, x.national_id, x.share) for x in rows] for m, rows in a.beneficiaries.items()} \
        == {m: [(x.name, x.relationship, x.national_id, x.share) for x in rows] for m, rows in b.beneficiaries.items()}
    assert [(p.payout_id, p.decided_on, p.meeting, p.approver) for p in a.payouts] == \
        [(p.payout_id, p.decided_on, p.meeting, p.approver) for p in b.payouts]
    assert all(p.decided_on is not None for p in b.payouts)
    assert [(n.code, n.value) for n in a.notices] == [(n.code, n.value) for n in b.notices]
    assert {n.code for n in b.notices} == {"ledger-account-duplicate", "ledger-national-id-checksum"}
    write_parquet(tmp_path / "csv", tmp_path / "converted")  # the conversion keeps them too
    c = read_ledger(tmp_path / "converted")
    assert [(e.date, e.kind, e.amount) for e in c.accounts] == [(e.date, e.kind, e.amount) for e in a.accounts]
    assert [(p.payout_id, p.meeting) for p in c.payouts] == [(p.payout_id, p.meeting) for p in a.payouts]


def test_a_parquet_row_longer_than_a_line_may_be(tmp_path: Path) -> None:
    """The limits of CSV hold for Parquet: a row whose text is longer than a ledger line may be is refused at
    its row (the reading stops there), as ``line-too-long``."""
    _synth(tmp_path / "pq", "--parquet")
    path = tmp_path / "pq" / "payouts.parquet"
    t = pq.read_table(path)
    refs = t.column("event_ref").to_pylist()
    refs[2] = "x" * (1024 * 1024 + 1)
    pq.write_table(t.set_column(t.schema.get_field_index("event_ref"), "event_ref", pa.array(refs, pa.string())), path)
    with pytest.raises(InputError) as e:
        read_ledger(tmp_path / "pq")
    assert [(p.code, Path(p.file).name, p.line, p.col) for p in e.value.problems] == \
        [("line-too-long", "payouts.parquet", 3, 1)]
