"""Replay: every recorded payout re-decided with the regulation in force on its event date.

How a payout is judged (docs/auditors.md explains it for auditors):

1. Payouts are taken in date order: event date, then filing date, then payout id.
2. **paid_twice** -- an earlier payout of the same benefit for the same event: the same member on the same event
   date, or the same ``event_ref`` (two members paid for one birth).  The first one is judged on its merits; the
   later one is a duplicate whatever the regulation says.
3. **unknown_benefit** -- the benefit is not in the version in force on the event date.
4. Otherwise the engine decides the payout as a claim (its payout id is the claim id), with the member's history
   from the ledger and the caps consumed by the payouts before it:
   - not eligible and the deadline is the only failing check: **late**;
   - not eligible and the only failing checks say the event (or allowance period) was already paid:
     **paid_twice**;
   - not eligible otherwise: **not_entitled**, with every failing check;
   - eligible: **supported** when the recorded amount equals the amount the regulation gives, **overpaid** when
     more (the supported amount is reported), **underpaid** when less.
5. **Caps are consumed by what was rightly paid**: after a payout is judged, it counts toward the caps, counts and
   offsets of the member's later claims with ``min(recorded, supported)``.  A payout that was not supported
   consumes nothing, an overpaid one consumes only its supported amount and an underpaid one what was actually
   paid.  So one mistake is reported once and does not spread to the payouts after it, and a member who was
   underpaid once is entitled to the remainder later, exactly as the regulation's caps read.
6. Members are independent of each other (caps are per member), so each member's payouts are replayed in date
   order one member at a time, which keeps memory to one member's history.  :func:`replay_to` (``swf-rules
   replay``) goes further: it replays a :class:`~swf_rules.books.ledger.PartitionedLedger` one partition of members at
   a time and merges the findings back into date order while writing the files, so no step holds the whole
   ledger or every finding (:meth:`Replayer.run_partitioned`); the output bytes are those of the in-memory
   :func:`replay` + :func:`write_outputs`.
7. **undetermined** -- a verdict that depends on the day of a year-only (placeholder) date in the register: the
   payout is judged under every combination of the first and the last possible day of each placeholder; when
   the verdicts differ, no day-exact verdict is claimed.

The output is byte-identical for the same ledger and regulation, whatever calendar the ledger's dates were in.
"""

from __future__ import annotations

import csv
import heapq
import io
import json
import operator
import os
import pickle
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, TextIO

from ..core.dates import fiscal_year
from ..core.errors import InputError, LookupProblem, Problem, RegulationError, make_problem
from ..core.evaluate import Decision, Engine, gc_paused
from ..core.facts import MemberState
from ..core.history import Member, Payout
from ..books import (PARTITION_ROWS, Ledger, MemberRecord, PartitionedLedger, PayoutRow, new_claim, new_payout,
                     read_ledger, stream_ledger)
from ..core.money import ZERO, money_str
from ..core.validate import Regulation, load_regulation

FINDINGS = ("supported", "overpaid", "underpaid", "not_entitled", "paid_twice", "late", "unknown_benefit",
            "undetermined")
FINDING_TH = {"supported": "ถูกต้อง", "overpaid": "จ่ายเกิน", "underpaid": "จ่ายขาด", "not_entitled": "ไม่มีสิทธิ์",
              "paid_twice": "จ่ายซ้ำ", "late": "ยื่นเกินกำหนด", "unknown_benefit": "ไม่มีสวัสดิการนี้",
              "undetermined": "ตัดสินไม่ได้"}
_TWICE_CHECKS = frozenset({"same_event", "allowance_period"})
_YES = {"yes", "true", "1", "y", "ใช่", "มี"}
_NO = {"no", "false", "0", "n", "ไม่ใช่", "ไม่มี"}
CSV_COLUMNS = ("payout_id", "member_id", "benefit", "event_date", "fiscal_year", "filed_on", "recorded_amount",
               "supported_amount", "finding", "failing_checks", "duplicate_of", "event_ref", "regulation_version",
               "placeholder_dates", "note")


