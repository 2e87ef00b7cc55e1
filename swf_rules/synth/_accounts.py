"""A synthetic fund's whole money: the accounts register (opening balances, matching money, entry fees, donations,
interest, expenses, transfers between cash and bank, declared balances) and the beneficiaries register, drawn
from the fund's books so that they reconcile exactly, with planted mistakes on request.

Every random choice comes from ``random.Random(f"swf-synth:{seed}:accounts")`` (and ``:beneficiaries``,
``:plant-books``), separate from the streams the members and payouts are drawn from, so adding the accounts
changes nothing else.  Names are made up (``ผู้รับสมมุติ``) and national IDs start with ``00``, a prefix no Thai
national holds.
"""

from __future__ import annotations

import random
from fractions import Fraction
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ..books import AccountEntry, BeneficiaryRow, national_id_check_digit
from ..core.dates import fiscal_year, month_end
from ..core.errors import InputError, make_problem

ACCOUNT_PLANT_KINDS = ("matching_twice", "matching_no_round", "income_no_document", "expense_no_document",
                       "transfer_one_sided", "balance_off", "beneficiary_bad_id")
"""Mistakes that can be planted in the accounts and beneficiaries (``--plant``); ``all=N`` does not include them."""

_RELATIONSHIPS = ("บุตร", "สามี/ภรรยา", "มารดา", "บิดา", "พี่/น้อง", "หลาน")
_CENT = Decimal("0.01")


