"""The semantic checks of the language-version-2 constructs, and of amendments once consolidated.

Called once by :func:`swf_rules.core.validate.validate_document` (its ``_semantic`` stage):

- every version-2 construct in a file that declares ``language: swf-rules/1`` is a ``needs-language-2`` problem at
  the construct (which constructs are version 2 is declared on the models: :mod:`._language`);
- amendments are consolidated (:mod:`._amendments`); a consolidated version gets the checks every version gets
  (passed in as ``check_version``), reported where the text is written: a problem in a clause the amendment did
  not restate is reported once, at the amended version, unless the amendment caused it (a benefit still referring
  to one it repealed), in which case it is reported at the amendment;
- shared caps name benefits of their version, once each; an amount that reads a claim field (``billed``,
  ``levies_collected``) reads a declared number field;
  a floor is not above the ceiling; a cap ``each: person`` needs a ``person:`` rule; a death benefit is never paid
  to the member who died; a benefit for non-members uses nothing that needs a membership.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator, Sequence

from . import model as M
from ._amendments import Consolidation, consolidated, relocate
from ._language import LANGUAGE_1, LANGUAGE_2, v2_constructs
from .conditions import ConditionError, compile_condition, fact_types
from .errors import Path, Problem, did_you_mean
from .load import Document

# facts a non-member does not have (there is no membership to count them from)
MEMBER_FACTS = frozenset({"age_at_joining", "status", "arrears", "missed_in_a_row", "tenure_days", "tenure_years",
                          "cumulative_tenure_days", "cumulative_tenure_years"})

CheckVersion = Callable[[Any, Path, M.Version], Iterable[Problem]]


def check_v2(doc: Document, reg: M.RegulationFile, check_version: CheckVersion) -> Iterator[Problem]:
    yield from language_problems(doc, reg)
    con = consolidated(doc, reg)
    yield from con.problems
    if not any(isinstance(v, M.Amendment) for v in reg.versions):
        for i, v in enumerate(reg.versions):
            assert isinstance(v, M.Version)
            yield from check_version_v2(doc, ("versions", i), v)
        return
    yield from _with_amendments(doc, reg, con, check_version)


def _with_amendments(doc: Document, reg: M.RegulationFile, con: Consolidation,
                     check_version: CheckVersion) -> Iterator[Problem]:
    seen: dict[str, set[tuple]] = {}  # version label -> the problems its own text has (code, path, value)
    order = sorted(range(len(reg.versions)), key=lambda i: (reg.versions[i].effective, i))
    for i in order:
        entry, v = reg.versions[i], con.versions[i]
        if v is None:
            continue
        if isinstance(entry, M.Version):
            found = list(check_version_v2(doc, ("versions", i), v))
            yield from found
            own = {(p.code, p.path, p.value) for p in found + list(check_version(doc, ("versions", i), v))}
            seen[v.version] = own
            continue
        assert isinstance(entry, M.Amendment)
        located = con.located(doc, i)
        found = list(check_version(located, ("versions", i), v)) + list(check_version_v2(located, ("versions", i), v))
        base = seen.get(con.amends.get(v.version, ""), set())
        own: set[tuple] = set()
        for p in found:
            key = (p.code, p.path, p.value)
            own.add(key)
            if p.path[:2] == ("versions", i) or key not in base:
                yield p if p.path[:2] == ("versions", i) else _at_amendment(doc, p, i, entry)
        seen[v.version] = own | base


def _at_amendment(doc: Document, p: Problem, i: int, a: M.Amendment) -> Problem:
    """A problem the amendment causes in a clause it did not restate, moved to the amendment: to the repeal of the
    benefit the clause still refers to, or else to its ``amends``."""
    if p.value in a.repeals:
        at: Path = ("versions", i, "repeals", a.repeals.index(p.value))
        if p.code == "unknown-benefit":
            by, by_th = _referrer(doc.data, p.path)
            return doc.problem("repeal-referenced", at, value=p.value, by=by, by_th=by_th, clause=p.clause,
                               hint=(f"restate {by} in this amendment, or do not repeal '{p.value}'",
                                     f"แก้ไข{by_th} ในฉบับแก้ไขนี้ด้วย หรือไม่ยกเลิก '{p.value}'"))
        return relocate(doc, p, at)
    return relocate(doc, p, ("versions", i, "amends"))


def _referrer(data: Any, path: Path) -> tuple[str, str]:
    """What a path into the file points into, in words (en, th): a benefit or a shared cap."""
    if len(path) >= 4 and path[0] == "versions" and path[2] in ("benefits", "shared_caps"):
        try:
            found = str(data["versions"][path[1]][path[2]][path[3]]["id"])
        except (KeyError, IndexError, TypeError):
            return "a clause", "ข้อความ"
        if path[2] == "benefits":
            return f"benefit '{found}'", f"สวัสดิการ '{found}'"
        return f"shared cap '{found}'", f"เพดานร่วม '{found}'"
    return "a clause", "ข้อความ"


def language_problems(doc: Document, reg: M.RegulationFile) -> Iterator[Problem]:
    """``needs-language-2`` at every outermost construct of version 2 (:func:`._language.v2_constructs`) in a file
    that declares ``swf-rules/1``."""
    if reg.language != LANGUAGE_1:
        return
    for path, what, what_th, at_key in v2_constructs(reg):
        yield doc.problem("needs-language-2", path, at_key=at_key, value=what, value_th=what_th,
                          clause=_clause_at(doc.data, path),
                          hint=(f"write language: {LANGUAGE_2} at the top of the file",
                                f"เขียน language: {LANGUAGE_2} ที่ต้นไฟล์"))


def _clause_at(data: Any, path: Path) -> str | None:
    """The innermost ``clause`` on the way to ``path`` in the file's data."""
    cur, clause = data, None
    for part in path:
        if isinstance(cur, dict) and isinstance(cur.get("clause"), str):
            clause = cur["clause"]
        try:
            cur = cur[part]
        except (KeyError, IndexError, TypeError):
            break
    return clause