@dataclass
class Finding:
    payout: PayoutRow
    finding: str
    supported: Decimal | None
    failing: list[dict[str, Any]] = field(default_factory=list)
    duplicate_of: str | None = None
    version: str | None = None
    placeholders: list[str] = field(default_factory=list)
    note: str | None = None

    @property
    def fiscal_year(self) -> int:
        return fiscal_year(self.payout.event_date)

    @property
    def excess(self) -> Decimal:
        """Money paid that the regulation does not support."""
        r = self.payout.amount
        if self.finding == "overpaid":
            return r - (self.supported or ZERO)
        if self.finding in ("not_entitled", "paid_twice", "late", "unknown_benefit"):
            return r
        return ZERO

    @property
    def shortfall(self) -> Decimal:
        if self.finding == "underpaid":
            return (self.supported or ZERO) - self.payout.amount
        return ZERO

    def to_dict(self) -> dict[str, Any]:
        p = self.payout
        return {
            "payout_id": p.payout_id, "member_id": p.member_id, "benefit": p.benefit,
            "event_date": p.event_date.isoformat(), "fiscal_year": self.fiscal_year,
            "filed_on": p.filed_on.isoformat() if p.filed_on else None,
            "recorded_amount": money_str(p.amount),
            "supported_amount": None if self.supported is None else money_str(self.supported),
            "finding": self.finding, "failing": self.failing, "duplicate_of": self.duplicate_of,
            "event_ref": p.event_ref, "regulation_version": self.version, "placeholder_dates": self.placeholders,
            "note": self.note,
        }

    def csv_row(self) -> list[str]:
        p = self.payout
        return [p.payout_id, p.member_id, p.benefit, p.event_date.isoformat(), str(self.fiscal_year),
                p.filed_on.isoformat() if p.filed_on else "", money_str(p.amount),
                "" if self.supported is None else money_str(self.supported), self.finding,
                ";".join(f["check"] for f in self.failing), self.duplicate_of or "", p.event_ref or "",
                self.version or "", ";".join(self.placeholders), self.note or ""]


@dataclass
class ReplayResult:
    fund: str
    regulation: Regulation
    findings: list[Finding]
    ledger_counts: dict[str, int]
    skipped: list[Problem] = field(default_factory=list)

    def _tally(self) -> Tally:
        t = Tally()
        for f in self.findings:
            t.add(f)
        return t

    def counts(self) -> dict[str, int]:
        return self._tally().counts()

    def summary(self) -> list[dict[str, Any]]:
        """One row per (fiscal year, benefit), sorted."""
        return self._tally().summary()

    def totals(self) -> dict[str, Any]:
        return self._tally().totals()

    def to_json(self) -> bytes:
        t = self._tally()
        out = json_head(self.fund, self.regulation, self.ledger_counts, self.skipped, t.totals(), t.summary())
        rows = [json_row(f) for f in self.findings]
        out.append(",\n".join(rows))
        out.append("]}")
        return ("\n".join(out) + "\n").encode("utf-8")

    def findings_csv(self) -> bytes:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(CSV_COLUMNS)
        for f in self.findings:
            w.writerow(f.csv_row())
        return buf.getvalue().encode("utf-8")

    def summary_csv(self) -> bytes:
        return summary_csv(self.summary())


class Tally:
    """The totals and the per (fiscal year, benefit) summary of findings, added one at a time: what the report's
    head needs, without keeping the findings (a few rows per fiscal year and benefit)."""

    def __init__(self) -> None:
        self.rows: dict[tuple[int, str], dict[str, Any]] = {}
        self.t: dict[str, Any] = {"payouts": 0, "recorded": ZERO, "supported": ZERO, "excess": ZERO,
                                  "shortfall": ZERO, "undetermined": ZERO}
        self.n = {k: 0 for k in FINDINGS}

    def add(self, f: Finding) -> None:
        key = (f.fiscal_year, f.payout.benefit)
        r = self.rows.get(key)
        if r is None:
            r = self.rows[key] = {"fiscal_year": key[0], "benefit": key[1], "payouts": 0, "recorded": ZERO,
                                  "supported": ZERO, "excess": ZERO, "shortfall": ZERO, "undetermined": ZERO,
                                  "findings": {k: 0 for k in FINDINGS}}
        excess, shortfall = f.excess, f.shortfall
        for x in (r, self.t):
            x["payouts"] += 1
            x["recorded"] += f.payout.amount
            if f.finding in ("supported", "overpaid", "underpaid"):
                x["supported"] += f.supported or ZERO
            if f.finding == "undetermined":
                x["undetermined"] += f.payout.amount
            x["excess"] += excess
            x["shortfall"] += shortfall
        r["findings"][f.finding] += 1
        self.n[f.finding] += 1

    def counts(self) -> dict[str, int]:
        return dict(self.n)

    def summary(self) -> list[dict[str, Any]]:
        out = []
        for key in sorted(self.rows):
            r = self.rows[key]
            out.append({**r, "findings": dict(r["findings"]),
                        **{k: money_str(r[k]) for k in ("recorded", "supported", "excess", "shortfall",
                                                        "undetermined")}})
        return out

    def totals(self) -> dict[str, Any]:
        return {**{k: money_str(v) if isinstance(v, Decimal) else v for k, v in self.t.items()},
                "findings": self.counts()}


