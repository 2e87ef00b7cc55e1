"""One synthetic member's life in the fund: age and sex, when they die, their membership spells and the
instalments they pay.

Ages follow the ``rural`` profile (many elderly) or the ``young`` one, within the regulation's joining ages.  A
few percent miss an instalment now and then (half of them catch it up the next month); some stop paying and
lapse under the regulation's lapse rule, and a quarter of those join again later; a few resign; deaths follow a
Gompertz-Makeham hazard by age.  Every choice is drawn from the member's own seeded :class:`random.Random`.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from typing import Any

from ..core.dates import add_years
from ..core.history import Member
from ..core.schedules import PER_YEAR, bounds, deadline, index_of, schedules_of
from ..books import build_member
from ._claims import RawClaim, claims_of
from ._fund import DAY, Fund, next_year, years_old

AGE_PROFILES = {
    # (min age, max age, share of joiners)
    "rural": ((0, 17, 0.12), (18, 39, 0.18), (40, 59, 0.32), (60, 85, 0.38)),
    "young": ((0, 17, 0.25), (18, 39, 0.40), (40, 59, 0.25), (60, 80, 0.10)),
}


def _mortality(age: int) -> float:
    return min(0.35, 0.0006 + 0.00003 * math.exp(0.095 * age))


def member_life(fund: Fund, rng: random.Random, mid: str, joined: date, profile: str
                ) -> tuple[Member, list[RawClaim]]:
    """The member who joins on ``joined``, with their instalments, and the claims of their life."""
    # --- who
    r = rng.random()
    acc = 0.0
    lo, hi = 18, 59
    for a, b, share in AGE_PROFILES[profile]:
        acc += share
        if r < acc:
            lo, hi = a, b
            break
    age = rng.randint(lo, hi)
    v0 = fund.version(joined)
    ja = v0.membership.joining_age if v0 is not None else None
    if ja is not None:
        age = max(age, ja.min or 0)
        if ja.max is not None:
            age = min(age, ja.max)
    birth = add_years(joined, -age) - timedelta(days=rng.randrange(365))
    if birth > joined:
        birth = joined
    sex = "female" if rng.random() < 0.52 else "male"
    habit = rng.randint(1, 25)
    kind = rng.random()
    miss_p = 0.003 if kind < 0.92 else 0.04
    # --- when they die (hazard by age, per year from joining)
    died: date | None = None
    t = joined
    while t <= fund.end:
        nxt = next_year(t)
        if rng.random() < _mortality(years_old(birth, t)):
            died = t + timedelta(days=rng.randrange(max(1, (nxt - t).days)))
            if died <= joined:
                died = joined + DAY
            if died > fund.end:
                died = None
            break
        t = nxt
    # --- membership spells and instalments
    spells: list[tuple[date, date | None, str | None]] = []
    contributions: list[Any] = []
    start = joined
    while start is not None:
        end, reason, rejoin = _spell(fund, rng, start, died, habit, miss_p, contributions)
        spells.append((start, end, reason))
        start = rejoin
    member = build_member(mid, birth, sex, spells, contributions, died)
    claims = claims_of(fund, rng, mid, birth, sex, spells, died)
    return member, claims


def _spell(fund: Fund, rng: random.Random, start: date, died: date | None, habit: int, miss_p: float,
           out: list[Any]) -> tuple[date | None, str | None, date | None]:
    """Instalments of one spell; returns (end, end_reason, date of joining again or None)."""
    v = fund.version(start)
    assert v is not None
    period = v.membership.contribution.period  # the first schedule (alternatives are not drawn)
    monthly = period == "month"
    per_year = PER_YEAR[period]
    quit_after = int(rng.expovariate(0.025 / per_year))  # periods until the member stops paying
    resign_after = int(rng.expovariate(0.004 / per_year))
    run = total = 0
    catch_up: list[str] = []
    first_idx = index_of(period, start)
    k = -1
    while True:
        k += 1
        idx = first_idx + k
        if monthly:
            key, pstart, pend = fund.month(idx)
        elif period == "year":
            key, pstart, pend = f"{idx:04d}", date(idx, 1, 1), date(idx, 12, 31)
        else:  # day, week, half-year (swf-rules/2)
            pstart, pend, key = bounds(period, idx)
        if pstart > fund.end or (died is not None and pstart > died):
            break
        vv = fund.version(pstart if k else start) or v
        ms = vv.membership
        if ms.contribution.period != period:  # the schedule changed: keep the old one (a declared simplification)
            ms = v.membership
        if k == 0:
            pay = start
        elif monthly:
            pay = fund.payday(idx, habit)
        elif period == "year":
            pay = date(idx, 1, min(habit, 28))
        else:
            pay = pstart + timedelta(days=min(habit - 1, (pend - pstart).days))
        if k == resign_after and k > 0 and (died is None or pay < died) and pay <= fund.end:
            return pay, "resigned", None
        stopped = k >= quit_after and k > 0
        missed = stopped or (k > 0 and run < fund.max_run and total < fund.max_total and rng.random() < miss_p)
        if died is not None and pay > died:
            missed = True
        if missed:
            run += 1
            total += 1
            if not stopped and rng.random() < 0.5:
                catch_up.append(key)
            if stopped:
                lapse = ms.lapse_after
                n = 3 if lapse is None else (lapse.consecutive if lapse.consecutive is not None else lapse.total)
                reached = run if (lapse is None or lapse.consecutive is not None) else total
                if n and reached >= n:
                    lapse_on = deadline(schedules_of(ms)[0], pend) + DAY  # grace days, or the date rule (v2)
                    if died is not None and died < lapse_on:
                        return died, "died", None
                    if lapse_on > fund.end:
                        return None, None, None
                    rejoin = None
                    if rng.random() < 0.25:
                        rj = lapse_on + timedelta(days=rng.randint(120, 900))
                        if rj <= fund.end and (died is None or rj < died):
                            rejoin = rj
                    return lapse_on, "lapsed", rejoin
            continue
        run = 0
        if pay > fund.end:
            break
        amount = ms.contribution.amount
        if catch_up:
            for ck in catch_up:
                out.append(fund.contribution(pay, amount, ck))
            catch_up = []
        out.append(fund.contribution(pay, amount, key))
    if died is not None:
        return died, "died", None
    return None, None, None
