"""Reports on the fund as a whole, from its books and its regulation: its status (สถานะกองทุน), a review of its
members (ทบทวนสมาชิก) and their passbooks, a review of its committee's decisions (ทบทวนคณะกรรมการ), and its money
projected years ahead (sustainability).

Each report is a typed value (dataclasses) with ``to_dict()`` (JSON-ready: money as decimal strings, ISO C.E.
dates), ``csv_rows()`` and ``render(lang)`` (Thai or English text for a committee).  The functions take plain
arguments (a :class:`~swf_rules.Regulation`, a :class:`~swf_rules.books.Ledger`, dates) and read the members'
facts through the decision core (:class:`~swf_rules.core.MemberState`), never re-deriving them.

Modules: ``status`` (+ ``_status_text``), ``review`` (+ ``_review_text``), ``statement`` (+ ``_statement_text``),
``committee_review``, the subpackage ``project``, and ``_common`` (what every report shares).
"""

from typing import Any

from ._common import json_text
from .committee_review import (CommitteeDecision, CommitteeReview, committee_review, decisions_from_approvals,
                               decisions_from_books)
from .project import (Assumptions, Experience, Projection, assumptions_from_text, experience_from_books,
                      experience_from_history, load_assumptions, project)
from .review import MemberReview, ReviewRow, review_members
from .statement import Passbook, Statements, statements
from .status import FundStatus, fund_status


def report_json(report: Any) -> str:
    """A report's ``to_dict()`` as canonical JSON text (sorted keys, UTF-8, two-space indent, newline)."""
    return json_text(report.to_dict())


__all__ = ["Assumptions", "CommitteeDecision", "CommitteeReview", "Experience", "FundStatus", "MemberReview", "Passbook", "Projection", "ReviewRow",
           "Statements", "assumptions_from_text", "committee_review", "decisions_from_approvals", "decisions_from_books", "experience_from_books", "experience_from_history", "fund_status", "load_assumptions",
           "project", "report_json", "review_members", "statements"]
