"""The accounts and beneficiaries registers of a ledger: every account kind read with its exact amount and sign,
the notices (duplicates, document numbers, rounds, transfers, balances, overdrawn) at their exact rows, and the
beneficiaries' errors and notices."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from swf_rules.books import ACCOUNT_KINDS, account_totals, read_ledger
from swf_rules.core.errors import InputError

MEMBERS = "member_id,birth_date,sex,joined,left,left_reason,died_on\nM1,1960-01-01,female,2020-01-01,,,\n"
CONTRIBUTIONS = "member_id,date,amount,covers\nM1,2020-01-05,30,2020-01\nM1,2020-02-05,30,2020-02\n"
PAYOUTS = ("payout_id,member_id,benefit,event_date,end_date,filed_on,paid_on,units,children,amount,event_ref\n"
           "V1,M1,hospital,2020-02-10,2020-02-12,2020-02-13,2020-02-14,2,,400,\n")
HEAD = "date,kind,amount,account,doc_no,round,counterparty,note\n"


def _books(tmp: Path, accounts: str, beneficiaries: str | None = None) -> Path:
    d = tmp / "books"
    d.mkdir()
    (d / "members.csv").write_text(MEMBERS, encoding="utf-8")
    (d / "contributions.csv").write_text(CONTRIBUTIONS, encoding="utf-8")
    (d / "payouts.csv").write_text(PAYOUTS, encoding="utf-8")
    (d / "accounts.csv").write_text(HEAD + accounts, encoding="utf-8")
    if beneficiaries is not None:
        (d / "beneficiaries.csv").write_text("member_id,name,relationship,national_id,share\n" + beneficiaries,
                                             encoding="utf-8")
    return d


CLEAN = """2020-01-01,opening_balance,1000,cash,,,,
2020-01-01,opening_balance,5000,bank,,,,
2020-01-10,matching_local,2000,bank,R1,2563,อบต.,
2020-01-11,matching_government,365,bank,R2,1,พอช.,
2020-01-12,entry_fee,20,cash,R3,,,
2020-01-13,donation,500,cash,R4,,,
2020-01-14,interest,12.34,bank,R5,,,
2020-01-15,other_income,100,cash,R6,,,
2020-01-20,admin_expense,300,cash,P1,,,
2020-01-21,other_expense,200,cash,P2,,,
2020-01-31,transfer_out,1000,cash,T1,,,
2020-01-31,transfer_in,1000,bank,T1,,,
2020-02-29,balance,8377.34,bank,,,,statement
2020-02-29,balance,-240,cash,,,,count
"""


def test_every_kind_is_read_with_its_sign(tmp_path: Path) -> None:
    led = read_ledger(_books(tmp_path, CLEAN.replace("-240", "0")))
    got = [(e.kind, e.signed, e.account) for e in led.accounts]
    assert got == [("opening_balance", Decimal(1000), "cash"), ("opening_balance", Decimal(5000), "bank"),
                   ("matching_local", Decimal(2000), "bank"), ("matching_government", Decimal(365), "bank"),
                   ("entry_fee", Decimal(20), "cash"), ("donation", Decimal(500), "cash"),
                   ("interest", Decimal("12.34"), "bank"), ("other_income", Decimal(100), "cash"),
                   ("admin_expense", Decimal(-300), "cash"), ("other_expense", Decimal(-200), "cash"),
                   ("transfer_out", Decimal(-1000), "cash"), ("transfer_in", Decimal(1000), "bank"),
                   ("balance", Decimal(0), "bank"), ("balance", Decimal(0), "cash")]
    assert {k for k, _, _ in got} == set(ACCOUNT_KINDS)
    # cash: 1000 + 20 + 500 + 100 - 300 - 200 - 1000 + 60 contributions - 400 payout = -220 at the end of 2020-02-14
    assert [(p.code, p.line, p.params.get("date"), p.params.get("balance")) for p in led.notices] == [
        ("ledger-account-overdrawn", 12, "2020-02-14", "-220"),
        ("ledger-account-balance-mismatch", 15, "2020-02-29", None),
    ]
    assert led.notices[1].message_en == ("the declared balance of account 'cash' on 2020-02-29 is 0, but the books "
                                         "give -220 (difference 220)")
    assert account_totals(led.accounts, date(2020, 1, 12), date(2020, 1, 20)) == {
        "admin_expense": {"count": 1, "amount": "300"}, "donation": {"count": 1, "amount": "500"},
        "entry_fee": {"count": 1, "amount": "20"}, "interest": {"count": 1, "amount": "12.34"},
        "other_income": {"count": 1, "amount": "100"}}


def test_a_reconciled_book_has_no_notice(tmp_path: Path) -> None:
    fixed = CLEAN.replace("2020-01-20,admin_expense,300", "2020-01-20,admin_expense,40").replace("-240", "40")
    assert read_ledger(_books(tmp_path, fixed)).notices == []


def test_each_notice_at_its_row(tmp_path: Path) -> None:
    rows = """2020-01-01,opening_balance,1000,cash,,,,
