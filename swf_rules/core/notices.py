"""Irregular is not invalid: records a real fund's books hold that do not make the facts ambiguous.

A family pays the month's instalment after the member died; a payment is booked between two membership spells, or
before the committee approved the member; the same receipt is entered twice.  None of them leaves a doubt about
what the member's facts are, so none makes the member unreadable: each becomes a *notice* (severity ``notice``, its
own code, a message in Thai and English, the JSON path of the record), carried in every decision about the member
(``notices`` in its JSON, present only when there is one) and in replay findings.  The records themselves are
kept as recorded: a payment after death still pays the period it covers, a repeated row is still counted.

Records that make the facts ambiguous (overlapping spells, a payout after death, a spell ending before it starts)
stay errors (:func:`swf_rules.core.history.member_problems`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .errors import Problem, make_problem
from .history import Member
from .money import money_str


def member_notices(m: Member, file: str | None = None) -> list[Problem]:
    """The notices about a member's history, in the order of its records."""
    out: list[Problem] = []
    spells = sorted(m.spells, key=lambda s: s.start)
    first: dict[tuple[date, str, str], int] = {}
    for i, c in enumerate(m.contributions):
        at = ("contributions", i, "date")
        if m.died_on is not None and c.date > m.died_on:
            out.append(make_problem("contribution-after-death", path=at, file=file, value=c.date.isoformat(),
                                    died_on=m.died_on.isoformat()))
        elif spells and not any(s.start <= c.date and (s.end is None or c.date <= s.end) for s in spells):
            if c.date < spells[0].start:
                out.append(make_problem("contribution-before-membership", path=at, file=file,
                                        value=c.date.isoformat(), start=spells[0].start.isoformat()))
            else:
                ended = max(s.end for s in spells if s.end is not None and s.end < c.date)
                out.append(make_problem("contribution-outside-membership", path=at, file=file,
                                        value=c.date.isoformat(), ended=ended.isoformat()))
        key = (c.date, money_str(c.amount), c.covers)
        j = first.setdefault(key, i)
        if j != i:
            out.append(make_problem("duplicate-contribution", path=("contributions", i), file=file,
                                    value=f"{c.date.isoformat()} {money_str(c.amount)} {c.covers}",
                                    first=f"$.contributions[{j}]"))
    return out


def notice_dict(p: Problem) -> dict[str, Any]:
    """A notice as a decision carries it: no file name (the same history read from another file decides the same
    bytes), its JSON path, value and messages."""
    return {"code": p.code, "severity": p.severity, "path": p.json_path, "value": p.value,
            "message": {"en": p.message_en, "th": p.message_th}}


def state_notices(state: Any) -> list[dict[str, Any]]:
    """The notices of the member a :class:`~swf_rules.core.facts.MemberState` indexes, worked out once per state."""
    got = getattr(state, "_notices", None)
    if got is None:
        got = [notice_dict(p) for p in member_notices(state.member)]
        try:
            state._notices = got
        except AttributeError:  # pragma: no cover - a state without a __dict__
            pass
    return got


__all__ = ["member_notices", "notice_dict", "state_notices"]
