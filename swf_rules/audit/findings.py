"""Findings: what a replay says about each recorded payout, added up per fiscal year and benefit, and written as
findings.csv, findings.json and summary.csv (and as a summary table for the screen).

A :class:`Finding` is one payout's verdict (``FINDINGS``: supported, overpaid, underpaid, not_entitled, paid_twice,
late, unknown_benefit, undetermined) with the amount the regulation supports and the failing checks.
:class:`ReplayResult` holds them all (the in-memory replay); :class:`Tally` adds them up one at a time for the
streamed replay, whose :class:`StreamedReplay` keeps only the totals.  Both write the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..core.dates import fiscal_year
from ..core.errors import Problem
from ..books import PayoutRow
from ..core.money import ZERO, money_str
from ..core.validate import Regulation

FINDINGS = ("supported", "overpaid", "underpaid", "not_entitled", "paid_twice", "late", "unknown_benefit",
            "undetermined")
FINDING_TH = {"supported": "ถูกต้อง", "overpaid": "จ่ายเกิน", "underpaid": "จ่ายขาด", "not_entitled": "ไม่มีสิทธิ์",
              "paid_twice": "จ่ายซ้ำ", "late": "ยื่นเกินกำหนด", "unknown_benefit": "ไม่มีสวัสดิการนี้",
              "undetermined": "ตัดสินไม่ได้"}
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
    notices: list[Problem] = field(default_factory=list)  # irregular rows kept (swf_rules.core.notices)

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
        out = json_head(self.fund, self.regulation, self.ledger_counts, self.skipped, t.totals(), t.summary(),
                        self.notices)
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

    def merge(self, other: Tally) -> None:
        """Add the findings another tally counted (the parts of a replay split over workers)."""
        for key, r in other.rows.items():
            mine = self.rows.setdefault(key, {**r, "payouts": 0, "recorded": ZERO, "supported": ZERO,
                                              "excess": ZERO, "shortfall": ZERO, "undetermined": ZERO,
                                              "findings": {k: 0 for k in FINDINGS}})
            for x, y in ((mine, r), (self.t, r)):
                for k in ("payouts", "recorded", "supported", "excess", "shortfall", "undetermined"):
                    x[k] += y[k]
            for k in FINDINGS:
                mine["findings"][k] += r["findings"][k]
        for k in FINDINGS:
            self.n[k] += other.n[k]

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
              totals: dict[str, Any], summary: list[dict[str, Any]], notices: list[Problem] = ()  # type: ignore
              ) -> list[str]:
    """The lines of findings.json before the first result (every key but ``results``, one per line).  The ledger's
    notices (irregular rows kept, :mod:`swf_rules.core.notices`) are in ``ledger.notices`` when there is one."""
    ledger: dict[str, Any] = {**ledger_counts, "skipped_rows": [p.to_dict() for p in skipped]}
    if notices:
        ledger["notices"] = [p.to_dict() for p in notices]
    head = {
        "fund": fund,
        "regulation": {"fund": reg.fund_id, "versions": [
            {"version": v.version, "effective": v.effective.isoformat(), "fingerprint": reg.fingerprint(v)}
            for v in reg.versions]},
        "ledger": ledger,
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
    notices: list[Problem] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)  # partitions, instalments held at most (pass 1, 2), ...
    seconds: dict[str, float] = field(default_factory=dict)  # "replay" (pass 2) and "write" (merge + files)

    def counts(self) -> dict[str, int]:
        return self.tally.counts()

    def summary(self) -> list[dict[str, Any]]:
        return self.tally.summary()

    def totals(self) -> dict[str, Any]:
        return self.tally.totals()


def render_summary(result: ReplayResult, lang: str = "en", regulation: Any = None) -> str:
    """The summary table; in Thai, the committee's (:mod:`._summary_th`: the fund's name, benefit titles)."""
    if lang == "th":
        from ._summary_th import render_summary_th
        return render_summary_th(result, regulation, FINDINGS)
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
    notices = getattr(result, "notices", ())
    if notices:
        out.append((f"หมายเหตุ {len(notices)} รายการ (แถวผิดปกติที่เก็บไว้ตามที่บันทึก)" if th else
                    f"{len(notices)} notice(s): irregular rows kept as recorded"))
    return "\n".join(out) + "\n"


__all__ = ["CSV_COLUMNS", "FINDINGS", "FINDING_TH", "Finding", "ReplayResult", "StreamedReplay", "Tally", "json_head",
           "json_row", "render_summary", "summary_csv"]
