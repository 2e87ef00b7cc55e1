"""The committee's decisions in the decision log: approval records beside the entitlements, what is refused (every
problem, nothing written), what verify, head and reproduce say of them, and the listing of who approved what was
not entitled."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from documents_fund import APPROVERS, DEATH, REDUCED, REJECTED, Fund, planted_fund
from swf_rules.audit import head, reproduce, verify
from swf_rules.audit._approvals_text import approvals_json, render_approvals
from swf_rules.audit.approvals import Resolution, approvals, approve
from swf_rules.audit.decision_log import _locked_append
from swf_rules.audit.log_read import record_hash
from swf_rules.cli.main import main
from swf_rules.core.errors import InputError


@pytest.fixture(scope="module")
def fund(tmp_path_factory: pytest.TempPathFactory) -> Fund:
    return planted_fund(tmp_path_factory.mktemp("fund"))


def test_each_approval_is_judged_against_its_entitlement(fund: Fund) -> None:
    got = [(a.claim_id, a.action, a.amount, a.entitled, a.verdict, a.meeting) for a in approvals(fund.log)]
    assert got == [
        ("C0000038", "approve", Decimal(800), Decimal(600), "over", "8/2566"),  # the planted overpayment
        ("C0000039", "approve", Decimal(600), Decimal(600), "as_entitled", "10/2566"),
        ("C0000040", "approve", Decimal(400), Decimal(400), "as_entitled", "11/2566"),
        ("C0000069", "approve", Decimal(400), Decimal(400), "as_entitled", "2/2567"),
        (REJECTED, "reject", Decimal(0), Decimal(200), "refused_entitled", "6/2567"),
        (REDUCED, "reduce", Decimal(100), Decimal(200), "under", "6/2567"),
        ("C0000072", "approve", Decimal(600), Decimal(600), "as_entitled", "8/2567"),
        ("C0000073", "approve", Decimal(200), Decimal(200), "as_entitled", "9/2567"),
        ("C0000074", "approve", Decimal(1000), Decimal(1000), "as_entitled", "10/2567"),
        ("C0000075", "approve", Decimal(600), Decimal(600), "as_entitled", "10/2567"),
        (DEATH, "approve", Decimal(10000), Decimal(10000), "as_entitled", "6/2567"),
    ]
    first = approvals(fund.log)[0]
    assert (first.seq, first.decision_seq, first.approvers, first.reason, first.excess) == \
        (2, 1, APPROVERS[:1], "จ่ายตามใบเสร็จของโรงพยาบาล", Decimal(200))


def test_the_record_is_a_link_of_the_chain_whose_keys_sort_after_hash(fund: Fund) -> None:
    lines = fund.log.read_bytes().splitlines()
    rec = json.loads(lines[1])
    assert lines[1].startswith(b'{"hash":"sha256:')
    assert (rec["kind"], rec["seq"], rec["hash"], rec["prev"]) == \
        ("approval", 2, record_hash(rec), json.loads(lines[0])["hash"])
    assert rec["resolution"]["decision"] == {"seq": 1, "hash": json.loads(lines[0])["hash"],
                                             "input_fingerprint": json.loads(lines[0])["input_fingerprint"]}
    assert rec["resolution"]["entitled"] == {"eligible": True, "amount": "600"}


def test_verify_head_and_reproduce_read_approvals(fund: Fund) -> None:
    v = verify(fund.log)
    assert (v.status, v.records) == ("intact", 22)
    assert head(fund.log)["kinds"] == {"approval": 11, "decision": 11}
    reps = reproduce(fund.log, [fund.regulation])
    assert [(r.record, r.claim_id, r.identical) for r in reps][:4] == \
        [(1, "C0000038", True), (2, "C0000038", True), (3, "C0000039", True), (4, "C0000039", True)]
    assert len(reps) == 22 and all(r.identical for r in reps)
    one = reproduce(fund.log, [fund.regulation], record=2)
    assert [(r.record, r.claim_id, r.identical, r.recomputed) for r in one] == \
        [(2, "C0000038", True, b'{"amount":"600","eligible":true}')]


def _log_copy(fund: Fund, tmp: Path) -> Path:
    p = tmp / "copy.jsonl"
    p.write_bytes(fund.log.read_bytes())
    return p


def _codes(path: Path, res: Resolution) -> list[str]:
    before = path.read_bytes()
    with pytest.raises(InputError) as e:
        approve(path, res)
    assert path.read_bytes() == before  # nothing written
    return [p.code for p in e.value.problems]


def test_what_the_committee_cannot_record(fund: Fund, tmp_path: Path) -> None:
    log = _log_copy(fund, tmp_path)
    day = date(2024, 10, 1)
    assert _codes(log, Resolution("nope", "approve", "1/2568", day, APPROVERS)) == ["approval-no-decision"]
    assert _codes(log, Resolution("C0000039", "approve", "1/2568", day, APPROVERS)) == ["approval-exists"]
    # a fresh decision to act on
    from documents_fund import _death_member  # the same member, another claim id
    from swf_rules.audit.decision_log import append
    from swf_rules.core import Engine, parse_claim
    member = _death_member()
    claim = parse_claim({"claim_id": "D-0002", "member_id": "M90001", "benefit": "death",
                         "event_date": "2024-06-20"}, file="t")
    append(log, Engine(fund.regulation).evaluate(member, claim), member, claim)
    assert _codes(log, Resolution("D-0002", "reduce", "7/2567", day, APPROVERS)) == ["missing-field"]
    assert _codes(log, Resolution("D-0002", "reduce", "7/2567", day, APPROVERS, "10000", "x")) == \
        ["approval-reduce-amount"]
    assert _codes(log, Resolution("D-0002", "reject", "7/2567", day, APPROVERS, "5", "x")) == \
        ["approval-reject-amount"]
    assert _codes(log, Resolution("D-0002", "approve", "7/2567", day, APPROVERS, "12000")) == \
        ["approval-reason-needed"]
    assert _codes(log, Resolution("D-0002", "reject", "7/2567", day, APPROVERS)) == ["approval-reason-needed"]
    assert _codes(log, Resolution("D-0002", "approve", "7/2567", day, (" ",))) == ["approval-no-approver"]
    assert _codes(log, Resolution("D-0002", "approve", "7/2567", date(2024, 6, 1), APPROVERS)) == \
        ["approval-meeting-before-event"]
    assert _codes(log, Resolution("D-0002", "approve", "7/2567", day, APPROVERS, "12.505", "x")) == \
        ["money-precision"]
    assert _codes(log, Resolution("D-0002", "grant", "7/2567", day, APPROVERS)) == ["not-allowed"]
    rec = approve(log, Resolution("D-0002", "approve", "7/2567", day, APPROVERS, "12,000", "ค่าใช้จ่ายงานศพสูง"))
    assert (rec["resolution"]["amount"], rec["resolution"]["verdict"]) == ("12000", "over")


def test_not_entitled_needs_an_amount_and_a_reason(fund: Fund, tmp_path: Path) -> None:
    log = _log_copy(fund, tmp_path)
    from swf_rules.audit.decision_log import append
    from swf_rules.core import Engine, parse_claim
    member = fund.ledger.members["M00001"].member(until=date(2024, 6, 1))
    claim = parse_claim({"claim_id": "X-1", "member_id": "M00001", "benefit": "scholarship",
                         "event_date": "2024-06-01", "details": {"gpa": "3.20"}}, file="t")
    d = Engine(fund.regulation).evaluate(member, claim)
    assert (d.eligible, [r["check"] for r in d.failing]) == (False, ["condition"])
    append(log, d, member, claim)
    assert _codes(log, Resolution("X-1", "approve", "7/2567", date(2024, 7, 1), APPROVERS)) == \
        ["approval-amount-needed"]
    rec = approve(log, Resolution("X-1", "approve", "7/2567", date(2024, 7, 1), APPROVERS[1:], "500", "ผลการเรียนดีขึ้น"))
    assert (rec["resolution"]["verdict"], rec["resolution"]["entitled"]) == \
        ("not_entitled", {"eligible": False, "amount": "0"})
    found = approvals(log)[-1]
    assert (found.excess, found.pays) == (Decimal(500), True)


def test_nothing_is_approved_in_a_tampered_log(fund: Fund, tmp_path: Path) -> None:
    log = _log_copy(fund, tmp_path)
    log.write_bytes(log.read_bytes().replace(b'"amount":"800"', b'"amount":"900"', 1))
    assert sorted(_codes(log, Resolution("C0000039", "approve", "1/2568", date(2024, 10, 1), APPROVERS))) == \
        ["approval-log-not-intact", "log-record-edited"]


def test_verify_finds_an_approval_that_names_another_decision(fund: Fund, tmp_path: Path) -> None:
    """A forged approval, correctly chained, that copies another claim's entitlement."""
    log = _log_copy(fund, tmp_path)
    real = json.loads(log.read_bytes().splitlines()[1])

    def build(seq: int, prev: str, _tail: object) -> dict:
        body = dict(real["resolution"], claim_id="C0000039")
        rec = {"kind": "approval", "seq": seq, "prev": prev, "resolution": body}
        rec["hash"] = record_hash(rec)
        return rec

    _locked_append(log, build)
    v = verify(log)
    assert [(p.code, p.line) for p in v.problems] == [("log-approval-dangling", 23)]
    assert v.problems[0].message("en") == (
        "the approval at line 23 does not match the decision it names: decision record 1 is of claim C0000038, "
        "not C0000039")


