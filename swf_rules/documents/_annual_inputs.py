"""What the annual report prints (:class:`AnnualInputs`), apart from how it is computed (:mod:`.annual`) and how it
is drawn (:mod:`._annual_html`), so that neither imports the other."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..core.dates import BE_OFFSET
from ..core.validate import Regulation
from ..reports import CommitteeReview, FundStatus, MemberReview, Projection


@dataclass(frozen=True)
class AnnualInputs:
    """What the annual report prints: the reports of one fiscal year (B.E.), as :mod:`swf_rules.reports` makes
    them.  ``committee`` and ``projection`` may be left out (their sections say so)."""

    regulation: Regulation
    fiscal_year: int
    status: FundStatus
    review: MemberReview
    committee: CommitteeReview | None = None
    projection: Projection | None = None

    @property
    def year_end(self) -> date:
        return year_end(self.fiscal_year)


def year_end(fiscal_year_be: int) -> date:
    """The last day of a fiscal year named in B.E. (FY 2567 ends on 30 September 2024)."""
    return date(fiscal_year_be - BE_OFFSET, 9, 30)


__all__ = ["AnnualInputs", "year_end"]
