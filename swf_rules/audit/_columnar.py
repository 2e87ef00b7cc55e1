"""The replay's judging on the columnar engine: every payout of a group of members re-decided at once.

The same rules as :class:`~swf_rules.audit._judge.MemberJudge` (rules 2-5 of :mod:`swf_rules.audit.replay`), in
the same order, with the same verdicts: duplicates, the version in force and unknown benefits first, then the
payouts left decided as claims by :class:`swf_rules.columnar.ColumnarEngine` with the caps consumed by what was
rightly paid (``min(recorded, supported)``).  Members with year-only register dates are judged under every
reading of them by the member judge itself; so are payouts the engine refuses (their problems become the
finding).  Used automatically when numpy is installed (:func:`available`).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterator

from ..books import MemberRecord, PayoutRow
from ..columnar import available
from ..core.errors import LookupProblem
from ..core.money import ZERO
from ._judge import MemberJudge, _coerce_details, _from_decision, _from_problems, _problem_reason, _reason
from .findings import Finding


class ColumnarJudge:
    """Judges the payouts of many members at once (members with year-only dates go to the member judge)."""

    def __init__(self, judge: MemberJudge):
        from ..columnar.engine import ColumnarEngine
        self.judge = judge
        self.regulation = judge.regulation
        self.engine = ColumnarEngine(judge.regulation, reference=judge.engine)
        self._versions: dict[date, Any] = {}
        self.stats: dict[str, int] = {}

    def _version(self, d: date) -> tuple[Any, Any]:
        got = self._versions.get(d)
        if got is None:
            try:
                got = (self.regulation.in_force(d), None)
            except LookupProblem as e:
                got = (None, e.problems[0])
            self._versions[d] = got
        return got

    def members(self, recs: dict[str, MemberRecord], by_member: dict[str, list[PayoutRow]],
                dup_of: dict[str, str]) -> Iterator[tuple[str, list[Finding]]]:
        """(member id, findings of the member's payouts in replay order), members in id order."""
        from ..columnar.columns import Claims, Histories
        plain = [mid for mid in sorted(by_member) if not recs[mid].placeholders]
        out: dict[str, list[Finding | None]] = {}
        rows: list[PayoutRow] = []
        where: list[tuple[str, int]] = []
        details: list[dict[str, Any]] = []
        versions: list[str] = []
        for mid in plain:
            mine = out[mid] = []
            for p in by_member[mid]:
                version, no_version = self._version(p.event_date)
                if p.payout_id in dup_of:
                    other = dup_of[p.payout_id]
                    mine.append(Finding(p, "paid_twice", ZERO, [_reason(
                        "same_event", f"the same event was already paid by payout {other}",
                        f"เหตุการณ์เดียวกันจ่ายแล้วในรายการ {other}", values={"paid_claims": [other]})], other,
                        version.version if version is not None else None, []))
                    continue
                if version is None:
                    mine.append(Finding(p, "not_entitled", ZERO, [_problem_reason("version_in_force", no_version)],
                                        None, None, []))
                    continue
                b = version.benefit(p.benefit)
                if b is None:
                    mine.append(Finding(p, "unknown_benefit", ZERO, [_reason(
                        "benefit", f"version {version.version} has no benefit '{p.benefit}'",
                        f"ระเบียบฉบับ {version.version} ไม่มีสวัสดิการ '{p.benefit}'")], None, version.version, []))
                    continue
                where.append((mid, len(mine)))
                mine.append(None)
                rows.append(p)
                details.append(_coerce_details(b, p.details))
                versions.append(version.version)
        if rows:
            records = [recs[mid] for mid in plain]
            until = [max(p.event_date for p in by_member[mid]) for mid in plain]
            h = Histories.from_records(records, until)
            ds = self.engine.decide(h, Claims.from_rows(rows, details, h), errors="collect")
            for k, v in ds.stats.items():
                self.stats[k] = self.stats.get(k, 0) + v
            for r, ((mid, i), p) in enumerate(zip(where, rows)):
                out[mid][i] = self._finding(ds, r, p, versions[r])
        for mid in sorted(by_member):
            if mid in out:
                yield mid, out[mid]  # type: ignore[misc]
            else:
                yield mid, self.judge.member(recs[mid], by_member[mid], dup_of)

    @staticmethod
    def _finding(ds: Any, r: int, p: PayoutRow, version: str) -> Finding:
        if r in ds.errors:
            o = _from_problems(ds.errors[r], version)
        elif ds.eligible[r]:  # the common case: no decision object needed
            s = ds.amount_of(r)
            finding = "supported" if p.amount == s else "overpaid" if p.amount > s else "underpaid"
            return Finding(p, finding, s, [], None, version, [])
        else:
            o = _from_decision(ds.decision(r), p)
        return Finding(p, o.finding, o.supported, o.failing, o.duplicate_of, o.version, [])


__all__ = ["ColumnarJudge", "available"]
