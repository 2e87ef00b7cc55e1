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
   order one member at a time, which keeps memory to one member's history.
7. **undetermined** -- a verdict that depends on the day of a year-only (placeholder) date in the register: the
   payout is judged under every combination of the first and the last possible day of each placeholder; when
   the verdicts differ, no day-exact verdict is claimed.

The output is byte-identical for the same ledger and regulation, whatever calendar the ledger's dates were in.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, TextIO

from .dates import fiscal_year
from .errors import InputError, LookupProblem, Problem, RegulationError, make_problem
from .evaluate import Decision, Engine
from .facts import MemberState
from .history import Member, Payout
from .ledger import Ledger, MemberRecord, PayoutRow, new_claim, new_payout, read_ledger
from .money import ZERO, money_str
from .validate import Regulation, load_regulation

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

    def counts(self) -> dict[str, int]:
        out = {k: 0 for k in FINDINGS}
        for f in self.findings:
            out[f.finding] += 1
        return out

    def summary(self) -> list[dict[str, Any]]:
        """One row per (fiscal year, benefit), sorted."""
        rows: dict[tuple[int, str], dict[str, Any]] = {}
        for f in self.findings:
            key = (f.fiscal_year, f.payout.benefit)
            r = rows.get(key)
            if r is None:
                r = rows[key] = {"fiscal_year": key[0], "benefit": key[1], "payouts": 0, "recorded": ZERO,
                                 "supported": ZERO, "excess": ZERO, "shortfall": ZERO, "undetermined": ZERO,
                                 "findings": {k: 0 for k in FINDINGS}}
            r["payouts"] += 1
            r["recorded"] += f.payout.amount
            if f.finding in ("supported", "overpaid", "underpaid"):
                r["supported"] += f.supported or ZERO
            if f.finding == "undetermined":
                r["undetermined"] += f.payout.amount
            r["excess"] += f.excess
            r["shortfall"] += f.shortfall
            r["findings"][f.finding] += 1
        out = []
        for key in sorted(rows):
            r = rows[key]
            out.append({**r, **{k: money_str(r[k]) for k in ("recorded", "supported", "excess", "shortfall",
                                                              "undetermined")}})
        return out

    def totals(self) -> dict[str, Any]:
        t = {"payouts": len(self.findings), "recorded": ZERO, "supported": ZERO, "excess": ZERO, "shortfall": ZERO,
             "undetermined": ZERO}
        for f in self.findings:
            t["recorded"] += f.payout.amount
            if f.finding in ("supported", "overpaid", "underpaid"):
                t["supported"] += f.supported or ZERO
            if f.finding == "undetermined":
                t["undetermined"] += f.payout.amount
            t["excess"] += f.excess
            t["shortfall"] += f.shortfall
        return {**{k: money_str(v) if isinstance(v, Decimal) else v for k, v in t.items()},
                "findings": self.counts()}

    def to_json(self) -> bytes:
        reg = self.regulation
        import json
        head = {
            "fund": self.fund,
            "regulation": {"fund": reg.fund_id, "versions": [
                {"version": v.version, "effective": v.effective.isoformat(), "fingerprint": reg.fingerprint(v)}
                for v in reg.versions]},
            "ledger": {**self.ledger_counts, "skipped_rows": [p.to_dict() for p in self.skipped]},
            "totals": self.totals(),
            "summary": self.summary(),
        }
        # one payout per line: readable, diff-friendly, and written by the C encoder (no indent)
        out = ["{"]
        for k in sorted(head):
            out.append(f"{json.dumps(k)}: {json.dumps(head[k], ensure_ascii=False, sort_keys=True)},")
        out.append('"results": [')
        rows = [json.dumps(f.to_dict(), ensure_ascii=False, sort_keys=True) for f in self.findings]
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
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["fiscal_year", "benefit", "payouts", "recorded", "supported", "excess", "shortfall",
                    "undetermined_amount", *FINDINGS])
        for r in self.summary():
            w.writerow([r["fiscal_year"], r["benefit"], r["payouts"], r["recorded"], r["supported"], r["excess"],
                        r["shortfall"], r["undetermined"], *(r["findings"][k] for k in FINDINGS)])
        return buf.getvalue().encode("utf-8")


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
               for r in d.reasons if r["passed"] is False]
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


def load_for_replay(regulations: str | Path, ledger_dir: str | Path, *, calendar: str | None = None,
                    manifest: str | Path | None = None, fund: str | None = None,
                    skip_bad_rows: bool = False) -> tuple[Regulation, Ledger]:
    from .ledger import read_manifest
    man = read_manifest(Path(ledger_dir), manifest)
    fund_id = fund or man.fund
    if fund_id is None:
        raise InputError([make_problem("ledger-no-fund", file=str(ledger_dir),
                                       hint=("add 'fund: <id>' to ledger.yaml or pass --fund",
                                             "เพิ่ม 'fund: <รหัส>' ใน ledger.yaml หรือระบุ --fund"))])
    reg = find_regulation(regulations, fund_id)
    periods = {v.membership.contribution.period for v in reg.versions}
    led = read_ledger(ledger_dir, calendar=calendar, manifest=manifest, fund=fund_id, periods=periods,
                      skip_bad_rows=skip_bad_rows)
    return reg, led


def replay(regulation: Regulation, ledger: Ledger, progress: Callable[[int], None] | None = None) -> ReplayResult:
    return Replayer(regulation).run(ledger, progress)


def write_outputs(result: ReplayResult, out: str | Path) -> list[Path]:
    """findings.csv, findings.json and summary.csv in ``out`` (each written atomically)."""
    from .cli import write_atomic
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
           "replay", "write_outputs", "render_summary", "Progress"]
