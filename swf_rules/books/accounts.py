"""The fund's whole money: the accounts register (บัญชีรับ-จ่าย), its typed vocabulary of entry kinds, and the
checks that money never appears from nowhere.

Members' contributions and the payouts are only part of a fund's money.  The accounts register holds the rest,
one row per entry: the opening balance, matching money from the local authority (อปท.) and from the government via
CODI (each with its round), entry fees, donations, interest and other income, administration and other expenses,
transfers between cash and bank, and the balances the fund declares (a cash count, a bank statement).  Each entry
is dated and carries its document number.  ``docs/ledger.md`` documents every column.

Money moves through named accounts (``cash``, ``bank``, or any name the fund uses).  Members' contributions come
into ``cash`` on the day they are paid and payouts leave ``cash`` on their payment day (the event day when the
voucher has none): a fund that banks them records the transfers, as its cash book does.

:func:`check_accounts` returns *notices* (warnings: the books still load) located at the entry's row:

- ``ledger-account-duplicate``: the same entry twice (kind, date, amount, account, round, counterparty and
  document number all equal); the repeat is left out of the balances, so it is reported once;
- ``ledger-account-duplicate-document``: a document number used by two different entries (a transfer's two sides
  share theirs);
- ``ledger-account-no-document`` / ``ledger-account-no-round``: an entry without its document number, matching
  money without its round;
- ``ledger-account-transfer-unbalanced``: a transfer whose sides (rows with one document number) do not net to
  zero: money appeared from nowhere or disappeared;
- ``ledger-account-balance-mismatch``: a declared balance that differs from the balance the books give; a
  difference already shown at the account's previous declared balance is not reported again;
- ``ledger-account-overdrawn``: an account below zero at the end of a day (money spent that never came in),
  reported on the first day of each such stretch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Iterable, Mapping

from ..core.errors import Problem, make_problem
from ..core.money import money_str


@dataclass(frozen=True)
class AccountKind:
    """One kind of entry in the accounts register: its id, Thai and English names, which way the money goes
    (``+1`` into the account, ``-1`` out of it, ``0`` for a declared balance) and what it must carry."""

    id: str
    th: str
    en: str
    sign: int
    group: str  # opening | matching | income | expense | transfer | balance
    needs_round: bool = False
    needs_document: bool = True


ACCOUNT_KINDS: dict[str, AccountKind] = {k.id: k for k in (
    AccountKind("opening_balance", "ยอดยกมา", "opening balance", 1, "opening", needs_document=False),
    AccountKind("matching_local", "เงินสมทบจาก อปท.", "matching money from the local authority", 1, "matching",
                needs_round=True),
    AccountKind("matching_government", "เงินสมทบจากรัฐบาล (พอช.)", "matching money from the government via CODI", 1,
                "matching", needs_round=True),
    AccountKind("entry_fee", "ค่าสมัครสมาชิก", "entry fee", 1, "income"),
    AccountKind("donation", "เงินบริจาค", "donation", 1, "income"),
    AccountKind("interest", "ดอกเบี้ยเงินฝาก", "interest", 1, "income"),
    AccountKind("other_income", "รายรับอื่น", "other income", 1, "income"),
    AccountKind("admin_expense", "ค่าบริหารจัดการ", "administration expense", -1, "expense"),
    AccountKind("other_expense", "รายจ่ายอื่น", "other expense", -1, "expense"),
    AccountKind("transfer_out", "โอนออก", "transfer out", -1, "transfer"),
    AccountKind("transfer_in", "โอนเข้า", "transfer in", 1, "transfer"),
    AccountKind("balance", "ยอดคงเหลือ", "declared balance", 0, "balance", needs_document=False),
)}
"""The account kinds, a closed vocabulary (``docs/ledger.md``); the key is the id written in ``accounts.csv``."""

CASH = "cash"  # where contributions come in and payouts go out
ACCOUNT_NAMES = {"cash": "cash", "เงินสด": "cash", "bank": "bank", "ธนาคาร": "bank", "เงินฝากธนาคาร": "bank"}
"""Account names written in Thai, read as the canonical names (other names are kept as written)."""


@dataclass
class AccountEntry:
    """One row of the accounts register."""

    date: date
    kind: str
    amount: Decimal
    account: str = CASH
    doc_no: str | None = None
    round: str | None = None
    counterparty: str | None = None
    note: str | None = None
    line: int = 0

    @property
    def signed(self) -> Decimal:
        return self.amount * ACCOUNT_KINDS[self.kind].sign


def check_accounts(entries: list[AccountEntry], file: str | None,
                   flows: Mapping[str, Mapping[int, Decimal]] | None = None) -> list[Problem]:
    """The notices about the accounts register (see the module's description), each located at its entry's line.

    ``flows`` adds the money that is not in the register: account -> date ordinal -> net amount of that day
    (the contributions received and the payouts paid, see :func:`ledger_flows`)."""
    out: list[Problem] = []

    def notice(code: str, e: AccountEntry, **kw: object) -> None:
        k = ACCOUNT_KINDS[e.kind]
        out.append(make_problem(code, file=file, line=e.line, col=1, kind=k.en, kind_th=k.th,
                                date=e.date.isoformat(), amount=money_str(e.amount), account=e.account, **kw))

    kept, repeats = distinct_entries(entries)
    for e, first in repeats:
        notice("ledger-account-duplicate", e, first_line=first.line, value=e.doc_no or f"{e.date} {e.kind}")
    by_doc: dict[str, list[AccountEntry]] = {}
    for e in kept:
        k = ACCOUNT_KINDS[e.kind]
        if e.doc_no:
            by_doc.setdefault(e.doc_no, []).append(e)
        elif k.needs_document:
            notice("ledger-account-no-document", e, value=f"{e.date.isoformat()} {e.kind} {money_str(e.amount)}")
        if k.needs_round and not e.round:
            notice("ledger-account-no-round", e, value=f"{e.date.isoformat()} {e.kind} {money_str(e.amount)}")
    transfers: dict[tuple, list[AccountEntry]] = {}
    for doc, group in by_doc.items():
        others = [e for e in group if ACCOUNT_KINDS[e.kind].group != "transfer"]
        first = group[0]
        for e in group[1:]:
            if e in others or first in others:
                notice("ledger-account-duplicate-document", e, value=doc, first_line=first.line)
    for e in kept:
        if ACCOUNT_KINDS[e.kind].group == "transfer":
            transfers.setdefault((e.doc_no,) if e.doc_no else ("", e.date, e.amount), []).append(e)
    for key, group in transfers.items():
        o = sum((e.amount for e in group if e.kind == "transfer_out"), Decimal(0))
        i = sum((e.amount for e in group if e.kind == "transfer_in"), Decimal(0))
        if o != i:
            e = group[0]
            notice("ledger-account-transfer-unbalanced", e, value=e.doc_no or e.date.isoformat(), out=money_str(o),
                   into=money_str(i), what="appeared from nowhere" if i > o else "disappeared",
                   what_th="เกิดขึ้นจากที่ไม่มีที่มา" if i > o else "หายไป")
    out.extend(_balances(kept, file, flows or {}))
    return out


def distinct_entries(entries: list[AccountEntry]) -> tuple[list[AccountEntry], list[tuple[AccountEntry, AccountEntry]]]:
    """The entries without their repeats (an entry equal to an earlier one in every column but the note), and
    each repeat with the entry it repeats.  Balances are computed on the distinct entries."""
    seen: dict[tuple, AccountEntry] = {}
    kept: list[AccountEntry] = []
    repeats: list[tuple[AccountEntry, AccountEntry]] = []
    for e in entries:
        key = (e.kind, e.date, e.amount, e.account, e.round, e.counterparty, e.doc_no)
        first = seen.get(key)
        if first is not None:
            repeats.append((e, first))
            continue
        seen[key] = e
        kept.append(e)
    return kept, repeats


def _balances(entries: list[AccountEntry], file: str | None,
              flows: Mapping[str, Mapping[int, Decimal]]) -> list[Problem]:
    """Declared balances against the computed ones, and days below zero, account by account."""
    out: list[Problem] = []
    names = sorted({e.account for e in entries} | set(flows))
    for name in names:
        moves: dict[int, Decimal] = dict(flows.get(name, {}))
        declared: list[AccountEntry] = []
        last_entry: dict[int, AccountEntry] = {}
        for e in entries:
            if e.account != name:
                continue
            o = e.date.toordinal()
            if e.kind == "balance":
                declared.append(e)
                continue
            moves[o] = moves.get(o, Decimal(0)) + e.signed
            last_entry[o] = e
        if not declared and not any(ACCOUNT_KINDS[e.kind].sign for e in entries if e.account == name):
            continue  # an account the register never names (only contributions and payouts): nothing to check
        days = sorted(moves)
        declared.sort(key=lambda e: (e.date, e.line))
        running = Decimal(0)
        negative = False
        di = 0
        prev_diff = Decimal(0)
        last_seen: AccountEntry | None = None

        def settle(upto: int) -> None:
            nonlocal di, prev_diff
            while di < len(declared) and declared[di].date.toordinal() <= upto:
                d = declared[di]
                diff = d.amount - running
                if diff and diff != prev_diff:
                    k = ACCOUNT_KINDS[d.kind]
                    out.append(make_problem("ledger-account-balance-mismatch", file=file, line=d.line, col=1,
                                            account=name, date=d.date.isoformat(), declared=money_str(d.amount),
                                            computed=_signed_str(running), difference=_signed_str(diff),
                                            value=f"{name} {d.date.isoformat()}", kind=k.en))
                prev_diff = diff
                di += 1

        for o in days:
            settle(o - 1)
            running += moves[o]
            last_seen = last_entry.get(o, last_seen)
            if running < 0 and not negative:
                day = date.fromordinal(o).isoformat()
                out.append(make_problem("ledger-account-overdrawn", file=file,
                                        line=last_seen.line if last_seen else None,
                                        col=1 if last_seen else None, path=() if last_seen else (name,),
                                        account=name, date=day, balance=_signed_str(running),
                                        value=f"{name} {day}"))
            negative = running < 0
        settle(1 << 30)
    return out


def _signed_str(d: Decimal) -> str:
    return "-" + money_str(-d) if d < 0 else money_str(d)


def ledger_flows(contributions: Iterable[tuple[int, Decimal]], payouts: Iterable[tuple[int, Decimal]]
                 ) -> dict[str, dict[int, Decimal]]:
    """The money of the contributions (in) and the payouts (out), by day, in the ``cash`` account."""
    day: dict[int, Decimal] = {}
    for o, a in contributions:
        day[o] = day.get(o, Decimal(0)) + a
    for o, a in payouts:
        day[o] = day.get(o, Decimal(0)) - a
    return {CASH: day}


def account_totals(entries: list[AccountEntry], since: date | None, until: date) -> dict[str, dict[str, str]]:
    """Count and amount per account kind between ``since`` (inclusive; None: from the start) and ``until``."""
    cells: dict[str, list] = {}
    for e in entries:
        if e.date > until or (since is not None and e.date < since) or e.kind == "balance":
            continue
        c = cells.setdefault(e.kind, [0, Decimal(0)])
        c[0] += 1
        c[1] += e.amount
    return {k: {"count": v[0], "amount": money_str(v[1])} for k, v in sorted(cells.items())}