def json_head(fund: str, reg: Regulation, ledger_counts: dict[str, int], skipped: list[Problem],
              totals: dict[str, Any], summary: list[dict[str, Any]]) -> list[str]:
    """The lines of findings.json before the first result (every key but ``results``, one per line)."""
    head = {
        "fund": fund,
        "regulation": {"fund": reg.fund_id, "versions": [
            {"version": v.version, "effective": v.effective.isoformat(), "fingerprint": reg.fingerprint(v)}
            for v in reg.versions]},
        "ledger": {**ledger_counts, "skipped_rows": [p.to_dict() for p in skipped]},
        "totals": totals,
        "summary": summary,
    }
    # one payout per line: readable, diff-friendly, and written by the C encoder (no indent)
    out = ["{"]
    for k in sorted(head):
        out.append(f"{json.dumps(k)}: {json.dumps(head[k], ensure_ascii=False, sort_keys=True)},")
    out.append('"results": [')
    return out


def json_row(f: Finding) -> str:
    return json.dumps(f.to_dict(), ensure_ascii=False, sort_keys=True)


def summary_csv(summary: list[dict[str, Any]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["fiscal_year", "benefit", "payouts", "recorded", "supported", "excess", "shortfall",
                "undetermined_amount", *FINDINGS])
    for r in summary:
        w.writerow([r["fiscal_year"], r["benefit"], r["payouts"], r["recorded"], r["supported"], r["excess"],
                    r["shortfall"], r["undetermined"], *(r["findings"][k] for k in FINDINGS)])
    return buf.getvalue().encode("utf-8")


@dataclass
class StreamedReplay:
    """What :func:`replay_to` returns: the summary and totals (for the screen) and the files written; the findings
    themselves are in the files only."""

    fund: str
    regulation: Regulation
    tally: Tally
    ledger_counts: dict[str, int]
    skipped: list[Problem] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)  # partitions, instalments held at most (pass 1, 2), ...
    seconds: dict[str, float] = field(default_factory=dict)  # "replay" (pass 2) and "write" (merge + files)

    def counts(self) -> dict[str, int]:
        return self.tally.counts()

    def summary(self) -> list[dict[str, Any]]:
        return self.tally.summary()

    def totals(self) -> dict[str, Any]:
        return self.tally.totals()


# ---------------------------------------------------------------------------------------------- one member
@dataclass
class _Outcome:
    finding: str
    supported: Decimal | None
    failing: list[dict[str, Any]]
    duplicate_of: str | None
    version: str | None
    consumed: Payout | None = None

    def key(self) -> tuple:
        return (self.finding, self.supported, tuple(f["check"] for f in self.failing), self.duplicate_of)


class _World:
    """One reading of a member's history (one placeholder scenario) with the caps consumed so far."""

    def __init__(self, engine: Engine, member: Member, label: dict[str, str]):
        self.engine = engine
        self.member = member
        self.label = label
        self.states: dict[int, MemberState] = {}

    def state(self, version: Any) -> MemberState:
        key = id(version.membership)
        st = self.states.get(key)
        if st is None:
            st = MemberState(self.member, version.membership)
            for other in self.states.values():  # payouts judged under another version count too
                for idx in other.payouts.values():
                    for p in idx.rows:
                        if p.claim_id not in st.claim_ids:
                            st.record(p)
            self.states[key] = st
        return st

    def record(self, p: Payout) -> None:
        for st in self.states.values():
            st.record(p)


def _reason(check: str, en: str, th: str, clause: str | None = None,
            values: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"check": check, "clause": clause, "message": {"en": en, "th": th}, "values": values or {}}


def _problem_reason(check: str, p: Problem) -> dict[str, Any]:
    return _reason(check, p.message_en, p.message_th, p.clause, {"code": p.code})


