"""A validated regulation: every version of a fund's regulation in full, with the version in force on a date.

When the file holds amendments (``amends:``, language version 2), :attr:`Regulation.file` holds each amendment
consolidated into the full text (what the engine, ``show`` and ``render`` read, and what its fingerprint is taken
of), and :attr:`Regulation.written` the file as written (what ``render --diff`` of an amendment compares).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from . import model as M
from .errors import LookupProblem, Path, make_problem
from .fingerprint import version_fingerprint


@dataclass(frozen=True)
class Regulation:
    """A fund's validated regulation history: every version, in order of the date it takes effect."""

    file: M.RegulationFile  # every version in full (an amendment consolidated with the version it amends)
    path: str
    origin: str = "file"
    # as written, when the file holds amendments (``written.versions`` keeps each amendment as written)
    written: M.RegulationFile | None = field(default=None, compare=False)
    amends: dict[str, str] = field(default_factory=dict, compare=False)  # amendment label -> the label it amends
    # (version label, benefit id) -> where the benefit is written in the file (an amendment inherits the path of
    # each benefit it does not restate); empty when the file holds no amendment
    benefit_paths: dict[tuple[str, str], Path] = field(default_factory=dict, compare=False)

    @property
    def fund(self) -> M.Fund:
        return self.file.fund

    @property
    def fund_id(self) -> str:
        return self.file.fund.id

    @cached_property
    def versions(self) -> tuple[M.Version, ...]:
        return tuple(sorted(self.file.versions, key=lambda v: v.effective))

    @cached_property
    def fingerprints(self) -> dict[str, str]:
        return {v.version: version_fingerprint(self.file.fund, v) for v in self.versions}

    def fingerprint(self, version: M.Version) -> str:
        return self.fingerprints[version.version]

    def version(self, label: str) -> M.Version:
        for v in self.versions:
            if v.version == label:
                return v
        raise LookupProblem([make_problem("unknown-regulation", value=f"{self.fund_id} {label}")])

    def in_force(self, on: date) -> M.Version:
        """The one version in force on ``on``; a clear error before the first or in a gap."""
        chosen: M.Version | None = None
        for v in self.versions:
            if v.effective <= on:
                chosen = v
        if chosen is None:
            raise LookupProblem([make_problem("no-version-in-force", value=on.isoformat(), fund=self.fund_id,
                                              first=self.versions[0].effective.isoformat())])
        if chosen.until is not None and on > chosen.until:
            raise LookupProblem([make_problem("version-gap", value=on.isoformat(), fund=self.fund_id,
                                              previous=chosen.version, ended=chosen.until.isoformat())])
        return chosen

    def benefit_path(self, version: M.Version, index: int) -> Path:
        """Where benefit number ``index`` of ``version`` is written in the file."""
        b = version.benefits[index]
        path = self.benefit_paths.get((version.version, b.id))
        if path is not None:
            return path
        return ("versions", list(self.file.versions).index(version), "benefits", index)

    def part_path(self, version: M.Version, part: str) -> Path:
        """Where a part an amendment restates whole (``membership``, ``rounding``, ``shared_caps``, ``groups``) of
        ``version`` is written: in the version itself, or (an amendment that does not restate it) in the version it
        amends, found back through the chain of amendments."""
        written = {w.version: w for w in (self.written or self.file).versions}
        cur = version
        while cur.version in self.amends and getattr(written[cur.version], part, None) is None:
            cur = self.version(self.amends[cur.version])
        return ("versions", list(written).index(cur.version), part)

    def amended(self, version: M.Version) -> M.Version | None:
        """The version that ``version`` amends (consolidated), or ``None`` when it is not an amendment."""
        label = self.amends.get(version.version)
        return None if label is None else self.version(label)



__all__ = ["Regulation"]
