"""decide: the Chamung regulation over a synthetic fund's claims, swf-rules beside the engines a user might pick.

Variants, all on the same claims in the same order (swf-rules' batch order: event date, filing date, claim id):

* ``swf-rules`` -- :meth:`swf_rules.Engine.evaluate_batch` over the members' full histories, every check
  recorded, and each decision's ``reasons`` read, so every reason is rendered with its Thai and English message.
  This is the variant the targets are about.
* ``swf-rules (facts indexed beforehand)`` -- the same decisions and rendered reasons, with every claiming
  member's history indexed before the timing (as the engines below get their facts precomputed): what the
  evaluation itself costs.
* ``swf-rules+json`` -- the same plus ``decision.to_json()`` for each decision: the canonical interchange bytes,
  including the input fingerprint (a sha256 over the member's whole history, the payouts known and the claim).
  Reported beside, to show what writing an auditable decision file costs.
* ``plain-python`` -- a hand-written evaluator of the same regulation (conditions + amount) given precomputed
  facts: the practical ceiling.
* ``durable-rules`` -- the conditions as a durable-rules ruleset, one ``post`` per claim; the action computes
  the amount.
* ``zen-engine`` / ``zen-engine+trace`` -- a JDM decision graph built in code (a decision table for the
  conditions and one for the amounts), ``ZenEngine.evaluate`` per claim, without and with ``trace``.

The engines cannot derive facts from a member's history, so they are fed facts precomputed by swf-rules' own
facts stage (:class:`swf_rules.core.facts.MemberState`: status, waiting period start, age, tenure) outside their
timing; the time that takes is reported beside them.  What depends on earlier decisions in the batch (payouts
already made for the same event, the fiscal-year money cap, the allowance already paid this fiscal year) is
kept by a small Python driver shared by the engine variants (the plain evaluator keeps the same state inline).

Every variant's decisions (eligible, amount) are checked equal to swf-rules' before any time is reported.
The regulation's numbers (waiting days, rates, caps, amounts, bands, the age and tenure thresholds) are read
from regulations/chamung.yaml; the shape of the rules is written by hand for this regulation, and checked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Callable

from swf_rules import Engine, load_regulation
from swf_rules.core import model as M
from swf_rules.core.dates import age_on, fiscal_year
from swf_rules.core.facts import MemberState, tenure_years
from swf_rules.synth import population

from ._common import CHAMUNG, SEED, START, summary, timed

Outcome = tuple[str, bool, Decimal]  # claim id, eligible, amount


# ---------------------------------------------------------------------------------------------- parameters
@dataclass(frozen=True)
class Params:
    """The numbers of the Chamung regulation the hand-written variants need, read from the YAML."""

    waiting_days: dict[str, int]
    flat: dict[str, int]  # birth, scholarship, elderly (allowance)
    hospital_rate: int
    hospital_stay_cap: int
    hospital_fy_cap: int
    elderly_age: int
    elderly_tenure: int
    gpa_min_x100: int
    levels: tuple[str, ...]
    death_bands: tuple[tuple[int, int | None, int], ...]  # [low, high) years -> amount


def _whole(x: Decimal) -> int:
    if x != x.to_integral_value():
        raise ValueError(f"the hand-written variants assume whole-baht amounts, got {x}")
    return int(x)


def _need(ok: bool, what: Any = None) -> None:
    if not ok:
        raise ValueError("benchmarks/decide.py encodes the Chamung regulation's rules by hand and the regulation no "
                         f"longer has the shape it encodes ({what!r}); update read_params and the variants")


def read_params(reg: Any) -> Params:
    """Check the regulation has the shape the hand-written variants encode, and read its numbers."""
    if len(reg.versions) != 1:
        raise ValueError("the hand-written variants encode a single-version Chamung regulation")
    v = reg.versions[0]
    b = {x.id: x for x in v.benefits}
    if sorted(b) != ["birth", "death", "elderly", "hospital", "scholarship"]:
        raise ValueError(f"unexpected benefits {sorted(b)}")
    waiting: dict[str, int] = {}
    for k, x in b.items():
        w = x.eligibility.waiting
        if w is None or w.months or w.years or w.start != "membership_start" or x.eligibility.status != ["active"]:
            raise ValueError(f"{k}: expected a waiting period in days from the membership start, status active")
        if x.deadline is not None or x.same_event.excludes or any(c.count is not None for c in x.caps):
            raise ValueError(f"{k}: deadlines, exclusions and count caps are not encoded")
        waiting[k] = w.days
    h = b["hospital"]
    _need(isinstance(h.amount, M.Rate) and h.amount.unit == "night", "hospital: a rate per night")
    caps = {c.per: c.money for c in h.caps}
    _need(set(caps) == {"stay", "fiscal_year"}, "hospital: money caps per stay and per fiscal year")
    e = b["elderly"]
    _need(isinstance(e.amount, M.Allowance) and e.amount.every == "fiscal_year" and e.amount.first_period == "full",
          "elderly: an allowance every fiscal year, first period paid in full")
    _need(e.eligibility.age is not None and e.eligibility.age.at == "event" and e.eligibility.age.max is None,
          "elderly: a minimum age at the event")
    _need(e.eligibility.tenure is not None and e.eligibility.tenure.membership == "continuous"
          and e.eligibility.tenure.rounding == "completed_years", "elderly: continuous tenure in completed years")
    s = b["scholarship"]
    conds = [c.when for c in s.eligibility.conditions]
    _need(conds == ['gpa >= 3.5', 'level in ["p6", "m3", "m6", "university"]'], conds)
    d = b["death"]
    _need(isinstance(d.amount, M.Table) and d.amount.by == "tenure" and d.amount.tenure is not None
          and d.amount.tenure.membership == "continuous" and d.amount.tenure.rounding == "completed_years",
          "death: a table by continuous tenure in completed years")
    bands = []
    for band in d.amount.bands:
        lo, hi = band.range.strip("[)").split(",")
        bands.append((int(lo), int(hi) if hi.strip() else None, _whole(band.amount)))
    for x in b.values():
        r = x.rounding or v.rounding
        _need(r.mode == "half_up" and r.unit == 1 and not x.offsets, f"{x.id}: half-up rounding to 1 baht, no offsets")
    return Params(
        waiting_days=waiting,
        flat={"birth": _whole(b["birth"].amount.amount), "scholarship": _whole(s.amount.amount),
              "elderly": _whole(e.amount.amount)},
        hospital_rate=_whole(h.amount.rate), hospital_stay_cap=_whole(caps["stay"]),
        hospital_fy_cap=_whole(caps["fiscal_year"]),
        elderly_age=e.eligibility.age.min, elderly_tenure=e.eligibility.tenure.min_years,
        gpa_min_x100=350, levels=("p6", "m3", "m6", "university"), death_bands=tuple(bands))


# ---------------------------------------------------------------------------------------------- facts
@dataclass(frozen=True, slots=True)
class ClaimFacts:
    claim_id: str
    member_id: str
    benefit: str
    event_date: date
    fy: int
    status: str
    member_days: int  # days since the waiting period started (-1: no start)
    age: int
    tenure_years: int  # continuous, completed years
    units: int
    gpa_x100: int  # grade point average x 100 (-1: not given)
    level: str


def batch_order(claims: list[Any]) -> list[Any]:
    return sorted(claims, key=lambda c: (c.event_date, c.filed_on or c.event_date, c.claim_id))


def precompute_facts(reg: Any, members: list[Any], claims: list[Any]) -> list[ClaimFacts]:
    """The facts each claim needs, from swf-rules' facts stage (the same code swf-rules decides with)."""
    membership = reg.versions[0].membership
    states: dict[str, MemberState] = {}
    by_id = {m.member_id: m for m in members}
    out = []
    for c in batch_order(claims):
        st_ = states.get(c.member_id)
        if st_ is None:
            st_ = states[c.member_id] = MemberState(by_id[c.member_id], membership)
        ev = c.event_date
        st = st_.status_at(ev, ignore_death_on_day=c.benefit == "death")
        start = st_.waiting_start("membership_start", st.spell)
        days = st_.continuous_days(ev, st.spell)
        gpa = c.details.get("gpa")
        gpa_x100 = -1
        if gpa is not None:
            g = Decimal(str(gpa)) * 100
            if g != g.to_integral_value():
                raise ValueError(f"gpa {gpa} has more than two decimals")
            gpa_x100 = int(g)
        units = c.units if c.units is not None else ((c.end_date - ev).days if c.end_date is not None else 0)
        out.append(ClaimFacts(c.claim_id, c.member_id, c.benefit, ev, fiscal_year(ev), st.status,
                              (ev - start).days if start is not None else -1,
                              age_on(st_.member.birth_date, ev), int(tenure_years(days, ev, "completed_years")),
                              units, gpa_x100, c.details.get("level") or ""))
    return out


