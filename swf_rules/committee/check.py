"""The invariant search of ``swf-rules check`` (needs hypothesis, the ``test`` extra).

:func:`check_regulation` searches generated member histories and claims (:mod:`swf_rules.committee.strategies`)
with hypothesis for a violation of every built-in property (:mod:`._builtin_properties`) and every declared
invariant (:mod:`._declared_properties`); a failure is shrunk to the smallest example and printed as a
ready-to-paste case (case format of :mod:`._case_format`) that fails under ``swf-rules test`` the same way.  Where
an invariant bounds an amount rather than fixing it, the case says so with ``expect: {at_most: ...}`` or
``{at_least: ...}``.  :func:`run_check` loads a regulation and the invariants its case file declares, then searches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path as FsPath
from typing import Any, Callable, Sequence

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as hseed
from hypothesis import strategies as st

from ..core import model as M
from ..core.dates import add_years
from ..core.errors import InputError, make_problem
from ..core.load import load_yaml_file
from ..core.validate import Regulation, load_regulation
from ._builtin_properties import PROPERTIES
from ._case_files import find_invariants_file, load_case_document
from ._check_report import CheckRun, Result
from ._declared_properties import declared_property
from ._invariant_format import Monotone
from ._v2_properties import v2_properties
from ._violations import Violation
from .strategies import HORIZON_YEARS, scenarios


# ------------------------------------------------------------------------------------------ what is searched
@dataclass(frozen=True)
class _Check:
    """One property and the examples it is searched over."""

    name: str
    declared: bool
    strategy: Callable[[Regulation], Any]
    prop: Callable[[Regulation, Any], None]


def _monotone_pairs(reg: Regulation, inv: Monotone) -> Any:
    """Pairs of cases (member and claim recipes) for two members alike but for a longer tenure (joined earlier)
    or a greater age (born earlier) in the second, claiming ``inv.benefit`` on the same day."""
    first = reg.versions[0].effective
    death = any(b.kind == "death" for v in reg.versions for b in v.benefits if b.id == inv.benefit)

    @st.composite
    def pairs(draw: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        ev = first + timedelta(days=draw(st.integers(0, HORIZON_YEARS * 365)))
        tenure = draw(st.integers(0, 30 * 365))
        age = draw(st.integers(20, 90))
        extra = draw(st.integers(1, 20 * 365))
        sex = draw(st.sampled_from(["female", "male"]))
        born = add_years(ev, -age) - timedelta(days=draw(st.integers(0, 364)))
        joined = ev - timedelta(days=tenure)
        born2, joined2 = born, joined
        if inv.by == "tenure":
            joined2 = joined - timedelta(days=extra)
        else:
            born2 = born - timedelta(days=extra)

        def one(b: date, j: date) -> dict[str, Any]:
            j = max(j, b)
            m: dict[str, Any] = {"born": b.isoformat(), "sex": sex, "joined": j.isoformat(),
                                 "paid": f"every {reg.versions[0].membership.contribution.period}"}
            if death:
                m["died"] = ev.isoformat()
            claim: dict[str, Any] = {"benefit": inv.benefit, "date": ev.isoformat()}
            bdef = next(x for v in reg.versions for x in v.benefits if x.id == inv.benefit)
            if isinstance(bdef.amount, M.Rate):
                claim["nights"] = 1
            return {"member": m, "claim": claim}
        return one(born, joined), one(born2, joined2)
    return pairs()


# ------------------------------------------------------------------------------------------ search
def checks_for(regulation: Regulation, invariants: Sequence[Any] = ()) -> list[_Check]:
    """The built-in properties, then the declared invariants in their order."""
    scen = lambda reg: scenarios(reg)  # noqa: E731
    out = [_Check(name, False, scen, prop) for name, prop in PROPERTIES.items()]
    out += [_Check(name, False, scen, prop) for name, prop in v2_properties(regulation).items()]  # v2 constructs used
    for inv in invariants:
        if isinstance(inv, Monotone):
            out.append(_Check(inv.name, True, lambda reg, inv=inv: _monotone_pairs(reg, inv), declared_property(inv)))
        else:
            out.append(_Check(inv.name, True, scen, declared_property(inv)))
    return out


def search(regulation: Regulation, check: _Check, examples: int = 100, seed: int | None = None) -> Violation | None:
    """Run one property with hypothesis; the shrunk (smallest) violation, or ``None``."""
    strategy = check.strategy(regulation)

    @settings(max_examples=examples, database=None, deadline=None, derandomize=seed is not None,
              suppress_health_check=list(HealthCheck), verbosity=Verbosity.quiet, print_blob=False,
              report_multiple_bugs=False, phases=[Phase.explicit, Phase.generate, Phase.shrink])
    @given(strategy)
    def run(example: Any) -> None:
        check.prop(regulation, example)

    if seed is not None:
        run = hseed(seed)(run)
    try:
        run()
    except Violation as v:
        return v
    return None


def check_regulation(regulation: Regulation, invariants: Sequence[Any] = (), *,
                     examples: int = 100, seed: int | None = None) -> list[Result]:
    """Search every built-in property and declared invariant; one result each, in :func:`checks_for` order."""
    out = []
    for c in checks_for(regulation, list(invariants)):
        v = search(regulation, c, examples, seed)
        out.append(Result(c.name, c.declared, v is None, v))
    return out


def run_check(regulation_path: str, *, cases: str | None = None, examples: int = 100,
              seed: int | None = None) -> CheckRun:
    """Load the regulation and its declared invariants, then search every invariant."""
    reg = load_regulation(regulation_path)
    cases_path = FsPath(cases) if cases else find_invariants_file(regulation_path)
    invariants: list[Any] = []
    if cases_path is not None:
        if not cases_path.is_file():
            raise InputError([make_problem("file-not-found", file=str(cases_path))])
        invariants = load_case_document(load_yaml_file(cases_path), regulation=reg).invariants
    run = CheckRun(regulation_path, str(cases_path) if cases_path else None, examples=examples, seed=seed)
    run.results = check_regulation(reg, invariants, examples=examples, seed=seed)
    return run


__all__ = ["check_regulation", "checks_for", "run_check", "search"]
