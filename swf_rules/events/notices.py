"""What the monitor's notices say, and the order they come in.

A notice is one JSON-ready dict (docs/events.md): ``member_id``, ``trigger``, ``clause``, ``date``, a bilingual
``message`` (en/th), the ``values`` behind it, the core engine's ``decision`` when money is involved (else None)
and the ``regulation`` version it was raised under.  The functions here only word notices: the monitor decides
when one is raised and asks the core engine for the decision.  :func:`sort_notices` gives the one order notices
are reported in: (date, member, trigger, benefit, event date, clause).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable, Mapping

from ..core import model as M
from ..core.thaiwords import CHECK, Words
from ..core.validate import Regulation
from ._ledger import lapse_rule

_W = Words()


def to_be(d: date) -> str:
    """A date as a committee reads it: ``20 กุมภาพันธ์ 2567``."""
    return _W.date(d)


def _baht(amount: Any) -> str:
    return _W.money(str(amount))


STATUS_TRIGGER = {"lapsed": "member_lapsed", "suspended": "member_suspended", "active": "member_reinstated"}


def notice(regulation: Regulation, version: M.Version, member_id: str, trigger: str, d: date, clause: str,
           en: str, th: str, values: dict[str, Any], decision: dict[str, Any] | None) -> dict[str, Any]:
    """One notice, raised under ``version`` of ``regulation``."""
    return {
        "member_id": member_id, "trigger": trigger, "clause": clause, "date": d.isoformat(),
        "message": {"en": en, "th": th}, "values": values, "decision": decision,
        "regulation": {"fund": regulation.fund_id, "version": version.version,
                       "fingerprint": regulation.fingerprint(version)}}


def status_notice(mid: str, new: str, old: str, ms: M.Membership, arrears: int, run: int,
                  total: int) -> tuple[str, dict[str, Any], str, str]:
    """(trigger, values, en, th) for a member whose status became ``new``: ``arrears`` instalments unpaid,
    ``run`` the longest run of missed instalments, ``total`` missed in all."""
    lapse = lapse_rule(ms)
    n = lapse[0] if lapse is not None else None
    values = {"arrears": arrears, "missed_in_a_row": run, "missed_total": total,
              "suspend_after": ms.suspend_after or None, "lapse_after": n,
              "lapse_rule": lapse[1] if lapse is not None else None, "previous_status": old}
    if new == "suspended":
        en = f"member {mid} is suspended: {_n(arrears, 'instalment')} in arrears (suspension from " \
             f"{ms.suspend_after})"
        th = f"สมาชิก {mid} ถูกพักสิทธิ์: ค้างส่ง {arrears} งวด " \
             f"(พักสิทธิ์เมื่อค้างส่ง {ms.suspend_after} งวด)"
    elif new == "lapsed":
        if values["lapse_rule"] == "consecutive":
            en = f"member {mid} has lapsed: {_n(run, 'instalment')} missed in a row (membership ends " \
                 f"after {n})"
            th = f"สมาชิก {mid} พ้นสภาพ: ขาดส่งติดต่อกัน {run} งวด (พ้นสภาพเมื่อขาดส่งติดต่อกัน {n} งวด)"
        else:
            en = f"member {mid} has lapsed: {_n(total, 'instalment')} missed in total (membership ends " \
                 f"after {n})"
            th = f"สมาชิก {mid} พ้นสภาพ: ขาดส่งรวม {total} งวด (พ้นสภาพเมื่อขาดส่งรวม {n} งวด)"
    else:
        en = f"member {mid} is active again: {_n(arrears, 'instalment')} in arrears"
        th = f"สมาชิก {mid} กลับมามีสถานะปกติ: ค้างส่ง {arrears} งวด"
    return STATUS_TRIGGER[new], values, en, th


def elderly_notice(mid: str, b: M.Benefit, age: int, tenure: int | None, decision: dict[str, Any] | None,
                   problems: list[str]) -> tuple[dict[str, Any], str, str]:
    """(values, en, th) for a member who now meets elderly benefit ``b``'s condition; ``decision`` is the core
    engine's (None when it could not decide, for the error codes ``problems``)."""
    values: dict[str, Any] = {"benefit": b.id, "age": age, "tenure_years": tenure}
    if decision is not None and decision["eligible"]:
        en = f"member {mid} is now eligible for \"{b.title.en}\": {decision['amount']} baht"
        th = f"สมาชิก {mid} มีสิทธิ์ได้รับสวัสดิการ \"{b.title.th}\" {_baht(decision['amount'])}"
    elif decision is not None:
        failing = _failing(decision)
        en = f"member {mid} meets the age and membership conditions of \"{b.title.en}\", but the " \
             f"decision is not payable (failing: {failing})"
        th = f"สมาชิก {mid} เข้าเกณฑ์อายุและการเป็นสมาชิกของสวัสดิการ \"{b.title.th}\" " \
             f"แต่ยังไม่มีสิทธิ์รับเงิน (ไม่ผ่าน: {_failing_th(decision)})"
    else:
        en = f"member {mid} meets the conditions of \"{b.title.en}\"; no decision: {', '.join(problems)}"
        th = f"สมาชิก {mid} เข้าเกณฑ์สวัสดิการ \"{b.title.th}\" แต่คำนวณไม่ได้: {', '.join(problems)}"
        values["decision_problems"] = problems
    return values, en, th