# ---------------------------------------------------------------------------------------------- swf-rules
def run_swf(reg: Any, members: list[Any], claims: list[Any]) -> tuple[list[Outcome], int]:
    """Decide every claim and render every reason; returns the outcomes and how many reasons were rendered."""
    eng = Engine(reg)
    decisions = eng.evaluate_batch(members, claims)
    n_reasons = 0
    for d in decisions:
        n_reasons += len(d.reasons)
    return [(d.claim_id, d.eligible, d.amount) for d in decisions], n_reasons


def index_states(reg: Any, members: list[Any], claims: list[Any]) -> tuple[list[Any], dict[str, Any]]:
    """Every claiming member's history indexed up to their last claim (the facts stage, done beforehand)."""
    eng = Engine(reg)
    by_id = {m.member_id: m for m in members}
    ordered = batch_order(claims)
    last: dict[str, Any] = {}
    for c in ordered:
        last[c.member_id] = c.event_date
    states = {}
    for mid, day in last.items():
        st = eng.state(by_id[mid], day)
        st.status_at(day)  # indexes the instalments up to that day
        states[mid] = st
    return ordered, states


def run_swf_indexed(reg: Any, ordered: list[Any], states: dict[str, Any]) -> tuple[list[Outcome], int]:
    """Decide every claim against histories indexed beforehand (by :func:`index_states`, outside the timing;
    the run records its payouts into them), every reason rendered: the evaluation alone, comparable to the
    engines fed precomputed facts."""
    from swf_rules.core.facts import PaidClaim

    eng = Engine(reg)
    out: list[Outcome] = []
    n_reasons = 0
    for c in ordered:
        st = states[c.member_id]
        d = eng.decide(st, c)
        n_reasons += len(d.reasons)
        if d.eligible and d.amount > 0:
            st.record(PaidClaim(d.claim_id, d.benefit, d.event_date, d.breakdown.get("units"), d.amount))
        out.append((d.claim_id, d.eligible, d.amount))
    return out, n_reasons


