"""Language version 2 in the parts built on the core since it was written: a fund's books (every instalment period
a schedule may have), the reports (status, member review, passbooks) on a regulation whose schedule says what
counts as paid, and the synthetic funds that feed the cost of a draft, the projection and the workbench.

The member of issue 12 pays 30 baht a month toward "365 a year"; her regulation says 360 paid by 31 March counts
as the year paid.  Read from the books, she is in good standing: no arrears, no lapse, every year ``paid``.  Under
the version-1 wording of the same fund ("365 a year", 90 grace days) the same books lapse her.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from swf_rules.audit import load_for_replay
from swf_rules.books import read_ledger
from swf_rules.books.records import period_code, period_kind, period_text
from swf_rules.core.errors import InputError
from swf_rules.core.schedules import PERIODS, bounds, index_of
from swf_rules.reports import fund_status, review_members, statements

from v2_helpers import BENEFITS, HEAD

ROOT = Path(__file__).resolve().parents[1]


def _text(language: str, fund: str, contribution: str, grace: str = "") -> str:
    """A one-version regulation (tests/v2_helpers.py's) whose membership has this contribution schedule."""
    membership = (f'    membership:\n      clause: "ข้อ 5"\n      contribution: {contribution}\n      starts: approval\n'
                  f"      lapse_after: {{total: 3}}\n" + (f"      grace_days: {grace}\n" if grace else ""))
    return HEAD.format(language=language, fund_id=fund) + membership + BENEFITS


YEARLY_TOTAL = ("{amount: 365, period: year, stated: {amount: 1, per: day}, counts_as_paid: yearly_total, "
                "yearly_total: 360, due: {of: next_year, month: 3, day: 31}}")
AS_OF = date(2024, 6, 30)
MEMBERS = ("member_id,birth_date,sex,joined,left,left_reason,died_on\n"
           "M001,1970-01-01,female,2019-01-02,,,\nM002,1971-01-01,male,2019-01-02,,,\n")
PAYOUTS = "payout_id,member_id,benefit,event_date,end_date,filed_on,paid_on,units,children,amount,event_ref\n"


def _fund(tmp: Path, regulation: str, contributions: list[str], members: str = MEMBERS,
          fund: str = "nong-phai") -> tuple[Path, Path]:
    regs, books = tmp / "regs", tmp / "books"
    regs.mkdir()
    books.mkdir()
    (regs / "nong-phai.yaml").write_text(regulation, encoding="utf-8")
    (books / "members.csv").write_text(members, encoding="utf-8")
    (books / "contributions.csv").write_text("member_id,date,amount,covers\n" + "".join(r + "\n" for r in contributions),
                                             encoding="utf-8")
    (books / "payouts.csv").write_text(PAYOUTS, encoding="utf-8")
    (books / "ledger.yaml").write_text(f"fund: {fund}\n", encoding="utf-8")
    return regs, books


def _thirty_a_month(member: str, months: int) -> list[str]:
    """``months`` payments of 30 a year, on the 5th, each covering the year (2019-2023)."""
    return [f"{member},{y}-{m:02d}-05,30,{y}" for y in range(2019, 2024) for m in range(1, months + 1)]


@pytest.fixture(scope="module")
def yearly_total(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """M001 pays 30 x 12 every year (360: the year counts as paid), M002 30 x 11 (330: it does not)."""
    regs, books = _fund(tmp_path_factory.mktemp("yearly-total"),
                        _text("swf-rules/2", "nong-phai", YEARLY_TOTAL),
                        _thirty_a_month("M001", 12) + _thirty_a_month("M002", 11))
    return load_for_replay(regs, books)


def test_the_review_does_not_put_a_member_paying_30_x_12_in_arrears(yearly_total) -> None:  # type: ignore[no-untyped-def]
    reg, led = yearly_total
    assert [(r.kind, r.member_id, r.clause) for r in review_members(reg, led, AS_OF).rows] == [
        ("lapsed_on_register", "M002", "ข้อ 5")]


def test_her_passbook_marks_every_year_paid_by_its_deadline(yearly_total) -> None:  # type: ignore[no-untyped-def]
    reg, led = yearly_total
    m1, m2 = statements(reg, led, AS_OF).passbooks
    assert (m1.status, m1.arrears) == ("active", 0)
    assert [(i.period, i.deadline.isoformat(), i.paid_on and i.paid_on.isoformat(), str(i.amount), i.mark)
            for i in m1.spells[0].instalments] == [
        ("2019", "2020-03-31", "2019-12-05", "360", "paid"), ("2020", "2021-03-31", "2020-12-05", "360", "paid"),
        ("2021", "2022-03-31", "2021-12-05", "360", "paid"), ("2022", "2023-03-31", "2022-12-05", "360", "paid"),
        ("2023", "2024-03-31", "2023-12-05", "360", "paid"), ("2024", "2025-03-31", None, "0", "due")]
    assert (m2.status, m2.arrears, m2.spells[0].lapsed_on) == ("lapsed", 3, date(2022, 4, 1))
    assert [(i.period, str(i.amount), i.mark) for i in m2.spells[0].instalments] == [
        ("2019", "330", "missed"), ("2020", "330", "missed"), ("2021", "330", "missed")]


def test_the_status_counts_her_instalments_paid_and_no_arrears(yearly_total) -> None:  # type: ignore[no-untyped-def]
    reg, led = yearly_total
    total = fund_status(reg, led, AS_OF).to_dict()["windows"][-1]
    assert (total["label"], total["collection"], total["arrears"]) == ("cumulative", {
        "due": 8, "paid": 5, "on_time": 5, "amount_due": "2920", "amount_paid": "1825", "rate": "0.6250",
        "on_time_rate": "0.6250"}, {"members": 0, "instalments": 0, "amount": "0"})
    assert (total["members"]["by_status"], total["members"]["left"]) == ({
        "active": 1, "suspended": 0, "lapsed": 1, "resigned": 0, "expelled": 0, "dead": 0}, {"lapsed": 1})


def test_the_version_1_wording_of_the_same_fund_lapses_her(tmp_path: Path) -> None:
    regs, books = _fund(tmp_path, _text("swf-rules/1", "nong_phai", "{amount: 365, period: year}", "90"),
                        _thirty_a_month("M001", 12) + _thirty_a_month("M002", 11), fund="nong_phai")
    reg, led = load_for_replay(regs, books)
    assert [(r.kind, r.member_id) for r in review_members(reg, led, AS_OF).rows] == [
        ("lapsed_on_register", "M001"), ("lapsed_on_register", "M002")]
    m1 = statements(reg, led, AS_OF, ["M001"]).passbooks[0]
    assert (m1.status, [i.mark for i in m1.spells[0].instalments]) == ("lapsed", ["missed", "missed", "missed"])


# ---------------------------------------------------------------------------------------------- the books' periods
SEVERAL = "{amount: 7, period: week, alternatives: [{amount: 180, period: half_year}, {amount: 1, period: day}]}"
THREE = MEMBERS + "M003,1972-01-01,male,2023-01-02,,,\n"


def test_the_books_read_every_period_a_schedule_may_have(tmp_path: Path) -> None:
    regs, books = _fund(tmp_path, _text("swf-rules/2", "nong-phai", SEVERAL),
                        ["M001,2019-01-09,7,2019-W02", "M001,2019-01-16,7,2019-w3", "M002,2019-02-01,180,2019-H1",
                         "M002,2019-08-01,180,2019-h2", "M003,2023-01-02,1,2023-1-2", "M003,2023-01-03,1,๒๐๒๓-๐๑-๐๓"],
                        THREE)
    reg, led = load_for_replay(regs, books)
    assert {mid: [(c.date.isoformat(), c.covers) for c in rec.contributions()] for mid, rec in led.members.items()} == {
        "M001": [("2019-01-09", "2019-W02"), ("2019-01-16", "2019-W03")],
        "M002": [("2019-02-01", "2019-H1"), ("2019-08-01", "2019-H2")],
        "M003": [("2023-01-02", "2023-01-02"), ("2023-01-03", "2023-01-03")]}
    m2, m3 = statements(reg, led, date(2023, 1, 3), ["M002", "M003"]).passbooks
    assert [(i.period, i.mark) for i in m2.spells[0].instalments[:3]] == [
        ("2019-H1", "paid"), ("2019-H2", "paid"), ("2020-H1", "missed")]
    assert [(i.period, i.mark) for i in m3.spells[0].instalments] == [("2023-01-02", "paid"), ("2023-01-03", "paid")]


def test_buddhist_era_period_keys_in_the_books(tmp_path: Path) -> None:
    regs, books = _fund(tmp_path, _text("swf-rules/2", "nong-phai", SEVERAL),
                        ["M001,2562-01-09,7,2562-W02", "M002,2562-02-01,180,๒๕๖๒-H1"])
    (books / "ledger.yaml").write_text("fund: nong-phai\nfiles:\n  contributions: {path: contributions.csv, "
                                       "calendar: buddhist}\n", encoding="utf-8")
    reg, led = load_for_replay(regs, books)
    assert [c.covers for m in ("M001", "M002") for c in led.members[m].contributions()] == ["2019-W02", "2019-H1"]


def test_a_period_the_books_cannot_hold_is_located(tmp_path: Path) -> None:
    regs, books = _fund(tmp_path, _text("swf-rules/2", "nong-phai", SEVERAL),
                        ["M001,2020-12-28,7,2020-W53", "M001,2021-12-28,7,2021-W53", "M001,2023-02-28,1,2023-02-30",
                         "M001,2023-03-01,7,2023-H3", "M001,2023-03-01,30,2023-03"])
    with pytest.raises(InputError) as e:
        load_for_replay(regs, books)
    assert [(p.code, p.line, p.col) for p in e.value.problems] == [
        ("ledger-bad-period", 3, 4), ("ledger-bad-period", 4, 4), ("ledger-bad-period", 5, 4),
        ("contribution-period", 6, 4)]  # 2020 has an ISO week 53, 2021 has not
    assert e.value.problems[-1].message_en == ("contribution covers '2023-03' but the schedule is daily or weekly or "
                                               "half-yearly; write YYYY-MM-DD or YYYY-Www or YYYY-H1")


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PERIODS), st.dates(date(1900, 1, 1), date(2200, 12, 31)))
def test_each_period_has_its_own_code(period: str, day: date) -> None:
    key = bounds(period, index_of(period, day))[2]
    code = period_code(key)
    assert (period_text(code), period_kind(code), -2**31 < code < 2**31) == (key, period, True)


