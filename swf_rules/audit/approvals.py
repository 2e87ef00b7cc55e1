"""The committee's decisions, recorded beside the computed entitlements in the decision log.

The engine says what the regulation gives (the *entitlement*: a decision record, ``swf-rules log append``); the
committee decides, at a meeting, by named approvers, to **approve** it, **reduce** it or **reject** it, with a
reason (``swf-rules approve``).  The committee's decision is an ``approval`` record of the same hash chain::

    {"hash": "sha256:...", "kind": "approval", "prev": "sha256:...", "seq": 8,
     "resolution": {"claim_id", "member_id", "benefit", "title": {th, en}, "event_date",
                    "decision": {"seq", "hash", "input_fingerprint"},      # the decision record it acts on
                    "regulation": {"fund", "version", "fingerprint"},
                    "entitled": {"eligible", "amount"},                      # what the regulation gives
                    "action": "approve" | "reduce" | "reject", "amount",     # what the committee decided
                    "verdict", "reason", "meeting": {"number", "date"}, "approvers": [...]}}

(its keys sort after ``"hash"``, as every record kind but a decision's: :data:`~.log_read.classify_tail`).  Both
records are hashed in the chain, so neither the entitlement nor the committee's decision can be changed without
``log verify`` seeing it; ``verify`` also checks that each approval names a decision record of the chain with the
claim, entitlement and regulation it copies (``log-approval-dangling``), and ``reproduce`` recomputes the
entitlement an approval was made against.

The *verdict* compares what was approved with what was entitled: ``as_entitled``, ``over`` (more than the
regulation gives), ``under`` (less), ``not_entitled`` (paid although the regulation gives nothing),
``refused_entitled`` (rejected although entitled) and ``refused_rightly``.  :func:`render_approvals` lists them,
and who approved what was not entitled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..core.errors import InputError, Problem, make_problem
from ..core.money import ZERO, MoneyError, money_str, parse_money
from .log_read import LogRecord, Tail, read_log, record_hash

ACTIONS = ("approve", "reduce", "reject")
ACTION_TH = {"approve": "อนุมัติ", "reduce": "อนุมัติลดจำนวน", "reject": "ไม่อนุมัติ"}
VERDICTS = ("as_entitled", "over", "under", "not_entitled", "refused_entitled", "refused_rightly")
VERDICT_TH = {"as_entitled": "ตามสิทธิ์", "over": "เกินสิทธิ์", "under": "ต่ำกว่าสิทธิ์", "not_entitled": "ไม่มีสิทธิ์แต่อนุมัติ",
              "refused_entitled": "มีสิทธิ์แต่ไม่อนุมัติ", "refused_rightly": "ไม่อนุมัติตามสิทธิ์"}
VERDICT_EN = {"as_entitled": "as entitled", "over": "over the entitlement", "under": "under the entitlement",
              "not_entitled": "approved, not entitled", "refused_entitled": "refused, entitled",
              "refused_rightly": "refused, not entitled"}


@dataclass(frozen=True)
class Resolution:
    """What the committee resolved about one claim (the input of :func:`approve`)."""

    claim_id: str
    action: str  # ACTIONS
    meeting: str  # the meeting's number as the fund writes it ("3/2567")
    meeting_date: date
    approvers: tuple[str, ...]
    amount: Decimal | str | None = None  # approve: default the entitlement; reduce: required; reject: none
    reason: str | None = None


@dataclass(frozen=True)
class Approval:
    """An approval record read from the log."""

    line: int
    seq: int
    hash: str
    claim_id: str
    member_id: str
    benefit: str
    title: dict[str, str]
    event_date: date
    action: str
    amount: Decimal
    entitled: Decimal
    eligible: bool
    verdict: str
    reason: str | None
    meeting: str
    meeting_date: date
    approvers: tuple[str, ...]
    decision_seq: int
    decision_hash: str
    regulation: dict[str, str]

    @property
    def pays(self) -> bool:
        """Money is paid on it (a voucher is printed)."""
        return self.action != "reject" and self.amount > 0

    @property
    def excess(self) -> Decimal:
        """What was approved beyond the entitlement (all of it when not entitled)."""
        if self.verdict == "not_entitled":
            return self.amount
        return self.amount - self.entitled if self.verdict == "over" else ZERO

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "seq": self.seq, "hash": self.hash, "claim_id": self.claim_id,
                "member_id": self.member_id, "benefit": self.benefit, "title": dict(self.title),
                "event_date": self.event_date.isoformat(), "action": self.action, "amount": money_str(self.amount),
                "entitled": money_str(self.entitled), "eligible": self.eligible, "verdict": self.verdict,
                "excess": money_str(self.excess), "reason": self.reason,
                "meeting": {"number": self.meeting, "date": self.meeting_date.isoformat()},
                "approvers": list(self.approvers), "decision": {"seq": self.decision_seq, "hash": self.decision_hash},
                "regulation": dict(self.regulation)}


def verdict(action: str, amount: Decimal, entitled: Decimal, eligible: bool) -> str:
    """The committee's decision against the regulation's."""
    if action == "reject":
        return "refused_entitled" if eligible and entitled > 0 else "refused_rightly"
    if not eligible:
        return "not_entitled"
    return "as_entitled" if amount == entitled else "over" if amount > entitled else "under"


# ---------------------------------------------------------------------------------------------- recording
def _problems_of(res: Resolution, decision: dict[str, Any], file: str) -> tuple[list[Problem], Decimal]:
    """Everything wrong with ``res`` against the decision it acts on, and the amount it pays."""
    out: list[Problem] = []
    eligible = bool(decision.get("eligible"))
    entitled = Decimal(str(decision.get("amount", "0")))
    amount = entitled if eligible else ZERO
    if res.amount is not None:
        try:
            amount = parse_money(res.amount)
        except MoneyError as e:
            out.append(make_problem(e.code, path=("amount",), file=file, value=res.amount))
    if res.action == "approve" and not eligible and res.amount is None:
        out.append(make_problem("approval-amount-needed", path=("amount",), file=file, value=res.claim_id))
    if res.action == "reduce" and res.amount is None:
        out.append(make_problem("missing-field", path=("amount",), file=file, field="amount"))
    elif res.action == "reduce" and not out and amount >= entitled:
        out.append(make_problem("approval-reduce-amount", path=("amount",), file=file, value=str(res.amount),
                                entitled=money_str(entitled)))
    if res.action == "reject":
        if res.amount is not None and not out and amount != 0:
            out.append(make_problem("approval-reject-amount", path=("amount",), file=file, value=str(res.amount)))
        amount = ZERO
    differs = res.action == "reject" and eligible and entitled > 0 or res.action != "reject" and (
        amount != entitled or not eligible)
    if differs and not (res.reason or "").strip() and not out:
        out.append(make_problem("approval-reason-needed", path=("reason",), file=file, value=res.claim_id,
                                action=res.action, action_th=ACTION_TH[res.action], amount=money_str(amount),
                                entitled=money_str(entitled)))
    if not [a for a in res.approvers if a.strip()]:
        out.append(make_problem("approval-no-approver", path=("approver",), file=file))
    if not res.meeting.strip():
        out.append(make_problem("missing-field", path=("meeting",), file=file, field="meeting"))
    event = date.fromisoformat(decision["event_date"])
    if res.meeting_date < event:
        out.append(make_problem("approval-meeting-before-event", path=("meeting_date",), file=file,
                                value=res.meeting_date.isoformat(), claim=res.claim_id, event=event.isoformat()))
    return out, amount


def _resolution_record(res: Resolution, dec: LogRecord, amount: Decimal, seq: int, prev: str) -> dict[str, Any]:
    assert dec.data is not None
    d = dec.data["decision"]
    eligible = bool(d["eligible"])
    entitled = Decimal(str(d["amount"]))
    body = {
        "claim_id": res.claim_id, "member_id": d["member_id"], "benefit": d["benefit"], "title": d["title"],
        "event_date": d["event_date"],
        "decision": {"seq": dec.seq, "hash": dec.stored_hash, "input_fingerprint": d["input_fingerprint"]},
        "regulation": dict(dec.data["regulation"]),
        "entitled": {"eligible": eligible, "amount": money_str(entitled)},
        "action": res.action, "amount": money_str(amount),
        "verdict": verdict(res.action, amount, entitled, eligible),
        "reason": (res.reason or "").strip() or None,
        "meeting": {"number": res.meeting.strip(), "date": res.meeting_date.isoformat()},
        "approvers": [a.strip() for a in res.approvers if a.strip()],
    }
    rec: dict[str, Any] = {"kind": "approval", "seq": seq, "prev": prev, "resolution": body}
    rec["hash"] = record_hash(rec)
    return rec


def _find(records: list[LogRecord], claim_id: str) -> tuple[LogRecord | None, LogRecord | None]:
    """The last decision record of ``claim_id`` and the approval already made on it, if any."""
    decision = approval = None
    for r in records:
        if r.data is None:
            continue
        if r.kind == "decision" and isinstance(r.data.get("decision"), dict) and \
                r.data["decision"].get("claim_id") == claim_id:
            decision = r
        elif r.kind == "approval" and (r.data.get("resolution") or {}).get("claim_id") == claim_id:
            approval = r
    return decision, approval


def approve(path: str | Path, res: Resolution) -> dict[str, Any]:
    """Record the committee's decision on a claim whose decision is in the log; returns the record written.

    The log must verify (a committee does not add to a log that was tampered with); the claim must have a
    decision record and no approval yet; a reduction pays less than the entitlement, a rejection nothing, and
    anything that differs from the entitlement needs a reason."""
    from .decision_log import _locked_append, verify  # the log's writer (one lock, one line, fsync)
    file = str(path)
    if res.action not in ACTIONS:
        raise InputError([make_problem("not-allowed", path=("action",), file=file, value=res.action,
                                       hint=("one of " + ", ".join(ACTIONS), "ใช้ " + ", ".join(ACTIONS)))])
    v = verify(path)
    if not v.ok:
        raise InputError([make_problem("approval-log-not-intact", file=file, status=v.status,
                                       count=len(v.problems)), *v.problems])

    def build(seq: int, prev: str, _tail: Tail | None) -> dict[str, Any]:
        records, _ = read_log(path)
        decision, done = _find(records, res.claim_id)
        if decision is None:
            raise InputError([make_problem("approval-no-decision", path=("claim_id",), file=file,
                                           value=res.claim_id)])
        if done is not None:
            raise InputError([make_problem("approval-exists", path=("claim_id",), file=file, value=res.claim_id,
                                           line_no=done.line)])
        assert decision.data is not None
        problems, amount = _problems_of(res, decision.data["decision"], file)
        if problems:
            raise InputError(problems)
        return _resolution_record(res, decision, amount, seq, prev)

    rec = _locked_append(path, build)
    assert rec is not None
    return rec


# ---------------------------------------------------------------------------------------------- reading
def _approval(r: LogRecord) -> Approval:
    assert r.data is not None
    b = r.data["resolution"]
    return Approval(
        line=r.line, seq=int(r.data["seq"]), hash=str(r.data["hash"]), claim_id=str(b["claim_id"]),
        member_id=str(b["member_id"]), benefit=str(b["benefit"]), title=dict(b["title"]),
        event_date=date.fromisoformat(b["event_date"]), action=str(b["action"]), amount=Decimal(b["amount"]),
        entitled=Decimal(b["entitled"]["amount"]), eligible=bool(b["entitled"]["eligible"]),
        verdict=str(b["verdict"]), reason=b.get("reason"), meeting=str(b["meeting"]["number"]),
        meeting_date=date.fromisoformat(b["meeting"]["date"]), approvers=tuple(b["approvers"]),
        decision_seq=int(b["decision"]["seq"]), decision_hash=str(b["decision"]["hash"]),
        regulation=dict(b["regulation"]))


def approvals(path: str | Path) -> list[Approval]:
    """Every approval record of the log, in the order recorded (a record that cannot be read is a problem: run
    ``log verify``)."""
    records, _ = read_log(path)
    out = []
    for r in records:
        if r.code is not None and r.data is not None and r.kind == "approval":
            raise InputError([make_problem(r.code, file=str(path), line=r.line, col=1, line_no=r.line,
                                           detail=r.error or "not a record")])
        if r.data is not None and r.kind == "approval":
            try:
                out.append(_approval(r))
            except (KeyError, TypeError, ValueError, ArithmeticError) as e:
                raise InputError([make_problem("log-record-unreadable", file=str(path), line=r.line, col=1,
                                               line_no=r.line, detail=f"not an approval record ({e})")]) from None
    return out


def decision_records(path: str | Path) -> dict[int, dict[str, Any]]:
    """The decision records of the log by their sequence number (what vouchers and reproduce read)."""
    records, _ = read_log(path)
    return {r.seq: r.data for r in records if r.data is not None and r.kind == "decision" and r.seq is not None}


__all__ = ["ACTIONS", "ACTION_TH", "Approval", "Resolution", "VERDICTS", "VERDICT_EN", "VERDICT_TH", "approvals",
           "approve", "decision_records", "verdict"]
