"""Issue 14: every figure of status, review, statements and the committee review on synthetic books with planted
mistakes, checked against an independent count made here from the CSV files (with this file's own passbook
arithmetic for the monthly 30-baht Chamung rules: lapse after three missed months in a row)."""

from __future__ import annotations

import calendar
import csv
import json
import statistics
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from swf_rules import load_regulation
from swf_rules.audit import load_for_replay
from swf_rules.cli import main
from swf_rules.reports import (CommitteeDecision, committee_review, fund_status, report_json, review_members,
                               statements)
from swf_rules.synth import add_accounts, add_committee, ledger, write_ledger

ROOT = Path(__file__).resolve().parents[1]
REGS = ROOT / "regulations"
START = date(2019, 10, 1)
AS_OF = date(2023, 9, 30)
PLANT = {"overpaid_stay": 1, "waiting_period": 1, "paid_twice": 1, "unknown_benefit": 1}
BOOK_PLANT = {"matching_twice": 1, "transfer_one_sided": 1, "beneficiary_bad_id": 1, "lapse_unrecorded": 2,
              "death_unrecorded": 1, "beneficiary_missing": 2, "beneficiary_duplicate_id": 1}
D1 = timedelta(days=1)


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("reports") / "books"
    l = ledger(load_regulation(REGS / "chamung.yaml"), seed=14, members=160, years=4, start=START, plant=PLANT)
    add_accounts(l, seed=14, start=START, years=4, plant=BOOK_PLANT)
    add_committee(l, seed=14)
    write_ledger(l, d)
    return d


@pytest.fixture(scope="module")
def loaded(books: Path):  # type: ignore[no-untyped-def]
    return load_for_replay(REGS, books)


# ------------------------------------------------------------------------------------------ an independent passbook
def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


class Book:
    """Members' statuses on a day, computed here from members.csv and contributions.csv alone."""

    def __init__(self, books: Path):
        self.members: dict[str, dict] = {}
        for r in _rows(books / "members.csv"):
            m = self.members.setdefault(r["member_id"], {"birth": date.fromisoformat(r["birth_date"]), "spells": [],
                                                         "died": date.fromisoformat(r["died_on"]) if r["died_on"] else None})
            m["spells"].append((date.fromisoformat(r["joined"]), date.fromisoformat(r["left"]) if r["left"] else None,
                                r["left_reason"] or None))
        self.paid: dict[tuple[str, str], date] = {}
        self.contrib: list[tuple[str, date, Decimal]] = []
        sums: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
        for r in sorted(_rows(books / "contributions.csv"), key=lambda r: r["date"]):
            key = (r["member_id"], r["covers"])
            sums[key] += Decimal(r["amount"])
            if sums[key] >= 30 and key not in self.paid:
                self.paid[key] = date.fromisoformat(r["date"])
            self.contrib.append((r["member_id"], date.fromisoformat(r["date"]), Decimal(r["amount"])))

    def periods(self, mid: str, start: date, end: date | None, upto: date) -> list[tuple[date, date | None]]:
        """(deadline, paid on) of a spell's months until the lapse, the spell's end or death, up to ``upto``."""
        died = self.members[mid]["died"]
        out = []
        run = 0
        y, m = start.year, start.month
        while date(y, m, 1) <= upto:
            first = date(y, m, 1)
            if (end is not None and first >= end and not (first == end == start)) or (died is not None and first > died):
                break
            dl = _month_end(y, m)
            pon = self.paid.get((mid, f"{y:04d}-{m:02d}"))
            out.append((dl, pon))
            run = run + 1 if (pon is None or pon > dl) else 0
            if run == 3:
                break
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def status(self, mid: str, d: date) -> tuple[str, int, tuple | None]:
        mem = self.members[mid]
        if mem["died"] is not None and d > mem["died"]:
            return "dead", 0, None
        last = None
        for s in mem["spells"]:
            if s[0] <= d:
                last = s
        if last is None:
            return "not_member", 0, None
        ps = self.periods(mid, last[0], last[1], d)
        lapse = None
        run = 0
        for dl, pon in ps:
            run = run + 1 if (pon is None or pon > dl) else 0
            if run == 3:
                lapse = dl + D1
        end = last[1]
        if lapse is not None and (end is None or lapse < end) and d >= lapse:
            return "lapsed", 0, last
        if end is not None and d >= end and not (last[2] == "died" and d == end):
            return {"died": "dead", "resigned": "resigned", "lapsed": "lapsed", "expelled": "expelled"}[last[2]], 0, last
        arrears = sum(1 for dl, pon in ps if dl < d and (pon is None or pon > d))
        return "active", arrears, last