class Replayer:
    """Judges a ledger's payouts against one fund's regulation."""

    def __init__(self, regulation: Regulation):
        self.regulation = regulation
        self.engine = Engine(regulation)

    def run(self, ledger: Ledger, progress: Callable[[int], None] | None = None) -> ReplayResult:
        dup_of = duplicates(ledger.payouts)
        by_member: dict[str, list[PayoutRow]] = {}
        for p in ledger.payouts:
            by_member.setdefault(p.member_id, []).append(p)
        results: dict[str, Finding] = {}
        done = 0
        for mid in sorted(by_member):
            for f in self._member(ledger.members[mid], by_member[mid], dup_of):
                results[f.payout.payout_id] = f
            done += len(by_member[mid])
            if progress is not None:
                progress(done)
        findings = [results[p.payout_id] for p in ledger.payouts]
        return ReplayResult(self.regulation.fund_id, self.regulation, findings, dict(ledger.counts),
                            list(ledger.skipped))

    def run_partitioned(self, ledger: PartitionedLedger, out: str | Path | None = None,
                        progress: Callable[[int], None] | None = None) -> StreamedReplay:
        """Replay a :class:`~swf_rules.books.ledger.PartitionedLedger` one partition of members at a time and, when
        ``out`` is given, write findings.csv, findings.json and summary.csv there: the same bytes as
        :func:`write_outputs` of :meth:`run` on the whole ledger.

        Each partition's members are judged by the same code as :meth:`run` (members are independent; the links
        between members, payouts repeated by ``event_ref``, are resolved first over the whole ledger).  Its
        findings go, sorted in replay order, to a run file; the runs are then merged back into one replay order
        while the files are written.  The totals and the summary are added up as the findings come.
        """
        t0 = time.perf_counter()
        links = ledger.ref_links()
        tally = Tally()
        runs: list[Path] = []
        done = 0
        for part in range(ledger.partitions):
            recs, payouts = ledger.partition(part)
            dup_of = _duplicates_with(payouts, links)
            by_member: dict[str, list[PayoutRow]] = {}
            for p in payouts:
                by_member.setdefault(p.member_id, []).append(p)
            rows: list[tuple[tuple, str, str]] = []
            line = _CsvLine()
            with gc_paused():  # one partition at a time: whatever it allocates is bounded by the partition
                for mid in sorted(by_member):
                    for f in self._member(recs[mid], by_member[mid], dup_of):
                        tally.add(f)
                        if out is not None:
                            rows.append((f.payout.order_key(), line(f.csv_row()), json_row(f)))
                    done += len(by_member[mid])
                    if progress is not None:
                        progress(done)
            del recs, payouts, by_member, dup_of
            ledger.release(part)
            if out is not None and rows:
                rows.sort(key=operator.itemgetter(0))
                runs.append(_write_run(ledger.tmp / f"findings-{part:05d}.pickle", rows))
            del rows
        result = StreamedReplay(self.regulation.fund_id, self.regulation, tally, dict(ledger.counts),
                                list(ledger.skipped), stats=dict(ledger.stats))
        t1 = time.perf_counter()
        if out is not None:
            head = json_head(result.fund, self.regulation, result.ledger_counts, result.skipped, tally.totals(),
                             tally.summary())
            result.outputs = _write_streamed(Path(out), runs, ledger.tmp, head, summary_csv(tally.summary()))
        result.seconds = {"replay": t1 - t0, "write": time.perf_counter() - t1}
        return result

    def _member(self, rec: MemberRecord, payouts: list[PayoutRow], dup_of: dict[str, str]) -> list[Finding]:
        rec = self._refine_death(rec, payouts)
        # the facts on a day depend only on the instalments paid up to that day (docs/facts.md), so the history is
        # cut after the member's last payout: less to index and to fingerprint, the same verdicts
        scenarios = rec.scenarios(until=max(p.event_date for p in payouts))
        if scenarios is None:
            note = "too many placeholder dates to judge: " + ", ".join(sorted(rec.placeholders))
            return [Finding(p, "undetermined", None, [], None, None, sorted(rec.placeholders), note)
                    for p in payouts]
        worlds = [_World(self.engine, m, label) for label, m in scenarios]
        ph = sorted(rec.placeholders)
        out = []
        for p in payouts:
            outcomes = []
            for w in worlds:
                o = self._judge(w, p, dup_of)
                if o.consumed is not None:
                    w.record(o.consumed)
                outcomes.append(o)
            first = outcomes[0]
            if all(o.key() == first.key() for o in outcomes[1:]):
                out.append(Finding(p, first.finding, first.supported, first.failing, first.duplicate_of,
                                   first.version, ph))
            else:
                out.append(Finding(p, "undetermined", None, [], None, first.version, ph,
                                   _disagreement(rec, worlds, outcomes)))
        return out

    def _refine_death(self, rec: MemberRecord, payouts: list[PayoutRow]) -> MemberRecord:
        """A year-only date of death is made exact by the member's death payout dated in that year (the voucher
        records the day the register does not)."""
        year = rec.placeholders.get("died_on")
        if year is None:
            return rec
        for p in payouts:
            try:
                b = self.regulation.in_force(p.event_date).benefit(p.benefit)
            except LookupProblem:
                continue
            if b is not None and b.kind == "death" and p.event_date.year == year:
                ph = {k: v for k, v in rec.placeholders.items() if k != "died_on"}
                spells = []
                for i, (s, e, r) in enumerate(rec.spells):
                    if r == "died" and f"spells[{i}].end" in ph and ph[f"spells[{i}].end"] == year:
                        e = p.event_date
                        del ph[f"spells[{i}].end"]
                    spells.append((s, e, r))
                return replace(rec, died_on=p.event_date, spells=spells, placeholders=ph)
        return rec

    def _judge(self, world: _World, p: PayoutRow, dup_of: dict[str, str]) -> _Outcome:
        try:
            version = self.regulation.in_force(p.event_date)
        except LookupProblem as e:
            version = None
            no_version = e.problems[0]
        if p.payout_id in dup_of:
            other = dup_of[p.payout_id]
            return _Outcome("paid_twice", ZERO, [_reason(
                "same_event", f"the same event was already paid by payout {other}",
                f"เหตุการณ์เดียวกันจ่ายแล้วในรายการ {other}", values={"paid_claims": [other]})], other,
                version.version if version is not None else None)
        if version is None:
            return _Outcome("not_entitled", ZERO, [_problem_reason("version_in_force", no_version)], None, None)
        plan = self.engine.plan(version)
        bp = plan.benefits.get(p.benefit)
        if bp is None:
            return _Outcome("unknown_benefit", ZERO, [_reason(
                "benefit", f"version {version.version} has no benefit '{p.benefit}'",
                f"ระเบียบฉบับ {version.version} ไม่มีสวัสดิการ '{p.benefit}'")], None, version.version)
        claim = new_claim(
            claim_id=p.payout_id, member_id=p.member_id, benefit=p.benefit, event_date=p.event_date,
            end_date=p.end_date, filed_on=p.filed_on, units=p.units, children=p.children,
            details=_coerce_details(bp.benefit, p.details), calendar="gregorian")
        try:
            d = self.engine.decide(world.state(version), claim)
        except InputError as e:
            return _from_problems(e.problems, version.version)
        return _from_decision(d, p)


