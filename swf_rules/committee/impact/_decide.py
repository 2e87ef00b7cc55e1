"""One side's decisions: every claim decided with one :meth:`~swf_rules.Engine.evaluate_batch` (so the payouts of
earlier claims count toward the caps of later ones), a claim for a benefit the side does not have decided as "no
such benefit" (not eligible, 0 baht), and claims that cannot be decided located in the claims file."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Iterable

from ...core.errors import InputError, LookupProblem, Problem, SwfError
from ...core.evaluate import Decision, Engine
from ...core.history import Claim
from ...core.money import ZERO
from ._population import Population
from ._sides import Side


@dataclass(frozen=True)
class Outcome:
    eligible: bool
    amount: Decimal
    version: str | None  # None: the benefit does not exist on this side
    decision: Decision | None

    @property
    def key(self) -> tuple[bool, Decimal]:
        return (self.eligible, self.amount)


def decide(side: Side, population: Population) -> dict[str, Outcome]:
    """Every claim's outcome on one side, claim id -> outcome.  Claims for a benefit this side does not have are
    "no such benefit"; every other claim goes through one :meth:`Engine.evaluate_batch` so caps chain."""
    reg = side.regulation
    engine = Engine(reg)
    problems: list[Problem] = []
    out: dict[str, Outcome] = {}
    batch: list[Claim] = []
    for i, c in enumerate(population.claims):
        try:
            version = reg.in_force(c.event_date)
        except LookupProblem as e:
            problems.extend(_located(e.problems, population, i, ("event_date",)))
            continue
        if version.benefit(c.benefit) is None:
            out[c.claim_id] = Outcome(False, ZERO, None, None)
        else:
            batch.append(c)
    if problems:
        raise InputError(problems)
    try:
        decisions = engine.evaluate_batch(population.members, batch)
    except SwfError as e:
        raise InputError(_locate_batch_failure(engine, population, batch) or e.problems) from None
    for d in decisions:
        out[d.claim_id] = Outcome(d.eligible, d.amount, d.version, d)
    return out


def _located(problems: Iterable[Problem], population: Population, i: int,
             default: tuple[str | int, ...] = ()) -> list[Problem]:
    return [replace(p, file=population.claims_file, path=population.claim_path(i, *(p.path or default)))
            for p in problems]


def _locate_batch_failure(engine: Engine, population: Population, batch: list[Claim]) -> list[Problem]:
    """The claims that cannot be decided, each problem with the claims file and the claim's JSON path."""
    index = {c.claim_id: i for i, c in enumerate(population.claims)}
    by_id = {m.member_id: m for m in population.members}
    problems: list[Problem] = []
    for c in batch:
        try:
            engine.evaluate(by_id[c.member_id], c)
        except SwfError as e:
            problems.extend(_located(e.problems, population, index[c.claim_id]))
    return problems