@pytest.fixture(scope="module")
def book(books: Path) -> Book:
    return Book(books)


# ------------------------------------------------------------------------------------------ status
def test_status_members_and_arrears_match_an_independent_passbook(loaded, book: Book) -> None:  # type: ignore[no-untyped-def]
    reg, led = loaded
    s = fund_status(reg, led, AS_OF, count_on=(3, 1))
    assert [w.label for w in s.windows] == ["2563", "2564", "2565", "2566", "cumulative"]
    for w in s.windows:
        want: Counter[str] = Counter()
        arrears = [0, 0]
        for mid, m in book.members.items():
            if m["spells"][0][0] > w.last:
                continue
            st, arr, _ = book.status(mid, w.last)
            want[st] += 1
            if st == "active" and arr:
                arrears[0] += 1
                arrears[1] += arr
        assert {k: v for k, v in w.members.by_status.items() if v} == dict(want), w.label
        assert (w.arrears.members, w.arrears.instalments, w.arrears.amount) == (
            arrears[0], arrears[1], Decimal(30 * arrears[1])), w.label
    assert s.cumulative.members.to_dict() == {
        "by_status": {"active": 136, "suspended": 0, "lapsed": 13, "resigned": 1, "expelled": 0, "dead": 10},
        "by_age_group": {"children": 13, "working_age": 55, "elderly": 68}, "current": 136, "ever_joined": 160,
        "joined": 161, "left": {"dead": 10, "lapsed": 13, "resigned": 1}, "full_year": 131,
        "with_placeholder_dates": 0}


def test_status_money_matches_the_csv_files(loaded, books: Path) -> None:  # type: ignore[no-untyped-def]
    reg, led = loaded
    s = fund_status(reg, led, AS_OF, count_on=(3, 1))

    def fy(d: date) -> str:
        return str(d.year + 543 + (1 if d.month >= 10 else 0))

    contrib: Counter[str] = Counter()
    for r in _rows(books / "contributions.csv"):
        contrib[fy(date.fromisoformat(r["date"]))] += Decimal(r["amount"])
    welfare: dict[str, Counter[str]] = defaultdict(Counter)
    for r in _rows(books / "payouts.csv"):
        day = date.fromisoformat(r["paid_on"] or r["event_date"])
        if day <= AS_OF:
            welfare[fy(day)][r["benefit"]] += Decimal(r["amount"])
    seen = set()
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for r in _rows(books / "accounts.csv"):
        key = tuple(v for k, v in r.items() if k != "note")
        if key in seen:
            continue  # recorded twice: counted once
        seen.add(key)
        if date.fromisoformat(r["date"]) <= AS_OF:
            kinds[fy(date.fromisoformat(r["date"]))][r["kind"]] += Decimal(r["amount"])
    for w in s.windows[:-1]:
        m = w.money
        assert m.income["members"] == contrib[w.label]
        assert {b: a for b, (_, a) in m.welfare.items()} == dict(welfare[w.label])
        k = kinds[w.label]
        assert (m.income["local_authority"], m.income["government"], m.income["entry_fees"], m.income["donations"],
                m.income["interest"], m.expenses["administration"], m.expenses["other"], m.brought_forward) == (
            k["matching_local"], k["matching_government"], k["entry_fee"], k["donation"], k["interest"],
            k["admin_expense"], k["other_expense"], k["opening_balance"])
        assert w.welfare_share == (m.welfare_total / m.income["members"]).quantize(Decimal("0.0001"))
        assert w.admin_limit == (m.total_in * Decimal("0.2")).quantize(Decimal("0.01"))
    c = s.cumulative
    assert c.money.to_dict()["total_in"] == "425354.11"
    assert (c.money.welfare_total, c.money.total_out, c.closing) == (Decimal("87300"), Decimal("107450"),
                                                                     Decimal("338904.11"))
    assert all(a.closing == b.opening for a, b in zip(s.windows[:-2], s.windows[1:-1]))
    assert s.windows[-2].closing == c.closing
    r = s.reconciliation
    assert r is not None and r.flows_balance == c.closing
    assert [(a.account, a.difference) for a in r.accounts] == [("bank", Decimal("2200")), ("cash", Decimal(0))]
    assert r.unexplained == Decimal("-2200")  # the transfer planted one-sided took 2,200 out of cash for nothing


