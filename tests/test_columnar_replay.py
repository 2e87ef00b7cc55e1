"""A replay judged by the columnar engine writes the same bytes as one judged member by member.

``Replayer`` uses the columnar engine whenever numpy is installed; ``Replayer(reg, columnar=False)`` is the member
judge of before.  Over synthetic books of every bundled regulation with every kind of planted mistake, B.E. and C.E.
books, a hand ledger with year-only register dates and links between members, the three output files must be
identical.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("numpy")
pytest.importorskip("pyarrow")

from swf_rules import load_regulation  # noqa: E402
from swf_rules.audit import Replayer, load_for_replay, open_for_replay, write_outputs  # noqa: E402
from swf_rules.books.parquet import write_parquet  # noqa: E402
from swf_rules.synth import PLANT_KINDS, ledger, write_ledger  # noqa: E402

from test_audit_replay import hand_ledger  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
REGS = ROOT / "regulations"
SAMPLE_DIR = ROOT / "tests" / "audit"
OUTPUTS = ("findings.csv", "findings.json", "summary.csv")


def _files(out: Path) -> dict[str, bytes]:
    return {n: (out / n).read_bytes() for n in OUTPUTS}


def _both(regs: Path, books: Path, out: Path, rows: int = 50_000) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The outputs without the columnar engine anywhere, and with it (columnar books, columnar judging); each
    streamed and in memory alike."""
    got = {}
    for columnar in (False, True):
        reg, led = load_for_replay(regs, books)
        write_outputs(Replayer(reg, columnar=columnar).run(led), out / f"mem-{columnar}")
        reg, sled = open_for_replay(regs, books, partition_rows=rows, columnar=columnar)
        with sled:
            assert sled.stats.get("columnar_books", 0) == int(columnar and books.name != "hand")
            Replayer(reg, columnar=columnar).run_partitioned(sled, out / f"stream-{columnar}")
        assert _files(out / f"mem-{columnar}") == _files(out / f"stream-{columnar}")
        got[columnar] = _files(out / f"mem-{columnar}")
    return got[False], got[True]


@pytest.mark.parametrize("name,seed", [("chamung", 1), ("umong", 2), ("thaytalad", 3), ("template", 4)])
def test_columnar_replay_writes_the_member_judges_bytes(tmp_path: Path, name: str, seed: int) -> None:
    reg = load_regulation(REGS / f"{name}.yaml")
    kinds = [k for k in PLANT_KINDS if k != "late_claim" or any(b.deadline for v in reg.versions for b in v.benefits)]
    try:
        l = ledger(reg, seed=seed, members=150, years=6, start=date(2016, 1, 1), plant={k: 1 for k in kinds})
    except Exception:  # a regulation on which some mistake cannot be planted: plant the ones that can
        l = ledger(reg, seed=seed, members=150, years=6, start=date(2016, 1, 1), plant={"paid_twice": 1})
    write_ledger(l, tmp_path / "books", "buddhist" if seed % 2 else "gregorian")
    old, new = _both(REGS, tmp_path / "books", tmp_path, rows=2_000)
    assert new == old
    write_parquet(tmp_path / "books", tmp_path / "parquet")
    assert _both(REGS, tmp_path / "parquet", tmp_path / "pq", rows=3_000) == (old, old)


@pytest.mark.parametrize("seed", range(2))
def test_sample_fund_with_every_plant(tmp_path: Path, seed: int) -> None:
    reg = load_regulation(SAMPLE_DIR / "sample_fund.yaml")
    l = ledger(reg, seed=seed, members=90, years=5, start=date(2016, 1, 1), plant={k: 1 for k in PLANT_KINDS},
               age_profile="young")
    write_ledger(l, tmp_path / "books")
    old, new = _both(SAMPLE_DIR, tmp_path / "books", tmp_path, rows=600)
    assert new == old


def test_hand_ledger_with_placeholders(tmp_path: Path) -> None:
    books = hand_ledger(tmp_path / "books")
    old, new = _both(REGS, books, tmp_path / "a", rows=2)
    assert new == old
    members = (books / "members.csv").read_text().replace("2017-03-01,died,2017-03-01", "2017,died,2017")
    (books / "members.csv").write_text(members)
    old, new = _both(REGS, books, tmp_path / "b", rows=1)
    assert new == old


@pytest.mark.parametrize("name", ["chamung", "umong", "template"])
def test_fund_status_is_the_same_from_columns(tmp_path: Path, name: str) -> None:
    from swf_rules.audit import fund_status
    reg = load_regulation(REGS / f"{name}.yaml")
    l = ledger(reg, seed=9, members=150, years=8, start=date(2015, 1, 1))
    write_ledger(l, tmp_path / "books")
    r, led = load_for_replay(REGS, tmp_path / "books")
    for as_of in (date(2015, 6, 30), date(2019, 9, 30), date(2022, 12, 31)):
        assert fund_status(r, led, as_of, columnar=True) == fund_status(r, led, as_of, columnar=False)