def run_swf_json(reg: Any, members: list[Any], claims: list[Any]) -> tuple[list[Outcome], int]:
    """Decide every claim and write each decision's canonical JSON (reasons, breakdown, input fingerprint)."""
    eng = Engine(reg)
    decisions = eng.evaluate_batch(members, claims)
    size = 0
    for d in decisions:
        size += len(d.to_json())
    return [(d.claim_id, d.eligible, d.amount) for d in decisions], size


# ---------------------------------------------------------------------------------------------- plain Python
def make_plain(p: Params) -> Callable[[list[ClaimFacts]], list[Outcome]]:
    wait = p.waiting_days
    flat = p.flat
    rate, stay_cap, fy_cap = p.hospital_rate, p.hospital_stay_cap, p.hospital_fy_cap
    min_age, min_tenure, gpa_min, levels = p.elderly_age, p.elderly_tenure, p.gpa_min_x100, frozenset(p.levels)
    bands = p.death_bands

    def run(facts: list[ClaimFacts]) -> list[Outcome]:
        paid_event: set[tuple[str, str, date]] = set()
        fy_used: dict[tuple[str, int], int] = {}
        allowance: set[tuple[str, int]] = set()
        out: list[Outcome] = []
        append = out.append
        for f in facts:
            b = f.benefit
            mid = f.member_id
            ev_key = (mid, b, f.event_date)
            ok = f.status == "active" and f.member_days >= wait[b] and ev_key not in paid_event
            amount = 0
            if b == "hospital":
                fy_key = (mid, f.fy)
                if ok:
                    amount = min(f.units * rate, stay_cap, max(fy_cap - fy_used.get(fy_key, 0), 0))
                    if amount:
                        fy_used[fy_key] = fy_used.get(fy_key, 0) + amount
            elif b == "elderly":
                fy_key = (mid, f.fy)
                ok = ok and f.age >= min_age and f.tenure_years >= min_tenure and fy_key not in allowance
                if ok:
                    amount = flat[b]
                    allowance.add(fy_key)
            elif b == "scholarship":
                ok = ok and f.gpa_x100 >= gpa_min and f.level in levels
                amount = flat[b] if ok else 0
            elif b == "death":
                if ok:
                    t = f.tenure_years
                    for lo, hi, amt in bands:
                        if t >= lo and (hi is None or t < hi):
                            amount = amt
                            break
            else:
                amount = flat[b] if ok else 0
            if ok and amount:
                paid_event.add(ev_key)
            append((f.claim_id, ok, Decimal(amount)))
        return out

    return run


