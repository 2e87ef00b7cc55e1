"""pytest plugin: every ``*.cases.yaml`` file is a test module and every case in it a test item.

Registered through the ``pytest11`` entry point, so once swf-rules is installed ``pytest regulations/`` runs the
committee cases.  A failing case reports exactly what ``swf-rules test`` prints (file:line:col, case name,
expected vs actual, and the explanation of the actual decision); a case file with problems is a collection error
listing every problem, never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from ..core.errors import SwfError
from ..core import Engine
from ._case_build import Case
from ._case_files import CASE_SUFFIX, load_case_file
from ._case_run import Outcome, run_case


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.name.endswith(CASE_SUFFIX):
        return CaseFileCollector.from_parent(parent, path=file_path)
    return None


class CaseFileCollector(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        shown = self.path
        try:
            shown = self.path.relative_to(self.config.invocation_params.dir)
        except ValueError:
            pass
        try:
            cf = load_case_file(shown if not shown.is_absolute() else self.path)
        except SwfError as e:
            raise self.CollectError("\n".join(p.render("en") for p in e.problems)) from None
        engine = Engine(cf.regulation)
        for case in cf.cases:
            yield CaseItem.from_parent(self, name=case.name, case=case, engine=engine)


class CaseFailed(Exception):
    def __init__(self, outcome: Outcome):
        self.outcome = outcome
        super().__init__(outcome.case.name)


class CaseItem(pytest.Item):
    def __init__(self, *, case: Case, engine: Engine, **kw: Any) -> None:
        super().__init__(**kw)
        self.case = case
        self.engine = engine

    def runtest(self) -> None:
        outcome = run_case(self.engine, self.case)
        if not outcome.passed:
            raise CaseFailed(outcome)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, CaseFailed):
            return excinfo.value.outcome.report("en")
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.case.line - 1 if self.case.line is not None else None
        return self.path, line, f"case: {self.case.name}"
