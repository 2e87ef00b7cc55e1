"""The people checks of language version 2 and their messages (th/en): the person a claim is about, benefits for
non-members, and one event claimed by several members.

- ``person`` -- the claim names a person whose relationship to the member the benefit accepts; ``person_member``
  -- that person is (or is not) a member, as the benefit says; ``person_age`` -- their age at the event, in
  completed years, is within the benefit's bounds.
- ``not_member`` -- a benefit for non-members: the applicant is not a member of the fund on the event date (it
  replaces the ``status`` check).
- ``other_member`` -- ``several_members: once_per_event``: no other member has been paid this benefit for the same
  event (the claim's ``event_ref``), as the claim's ``paid_elsewhere`` or an earlier decision of the same batch
  shows; ``once_per_member`` records that each member may be paid.

The claim's inputs these need are checked first: a benefit with a ``person:`` rule needs ``person`` (and its
``relationship``, and its ``birth_date`` when an age is asked); a benefit for non-members needs ``person`` with a
``birth_date`` (the applicant), and ``sex`` when the benefit asks for one.
"""

from __future__ import annotations

import functools
from typing import Any, Iterable

from . import model as M
from ._messages import msg_count_cap
from .compile import BenefitPlan
from .dates import age_on
from .errors import InputError, make_problem
from .history import Claim, Member

REL_TH = {"spouse": "คู่สมรส", "child": "บุตร", "father": "บิดา", "mother": "มารดา", "parent": "บิดาหรือมารดา",
          "sibling": "พี่น้อง", "grandchild": "หลาน", "relative": "ญาติ"}


def _rel_matches(allowed: Iterable[str], rel: str) -> bool:
    return rel in allowed or (rel in ("father", "mother") and "parent" in allowed)


def claim_inputs(bp: BenefitPlan, claim: Claim, member_given: bool) -> None:
    """Raise :class:`InputError` when the claim lacks what the benefit's people rules need."""
    b = bp.benefit
    need: list[str] = []
    p = claim.person
    if b.recipients == "non_members" and not member_given:
        if p is None:
            need.append("person")
        else:
            if p.birth_date is None:
                need.append("person.birth_date")
            if p.sex is None and (b.eligibility.sex is not None or any(
                    "sex" in comp.names for _, comp in bp.conditions)):
                need.append("person.sex")
    if b.person is not None:
        if p is None:
            need.append("person")
        else:
            if p.relationship is None:
                need.append("person.relationship")
            if b.person.age is not None and p.birth_date is None:
                need.append("person.birth_date")
    if need:
        raise InputError([make_problem("missing-claim-field", path=tuple(n.split(".")), value=n, benefit=b.id)
                          for n in dict.fromkeys(need)])


def applicant(claim: Claim) -> Member:
    """The applicant of a benefit for non-members, as a member history with no membership."""
    p = claim.person
    assert p is not None and p.birth_date is not None
    return Member.model_construct(member_id=claim.member_id, birth_date=p.birth_date, sex=p.sex, spells=[],
                                  contributions=[], died_on=None, payouts=[], beneficiary=None, calendar="gregorian",
                                  beneficiaries=[])


def check_not_member(b: M.Benefit, status: str, reasons: list[tuple]) -> None:
    ok = status == "not_member"
    reasons.append(("not_member", b.clause, ok, {"status": status}, msg_not_member, (status,)))


def check_person(b: M.Benefit, claim: Claim, reasons: list[tuple]) -> None:
    rule = b.person
    if rule is None:
        return
    p = claim.person
    assert p is not None and p.relationship is not None
    allowed = tuple(rule.relationships)
    ok = _rel_matches(allowed, p.relationship)
    reasons.append(("person", b.clause, ok, {"person": p.id, "relationship": p.relationship, "allowed": list(allowed)},
                    msg_person, (p.relationship, ok, allowed)))
    if rule.member != "any":
        is_member = p.member_id is not None
        ok = is_member == (rule.member == "member")
        reasons.append(("person_member", b.clause, ok, {"person": p.id, "member_id": p.member_id,
                                                         "required": rule.member},
                        msg_person_member, (is_member, rule.member)))
    if rule.age is not None:
        assert p.birth_date is not None
        age = age_on(p.birth_date, claim.event_date)
        lo, hi = rule.age.min, rule.age.max
        ok = (lo is None or age >= lo) and (hi is None or age <= hi)
        reasons.append(("person_age", b.clause, ok, {"person": p.id, "age": age, "min": lo, "max": hi},
                        msg_person_age, (age, lo, hi)))