# ---------------------------------------------------------------------------------------------- engine driver
def drive(facts: list[ClaimFacts], p: Params, decide: Callable[[dict[str, Any]], tuple[bool, int]]
          ) -> list[Outcome]:
    """Feed each claim's facts, plus the state earlier decisions left, to an engine; record what it pays."""
    paid_event: set[tuple[str, str, date]] = set()
    fy_used: dict[tuple[str, int], int] = {}
    allowance: set[tuple[str, int]] = set()
    out: list[Outcome] = []
    for f in facts:
        ev_key = (f.member_id, f.benefit, f.event_date)
        fy_key = (f.member_id, f.fy)
        event = {"id": f.claim_id, "benefit": f.benefit, "status": f.status, "member_days": f.member_days,
                 "age": f.age, "tenure_years": f.tenure_years,
                 "units": f.units, "gpa_x100": f.gpa_x100, "level": f.level,
                 "same_event": int(ev_key in paid_event), "fy_used": fy_used.get(fy_key, 0),
                 "allowance_paid": int(fy_key in allowance)}
        ok, amount = decide(event)
        if not ok:
            amount = 0
        if ok and amount:
            paid_event.add(ev_key)
            if f.benefit == "hospital":
                fy_used[fy_key] = fy_used.get(fy_key, 0) + amount
            elif f.benefit == "elderly":
                allowance.add(fy_key)
        out.append((f.claim_id, ok, Decimal(amount)))
    return out


# ---------------------------------------------------------------------------------------------- durable-rules
def durable_available() -> str | None:
    try:
        import durable_rules_engine  # noqa: F401
        from durable import engine  # noqa: F401
    except ImportError as e:
        return f"durable-rules is not installed ({e}); pip install -e '.[bench]'"
    return None


