"""Payment vouchers (ใบสำคัญจ่าย) from the committee's approved decisions in the decision log.

One voucher per approval that pays money (``approve`` or ``reduce``, more than zero): the fund's name and place,
the voucher number, who is paid (the member, or each beneficiary with their share, from the payee rules), the
benefit and its clause, the claim and its event, the amount in figures and in Thai words (``บาทถ้วน`` for whole
baht), the meeting that approved it and by whom, the fingerprints that tie it to the log (the decision record's
hash, the decision's input fingerprint, the regulation's fingerprint), and signature lines for the payee, the
treasurer and the chair.

Voucher numbers are ``<fiscal year B.E.>/<nnnn>``: the paying approvals of each fiscal year (of the meeting's
date) counted in the order they were recorded.  The log is append-only, so a number never changes once given,
and printing a month's batch or one voucher gives each voucher the same number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..audit.approvals import Approval, approvals, decision_records
from ..audit.decision_log import verify
from ..committee.render import clause_label
from ..core import model as M
from ..core.dates import fiscal_year
from ..core.errors import InputError, make_problem
from ..core.history import parse_claim, parse_member
from ..core.money import money_str
from ..core.payees import payees as payee_rows
from ..core.thaiwords import PAYEE, Words
from ..core.validate import Regulation
from ._page import el, esc, p, page, table

_ACTION = {"approve": "อนุมัติ", "reduce": "อนุมัติลดจำนวน"}


@dataclass(frozen=True)
class Payee:
    """One recipient of a voucher's money."""

    role: str  # member | beneficiary | heirs | family | applicant
    amount: Decimal
    name: str | None = None
    relationship: str | None = None
    national_id: str | None = None
    share: str | None = None


@dataclass(frozen=True)
class Voucher:
    number: str
    fund_name: str
    fund_place: str
    regulation_title: str
    regulation_fingerprint: str
    benefit_title: str
    clause: str
    claim_id: str
    member_id: str
    event_date: date
    amount: Decimal
    payees: tuple[Payee, ...]
    action: str  # approve | reduce; "pending": a decision the committee has not approved yet (the workbench)
    reason: str | None
    meeting: str
    meeting_date: date | None  # None while pending: the printed voucher leaves the meeting to be filled in
    approvers: tuple[str, ...]
    record_seq: int | None  # the decision record in the log (None: a decision not recorded)
    record_hash: str | None
    input_fingerprint: str

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "fund": self.fund_name, "claim_id": self.claim_id,
                "member_id": self.member_id, "benefit": self.benefit_title, "clause": self.clause,
                "event_date": self.event_date.isoformat(), "amount": money_str(self.amount),
                "payees": [{"role": x.role, "name": x.name, "relationship": x.relationship,
                            "national_id": x.national_id, "share": x.share, "amount": money_str(x.amount)}
                           for x in self.payees],
                "action": self.action, "reason": self.reason,
                "meeting": {"number": self.meeting,
                            "date": self.meeting_date.isoformat() if self.meeting_date is not None else None},
                "approvers": list(self.approvers), "record": {"seq": self.record_seq, "hash": self.record_hash},
                "input_fingerprint": self.input_fingerprint, "regulation_fingerprint": self.regulation_fingerprint}


def numbers(found: Sequence[Approval]) -> dict[int, str]:
    """Voucher numbers by approval record seq: ``2567/0001`` for the first paying approval of fiscal year 2567."""
    out: dict[int, str] = {}
    count: dict[int, int] = {}
    for a in found:
        if not a.pays:
            continue
        fy = fiscal_year(a.meeting_date)
        count[fy] = count.get(fy, 0) + 1
        out[a.seq] = f"{fy}/{count[fy]:04d}"
    return out


def _regulations_by_fingerprint(regulations: Iterable[Regulation]) -> dict[str, tuple[Regulation, M.Version]]:
    return {reg.fingerprint(v): (reg, v) for reg in regulations for v in reg.versions}


def _payees(a: Approval, decision: dict[str, Any], benefit: M.Benefit | None) -> tuple[Payee, ...]:
    """Who receives the approved amount: the decision's recipients, their shares recomputed by the payee rules when
    the committee approved another amount than the entitlement."""
    d = decision["decision"]
    rows = d.get("payees")
    if rows and a.amount != a.entitled and benefit is not None:
        member = parse_member(decision["inputs"]["member"], file="log")
        claim = parse_claim(decision["inputs"]["claim"], file="log")
        rows = payee_rows(benefit, a.amount, member.beneficiaries, claim.person) or rows
    if rows:
        return tuple(Payee(r["to"], Decimal(r["amount"]), r.get("name"), r.get("relationship"),
                           r.get("national_id"), r.get("share")) for r in rows)
    if d.get("payee") == "beneficiary":
        ben = decision["inputs"]["member"].get("beneficiary") or {}
        return (Payee("beneficiary", a.amount, ben.get("name"), ben.get("relationship")),)
    return (Payee(str(d.get("payee", "member")), a.amount),)


