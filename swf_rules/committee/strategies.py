"""Hypothesis strategies for member histories and claims under a regulation (public: for fund developers).

    from hypothesis import given, settings
    from swf_rules import load_regulation, Engine
    from swf_rules.committee.strategies import histories_and_claims

    reg = load_regulation("regulations/chamung.yaml")

    @settings(max_examples=50, deadline=None)
    @given(histories_and_claims(reg))
    def test_never_more_than_1000_a_year(scenario):
        member, claims = scenario
        decisions = Engine(reg).evaluate_batch([member], claims)
        ...

Everything is generated in the committee case format first (docs/cases.md, :mod:`._case_format`: ``born``, ``sex``,
``joined`` or ``spells``, ``paid``, ``missed``, ``died``; claims with ``benefit``, ``date``, ``nights``, ...), then
built into ordinary validated :class:`~swf_rules.core.history.Member` / ``Claim`` values.  So any generated example can
be written back as a ready-to-run case (``scenarios`` keeps the recipes), and shrinking moves towards short
memberships, early events, few claims and no missed instalments.

Dates are C.E.  Joining dates start two years before the first version takes effect; events lie between the
first version's effective date and 15 years after it (or 5 years after the last version takes effect, if later),
so nearly every claim meets a version in force and every version is exercised.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from ..core import model as M
from ..core.dates import add_months, add_years
from ..core.errors import SwfError
from ..core.history import Claim, Member
from ..core.schedules import bounds, index_of, schedules_of
from ..core.validate import Regulation
from ._case_build import build_claim, build_member

HORIZON_YEARS = 15


@dataclass(frozen=True)
class Scenario:
    """A generated member history and claims, with the case-format recipes they were built from."""

    member_recipe: dict[str, Any]
    claim_recipes: tuple[dict[str, Any], ...]
    member: Member
    claims: tuple[Claim, ...]


def _first(regulation: Regulation) -> date:
    return regulation.versions[0].effective


def _horizon(regulation: Regulation) -> date:
    return max(add_years(_first(regulation), HORIZON_YEARS), add_years(regulation.versions[-1].effective, 5))


def _period(regulation: Regulation) -> str | None:
    periods = {v.membership.contribution.period for v in regulation.versions}
    return periods.pop() if len(periods) == 1 else None


def _periods(regulation: Regulation) -> list[str]:
    """The schedule periods every version offers (a member may pay on any of them), the first schedule's first."""
    each = [[s.period for s in schedules_of(v.membership)] for v in regulation.versions]
    return [p for p in each[0] if all(p in e for e in each[1:])]


def _refunds_on_resignation(regulation: Regulation) -> bool:
    return any(isinstance(b.amount, M.V2.Refund) and "resignation" in b.amount.on
               for v in regulation.versions for b in v.benefits)


def _levy_recipes(draw: Any, regulation: Regulation, joined: date, horizon: date) -> list[dict[str, Any]]:
    """Funeral levies called from the member: deaths of other members, each paid on time, late or never."""
    rules = [v.membership.levy for v in regulation.versions if v.membership.levy is not None]
    if not rules:
        return []
    out = []
    for k in range(draw(st.integers(0, 3))):
        died = joined + timedelta(days=draw(st.integers(0, max((horizon - joined).days, 0))))
        lv: dict[str, Any] = {"death": f"m-{90 + k}", "died": died.isoformat()}
        how = draw(st.sampled_from(["on_time", "on_time", "late", "never"]))
        if how != "never":
            within = (add_months(died, rules[0].within.months) + timedelta(days=rules[0].within.days) - died).days
            lag = draw(st.integers(0, within)) if how == "on_time" else within + draw(st.integers(1, 60))
            lv["paid"] = (died + timedelta(days=lag)).isoformat()
        out.append(lv)
    return out


