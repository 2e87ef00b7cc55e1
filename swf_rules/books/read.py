"""Reading a whole ledger into memory: strict and complete.

Every bad row is reported with file, line and column, all of them, and nothing is returned until the whole ledger
is valid -- unless ``skip_bad_rows`` is given, in which case the bad rows (and the rows of members whose own rows
are bad) are listed in :attr:`Ledger.skipped` and left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..core.errors import InputError, Problem, rank
from .records import Ledger, PayoutRow
from ._common import list_skipped, open_ledger, read_register
from ._contributions import read_contributions
from ._payouts import read_payouts
from ._registers import daily_flows, read_accounts, read_beneficiaries
from .accounts import check_accounts


def read_ledger(directory: str | Path, *, calendar: str | None = None, manifest: str | Path | None = None,
                fund: str | None = None, periods: Iterable[str] | None = None,
                skip_bad_rows: bool = False) -> Ledger:
    """Read and check a whole ledger; raise :class:`InputError` listing every bad row (file, line, column).

    ``calendar`` is the calendar of files whose manifest entry does not declare one (default C.E.).
    ``periods`` (``{"month"}``, ``{"year"}``; language version 2: any of :data:`swf_rules.core.schedules.PERIODS`,
    :func:`~swf_rules.core.schedules.regulation_periods`) checks each instalment's ``covers`` against the fund's
    schedules.
    With ``skip_bad_rows`` the bad rows are left out and listed in :attr:`Ledger.skipped` instead.
    """
    man, cal_of, allowed_periods = open_ledger(directory, manifest, calendar, periods)
    problems: list[Problem] = []
    bad_members: set[str] = set()
    member_rows, members_known = read_register(man, cal_of, problems, bad_members)
    counts = {"members": len(member_rows)}
    dropped: dict[str, int] = {}
    n_contrib = read_contributions(man.files["contributions"], cal_of("contributions"), member_rows, problems,
                                   bad_members, allowed_periods, dropped, members_known)
    unknown: list[tuple[str, int, int]] = []
    payouts, n_pay = read_payouts(man.files["payouts"], cal_of("payouts"), member_rows, problems, bad_members,
                                  members_known, unknown=unknown)
    counts["contributions"] = n_contrib
    counts["payouts"] = n_pay
    accounts, beneficiaries, notices = [], {}, []
    if "accounts" in man.files:
        accounts = read_accounts(man.files["accounts"], cal_of("accounts"), problems)
    if "beneficiaries" in man.files:
        beneficiaries = read_beneficiaries(man.files["beneficiaries"], member_rows, members_known, problems, notices)
    notices += [p for p in rank(problems) if p.severity == "notice"]  # irregular rows, kept: not problems
    problems = [p for p in rank(problems) if p.severity != "notice"]
    skipped: list[Problem] = []
    if problems:
        if not skip_bad_rows:
            raise InputError(problems)
        left_out = [(p.member_id, p.line) for p in payouts if p.member_id in bad_members]
        payouts = [p for p in payouts if p.member_id not in bad_members]
        skipped = list_skipped(man, problems, bad_members, member_rows, dropped, left_out, unknown)
    payouts.sort(key=PayoutRow.order_key)
    if "accounts" in man.files:
        notices.extend(check_accounts(accounts, str(man.files["accounts"].path), daily_flows(member_rows, payouts)))
    return Ledger(fund=fund or man.fund, members=member_rows, payouts=payouts, skipped=skipped, counts=counts,
                  files={k: str(s.path) for k, s in man.files.items()}, accounts=accounts,
                  beneficiaries=beneficiaries, notices=rank(notices))
