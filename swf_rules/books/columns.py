"""The ledger's three files and their columns (documented in ``docs/ledger.md``).

What every part of the package agrees on: the file kinds, each kind's fields in the order they are written and
whether they are required, the register dates that may be year-only, and the prefix of a payout's detail columns.
"""

from __future__ import annotations

import re

from ..core.errors import did_you_mean
from ..core.model import FUND_ID_PATTERN, IDENT_PATTERN


KINDS = ("members", "contributions", "payouts")
OPTIONAL_KINDS = ("accounts", "beneficiaries")  # registers a ledger may hold besides the three (docs/ledger.md)
ALL_KINDS = KINDS + OPTIONAL_KINDS

# field -> required?  (order = the column order written by write_ledger_files)
FIELDS: dict[str, dict[str, bool]] = {
    "members": {"member_id": True, "birth_date": True, "sex": True, "joined": True, "left": False,
                "left_reason": False, "died_on": False},
    "contributions": {"member_id": True, "date": True, "amount": True, "covers": True},
    "payouts": {"payout_id": True, "member_id": True, "benefit": True, "event_date": True, "end_date": False,
                "filed_on": False, "paid_on": False, "units": False, "children": False, "amount": True,
                "event_ref": False, "decided_on": False, "meeting": False, "approver": False},
    "accounts": {"date": True, "kind": True, "amount": True, "account": False, "doc_no": False, "round": False,
                 "counterparty": False, "note": False},
    "beneficiaries": {"member_id": True, "name": True, "relationship": True, "national_id": False, "share": False},
}
COMMITTEE_FIELDS = ("decided_on", "meeting", "approver")  # payouts: the committee's decision, when the books keep it
YEAR_ONLY_FIELDS = frozenset({"birth_date", "joined", "left", "died_on"})
DETAILS_PREFIX = "details."

IDENTIFIER = re.compile(IDENT_PATTERN)  # detail names (and swf-rules/1 fund ids)
FUND_ID = re.compile(FUND_ID_PATTERN)  # fund ids as the regulation language reads them (swf-rules/2: nong-phai)


def column_hint(value: str, options: list[str]) -> tuple[str, str] | None:
    """The hint for an unknown column: the column meant, or the columns there are (th/en)."""
    return did_you_mean(value, options, ("columns: " + ", ".join(options), "คอลัมน์ที่ใช้ได้: " + ", ".join(options)))