@st.composite
def member_recipes(draw: Any, regulation: Regulation, *, rejoin: bool = True, death: bool = True,
                   missed: bool = True, stop_paying: bool = True) -> dict[str, Any]:
    """A member in the case format (a dict: born, sex, joined | spells, paid, missed, died)."""
    first = _first(regulation)
    horizon = _horizon(regulation)
    joined = first - timedelta(days=730) + timedelta(days=draw(st.integers(0, 12 * 365)))
    age = draw(st.integers(20, 85))
    born = add_years(joined, -age) - timedelta(days=draw(st.integers(0, 364)))
    r: dict[str, Any] = {"born": born.isoformat(), "sex": draw(st.sampled_from(["female", "male"]))}
    last_start = joined
    if rejoin and draw(st.integers(0, 3)) == 3:
        end = joined + timedelta(days=draw(st.integers(30, 3000)))
        again = end + timedelta(days=draw(st.integers(1, 2000)))
        reason = draw(st.sampled_from(["resigned", "lapsed", "expelled"]))
        r["spells"] = [{"start": joined.isoformat(), "end": end.isoformat(), "reason": reason},
                       {"start": again.isoformat()}]
        last_start = again
    elif _refunds_on_resignation(regulation) and draw(st.booleans()):  # resigns: a refund can be claimed
        end = joined + timedelta(days=draw(st.integers(30, 3000)))
        r["spells"] = [{"start": joined.isoformat(), "end": end.isoformat(), "reason": "resigned"}]
    else:
        r["joined"] = joined.isoformat()
    periods = _periods(regulation)
    period = _period(regulation)
    if period is None and periods:
        period = periods[0]
    if len(periods) > 1:
        period = draw(st.sampled_from(periods))
    pay = draw(st.sampled_from(["every", "every", "until"])) if stop_paying else "every"
    if pay == "until" and period is not None and period != periods[0]:
        pay = "every"  # 'until' pays on the first schedule
    if pay == "until":
        r["paid"] = "until " + (joined + timedelta(days=draw(st.integers(0, 4000)))).isoformat()
    else:
        r["paid"] = f"every {period or 'month'}"
    if missed and period is not None:
        span = {"month": 120, "year": 10, "day": 3000, "week": 500, "half_year": 20}[period]
        offsets = draw(st.lists(st.integers(0, span), max_size=4, unique=True))
        i0 = index_of(period, joined)
        keys = [bounds(period, i0 + o)[2] for o in sorted(offsets)]
        if keys:
            r["missed"] = keys
    if death and draw(st.integers(0, 2)) == 2:
        died = max(last_start, first) + timedelta(days=draw(st.integers(0, 15 * 365)))
        if died <= horizon:
            r["died"] = died.isoformat()
    if _pays_beneficiaries(regulation):  # v2 only: a v1 regulation draws exactly what it always drew
        shares = draw(st.sampled_from(SHARES))
        if shares:
            r["beneficiaries"] = [{"name": f"b-{i + 1}", "relationship": "บุตร", **({"share": x} if x else {})}
                                  for i, x in enumerate(shares)]
    levies = _levy_recipes(draw, regulation, joined, date.fromisoformat(r["died"]) if "died" in r else horizon)
    if levies:
        r["levies"] = levies
    return r


# beneficiaries' shares a generated member names (None: equal shares); the empty list: nobody named (the heirs)
SHARES: tuple[tuple[str | None, ...], ...] = ((), (None,), (None, None, None), ("1/2", "1/4", "1/4"), ("0.6", "0.4"),
                                              ("1/3", "2/3"))


def _pays_beneficiaries(regulation: Regulation) -> bool:
    return any(b.payee is not None and b.payee.to == "beneficiaries" for v in regulation.versions
               for b in v.benefits)


def _joined(recipe: dict[str, Any]) -> date:
    if "joined" in recipe:
        return date.fromisoformat(recipe["joined"])
    return date.fromisoformat(recipe["spells"][0]["start"])


def _benefits_on(regulation: Regulation, on: date) -> list[M.Benefit]:
    try:
        return list(regulation.in_force(on).benefits)
    except SwfError:
        return []


@st.composite
def claim_recipe(draw: Any, regulation: Regulation, member_recipe: dict[str, Any], *,
                 benefit: str | None = None, after: date | None = None) -> dict[str, Any] | None:
    """One claim in the case format for this member (``None`` when no benefit can be claimed).  With ``after``,
    the event falls within 400 days after that date (claims cluster, so yearly caps get exercised)."""
    first = _first(regulation)
    died = date.fromisoformat(member_recipe["died"]) if "died" in member_recipe else None
    last = min(died, _horizon(regulation)) if died else _horizon(regulation)
    start = max(first, _joined(member_recipe))
    if after is not None:
        start = max(start, after)
        last = min(last, after + timedelta(days=400))
    if last < start:
        return None
    on = start + timedelta(days=draw(st.integers(0, (last - start).days)))
    options = [b for b in _benefits_on(regulation, on) if b.kind != "death" and (benefit is None or b.id == benefit)]
    if died is not None and draw(st.booleans()):
        deaths = [b for b in _benefits_on(regulation, died) if b.kind == "death"
                  and (benefit is None or b.id == benefit)]
        if deaths:
            on, options = died, deaths
    if not options:
        return None
    b = draw(st.sampled_from(options))
    if isinstance(b.amount, M.V2.Refund) and draw(st.booleans()):  # a refund is claimed when membership ends
        ends = [sp["end"] for sp in member_recipe.get("spells", ()) if sp.get("reason") == "resigned"]
        ends += [died.isoformat()] if died is not None else []
        ends = [e for e in ends if start <= date.fromisoformat(e) <= last]
        if ends:
            on = date.fromisoformat(draw(st.sampled_from(ends)))
    c: dict[str, Any] = {"benefit": b.id, "date": on.isoformat()}
    if isinstance(b.amount, M.Rate):
        n = draw(st.integers(0, 12))
        if draw(st.booleans()):
            c["nights" if b.amount.unit == "night" else "units"] = n
        else:
            c["end"] = (on + timedelta(days=n)).isoformat()
    if b.kind == "birth" or isinstance(b.amount, M.PerChild):
        children = draw(st.sampled_from([None, 1, 2, 3]))
        if children is not None:
            c["children"] = children
    details: dict[str, Any] = {}
    for name, f in sorted(b.claim_fields.items()):
        if f.one_of:
            details[name] = draw(st.sampled_from(list(f.one_of)))
        elif isinstance(b.amount, M.Billed) and name == b.amount.field:  # v2: a bill of up to 10,000 baht
            details[name] = _decimal_text(draw(st.integers(0, 1_000_000)))
        elif f.type == "number":
            details[name] = _decimal_text(draw(st.integers(0, 500)))
        elif f.type == "yes_no":
            details[name] = draw(st.booleans())
        else:
            details[name] = draw(st.sampled_from(["a", "b"]))
    if details:
        c["details"] = details
    if b.deadline is not None and draw(st.booleans()):
        c["filed"] = (on + timedelta(days=draw(st.integers(0, 400)))).isoformat()
    _people(draw, b, on, c)
    return c