def make_durable(p: Params) -> Callable[[list[ClaimFacts]], list[Outcome]]:
    from durable import engine

    class QuietHost(engine.Host):
        """No background dispatch threads: every action runs inside the post() that triggered it."""

        def _run(self) -> None:
            pass

    counter = [0]

    def run(facts: list[ClaimFacts]) -> list[Outcome]:
        results: list[tuple[bool, int]] = []
        errors: list[BaseException] = []

        def pay(fixed: int | None = None, hospital: bool = False) -> Callable[[Any], None]:
            def action(c: Any) -> None:
                try:
                    if hospital:
                        m = c.m
                        results.append((True, min(m.units * p.hospital_rate, p.hospital_stay_cap,
                                                  max(p.hospital_fy_cap - m.fy_used, 0))))
                    else:
                        results.append((True, fixed))
                except Exception as e:  # durable-rules would swallow it
                    errors.append(e)
            return action

        def rule(benefit: str, extra: list[dict[str, Any]], action: Callable[[Any], None]) -> dict[str, Any]:
            conds = [{"benefit": benefit}, {"status": "active"}, {"same_event": 0},
                     {"$gte": {"member_days": p.waiting_days[benefit]}}, *extra]
            return {"all": [{"m": {"$and": conds}}], "run": action}

        rules = {
            "birth": rule("birth", [], pay(p.flat["birth"])),
            "hospital": rule("hospital", [], pay(hospital=True)),
            "scholarship": rule("scholarship", [{"$gte": {"gpa_x100": p.gpa_min_x100}},
                                                {"$or": [{"level": lv} for lv in p.levels]}],
                                pay(p.flat["scholarship"])),
            "elderly": rule("elderly", [{"$gte": {"age": p.elderly_age}},
                                        {"$gte": {"tenure_years": p.elderly_tenure}}, {"allowance_paid": 0}],
                            pay(p.flat["elderly"])),
        }
        for i, (lo, hi, amt) in enumerate(p.death_bands):
            band = [{"$gte": {"tenure_years": lo}}] + ([{"$lt": {"tenure_years": hi}}] if hi is not None else [])
            rules[f"death_{i}"] = rule("death", band, pay(amt))
        host = QuietHost()
        counter[0] += 1
        name = f"swf_bench_decide_{counter[0]}"
        host.register_rulesets({name: rules})

        def decide(event: dict[str, Any]) -> tuple[bool, int]:
            n = len(results)
            try:
                host.post(name, event)
            except engine.MessageNotHandledException:
                return False, 0
            if errors:
                raise errors.pop(0)
            if len(results) != n + 1:
                raise RuntimeError(f"durable-rules fired {len(results) - n} actions for {event['id']}")
            return results[-1]

        return drive(facts, p, decide)

    return run


# ---------------------------------------------------------------------------------------------- zen-engine
def zen_available() -> str | None:
    try:
        import zen  # noqa: F401
    except ImportError as e:
        return f"zen-engine is not installed ({e}); pip install -e '.[bench]'"
    return None


def _table(tid: str, name: str, inputs: list[str], outputs: list[str],
           rules: list[tuple[dict[str, str], dict[str, str]]]) -> dict[str, Any]:
    rows = []
    for i, (conds, vals) in enumerate(rules):
        row = {"_id": f"{tid}-r{i}"}
        for f in inputs:
            row[f"{tid}-in-{f}"] = conds.get(f, "")
        for f in outputs:
            row[f"{tid}-out-{f}"] = vals[f]
        rows.append(row)
    return {"id": tid, "type": "decisionTableNode", "name": name, "position": {"x": 0, "y": 0},
            "content": {"hitPolicy": "first",
                        "inputs": [{"id": f"{tid}-in-{f}", "name": f, "type": "expression", "field": f}
                                   for f in inputs],
                        "outputs": [{"id": f"{tid}-out-{f}", "name": f, "type": "expression", "field": f}
                                    for f in outputs],
                        "rules": rows}}


