"""What ``log verify`` checks of approval records (:mod:`.approvals`): each names a decision record of the chain
with the claim, entitlement and regulation it copies."""

from __future__ import annotations

from typing import Any, Iterable

from ..core.errors import Problem, make_problem
from .log_read import LogRecord


def dangling(records: Iterable[LogRecord], file: str) -> list[Problem]:
    """Approvals that do not match the decision record they name (``log verify``): the record is not in the
    chain, or its claim, entitlement or regulation differ from what the approval copied."""
    by_seq: dict[int, LogRecord] = {}
    out = []
    for r in records:
        if r.data is None or r.seq is None:
            continue
        if r.kind == "decision":
            by_seq[r.seq] = r
        elif r.kind == "approval":
            detail = _mismatch(r.data.get("resolution"), by_seq)
            if detail:
                out.append(make_problem("log-approval-dangling", file=file, line=r.line, col=1, line_no=r.line,
                                        detail=detail))
    return out


def _mismatch(b: Any, by_seq: dict[int, LogRecord]) -> str | None:
    if not isinstance(b, dict) or not isinstance(b.get("decision"), dict):
        return "it names no decision record"
    ref = b["decision"]
    dec = by_seq.get(ref.get("seq"))  # type: ignore[arg-type]
    if dec is None or dec.stored_hash != ref.get("hash"):
        return f"no decision record {ref.get('seq')} with hash {ref.get('hash')} precedes it"
    assert dec.data is not None
    d = dec.data.get("decision") or {}
    if d.get("claim_id") != b.get("claim_id"):
        return f"decision record {ref.get('seq')} is of claim {d.get('claim_id')}, not {b.get('claim_id')}"
    ent = b.get("entitled") or {}
    if ent.get("amount") != d.get("amount") or ent.get("eligible") != d.get("eligible"):
        return (f"it copies the entitlement {ent.get('amount')} ({ent.get('eligible')}) but the decision gives "
                f"{d.get('amount')} ({d.get('eligible')})")
    if b.get("regulation") != dec.data.get("regulation"):
        return "it names another regulation than the decision"
    return None


__all__ = ["dangling"]
