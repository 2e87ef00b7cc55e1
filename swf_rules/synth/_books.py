"""A synthetic fund's books: the population's claims decided as the regulation says (what a fund that follows its
regulation would have paid), recorded as payouts, with planted mistakes on request; written as ledger CSV files.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..core import Engine
from ..core.dates import add_years
from ..core.errors import InputError, make_problem
from ..core.history import Member
from ..books import PayoutRow, write_ledger_files
from ..core.validate import Regulation
from ._fund import DAY
from ._plants import PLANT_KINDS, Planter, cannot_plant, paid_row, unknown_kind
from ._population import Population, population


@dataclass
class SynthLedger:
    fund: str
    members: list[Member]
    payouts: list[PayoutRow]  # in replay order
    planted: dict[str, str]  # payout id -> planted kind
    population: Population
    accounts: list[Any] | None = None  # AccountEntry rows (add_accounts)
    beneficiaries: list[Any] | None = None  # BeneficiaryRow rows
    planted_books: list[dict[str, str]] | None = None  # the notices the planted account mistakes must give
    planted_review: list[dict[str, str]] | None = None  # the review rows the planted register mistakes must give


def ledger(regulation: Regulation, *, seed: int, members: int, years: int, start: date,
           plant: dict[str, int] | None = None, age_profile: str = "rural") -> SynthLedger:
    """The population's claims decided as the regulation says (the fund's books), with planted mistakes."""
    plant = dict(plant or {})
    problems = []
    for k, n in sorted(plant.items()):
        if k not in PLANT_KINDS:
            problems.append(unknown_kind(k))
        elif isinstance(n, bool) or not isinstance(n, int) or n < 0:
            problems.append(make_problem("out-of-range", path=("plant", k), value=str(n), detail="0 or more"))
    if plant.get("late_claim") and not any(b.deadline is not None for v in regulation.versions for b in v.benefits):
        problems.append(cannot_plant("late_claim", "the regulation declares no claim deadline").problems[0])
    if problems:
        raise InputError(problems)
    pop = population(regulation, seed=seed, members=members, years=years, start=start, age_profile=age_profile)
    engine = Engine(regulation)
    decisions = engine.evaluate_batch(pop.members, pop.claims)
    by_claim = {c.claim_id: c for c in pop.claims}
    prng = random.Random(f"swf-synth:{seed}:paid")
    payouts: list[PayoutRow] = []
    for d in decisions:
        if not (d.eligible and d.amount > 0):
            continue
        c = by_claim[d.claim_id]
        payouts.append(paid_row(c, d.amount, prng, pop.event_refs.get(c.claim_id)))
    planted: dict[str, str] = {}
    if any(plant.values()):
        Planter(regulation, engine, pop, payouts, seed, start, add_years(start, years) - DAY).run(plant, planted)
    payouts.sort(key=PayoutRow.order_key)
    return SynthLedger(regulation.fund_id, pop.members, payouts, planted, pop)


def add_accounts(l: SynthLedger, *, seed: int, start: date, years: int, plant: dict[str, int] | None = None) -> None:
    """Give the ledger its accounts and beneficiaries registers (they reconcile), with the requested account
    mistakes planted (``ACCOUNT_PLANT_KINDS``; what each must give is in ``l.planted_books``) and the requested
    register mistakes (``REVIEW_PLANT_KINDS``; the review rows each must give are in ``l.planted_review``)."""
    from ._accounts import ACCOUNT_PLANT_KINDS, fund_accounts, fund_beneficiaries, plant_books
    from ._review_plants import REVIEW_PLANT_KINDS, plant_review
    plant = dict(plant or {})
    kinds = ACCOUNT_PLANT_KINDS + REVIEW_PLANT_KINDS
    bad = [k for k in plant if k not in kinds]
    if bad:
        raise InputError([make_problem("not-allowed", path=("plant", k), value=k,
                                       hint=(f"kinds: {', '.join(kinds)}", f"ชนิด: {', '.join(kinds)}")) for k in bad])
    review = {k: plant.pop(k) for k in list(plant) if k in REVIEW_PLANT_KINDS}
    l.accounts = fund_accounts(l.members, l.payouts, seed, start, add_years(start, years) - DAY)
    l.beneficiaries = fund_beneficiaries(l.members, seed)
    l.planted_books = plant_books(l.accounts, l.beneficiaries, plant, seed)
    if any(review.values()):
        l.members, l.planted_review = plant_review(l.members, l.beneficiaries, review, seed)


APPROVERS = ("ประธานสมมุติ", "เหรัญญิกสมมุติ", "เลขานุการสมมุติ")


def add_committee(l: SynthLedger, *, seed: int) -> None:
    """Give each payout the committee's decision: the day it was decided (between filing and payment), the
    meeting (``B.E. year/month`` of that day) and the approver (one of three made-up officers), drawn from
    ``random.Random(f"swf-synth:{seed}:committee")`` (nothing else changes)."""
    rng = random.Random(f"swf-synth:{seed}:committee")
    for p in l.payouts:
        filed = p.filed_on or p.event_date
        paid = p.paid_on or filed
        p.decided_on = filed + (paid - filed) * rng.randint(0, 100) // 100
        p.meeting = f"{p.decided_on.year + 543}/{p.decided_on.month:02d}"
        p.approver = rng.choice(APPROVERS)


def write_ledger(l: SynthLedger, directory: str | Path, calendar: str = "gregorian",
                 xlsx: str | Path | None = None, parquet: bool = False) -> list[Path]:
    """The ledger as CSV files in ``directory`` (+ ledger.yaml, planted.json), dates in the given calendar; with
    accounts (:func:`add_accounts`) also accounts.csv, beneficiaries.csv and planted_books.json, and with ``xlsx``
    the whole books as a workbook in the template layout.  With ``parquet`` the same books as Parquet files
    (:mod:`swf_rules.books.parquet`; dates typed, so no calendar)."""
    planted = json.dumps(l.planted, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    extra = {"planted.json": planted.encode("utf-8")}
    if l.planted_books is not None:
        extra["planted_books.json"] = (json.dumps(l.planted_books, ensure_ascii=False, indent=2) + "\n").encode()
    if l.planted_review is not None:
        extra["planted_review.json"] = (json.dumps(l.planted_review, ensure_ascii=False, indent=2) + "\n").encode()
    if parquet:
        from ..books.parquet import write_ledger_parquet
        paths = write_ledger_parquet(directory, fund=l.fund, members=l.members, payouts=l.payouts, extra=extra,
                                     accounts=l.accounts, beneficiaries=l.beneficiaries)
    else:
        paths = write_ledger_files(directory, fund=l.fund, members=l.members, payouts=l.payouts,
                                   calendar=calendar, extra=extra, accounts=l.accounts,
                                   beneficiaries=l.beneficiaries)
    if xlsx is not None:
        from ..core.output import write_atomic
        from ._workbook import workbook_bytes
        write_atomic(xlsx, workbook_bytes(l))
        paths.append(Path(xlsx))
    return paths