def _from_problems(problems: list[Problem], version: str) -> _Outcome:
    codes = [p.code for p in problems]
    if codes == ["event-after-death"]:
        return _Outcome("not_entitled", ZERO, [_problem_reason("alive", problems[0])], None, version)
    if codes == ["death-claim-mismatch"]:
        return _Outcome("not_entitled", ZERO, [_problem_reason("death_date", problems[0])], None, version)
    # the recorded payout lacks what the regulation needs to decide it (claim details): no verdict
    return _Outcome("undetermined", None, [_problem_reason(p.code, p) for p in problems], None, version)


def _from_decision(d: Decision, p: PayoutRow) -> _Outcome:
    failing = [{"check": r["check"], "clause": r["clause"], "message": r["message"], "values": r["values"]}
               for r in d.failing]
    if not d.eligible:
        names = [f["check"] for f in failing]
        if names == ["deadline"]:
            return _Outcome("late", ZERO, failing, None, d.version)
        if set(names) <= _TWICE_CHECKS:
            paid = sorted({c for f in failing for c in f["values"].get("paid_claims", [])})
            return _Outcome("paid_twice", ZERO, failing, paid[0] if paid else None, d.version)
        return _Outcome("not_entitled", ZERO, failing, None, d.version)
    s, r = d.amount, p.amount
    finding = "supported" if r == s else "overpaid" if r > s else "underpaid"
    used = min(r, s)
    consumed = None
    if used > 0:
        consumed = new_payout(claim_id=p.payout_id, benefit=p.benefit, event_date=p.event_date,
                                          end_date=None, units=d.breakdown.get("units"), amount=used)
    return _Outcome(finding, s, [], None, d.version, consumed)


def _disagreement(rec: MemberRecord, worlds: list[_World], outcomes: list[_Outcome]) -> str:
    ph = ", ".join(f"{k}={rec.placeholders[k]}" for k in sorted(rec.placeholders))
    seen: dict[tuple, list[str]] = {}
    for w, o in zip(worlds, outcomes):
        desc = o.finding + (f" ({','.join(f['check'] for f in o.failing)})" if o.failing else "") + \
            (f" {money_str(o.supported)}" if o.supported is not None and o.finding != "not_entitled" else "")
        corner = "+".join(f"{k}:{v}" for k, v in sorted(w.label.items()))
        seen.setdefault((desc,), []).append(corner)
    parts = [f"{d[0]} if {' or '.join(c)}" for d, c in seen.items()]
    return f"the verdict depends on the day of year-only date(s) {ph}: " + "; ".join(parts)


