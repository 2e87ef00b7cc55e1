"""The annual report to the members' meeting (รายงานประจำปี): the fund's status, its money, the welfare it paid,
the member review, the committee's decisions against the regulation, and the sustainability projection, in one
document with its charts.

The report prints figures it is given (:class:`AnnualInputs`), computed by :mod:`swf_rules.reports` -- the same
values ``swf-rules status``, ``review``, ``committee-review`` and ``project`` print -- so that the report read at
the meeting and the committee's reports never disagree.  :func:`annual_inputs` computes them from the books for
one fiscal year; a caller that already holds them builds :class:`AnnualInputs` itself.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from ..books import Ledger
from ..core.errors import InputError, make_problem
from ..core.validate import Regulation
from ..reports import (CommitteeDecision, committee_review, experience_from_books, fund_status, project,
                       review_members)
from ._annual_html import render
from ._annual_inputs import AnnualInputs, year_end


def annual_inputs(regulation: Regulation, ledger: Ledger, fiscal_year_be: int, *, years: int = 10,
                  simulations: int = 500, seed: int = 0, decisions: Sequence[CommitteeDecision] | None = None,
                  projection: bool = True) -> AnnualInputs:
    """The reports of fiscal year ``fiscal_year_be`` (B.E.) from the books: status and the member review at the
    year's end, the committee review of the decisions up to it (the books' payouts, and ``decisions`` such as the
    committee's approval records, :func:`swf_rules.reports.decisions_from_approvals`), and a projection of
    ``years`` years from it (``simulations`` seeded runs)."""
    end = year_end(fiscal_year_be)
    days = [p.event_date for p in ledger.payouts] + [r.spells[0][0] for r in ledger.members.values()]
    first, last = (min(days), max(days)) if days else (end, end)
    if not days or end < first or date(end.year - 1, 10, 1) > last:
        raise InputError([make_problem("annual-no-year", value=str(fiscal_year_be), first=first.isoformat(),
                                       last=last.isoformat())])
    status = fund_status(regulation, ledger, end)
    review = review_members(regulation, ledger, end)
    committee = committee_review(regulation, ledger, end, _with_books(ledger, decisions))
    proj = None
    if projection:
        ex = experience_from_books(regulation, ledger, end)
        proj = project(ex, years=years, simulations=simulations, seed=seed,
                       name={"th": regulation.fund.name.th, "en": regulation.fund.name.en})
    return AnnualInputs(regulation, fiscal_year_be, status, review, committee, proj)


def _with_books(ledger: Ledger, decisions: Sequence[CommitteeDecision] | None) -> list[CommitteeDecision] | None:
    """The books' decisions, those of ``decisions`` replacing the ones of the same claim."""
    if decisions is None:
        return None
    from ..reports import decisions_from_books
    given = {d.claim_id for d in decisions}
    return [d for d in decisions_from_books(ledger) if d.claim_id not in given] + list(decisions)


def annual_html(inputs: AnnualInputs, digits: str = "arabic", for_print: bool = False) -> str:
    """The report as one HTML document (A4)."""
    return render(inputs, digits, for_print)


__all__ = ["AnnualInputs", "annual_html", "annual_inputs", "year_end"]
