"""The two sides of a comparison: which versions decide the claims, and how they were chosen (for the report).

The draft is one version applied to every claim "as if adopted" (:func:`pinned`, :func:`as_if_adopted`: its
effective date moved back to the earliest claim); the current side is another pinned version or the versions as
each was in force on a claim's date (:func:`in_force`), without the draft's own versions when both are the same
file (:func:`before_version`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Sequence

from ...core import model as M
from ...core.errors import LookupProblem, UsageError, make_problem
from ...core.history import Claim
from ...core.validate import Regulation


def as_if_adopted(regulation: Regulation, version: M.Version, earliest: date | None) -> Regulation:
    """A regulation whose only version is ``version``, in force from ``earliest`` (or its own effective date if
    that is earlier) with no end date: the draft applied to every claim."""
    effective = version.effective if earliest is None or version.effective <= earliest else earliest
    v = version.model_copy(update={"effective": effective, "until": None})
    f = regulation.file.model_copy(update={"versions": [v]})
    return Regulation(f, regulation.path, regulation.origin)


def before_version(regulation: Regulation, version: M.Version) -> Regulation:
    """The regulation's history up to (not including) ``version``: the current side when the draft is a later
    version of the same file."""
    kept = [v for v in regulation.versions if v.effective < version.effective]
    if not kept:
        raise UsageError(f"{regulation.path}: no version takes effect before version {version.version}; "
                         "give --current-version")
    f = regulation.file.model_copy(update={"versions": kept})
    return Regulation(f, regulation.path, regulation.origin)


@dataclass(frozen=True)
class Side:
    """One side of the comparison: the regulation to decide with and how it was chosen (for the report)."""

    regulation: Regulation
    file: str
    mode: str  # "pinned" (one version for every claim) or "in_force" (the version in force on each date)
    versions: tuple[tuple[str, str], ...]  # (label, fingerprint of the version as written in the file)
    applied_from: date | None = None  # pinned: the date the version is treated as in force from

    @property
    def label(self) -> str:
        return f"{self.regulation.fund_id} {', '.join(v for v, _ in self.versions)}"

    @property
    def applied_fingerprint(self) -> str | None:
        """Pinned: the fingerprint of the version as applied (its effective date moved), which the decisions and
        their explanations carry; it equals the file's fingerprint when the date did not have to move."""
        if self.mode != "pinned":
            return None
        return self.regulation.fingerprint(self.regulation.versions[0])

    def to_dict(self) -> dict[str, Any]:
        return {"fund": self.regulation.fund_id, "file": self.file, "mode": self.mode,
                "versions": [{"version": v, "fingerprint": fp} for v, fp in self.versions],
                "applied_from": None if self.applied_from is None else self.applied_from.isoformat(),
                "applied_fingerprint": self.applied_fingerprint}


def pinned(regulation: Regulation, label: str | None, claims: Sequence[Claim], file: str) -> Side:
    """One version (``label``, default the latest) applied to every claim."""
    version = find_version(regulation, label, file) if label is not None else regulation.versions[-1]
    earliest = min((c.event_date for c in claims), default=None)
    reg = as_if_adopted(regulation, version, earliest)
    return Side(reg, file, "pinned", ((version.version, regulation.fingerprint(version)),),
                reg.versions[0].effective)


def find_version(regulation: Regulation, label: str, file: str) -> M.Version:
    """Version ``label`` of a regulation; an unknown label is a located error listing the file's versions."""
    for v in regulation.versions:
        if v.version == label:
            return v
    labels = ", ".join(v.version for v in regulation.versions)
    raise LookupProblem([make_problem("unknown-regulation", file=file, path=("versions",),
                                      value=f"{regulation.fund_id} {label}",
                                      hint=(f"versions in this file: {labels}", f"ฉบับในไฟล์นี้: {labels}"))])


def in_force(regulation: Regulation, file: str, *, before: M.Version | None = None) -> Side:
    """The versions as each was in force on a claim's date (up to, not including, ``before``)."""
    reg = before_version(regulation, before) if before is not None else regulation
    return Side(reg, file, "in_force", tuple((v.version, regulation.fingerprint(v)) for v in reg.versions))
