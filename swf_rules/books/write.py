"""Writing a ledger directory: the three CSV files and ``ledger.yaml``, each file written atomically."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable

from ..core.dates import BE_OFFSET, to_be
from ..core.errors import InputError, make_problem
from ..core.history import Member
from ..core.money import money_str
from ..core.output import make_dir, write_atomic
from .columns import COMMITTEE_FIELDS, DETAILS_PREFIX, FIELDS, KINDS
from .beneficiaries import share_text
from .records import PayoutRow


def _fmt_date(d: date | None, calendar: str) -> str:
    if d is None:
        return ""
    return to_be(d) if calendar == "buddhist" else d.isoformat()


def _fmt_period(code: str, calendar: str) -> str:
    if calendar != "buddhist":
        return code
    y = int(code[:4]) + BE_OFFSET
    return f"{y:04d}{code[4:]}"


def write_ledger_files(directory: str | Path, *, fund: str, members: Iterable[Member],
                       payouts: Iterable[PayoutRow], calendar: str = "gregorian",
                       extra: dict[str, bytes] | None = None, accounts: Iterable[Any] | None = None,
                       beneficiaries: Iterable[Any] | None = None) -> list[Path]:
    """Write a ledger directory (members.csv, contributions.csv, payouts.csv, ledger.yaml) atomically per file.

    Contributions are written in date order (then member, period), the way a fund's cash book runs.
    """
    if calendar not in ("gregorian", "buddhist"):
        raise InputError([make_problem("unknown-calendar", value=calendar)])
    d = make_dir(directory, parents=True)
    members = list(members)
    payouts = sorted(payouts, key=PayoutRow.order_key)
    written = []

    def csv_bytes(header: list[str], rows: Iterable[list[str]]) -> bytes:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
        return buf.getvalue().encode("utf-8")

    mrows = []
    for m in sorted(members, key=lambda m: m.member_id):
        for s in sorted(m.spells, key=lambda s: s.start):
            mrows.append([m.member_id, _fmt_date(m.birth_date, calendar), m.sex, _fmt_date(s.start, calendar),
                          _fmt_date(s.end, calendar), s.end_reason or "", _fmt_date(m.died_on, calendar)])
    files = {"members.csv": csv_bytes(list(FIELDS["members"]), mrows)}

    fd = _memoised(lambda x: _fmt_date(x, calendar))
    fp = _memoised(lambda c: _fmt_period(c, calendar))
    crow = [(c.date, m.member_id, c.covers, c.amount) for m in members for c in m.contributions]
    crow.sort(key=lambda r: (r[0], r[1], r[2]))
    files["contributions.csv"] = csv_bytes(list(FIELDS["contributions"]),
                                           ([mid, fd(dt), money_str(a), fp(cv)] for dt, mid, cv, a in crow))
    del crow
    detail_names = sorted({k for p in payouts for k in p.details})
    committee = any(getattr(p, f, None) is not None for p in payouts for f in COMMITTEE_FIELDS)
    prow = []
    for p in payouts:
        prow.append([p.payout_id, p.member_id, p.benefit, _fmt_date(p.event_date, calendar),
                     _fmt_date(p.end_date, calendar), _fmt_date(p.filed_on, calendar),
                     _fmt_date(p.paid_on, calendar), "" if p.units is None else str(p.units),
                     "" if p.children is None else str(p.children), money_str(p.amount), p.event_ref or ""]
                    + ([_fmt_date(p.decided_on, calendar), p.meeting or "", p.approver or ""] if committee else [])
                    + [_detail_text(p.details.get(k)) for k in detail_names])
    head = [f for f in FIELDS["payouts"] if committee or f not in COMMITTEE_FIELDS]  # only when the books keep them
    files["payouts.csv"] = csv_bytes(head + [DETAILS_PREFIX + k for k in detail_names], prow)
    kinds = list(KINDS)
    if accounts is not None:  # the optional registers: only when given (the three files alone stay as they were)
        kinds.append("accounts")
        files["accounts.csv"] = csv_bytes(list(FIELDS["accounts"]), (
            [_fmt_date(e.date, calendar), e.kind, money_str(e.amount), e.account, e.doc_no or "", e.round or "",
             e.counterparty or "", e.note or ""] for e in accounts))
    if beneficiaries is not None:
        kinds.append("beneficiaries")
        files["beneficiaries.csv"] = csv_bytes(list(FIELDS["beneficiaries"]), (
            [b.member_id, b.name, b.relationship, b.national_id or "", "" if b.share is None else share_text(b.share)]
            for b in beneficiaries))
    manifest = (f"# ledger of the {fund} fund (written by swf-rules)\nfund: {fund}\nfiles:\n"
                + "".join(f"  {k}: {{path: {k}.csv, calendar: {calendar}}}\n" for k in kinds))
    files["ledger.yaml"] = manifest.encode("utf-8")
    for name, raw in {**files, **(extra or {})}.items():
        write_atomic(d / name, raw)
        written.append(d / name)
    return written


def _memoised(fn: Callable[[Any], str]) -> Callable[[Any], str]:
    """``fn`` with a memo table: a fund's members pay on the same few days, for the same periods."""
    cache: dict[Any, str] = {}

    def get(x: Any) -> str:
        s = cache.get(x)
        if s is None:
            s = cache[x] = fn(x)
        return s

    return get


def _detail_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)
