"""Books for the tests of the workbench's fund pages and the reports' API: a synthetic chamung fund with its
accounts and beneficiaries registers and planted mistakes (no real person), as a ledger folder and as the template
workbook a fund would upload."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from web_fixtures import ROOT

START = date(2021, 10, 1)
AS_OF = "2024-09-30"
PLANT = {"matching_no_round": 1, "balance_off": 1, "lapse_unrecorded": 1, "beneficiary_missing": 1}


def accounts_books(tmp: Path, name: str = "chamung-acc") -> tuple[Path, Path]:
    """(the folder of ledgers holding ``name``, the same books as ``books.xlsx``)."""
    from swf_rules import load_regulation
    from swf_rules.synth import add_accounts, ledger, write_ledger
    reg = load_regulation(ROOT / "regulations" / "chamung.yaml")
    books = ledger(reg, seed=7, members=60, years=3, start=START)
    add_accounts(books, seed=7, start=START, years=3, plant=dict(PLANT))
    folder = tmp / "books"
    write_ledger(books, folder / name, xlsx=tmp / "books.xlsx")
    return folder, tmp / "books.xlsx"


__all__ = ["AS_OF", "PLANT", "START", "accounts_books"]
