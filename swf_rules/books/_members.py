"""The member register: one row per membership spell, checked row by row and member by member.

A member may have several rows (a lapse and a re-join); their birth date, sex and death date must agree, their
spells must not overlap and only the last may be open.  A member with any bad row is listed in ``bad_members``, so
that their other rows can be left out rather than judged on a partial history.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ..core.errors import Problem
from .columns import FIELDS, YEAR_ONLY_FIELDS
from .manifest import FileSpec
from .records import MemberRecord
from ._source import Row, Source
from ._values import Bad, Values


_SEX = {"female": "female", "f": "female", "หญิง": "female", "ญ": "female",
        "male": "male", "m": "male", "ชาย": "male", "ช": "male"}
_LEFT = {"resigned": "resigned", "ลาออก": "resigned", "lapsed": "lapsed", "พ้นสภาพ": "lapsed",
         "died": "died", "เสียชีวิต": "died", "expelled": "expelled", "ให้ออก": "expelled"}


def read_members(spec: FileSpec, cal: str, problems: list[Problem], bad_members: set[str]) -> dict[str, MemberRecord]:
    """The register's members (member id -> record, in file order), every problem added to ``problems``; the id
    of a member with a bad row goes to ``bad_members``."""
    src = Source(spec, problems)
    V = Values(cal)
    F = {f: i for i, f in enumerate(src.fields)}
    out: dict[str, MemberRecord] = {}
    firsts: dict[str, dict[str, Any]] = {}
    spell_rows: dict[str, list[tuple[int, int]]] = {}  # member -> (line, column of 'joined') per spell
    for row in src.rows():
        if not row.vals:
            continue
        vals = row.vals
        errs: list[Problem] = []
        got: dict[str, Any] = {}
        mid = None
        for fld in ("member_id", "birth_date", "sex", "joined", "left", "left_reason", "died_on"):
            i = F[fld]
            raw = vals[i]
            try:
                if fld == "member_id":
                    v = V.text(raw)
                    mid = v
                elif fld == "sex":
                    v = V.choice(raw, _SEX, "sex")
                elif fld == "left_reason":
                    v = V.choice(raw, _LEFT, "left_reason")
                else:
                    v = V.date(raw, fld in YEAR_ONLY_FIELDS)
                if v is None and FIELDS["members"][fld]:
                    raise Bad("missing-field", field=fld)
                got[fld] = v
            except Bad as b:
                errs.append(src.located(b, row.line, row.col(i)))
        errs.extend(_member_row_checks(src, row, F, got))
        if errs:
            problems.extend(errs)
            if mid is not None:
                bad_members.add(mid)
            continue
        assert mid is not None
        birth, bph = got["birth_date"]
        joined, jph = got["joined"]
        left, lph = got["left"] if got["left"] else (None, None)
        died, dph = got["died_on"] if got["died_on"] else (None, None)
        rec = out.get(mid)
        if rec is None:
            rec = out[mid] = MemberRecord(mid, birth, got["sex"], [], died, {}, row.line)
            firsts[mid] = {"birth_date": (vals[F["birth_date"]], birth), "sex": (vals[F["sex"]], got["sex"]),
                           "died_on": (vals[F["died_on"]], died), "line": row.line}
            if bph is not None:
                rec.placeholders["birth_date"] = bph
            if dph is not None:
                rec.placeholders["died_on"] = dph
        else:
            first = firsts[mid]
            conflict = False
            for fld, val in (("birth_date", birth), ("sex", got["sex"]), ("died_on", died)):
                if first[fld][1] != val:
                    problems.append(src.problem("ledger-member-conflict", row.line, row.col(F[fld]), value=mid,
                                                field=fld, found=str(vals[F[fld]] or ""),
                                                first=str(first[fld][0] or ""), first_line=first["line"]))
                    conflict = True
            if conflict:
                bad_members.add(mid)
                continue
        idx = len(rec.spells)
        rec.spells.append((joined, left, got["left_reason"]))
        if jph is not None:
            rec.placeholders[f"spells[{idx}].start"] = jph
        if lph is not None:
            rec.placeholders[f"spells[{idx}].end"] = lph
        spell_rows.setdefault(mid, []).append((row.line, row.col(F["joined"])))
    # spells in order, without overlaps; only the last may be open
    for mid, rec in out.items():
        rows = spell_rows[mid]
        order = sorted(range(len(rec.spells)), key=lambda i: rec.spells[i][0])
        if order != list(range(len(rec.spells))):
            rec.spells = [rec.spells[i] for i in order]
            rows = [rows[i] for i in order]
            rec.placeholders = _renumber(rec.placeholders, order)
        for a, b in zip(range(len(rec.spells)), range(1, len(rec.spells))):
            sa, sb = rec.spells[a], rec.spells[b]
            if sa[1] is None:
                problems.append(src.problem("open-spell-not-last", rows[a][0], rows[a][1]))
                bad_members.add(mid)
            elif sb[0] < sa[1]:
                problems.append(src.problem("overlapping-spells", rows[b][0], rows[b][1], value=sb[0].isoformat()))
                bad_members.add(mid)
    return out


def _renumber(ph: dict[str, int], order: list[int]) -> dict[str, int]:
    new_index = {old: new for new, old in enumerate(order)}
    out = {}
    for k, y in ph.items():
        m = re.match(r"^spells\[(\d+)\]\.(start|end)$", k)
        if m:
            out[f"spells[{new_index[int(m.group(1))]}].{m.group(2)}"] = y
        else:
            out[k] = y
    return out


def _member_row_checks(src: Source, row: Row, F: dict[str, int], got: dict[str, Any]) -> list[Problem]:
    """Checks across the fields of one register row, on the fields that parsed (a field missing from ``got`` had
    its own problem reported)."""
    out = []
    birth = got.get("birth_date")
    joined = got.get("joined")
    left = got.get("left")
    died = got.get("died_on")

    def latest(v: tuple[date, int | None]) -> date:
        return date(v[1], 12, 31) if v[1] is not None else v[0]

    if "left" in got and "left_reason" in got and (left is None) != (got["left_reason"] is None):
        fld = "left_reason" if left is not None else "left"
        out.append(src.problem("missing-field", row.line, row.col(F[fld]), field=fld))
    if birth is None or joined is None:
        return out
    if latest(joined) < birth[0]:
        out.append(src.problem("date-order", row.line, row.col(F["joined"]), later="joined",
                               later_value=joined[0].isoformat() if joined[1] is None else str(joined[1]),
                               earlier="birth_date",
                               earlier_value=birth[0].isoformat() if birth[1] is None else str(birth[1])))
    if left is not None and latest(left) < joined[0]:
        out.append(src.problem("date-order", row.line, row.col(F["left"]), later="left",
                               later_value=left[0].isoformat(), earlier="joined", earlier_value=joined[0].isoformat()))
    if died is not None and latest(died) < birth[0]:
        out.append(src.problem("date-order", row.line, row.col(F["died_on"]), later="died_on",
                               later_value=died[0].isoformat(), earlier="birth_date",
                               earlier_value=birth[0].isoformat()))
    return out
