"""The member review (ทบทวนสมาชิก) on a date: what the committee should act on, member by member, each row with the
clause that applies and what to do.

Rows, in this order (``KINDS``):

- ``arrears``: a current member (active or suspended) with instalments unpaid past their deadline (how many, and
  how much at the scheduled amount);
- ``about_to_lapse``: a current member one missed instalment away from the regulation's lapse rule
  (``lapse_after``): the trailing run of missed instalments is one short of ``consecutive``, or the missed
  instalments of the spell one short of ``total``; the row names the deadline of the instalment that decides it;
- ``lapsed_on_register``: a member whose membership lapsed under the rule (as the core's facts stage derives it)
  while the register still shows the spell open (or ending later);
- ``dead_on_register``: a member the books know died (a death payout, or a date of death in the register) whose
  register shows no date of death, or whose membership spell is still open;
- ``allowance_due``: a current member the regulation gives a recurring allowance (``type: allowance``, such as the
  elderly allowance) on the date, not yet paid for the period: decided by the engine on the member's history and
  payouts;
- ``beneficiary_missing``, ``beneficiary_no_id``, ``beneficiary_bad_id``: a current member who names no beneficiary,
  a beneficiary without a national ID, one whose ID fails its check digit (only for books with a beneficiaries
  register);
- ``duplicate_id``: a national ID the beneficiaries register gives to two different names (one ID, two people),
  or twice for one member; ``possible_duplicate_member``: two current members with the same birth date and sex
  who name a beneficiary with the same national ID (the member register holds no national IDs: a person
  registered twice shows this way).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ..books import Ledger, national_id_ok, new_claim, new_payout
from ..core import Engine
from ..core.errors import SwfError
from ..core.thaiwords import DEFAULT_TERM, contribution_term
from ..core.validate import Regulation
from ._common import FundFacts, benefit_of, money, payout_day, version_on

KINDS = ("arrears", "about_to_lapse", "lapsed_on_register", "dead_on_register", "allowance_due",
         "beneficiary_missing", "beneficiary_no_id", "beneficiary_bad_id", "duplicate_id", "possible_duplicate_member")
CURRENT = ("active", "suspended")
DAY = timedelta(days=1)


@dataclass
class ReviewRow:
    """One thing the committee should act on."""

    kind: str
    member_id: str
    clause: str | None
    facts: dict[str, Any] = field(default_factory=dict)  # JSON-ready: counts, money as strings, ISO dates

    def to_dict(self) -> dict[str, Any]:
        from ._review_text import action, what
        return {"kind": self.kind, "member_id": self.member_id, "clause": self.clause, "facts": dict(self.facts),
                "what": {"th": what(self, "th"), "en": what(self, "en")},
                "action": {"th": action(self, "th"), "en": action(self, "en")}}


@dataclass
class MemberReview:
    """The review of a fund's members on a date (:func:`review_members`)."""

    fund: str
    name: dict[str, str]
    as_of: date
    rows: list[ReviewRow]
    has_beneficiaries: bool
    titles: dict[str, dict[str, str]]
    term: str = DEFAULT_TERM  # the fund's word for members' contributions (document.term): presentation only

    def counts(self) -> dict[str, int]:
        out = {k: 0 for k in KINDS}
        for r in self.rows:
            out[r.kind] += 1
        return out

    def of_kind(self, kind: str) -> list[ReviewRow]:
        return [r for r in self.rows if r.kind == kind]

    def to_dict(self) -> dict[str, Any]:
        return {"fund": self.fund, "name": dict(self.name), "as_of": self.as_of.isoformat(), "counts": self.counts(),
                "has_beneficiaries_register": self.has_beneficiaries, "rows": [r.to_dict() for r in self.rows]}

    def csv_rows(self) -> list[list[Any]]:
        from ._review_text import action, what
        out: list[list[Any]] = [["kind", "member_id", "clause", "what_en", "action_en", "what_th", "action_th"]]
        for r in self.rows:
            out.append([r.kind, r.member_id, r.clause, what(r, "en"), action(r, "en"), what(r, "th"),
                        action(r, "th")])
        return out

    def render(self, lang: str = "en") -> str:
        from ._review_text import render_review
        return render_review(self, lang)