# ------------------------------------------------------------------------------------------ one version
def check_version_v2(doc: Any, base: Path, v: M.Version) -> Iterator[Problem]:
    ids = {b.id: i for i, b in enumerate(v.benefits)}
    yield from _shared_caps(doc, base, v, ids)
    for bi, b in enumerate(v.benefits):
        yield from _benefit_v2(doc, base + ("benefits", bi), b)


def repeated(doc: Any, at: Path, ids: Sequence[str], key: tuple = ()) -> Iterator[tuple[int, str, Any]]:
    """``(index, id, line of its first use)`` of each entry of the list at ``at`` whose id (at ``key`` in the entry)
    an earlier entry has already: a shared cap's or a benefit group's id, a benefit named twice."""
    first: dict[str, int] = {}
    for i, x in enumerate(ids):
        if x in first:
            m = doc.locate(at + (first[x],) + key)
            yield i, x, m.line if m else "?"
        first.setdefault(x, i)


def _shared_caps(doc: Any, base: Path, v: M.Version, ids: dict[str, int]) -> Iterator[Problem]:
    for si, sid, line in repeated(doc, base + ("shared_caps",), [sc.id for sc in v.shared_caps], ("id",)):
        yield doc.problem("duplicate-shared-cap", base + ("shared_caps", si, "id"), value=sid,
                          clause=v.shared_caps[si].clause, first_line=line,
                          hint=("give each shared cap its own id", "ตั้งรหัสเพดานร่วมไม่ให้ซ้ำกัน"))
    for si, sc in enumerate(v.shared_caps):
        sp = base + ("shared_caps", si)
        twice = {k: line for k, _, line in repeated(doc, sp + ("benefits",), sc.benefits)}
        for k, bid in enumerate(sc.benefits):
            if k in twice:
                yield doc.problem("duplicate-benefit-id", sp + ("benefits", k), value=bid, clause=sc.clause,
                                  first_line=twice[k],
                                  hint=("name each benefit once", "ระบุสวัสดิการแต่ละข้อเพียงครั้งเดียว"))
            elif bid not in ids:
                yield doc.problem("unknown-benefit", sp + ("benefits", k), value=bid, clause=sc.clause,
                                  hint=did_you_mean(bid, ids, ("benefits in this version: " + ", ".join(ids),
                                                               "สวัสดิการในรุ่นนี้: " + ", ".join(ids)), cutoff=0.5))
        if sc.money == 0:
            yield doc.problem("out-of-range", sp + ("money",), value="0", clause=sc.clause,
                              detail="a shared cap must be more than 0", detail_th="เพดานร่วมต้องมากกว่า 0")


