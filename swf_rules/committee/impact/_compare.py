"""The comparison: each side decides every claim (one :meth:`~swf_rules.Engine.evaluate_batch`, so the payouts of
earlier claims count toward the caps of later ones; a claim for a benefit the side does not have is "no such
benefit": not eligible, 0 baht; claims that cannot be decided are located in the claims file), then the claims
whose outcome changes and the totals per Thai fiscal year and benefit (claims, changed decisions, members affected,
money paid before and after)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Callable, Iterable

from ...core.dates import fiscal_year
from ...core.errors import InputError, LookupProblem, Problem, SwfError, make_problem
from ...core import Decision, Engine
from ...core.explain import explain
from ...core.history import Claim
from ...core.money import ZERO, money_str
from ._population import Population
from ._sides import Side


# ------------------------------------------------------------------------------------------ one side's decisions
@dataclass(frozen=True)
class Outcome:
    eligible: bool
    amount: Decimal
    version: str | None  # None: the benefit does not exist on this side
    decision: Decision | None

    @property
    def key(self) -> tuple[bool, Decimal]:
        return (self.eligible, self.amount)


def decide(side: Side, population: Population, engine_of: Callable[[Any], Any] = Engine) -> dict[str, Outcome]:
    """Every claim's outcome on one side, claim id -> outcome.  Claims for a benefit this side does not have are
    "no such benefit"; every other claim goes through one :meth:`Engine.evaluate_batch` so caps chain.
    ``engine_of``: what builds the engine from the side's regulation (the command line passes the columnar
    engine, which gives the same decisions, when it is installed)."""
    reg = side.regulation
    engine = engine_of(reg)
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
        raise InputError(_locate_batch_failure(Engine(reg), population, batch) or e.problems) from None
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


# ------------------------------------------------------------------------------------------ the comparison
@dataclass
class Row:
    """Figures for one (fiscal year, benefit); ``"*"`` stands for all fiscal years or all benefits."""

    fiscal_year: str
    benefit: str
    claims: int = 0
    changed_claims: int = 0
    changed_members: set[str] = field(default_factory=set)
    paid_current: Decimal = ZERO
    paid_draft: Decimal = ZERO

    @property
    def difference(self) -> Decimal:
        return self.paid_draft - self.paid_current

    def to_dict(self) -> dict[str, Any]:
        return {"fiscal_year": self.fiscal_year, "benefit": self.benefit, "claims": self.claims,
                "changed_claims": self.changed_claims, "changed_members": len(self.changed_members),
                "paid_current": money_str(self.paid_current), "paid_draft": money_str(self.paid_draft),
                "difference": signed(self.difference)}


@dataclass(frozen=True)
class Change:
    claim: Claim
    current: Outcome
    draft: Outcome

    def to_dict(self) -> dict[str, Any]:
        c = self.claim
        return {"claim_id": c.claim_id, "member_id": c.member_id, "benefit": c.benefit,
                "event_date": c.event_date.isoformat(), "fiscal_year": fiscal_year(c.event_date),
                "current": _outcome_dict(self.current, c), "draft": _outcome_dict(self.draft, c),
                "difference": signed(self.draft.amount - self.current.amount)}


def _outcome_dict(o: Outcome, c: Claim) -> dict[str, Any]:
    if o.decision is None:
        return {"eligible": False, "amount": "0", "version": None, "failing": ["no_such_benefit"],
                "explanation": {lang: no_benefit_text(c, lang) for lang in ("en", "th")}}
    return {"eligible": o.eligible, "amount": money_str(o.amount), "version": o.version,
            "failing": [r["check"] for r in o.decision.failing],
            "explanation": {lang: explain(o.decision, lang) for lang in ("en", "th")}}


def no_benefit_text(c: Claim, lang: str) -> str:
    if lang == "th":
        return f"คำขอ {c.claim_id} (สมาชิก {c.member_id}): ไม่มีสวัสดิการ '{c.benefit}' ในระเบียบฉบับนี้\n  => ไม่มีสิทธิ์ได้รับ; จำนวนเงินที่จ่าย: 0 บาท\n"
    return f"Claim {c.claim_id} (member {c.member_id}): this version has no benefit '{c.benefit}'\n  => NOT ELIGIBLE; Amount payable: 0 baht\n"


def signed(d: Decimal) -> str:
    return ("+" if d > 0 else "") + money_str(d)


@dataclass
class Impact:
    current: Side
    draft: Side
    members: int
    claims: int
    rows: list[Row]  # per (fiscal year, benefit), then per fiscal year ("*" benefit), then the grand total
    changes: list[Change]
    titles: dict[str, dict[str, str]]  # benefit id -> {"th", "en"}

    @property
    def total(self) -> Row:
        return self.rows[-1]

    def yearly(self) -> list[Row]:
        return [r for r in self.rows if r.benefit == "*" and r.fiscal_year != "*"]

    def to_dict(self) -> dict[str, Any]:
        t = self.total
        return {
            "current": self.current.to_dict(), "draft": self.draft.to_dict(),
            "population": {"members": self.members, "claims": self.claims},
            "changed": {"claims": t.changed_claims, "members": len(t.changed_members)},
            "paid": {"current": money_str(t.paid_current), "draft": money_str(t.paid_draft),
                     "difference": signed(t.difference)},
            "benefits": {k: dict(v) for k, v in sorted(self.titles.items())},
            "rows": [r.to_dict() for r in self.rows],
        }


def compare(current: Side, draft: Side, population: Population, engine_of: Callable[[Any], Any] = Engine) -> Impact:
    """Decide every claim on both sides (with ``engine_of(regulation)``, see :func:`decide`) and total the
    differences."""
    problems: list[Problem] = []
    before: dict[str, Outcome] = {}
    after: dict[str, Outcome] = {}
    for side, target in ((current, before), (draft, after)):
        try:
            target.update(decide(side, population, engine_of))
        except InputError as e:
            problems.extend(e.problems)
    if not problems:
        for i, c in enumerate(population.claims):
            if before[c.claim_id].version is None and after[c.claim_id].version is None:
                names = sorted({b.id for s in (current, draft) for v in s.regulation.versions for b in v.benefits})
                problems.append(make_problem("unknown-benefit", file=population.claims_file,
                                             path=population.claim_path(i, "benefit"), value=c.benefit,
                                             hint=("benefits: " + ", ".join(names), "สวัสดิการ: " + ", ".join(names))))
    if problems:
        raise InputError(problems)
    titles: dict[str, dict[str, str]] = {}
    for side in (draft, current):  # current's wording wins where both have the benefit
        for v in side.regulation.versions:
            for b in v.benefits:
                titles[b.id] = {"th": b.title.th, "en": b.title.en}
    cells: dict[tuple[str, str], Row] = {}
    changes: list[Change] = []
    for c in sorted(population.claims, key=lambda c: (c.event_date, c.claim_id)):
        fy = str(fiscal_year(c.event_date))
        b, a = before[c.claim_id], after[c.claim_id]
        changed = b.key != a.key
        if changed:
            changes.append(Change(c, b, a))
        for key in ((fy, c.benefit), (fy, "*"), ("*", "*")):
            row = cells.get(key)
            if row is None:
                row = cells[key] = Row(*key)
            row.claims += 1
            row.paid_current += b.amount
            row.paid_draft += a.amount
            if changed:
                row.changed_claims += 1
                row.changed_members.add(c.member_id)
    if ("*", "*") not in cells:
        cells[("*", "*")] = Row("*", "*")
    rows = sorted((r for k, r in cells.items() if k[0] != "*"),
                  key=lambda r: (r.fiscal_year, r.benefit == "*", r.benefit))
    rows.append(cells[("*", "*")])
    return Impact(current, draft, len(population.members), len(population.claims), rows, changes, titles)