def vouchers(log: str | Path, regulations: Iterable[Regulation], claim_ids: Sequence[str] = (),
             month: tuple[int, int] | None = None, meeting: str | None = None) -> list[Voucher]:
    """The vouchers of the log's paying approvals, all or those of some claims, of a month (of the meeting's
    date: ``(2024, 3)``) or of one meeting.  Each approval's regulation is found by its fingerprint."""
    checked = verify(log)  # a treasurer pays from a log that verifies: both records hashed, each approval matched
    if not checked.ok:
        raise InputError([make_problem("voucher-log-not-intact", file=str(log), status=checked.status,
                                       count=len(checked.problems)), *checked.problems])
    found = approvals(log)
    nums = numbers(found)
    decisions = decision_records(log)
    by_fp = _regulations_by_fingerprint(regulations)
    chosen = [a for a in found if a.pays and (not claim_ids or a.claim_id in claim_ids)
              and (month is None or (a.meeting_date.year, a.meeting_date.month) == month)
              and (meeting is None or a.meeting == meeting)]
    if not chosen:
        what = ", ".join(claim_ids) if claim_ids else (f"{month[0]}-{month[1]:02d}" if month else meeting or "-")
        raise InputError([make_problem("voucher-nothing", file=str(log), value=what)])
    problems = []
    out = []
    for a in chosen:
        fp = a.regulation.get("fingerprint", "")
        if fp not in by_fp:
            problems.append(make_problem("log-unknown-fingerprint", file=str(log), line=a.line, col=1, value=fp))
            continue
        reg, version = by_fp[fp]
        benefit = version.benefit(a.benefit)
        f = reg.fund
        thai_clause = reg.file.clause_digits == "thai"
        clause = clause_label(benefit.clause, "th", thai_clause) if benefit is not None else ""
        out.append(Voucher(
            number=nums[a.seq], fund_name=f.name.th,
            fund_place=f"ตำบล{f.place.subdistrict.th} อำเภอ{f.place.district.th} จังหวัด{f.place.province.th}",
            regulation_title=version.title.th, regulation_fingerprint=fp, benefit_title=a.title.get("th", a.benefit),
            clause=clause, claim_id=a.claim_id, member_id=a.member_id, event_date=a.event_date, amount=a.amount,
            payees=_payees(a, decisions[a.decision_seq], benefit), action=a.action, reason=a.reason,
            meeting=a.meeting, meeting_date=a.meeting_date, approvers=a.approvers, record_seq=a.decision_seq,
            record_hash=a.decision_hash, input_fingerprint=decisions[a.decision_seq]["input_fingerprint"]))
    if problems:
        raise InputError(problems)
    return out


def decision_voucher(regulation: Regulation, decision: Any) -> Voucher | None:
    """The voucher of a decision the committee has not approved yet (the workbench's "decide a claim"): what the
    regulation gives, to be approved at a meeting -- the voucher number, the meeting and the approvers are left to
    be filled in by hand.  None when the decision pays nothing."""
    d = decision.to_dict() if hasattr(decision, "to_dict") else decision
    amount = Decimal(d["amount"])
    if not d["eligible"] or amount <= 0:
        return None
    fp = d["regulation"]["fingerprint"]
    version = next((v for v in regulation.versions if regulation.fingerprint(v) == fp), None)
    if version is None:
        raise InputError([make_problem("log-unknown-fingerprint", value=fp)])
    benefit = version.benefit(d["benefit"])
    f = regulation.fund
    clause = clause_label(benefit.clause, "th", regulation.file.clause_digits == "thai") if benefit is not None else ""
    rows = d.get("payees")
    payees = tuple(Payee(r["to"], Decimal(r["amount"]), r.get("name"), r.get("relationship"), r.get("national_id"),
                         r.get("share")) for r in rows) if rows else (Payee(str(d.get("payee", "member")), amount),)
    return Voucher(number="", fund_name=f.name.th,
                   fund_place=f"ตำบล{f.place.subdistrict.th} อำเภอ{f.place.district.th} จังหวัด{f.place.province.th}",
                   regulation_title=version.title.th, regulation_fingerprint=fp, benefit_title=d["title"]["th"],
                   clause=clause, claim_id=d["claim_id"], member_id=d["member_id"],
                   event_date=date.fromisoformat(d["event_date"]), amount=amount, payees=payees, action="pending",
                   reason=None, meeting="", meeting_date=None, approvers=(), record_seq=None, record_hash=None,
                   input_fingerprint=d["input_fingerprint"])


