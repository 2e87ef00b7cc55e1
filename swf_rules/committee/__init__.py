"""The committee's tools: checking a regulation before the members' meeting votes on it.

Importing this package needs only the core dependencies.  Its names are the case files and the invariants they
declare (``swf-rules test``, ``swf-rules check`` reports) and lint.  Four tools are used as modules of their own:

- :mod:`swf_rules.committee.impact`: the cost of a draft (``swf-rules impact``);
- :mod:`swf_rules.committee.render`: the regulation as the printable document, and its changes (``swf-rules render``);
- :mod:`swf_rules.committee.check`: the invariant search (``swf-rules check``), and
  :mod:`swf_rules.committee.strategies`: the hypothesis strategies it searches with, public for fund developers --
  both need hypothesis (the ``test`` extra);
- :mod:`swf_rules.committee.pytest_plugin`: ``*.cases.yaml`` files as pytest tests (the ``pytest11`` entry point).

How the case and invariant modules depend on each other (each imports only modules on the lines above it)::

    _case_format  _problems  _membership_rules  _violations     imports nothing from the committee
    _case_build, _invariant_format                              format, problems
    _case_files                                                 build, invariant format
    _case_run                                                   build, files
    _builtin_properties                                         violations, membership rules
    _declared_properties                                        build, invariant format, violations, rules
    _check_report                                               format, violations
    strategies                                                  build (and hypothesis)
    check                                                       strategies, properties, report, files
"""

from ._builtin_properties import BUILTIN
from ._case_build import Case, Expectation, build_case, build_claim, build_member
from ._case_files import (CASE_SUFFIX, CaseFile, find_case_files, find_invariants_file, load_case_document,
                          load_case_file, relative_ref)
from ._case_format import case_yaml
from ._case_run import Outcome, TestRun, run_case, run_file, run_paths
from ._check_report import CheckRun, Result, counterexample_yaml
from ._invariant_format import (Invariant, MaxPerClaim, MaxPerEvent, MaxPerWindow, Monotone, NoPaymentWithin,
                                parse_invariants)
from ._membership_rules import lapse_date, member_status
from ._problems import model_at, validation_problems
from ._violations import Violation
from .lint import lint_document, lint_file

__all__ = [
    "BUILTIN",
    "CASE_SUFFIX",
    "Case",
    "CaseFile",
    "CheckRun",
    "Expectation",
    "Invariant",
    "MaxPerClaim",
    "MaxPerEvent",
    "MaxPerWindow",
    "Monotone",
    "NoPaymentWithin",
    "Outcome",
    "Result",
    "TestRun",
    "Violation",
    "build_case",
    "build_claim",
    "build_member",
    "case_yaml",
    "counterexample_yaml",
    "find_case_files",
    "find_invariants_file",
    "lapse_date",
    "lint_document",
    "lint_file",
    "load_case_document",
    "load_case_file",
    "member_status",
    "model_at",
    "parse_invariants",
    "relative_ref",
    "run_case",
    "run_file",
    "run_paths",
    "validation_problems",
]