def test_status_matching_and_collection(loaded, book: Book, books: Path) -> None:  # type: ignore[no-untyped-def]
    reg, led = loaded
    s = fund_status(reg, led, AS_OF, count_on=(3, 1))
    gov = [m for m in s.matching if m.party == "government"]
    for m in gov:
        day = date(m.fiscal_year - 543, 3, 1)
        n = 0
        for mid, mem in book.members.items():
            if mem["spells"][0][0] > day:
                continue
            st, _, sp = book.status(mid, day)
            if st == "active" and sp is not None and date(sp[0].year + 1, sp[0].month, min(sp[0].day, 28)) <= day:
                n += 1
        assert (m.counted_on, m.basis_value, m.requestable) == (day, Decimal(n), Decimal(365 * n))
    assert [(m.fiscal_year, str(m.requestable), str(m.received_total)) for m in gov] == [
        (2563, "0", "0"), (2564, "28835", "28835"), (2565, "40880", "40880"), (2566, "49275", "49275")]
    local = [(m.fiscal_year, str(m.requestable), str(m.received_total), [r.round for r in m.received])
             for m in s.matching if m.party == "local_authority"]
    assert local == [(2563, "0", "0", []), (2564, "27600", "27600", ["2563"]), (2565, "41700", "41700", ["2564"]),
                     (2566, "51180", "51180", ["2565"])]
    due = paid = on_time = 0
    for mid, mem in book.members.items():
        for sp in mem["spells"]:
            if sp[0] > AS_OF:
                continue
            for dl, pon in book.periods(mid, sp[0], sp[1], AS_OF):
                if dl < AS_OF:
                    due += 1
                    paid += pon is not None and pon <= AS_OF
                    on_time += pon is not None and pon <= dl
    col = s.cumulative.collection
    assert (col.due, col.paid, col.on_time, col.amount_due) == (due, paid, on_time, Decimal(30 * due))


def test_status_text_csv_json(loaded) -> None:  # type: ignore[no-untyped-def]
    reg, led = loaded
    s = fund_status(reg, led, AS_OF, count_on=(3, 1))
    th = s.render("th")
    assert th.splitlines()[0] == "สถานะกองทุนสวัสดิการชุมชนตำบลชะมวง ณ วันที่ 30 ก.ย. 2566 (ปีงบประมาณ 2566)"
    body = th.split("ข้อสังเกตจากบัญชี")[0]  # the notices give file paths
    data = {"(funeral_wreath)", "(unknown_benefit)"}  # the id of a benefit the regulation lacks is all there is
    assert [w for w in body.split() if any("a" <= ch.lower() <= "z" for ch in w) and w not in data] == []
    assert s.render("en").splitlines()[0] == (
        "Status of the Chamung Subdistrict Community Welfare Fund (chamung) on 2023-09-30 (fiscal year 2566)")
    rows = s.csv_rows()
    assert rows[0] == ["section", "item", "window", "value"]
    assert ["money_in", "members", "cumulative", "170100"] in rows
    d = json.loads(report_json(s))
    assert d["windows"][-1]["members"]["current"] == 136 and [n["code"] for n in d["notices"]] == [
        "ledger-account-transfer-unbalanced", "ledger-account-balance-mismatch", "ledger-account-duplicate",
        "ledger-national-id-checksum"]


