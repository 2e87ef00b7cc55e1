"""Two versions compared clause by clause (benefits matched by id, membership with membership, the heading as a
clause of its own), and the changed clauses printed with the old and new text side by side."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ._document import Document, in_lang
from ._print import escape, html_page, md


@dataclass(frozen=True)
class ClauseChange:
    key: str
    label: str  # the clause as numbered in the new version (or the old one, if removed)
    status: str  # "changed", "added", "removed"
    old: tuple[tuple[str, bool], ...]  # (line, differs) -- differs: not in the other version
    new: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class Diff:
    lang: str
    old: Document
    new: Document
    changes: tuple[ClauseChange, ...]
    unchanged: tuple[str, ...]  # headings of the clauses that did not change


def _marked(a: list[str], b: list[str]) -> tuple[tuple[tuple[str, bool], ...], tuple[tuple[str, bool], ...]]:
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    keep_a, keep_b = set(), set()
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            keep_a.update(range(i1, i2))
            keep_b.update(range(j1, j2))
    return (tuple((x, i not in keep_a) for i, x in enumerate(a)), tuple((x, j not in keep_b) for j, x in enumerate(b)))


def diff(old: Document, new: Document) -> Diff:
    """What changed from ``old`` to ``new``, clause by clause (matched by benefit id; membership with membership),
    plus the heading (title, dates) as a clause of its own."""
    if old.lang != new.lang:
        raise ValueError("both documents must be in the same language")
    lang = new.lang
    changes: list[ClauseChange] = []
    unchanged: list[str] = []
    head_old, head_new = old.heading_lines(), new.heading_lines()
    if head_old != head_new:
        a, b = _marked(head_old, head_new)
        changes.append(ClauseChange("heading", in_lang(lang, "ส่วนหัว", "Heading"), "changed", a, b))
    old_by = {c.key: c for c in old.clauses}
    new_keys = {c.key for c in new.clauses}
    for c in new.clauses:
        o = old_by.get(c.key)
        if o is None:
            changes.append(ClauseChange(c.key, c.heading, "added", (),
                                        tuple((x, True) for x in c.lines(new.numbers))))
            continue
        la, lb = o.lines(old.numbers), c.lines(new.numbers)
        if la == lb:
            unchanged.append(c.heading)
            continue
        a, b = _marked(la, lb)
        changes.append(ClauseChange(c.key, c.heading, "changed", a, b))
    for o in old.clauses:
        if o.key not in new_keys:
            changes.append(ClauseChange(o.key, o.heading, "removed", tuple((x, True) for x in o.lines(old.numbers)),
                                        ()))
    if old.notes != new.notes:
        a, b = _marked(list(old.notes), list(new.notes))
        changes.append(ClauseChange("notes", in_lang(lang, "หมายเหตุ", "Notes"), "changed", a, b))
    return Diff(lang, old, new, tuple(changes), tuple(unchanged))


_STATUS_WORD = {"changed": ("แก้ไข", "changed"), "added": ("เพิ่มใหม่", "added"), "removed": ("ยกเลิก", "removed")}


def _diff_title(d: Diff) -> str:
    return (in_lang(d.lang, "ตารางเปรียบเทียบการแก้ไข: ", "Changes: ") + d.new.title)


def _diff_intro(d: Diff) -> str:
    if d.lang == "th":
        return (f"เปรียบเทียบฉบับ {d.old.numbers.text(d.old.version)} (ข้อความเดิม) กับฉบับ "
                f"{d.new.numbers.text(d.new.version)} (ข้อความใหม่) "
                f"ของ{d.new.fund_name}")
    return f"Version {d.old.version} (old text) compared with version {d.new.version} (new text)."


def diff_markdown(d: Diff) -> str:
    th = d.lang == "th"
    out = [f"# {md(_diff_title(d))}", "", md(_diff_intro(d)), ""]
    if not d.changes:
        out += [in_lang(d.lang, "ไม่มีข้อความที่เปลี่ยนแปลง", "Nothing changed."), ""]
    else:
        out += [f"| {in_lang(d.lang, 'ข้อ', 'Clause')} | {in_lang(d.lang, 'การเปลี่ยนแปลง', 'Change')} | "
                f"{in_lang(d.lang, 'ข้อความเดิม', 'Old text')} | {in_lang(d.lang, 'ข้อความใหม่', 'New text')} |",
                "| --- | --- | --- | --- |"]
        for c in d.changes:
            cells = []
            for side in (c.old, c.new):
                cells.append("<br>".join(f"**{md(x)}**" if differs else md(x) for x, differs in side) or "-")
            out.append(f"| {md(c.label)} | {_STATUS_WORD[c.status][0 if th else 1]} | {cells[0]} | {cells[1]} |")
        out += ["", in_lang(d.lang, "ข้อความที่เป็นตัวหนาคือส่วนที่ต่างกัน", "Lines in bold are the ones that differ."), ""]
    if d.unchanged:
        out += [in_lang(d.lang, "ข้อที่ไม่เปลี่ยนแปลง: ", "Clauses not changed: ") + md(", ".join(d.unchanged)), ""]
    out += ["---", "", f"*{md(d.old.footer)}*", "", f"*{md(d.new.footer)}*", ""]
    return "\n".join(out)


def diff_html(d: Diff) -> str:
    th = d.lang == "th"
    body = ["<article>", f"<h1>{escape(_diff_title(d))}</h1>", f"<p>{escape(_diff_intro(d))}</p>"]
    if not d.changes:
        body.append(f"<p>{escape(in_lang(d.lang, 'ไม่มีข้อความที่เปลี่ยนแปลง', 'Nothing changed.'))}</p>")
    else:
        body.append('<table class="diff"><colgroup><col style="width:16%"><col style="width:10%">'
                    '<col style="width:37%"><col style="width:37%"></colgroup><thead><tr>'
                    f"<th>{escape(in_lang(d.lang, 'ข้อ', 'Clause'))}</th>"
                    f"<th>{escape(in_lang(d.lang, 'การเปลี่ยนแปลง', 'Change'))}</th>"
                    f"<th>{escape(in_lang(d.lang, 'ข้อความเดิม', 'Old text'))}</th>"
                    f"<th>{escape(in_lang(d.lang, 'ข้อความใหม่', 'New text'))}</th></tr></thead><tbody>")
        for c in d.changes:
            old = "".join(f"<p><del>{escape(x)}</del></p>" if differs else f"<p>{escape(x)}</p>" for x, differs in c.old)
            new = "".join(f"<p><ins>{escape(x)}</ins></p>" if differs else f"<p>{escape(x)}</p>" for x, differs in c.new)
            body.append(f"<tr><td>{escape(c.label)}</td><td>{escape(_STATUS_WORD[c.status][0 if th else 1])}</td>"
                        f"<td>{old or '-'}</td><td>{new or '-'}</td></tr>")
        body.append("</tbody></table>")
    if d.unchanged:
        body.append(f"<p>{escape(in_lang(d.lang, 'ข้อที่ไม่เปลี่ยนแปลง: ', 'Clauses not changed: ') + ', '.join(d.unchanged))}</p>")
    body.append(f"<footer>{escape(d.old.footer)}<br>{escape(d.new.footer)}</footer>")
    body.append("</article>")
    return html_page(d.lang, _diff_title(d), body)


def render_diff(d: Diff, fmt: str) -> str:
    """The changes as ``md`` (Markdown) or HTML."""
    return diff_markdown(d) if fmt == "md" else diff_html(d)