# ---------------------------------------------------------------------------------------------- printing
def _payee_text(x: Payee, v: Voucher) -> str:
    if x.role == "member":
        return f"สมาชิกเลขที่ {v.member_id}"
    who = x.name or PAYEE.get(x.role, x.role)
    extra = [x.relationship] if x.relationship else []
    if x.national_id:
        extra.append(f"เลขประจำตัวประชาชน {x.national_id}")
    if x.role in ("beneficiary", "heirs"):
        extra.append(f"ผู้รับผลประโยชน์ของสมาชิกเลขที่ {v.member_id}" if x.role == "beneficiary"
                     else f"ทายาทของสมาชิกเลขที่ {v.member_id}")
    return who + (f" ({', '.join(extra)})" if extra else "")


def _one(v: Voucher, w: Words) -> list[str]:
    pending = v.action == "pending"
    dots = "." * 24
    body = [el("h1", esc("ใบสำคัญจ่าย")), p(v.fund_name, "center"), p(v.fund_place, "center"),
            el("p", esc("เลขที่ ") + el("strong", esc(w.d(v.number) or dots)), "right"),
            p(f"คณะกรรมการอนุมัติเมื่อวันที่ {dots}" if pending else
              f"คณะกรรมการ{_ACTION[v.action]}เมื่อวันที่ {w.date(v.meeting_date)}", "right")]
    names = [_payee_text(x, v) for x in v.payees]
    body.append(p("จ่ายให้ " + (names[0] if len(names) == 1 else "ผู้มีรายชื่อต่อไปนี้")))
    item = (f"เงินสวัสดิการ{v.benefit_title} ตาม{v.regulation_title} {v.clause} คำขอเลขที่ {v.claim_id} "
            f"ของสมาชิกเลขที่ {v.member_id} เหตุเกิดวันที่ {w.date(v.event_date)}")
    rows = [[w.d("1"), item, w.n(v.amount)]]
    if len(v.payees) > 1:
        for i, x in enumerate(v.payees, 1):
            share = f" ส่วนแบ่ง {w.d(x.share)}" if x.share else ""
            rows.append(["", f"({w.d(str(i))}) {_payee_text(x, v)}{share}", w.n(x.amount)])
    rows.append(["", f"รวมเงิน ({w.money_words(v.amount).split(' (', 1)[1][:-1]})", w.n(v.amount)])
    body.append(table(["ลำดับ", "รายการ", "จำนวนเงิน (บาท)"], rows, numeric=(2,)))
    body.append(p(f"จำนวนเงิน {w.money_words(v.amount)}"))
    if pending:
        body.append(p(f"ตามมติที่ประชุมคณะกรรมการ ครั้งที่ {dots} เมื่อวันที่ {dots} (จำนวนเงินตามสิทธิ์ที่ระเบียบกำหนด)"))
        body.append(p(f"ผู้อนุมัติ: {dots * 2}"))
    else:
        body.append(p(f"ตามมติที่ประชุมคณะกรรมการ ครั้งที่ {w.d(v.meeting)} เมื่อวันที่ {w.date(v.meeting_date)} "
                      f"({_ACTION[v.action]})"))
        if v.reason:
            body.append(p(f"เหตุผล: {v.reason}"))
        body.append(p("ผู้อนุมัติ: " + ", ".join(v.approvers)))
    refs = [(f"บันทึกการตัดสิน รายการที่ {w.d(str(v.record_seq))}", v.record_hash)] if v.record_hash else []
    refs += [("รหัสตรวจสอบข้อมูลคำขอ", v.input_fingerprint), ("รหัสตรวจสอบระเบียบ", v.regulation_fingerprint)]
    body.append("<table class=\"plain\"><tbody>" + "".join(
        "<tr>" + el("td", esc(k), "small") + el("td", esc(val), "mono") + "</tr>" for k, val in refs) + "</tbody></table>")
    signs = [(f"ผู้รับเงิน{'' if len(v.payees) == 1 else ' (' + w.d(str(i)) + ')'}", x.name)
             for i, x in enumerate(v.payees, 1)] + [("เหรัญญิก", None), ("ประธานกรรมการ", None)]
    boxes = []
    for role, name in signs:
        named = f"({name})" if name else "(" + "." * 40 + ")"
        boxes.append(el("div", "<br>".join([esc("(ลงชื่อ) " + "." * 36), esc(named), esc(role),
                                            esc("วันที่ ........../........../..........")]), "sign"))
    for i in range(0, len(boxes), 3):
        body.append(el("div", "".join(boxes[i:i + 3]), "signs"))
    return body


def vouchers_html(found: Sequence[Voucher], digits: str = "arabic", for_print: bool = False) -> str:
    """The vouchers, one A4 page each, as one HTML document."""
    w = Words(digits)
    body = [el("div", "\n".join(_one(v, w)), "page") for v in found]
    title = f"ใบสำคัญจ่าย {found[0].number or found[0].claim_id}" + (f" ถึง {found[-1].number}" if len(found) > 1
                                                                         else "")
    return page("th", w.d(title), body, for_print=for_print)


__all__ = ["Payee", "Voucher", "decision_voucher", "numbers", "vouchers", "vouchers_html"]