def fund_accounts(members: list[Any], payouts: list[Any], seed: int, start: date, end: date) -> list[AccountEntry]:
    """The accounts register of a fund whose members and payouts are given: it reconciles to the satang."""
    rng = random.Random(f"swf-synth:{seed}:accounts")
    cash_in: dict[date, Decimal] = {}
    for m in members:
        for c in m.contributions:
            cash_in[c.date] = cash_in.get(c.date, Decimal(0)) + c.amount
    cash_out: dict[date, Decimal] = {}
    for p in payouts:
        d = p.paid_on or p.event_date
        cash_out[d] = cash_out.get(d, Decimal(0)) + p.amount
    joins: dict[date, int] = {}
    for m in members:
        s = min(x.start for x in m.spells)
        joins[s] = joins.get(s, 0) + 1
    planned: dict[date, list[tuple[str, Decimal, str, str | None, str | None]]] = {}

    def plan(d: date, kind: str, amount: Decimal, account: str, rnd: str | None = None, who: str | None = None) -> None:
        if start <= d <= end:
            planned.setdefault(d, []).append((kind, amount, account, rnd, who))

    fy_contrib: dict[int, Decimal] = {}
    for d, a in cash_in.items():
        fy_contrib[fiscal_year(d)] = fy_contrib.get(fiscal_year(d), Decimal(0)) + a
    first_fy, last_fy = fiscal_year(start), fiscal_year(end)
    for fy in range(first_fy + 1, last_fy + 1):
        y = fy - 543  # the C.E. year the fiscal year ends in
        if fy_contrib.get(fy - 1):
            plan(date(y - 1, 12, 15), "matching_local", fy_contrib[fy - 1], "bank", str(fy - 1), "อบต. (สมมุติ)")
        on = date(y, 3, 1)
        full = sum(1 for m in members if any(s.start <= on - timedelta(days=365) and (s.end is None or s.end > on)
                                             for s in m.spells) and (m.died_on is None or m.died_on > on))
        if full:
            plan(on, "matching_government", Decimal(365 * full), "bank", str(fy - first_fy), "พอช.")
        for _ in range(2):
            plan(date(y - 1, 10, 1) + timedelta(days=rng.randrange(360)), "donation",
                 Decimal(rng.randrange(5, 31) * 100), "cash", None, "ผู้บริจาค (สมมุติ)")
        plan(date(y, 9, 20), "other_expense", Decimal(rng.randrange(10, 21) * 100), "cash", None, "ร้านค้า (สมมุติ)")
    for d, n in joins.items():
        plan(d, "entry_fee", Decimal(20 * n), "cash")
    out: list[AccountEntry] = []
    docs = {"in": 0, "out": 0, "tr": 0}

    def doc(kind: str) -> str:
        docs[kind] += 1
        return {"in": "RV", "out": "PV", "tr": "TR"}[kind] + f"-{docs[kind]:05d}"

    bal = {"cash": Decimal(1000), "bank": Decimal(20000)}
    out.append(AccountEntry(start, "opening_balance", bal["cash"], "cash"))
    out.append(AccountEntry(start, "opening_balance", bal["bank"], "bank"))

    def transfer(d: date, amount: Decimal, frm: str, to: str) -> None:
        n = doc("tr")
        out.append(AccountEntry(d, "transfer_out", amount, frm, n))
        out.append(AccountEntry(d, "transfer_in", amount, to, n))
        bal[frm] -= amount
        bal[to] += amount

    last = max([end, *cash_in, *cash_out])  # payouts of the last claims are paid after the period
    d = start
    while d <= last:
        bal["cash"] += cash_in.get(d, Decimal(0))
        for kind, amount, account, rnd, who in planned.get(d, ()):
            sign = -1 if kind.endswith("expense") else 1
            if sign < 0 and account == "cash" and bal["cash"] < amount + 500:
                transfer(d, _thousands(amount + 1000 - bal["cash"]), "bank", "cash")
            out.append(AccountEntry(d, kind, amount, account, doc("in" if sign > 0 else "out"), rnd, who))
            bal[account] += sign * amount
        if d.day == 25:
            a = Decimal(rng.randrange(15, 61) * 10)
            if bal["cash"] < a + 500:
                transfer(d, _thousands(a + 1000 - bal["cash"]), "bank", "cash")
            out.append(AccountEntry(d, "admin_expense", a, "cash", doc("out"), None, None, "ค่าวัสดุและประชุม"))
            bal["cash"] -= a
        paid = cash_out.get(d, Decimal(0))
        if paid and bal["cash"] - paid < 500:
            transfer(d, _thousands(paid + 1000 - bal["cash"]), "bank", "cash")
        bal["cash"] -= paid
        if (d.month, d.day) in ((6, 30), (12, 31)):
            i = (bal["bank"] * Decimal("0.0025")).quantize(_CENT)
            if i > 0:
                out.append(AccountEntry(d, "interest", i, "bank", doc("in"), None, "ธนาคาร (สมมุติ)"))
                bal["bank"] += i
        if d == month_end(d.year, d.month) and bal["cash"] > 5000:
            transfer(d, ((bal["cash"] - 3000) // 100) * 100, "cash", "bank")
        if (d.month, d.day) == (9, 30) or d == last:
            for acc in ("cash", "bank"):
                out.append(AccountEntry(d, "balance", bal[acc], acc, None, None, None,
                                        "นับเงินสด" if acc == "cash" else "ตามสมุดบัญชีธนาคาร"))
        d += timedelta(days=1)
    return out


def _thousands(x: Decimal) -> Decimal:
    return Decimal(-(-x // 1000) * 1000)


def fund_beneficiaries(members: list[Any], seed: int) -> list[BeneficiaryRow]:
    """One or two made-up beneficiaries per member, with valid made-up national IDs (prefix ``00``)."""
    rng = random.Random(f"swf-synth:{seed}:beneficiaries")
    out: list[BeneficiaryRow] = []
    for m in members:
        n = 1 if rng.random() < 0.7 else 2
        for k in range(n):
            first12 = "00" + "".join(str(rng.randrange(10)) for _ in range(10))
            nid = first12 + national_id_check_digit(first12)
            out.append(BeneficiaryRow(m.member_id, f"ผู้รับสมมุติ {m.member_id}-{k + 1}", rng.choice(_RELATIONSHIPS),
                                      nid, None if n == 1 else Fraction(1, 2)))
    return out


def plant_books(entries: list[AccountEntry], beneficiaries: list[BeneficiaryRow], plant: dict[str, int],
                seed: int) -> list[dict[str, str]]:
    """Plant the requested mistakes; the notices each must produce: [{plant, code, value}], in planting order."""
    rng = random.Random(f"swf-synth:{seed}:plant-books")
    used: set[int] = set()
    expected: list[dict[str, str]] = []

    def pick(kind: str, cands: list[int], n: int) -> list[int]:
        cands = [i for i in cands if i not in used]
        if len(cands) < n:
            raise InputError([make_problem("synth-cannot-plant", path=("plant", kind), value=kind,
                                           detail=f"found {len(cands)} entries of the {n} requested")])
        got = sorted(rng.sample(cands, n))
        used.update(got)
        return got

    def ident(e: AccountEntry) -> str:
        return f"{e.date.isoformat()} {e.kind} {_money(e.amount)}"

    def want(kind: str, code: str, value: str) -> None:
        expected.append({"plant": kind, "code": code, "value": value})

    matching = [i for i, e in enumerate(entries) if e.kind.startswith("matching")]
    for i in sorted(pick("matching_twice", matching, plant.get("matching_twice", 0)), reverse=True):
        e = entries[i]
        entries.insert(i + 1, AccountEntry(**e.__dict__))
        want("matching_twice", "ledger-account-duplicate", e.doc_no or "")
    twice = {x["value"] for x in expected}
    used.clear()
    used.update(i for i, e in enumerate(entries) if e.doc_no in twice)
    matching = [i for i, e in enumerate(entries) if e.kind.startswith("matching")]
    for i in pick("matching_no_round", matching, plant.get("matching_no_round", 0)):
        entries[i].round = None
        want("matching_no_round", "ledger-account-no-round", ident(entries[i]))
    for kind, group in (("income_no_document", ("donation", "interest", "entry_fee")),
                        ("expense_no_document", ("admin_expense", "other_expense"))):
        for i in pick(kind, [i for i, e in enumerate(entries) if e.kind in group], plant.get(kind, 0)):
            entries[i].doc_no = None
            want(kind, "ledger-account-no-document", ident(entries[i]))
    taken: set[date] = set()  # one missing transfer per declared bank balance, so each shows as its own difference
    for _ in range(plant.get("transfer_one_sided", 0)):
        ins = [i for i, e in enumerate(entries) if e.kind == "transfer_in" and e.account == "bank"
               and _next_balance(entries, i, "bank") not in taken]
        [i] = pick("transfer_one_sided", ins, 1)
        nxt = _next_balance(entries, i, "bank")
        e = entries.pop(i)
        taken.add(nxt)
        want("transfer_one_sided", "ledger-account-transfer-unbalanced", e.doc_no or "")
        want("transfer_one_sided", "ledger-account-balance-mismatch", f"bank {nxt.isoformat()}")
        shifted = {u - 1 if u > i else u for u in used}
        used.clear()
        used.update(shifted)
    cash_bal = [i for i, e in enumerate(entries) if e.kind == "balance" and e.account == "cash"]
    for i in pick("balance_off", cash_bal, plant.get("balance_off", 0)):
        entries[i].amount += 100
        want("balance_off", "ledger-account-balance-mismatch", f"cash {entries[i].date.isoformat()}")
    with_id = [i for i, b in enumerate(beneficiaries) if b.national_id]
    for i in pick("beneficiary_bad_id", with_id, plant.get("beneficiary_bad_id", 0)):
        b = beneficiaries[i]
        assert b.national_id is not None
        b.national_id = b.national_id[:12] + str((int(b.national_id[12]) + 1) % 10)
        want("beneficiary_bad_id", "ledger-national-id-checksum", b.national_id)
    return expected


def _next_balance(entries: list[AccountEntry], i: int, account: str) -> date:
    return next(x.date for x in entries[i:] if x.kind == "balance" and x.account == account)


def _money(d: Decimal) -> str:
    from ..core.money import money_str
    return money_str(d)
