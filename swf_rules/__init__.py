"""swf-rules: Thai community welfare fund regulations as tested, explainable, auditable payout decisions.

Stages, one module each: load -> validate -> compile -> facts -> evaluate -> explain.

    >>> from swf_rules import load_regulation, load_member, load_claim, Engine, explain
    >>> reg = load_regulation("regulations/chamung.yaml")
    >>> decision = Engine(reg).evaluate(load_member("examples/member.json"), load_claim("examples/claim.json"))
    >>> decision.amount
    Decimal('400')
"""

from .core.compile import Plan, compile_version
from .core.errors import InputError, LookupProblem, Problem, RegulationError, SwfError, UsageError
from .core.decision import Decision
from .core import Engine, evaluate
from .core.explain import explain
from .core.fingerprint import version_fingerprint
from .core.history import (Claim, Member, Payout, load_claim, load_claims, load_member, load_members, parse_claim,
                      parse_member)
from .core.validate import Regulation, load_regulation, load_regulation_text
from .reports import committee_review, fund_status, project, review_members, statements

__version__ = "0.1.0"

__all__ = [
    "Claim",
    "Decision",
    "Engine",
    "InputError",
    "LookupProblem",
    "Member",
    "Payout",
    "Plan",
    "Problem",
    "Regulation",
    "RegulationError",
    "SwfError",
    "UsageError",
    "committee_review",
    "compile_version",
    "evaluate",
    "explain",
    "fund_status",
    "load_claim",
    "load_claims",
    "load_member",
    "load_members",
    "load_regulation",
    "load_regulation_text",
    "parse_claim",
    "parse_member",
    "project",
    "review_members",
    "statements",
    "version_fingerprint",
    "__version__",
]
