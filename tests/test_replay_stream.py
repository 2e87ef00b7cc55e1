"""Streamed replay (replay_to / swf-rules replay): byte-identical to the in-memory replay, nothing left behind on
bad books or an interruption, and a bounded number of rows held at once."""

from __future__ import annotations

import csv
import json
import random
from datetime import date
from pathlib import Path

import pytest

from swf_rules import load_regulation
from swf_rules.audit import _merge as replay_mod  # the streamed output (the test stops its merge)
from swf_rules.cli import main
from swf_rules.core.errors import InputError
from swf_rules.books import read_ledger, stream_ledger
from swf_rules.audit import load_for_replay, open_for_replay, replay, replay_to, write_outputs
from swf_rules.synth import PLANT_KINDS, ledger, write_ledger

from test_audit_replay import MEMBERS, hand_ledger

ROOT = Path(__file__).resolve().parents[1]
REGS = ROOT / "regulations"
CHAMUNG = load_regulation(REGS / "chamung.yaml")
SAMPLE_DIR = ROOT / "tests" / "audit"
SAMPLE = load_regulation(SAMPLE_DIR / "sample_fund.yaml")
OUTPUTS = ("findings.csv", "findings.json", "summary.csv")


def _in_memory(regs: Path, books: Path, out: Path, **kw: object) -> dict[str, bytes]:
    reg, led = load_for_replay(regs, books, **kw)  # type: ignore[arg-type]
    write_outputs(replay(reg, led), out)
    return {n: (out / n).read_bytes() for n in OUTPUTS}


def _streamed(regs: Path, books: Path, out: Path, **kw: object) -> dict[str, bytes]:
    res = replay_to(regs, books, out, **kw)  # type: ignore[arg-type]
    assert res.outputs == [out / n for n in OUTPUTS]
    return {n: (out / n).read_bytes() for n in OUTPUTS}


def _listing(d: Path) -> list[str]:
    return sorted(p.name for p in d.iterdir()) if d.exists() else []


# ---------------------------------------------------------------------------------------------- byte identity
@pytest.mark.parametrize("seed", range(4))
def test_streamed_outputs_are_the_in_memory_bytes(tmp_path: Path, seed: int) -> None:
    plant = {k: 1 for k in PLANT_KINDS}
    l = ledger(SAMPLE, seed=seed, members=90, years=5, start=date(2016, 1, 1), plant=plant, age_profile="young")
    write_ledger(l, tmp_path / "books", "buddhist" if seed % 2 else "gregorian")
    want = _in_memory(SAMPLE_DIR, tmp_path / "books", tmp_path / "mem")
    assert json.loads(want["findings.json"])["totals"]["payouts"] == len(l.payouts)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    # one partition in memory; a few; one member a partition with a flush every few rows (and a two-level merge)
    for rows in (50_000, 600, 1):
        got = _streamed(SAMPLE_DIR, tmp_path / "books", tmp_path / f"out-{rows}", partition_rows=rows, tmp_dir=tmp)
        assert got == want, rows
        assert _listing(tmp) == []
        assert _listing(tmp_path / f"out-{rows}") == list(OUTPUTS)


@pytest.mark.parametrize("seed", range(2))
def test_streamed_chamung_with_planted_mistakes(tmp_path: Path, seed: int) -> None:
    plant = {k: 2 for k in PLANT_KINDS if k != "late_claim"}
    l = ledger(CHAMUNG, seed=seed, members=200, years=6, start=date(2016, 10, 1), plant=plant)
    write_ledger(l, tmp_path / "books")
    want = _in_memory(REGS, tmp_path / "books", tmp_path / "mem")
    for rows in (50_000, 3_000, 7):
        assert _streamed(REGS, tmp_path / "books", tmp_path / f"out-{rows}", partition_rows=rows) == want
    with open(tmp_path / "out-7" / "findings.csv", encoding="utf-8", newline="") as f:
        found = sum(1 for r in csv.DictReader(f) if r["finding"] != "supported")
    assert found == len(l.planted) == 12


