"""The notice rules of a regulation version, as a durable-rules ruleset definition.

:func:`compile_rules` writes the rule dicts directly (not durable-rules' ``lang`` DSL, which is not thread-safe).
Each rule matches one kind of snapshot the monitor posts, a small record of integers and strings:

- ``standing`` (arrears, longest run and total of missed instalments, current status): ``to_lapsed``,
  ``to_suspended``, ``to_active``, from ``lapse_after`` and ``suspend_after``;
- ``elderly`` (status, ages, tenure, waiting served, sex, arrears, the current conclusion):
  ``elderly_due__<benefit>`` and ``elderly_stop__<benefit>``, from the benefit's eligibility;
- ``deadline`` (days left to file a claim): ``deadline_soon`` and ``deadline_passed``;
- ``death``: ``died``.

The conditions of one kind exclude each other, so a snapshot fires at most one rule.  An action only reports
``(rule, event id)``: the monitor changes its state and writes the notice after the post returns.
"""

from __future__ import annotations

from typing import Any, Callable

from ..core import model as M
from ._ledger import lapse_rule


def _eq(field_: str, value: Any) -> dict:
    return {field_: value}


def _op(op: str, field_: str, value: Any) -> dict:
    return {op: {field_: value}}


def _and(*conds: dict) -> dict:
    return conds[0] if len(conds) == 1 else {"$and": list(conds)}


def _or(*conds: dict) -> dict:
    return conds[0] if len(conds) == 1 else {"$or": list(conds)}


def watches_standing(ms: M.Membership) -> bool:
    """Whether a version has standing rules: it suspends or lapses members for missed instalments."""
    return bool(ms.suspend_after) or lapse_rule(ms) is not None


def compile_rules(version: M.Version, lead_days: int, fire: Callable[[str, Any], None]) -> dict[str, dict]:
    """A regulation version's event triggers as a durable-rules ruleset definition (a fresh dict each call:
    durable-rules consumes it).  Every posted snapshot matches at most one rule; ``fire(rule, event_id)`` is
    called by the rule's action."""

    def rule(name: str, cond: dict) -> tuple[str, dict]:
        def run(c: Any) -> None:  # exactly one parameter: durable-rules treats (c, complete) as asynchronous
            try:
                fire(name, c.m.id)
            except Exception as e:  # durable-rules would swallow it into the state; report it instead
                fire("!error", f"{name}: {type(e).__name__}: {e}")
        return name, {"all": [{"m": cond}], "run": run}

    rules: list[tuple[str, dict]] = []
    ms = version.membership
    sus = ms.suspend_after if ms.suspend_after else None
    lapse = lapse_rule(ms)
    n = lapse[0] if lapse is not None else None
    measure = "run" if lapse is not None and lapse[1] == "consecutive" else "total"
    st = _eq("t", "standing")
    if watches_standing(ms):
        not_lapsed = [_op("$lt", measure, n)] if n is not None else []
        if n is not None:
            rules.append(rule("to_lapsed", _and(st, _op("$gte", measure, n), _op("$neq", "status", "lapsed"))))
        if sus is not None:
            rules.append(rule("to_suspended", _and(st, *not_lapsed, _op("$gte", "arrears", sus),
                                                   _op("$neq", "status", "suspended"))))
        below = [_op("$lt", "arrears", sus)] if sus is not None else []
        rules.append(rule("to_active", _and(st, *not_lapsed, *below, _op("$neq", "status", "active"))))
    for b in version.benefits:
        if b.kind != "elderly":
            continue
        el = b.eligibility
        if not el.status:
            continue  # no status is allowed: never due
        yes: list[dict] = [_or(*[_eq("status", s) for s in el.status])]
        no: list[dict] = [_and(*[_op("$neq", "status", s) for s in el.status])]
        if el.age is not None:
            f = "age" if el.age.at == "event" else "age_at_joining"
            if el.age.min is not None:
                yes.append(_op("$gte", f, el.age.min))
                no.append(_op("$lt", f, el.age.min))
            if el.age.max is not None:
                yes.append(_op("$lte", f, el.age.max))
                no.append(_op("$gt", f, el.age.max))
        if el.tenure is not None:
            yes.append(_op("$gte", "tenure", el.tenure.min_years))
            no.append(_op("$lt", "tenure", el.tenure.min_years))
        if el.waiting is not None:
            yes.append(_eq("waited", 1))
            no.append(_op("$neq", "waited", 1))
        if el.sex is not None:
            yes.append(_eq("sex", el.sex))
            no.append(_op("$neq", "sex", el.sex))
        if el.max_arrears is not None:
            yes.append(_op("$lte", "arrears", el.max_arrears))
            no.append(_op("$gt", "arrears", el.max_arrears))
        head = [_eq("t", "elderly"), _eq("benefit", b.id)]
        rules.append(rule(f"elderly_due__{b.id}", _and(*head, _eq("due", 0), *yes)))
        rules.append(rule(f"elderly_stop__{b.id}", _and(*head, _eq("due", 1), _or(*no))))
    dl = [_eq("t", "deadline"), _eq("filed", 0), _eq("passed_sent", 0)]
    rules.append(rule("deadline_soon", _and(*dl, _eq("soon_sent", 0), _op("$lte", "days_left", lead_days),
                                            _op("$gte", "days_left", 0))))
    rules.append(rule("deadline_passed", _and(*dl, _op("$lt", "days_left", 0))))
    rules.append(rule("died", _eq("t", "death")))
    return dict(rules)

