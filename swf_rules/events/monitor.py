"""The event monitor: a fund's events in, notices out (durable-rules; the optional ``events`` extra).

Fund software records events as they happen (a member joins, pays or misses an instalment, is admitted to
hospital, gives birth, dies).  :class:`Monitor` keeps each member's history as :mod:`swf_rules.core.history` data and
raises *notices*: this member is now suspended or lapsed; this member's elderly allowance is due; this claim's
filing deadline is 7 days away, or has passed; this member died, and here is the death benefit decision.

How it works (docs/adr/0001-durable-rules.md):

- Each regulation *version* is compiled (:func:`~swf_rules.events.rules.compile_rules`) into one durable-rules
  ruleset named ``swf_events:<version fingerprint>:<monitor name>``.  All rulesets of a regulation are registered
  when the monitor is built (or when :meth:`Monitor.load` adds a version), before anything is posted.
- Each member has its own clock: the days on which its facts can change (instalment deadlines, event days, age,
  tenure and waiting thresholds, claim deadlines).  A member's day is evaluated once every event of that day is
  known; Python does the calendar arithmetic and posts a small snapshot of integers and strings, and the ruleset
  decides which transition, if any, that snapshot means.  Wall-clock timers are not used.
- Money never enters durable-rules.  A notice that needs an amount carries the :class:`~swf_rules.Decision` of
  the core :class:`~swf_rules.Engine` (``decision.to_dict()``).

The stream format and the notices are documented in docs/events.md.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Mapping

from ..core import model as M
from ..core.dates import CALENDARS, add_period
from ..core.errors import LookupProblem, SwfError, UsageError
from ..core import Engine
from ..core.history import Member, parse_claim
from ..core.validate import Regulation
from ._checks import check_event, in_force, refuse
from ._durable import day_number, engine_and_host, post_event, register_ruleset
from ._ledger import DAY, Ledger, Spell
from ._track import OpenClaim, Track, waiting_served
from .event import Event, parse_event
from .notices import (death_notice, deadline_notice, elderly_notice, no_death_benefit_notice, notice, notice_key,
                      status_notice)
from .rules import compile_rules, watches_standing

NOTICE_DAYS = 7

_SERIAL = itertools.count(1)


@dataclass
class _Ruleset:
    """A registered ruleset: the version it was compiled from, and which kinds of snapshot it has rules for."""

    name: str
    version: M.Version
    fingerprint: str
    standing: bool
    elderly: tuple[M.Benefit, ...]


class Monitor:
    """Watches one fund's event stream and raises notices.

    ``post(event)`` takes an :class:`Event` (or JSON-like data) and returns the notices it completed;
    ``finish()`` runs the checks up to the last date seen.  Events of one member must come in date order;
    members are independent, so several threads may post (each member's events from one thread) and the
    notices are the same as from one thread.  Bad events raise :class:`InputError` and change nothing.
    """

    def __init__(self, regulation: Regulation, *, notice_days: int = NOTICE_DAYS, name: str | None = None,
                 calendar: str = "gregorian"):
        if not isinstance(regulation, Regulation):
            raise UsageError("Monitor needs a Regulation from load_regulation()")
        if isinstance(notice_days, bool) or not isinstance(notice_days, int) or notice_days < 0:
            raise UsageError("notice_days must be a whole number of days >= 0")
        if calendar not in CALENDARS:
            raise UsageError("calendar must be 'gregorian' or 'buddhist'")
        engine_and_host()
        self.name = name or f"m{next(_SERIAL)}"
        self.notice_days = notice_days
        self.calendar = calendar
        self._lock = threading.RLock()
        self._rulesets: dict[str, _Ruleset] = {}
        self._fired: list[tuple[str, Any]] = []
        self._ids = itertools.count(1)
        self._members: dict[str, Track] = {}
        self._heap: list[tuple[int, str]] = []
        self._done = date.min  # the stream has been processed through this day
        self._last = date.min  # latest date seen
        self._notices: list[dict[str, Any]] = []
        self.posts = 0  # snapshots posted to durable-rules
        self.regulation = regulation
        self.engine = Engine(regulation)
        self._register(regulation)

    # ------------------------------------------------------------------------------------------ registration
    @property
    def ruleset_names(self) -> list[str]:
        return sorted(r.name for r in self._rulesets.values())

    def _register(self, regulation: Regulation) -> None:
        for v in regulation.versions:
            fp = regulation.fingerprint(v)
            if fp in self._rulesets:
                continue
            name = f"swf_events:{fp}:{self.name}"
            definition = compile_rules(v, self.notice_days, self._fire)
            if not register_ruleset(name, definition):
                raise UsageError(f"a monitor named {self.name!r} already watches this regulation version; "
                                 "give each monitor its own name")
            self._rulesets[fp] = _Ruleset(name, v, fp, watches_standing(v.membership),
                                          tuple(b for b in v.benefits if b.kind == "elderly"))

    def load(self, regulation: Regulation) -> list[str]:
        """Watch with a new regulation (a new version of the same fund) from now on, without a restart.
        Registers the rulesets of versions not seen yet; returns their names."""
        if not isinstance(regulation, Regulation):
            raise UsageError("load() needs a Regulation from load_regulation()")
        with self._lock:
            if regulation.fund_id != self.regulation.fund_id:
                raise UsageError(f"this monitor watches fund {self.regulation.fund_id!r}, not "
                                 f"{regulation.fund_id!r}; build another Monitor")
            before = set(self._rulesets)
            self._register(regulation)
            self.regulation = regulation
            self.engine = Engine(regulation)
            for tr in self._members.values():
                self._schedule_thresholds(tr)
            return sorted(self._rulesets[fp].name for fp in self._rulesets if fp not in before)

    # ------------------------------------------------------------------------------------------ posting
    def _fire(self, rule: str, event_id: Any) -> None:
        self._fired.append((rule, event_id))

    def _post(self, rs: _Ruleset, event: dict[str, Any]) -> str | None:
        """Post one snapshot; return the rule it fired, if any."""
        event["id"] = next(self._ids)
        fired = post_event(rs.name, event, self._fired)
        self.posts += 1
        errors = [str(x) for r, x in fired if r == "!error"]
        if errors:
            raise UsageError(f"a durable-rules action failed: {errors[0]}")
        if len(fired) > 1 or (fired and fired[0][1] != event["id"]):
            raise UsageError(f"durable-rules ran unexpected actions {fired} for event {event['id']}")
        return fired[0][0] if fired else None

    # ------------------------------------------------------------------------------------------ public API
    def post(self, event: Event | Mapping[str, Any]) -> list[dict[str, Any]]:
        """Process one event; returns the notices completed by it (checks of earlier days it made final)."""
        if not isinstance(event, Event):
            event = parse_event(event, calendar=self.calendar)
        with self._lock:
            start = len(self._notices)
            self._process(event)
            return sorted(self._notices[start:], key=notice_key)

    def finish(self, until: date | None = None) -> list[dict[str, Any]]:
        """Run the checks up to ``until`` (default: the latest date seen); returns the notices completed."""
        with self._lock:
            start = len(self._notices)
            target = until if until is not None else self._last
            if target != date.min:
                self._advance_all(target)
            return sorted(self._notices[start:], key=notice_key)

    @property
    def notices(self) -> list[dict[str, Any]]:
        """Every notice so far, in (date, member, trigger, ...) order."""
        with self._lock:
            return sorted(self._notices, key=notice_key)

    def status(self, member_id: str) -> str:
        """The member's status as the monitor concluded it (active, suspended, lapsed, resigned, dead)."""
        with self._lock:
            return self._track(member_id).status

    def elderly_due(self, member_id: str) -> dict[str, bool]:
        """Per elderly benefit: whether its eligibility condition holds, as the monitor concluded it."""
        with self._lock:
            return dict(sorted(self._track(member_id).elderly.items()))

    def member(self, member_id: str) -> Member:
        """The member's history so far as :class:`~swf_rules.core.history.Member` data."""
        with self._lock:
            return self._track(member_id).member()

    @property
    def member_ids(self) -> list[str]:
        with self._lock:
            return sorted(self._members)

    def _track(self, member_id: str) -> Track:
        tr = self._members.get(member_id)
        if tr is None:
            raise UsageError(f"no member {member_id!r} in this monitor")
        return tr

    # ------------------------------------------------------------------------------------------ the clock
    def _schedule(self, tr: Track, d: date | None, full: bool = True) -> None:
        """Evaluate ``tr`` on day ``d``; ``full=False``: only an instalment deadline passes that day."""
        if d is None or d <= max(tr.done, self._done):
            return
        o = d.toordinal()
        if full:
            tr.full.add(o)
        if o not in tr.pending_set:
            tr.pending_set.add(o)
            heapq.heappush(tr.pending, o)
            heapq.heappush(self._heap, (o, tr.member_id))

    def _run(self, tr: Track, through: date) -> None:
        x = through.toordinal()
        while tr.pending and tr.pending[0] <= x:
            o = heapq.heappop(tr.pending)
            tr.pending_set.discard(o)
            d = date.fromordinal(o)
            full = o in tr.full
            if full:
                tr.full.discard(o)
            self._touch(tr, d, full)
            tr.done = max(tr.done, d)
        tr.done = max(tr.done, through)

    def _advance_all(self, through: date) -> None:
        x = through.toordinal()
        while self._heap and self._heap[0][0] <= x:
            o, mid = heapq.heappop(self._heap)
            self._run(self._members[mid], date.fromordinal(o))
        self._done = max(self._done, through)

    # ------------------------------------------------------------------------------------------ events
    def _process(self, ev: Event) -> None:
        d = ev.date
        if ev.type == "day":
            if d < self._done:
                raise refuse(ev, "event-out-of-order", value=d.isoformat(), done=self._done.isoformat())
            self._last = max(self._last, d)
            self._advance_all(d)
            return
        assert ev.member_id is not None
        tr = self._members.get(ev.member_id)
        done = max(tr.done if tr else date.min, self._done)
        if d <= done:
            raise refuse(ev, "event-out-of-order", value=d.isoformat(), done=done.isoformat())
        version = in_force(self.regulation, ev, d, "date")
        if tr is None:
            if ev.type != "joined":
                raise refuse(ev, "unknown-member", path=("member_id",), value=ev.member_id,
                             hint=("the member's first event must be 'joined'",
                                   "เหตุการณ์แรกของสมาชิกต้องเป็น 'joined'"))
        else:
            self._run(tr, d - DAY)
            check_event(self.regulation, tr, ev, version)
        self._last = max(self._last, d)
        self._apply(tr, ev, version)

    def _apply(self, tr: Track | None, ev: Event, version: M.Version) -> None:
        d = ev.date
        t = ev.type
        if tr is None:
            assert ev.member_id and ev.birth_date and ev.sex
            tr = self._members[ev.member_id] = Track(ev.member_id, ev.birth_date, ev.sex, d)
            tr.done = max(d - DAY, self._done)
            self._schedule_thresholds(tr)
        elif t == "joined":  # re-joining after a lapse or a resignation
            if tr.spell.end is None:  # lapsed: the spell ends on re-joining
                tr.close_spell(d, "lapsed")
            tr.spells.append(Spell(d, first_paid=d if any(c[0] == d for c in tr.contributions) else None))
            tr.status = "active"
            tr.ledger = None
            tr.last_standing = None
            self._schedule_thresholds(tr)
        elif t == "instalment":
            assert ev.covers is not None and ev.amount is not None
            tr.contributions.append((d, ev.covers, ev.amount))
            led = tr.ledger
            current = led is not None and led.spell is tr.spell
            was_unpaid = current and ev.covers in led.unpaid  # type: ignore[union-attr]
            if led is not None:
                led.contribute(d, ev.covers, ev.amount)
            if tr.spell.first_paid is None:
                tr.spell.first_paid = d
                self._schedule_waiting_from_contribution(tr, d)
            tr.changed()
            if current and not (was_unpaid and ev.covers not in led.unpaid):  # type: ignore[union-attr]
                return  # arrears unchanged today; the next deadline's check is already scheduled
        elif t == "resigned":
            tr.close_spell(d, "resigned")
            if tr.status != "lapsed":
                tr.status = "resigned"
        elif t == "death":
            tr.died_on = d
            if tr.spell.end is None:
                tr.close_spell(d, "died")
            tr.status = "dead"
            self._track_claims(tr, "death", d, d, "death")
        elif t == "admission":
            tr.stay = d
            self._track_claims(tr, "admission", d, d, "sickness")
        elif t == "discharge":
            assert tr.stay is not None
            self._track_claims(tr, "discharge", tr.stay, d, "sickness")
            tr.stay = None
        elif t == "birth":
            self._track_claims(tr, "birth", d, d, "birth")
        elif t == "claim_filed":
            assert ev.benefit is not None and ev.event_date is not None
            tr.filed.add((ev.benefit, ev.event_date))
            c = tr.claims.get(f"{ev.benefit}:{ev.event_date.isoformat()}")
            if c is not None:
                del tr.claims[c.key]
        tr.changed()
        self._schedule(tr, d)

    # ------------------------------------------------------------------------------------------ scheduling
    def _schedule_thresholds(self, tr: Track) -> None:
        """Evaluate ``tr`` on each day its facts can change without an event (:meth:`Track.threshold_days`)."""
        for d in tr.threshold_days(self.regulation.versions):
            self._schedule(tr, d)

    def _schedule_waiting_from_contribution(self, tr: Track, d: date) -> None:
        for v in self.regulation.versions:
            for b in v.benefits:
                w = b.eligibility.waiting
                if b.kind == "elderly" and w is not None and w.start == "first_contribution":
                    self._schedule(tr, waiting_served(d, w))

    def _track_claims(self, tr: Track, event: str, event_date: date, d: date, kind: str) -> None:
        """Start the filing-deadline clock of every benefit of ``kind`` whose deadline starts with ``event``."""
        try:
            version = self.regulation.in_force(event_date)
        except LookupProblem:
            return
        for b in version.benefits:
            dl = b.deadline
            if b.kind != kind or dl is None:
                continue
            starts_at_end = dl.start == "end" and kind == "sickness"
            if event == "admission" and starts_at_end or event == "discharge" and not starts_at_end:
                continue
            if (b.id, event_date) in tr.filed:
                continue
            base = d if starts_at_end else event_date
            last = add_period(base, days=dl.days, months=dl.months, years=dl.years)
            key = f"{b.id}:{event_date.isoformat()}"
            tr.claims[key] = OpenClaim(key, b, event, event_date, last, version)
            self._schedule(tr, max(d, last - timedelta(days=self.notice_days)))
            self._schedule(tr, last + DAY)

    # ------------------------------------------------------------------------------------------ one day
    def _touch(self, tr: Track, d: date, full: bool = True) -> None:
        """Evaluate one member on one day (every event of that day is known) and post what changed.  When only an
        instalment deadline passes (``full=False``) and the counters did not change, nothing else can have."""
        try:
            version = self.regulation.in_force(d)
        except LookupProblem:  # no rules in force that day: nothing is evaluated, the clock keeps going
            if tr.ledger is not None:
                self._schedule(tr, tr.ledger.next_change(), full=False)
            return
        rs = self._rulesets[self.regulation.fingerprint(version)]
        dn = day_number(d)
        led = None
        if tr.open or (tr.ledger is not None and tr.ledger.spell is tr.spell):
            led = tr.ledger_for(version.membership) if tr.open else tr.ledger
        changed = False
        if tr.open and led is not None:
            led.advance(d, tr.died_on)
            snap = (rs.name, len(led.unpaid), led.best, led.total, tr.status)
            if snap != tr.last_standing:
                changed = True
                if rs.standing:
                    rule = self._post(rs, {"t": "standing", "member": tr.member_id, "day": dn, "status": tr.status,
                                           "arrears": len(led.unpaid), "run": led.best, "total": led.total})
                    if rule is not None:
                        self._status_changed(tr, rule, d, version, rs, led)
                tr.last_standing = (rs.name, len(led.unpaid), led.best, led.total, tr.status)
            self._schedule(tr, led.next_change(), full=False)
        if not full and not changed:
            return
        for b in rs.elderly:
            self._check_elderly(tr, d, dn, b, version, rs, led)
        for c in sorted(tr.claims.values(), key=lambda c: c.key):
            left = (c.last_day - d).days
            if left < 0 or (left <= self.notice_days and not c.soon_sent):
                rule = self._post(rs, {"t": "deadline", "member": tr.member_id, "day": dn, "claim": c.key,
                                       "benefit": c.benefit.id, "days_left": left, "filed": 0,
                                       "soon_sent": int(c.soon_sent), "passed_sent": int(c.passed_sent)})
                if rule is not None:
                    self._deadline_notice(tr, c, rule, d, left)
        if tr.died_on == d and not tr.death_notified:
            if self._post(rs, {"t": "death", "member": tr.member_id, "day": dn}) == "died":
                tr.death_notified = True
                self._death_notices(tr, d, version)

    def _status_changed(self, tr: Track, rule: str, d: date, version: M.Version, rs: _Ruleset,
                        led: Ledger) -> None:
        new = rule[3:]
        old, tr.status = tr.status, new
        ms = version.membership
        trigger, values, en, th = status_notice(tr.member_id, new, old, ms, len(led.unpaid), led.best, led.total)
        self._emit(tr, trigger, d, ms.clause, rs, en, th, values, None)

    def _check_elderly(self, tr: Track, d: date, dn: int, b: M.Benefit, version: M.Version, rs: _Ruleset,
                       led: Ledger | None) -> None:
        status, age, age_join, tenure, waited, arrears = tr.elderly_facts(d, b.eligibility, led)
        due = tr.elderly.get(b.id, False)
        snap = (rs.name, status, age, age_join, tenure, waited, arrears, due)
        if tr.last_elderly.get(b.id) == snap:
            return
        rule = self._post(rs, {"t": "elderly", "member": tr.member_id, "day": dn, "benefit": b.id,
                               "status": status, "age": age, "age_at_joining": age_join, "tenure": tenure,
                               "waited": waited, "arrears": arrears, "sex": tr.sex, "due": int(due)})
        if rule == f"elderly_due__{b.id}":
            tr.elderly[b.id] = True
            decision, problems = self._decide(tr, b, d)
            values, en, th = elderly_notice(tr.member_id, b, age,
                                            tenure if b.eligibility.tenure is not None else None, decision, problems)
            self._emit(tr, "elderly_allowance_due", d, b.clause, rs, en, th, values, decision)
        elif rule == f"elderly_stop__{b.id}":
            tr.elderly[b.id] = False
        else:
            tr.elderly.setdefault(b.id, False)
        snap = (rs.name, status, age, age_join, tenure, waited, arrears, tr.elderly[b.id])
        tr.last_elderly[b.id] = snap

    def _deadline_notice(self, tr: Track, c: OpenClaim, rule: str, d: date, left: int) -> None:
        soon = rule == "deadline_soon"
        if soon:
            c.soon_sent = True
        else:
            c.passed_sent = True
            del tr.claims[c.key]
        trigger, values, en, th = deadline_notice(c.benefit, c.event, c.event_date, c.last_day, left, soon)
        self._emit(tr, trigger, d, c.benefit.clause, None, en, th, values, None, version=c.version)

    def _death_notices(self, tr: Track, d: date, version: M.Version) -> None:
        rs = self._rulesets[self.regulation.fingerprint(version)]
        benefits = [b for b in version.benefits if b.kind == "death"]
        if not benefits:
            values, en, th = no_death_benefit_notice(tr.member_id, d)
            self._emit(tr, "member_died", d, version.membership.clause, rs, en, th, values, None)
            return
        for b in benefits:
            decision, problems = self._decide(tr, b, d)
            values, en, th = death_notice(tr.member_id, d, b, decision, problems)
            self._emit(tr, "member_died", d, b.clause, rs, en, th, values, decision)

    def _decide(self, tr: Track, b: M.Benefit, d: date) -> tuple[dict[str, Any] | None, list[str]]:
        """The core engine's decision for a claim of ``b`` on ``d`` (not filed yet): money is computed here."""
        try:
            claim = parse_claim({"claim_id": f"notice:{tr.member_id}:{b.id}:{d.isoformat()}",
                                 "member_id": tr.member_id, "benefit": b.id, "event_date": d.isoformat()})
            return self.engine.evaluate(tr.member(), claim).to_dict(), []
        except SwfError as e:
            return None, e.codes

    def _emit(self, tr: Track, trigger: str, d: date, clause: str, rs: _Ruleset | None, en: str, th: str,
              values: dict[str, Any], decision: dict[str, Any] | None, version: M.Version | None = None) -> None:
        v = version if version is not None else (rs.version if rs is not None else self.regulation.in_force(d))
        self._notices.append(notice(self.regulation, v, tr.member_id, trigger, d, clause, en, th, values, decision))
