"""The API's request envelopes (pydantic, unknown keys refused) and the values read from them.

The envelopes hold only the server's own fields; a member history, a claim or a regulation text inside them is
read afterwards by the project's own readers (``parse_member``, ``parse_claim``, ``load_regulation_text``), so the
API reports exactly the problems the command line reports, located under the field's JSON path.  The OpenAPI
document (:mod:`.openapi`) is generated from these models, with member and claim given by the project's JSON
Schemas.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..core.dates import DateTextError, parse_date
from ..core.errors import InputError, make_problem

Lang = Literal["en", "th"]
Key = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
                           description="a served regulation: its file name without .yaml, or its fund id")]
BooksName = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
                                 description="a served books folder (GET /api/v1/books lists them)")]
When = Annotated[str, Field(max_length=20, description="YYYY-MM-DD (C.E.), or be:YYYY-MM-DD (B.E.)",
                            examples=["2024-09-30", "be:2567-09-30"])]
Label = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^/\\\x00-\x1f]+$",
                             description="the name problems give this text (never a path on the server)")]
MAX_ROWS = 100_000


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RegulationSource(Model):
    regulation: Key | None = None
    regulation_text: str | None = Field(None, description="a regulation's YAML text, instead of a served one")
    file: Label = "regulation.yaml"


class ValidateRequest(RegulationSource):
    """Validate a regulation: a served one, or a text."""


class DecideRequest(RegulationSource):
    member: dict[str, Any] | None = Field(None, description="the member's history; left out for a benefit for "
                                                            "non-members (swf-rules/2), as evaluate without --member")
    claim: dict[str, Any]


class ExplainRequest(DecideRequest):
    lang: Lang = "en"


class BatchRequest(RegulationSource):
    members: Annotated[list[Any], Field(max_length=MAX_ROWS)]
    claims: Annotated[list[Any], Field(max_length=MAX_ROWS)]


class RenderRequest(RegulationSource):
    version: Annotated[str, Field(max_length=100)] | None = None
    as_of: When | None = None
    lang: Lang = "th"
    format: Literal["md", "html"] = "md"
    diff: Annotated[str, Field(max_length=100, description="a version label of the same regulation")] | None = None


class BooksRequest(Model):
    books: BooksName
    lang: Lang = "en"


class StatusRequest(BooksRequest):
    as_of: When
    since: When | None = None
    format: Literal["json", "text"] = "json"


class ReplayRequest(BooksRequest):
    format: Literal["json", "text", "findings"] = "json"


class CasesRequest(Model):
    regulation: Key
    regulation_text: str | None = Field(None, description="a draft to run the fund's cases against")
    lang: Lang = "en"


class Synthetic(Model):
    seed: Annotated[int, Field(ge=0, le=2**31)] = 1
    members: Annotated[int, Field(ge=1, le=2000)] = 200
    years: Annotated[int, Field(ge=1, le=10)] = 5
    start: When | None = None


class PopulationSpec(Model):
    books: BooksName | None = None
    synthetic: Synthetic | None = None
    members: Annotated[list[Any], Field(max_length=MAX_ROWS)] | None = None
    claims: Annotated[list[Any], Field(max_length=MAX_ROWS)] | None = None


class ImpactRequest(Model):
    regulation: Key = Field(description="the current regulation (served)")
    draft_text: str | None = Field(None, description="the draft's YAML text (default: the served file itself)")
    draft_version: Annotated[str, Field(max_length=100)] | None = None
    current_version: Annotated[str, Field(max_length=100)] | None = None
    population: PopulationSpec
    format: Literal["json", "changes", "svg", "text"] = "json"
    lang: Lang = "en"


class SaveRequest(Model):
    text: str
    base_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$",
                                      description="sha256 of the file as it was read (GET .../regulations/{key})")]


def when(text: str | None, field: str) -> date | None:
    """A date of the request: ``YYYY-MM-DD`` (C.E.) or ``be:YYYY-MM-DD`` (B.E.), as the command line reads it."""
    if text is None:
        return None
    cal, body = ("buddhist", text[3:]) if text.lower().startswith("be:") else ("gregorian", text)
    try:
        return parse_date(body, cal)
    except DateTextError:
        raise InputError([make_problem("bad-date", file="request", path=(field,), value=text,
                                       hint=("write YYYY-MM-DD (C.E.) or be:YYYY-MM-DD (B.E.)",
                                             "เขียน ปปปป-ดด-วว (ค.ศ.) หรือ be:ปปปป-ดด-วว (พ.ศ.)"))]) from None


def one_source(req: RegulationSource) -> None:
    if (req.regulation is None) == (req.regulation_text is None):
        raise InputError([make_problem("one-of-fields", file="request", fields="regulation, regulation_text")])


__all__ = ["BatchRequest", "CasesRequest", "DecideRequest", "ExplainRequest", "ImpactRequest", "PopulationSpec",
           "RegulationSource", "RenderRequest", "ReplayRequest", "SaveRequest", "StatusRequest", "Synthetic",
           "ValidateRequest", "one_source", "when"]
