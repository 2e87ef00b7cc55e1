"""Building cases: a validated case-format case becomes an ordinary :class:`~swf_rules.core.history.Member` and
``Claim`` (built with :func:`~swf_rules.core.history.parse_member` / ``parse_claim``) plus what the committee
expects.

The member's instalments are written out from ``paid`` and ``missed`` on the schedule of the version in force on
the claim's date; problems the history parsers find are moved back to the case's own lines.  References the
parsers cannot check (benefit ids, claim fields, ``failing`` checks, ``error`` codes) are checked here against the
regulation first.  :func:`build_member`, :func:`build_claim` and :func:`build_case` do the same from plain data
(what :mod:`swf_rules.committee.strategies` generates).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any, Iterable

from pydantic import ValidationError

from ..core.dates import normalise_digits
from ..core.errors import CATALOG, InputError, Path, Problem, SwfError, did_you_mean
from ..core.history import Claim, Member, parse_claim, parse_member
from ..core.load import Document
from ..core.money import money_str
from ..core.schedules import KEY_FORMAT, KEY_FORMAT_TH, PERIOD_WORDS, period_of_key, schedules_of
from ..core.validate import Regulation
from ..testing import instalments
from ._case_format import CaseIn, ClaimIn, MemberIn, Paid, PayoutIn
from ._problems import benefit_ids, unknown_benefits, validation_problems

CHECKS = ("status", "waiting", "tenure", "age", "sex", "arrears", "condition", "deadline", "same_event", "excludes",
          "count_cap", "allowance_period", "allowance_first_period", "table",
          "not_member", "person", "person_member", "person_age", "other_member",  # v2: the people checks
          "refund_event", "no_benefit_received")  # v2: refunds


# ------------------------------------------------------------------------------------------ built cases
@dataclass(frozen=True)
class Expectation:
    eligible: bool | None = None
    amount: Decimal | None = None
    failing: tuple[str, ...] | None = None
    payee: str | None = None
    error: str | None = None
    at_least: Decimal | None = None
    at_most: Decimal | None = None
    payees: tuple[tuple[str | None, str | None, Decimal], ...] | None = None  # v2: (to, name, amount)

    def describe(self, lang: str = "en") -> str:
        return describe_outcome(lang, self.eligible, self.amount, self.failing, self.payee, self.error,
                                self.at_least, self.at_most, self.payees)


@dataclass(frozen=True)
class Case:
    """One committee case, built: an ordinary member history and claim, plus what the committee expects."""

    name: str
    file: str
    line: int | None
    col: int | None
    member: Member | None  # None: a claim for a benefit for non-members (v2)
    claim: Claim
    expect: Expectation
    index: int = 0
    locate: Any = field(default=None, compare=False, repr=False)  # problems -> problems at the case's lines

    def relocated(self, problems: list[Problem]) -> list[Problem]:
        return self.locate(problems) if self.locate is not None else problems

    def where(self) -> str:
        return f"{self.file}:{self.line}:{self.col}" if self.line is not None else self.file


def describe_outcome(lang: str, eligible: bool | None, amount: Decimal | None, failing: tuple[str, ...] | None,
                     payee: str | None, error: str | None, at_least: Decimal | None = None,
                     at_most: Decimal | None = None, payees: Any = None) -> str:
    """An outcome in words (the parts given), as a failing case prints what it expected and what it got."""
    th = lang == "th"
    parts = []
    if error is not None:
        parts.append(f"ข้อผิดพลาด {error}" if th else f"error {error}")
    if eligible is not None:
        parts.append(("มีสิทธิ์ " + ("ใช่" if eligible else "ไม่ใช่")) if th else f"eligible {str(eligible).lower()}")
    if amount is not None:
        parts.append(f"{'จำนวนเงิน' if th else 'amount'} {money_str(amount)}")
    if at_least is not None:
        parts.append(f"{'จำนวนเงินไม่น้อยกว่า' if th else 'amount at least'} {money_str(at_least)}")
    if at_most is not None:
        parts.append(f"{'จำนวนเงินไม่เกิน' if th else 'amount at most'} {money_str(at_most)}")
    if failing is not None:
        parts.append(f"{'ข้อที่ไม่ผ่าน' if th else 'failing'} [{', '.join(failing)}]")
    if payee is not None:
        parts.append(f"{'ผู้รับเงิน' if th else 'payee'} {payee}")
    if payees is not None:
        rows = "; ".join(" ".join(x for x in (to, name) if x) + f" {money_str(a)}" for to, name, a in payees)
        parts.append(f"{'ผู้รับเงิน' if th else 'payees'} [{rows}]")
    return ", ".join(parts)


# ------------------------------------------------------------------------------------------ building
def _membership(regulation: Regulation, on: date) -> Any:
    try:
        return regulation.in_force(on).membership
    except SwfError:
        return regulation.versions[0].membership


def member_data(regulation: Regulation, m: MemberIn, history: list[PayoutIn], claim_date: date) -> dict[str, Any]:
    """The member-history JSON a case describes (C.E. dates), instalments written out up to ``claim_date`` (or the
    end of each spell, the death, or the ``paid: until`` date, whichever is first), on the schedule of the version
    in force on ``claim_date``."""
    ms = _membership(regulation, claim_date)
    schedules = schedules_of(ms)
    sched = next((s for s in schedules if s.period == m.paid.period), schedules[0])
    period = sched.period
    amount = money_str(sched.amount)
    if m.spells is not None:
        spells = [{"start": s.start.isoformat(), "end": s.end.isoformat() if s.end else None, "end_reason": s.reason}
                  for s in m.spells]
    else:
        assert m.joined is not None
        spells = [{"start": m.joined.isoformat(), "end": None, "end_reason": None}]
    contributions: list[dict[str, Any]] = []
    paid: Paid = m.paid
    if paid.mode != "nothing":
        horizon = max([claim_date] + [h.date for h in history] + [h.end for h in history if h.end])
        for s in spells:
            start = date.fromisoformat(s["start"])
            last = date.fromisoformat(s["end"]) if s["end"] else horizon
            if paid.mode == "until":
                assert paid.until is not None
                last = min(last, paid.until)
            if m.died is not None:
                last = min(last, m.died)
            if last < start:
                continue
            for c in instalments(start, last, amount, period, m.missed_keys):
                if date.fromisoformat(c["date"]) > last:
                    c = {**c, "date": last.isoformat()}
                contributions.append(c)
    payouts = []
    for k, h in enumerate(history):
        units = h.units if h.units is not None else h.nights
        payouts.append({"claim_id": h.id or f"h-{k + 1}", "benefit": h.benefit, "event_date": h.date.isoformat(),
                        "end_date": h.end.isoformat() if h.end else None, "units": units,
                        "amount": money_str(h.amount)} | ({"person": h.person} if h.person else {}))
    out = {"member_id": m.id, "birth_date": m.born.isoformat(), "sex": m.sex, "spells": spells,
           "contributions": contributions, "died_on": m.died.isoformat() if m.died else None,
           "payouts": payouts}
    if m.beneficiaries:
        out["beneficiaries"] = [{k: v for k, v in (("name", b.name), ("relationship", b.relationship),
                                                   ("national_id", b.national_id),
                                                   ("share", f"{b.share.numerator}/{b.share.denominator}"
                                                    if b.share is not None else None)) if v is not None}
                                for b in m.beneficiaries]
    if m.levies:
        out["levies"] = [_levy_data(regulation, lv) for lv in m.levies]
    return out


def _levy_data(regulation: Regulation, lv: Any) -> dict[str, Any]:
    paid = []
    if lv.paid is not None:
        amount = lv.amount
        if amount is None:
            levy = _membership(regulation, lv.died).levy
            amount = levy.amount if levy is not None else Decimal(0)
        paid.append({"date": lv.paid.isoformat(), "amount": money_str(amount)})
    return {"death": lv.death, "died_on": lv.died.isoformat(), "paid": paid}


def claim_data(member_id: str, c: ClaimIn) -> dict[str, Any]:
    units = c.units if c.units is not None else c.nights
    out: dict[str, Any] = {"claim_id": c.id, "member_id": member_id, "benefit": c.benefit,
                           "event_date": c.date.isoformat()}
    if c.end is not None:
        out["end_date"] = c.end.isoformat()
    if c.filed is not None:
        out["filed_on"] = c.filed.isoformat()
    if units is not None:
        out["units"] = units
    if c.children is not None:
        out["children"] = c.children
    if c.details:
        out["details"] = dict(c.details)
    if c.person is not None:
        p = c.person
        out["person"] = {k: v for k, v in (("id", p.id), ("name", p.name), ("relationship", p.relationship),
                                           ("birth_date", p.born.isoformat() if p.born else None), ("sex", p.sex),
                                           ("member_id", p.member), ("national_id", p.national_id)) if v is not None}
    if c.event is not None:
        out["event_ref"] = c.event
    if c.paid_elsewhere:
        out["paid_elsewhere"] = [{"member_id": x.member, "claim_id": x.claim or f"{x.member}/{x.benefit}",
                                  "benefit": x.benefit, "amount": money_str(x.amount)} for x in c.paid_elsewhere]
    return out


_MEMBER_KEYS = {"birth_date": "born", "died_on": "died", "sex": "sex", "member_id": "id"}
_CLAIM_KEYS = {"event_date": "date", "end_date": "end", "filed_on": "filed", "units": "units",
               "children": "children", "details": "details", "benefit": "benefit", "claim_id": "id",
               "person": "person", "event_ref": "event", "paid_elsewhere": "paid_elsewhere"}


def _relocate(doc: Document, problems: list[Problem], case_path: Path, what: str, c: CaseIn) -> list[Problem]:
    out = []
    for p in problems:
        path = tuple(p.path)
        target: Path
        if what == "member":
            head = path[0] if path else None
            if head == "beneficiaries":
                target = case_path + ("member",) + path
            elif head in _MEMBER_KEYS:
                target = case_path + ("member", _MEMBER_KEYS[head])  # type: ignore[index]
            elif head == "spells":
                target = case_path + (("member", "spells") + path[1:2] if c.member.spells is not None
                                      else ("member", "joined"))
            elif head == "contributions":
                target = case_path + ("member", "paid")
            elif head == "payouts":
                target = case_path + ("history",) + path[1:2]
            else:
                target = case_path + ("member",)
        else:
            head = path[0] if path else None
            key = _CLAIM_KEYS.get(head)  # type: ignore[arg-type]
            if key == "units" and c.claim.nights is not None:
                key = "nights"
            target = case_path + (("claim", key) + tuple(path[1:2]) if key else ("claim",))
        m = doc.locate(target)
        out.append(replace(p, file=doc.file, line=m.line if m else None, col=m.col if m else None,
                           path=target))
    return out


def build_case_at(doc: Document, regulation: Regulation, i: int, c: CaseIn) -> Case:
    """The validated case ``c`` at ``cases[i]`` of ``doc``, checked against the regulation and built; raises
    :class:`InputError` with every problem, located at the case's lines."""
    cp: Path = ("cases", i)
    problems: list[Problem] = []
    ids = benefit_ids(regulation)
    refs = [(cp + ("claim", "benefit"), c.claim.benefit)] + [
        (cp + ("history", k, "benefit"), h.benefit) for k, h in enumerate(c.history)]
    problems.extend(unknown_benefits(doc, refs, ids))
    if c.claim.benefit in ids:
        allowed = sorted(ids[c.claim.benefit])
        for k in c.claim.details:
            if k not in allowed:
                problems.append(doc.problem(
                    "unknown-key", cp + ("claim", "details", k), at_key=True, key=k, value=k,
                    hint=did_you_mean(k, allowed, ("fields of this benefit: " + (", ".join(allowed) or "none"),
                                                   "ข้อมูลของสวัสดิการนี้: " + (", ".join(allowed) or "ไม่มี")))))
    ms = _membership(regulation, c.claim.date)
    if c.member is None:  # v2: a claim for a benefit for non-members, decided with no member history
        return _non_member_case(doc, regulation, i, c, cp, problems)
    periods = [s.period for s in schedules_of(ms)]
    period = c.member.paid.period if c.member.paid.period in periods else periods[0]
    if c.member.paid.mode == "every" and c.member.paid.period not in periods:
        problems.append(doc.problem("case-schedule", cp + ("member", "paid"), value=c.member.paid.text(),
                                    period=period, hint=(f"write 'paid: every {period}'",
                                                         f"เขียน 'paid: every {period}'")))
    for k, keys in enumerate(c.member.missed):
        if any(period_of_key(key) != period for key in keys):
            raw = doc.data["cases"][i]["member"]["missed"][k] if doc.data.get("cases") else keys[0]
            problems.append(doc.problem("case-missed", cp + ("member", "missed", k), value=str(raw),
                                        hint=_missed_hint(period)))
    if c.expect.failing:
        clauses = _clauses(regulation)
        for k, item in enumerate(c.expect.failing):
            if item in CHECKS or normalise_digits(item) in clauses:
                continue
            problems.append(doc.problem(
                "case-unknown-check", cp + ("expect", "failing", k), value=item,
                hint=did_you_mean(item, list(CHECKS) + sorted(clauses),
                                  ("checks: " + ", ".join(CHECKS), "ชื่อการตรวจ: " + ", ".join(CHECKS)))))
    if c.expect.error is not None and c.expect.error not in CATALOG:
        problems.append(doc.problem("case-unknown-error", cp + ("expect", "error"), value=c.expect.error,
                                    hint=did_you_mean(c.expect.error, sorted(CATALOG),
                                                      ("see docs/errors.md", "ดู docs/errors.md"))))
    if problems:
        raise InputError(problems)
    try:
        member = parse_member(member_data(regulation, c.member, c.history, c.claim.date))
    except InputError as e:
        problems.extend(_relocate(doc, e.problems, cp, "member", c))
        member = None
    try:
        claim = parse_claim(claim_data(c.member.id, c.claim))
    except InputError as e:
        problems.extend(_relocate(doc, e.problems, cp, "claim", c))
        claim = None
    if problems or member is None or claim is None:
        raise InputError(problems)
    return _case(doc, i, c, cp, member, claim)