def check_several_members(b: M.Benefit, claim: Claim, elsewhere: Iterable[tuple[str, str]],
                          reasons: list[tuple]) -> None:
    """``several_members``: ``elsewhere`` holds (member id, claim id) of this benefit's payouts to other members for
    the claim's event, known from the claim and from the batch."""
    rule = b.several_members
    if rule is None:
        return
    mine = claim.member_id
    others = sorted({(m, c) for m, c in elsewhere if m != mine} | {
        (x.member_id, x.claim_id) for x in claim.paid_elsewhere if x.benefit == b.id and x.member_id != mine})
    ok = rule == "once_per_member" or not others
    reasons.append(("other_member", b.clause, ok, {"rule": rule, "event_ref": claim.event_ref,
                                                   "paid_to": [f"{m}/{c}" for m, c in others]},
                    msg_other_member, (rule, tuple(m for m, _ in others))))


def elsewhere_key(b: M.Benefit, claim: Claim) -> tuple[str, str] | None:
    """The key a batch files this benefit's payouts under to find the same event claimed by another member."""
    return (b.id, claim.event_ref) if b.several_members is not None and claim.event_ref else None


# ------------------------------------------------------------------------------------------ messages (en, th)
@functools.lru_cache(maxsize=1024)
def msg_not_member(status: str) -> tuple[str, str]:
    if status == "not_member":
        return ("the applicant is not a member of the fund (this benefit is for non-members)",
                "ผู้ยื่นคำขอไม่ได้เป็นสมาชิกกองทุน (สวัสดิการนี้สำหรับผู้ที่ไม่ใช่สมาชิก)")
    return (f"the applicant is a member of the fund ({status}); this benefit is for non-members",
            f"ผู้ยื่นคำขอเป็นสมาชิกกองทุน ({status}) สวัสดิการนี้สำหรับผู้ที่ไม่ใช่สมาชิก")


@functools.lru_cache(maxsize=1024)
def msg_person(rel: str, ok: bool, allowed: tuple[str, ...]) -> tuple[str, str]:
    words = ", ".join(allowed)
    words_th = ", ".join(REL_TH.get(a, a) for a in allowed)
    return (f"the claim is about the member's {rel} ({'accepted' if ok else 'must be ' + words})",
            f"คำขอเกี่ยวกับ{REL_TH.get(rel, rel)}ของสมาชิก ({'เข้าเกณฑ์' if ok else 'ต้องเป็น ' + words_th})")


@functools.lru_cache(maxsize=1024)
def msg_person_member(is_member: bool, required: str) -> tuple[str, str]:
    state_en = "is a member" if is_member else "is not a member"
    state_th = "เป็นสมาชิก" if is_member else "ไม่ได้เป็นสมาชิก"
    need_en = "must be a member" if required == "member" else "must not be a member"
    need_th = "ต้องเป็นสมาชิก" if required == "member" else "ต้องไม่เป็นสมาชิก"
    return f"the person {state_en} of the fund ({need_en})", f"บุคคลดังกล่าว{state_th}กองทุน ({need_th})"


@functools.lru_cache(maxsize=1024)
def msg_person_age(age: int, lo: int | None, hi: int | None) -> tuple[str, str]:
    rng = f"{lo if lo is not None else 0}-{hi if hi is not None else ''}"
    return f"the person is {age} at the event; allowed {rng}", f"บุคคลดังกล่าวอายุ {age} ปี ณ วันที่เกิดเหตุ เกณฑ์ {rng} ปี"


@functools.lru_cache(maxsize=1024)
def msg_other_member(rule: str, others: tuple[str, ...]) -> tuple[str, str]:
    if rule == "once_per_member":
        return ("each member may be paid for the same event (declared once per member)",
                "สมาชิกแต่ละคนมีสิทธิ์ได้รับสำหรับเหตุการณ์เดียวกัน (ระบุว่าจ่ายรายสมาชิก)")
    if not others:
        return ("no other member has been paid for this event", "ยังไม่มีสมาชิกอื่นได้รับสำหรับเหตุการณ์นี้")
    who = ", ".join(others)
    return (f"already paid to member {who} for the same event (paid once per event)",
            f"จ่ายให้สมาชิก {who} สำหรับเหตุการณ์เดียวกันแล้ว (จ่ายครั้งเดียวต่อเหตุการณ์)")


@functools.lru_cache(maxsize=1024)
def msg_count_cap_person(used: int, limit: int, per: str, person: str | None) -> tuple[str, str]:
    en, th = msg_count_cap(used, limit, per)
    return f"{en}, for person {person}", f"{th} สำหรับบุคคล {person}"


def person_dict(claim: Claim) -> dict[str, Any] | None:
    """The person a claim is about, as the decision shows them (``None`` when the claim names nobody)."""
    p = claim.person
    if p is None:
        return None
    out: dict[str, Any] = {"id": p.id}
    for k in ("name", "relationship", "member_id"):
        v = getattr(p, k)
        if v is not None:
            out[k] = v
    if p.birth_date is not None:
        out["birth_date"] = p.birth_date.isoformat()
    return out


__all__ = ["msg_count_cap_person", "applicant", "check_not_member", "check_person", "check_several_members", "claim_inputs",
           "elsewhere_key", "person_dict"]
