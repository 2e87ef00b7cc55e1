"""The request envelopes of the reports on a fund's books (member review, passbooks, projection, and a draft's
projected effect): pydantic, unknown keys refused, each field bounded.  The books are a served folder or books
imported earlier (``POST /api/v1/import`` answers with their name)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ._requests import BooksName, ImpactRequest, Lang, Model, When

MAX_YEARS = 50
MAX_SIMULATIONS = 10_000
MAX_MEMBERS_ASKED = 10_000
MonthDay = Annotated[str, Field(pattern=r"^[0-9]{1,2}-[0-9]{1,2}$", max_length=5,
                                description="MM-DD: the day of each fiscal year the government's matching counts "
                                            "members on (default 10-01)")]
Years = Annotated[int, Field(ge=1, le=MAX_YEARS, description="years ahead")]
Simulations = Annotated[int, Field(ge=1, le=MAX_SIMULATIONS, description="seeded simulations")]
Seed = Annotated[int, Field(ge=0, le=2**31, description="the random seed (the same seed gives the same bytes)")]
Assumptions = Annotated[str, Field(max_length=256 * 1024,
                                   description="declared rates with their sources (the YAML of --assumptions)")]


class ReviewRequest(Model):
    """``swf-rules review``: what the committee should act on, member by member."""

    books: BooksName
    as_of: When
    format: Literal["json", "text", "csv"] = "json"
    lang: Lang = "en"


class StatementRequest(Model):
    """``swf-rules statement``: passbooks of the members named, or of every member (``all``)."""

    books: BooksName
    as_of: When
    members: Annotated[list[Annotated[str, Field(min_length=1, max_length=100)]],
                       Field(max_length=MAX_MEMBERS_ASKED)] | None = None
    all: bool = False
    format: Literal["json", "text", "csv"] = "json"
    lang: Lang = "en"


class ProjectRequest(Model):
    """``swf-rules project``: the fund's money years ahead, from its books."""

    books: BooksName
    as_of: When
    years: Years = 10
    simulations: Simulations = 1000
    seed: Seed = 0
    assumptions: Assumptions | None = None
    count_on: MonthDay = "10-01"
    format: Literal["json", "text", "csv", "svg"] = "json"
    lang: Lang = "en"


class ImpactProjectRequest(ImpactRequest):
    """``swf-rules impact --project``: each side's projection from the population's own experience."""

    years: Years = 10
    simulations: Simulations = 1000
    seed: Seed = 0
    assumptions: Assumptions | None = None
    side: Literal["current", "draft"] = Field("draft", description="the side whose projection-SIDE.json (or "
                                                                   ".svg) is answered; format text compares both")
    format: Literal["json", "svg", "text"] = "json"  # type: ignore[assignment]


__all__ = ["ImpactProjectRequest", "MAX_SIMULATIONS", "MAX_YEARS", "ProjectRequest", "ReviewRequest",
           "StatementRequest"]