def _case(doc: Document, i: int, c: CaseIn, cp: Path, member: Member | None, claim: Claim) -> Case:
    m = doc.locate(cp)
    e = c.expect
    payees = tuple((x.to, x.name, x.amount) for x in e.payees) if e.payees is not None else None
    return Case(c.name, doc.file, m.line if m else None, m.col if m else None, member, claim,
                Expectation(e.eligible, e.amount, tuple(e.failing) if e.failing is not None else None, e.payee,
                            e.error, e.at_least, e.at_most, payees), i, lambda ps: _relocate(doc, ps, cp, "claim", c))


def _non_member_case(doc: Document, regulation: Regulation, i: int, c: CaseIn, cp: Path,
                     problems: list[Problem]) -> Case:
    """A case with no ``member:`` (v2): the claim's ``person`` is the applicant of a benefit for non-members."""
    if problems:
        raise InputError(problems)
    applicant_id = c.claim.person.id if c.claim.person is not None else "applicant"
    try:
        claim = parse_claim(claim_data(applicant_id, c.claim))
    except InputError as e:
        raise InputError(_relocate(doc, e.problems, cp, "claim", c)) from None
    return _case(doc, i, c, cp, None, claim)


def _missed_hint(period: str) -> tuple[str, str]:
    if period == "month":
        return "monthly instalments are written YYYY-MM", "งวดรายเดือนเขียนเป็น ปปปป-ดด"
    if period == "year":
        return "yearly instalments are written YYYY", "งวดรายปีเขียนเป็น ปปปป"
    return (f"{PERIOD_WORDS[period]} instalments are written {KEY_FORMAT[period]}",
            f"งวด{period}เขียนเป็น {KEY_FORMAT_TH[period]}")