def deadline_notice(b: M.Benefit, event: str, ev: date, last: date, left: int,
                    soon: bool) -> tuple[str, dict[str, Any], str, str]:
    """(trigger, values, en, th) for the claim of ``b`` for the ``event`` of day ``ev``, to be filed by ``last``:
    ``left`` days left (``soon``), or the deadline has passed."""
    values = {"benefit": b.id, "event": event, "event_date": ev.isoformat(),
              "last_day": last.isoformat(), "days_left": left}
    if soon:
        en = f"the claim for \"{b.title.en}\" (event of {ev.isoformat()}) must be filed by {last.isoformat()}: " \
             f"{_n(left, 'day')} left"
        th = f"ต้องยื่นคำขอสวัสดิการ \"{b.title.th}\" (เหตุวันที่ {to_be(ev)}) ภายในวันที่ {to_be(last)} " \
             f"เหลืออีก {left} วัน"
        trigger = "claim_deadline_soon"
    else:
        en = f"the deadline to claim \"{b.title.en}\" for the event of {ev.isoformat()} passed on " \
             f"{last.isoformat()}; no claim was filed"
        th = f"พ้นกำหนดยื่นคำขอสวัสดิการ \"{b.title.th}\" สำหรับเหตุวันที่ {to_be(ev)} แล้ว " \
             f"(กำหนดภายใน {to_be(last)}) ยังไม่มีการยื่นคำขอ"
        trigger = "claim_deadline_passed"
    return trigger, values, en, th


def no_death_benefit_notice(mid: str, d: date) -> tuple[dict[str, Any], str, str]:
    """(values, en, th) for a member who died under a regulation without a death benefit."""
    return ({"benefit": None},
            f"member {mid} died on {d.isoformat()}; the regulation has no death benefit",
            f"สมาชิก {mid} เสียชีวิตวันที่ {to_be(d)} ระเบียบไม่มีสวัสดิการกรณีเสียชีวิต")


def death_notice(mid: str, d: date, b: M.Benefit, decision: dict[str, Any] | None,
                 problems: list[str]) -> tuple[dict[str, Any], str, str]:
    """(values, en, th) for a member who died on ``d``, for death benefit ``b``; ``decision`` is the core engine's
    (None when it could not decide, for the error codes ``problems``)."""
    values: dict[str, Any] = {"benefit": b.id}
    if decision is not None and decision["eligible"]:
        en = f"member {mid} died on {d.isoformat()}: \"{b.title.en}\" of {decision['amount']} baht is " \
             f"payable to the beneficiary"
        th = f"สมาชิก {mid} เสียชีวิตวันที่ {to_be(d)}: สวัสดิการ \"{b.title.th}\" {_baht(decision['amount'])} " \
             f"จ่ายให้ผู้รับผลประโยชน์"
    elif decision is not None:
        failing = _failing(decision)
        en = f"member {mid} died on {d.isoformat()}: \"{b.title.en}\" is not payable (failing: {failing})"
        th = f"สมาชิก {mid} เสียชีวิตวันที่ {to_be(d)}: ไม่มีสิทธิ์ได้รับสวัสดิการ \"{b.title.th}\" " \
             f"(ไม่ผ่าน: {_failing_th(decision)})"
    else:
        en = f"member {mid} died on {d.isoformat()}: no decision for \"{b.title.en}\": {', '.join(problems)}"
        th = f"สมาชิก {mid} เสียชีวิตวันที่ {to_be(d)}: คำนวณสวัสดิการ \"{b.title.th}\" ไม่ได้: " \
             f"{', '.join(problems)}"
        values["decision_problems"] = problems
    return values, en, th


def _failing(decision: Mapping[str, Any]) -> str:
    """The checks a decision failed, as the notices list them."""
    return ", ".join(r["check"] for r in decision["reasons"] if r["passed"] is False)


def _failing_th(decision: Mapping[str, Any]) -> str:
    return ", ".join(CHECK.get(r["check"], r["check"]) for r in decision["reasons"] if r["passed"] is False)


def notices_text(notices: Iterable[Mapping[str, Any]], lang: str = "th") -> str:
    """The notices as lines for people: the date (B.E. with the Thai month in Thai), the member, the message."""
    out = []
    for n in notices:
        day = date.fromisoformat(n["date"])
        when = _W.short_date(day) if lang == "th" else day.isoformat()
        out.append(f"{when}  {n['member_id']}  {n['message']['th' if lang == 'th' else 'en']}")
    return "\n".join(out) + ("\n" if out else "")


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


_TRIGGER_ORDER = {t: i for i, t in enumerate(("member_died", "member_lapsed", "member_suspended",
                                               "member_reinstated", "elderly_allowance_due", "claim_deadline_soon",
                                               "claim_deadline_passed"))}


def notice_key(n: Mapping[str, Any]) -> tuple:
    """The order of notices: (date, member, trigger, benefit, event date, clause)."""
    v = n.get("values") or {}
    return (n["date"], n["member_id"], _TRIGGER_ORDER.get(n["trigger"], 99), str(v.get("benefit")),
            str(v.get("event_date")), n["clause"])


def sort_notices(notices: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return sorted(notices, key=notice_key)