def review_members(regulation: Regulation, ledger: Ledger, as_of: date, columnar: bool | None = None) -> MemberReview:
    """What the committee should act on, member by member, on ``as_of`` (see the module's description).
    ``columnar``: every member's status at once with the columnar engine (default: when numpy is installed); a
    member's own facts are read only for the rows that need them; the rows are the same."""
    facts = FundFacts(regulation, ledger, as_of, columnar)
    version = version_on(regulation, as_of)
    ms = version.membership
    death = next((b for b in version.benefits if b.kind == "death"), None)
    death_clause = death.clause if death is not None else ms.clause
    rows: list[ReviewRow] = []
    current: list[str] = []
    payouts: dict[str, list[Any]] = {}
    for p in ledger.payouts:
        if payout_day(p) <= as_of:
            payouts.setdefault(p.member_id, []).append(p)
    titles: dict[str, dict[str, str]] = {}
    engine = Engine(regulation)
    allowances = [b for b in version.benefits if getattr(b.amount, "type", None) == "allowance"]
    statuses = facts.statuses(as_of)
    on_time = [mid for mid, got in statuses.items() if got[0] in CURRENT]
    payable = {b.id: facts.payable(b, on_time, payouts, as_of) for b in allowances}  # all at once (columnar)
    for mid, (status, _start, arrears, late) in statuses.items():
        rec = facts.record(mid)
        # the member's own facts only where a row may need them: a spell with a missed period, a lapse
        state = facts.state(mid, as_of) if late or status == "lapsed" else None
        st = state.status_at(as_of) if state is not None else None
        if status in CURRENT:
            current.append(mid)
            if arrears > 0:
                rows.append(ReviewRow("arrears", mid, ms.clause, {
                    "instalments": arrears, "amount": money(arrears * facts.instalment_amount(mid, as_of)),
                    "status": status}))
            near = _about_to_lapse(state, st, as_of) if state is not None else None
            if near is not None:
                rows.append(ReviewRow("about_to_lapse", mid, ms.clause, near))
        if st is not None and st.status == "lapsed" and st.spell is not None and st.spell.lapse_on is not None:
            sp = st.spell
            if sp.end is None or sp.end > sp.lapse_on:
                rows.append(ReviewRow("lapsed_on_register", mid, ms.clause, {
                    "lapsed_on": sp.lapse_on.isoformat(), "spell_start": sp.start.isoformat(),
                    "register_end": sp.end.isoformat() if sp.end else None}))
        dead = _dead_on_register(regulation, rec, None, payouts.get(mid, []), as_of)
        if dead is not None:
            rows.append(ReviewRow("dead_on_register", mid, death_clause, dead))
        if status in CURRENT and allowances:
            for b in allowances:
                decided = payable[b.id]
                row = _allowance_due(engine, facts, mid, b, payouts.get(mid, []), as_of) if decided is None \
                    else _allowance_row(mid, b, decided.get(mid))
                if row is not None:
                    titles[b.id] = {"th": b.title.th, "en": b.title.en}
                    rows.append(row)
    if ledger.beneficiaries:
        rows += _beneficiaries(facts, ledger, current, death_clause, ms.clause)
    order = {k: i for i, k in enumerate(KINDS)}
    rows.sort(key=lambda r: (order[r.kind], r.member_id, r.facts.get("national_id") or ""))
    return MemberReview(regulation.fund_id, {"th": regulation.fund.name.th, "en": regulation.fund.name.en}, as_of,
                        rows, bool(ledger.beneficiaries), titles, contribution_term(regulation))


def _about_to_lapse(state: Any, st: Any, as_of: date) -> dict[str, Any] | None:
    rule = state.membership.lapse_after
    sp = st.spell
    if rule is None or sp is None:
        return None
    n = sum(1 for d in sp.due if d < as_of)  # instalments whose deadline has passed
    missed = sp.missed_bytes[:n]
    if rule.consecutive is not None:
        run = len(missed) - len(bytes(missed).rstrip(b"\x01"))
        if rule.consecutive < 2 or run != rule.consecutive - 1:
            return None
        counted, limit, how = run, rule.consecutive, "consecutive"
    else:
        total = bytes(missed).count(1)
        if rule.total is None or rule.total < 2 or total != rule.total - 1:
            return None
        counted, limit, how = total, rule.total, "total"
    deciding = next((d for d in sp.due if d >= as_of), None)
    if deciding is None:
        return None
    return {"missed": counted, "limit": limit, "rule": how, "deadline": deciding.isoformat(),
            "lapses_on": (deciding + DAY).isoformat()}


