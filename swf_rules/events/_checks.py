"""Events that contradict what the monitor knows of a member, refused with a located problem.

A parsed event can still be impossible for its member: joining twice, an instalment after the membership ended,
a discharge without an admission, a claim for a benefit the regulation in force does not have.  :func:`check_event`
raises :class:`InputError` for these before the event changes anything; :func:`refuse` builds the error, located
at the event's ``file:line:col``, and :func:`in_force` refuses an event dated when no version of the regulation is
in force.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from ..core import model as M
from ..core.errors import InputError, LookupProblem, make_problem
from ..core.validate import Regulation
from ._track import Track
from .event import Event, locate


def refuse(ev: Event, code: str, path: tuple = ("date",), **kw: Any) -> InputError:
    """The error that refuses ``ev``: problem ``code`` at the event's field ``path``."""
    return InputError(locate([make_problem(code, path=path, **kw)], ev.file, ev.line, ev.text))


def in_force(regulation: Regulation, ev: Event, day: date, field: str) -> M.Version:
    """The version in force on ``day``, the date in the event's ``field``; refuses the event when there is none."""
    try:
        return regulation.in_force(day)
    except LookupProblem as e:
        raise InputError(locate([replace(p, path=(field,)) for p in e.problems], ev.file, ev.line,
                                ev.text)) from None


def check_event(regulation: Regulation, tr: Track, ev: Event, version: M.Version) -> None:
    """Refuse ``ev`` if it contradicts member ``tr``'s history; ``version`` is the one in force on its date."""
    d = ev.date
    if tr.died_on is not None and ev.type != "claim_filed":  # the beneficiary files after the death
        raise refuse(ev, "event-after-death", value=d.isoformat(), died_on=tr.died_on.isoformat())
    t = ev.type
    if t == "joined":
        if tr.open and tr.status != "lapsed":
            raise refuse(ev, "already-member", path=("type",), value=tr.member_id,
                         since=tr.spell.start.isoformat())
        if ev.birth_date != tr.birth or ev.sex != tr.sex:
            raise refuse(ev, "not-allowed", path=("birth_date" if ev.birth_date != tr.birth else "sex",),
                         value=str(ev.birth_date if ev.birth_date != tr.birth else ev.sex),
                         hint=("birth_date and sex must be those of the member's first 'joined' event",
                               "birth_date และ sex ต้องตรงกับเหตุการณ์ 'joined' ครั้งแรกของสมาชิก"))
    elif t in ("instalment", "resigned") and not tr.open:
        raise refuse(ev, "not-a-member", path=("member_id",), value=tr.member_id,
                     status=tr.status, since=(tr.spell.end or d).isoformat())
    if t == "instalment":
        monthly = version.membership.contribution.period == "month"
        assert ev.covers is not None
        if monthly != (len(ev.covers) == 7):
            raise refuse(ev, "contribution-period", path=("covers",), value=ev.covers,
                         period="monthly" if monthly else "yearly",
                         expected="YYYY-MM" if monthly else "YYYY")
    elif t == "admission" and tr.stay is not None:
        raise refuse(ev, "stay-already-open", value=d.isoformat(), since=tr.stay.isoformat())
    elif t == "discharge" and tr.stay is None:
        raise refuse(ev, "no-open-stay", value=d.isoformat())
    elif t == "claim_filed":
        assert ev.event_date is not None and ev.benefit is not None
        v = in_force(regulation, ev, ev.event_date, "event_date")
        if v.benefit(ev.benefit) is None:
            raise refuse(ev, "unknown-benefit", path=("benefit",), value=ev.benefit,
                         hint=("benefits: " + ", ".join(b.id for b in v.benefits),
                               "สวัสดิการ: " + ", ".join(b.id for b in v.benefits)))
