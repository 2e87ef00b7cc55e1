"""The decision core: a fund's regulation and a member's history in, an explained payout decision out.

One module per stage, each handing a typed value to the next:

    load -> validate (``Regulation``) -> compile (``Plan``) -> facts (``MemberState``) -> evaluate (``Decision``)
    -> explain

``evaluate`` is the engine; its checks, amounts and the facts of a claim are in the private modules
``_checks``, ``_amounts`` and ``_claim_facts``, their messages in ``_messages``, and the decision value in
``decision``.  The core imports nothing from the rest of the package (committee, audit, books, synth, events, cli
are built on it).  The names below are the stages' values and entry points; helpers stay in their modules
(``core.money``, ``core.dates``, ``core.errors``, ...).  The top-level ``swf_rules`` package re-exports the
smaller public API.
"""

from ._checks import filing_deadline, waiting_served
from ._messages import STATUS_TH
from .compile import Plan, compile_version
from .decision import Decision
from .errors import InputError, LookupProblem, Problem, RegulationError, SwfError, UsageError
from .evaluate import Engine, MemberStates, evaluate, gc_paused
from .explain import explain
from .facts import MemberState, PaidClaim, StatusFacts, tenure_years
from .fingerprint import version_fingerprint
from .history import (Claim, Member, Payout, load_claim, load_claims, load_member, load_members, parse_claim,
                      parse_member)
from .validate import Regulation, load_regulation, load_regulation_text

__all__ = [
    "Claim",
    "Decision",
    "Engine",
    "InputError",
    "LookupProblem",
    "Member",
    "MemberState",
    "MemberStates",
    "PaidClaim",
    "Payout",
    "Plan",
    "Problem",
    "Regulation",
    "RegulationError",
    "STATUS_TH",
    "StatusFacts",
    "SwfError",
    "UsageError",
    "compile_version",
    "evaluate",
    "explain",
    "filing_deadline",
    "gc_paused",
    "load_claim",
    "load_claims",
    "load_member",
    "load_members",
    "load_regulation",
    "load_regulation_text",
    "parse_claim",
    "parse_member",
    "tenure_years",
    "version_fingerprint",
    "waiting_served",
]