def test_the_listing_names_who_approved_what_was_not_entitled(fund: Fund) -> None:
    text = render_approvals(approvals(fund.log), "th", only_not_entitled=True)
    assert text.splitlines() == [
        "มติคณะกรรมการเทียบกับสิทธิ์ตามระเบียบ (1 รายการ)",
        "",
        "ประชุม   วันที่           คำขอ      สมาชิก   สวัสดิการ                มติ    ตามสิทธิ์  อนุมัติ  ผล      ผู้อนุมัติ",
        "8/2566  28 ส.ค. 2566  C0000038  M00042  กรณีเจ็บป่วยนอนโรงพยาบาล  อนุมัติ     600   800  เกินสิทธิ์  นายสมมุติ ใจดี",
        "",
        "เหตุผล",
        "  C0000038: จ่ายตามใบเสร็จของโรงพยาบาล",
        "",
        "ผู้อนุมัติรายการที่ไม่เป็นไปตามสิทธิ์",
        "  ผู้อนุมัติ        รายการ  เงินที่เกินสิทธิ์  คำขอ",
        "  นายสมมุติ ใจดี       1         200  C0000038",
        "",
        "ไม่อนุมัติทั้งที่มีสิทธิ์: C0000070 (200)",
    ]
    data = approvals_json(approvals(fund.log))
    assert (data["beyond_entitlement"], data["totals"]) == (
        "200", {"as_entitled": "13800", "over": "800", "refused_entitled": "0", "under": "100"})


def test_approve_from_the_command_line(fund: Fund, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = _log_copy(fund, tmp_path)
    head_before = head(log)
    code = main(["approve", "--log", str(log), "--claim-id", "C0000039", "--action", "approve", "--meeting", "1/2568",
                 "--meeting-date", "be:2567-10-01", "--approver", "นายสมมุติ ใจดี", "--lang", "th"])
    assert code == 1 and head(log) == head_before
    assert capsys.readouterr().err.splitlines()[0].endswith(
        "approval-exists คำขอ 'C0000039' คณะกรรมการพิจารณาแล้ว (บันทึกที่บรรทัด 4)")
    code = main(["approvals", "--log", str(log), "--format", "json"])
    assert code == 0 and json.loads(capsys.readouterr().out)["beyond_entitlement"] == "200"