def _coerce_details(benefit: Any, details: dict[str, Any]) -> dict[str, Any]:
    """Ledger text to the types the benefit's claim fields declare (yes/no columns read as booleans)."""
    if not details:
        return {}
    out = {}
    for k, v in details.items():
        spec = benefit.claim_fields.get(k)
        if spec is not None and spec.type == "yes_no" and isinstance(v, str):
            t = v.strip().lower()
            v = True if t in _YES else False if t in _NO else v
        out[k] = v
    return out


def duplicates(payouts: Iterable[PayoutRow]) -> dict[str, str]:
    """payout id -> the earlier payout it duplicates (same member, benefit and event date; or same event_ref)."""
    by_event: dict[tuple, str] = {}
    by_ref: dict[tuple, str] = {}
    out: dict[str, str] = {}
    for p in sorted(payouts, key=PayoutRow.order_key):
        k1 = (p.member_id, p.benefit, p.event_date)
        if k1 in by_event:
            out[p.payout_id] = by_event[k1]
            continue
        if p.event_ref:
            k2 = (p.benefit, p.event_ref)
            if k2 in by_ref:
                out[p.payout_id] = by_ref[k2]
                continue
            by_ref[k2] = p.payout_id
        by_event[k1] = p.payout_id
    return out


def _duplicates_with(payouts: list[PayoutRow], links: dict[str, str]) -> dict[str, str]:
    """:func:`duplicates` for the payouts of some members (in replay order), given the ``event_ref`` links
    across members found over the whole ledger (:meth:`PartitionedLedger.ref_links`)."""
    by_event: dict[tuple, str] = {}
    out: dict[str, str] = {}
    for p in payouts:
        k1 = (p.member_id, p.benefit, p.event_date)
        if k1 in by_event:
            out[p.payout_id] = by_event[k1]
            continue
        if p.event_ref and p.payout_id in links:
            out[p.payout_id] = links[p.payout_id]
            continue
        by_event[k1] = p.payout_id
    return out


# ---------------------------------------------------------------------------------------------- streamed output
_RUN_CHUNK = 64  # findings per pickled chunk: a merge holds at most one chunk per run open (64 runs)
_MERGE_FAN_IN = 64


class _CsvLine:
    """One row as the text ``csv.writer`` writes for it (the same writer settings as findings.csv)."""

    def __init__(self) -> None:
        self.buf = io.StringIO()
        self.w = csv.writer(self.buf, lineterminator="\n")

    def __call__(self, row: list[str]) -> str:
        self.buf.seek(0)
        self.buf.truncate()
        self.w.writerow(row)
        return self.buf.getvalue()


