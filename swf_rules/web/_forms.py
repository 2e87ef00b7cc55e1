"""The decide form's fields read as a claim: dates in the form's calendar (B.E. by default), counts, and the
details of the benefit chosen (``detail.BENEFIT.FIELD``).  Used by the decide page and by the voucher it prints."""

from __future__ import annotations

from typing import Any

from ..core.dates import DateTextError, parse_date
from ..core.errors import InputError, make_problem
from ..core.history import Claim, parse_claim


def form_date(form: dict[str, str], key: str) -> str | None:
    """A date field of the form as ISO C.E. (the form's calendar is B.E. unless it says C.E.)."""
    text = form.get(key, "").strip()
    if not text:
        return None
    cal = "gregorian" if form.get("calendar") == "gregorian" else "buddhist"
    try:
        return parse_date(text, cal).isoformat()
    except DateTextError:
        raise InputError([make_problem("bad-date", path=(key,), value=text,
                                       hint=("write YYYY-MM-DD, e.g. 2567-02-10 in B.E.",
                                             "เขียน ปปปป-ดด-วว เช่น 2567-02-10 (พ.ศ.)"))]) from None


def claim_from_form(form: dict[str, str], member_id: str) -> Claim:
    event = form_date(form, "event_date")
    data: dict[str, Any] = {"claim_id": form.get("claim_id") or f"{member_id}-{event or 'x'}",
                            "member_id": member_id, "benefit": form.get("benefit", ""), "event_date": event}
    for key in ("end_date", "filed_on"):
        v = form_date(form, key)
        if v is not None:
            data[key] = v
    for key in ("units", "children"):
        v = form.get(key, "").strip()
        if v:
            if not v.isdigit():
                raise InputError([make_problem("bad-number", path=(key,), value=v)])
            data[key] = int(v)
    prefix = f"detail.{data['benefit']}."
    details = {k[len(prefix):]: v for k, v in form.items() if k.startswith(prefix) and v.strip()}
    if details:
        data["details"] = details
    return parse_claim(data, file="form")


__all__ = ["claim_from_form", "form_date"]
