"""Canonical form and sha256 fingerprints.

The fingerprint of a regulation version is the sha256 of its canonical JSON: the validated model dumped with
every default filled in, money as canonical decimal strings, dates in C.E., conditions re-printed from their
syntax tree, Thai digits replaced by ASCII digits, keys sorted, no insignificant whitespace.  Comments, key
order, spacing, quoting, B.E. vs C.E. and Thai vs Arabic digits therefore do not change it; any change of meaning
does.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .conditions import canonical
from .dates import normalise_digits


def canonical_json(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256(data: Any) -> str:
    return "sha256:" + hashlib.sha256(canonical_json(data)).hexdigest()


def _normalise(v: Any, key: str | None = None) -> Any:
    if isinstance(v, dict):
        return {k: _normalise(x, k) for k, x in v.items()}
    if isinstance(v, list):
        return [_normalise(x) for x in v]
    if isinstance(v, str):
        if key == "when":
            return canonical(v)
        return normalise_digits(v)
    return v


# The printed document's own words (``document:``): no decision depends on them.
NOT_FINGERPRINTED = frozenset({"document"})


def version_canonical(fund: Any, version: Any) -> dict[str, Any]:
    """The meaning of one version: its fund identity and its rules (a consolidated amendment is a full version)."""
    return {
        "fund": _normalise(fund.model_dump(mode="json")),
        # a field new in swf-rules/2 is left out while unused (core._language.new_field): v1 fingerprints stay
        "version": _normalise(version.model_dump(mode="json", exclude=NOT_FINGERPRINTED)),
    }


def version_fingerprint(fund: Any, version: Any) -> str:
    return sha256(version_canonical(fund, version))
