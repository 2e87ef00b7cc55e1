"""The regulation as a real ระเบียบ: the document the members' meeting votes on and the chair signs.

Title; preamble (by the authority of the members' meeting of ...); the opening clauses -- its name, when it takes
effect, what it repeals, the definitions; then chapters (หมวด): objectives, membership and contributions, each
benefit, claims and deadlines, the committee, the management of the fund, transitional provisions; and the closing
block ``ประกาศ ณ วันที่ ... (ลงชื่อ) ... ประธานคณะกรรมการ``.

The clauses that carry rules are the ones :mod:`swf_rules.committee.render` writes from the YAML (the same
sentences as ``swf-rules render``, so the ระเบียบ and the engine never disagree), under the fund's own clause
labels, which decisions cite.  The parts no rule holds come from the version's optional ``document:`` section
(docs/language.md, section 24): what it leaves out is generated from the rules (definitions, preamble, repeal) or
not printed at all (objectives, committee, management, transitional provisions are the fund's words, never
invented).  The fund's word for members' contributions (``document.term``: เงินสัจจะ or เงินสมทบ) is used
throughout.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..committee import render as R
from ..core import model as M
from ..core.dates import normalise_digits
from ..core.thaiwords import DEFAULT_TERM, Words, contribution_term, digits_outside_ids
from ..core.validate import Regulation
from ._page import el, esc, p, page, table
from ._regulation_parts import W, Para, authority, closing, deadlines, opening, pick


@dataclass(frozen=True)
class Chapter:
    title: str
    paras: tuple[Para, ...]
    table_head: tuple[str, str] | None = None
    table: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RegulationDocument:
    lang: str
    digits: str
    title: str
    fund_line: str
    preamble: str
    opening: tuple[Para, ...]
    chapters: tuple[Chapter, ...]
    closing: tuple[str, ...]
    notes: tuple[str, ...]  # the version's illustrative notes (the project's choices where the text is silent)
    footer: str


def build(reg: Regulation, version: M.Version, lang: str = "th", digits: str | None = None) -> RegulationDocument:
    """The ระเบียบ of one version, in Thai or English; ``digits`` ``thai`` or ``arabic`` (default: as the file
    writes its clauses)."""
    if lang not in ("th", "en"):
        raise ValueError(f"lang must be 'th' or 'en', not {lang!r}")
    th = lang == "th"
    digits = digits or ("thai" if reg.file.clause_digits == "thai" else "arabic")
    thai = th and digits == "thai"
    words = Words("thai" if thai else "arabic")
    term = contribution_term(reg) if version.document is None or version.document.term is None \
        else version.document.term

    def d(text: str) -> str:  # generated text in the document's digits and the fund's word for contributions
        if th and term != DEFAULT_TERM:
            text = text.replace(DEFAULT_TERM, term)
        return digits_outside_ids(text) if thai else normalise_digits(text) if th else text

    def date(x: Any) -> str:
        return words.date(x) if th else R.Numbers("en", False).date(x)

    def label(text: str | None) -> str | None:
        return None if text is None else R.clause_label(text, lang, thai)

    def period(x: Any) -> str:
        return words.period(x.years, x.months, x.days) if th else \
            " ".join(f"{n} {u}{'s' if n != 1 else ''}" for n, u in ((x.years, "year"), (x.months, "month"),
                                                                     (x.days, "day")) if n)

    w = W[lang]
    doc = R.build(reg, version, lang)
    vd = version.document
    f = reg.fund
    preamble = pick(lang, vd.preamble) if vd is not None and vd.preamble is not None else d(w["preamble"].format(
        fund=pick(lang, f.name), meeting=authority(pick(lang, version.adopted.meeting), lang),
        date=date(version.adopted.date)))
    opening_paras = tuple(Para(x.label, d(x.text), tuple(d(i) for i in x.items))
                          for x in opening(reg, version, lang, date, term, label))
    chapters: list[Chapter] = []

    def fund_words(paras: list[Any]) -> tuple[Para, ...]:
        return tuple(Para(label(x.clause), pick(lang, x.text)) for x in paras)

    if vd is not None and vd.objectives:
        chapters.append(Chapter(w["objectives"], fund_words(vd.objectives)))
    by_key = {c.key: c for c in doc.clauses}
    membership = by_key["membership"]
    chapters.append(Chapter(w["membership"].format(term=term) if th else w["membership"],
                            _clause_paras(membership, d, w)))
    chapters.append(Chapter(w["benefits"], tuple(x for c in doc.clauses if c.key != "membership"
                                                 for x in _clause_paras(c, d, w))))
    rows = deadlines(version, lang, period, lambda c: R.clause_label(c, lang, thai))
    claims = fund_words(vd.claims) if vd is not None else ()
    if claims or any(b.deadline is not None for b in version.benefits):
        chapters.append(Chapter(w["claims"], claims + (Para(None, d(w["deadline_intro"])),),
                                tuple(d(x) for x in w["deadline_head"]) if th else w["deadline_head"],
                                tuple((d(a), d(b)) for a, b in rows)))
    for key, title in (("committee", "committee_ch"), ("management", "management"), ("transitional", "transitional")):
        paras = getattr(vd, key) if vd is not None else []
        if paras:
            chapters.append(Chapter(w[title], fund_words(paras)))
    footer = (f"เอกสารนี้สร้างจากไฟล์ระเบียบ ฉบับ {version.version} (รหัสตรวจสอบ {doc.fingerprint}) ทุกข้อที่กำหนดสิทธิ์"
              "และจำนวนเงินตรงกับที่โปรแกรมใช้ตัดสินคำขอ" if th else
              f"Generated from the regulation file, version {version.version} (fingerprint {doc.fingerprint}); every "
              "clause that sets an entitlement or an amount is the one the engine decides claims by.")
    return RegulationDocument(lang, words.digits, pick(lang, version.title), d(doc.fund_line), preamble, opening_paras,
                              tuple(chapters), tuple(d(x) for x in closing(reg, version, lang, date)), doc.notes, footer)


def _clause_paras(c: R.Clause, d: Any, w: dict[str, Any]) -> tuple[Para, ...]:
    """A clause the rules hold, as :mod:`swf_rules.committee.render` writes it: its sentences numbered, a table's
    rows after them, the project's illustrative notes under it."""
    head = tuple(d(x) for x in c.table_head) if c.table_head else None
    return (Para(c.label, d(c.title), tuple(d(x) for x in c.items), head, tuple((d(a), d(b)) for a, b in c.table)),) \
        + tuple(Para(None, f"{w['notes']}: {n}") for n in c.notes)