def _write_run(path: Path, rows: list[tuple[tuple, str, str]]) -> Path:
    """One partition's findings (already in replay order) as pickled chunks: (order key, CSV line, JSON text)."""
    with open(path, "wb") as f:
        for i in range(0, len(rows), _RUN_CHUNK):
            pickle.dump(rows[i:i + _RUN_CHUNK], f, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _read_run(path: Path) -> Iterable[tuple[tuple, str, str]]:
    with open(path, "rb") as f:
        while True:
            try:
                chunk = pickle.load(f)
            except EOFError:
                return
            yield from chunk


def _merged(runs: list[Path], tmp: Path) -> Iterable[tuple[tuple, str, str]]:
    """The findings of every run in one replay order (runs merged in groups of at most 64 open files)."""
    runs = list(runs)
    level = 0
    while len(runs) > _MERGE_FAN_IN:
        level += 1
        merged = []
        for i in range(0, len(runs), _MERGE_FAN_IN):
            group = runs[i:i + _MERGE_FAN_IN]
            path = tmp / f"merge-{level}-{i // _MERGE_FAN_IN:05d}.pickle"
            with open(path, "wb") as f:
                buf: list[tuple] = []
                for r in heapq.merge(*(_read_run(g) for g in group), key=operator.itemgetter(0)):
                    buf.append(r)
                    if len(buf) >= _RUN_CHUNK:
                        pickle.dump(buf, f, protocol=pickle.HIGHEST_PROTOCOL)
                        buf = []
                if buf:
                    pickle.dump(buf, f, protocol=pickle.HIGHEST_PROTOCOL)
            for g in group:
                g.unlink()
            merged.append(path)
        runs = merged
    return heapq.merge(*(_read_run(r) for r in runs), key=operator.itemgetter(0))


def _write_streamed(d: Path, runs: list[Path], tmp: Path, head: list[str], summary: bytes) -> list[Path]:
    """findings.csv, findings.json and summary.csv written as temp files in ``d`` while the runs are merged, then
    renamed into place: never a partial file; the temp files are removed on any failure or interruption."""
    d.mkdir(parents=True, exist_ok=True)
    names = ("findings.csv", "findings.json", "summary.csv")
    temps: dict[str, str] = {}
    try:
        for name in names:
            fd, path = tempfile.mkstemp(prefix=f".{name}.", dir=str(d))
            os.close(fd)
            temps[name] = path
        with open(temps["findings.csv"], "w", encoding="utf-8", newline="") as fc, \
                open(temps["findings.json"], "w", encoding="utf-8", newline="") as fj:
            csv.writer(fc, lineterminator="\n").writerow(CSV_COLUMNS)
            fj.write("\n".join(head) + "\n")
            first = True
            for _key, row, text in _merged(runs, tmp):
                fc.write(row)
                if not first:
                    fj.write(",\n")
                fj.write(text)
                first = False
            fj.write("\n]}\n")
            for f in (fc, fj):
                f.flush()
                os.fsync(f.fileno())
        with open(temps["summary.csv"], "wb") as fs:
            fs.write(summary)
            fs.flush()
            os.fsync(fs.fileno())
        paths = []
        for name in names:
            os.replace(temps.pop(name), d / name)
            paths.append(d / name)
        return paths
    finally:
        for path in temps.values():
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass


# ---------------------------------------------------------------------------------------------- entry points
def find_regulation(directory: str | Path, fund_id: str) -> Regulation:
    """The regulation of ``fund_id`` among the ``*.yaml`` files of ``directory``."""
    d = Path(directory)
    if not d.is_dir():
        raise InputError([make_problem("file-not-found", file=str(d))])
    broken: list[Problem] = []
    found: list[Regulation] = []
    for path in sorted(d.glob("*.yaml")):
        try:
            reg = load_regulation(path)
        except RegulationError as e:
            broken.extend(e.problems)
            continue
        if reg.fund_id == fund_id:
            found.append(reg)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise InputError([make_problem("duplicate-version", value=f"{fund_id} (in {len(found)} files)")])
    raise InputError([make_problem("unknown-regulation", file=str(d), value=fund_id,
                                   hint=(f"no *.yaml file in {d} declares fund id '{fund_id}'",
                                         f"ไม่มีไฟล์ *.yaml ใน {d} ที่ประกาศรหัสกองทุน '{fund_id}'"))] + broken)


def _regulation_of(regulations: str | Path, ledger_dir: str | Path, manifest: str | Path | None,
                   fund: str | None) -> tuple[Regulation, str, set[str]]:
    from ..books import read_manifest
    man = read_manifest(Path(ledger_dir), manifest)
    fund_id = fund or man.fund
    if fund_id is None:
        raise InputError([make_problem("ledger-no-fund", file=str(ledger_dir),
                                       hint=("add 'fund: <id>' to ledger.yaml or pass --fund",
                                             "เพิ่ม 'fund: <รหัส>' ใน ledger.yaml หรือระบุ --fund"))])
    reg = find_regulation(regulations, fund_id)
    return reg, fund_id, {v.membership.contribution.period for v in reg.versions}


def load_for_replay(regulations: str | Path, ledger_dir: str | Path, *, calendar: str | None = None,
                    manifest: str | Path | None = None, fund: str | None = None,
                    skip_bad_rows: bool = False) -> tuple[Regulation, Ledger]:
    """The fund's regulation and its whole ledger in memory (:func:`read_ledger`); see :func:`open_for_replay`
    for books too long to hold."""
    reg, fund_id, periods = _regulation_of(regulations, ledger_dir, manifest, fund)
    led = read_ledger(ledger_dir, calendar=calendar, manifest=manifest, fund=fund_id, periods=periods,
                      skip_bad_rows=skip_bad_rows)
    return reg, led


def open_for_replay(regulations: str | Path, ledger_dir: str | Path, *, calendar: str | None = None,
                    manifest: str | Path | None = None, fund: str | None = None, skip_bad_rows: bool = False,
                    tmp_dir: str | Path | None = None,
                    partition_rows: int = PARTITION_ROWS) -> tuple[Regulation, PartitionedLedger]:
    """The fund's regulation and its ledger checked and partitioned on disk (:func:`stream_ledger`); use the
    ledger as a context manager so that its temporary files are removed."""
    reg, fund_id, periods = _regulation_of(regulations, ledger_dir, manifest, fund)
    led = stream_ledger(ledger_dir, calendar=calendar, manifest=manifest, fund=fund_id, periods=periods,
                        skip_bad_rows=skip_bad_rows, tmp_dir=tmp_dir, partition_rows=partition_rows)
    return reg, led


def replay_to(regulations: str | Path, ledger_dir: str | Path, out: str | Path | None = None, *,
              calendar: str | None = None, manifest: str | Path | None = None, fund: str | None = None,
              skip_bad_rows: bool = False, tmp_dir: str | Path | None = None,
              partition_rows: int = PARTITION_ROWS,
              progress: Callable[[int], Callable[[int], None]] | None = None) -> StreamedReplay:
    """``swf-rules replay`` as one call: check the ledger, replay it a partition at a time and write the three
    output files to ``out`` (when given), byte-identical to ``write_outputs(replay(*load_for_replay(...)), out)``,
    with memory that grows with the members, not with the instalments or payouts.  ``progress`` is called with
    the number of payouts and returns the callback that receives the count done so far."""
    reg, led = open_for_replay(regulations, ledger_dir, calendar=calendar, manifest=manifest, fund=fund,
                               skip_bad_rows=skip_bad_rows, tmp_dir=tmp_dir, partition_rows=partition_rows)
    with led:
        return Replayer(reg).run_partitioned(led, out, progress(led.n_payouts) if progress is not None else None)


def replay(regulation: Regulation, ledger: Ledger, progress: Callable[[int], None] | None = None) -> ReplayResult:
    return Replayer(regulation).run(ledger, progress)


def write_outputs(result: ReplayResult, out: str | Path) -> list[Path]:
    """findings.csv, findings.json and summary.csv in ``out`` (each written atomically)."""
    from ..core.output import write_atomic
    d = Path(out)
    files = {"findings.csv": result.findings_csv(), "findings.json": result.to_json(),
             "summary.csv": result.summary_csv()}
    paths = []
    for name, raw in files.items():
        write_atomic(d / name, raw)
        paths.append(d / name)
    return paths


def render_summary(result: ReplayResult, lang: str = "en") -> str:
    th = lang == "th"
    short = {"supported": "ok", "overpaid": "over", "underpaid": "under", "not_entitled": "no_right",
             "paid_twice": "twice", "late": "late", "unknown_benefit": "unknown", "undetermined": "undet"}
    head = (["ปีงบ", "สวัสดิการ", "รายการ"] if th else ["FY", "benefit", "payouts"]) + \
        [short[k] for k in FINDINGS] + (["จ่ายจริง", "ควรจ่าย", "จ่ายเกิน", "จ่ายขาด"] if th
                                        else ["recorded", "supported", "excess", "shortfall"])
    rows = [[str(r["fiscal_year"]), r["benefit"], str(r["payouts"]), *(str(r["findings"][k]) for k in FINDINGS),
             r["recorded"], r["supported"], r["excess"], r["shortfall"]] for r in result.summary()]
    t = result.totals()
    rows.append(["รวม" if th else "total", "", str(t["payouts"]), *(str(t["findings"][k]) for k in FINDINGS),
                 t["recorded"], t["supported"], t["excess"], t["shortfall"]])
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    out = [("ผลการตรวจสอบย้อนหลัง กองทุน " if th else "Replay of the books of fund ") + result.fund,
           line(head), line(["-" * w for w in widths])]
    out.extend(line(r) for r in rows[:-1])
    out.append(line(["-" * w for w in widths]))
    out.append(line(rows[-1]))
    legend = ", ".join(f"{short[k]}={FINDING_TH[k] if th else k}" for k in FINDINGS)
    out.append(("ความหมาย: " if th else "columns: ") + legend)
    if result.skipped:
        out.append((f"ข้ามแถวที่ผิด {len(result.skipped)} รายการ" if th else
                    f"{len(result.skipped)} bad row(s) skipped"))
    return "\n".join(out) + "\n"


class Progress:
    """A progress bar on a stream (stderr): redrawn at most once per percent."""

    def __init__(self, total: int, stream: TextIO | None = None, label: str = "replay"):
        self.total = max(total, 1)
        self.stream = stream or sys.stderr
        self.label = label
        self.shown = -1

    def __call__(self, done: int) -> None:
        pct = done * 100 // self.total
        if pct == self.shown:
            return
        self.shown = pct
        bar = "#" * (pct // 4) + "." * (25 - pct // 4)
        self.stream.write(f"\r{self.label} [{bar}] {pct:3d}% {done}/{self.total} payouts")
        if done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


__all__ = ["FINDINGS", "Finding", "ReplayResult", "Replayer", "duplicates", "find_regulation", "load_for_replay",
           "replay", "write_outputs", "render_summary", "Progress", "open_for_replay", "replay_to",
           "StreamedReplay", "Tally"]