def zen_graph(p: Params) -> dict[str, Any]:
    """A JDM graph: request -> {conditions table, amounts table} -> response (the outputs merge)."""
    base = {"status": '"active"', "same_event": "0"}
    levels = ", ".join(json.dumps(lv) for lv in p.levels)
    cond_rules: list[tuple[dict[str, str], dict[str, str]]] = []
    for b in ("birth", "hospital", "scholarship", "elderly", "death"):
        c = dict(base, benefit=json.dumps(b), member_days=f">= {p.waiting_days[b]}")
        if b == "scholarship":
            c.update(gpa_x100=f">= {p.gpa_min_x100}", level=levels)
        if b == "elderly":
            c.update(age=f">= {p.elderly_age}", tenure_years=f">= {p.elderly_tenure}", allowance_paid="0")
        cond_rules.append((c, {"eligible": "true"}))
    cond_rules.append(({}, {"eligible": "false"}))
    conditions = _table("conditions", "Conditions", ["benefit", "status", "member_days", "same_event", "age",
                                                     "tenure_years", "allowance_paid", "gpa_x100", "level"],
                        ["eligible"], cond_rules)
    amt_rules: list[tuple[dict[str, str], dict[str, str]]] = [
        ({"benefit": '"birth"'}, {"amount": str(p.flat["birth"])}),
        ({"benefit": '"hospital"'}, {"amount": f"min([units * {p.hospital_rate}, {p.hospital_stay_cap}, "
                                               f"max([{p.hospital_fy_cap} - fy_used, 0])])"}),
        ({"benefit": '"scholarship"'}, {"amount": str(p.flat["scholarship"])}),
        ({"benefit": '"elderly"'}, {"amount": str(p.flat["elderly"])}),
    ]
    for lo, hi, amt in p.death_bands:
        amt_rules.append(({"benefit": '"death"', "tenure_years": f"[{lo}..{hi})" if hi is not None else f">= {lo}"},
                          {"amount": str(amt)}))
    amt_rules.append(({}, {"amount": "0"}))
    amounts = _table("amounts", "Amounts", ["benefit", "tenure_years"], ["amount"], amt_rules)
    nodes = [{"id": "request", "type": "inputNode", "name": "Request", "position": {"x": 0, "y": 0}},
             conditions, amounts,
             {"id": "response", "type": "outputNode", "name": "Response", "position": {"x": 0, "y": 0}}]
    edges = [{"id": f"e{i}", "sourceId": s, "targetId": t, "type": "edge"}
             for i, (s, t) in enumerate((("request", "conditions"), ("request", "amounts"),
                                         ("conditions", "response"), ("amounts", "response")))]
    return {"contentType": "application/vnd.gorules.decision", "nodes": nodes, "edges": edges}


def make_zen(p: Params, trace: bool) -> Callable[[list[ClaimFacts]], list[Outcome]]:
    import zen

    # ZenEngine.evaluate(key) with a static loader: the decision is compiled once and cached by the engine
    # (ZenDecision.evaluate measured ~10x slower per call on this machine).
    eng = zen.ZenEngine({"loader": {"type": "static", "content": {"chamung": zen_graph(p)}}})
    opts = {"trace": True} if trace else None

    def decide(event: dict[str, Any]) -> tuple[bool, int]:
        r = eng.evaluate("chamung", event, opts)
        res = r["result"]
        amount = res["amount"]
        if not isinstance(amount, int):
            if amount != int(amount):
                raise ValueError(f"zen-engine returned a non-whole amount {amount!r} for {event['id']}")
            amount = int(amount)
        if trace and "trace" not in r:
            raise RuntimeError("zen-engine returned no trace")
        return bool(res["eligible"]), amount

    def run(facts: list[ClaimFacts]) -> list[Outcome]:
        return drive(facts, p, decide)

    return run


