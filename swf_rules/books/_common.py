"""What :func:`read_ledger` and :func:`stream_ledger` share: opening a ledger, reading its member register, and
listing what was skipped."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from ..core.errors import InputError, Problem, make_problem, rank
from .manifest import Manifest, read_manifest
from .records import MemberRecord
from ._members import read_members


def open_ledger(directory: str | Path, manifest: str | Path | None, calendar: str | None,
                periods: Iterable[str] | None) -> tuple[Manifest, Callable[[str], str], set[str] | None]:
    """The manifest, each file's calendar, and the instalment schedules allowed (shared by both readers)."""
    d = Path(directory)
    if not d.is_dir():
        raise InputError([make_problem("file-not-found", file=str(d))])
    man = read_manifest(d, manifest)
    default_cal = calendar or man.calendar or "gregorian"

    def cal_of(kind: str) -> str:
        return man.files[kind].calendar or default_cal

    return man, cal_of, set(periods) if periods is not None else None


def read_register(man: Manifest, cal_of: Callable[[str], str], problems: list[Problem],
                  bad_members: set[str]) -> tuple[dict[str, MemberRecord], bool]:
    """The member register (member id -> record), and whether it could be read at all.

    A register that could not be read at all (bad header, unreadable file) would make every other row an
    "unknown member": then only the register's problems are reported."""
    before = len(problems)
    members = read_members(man.files["members"], cal_of("members"), problems, bad_members)
    known = not any(p.line in (None, 1) and p.file == str(man.files["members"].path) for p in problems[before:])
    return members, known


def list_skipped(man: Manifest, problems: list[Problem], bad_members: set[str], member_rows: dict[str, MemberRecord],
                 dropped: dict[str, int], left_out: Iterable[tuple[str, int]],
                 unknown: Iterable[tuple[str, int, int]]) -> list[Problem]:
    """With ``skip_bad_rows``: every problem, plus what was left out because of them.  A member whose own rows
    are bad cannot be judged, so their other rows (``dropped`` instalments, ``left_out`` payouts) are left out
    too and the member leaves ``member_rows``; with a register that could not be read, nobody's payouts can be
    judged (``unknown``)."""
    skipped = list(problems)
    cfile = str(man.files["contributions"].path)
    pfile = str(man.files["payouts"].path)
    if bad_members:
        for mid in sorted(bad_members):
            member_rows.pop(mid, None)
            if dropped.get(mid):
                skipped.append(make_problem("ledger-skipped-member", file=cfile, value=mid,
                                            count=dropped[mid], what="contributions"))
        for mid, line in left_out:
            skipped.append(make_problem("ledger-skipped-member", file=pfile, line=line, col=1,
                                        value=mid, count=1, what="payout"))
    for mid, line, col in unknown:
        skipped.append(make_problem("unknown-member", file=pfile, line=line, col=col, value=mid))
    return rank(skipped)
