"""The instalments: the bulk of a ledger, read as a stream into each member's compact arrays.

Every instalment must belong to a known member and fall within one of their spells; its ``covers`` must match the
fund's schedule when one is given.  CSV rows take a fast path that parses each distinct text once.
"""

from __future__ import annotations

import operator
from datetime import date
from typing import Any, Callable

from ..core.errors import Problem
from ..core.schedules import KEY_FORMAT, PERIOD_WORDS, PERIODS
from .manifest import FileSpec
from .records import MemberRecord, period_kind
from ._source import Source
from ._spool import Spool
from ._values import Bad, Values


def _spell_bounds(rec: MemberRecord) -> list[tuple[int, int | None]]:
    """Ordinal bounds of each spell, widest under placeholders (earliest start, latest end)."""
    out = []
    for i, (s, e, _r) in enumerate(rec.spells):
        lo = s.toordinal()
        if e is None:
            hi = None
        elif f"spells[{i}].end" in rec.placeholders:
            hi = date(rec.placeholders[f"spells[{i}].end"], 12, 31).toordinal()
        else:
            hi = e.toordinal()
        if rec.died_on is not None:
            dd = rec.died_on if "died_on" not in rec.placeholders else date(rec.placeholders["died_on"], 12, 31)
            hi = dd.toordinal() if hi is None else min(hi, max(dd.toordinal(), lo))
        out.append((lo, hi))
    return out


def _irregular(src: Source, rec: MemberRecord, o: int, line: int, col: int) -> Problem:
    """The notice for an instalment outside every spell of the member: after their death, before they joined,
    or between spells (the rules of :func:`swf_rules.core.notices.member_notices`)."""
    day = date.fromordinal(o).isoformat()
    if rec.died_on is not None and "died_on" not in rec.placeholders and o > rec.died_on.toordinal():
        return src.problem("contribution-after-death", line, col, value=day, died_on=rec.died_on.isoformat())
    starts = sorted(s for s, _e, _r in rec.spells)
    if not starts or o < starts[0].toordinal():
        return src.problem("contribution-before-membership", line, col, value=day,
                           start=starts[0].isoformat() if starts else "?")
    ended = max((e for _s, e, _r in rec.spells if e is not None and e.toordinal() < o), default=None)
    if ended is None and rec.died_on is not None:
        return src.problem("contribution-after-death", line, col, value=day, died_on=rec.died_on.isoformat())
    return src.problem("contribution-outside-membership", line, col, value=day,
                       ended=ended.isoformat() if ended else "?")


