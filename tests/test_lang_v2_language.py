"""One mechanism ties a construct to ``language: swf-rules/2`` and keeps version-1 bytes: the ``Since`` markers
and ``new_field`` of core/_language.py.  Each construct of the amounts, people and amendments half of version 2 is
refused in a ``swf-rules/1`` file at the construct (the membership half: tests/test_v2_membership.py), and every
marked field is one a version-1 dump leaves out."""

from __future__ import annotations

import pytest

from swf_rules.core import _model_amounts, _model_membership, _model_people, history, model as M
from swf_rules.core._language import Since
from swf_rules.core.errors import RegulationError
from swf_rules.core.validate import load_regulation_text
from v2_common import HEAD

BASE = HEAD.replace("language: swf-rules/2", "language: swf-rules/1") + """%s    benefits:
      - id: b
        kind: sickness
        title: {th: ก, en: A}
        clause: "ข้อ 7"
%s%s"""
FLAT = "        amount: {type: flat, amount: 100}\n"
AMENDMENT = """  - version: "2"
    amends: "1"
    title: {th: แก้ไข, en: Amendment}
    effective: 2012-01-01
    adopted: {meeting: {th: ที่ประชุมใหญ่, en: General meeting}, date: 2011-12-15}
    source: {document: synthetic}
    repeals: []
"""


@pytest.mark.parametrize(("version", "benefit", "after", "found"), [
    ("", "        amount: {type: linear, by: age, per_year: 10, floor: 300}\n", "",
     [(19, 55, "a floor (floor)")]),
    ("", "        claim_fields: {bill: {type: number}}\n        amount: {type: billed, field: bill}\n", "",
     [(20, 24, "amount type billed")]),
    ("", "        person: {relationships: [child]}\n" + FLAT + "        caps: [{per: event, count: 1, each: person}]\n",
     "", [(19, 9, "the person a claim is about (person)"), (21, 39, "a cap for each person (each)")]),
    ("", FLAT + "        payee: {to: family}\n", "", [(20, 9, "who is paid (payee)")]),
    ("", FLAT + "        several_members: once_per_member\n", "",
     [(20, 9, "one event claimed by several members (several_members)")]),
    ("", FLAT + "        recipients: members\n", "", [(20, 9, "who may claim (recipients)")]),
    ("    shared_caps: [{id: s, benefits: [b], per: event, money: 100}]\n", FLAT, "",
     [(14, 5, "caps shared by several benefits (shared_caps)")]),
    ("", FLAT, AMENDMENT, [(21, 5, "an amendment (amends)")]),
], ids=["floor", "billed", "person-and-each", "payee", "several_members", "recipients", "shared_caps", "amends"])
def test_each_v2_construct_in_a_v1_file_is_refused_at_the_construct(version: str, benefit: str, after: str,
                                                                   found: list[tuple[int, int, str]]) -> None:
    with pytest.raises(RegulationError) as e:
        load_regulation_text(BASE % (version, benefit, after), file="t.yaml")
    assert [(p.code, p.line, p.col, p.value) for p in e.value.problems] == [("needs-language-2", *f) for f in found]
    assert [p.message_en for p in e.value.problems] == [
        f"{f[2]} is new in swf-rules/2, but the file declares language: swf-rules/1" for f in found]
    assert [p.hint_en for p in e.value.problems] == ["write language: swf-rules/2 at the top of the file"] * len(found)


def test_the_same_file_declaring_version_2_is_valid() -> None:
    text = BASE.replace("swf-rules/1", "swf-rules/2") % ("", FLAT + "        payee: {to: family}\n", AMENDMENT)
    reg = load_regulation_text(text, file="t.yaml")
    assert [v.version for v in reg.versions] == ["1", "2"]
    assert reg.versions[1].benefits[0].payee == M.Payee(to="family")


MODELS = [getattr(mod, n) for mod in (M, _model_amounts, _model_people, _model_membership, history)
          for n in dir(mod) if isinstance(getattr(mod, n), type) and issubclass(getattr(mod, n), M.Model)]


def test_every_field_new_in_version_2_is_left_out_of_a_dump_while_unused() -> None:
    """A ``Since`` marker on a whole field goes with ``new_field`` (its ``exclude_if``); a marker with ``applies``
    (new *values* of an old field: ``period: week``, a hyphen in a fund id) does not, since the field is in v1."""
    marked = sorted({(cls.__name__, name) for cls in MODELS for name, f in cls.model_fields.items()
                     if any(isinstance(m, Since) and m.applies is None for m in f.metadata)})
    unmarked_new = sorted({(cls.__name__, name) for cls in MODELS for name, f in cls.model_fields.items()
                           if any(isinstance(m, Since) and m.applies is None for m in f.metadata)
                           and f.exclude_if is None})
    assert unmarked_new == []
    assert marked == [
        ("Benefit", "group"), ("Benefit", "payee"), ("Benefit", "person"), ("Benefit", "recipients"),
        ("Benefit", "several_members"), ("Cap", "each"), ("Contribution", "alternatives"),
        ("Contribution", "counts_as_paid"), ("Contribution", "due"), ("Contribution", "stated"),
        ("Contribution", "yearly_total"), ("Linear", "floor"), ("Membership", "levy"), ("Version", "groups"),
        ("Version", "shared_caps"), ("Waiting", "clause"), ("Waiting", "paused_by_arrears")]