# ---------------------------------------------------------------------------------------------- the benchmark
def compare(reference: list[Outcome], other: list[Outcome]) -> list[str]:
    problems = []
    if len(reference) != len(other):
        problems.append(f"{len(other)} decisions, expected {len(reference)}")
    for a, b in zip(reference, other):
        if a[0] != b[0] or a[1] != b[1] or a[2] != b[2]:
            problems.append(f"{a[0]}: swf-rules says eligible={a[1]} amount={a[2]}, "
                            f"the variant eligible={b[1]} amount={b[2]}")
            if len(problems) >= 5:
                break
    return problems


def run(cfg: dict[str, Any]) -> dict[str, Any]:
    import time

    reg = load_regulation(CHAMUNG)
    t0 = time.perf_counter()
    pop = population(reg, seed=SEED, members=cfg["members"], years=cfg["years"], start=START)
    generate_s = time.perf_counter() - t0
    members, claims = pop.members, pop.claims
    n = len(claims)
    budget, max_runs = cfg["budget_s"], cfg["max_runs"]
    variants: dict[str, dict[str, Any]] = {}
    outcomes: dict[str, list[Outcome]] = {}

    (ref, n_reasons), times = timed(lambda: run_swf(reg, members, claims), budget, max_runs)
    outcomes["swf-rules"] = ref
    variants["swf-rules"] = summary(times, n)
    _, gc_times = timed(lambda: run_swf(reg, members, claims), budget, max_runs, collector=True)
    variants["swf-rules"]["collector_on"] = summary(gc_times, n)
    (out_ix, _), times = timed(lambda prepared: run_swf_indexed(reg, *prepared), budget, max_runs,
                               setup=lambda: index_states(reg, members, claims))
    outcomes["swf-rules (facts indexed beforehand)"] = out_ix
    variants["swf-rules (facts indexed beforehand)"] = summary(times, n)
    (out_json, json_bytes), times = timed(lambda: run_swf_json(reg, members, claims), budget, max_runs)
    outcomes["swf-rules+json"] = out_json
    variants["swf-rules+json"] = summary(times, n) | {"json_bytes": json_bytes}

    params = read_params(reg)
    facts, ftimes = timed(lambda: precompute_facts(reg, members, claims), budget, max_runs)
    facts_s = min(t[0] for t in ftimes)

    makers: list[tuple[str, Callable[[], str | None], Callable[[], Callable[[list[ClaimFacts]], list[Outcome]]]]] = [
        ("plain-python", lambda: None, lambda: make_plain(params)),
        ("durable-rules", durable_available, lambda: make_durable(params)),
        ("zen-engine", zen_available, lambda: make_zen(params, trace=False)),
        ("zen-engine+trace", zen_available, lambda: make_zen(params, trace=True)),
    ]
    for name, available, make in makers:
        why = available()
        if why is not None:
            variants[name] = {"status": "skipped", "why": why}
            continue
        fn = make()
        # the plain evaluator is fast: repeat it more so its best time is not one noisy slice
        out, times = timed(lambda: fn(facts), budget, max_runs * (5 if name == "plain-python" else 1))
        outcomes[name] = out
        variants[name] = summary(times, n)

    from .columnar import add_variants
    facts_col_s = add_variants(reg, members, claims, facts, cfg, variants, outcomes)

    # the engines' time plus the facts they were fed (the "the same facts code feeding them"): swf-rules'
    # per-claim facts stage, and (strictest) the columnar facts stage
    for name, v in variants.items():
        if not name.startswith("swf-rules") and v.get("status") == "ok":
            v["with_facts_claims_per_s"] = round(n / (v["seconds"] + facts_s), 1)
            if facts_col_s is not None:
                v["with_columnar_facts_claims_per_s"] = round(n / (v["seconds"] + facts_col_s), 1)
    disagreements = {name: compare(ref, out) for name, out in outcomes.items() if name != "swf-rules"}
    agreed = all(not v for v in disagreements.values())
    if not agreed:  # no time is reported for decisions that differ
        for v in variants.values():
            if v.get("status") == "ok":
                v.update(seconds=None, median_seconds=None, cpu_seconds=None, claims_per_s=None,
                         claims_per_cpu_s=None, with_facts_claims_per_s=None)
    result: dict[str, Any] = {
        "regulation": "regulations/chamung.yaml",
        "members": cfg["members"], "years": cfg["years"], "seed": SEED, "start": START.isoformat(),
        "claims": n,
        "eligible": sum(1 for o in ref if o[1]),
        "paid": str(sum((o[2] for o in ref), Decimal(0))),
        "by_benefit": _count(c.benefit for c in claims),
        "reasons": n_reasons,
        "generate_seconds": round(generate_s, 3),
        "facts_precompute_seconds": round(facts_s, 6),
        "facts_precompute_claims_per_s": round(n / facts_s, 1) if facts_s else None,
        "facts_columnar_seconds": None if facts_col_s is None else round(facts_col_s, 6),
        "facts_columnar_claims_per_s": round(n / facts_col_s, 1) if facts_col_s else None,
        "variants": variants,
        "agreed": agreed,
        "disagreements": {k: v for k, v in disagreements.items() if v},
        "decisions_checked": {k: len(v) for k, v in outcomes.items()},
    }
    result["ratios"], result["targets"] = _targets(variants) if agreed else ({}, {})
    return result