2020-01-01,opening_balance,5000,bank,,,,
2020-01-10,matching_local,2000,bank,R1,,อบต.,
2020-01-10,matching_local,2000,bank,R1,,อบต.,
2020-01-12,donation,500,cash,,,,
2020-01-13,donation,600,cash,R1,,,
2020-01-31,transfer_out,1000,cash,T1,,,
2020-01-31,transfer_in,900,bank,T1,,,
2020-02-29,balance,8000,bank,,,,
2020-03-31,balance,8000,bank,,,,
2020-04-30,balance,8100,bank,,,,
"""
    led = read_ledger(_books(tmp_path, rows))
    got = [(p.code, p.line, p.value) for p in led.notices]
    assert got == [
        ("ledger-account-no-round", 4, "2020-01-10 matching_local 2000"),
        ("ledger-account-duplicate", 5, "R1"),
        ("ledger-account-no-document", 6, "2020-01-12 donation 500"),
        ("ledger-account-duplicate-document", 7, "R1"),
        ("ledger-account-transfer-unbalanced", 8, "T1"),
        ("ledger-account-balance-mismatch", 10, "bank 2020-02-29"),
        ("ledger-account-balance-mismatch", 12, "bank 2020-04-30"),
    ]
    # the difference of 2020-02-29 (a transfer that lost 100) is shown once (on 2020-03-31 it is the same); the
    # duplicate matching money is left out of the balances
    assert [p.params["difference"] for p in led.notices if p.code.endswith("mismatch")] == ["100", "200"]
    assert all(p.severity == "warning" for p in led.notices)
    assert led.notices[4].message_th == "การโอน 'T1' โอนออก 1000 แต่รับเข้า 900: เงินหายไป"


def test_bad_account_rows_are_errors(tmp_path: Path) -> None:
    rows = "2020-01-01,ยอดยกมา,1000,เงินสด,,,,\n2020-01-02,loan,5,cash,X,,,\n2563-01-03,donation,5,cash,X2,,,\n" \
           "2020-01-04,donation,-5,cash,X3,,,\n"
    with pytest.raises(InputError) as e:
        read_ledger(_books(tmp_path, rows))
    assert [(p.code, p.line, p.col) for p in e.value.problems] == [
        ("not-allowed", 3, 2), ("undeclared-buddhist-date", 4, 1), ("money-negative", 5, 3)]


def test_beneficiaries(tmp_path: Path) -> None:
    rows = ("M1,ก สมมุติ,บุตร,0-0123-45678-90-9,1/2\nM1,ข สมมุติ,มารดา,0012345678901,50%\n")
    led = read_ledger(_books(tmp_path, "", rows))
    assert [(b.name, b.relationship, b.national_id, b.share) for b in led.beneficiaries["M1"]] == [
        ("ก สมมุติ", "บุตร", "0012345678909", Fraction(1, 2)), ("ข สมมุติ", "มารดา", "0012345678901", Fraction(1, 2))]
    assert [(p.code, p.line, p.col, p.value) for p in led.notices] == [
        ("ledger-national-id-checksum", 3, 4, "0012345678901")]


def test_beneficiary_errors(tmp_path: Path) -> None:
    rows = "M1,ก,บุตร,12345,1/2\nM1,ข,มารดา,,0.25\nM9,ค,บิดา,,\nM1,,บุตร,,1/4\n"
    with pytest.raises(InputError) as e:
        read_ledger(_books(tmp_path, "", rows))
    assert [(p.code, p.line, p.col, p.value) for p in e.value.problems] == [
        ("ledger-national-id-format", 2, 4, "12345"), ("ledger-beneficiary-shares", 3, 5, "M1"),
        ("unknown-member", 4, 1, "M9"), ("missing-field", 5, 2, None)]
    assert e.value.problems[1].message_en == "the shares of the beneficiaries of member 'M1' add up to 1/4, not 1"