def _clauses(regulation: Regulation) -> set[str]:
    out: set[str] = set()
    for v in regulation.versions:
        for b in v.benefits:
            out.add(normalise_digits(b.clause))
            for cap in b.caps:
                if cap.clause:
                    out.add(normalise_digits(cap.clause))
            for cond in b.eligibility.conditions:
                if cond.clause:
                    out.add(normalise_digits(cond.clause))
        out.update(normalise_digits(g.clause) for g in v.groups)  # a group's waiting check cites its clause
    return out


def build_member(regulation: Regulation, recipe: dict[str, Any], *, history: Iterable[dict[str, Any]] = (),
                 until: date, calendar: str = "gregorian") -> Member:
    """A validated member from the case format's ``member:`` data (and ``history:`` entries), instalments written
    up to ``until`` (the latest claim)."""
    try:
        m = MemberIn.model_validate(recipe, context={"calendar": calendar})
        hs = [PayoutIn.model_validate(h, context={"calendar": calendar}) for h in history]
    except ValidationError as e:
        doc = Document(file="<member>", data=recipe)
        raise InputError(validation_problems(doc, e, [MemberIn])) from None
    return parse_member(member_data(regulation, m, hs, until))


def build_claim(member_id: str, recipe: dict[str, Any], calendar: str = "gregorian") -> Claim:
    """A validated claim from the case format's ``claim:`` data."""
    try:
        c = ClaimIn.model_validate(recipe, context={"calendar": calendar})
    except ValidationError as e:
        raise InputError(validation_problems(Document(file="<claim>", data=recipe), e, [ClaimIn])) from None
    return parse_claim(claim_data(member_id, c))


def build_case(regulation: Regulation, data: dict[str, Any], calendar: str = "gregorian",
               file: str = "<case>") -> Case:
    """Build one case from plain data in the case format (what :mod:`swf_rules.committee.strategies` generates)."""
    doc = Document(file=file, data={"cases": [data]})
    try:
        c = CaseIn.model_validate(data, context={"calendar": calendar})
    except ValidationError as e:
        raise InputError(validation_problems(doc, e, [CaseIn], ("cases", 0))) from None
    return build_case_at(doc, regulation, 0, c)