def test_hand_ledger_placeholders_and_event_refs(tmp_path: Path) -> None:
    books = hand_ledger(tmp_path / "books")
    want = _in_memory(REGS, books, tmp_path / "mem")
    for rows in (1, 2, 50_000):
        assert _streamed(REGS, books, tmp_path / f"out-{rows}", partition_rows=rows) == want
    members = (books / "members.csv").read_text().replace("2017-03-01,died,2017-03-01", "2017,died,2017")
    (books / "members.csv").write_text(members)
    want = _in_memory(REGS, books, tmp_path / "mem2")
    assert _streamed(REGS, books, tmp_path / "out-d", partition_rows=1) == want


def _to_jsonl(csv_path: Path) -> None:
    with open(csv_path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    lines = []
    for r in rows:
        obj: dict[str, object] = {k: v for k, v in r.items() if v != "" and not k.startswith("details.")}
        details = {k[len("details."):]: v for k, v in r.items() if k.startswith("details.") and v != ""}
        if details:
            obj["details"] = details
        lines.append(json.dumps(obj, ensure_ascii=False))
    csv_path.with_suffix(".jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    csv_path.unlink()


def test_json_lines_books(tmp_path: Path) -> None:
    l = ledger(SAMPLE, seed=5, members=60, years=4, start=date(2016, 1, 1), plant={"paid_twice": 1, "late_claim": 1})
    write_ledger(l, tmp_path / "books")
    for kind in ("members", "contributions", "payouts"):
        _to_jsonl(tmp_path / "books" / f"{kind}.csv")
    (tmp_path / "books" / "ledger.yaml").write_text("fund: " + SAMPLE.fund_id + "\n")
    want = _in_memory(SAMPLE_DIR, tmp_path / "books", tmp_path / "mem")
    for rows in (1, 500):
        assert _streamed(SAMPLE_DIR, tmp_path / "books", tmp_path / f"out-{rows}", partition_rows=rows) == want


PAYOUT_HEAD = "payout_id,member_id,benefit,event_date,end_date,filed_on,paid_on,units,children,amount,event_ref\n"


@pytest.mark.parametrize("seed", range(25))
def test_duplicates_across_partitions_match_the_whole_ledger(tmp_path: Path, seed: int) -> None:
    """Payouts repeated by member and date, by event_ref across members, and both at once, in any filing
    order: streamed with one member a partition, the paid_twice findings are those of the whole ledger."""
    rng = random.Random(seed)
    rows = []
    for i in range(rng.randint(6, 18)):
        mid = rng.choice(["M1", "M2", "M3"])
        benefit = rng.choice(["birth", "hospital"])
        ev = date(2017, 5, rng.choice([1, 2]))
        filed = date(2017, 5, rng.randint(3, 9))
        ref = rng.choice(["", "", "R1", "R2"])
        if benefit == "birth":
            rows.append(f"Q{i:02d},{mid},birth,{ev},,{filed},,,1,1000,{ref}")
        else:
            rows.append(f"Q{i:02d},{mid},hospital,{ev},{date(2017, 5, 4)},{filed},,,,400,{ref}")
    books = hand_ledger(tmp_path / "books")
    (books / "payouts.csv").write_text(PAYOUT_HEAD + "\n".join(rows) + "\n")
    want = _in_memory(REGS, books, tmp_path / "mem")
    got = _streamed(REGS, books, tmp_path / "out", partition_rows=1)
    assert got == want
    twice = sum(1 for line in want["findings.csv"].decode().splitlines() if ",paid_twice," in line)
    assert twice == json.loads(want["findings.json"])["totals"]["findings"]["paid_twice"]


def test_the_cli_streams_and_writes_the_same_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    books = hand_ledger(tmp_path / "books")
    want = _in_memory(REGS, books, tmp_path / "mem")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    assert main(["replay", "--regulations", str(REGS), "--ledger", str(books), "--out", str(tmp_path / "out"),
                 "--tmp-dir", str(tmp)]) == 0
    assert {n: (tmp_path / "out" / n).read_bytes() for n in OUTPUTS} == want
    assert _listing(tmp) == []
    assert capsys.readouterr().out.splitlines()[-2].split() == [
        "total", "14", "5", "1", "1", "2", "2", "0", "1", "2", "11600", "8400", "2700", "200"]


def test_skip_bad_rows_streamed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    books = hand_ledger(tmp_path / "books")
    (books / "members.csv").write_text(MEMBERS + "M5,1950-13-01,male,2016-01-10,,,\n")
    with open(books / "contributions.csv", "a") as f:
        f.write("M5,2016-01-10,30,2016-01\nM5,2016-02-10,30,2016-02\nM1,2016-03-05,x,2016-03\n")
    with open(books / "payouts.csv", "a") as f:
        f.write("P15,M5,hospital,2016-08-01,2016-08-02,,,,,200,,\n"
                "P01,M2,hospital,2016-09-01,2016-09-02,,,,,200,,\n"
                "P16,M9,hospital,2016-09-01,2016-09-02,,,,,200,,\n")
    reg, led = load_for_replay(REGS, books, skip_bad_rows=True)
    want_skipped = [(Path(p.file).name, p.line, p.code) for p in led.skipped]
    assert want_skipped == [("contributions.csv", 124, "money-syntax"),
                            ("contributions.csv", None, "ledger-skipped-member"),
                            ("members.csv", 6, "bad-date"),
                            ("payouts.csv", 16, "ledger-skipped-member"),
                            ("payouts.csv", 17, "ledger-duplicate-id"),
                            ("payouts.csv", 18, "unknown-member")]
    want = _in_memory(REGS, books, tmp_path / "mem", skip_bad_rows=True)
    for rows in (1, 50_000):
        reg, sl = open_for_replay(REGS, books, skip_bad_rows=True, partition_rows=rows)
        with sl:
            assert [(Path(p.file).name, p.line, p.code) for p in sl.skipped] == want_skipped
            assert sl.n_payouts == len(led.payouts) == 14
        assert _streamed(REGS, books, tmp_path / f"out-{rows}", skip_bad_rows=True, partition_rows=rows) == want
    assert main(["replay", "--regulations", str(REGS), "--ledger", str(books), "--skip-bad-rows"]) == 0
    assert capsys.readouterr().err.splitlines()[0] == "skipped 6 bad row(s):"


# ---------------------------------------------------------------------------------------------- nothing left behind
def test_bad_rows_in_the_last_file_leave_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    l = ledger(SAMPLE, seed=3, members=80, years=5, start=date(2016, 1, 1))
    write_ledger(l, tmp_path / "books")
    pfile = tmp_path / "books" / "payouts.csv"
    lines = pfile.read_text().splitlines()
    first = lines[1].split(",")
    first_id = first[0]
    n = len(lines)
    # a payout with a third decimal, and one that repeats the first payout's id, at the end of the last file read
    bad = [",".join(["X1"] + first[1:9] + ["1.005"] + first[10:]), ",".join([first_id] + lines[2].split(",")[1:])]
    pfile.write_text("\n".join(lines + bad) + "\n")
    with pytest.raises(InputError) as mem:
        read_ledger(tmp_path / "books", periods={"month"})
    assert [(Path(p.file).name, p.line, p.col, p.code) for p in mem.value.problems] == [
        ("payouts.csv", n + 1, 10, "money-precision"), ("payouts.csv", n + 2, 1, "ledger-duplicate-id")]
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    for rows in (1, 100, 50_000):
        with pytest.raises(InputError) as st:
            stream_ledger(tmp_path / "books", periods={"month"}, partition_rows=rows, tmp_dir=tmp)
        assert [p.to_dict() for p in st.value.problems] == [p.to_dict() for p in mem.value.problems]
        assert _listing(tmp) == []
    out = tmp_path / "out"
    assert main(["replay", "--regulations", str(SAMPLE_DIR), "--ledger", str(tmp_path / "books"), "--out", str(out),
                 "--tmp-dir", str(tmp)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{pfile}:{n + 1}:10 money-precision money has more than 2 decimal places (1.005)",
        f"{pfile}:{n + 2}:1 ledger-duplicate-id payout id '{first_id}' appears twice (first at line 2)"]
    assert not out.exists() and _listing(tmp) == []


def test_an_interruption_leaves_the_old_outputs_and_no_temp_files(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    books = hand_ledger(tmp_path / "books")
    out = tmp_path / "out"
    out.mkdir()
    (out / "findings.csv").write_bytes(b"old\n")
    tmp = tmp_path / "tmp"
    tmp.mkdir()

    def stop(total: int):  # type: ignore[no-untyped-def]
        def tick(done: int) -> None:
            if done >= 3:
                raise KeyboardInterrupt
        return tick

    with pytest.raises(KeyboardInterrupt):
        replay_to(REGS, books, out, partition_rows=1, tmp_dir=tmp, progress=stop)
    assert _listing(out) == ["findings.csv"] and (out / "findings.csv").read_bytes() == b"old\n"
    assert _listing(tmp) == []

    real = replay_mod._merged

    def broken(runs, tmp_dir):  # type: ignore[no-untyped-def]
        for i, r in enumerate(real(runs, tmp_dir)):
            if i == 5:
                raise KeyboardInterrupt
            yield r

    monkeypatch.setattr(replay_mod, "_merged", broken)
    with pytest.raises(KeyboardInterrupt):
        replay_to(REGS, books, out, partition_rows=1, tmp_dir=tmp)
    assert _listing(out) == ["findings.csv"] and (out / "findings.csv").read_bytes() == b"old\n"
    assert _listing(tmp) == []


# ---------------------------------------------------------------------------------------------- memory shape
def test_rows_held_at_once_do_not_grow_with_the_years(tmp_path: Path) -> None:
    """The same 60 members over 4 and 8 years: the instalments double, the most held at once does not."""
    held = []
    for years in (4, 8):
        l = ledger(SAMPLE, seed=2, members=60, years=years, start=date(2016, 1, 1), age_profile="young")
        books = tmp_path / f"books-{years}"
        write_ledger(l, books)
        n = sum(len(m.contributions) for m in l.members)
        size = (books / "contributions.csv").stat().st_size
        with stream_ledger(books, partition_rows=300) as sl:
            assert sl.counts["contributions"] == n
            # pass 1: the members' arrays go to the partition files every max(300, 8 per member) rows read
            assert sl.stats["flush_rows"] == 480
            assert sl.stats["pass1_max_instalments"] == 480
            assert sl.partitions == min(60, -(-(size // 24) // 300))
            for p in range(sl.partitions):
                sl.partition(p)
                sl.release(p)
            held.append((n, sl.stats["pass1_max_instalments"], sl.stats["partition_max_instalments"]))
    (n4, p4, q4), (n8, p8, q8) = held
    assert n8 > 1.8 * n4
    assert p4 == p8 == 480
    assert q4 <= 450 and q8 <= 450  # partitions cut by member count from the file size: about 300 rows


def test_an_unreadable_register_with_skip_bad_rows(tmp_path: Path) -> None:
    """Every payout is then of an unknown member: listed as skipped by both readers, none judged (the in-memory
    replay used to stop with a KeyError)."""
    books = hand_ledger(tmp_path / "books")
    (books / "members.csv").write_text("member_id,birth_date,sexx,joined\n")
    reg, led = load_for_replay(REGS, books, skip_bad_rows=True)
    listed = [(Path(p.file).name, p.line, p.col, p.code) for p in led.skipped]
    assert listed == [("members.csv", 1, 1, "ledger-missing-column"), ("members.csv", 1, 3, "ledger-unknown-column")] \
        + [("payouts.csv", line, 2, "unknown-member") for line in range(2, 16)]
    assert led.payouts == []
    want = _in_memory(REGS, books, tmp_path / "mem", skip_bad_rows=True)
    assert json.loads(want["findings.json"])["totals"]["payouts"] == 0
    res = replay_to(REGS, books, tmp_path / "out", skip_bad_rows=True, partition_rows=1)
    assert [(Path(p.file).name, p.line, p.col, p.code) for p in res.skipped] == listed
    assert {n: (tmp_path / "out" / n).read_bytes() for n in OUTPUTS} == want
