"""The fund's status and the member review are the same whether every member's facts come from the columnar engine
(numpy installed: the default) or from one core ``MemberState`` per member: every figure, every row, every text.

Synthetic books of several regulations with planted book and register mistakes (lapses and deaths the register
does not show, arrears), irregular instalments, the hand ledger with year-only register dates, CSV and Parquet
books, on several days (each fiscal year's windows, a period, the matching's counting days).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("numpy")
pytest.importorskip("pyarrow")

from swf_rules import load_regulation  # noqa: E402
from swf_rules.audit import load_for_replay  # noqa: E402
from swf_rules.books.parquet import write_parquet  # noqa: E402
from swf_rules.reports import fund_status, review_members  # noqa: E402
from swf_rules.synth import add_accounts, ledger, write_ledger  # noqa: E402

from test_audit_replay import hand_ledger  # noqa: E402
from test_columnar_replay import _irregular  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
REGS = ROOT / "regulations"
BOOK_PLANT = {"matching_twice": 1, "lapse_unrecorded": 3, "death_unrecorded": 2, "beneficiary_missing": 1}


def _same(reg, led, as_of: date, since: date | None = None) -> tuple[dict, dict]:  # type: ignore[no-untyped-def]
    a = fund_status(reg, led, as_of, since, columnar=True)
    b = fund_status(reg, led, as_of, since, columnar=False)
    assert a.to_dict() == b.to_dict()
    assert a.render("th") == b.render("th") and a.csv_rows() == b.csv_rows()
    r1, r2 = review_members(reg, led, as_of, columnar=True), review_members(reg, led, as_of, columnar=False)
    assert r1.to_dict() == r2.to_dict()
    assert r1.render("en") == r2.render("en")
    return a.to_dict(), r1.to_dict()


@pytest.mark.parametrize("name,seed", [("chamung", 21), ("umong", 22), ("template", 23)])
def test_status_and_review_are_the_same_from_columns(tmp_path: Path, name: str, seed: int) -> None:
    reg = load_regulation(REGS / f"{name}.yaml")
    start = date(2016, 10, 1)
    l = ledger(reg, seed=seed, members=140, years=6, start=start)
    add_accounts(l, seed=seed, start=start, years=6, plant=BOOK_PLANT)
    l.members = _irregular(l.members, seed)
    write_ledger(l, tmp_path / "books")
    r, led = load_for_replay(REGS, tmp_path / "books")
    kinds = set()
    for as_of, since in ((date(2017, 3, 31), None), (date(2019, 9, 30), date(2019, 1, 1)),
                         (date(2022, 9, 29), None), (date(2023, 2, 14), date(2022, 10, 15))):
        status, review = _same(r, led, as_of, since)
        kinds |= {k for k, n in review["counts"].items() if n}
    # the review found every kind of row the columnar path answers from the statuses alone, reads in detail
    # (lapses) or decides all at once (the elderly allowance)
    assert sorted(kinds) == sorted(["allowance_due", "arrears", "beneficiary_missing", "dead_on_register",
                                    "lapsed_on_register"] + (["about_to_lapse"] if name != "chamung" else []))
    write_parquet(tmp_path / "books", tmp_path / "parquet")  # Parquet books: the same report
    r2, led2 = load_for_replay(REGS, tmp_path / "parquet")
    assert fund_status(r2, led2, date(2022, 9, 29)).to_dict()["windows"] == \
        fund_status(r, led, date(2022, 9, 29), columnar=False).to_dict()["windows"]


def test_year_only_register_dates(tmp_path: Path) -> None:
    books = hand_ledger(tmp_path / "books")
    members = (books / "members.csv").read_text().replace("2017-03-01,died,2017-03-01", "2017,died,2017")
    (books / "members.csv").write_text(members)
    r, led = load_for_replay(REGS, books)
    got = {}
    for as_of in (date(2016, 2, 1), date(2017, 6, 1), date(2019, 1, 1)):
        status, _ = _same(r, led, as_of)
        m = status["windows"][-1]["members"]
        got[as_of.year] = (m["with_placeholder_dates"], m["by_status"]["active"], m["by_status"]["dead"])
    assert got == {2016: (2, 4, 0), 2017: (2, 3, 1), 2019: (2, 3, 1)}