# ---------------------------------------------------------------------------------------------- printing
def _para_html(x: Para, numbers: Words, th: bool) -> list[str]:
    head = (el("strong", esc(x.label)) + " " if x.label else "") + esc(x.text)
    out = [el("p", head, "clause")]
    for i, item in enumerate(x.items, 1):
        mark = f"({numbers.d(str(i))})" if th else f"({i})"
        out.append(el("p", esc(f"{mark} {item}"), "item"))
    if x.table_head:
        out.append(table(x.table_head, [list(r) for r in x.table], numeric=(1,), cls="clause"))
    return out


def html(doc: RegulationDocument, for_print: bool = False) -> str:
    th = doc.lang == "th"
    w = W[doc.lang]
    numbers = Words(doc.digits)
    body = ["<article>", el("h1", esc(doc.title)), p(doc.fund_line, "center"), "<hr>", p(doc.preamble, "clause")]
    for x in doc.opening:
        body += _para_html(x, numbers, th)
    for n, ch in enumerate(doc.chapters, 1):
        mark = numbers.d(str(n)) if th else str(n)
        body.append(el("h2", esc(f"{w['chapter']} {mark} {ch.title}")))
        for x in ch.paras:
            body += _para_html(x, numbers, th)
        if ch.table_head:
            body.append(table(ch.table_head, [list(r) for r in ch.table]))
    if doc.notes:
        body.append(el("h3", esc(w["end_notes"])))
        body += [p(n, "note") for n in doc.notes]
    body.append(el("div", "".join(el("p", esc(x)) for x in doc.closing), "closing"))
    body += [el("footer", esc(doc.footer)), "</article>"]
    return page(doc.lang, doc.title, body, for_print=for_print)


def regulation_html(reg: Regulation, version: M.Version, lang: str = "th", digits: str | None = None,
                    for_print: bool = False) -> str:
    """The ระเบียบ of one version as an HTML document (A4)."""
    return html(build(reg, version, lang, digits), for_print)


__all__ = ["Chapter", "RegulationDocument", "build", "html", "regulation_html"]