# ------------------------------------------------------------------------------------------ review
def test_review_finds_the_planted_register_mistakes(loaded, books: Path, book: Book) -> None:  # type: ignore[no-untyped-def]
    reg, led = loaded
    r = review_members(reg, led, AS_OF)
    planted = json.loads((books / "planted_review.json").read_text())
    for kind in ("lapsed_on_register", "dead_on_register", "beneficiary_missing", "duplicate_id"):
        assert sorted(x.member_id for x in r.of_kind(kind)) == sorted(p["member_id"] for p in planted
                                                                      if p["kind"] == kind), kind
    bad = json.loads((books / "planted_books.json").read_text())
    bad_ids = [p["value"] for p in bad if p["code"] == "ledger-national-id-checksum"]
    assert [x.facts["national_id"] for x in r.of_kind("beneficiary_bad_id")] == bad_ids
    arrears = {}
    near = []
    for mid, mem in book.members.items():
        if mem["spells"][0][0] > AS_OF:
            continue
        st, arr, sp = book.status(mid, AS_OF)
        if st == "active" and arr:
            arrears[mid] = arr
        if st == "active":
            ps = book.periods(mid, sp[0], sp[1], AS_OF)
            run = 0
            for dl, pon in ps:
                if dl < AS_OF:
                    run = run + 1 if (pon is None or pon > dl) else 0
            if run == 2:
                near.append(mid)
    assert {x.member_id: x.facts["instalments"] for x in r.of_kind("arrears")} == arrears
    assert [x.member_id for x in r.of_kind("about_to_lapse")] == sorted(near)
    elderly_paid = {p["member_id"] for p in _rows(books / "payouts.csv")
                    if p["benefit"] == "elderly" and date(2022, 10, 1) <= date.fromisoformat(p["event_date"]) <= AS_OF}
    due = []
    for mid, mem in book.members.items():
        st, _, sp = book.status(mid, AS_OF) if mem["spells"][0][0] <= AS_OF else ("", 0, None)
        if st != "active":
            continue
        age = AS_OF.year - mem["birth"].year - ((AS_OF.month, AS_OF.day) < (mem["birth"].month, mem["birth"].day))
        tenure = AS_OF.year - sp[0].year - ((AS_OF.month, AS_OF.day) < (sp[0].month, sp[0].day))
        if age >= 60 and tenure >= 3 and mid not in elderly_paid:
            due.append(mid)
    assert [x.member_id for x in r.of_kind("allowance_due")] == sorted(due)
    assert r.counts() == {"arrears": 13, "about_to_lapse": 1, "lapsed_on_register": 2, "dead_on_register": 1,
                          "allowance_due": 6, "beneficiary_missing": 2, "beneficiary_no_id": 0,
                          "beneficiary_bad_id": 1, "duplicate_id": 2, "possible_duplicate_member": 0}
    row = r.of_kind("lapsed_on_register")[0]
    assert (row.clause, row.to_dict()["action"]["th"].startswith("บันทึกการพ้นสมาชิกภาพวันที่")) == ("ข้อ ๖", True)


def test_review_death_known_only_from_the_voucher(loaded) -> None:  # type: ignore[no-untyped-def]
    reg, led = loaded
    from dataclasses import replace
    dead = next(p for p in led.payouts if p.benefit == "death" and p.paid_on and p.paid_on <= AS_OF)
    rec = led.members[dead.member_id]
    led2 = replace(led, members={**led.members, dead.member_id: replace(
        rec, died_on=None, spells=[(s, e if r != "died" else None, r if r != "died" else None) for s, e, r in rec.spells])})
    rows = [x for x in review_members(reg, led2, AS_OF).of_kind("dead_on_register") if x.member_id == dead.member_id]
    assert [x.facts for x in rows] == [{"evidence": "death_payout", "died_on": dead.event_date.isoformat(),
                                        "voucher": dead.payout_id}]


# ------------------------------------------------------------------------------------------ statements
def test_passbooks_add_up(loaded, books: Path) -> None:  # type: ignore[no-untyped-def]
    reg, led = loaded
    s = statements(reg, led, AS_OF)
    contributed: Counter[str] = Counter()
    for r in _rows(books / "contributions.csv"):
        if date.fromisoformat(r["date"]) <= AS_OF:
            contributed[r["member_id"]] += Decimal(r["amount"])
    received: Counter[str] = Counter()
    for r in _rows(books / "payouts.csv"):
        if date.fromisoformat(r["paid_on"] or r["event_date"]) <= AS_OF:
            received[r["member_id"]] += Decimal(r["amount"])
    assert {pb.member_id: pb.contributed for pb in s.passbooks} == {m: contributed[m] for m in led.members}
    assert {pb.member_id: pb.received for pb in s.passbooks if pb.received} == dict(received)
    st = fund_status(reg, led, AS_OF)
    assert sum(pb.count("missed") for pb in s.passbooks) == st.cumulative.collection.due - \
        st.cumulative.collection.paid
    one = statements(reg, led, AS_OF, ["M00009"]).passbooks[0]
    assert [(i.period, i.mark) for i in one.spells[0].instalments[:2]] == [("2019-10", "paid"), ("2019-11", "paid")]