def read_contributions(spec: FileSpec, cal: str, members: dict[str, MemberRecord], problems: list[Problem],
                       bad_members: set[str], allowed_periods: set[str] | None, dropped: dict[str, int],
                       members_known: bool = True, spool: Spool | None = None) -> int:
    """Stream the instalments into each member's compact arrays.  CSV rows take a fast path: each distinct
    member id, date, amount and period text is parsed once; any row that is not plainly valid is re-read by the
    checking path, which reports every problem in it.

    With a ``spool`` (:func:`stream_ledger`), the arrays are emptied into the spool's partition files every
    ``spool.rows`` rows read, so that at most that many instalments are held at once."""
    src = Source(spec, problems)
    flush_at = spool.rows if spool is not None else 1 << 62
    V = Values(cal)
    bounds: dict[str, list[tuple[int, int | None]]] = {}
    fi = [src.fields.index(f) for f in ("member_id", "date", "amount", "covers")]
    n = 0
    mids: dict[str, str] = {}
    ords: dict[str, int] = {}
    satang: dict[str, int] = {}
    codes: dict[str, int] = {}

    def check(line: int, raw: list[Any], colfn: Callable[[int], int]) -> tuple[Any, ...] | None:
        """The slow path: parse one row, report every problem; (mid, ordinal, satang, code) or None."""
        errs: list[Problem] = []
        vals: list[Any] = [None] * 4
        for k, (fld, r) in enumerate(zip(("member_id", "date", "amount", "covers"), raw)):
            try:
                if r is None or r == "":
                    raise Bad("missing-field", field=fld)
                if k == 0:
                    v: Any = V.text(r)
                    if v is None:
                        raise Bad("missing-field", field=fld)
                elif k == 1:
                    v = V.date(r, False)[0].toordinal()  # type: ignore[index]
                elif k == 2:
                    v = int(V.money(r) * 100)
                else:
                    v = V.period(r)
                    if allowed_periods is not None and period_kind(v) not in allowed_periods:
                        want = [p for p in PERIODS if p in allowed_periods]
                        raise Bad("contribution-period", value=str(r),
                                  period=" or ".join(PERIOD_WORDS[p] for p in want),
                                  expected=" or ".join(KEY_FORMAT[p] for p in want))
                vals[k] = v
            except Bad as b:
                errs.append(src.located(b, line, colfn(fi[k])))
        if errs:
            problems.extend(errs)
            return None
        if isinstance(raw[0], str):
            mids[raw[0]] = vals[0]
        if isinstance(raw[1], str):
            ords[raw[1]] = vals[1]
        if isinstance(raw[2], str):
            satang[raw[2]] = vals[2]
        if isinstance(raw[3], str):
            codes[raw[3]] = vals[3]
        return tuple(vals)

    def accept(line: int, mid: str, o: int, a: int, c: int, colfn: Callable[[int], int]) -> None:
        rec = members.get(mid)
        if rec is None or mid in bad_members:
            if mid in bad_members:
                dropped[mid] = dropped.get(mid, 0) + 1
            elif members_known:
                problems.append(src.problem("unknown-member", line, colfn(fi[0]), value=mid))
            return
        bl = bounds.get(mid)
        if bl is None:
            bl = bounds[mid] = _spell_bounds(rec)
        if not any(lo <= o and (hi is None or o <= hi) for lo, hi in bl):
            # irregular, not invalid: a notice (swf_rules.core.notices), and the row is kept as recorded
            problems.append(_irregular(src, rec, o, line, colfn(fi[1])))
        rec.dates.append(o)
        rec.amounts.append(a)
        rec.periods.append(c)

    if spec.format != "csv":
        for r in src.rows():
            n += 1
            if n >= flush_at:
                spool.flush()  # type: ignore[union-attr]
                flush_at = n + spool.rows  # type: ignore[union-attr]
            if not r.vals:
                continue
            got = check(r.line, [r.vals[i] for i in fi], r.col)
            if got is not None:
                accept(r.line, *got, r.col)
        return n
    with src.opened() as f:
        if f is None:
            return 0
        reader = src.csv_reader(f)
        if reader is None:
            return 0
        colfn = src.colfn
        pick = operator.itemgetter(*(src.idxs[i] for i in fi))
        ncols = src.ncols
        prev = reader.line_num
        get_o, get_a, get_c = ords.get, satang.get, codes.get
        # raw member id -> (append date, append amount, append period, first day, last day) for members with
        # one spell and good rows: the common case costs one lookup
        fast: dict[str, tuple[Any, ...]] = {}
        get_fast = fast.get
        never = 1 << 40
        for row in reader:
            line = prev + 1
            prev = reader.line_num
            n += 1
            if n >= flush_at:
                spool.flush()  # type: ignore[union-attr]
                flush_at = n + spool.rows  # type: ignore[union-attr]
            if len(row) != ncols:
                if not row or (len(row) == 1 and not row[0].strip()):
                    n -= 1
                    continue
                problems.append(src.problem("ledger-row-length", line, 1, found=len(row), expected=ncols))
                continue
            rm, rd, ra, rc = pick(row)
            slot = get_fast(rm)
            o = get_o(rd)
            a = get_a(ra)
            c = get_c(rc)
            if slot is not None and o is not None and a is not None and c is not None and \
                    slot[3] <= o <= slot[4]:
                slot[0](o)
                slot[1](a)
                slot[2](c)
                continue
            if o is None or a is None or c is None or mids.get(rm) is None:
                got = check(line, [rm, rd, ra, rc], colfn)
                if got is None:
                    continue
                mid, o, a, c = got
            else:
                mid = mids[rm]
            accept(line, mid, o, a, c, colfn)  # the general (and reporting) path
            rec = members.get(mid)
            bl = bounds.get(mid)
            if rec is not None and bl is not None and len(bl) == 1 and mid not in bad_members:
                fast[rm] = (rec.dates.append, rec.amounts.append, rec.periods.append, bl[0][0],
                            never if bl[0][1] is None else bl[0][1])
    return n