def test_fund_status_of_the_hand_ledger_with_placeholders(tmp_path: Path) -> None:
    from swf_rules.audit import fund_status
    books = hand_ledger(tmp_path / "books")
    members = (books / "members.csv").read_text().replace("2017-03-01,died,2017-03-01", "2017,died,2017")
    (books / "members.csv").write_text(members)
    r, led = load_for_replay(REGS, books)
    for as_of in (date(2016, 2, 1), date(2017, 6, 1), date(2019, 1, 1)):
        assert fund_status(r, led, as_of, columnar=True) == fund_status(r, led, as_of, columnar=False)


def _irregular(members: list, seed: int) -> list:  # type: ignore[type-arg]
    """The members with irregular instalments added (kept as recorded, each a notice): a repeat of a row, one
    after the member's death, one before they joined, one after a spell ended."""
    import random
    from datetime import timedelta

    from swf_rules.core.history import Contribution
    rng = random.Random(seed)
    out = []
    for m in members:
        cs = list(m.contributions)
        k = rng.random()
        if cs and k < 0.1:
            cs.append(cs[rng.randrange(len(cs))])
        elif cs and k < 0.3 and m.died_on is not None:
            cs.append(Contribution(date=m.died_on + timedelta(days=20), amount=cs[-1].amount, covers=cs[-1].covers))
        elif cs and k < 0.4:
            first = min(m.spells, key=lambda s: s.start)
            cs.append(Contribution(date=first.start - timedelta(days=3), amount=cs[0].amount, covers=cs[0].covers))
        elif cs and k < 0.6 and any(s.end is not None and s.end_reason != "died" for s in m.spells):
            s = next(s for s in m.spells if s.end is not None and s.end_reason != "died")
            cs.append(Contribution(date=s.end + timedelta(days=40), amount=cs[-1].amount, covers=cs[-1].covers))
        out.append(m.model_copy(update={"contributions": cs}))
    return out


@pytest.mark.parametrize("name,seed", [("chamung", 5), ("umong", 6)])
def test_irregular_instalments_are_read_in_columns_with_the_same_notices(tmp_path: Path, name: str,
                                                                        seed: int) -> None:
    """Instalments after death, before joining, between spells and repeated are kept with a notice each: the
    columnar reader keeps them too, with the checking reader's notices at the same rows (CSV and Parquet), and
    the findings are the same bytes."""
    import json
    reg = load_regulation(REGS / f"{name}.yaml")
    l = ledger(reg, seed=seed, members=150, years=6, start=date(2016, 1, 1), plant={"paid_twice": 1})
    l.members = _irregular(l.members, seed)
    write_ledger(l, tmp_path / "books")
    old, new = _both(REGS, tmp_path / "books", tmp_path, rows=3_000)
    assert new == old
    notices = json.loads(old["findings.json"])["ledger"]["notices"]
    assert {n["code"] for n in notices} == {"contribution-after-death", "contribution-before-membership",
                                            "contribution-outside-membership"}
    assert all(n["file"].endswith("contributions.csv") and n["col"] == 2 for n in notices)
    write_parquet(tmp_path / "books", tmp_path / "parquet")
    pq_old, pq_new = _both(REGS, tmp_path / "parquet", tmp_path / "pq", rows=3_000)
    assert pq_new == pq_old
    pq_notices = json.loads(pq_old["findings.json"])["ledger"]["notices"]
    assert sorted((n["code"], n["value"]) for n in pq_notices) == sorted((n["code"], n["value"]) for n in notices)
    assert all(n["file"].endswith("contributions.parquet") for n in pq_notices)


def test_irregular_instalments_in_a_csv_file_with_empty_lines_go_to_the_checking_reader(tmp_path: Path) -> None:
    """pyarrow skips empty lines: rows and lines differ, so the notices are located by the checking reader."""
    reg = load_regulation(REGS / "chamung.yaml")
    l = ledger(reg, seed=5, members=60, years=4, start=date(2016, 1, 1))
    l.members = _irregular(l.members, 5)
    write_ledger(l, tmp_path / "books")
    path = tmp_path / "books" / "contributions.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(lines[:5] + [""] + lines[5:]), encoding="utf-8")
    want = {}
    for columnar in (False, True):
        r, led = open_for_replay(REGS, tmp_path / "books", columnar=columnar)
        with led:
            assert led.stats.get("columnar_books", 0) == 0
            Replayer(r, columnar=columnar).run_partitioned(led, tmp_path / f"out-{columnar}")
        want[columnar] = _files(tmp_path / f"out-{columnar}")
    assert want[True] == want[False]


def test_the_register_is_given_back_to_the_collector(tmp_path: Path) -> None:
    """The replay keeps the register out of the cyclic collector's walks while it judges (gc.freeze), and gives
    it back after, also when the judging fails."""
    import gc
    reg = load_regulation(REGS / "chamung.yaml")
    write_ledger(ledger(reg, seed=3, members=40, years=3, start=date(2016, 1, 1)), tmp_path / "books")
    assert gc.get_freeze_count() == 0
    r, led = open_for_replay(REGS, tmp_path / "books", partition_rows=500)
    with led:
        Replayer(r).run_partitioned(led, tmp_path / "out")
    assert gc.get_freeze_count() == 0
    r, led = open_for_replay(REGS, tmp_path / "books", partition_rows=500)
    with led, pytest.raises(ZeroDivisionError):
        Replayer(r).run_partitioned(led, tmp_path / "out2", progress=lambda done: 1 / 0)
    assert gc.get_freeze_count() == 0
