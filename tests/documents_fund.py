"""A planted synthetic fund for the documents' tests: the books of tests/documents/fund.yaml (80 members, three
fiscal years, one overpaid hospital stay planted), every payout from July 2023 to September 2024 decided into a
decision log and approved by the committee as the books paid it (the planted overpayment too, with a reason) -- plus one claim rejected although entitled, one reduced, and one
death paid to three beneficiaries in shares."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from swf_rules.audit import load_for_replay
from swf_rules.audit.approvals import Resolution, approve
from swf_rules.audit.decision_log import append
from swf_rules.books import Ledger, new_payout
from swf_rules.core import Engine, parse_claim, parse_member
from swf_rules.core.validate import Regulation, load_regulation
from swf_rules.synth import add_accounts, ledger, write_ledger

ROOT = Path(__file__).resolve().parents[1]
FUND_DIR = ROOT / "tests" / "documents"
FUND = FUND_DIR / "fund.yaml"
APPROVERS = ("นายสมมุติ ใจดี", "นางสาวตัวอย่าง รักษ์ถิ่น")
REJECTED, REDUCED = "C0000070", "C0000071"
DEATH = "D-0001"


@dataclass
class Fund:
    regulation: Regulation
    books: Path
    ledger: Ledger
    log: Path


def _claim(p):  # type: ignore[no-untyped-def]
    data = {"claim_id": p.payout_id, "member_id": p.member_id, "benefit": p.benefit,
            "event_date": p.event_date.isoformat()}
    for key in ("end_date", "filed_on"):
        if getattr(p, key) is not None:
            data[key] = getattr(p, key).isoformat()
    for key in ("units", "children"):
        if getattr(p, key) is not None:
            data[key] = getattr(p, key)
    return parse_claim(data, file="books")


def _death_member():  # type: ignore[no-untyped-def]
    return parse_member({
        "member_id": "M90001", "birth_date": "1950-03-01", "sex": "female", "died_on": "2024-06-20",
        "spells": [{"start": "2015-01-10", "end": "2024-06-20", "end_reason": "died"}],
        "contributions": [{"date": f"{y}-{m:02d}-15", "amount": "30", "covers": f"{y}-{m:02d}"}
                          for y in range(2015, 2025) for m in range(1, 13) if (y, m) <= (2024, 6)],
        "beneficiaries": [{"name": "นางสาวผู้รับ หนึ่ง", "relationship": "บุตร", "national_id": "1-1017-00203-45-0"},
                          {"name": "นายผู้รับ สอง", "relationship": "บุตร"},
                          {"name": "นางผู้รับ สาม", "relationship": "พี่/น้อง"}]}, file="test")


def planted_fund(tmp: Path) -> Fund:
    reg = load_regulation(FUND)
    books = tmp / "books"
    l = ledger(reg, seed=7, members=80, years=3, start=date(2021, 10, 1), plant={"overpaid_stay": 1})
    add_accounts(l, seed=7, start=date(2021, 10, 1), years=3)
    write_ledger(l, books)
    reg, led = load_for_replay(FUND_DIR, books)
    log = tmp / "decisions.jsonl"
    engine = Engine(reg)
    paid: dict[str, list] = {}  # type: ignore[type-arg]
    for p in led.payouts:
        before = paid.setdefault(p.member_id, [])
        if date(2023, 7, 1) <= p.event_date <= date(2024, 9, 30):
            member = led.members[p.member_id].member(until=p.event_date).model_copy(update={"payouts": list(before)})
            claim = _claim(p)
            d = engine.evaluate(member, claim)
            append(log, d, member, claim)
            meeting = f"{p.paid_on.month}/{p.paid_on.year + 543}"
            if p.payout_id == REJECTED:
                res = Resolution(p.payout_id, "reject", meeting, p.paid_on, APPROVERS, None,
                                 "ไม่มีใบรับรองแพทย์")
            elif p.payout_id == REDUCED:
                res = Resolution(p.payout_id, "reduce", meeting, p.paid_on, APPROVERS, "100",
                                 "นอนโรงพยาบาลไม่ถึงหนึ่งวันเต็ม")
            elif p.amount == d.amount and d.eligible:
                res = Resolution(p.payout_id, "approve", meeting, p.paid_on, APPROVERS)
            else:
                res = Resolution(p.payout_id, "approve", meeting, p.paid_on, APPROVERS[:1], str(p.amount),
                                 "จ่ายตามใบเสร็จของโรงพยาบาล")
            approve(log, res)
        before.append(new_payout(claim_id=p.payout_id, benefit=p.benefit, event_date=p.event_date, end_date=None,
                                 units=p.units, amount=p.amount))
    member = _death_member()
    claim = parse_claim({"claim_id": DEATH, "member_id": "M90001", "benefit": "death", "event_date": "2024-06-20",
                         "filed_on": "2024-06-25"}, file="test")
    append(log, engine.evaluate(member, claim), member, claim)
    approve(log, Resolution(DEATH, "approve", "6/2567", date(2024, 6, 28), APPROVERS))
    return Fund(reg, books, led, log)


def entitled(fund: Fund) -> dict[str, Decimal]:
    """Every decision's amount in the log, by claim (an independent reading of the log's JSON lines)."""
    import json
    out = {}
    for line in fund.log.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if "decision" in rec:
            out[rec["decision"]["claim_id"]] = Decimal(rec["decision"]["amount"])
    return out
