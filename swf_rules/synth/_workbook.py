"""A synthetic fund's books as the published workbook template (Thai sheets and headers, B.E. dates written
``dd/mm/yyyy``, periods ``mm/yyyy``, Thai status and account words), for import tests and benchmarks.

Dates of joining are written as the workbook's own date cells, every other date as B.E. text, so that both ways
funds keep dates are read on every import of it.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any, Iterator

from ..books import ACCOUNT_KINDS
from ..books.beneficiaries import share_text
from ..books.importer import template_book
from ..books.importer.template import SHEETS

_STATUS_TH = {None: "ปกติ", "resigned": "ลาออก", "lapsed": "พ้นสภาพ", "died": "เสียชีวิต", "expelled": "ให้ออก"}
_SEX_TH = {"female": "หญิง", "male": "ชาย"}
_ACCOUNT_TH = {"cash": "เงินสด", "bank": "ธนาคาร"}


def _be(d: _dt.date | None) -> str | None:
    return None if d is None else f"{d.day:02d}/{d.month:02d}/{d.year + 543}"


def _num(a: Decimal) -> Any:
    return int(a) if a == a.to_integral_value() else a


def workbook_bytes(l: Any) -> bytes:
    """The ledger ``l`` (a :class:`~swf_rules.synth.SynthLedger` with its accounts) as a template workbook."""
    rows, extra = workbook_rows(l)
    return template_book("synth.xlsx", rows, extra)


def workbook_rows(l: Any) -> tuple[dict[str, Iterator[list[Any]]], dict[str, list[str]]]:
    """The template's sheets' rows for the ledger ``l`` (generators, sheet name -> rows), and the extra headers
    (a payout's ``details.<field>``)."""
    details = sorted({k for p in l.payouts for k in p.details})

    def members() -> Iterator[list[Any]]:
        for m in sorted(l.members, key=lambda m: m.member_id):
            for s in sorted(m.spells, key=lambda s: s.start):
                yield [m.member_id, _be(m.birth_date), _SEX_TH[m.sex], _dt.datetime(s.start.year, s.start.month,
                       s.start.day), _STATUS_TH[s.end_reason], _be(s.end), _be(m.died_on)]

    def contributions() -> Iterator[list[Any]]:
        rows = sorted(((c.date, m.member_id, c.covers, c.amount) for m in l.members for c in m.contributions))
        for d, mid, cv, a in rows:
            period = f"{cv[5:7]}/{int(cv[:4]) + 543}" if len(cv) == 7 else str(int(cv) + 543)
            yield [mid, _be(d), period, _num(a)]

    def payouts() -> Iterator[list[Any]]:
        for p in l.payouts:
            yield [p.payout_id, p.member_id, p.benefit, _be(p.event_date), _be(p.end_date), _be(p.filed_on),
                   _be(p.paid_on), p.units, p.children, _num(p.amount), p.event_ref] + \
                [None if p.details.get(k) is None else str(p.details[k]) for k in details]

    def accounts(sign: int) -> Iterator[list[Any]]:
        for e in l.accounts:
            k = ACCOUNT_KINDS[e.kind]
            if (k.sign < 0) != (sign < 0) or (e.kind == "balance" and sign < 0):
                continue
            acc = _ACCOUNT_TH.get(e.account, e.account)
            if sign > 0:
                yield [_be(e.date), e.doc_no, k.th, e.round, e.counterparty, acc, _num(e.amount), e.note]
            else:
                yield [_be(e.date), e.doc_no, k.th, e.counterparty, acc, _num(e.amount), e.note]

    def beneficiaries() -> Iterator[list[Any]]:
        for b in l.beneficiaries:
            yield [b.member_id, b.name, b.relationship, b.national_id,
                   None if b.share is None else share_text(b.share)]

    names = list(SHEETS)
    rows = {names[0]: members(), names[1]: contributions(), names[2]: payouts(), names[3]: accounts(1),
            names[4]: accounts(-1), names[5]: beneficiaries()}
    return rows, {names[2]: ["details." + k for k in details]}
