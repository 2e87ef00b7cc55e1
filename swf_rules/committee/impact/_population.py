"""The population re-decided: members and claims files read together, every problem in both reported at once with
its file and JSON path (bad rows, duplicate ids, claims for unknown members)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...core.errors import InputError, Problem, make_problem
from ...core.history import Claim, Member, parse_claim, parse_member, parse_rows
from ...core.limits import MAX_DATA_BYTES, read_limited
from ...core.load import load_json_text


@dataclass(frozen=True)
class Population:
    members: list[Member]
    claims: list[Claim]
    members_file: str | None = None
    claims_file: str | None = None
    claims_prefix: tuple[str | int, ...] = ()  # JSON path of the claims list in its file

    def claim_path(self, i: int, *rest: str | int) -> tuple[str | int, ...]:
        return self.claims_prefix + (i,) + rest


MAX_POPULATION_BYTES = MAX_DATA_BYTES  # members and claims files of a whole fund are far larger than a regulation


def _read_rows(path: str | Path, key: str, parse: Any) -> tuple[list[Any], list[Any], tuple[str, ...], list[Problem]]:
    """A JSON list of rows, or ``{"calendar": ..., key: [...]}``: (parsed rows, raw rows, JSON path of the list,
    problems).  Every bad row is reported with the file and its JSON path; good rows are still returned so that
    checks across rows can run in the same pass."""
    file = str(path)
    raw_bytes = read_limited(path, MAX_POPULATION_BYTES, InputError)
    data = load_json_text(raw_bytes, file=file, error=InputError)
    prefix: tuple[str, ...] = ()
    calendar = None
    if isinstance(data, dict) and key in data:
        prefix, calendar, data = (key,), data.get("calendar"), data[key]
    if not isinstance(data, list):
        raise InputError([make_problem("wrong-type", file=file, path=prefix, expected=f"a list of {key}",
                                       found=type(data).__name__)])
    rows, problems = parse_rows(data, parse, file, prefix, calendar)
    return rows, data, prefix, problems


def load_population(members_path: str | Path, claims_path: str | Path) -> Population:
    """Members and claims files (JSON lists, or ``{"calendar": ..., "members"/"claims": [...]}``), every problem
    in both reported at once with its file and JSON path: bad rows, duplicate ids, claims for unknown members."""
    problems: list[Problem] = []
    mfile, cfile = str(members_path), str(claims_path)
    members: list[Member] = []
    claims: list[Claim] = []
    raw_members: list[Any] = []
    raw_claims: list[Any] = []
    mprefix: tuple[str, ...] = ()
    cprefix: tuple[str, ...] = ()
    try:
        members, raw_members, mprefix, found = _read_rows(members_path, "members", parse_member)
        problems.extend(found)
    except InputError as e:
        problems.extend(e.problems)
    try:
        claims, raw_claims, cprefix, found = _read_rows(claims_path, "claims", parse_claim)
        problems.extend(found)
    except InputError as e:
        problems.extend(e.problems)
    seen: dict[str, int] = {}
    for i, m in enumerate(raw_members):
        mid = m.get("member_id") if isinstance(m, dict) else None
        if not isinstance(mid, str):
            continue
        if mid in seen:
            problems.append(make_problem("duplicate-member-id", file=mfile, path=mprefix + (i, "member_id"),
                                         value=mid, first=seen[mid]))
        else:
            seen[mid] = i
    seen_claims: set[str] = set()
    for i, c in enumerate(raw_claims):
        if not isinstance(c, dict):
            continue
        cid, mid = c.get("claim_id"), c.get("member_id")
        if isinstance(cid, str):
            if cid in seen_claims:
                problems.append(make_problem("duplicate-claim-id", file=cfile, path=cprefix + (i, "claim_id"),
                                             value=cid))
            seen_claims.add(cid)
        if isinstance(mid, str) and raw_members and mid not in seen:
            problems.append(make_problem("unknown-member", file=cfile, path=cprefix + (i, "member_id"),
                                         value=mid, hint=(f"add member {mid} to {mfile}",
                                                          f"เพิ่มสมาชิก {mid} ใน {mfile}")))
    if problems:
        raise InputError(problems)
    return Population(members, claims, mfile, cfile, cprefix)