def _count(items: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for x in items:
        out[x] = out.get(x, 0) + 1
    return dict(sorted(out.items()))


def _rate(variants: dict[str, dict[str, Any]], name: str, key: str = "claims_per_s") -> float | None:
    v = variants.get(name, {})
    return v.get(key) if v.get("status") == "ok" else None


def _targets(variants: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The issue's ratios, from wall time (``measured``) and from CPU time (``measured_cpu``)."""
    ratios: dict[str, Any] = {}
    targets: dict[str, Any] = {}
    specs = (("swf_over_durable", "swf-rules", "durable-rules", "at_least", 10.0,
              "swf-rules at least 10x durable-rules"),
             ("swf_over_zen_trace", "swf-rules", "zen-engine+trace", "at_least", 3.0,
              "swf-rules at least 3x zen-engine with trace"),
             ("swf_over_zen", "swf-rules", "zen-engine", None, None, None),
             ("plain_over_swf", "plain-python", "swf-rules", "at_most", 5.0,
              "swf-rules within 5x of the plain-Python evaluator"))
    specs += (("columnar_over_durable", "swf-rules columnar", "durable-rules", "at_least", 10.0,
               "swf-rules (columnar, from Parquet histories) at least 10x durable-rules fed the same histories"),
              ("columnar_over_zen_trace", "swf-rules columnar", "zen-engine+trace", "at_least", 3.0,
               "swf-rules (columnar, from Parquet histories) at least 3x zen-engine with trace fed the same "
               "histories"))
    for key, top, bottom, how, want, text in specs:
        got = {}
        for suffix, unit in (("", "claims_per_s"), ("_cpu", "claims_per_cpu_s"),
                             ("_with_facts", "with_facts_claims_per_s"),
                             ("_with_columnar_facts", "with_columnar_facts_claims_per_s")):
            a = _rate(variants, top, "claims_per_s" if top.startswith("swf-rules") and suffix.startswith("_with")
                      else unit)
            b = _rate(variants, bottom, "claims_per_s" if bottom.startswith("swf-rules") and suffix.startswith("_with")
                      else unit)
            got[suffix] = round(a / b, 3) if a and b else None
        for suffix, value in got.items():
            ratios[key + suffix] = value
        if how is None:
            continue
        m = got["_with_facts"] if key.startswith("columnar") else got[""]
        met = None if m is None else (m >= want if how == "at_least" else m <= want)
        targets[key] = {"target": text, f"want_{how}": want, "measured": m, "measured_cpu": got["_cpu"],
                        "measured_with_facts": got["_with_facts"],
                        "measured_with_columnar_facts": got["_with_columnar_facts"], "met": met}
    return ratios, targets
