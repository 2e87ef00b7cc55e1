"""The regulation as a document (``document:`` of a version, both language versions): what the printed ระเบียบ
says beyond the rules the engine applies -- the word the fund uses for members' contributions, the preamble,
definitions, objectives, the claims procedure, the committee, the management of the fund, transitional provisions,
who signs it, and the other language of notes written in one.

Every part is optional: what is left out is either generated from the rules (the definitions of the fund, a
member, the committee and the contribution; the preamble from ``adopted``; the repeal of the version before) or
not printed (objectives, committee, management, transitional provisions: the fund's own words, never invented).
The section changes no decision and is not part of the version's fingerprint (editing the preamble or the
chair's name does not make recorded decisions irreproducible).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ._model_base import Model, RegDate, Str, Text


class Paragraph(Model):
    """One clause of the fund's own words, with its label when the fund numbers it (``ข้อ ๒๐``)."""

    clause: Str | None = None
    text: Text


class Definition(Model):
    """``"word" หมายความว่า meaning``."""

    word: Text
    meaning: Text


class OpeningClauses(Model):
    """The labels of the generated opening clauses, when the fund's text numbers them."""

    name: Str | None = None
    effective: Str | None = None
    repeal: Str | None = None
    definitions: Str | None = None


class Signature(Model):
    """The closing block: ``ประกาศ ณ วันที่ ... (ลงชื่อ) ... (name) position``."""

    name: Text | None = None
    position: Text | None = None
    date: RegDate | None = None


class DocumentText(Model):
    term: Literal["เงินสัจจะ", "เงินสมทบ"] | None = None
    preamble: Text | None = None
    clauses: OpeningClauses = Field(default_factory=OpeningClauses)
    repeals: Text | None = None
    definitions: list[Definition] = Field(default_factory=list)
    objectives: list[Paragraph] = Field(default_factory=list)
    claims: list[Paragraph] = Field(default_factory=list)
    committee: list[Paragraph] = Field(default_factory=list)
    management: list[Paragraph] = Field(default_factory=list)
    transitional: list[Paragraph] = Field(default_factory=list)
    signed: Signature | None = None
    # the other language of notes (``illustrative``) written in one: ``{th, en}`` pairs, one side of which is the
    # note as written; a Thai document prints the Thai, an English one the English (the notes themselves stay as
    # written: they are part of the fingerprint, this section is not)
    translations: list[Text] = Field(default_factory=list)


__all__ = ["Definition", "DocumentText", "OpeningClauses", "Paragraph", "Signature"]
