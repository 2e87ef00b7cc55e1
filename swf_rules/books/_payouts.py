"""The vouchers: each recorded payout checked, its date order, its id unique, its member known."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ..core.dates import normalise_digits
from ..core.errors import Problem
from ..core.money import FloatLiteral
from .columns import FIELDS
from .manifest import FileSpec
from .records import MemberRecord, PayoutRow
from ._source import Source
from ._spool import Spool
from ._values import Bad, Values


def read_payouts(spec: FileSpec, cal: str, members: dict[str, MemberRecord], problems: list[Problem],
                 bad_members: set[str], members_known: bool = True, spool: Spool | None = None,
                 unknown: list[tuple[str, int, int]] | None = None) -> tuple[list[PayoutRow], int]:
    """The vouchers, every bad one reported.  With a ``spool`` the valid rows go to the spool's partition files
    instead of the returned list, and payout ids are checked for duplicates by the spool afterwards
    (:meth:`Spool.check_ids`), bucket by bucket, instead of in one dict of every id."""
    src = Source(spec, problems)
    V = Values(cal)
    F = {f: i for i, f in enumerate(src.fields)}
    out: list[PayoutRow] = []
    first_line: dict[str, int] = {}
    n = 0
    for row in src.rows():
        n += 1
        if not row.vals:
            continue
        vals = row.vals
        errs: list[Problem] = []
        got: dict[str, Any] = {}
        for fld in src.fields:
            i = F[fld]
            raw = vals[i]
            try:
                if fld in ("payout_id", "member_id", "benefit", "event_ref", "meeting", "approver"):
                    v: Any = V.text(raw)
                elif fld == "amount":
                    v = None if raw is None or raw == "" else V.money(raw)
                elif fld in ("units", "children"):
                    v = V.integer(raw)
                    if fld == "children" and v == 0:
                        raise Bad("out-of-range", value="0", detail="children must be at least 1")
                else:
                    r = V.date(raw, False)
                    v = None if r is None else r[0]
                if v is None and FIELDS["payouts"][fld]:
                    raise Bad("missing-field", field=fld)
                got[fld] = v
            except Bad as b:
                errs.append(src.located(b, row.line, row.col(i)))
        details: dict[str, Any] = {}
        for k, v in row.details.items():
            if isinstance(v, (FloatLiteral, float)):
                details[k] = Decimal(str(v))
            elif isinstance(v, str):
                details[k] = normalise_digits(v.strip()) if _looks_numeric(v) else v.strip()
            else:
                details[k] = v
        # checks across fields run on whatever parsed, so that a row's problems are all reported at once
        ev = got.get("event_date")
        for fld in ("end_date", "filed_on", "paid_on", "decided_on"):
            if ev is not None and got.get(fld) is not None and got[fld] < ev:
                errs.append(src.problem("date-order", row.line, row.col(F[fld]), later=fld,
                                        later_value=got[fld].isoformat(), earlier="event_date",
                                        earlier_value=ev.isoformat()))
        pid = got.get("payout_id")
        if pid is not None and spool is not None:
            spool.add_id(pid, row.line, row.col(F["payout_id"]))
        elif pid is not None:
            if pid in first_line:
                errs.append(src.problem("ledger-duplicate-id", row.line, row.col(F["payout_id"]), value=pid,
                                        first_line=first_line[pid]))
            else:
                first_line[pid] = row.line
        mid = got.get("member_id")
        if mid is not None and members_known and mid not in members and mid not in bad_members:
            errs.append(src.problem("unknown-member", row.line, row.col(F["member_id"]), value=mid))
        if errs:
            problems.extend(errs)
            continue
        if spool is not None:
            spool.add_payout((got["payout_id"], got["member_id"], got["benefit"], got["event_date"], got["amount"],
                              got["end_date"], got["filed_on"], got["paid_on"], got["units"], got["children"],
                              got["event_ref"], details, row.line), row.col(F["member_id"]))
            continue
        if unknown is not None and got["member_id"] not in members and got["member_id"] not in bad_members:
            unknown.append((got["member_id"], row.line, row.col(F["member_id"])))  # only when members_known is False
            continue
        out.append(PayoutRow(payout_id=got["payout_id"], member_id=got["member_id"], benefit=got["benefit"],
                             event_date=got["event_date"], amount=got["amount"], end_date=got["end_date"],
                             filed_on=got["filed_on"], paid_on=got["paid_on"], units=got["units"],
                             children=got["children"], event_ref=got["event_ref"], details=details, line=row.line,
                             decided_on=got["decided_on"], meeting=got["meeting"], approver=got["approver"]))
    return out, n


def _looks_numeric(v: str) -> bool:
    return bool(re.match(r"^-?[\d๐-๙]+(\.[\d๐-๙]+)?$", v.strip()))
