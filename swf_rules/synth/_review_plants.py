"""Planted mistakes in a synthetic fund's registers that only a review of the members finds (``swf-rules review``):
a lapse the register never recorded, a death whose membership spell was left open, a member who names no
beneficiary, a national ID given to two different beneficiaries.  ``planted_review.json`` lists the rows each must
give (``{plant, kind, member_id}``).  Every choice comes from ``random.Random(f"swf-synth:{seed}:plant-review")``,
and each plant is made on a member no other plant used.
"""

from __future__ import annotations

import random
from typing import Any

from ..core.errors import InputError, make_problem

REVIEW_PLANT_KINDS = ("lapse_unrecorded", "death_unrecorded", "beneficiary_missing", "beneficiary_duplicate_id")
"""Mistakes that can be planted in the registers (``--plant`` with ``--accounts``); ``all=N`` does not include them."""


def plant_review(members: list[Any], beneficiaries: list[Any], plant: dict[str, int], seed: int
                 ) -> tuple[list[Any], list[dict[str, str]]]:
    """The members with the requested register mistakes planted (beneficiaries are changed in place), and the
    review rows each must give."""
    rng = random.Random(f"swf-synth:{seed}:plant-review")
    used: set[str] = set()
    expected: list[dict[str, str]] = []
    by_id = {m.member_id: i for i, m in enumerate(members)}
    out = list(members)

    def pick(kind: str, cands: list[str]) -> list[str]:
        cands = sorted(c for c in set(cands) if c not in used)
        n = plant.get(kind, 0)
        if len(cands) < n:
            raise InputError([make_problem("synth-cannot-plant", path=("plant", kind), value=kind,
                                           detail=f"found {len(cands)} members of the {n} requested")])
        got = sorted(rng.sample(cands, n))
        used.update(got)
        return got

    lapsed = [m.member_id for m in members if m.spells[-1].end_reason == "lapsed" and m.died_on is None]
    for mid in pick("lapse_unrecorded", lapsed):
        m = out[by_id[mid]]
        last = m.spells[-1].model_copy(update={"end": None, "end_reason": None})
        out[by_id[mid]] = m.model_copy(update={"spells": list(m.spells[:-1]) + [last]})
        expected.append({"plant": "lapse_unrecorded", "kind": "lapsed_on_register", "member_id": mid})
    dead = [m.member_id for m in members if m.died_on is not None and m.spells[-1].end_reason == "died"]
    for mid in pick("death_unrecorded", dead):
        m = out[by_id[mid]]
        last = m.spells[-1].model_copy(update={"end": None, "end_reason": None})
        out[by_id[mid]] = m.model_copy(update={"spells": list(m.spells[:-1]) + [last]})
        expected.append({"plant": "death_unrecorded", "kind": "dead_on_register", "member_id": mid})
    current = [m.member_id for m in members if m.died_on is None and m.spells[-1].end is None]
    named = {b.member_id for b in beneficiaries}
    for mid in pick("beneficiary_missing", [c for c in current if c in named]):
        beneficiaries[:] = [b for b in beneficiaries if b.member_id != mid]
        expected.append({"plant": "beneficiary_missing", "kind": "beneficiary_missing", "member_id": mid})
    n = plant.get("beneficiary_duplicate_id", 0)
    for _ in range(n):
        pool = sorted({b.member_id for b in beneficiaries if b.national_id} & set(current))
        a, b2 = _two(rng, pool, used)
        src = next(b for b in beneficiaries if b.member_id == a and b.national_id)
        dst = next(b for b in beneficiaries if b.member_id == b2 and b.national_id)
        dst.national_id = src.national_id
        for mid in sorted((a, b2)):
            expected.append({"plant": "beneficiary_duplicate_id", "kind": "duplicate_id", "member_id": mid})
    return out, expected


def _two(rng: random.Random, pool: list[str], used: set[str]) -> list[str]:
    cands = [c for c in pool if c not in used]
    if len(cands) < 2:
        raise InputError([make_problem("synth-cannot-plant", path=("plant", "beneficiary_duplicate_id"),
                                       value="beneficiary_duplicate_id", detail=f"found {len(cands)} members of the 2 needed")])
    got = sorted(rng.sample(cands, 2))
    used.update(got)
    return got
