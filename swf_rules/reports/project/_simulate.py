"""Many seeded simulations of a fund's years ahead, all at once (numpy arrays over simulations and ages).

Each simulated year, in every simulation: members die (binomial, by their age band's rate), leave (binomial) and
join (Poisson, at ages drawn from the fund's own joiners); claims of each benefit come as Poisson counts from each
age band's rate times its member-years, and a death benefit with each death (binomial on its rate a death); each
claim's amount is drawn from the amounts the fund paid for that benefit.  Money in: contributions for the
member-years, the government's 365 baht for each member with a full year (times the share received), the local
authority's match of the previous year's contributions (times the share received), entry fees for the joiners,
and the other income a year; out: the claims, administration and other expenses a year.

Counts and rates are numpy values (rates are floats: probabilities); **every amount of money is an integer number
of satang** (numpy int64, summed exactly), never a float.  The random numbers come from one
``numpy.random.Generator(PCG64(seed))``: the same seed and inputs give the same arrays, hence the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...core.errors import InputError, make_problem
from ._experience import BANDS, Experience, band_of

AGES = 121  # 0..120


def _numpy() -> Any:
    try:
        import numpy
    except ImportError:  # pragma: no cover - numpy is in the `project` extra
        raise InputError([make_problem("project-needs-numpy")]) from None
    return numpy


@dataclass
class Runs:
    """The simulations' paths: arrays of shape (simulations, years [+1]); money in satang (int64)."""

    seed: int
    simulations: int
    years: int
    balance: Any  # (S, N+1): the balance at the start and the end of each year
    income: Any  # (S, N)
    welfare: Any  # (S, N)
    expenses: Any  # (S, N)
    members: Any  # (S, N+1)
    by_benefit: dict[str, Any]  # benefit -> (S, N)


def simulate(ex: Experience, years: int, simulations: int, seed: int) -> Runs:
    np = _numpy()
    rng = np.random.Generator(np.random.PCG64(seed))
    S, N = simulations, years
    band_idx = np.array([band_of(a) for a in range(AGES)])
    q = np.array([r.value for r in ex.death])[band_idx]
    leave = min(max(ex.leaving.value, 0.0), 1.0)
    counts = np.zeros((S, AGES, 2), dtype=np.int64)  # [:, age, 0]: joined within the year; 1: a full year or more
    for age, full in ex.start_ages:
        counts[:, min(age, AGES - 1), 1 if full else 0] += 1
    ages = np.array(ex.joiner_ages or [40], dtype=np.int64)
    amounts = {b: np.array(a, dtype=np.int64) for b, a in ex.amounts.items() if a}
    benefits = sorted(set(ex.claims) | set(ex.per_death))
    balance = np.zeros((S, N + 1), dtype=np.int64)
    balance[:, 0] = ex.start_balance
    income = np.zeros((S, N), dtype=np.int64)
    welfare = np.zeros((S, N), dtype=np.int64)
    expenses = np.zeros((S, N), dtype=np.int64)
    members = np.zeros((S, N + 1), dtype=np.int64)
    members[:, 0] = counts.sum(axis=(1, 2))
    by_benefit = {b: np.zeros((S, N), dtype=np.int64) for b in benefits}
    prev_contrib = np.full(S, ex.last_year_contributions, dtype=np.int64)
    g_num, g_den = ex.government_share.numerator, ex.government_share.denominator
    l_num, l_den = ex.local_share.numerator, ex.local_share.denominator
    sim_index = np.arange(S)
    for y in range(N):
        deaths = rng.binomial(counts, q[None, :, None])
        alive = counts - deaths
        leaves = rng.binomial(alive, leave)
        stay = alive - leaves
        k = rng.poisson(max(ex.joining.value, 0.0), size=S)
        new = np.zeros((S, AGES), dtype=np.int64)
        if k.sum():
            drawn = rng.choice(ages, size=int(k.sum()))
            np.add.at(new, (np.repeat(sim_index, k), np.minimum(drawn, AGES - 1)), 1)
        # half member-years by age: a member who died, left or joined during the year counts half a year
        half = 2 * counts.sum(axis=2) - deaths.sum(axis=2) - leaves.sum(axis=2) + new
        half_band = np.zeros((S, len(BANDS)), dtype=np.int64)
        for i in range(len(BANDS)):
            half_band[:, i] = half[:, band_idx == i].sum(axis=1)
        paid = np.zeros(S, dtype=np.int64)
        dead_total = deaths.sum(axis=(1, 2))
        for b in benefits:
            if b in ex.per_death:
                n_claims = rng.binomial(dead_total, min(max(ex.per_death[b].value, 0.0), 1.0))
            else:
                lam = np.array([r.value for r in ex.claims[b]]) * half_band / 2.0
                n_claims = rng.poisson(lam).sum(axis=1)
            total = np.zeros(S, dtype=np.int64)
            if b in amounts and n_claims.sum():
                drawn = rng.choice(amounts[b], size=int(n_claims.sum()))
                np.add.at(total, np.repeat(sim_index, n_claims), drawn)
            by_benefit[b][:, y] = total
            paid += total
        contrib = half.sum(axis=1) * ex.contribution_per_member_year // 2
        full = counts[:, :, 1].sum(axis=1)
        gov = full * 36500 * g_num // g_den
        loc = prev_contrib * l_num // l_den
        fees = k.astype(np.int64) * ex.fee_per_joiner
        inc = contrib + gov + loc + fees + ex.other_income_per_year
        exp = np.full(S, ex.admin_per_year + ex.other_expense_per_year, dtype=np.int64)
        income[:, y] = inc
        welfare[:, y] = paid
        expenses[:, y] = exp
        balance[:, y + 1] = balance[:, y] + inc - paid - exp
        prev_contrib = contrib
        # a year older: last year's joiners now have a full year
        nxt = np.zeros_like(counts)
        nxt[:, 1:, 1] = stay[:, :-1, 0] + stay[:, :-1, 1]
        nxt[:, AGES - 1, 1] += stay[:, AGES - 1, 0] + stay[:, AGES - 1, 1]
        nxt[:, :, 0] = new
        counts = nxt
        members[:, y + 1] = counts.sum(axis=(1, 2))
    return Runs(seed, S, N, balance, income, welfare, expenses, members, by_benefit)


__all__ = ["AGES", "Runs", "simulate"]
