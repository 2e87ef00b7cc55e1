"""The decision value: what evaluating one claim gives, and its JSON interchange form.

:class:`Decision` keeps every check as a compact record (see :mod:`._checks`) and renders the Thai and English
messages only when its reasons are read; the fingerprint of its inputs is hashed on first read.  ``to_json`` is
canonical (schemas/decision.schema.json): the same inputs give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Iterable

from .dates import fiscal_year
from .facts import MemberState
from .fingerprint import canonical_json, sha256
from .history import Claim, Payout
from .money import money_str
from .notices import state_notices

ENGINE_NAME = "swf-rules"
ENGINE_VERSION = "0.1.0"


@dataclass(frozen=True)
class Decision:
    """The outcome of one claim.  :meth:`to_dict` is the JSON interchange form (see schemas/decision.schema.json).

    Every check the regulation asks for is recorded (``checks``: name, clause, verdict, the values it compared);
    :attr:`reasons` renders them with their Thai and English messages when read."""

    claim_id: str
    member_id: str
    benefit: str
    kind: str
    title: dict[str, str]
    clause: str
    event_date: date
    eligible: bool
    amount: Decimal
    payee: str
    fund: str
    version: str
    fingerprint: str
    checks: tuple[tuple, ...] = field(repr=False)
    breakdown: dict[str, Any]
    # (member state, payouts it knew at decision time, claim): hashed on first read of input_fingerprint
    _inputs: tuple[Any, int, Any] = field(repr=False, compare=False)
    # v2, in the JSON form only when set: who receives the money, and the person the claim is about
    payees: tuple[dict[str, Any], ...] | None = None
    person: dict[str, Any] | None = None

    @classmethod
    def _make(cls, **fields: Any) -> "Decision":
        """Build without the frozen dataclass's per-field ``__init__`` (a batch builds one per claim)."""
        d = object.__new__(cls)
        d.__dict__.update(fields)
        return d

    @property
    def reasons(self) -> tuple[dict[str, Any], ...]:
        """Every check, in the order made, as ``{check, clause, passed, values, message: {en, th}}``.

        Rendered on each read and not kept: a fund's batch would otherwise hold every message twice."""
        return tuple(_render(r) for r in self.checks)

    @property
    def input_fingerprint(self) -> str:
        """sha256 of the inputs: the member's history, the payouts known before this claim, and the claim."""
        fp = self.__dict__.get("_fingerprint")
        if fp is None:
            state, known, claim = self._inputs
            fp = _input_fingerprint(state, state.payout_digest(claim.claim_id, known), claim)
            object.__setattr__(self, "_fingerprint", fp)
        return fp

    @property
    def failing(self) -> list[dict[str, Any]]:
        return [_render(r) for r in self.checks if r[2] is False]

    @property
    def notices(self) -> list[dict[str, Any]]:
        """Irregular records of the member's history that did not stop the decision (:mod:`.notices`):
        ``{code, severity, path, value, message: {en, th}}`` each."""
        return state_notices(self._inputs[0])

    def to_dict(self) -> dict[str, Any]:
        out = {
            "claim_id": self.claim_id,
            "member_id": self.member_id,
            "benefit": self.benefit,
            "kind": self.kind,
            "title": dict(self.title),
            "clause": self.clause,
            "event_date": self.event_date.isoformat(),
            "fiscal_year": fiscal_year(self.event_date),
            "eligible": self.eligible,
            "amount": money_str(self.amount),
            "currency": "THB",
            "payee": self.payee,
            **({"payees": [dict(p) for p in self.payees]} if self.payees is not None else {}),
            **({"person": dict(self.person)} if self.person is not None else {}),
            "regulation": {"fund": self.fund, "version": self.version, "fingerprint": self.fingerprint},
            "reasons": list(self.reasons),
            "breakdown": self.breakdown,
            "engine": {"name": ENGINE_NAME, "version": ENGINE_VERSION},
            "input_fingerprint": self.input_fingerprint,
        }
        notices = self.notices
        if notices:  # only when there is one: a regular history decides the same bytes as before
            out["notices"] = notices
        return out

    def to_json(self) -> bytes:
        """Canonical JSON (sorted keys, no insignificant whitespace, UTF-8)."""
        return canonical_json(self.to_dict())

    def as_payout(self) -> Payout:
        return Payout.model_construct(claim_id=self.claim_id, benefit=self.benefit, event_date=self.event_date,
                                      end_date=None, units=self.breakdown.get("units"), amount=self.amount,
                                      person=self.person["id"] if self.person is not None else None)


def _render(record: tuple) -> dict[str, Any]:
    """A check record as the reason dict of the interchange form (messages rendered now)."""
    check, clause, passed, values, fmt, args = record
    en, th = fmt(*args)
    return {"check": check, "clause": clause, "passed": passed, "values": values, "message": {"en": en, "th": th}}


def _input_fingerprint(state: MemberState, digest: str, claim: Claim) -> str:
    """sha256 over the member's history (hashed once per state), the digest of the payouts known before the
    claim (kept by the state) and the claim itself."""
    core = getattr(state, "_core_hash", None)
    if core is None:
        m = state.member
        data = m.model_dump(mode="json", exclude={"calendar", "payouts", "contributions"})  # (v2 keys: when used)
        data["contributions"] = [
            {"date": d, "amount": a, "covers": c} for d, c, a in
            sorted((x.date.isoformat(), x.covers, money_str(x.amount)) for x in m.contributions)]
        core = state._core_hash = sha256(data)  # type: ignore[attr-defined]
    c = {"claim_id": claim.claim_id, "member_id": claim.member_id, "benefit": claim.benefit,
         "event_date": claim.event_date.isoformat(), "end_date": iso_date(claim.end_date),
         "filed_on": iso_date(claim.filed_on), "units": claim.units, "children": claim.children,
         "details": {k: jsonable(v) for k, v in claim.details.items()}}
    # swf-rules/2: only when given (core._language.new_field), so older fingerprints stay
    c.update(claim.model_dump(mode="json", include={"person", "event_ref", "paid_elsewhere"}))
    return sha256({"member": core, "payouts": digest, "claim": c})


def iso_date(x: date | None) -> str | None:
    """A date as ISO text for the interchange form (``None`` stays ``None``)."""
    return None if x is None else x.isoformat()


def jsonable(v: Any) -> Any:
    """A fact or claim-detail value as the interchange form writes it (Decimal and date as text)."""
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, date):
        return v.isoformat()
    return v


def decision_json(decisions: Iterable[Decision]) -> bytes:
    return canonical_json([d.to_dict() for d in decisions])