def _dead_on_register(regulation: Regulation, rec: Any, last: Any, payouts: list[Any],
                      as_of: date) -> dict[str, Any] | None:
    if rec.died_on is not None and rec.died_on <= as_of:
        end = rec.spells[-1]
        if end[1] is None:
            return {"evidence": "died_on", "died_on": rec.died_on.isoformat(), "voucher": None}
        return None
    for p in payouts:
        b = benefit_of(regulation, p.benefit, p.event_date)
        if b is not None and b.kind == "death" and p.event_date <= as_of:
            return {"evidence": "death_payout", "died_on": p.event_date.isoformat(), "voucher": p.payout_id}
    return None


def _allowance_due(engine: Engine, facts: FundFacts, mid: str, b: Any, paid: list[Any],
                   as_of: date) -> ReviewRow | None:
    history = [new_payout(claim_id=p.payout_id, benefit=p.benefit, event_date=p.event_date, end_date=p.end_date,
                          units=p.units, amount=p.amount) for p in paid if p.event_date <= as_of]
    member = facts.member(mid).model_copy(update={"payouts": history})
    claim = new_claim(claim_id=f"review:{mid}:{b.id}", member_id=mid, benefit=b.id, event_date=as_of, end_date=None,
                      filed_on=None, units=None, children=None, details={}, calendar="gregorian")
    try:
        d = engine.evaluate(member, claim)
    except SwfError:
        return None  # the benefit needs claim details the review does not have
    return _allowance_row(mid, b, d)


def _allowance_row(mid: str, b: Any, d: Any) -> ReviewRow | None:
    """The row of a payable allowance decision (None: none to pay)."""
    if d is None or not (d.eligible and d.amount > 0):
        return None
    window = next((c[3].get("window") for c in d.checks if c[0] == "allowance_period"), None)
    return ReviewRow("allowance_due", mid, b.clause, {
        "benefit": b.id, "title": {"th": b.title.th, "en": b.title.en}, "amount": money(d.amount), "period_from": window[0] if window else None,
        "period_to": window[1] if window else None})


def _beneficiaries(facts: FundFacts, ledger: Ledger, current: list[str], clause: str,
                   membership_clause: str) -> list[ReviewRow]:
    rows: list[ReviewRow] = []
    reg = ledger.beneficiaries
    for mid in current:
        named = reg.get(mid, [])
        if not named:
            rows.append(ReviewRow("beneficiary_missing", mid, clause, {}))
        for b in named:
            if not b.national_id:
                rows.append(ReviewRow("beneficiary_no_id", mid, clause, {"name": b.name, "national_id": None}))
            elif not national_id_ok(b.national_id):
                rows.append(ReviewRow("beneficiary_bad_id", mid, clause, {"name": b.name,
                                                                        "national_id": b.national_id}))
    by_id: dict[str, list[Any]] = {}
    for mid in sorted(reg):
        for b in reg[mid]:
            if b.national_id:
                by_id.setdefault(b.national_id, []).append(b)
    for nid, named in sorted(by_id.items()):
        names = {b.name for b in named}
        owners = [b.member_id for b in named]
        if len(names) > 1 or len(owners) != len(set(owners)):
            for mid in sorted(set(owners)):
                rows.append(ReviewRow("duplicate_id", mid, clause, {
                    "national_id": nid, "names": sorted(names), "members": sorted(set(owners))}))
    seen: set[tuple[str, str]] = set()
    cur = set(current)
    for nid, named in sorted(by_id.items()):
        owners = sorted({b.member_id for b in named if b.member_id in cur})
        for i, a in enumerate(owners):
            for b2 in owners[i + 1:]:
                ra, rb = facts.record(a), facts.record(b2)
                if (ra.birth_date, ra.sex) == (rb.birth_date, rb.sex) and (a, b2) not in seen:
                    seen.add((a, b2))
                    for m, other in ((a, b2), (b2, a)):
                        rows.append(ReviewRow("possible_duplicate_member", m, membership_clause, {
                            "other_member": other, "birth_date": ra.birth_date.isoformat(), "national_id": nid}))
    return rows


__all__ = ["KINDS", "MemberReview", "ReviewRow", "review_members"]
