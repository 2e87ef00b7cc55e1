"""Running cases (``swf-rules test``): decide each case's claim, compare with what the committee expects, and
report failures with the actual decision explained.  A case's content never raises: an error is an outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path as FsPath
from typing import Any, Iterable

from ..core.dates import normalise_digits
from ..core.money import money_str
from ..core.errors import InputError, Problem, SwfError
from ..core import Decision, Engine
from ..core.explain import explain
from ._case_build import Case, describe_outcome
from ._case_files import CaseFile, find_case_files, load_case_file


@dataclass(frozen=True)
class Outcome:
    case: Case
    passed: bool
    decision: Decision | None = None
    error: SwfError | None = None
    crash: str | None = None
    regulation: Any = None  # the regulation decided under: the explanation names what only it knows

    def actual(self, lang: str = "en") -> str:
        if self.crash is not None:
            return ("ข้อผิดพลาดภายใน: " if lang == "th" else "internal error: ") + self.crash
        if self.error is not None:
            codes = ", ".join(p.code for p in self.error.problems)
            return (f"ข้อผิดพลาด {codes}" if lang == "th" else f"error {codes}")
        d = self.decision
        assert d is not None
        e = self.case.expect
        failing = tuple(r["check"] for r in d.failing)
        shows_amount = e.amount is not None or e.at_least is not None or e.at_most is not None or e.error is not None
        return describe_outcome(lang, d.eligible if e.eligible is not None or e.error is not None else None,
                                d.amount if shows_amount else None,
                                failing if e.failing is not None else None,
                                d.payee if e.payee is not None else None, None,
                                payees=_payees(d) if e.payees is not None else None)

    def report(self, lang: str = "en") -> str:
        """What a failing case prints: where, which case, expected vs actual, and the actual decision explained."""
        th = lang == "th"
        lines = [f"{'ไม่ผ่าน' if th else 'FAIL'} {self.case.where()}: {self.case.name}",
                 f"  {'คาดว่า' if th else 'expected'}: {self.case.expect.describe(lang)}",
                 f"  {'ผลจริง: ' if th else 'actual:   '}{self.actual(lang)}"]
        if self.decision is not None:
            lines.append(f"  {'คำอธิบายผลจริง' if th else 'explanation of the actual decision'}:")
            lines.extend("    " + ln for ln in explain(self.decision, lang, self.regulation).rstrip("\n").split("\n"))
        elif self.error is not None:
            lines.extend("    " + p.render(lang) for p in self.case.relocated(self.error.problems))
        return "\n".join(lines)


def _failing_matches(expected: tuple[str, ...], reasons: list[dict[str, Any]]) -> bool:
    def hit(item: str, r: dict[str, Any]) -> bool:
        return item == r["check"] or (r.get("clause") is not None
                                      and normalise_digits(item) == normalise_digits(r["clause"]))
    return all(any(hit(i, r) for r in reasons) for i in expected) and \
        all(any(hit(i, r) for i in expected) for r in reasons)


def run_case(engine: Engine, case: Case) -> Outcome:
    """Decide the case's claim and compare with the expectation.  Never raises for a case's content."""
    e = case.expect
    try:
        d = engine.evaluate(case.member, case.claim)
    except SwfError as err:
        return Outcome(case, e.error is not None and e.error in err.codes, error=err)
    except Exception as exc:  # an engine defect: report it as a failing case, not a traceback
        return Outcome(case, False, crash=f"{type(exc).__name__}: {exc}")
    ok = e.error is None
    if e.eligible is not None and d.eligible != e.eligible:
        ok = False
    if e.amount is not None and d.amount != e.amount:
        ok = False
    if e.at_least is not None and d.amount < e.at_least:
        ok = False
    if e.at_most is not None and d.amount > e.at_most:
        ok = False
    if e.payee is not None and d.payee != e.payee:
        ok = False
    if e.failing is not None and not _failing_matches(e.failing, d.failing):
        ok = False
    if e.payees is not None and not _payees_match(e.payees, _payees(d)):
        ok = False
    return Outcome(case, ok, decision=d, regulation=engine.regulation)


def _payees(d: Decision) -> tuple[tuple[str | None, str | None, Decimal], ...]:
    """The decision's recipients as (to, name, amount); a decision without ``payees`` pays its payee."""
    rows = d.payees if d.payees is not None else ({"to": d.payee, "amount": money_str(d.amount)},)
    return tuple((r["to"], r.get("name"), Decimal(r["amount"])) for r in rows)


def _payees_match(expected: tuple, got: tuple) -> bool:
    """Each expected recipient in order: the same amount, and the same ``to`` and name where the case gives them."""
    return len(expected) == len(got) and all(
        a == ga and (to is None or to == gto) and (name is None or name == gname)
        for (to, name, a), (gto, gname, ga) in zip(expected, got))


def run_file(cf: CaseFile, engine: Engine | None = None) -> list[Outcome]:
    engine = engine or Engine(cf.regulation)
    return [run_case(engine, c) for c in cf.cases]


@dataclass
class TestRun:
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and all(o.passed for o in self.outcomes)

    def render(self, lang: str = "en", quiet: bool = False) -> str:
        th = lang == "th"
        lines: list[str] = []
        for o in self.outcomes:
            if o.passed:
                if not quiet:
                    lines.append(f"{'ผ่าน' if th else 'PASS'} {o.case.where()}: {o.case.name}")
            else:
                lines.append(o.report(lang))
        for p in self.problems:
            lines.append(p.render(lang))
        passed = sum(1 for o in self.outcomes if o.passed)
        failed = len(self.outcomes) - passed
        if th:
            summary = f"ผ่าน {passed} ไม่ผ่าน {failed} จาก {self.files} ไฟล์"
            if self.problems:
                summary += f" ปัญหาในไฟล์กรณีทดสอบ {len(self.problems)}"
        else:
            summary = f"{passed} passed, {failed} failed in {self.files} file{'s' if self.files != 1 else ''}"
            if self.problems:
                summary += f"; {len(self.problems)} problem{'s' if len(self.problems) != 1 else ''} in case files"
        lines.append(summary)
        return "\n".join(lines) + "\n"


def run_paths(paths: Iterable[str | FsPath]) -> TestRun:
    """Run every case file given or found under the directories given; bad files become problems."""
    run = TestRun()
    try:
        files = find_case_files(paths)
    except InputError as e:
        run.problems.extend(e.problems)
        return run
    for f in files:
        run.files += 1
        try:
            cf = load_case_file(f)
        except SwfError as e:
            run.problems.extend(e.problems)
            continue
        run.outcomes.extend(run_file(cf))
    return run