def _benefit_v2(doc: Any, p: Path, b: M.Benefit) -> Iterator[Problem]:
    cl = b.clause
    a = b.amount
    if isinstance(a, M.CLAIM_FIELD_AMOUNTS):  # billed, levies_collected: the amount is a number the claim gives
        f = b.claim_fields.get(a.field)
        if f is None:
            yield doc.problem("unknown-claim-field", p + ("amount", "field"), value=a.field, benefit=b.id, clause=cl,
                              hint=did_you_mean(a.field, b.claim_fields, (
                                  f"declare it: claim_fields: {{{a.field}: {{type: number}}}}",
                                  f"ประกาศในคำขอ: claim_fields: {{{a.field}: {{type: number}}}}")))
        elif f.type != "number":
            yield doc.problem("claim-field-not-number", p + ("amount", "field"), value=a.field, found=f.type,
                              clause=cl, hint=("declare the field with type: number", "ประกาศข้อมูลนี้เป็น type: number"))
    if isinstance(a, M.Linear) and a.floor is not None and a.ceiling is not None and a.floor > a.ceiling:
        yield doc.problem("range-order", p + ("amount", "floor"), clause=cl, low="floor", low_value=a.floor,
                          high="ceiling", high_value=a.ceiling)
    for ci, cap in enumerate(b.caps):
        if cap.each == "person" and b.person is None:
            yield doc.problem("cap-needs-person", p + ("caps", ci, "each"), clause=cap.clause or cl,
                              hint=("say who the claims are about: person: {relationships: [child]}",
                                    "ระบุบุคคลที่คำขอเกี่ยวข้อง เช่น person: {relationships: [child]}"))
    pr = b.person
    if pr is not None and pr.age is not None and pr.age.min is not None and pr.age.max is not None \
            and pr.age.min > pr.age.max:
        yield doc.problem("range-order", p + ("person", "age", "min"), clause=cl, low="min", low_value=pr.age.min,
                          high="max", high_value=pr.age.max)
    non_members = b.recipients == "non_members"
    if b.payee is not None:
        to = b.payee.to
        if to == "member" and b.kind == "death":
            yield doc.problem("payee-dead-member", p + ("payee", "to"), value=to, clause=cl,
                              hint=("write payee: {to: beneficiaries} (the heirs when none is named) or {to: family}",
                                    "เขียน payee: {to: beneficiaries} (ทายาทเมื่อไม่ได้ระบุผู้รับผลประโยชน์) หรือ "
                                    "{to: family}"))
        elif (to == "applicant") != non_members:
            who = "non-members" if non_members else "members"
            yield doc.problem("payee-mismatch", p + ("payee", "to"), value=to, recipients=who,
                              recipients_th="ผู้ที่ไม่ใช่สมาชิก" if non_members else "สมาชิก", clause=cl,
                              hint=("a benefit for non-members is paid to the applicant",
                                    "สวัสดิการสำหรับผู้ที่ไม่ใช่สมาชิกจ่ายให้ผู้ยื่นคำขอ") if non_members else
                              ("only a benefit for non-members (recipients: non_members) is paid to an applicant",
                               "จ่ายให้ผู้ยื่นคำขอได้เฉพาะสวัสดิการสำหรับผู้ที่ไม่ใช่สมาชิก (recipients: non_members)"))
    if non_members:
        yield from _non_member_rules(doc, p, b)


def _non_member_rules(doc: Any, p: Path, b: M.Benefit) -> Iterator[Problem]:
    """A benefit for non-members may not ask for anything that needs a membership."""
    el = b.eligibility
    cl = b.clause
    hint = ("a non-member has no membership: decide by age and the claim's fields",
            "ผู้ที่ไม่ใช่สมาชิกไม่มีช่วงเวลาการเป็นสมาชิก ให้พิจารณาจากอายุและข้อมูลในคำขอ")
    uses: list[tuple[Path, str]] = []
    for key in ("waiting", "tenure", "max_arrears"):
        if getattr(el, key) is not None:
            uses.append((p + ("eligibility", key), key))
    if el.status != ["active"]:
        uses.append((p + ("eligibility", "status"), "status"))
    if el.age is not None and el.age.at == "joining":
        uses.append((p + ("eligibility", "age", "at"), "age at joining"))
    if isinstance(b.amount, (M.Table, M.Linear)) and b.amount.by == "tenure":
        uses.append((p + ("amount", "by"), "an amount by tenure"))
    for oi, _ in enumerate(b.offsets):
        uses.append((p + ("offsets", oi), "offsets"))
    for key in ("person", "several_members"):
        if getattr(b, key) is not None:
            uses.append((p + (key,), key))
    for path, what in uses:
        yield doc.problem("non-member-rule", path, at_key=True, value=what, clause=cl, hint=hint)
    names = fact_types({k: f.type for k, f in b.claim_fields.items()})
    for ci, c in enumerate(el.conditions):
        try:
            comp = compile_condition(c.when, names)
        except ConditionError:
            continue  # reported by the checks every benefit gets
        for name in sorted(comp.names & MEMBER_FACTS):
            yield doc.problem("non-member-rule", p + ("eligibility", "conditions", ci, "when"), value=name,
                              clause=c.clause or cl, hint=hint)


__all__ = ["MEMBER_FACTS", "check_v2", "check_version_v2", "language_problems", "repeated"]
