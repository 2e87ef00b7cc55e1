"""The fund's books: a ledger (members, contributions, payouts) read from CSV or JSON Lines, checked, and written.

The columns are documented in ``docs/ledger.md``.  A ledger is a directory of three files, named in an optional
``ledger.yaml`` (:func:`read_manifest`).  :func:`read_ledger` reads and checks it whole, reporting every bad row
with file, line and column (or, with ``skip_bad_rows``, leaving them out and listing them);
:func:`stream_ledger` checks it the same way while keeping the instalments and payouts on disk, one partition of
members at a time, for books too long to hold.  :func:`write_ledger_files` writes one.

Modules: ``columns`` (file kinds and fields), ``manifest`` (``ledger.yaml``), ``records`` (what a read ledger
holds), ``construct`` (history values built without validation), ``read`` and ``stream`` (the two readers),
``write``; the optional registers: ``accounts`` (the fund's whole money: kinds, entries, the checks that it
reconciles) and ``beneficiaries``, read by ``_registers``; ``importer`` (``swf-rules import``: workbooks and
Thai-Windows CSV exports converted into a ledger).  Private: ``_source`` (rows of a CSV or JSON Lines file), ``_values`` (cell values), ``_members``,
``_contributions``, ``_payouts`` (the checks of each file), ``_common`` (what both readers share), ``_spool``
(the streamed reader's partition files).
"""

from .accounts import ACCOUNT_KINDS, AccountEntry, AccountKind, account_totals, check_accounts
from .beneficiaries import BeneficiaryRow, national_id_check_digit, national_id_digits, national_id_ok, parse_share
from .columns import ALL_KINDS, FIELDS, OPTIONAL_KINDS
from .construct import build_member, contribution, new_claim, new_payout
from .manifest import FileSpec, Manifest, read_manifest
from .read import read_ledger
from .records import Ledger, MemberRecord, PayoutRow, satang_to_decimal
from .stream import PARTITION_ROWS, PartitionedLedger, stream_ledger
from .write import write_ledger_files

__all__ = [
    "ACCOUNT_KINDS",
    "ALL_KINDS",
    "AccountEntry",
    "AccountKind",
    "BeneficiaryRow",
    "FIELDS",
    "FileSpec",
    "Ledger",
    "Manifest",
    "MemberRecord",
    "OPTIONAL_KINDS",
    "PARTITION_ROWS",
    "PartitionedLedger",
    "PayoutRow",
    "account_totals",
    "build_member",
    "check_accounts",
    "contribution",
    "national_id_check_digit",
    "national_id_digits",
    "national_id_ok",
    "new_claim",
    "new_payout",
    "parse_share",
    "read_ledger",
    "read_manifest",
    "satang_to_decimal",
    "stream_ledger",
    "write_ledger_files",
]