def test_a_ledger_with_a_weekly_schedule_is_read_and_written(tmp_path: Path) -> None:
    """Synthetic books of a weekly fund: written with week keys, read back, replayed with nothing found."""
    from swf_rules import load_regulation
    from swf_rules.audit import replay
    from swf_rules.synth import ledger, write_ledger
    regs, _ = _fund(tmp_path, _text("swf-rules/2", "nong-phai", SEVERAL),
                    [])
    reg = load_regulation(regs / "nong-phai.yaml")
    write_ledger(ledger(reg, seed=5, members=30, years=2, start=date(2021, 1, 4)), tmp_path / "weekly")
    reg, led = load_for_replay(regs, tmp_path / "weekly")
    keys = [c.covers for rec in led.members.values() for c in rec.contributions()]
    assert (len(keys), {len(k) for k in keys}, keys[:2]) == (2138, {8}, ["2021-W01", "2021-W02"])
    assert sorted({f.finding for f in replay(reg, led).findings}) == ["supported"]


# ---------------------------------------------------------------------------------------------- synthetic funds
def test_synthetic_claims_carry_what_a_v2_benefit_asks_for() -> None:
    """A scholarship for a member's child names the child (phai); bills and levies collected are claim fields."""
    from collections import Counter

    from swf_rules import Engine, load_regulation
    from swf_rules.core.dates import age_on
    from swf_rules.synth import population
    reg = load_regulation(ROOT / "regulations" / "phai.yaml")
    pop = population(reg, seed=3, members=60, years=5, start=date(2020, 10, 1))
    assert [(c.claim_id, c.person.id, c.person.relationship, age_on(c.person.birth_date, c.event_date))
            for c in pop.claims if c.benefit == "scholarship"] == [
        ("C0000024", "M00055-child-2025", "child", 12), ("C0000025", "M00024-child-2025", "child", 18),
        ("C0000026", "M00049-child-2025", "child", 18)]
    assert Counter((d.benefit, d.eligible) for d in Engine(reg).evaluate_batch(pop.members, pop.claims)) == Counter({
        ("hospital", True): 15, ("hospital", False): 5, ("birth", True): 4, ("scholarship", True): 3,
        ("death", True): 2, ("death", False): 1})
    reg = load_regulation(ROOT / "tests" / "fuzz_v2" / "nong-phai.yaml")
    pop = population(reg, seed=3, members=40, years=4, start=date(2020, 10, 1))
    assert Counter(c.benefit for c in pop.claims) == Counter({"hospital": 13, "medical": 13, "death": 3,
                                                              "funeral_aid": 3, "wreath": 3, "birth": 2})
    assert [c.details for c in pop.claims if c.benefit in ("medical", "funeral_aid")][:4] == [
        {"bill": "3864.50"}, {"bill": "2915.50"}, {"bill": "659.00"}, {"collected": "7060"}]