def test_statement_unknown_member_is_a_problem(books: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["statement", "--regulations", str(REGS), "--ledger", str(books), "--as-of", "2023-09-30",
                 "--member", "M99999"]) == 1
    err = capsys.readouterr().err.replace(f"{books}/", "").splitlines()
    # the planted irregular account rows are notices (printed first, the books kept as recorded), then the problem
    assert err[0] == "4 notice(s) (irregular rows, kept as recorded):"
    assert [tuple(line.split()[:2]) for line in err[1:5]] == [
        ("accounts.csv:138:1", "ledger-account-transfer-unbalanced"), ("accounts.csv:145:1", "ledger-account-balance-mismatch"),
        ("accounts.csv:190:1", "ledger-account-duplicate"), ("beneficiaries.csv:113:4", "ledger-national-id-checksum")]
    assert err[5:] == ["<input>:$.member unknown-member no member with id 'M99999'"]


# ------------------------------------------------------------------------------------------ committee review
def test_committee_review_against_the_planted_payouts(loaded, books: Path) -> None:  # type: ignore[no-untyped-def]
    reg, led = loaded
    r = committee_review(reg, led, AS_OF)
    rows = [p for p in _rows(books / "payouts.csv") if date.fromisoformat(p["decided_on"]) <= AS_OF]
    planted = json.loads((books / "planted.json").read_text())
    want = {"overpaid_stay": "over", "waiting_period": "not_entitled", "paid_twice": "twice",
            "unknown_benefit": "unknown"}
    assert {j.decision.claim_id: j.verdict for j in r.total.judged if j.verdict != "as_entitled"} == {
        pid: want[k] for pid, k in planted.items()}
    by_approver = Counter(p["approver"] for p in rows)
    assert {g.key: len(g.judged) for g in r.approvers} == dict(by_approver)
    by_meeting = Counter(p["meeting"] for p in rows)
    assert {g.key: len(g.judged) for g in r.meetings} == dict(by_meeting)
    days = sorted((date.fromisoformat(p["decided_on"]) - date.fromisoformat(p["filed_on"])).days for p in rows)
    assert r.total.to_dict()["days_to_decision"] == {"count": len(days), "median": str(Decimal(str(statistics.median(days)))),
                                                     "max": max(days)}
    assert (r.total.amount, r.total.excess) == (sum(Decimal(p["amount"]) for p in rows), Decimal("1500"))


def test_committee_review_takes_refusals_from_approval_records(loaded) -> None:  # type: ignore[no-untyped-def]
    reg, led = loaded
    m = next(mid for mid, rec in sorted(led.members.items()) if rec.spells[0][0] < date(2020, 1, 1)
             and rec.died_on is None and rec.spells[-1][1] is None)
    refused = [CommitteeDecision("R1", m, "birth", date(2023, 3, 1), "refused", Decimal(0), date(2023, 3, 2),
                                 date(2023, 3, 10), None, "2566/03", "ประธานสมมุติ"),
               CommitteeDecision("R2", m, "scholarship", date(2023, 3, 1), "refused", Decimal(0), date(2023, 3, 2),
                                 date(2023, 3, 10), None, "2566/03", "ประธานสมมุติ")]
    r = committee_review(reg, led, AS_OF, refused)
    assert [(j.decision.claim_id, j.verdict, j.entitled) for j in r.total.judged] == [
        ("R1", "refused_entitled", Decimal("1000")), ("R2", "undetermined", None)]  # a scholarship needs its details
    assert r.total.shortfall == Decimal("1000")


# ------------------------------------------------------------------------------------------ the commands
def test_commands(books: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--regulations", str(REGS), "--ledger", str(books), "--as-of", "be:2566-09-30"]
    assert main(["status", *base, "--count-on", "03-01", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["matching_counted_on"] == "03-01"
    assert main(["review", *base, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "kind,member_id,clause,what_en,action_en,what_th,action_th"
    assert main(["committee-review", *base, "--lang", "th"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "ทบทวนคณะกรรมการ กองทุนสวัสดิการชุมชนตำบลชะมวง ถึงวันที่ 30 ก.ย. 2566"
    assert main(["status", *base, "--count-on", "13-01"]) == 2  # a usage error (the one entry point's status)
    assert capsys.readouterr().err.splitlines()[-1] == (
        "swf-rules status: error: argument --count-on: '13-01' is not a day of the year; write MM-DD (03-01 for "
        "1 March)")