def _people(draw: Any, b: M.Benefit, on: date, c: dict[str, Any]) -> None:
    """v2: the person a claim is about (one of two, so caps for each person are exercised), the applicant of a
    benefit for non-members, and one event claimed by another member.  Nothing is drawn for a v1 benefit."""
    if b.person is not None:
        rels = [x for r in b.person.relationships for x in (("father", "mother") if r == "parent" else (r,))]
        who = draw(st.sampled_from(["p-1", "p-2"]))
        born = on - timedelta(days=draw(st.integers(0, 90 * 365)))
        person: dict[str, Any] = {"id": who, "relationship": draw(st.sampled_from(sorted(set(rels)))),
                                  "born": born.isoformat()}
        if b.person.member != "any" and draw(st.booleans()):
            person["member"] = f"m-{who}"
        c["person"] = person
    if b.several_members is not None:
        c["event"] = draw(st.sampled_from(["e-1", "e-2"]))
        if draw(st.booleans()):
            c["paid_elsewhere"] = [{"member": "m-2", "benefit": b.id, "amount": 1000}]


def _decimal_text(hundredths: int) -> str:
    return f"{hundredths // 100}.{hundredths % 100:02d}"


@st.composite
def scenarios(draw: Any, regulation: Regulation, *, max_claims: int = 5, member: Any = None,
              benefit: str | None = None) -> Scenario:
    """A member (recipe and built value) with 1..``max_claims`` claims in date order, ids ``c-1``, ``c-2``, ..."""
    mr = draw(member if member is not None else member_recipes(regulation))
    n = draw(st.integers(1, max_claims))
    crs: list[dict[str, Any]] = []
    after: date | None = None
    for _ in range(n):
        same = benefit
        if same is None and crs and draw(st.booleans()):
            same = crs[-1]["benefit"]  # a second stay, a second birth: what caps and same-event rules are about
        c = draw(claim_recipe(regulation, mr, benefit=same, after=after))
        if c is not None:
            crs.append(c)
            after = date.fromisoformat(c["date"])
    seen_death = False
    kept = []
    for c in sorted(crs, key=lambda c: c["date"]):
        is_death = "died" in mr and c["date"] == mr["died"] and _kind(regulation, c) == "death"
        if is_death and seen_death:
            continue
        seen_death = seen_death or is_death
        kept.append(c)
    for i, c in enumerate(kept):
        c["id"] = f"c-{i + 1}"
    until = max([date.fromisoformat(c["date"]) for c in kept] + [_joined(mr)])
    m = build_member(regulation, mr, until=until)
    claims = tuple(build_claim(m.member_id, c) for c in kept)
    return Scenario(mr, tuple(kept), m, claims)


def _kind(regulation: Regulation, c: dict[str, Any]) -> str | None:
    for v in regulation.versions:
        b = v.benefit(c["benefit"])
        if b is not None:
            return b.kind
    return None


# ------------------------------------------------------------------------------------------ the public trio
def members(regulation: Regulation) -> st.SearchStrategy[Member]:
    """Validated member histories: one or two membership spells, instalments with gaps, sometimes a death."""
    return member_recipes(regulation).map(
        lambda r: build_member(regulation, r, until=_horizon(regulation)))


def claims(regulation: Regulation, member: Member) -> st.SearchStrategy[Claim]:
    """Claims this member could file: a benefit in force on the event date, between joining and death (a death
    benefit only on the day of death), with nights, children and declared claim fields filled in."""
    recipe: dict[str, Any] = {"joined": member.spells[0].start.isoformat()}
    if member.died_on is not None:
        recipe["died"] = member.died_on.isoformat()
    return claim_recipe(regulation, recipe).filter(lambda c: c is not None).map(
        lambda c: build_claim(member.member_id, c))


def histories_and_claims(regulation: Regulation, max_claims: int = 5) -> st.SearchStrategy[tuple[Member, list[Claim]]]:
    """(member, claims) pairs to decide together with ``Engine.evaluate_batch``."""
    return scenarios(regulation, max_claims=max_claims).map(lambda s: (s.member, list(s.claims)))


__all__ = ["Scenario", "claim_recipe", "claims", "histories_and_claims", "member_recipes", "members", "scenarios"]
