"""A deterministic synthetic population: members joining a fund over the years, and the claims they make.

The population is shaped like a Thai subdistrict fund (see docs/auditors.md): a founding cohort joins in the
first two months and the others join in yearly enrolment rounds; each member's life is drawn by
:mod:`._lives` and their claims by :mod:`._claims`.  Members are numbered in joining order and claims in date
order, so the same arguments give the same files.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..core.dates import add_years
from ..core.errors import InputError, make_problem
from ..core.history import Claim, ClaimPerson, Member
from ..core.validate import Regulation
from ._claims import RawClaim
from ._fund import DAY, Fund
from ._lives import AGE_PROFILES, member_life


@dataclass
class Population:
    members: list[Member]
    claims: list[Claim]  # sorted by (event_date, claim_id)
    event_refs: dict[str, str] = field(default_factory=dict)  # claim id -> the real-world event (births)


def population(regulation: Regulation, *, seed: int, members: int, years: int, start: date,
               age_profile: str = "rural") -> Population:
    """A synthetic fund of ``members`` members over ``years`` years from ``start`` (deterministic in ``seed``)."""
    _check_args(regulation, members, years, start, age_profile)
    end = add_years(start, years) - DAY
    fund = Fund(regulation, start, end)
    rng = random.Random(f"swf-synth:{seed}:cohorts")
    founding = max(1, round(members * 0.5)) if years > 1 else members
    joins: list[tuple[date, int]] = []
    for i in range(members):
        if i < founding:
            j = start + timedelta(days=rng.randrange(60))
        else:
            y = 1 + min(rng.randrange(years - 1), rng.randrange(years - 1))  # more join in the early years
            j = add_years(start, y) + timedelta(days=rng.randrange(60))
        joins.append((j, i))
    joins.sort()
    width = max(5, len(str(members)))
    out_members: list[Member] = []
    raw_claims: list[RawClaim] = []
    for n, (j, i) in enumerate(joins, 1):
        mid = f"M{n:0{width}d}"
        mrng = random.Random(f"swf-synth:{seed}:member:{i}")
        m, claims = member_life(fund, mrng, mid, j, age_profile)
        out_members.append(m)
        raw_claims.extend(claims)
    raw_claims.sort(key=lambda c: (c[0], c[1], c[2], c[3].get("_k", 0)))
    claims: list[Claim] = []
    refs: dict[str, str] = {}
    for k, (ev, mid, benefit, kw, ref) in enumerate(raw_claims, 1):
        cid = f"C{k:07d}"
        kw.pop("_k", None)
        claims.append(Claim.model_construct(claim_id=cid, member_id=mid, benefit=benefit, event_date=ev,
                                            end_date=kw.get("end_date"), filed_on=kw.get("filed_on"),
                                            units=kw.get("units"), children=kw.get("children"),
                                            details=kw.get("details", {}), calendar="gregorian",
                                            **_person(kw)))
        if ref is not None:
            refs[cid] = ref
    claims.sort(key=lambda c: (c.event_date, c.claim_id))
    return Population(out_members, claims, refs)


def _person(kw: dict[str, Any]) -> dict[str, Any]:
    """The claim's ``person`` (swf-rules/2), only when the benefit asks for one: a claim without it keeps its
    fields (and bytes) as before."""
    person = kw.get("person")
    return {} if person is None else {"person": ClaimPerson(**person)}


def _check_args(regulation: Regulation, members: int, years: int, start: date, age_profile: str) -> None:
    problems = []
    if not isinstance(regulation, Regulation):
        from ..core.errors import UsageError
        raise UsageError("population() needs a Regulation from load_regulation()")
    if members < 1:
        problems.append(make_problem("out-of-range", path=("members",), value=str(members), detail="at least 1"))
    if years < 1:
        problems.append(make_problem("out-of-range", path=("years",), value=str(years), detail="at least 1"))
    if age_profile not in AGE_PROFILES:
        problems.append(make_problem("not-allowed", path=("age_profile",), value=age_profile,
                                     hint=(f"use one of {sorted(AGE_PROFILES)}",
                                           f"ใช้ค่าใดค่าหนึ่งจาก {sorted(AGE_PROFILES)}")))
    if problems:
        raise InputError(problems)
    regulation.in_force(start)  # LookupProblem when no version is in force on the first day


def write_population(pop: Population, directory: str | Path) -> list[Path]:
    """``members.json`` and ``claims.json`` (loadable by swf_rules.core.history.load_members / load_claims)."""
    from ..core.output import make_dir, write_atomic
    d = make_dir(directory, parents=True)
    members = [_dump(m.model_dump(mode="json", exclude={"calendar"})) for m in pop.members]
    claims = [_dump(c.model_dump(mode="json", exclude={"calendar"})) for c in pop.claims]
    paths = [d / "members.json", d / "claims.json"]
    write_atomic(paths[0], "[\n" + ",\n".join(members) + "\n]\n")
    write_atomic(paths[1], "[\n" + ",\n".join(claims) + "\n]\n")
    return paths


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
