"""Reading the two optional registers of a ledger: the accounts and the beneficiaries (row checks; the checks
across rows are in :func:`~swf_rules.books.accounts.check_accounts` and :func:`beneficiary_checks`)."""

from __future__ import annotations

from typing import Any

from ..core.errors import Problem
from ..core.national_id import FORMAT_HINT, national_id_digits, national_id_ok
from ..core.payees import shares_fault
from .accounts import ACCOUNT_KINDS, ACCOUNT_NAMES, CASH, AccountEntry
from .beneficiaries import BeneficiaryRow, parse_share, share_text
from .manifest import FileSpec
from .records import MemberRecord
from ._source import Source
from ._values import Bad, Values

# every way an account kind may be written: its id, its Thai name
KIND_WORDS = {**{k: k for k in ACCOUNT_KINDS}, **{v.th: k for k, v in ACCOUNT_KINDS.items()}}


def read_accounts(spec: FileSpec, cal: str, problems: list[Problem]) -> list[AccountEntry]:
    """The accounts register's entries, in file order; every bad row reported (and left out)."""
    src = Source(spec, problems)
    V = Values(cal)
    F = {f: i for i, f in enumerate(src.fields)}
    out: list[AccountEntry] = []
    for row in src.rows():
        if not row.vals:
            continue
        errs: list[Problem] = []
        got: dict[str, Any] = {}
        for fld in src.fields:
            raw = row.vals[F[fld]]
            try:
                if fld == "date":
                    r = V.date(raw, False)
                    v: Any = None if r is None else r[0]
                elif fld == "kind":
                    v = V.choice(raw, KIND_WORDS, "kind")
                elif fld == "amount":
                    v = None if raw is None or raw == "" else V.money(raw)
                elif fld == "account":
                    t = V.text(raw)
                    v = ACCOUNT_NAMES.get(t, t) if t is not None else CASH
                else:
                    v = V.text(raw)
                if v is None and fld in ("date", "kind", "amount"):
                    raise Bad("missing-field", field=fld)
                got[fld] = v
            except Bad as b:
                errs.append(src.located(b, row.line, row.col(F[fld])))
        if errs:
            problems.extend(errs)
            continue
        out.append(AccountEntry(date=got["date"], kind=got["kind"], amount=got["amount"], account=got["account"],
                                doc_no=got["doc_no"], round=got["round"], counterparty=got["counterparty"],
                                note=got["note"], line=row.line))
    return out


def read_beneficiaries(spec: FileSpec, members: dict[str, MemberRecord], members_known: bool,
                       problems: list[Problem], notices: list[Problem]) -> dict[str, list[BeneficiaryRow]]:
    """Each member's beneficiaries (member id -> rows in file order); errors to ``problems``, check digits that
    fail to ``notices``."""
    src = Source(spec, problems)
    V = Values("gregorian")
    F = {f: i for i, f in enumerate(src.fields)}
    out: dict[str, list[BeneficiaryRow]] = {}
    share_col: dict[str, int] = {}
    for row in src.rows():
        if not row.vals:
            continue
        errs: list[Problem] = []
        got: dict[str, Any] = {}
        for fld in src.fields:
            raw = row.vals[F[fld]]
            col = row.col(F[fld])
            try:
                v: Any = V.text(raw)
                if v is None and fld in ("member_id", "name", "relationship"):
                    raise Bad("missing-field", field=fld)
                if fld == "national_id" and v is not None:
                    digits = national_id_digits(v)
                    if digits is None:
                        raise Bad("ledger-national-id-format", value=v, hint=FORMAT_HINT)
                    if not national_id_ok(digits):
                        notices.append(src.problem("ledger-national-id-checksum", row.line, col, value=v))
                    v = digits
                elif fld == "share" and v is not None:
                    f = parse_share(v)
                    if f is None:
                        raise Bad("bad-fraction", value=v, hint=("write 1/2, 0.5 or 50%", "เขียนเป็น 1/2, 0.5 หรือ 50%"))
                    v = f
                got[fld] = v
            except Bad as b:
                errs.append(src.located(b, row.line, col))
        mid = got.get("member_id")
        if mid is not None and members_known and mid not in members:
            errs.append(src.problem("unknown-member", row.line, row.col(F["member_id"]), value=mid))
        if errs:
            problems.extend(errs)
            continue
        out.setdefault(mid, []).append(BeneficiaryRow(mid, got["name"], got["relationship"], got["national_id"],
                                                      got["share"], row.line))
        share_col.setdefault(mid, row.col(F["share"]))
    for mid, rows in out.items():
        fault = shares_fault([b.share for b in rows])
        if fault is None:
            continue
        if fault[0] == "missing":
            detail, detail_th = "are given for some but not all of them", "ระบุไว้บางคนแต่ไม่ครบทุกคน"
        else:
            total = share_text(fault[1])
            detail, detail_th = f"add up to {total}, not 1", f"รวมกันได้ {total} ไม่ใช่ 1"
        problems.append(src.problem("ledger-beneficiary-shares", rows[0].line, share_col[mid], value=mid,
                                    detail=detail, detail_th=detail_th,
                                    hint=("give every beneficiary a share adding up to 1 (1/2 and 1/2), or none",
                                          "ระบุสัดส่วนให้ทุกคนรวมกันได้ 1 (1/2 และ 1/2) หรือไม่ระบุเลย")))
    return out


def daily_flows(members: dict[str, MemberRecord], payouts: list[Any]) -> dict[str, dict[int, Any]]:
    """The cash account's money from the instalments (by day paid) and the payouts (by day paid, else the event
    day), for :func:`~swf_rules.books.accounts.check_accounts`."""
    from .accounts import ledger_flows
    from .records import satang_to_decimal

    def contributions() -> Any:
        for rec in members.values():
            for o, a in zip(rec.dates, rec.amounts):
                yield o, satang_to_decimal(a)

    return ledger_flows(contributions(), (((p.paid_on or p.event_date).toordinal(), p.amount) for p in payouts))

